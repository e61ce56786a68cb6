/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procshm.c - parse /proc/sysvipc/shm into segments, mapping columns by the header's names.
 * The kernel prints the key as signed decimal and perms in octal (with SHM_DEST/SHM_LOCKED);
 * kernels before 4.14 have no rss/swap columns. A line that does not parse is counted, not fatal. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procshm.h"

enum col {
	COL_IGNORED, COL_KEY, COL_SHMID, COL_PERMS, COL_SIZE, COL_CPID, COL_LPID, COL_NATTCH,
	COL_UID, COL_GID, COL_CUID, COL_CGID, COL_ATIME, COL_DTIME, COL_CTIME, COL_RSS, COL_SWAP,
	COL_COUNT
};

static const char *const col_names[COL_COUNT] = {
	[COL_KEY] = "key", [COL_SHMID] = "shmid", [COL_PERMS] = "perms", [COL_SIZE] = "size",
	[COL_CPID] = "cpid", [COL_LPID] = "lpid", [COL_NATTCH] = "nattch", [COL_UID] = "uid",
	[COL_GID] = "gid", [COL_CUID] = "cuid", [COL_CGID] = "cgid", [COL_ATIME] = "atime",
	[COL_DTIME] = "dtime", [COL_CTIME] = "ctime", [COL_RSS] = "rss", [COL_SWAP] = "swap",
};

#define MAX_COLS 256

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Split line into at most max tokens in place; returns the count, or max + 1 if there were more. */
static size_t split(char *line, char **tok, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		while (is_space(*p))
			p++;
		if (!*p)
			return n;
		if (n == max)
			return max + 1;
		tok[n++] = p;
		while (*p && !is_space(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static enum col col_lookup(const char *name)
{
	for (int c = COL_KEY; c < COL_COUNT; c++)
		if (strcmp(name, col_names[c]) == 0)
			return (enum col)c;
	return COL_IGNORED;
}

/* Parse an unsigned number in base 8 or 10 covering all of s[0..n); 0 or -1. */
static int parse_u64(const char *s, size_t n, unsigned base, uint64_t *out)
{
	uint64_t v = 0;

	if (!n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (d >= base)
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/* Store a parsed number in field c, checking the field's range. neg only for key. */
static int set_field(struct shmseg *s, enum col c, int neg, uint64_t u)
{
	if (neg && c != COL_KEY)
		return -1;
	switch (c) {
	case COL_IGNORED:
		return 0;
	case COL_KEY:
		/* signed decimal; accept the unsigned spelling too */
		if (neg ? u > (uint64_t)INT32_MAX + 1 : u > UINT32_MAX)
			return -1;
		s->key = neg ? (int32_t)(0u - (uint32_t)u) : (int32_t)(uint32_t)u;
		return 0;
	case COL_SHMID: case COL_CPID: case COL_LPID:
		if (u > INT32_MAX)
			return -1;
		if (c == COL_SHMID)
			s->shmid = (int32_t)u;
		else if (c == COL_CPID)
			s->cpid = (int32_t)u;
		else
			s->lpid = (int32_t)u;
		return 0;
	case COL_PERMS:
		if (u > 07777)
			return -1;
		s->mode = (uint32_t)u;
		return 0;
	case COL_SIZE: s->size = u; return 0;
	case COL_NATTCH: s->nattch = u > UINT32_MAX ? UINT32_MAX : (uint32_t)u; return 0;
	case COL_UID: case COL_GID: case COL_CUID: case COL_CGID:
		if (u > UINT32_MAX)
			return -1;
		if (c == COL_UID)
			s->uid = (uint32_t)u;
		else if (c == COL_GID)
			s->gid = (uint32_t)u;
		else if (c == COL_CUID)
			s->cuid = (uint32_t)u;
		else
			s->cgid = (uint32_t)u;
		return 0;
	case COL_ATIME: case COL_DTIME: case COL_CTIME: case COL_RSS: case COL_SWAP:
		if (u > INT64_MAX)
			return -1;
		if (c == COL_ATIME)
			s->atime = (int64_t)u;
		else if (c == COL_DTIME)
			s->dtime = (int64_t)u;
		else if (c == COL_CTIME)
			s->ctime = (int64_t)u;
		else if (c == COL_RSS)
			s->rss = (int64_t)u;
		else
			s->swap = (int64_t)u;
		return 0;
	case COL_COUNT:
		break;
	}
	return -1;
}

/* The general path for one token t[0..n): octal perms, overflow, garbage. */
static int parse_field(struct shmseg *s, enum col c, const char *t, size_t n)
{
	int neg = n && *t == '-';
	uint64_t u;

	if (c == COL_IGNORED)
		return 0;
	if (parse_u64(t + neg, n - (size_t)neg, c == COL_PERMS ? 8 : 10, &u) < 0)
		return -1;
	return set_field(s, c, neg, u);
}

/* Skip blanks; eight spaces at a time while they last (the kernel right-aligns wide columns). */
static const char *skip_blanks(const char *p, const char *end)
{
	static const uint64_t spaces = 0x2020202020202020ull;
	uint64_t w;

	while (end - p >= 8) {
		memcpy(&w, p, 8);
		if (w != spaces)
			break;
		p += 8;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Tokenise and convert one NUL-terminated data line [p, end) in a single pass: the kernel
 * pads with many spaces, so this is the hot loop of a poll. Returns 1 for a segment, 0 for a
 * blank line, -1 for a malformed one. */
static int parse_line(const char *p, const char *end, const enum col *map, size_t ncols,
		      struct shmseg *s)
{
	size_t i;

	for (i = 0; i < ncols; i++) {
		const char *t, *d;
		uint64_t v = 0;
		int neg;

		p = skip_blanks(p, end);
		if (p >= end || is_space(*p)) { /* the line ended ('\n' or '\r') */
			if (i)
				return -1;
			while (p < end && is_space(*p))
				p++;
			return p == end ? 0 : -1;
		}
		t = p;
		neg = *p == '-';
		d = p += neg;
		while ((unsigned)(*p - '0') < 10) {
			v = v * 10 + (unsigned)(*p - '0');
			p++;
		}
		if ((unsigned char)*p > ' ' || p - d > 18 || p == d || map[i] == COL_PERMS ||
		    map[i] == COL_IGNORED) {
			/* not a plain short decimal: take the general path */
			while ((unsigned char)*p > ' ')
				p++;
			if (p < end && !is_space(*p))
				return -1; /* a control byte inside a field */
			if (parse_field(s, map[i], t, (size_t)(p - t)) < 0)
				return -1;
			continue;
		}
		if (p < end && !is_space(*p))
			return -1;
		if (set_field(s, map[i], neg, v) < 0)
			return -1;
	}
	while (p < end && is_space(*p))
		p++;
	return p == end ? 1 : -1;
}

int procshm_parse(FILE *f, struct shmseg_list *out, struct procshm_stats *st)
{
	enum col map[MAX_COLS];
	char *tok[MAX_COLS];
	char *line = NULL;
	size_t cap = 0, ncols = 0;
	unsigned seen = 0;
	int rc = 0;
	ssize_t len;

	memset(st, 0, sizeof(*st));
	errno = 0;
	len = getline(&line, &cap, f);
	if (len < 0) {
		rc = ferror(f) ? -(errno ? errno : EIO) : -ENODATA;
		goto done;
	}
	ncols = split(line, tok, MAX_COLS);
	if (ncols > MAX_COLS) {
		rc = -EINVAL;
		goto done;
	}
	for (size_t i = 0; i < ncols; i++) {
		map[i] = col_lookup(tok[i]);
		if (map[i] != COL_IGNORED)
			seen |= 1u << map[i];
	}
	{
		unsigned need = 1u << COL_KEY | 1u << COL_SHMID | 1u << COL_PERMS | 1u << COL_SIZE;

		if ((seen & need) != need) {
			rc = -EINVAL;
			goto done;
		}
	}
	st->has_rss = (seen & (1u << COL_RSS)) && (seen & (1u << COL_SWAP));

	while ((len = getline(&line, &cap, f)) >= 0) {
		struct shmseg s = { .rss = SHMSEG_UNKNOWN, .swap = SHMSEG_UNKNOWN,
				    .huge_page = SHMSEG_UNKNOWN };
		int r = parse_line(line, line + len, map, ncols, &s);

		if (r == 0)
			continue; /* blank line */
		st->lines++;
		if (r < 0) {
			st->malformed++;
			continue;
		}
		if (!(seen & (1u << COL_RSS)))
			s.rss = SHMSEG_UNKNOWN;
		if (!(seen & (1u << COL_SWAP)))
			s.swap = SHMSEG_UNKNOWN;
		rc = shmseg_list_push(out, &s);
		if (rc < 0)
			goto done;
	}
	if (ferror(f))
		rc = -(errno ? errno : EIO);
done:
	free(line);
	return rc;
}
