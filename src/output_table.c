/* output_table.c - the batch table: a title line, then one aligned column per registry field
 * chosen (kind.h; --columns or the kind's defaults), rows written in place in the output buffer
 * with caches for what consecutive rows repeat; then the POSIX objects' section. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "leak.h"
#include "output_int.h"

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

/* s (n bytes) padded to width, right-aligned or not, then one space. */
static inline char *put_cell(char *p, const char *s, size_t n, size_t width, int right)
{
	size_t pad = n < width ? width - n : 0;

	if (right)
		p = put_pad(p, pad);
	memcpy(p, s, n);
	p += n;
	if (!right)
		p = put_pad(p, pad);
	*p++ = ' ';
	return p;
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

/* The leak reasons, or "-"; the last cell of a row. */
static char *put_leak(char *p, unsigned reasons)
{
	char buf[128];

	if (!reasons)
		return put_cell(p, "-", 1, 0, 0);
	return put_cell(p, buf, leak_format(reasons, buf, sizeof(buf)), 0, 0);
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
		nc->id = id;
	}
	return put_cell(p, nc->text, nc->len, width, 0);
}

/* The batch table aligns numbers right and text left, whatever the dashboard does. */
static int batch_right(const struct field *f)
{
	switch ((enum field_type)f->type) {
	case FIELD_INT: case FIELD_UINT: case FIELD_COUNT: case FIELD_SIZE: case FIELD_MEM:
	case FIELD_PID:
		return 1;
	default:
		return 0;
	}
}

/* One cell of field f for obj, width wide, then one space. */
static char *put_field(char *p, const struct field *f, const void *obj, struct field_ctx *c,
		       struct cell_cache *cc, size_t col, size_t width)
{
	const void *at = field_at(f, obj);
	char buf[512];
	int32_t i32;
	uint32_t u32;
	uint64_t u64;
	int64_t i64;

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
		if (width == FMT_TIME_LEN - 1)
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
		return put_cell(p, buf, 4, width, 0);
	default:
		break;
	}
	field_text(f, obj, c, buf, sizeof(buf));
	return put_cell(p, buf, strlen(buf), width, batch_right(f));
}

/* The segments' columns: --columns, or the table's own (RSS and SWAP only where asked for, LEAK
 * with --leaks). */
static size_t table_columns(const struct output_ctx *o, uint8_t *cols)
{
	const struct kind *k = &kind_shm;
	size_t n = 0;

	if (o->columns) {
		while (o->columns[n] != FIELD_NONE && n < FIELD_MAX)
			cols[n] = o->columns[n], n++;
	} else {
		for (size_t i = 0; k->table_columns[i] != FIELD_NONE; i++) {
			const struct field *f = &k->fields[k->table_columns[i]];

			if (o->no_mem_columns && f->type == FIELD_MEM)
				continue; /* RSS, SWAP: /proc only */
			cols[n++] = k->table_columns[i];
		}
		if (o->leaks)
			cols[n++] = (uint8_t)field_find(k, "leak", FW_TABLE);
	}
	cols[n] = FIELD_NONE;
	return n;
}

static void table_header(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			 size_t nrows, const uint8_t *cols, size_t ncols, const struct field_ctx *c)
{
	char when[FMT_TIME_LEN], size[16];
	size_t len = 0;
	char line[FIELD_MAX * 32], *p;

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
	p = line;
	for (size_t i = 0; i < ncols; i++) {
		const struct field *f = &kind_shm.fields[cols[i]];
		size_t w = (size_t)field_batch_width(f, c), tl = strlen(f->title);

		if ((size_t)(line + sizeof(line) - p) < w + tl + 2)
			break;
		p = put_cell(p, f->title, tl, w, batch_right(f));
	}
	len = (size_t)(p - line);
	while (len && line[len - 1] == ' ')
		len--;
	outbuf_put(b, line, len);
	outbuf_putc(b, '\n');
}

/* The most a row of these columns can take: each cell's widest text (a name escaped to four
 * times its length, a custom cell's buffer), its padding and a space, and the slack. */
static size_t row_room(const uint8_t *cols, size_t ncols, const struct field_ctx *c)
{
	size_t room = ROW_SLACK;

	for (size_t i = 0; i < ncols; i++) {
		const struct field *f = &kind_shm.fields[cols[i]];
		size_t text = f->type == FIELD_USER || f->type == FIELD_GROUP ? NAMES_MAX * 4 : 512;

		room += text + (size_t)field_batch_width(f, c) + 1;
	}
	return room;
}

static void table_row(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		      const struct shmseg *s, const uint8_t *cols, size_t ncols, size_t room,
		      struct field_ctx *c, int need_leak, struct cell_cache *cc)
{
	char *line = outbuf_room(b, room), *p = line;

	if (!line)
		return; /* out of memory or the sink failed: outbuf keeps the error */
	if (need_leak)
		c->suspect = output_segment_leak(o, snap, s, &c->leak);
	for (size_t i = 0; i < ncols; i++) {
		const struct field *f = &kind_shm.fields[cols[i]];

		p = put_field(p, f, s, c, cc, i, (size_t)field_batch_width(f, c));
	}
	row_end(b, line, p);
}

#define POSIX_NAME_WIDTH_MAX 48     /* longer names push the row's later columns right */
#define POSIX_DELETED " (deleted)"

/* The name cell: escaped, and marked when unlinked. Returns its length. */
static size_t posix_name_cell(const struct posixobj *p, char *buf, size_t size)
{
	size_t n = fmt_escape(buf, size - sizeof(POSIX_DELETED) + 1, p->name);

	if (p->deleted) {
		memcpy(buf + n, POSIX_DELETED, sizeof(POSIX_DELETED));
		n += sizeof(POSIX_DELETED) - 1;
	}
	return n;
}

/* The second section: "POSIX shared memory in DIR - N objects, SIZE", then NAME SIZE OWNER MODE
 * MTIME MAPPERS LEAK. Unknown values (a deleted object whose inode was out of reach) are "-". */
static void table_posix(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			struct cell_cache *tc)
{
	const struct posix_list *l = o->posix;
	size_t nrows = output_posix_nrows(o), width = 4, len;
	char name[POSIX_NAME_MAX * 4 + sizeof(POSIX_DELETED)], buf[NAMES_MAX * 4 + 1], *dir;
	/* the widest row: its name, an owner, the narrow cells and the leak reasons */
	const size_t room = sizeof(name) + sizeof(tc->owner.text) + 256 + ROW_SLACK;
	uint64_t bytes = 0;

	for (size_t i = 0; i < l->n; i++)
		bytes += l->v[i].stat_known ? l->v[i].size : 0;
	for (size_t i = 0; i < nrows; i++) {
		len = posix_name_cell(output_posix_row(o, i), name, sizeof(name));
		if (len > width)
			width = len < POSIX_NAME_WIDTH_MAX ? len : POSIX_NAME_WIDTH_MAX;
	}
	dir = output_escape_any(o->posix_dir ? o->posix_dir : "/dev/shm", name, sizeof(name), &len);
	outbuf_puts(b, "\nPOSIX shared memory in ");
	outbuf_put(b, dir, len);
	if (dir != name)
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
	outbuf_pad(b, "NAME", width, 0);
	outbuf_putc(b, ' ');
	outbuf_pad(b, "SIZE", o->bytes ? 12 : 6, 1);
	outbuf_puts(b, " OWNER      MODE MTIME               MAPPERS LEAK\n");

	for (size_t i = 0; i < nrows; i++) {
		const struct posixobj *p = output_posix_row(o, i);
		char *line = outbuf_room(b, room), *q = line;
		size_t first, nmap = output_posix_mappers(o, p, &first);
		unsigned reasons;

		if (!line)
			return; /* out of memory or the sink failed: outbuf keeps the error */
		q = put_cell(q, name, posix_name_cell(p, name, sizeof(name)), width, 0);
		if (p->stat_known) {
			q = put_size(q, o->bytes, &tc->posix_size, p->size, o->bytes ? 12 : 6);
			q = put_name(q, o->names, &tc->owner, p->uid, 0, 10);
			snprintf(buf, sizeof(buf), "%04o", (unsigned)(p->mode & 07777));
			q = put_cell(q, buf, 4, 4, 0);
			q = put_time(q, &tc->time, p->mtime);
		} else {
			q = put_cell(q, "-", 1, o->bytes ? 12 : 6, 1);
			q = put_cell(q, "-", 1, 10, 0);
			q = put_cell(q, "-", 1, 4, 0);
			q = put_cell(q, "-", 1, FMT_TIME_LEN - 1, 0);
		}
		q = put_num(q, nmap, 7);
		output_posix_leak(o, snap, p, &reasons);
		q = put_leak(q, reasons);
		row_end(b, line, q);
	}
}


void output_table(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		  const uint32_t *rows, size_t nrows, unsigned long index)
{
	struct cell_cache *cc = calloc(1, sizeof(*cc));
	uint8_t cols[FIELD_MAX + 1];
	size_t ncols = table_columns(o, cols);
	struct field_ctx c;
	size_t room;
	int need_leak;

	if (!cc) {
		if (!b->err)
			b->err = -ENOMEM;
		return;
	}
	output_field_ctx(o, snap, &c);
	need_leak = output_columns_need_leak(&kind_shm, cols);
	if (index)
		outbuf_putc(b, '\n');
	table_header(b, o, snap, nrows, cols, ncols, &c);
	room = row_room(cols, ncols, &c);
	for (size_t i = 0; i < nrows; i++)
		table_row(b, o, snap, &snap->segs.v[rows[i]], cols, ncols, room, &c, need_leak, cc);
	if (o->posix)
		table_posix(b, o, snap, cc);
	free(cc);
}
