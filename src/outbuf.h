/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* outbuf.h - a growable text buffer that can hand its contents to a sink in chunks, so batch output
 * of tens of thousands of rows needs neither printf per field nor the whole text in memory. */
#ifndef SHMTOP_OUTBUF_H
#define SHMTOP_OUTBUF_H

#include <stddef.h>
#include <stdint.h>

/* Writes len bytes somewhere; returns 0 or -errno. */
typedef int (*outbuf_sink_fn)(void *ctx, const char *data, size_t len);

struct outbuf {
	char *p;
	size_t len, cap;
	outbuf_sink_fn sink;  /* NULL: keep everything in memory (tests, views) */
	void *ctx;
	int err;              /* first error (-ENOMEM or the sink's), sticky */
	size_t chunk;         /* hand to the sink once this much is buffered */
};

void outbuf_init(struct outbuf *b, outbuf_sink_fn sink, void *ctx);
void outbuf_free(struct outbuf *b);
/* Hand everything buffered to the sink. Returns b->err. */
int outbuf_flush(struct outbuf *b);

#define OUTBUF_CHUNK (64 * 1024)  /* the default chunk */

/* The slow path of outbuf_put: flush to the sink, grow, or record an error. */
void outbuf_put_slow(struct outbuf *b, const char *s, size_t n);

/* Append n bytes; the buffer stays NUL-terminated. Inline: batch mode calls this per field. */
static inline void outbuf_put(struct outbuf *b, const char *s, size_t n)
{
	if (!b->err && b->len + n < b->cap && (!b->sink || b->len + n <= b->chunk)) {
		__builtin_memcpy(b->p + b->len, s, n);
		b->len += n;
		b->p[b->len] = '\0';
	} else {
		outbuf_put_slow(b, s, n);
	}
}

static inline void outbuf_puts(struct outbuf *b, const char *s)
{
	outbuf_put(b, s, __builtin_strlen(s));
}

static inline void outbuf_putc(struct outbuf *b, char c)
{
	outbuf_put(b, &c, 1);
}
/* Room to write up to n bytes at the end, or NULL after an error; outbuf_commit then keeps the
 * first len of them (len <= n). For writers that build a line in place. */
char *outbuf_room(struct outbuf *b, size_t n);
static inline void outbuf_commit(struct outbuf *b, size_t len)
{
	b->len += len;
	b->p[b->len] = '\0';
}

void outbuf_u64(struct outbuf *b, uint64_t v);
void outbuf_i64(struct outbuf *b, int64_t v);
/* s padded with spaces to width (left-aligned, or right when right != 0); longer s is kept whole. */
void outbuf_pad(struct outbuf *b, const char *s, size_t width, int right);

#endif
