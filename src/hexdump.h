/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* hexdump.h - pure formatting and searching of raw bytes: `hexdump -C` compatible output, the hex
 * view's line layout and byte classes, change marks that fade, search patterns and an
 * incremental search, goto offsets, and the inspector's values. No I/O. */
#ifndef SHMTOP_HEXDUMP_H
#define SHMTOP_HEXDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "outbuf.h"

/* ---------------------------------------------------------------- bytes */

/* Byte kinds for coloring, like hexyl. */
enum hexdump_class {
	HEXDUMP_ZERO,   /* 0x00 */
	HEXDUMP_PRINT,  /* 0x21..0x7e */
	HEXDUMP_SPACE,  /* 0x20 and \t \n \v \f \r */
	HEXDUMP_OTHER,  /* everything else */
};
enum hexdump_class hexdump_class(uint8_t b);
/* The ASCII column's character: 0x20..0x7e as itself, anything else '.'. Never a control byte. */
char hexdump_ascii(uint8_t b);

/* ---------------------------------------------------------------- hexdump -C */

/* Streaming `hexdump -C` (util-linux) output, byte-identical: "%08x  " offsets (more digits
 * from 4 GiB on), two groups of eight "xx " with an extra space between them, "|ascii|", one
 * "*" for each run of full lines equal to the line before (never the first line, never the
 * partial last one), and the final offset line. No input gives no output at all. Any chunking
 * of the input gives the same text. Setting offset after init starts there, like `hexdump -s`. */
struct hexdump_c {
	uint64_t offset;      /* offset of line[0] */
	uint8_t line[16];
	size_t fill;          /* bytes in line */
	uint8_t prev[16];     /* the last full line printed or squeezed */
	int have_prev, starred;
	int portable;         /* set after init: never the SIMD line writer (tests compare both) */
};
void hexdump_c_init(struct hexdump_c *h);
void hexdump_c_feed(struct hexdump_c *h, const uint8_t *data, size_t n, struct outbuf *out);
void hexdump_c_finish(struct hexdump_c *h, struct outbuf *out);

/* ---------------------------------------------------------------- hex view layout */

/* A view line: OFFSET "  " then per_line bytes as "xx " with one extra space after every 8
 * bytes, then " " and the ASCII column. At 16 bytes and 8 digits the hex and ASCII characters
 * sit in the same columns as in `hexdump -C` (byte i's hex at 10 + 3i + i/8, ASCII at 61 + i;
 * the view has blanks where hexdump -C has its '|'). The width ends with the last ASCII char. */
int hexdump_offset_digits(uint64_t size);        /* 8, or more for segments past 4 GiB */
int hexdump_line_width(int per_line, int digits);
/* Bytes per line for a terminal of cols columns: 32 when it fits, else 16, else 8. */
int hexdump_per_line(int cols, int digits);
int hexdump_hex_col(int per_line, int digits, int i);   /* column of byte i's first hex digit */
int hexdump_ascii_col(int per_line, int digits, int i); /* column of byte i's ASCII char */
/* The plain text of one view line for the n bytes at p (n < per_line: the rest blank), offset in
 * digits hex digits; per_line 1..32, digits 1..16. Truncated to size - 1; returns the length. */
size_t hexdump_view_line(char *buf, size_t size, uint64_t off, int digits, int per_line,
			 const uint8_t *p, size_t n);

/* ---------------------------------------------------------------- change marks */

#define HEXDUMP_FADE 4   /* refreshes a changed byte stays marked, fading */

/* Compares the visible window with what it held at the previous refresh. */
struct hexdump_marks {
	uint64_t base;       /* offset of the window */
	size_t len;
	uint8_t *prev;       /* bytes at the last refresh */
	uint8_t *age;        /* per byte: 0 unchanged, else HEXDUMP_FADE .. 1 (fading) */
	size_t cap;
	int64_t changed_at;  /* time of the last refresh that saw a change, 0 never */
};
void hexdump_marks_init(struct hexdump_marks *m);
void hexdump_marks_free(struct hexdump_marks *m);
/* One refresh of the window [base, base+len) holding cur, at time now. When the window moved or
 * resized, marks restart (nothing is marked; changed_at is kept). Returns the number of bytes
 * that changed, or -ENOMEM. Memory is allocated on the first update and on growth only. */
long hexdump_marks_update(struct hexdump_marks *m, uint64_t base, const uint8_t *cur, size_t len,
			  int64_t now);
/* Age of the byte at absolute offset off: 0 unmarked, HEXDUMP_FADE just changed, down to 1. */
int hexdump_marks_age(const struct hexdump_marks *m, uint64_t off);

/* ---------------------------------------------------------------- search */

#define HEXDUMP_PATTERN_MAX 256

struct hexdump_pattern {
	uint8_t bytes[HEXDUMP_PATTERN_MAX];
	size_t len;
};

/* "x:de ad be ef" (hex bytes, spaces optional) or text with C escapes (\n \t \r \0 \\ \xNN).
 * Returns 0, or -EINVAL with a one-line reason naming the bad part in err: "bad hex byte 'zz'",
 * "bad escape \q", "pattern too long", "empty pattern". */
int hexdump_pattern_parse(const char *text, struct hexdump_pattern *p, char *err, size_t errsz);

/* An incremental search over [0, size) so a 1 GiB segment never freezes the UI: each step
 * examines at most `budget` candidate positions (reading at most budget + len - 1 bytes; a
 * budget of 0 counts as 1). Forward from `from` (inclusive) to the end then wrapping to the
 * start, or backward likewise; a `from` past the last possible match starts at the start
 * (forward) or at the last possible match (backward). Matches spanning step boundaries are
 * found. Forward steps are memmem over the step's range. */
struct hexdump_search {
	struct hexdump_pattern pat;
	int backward;
	uint64_t from;       /* where it started */
	uint64_t pos;        /* next position to examine */
	uint64_t done;       /* positions examined */
};
void hexdump_search_start(struct hexdump_search *s, const struct hexdump_pattern *p,
			  uint64_t from, int backward);
/* Returns 1 with *at set when found, 0 when the whole range was searched without a match
 * (also for a pattern longer than the data), 2 when there is more to do (call again). After a
 * match, calling again continues with the next one in the same direction. */
int hexdump_search_step(struct hexdump_search *s, const uint8_t *data, uint64_t size,
			uint64_t budget, uint64_t *at);
/* The same search over bytes the caller reads itself (through a struct reader): need says which
 * bytes the next step examines, [*off, *off + *len), at most budget candidate positions; it
 * returns 0 when the search is over (nothing found). feed takes exactly those bytes and returns
 * as hexdump_search_step (1 found, 0 over, 2 more to do), or -EINVAL for other bytes. */
int hexdump_search_need(struct hexdump_search *s, uint64_t size, uint64_t budget, uint64_t *off,
			size_t *len);
int hexdump_search_feed(struct hexdump_search *s, const uint8_t *buf, uint64_t off, size_t len,
			uint64_t size, uint64_t budget, uint64_t *at);

/* ---------------------------------------------------------------- goto */

/* "0x1f0" is hex, "4096" decimal, with an optional K, M or G suffix (powers of 1024, either
 * case); blanks around it are ignored. Returns 0, -EINVAL (not a number) or -ERANGE (not below
 * size, or overflowing 64 bits). */
int hexdump_parse_offset(const char *text, uint64_t size, uint64_t *off);

/* ---------------------------------------------------------------- inspector */

/* The values at p (avail bytes readable from there), one line for little endian or big endian.
 * For de ad be ef 00 00 80 3f, big endian:
 *   "BE u8 222 i8 -34  u16 57005 i16 -8531  u32 3735928559 i32 -559038737  u64 ... i64 ...
 *    f32 -6.25985e+18 f64 -1.1886e+148" (one line; two spaces between widths),
 * with "u16 - i16 -" etc. for widths that do not fit in avail; floats as %g. */
void hexdump_inspect(const uint8_t *p, uint64_t avail, int big_endian, char *buf, size_t size);
/* The C string starting at p (up to the first NUL or avail or max bytes), escaped with
 * fmt_escape, in double quotes; "..." appended when cut (no NUL within avail and max, or no
 * room in buf). */
void hexdump_cstring(const uint8_t *p, uint64_t avail, size_t max, char *buf, size_t size);

#endif
