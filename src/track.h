/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* track.h - mark-and-sweep tracking of one kind's objects across polls (as htop does for
 * processes): which rows are new, which fields changed, which objects vanished (kept briefly as
 * "gone" tombstones), tags, and a short history of the kind's use count (a segment's nattch). */
#ifndef SHMTOP_TRACK_H
#define SHMTOP_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "kind.h"

#define TRACK_HIGHLIGHT 3   /* refreshes a new row or a changed cell stays highlighted */
#define TRACK_GONE_KEEP 3   /* refreshes a vanished object stays as a "gone" row */
#define TRACK_HIST_MAX 32   /* use count changes remembered per object */

struct track_hist {
	int64_t time;
	uint64_t value;
};

struct track_row {
	uint64_t id;              /* the kind's key of the object */
	unsigned long born;       /* poll generation it first appeared in */
	unsigned long seen;       /* generation it was last present in */
	int64_t seen_time;        /* snapshot time of that generation */
	unsigned long gone;       /* generation it vanished in, 0 while present */
	unsigned long changed_at; /* generation of the last change */
	uint64_t changed;         /* the fields (bit i: the kind's field i) of that change */
	int tagged;
	struct track_hist *hist;  /* use count changes, allocated at the first change; ring */
	unsigned nhist, hist_start;
};

struct track {
	const struct kind *kind;
	struct track_row *rows;
	char *objs;               /* the rows' objects, kind->size bytes each, in row order: the
				   * latest values (the last seen, for a gone row) */
	size_t n, cap;
	unsigned long gen;        /* 1 after the first update */
	unsigned long use_gen;    /* last generation in which any object's use count changed, or
				   * an object appeared or vanished */
	uint32_t *index;          /* open-addressing hash: id -> row index + 1 */
	size_t index_cap;
};

void track_init(struct track *t, const struct kind *kind);
void track_free(struct track *t);

/* Merge a poll of n objects (the kind's structs, back to back) taken at `time`: update present
 * rows, add new ones, mark vanished ones gone and drop tombstones older than TRACK_GONE_KEEP.
 * Returns 0 or -ENOMEM. */
int track_update(struct track *t, const void *objs, size_t n, int64_t time);

/* Row index of a present or gone object with this id, or -1. */
long track_find(const struct track *t, uint64_t id);

/* The object of row r (of t). */
static inline void *track_obj(const struct track *t, const struct track_row *r)
{
	return t->objs + (size_t)(r - t->rows) * t->kind->size;
}

/* Highlight state for display at the current generation. */
int track_is_new(const struct track *t, const struct track_row *r);
int track_is_gone(const struct track_row *r);
/* Nonzero when any of the fields in mask (bit i: field i) changed in the last TRACK_HIGHLIGHT
 * polls. */
int track_changed(const struct track *t, const struct track_row *r, uint64_t mask);

/* The fields (bit i: field i of the kind) whose values differ between a and b. */
uint64_t track_diff(const struct kind *k, const void *a, const void *b);

/* The i-th oldest remembered use count change of r (i < r->nhist). */
const struct track_hist *track_hist_at(const struct track_row *r, unsigned i);

size_t track_tagged_count(const struct track *t);
void track_untag_all(struct track *t);

#endif
