/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* table.c - filter and sort a kind's objects into a list of row indexes. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "table.h"

int table_sort_parse(const struct kind *k, const char *name, uint8_t *field)
{
	/* -s uid always meant the owner, by name */
	int i = field_find(k, strcasecmp(name, "uid") == 0 ? "user" : name, 0);

	if (i < 0)
		return -EINVAL;
	for (size_t j = 0; k->sort_columns[j] != FIELD_NONE; j++) {
		if (k->sort_columns[j] == i) {
			*field = (uint8_t)i;
			return 0;
		}
	}
	return -EINVAL;
}

size_t table_sort_pos(const struct kind *k, uint8_t field)
{
	for (size_t i = 0; k->sort_columns[i] != FIELD_NONE; i++)
		if (k->sort_columns[i] == field)
			return i;
	return 0;
}

uint8_t table_sort_step(const struct kind *k, uint8_t field, long n)
{
	long len = (long)kind_list_len(k->sort_columns);
	long at = ((long)table_sort_pos(k, field) + n % len + len) % len;

	return k->sort_columns[at];
}

int table_filter_match(const struct table_filter *f, const struct shmseg *s)
{
	if (f && f->by_uid && s->uid != f->uid)
		return 0;
	return 1;
}

struct sort_ctx {
	const struct kind *k;
	const char *base;
	const struct field *f;
	int reverse;
	struct names *names;
};

static const void *obj_at(const struct sort_ctx *c, uint32_t i)
{
	return c->base + (size_t)i * c->k->size;
}

static int row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *c = arg;
	const void *a = obj_at(c, *(const uint32_t *)pa), *b = obj_at(c, *(const uint32_t *)pb);
	int r = field_cmp(c->f, a, b, c->names);

	if (r == 0) {
		uint64_t x = c->k->key(a), y = c->k->key(b);

		r = x < y ? -1 : x > y;
	}
	return c->reverse ? -r : r;
}

void table_sort(uint32_t *rows, size_t n, const struct kind *k, const void *base, uint8_t field,
		int reverse, struct names *names)
{
	struct sort_ctx ctx = { k, base, &k->fields[field], reverse, names };
	size_t i;

	if (names && (ctx.f->type == FIELD_USER || ctx.f->type == FIELD_GROUP)) {
		for (i = 0; i < n; i++) { /* look up now, or the comparisons would */
			uint32_t id;

			memcpy(&id, field_at(ctx.f, obj_at(&ctx, rows[i])), sizeof(id));
			(void)(ctx.f->type == FIELD_GROUP ? names_group(names, id) :
			       names_user(names, id));
		}
	}
	for (i = 1; i < n; i++)
		if (row_cmp(&rows[i - 1], &rows[i], &ctx) > 0)
			break;
	if (i < n)
		qsort_r(rows, n, sizeof(*rows), row_cmp, &ctx);
}

int table_text_match(const char *hay, const char *needle)
{
	return !*needle || strcasestr(hay, needle) != NULL;
}

size_t table_build(const struct snapshot *snap, const struct table_filter *f, uint8_t field,
		   int reverse, struct names *names, uint32_t *rows)
{
	size_t n = 0;

	for (size_t i = 0; i < snap->segs.n; i++)
		if (table_filter_match(f, &snap->segs.v[i]))
			rows[n++] = (uint32_t)i;
	table_sort(rows, n, &kind_shm, snap->segs.v, field, reverse, names);
	return n;
}
