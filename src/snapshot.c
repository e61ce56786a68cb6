/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* snapshot.c - ownership of a poll's segments and the totals computed from them. */
#include "config.h"

#include <string.h>

#include "snapshot.h"

void snapshot_init(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->limits = (struct shm_limits){ SHM_LIMIT_UNKNOWN, SHM_LIMIT_UNKNOWN, SHM_LIMIT_UNKNOWN,
					 SHM_LIMIT_UNKNOWN, SHM_LIMIT_UNKNOWN, SHM_LIMIT_UNKNOWN };
}

void snapshot_free(struct snapshot *s)
{
	shmseg_list_free(&s->segs);
	snapshot_init(s);
}

void snapshot_clear(struct snapshot *s)
{
	struct shmseg_list keep = s->segs;

	shmseg_list_clear(&keep);
	snapshot_init(s);
	s->segs = keep;
}

void snapshot_usage_compute(struct snapshot *s)
{
	struct shm_usage u = { 0 };
	int rss_known = 1;

	for (size_t i = 0; i < s->segs.n; i++) {
		const struct shmseg *g = &s->segs.v[i];

		u.segments++;
		if (__builtin_add_overflow(u.bytes, g->size, &u.bytes))
			u.bytes = UINT64_MAX; /* saturate: crafted /proc input, not a real machine */
		if (g->size > u.largest)
			u.largest = g->size;
		if (g->nattch)
			u.attached++;
		else
			u.unattached++;
		if (g->mode & SHMSEG_MODE_DEST)
			u.dest++;
		if (g->mode & SHMSEG_MODE_LOCKED)
			u.locked++;
		if (g->rss < 0 || g->swap < 0)
			rss_known = 0;
		else {
			if (__builtin_add_overflow(u.rss, g->rss, &u.rss))
				u.rss = INT64_MAX;
			if (__builtin_add_overflow(u.swap, g->swap, &u.swap))
				u.swap = INT64_MAX;
		}
	}
	if (!rss_known)
		u.rss = u.swap = -1;
	s->usage = u;
}

const char *snapshot_source_name(enum snapshot_source src)
{
	return src == SNAPSHOT_SHMCTL ? "shmctl" : src == SNAPSHOT_AUTO ? "auto" : "proc";
}

long snapshot_find(const struct snapshot *s, int32_t shmid)
{
	for (size_t i = 0; i < s->segs.n; i++)
		if (s->segs.v[i].shmid == shmid)
			return (long)i;
	return -1;
}
