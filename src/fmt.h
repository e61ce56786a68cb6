/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* fmt.h - pure formatting of segment fields into caller-supplied buffers: numbers, keys, perms,
 * sizes, times (relative to an injected now) and escaping of untrusted strings. No I/O. */
#ifndef SHMTOP_FMT_H
#define SHMTOP_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define FMT_U64_LEN   21   /* 18446744073709551615 + NUL */
#define FMT_KEY_LEN   11   /* 0x00002537 + NUL */
#define FMT_PERMS_LEN 10   /* rw-rw-rw- + NUL; also fits 0666 */
#define FMT_TIME_LEN  20   /* 2026-11-23 00:31:27 + NUL */

/* The value of the hex digit c (either case), or -1 when c is not one. */
int fmt_hex_digit(unsigned char c);

/* Decimal digits of v, NUL-terminated; returns the length. buf holds FMT_U64_LEN. */
size_t fmt_u64(char *buf, uint64_t v);
size_t fmt_i64(char *buf, int64_t v);
/* 0x%08x of the key's unsigned value. */
void fmt_key(char *buf, int32_t key);
/* "0666": the permission bits, 4 octal digits. */
void fmt_perms_octal(char *buf, uint32_t mode);
/* "rw-rw-rw-" (x is shown too, though the kernel ignores it for shm). */
void fmt_perms_rwx(char *buf, uint32_t mode);
/* "dest", "locked", "huge" joined by ',' in that order ("dest,huge"), or "-": huge for a
 * SHM_HUGETLB segment (huge_page > 0). */
void fmt_status(char *buf, size_t size, uint32_t mode, int64_t huge_page);
/* Human size like ls -h: "512B", "1.0K", "9.9M", "12G", "1.0E". */
void fmt_size(char *buf, size_t size, uint64_t bytes);
/* Local time "2026-11-23 00:31:27", or "-" for 0 (never). */
void fmt_time_abs(char *buf, size_t size, int64_t t);
/* ISO 8601 local time with its offset, "2026-11-23T00:31:27+01:00", or "-" for 0 (never). */
#define FMT_TIME_ISO_LEN 26
void fmt_time_iso(char *buf, size_t size, int64_t t);
/* Local-time conversions remembered by minute, for formatting many times in a row.
 * Zero-initialise before use; it is the caller's, so fmt stays free of hidden state. */
#define FMT_TIMECACHE_SLOTS 64
struct fmt_timecache {
	struct {
		int64_t minute_plus_1;  /* 0 = empty */
		char prefix[17];        /* "2026-11-23 00:31:" */
	} slot[FMT_TIMECACHE_SLOTS];
};
/* Same text as fmt_time_abs; size must be at least FMT_TIME_LEN. */
void fmt_time_abs_cached(struct fmt_timecache *c, char *buf, size_t size, int64_t t);
#define FMT_TIME_PREFIX_LEN 17 /* "2026-11-23 00:31:" */
/* The first FMT_TIME_PREFIX_LEN bytes of fmt_time_abs(t) (not NUL-terminated), from the cache
 * in c; the seconds, t % 60, follow as two digits. NULL where that does not hold: t <= 0, a
 * failing localtime, a zone whose offset is not whole minutes. fmt_timecache_fill is the slow
 * path: it formats the minute and caches it. */
const char *fmt_timecache_fill(struct fmt_timecache *c, int64_t t);
static inline const char *fmt_timecache_prefix(struct fmt_timecache *c, int64_t t)
{
	int64_t minute = t / 60;

	if (t > 0 && c->slot[minute % FMT_TIMECACHE_SLOTS].minute_plus_1 == minute + 1)
		return c->slot[minute % FMT_TIMECACHE_SLOTS].prefix; /* the usual case */
	return fmt_timecache_fill(c, t);
}
/* "never", "now", "12s ago", "5m ago", "3h ago", "2d ago"; from 1000 days on "2y ago". */
void fmt_time_rel(char *buf, size_t size, int64_t t, int64_t now);
/* Escaping of untrusted strings (names of users, groups, processes and objects, command lines,
 * paths, the hostname), the one rule for every output, the dashboard and stderr:
 *   - a backslash is written as \\ (two backslashes);
 *   - control bytes (C0, DEL, C1), the bidirectional controls (U+061C, U+200E/F, U+202A..E,
 *     U+2066..9), U+2028/9 and bytes that are not well-formed UTF-8 as \xNN (lower-case hex);
 *   - everything else (printable ASCII, other well-formed UTF-8) as itself.
 * So nothing reaches a terminal raw, and two different strings never escape to the same text:
 * fmt_unescape gives back the original bytes. Truncates at a character boundary (never within
 * a \xNN or a \\); always NUL-terminates (size > 0). Returns the length written. Escape a
 * string once: text that is already escaped would have its backslashes doubled again. */
size_t fmt_escape(char *out, size_t size, const char *in);
/* With on, fmt_escape and fmt_sanitize write every byte above 0x7f as \xNN too, well-formed
 * UTF-8 included: for a terminal whose character set is not UTF-8, where the bytes of a UTF-8
 * character would show as others (in an 8-bit set, 0x9b inside one is the control CSI). Off by
 * default; main sets it once, before any output. */
void fmt_escape_set_ascii(int on);
/* The columns n bytes of escaped text (well-formed UTF-8) take on a terminal: a column for each
 * ASCII byte, wcwidth(3) for the other characters (in the locale's LC_CTYPE), one where it knows
 * none; a table pads by it, not by bytes. */
size_t fmt_width(const char *s, size_t n);
/* The inverse of fmt_escape: \\ becomes a backslash, \xNN (two hex digits, either case) the
 * byte NN, every other byte stays itself; fmt_unescape(fmt_escape(s)) is s. Returns the length
 * of the NUL-terminated result; -EINVAL for malformed text (a backslash followed by anything
 * else, or \x00: no C string holds a NUL); -ENOSPC when size cannot hold the result
 * (strlen(in) + 1 always can). out is "" after an error. */
ssize_t fmt_unescape(char *out, size_t size, const char *in);
/* Make text harmless on a terminal without claiming to represent it: like fmt_escape, but a
 * backslash stays as it is, so it is not reversible. For shmtop's own text and for text that is
 * already escaped (it leaves fmt_escape's output unchanged): the dashboard's safety net. */
size_t fmt_sanitize(char *out, size_t size, const char *in);

#endif
