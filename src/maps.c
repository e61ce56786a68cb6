/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* maps.c - parse /proc/PID/maps lines: "start-end perms offset major:minor inode   path".
 * The kernel writes start, end and offset in hex (at least 8 digits, up to 16), the device in hex,
 * the inode in decimal, then, when the mapping has a name, pads with spaces to a column and writes
 * the path, which may hold spaces (a newline in a file name comes escaped as \012) and ends in
 * " (deleted)" when the file was unlinked. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "fmt.h"
#include "maps.h"

#define DELETED_SUFFIX " (deleted)"
#define DELETED_LEN (sizeof(DELETED_SUFFIX) - 1)


/* 1 to maxdig hex digits at *pp, followed by the byte stop. Advances *pp past stop. */
static int take_hex(const char **pp, const char *end, unsigned maxdig, char stop, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;
	unsigned n = 0;
	int d;

	while (p < end && (d = fmt_hex_digit((unsigned char)*p)) >= 0) {
		if (++n > maxdig)
			return -EINVAL;
		v = v << 4 | (uint64_t)d;
		p++;
	}
	if (!n || p >= end || *p != stop)
		return -EINVAL;
	*pp = p + 1;
	*out = v;
	return 0;
}

/* 1 to 20 decimal digits that fit in 64 bits. Leaves *pp on the first byte after them. */
static int take_dec(const char **pp, const char *end, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;

	while (p < end && *p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
		p++;
	}
	if (p == *pp)
		return -EINVAL;
	*pp = p;
	*out = v;
	return 0;
}

int maps_parse_line(const char *line, size_t len, struct maps_entry *e)
{
	const char *p = line, *end;
	uint64_t major, minor;

	if (len && line[len - 1] == '\n')
		len--;
	end = line + len;
	if (take_hex(&p, end, 16, '-', &e->start) < 0 || take_hex(&p, end, 16, ' ', &e->end) < 0 ||
	    e->end <= e->start)
		return -EINVAL;
	if (end - p < 5 || (p[0] != 'r' && p[0] != '-') || (p[1] != 'w' && p[1] != '-') ||
	    (p[2] != 'x' && p[2] != '-') || (p[3] != 's' && p[3] != 'p') || p[4] != ' ')
		return -EINVAL;
	memcpy(e->perms, p, 4);
	e->perms[4] = '\0';
	p += 5;
	if (take_hex(&p, end, 16, ' ', &e->offset) < 0 || take_hex(&p, end, 8, ':', &major) < 0 ||
	    take_hex(&p, end, 8, ' ', &minor) < 0 || take_dec(&p, end, &e->inode) < 0)
		return -EINVAL;
	e->dev_major = (uint32_t)major;
	e->dev_minor = (uint32_t)minor;
	e->path = p;
	e->path_len = 0;
	e->deleted = 0;
	if (p == end)           /* anonymous, trailing space already gone */
		return 0;
	if (*p != ' ')
		return -EINVAL;
	while (p < end && *p == ' ')
		p++;
	e->path = p;
	e->path_len = (size_t)(end - p);
	if (memchr(p, '\n', e->path_len))
		return -EINVAL;
	if (e->path_len > DELETED_LEN &&
	    memcmp(end - DELETED_LEN, DELETED_SUFFIX, DELETED_LEN) == 0) {
		e->path_len -= DELETED_LEN;
		e->deleted = 1;
	}
	return 0;
}

int maps_is_sysv(const struct maps_entry *e)
{
	if (e->path_len != 13 || memcmp(e->path, "/SYSV", 5) != 0)
		return 0;
	for (int i = 5; i < 13; i++)
		if (fmt_hex_digit((unsigned char)e->path[i]) < 0)
			return 0;
	return 1;
}

int maps_is_posix_shm(const struct maps_entry *e, const char *dir)
{
	size_t dlen = strlen(dir);

	while (dlen && dir[dlen - 1] == '/')
		dlen--;
	return e->path_len > dlen + 1 && memcmp(e->path, dir, dlen) == 0 && e->path[dlen] == '/';
}
