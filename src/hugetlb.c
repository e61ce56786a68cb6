/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* hugetlb.c - the devices of the kernel's internal hugetlbfs mounts, learnt from empty memfds. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hugetlb.h"

#ifndef MFD_HUGETLB
#define MFD_HUGETLB 0x0004U
#endif
#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#endif
#define HUGE_SHIFT 26 /* MFD_HUGE_SHIFT: log2 of the page size goes in bits 26..31 */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

size_t hugetlb_sizes(const char *dir, uint64_t *sizes, size_t max)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (!d)
		return 0;
	while (n < max && (de = readdir(d)) != NULL) {
		const char *p = de->d_name;
		uint64_t kb = 0;

		if (strncmp(p, "hugepages-", 10) != 0)
			continue;
		for (p += 10; *p >= '0' && *p <= '9' && kb < (UINT64_MAX >> 14); p++)
			kb = kb * 10 + (uint64_t)(*p - '0');
		if (strcmp(p, "kB") != 0 || !kb || (kb & (kb - 1)))
			continue; /* not "NkB" with N a power of two */
		sizes[n++] = kb << 10;
	}
	closedir(d);
	qsort(sizes, n, sizeof(*sizes), cmp_u64);
	return n;
}

void hugetlb_probe(struct hugetlb_devs *d, const char *dir)
{
	uint64_t sizes[HUGETLB_SIZES_MAX];
	size_t n = hugetlb_sizes(dir, sizes, HUGETLB_SIZES_MAX);
	struct stat st;
	int fd;

	memset(d, 0, sizeof(*d));
	d->probed = 1;
	/* the plain segments' device; complete only where dir (no such dir: sizes unknown) and
	 * every size below are known too */
	fd = memfd_create("shmtop-shmem-probe", MFD_CLOEXEC);
	if (fd >= 0) {
		if (fstat(fd, &st) == 0 && access(dir, F_OK) == 0) {
			d->shmem_dev = (uint64_t)st.st_dev;
			d->complete = 1;
		}
		close(fd);
	}
	for (size_t i = 0; i < n; i++) {
		unsigned shift = (unsigned)__builtin_ctzll(sizes[i]);

		fd = memfd_create("shmtop-hugetlb-probe",
				  MFD_CLOEXEC | MFD_HUGETLB | (shift << HUGE_SHIFT));
		if (fd < 0) {
			d->complete = 0;
			continue; /* no hugetlbfs for this size, or memfd refused (seccomp) */
		}
		if (fstat(fd, &st) == 0) {
			d->v[d->n].dev = (uint64_t)st.st_dev;
			d->v[d->n].page = sizes[i];
			d->n++;
		} else {
			d->complete = 0;
		}
		close(fd);
	}
}

int hugetlb_sysv_dev(const struct hugetlb_devs *d, uint64_t dev)
{
	return !d->complete || dev == d->shmem_dev || hugetlb_page_of(d, dev) != 0;
}

uint64_t hugetlb_page_of(const struct hugetlb_devs *d, uint64_t dev)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].dev == dev)
			return d->v[i].page;
	return 0;
}

/* The number in dir/name, or -1. */
static long long read_count(const char *dir, const char *name)
{
	char path[4096];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

int hugetlb_in_use(const char *dir)
{
	struct dirent *de;
	int used = 0;
	DIR *d = opendir(dir);

	if (!d)
		return -errno;
	while (!used && (de = readdir(d)) != NULL) {
		char sub[4096];
		long long total, free, resv;

		if (strncmp(de->d_name, "hugepages-", 10) != 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		total = read_count(sub, "nr_hugepages");
		free = read_count(sub, "free_hugepages");
		resv = read_count(sub, "resv_hugepages");
		used = (total > 0 && free >= 0 && total > free) || resv > 0;
	}
	closedir(d);
	return used;
}
