/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* hugetlb.h - which devices in /proc/PID/maps are hugetlbfs, and with what page size: a
 * SHM_HUGETLB segment's mapping sits on the kernel's internal hugetlbfs mount of its page size,
 * whose device a memfd of that page size shares. Nothing is created that anyone else can see. */
#ifndef SHMTOP_HUGETLB_H
#define SHMTOP_HUGETLB_H

#include <stddef.h>
#include <stdint.h>

#define HUGETLB_SIZES_MAX 8

struct hugetlb_devs {
	int probed;                       /* hugetlb_probe ran */
	size_t n;
	struct {
		uint64_t dev;             /* makedev(major, minor) of the internal mount */
		uint64_t page;            /* its page size in bytes */
	} v[HUGETLB_SIZES_MAX];
	uint64_t shmem_dev;               /* the kernel's internal tmpfs mount, of every other
					   * System V segment (and memfd) */
	int complete;                     /* shmem_dev and every page size's device are known: no
					   * other device can hold a System V segment */
};

/* The page sizes the kernel offers, from the names of dir's entries ("hugepages-2048kB", as in
 * /sys/kernel/mm/hugepages), ascending, into sizes (room for max). Returns how many. */
size_t hugetlb_sizes(const char *dir, uint64_t *sizes, size_t max);

/* Learn the device of each page size's internal hugetlbfs mount: for each size of
 * hugetlb_sizes(dir), an empty memfd_create(MFD_HUGETLB) of that size, fstat, close. Sizes the
 * kernel refuses are left out. The same for the internal tmpfs (a plain memfd), and whether
 * all of them are known (complete). Sets probed. */
void hugetlb_probe(struct hugetlb_devs *d, const char *dir);

/* Whether a mapping on dev may be a System V segment: dev is shmem_dev or a hugetlbfs of d, or d
 * is not complete. A "/SYSV..." file anywhere else is some process's own file, named so (a
 * process that pivot_roots into a tmpfs of its own can make one with any inode number). */
int hugetlb_sysv_dev(const struct hugetlb_devs *d, uint64_t dev);

/* The huge page size of files on dev, or 0 when dev is not a known hugetlbfs. */
uint64_t hugetlb_page_of(const struct hugetlb_devs *d, uint64_t dev);

#define HUGETLB_SYSFS "/sys/kernel/mm/hugepages"

/* Whether huge pages are in use now, of any size under dir (HUGETLB_SYSFS): some allocated
 * (nr_hugepages above free_hugepages, surplus pages included) or reserved (resv_hugepages, as a
 * SHM_HUGETLB segment reserves its pages when made). A pool that is merely set aside is not use.
 * Only then can a segment's /proc RSS be wrong, or a scan find a hugetlb segment to mark.
 * 1, 0, or -errno. */
int hugetlb_in_use(const char *dir);

#endif
