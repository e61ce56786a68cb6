/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* output.c - the batch writers' entry point and what they share: the format names, the leak
 * judgement every format reports, the POSIX rows. The formats are output_table.c, output_json.c,
 * output_csv.c and output_prom.c. Every string that comes from outside (user, group, process and
 * object names, the directory) goes through fmt_escape first. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "kind_posix.h"
#include "leak.h"
#include "output_int.h"

int output_format_parse(const char *name, enum output_format *fmt)
{
	if (strcmp(name, "table") == 0)
		*fmt = OUTPUT_TABLE;
	else if (strcmp(name, "json") == 0)
		*fmt = OUTPUT_JSON;
	else if (strcmp(name, "csv") == 0)
		*fmt = OUTPUT_CSV;
	else if (strcmp(name, "prometheus") == 0)
		*fmt = OUTPUT_PROMETHEUS;
	else
		return -EINVAL;
	return 0;
}

int output_needs_pids(enum output_format fmt, const struct kind *k, const uint8_t *cols)
{
	return fmt == OUTPUT_JSON || fmt == OUTPUT_CSV || fmt == OUTPUT_PROMETHEUS ||
	       (cols && output_columns_need_leak(k, cols));
}

int64_t output_now(const struct output_ctx *o, const struct snapshot *snap)
{
	return o->now ? o->now : snap->time;
}

/* What the leak hooks may know from the writers' context. */
static struct leak_ctx leak_ctx_of(const struct output_ctx *o, const struct snapshot *snap)
{
	struct leak_ctx c = { .now = output_now(o, snap), .stale_secs = o->stale_secs,
			      .pids = o->pids, .evidence = o->evidence, .posix = o->posix };

	return c;
}

int output_segment_leak(const struct output_ctx *o, const struct snapshot *snap,
			const struct shmseg *s, unsigned *reasons)
{
	struct leak_ctx c = leak_ctx_of(o, snap);
	unsigned r = kind_shm.leak(s, &c);

	if (reasons)
		*reasons = r;
	return leak_is_suspect(r);
}

/* fmt_escape of raw into stack (stacksize bytes) when it surely fits, else into a heap buffer
 * that the caller frees when it is not stack (a path of --shm-dir can be long; on ENOMEM the text
 * is cut short in stack instead). Sets *len. */
char *output_escape_any(const char *raw, char *stack, size_t stacksize, size_t *len)
{
	size_t need = strlen(raw) * 4 + 1;  /* each byte at worst \xNN */
	char *esc = stack;

	if (need > stacksize && (esc = malloc(need)) != NULL)
		stacksize = need;
	else
		esc = stack;
	*len = fmt_escape(esc, stacksize, raw);
	return esc;
}

size_t output_posix_mappers(const struct output_ctx *o, const struct posixobj *p,
			       size_t *first)
{
	*first = 0;
	return o->posix ? posix_find_mappers(o->posix, p->dev, p->ino, first) : 0;
}

int output_posix_leak(const struct output_ctx *o, const struct snapshot *snap,
		      const struct posixobj *p, unsigned *reasons)
{
	struct leak_ctx c = leak_ctx_of(o, snap);
	unsigned r = kind_posix.leak(p, &c);

	if (reasons)
		*reasons = r;
	return leak_is_suspect(r);
}

/* How many POSIX objects are written, and the i-th of them. */
size_t output_posix_nrows(const struct output_ctx *o)
{
	return o->posix_rows ? o->posix_nrows : o->posix->n;
}

const struct posixobj *output_posix_row(const struct output_ctx *o, size_t i)
{
	return &o->posix->v[o->posix_rows ? o->posix_rows[i] : i];
}

void output_field_ctx(const struct output_ctx *o, const struct snapshot *snap, struct field_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->names = o->names;
	c->pids = o->pids;
	c->attachers = o->attachers;
	c->posix = o->posix;
	c->sems = o->sems;
	c->psems = o->psems;
	c->now = output_now(o, snap);
	c->bytes = o->bytes;
	c->batch = 1;
	c->recorded = o->recorded;
	c->rctx = o->rctx;
	c->time_format = o->format == OUTPUT_TABLE ? o->time_format : FIELD_TIME_LOCAL;
}

int output_columns_need_leak(const struct kind *k, const uint8_t *cols)
{
	for (size_t i = 0; cols[i] != FIELD_NONE; i++)
		if (k->fields[cols[i]].writers & FW_LEAK)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ entry point */

void output_snapshot(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		     const uint32_t *rows, size_t nrows, unsigned long index)
{
	switch (o->format) {
	case OUTPUT_TABLE:
		output_table(b, o, snap, rows, nrows, index);
		break;
	case OUTPUT_JSON:
		output_json(b, o, snap, rows, nrows);
		break;
	case OUTPUT_CSV:
		output_csv(b, o, snap, rows, nrows, index);
		break;
	case OUTPUT_PROMETHEUS:
		output_prom(b, o, snap, rows, nrows);
		break;
	}
}
