/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* frame.c - the in-memory screen that views draw into. Text is decoded from UTF-8 with
 * wcwidth for column widths; anything that could act on a terminal is made harmless first. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fmt.h"
#include "frame.h"

int frame_resize(struct frame *f, int w, int h)
{
	size_t n;
	struct frame_cell *c;

	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	n = (size_t)w * (size_t)h;
	c = realloc(f->cells, n ? n * sizeof(*c) : sizeof(*c));
	if (!c)
		return -ENOMEM;
	f->cells = c;
	f->w = w;
	f->h = h;
	frame_clear(f);
	return 0;
}

void frame_copy_row(struct frame *dst, int dy, const struct frame *src, int sy)
{
	int w = dst->w < src->w ? dst->w : src->w;

	if (dy < 0 || dy >= dst->h || sy < 0 || sy >= src->h || w <= 0)
		return;
	memcpy(&dst->cells[(size_t)dy * (size_t)dst->w], &src->cells[(size_t)sy * (size_t)src->w],
	       (size_t)w * sizeof(*dst->cells));
}

void frame_free(struct frame *f)
{
	free(f->cells);
	f->cells = NULL;
	f->w = f->h = 0;
}

void frame_clear(struct frame *f)
{
	for (size_t i = 0; i < (size_t)f->w * (size_t)f->h; i++) {
		f->cells[i].ch = ' ';
		f->cells[i].style = STYLE_NORMAL;
	}
	f->cursor_y = f->cursor_x = -1;
}

const struct frame_cell *frame_at(const struct frame *f, int y, int x)
{
	if (y < 0 || x < 0 || y >= f->h || x >= f->w)
		return NULL;
	return &f->cells[(size_t)y * (size_t)f->w + (size_t)x];
}

static struct frame_cell *cell(struct frame *f, int y, int x)
{
	return (struct frame_cell *)frame_at(f, y, x);
}

/* Before cell (y, x) is overwritten, blank the other half of the double-width character it is
 * part of: a lone head or tail would shift the rest of the line when ui.c copies the frame out. */
static void unpair(struct frame *f, int y, int x)
{
	struct frame_cell *c = cell(f, y, x), *o;

	if (!c)
		return;
	if (c->ch == FRAME_WIDE_TAIL) {
		o = cell(f, y, x - 1);
		if (o)
			o->ch = ' ';
	} else if ((o = cell(f, y, x + 1)) && o->ch == FRAME_WIDE_TAIL) {
		o->ch = ' ';
	}
}

/* Decode one UTF-8 character of filtered text (well-formed UTF-8); returns its byte length. */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		*cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0) {
		*cp = (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		return 3;
	}
	*cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
	      (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
	return 4;
}

static int cp_width(const struct frame *f, uint32_t cp)
{
	int w;

	if (cp < 0x80)
		return 1;
	if (!f->utf8)
		return 1; /* drawn as '?' */
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w; /* unknown: drawn as '?' by the terminal layer */
}

/* text through filter (fmt_sanitize or fmt_escape) into a stack buffer, or the heap for long
 * text. */
static char *filtered(const char *text, size_t (*filter)(char *, size_t, const char *),
		      char *stack, size_t size)
{
	size_t len = strlen(text) * 4 + 1;  /* each byte at worst \xNN */
	char *buf = len <= size ? stack : malloc(len);

	if (!buf)
		return NULL;
	filter(buf, len <= size ? size : len, text);
	return buf;
}

int frame_text_width(const struct frame *f, const char *text)
{
	char stack[1024];
	char *buf = filtered(text, fmt_sanitize, stack, sizeof(stack));
	const unsigned char *s;
	int w = 0;

	if (!buf)
		return 0;
	for (s = (const unsigned char *)buf; *s;) {
		uint32_t cp;

		s += decode(s, &cp);
		w += cp_width(f, cp);
	}
	if (buf != stack)
		free(buf);
	return w;
}

/* Draw text after filter. */
static int put(struct frame *f, int y, int x, int maxw, enum frame_style style, const char *text,
	       size_t (*filter)(char *, size_t, const char *))
{
	char stack[1024];
	char *buf;
	const unsigned char *s;
	int used = 0;

	if (y < 0 || y >= f->h || x >= f->w || maxw <= 0)
		return 0;
	buf = filtered(text, filter, stack, sizeof(stack));
	if (!buf)
		return 0;
	if (x + maxw > f->w)
		maxw = f->w - x;
	for (s = (const unsigned char *)buf; *s && used < maxw;) {
		uint32_t cp;
		int cw;

		s += decode(s, &cp);
		cw = cp_width(f, cp);
		if (cw == 0)
			continue; /* combining marks are dropped: one code point per cell */
		if (used + cw > maxw)
			break;
		if (x + used >= 0) {
			struct frame_cell *c = cell(f, y, x + used);

			unpair(f, y, x + used);
			if (cw == 2)
				unpair(f, y, x + used + 1);
			c->ch = (cp >= 0x80 && !f->utf8) ? '?' : cp;
			c->style = (uint8_t)style;
			if (cw == 2) {
				c = cell(f, y, x + used + 1);
				if (c) {
					c->ch = FRAME_WIDE_TAIL;
					c->style = (uint8_t)style;
				}
			}
		}
		used += cw;
	}
	if (buf != stack)
		free(buf);
	return used;
}

int frame_put(struct frame *f, int y, int x, int maxw, enum frame_style style, const char *text)
{
	return put(f, y, x, maxw, style, text, fmt_sanitize);
}

int frame_put_name(struct frame *f, int y, int x, int maxw, enum frame_style style,
		   const char *name)
{
	return put(f, y, x, maxw, style, name, fmt_escape);
}

void frame_fill(struct frame *f, int y, int x, int n, enum frame_style style, uint32_t ch)
{
	for (int i = 0; i < n; i++) {
		struct frame_cell *c = cell(f, y, x + i);

		if (c) {
			unpair(f, y, x + i);
			c->ch = ch;
			c->style = (uint8_t)style;
		}
	}
}

void frame_style(struct frame *f, int y, int x, int n, enum frame_style style)
{
	for (int i = 0; i < n; i++) {
		struct frame_cell *c = cell(f, y, x + i);

		if (c)
			c->style = (uint8_t)style;
	}
}

static size_t encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t frame_row_text(const struct frame *f, int y, char *buf, size_t size)
{
	size_t n = 0, last = 0;

	if (!size)
		return 0;
	for (int x = 0; x < f->w && y >= 0 && y < f->h; x++) {
		const struct frame_cell *c = frame_at(f, y, x);
		char enc[4];
		size_t k;

		if (c->ch == FRAME_WIDE_TAIL)
			continue;
		k = encode(c->ch, enc);
		if (n + k >= size)
			break;
		memcpy(buf + n, enc, k);
		n += k;
		if (c->ch != ' ')
			last = n;
	}
	buf[last] = '\0';
	return last;
}
