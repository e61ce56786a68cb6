/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_frame.c - the in-memory screen: clipping, the safety filter and escaped names, double-width
 * cells, ASCII frames, row text, resize. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "frame.h"

#define ZHONG 0x4e2du            /* 中, East Asian Wide: two columns */
#define ZHONG_UTF8 "\xe4\xb8\xad"
#define WEN_UTF8 "\xe6\x96\x87" /* 文 */

static struct frame mkframe(int w, int h, int utf8)
{
	struct frame f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(frame_resize(&f, w, h), 0);
	f.utf8 = utf8;
	return f;
}

static const char *row(const struct frame *f, int y)
{
	static char buf[4096];

	frame_row_text(f, y, buf, sizeof(buf));
	return buf;
}

static uint32_t ch(const struct frame *f, int y, int x)
{
	const struct frame_cell *c = frame_at(f, y, x);

	assert_non_null(c);
	return c->ch;
}

static int style_at(const struct frame *f, int y, int x)
{
	const struct frame_cell *c = frame_at(f, y, x);

	assert_non_null(c);
	return c->style;
}

/* Nothing that a terminal would act on: no C0, DEL or C1 code point in any cell. */
static void assert_no_controls(const struct frame *f)
{
	for (int y = 0; y < f->h; y++) {
		for (int x = 0; x < f->w; x++) {
			uint32_t c = ch(f, y, x);

			if (c == FRAME_WIDE_TAIL)
				continue;
			assert_false(c < 0x20);
			assert_false(c >= 0x7f && c <= 0x9f);
		}
	}
}

/* Every tail follows a double-width head and every such head has its tail: a half character
 * would shift the rest of the line when the frame is copied to the terminal. */
static void assert_wide_pairs(const struct frame *f)
{
	for (int y = 0; y < f->h; y++) {
		for (int x = 0; x < f->w; x++) {
			uint32_t c = ch(f, y, x);

			if (c == FRAME_WIDE_TAIL) {
				assert_true(x > 0);
				assert_int_equal(wcwidth((wchar_t)ch(f, y, x - 1)), 2);
			} else if (c >= 0x80 && wcwidth((wchar_t)c) == 2) {
				assert_true(x + 1 < f->w);
				assert_int_equal(ch(f, y, x + 1), FRAME_WIDE_TAIL);
			}
		}
	}
}

/* ---------------------------------------------------------------- clipping */

static void test_put_plain(void **state)
{
	struct frame f = mkframe(20, 3, 1);

	(void)state;
	assert_int_equal(frame_put(&f, 1, 2, 20, STYLE_TITLE, "hello"), 5);
	assert_string_equal(row(&f, 1), "  hello");
	assert_string_equal(row(&f, 0), "");
	assert_string_equal(row(&f, 2), "");
	for (int x = 0; x < 20; x++)
		assert_int_equal(style_at(&f, 1, x), x >= 2 && x < 7 ? STYLE_TITLE : STYLE_NORMAL);
	/* an empty string writes nothing */
	assert_int_equal(frame_put(&f, 0, 0, 20, STYLE_TITLE, ""), 0);
	assert_string_equal(row(&f, 0), "");
	frame_free(&f);
}

static void test_put_clips_right_edge_and_maxw(void **state)
{
	struct frame f = mkframe(10, 2, 1);

	(void)state;
	/* 3 of "abcdef" fit between column 7 and the edge */
	assert_int_equal(frame_put(&f, 0, 7, 100, STYLE_NORMAL, "abcdef"), 3);
	assert_string_equal(row(&f, 0), "       abc");
	/* maxw is the narrower limit here */
	assert_int_equal(frame_put(&f, 1, 1, 4, STYLE_NORMAL, "abcdef"), 4);
	assert_string_equal(row(&f, 1), " abcd");
	assert_int_equal(ch(&f, 1, 5), ' ');
	/* nothing at or past the right edge, and nothing for maxw <= 0 */
	assert_int_equal(frame_put(&f, 1, 10, 5, STYLE_NORMAL, "x"), 0);
	assert_int_equal(frame_put(&f, 1, 6, 0, STYLE_NORMAL, "x"), 0);
	assert_int_equal(frame_put(&f, 1, 6, -3, STYLE_NORMAL, "x"), 0);
	assert_string_equal(row(&f, 1), " abcd");
	frame_free(&f);
}

static void test_put_rows_out_of_range(void **state)
{
	struct frame f = mkframe(10, 2, 1);

	(void)state;
	assert_int_equal(frame_put(&f, -1, 0, 10, STYLE_NORMAL, "above"), 0);
	assert_int_equal(frame_put(&f, 2, 0, 10, STYLE_NORMAL, "below"), 0);
	assert_int_equal(frame_put(&f, 1000, 0, 10, STYLE_NORMAL, "below"), 0);
	assert_string_equal(row(&f, 0), "");
	assert_string_equal(row(&f, 1), "");
	/* reading rows out of range gives empty text */
	assert_int_equal(frame_row_text(&f, -1, (char[8]){ 0 }, 8), 0);
	assert_int_equal(frame_row_text(&f, 2, (char[8]){ 0 }, 8), 0);
	assert_null(frame_at(&f, 2, 0));
	assert_null(frame_at(&f, 0, 10));
	assert_null(frame_at(&f, -1, 0));
	assert_null(frame_at(&f, 0, -1));
	frame_free(&f);
}

/* Text starting left of the frame shows its visible part, at the columns it would have. */
static void test_put_negative_x(void **state)
{
	struct frame f = mkframe(10, 1, 1);
	int used;

	(void)state;
	used = frame_put(&f, 0, -2, 6, STYLE_NORMAL, "abcdefgh");
	/* columns -2..3 of maxw 6: "cdef" lands on 0..3 */
	assert_string_equal(row(&f, 0), "cdef");
	assert_int_equal(-2 + used, 4); /* the next column a caller would use */
	frame_clear(&f);
	assert_int_equal(frame_put(&f, 0, -20, 100, STYLE_NORMAL, "short"), 5);
	assert_string_equal(row(&f, 0), "");
	frame_free(&f);
}

/* ---------------------------------------------------------------- escaping */

static void test_control_bytes_escaped(void **state)
{
	struct frame f = mkframe(60, 4, 1);

	(void)state;
	/* a process name that tries to clear the screen and ring the bell */
	frame_put(&f, 0, 0, 60, STYLE_NORMAL, "evil\x1b[2J\a!");
	assert_string_equal(row(&f, 0), "evil\\x1b[2J\\x07!");
	/* tab, newline, DEL, a C1 control encoded in UTF-8 (U+0085) and a stray byte */
	frame_put(&f, 1, 0, 60, STYLE_NORMAL, "a\tb\nc\x7f" "d\xc2\x85" "e\xff");
	assert_string_equal(row(&f, 1), "a\\x09b\\x0ac\\x7fd\\xc2\\x85e\\xff");
	/* escaping counts in widths */
	assert_int_equal(frame_text_width(&f, "\x1b"), 4);
	assert_int_equal(frame_text_width(&f, "a\x01" "b"), 6);
	/* an escape cut by the edge is cut as text, never left as a raw byte */
	assert_int_equal(frame_put(&f, 2, 0, 3, STYLE_NORMAL, "a\x1b"), 3);
	assert_string_equal(row(&f, 2), "a\\x");
	assert_no_controls(&f);
	frame_free(&f);
}

/* Long text goes through a heap buffer for escaping; the result is the same. */
static void test_long_text(void **state)
{
	enum { LEN = 3000 };
	struct frame f = mkframe(200, 1, 1);
	char *text = malloc(LEN + 1);
	char want[201];

	(void)state;
	assert_non_null(text);
	for (int i = 0; i < LEN; i++)
		text[i] = i % 2 ? 'z' : '\x1b';
	text[LEN] = '\0';
	assert_int_equal(frame_text_width(&f, text), LEN / 2 * 5);
	assert_int_equal(frame_put(&f, 0, 0, 200, STYLE_NORMAL, text), 200);
	for (int i = 0; i < 200; i++)
		want[i] = "\\x1bz"[i % 5];
	want[200] = '\0';
	assert_string_equal(row(&f, 0), want);
	assert_no_controls(&f);
	free(text);
	frame_free(&f);
}

/* Two kinds of text: shmtop's own draws a backslash as one (the \ key, "text with \ escapes"), and
 * a name from outside is escaped so that it cannot pass for another. */
static void test_backslash(void **state)
{
	struct frame f = mkframe(60, 8, 1);

	(void)state;
	assert_int_equal(frame_put(&f, 0, 0, 60, STYLE_FKEY, "F4  \\"), 5);
	assert_string_equal(row(&f, 0), "F4  \\");
	frame_put(&f, 1, 0, 60, STYLE_LABEL, "Search (text with \\ escapes, or x:de ad be ef): ");
	assert_string_equal(row(&f, 1), "Search (text with \\ escapes, or x:de ad be ef):");
	assert_int_equal(frame_text_width(&f, "\\"), 1);
	/* already escaped text is drawn as it is */
	frame_put(&f, 2, 0, 60, STYLE_NORMAL, "a\\\\b\\x1b");
	assert_string_equal(row(&f, 2), "a\\\\b\\x1b");
	/* names: a backslash doubled, ESC as \x1b; ESC and the text \x1b differ on screen */
	assert_int_equal(frame_put_name(&f, 3, 0, 60, STYLE_NORMAL, "a\\b\x1b[2J"), 11);
	assert_string_equal(row(&f, 3), "a\\\\b\\x1b[2J");
	frame_put_name(&f, 4, 0, 60, STYLE_NORMAL, "n\x1b");
	frame_put_name(&f, 5, 0, 60, STYLE_NORMAL, "n\\x1b");
	assert_string_equal(row(&f, 4), "n\\x1b");
	assert_string_equal(row(&f, 5), "n\\\\x1b");
	/* clipped like any text, never inside a raw byte */
	assert_int_equal(frame_put_name(&f, 6, 0, 3, STYLE_NORMAL, "\\\x1b"), 3);
	assert_string_equal(row(&f, 6), "\\\\\\");
	/* a control byte in shmtop's own text still never reaches a cell */
	frame_put(&f, 7, 0, 60, STYLE_NORMAL, "\\\x1b\x9b\xc2\x9b\\");
	assert_string_equal(row(&f, 7), "\\\\x1b\\x9b\\xc2\\x9b\\");
	assert_no_controls(&f);
	frame_free(&f);
}

/* A long name goes through the heap as long text does, escaped the same way. */
static void test_long_name(void **state)
{
	enum { LEN = 3000 };
	struct frame f = mkframe(200, 1, 1);
	char *text = malloc(LEN + 1);
	char want[201];

	(void)state;
	assert_non_null(text);
	for (int i = 0; i < LEN; i++)
		text[i] = i % 2 ? '\\' : '\x1b';
	text[LEN] = '\0';
	assert_int_equal(frame_put_name(&f, 0, 0, 200, STYLE_NORMAL, text), 200);
	for (int i = 0; i < 200; i++)
		want[i] = "\\x1b\\\\"[i % 6];
	want[200] = '\0';
	assert_string_equal(row(&f, 0), want);
	assert_no_controls(&f);
	free(text);
	frame_free(&f);
}

/* ---------------------------------------------------------------- wide characters */

static void test_wide_chars(void **state)
{
	struct frame f = mkframe(10, 3, 1);

	(void)state;
	assert_int_equal(frame_text_width(&f, ZHONG_UTF8), 2);
	assert_int_equal(frame_text_width(&f, "a" ZHONG_UTF8 "b"), 4);
	assert_int_equal(frame_put(&f, 0, 1, 10, STYLE_DIM, "a" ZHONG_UTF8 "b"), 4);
	assert_int_equal(ch(&f, 0, 1), 'a');
	assert_int_equal(ch(&f, 0, 2), ZHONG);
	assert_int_equal(ch(&f, 0, 3), FRAME_WIDE_TAIL);
	assert_int_equal(style_at(&f, 0, 3), STYLE_DIM);
	assert_int_equal(ch(&f, 0, 4), 'b');
	/* the tail is not text: the row reads back as written */
	assert_string_equal(row(&f, 0), " a" ZHONG_UTF8 "b");

	/* one column left before the edge: the character is not split, the column stays blank */
	assert_int_equal(frame_put(&f, 1, 9, 10, STYLE_NORMAL, ZHONG_UTF8), 0);
	assert_int_equal(ch(&f, 1, 9), ' ');
	assert_int_equal(frame_put(&f, 1, 8, 10, STYLE_NORMAL, "x" ZHONG_UTF8), 1);
	assert_string_equal(row(&f, 1), "        x");
	/* with two columns left it fits */
	assert_int_equal(frame_put(&f, 1, 6, 10, STYLE_NORMAL, "y" ZHONG_UTF8), 3);
	assert_string_equal(row(&f, 1), "      y" ZHONG_UTF8);
	/* the same within maxw */
	assert_int_equal(frame_put(&f, 2, 0, 5, STYLE_NORMAL, ZHONG_UTF8 WEN_UTF8 ZHONG_UTF8), 4);
	assert_string_equal(row(&f, 2), ZHONG_UTF8 WEN_UTF8);
	assert_int_equal(ch(&f, 2, 4), ' ');
	assert_wide_pairs(&f);
	frame_free(&f);
}

/* Combining marks take no column; the frame keeps one code point per cell and drops them. */
static void test_zero_width(void **state)
{
	struct frame f = mkframe(10, 1, 1);

	(void)state;
	assert_int_equal(frame_text_width(&f, "e\xcc\x81x"), 2);
	assert_int_equal(frame_put(&f, 0, 0, 10, STYLE_NORMAL, "e\xcc\x81x"), 2);
	assert_string_equal(row(&f, 0), "ex");
	frame_free(&f);
}

/* Writing over half of a double-width character blanks its other half. */
static void test_overwrite_half_of_wide(void **state)
{
	struct frame f = mkframe(12, 6, 1);

	(void)state;
	for (int y = 0; y < 6; y++)
		frame_put(&f, y, 2, 10, STYLE_NORMAL, ZHONG_UTF8 WEN_UTF8);
	/* over the tail of 中 */
	frame_put(&f, 0, 3, 1, STYLE_NORMAL, "a");
	assert_string_equal(row(&f, 0), "   a" WEN_UTF8);
	/* over the head of 文 */
	frame_put(&f, 1, 4, 1, STYLE_NORMAL, "b");
	assert_string_equal(row(&f, 1), "  " ZHONG_UTF8 "b");
	/* a wide character shifted by one over both */
	frame_put(&f, 2, 3, 2, STYLE_NORMAL, ZHONG_UTF8);
	assert_string_equal(row(&f, 2), "   " ZHONG_UTF8);
	/* a fill (a dialog box edge) over the head and over the tail */
	frame_fill(&f, 3, 0, 5, STYLE_DIALOG, ' ');
	assert_string_equal(row(&f, 3), "");
	frame_fill(&f, 4, 5, 3, STYLE_DIALOG, '-');
	assert_string_equal(row(&f, 4), "  " ZHONG_UTF8 " ---");
	/* the same character again in place stays whole */
	frame_put(&f, 5, 2, 2, STYLE_NORMAL, ZHONG_UTF8);
	assert_string_equal(row(&f, 5), "  " ZHONG_UTF8 WEN_UTF8);
	assert_wide_pairs(&f);
	frame_free(&f);
}

/* ---------------------------------------------------------------- ASCII terminals */

static void test_non_utf8_frame(void **state)
{
	struct frame f = mkframe(20, 2, 0);

	(void)state;
	/* é, 中 and an em dash each become one '?' column */
	assert_int_equal(frame_text_width(&f, "caf\xc3\xa9 " ZHONG_UTF8 "\xe2\x80\x94"), 7);
	assert_int_equal(frame_put(&f, 0, 0, 20, STYLE_NORMAL,
				   "caf\xc3\xa9 " ZHONG_UTF8 "\xe2\x80\x94!"), 8);
	assert_string_equal(row(&f, 0), "caf? ?" "?!");
	for (int x = 0; x < 20; x++) {
		assert_true(ch(&f, 0, x) < 0x80);
		assert_true(ch(&f, 0, x) != FRAME_WIDE_TAIL);
	}
	/* control bytes are escaped the same way */
	frame_put(&f, 1, 0, 20, STYLE_NORMAL, "\x1b[m");
	assert_string_equal(row(&f, 1), "\\x1b[m");
	assert_no_controls(&f);
	frame_free(&f);
}

/* ---------------------------------------------------------------- reading rows back */

static void test_row_text_round_trip(void **state)
{
	static const char *const texts[] = {
		"plain ASCII, with punctuation: [](){}<>|~",
		"h\xc3\xa9llo w\xc3\xb6rld " ZHONG_UTF8 WEN_UTF8 " \xe2\x96\x81\xe2\x96\x88 end",
		"   leading spaces kept",
	};
	struct frame f = mkframe(80, 3, 1);
	char buf[256];

	(void)state;
	for (int i = 0; i < 3; i++) {
		frame_put(&f, i, 0, 80, STYLE_NORMAL, texts[i]);
		assert_int_equal(frame_row_text(&f, i, buf, sizeof(buf)), strlen(texts[i]));
		assert_string_equal(buf, texts[i]);
	}
	/* trailing spaces are trimmed, inner ones are not */
	frame_clear(&f);
	frame_put(&f, 0, 0, 80, STYLE_NORMAL, "a   b     ");
	assert_string_equal(row(&f, 0), "a   b");
	frame_free(&f);
}

/* A small buffer gets whole characters only, always terminated. */
static void test_row_text_small_buffer(void **state)
{
	struct frame f = mkframe(10, 1, 1);
	char buf[8];

	(void)state;
	frame_put(&f, 0, 0, 10, STYLE_NORMAL, "ab" ZHONG_UTF8 "cd");
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(frame_row_text(&f, 0, buf, 4), 2); /* "ab" + 3 bytes + NUL does not fit */
	assert_string_equal(buf, "ab");
	assert_int_equal(frame_row_text(&f, 0, buf, 6), 5);
	assert_string_equal(buf, "ab" ZHONG_UTF8);
	assert_int_equal(frame_row_text(&f, 0, buf, 1), 0);
	assert_string_equal(buf, "");
	assert_int_equal(frame_row_text(&f, 0, buf, 0), 0);
	frame_free(&f);
}

/* ---------------------------------------------------------------- fill, style, resize */

static void test_fill_and_style(void **state)
{
	struct frame f = mkframe(8, 2, 1);

	(void)state;
	frame_fill(&f, 0, -2, 5, STYLE_METER, '|');
	assert_string_equal(row(&f, 0), "|||");
	frame_fill(&f, 0, 6, 10, STYLE_METER, '#');
	assert_string_equal(row(&f, 0), "|||   ##");
	frame_fill(&f, 5, 0, 8, STYLE_METER, '#'); /* no such row */
	frame_put(&f, 1, 0, 8, STYLE_NORMAL, "abcdefgh");
	frame_style(&f, 1, 6, 5, STYLE_SELECTED);
	assert_string_equal(row(&f, 1), "abcdefgh");
	for (int x = 0; x < 8; x++)
		assert_int_equal(style_at(&f, 1, x), x >= 6 ? STYLE_SELECTED : STYLE_NORMAL);
	frame_clear(&f);
	assert_string_equal(row(&f, 0), "");
	assert_int_equal(style_at(&f, 1, 7), STYLE_NORMAL);
	assert_int_equal(f.cursor_x, -1);
	assert_int_equal(f.cursor_y, -1);
	frame_free(&f);
}

static void test_resize(void **state)
{
	struct frame f;
	char buf[16];

	(void)state;
	memset(&f, 0, sizeof(f));
	f.utf8 = 1;
	assert_int_equal(frame_resize(&f, 80, 24), 0);
	assert_int_equal(f.w, 80);
	assert_int_equal(f.h, 24);
	frame_put(&f, 23, 79, 1, STYLE_NORMAL, "z");
	assert_int_equal(ch(&f, 23, 79), 'z');

	/* 0x0: everything is a no-op */
	assert_int_equal(frame_resize(&f, 0, 0), 0);
	assert_int_equal(f.w, 0);
	assert_int_equal(f.h, 0);
	assert_int_equal(frame_put(&f, 0, 0, 10, STYLE_NORMAL, "x"), 0);
	frame_fill(&f, 0, 0, 10, STYLE_NORMAL, 'x');
	frame_style(&f, 0, 0, 10, STYLE_DIM);
	frame_clear(&f);
	assert_null(frame_at(&f, 0, 0));
	assert_int_equal(frame_row_text(&f, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(frame_text_width(&f, "abc"), 3);

	/* negative sizes are 0x0 too */
	assert_int_equal(frame_resize(&f, -5, 3), 0);
	assert_int_equal(f.w, 0);
	assert_null(frame_at(&f, 0, 0));

	/* 1x1 */
	assert_int_equal(frame_resize(&f, 1, 1), 0);
	assert_int_equal(frame_put(&f, 0, 0, 10, STYLE_NORMAL, "ab"), 1);
	assert_string_equal(row(&f, 0), "a");
	frame_clear(&f);
	assert_int_equal(frame_put(&f, 0, 0, 10, STYLE_NORMAL, ZHONG_UTF8), 0);
	assert_string_equal(row(&f, 0), "");

	/* back to a full size: blank, no trace of the old contents */
	assert_int_equal(frame_resize(&f, 132, 43), 0);
	for (int y = 0; y < 43; y++) {
		assert_string_equal(row(&f, y), "");
		for (int x = 0; x < 132; x++)
			assert_int_equal(style_at(&f, y, x), STYLE_NORMAL);
	}
	frame_put(&f, 42, 130, 5, STYLE_NORMAL, "xyz");
	assert_string_equal(row(&f, 42) + 130, "xy");
	frame_free(&f);
	assert_null(f.cells);
	assert_int_equal(f.w, 0);
	frame_free(&f); /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_plain),
		cmocka_unit_test(test_put_clips_right_edge_and_maxw),
		cmocka_unit_test(test_put_rows_out_of_range),
		cmocka_unit_test(test_put_negative_x),
		cmocka_unit_test(test_control_bytes_escaped),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_backslash),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_wide_chars),
		cmocka_unit_test(test_zero_width),
		cmocka_unit_test(test_overwrite_half_of_wide),
		cmocka_unit_test(test_non_utf8_frame),
		cmocka_unit_test(test_row_text_round_trip),
		cmocka_unit_test(test_row_text_small_buffer),
		cmocka_unit_test(test_fill_and_style),
		cmocka_unit_test(test_resize),
	};

	/* wcwidth needs a UTF-8 locale to know that U+4E2D takes two columns */
	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		fprintf(stderr, "test_frame: the C.UTF-8 locale is not available\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
