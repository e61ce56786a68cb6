/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* mountinfo.c - the mount point of a filesystem type in /proc/PID/mountinfo: one pass over the
 * lines, fields split in place, the mount point unescaped. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

#define FIELDS_BEFORE_SEP 6     /* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS */

/* Undo the kernel's escaping of s (\ooo, three octal digits) into out (size bytes, NUL
 * terminated). A backslash not followed by three octal digits stays as it is. Returns 0, or
 * -ENAMETOOLONG when it does not fit. */
static int unescape(const char *s, char *out, size_t size)
{
	size_t n = 0;

	while (*s) {
		char c = *s++;

		if (c == '\\' && s[0] >= '0' && s[0] <= '3' && s[1] >= '0' && s[1] <= '7' &&
		    s[2] >= '0' && s[2] <= '7') {
			c = (char)((s[0] - '0') << 6 | (s[1] - '0') << 3 | (s[2] - '0'));
			s += 3;
		}
		if (n + 1 >= size)
			return -ENAMETOOLONG;
		out[n++] = c;
	}
	out[n] = '\0';
	return 0;
}

/* Split line in place at single spaces: the mount point (field 5) and root (field 4) into *mnt
 * and *root, the filesystem type (the field after the "-" separator) into *type. Returns 0, or
 * -1 for a line that is not of that form. */
static int split_dev(char *line, char **root, char **mnt, char **type, char **dev);

static int split(char *line, char **root, char **mnt, char **type)
{
	char *dev;

	return split_dev(line, root, mnt, type, &dev);
}

/* split, and the MAJ:MIN field into *dev. */
static int split_dev(char *line, char **root, char **mnt, char **type, char **dev)
{
	char *f[FIELDS_BEFORE_SEP], *p = line, *sep;
	size_t i;

	for (i = 0; i < FIELDS_BEFORE_SEP; i++) {
		char *sp = strchr(p, ' ');

		if (!sp || sp == p)
			return -1;
		*sp = '\0';
		f[i] = p;
		p = sp + 1;
	}
	/* optional fields (shared:N, master:N, ...), then "-" as a field of its own */
	for (;;) {
		sep = strchr(p, ' ');
		if (!sep)
			return -1;
		if (sep - p == 1 && p[0] == '-')
			break;
		p = sep + 1;
	}
	p = sep + 1;
	sep = strchr(p, ' ');
	if (!sep || sep == p)
		return -1;
	*sep = '\0';
	*root = f[3];
	*mnt = f[4];
	*type = p;
	*dev = f[2];
	return 0;
}

int mountinfo_parse(char *line, struct mountinfo_mount *m)
{
	char *root, *mnt, *type, *dev, *end;
	unsigned long major, minor;
	size_t len = strlen(line);

	if (len && line[len - 1] == '\n')
		line[len - 1] = '\0';
	if (split_dev(line, &root, &mnt, &type, &dev) < 0)
		return -EINVAL;
	major = strtoul(dev, &end, 10);
	if (end == dev || *end != ':')
		return -EINVAL;
	minor = strtoul(end + 1, &end, 10);
	if (*end || major > 0xfff || minor > 0xfffff)
		return -EINVAL;
	m->major = (unsigned)major;
	m->minor = (unsigned)minor;
	m->fs_root = strcmp(root, "/") == 0;
	if (snprintf(m->type, sizeof(m->type), "%s", type) >= (int)sizeof(m->type))
		return -EINVAL;
	return unescape(mnt, m->point, sizeof(m->point));
}

int mountinfo_find(FILE *f, const char *fstype, const char *prefer, char *out, size_t size)
{
	char *line = NULL, *last = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = -ENODEV, found = 0;    /* found: 1 a mount, 2 the preferred one, -1 no memory */

	errno = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *root, *mnt, *type, real[PATH_MAX];

		if (len && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (split(line, &root, &mnt, &type) < 0 || strcmp(type, fstype) != 0 ||
		    strcmp(root, "/") != 0)
			continue;
		if (prefer && unescape(mnt, real, sizeof(real)) == 0 && strcmp(real, prefer) == 0) {
			free(last);
			last = strdup(mnt);
			found = last ? 2 : -1;
			break;
		}
		free(last);
		last = strdup(mnt);
		if (!last) {
			found = -1;
			break;
		}
		found = 1;
	}
	if (found < 0)
		rc = -ENOMEM;
	else if (ferror(f))
		rc = errno ? -errno : -EIO;
	else if (found)
		rc = unescape(last, out, size);
	free(last);
	free(line);
	return rc;
}

int mountinfo_find_pid(const char *procroot, int32_t pid, const char *fstype, const char *prefer,
		       char *out, size_t size)
{
	char path[PATH_MAX];
	FILE *f;
	int rc;

	if (pid > 0)
		rc = snprintf(path, sizeof(path), "%s/%d/mountinfo", procroot, (int)pid);
	else
		rc = snprintf(path, sizeof(path), "%s/self/mountinfo", procroot);
	if (rc < 0 || (size_t)rc >= sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	rc = mountinfo_find(f, fstype, prefer, out, size);
	fclose(f);
	return rc;
}
