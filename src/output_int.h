/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* output_int.h - what the batch writers (output_*.c, one file per format) share: the time a
 * snapshot is judged at, escaping into a stack or heap buffer, the POSIX rows to write, the field
 * context and the columns chosen. For those files only. */
#ifndef SHMTOP_OUTPUT_INT_H
#define SHMTOP_OUTPUT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "field.h"
#include "kind.h"
#include "output.h"

/* o->now, or the snapshot's time when that is 0. */
int64_t output_now(const struct output_ctx *o, const struct snapshot *snap);

/* fmt_escape of raw into stack (stacksize bytes) when it surely fits, else into a heap buffer
 * that the caller frees when it is not stack (on ENOMEM the text is cut short in stack). Sets
 * *len. */
char *output_escape_any(const char *raw, char *stack, size_t stacksize, size_t *len);

/* The POSIX objects to write (o->posix_rows, or all) and the mappers of one. */
size_t output_posix_nrows(const struct output_ctx *o);
const struct posixobj *output_posix_row(const struct output_ctx *o, size_t i);
size_t output_posix_mappers(const struct output_ctx *o, const struct posixobj *p, size_t *first);

/* The field context of a batch writer: names looked up, o's caches, times judged at now. */
void output_field_ctx(const struct output_ctx *o, const struct snapshot *snap, struct field_ctx *c);

/* Whether any of the columns (FIELD_NONE-terminated) needs the object's leak judgement. */
int output_columns_need_leak(const struct kind *k, const uint8_t *cols);

/* The formats, each in its own file. index counts snapshots from 0. */
void output_table(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		  const uint32_t *rows, size_t nrows, unsigned long index);
void output_json(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		 const uint32_t *rows, size_t nrows);
void output_csv(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		const uint32_t *rows, size_t nrows, unsigned long index);
void output_prom(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		 const uint32_t *rows, size_t nrows);

#endif
