/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* holders.h - the processes that hold IPC objects, for the processes table: one walk of every
 * /proc/PID/maps that counts, per process, the System V segments, POSIX objects (/dev/shm) and
 * memfds it maps and their size; then, for those processes only, their title, command line,
 * cgroup, namespaces and resident share of shared memory (Pss_Shmem of smaps_rollup). */
#ifndef SHMTOP_HOLDERS_H
#define SHMTOP_HOLDERS_H

#include <stddef.h>
#include <stdint.h>

#include "hugetlb.h"
#include "procinfo.h"

#define HOLDER_CMDLINE_MAX 256
#define HOLDER_CGROUP_MAX 192
#define HOLDERS_PSS_AGE 30

struct holder {
	int32_t pid;
	uint32_t uid;                      /* owner of /proc/PID */
	char name[PROCINFO_COMM_MAX];      /* its title, or its command name (raw) */
	char cmdline[HOLDER_CMDLINE_MAX];  /* arguments joined by spaces (raw), cut */
	char cgroup[HOLDER_CGROUP_MAX];    /* the cgroup v2 path ("0::" line), raw; "" unknown */
	uint64_t ipc_ns, mnt_ns;           /* namespace inodes, 0 unknown */
	uint64_t segs, posix, memfds;      /* distinct objects mapped of each kind */
	uint64_t bytes;                    /* their mapped sizes, each object once */
	int64_t pss_shmem;                 /* bytes (smaps_rollup Pss_Shmem), -1 unknown */
	int64_t start;                     /* start, seconds since boot: with pid, the identity
					    * under which the last walk's facts are reused */
	int64_t pss_time;                  /* when pss_shmem was read (CLOCK_MONOTONIC s) */
};

struct holder_list {
	struct holder *v;
	size_t n, cap;
	struct holder *prev;               /* the last walk's, to reuse what does not change */
	size_t prev_n, prev_cap;
	size_t procs_scanned, procs_unreadable;
	struct hugetlb_devs huge;          /* where segments and memfds live, probed once */
};

void holders_init(struct holder_list *l);
void holders_free(struct holder_list *l);

/* Count the objects of one process's maps text (buf, len bytes) into h (zeroed first): each
 * object once by device and inode, however many mappings it has. shm_dir: where POSIX objects
 * live ("/dev/shm"). A "/SYSV..." or "/memfd:..." mapping counts only on a device of huge
 * (hugetlb_sysv_dev: a file of a process's own, named so, is not a segment); NULL: on any.
 * Returns whether the process holds any. Pure. */
int holders_count_maps(const char *buf, size_t len, const char *shm_dir,
		       const struct hugetlb_devs *huge, struct holder *h);

/* Pss_Shmem of smaps_rollup text in bytes, or -1 when it has none. Pure. */
int64_t holders_pss_shmem(const char *text);

/* The cgroup v2 path of /proc/PID/cgroup text ("0::/system.slice/x.service") into out, or the
 * first line's path (v1). Pure. */
void holders_cgroup(const char *text, char *out, size_t size);

/* Walk procroot and list the processes that map IPC objects, replacing l's contents. ipc_ns:
 * keep only processes of that IPC namespace (0: all). A process of the last walk (same pid and
 * start) keeps its cgroup and Pss_Shmem from it for HOLDERS_PSS_AGE seconds (smaps_rollup
 * makes the kernel walk the process's page tables): its maps, stat, namespaces and command line
 * are read again. Returns 0 or -errno. */
int holders_scan(const char *procroot, uint64_t ipc_ns, struct holder_list *l);

#endif
