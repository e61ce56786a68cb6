/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* output_csv.c - CSV (RFC 4180, CRLF line ends) of one kind of object (one header, one kind of
 * row): a header naming the columns, then one line per object: the snapshot's time, then the
 * registry fields chosen (--columns, or the kind's CSV columns: new ones only ever go at the
 * end, so a reader by position still reads). */
#include "config.h"

#include <string.h>

#include "kind_posix.h"
#include "output_int.h"

static int segment_leak(const struct output_ctx *o, const struct snapshot *snap, const void *obj,
			unsigned *reasons)
{
	return output_segment_leak(o, snap, obj, reasons);
}

static int posix_leak(const struct output_ctx *o, const struct snapshot *snap, const void *obj,
		      unsigned *reasons)
{
	return output_posix_leak(o, snap, obj, reasons);
}

void output_csv(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		const uint32_t *rows, size_t nrows, unsigned long index)
{
	struct output_kind one = { &kind_shm, snap->segs.v, snap->segs.n, rows, nrows,
				   segment_leak, NULL, NULL, 0 };
	const struct output_kind *ok = &one;
	const struct kind *k;
	const uint8_t *cols;
	struct field_ctx c;
	int need_leak;
	size_t n;

	if (o->no_segments && o->posix) {
		one = (struct output_kind){ &kind_posix, o->posix->v, o->posix->n, o->posix_rows,
					    output_posix_nrows(o), posix_leak, NULL, NULL, 0 };
	} else if (o->no_segments) {
		if (!o->nkinds)
			return;
		ok = &o->kinds[0];
	}
	k = ok->kind;
	cols = o->columns ? o->columns : k->csv_columns;
	need_leak = ok->leak && output_columns_need_leak(k, cols);
	n = ok->rows ? ok->nrows : ok->nobjs;
	output_field_ctx(o, snap, &c);
	if (!index && !o->no_headings) {
		outbuf_puts(b, "time");
		for (size_t i = 0; cols[i] != FIELD_NONE; i++) {
			outbuf_putc(b, ',');
			outbuf_puts(b, k->fields[cols[i]].name);
		}
		outbuf_puts(b, "\r\n");
	}
	for (size_t r = 0; r < n; r++) {
		const void *obj = (const char *)ok->objs + (size_t)(ok->rows ? ok->rows[r] : r) * k->size;

		c.leak = 0;
		c.suspect = need_leak ? ok->leak(o, snap, obj, &c.leak) : 0;
		outbuf_i64(b, snap->time);
		for (size_t i = 0; cols[i] != FIELD_NONE; i++) {
			outbuf_putc(b, ',');
			field_csv(&k->fields[cols[i]], obj, &c, b);
		}
		outbuf_puts(b, "\r\n");
	}
}
