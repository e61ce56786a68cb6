/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* attach.h - who is attached to which segment: a scan of every /proc/PID/maps for SysV mappings,
 * one record per mapping. About 40 us per process, so callers scan only when needed (detail view
 * open, the PROCESSES column shown, --attachers, a hex view or a removal being confirmed). */
#ifndef SHMTOP_ATTACH_H
#define SHMTOP_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "hugetlb.h"
#include "mappings.h"
#include "procinfo.h"
#include "shmseg.h"

/* One mapping of a segment in one process: one line of /proc/PID/maps, one VMA, which is what
 * the kernel's nattch counts (an attachment split in two by mprotect counts twice). */
struct attacher {
	int32_t shmid;
	int32_t pid;
	uint32_t uid;                    /* the process's owner (of /proc/PID) */
	uint64_t addr;                   /* start of the mapping */
	uint64_t length;                 /* bytes it maps */
	uint64_t offset;                 /* the offset in the segment that addr maps */
	uint64_t dev;                    /* the maps line's device, as makedev() encodes it */
	uint64_t huge_page;              /* the huge page size when dev is a hugetlbfs (a SHM_HUGETLB
					  * segment), else 0 */
	int64_t file_bytes;              /* bytes the segment's file holds (st_blocks * 512, the real
					  * RSS of a hugetlb segment), read through map_files for
					  * hugetlb mappings when permitted; -1 unknown */
	char access[5];                  /* this mapping's "r--s" or "rw-s" */
	uint8_t shmtop;                  /* the process is a shmtop (command name "shmtop", and, when
					  * scanned, an executable named so): its own brief
					  * attachments are not evidence of use */
	char comm[PROCINFO_COMM_MAX];    /* raw; escape before display */
};

struct attach_list {
	struct attacher *v;              /* sorted by shmid, then pid, then addr */
	size_t n, cap;
	size_t procs_scanned;            /* processes whose maps were read */
	size_t procs_unreadable;         /* processes whose maps could not be read (permissions) */
	struct hugetlb_devs huge;        /* which devices are hugetlbfs, probed on the first scan */
	struct mapping_list raw;         /* the last walk's maps lines (reused) */
};

void attach_list_init(struct attach_list *l);
void attach_list_free(struct attach_list *l);

/* Scan procroot/[0-9]*\/maps. With only >= 0, keep only mappings of that shmid.
 * Replaces l's contents (its array is reused). Only processes in the IPC namespace shmtop is
 * viewing count (a shmid names a segment only within one). Processes that exit during the scan
 * are skipped silently; maps that cannot be read (EACCES: another user's process) count in
 * procs_unreadable. uid is the owner of procroot/PID, comm comes from procroot/PID/stat ("" if it
 * exited meanwhile). Returns 0, or -errno (l emptied) when procroot itself cannot be read or
 * memory runs out. */
int attach_scan(const char *procroot, int32_t only, struct attach_list *l);

/* The mappings of shmid (binary search; l sorted): *first is an index into l->v and the return
 * value how many follow, 0 when none. */
size_t attach_find(const struct attach_list *l, int32_t shmid, size_t *first);

/* Of the n mappings at l->v[first], those of the process of l->v[i]: returns how many follow
 * from i (they are consecutive). */
size_t attach_pid_run(const struct attach_list *l, size_t i, size_t end);

/* What the attachers of shmid say about it: the mappings that are evidence of use (not a
 * shmtop's), the processes holding them, the shmtop mappings, and the hugetlb facts. */
struct attach_summary {
	uint64_t mappings;               /* mappings of non-shmtop processes */
	uint64_t procs;                  /* non-shmtop processes */
	uint64_t shmtop_mappings;        /* mappings of shmtop processes */
	uint64_t huge_page;              /* huge page size, 0 when no mapping says hugetlb */
	int64_t file_bytes;              /* as in struct attacher, -1 unknown */
};
void attach_summarize(const struct attach_list *l, int32_t shmid, struct attach_summary *s);

/* What the mappings tell about segs (n of them): for each one that any process maps, whether it
 * is a SHM_HUGETLB segment (huge_page: its page size, or 0), and for such a one its real RSS
 * (the file's blocks, where map_files could be read) in place of the kernel's, or unknown. */
void attach_apply(const struct attach_list *l, struct shmseg *segs, size_t n);

/* Add the mappings found in one process's maps text (buf, len bytes), appended unsorted; comm
 * may be NULL. Returns 0 or -ENOMEM. Exposed for tests. */
int attach_add_maps(struct attach_list *l, int32_t pid, uint32_t uid, const char *comm,
		    const char *buf, size_t len, int32_t only);
/* Sort by shmid, pid, addr (attach_scan does this). */
void attach_sort(struct attach_list *l);

#endif
