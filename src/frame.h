/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* frame.h - an in-memory screen: views draw text with semantic styles into it, tests read its
 * rows back as text, and only the curses layer copies it to the terminal (tmux's rule). */
#ifndef SHMTOP_FRAME_H
#define SHMTOP_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* What a cell means, not how it looks: ui.c maps styles to colors or to mono attributes. */
enum frame_style {
	STYLE_NORMAL, STYLE_TITLE, STYLE_HEADER, STYLE_HEADER_SORT, STYLE_SELECTED, STYLE_NEW,
	STYLE_GONE, STYLE_CHANGED, STYLE_DIM, STYLE_TAGGED, STYLE_FKEY, STYLE_FLABEL,
	STYLE_FDISABLED, STYLE_METER, STYLE_METER_HIGH, STYLE_LABEL, STYLE_STATUS, STYLE_ERROR,
	STYLE_DIALOG, STYLE_DIALOG_TITLE, STYLE_LEAK, STYLE_HEX_ZERO, STYLE_HEX_PRINT,
	STYLE_HEX_SPACE, STYLE_HEX_OTHER, STYLE_CURSOR, STYLE_FADING,
	STYLE_COUNT
};

#define FRAME_WIDE_TAIL 0xffffffffu  /* second cell of a double-width character */

struct frame_cell {
	uint32_t ch;      /* Unicode code point; ' ' when blank */
	uint8_t style;    /* enum frame_style */
};

struct frame {
	int w, h;
	int utf8;         /* the terminal shows UTF-8; otherwise non-ASCII becomes '?' */
	struct frame_cell *cells;
	int cursor_y, cursor_x; /* -1: hidden */
};

/* Returns 0 or -ENOMEM. A w or h below 1 gives an empty frame. */
int frame_resize(struct frame *f, int w, int h);
void frame_free(struct frame *f);
void frame_clear(struct frame *f);

/* Two kinds of text are drawn, and each view must keep them apart:
 *
 * - shmtop's own text, and text that is already escaped, goes to frame_put. It draws a
 *   backslash as it is (the \ key, "text with \ escapes"); control bytes, bidirectional
 *   controls and invalid UTF-8 are still made harmless (fmt_sanitize: \xNN), as a safety net,
 *   but that is not a faithful rendering: a name with ESC and one with the text \x1b would look
 *   the same.
 * - Anything from outside -- user and group names, command names and lines, object names, paths,
 *   the hostname -- goes through fmt_escape exactly once: drawn alone with frame_put_name, or
 *   escaped where the view builds a longer text around it (a cell, a status message), which
 *   then goes to frame_put.
 *
 * Both write UTF-8 text at (y, x) in style, clipped to at most maxw columns and to the frame,
 * and return the columns used. */
int frame_put(struct frame *f, int y, int x, int maxw, enum frame_style style, const char *text);
int frame_put_name(struct frame *f, int y, int x, int maxw, enum frame_style style,
		   const char *name);
/* Fill n cells of row y from x with ch in style. */
void frame_fill(struct frame *f, int y, int x, int n, enum frame_style style, uint32_t ch);
/* Change the style of n cells without touching their text. */
void frame_style(struct frame *f, int y, int x, int n, enum frame_style style);
/* Display columns that text would take in frame_put (after its safety filter). */
int frame_text_width(const struct frame *f, const char *text);

/* Row y as UTF-8 text, trailing spaces removed (for tests and logs). Returns the length. */
size_t frame_row_text(const struct frame *f, int y, char *buf, size_t size);
const struct frame_cell *frame_at(const struct frame *f, int y, int x);
/* Copy row sy of src over row dy of dst, as many cells as both have. */
void frame_copy_row(struct frame *dst, int dy, const struct frame *src, int sy);

#endif
