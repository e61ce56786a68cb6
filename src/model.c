/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* model.c - one kind's table: tracked objects, filtered and sorted rows, a selection that
 * follows its object. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "table.h"

void model_init(struct model *m, const struct kind *k)
{
	memset(m, 0, sizeof(*m));
	m->kind = k;
	track_init(&m->track, k);
	m->sel = -1;
	m->sort = k->sort_default;
	m->columns = k->dash_columns;
}

void model_forget(struct model *m)
{
	track_free(&m->track);
	m->nrows = m->nrows_present = 0;
	m->sel = -1;
	m->top = 0;
}

void model_free(struct model *m)
{
	const struct kind *k = m->kind;

	track_free(&m->track);
	free(m->rows);
	model_init(m, k);
}

int model_update(struct model *m, const void *objs, size_t n, int64_t time)
{
	return track_update(&m->track, objs, n, time);
}

void model_clamp(long *sel, long *top, long n, long delta, int height)
{
	if (height < 1)
		height = 1;
	if (n <= 0) {
		*sel = -1;
		*top = 0;
		return;
	}
	*sel += delta;
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
	if (*sel < *top)
		*top = *sel;
	if (*sel >= *top + height)
		*top = *sel - height + 1;
	if (*top > n - height)
		*top = n - height;
	if (*top < 0)
		*top = 0;
}

static void keep_in_view(struct model *m, long delta, int height)
{
	model_clamp(&m->sel, &m->top, (long)m->nrows, delta, height);
}

static void remember(struct model *m)
{
	if (m->sel >= 0 && (size_t)m->sel < m->nrows) {
		m->sel_id = m->track.rows[m->rows[m->sel]].id;
		m->sel_known = 1;
	}
}

int model_rebuild(struct model *m, int (*keep)(void *ctx, const struct track_row *r), void *ctx,
		  struct names *names, int height)
{
	size_t n = 0, present = 0;

	if (m->track.n > m->rows_cap) {
		uint32_t *r = realloc(m->rows, m->track.n * sizeof(*r));

		if (!r)
			return -ENOMEM;
		m->rows = r;
		m->rows_cap = m->track.n;
	}
	for (size_t i = 0; i < m->track.n; i++) {
		const struct track_row *r = &m->track.rows[i];

		if (keep && !keep(ctx, r))
			continue;
		m->rows[n++] = (uint32_t)i;
		present += !track_is_gone(r);
	}
	m->nrows = n;
	m->nrows_present = present;
	table_sort(m->rows, n, m->kind, m->track.objs, m->sort, m->reverse, names);
	/* the selection stays on the same object */
	if (m->sel_known) {
		for (size_t i = 0; i < n; i++) {
			if (m->track.rows[m->rows[i]].id == m->sel_id) {
				m->sel = (long)i;
				break;
			}
		}
	}
	if (m->sel >= (long)n)
		m->sel = (long)n - 1;
	if (m->sel < 0 && n)
		m->sel = 0;
	remember(m);
	keep_in_view(m, 0, height);
	return 0;
}

struct track_row *model_selected(struct model *m)
{
	if (m->sel < 0 || (size_t)m->sel >= m->nrows)
		return NULL;
	return &m->track.rows[m->rows[m->sel]];
}

void model_move(struct model *m, long delta, int height)
{
	keep_in_view(m, delta, height);
	remember(m);
}
