/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_hexdump.c - the pure byte work of hexdump.c: byte classes, the `hexdump -C` formatter
 * against fixtures made by util-linux hexdump and, when /usr/bin/hexdump is installed, against
 * the tool itself on generated inputs; the view's 8/16/32 layouts, fading change marks, search
 * patterns and the budgeted search (checked against a naive search), goto parsing, and the
 * inspector (checked against values decoded here independently). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hexdump.h"

#ifndef HEXDUMP_TOOL
#define HEXDUMP_TOOL "/usr/bin/hexdump"
#endif

/* A small deterministic generator, so failures reproduce. */
static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void fill_random(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rng();
}

/* ------------------------------------------------------------------ growing byte buffers */

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = realloc(b->p, cap);
		assert_non_null(b->p);
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void buf_fill(struct buf *b, uint8_t v, size_t n)
{
	while (n--)
		buf_add(b, &v, 1);
}

static void buf_random(struct buf *b, size_t n)
{
	while (n--) {
		uint8_t v = (uint8_t)rng();

		buf_add(b, &v, 1);
	}
}

/* ------------------------------------------------------------------ running the formatter */

/* The formatter has a portable and (on x86) an SSSE3 line writer: the hexdump -C tests run
 * with each in turn. */
static int use_portable;

/* Output of the formatter for data fed in pieces of chunk bytes (0: all at once, SIZE_MAX:
 * random sizes), starting at offset start; caller frees. */
static char *dump_at(const uint8_t *d, size_t n, size_t chunk, uint64_t start, size_t *outlen)
{
	struct outbuf o;
	struct hexdump_c h;
	size_t i = 0;
	char *s;

	outbuf_init(&o, NULL, NULL);
	hexdump_c_init(&h);
	h.offset = start;
	h.portable = use_portable;
	while (i < n) {
		size_t k = chunk == 0 ? n : chunk == SIZE_MAX ? 1 + rng() % (rng() % 4 ? 40 : 5000)
							       : chunk;

		if (k > n - i)
			k = n - i;
		hexdump_c_feed(&h, d + i, k, &o);
		i += k;
	}
	hexdump_c_finish(&h, &o);
	assert_int_equal(o.err, 0);
	*outlen = o.len;
	s = malloc(o.len + 1);
	assert_non_null(s);
	if (o.len)
		memcpy(s, o.p, o.len);
	s[o.len] = '\0';
	outbuf_free(&o);
	return s;
}

static char *dump(const uint8_t *d, size_t n, size_t chunk, size_t *outlen)
{
	return dump_at(d, n, chunk, 0, outlen);
}

/* Fail with the first differing line of two dumps. */
static void assert_same_text(const char *what, const char *got, size_t gotlen, const char *want,
			     size_t wantlen)
{
	size_t i = 0, line = 0;

	if (gotlen == wantlen && memcmp(got, want, gotlen) == 0)
		return;
	while (i < gotlen && i < wantlen && got[i] == want[i]) {
		if (got[i] == '\n')
			line = i + 1;
		i++;
	}
	fail_msg("%s: output differs at byte %zu (got %zu bytes, want %zu)\n got: %.80s\nwant: %.80s",
		 what, i, gotlen, wantlen, got + line, want + line);
}

/* ------------------------------------------------------------------ byte classes */

static void test_class_ascii(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C");
	for (int v = 0; v < 256; v++) {
		uint8_t b = (uint8_t)v;
		enum hexdump_class want;
		char c = hexdump_ascii(b);

		/* rules from the C locale's classification, not from hexdump.c */
		if (v == 0)
			want = HEXDUMP_ZERO;
		else if (v < 128 && isgraph(v))
			want = HEXDUMP_PRINT;
		else if (v < 128 && isspace(v))
			want = HEXDUMP_SPACE;
		else
			want = HEXDUMP_OTHER;
		assert_int_equal(hexdump_class(b), want);
		if (v < 128 && isprint(v))
			assert_int_equal(c, v);
		else
			assert_int_equal(c, '.');
		/* the ASCII column never sends a control byte or a high byte to the terminal */
		assert_true((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f);
	}
	assert_int_equal(hexdump_class(' '), HEXDUMP_SPACE);
	assert_int_equal(hexdump_class('\v'), HEXDUMP_SPACE);
	assert_int_equal(hexdump_class(0x7f), HEXDUMP_OTHER);
	assert_int_equal(hexdump_class(0xa0), HEXDUMP_OTHER);
	assert_int_equal(hexdump_class('~'), HEXDUMP_PRINT);
}

/* ------------------------------------------------------------------ hexdump -C: fixtures */

static char *read_fixture(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	struct buf b = { 0 };
	char tmp[4096];
	size_t n;
	FILE *f;

	if (!top || !*top)
		top = ".";
	snprintf(path, sizeof(path), "%s/tests/data/hexdump/%s", top, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s: %s", path, strerror(errno));
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	buf_add(&b, "", 0);
	*len = b.len;
	return (char *)b.p;
}

static void check_fixture(const char *name, uint64_t start)
{
	char bin[256], txt[256];
	size_t n, wantlen, gotlen;
	uint8_t *data;
	char *want;
	static const size_t chunks[] = { 0, 1, 3, 15, 16, 17, SIZE_MAX };

	snprintf(bin, sizeof(bin), "%s.bin", name);
	snprintf(txt, sizeof(txt), "%s.txt", name);
	data = (uint8_t *)read_fixture(bin, &n);
	want = read_fixture(txt, &wantlen);
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		char *got = dump_at(data, n, chunks[i], start, &gotlen);

		assert_same_text(name, got, gotlen, want, wantlen);
		free(got);
	}
	free(data);
	free(want);
}

static void test_c_fixtures(void **state)
{
	static const char *const names[] = {
		"empty", "one", "line15", "line16", "line17", "allbytes", "runs", "run-mid",
		"run-exact", "random1000", "page4096",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		check_fixture(names[i], 0);
	/* offsets past 4 GiB grow to nine digits; a run squeezed across the 4 GiB mark */
	check_fixture("offset-4g", 0xffffffe0u);
}

/* Some lines written out by hand from the tool's documented format, so a fixture directory
 * regenerated by a broken tool could not hide a fault. */
static void test_c_known_text(void **state)
{
	uint8_t d[48];
	size_t len;
	char *got;

	(void)state;
	got = dump(NULL, 0, 0, &len);
	assert_int_equal(len, 0);
	free(got);

	got = dump((const uint8_t *)"a", 1, 0, &len);
	assert_string_equal(got,
		"00000000  61                                                |a|\n"
		"00000001\n");
	free(got);

	memset(d, 0, sizeof(d));
	got = dump(d, 40, 0, &len);
	assert_string_equal(got,
		"00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
		"*\n"
		"00000020  00 00 00 00 00 00 00 00                           |........|\n"
		"00000028\n");
	free(got);

	/* a partial last line equal to the start of the previous line is still printed */
	memset(d, 'A', sizeof(d));
	got = dump(d, 37, 0, &len);
	assert_string_equal(got,
		"00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|\n"
		"*\n"
		"00000020  41 41 41 41 41                                    |AAAAA|\n"
		"00000025\n");
	free(got);

	/* exactly one full line: no star, the final offset line */
	got = dump(d, 16, 0, &len);
	assert_string_equal(got,
		"00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|\n"
		"00000010\n");
	free(got);

	/* a run ending on a full line: the star, then the final offset */
	got = dump(d, 48, 0, &len);
	assert_string_equal(got,
		"00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|\n"
		"*\n"
		"00000030\n");
	free(got);

	/* two separate runs of the same line each get their star */
	memset(d, 0, sizeof(d));
	d[32] = 1;
	{
		struct buf b = { 0 };

		buf_add(&b, d, 48);
		buf_fill(&b, 0, 32);
		got = dump(b.p, b.len, 0, &len);
		assert_string_equal(got,
			"00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
			"*\n"
			"00000020  01 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
			"00000030  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
			"*\n"
			"00000050\n");
		free(got);
		free(b.p);
	}
}

/* The same bytes in any chunking, and through a sink that flushes many times, give one text. */
static int sink_collect(void *ctx, const char *data, size_t len)
{
	buf_add(ctx, data, len);
	return 0;
}

static void test_c_chunks_and_sink(void **state)
{
	struct buf in = { 0 };
	size_t wantlen, gotlen;
	char *want, *got;

	(void)state;
	/* random lines, runs of repeated lines (some ending mid-line), zeros */
	for (int seg = 0; seg < 400; seg++) {
		uint8_t line[16];

		switch (rng() % 4) {
		case 0:
			buf_random(&in, rng() % 100);
			break;
		case 1:
			fill_random(line, sizeof(line));
			for (int k = (int)(rng() % 6); k >= 0; k--)
				buf_add(&in, line, sizeof(line));
			buf_add(&in, line, rng() % 16);
			break;
		case 2:
			buf_fill(&in, 0, rng() % 200);
			break;
		default:
			buf_fill(&in, (uint8_t)rng(), rng() % 70);
			break;
		}
	}
	want = dump(in.p, in.len, 0, &wantlen);
	for (int round = 0; round < 20; round++) {
		got = dump(in.p, in.len, SIZE_MAX, &gotlen);
		assert_same_text("random chunks", got, gotlen, want, wantlen);
		free(got);
	}
	for (size_t chunk = 1; chunk <= 33; chunk++) {
		got = dump(in.p, in.len, chunk, &gotlen);
		assert_same_text("fixed chunks", got, gotlen, want, wantlen);
		free(got);
	}

	/* 300 KiB of random bytes through a sink: several OUTBUF_CHUNK flushes */
	{
		struct buf big = { 0 }, out = { 0 };
		struct outbuf o;
		struct hexdump_c h;

		buf_random(&big, 300 * 1024 + 5);
		free(want);
		want = dump(big.p, big.len, 0, &wantlen);
		outbuf_init(&o, sink_collect, &out);
		hexdump_c_init(&h);
		h.portable = use_portable;
		for (size_t i = 0; i < big.len; i += 10000)
			hexdump_c_feed(&h, big.p + i, big.len - i < 10000 ? big.len - i : 10000, &o);
		hexdump_c_finish(&h, &o);
		assert_int_equal(outbuf_flush(&o), 0);
		outbuf_free(&o);
		assert_same_text("sink", (const char *)out.p, out.len, want, wantlen);
		/* 79 bytes per full line of random data, and the partial and final lines */
		assert_int_equal(wantlen, (300 * 1024 / 16) * 79 +
				 (10 + 3 * 5 + 1 + 3 * 11 + 2 + 5 + 2) + 9);
		free(big.p);
		free(out.p);
	}
	free(want);
	free(in.p);
}

/* ------------------------------------------------------------------ hexdump -C: the real tool */

/* `hexdump -C [-s start] FILE` for data placed at offset start of a sparse temp file. */
static char *tool_dump(const uint8_t *d, size_t n, uint64_t start, size_t *len)
{
	char path[] = "/tmp/test_hexdump.XXXXXX", cmd[256], tmp[65536];
	struct buf out = { 0 };
	size_t k;
	FILE *f, *p;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	if (start)
		assert_int_equal(ftruncate(fd, (off_t)start), 0);
	assert_int_equal(fseeko(f, (off_t)start, SEEK_SET), 0);
	if (n)
		assert_int_equal(fwrite(d, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	if (start)
		snprintf(cmd, sizeof(cmd), HEXDUMP_TOOL " -C -s %" PRIu64 " %s", start, path);
	else
		snprintf(cmd, sizeof(cmd), HEXDUMP_TOOL " -C %s", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((k = fread(tmp, 1, sizeof(tmp), p)) > 0)
		buf_add(&out, tmp, k);
	assert_int_equal(pclose(p), 0);
	unlink(path);
	buf_add(&out, "", 0);
	*len = out.len;
	return (char *)out.p;
}

static void check_tool(const char *what, const uint8_t *d, size_t n, uint64_t start)
{
	size_t wantlen, gotlen;
	char *want = tool_dump(d, n, start, &wantlen);
	char *got = dump_at(d, n, SIZE_MAX, start, &gotlen);

	assert_same_text(what, got, gotlen, want, wantlen);
	free(want);
	free(got);
}

static void test_c_vs_tool(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 4096 };
	char what[128];
	int cases = 0;

	(void)state;
	if (access(HEXDUMP_TOOL, X_OK) != 0) {
		print_message("[  SKIP    ] " HEXDUMP_TOOL " is not installed: only the fixtures "
			      "check hexdump -C compatibility\n");
		skip();
	}
	/* random data of the boundary sizes, and all-equal data of the same sizes */
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct buf b = { 0 };

		buf_random(&b, sizes[i]);
		snprintf(what, sizeof(what), "random %zu", sizes[i]);
		check_tool(what, b.p, b.len, 0);
		b.len = 0;
		buf_fill(&b, 0, sizes[i]);
		snprintf(what, sizeof(what), "zeros %zu", sizes[i]);
		check_tool(what, b.p, b.len, 0);
		free(b.p);
		cases += 2;
	}
	/* runs of a repeated line of every length up to 6 lines, ending on and off a line */
	for (int head = 0; head < 2; head++) {
		for (int k = 0; k <= 6; k++) {
			for (int delta = -1; delta <= 8; delta += delta < 1 ? 1 : 7) {
			for (int tail = 0; tail < 3; tail++) {
				struct buf b = { 0 };
				size_t run = (size_t)(16 * k + delta);

				if (16 * k + delta < 0)
					continue;

				buf_random(&b, head ? 16 + rng() % 3 : 0);
				buf_fill(&b, 0x42, run);
				buf_random(&b, tail == 0 ? 0 : tail == 1 ? 5 : 16);
				snprintf(what, sizeof(what), "run %zu head %d tail %d", run, head, tail);
				check_tool(what, b.p, b.len, 0);
				free(b.p);
				cases++;
			}
			}
		}
	}
	/* random structures: random bytes, repeated lines, zero runs */
	for (int r = 0; r < 40; r++) {
		struct buf b = { 0 };
		int segs = 1 + (int)(rng() % 20);

		for (int seg = 0; seg < segs; seg++) {
			uint8_t line[16];

			switch (rng() % 3) {
			case 0:
				buf_random(&b, rng() % 90);
				break;
			case 1:
				fill_random(line, sizeof(line));
				for (int k = (int)(rng() % 5); k >= 0; k--)
					buf_add(&b, line, sizeof(line));
				break;
			default:
				buf_fill(&b, 0, rng() % 150);
				break;
			}
		}
		snprintf(what, sizeof(what), "structure %d (%zu bytes)", r, b.len);
		check_tool(what, b.p, b.len, 0);
		free(b.p);
		cases++;
	}
	/* 1 MiB with long runs */
	{
		struct buf b = { 0 };

		while (b.len < 1024 * 1024) {
			buf_random(&b, rng() % 3000);
			buf_fill(&b, 0, rng() % 60000);
		}
		check_tool("1 MiB with runs", b.p, b.len, 0);
		free(b.p);
		cases++;
	}
	/* offsets crossing 4 GiB (the tool prints 9 digits), and near the 36-bit mark */
	{
		struct buf b = { 0 };

		buf_random(&b, 40);
		buf_fill(&b, 7, 64);
		buf_random(&b, 9);
		check_tool("across 4 GiB", b.p, b.len, 0xffffffc0u);
		check_tool("across 64 GiB", b.p, b.len, 0xfffffffd0ull);
		free(b.p);
		cases += 2;
	}
	print_message("[          ] %d inputs identical to " HEXDUMP_TOOL " -C\n", cases);
}

/* ------------------------------------------------------------------ view layout */

static void test_offset_digits(void **state)
{
	(void)state;
	assert_int_equal(hexdump_offset_digits(0), 8);
	assert_int_equal(hexdump_offset_digits(1), 8);
	assert_int_equal(hexdump_offset_digits(1024), 8);
	assert_int_equal(hexdump_offset_digits(1ull << 32), 8);          /* last offset ffffffff */
	assert_int_equal(hexdump_offset_digits((1ull << 32) + 1), 9);
	assert_int_equal(hexdump_offset_digits(5ull << 30), 9);
	assert_int_equal(hexdump_offset_digits(1ull << 36), 9);
	assert_int_equal(hexdump_offset_digits((1ull << 36) + 1), 10);
	assert_int_equal(hexdump_offset_digits(UINT64_MAX), 16);
}

static void check_layout(int per_line, int digits)
{
	int w = hexdump_line_width(per_line, digits);
	int last_hex = hexdump_hex_col(per_line, digits, per_line - 1);

	/* the offset, two blanks, then the first byte */
	assert_int_equal(hexdump_hex_col(per_line, digits, 0), digits + 2);
	for (int i = 1; i < per_line; i++) {
		int gap = hexdump_hex_col(per_line, digits, i) - hexdump_hex_col(per_line, digits, i - 1);

		/* "xx " then one more blank after every 8 bytes: no overlap, monotonic */
		assert_int_equal(gap, i % 8 == 0 ? 4 : 3);
		assert_int_equal(hexdump_ascii_col(per_line, digits, i),
				 hexdump_ascii_col(per_line, digits, i - 1) + 1);
	}
	/* the ASCII column after the hex, separated by at least one blank */
	assert_true(hexdump_ascii_col(per_line, digits, 0) >= last_hex + 3);
	assert_int_equal(w, hexdump_ascii_col(per_line, digits, per_line - 1) + 1);
}

static void test_layout(void **state)
{
	static const int widths[] = { 8, 16, 32 };

	(void)state;
	for (size_t i = 0; i < 3; i++)
		for (int digits = 8; digits <= 16; digits++)
			check_layout(widths[i], digits);
	/* at 16 bytes and 8 digits, the columns of hexdump -C */
	assert_int_equal(hexdump_hex_col(16, 8, 0), 10);
	assert_int_equal(hexdump_hex_col(16, 8, 8), 35);
	assert_int_equal(hexdump_ascii_col(16, 8, 0), 61);
	assert_int_equal(hexdump_line_width(16, 8), 77);
	assert_int_equal(hexdump_line_width(8, 8), 8 + 2 + 24 + 1 + 1 + 8);
	/* per line: the widest that fits */
	assert_int_equal(hexdump_per_line(80, 8), 16);
	assert_int_equal(hexdump_per_line(77, 8), 16);
	assert_int_equal(hexdump_per_line(76, 8), 8);
	assert_int_equal(hexdump_per_line(20, 8), 8);
	assert_int_equal(hexdump_per_line(hexdump_line_width(32, 8), 8), 32);
	assert_int_equal(hexdump_per_line(hexdump_line_width(32, 8) - 1, 8), 16);
	assert_int_equal(hexdump_per_line(200, 8), 32);
	assert_int_equal(hexdump_per_line(hexdump_line_width(32, 9), 9), 32);
	assert_int_equal(hexdump_per_line(hexdump_line_width(32, 9) - 1, 9), 16);
}

/* Every byte value at every position of 8, 16 and 32 byte lines lands in its columns. */
static void test_view_line(void **state)
{
	static const int widths[] = { 8, 16, 32 };
	uint8_t d[32];
	char line[256], hex[3];

	(void)state;
	for (size_t wi = 0; wi < 3; wi++) {
		int per = widths[wi];

		for (int v = 0; v < 256; v++) {
			for (int i = 0; i < per; i++)
				d[i] = (uint8_t)(v + i);
			for (int digits = 8; digits <= 9; digits++) {
				uint64_t off = digits == 8 ? 0x1234abc0u : 0x100000020ull;
				size_t n = hexdump_view_line(line, sizeof(line), off, digits, per, d,
							     (size_t)per);

				assert_int_equal(n, hexdump_line_width(per, digits));
				assert_int_equal(strlen(line), n);
				assert_memory_equal(line, digits == 8 ? "1234abc0" : "100000020",
						    (size_t)digits);
				for (int i = 0; i < per; i++) {
					int hc = hexdump_hex_col(per, digits, i);
					uint8_t b = d[i];

					snprintf(hex, sizeof(hex), "%02x", b);
					assert_memory_equal(line + hc, hex, 2);
					assert_int_equal(line[hc + 2], ' ');
					assert_int_equal(line[hexdump_ascii_col(per, digits, i)],
							 b >= 0x20 && b < 0x7f ? b : '.');
				}
			}
		}
	}
	/* a short last line: the missing bytes are blank in both columns */
	memcpy(d, "xyz", 3);
	hexdump_view_line(line, sizeof(line), 0x30, 8, 16, d, 3);
	assert_string_equal(line, "00000030  78 79 7a                                           xyz"
				  "             ");
	/* the same columns as hexdump -C, with blanks for its bars */
	memcpy(d, "hello, world\n\t\x01\xff", 16);
	hexdump_view_line(line, sizeof(line), 0x10, 8, 16, d, 16);
	assert_string_equal(line,
		"00000010  68 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a 09 01 ff   hello, world....");
	/* truncation to the buffer */
	assert_int_equal(hexdump_view_line(line, 9, 0x10, 8, 16, d, 16), 8);
	assert_string_equal(line, "00000010");
}

/* ------------------------------------------------------------------ change marks */

static void test_marks(void **state)
{
	struct hexdump_marks m;
	uint8_t w[64];

	(void)state;
	hexdump_marks_init(&m);
	assert_int_equal(hexdump_marks_age(&m, 0), 0);
	fill_random(w, sizeof(w));

	/* the first update marks nothing */
	assert_int_equal(hexdump_marks_update(&m, 4096, w, sizeof(w), 100), 0);
	for (uint64_t off = 4000; off < 4200; off++)
		assert_int_equal(hexdump_marks_age(&m, off), 0);
	assert_int_equal(m.changed_at, 0);

	/* unchanged: still nothing */
	assert_int_equal(hexdump_marks_update(&m, 4096, w, sizeof(w), 101), 0);
	assert_int_equal(m.changed_at, 0);

	/* two bytes change: marked at full strength, then fading to 0 over HEXDUMP_FADE refreshes */
	w[0] ^= 1;
	w[63] ^= 0x80;
	assert_int_equal(hexdump_marks_update(&m, 4096, w, sizeof(w), 102), 2);
	assert_int_equal(m.changed_at, 102);
	assert_int_equal(hexdump_marks_age(&m, 4096), HEXDUMP_FADE);
	assert_int_equal(hexdump_marks_age(&m, 4096 + 63), HEXDUMP_FADE);
	assert_int_equal(hexdump_marks_age(&m, 4097), 0);
	assert_int_equal(hexdump_marks_age(&m, 4095), 0);        /* outside the window */
	assert_int_equal(hexdump_marks_age(&m, 4096 + 64), 0);
	for (int k = HEXDUMP_FADE - 1; k >= 0; k--) {
		assert_int_equal(hexdump_marks_update(&m, 4096, w, sizeof(w), 103 + k), 0);
		assert_int_equal(hexdump_marks_age(&m, 4096), k);
		assert_int_equal(hexdump_marks_age(&m, 4096 + 63), k);
	}
	assert_int_equal(m.changed_at, 102);   /* refreshes without change keep the time */

	/* a byte changing again while fading is back at full strength */
	w[5] = (uint8_t)(w[5] + 1);
	assert_int_equal(hexdump_marks_update(&m, 4096, w, sizeof(w), 200), 1);
	assert_int_equal(hexdump_marks_update(&m, 4096, w, sizeof(w), 201), 0);
	assert_int_equal(hexdump_marks_age(&m, 4101), HEXDUMP_FADE - 1);
	w[5] = (uint8_t)(w[5] + 1);
	assert_int_equal(hexdump_marks_update(&m, 4096, w, sizeof(w), 202), 1);
	assert_int_equal(hexdump_marks_age(&m, 4101), HEXDUMP_FADE);

	/* moving the window resets: nothing marked, even where bytes differ */
	w[6] ^= 0xff;
	assert_int_equal(hexdump_marks_update(&m, 4096 + 16, w, sizeof(w), 300), 0);
	for (uint64_t off = 4096; off < 4096 + 100; off++)
		assert_int_equal(hexdump_marks_age(&m, off), 0);
	/* and compares against the new window from then on */
	w[1] ^= 1;
	assert_int_equal(hexdump_marks_update(&m, 4096 + 16, w, sizeof(w), 301), 1);
	assert_int_equal(hexdump_marks_age(&m, 4096 + 16 + 1), HEXDUMP_FADE);

	/* resizing resets too, and growing reallocates */
	{
		uint8_t big[1000];

		fill_random(big, sizeof(big));
		assert_int_equal(hexdump_marks_update(&m, 0, big, sizeof(big), 400), 0);
		assert_true(m.cap >= sizeof(big));
		big[999] ^= 1;
		assert_int_equal(hexdump_marks_update(&m, 0, big, sizeof(big), 401), 1);
		assert_int_equal(hexdump_marks_age(&m, 999), HEXDUMP_FADE);
		assert_int_equal(hexdump_marks_update(&m, 0, big, 10, 402), 0);
		assert_int_equal(hexdump_marks_age(&m, 999), 0);
	}
	/* an empty window */
	assert_int_equal(hexdump_marks_update(&m, 0, NULL, 0, 500), 0);
	assert_int_equal(hexdump_marks_update(&m, 0, NULL, 0, 501), 0);
	assert_int_equal(hexdump_marks_age(&m, 0), 0);
	hexdump_marks_free(&m);
	assert_null(m.prev);

	/* marks that start empty */
	hexdump_marks_init(&m);
	assert_int_equal(hexdump_marks_update(&m, 0, NULL, 0, 1), 0);
	assert_int_equal(hexdump_marks_update(&m, 0, w, 16, 2), 0);
	w[0] ^= 1;
	assert_int_equal(hexdump_marks_update(&m, 0, w, 16, 3), 1);
	hexdump_marks_free(&m);
}

/* ------------------------------------------------------------------ search patterns */

static void check_pattern(const char *text, const void *want, size_t len)
{
	struct hexdump_pattern p;
	char err[128];

	assert_int_equal(hexdump_pattern_parse(text, &p, err, sizeof(err)), 0);
	assert_int_equal(p.len, len);
	assert_memory_equal(p.bytes, want, len);
}

static void check_pattern_error(const char *text, const char *msg)
{
	struct hexdump_pattern p;
	char err[128];

	assert_int_equal(hexdump_pattern_parse(text, &p, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, msg);
}

static void test_pattern_parse(void **state)
{
	char text[600];
	uint8_t bytes[HEXDUMP_PATTERN_MAX];

	(void)state;
	check_pattern("abc", "abc", 3);
	check_pattern("hello world", "hello world", 11);
	check_pattern("a\\nb\\tc\\rd\\0e\\\\f", "a\nb\tc\rd\0e\\f", 11);
	check_pattern("\\x41\\x7f\\xFF\\x00", "A\x7f\xff\0", 4);
	check_pattern("x:de ad be ef", "\xde\xad\xbe\xef", 4);
	check_pattern("x:deadbeef", "\xde\xad\xbe\xef", 4);
	check_pattern("x:DEADbeef", "\xde\xad\xbe\xef", 4);
	check_pattern("x:  de\tad  beef  ", "\xde\xad\xbe\xef", 4);
	check_pattern("x:00", "\0", 1);
	check_pattern("X:41", "X:41", 4);          /* only lowercase x: means hex */
	check_pattern("\\x78:41", "x:41", 4);      /* text starting with x: via an escape */
	check_pattern("x", "x", 1);

	check_pattern_error("x:zz", "bad hex byte 'zz'");
	check_pattern_error("x:de zz", "bad hex byte 'zz'");
	check_pattern_error("x:dezz", "bad hex byte 'zz'");
	check_pattern_error("x:abc", "bad hex byte 'c'");
	check_pattern_error("x:a bc", "bad hex byte 'a'");
	check_pattern_error("x:0g", "bad hex byte '0g'");
	check_pattern_error("x:\x01\x02", "bad hex byte '\\x01\\x02'");   /* escaped for the screen */
	check_pattern_error("x:", "empty pattern");
	check_pattern_error("x:   ", "empty pattern");
	check_pattern_error("", "empty pattern");
	check_pattern_error("a\\q", "bad escape \\q");
	check_pattern_error("\\xzz", "bad escape \\xzz");
	check_pattern_error("\\x4", "bad escape \\x4");
	check_pattern_error("\\x", "bad escape \\x");
	check_pattern_error("ab\\", "bad escape \\ at the end");

	/* the longest pattern, and one byte more */
	memset(text, 'a', HEXDUMP_PATTERN_MAX);
	text[HEXDUMP_PATTERN_MAX] = '\0';
	memset(bytes, 'a', sizeof(bytes));
	check_pattern(text, bytes, HEXDUMP_PATTERN_MAX);
	strcat(text, "a");
	check_pattern_error(text, "pattern too long");
	strcpy(text, "x:");
	for (int i = 0; i < HEXDUMP_PATTERN_MAX; i++)
		strcat(text, "ab");
	memset(bytes, 0xab, sizeof(bytes));
	check_pattern(text, bytes, HEXDUMP_PATTERN_MAX);
	strcat(text, " ab");
	check_pattern_error(text, "pattern too long");

	/* err may be absent or tiny */
	{
		struct hexdump_pattern p;
		char small[4];

		assert_int_equal(hexdump_pattern_parse("", &p, NULL, 0), -EINVAL);
		assert_int_equal(hexdump_pattern_parse("x:zz", &p, small, sizeof(small)), -EINVAL);
		assert_string_equal(small, "bad");
	}
}

/* ------------------------------------------------------------------ incremental search */

/* The first match at or after from (or at or before, backward), wrapping; -1 when none. */
static int64_t naive_search(const uint8_t *d, uint64_t size, const struct hexdump_pattern *p,
			    uint64_t from, int backward)
{
	uint64_t n, start;

	if (!p->len || p->len > size)
		return -1;
	n = size - p->len + 1;
	start = from < n ? from : backward ? n - 1 : 0;
	for (uint64_t k = 0; k < n; k++) {
		uint64_t pos = backward ? (start + n - k) % n : (start + k) % n;

		if (memcmp(d + pos, p->bytes, p->len) == 0)
			return (int64_t)pos;
	}
	return -1;
}

/* Runs the search to its end, checking the budget of every step. */
static int64_t run_search(const uint8_t *d, uint64_t size, const struct hexdump_pattern *p,
			  uint64_t from, int backward, uint64_t budget, uint64_t *steps)
{
	struct hexdump_search s;
	uint64_t at = UINT64_MAX, n = 0;
	int r;

	hexdump_search_start(&s, p, from, backward);
	do {
		uint64_t before = s.done;

		r = hexdump_search_step(&s, d, size, budget, &at);
		n++;
		assert_true(s.done - before <= (budget ? budget : 1));
		assert_true(r == 0 || r == 1 || r == 2);
		assert_true(n <= size + 2);
	} while (r == 2);
	if (steps)
		*steps = n;
	if (r == 0)
		return -1;
	assert_true(at < size);
	return (int64_t)at;
}

static struct hexdump_pattern pat_of(const char *text)
{
	struct hexdump_pattern p;
	char err[128];

	assert_int_equal(hexdump_pattern_parse(text, &p, err, sizeof(err)), 0);
	return p;
}

static void test_search_cases(void **state)
{
	const size_t size = 1 << 20;
	uint8_t *d = calloc(1, size);
	struct hexdump_pattern p;
	uint64_t steps;

	(void)state;
	assert_non_null(d);

	/* text across the end of the visible window (a step boundary) */
	p = pat_of("SHMTOP");
	memcpy(d + 4096 - 3, "SHMTOP", 6);
	assert_int_equal(run_search(d, size, &p, 0, 0, 4096, &steps), 4093);
	assert_int_equal(steps, 1);
	assert_int_equal(run_search(d, size, &p, 4094, 0, 4096, NULL), 4093);   /* wraps */
	assert_int_equal(run_search(d, size, &p, size - 1, 1, 4096, NULL), 4093);
	assert_int_equal(run_search(d, size, &p, 4092, 1, 4096, NULL), 4093);   /* wraps back */
	/* a match whose first byte is the last examined of a step is found in that step */
	assert_int_equal(run_search(d, size, &p, 0, 0, 4094, &steps), 4093);
	assert_int_equal(steps, 1);
	assert_int_equal(run_search(d, size, &p, 0, 0, 4093, &steps), 4093);
	assert_int_equal(steps, 2);
	/* budget 1: one position per step */
	assert_int_equal(run_search(d, size, &p, 4000, 0, 1, &steps), 4093);
	assert_int_equal(steps, 94);
	assert_int_equal(run_search(d, size, &p, 4100, 1, 1, &steps), 4093);
	assert_int_equal(steps, 8);
	assert_int_equal(run_search(d, size, &p, 4000, 0, 0, &steps), 4093);   /* 0 counts as 1 */
	assert_int_equal(steps, 94);

	/* hex bytes at the very last bytes */
	p = pat_of("x:de ad be ef");
	memcpy(d + size - 4, "\xde\xad\xbe\xef", 4);
	assert_int_equal(run_search(d, size, &p, 0, 0, 65536, NULL), (int64_t)size - 4);
	assert_int_equal(run_search(d, size, &p, size - 4, 0, 65536, NULL), (int64_t)size - 4);
	assert_int_equal(run_search(d, size, &p, size - 1, 0, 65536, NULL), (int64_t)size - 4);
	assert_int_equal(run_search(d, size, &p, 0, 1, 65536, NULL), (int64_t)size - 4);
	/* a one-byte pattern at the last byte */
	p = pat_of("\\xef");
	assert_int_equal(run_search(d, size, &p, 0, 0, 1000, NULL), (int64_t)size - 1);
	assert_int_equal(run_search(d, size, &p, size - 1, 1, 1000, NULL), (int64_t)size - 1);

	/* escapes */
	p = pat_of("a\\nb\\0");
	memcpy(d + 777, "a\nb\0", 4);
	assert_int_equal(run_search(d, size, &p, 0, 0, 100, NULL), 777);

	/* absent: the whole range examined, in as many steps as the budget implies */
	p = pat_of("absent!");
	assert_int_equal(run_search(d, size, &p, 12345, 0, 65536, &steps), -1);
	assert_int_equal(steps, (size - 7 + 1 + 65535) / 65536);
	assert_int_equal(run_search(d, size, &p, 12345, 1, 65536, &steps), -1);

	/* a pattern longer than the data, and empty data */
	p = pat_of("0123456789");
	assert_int_equal(run_search((const uint8_t *)"01234", 5, &p, 0, 0, 100, &steps), -1);
	assert_int_equal(steps, 1);
	assert_int_equal(run_search((const uint8_t *)"0123456789", 10, &p, 0, 0, 100, NULL), 0);
	assert_int_equal(run_search((const uint8_t *)"0123456789", 10, &p, 5, 1, 100, NULL), 0);
	assert_int_equal(run_search(d, 0, &p, 0, 0, 100, NULL), -1);

	/* after a match, the next call continues to the next one */
	{
		struct hexdump_search s;
		const uint8_t *t = (const uint8_t *)"abXabXabXab";
		uint64_t at = 0;

		p = pat_of("ab");
		hexdump_search_start(&s, &p, 1, 0);
		assert_int_equal(hexdump_search_step(&s, t, 11, 100, &at), 1);
		assert_int_equal(at, 3);
		assert_int_equal(hexdump_search_step(&s, t, 11, 100, &at), 1);
		assert_int_equal(at, 6);
		assert_int_equal(hexdump_search_step(&s, t, 11, 100, &at), 1);
		assert_int_equal(at, 9);
		assert_int_equal(hexdump_search_step(&s, t, 11, 100, &at), 1);
		assert_int_equal(at, 0);    /* wrapped */
		assert_int_equal(hexdump_search_step(&s, t, 11, 100, &at), 0);
		hexdump_search_start(&s, &p, 8, 1);
		assert_int_equal(hexdump_search_step(&s, t, 11, 100, &at), 1);
		assert_int_equal(at, 6);
		assert_int_equal(hexdump_search_step(&s, t, 11, 100, &at), 1);
		assert_int_equal(at, 3);
	}
	free(d);
}

/* Random data over a small alphabet (so matches are frequent), random patterns, starts,
 * directions and budgets, against the naive search. */
static void test_search_random(void **state)
{
	uint8_t d[700];

	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t size = rng() % sizeof(d);
		struct hexdump_pattern p;
		int alpha = 2 + (int)(rng() % 3);
		uint64_t from = size ? rng() % (size + 3) : rng() % 3;
		uint64_t budget = rng() % 4 ? 1 + rng() % 50 : 1 + rng() % 1000;
		int backward = (int)(rng() & 1);

		for (size_t i = 0; i < size; i++)
			d[i] = (uint8_t)('a' + rng() % (uint64_t)alpha);
		p.len = 1 + rng() % (rng() % 8 ? 6 : 40);
		if (size && rng() % 2) {
			/* a pattern taken from the data, so it exists somewhere */
			size_t at = rng() % size;

			if (p.len > size - at)
				p.len = size - at;
			memcpy(p.bytes, d + at, p.len);
		} else {
			for (size_t i = 0; i < p.len; i++)
				p.bytes[i] = (uint8_t)('a' + rng() % (uint64_t)alpha);
		}
		assert_int_equal(run_search(d, size, &p, from, backward, budget, NULL),
				 naive_search(d, size, &p, from, backward));
	}
}

/* A larger buffer, so the backward search crosses its 64 KiB blocks: copies planted at random
 * and next to block boundaries (counted from the top), random starts and large budgets. */
static void test_search_blocks(void **state)
{
	const size_t size = 3 * 65536 + 1234;
	uint8_t *d = malloc(size);
	struct hexdump_pattern p = pat_of("x:00 01 00 02");

	(void)state;
	assert_non_null(d);
	for (int round = 0; round < 60; round++) {
		size_t n = size - p.len + 1;

		memset(d, 0, size);
		/* ones between, so the first byte of the pattern is everywhere and matches are not */
		for (size_t i = 0; i < size; i += 2)
			d[i + 1] = 1;
		for (int k = (int)(rng() % 4); k > 0; k--) {
			size_t at;

			if (rng() % 2)
				at = rng() % n;
			else
				at = (n - 1) - 65536 * (1 + rng() % 2) + (rng() % 9) - 4;
			memcpy(d + at, p.bytes, p.len);
		}
		for (int q = 0; q < 6; q++) {
			uint64_t from = rng() % 3 ? rng() % size : size - 1;
			uint64_t budget = q == 0 ? UINT64_MAX : q == 1 ? 65536 : q == 2 ? 65535
					: q == 3 ? 65537 : 1 + rng() % 200000;

			for (int back = 0; back < 2; back++)
				assert_int_equal(run_search(d, size, &p, from, back, budget, NULL),
						 naive_search(d, size, &p, from, back));
		}
	}
	free(d);
}

/* ------------------------------------------------------------------ goto */

static void check_offset(const char *text, uint64_t size, int rc, uint64_t want)
{
	uint64_t off = 0xdeadull;

	assert_int_equal(hexdump_parse_offset(text, size, &off), rc);
	if (rc == 0)
		assert_int_equal(off, want);
	else
		assert_int_equal(off, 0xdeadull);   /* untouched on error */
}

static void test_parse_offset(void **state)
{
	(void)state;
	check_offset("0x10", 100, 0, 16);
	check_offset("0X1f0", 1000, 0, 0x1f0);
	check_offset("0xABCdef", 1ull << 32, 0, 0xabcdef);
	check_offset("16", 100, 0, 16);
	check_offset("0", 1, 0, 0);
	check_offset("010", 100, 0, 10);          /* decimal, not octal */
	check_offset("4K", 8192, 0, 4096);
	check_offset("4k", 8192, 0, 4096);
	check_offset("3M", 4ull << 20, 0, 3ull << 20);
	check_offset("1G", 2ull << 30, 0, 1ull << 30);
	check_offset("0x10K", 1ull << 20, 0, 16 * 1024);
	check_offset("  42  ", 100, 0, 42);
	check_offset("99", 100, 0, 99);
	check_offset("18446744073709551614", UINT64_MAX, 0, UINT64_MAX - 1);

	check_offset("", 100, -EINVAL, 0);
	check_offset("   ", 100, -EINVAL, 0);
	check_offset("bad", 100, -EINVAL, 0);
	check_offset("0x", 100, -EINVAL, 0);
	check_offset("0xg", 100, -EINVAL, 0);
	check_offset("-5", 100, -EINVAL, 0);
	check_offset("+5", 100, -EINVAL, 0);
	check_offset("12Q", 100, -EINVAL, 0);
	check_offset("4KK", 1 << 20, -EINVAL, 0);
	check_offset("K", 100, -EINVAL, 0);
	check_offset("1 2", 100, -EINVAL, 0);
	check_offset("ff", 1000, -EINVAL, 0);     /* hex needs 0x */

	check_offset("100", 100, -ERANGE, 0);     /* not below size */
	check_offset("4K", 4096, -ERANGE, 0);
	check_offset("0", 0, -ERANGE, 0);
	check_offset("18446744073709551616", UINT64_MAX, -ERANGE, 0);
	check_offset("0x10000000000000000", UINT64_MAX, -ERANGE, 0);
	check_offset("0xffffffffffffffffK", UINT64_MAX, -ERANGE, 0);
	check_offset("17179869184G", UINT64_MAX, -ERANGE, 0);   /* 2^34 G = 2^64 */
}

/* ------------------------------------------------------------------ inspector */

/* IEEE 754 decoded by hand (sign, biased exponent, fraction), not by reinterpreting memory. */
static double ieee_decode(uint64_t bits, int ebits, int mbits)
{
	uint64_t frac = bits & ((1ull << mbits) - 1);
	int e = (int)((bits >> mbits) & ((1u << ebits) - 1));
	int bias = (1 << (ebits - 1)) - 1;
	double v;

	if (e == (1 << ebits) - 1)
		v = frac ? NAN : INFINITY;
	else if (e == 0)
		v = ldexp((double)frac, 1 - bias - mbits);
	else
		v = ldexp((double)(frac | (1ull << mbits)), e - bias - mbits);
	return (bits >> (ebits + mbits)) & 1 ? -v : v;
}

static uint64_t assemble(const uint8_t *p, int bytes, int big)
{
	uint64_t v = 0;

	/* most significant byte first, whichever end it is at */
	for (int i = 0; i < bytes; i++)
		v = v << 8 | p[big ? i : bytes - 1 - i];
	return v;
}

static void expect_inspect(const uint8_t *p, uint64_t avail, int big, char *out, size_t size)
{
	char part[4][64], f32[40], f64[40];
	static const int widths[] = { 1, 2, 4, 8 };

	for (int k = 0; k < 4; k++) {
		int w = widths[k];

		if (avail < (uint64_t)w) {
			snprintf(part[k], sizeof(part[k]), "u%d - i%d -", 8 * w, 8 * w);
			continue;
		}
		uint64_t u = assemble(p, w, big);
		int64_t s = w == 1 ? (int8_t)u : w == 2 ? (int16_t)u : w == 4 ? (int32_t)u
									   : (int64_t)u;

		snprintf(part[k], sizeof(part[k]), "u%d %" PRIu64 " i%d %" PRId64, 8 * w, u, 8 * w, s);
	}
	if (avail >= 4)
		snprintf(f32, sizeof(f32), "%g", ieee_decode(assemble(p, 4, big), 8, 23));
	else
		strcpy(f32, "-");
	if (avail >= 8)
		snprintf(f64, sizeof(f64), "%g", ieee_decode(assemble(p, 8, big), 11, 52));
	else
		strcpy(f64, "-");
	snprintf(out, size, "%s %s  %s  %s  %s  f32 %s f64 %s", big ? "BE" : "LE", part[0], part[1],
		 part[2], part[3], f32, f64);
}

static void test_inspect(void **state)
{
	static const uint8_t known[] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x80, 0x3f };
	char got[256], want[512];

	(void)state;
	/* the known bytes, written out (values computed with Python's struct) */
	hexdump_inspect(known, 8, 0, got, sizeof(got));
	assert_string_equal(got, "LE u8 222 i8 -34  u16 44510 i16 -21026  u32 4022250974 "
				 "i32 -272716322  u64 4575657225430674910 i64 4575657225430674910  "
				 "f32 -1.18025e+29 f64 0.00781251");
	hexdump_inspect(known, 8, 1, got, sizeof(got));
	assert_string_equal(got, "BE u8 222 i8 -34  u16 57005 i16 -8531  u32 3735928559 "
				 "i32 -559038737  u64 16045690981097439295 i64 -2401053092612112321  "
				 "f32 -6.25985e+18 f64 -1.1886e+148");
	/* 00 00 80 3f is 1.0f little endian; 3f 80 00 00 big endian */
	hexdump_inspect(known + 4, 4, 0, got, sizeof(got));
	assert_string_equal(got, "LE u8 0 i8 0  u16 0 i16 0  u32 1065353216 i32 1065353216  "
				 "u64 - i64 -  f32 1 f64 -");
	/* what does not fit is "-" */
	hexdump_inspect(known, 3, 1, got, sizeof(got));
	assert_string_equal(got, "BE u8 222 i8 -34  u16 57005 i16 -8531  u32 - i32 -  u64 - i64 -  "
				 "f32 - f64 -");
	hexdump_inspect(known, 0, 0, got, sizeof(got));
	assert_string_equal(got, "LE u8 - i8 -  u16 - i16 -  u32 - i32 -  u64 - i64 -  f32 - f64 -");
	/* extremes */
	{
		static const uint8_t ff[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f };
		static const uint8_t mn[8] = { 0, 0, 0, 0, 0, 0, 0, 0x80 };

		hexdump_inspect(ff, 8, 0, got, sizeof(got));
		assert_non_null(strstr(got, "i64 9223372036854775807 "));
		assert_non_null(strstr(got, "u32 4294967295 i32 -1 "));
		hexdump_inspect(mn, 8, 0, got, sizeof(got));
		assert_non_null(strstr(got, "u64 9223372036854775808 i64 -9223372036854775808 "));
		assert_non_null(strstr(got, "f64 -0"));
	}
	/* unaligned reads anywhere in random data, both byte orders, every avail up to 9 */
	{
		uint8_t d[64];

		for (int round = 0; round < 2000; round++) {
			size_t at = rng() % 56;
			uint64_t avail = rng() % 10;
			int big = (int)(rng() & 1);

			fill_random(d, sizeof(d));
			/* keep NaN out: its sign printing is not what this test is about */
			if (avail >= 4 && isnan(ieee_decode(assemble(d + at, 4, big), 8, 23)))
				continue;
			if (avail >= 8 && isnan(ieee_decode(assemble(d + at, 8, big), 11, 52)))
				continue;
			hexdump_inspect(d + at, avail, big, got, sizeof(got));
			expect_inspect(d + at, avail, big, want, sizeof(want));
			assert_string_equal(got, want);
		}
	}
	/* a short buffer is truncated, still terminated */
	hexdump_inspect(known, 8, 1, got, 12);
	assert_string_equal(got, "BE u8 222 i");
}

static void test_cstring(void **state)
{
	char buf[64];

	(void)state;
	hexdump_cstring((const uint8_t *)"hello\0world", 11, 100, buf, sizeof(buf));
	assert_string_equal(buf, "\"hello\"");
	hexdump_cstring((const uint8_t *)"\0abc", 4, 100, buf, sizeof(buf));
	assert_string_equal(buf, "\"\"");
	/* no NUL before the end of the readable bytes: cut */
	hexdump_cstring((const uint8_t *)"abc", 3, 100, buf, sizeof(buf));
	assert_string_equal(buf, "\"abc\"...");
	/* max reached: cut, unless the NUL comes right after */
	hexdump_cstring((const uint8_t *)"abcdef\0", 7, 3, buf, sizeof(buf));
	assert_string_equal(buf, "\"abc\"...");
	hexdump_cstring((const uint8_t *)"abc\0", 4, 3, buf, sizeof(buf));
	assert_string_equal(buf, "\"abc\"");
	hexdump_cstring((const uint8_t *)"abc", 0, 3, buf, sizeof(buf));
	assert_string_equal(buf, "\"\"...");
	/* control bytes and invalid UTF-8 escaped; valid UTF-8 kept */
	hexdump_cstring((const uint8_t *)"a\n\x1b[2J\xff\xc3\xa9z\0", 11, 100, buf, sizeof(buf));
	assert_string_equal(buf, "\"a\\x0a\\x1b[2J\\xff\xc3\xa9z\"");
	/* no room in buf: cut with "..." and terminated */
	hexdump_cstring((const uint8_t *)"0123456789abcdef\0", 17, 100, buf, 12);
	assert_string_equal(buf, "\"012345\"...");
	hexdump_cstring((const uint8_t *)"\x01\x02\x03\x04\0", 5, 100, buf, 16);
	assert_string_equal(buf, "\"\\x01\\x02\"...");   /* never half an escape */
	hexdump_cstring((const uint8_t *)"01234567\0", 9, 100, buf, 11);
	assert_string_equal(buf, "\"01234567\"");          /* fits exactly */
	hexdump_cstring((const uint8_t *)"abc\0", 4, 100, buf, 4);
	assert_string_equal(buf, "\"..");
	/* a long string: bounded by buf, not by max */
	{
		uint8_t big[5000];
		char out[200];

		memset(big, 'q', sizeof(big));
		hexdump_cstring(big, sizeof(big), SIZE_MAX, out, sizeof(out));
		assert_int_equal(strlen(out), sizeof(out) - 1);
		assert_string_equal(out + strlen(out) - 4, "\"...");
	}
}

static int writer_fast(void **state)
{
	(void)state;
	use_portable = 0;
	return 0;
}

static int writer_portable(void **state)
{
	(void)state;
	use_portable = 1;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class_ascii),
#define BOTH_WRITERS(fn) \
		cmocka_unit_test_setup(fn, writer_fast), cmocka_unit_test_setup(fn, writer_portable)
		BOTH_WRITERS(test_c_fixtures),
		BOTH_WRITERS(test_c_known_text),
		BOTH_WRITERS(test_c_chunks_and_sink),
		BOTH_WRITERS(test_c_vs_tool),
		cmocka_unit_test(test_offset_digits),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_view_line),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_pattern_parse),
		cmocka_unit_test(test_search_cases),
		cmocka_unit_test(test_search_random),
		cmocka_unit_test(test_search_blocks),
		cmocka_unit_test(test_parse_offset),
		cmocka_unit_test(test_inspect),
		cmocka_unit_test(test_cstring),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
