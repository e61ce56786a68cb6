/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* rcfile.c - the shmtoprc file: its path, reading and atomic replacement (rcfile.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rcfile.h"

int rcfile_path(char *buf, size_t size, const char *xdg, const char *home)
{
	int n;

	/* the XDG base directory spec: a relative XDG_CONFIG_HOME is ignored */
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, size, "%s/shmtop/shmtoprc", xdg);
	else if (home && home[0])
		n = snprintf(buf, size, "%s/.config/shmtop/shmtoprc", home);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int rcfile_load(const char *path, struct rc *rc, rc_report_fn report, void *ctx)
{
	/* O_NONBLOCK: a FIFO put there must not hang the start */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY), rc_err = 0;
	char *text;
	size_t len = 0;
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		rc_err = -errno;
		close(fd);
		return rc_err;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if (st.st_size > RC_FILE_MAX) {
		close(fd);
		return -EFBIG;
	}
	text = malloc(RC_FILE_MAX + 1);
	if (!text) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r = read(fd, text + len, RC_FILE_MAX + 1 - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc_err = -errno;
			break;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > RC_FILE_MAX) { /* it grew since fstat */
			rc_err = -EFBIG;
			break;
		}
	}
	close(fd);
	if (!rc_err)
		rc_parse(rc, text, len, report, ctx);
	free(text);
	return rc_err;
}

/* Make dir (0700) unless it exists; a directory another user owns is refused. */
static int own_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	if (stat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	return st.st_uid == geteuid() ? 0 : -EPERM;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int rcfile_save(const char *path, const struct rc *rc)
{
	char target[PATH_MAX], dir[PATH_MAX], tmp[PATH_MAX + 16], *slash, *text;
	struct stat st;
	int fd, len, err;

	/* write where a symbolic link points (a dotfiles repository), not over the link */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (!realpath(path, target))
			return -errno;
	} else if (snprintf(target, sizeof(target), "%s", path) >= (int)sizeof(target)) {
		return -ENAMETOOLONG;
	}
	snprintf(dir, sizeof(dir), "%s", target);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return -EINVAL;
	*slash = '\0';
	/* the parent (~/.config) first, then shmtop's own directory */
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return -errno;
		*slash = '/';
	}
	err = own_dir(dir);
	if (err)
		return err;
	if (stat(target, &st) == 0 && (!S_ISREG(st.st_mode) || st.st_uid != geteuid()))
		return S_ISREG(st.st_mode) ? -EPERM : -EINVAL;

	text = malloc(RC_FILE_MAX);
	if (!text)
		return -ENOMEM;
	len = rc_format(rc, text, RC_FILE_MAX);
	if (len < 0) {
		free(text);
		return len;
	}
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", target);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		free(text);
		return err;
	}
	err = write_all(fd, text, (size_t)len);
	free(text);
	if (!err && fchmod(fd, 0600) < 0)
		err = -errno;
	if (!err && fsync(fd) < 0)
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, target) < 0)
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}
