/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* table.h - the model's view of a kind's objects: which rows a filter keeps and in what order,
 * by any sortable field of the kind's registry. */
#ifndef SHMTOP_TABLE_H
#define SHMTOP_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "kind.h"
#include "names.h"
#include "snapshot.h"

struct table_filter {
	int by_uid;        /* keep only segments owned by uid */
	uint32_t uid;
};

/* The field of k to sort by named name (its name, lsipc alias or title, any case; "uid" and
 * "attached" work for segments as they always did), one of k->sort_columns. Returns 0 with the
 * field's index in *field, or -EINVAL. */
int table_sort_parse(const struct kind *k, const char *name, uint8_t *field);

/* The position of field in k->sort_columns (0 when it is not there), and the field n places on
 * from it, cyclically (n may be negative). */
size_t table_sort_pos(const struct kind *k, uint8_t field);
uint8_t table_sort_step(const struct kind *k, uint8_t field, long n);

int table_filter_match(const struct table_filter *f, const struct shmseg *s);

/* Write the indexes of the segments that pass f into rows (room for snap->segs.n), sorted by
 * field (of kind_shm) and reversed if asked. Returns the number of rows. */
size_t table_build(const struct snapshot *snap, const struct table_filter *f, uint8_t field,
		   int reverse, struct names *names, uint32_t *rows);

/* Sort rows (indexes of objects of kind k at base, k->size bytes apart) by field, ties by the
 * kind's key, reversed if asked. Skips the sort when already in order, so an unchanged table
 * costs one linear pass per refresh. Names are looked up first, so the comparisons do none. */
void table_sort(uint32_t *rows, size_t n, const struct kind *k, const void *base, uint8_t field,
		int reverse, struct names *names);

/* Case-insensitive substring test for search and filter. Empty needle matches. */
int table_text_match(const char *hay, const char *needle);

#endif
