/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* hexdump.c - the pure byte work behind the hex view and `--dump`: a streaming `hexdump -C`
 * formatter built from lookup tables (whole lines assembled in a local batch, one outbuf_put
 * per batch), the view's column arithmetic, fading change marks, search patterns and a
 * budgeted search over a whole segment, goto offsets, and the inspector's values. No I/O. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "hexdump.h"

/* "000102...ff": the two hex digits of every byte value, built at compile time. */
#define HX16(h) h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" \
		h "8" h "9" h "a" h "b" h "c" h "d" h "e" h "f"
static const char hexpair[513] =
	HX16("0") HX16("1") HX16("2") HX16("3") HX16("4") HX16("5") HX16("6") HX16("7")
	HX16("8") HX16("9") HX16("a") HX16("b") HX16("c") HX16("d") HX16("e") HX16("f");

/* "00 01 02 ... ff ": "xx " triples. Copying four bytes at 3*b is allowed (the fourth is the
 * next triple's first digit, or the terminating NUL for 0xff) and the next store overwrites it. */
#define HT16(h) h "0 " h "1 " h "2 " h "3 " h "4 " h "5 " h "6 " h "7 " \
		h "8 " h "9 " h "a " h "b " h "c " h "d " h "e " h "f "
static const char hextriple[769] =
	HT16("0") HT16("1") HT16("2") HT16("3") HT16("4") HT16("5") HT16("6") HT16("7")
	HT16("8") HT16("9") HT16("a") HT16("b") HT16("c") HT16("d") HT16("e") HT16("f");

static const char hexdigit[] = "0123456789abcdef";

/* ---------------------------------------------------------------- bytes */

enum hexdump_class hexdump_class(uint8_t b)
{
	if (b == 0)
		return HEXDUMP_ZERO;
	if (b > 0x20 && b < 0x7f)
		return HEXDUMP_PRINT;
	if (b == 0x20 || (b >= '\t' && b <= '\r'))
		return HEXDUMP_SPACE;
	return HEXDUMP_OTHER;
}

static inline char ascii_of(uint8_t b)
{
	return (uint8_t)(b - 0x20) < 0x5f ? (char)b : '.';
}

char hexdump_ascii(uint8_t b)
{
	return ascii_of(b);
}

/* ---------------------------------------------------------------- hexdump -C */

/* Longest line: 16 offset digits, 2 spaces, 49 of hex, " |", 16, "|\n". */
#define HC_LINE_MAX 88
#define HC_BATCH    8192

struct batch {
	char buf[HC_BATCH];
	size_t len;
	struct outbuf *out;
};

static inline void batch_flush(struct batch *b)
{
	if (b->len) {
		outbuf_put(b->out, b->buf, b->len);
		b->len = 0;
	}
}

/* Room for one more line. */
static inline char *batch_room(struct batch *b)
{
	if (b->len + HC_LINE_MAX > sizeof(b->buf))
		batch_flush(b);
	return b->buf + b->len;
}

/* Offsets of 4 GiB and more: as many digits as they need. */
static size_t put_offset_long(char *p, uint64_t off)
{
	int n = 8;

	while (n < 16 && off >> (4 * n))
		n++;
	for (int i = 0; i < n; i++)
		p[i] = hexdigit[(off >> (4 * (n - 1 - i))) & 0xf];
	return (size_t)n;
}

/* Lowercase hex of off, at least 8 digits (hexdump's "%08.8_Ax" grows past 4 GiB). */
static inline __attribute__((always_inline)) size_t put_offset(char *p, uint64_t off)
{
	if (off >> 32)
		return put_offset_long(p, off);
	memcpy(p, hexpair + 2 * ((off >> 24) & 0xff), 2);
	memcpy(p + 2, hexpair + 2 * ((off >> 16) & 0xff), 2);
	memcpy(p + 4, hexpair + 2 * ((off >> 8) & 0xff), 2);
	memcpy(p + 6, hexpair + 2 * (off & 0xff), 2);
	return 8;
}

/* One full 16-byte line: offset, two groups of eight "xx ", " |", sixteen ASCII, "|\n". */
static inline __attribute__((always_inline))
void put_full_line(struct batch *b, uint64_t off, const uint8_t *d)
{
	char *start = batch_room(b), *p = start;

	p += put_offset(p, off);
	p[0] = ' ';
	p[1] = ' ';
	p += 2;
	/* four-byte copies of each triple, unrolled; the fourth byte is overwritten next */
	for (int i = 0; i < 8; i++)
		memcpy(p + 3 * i, hextriple + 3 * d[i], 4);
	p[24] = ' ';
	for (int i = 8; i < 16; i++)
		memcpy(p + 1 + 3 * i, hextriple + 3 * d[i], 4);
	p += 49;
	p[0] = ' ';
	p[1] = '|';
	p += 2;
	for (int i = 0; i < 16; i++)
		p[i] = ascii_of(d[i]);
	p[16] = '|';
	p[17] = '\n';
	p += 18;
	b->len += (size_t)(p - start);
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define HEXDUMP_SSSE3 1
#include <cpuid.h>
#include <tmmintrin.h>

/* Whether the CPU has SSSE3, asked once. Not __builtin_cpu_supports: that links libgcc's
 * constructor, which runs CPUID at every start (a trap to the hypervisor in a VM), also for
 * runs that never dump a byte. */
static int have_ssse3(void)
{
	static int known = -1;
	unsigned a, b, c, d;

	if (known < 0)
		known = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3);
	return known;
}

/* The same line with SSSE3: nibbles to digits with one pshufb each, then three shuffles
 * spread the 32 digits into the "xx xx ... xx  xx ..." layout; the ASCII column is two
 * compares and a blend. Selected at run time (hexdump_c_feed). */
static inline __attribute__((always_inline, target("ssse3")))
void put_full_line_ssse3(struct batch *b, uint64_t off, const uint8_t *d)
{
	const __m128i digits = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7',
					     '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
	const __m128i nib = _mm_set1_epi8(0x0f);
	const char Z = (char)0x80;   /* pshufb: zero this byte */
	/* a = h0 l0 .. h7 l7, c = h8 l8 .. h15 l15; output columns 0..47 after the offset */
	const __m128i s0a = _mm_setr_epi8(0, 1, Z, 2, 3, Z, 4, 5, Z, 6, 7, Z, 8, 9, Z, 10);
	const __m128i s1a = _mm_setr_epi8(11, Z, 12, 13, Z, 14, 15, Z, Z, Z, Z, Z, Z, Z, Z, Z);
	const __m128i s1c = _mm_setr_epi8(Z, Z, Z, Z, Z, Z, Z, Z, Z, 0, 1, Z, 2, 3, Z, 4);
	const __m128i s2c = _mm_setr_epi8(5, Z, 6, 7, Z, 8, 9, Z, 10, 11, Z, 12, 13, Z, 14, 15);
	const __m128i sp0 = _mm_setr_epi8(0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0);
	const __m128i sp1 = _mm_setr_epi8(0, ' ', 0, 0, ' ', 0, 0, ' ', ' ', 0, 0, ' ', 0, 0, ' ', 0);
	const __m128i sp2 = _mm_setr_epi8(0, ' ', 0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0, 0);
	char *start = batch_room(b), *p = start;
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)d);
	__m128i hi = _mm_shuffle_epi8(digits, _mm_and_si128(_mm_srli_epi16(x, 4), nib));
	__m128i lo = _mm_shuffle_epi8(digits, _mm_and_si128(x, nib));
	__m128i a = _mm_unpacklo_epi8(hi, lo), c = _mm_unpackhi_epi8(hi, lo);
	__m128i pr = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x1f)),
				   _mm_cmplt_epi8(x, _mm_set1_epi8(0x7f)));
	__m128i asc = _mm_or_si128(_mm_and_si128(pr, x), _mm_andnot_si128(pr, _mm_set1_epi8('.')));

	p += put_offset(p, off);
	p[0] = ' ';
	p[1] = ' ';
	p += 2;
	_mm_storeu_si128((__m128i *)(void *)p, _mm_or_si128(_mm_shuffle_epi8(a, s0a), sp0));
	_mm_storeu_si128((__m128i *)(void *)(p + 16),
			 _mm_or_si128(_mm_or_si128(_mm_shuffle_epi8(a, s1a), _mm_shuffle_epi8(c, s1c)),
				      sp1));
	_mm_storeu_si128((__m128i *)(void *)(p + 32), _mm_or_si128(_mm_shuffle_epi8(c, s2c), sp2));
	p[48] = ' ';
	p[49] = ' ';
	p[50] = '|';
	_mm_storeu_si128((__m128i *)(void *)(p + 51), asc);
	p[67] = '|';
	p[68] = '\n';
	p += 69;
	b->len += (size_t)(p - start);
}
#endif

/* The last, partial line: missing bytes as blanks so the ASCII column stays put. */
static void put_partial_line(struct batch *b, uint64_t off, const uint8_t *d, size_t n)
{
	char *start = batch_room(b), *p = start;
	size_t i;

	p += put_offset(p, off);
	*p++ = ' ';
	*p++ = ' ';
	for (i = 0; i < 16; i++) {
		if (i < n) {
			memcpy(p, hextriple + 3 * d[i], 3);
		} else {
			p[0] = ' ';
			p[1] = ' ';
			p[2] = ' ';
		}
		p += 3;
		if (i == 7)
			*p++ = ' ';
	}
	*p++ = ' ';
	*p++ = '|';
	for (i = 0; i < n; i++)
		*p++ = ascii_of(d[i]);
	*p++ = '|';
	*p++ = '\n';
	b->len += (size_t)(p - start);
}

static void put_offset_line(struct batch *b, uint64_t off)
{
	char *start = batch_room(b), *p = start;

	p += put_offset(p, off);
	*p++ = '\n';
	b->len += (size_t)(p - start);
}

static inline void put_star(struct batch *b)
{
	char *p = batch_room(b);

	p[0] = '*';
	p[1] = '\n';
	b->len += 2;
}

void hexdump_c_init(struct hexdump_c *h)
{
	memset(h, 0, sizeof(*h));
}

typedef void (*line_fn)(struct batch *b, uint64_t off, const uint8_t *d);

/* nlines full lines at d, the first at h->offset; prev is the full line before d, or NULL (none
 * yet: the first line is never squeezed). A line equal to the one before it is not printed; the
 * first of a run of such lines prints "*". Always inlined, so `put` is a direct call. */
static inline __attribute__((always_inline))
void c_lines(struct hexdump_c *h, struct batch *b, const uint8_t *d, size_t nlines,
	     const uint8_t *prev, line_fn put)
{
	uint64_t off = h->offset;
	int starred = h->starred;

	for (size_t i = 0; i < nlines; i++, prev = d, d += 16, off += 16) {
		if (prev && memcmp(d, prev, 16) == 0) {
			if (!starred)
				put_star(b);
			starred = 1;
		} else {
			put(b, off, d);
			starred = 0;
		}
	}
	h->offset = off;
	h->starred = starred;
}

static void c_lines_plain(struct hexdump_c *h, struct batch *b, const uint8_t *d, size_t nlines,
			  const uint8_t *prev)
{
	c_lines(h, b, d, nlines, prev, put_full_line);
}

#ifdef HEXDUMP_SSSE3
__attribute__((target("ssse3")))
static void c_lines_ssse3(struct hexdump_c *h, struct batch *b, const uint8_t *d, size_t nlines,
			  const uint8_t *prev)
{
	c_lines(h, b, d, nlines, prev, put_full_line_ssse3);
}

static void c_lines_best(struct hexdump_c *h, struct batch *b, const uint8_t *d, size_t nlines,
			 const uint8_t *prev)
{
	if (have_ssse3())
		c_lines_ssse3(h, b, d, nlines, prev);
	else
		c_lines_plain(h, b, d, nlines, prev);
}
#else
#define c_lines_best c_lines_plain
#endif

static void c_lines_any(struct hexdump_c *h, struct batch *b, const uint8_t *d, size_t nlines,
			const uint8_t *prev)
{
	if (h->portable)
		c_lines_plain(h, b, d, nlines, prev);
	else
		c_lines_best(h, b, d, nlines, prev);
}

void hexdump_c_feed(struct hexdump_c *h, const uint8_t *data, size_t n, struct outbuf *out)
{
	struct batch b;
	const uint8_t *prev = h->have_prev ? h->prev : NULL;

	if (!n)
		return;
	b.len = 0;
	b.out = out;
	if (h->fill) {
		size_t k = 16 - h->fill < n ? 16 - h->fill : n;

		memcpy(h->line + h->fill, data, k);
		h->fill += k;
		data += k;
		n -= k;
		if (h->fill < 16)
			return;
		c_lines_any(h, &b, h->line, 1, prev);
		memcpy(h->prev, h->line, 16);
		h->have_prev = 1;
		prev = h->prev;
		h->fill = 0;
	}
	if (n >= 16) {
		/* The hot loop: lines straight from data, each compared with the one before it. */
		size_t lines = n / 16;

		c_lines_any(h, &b, data, lines, prev);
		data += 16 * lines;
		n -= 16 * lines;
		memcpy(h->prev, data - 16, 16);
		h->have_prev = 1;
	}
	if (n) {
		memcpy(h->line, data, n);
		h->fill = n;
	}
	batch_flush(&b);
}

void hexdump_c_finish(struct hexdump_c *h, struct outbuf *out)
{
	struct batch b;
	uint64_t end = h->offset + h->fill;

	if (!end)
		return;
	b.len = 0;
	b.out = out;
	if (h->fill)
		put_partial_line(&b, h->offset, h->line, h->fill);
	put_offset_line(&b, end);
	batch_flush(&b);
	h->offset = end;
	h->fill = 0;
	h->starred = 0;
}

/* ---------------------------------------------------------------- hex view layout */

int hexdump_offset_digits(uint64_t size)
{
	uint64_t last = size ? size - 1 : 0;
	int n = 8;

	while (n < 16 && last >> (4 * n))
		n++;
	return n;
}

int hexdump_hex_col(int per_line, int digits, int i)
{
	(void)per_line;
	return digits + 2 + 3 * i + i / 8;
}

int hexdump_ascii_col(int per_line, int digits, int i)
{
	return digits + 2 + 3 * per_line + per_line / 8 + 1 + i;
}

int hexdump_line_width(int per_line, int digits)
{
	return hexdump_ascii_col(per_line, digits, per_line);
}

int hexdump_per_line(int cols, int digits)
{
	if (hexdump_line_width(32, digits) <= cols)
		return 32;
	if (hexdump_line_width(16, digits) <= cols)
		return 16;
	return 8;
}

size_t hexdump_view_line(char *buf, size_t size, uint64_t off, int digits, int per_line,
			 const uint8_t *p, size_t n)
{
	int w = hexdump_line_width(per_line, digits);
	char line[16 + 2 + 32 * 4 + 4 + 1 + 1];
	size_t len;

	if (!size)
		return 0;
	if (per_line < 1 || per_line > 32 || digits < 1 || digits > 16) {
		buf[0] = '\0';
		return 0;
	}
	memset(line, ' ', (size_t)w);
	for (int i = 0; i < digits; i++)
		line[i] = hexdigit[(off >> (4 * (digits - 1 - i))) & 0xf];
	for (int i = 0; i < per_line && (size_t)i < n; i++) {
		memcpy(line + hexdump_hex_col(per_line, digits, i), hexpair + 2 * p[i], 2);
		line[hexdump_ascii_col(per_line, digits, i)] = ascii_of(p[i]);
	}
	len = (size_t)w < size - 1 ? (size_t)w : size - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	return len;
}

/* ---------------------------------------------------------------- change marks */

void hexdump_marks_init(struct hexdump_marks *m)
{
	memset(m, 0, sizeof(*m));
}

void hexdump_marks_free(struct hexdump_marks *m)
{
	free(m->prev);
	free(m->age);
	hexdump_marks_init(m);
}

long hexdump_marks_update(struct hexdump_marks *m, uint64_t base, const uint8_t *cur, size_t len,
			  int64_t now)
{
	long changed = 0;

	if (!m->prev || base != m->base || len != m->len) {
		/* First look, or the window moved: remember it, mark nothing. */
		if (len > m->cap || !m->prev) {
			size_t cap = len ? len : 1;
			uint8_t *p = malloc(cap), *a = malloc(cap);

			if (!p || !a) {
				free(p);
				free(a);
				return -ENOMEM;
			}
			free(m->prev);
			free(m->age);
			m->prev = p;
			m->age = a;
			m->cap = cap;
		}
		if (len)
			memcpy(m->prev, cur, len);
		memset(m->age, 0, m->cap);
		m->base = base;
		m->len = len;
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		if (cur[i] != m->prev[i]) {
			m->prev[i] = cur[i];
			m->age[i] = HEXDUMP_FADE;
			changed++;
		} else if (m->age[i]) {
			m->age[i]--;
		}
	}
	if (changed)
		m->changed_at = now;
	return changed;
}

int hexdump_marks_age(const struct hexdump_marks *m, uint64_t off)
{
	if (!m->prev || off < m->base || off - m->base >= m->len)
		return 0;
	return m->age[off - m->base];
}

/* ---------------------------------------------------------------- search */


/* err = prefix + the offending text (at most n bytes, escaped: it is shown on the terminal)
 * + suffix. */
static int perr(char *err, size_t errsz, const char *prefix, const char *bad, size_t n,
		const char *suffix)
{
	char raw[16], esc[64];

	if (n > sizeof(raw) - 1)
		n = sizeof(raw) - 1;
	memcpy(raw, bad, n);
	raw[n] = '\0';
	fmt_escape(esc, sizeof(esc), raw);
	if (err && errsz)
		snprintf(err, errsz, "%s%s%s", prefix, esc, suffix);
	return -EINVAL;
}

static int perr0(char *err, size_t errsz, const char *msg)
{
	if (err && errsz)
		snprintf(err, errsz, "%s", msg);
	return -EINVAL;
}

static int parse_hex_pattern(const char *s, struct hexdump_pattern *p, char *err, size_t errsz)
{
	p->len = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		int hi = fmt_hex_digit((unsigned char)s[0]);
		int lo = hi < 0 || !s[1] ? -1 : fmt_hex_digit((unsigned char)s[1]);

		if (hi < 0 || lo < 0) {
			/* name the pair, or the lone digit before a space or the end */
			size_t n = (s[1] && s[1] != ' ' && s[1] != '\t') ? 2 : 1;

			return perr(err, errsz, "bad hex byte '", s, n, "'");
		}
		if (p->len == HEXDUMP_PATTERN_MAX)
			return perr0(err, errsz, "pattern too long");
		p->bytes[p->len++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	if (!p->len)
		return perr0(err, errsz, "empty pattern");
	return 0;
}

int hexdump_pattern_parse(const char *text, struct hexdump_pattern *p, char *err, size_t errsz)
{
	const char *s = text;

	if (err && errsz)
		err[0] = '\0';
	p->len = 0;
	if (s[0] == 'x' && s[1] == ':')
		return parse_hex_pattern(s + 2, p, err, errsz);
	while (*s) {
		uint8_t c = (uint8_t)*s++;

		if (c == '\\') {
			switch (*s) {
			case 'n': c = '\n'; s++; break;
			case 't': c = '\t'; s++; break;
			case 'r': c = '\r'; s++; break;
			case '0': c = '\0'; s++; break;
			case '\\': c = '\\'; s++; break;
			case 'x': {
				int hi = fmt_hex_digit((unsigned char)s[1]);
				int lo = hi < 0 ? -1 : fmt_hex_digit((unsigned char)s[2]);

				if (hi < 0 || lo < 0) {
					size_t n = 1 + (s[1] != '\0') + (s[1] && s[2]);

					return perr(err, errsz, "bad escape \\", s, n, "");
				}
				c = (uint8_t)(hi << 4 | lo);
				s += 3;
				break;
			}
			case '\0':
				return perr0(err, errsz, "bad escape \\ at the end");
			default:
				return perr(err, errsz, "bad escape \\", s, 1, "");
			}
		}
		if (p->len == HEXDUMP_PATTERN_MAX)
			return perr0(err, errsz, "pattern too long");
		p->bytes[p->len++] = c;
	}
	if (!p->len)
		return perr0(err, errsz, "empty pattern");
	return 0;
}

void hexdump_search_start(struct hexdump_search *s, const struct hexdump_pattern *p,
			  uint64_t from, int backward)
{
	memset(s, 0, sizeof(*s));
	s->pat = *p;
	s->backward = backward;
	s->from = from;
	s->pos = from;
}

/* The last match starting in [lo, hi], or -1, by candidates of the first byte from the top:
 * fast when that byte is rare, slow (a call per byte) when it is everywhere. The caller
 * guarantees hi + len <= size. */
static int64_t last_match_rchr(const uint8_t *data, uint64_t lo, uint64_t hi, const uint8_t *pat,
			       size_t len)
{
	uint64_t end = hi + 1;   /* candidate starts are below end */

	while (end > lo) {
		const uint8_t *q = memrchr(data + lo, pat[0], (size_t)(end - lo));

		if (!q)
			return -1;
		if (memcmp(q, pat, len) == 0)
			return q - data;
		end = (uint64_t)(q - data);
	}
	return -1;
}

#define BACK_BLOCK (64 * 1024)

/* The last match starting in [lo, hi], or -1: blocks from the top down, each first tested with
 * memmem (so the backward search runs at memmem's speed where there is nothing to find), and
 * only a block known to hold a match searched for its last one. */
static int64_t search_back(const uint8_t *data, uint64_t lo, uint64_t hi, const uint8_t *pat,
			   size_t len)
{
	uint64_t top = hi;

	for (;;) {
		uint64_t bottom = top - lo + 1 > BACK_BLOCK ? top + 1 - BACK_BLOCK : lo;
		const uint8_t *q = memmem(data + bottom, (size_t)(top - bottom) + len, pat, len);

		if (q)
			return last_match_rchr(data, (uint64_t)(q - data), top, pat, len);
		if (bottom == lo)
			return -1;
		top = bottom - 1;
	}
}

/* The candidates the next chunk examines: [*lo, *lo + *n) forward, or [*lo, s->pos] backward
 * (then *n = s->pos - *lo + 1); the position wraps first when it must. 0 when nothing is left. */
static int next_chunk(struct hexdump_search *s, uint64_t size, uint64_t budget, uint64_t *lo,
		      uint64_t *n)
{
	size_t len = s->pat.len;
	uint64_t cand, chunk;

	if (!len || len > size)
		return 0;
	cand = size - len + 1;
	if (s->done >= cand)
		return 0;
	if (!budget)
		budget = 1;
	chunk = cand - s->done < budget ? cand - s->done : budget;
	if (chunk > SIZE_MAX / 2)
		chunk = SIZE_MAX / 2;
	if (!s->backward) {
		if (s->pos >= cand)
			s->pos = 0;   /* wrap (or a start past the last candidate) */
		if (chunk > cand - s->pos)
			chunk = cand - s->pos;
		*lo = s->pos;
	} else {
		if (s->pos >= cand)
			s->pos = cand - 1;   /* a start past the last candidate */
		if (chunk > s->pos + 1)
			chunk = s->pos + 1;
		*lo = s->pos + 1 - chunk;
	}
	*n = chunk;
	return 1;
}

int hexdump_search_need(struct hexdump_search *s, uint64_t size, uint64_t budget, uint64_t *off,
			size_t *len)
{
	uint64_t lo, n;

	if (!next_chunk(s, size, budget, &lo, &n))
		return 0;
	*off = lo;
	*len = (size_t)(n + s->pat.len - 1);
	return 1;
}

int hexdump_search_feed(struct hexdump_search *s, const uint8_t *buf, uint64_t off, size_t len,
			uint64_t size, uint64_t budget, uint64_t *at)
{
	size_t plen = s->pat.len;
	uint64_t lo, n, cand;

	if (!next_chunk(s, size, budget, &lo, &n))
		return 0;
	if (lo != off || len < n + plen - 1)
		return -EINVAL; /* not the bytes hexdump_search_need asked for */
	cand = size - plen + 1;
	if (!s->backward) {
		const uint8_t *q = memmem(buf, (size_t)n + plen - 1, s->pat.bytes, plen);

		if (q) {
			uint64_t hit = off + (uint64_t)(q - buf);

			s->done += hit - s->pos + 1;
			s->pos = hit + 1;
			*at = hit;
			return 1;
		}
		s->pos += n;
	} else {
		int64_t hit = search_back(buf, 0, n - 1, s->pat.bytes, plen);

		if (hit >= 0) {
			uint64_t h = off + (uint64_t)hit;

			s->done += s->pos - h + 1;
			s->pos = h ? h - 1 : cand - 1;
			*at = h;
			return 1;
		}
		s->pos = lo ? lo - 1 : cand - 1;
	}
	s->done += n;
	return s->done < cand ? 2 : 0;
}

int hexdump_search_step(struct hexdump_search *s, const uint8_t *data, uint64_t size,
			uint64_t budget, uint64_t *at)
{
	uint64_t off;
	size_t len;

	if (!budget)
		budget = 1;
	while (budget && hexdump_search_need(s, size, budget, &off, &len)) {
		uint64_t examined = len - s->pat.len + 1;
		int rc = hexdump_search_feed(s, data + off, off, len, size, budget, at);

		if (rc != 2)
			return rc;
		budget -= examined < budget ? examined : budget;
	}
	return hexdump_search_need(s, size, 1, &off, &len) ? 2 : 0;
}

/* ---------------------------------------------------------------- goto */

int hexdump_parse_offset(const char *text, uint64_t size, uint64_t *off)
{
	const char *s = text;
	uint64_t v = 0;
	int base = 10, digits = 0, shift = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++) {
		int d = base == 16 ? fmt_hex_digit((unsigned char)*s)
				   : (*s >= '0' && *s <= '9' ? *s - '0' : -1);

		if (d < 0)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -ERANGE;
		v = v * (uint64_t)base + (uint64_t)d;
		digits++;
	}
	if (!digits)
		return -EINVAL;
	switch (*s) {
	case 'k': case 'K': shift = 10; s++; break;
	case 'm': case 'M': shift = 20; s++; break;
	case 'g': case 'G': shift = 30; s++; break;
	default: break;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s)
		return -EINVAL;
	if (shift && v > UINT64_MAX >> shift)
		return -ERANGE;
	v <<= shift;
	if (v >= size)
		return -ERANGE;
	*off = v;
	return 0;
}

/* ---------------------------------------------------------------- inspector */

static uint64_t load(const uint8_t *p, int bytes, int big_endian)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++)
		v |= (uint64_t)p[big_endian ? bytes - 1 - i : i] << (8 * i);
	return v;
}

/* "u<bits> U i<bits> I": unsigned and two's complement signed, or "-" for both. */
static size_t put_int_pair(char *o, const uint8_t *p, uint64_t avail, int bytes, int big_endian)
{
	int bits = 8 * bytes;
	char u[FMT_U64_LEN], i[FMT_U64_LEN + 1];

	if (avail < (uint64_t)bytes)
		return (size_t)sprintf(o, "u%d - i%d -", bits, bits);

	uint64_t mask = bits == 64 ? UINT64_MAX : (1ull << bits) - 1;
	uint64_t v = load(p, bytes, big_endian);
	/* two's complement without implementation-defined conversions */
	int64_t sv = v >> (bits - 1) ? -(int64_t)(~v & mask) - 1 : (int64_t)v;

	fmt_u64(u, v);
	fmt_i64(i, sv);
	return (size_t)sprintf(o, "u%d %s i%d %s", bits, u, bits, i);
}

void hexdump_inspect(const uint8_t *p, uint64_t avail, int big_endian, char *buf, size_t size)
{
	char line[256], *o = line;

	if (!size)
		return;
	o += sprintf(o, "%s ", big_endian ? "BE" : "LE");
	o += put_int_pair(o, p, avail, 1, big_endian);
	o += sprintf(o, "  ");
	o += put_int_pair(o, p, avail, 2, big_endian);
	o += sprintf(o, "  ");
	o += put_int_pair(o, p, avail, 4, big_endian);
	o += sprintf(o, "  ");
	o += put_int_pair(o, p, avail, 8, big_endian);
	if (avail >= 4) {
		uint32_t v = (uint32_t)load(p, 4, big_endian);
		float f;

		memcpy(&f, &v, sizeof(f));
		o += sprintf(o, "  f32 %g", (double)f);
	} else {
		o += sprintf(o, "  f32 -");
	}
	if (avail >= 8) {
		uint64_t v = load(p, 8, big_endian);
		double d;

		memcpy(&d, &v, sizeof(d));
		o += sprintf(o, " f64 %g", d);
	} else {
		o += sprintf(o, " f64 -");
	}
	snprintf(buf, size, "%s", line);
}

void hexdump_cstring(const uint8_t *p, uint64_t avail, size_t max, char *buf, size_t size)
{
	char raw[1024], esc[4 * sizeof(raw)];
	size_t n = 0, lim = max, len;
	int cut;

	if (!size)
		return;
	if (lim > avail)
		lim = (size_t)avail;
	/* Escaping never shortens, so no more than size input bytes can show. */
	if (lim > size)
		lim = size;
	if (lim > sizeof(raw) - 1)
		lim = sizeof(raw) - 1;
	while (n < lim && p[n])
		n++;
	/* Cut unless a NUL ends it: within the bytes read, or just after them when it fits in avail. */
	cut = n == lim && !(n < avail && p[n] == '\0');
	memcpy(raw, p, n);
	raw[n] = '\0';
	len = fmt_escape(esc, sizeof(esc), raw);
	if (!cut && len + 3 <= size) {
		snprintf(buf, size, "\"%s\"", esc);
		return;
	}
	/* Cut here or by the room in buf: "<as much as fits>"... */
	if (size < 6) {
		snprintf(buf, size, "\"...");
		return;
	}
	buf[0] = '"';
	len = fmt_escape(buf + 1, size - 5, raw);
	memcpy(buf + 1 + len, "\"...", 5);
}
