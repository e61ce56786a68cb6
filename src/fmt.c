/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* fmt.c - pure formatters for segment fields; integer arithmetic only, as batch mode formats
 * tens of thousands of rows per snapshot. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "fmt.h"

static const char hexdigits[] = "0123456789abcdef";

size_t fmt_u64(char *buf, uint64_t v)
{
	char tmp[FMT_U64_LEN];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

size_t fmt_i64(char *buf, int64_t v)
{
	if (v < 0) {
		buf[0] = '-';
		return 1 + fmt_u64(buf + 1, (uint64_t)0 - (uint64_t)v);
	}
	return fmt_u64(buf, (uint64_t)v);
}

void fmt_key(char *buf, int32_t key)
{
	uint32_t k = (uint32_t)key;

	buf[0] = '0';
	buf[1] = 'x';
	for (int i = 0; i < 8; i++)
		buf[2 + i] = hexdigits[(k >> (28 - 4 * i)) & 0xf];
	buf[10] = '\0';
}

void fmt_perms_octal(char *buf, uint32_t mode)
{
	buf[0] = '0';
	buf[1] = (char)('0' + ((mode >> 6) & 7));
	buf[2] = (char)('0' + ((mode >> 3) & 7));
	buf[3] = (char)('0' + (mode & 7));
	buf[4] = '\0';
}

void fmt_perms_rwx(char *buf, uint32_t mode)
{
	static const char rwx[] = "rwx";

	for (int i = 0; i < 9; i++)
		buf[i] = (mode & (0400u >> i)) ? rwx[i % 3] : '-';
	buf[9] = '\0';
}

static void copy_str(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (!size)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

void fmt_status(char *buf, size_t size, uint32_t mode, int64_t huge_page)
{
	static const char *const words[8] = {
		"-", "dest", "locked", "dest,locked", "huge", "dest,huge", "locked,huge",
		"dest,locked,huge",
	};

	copy_str(buf, size, words[((mode & 01000u) ? 1 : 0) | ((mode & 02000u) ? 2 : 0) |
				  (huge_page > 0 ? 4 : 0)]);
}

void fmt_size(char *buf, size_t size, uint64_t bytes)
{
	static const char units[] = "BKMGTPE";
	unsigned u = 0;
	unsigned __int128 unit = 1;
	char tmp[FMT_U64_LEN + 4];
	size_t n;
	uint64_t whole, tenths;

	if (bytes < 1024) {
		n = fmt_u64(tmp, bytes);
		tmp[n++] = 'B';
		tmp[n] = '\0';
		copy_str(buf, size, tmp);
		return;
	}
	while (u < 6 && (unsigned __int128)bytes >= unit * 1024) {
		unit *= 1024;
		u++;
	}
	tenths = (uint64_t)(((unsigned __int128)bytes * 10 + unit / 2) / unit);
	if (tenths < 100) {
		tmp[0] = (char)('0' + tenths / 10);
		tmp[1] = '.';
		tmp[2] = (char)('0' + tenths % 10);
		tmp[3] = units[u];
		tmp[4] = '\0';
		copy_str(buf, size, tmp);
		return;
	}
	whole = (uint64_t)(((unsigned __int128)bytes + unit / 2) / unit);
	if (whole >= 1024 && u < 6) {
		tmp[0] = '1';
		tmp[1] = '.';
		tmp[2] = '0';
		tmp[3] = units[u + 1];
		tmp[4] = '\0';
		copy_str(buf, size, tmp);
		return;
	}
	n = fmt_u64(tmp, whole);
	tmp[n++] = units[u];
	tmp[n] = '\0';
	copy_str(buf, size, tmp);
}

static char *put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

void fmt_time_iso(char *buf, size_t size, int64_t t)
{
	char tmp[FMT_TIME_ISO_LEN];
	time_t tt = (time_t)t;
	struct tm tm;
	long off;

	if (t <= 0 || !localtime_r(&tt, &tm) || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900) {
		copy_str(buf, size, "-");
		return;
	}
	off = tm.tm_gmtoff / 60;
	if (off < 0)
		off = -off;
	/* the date and time as fmt_time_abs writes them, then 'T' for the space and the zone */
	fmt_time_abs(tmp, FMT_TIME_LEN, t);
	tmp[10] = 'T';
	tmp[19] = tm.tm_gmtoff < 0 ? '-' : '+';
	tmp[20] = (char)('0' + off / 60 / 10 % 10);
	tmp[21] = (char)('0' + off / 60 % 10);
	tmp[22] = ':';
	tmp[23] = (char)('0' + off % 60 / 10);
	tmp[24] = (char)('0' + off % 10);
	tmp[25] = '\0';
	copy_str(buf, size, tmp);
}

void fmt_time_abs(char *buf, size_t size, int64_t t)
{
	char tmp[FMT_TIME_LEN], *p = tmp;
	time_t tt = (time_t)t;
	struct tm tm;

	/* a file's mtime can be any time (touch -d @253402300800): past year 9999 four digits
	 * would wrap, so it has no date here, as in fmt_time_iso */
	if (t <= 0 || !localtime_r(&tt, &tm) || tm.tm_year > 9999 - 1900) {
		copy_str(buf, size, "-");
		return;
	}
	p = put2(p, (tm.tm_year + 1900) / 100);
	p = put2(p, (tm.tm_year + 1900) % 100);
	*p++ = '-';
	p = put2(p, tm.tm_mon + 1);
	*p++ = '-';
	p = put2(p, tm.tm_mday);
	*p++ = ' ';
	p = put2(p, tm.tm_hour);
	*p++ = ':';
	p = put2(p, tm.tm_min);
	*p++ = ':';
	p = put2(p, tm.tm_sec);
	*p = '\0';
	copy_str(buf, size, tmp);
}

const char *fmt_timecache_fill(struct fmt_timecache *c, int64_t t)
{
	int64_t minute = t / 60;
	unsigned slot = (unsigned)(minute % FMT_TIMECACHE_SLOTS);
	int sec = (int)(t % 60);
	char full[FMT_TIME_LEN];

	if (t <= 0)
		return NULL;
	if (c->slot[slot].minute_plus_1 != minute + 1) {
		fmt_time_abs(full, sizeof(full), t);
		/* Cache only a full time ("-" when localtime failed) and only where local time keeps
		 * the seconds of UTC (whole-minute offsets). */
		if (strlen(full) != FMT_TIME_LEN - 1 || full[17] - '0' != sec / 10 ||
		    full[18] - '0' != sec % 10)
			return NULL;
		memcpy(c->slot[slot].prefix, full, FMT_TIME_PREFIX_LEN);
		c->slot[slot].minute_plus_1 = minute + 1;
	}
	return c->slot[slot].prefix;
}

void fmt_time_abs_cached(struct fmt_timecache *c, char *buf, size_t size, int64_t t)
{
	const char *prefix = size < FMT_TIME_LEN ? NULL : fmt_timecache_prefix(c, t);

	if (!prefix) {
		fmt_time_abs(buf, size, t);
		return;
	}
	memcpy(buf, prefix, FMT_TIME_PREFIX_LEN);
	put2(buf + FMT_TIME_PREFIX_LEN, (int)(t % 60));
	buf[19] = '\0';
}

void fmt_time_rel(char *buf, size_t size, int64_t t, int64_t now)
{
	int64_t d = now - t;

	if (t <= 0)
		snprintf(buf, size, "never");
	else if (d <= 0)
		snprintf(buf, size, "now");
	else if (d < 60)
		snprintf(buf, size, "%llds ago", (long long)d);
	else if (d < 3600)
		snprintf(buf, size, "%lldm ago", (long long)(d / 60));
	else if (d < 86400)
		snprintf(buf, size, "%lldh ago", (long long)(d / 3600));
	else if (d < 1000 * 86400LL)
		snprintf(buf, size, "%lldd ago", (long long)(d / 86400));
	else /* keeps the text within 8 columns */
		snprintf(buf, size, "%lldy ago", (long long)(d / (365 * 86400LL)));
}

/* Length of the valid UTF-8 sequence at s that is not a C1 control, or 0. */
static size_t utf8_ok(const unsigned char *s)
{
	unsigned c = s[0], cp;
	size_t len, i;

	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	/* Characters that act on the text around them rather than show: the bidirectional
	 * controls (a name with U+202E would turn the rest of its row around where the terminal
	 * does bidi) and the line and paragraph separators. */
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	/* And those that show nothing at all, so that "/a\u200bb" cannot pass for "/ab": the zero
	 * width space, non-joiner and joiner, the word joiner and invisible operators, the zero
	 * width no-break space (BOM) and the tag characters. */
	if ((cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xfeff ||
	    (cp >= 0xe0000 && cp <= 0xe007f))
		return 0;
	return len;
}

size_t fmt_width(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t cols = 0, i = 0;

	while (i < n) {
		size_t len = u[i] < 0x80 ? 1 : utf8_ok(u + i);
		uint32_t cp;
		int w;

		if (len <= 1 || i + len > n) { /* ASCII, or not a character: a byte, a column */
			cols++;
			i++;
			continue;
		}
		cp = u[i] & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
		for (size_t k = 1; k < len; k++)
			cp = cp << 6 | (u[i + k] & 0x3f);
		w = wcwidth((wchar_t)cp);
		cols += w < 0 ? 1 : (size_t)w;
		i += len;
	}
	return cols;
}

static int ascii_only; /* fmt_escape_set_ascii */

void fmt_escape_set_ascii(int on)
{
	ascii_only = on;
}

/* fmt_escape and fmt_sanitize: the same walk, with or without doubling the backslash. */
static size_t escape_text(char *out, size_t size, const char *in, int double_backslash)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = 0;

	if (!size)
		return 0;
	while (*s) {
		size_t len = 1;

		if (*s == '\\' && double_backslash) {
			if (n + 2 >= size)
				break;
			out[n++] = '\\';
			out[n++] = '\\';
		} else if (*s >= 0x20 && *s < 0x7f) {
			if (n + 1 >= size)
				break;
			out[n++] = (char)*s;
		} else if (*s >= 0x80 && !ascii_only && (len = utf8_ok(s)) > 0) {
			if (n + len >= size)
				break;
			memcpy(out + n, s, len);
			n += len;
		} else {
			len = 1;
			if (n + 4 >= size)
				break;
			out[n++] = '\\';
			out[n++] = 'x';
			out[n++] = hexdigits[*s >> 4];
			out[n++] = hexdigits[*s & 0xf];
		}
		s += len;
	}
	out[n] = '\0';
	return n;
}

size_t fmt_escape(char *out, size_t size, const char *in)
{
	return escape_text(out, size, in, 1);
}

size_t fmt_sanitize(char *out, size_t size, const char *in)
{
	return escape_text(out, size, in, 0);
}

int fmt_hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

ssize_t fmt_unescape(char *out, size_t size, const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = 0;

	if (!size)
		return -ENOSPC;
	out[0] = '\0';
	while (*s) {
		int c = *s++;

		if (c == '\\') {
			if (*s == '\\') {
				s++;
			} else if (*s == 'x' && fmt_hex_digit(s[1]) >= 0 && fmt_hex_digit(s[2]) >= 0) {
				c = fmt_hex_digit(s[1]) << 4 | fmt_hex_digit(s[2]);
				s += 3;
				if (c == 0) /* no C string holds a NUL: fmt_escape never writes \x00 */
					goto malformed;
			} else {
				goto malformed;
			}
		}
		if (n + 1 >= size) {
			out[0] = '\0';
			return -ENOSPC;
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return (ssize_t)n;
malformed:
	out[0] = '\0';
	return -EINVAL;
}
