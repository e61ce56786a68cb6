/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* snapshot.h - one poll's view of the system: every segment, the kernel's limits and the totals. */
#ifndef SHMTOP_SNAPSHOT_H
#define SHMTOP_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "shmseg.h"

enum snapshot_source {
	SNAPSHOT_PROC,    /* /proc/sysvipc/shm */
	SNAPSHOT_SHMCTL,  /* shmctl(SHM_INFO) + SHM_STAT_ANY */
	SNAPSHOT_AUTO,    /* a request only (--source=auto): options_parse resolves it */
};

#define SHM_LIMIT_UNKNOWN UINT64_MAX

/* Kernel limits; SHM_LIMIT_UNKNOWN where unknown. shmall is in pages, the rest in bytes or counts.
 * Unsigned: the default shmmax and shmall are close to 2^64. */
struct shm_limits {
	uint64_t shmmax, shmall, shmmni, shmmin, shm_rmid_forced, page_size;
};

/* Totals over all segments of the snapshot (not only those a filter shows). */
struct shm_usage {
	uint64_t segments, bytes, largest;
	uint64_t attached, unattached, dest, locked;
	int64_t rss, swap; /* bytes, -1 where the source does not report them */
};

struct snapshot {
	int64_t time;                  /* when it was taken, Unix seconds */
	int64_t time_ns;               /* the same to the nanosecond, taken before reading (0 when
					* unknown): what the removal re-check compares ctimes with */
	enum snapshot_source source;   /* what it was actually read from */
	struct shmseg_list segs;
	struct shm_limits limits;
	struct shm_usage usage;
	size_t malformed;              /* /proc lines that did not parse */
	size_t skipped;                /* shmctl indexes that vanished or were unreadable mid-scan */
};

void snapshot_init(struct snapshot *s);
void snapshot_free(struct snapshot *s);
/* Forget the segments but keep their memory, for the next poll. */
void snapshot_clear(struct snapshot *s);
/* Fill s->usage from s->segs. */
void snapshot_usage_compute(struct snapshot *s);
/* "proc", "shmctl" or "auto". */
const char *snapshot_source_name(enum snapshot_source src);
/* Index of the segment with this shmid, or -1. Linear; the model keeps its own index where it matters. */
long snapshot_find(const struct snapshot *s, int32_t shmid);

#endif
