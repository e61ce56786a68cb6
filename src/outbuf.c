/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* outbuf.c - growable text buffer with a chunked sink. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "outbuf.h"

void outbuf_init(struct outbuf *b, outbuf_sink_fn sink, void *ctx)
{
	memset(b, 0, sizeof(*b));
	b->sink = sink;
	b->ctx = ctx;
	b->chunk = OUTBUF_CHUNK;
}

void outbuf_free(struct outbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int outbuf_flush(struct outbuf *b)
{
	if (b->sink && b->len && !b->err)
		b->err = b->sink(b->ctx, b->p, b->len);
	if (b->sink)
		b->len = 0;
	return b->err;
}

static int reserve(struct outbuf *b, size_t n)
{
	if (b->err)
		return -1;
	if (b->sink && b->len + n > b->chunk && b->len) {
		if (outbuf_flush(b) < 0)
			return -1;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->err = -ENOMEM;
			return -1;
		}
		b->p = p;
		b->cap = cap;
	}
	return 0;
}

char *outbuf_room(struct outbuf *b, size_t n)
{
	if (!b->err && b->len + n < b->cap && (!b->sink || b->len + n <= b->chunk))
		return b->p + b->len;
	return reserve(b, n) < 0 ? NULL : b->p + b->len;
}

void outbuf_put_slow(struct outbuf *b, const char *s, size_t n)
{
	if (reserve(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void outbuf_u64(struct outbuf *b, uint64_t v)
{
	char num[FMT_U64_LEN], *end = num + sizeof(num), *p = end;

	do { /* the digits from the right: no second pass to reverse them */
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	outbuf_put(b, p, (size_t)(end - p));
}

void outbuf_i64(struct outbuf *b, int64_t v)
{
	if (v < 0) {
		outbuf_putc(b, '-');
		outbuf_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		outbuf_u64(b, (uint64_t)v);
	}
}

void outbuf_pad(struct outbuf *b, const char *s, size_t width, int right)
{
	static const char spaces[] = "                                ";
	size_t n = strlen(s), pad = n < width ? width - n : 0;

	if (!right)
		outbuf_put(b, s, n);
	while (pad) {
		size_t k = pad < sizeof(spaces) - 1 ? pad : sizeof(spaces) - 1;

		outbuf_put(b, spaces, k);
		pad -= k;
	}
	if (right)
		outbuf_put(b, s, n);
}
