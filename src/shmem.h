/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* shmem.h - where /proc/meminfo's Shmem went: System V segments (resident; swapped beside it),
 * each tmpfs mount (every /dev/shm of every mount namespace: POSIX objects; /run, ...), memfds
 * (counted once per inode), and the remainder -- shared anonymous memory, other IPC namespaces'
 * segments, what nothing names -- shown, never hidden. Pure: the parsing and the arithmetic;
 * shmemscan.c reads the files. */
#ifndef SHMTOP_SHMEM_H
#define SHMTOP_SHMEM_H

#include <stddef.h>
#include <stdint.h>

#define SHMEM_NEAR_PERCENT 80   /* a /dev/shm this full is warned about */

/* One tmpfs filesystem (mounted once or more: counted once, by its device). */
struct shmem_mount {
	char point[512];        /* where, as the processes of its mount namespace see it (raw) */
	unsigned major, minor;  /* its device */
	uint64_t mnt_ns;        /* the inode of a mount namespace it is mounted in */
	int32_t pid;            /* a process of that namespace (0: shmtop's own) */
	char comm[16];          /* its command name (raw) */
	uint64_t size;          /* bytes it may hold (statfs); 0: no limit known */
	uint64_t used;          /* bytes its files use (statfs) */
	int known;              /* size and used were read */
	int dev_shm;            /* mounted at /dev/shm: POSIX shared memory */
};

struct shmem_report {
	uint64_t shmem;         /* /proc/meminfo Shmem, bytes */
	int have_shmem;
	uint64_t sysv_rss, sysv_swap; /* the segments of the IPC namespace viewed (not hugetlb) */
	size_t sysv_n;
	int have_sysv;          /* rss was read (/proc/sysvipc/shm) */
	struct shmem_mount *mounts;
	size_t nmounts, mounts_cap;
	uint64_t memfd_bytes;   /* allocated (st_blocks) of each memfd inode once */
	size_t memfd_n;
	size_t procs, procs_unreadable; /* processes looked at, and those whose fds or mounts
					 * could not be read (another user's without privilege) */
	int64_t remainder;      /* shmem minus every part above: may be negative (tmpfs counts
				 * its swapped pages, Shmem does not) */
};

/* Shmem of /proc/meminfo's text in *bytes: 0, or -ENOENT when there is no Shmem line. */
int shmem_meminfo_parse(const char *text, uint64_t *bytes);

struct shmseg;
/* The System V part from the n segments of a poll: the resident and swapped bytes of those that
 * are not hugetlb (their pages are not Shmem); rss unknown (a shmctl poll): have_sysv 0. */
void shmem_add_segments(struct shmem_report *r, const struct shmseg *v, size_t n);

/* Whether a /proc/PID/fd link's target names a memfd ("/memfd:NAME (deleted)": a memfd is
 * never linked in a directory, so a file named /memfd:x is not one). */
int shmem_is_memfd(const char *target);

/* Whether the mount's tmpfs is at least SHMEM_NEAR_PERCENT full (of a known size). */
int shmem_near_full(const struct shmem_mount *m);

/* The tmpfs of device major:minor in r, or NULL. */
struct shmem_mount *shmem_find_mount(struct shmem_report *r, unsigned major, unsigned minor);
/* A new zeroed mount at the end of r: NULL on -ENOMEM. */
struct shmem_mount *shmem_add_mount(struct shmem_report *r);

/* The sum of the known tmpfs mounts' use, and the remainder (r->remainder). */
uint64_t shmem_tmpfs_used(const struct shmem_report *r);
void shmem_compute(struct shmem_report *r);

/* One line of the breakdown as the screen and the batch table show it: text already escaped. */
struct shmem_row {
	int level;              /* 0 the total, 1 a part, 2 a note */
	char label[600];        /* "tmpfs /dev/shm" */
	int has_bytes;
	int64_t bytes;          /* may be negative (the remainder) */
	char note[600];         /* "of 64M (94%); mnt ns 4026532301, pid 1234 (postgres)" */
	int warn;               /* nearly full, or something could not be read */
};

/* The rows of the breakdown of r (after shmem_compute) into out (room for max): how many there
 * would be (more than max: the rest left out). ipc_ns names the IPC namespace of the segments
 * (0: unknown). Mounts in order of use, largest first. */
size_t shmem_rows(const struct shmem_report *r, uint64_t ipc_ns, struct shmem_row *out,
		  size_t max);

void shmem_report_init(struct shmem_report *r);
/* Empty r for the next scan, keeping its memory. */
void shmem_report_clear(struct shmem_report *r);
void shmem_report_free(struct shmem_report *r);

/* A set of (device, inode) pairs: each memfd counted once however many fds and processes
 * hold it. */
struct shmem_inode {
	uint64_t dev, ino;
};
struct shmem_inodes {
	struct shmem_inode *v;  /* open addressing; cap a power of two */
	size_t n, cap;
};
/* Add (dev, ino): 1 when it is new, 0 when it was there, -ENOMEM. */
int shmem_inodes_add(struct shmem_inodes *s, uint64_t dev, uint64_t ino);
void shmem_inodes_clear(struct shmem_inodes *s);
void shmem_inodes_free(struct shmem_inodes *s);

#endif
