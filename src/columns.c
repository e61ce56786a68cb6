/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* columns.c - the dashboard's column layout: a greedy fit by priority. */
#include "config.h"

#include "columns.h"

int columns_shown(const struct field *f, const struct field_ctx *c)
{
	return !(f->writers & FW_ATTACHERS) || c->attachers;
}

size_t columns_layout(const struct kind *k, const uint8_t *cols, int width,
		      const struct field_ctx *c, uint8_t *out)
{
	unsigned char keep[FIELD_MAX] = { 0 };
	int used = 1; /* the marker column */
	size_t n = 0, ncols = kind_list_len(cols);

	/* strictly by priority: the first column that does not fit ends the layout, so a column
	 * is shown at every width from the one where it first fits (none comes and goes) */
	for (int p = 0; p < 256; p++) {
		for (size_t i = 0; i < ncols && i < FIELD_MAX; i++) {
			const struct field *f = &k->fields[cols[i]];
			int w;

			if (f->priority != p || !columns_shown(f, c))
				continue;
			w = field_width(f, c) + 1;
			if (used + w > width)
				goto done;
			keep[i] = 1;
			used += w;
		}
	}
done:
	for (size_t i = 0; i < ncols && i < FIELD_MAX; i++)
		if (keep[i])
			out[n++] = cols[i];
	return n;
}

void columns_widths(const struct kind *k, const uint8_t *ids, size_t n, int width,
		    const struct field_ctx *c, const int *want, int *widths)
{
	int used = 1, left;

	for (size_t i = 0; i < n; i++) {
		widths[i] = field_width(&k->fields[ids[i]], c);
		used += widths[i] + 1;
	}
	left = width - used;
	for (size_t i = 0; i < n && left > 0; i++) {
		int more = left;

		if (!(k->fields[ids[i]].writers & FW_FILL))
			continue;
		if (want && want[i] >= widths[i] && want[i] - widths[i] < more)
			more = want[i] - widths[i];
		widths[i] += more;
		left -= more;
	}
}
