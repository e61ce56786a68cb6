/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procipc.c - a /proc/sysvipc table reader: the header's names give the columns, and each line is
 * split and converted in one pass, by hand (no sscanf): the kernel pads every field with spaces
 * and prints keys as signed decimal, perms in octal, everything else in unsigned decimal. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "procipc.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int header(struct procipc *p, char *s, const struct procipc_col *cols, size_t ncols)
{
	for (;;) {
		char *name;
		int c = -1;

		while (is_space(*s))
			s++;
		if (!*s)
			return 0;
		if (p->nfields == PROCIPC_MAX_FIELDS)
			return -EINVAL;
		name = s;
		while (*s && !is_space(*s))
			s++;
		if (*s)
			*s++ = '\0';
		for (size_t i = 0; i < ncols; i++)
			if (strcmp(name, cols[i].name) == 0)
				c = (int)i;
		if (c >= 0) {
			if (p->seen & (1ull << c))
				return -EINVAL; /* named twice: not the kernel's header */
			p->seen |= 1ull << c;
		}
		p->map[p->nfields++] = (signed char)c;
	}
}

int procipc_open(struct procipc *p, FILE *f, const struct procipc_col *cols, size_t ncols,
		 uint64_t required)
{
	ssize_t len;
	int rc;

	memset(p, 0, sizeof(*p));
	p->f = f;
	p->cols = cols;
	if (ncols > PROCIPC_MAX_COLS)
		return -EINVAL;
	errno = 0;
	len = getline(&p->line, &p->cap, f);
	if (len < 0)
		return ferror(f) ? -(errno ? errno : EIO) : -ENODATA;
	if (memchr(p->line, '\0', (size_t)len))
		return -EINVAL; /* a NUL inside the header */
	rc = header(p, p->line, cols, ncols);
	if (rc == 0 && (p->seen & required) != required)
		rc = -EINVAL;
	return rc;
}

/* The number t[0..n) as column c wants it; 0 or -1. */
static int convert(const struct procipc_col *c, const char *t, size_t n, int64_t *out)
{
	int neg = c->kind == PROCIPC_KEY && n && *t == '-';
	unsigned base = c->kind == PROCIPC_OCT ? 8 : 10;
	uint64_t max, v = 0;

	if (c->kind == PROCIPC_KEY)
		max = neg ? (uint64_t)INT32_MAX + 1 : UINT32_MAX;
	else
		max = c->max;
	t += neg;
	n -= (size_t)neg;
	if (!n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)t[i] - '0';

		if (d >= base || v > (max - d) / base)
			return -1;
		v = v * base + d;
	}
	if (c->kind == PROCIPC_KEY)
		*out = neg ? -(int64_t)v : (int64_t)(int32_t)(uint32_t)v;
	else
		*out = (int64_t)v;
	return 0;
}

/* Split and convert the line [s, end): 1 for values, 0 for a blank line, -1 malformed. */
static int parse_line(const struct procipc *p, const char *s, const char *end, int64_t *v)
{
	for (size_t i = 0; i < p->nfields; i++) {
		const char *t;

		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s == end || is_space(*s)) { /* the line ended */
			if (i)
				return -1;
			while (s < end && is_space(*s))
				s++;
			return s == end ? 0 : -1;
		}
		t = s;
		while (s < end && (unsigned char)*s > ' ')
			s++;
		if (s < end && !is_space(*s))
			return -1; /* a control byte (or a NUL) inside a field */
		if (p->map[i] >= 0 && convert(&p->cols[p->map[i]], t, (size_t)(s - t),
					      &v[p->map[i]]) < 0)
			return -1;
	}
	while (s < end && is_space(*s))
		s++;
	return s == end ? 1 : -1; /* anything left is a field too many */
}

int procipc_next(struct procipc *p, int64_t *v)
{
	ssize_t len;

	errno = 0;
	while ((len = getline(&p->line, &p->cap, p->f)) >= 0) {
		int r = parse_line(p, p->line, p->line + len, v);

		if (r > 0)
			return 1;
		if (r < 0)
			return -EBADMSG;
	}
	return ferror(p->f) ? -(errno ? errno : EIO) : 0;
}

void procipc_close(struct procipc *p)
{
	free(p->line);
	p->line = NULL;
	p->cap = 0;
}
