/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* output_table.c - the batch table: a title line, then one aligned column per registry field
 * chosen (kind.h; --columns or the kind's defaults), rows written in place in the output buffer
 * with caches for what consecutive rows repeat; then the POSIX objects' section. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "kind_posix.h"
#include "leak.h"
#include "output_int.h"
#include "shmem.h"

/* A table row is assembled in one stack buffer and appended once. */
struct row {
	char *p, *end;
};

static inline void row_put(struct row *r, const char *s, size_t n)
{
	if (n > (size_t)(r->end - r->p))
		n = (size_t)(r->end - r->p);
	memcpy(r->p, s, n);
	r->p += n;
}

/* The last human size of one column: consecutive rows often repeat it (one-page segments,
 * rss 0, swap 0). */
struct size_cell {
	uint64_t v;
	size_t len;               /* 0: nothing cached yet */
	char text[16];
};

/* A segment row is written in place in the output buffer, which has room for the widest row
 * plus ROW_SLACK: cells are stored with fixed-size copies (a run of spaces, a block of digits)
 * and the pointer moves by what counts. These rows are most of what `shmtop -b` does in user
 * space, tens of thousands of them per snapshot. */
#define ROW_SLACK 32

static const char row_spaces[ROW_SLACK + 1] = "                                ";

/* n spaces; the room must have ROW_SLACK bytes past them. */
static inline char *put_pad(char *p, size_t n)
{
	for (; n > ROW_SLACK; n -= ROW_SLACK, p += ROW_SLACK) /* only POSIX names are that wide */
		memcpy(p, row_spaces, ROW_SLACK);
	memcpy(p, row_spaces, ROW_SLACK);
	return p + n;
}

/* s (n bytes, cols columns on a terminal) padded to width, right-aligned or not, then a space. */
static inline char *put_cell_cols(char *p, const char *s, size_t n, size_t cols, size_t width,
				  int right)
{
	size_t pad = cols < width ? width - cols : 0;

	if (right)
		p = put_pad(p, pad);
	memcpy(p, s, n);
	p += n;
	if (!right)
		p = put_pad(p, pad);
	*p++ = ' ';
	return p;
}

/* Escaped text (names, command lines) padded by the columns it takes, not its bytes. */
static inline char *put_text(char *p, const char *s, size_t n, size_t width, int right)
{
	return put_cell_cols(p, s, n, fmt_width(s, n), width, right);
}

/* s (n bytes, as many columns) padded to width, right-aligned or not, then one space. */
static inline char *put_cell(char *p, const char *s, size_t n, size_t width, int right)
{
	return put_cell_cols(p, s, n, n, width, right);
}

/* v right-aligned in width, then one space. */
static inline char *put_num(char *p, uint64_t v, size_t width)
{
	char tmp[2 * 24], *end = tmp + 24, *q = end;
	size_t n;

	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	n = (size_t)(end - q);
	p = put_pad(p, n < width ? width - n : 0);
	memcpy(p, q, 24); /* the digits and what follows them in tmp: only n bytes count */
	p += n;
	*p++ = ' ';
	return p;
}

static inline char *put_time(char *p, struct fmt_timecache *c, int64_t t)
{
	const char *prefix = fmt_timecache_prefix(c, t);
	char buf[FMT_TIME_LEN];
	int sec = (int)(t % 60);

	if (!prefix) { /* "-", or a zone fmt_timecache cannot serve */
		fmt_time_abs(buf, sizeof(buf), t);
		return put_cell(p, buf, strlen(buf), FMT_TIME_LEN - 1, 0);
	}
	memcpy(p, prefix, FMT_TIME_PREFIX_LEN);
	p[FMT_TIME_PREFIX_LEN] = (char)('0' + sec / 10);
	p[FMT_TIME_PREFIX_LEN + 1] = (char)('0' + sec % 10);
	p[FMT_TIME_PREFIX_LEN + 2] = ' ';
	return p + FMT_TIME_LEN;
}

/* A size, rss or swap cell: bytes with --bytes, else human (fmt_size, through the cell's cache). */
static char *put_size(char *p, int bytes, struct size_cell *c, uint64_t v, size_t width)
{
	if (bytes)
		return put_num(p, v, width);
	if (!c->len || c->v != v) {
		fmt_size(c->text, sizeof(c->text), v);
		c->len = strlen(c->text);
		c->v = v;
	}
	return put_cell(p, c->text, c->len, width, 1);
}

/* rss or swap: "-" when unknown. */
static char *put_mem(char *p, int bytes, struct size_cell *c, int64_t v, size_t width)
{
	if (v < 0)
		return put_cell(p, "-", 1, width, 1);
	return put_size(p, bytes, c, (uint64_t)v, width);
}

/* Close a row built at line and ending at p: trim the last cell's space (and its padding when
 * it is left-aligned), end the line, keep it. */
static void row_end(struct outbuf *b, char *line, char *p)
{
	while (p > line && p[-1] == ' ')
		p--;
	*p++ = '\n';
	outbuf_commit(b, (size_t)(p - line));
}

/* The escaped name of the last user (or group) a column showed: consecutive rows often share
 * it. */
struct name_cell {
	uint32_t id;
	size_t len;               /* 0: nothing cached yet */
	size_t cols;              /* the columns it takes (fmt_width) */
	char text[NAMES_MAX * 4 + 1];
};

/* What consecutive rows share: the time cache, the last names and sizes of each column. */
struct cell_cache {
	struct fmt_timecache time;
	struct name_cell owner;                 /* POSIX section */
	struct size_cell posix_size;
	struct name_cell name[FIELD_MAX];       /* by column */
	struct size_cell size[FIELD_MAX];
};

/* A user or group name cell, through the column's cache. */
static char *put_name(char *p, struct names *names, struct name_cell *nc, uint32_t id, int group,
		      size_t width)
{
	if (id != nc->id || !nc->len) {
		nc->len = fmt_escape(nc->text, sizeof(nc->text),
				     group ? names_group(names, id) : names_user(names, id));
		nc->cols = fmt_width(nc->text, nc->len);
		nc->id = id;
	}
	return put_cell_cols(p, nc->text, nc->len, nc->cols, width, 0);
}

/* The batch table aligns numbers right and text left, whatever the dashboard does. */
static int batch_right(const struct field *f)
{
	switch ((enum field_type)f->type) {
	case FIELD_INT: case FIELD_UINT: case FIELD_COUNT: case FIELD_SIZE: case FIELD_MEM:
	case FIELD_PID:
		return 1;
	case FIELD_CUSTOM:
		return f->right;
	default:
		return 0;
	}
}

/* One cell of field f for obj, width wide, then one space. */
static char *put_field(char *p, const struct field *f, const void *obj, struct field_ctx *c,
		       struct cell_cache *cc, size_t col, size_t width)
{
	const void *at = field_at(f, obj);
	char buf[1536];
	int32_t i32;
	uint32_t u32;
	uint64_t u64;
	int64_t i64;

	if (f->known && !f->known(obj))
		return put_cell(p, "-", 1, width, batch_right(f));
	switch ((enum field_type)f->type) {
	case FIELD_INT:
	case FIELD_PID:
		memcpy(&i32, at, sizeof(i32));
		if (i32 >= 0)
			return put_num(p, (uint64_t)i32, width);
		break;
	case FIELD_UINT:
		memcpy(&u32, at, sizeof(u32));
		return put_num(p, u32, width);
	case FIELD_COUNT:
		memcpy(&u64, at, sizeof(u64));
		return put_num(p, u64, width);
	case FIELD_SIZE:
		memcpy(&u64, at, sizeof(u64));
		return put_size(p, c->bytes, &cc->size[col], u64, width);
	case FIELD_MEM:
		memcpy(&i64, at, sizeof(i64));
		return put_mem(p, c->bytes, &cc->size[col], i64, width);
	case FIELD_TIME:
		memcpy(&i64, at, sizeof(i64));
		if (width == FMT_TIME_LEN - 1 && c->time_format == FIELD_TIME_LOCAL)
			return put_time(p, &cc->time, i64);
		break;
	case FIELD_USER:
	case FIELD_GROUP:
		memcpy(&u32, at, sizeof(u32));
		return put_name(p, c->names, &cc->name[col], u32, f->type == FIELD_GROUP, width);
	case FIELD_KEY:
		memcpy(&i32, at, sizeof(i32));
		fmt_key(buf, i32);
		return put_cell(p, buf, FMT_KEY_LEN - 1, width, 0);
	case FIELD_PERMS:
		memcpy(&u32, at, sizeof(u32));
		fmt_perms_octal(buf, u32);
		/* the setuid, setgid and sticky bits where the field shows them (field_text's form) */
		buf[0] = (char)('0' + ((u32 & (f->bit ? f->bit : 0777u)) >> 9 & 7));
		return put_cell(p, buf, 4, width, 0);
	default:
		break;
	}
	field_text(f, obj, c, buf, sizeof(buf));
	return put_text(p, buf, strlen(buf), width, batch_right(f));
}

/* A section's columns: --columns for the first kind written, or the kind's own for the table
 * (for segments: RSS and SWAP only where asked for); LEAK with --leaks where the kind has it. */
static size_t table_columns(const struct output_ctx *o, const struct kind *k, int first,
			    uint8_t *cols)
{
	size_t n = 0;
	int leak;

	if (first && o->columns) {
		while (o->columns[n] != FIELD_NONE && n < FIELD_MAX)
			cols[n] = o->columns[n], n++;
		cols[n] = FIELD_NONE;
		return n;
	}
	for (size_t i = 0; k->table_columns[i] != FIELD_NONE; i++) {
		const struct field *f = &k->fields[k->table_columns[i]];

		if (k == &kind_shm && o->no_mem_columns && f->type == FIELD_MEM)
			continue; /* RSS, SWAP: /proc only */
		cols[n++] = k->table_columns[i];
	}
	leak = field_find(k, "leak", FW_TABLE);
	if (o->leaks && leak >= 0 && !memchr(cols, leak, n))
		cols[n++] = (uint8_t)leak;
	/* --leaks with a history database: who made each suspect, as recorded */
	leak = field_find(k, "creator_recorded", FW_TABLE);
	if (o->leaks && o->recorded && leak >= 0 && !memchr(cols, leak, n))
		cols[n++] = (uint8_t)leak;
	cols[n] = FIELD_NONE;
	return n;
}

/* The segments' title line. */
static void table_title(struct outbuf *b, const struct snapshot *snap, size_t nrows)
{
	char when[FMT_TIME_LEN], size[16];

	fmt_time_abs(when, sizeof(when), snap->time);
	fmt_size(size, sizeof(size), snap->usage.bytes);
	outbuf_puts(b, "shmtop - ");
	outbuf_puts(b, when);
	outbuf_puts(b, " - ");
	outbuf_u64(b, snap->usage.segments);
	outbuf_puts(b, snap->usage.segments == 1 ? " segment, " : " segments, ");
	outbuf_puts(b, size);
	if (nrows != snap->segs.n) {
		outbuf_puts(b, ", ");
		outbuf_u64(b, nrows);
		outbuf_puts(b, " shown");
	}
	outbuf_puts(b, ", source ");
	outbuf_puts(b, snapshot_source_name(snap->source));
	outbuf_putc(b, '\n');
}

/* The column titles of a section, aligned as its cells will be; widths[] may widen a column. */
static void table_header(struct outbuf *b, const struct kind *k, const uint8_t *cols, size_t ncols,
			 const size_t *widths)
{
	char line[FIELD_MAX * 64], *p = line;
	size_t len;

	for (size_t i = 0; i < ncols; i++) {
		const struct field *f = &k->fields[cols[i]];
		const char *title = f->btitle ? f->btitle : f->title;
		size_t tl = strlen(title);

		if ((size_t)(line + sizeof(line) - p) < widths[i] + tl + ROW_SLACK + 2)
			break;
		p = put_cell(p, title, tl, widths[i], batch_right(f));
	}
	len = (size_t)(p - line);
	while (len && line[len - 1] == ' ')
		len--;
	outbuf_put(b, line, len);
	outbuf_putc(b, '\n');
}

/* The most a row of these columns can take: each cell's widest text (a name escaped to four
 * times its length, a custom cell's buffer), its padding and a space, and the slack. */
static size_t row_room(const struct kind *k, const uint8_t *cols, size_t ncols,
		       const size_t *widths)
{
	size_t room = ROW_SLACK;

	for (size_t i = 0; i < ncols; i++) {
		const struct field *f = &k->fields[cols[i]];
		size_t text = f->type == FIELD_USER || f->type == FIELD_GROUP ? NAMES_MAX * 4 : 1536;

		room += text + widths[i] + 1 + ROW_SLACK;
	}
	return room;
}

/* One kind's rows: objs[rows[i]], each leak judged by leak where a column needs it. */
struct section {
	const struct kind *kind;
	const void *objs;
	const uint32_t *rows;       /* NULL: all */
	size_t nrows;
	int (*leak)(const struct output_ctx *o, const struct snapshot *snap, const void *obj,
		    unsigned *reasons);
	int first;                  /* the first section: --columns applies */
};

static const void *section_obj(const struct section *sec, size_t i)
{
	return (const char *)sec->objs + (size_t)(sec->rows ? sec->rows[i] : i) * sec->kind->size;
}

/* The columns' widths: the batch width, or for a text column without one (POSIX names) the
 * widest cell, at least the title, at most its bwidth cap. */
static void section_widths(const struct section *sec, const uint8_t *cols, size_t ncols,
			   struct field_ctx *c, size_t *widths)
{
	for (size_t i = 0; i < ncols; i++) {
		const struct field *f = &sec->kind->fields[cols[i]];

		widths[i] = (size_t)field_batch_width(f, c);
		if (f->writers & FW_FILL) {
			size_t w = strlen(f->title);
			char buf[1536];

			for (size_t r = 0; r < sec->nrows; r++) {
				size_t n = (field_text(f, section_obj(sec, r), c, buf, sizeof(buf)),
					    fmt_width(buf, strlen(buf)));

				if (n > w)
					w = n < f->bwidth ? n : f->bwidth;
			}
			widths[i] = w;
		}
	}
}

static void section_write(struct outbuf *b, const struct output_ctx *o,
			  const struct snapshot *snap, const struct section *sec,
			  struct cell_cache *cc, void (*title)(struct outbuf *b, void *arg), void *arg)
{
	uint8_t cols[FIELD_MAX + 1];
	size_t ncols = table_columns(o, sec->kind, sec->first, cols), widths[FIELD_MAX], room;
	struct field_ctx c;
	int need_leak;

	output_field_ctx(o, snap, &c);
	need_leak = sec->leak && output_columns_need_leak(sec->kind, cols);
	section_widths(sec, cols, ncols, &c, widths);
	if (!o->no_headings) {
		title(b, arg);
		table_header(b, sec->kind, cols, ncols, widths);
	}
	room = row_room(sec->kind, cols, ncols, widths);
	memset(cc, 0, sizeof(*cc));
	for (size_t r = 0; r < sec->nrows; r++) {
		const void *obj = section_obj(sec, r);
		char *line = outbuf_room(b, room), *p = line;

		if (!line)
			return; /* out of memory or the sink failed: outbuf keeps the error */
		c.leak = 0;
		c.suspect = 0;
		if (need_leak)
			c.suspect = sec->leak(o, snap, obj, &c.leak);
		for (size_t i = 0; i < ncols; i++)
			p = put_field(p, &sec->kind->fields[cols[i]], obj, &c, cc, i, widths[i]);
		row_end(b, line, p);
	}
}

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

struct seg_title {
	const struct snapshot *snap;
	size_t nrows;
};

static void seg_title(struct outbuf *b, void *arg)
{
	const struct seg_title *t = arg;

	table_title(b, t->snap, t->nrows);
}

static void text_title(struct outbuf *b, void *arg)
{
	outbuf_putc(b, '\n');
	outbuf_puts(b, arg);
	outbuf_putc(b, '\n');
}

/* The POSIX section's title: "POSIX shared memory in DIR - N objects, SIZE", how many are shown
 * and how many processes' maps could not be read. */
static void posix_title(struct outbuf *b, void *arg)
{
	const struct output_ctx *o = arg;
	const struct posix_list *l = o->posix;
	size_t nrows = output_posix_nrows(o), len;
	char stack[1024], buf[32], *dir;
	uint64_t bytes = posix_list_bytes(l);

	dir = output_escape_any(o->posix_dir ? o->posix_dir : "/dev/shm", stack, sizeof(stack), &len);
	outbuf_puts(b, "\nPOSIX shared memory in ");
	outbuf_put(b, dir, len);
	if (dir != stack)
		free(dir);
	outbuf_puts(b, " - ");
	outbuf_u64(b, l->n);
	outbuf_puts(b, l->n == 1 ? " object, " : " objects, ");
	fmt_size(buf, sizeof(buf), bytes);
	outbuf_puts(b, buf);
	if (nrows != l->n) {
		outbuf_puts(b, ", ");
		outbuf_u64(b, nrows);
		outbuf_puts(b, " shown");
	}
	if (l->procs_unreadable) {
		outbuf_puts(b, ", maps of ");
		outbuf_u64(b, l->procs_unreadable);
		outbuf_puts(b, l->procs_unreadable == 1 ? " process unreadable" :
			    " processes unreadable");
	}
	outbuf_putc(b, '\n');
}

/* A signed size as the table writes sizes: human, or bytes with --bytes. */
static void signed_size(char *buf, size_t size, int64_t v, int bytes)
{
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char t[24];

	if (bytes)
		snprintf(t, sizeof(t), "%llu", (unsigned long long)mag);
	else
		fmt_size(t, sizeof(t), mag);
	snprintf(buf, size, "%s%s", v < 0 ? "-" : "", t);
}

/* --shmem: where Shmem went, one line a part, the notes after the bytes. */
static void shmem_section(struct outbuf *b, const struct output_ctx *o)
{
	struct shmem_row *rows;
	size_t n = shmem_rows(o->shmem, o->ipc_ns, NULL, 0), lw = 4;
	char num[48];

	rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows) {
		if (!b->err)
			b->err = -ENOMEM;
		return;
	}
	shmem_rows(o->shmem, o->ipc_ns, rows, n);
	for (size_t i = 0; i < n; i++)
		if (rows[i].level < 2 && strlen(rows[i].label) + 2 * (size_t)rows[i].level > lw)
			lw = strlen(rows[i].label) + 2 * (size_t)rows[i].level;
	if (lw > 48)
		lw = 48;
	if (!o->no_headings) {
		outbuf_puts(b, "\nWhere the Shmem went\n");
		outbuf_puts(b, "PART");
		for (size_t k = 4; k < lw; k++)
			outbuf_putc(b, ' ');
		outbuf_puts(b, o->bytes ? "                BYTES  NOTE\n" : "     SIZE  NOTE\n");
	}
	for (size_t i = 0; i < n; i++) {
		const struct shmem_row *r = &rows[i];
		size_t len = strlen(r->label) + 2 * (size_t)r->level, w = o->bytes ? 21 : 9;

		if (r->level == 2) { /* a note of its own */
			outbuf_puts(b, r->label);
			outbuf_putc(b, '\n');
			continue;
		}
		for (int k = 0; k < r->level; k++)
			outbuf_puts(b, "  ");
		outbuf_puts(b, r->label);
		for (size_t k = len; k < lw; k++)
			outbuf_putc(b, ' ');
		if (r->has_bytes)
			signed_size(num, sizeof(num), r->bytes, o->bytes);
		else
			snprintf(num, sizeof(num), "-");
		for (size_t k = strlen(num); k < w; k++)
			outbuf_putc(b, ' ');
		outbuf_puts(b, num);
		if (r->note[0]) {
			outbuf_puts(b, "  ");
			outbuf_puts(b, r->note);
		}
		outbuf_putc(b, '\n');
	}
	free(rows);
}

void output_table(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		  const uint32_t *rows, size_t nrows, unsigned long index)
{
	struct cell_cache *cc = calloc(1, sizeof(*cc));
	struct seg_title st = { snap, nrows };
	int first = 1;

	if (!cc) {
		if (!b->err)
			b->err = -ENOMEM;
		return;
	}
	if (index && !o->no_headings)
		outbuf_putc(b, '\n');
	if (!o->no_segments) {
		struct section sec = { &kind_shm, snap->segs.v, rows, nrows, segment_leak, 1 };

		section_write(b, o, snap, &sec, cc, seg_title, &st);
		first = 0;
	} else if (!o->no_headings) {
		char when[FMT_TIME_LEN];

		fmt_time_abs(when, sizeof(when), snap->time);
		outbuf_puts(b, "shmtop - ");
		outbuf_puts(b, when);
		outbuf_putc(b, '\n');
	}
	if (o->posix) {
		struct section sec = { &kind_posix, o->posix->v, o->posix_rows,
				       output_posix_nrows(o), posix_leak, first };

		section_write(b, o, snap, &sec, cc, posix_title, (void *)o);
		first = 0;
	}
	for (size_t k = 0; k < o->nkinds; k++) {
		const struct output_kind *ok = &o->kinds[k];
		struct section sec = { ok->kind, ok->objs, ok->rows, ok->rows ? ok->nrows : ok->nobjs,
				       ok->leak, first };

		section_write(b, o, snap, &sec, cc, text_title, (void *)ok->title);
		first = 0;
	}
	if (o->shmem)
		shmem_section(b, o);
	free(cc);
}
