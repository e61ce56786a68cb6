/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* model.h - one kind's table in the dashboard: its objects tracked across polls, the rows a
 * filter keeps in the order chosen, and a selection that follows an object (not a position)
 * across refreshes. Any kind, through its descriptor. No I/O. */
#ifndef SHMTOP_MODEL_H
#define SHMTOP_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "kind.h"
#include "names.h"
#include "track.h"

struct model {
	const struct kind *kind;
	struct track track;
	uint32_t *rows;             /* indexes into track.rows: filtered and sorted */
	size_t nrows, rows_cap;
	size_t nrows_present;       /* rows that are not "gone" tombstones */
	uint64_t sel_id;            /* the selected object's key ... */
	int sel_known;              /* ... when one was selected */
	long sel, top;              /* the selected row and the first on screen, -1/0 when none */
	uint8_t sort;               /* the field sorted by */
	int reverse;
	const uint8_t *columns;     /* the dashboard's columns, FIELD_NONE-ended: --columns or the
				     * kind's */
};

void model_init(struct model *m, const struct kind *k);
void model_free(struct model *m);

/* Forget every object seen (a replay that moves to another time: what is there then is not new,
 * and what comes later is not gone), keeping the sort and the object selected (sel_id). */
void model_forget(struct model *m);

/* Merge a poll of n objects (the kind's structs back to back) taken at time. Returns 0 or
 * -ENOMEM (the rows are then as they were). */
int model_update(struct model *m, const void *objs, size_t n, int64_t time);

/* Which rows keep(ctx, row) keeps, sorted by m->sort (names: user and group names for a sort by
 * them), the selection put back on the same object (or kept in range), and the rows on a
 * screen of height rows kept in view. Returns 0 or -ENOMEM. */
int model_rebuild(struct model *m, int (*keep)(void *ctx, const struct track_row *r), void *ctx,
		  struct names *names, int height);

/* The selected row, or NULL. */
struct track_row *model_selected(struct model *m);

/* The object of the i-th row shown (i < m->nrows). */
static inline void *model_obj(const struct model *m, size_t i)
{
	return track_obj(&m->track, &m->track.rows[m->rows[i]]);
}

/* Move the selection by delta rows (clamped), keeping it in view on a screen of height rows,
 * and remember the object selected. */
void model_move(struct model *m, long delta, int height);

/* A selection sel and first row top over n rows, sel moved by delta and clamped, then top moved
 * so sel is in view on height rows (a list with no rows: sel -1, top 0). For any list. */
void model_clamp(long *sel, long *top, long n, long delta, int height);

#endif
