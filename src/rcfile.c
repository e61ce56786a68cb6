/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* rcfile.c - the shmtoprc file: its path, reading and atomic replacement (rcfile.h). Run as
 * root with a user's HOME (sudo -E), the path is the user's to point anywhere: so the file is
 * read or written only where nobody but shmtop's user (and root) could have put or moved
 * anything, as OpenSSH checks its files. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rcfile.h"

int rcfile_path(char *buf, size_t size, const char *xdg, const char *home)
{
	int n;

	/* the XDG base directory spec: a relative XDG_CONFIG_HOME is ignored */
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, size, "%s/shmtop/shmtoprc", xdg);
	else if (home && home[0] == '/')
		n = snprintf(buf, size, "%s/.config/shmtop/shmtoprc", home);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Whether st (of something on the path) is one only shmtop's user or root can change: owned by
 * either, and a directory writable by others only if sticky (as /tmp). */
static int trusted(const struct stat *st)
{
	uid_t me = geteuid();

	if (st->st_uid != me && st->st_uid != 0)
		return 0;
	if (S_ISLNK(st->st_mode))
		return 1; /* its target is checked too */
	return !(st->st_mode & (S_IWGRP | S_IWOTH)) || (S_ISDIR(st->st_mode) &&
						       (st->st_mode & S_ISVTX));
}

/* Check every directory of path (absolute) from / down to its last '/', as written (a symbolic
 * link on the way must be trusted too) and as resolved. 0, -EPERM for one that is not trusted,
 * or -errno (-ENOENT: missing, from the first missing one on: *missing is where, or -1). */
static int check_dirs(const char *path, ssize_t *missing)
{
	char buf[PATH_MAX], real[PATH_MAX];
	struct stat st;
	size_t end = strlen(path);

	*missing = -1;
	if (path[0] != '/' || end >= sizeof(buf))
		return path[0] != '/' ? -EINVAL : -ENAMETOOLONG;
	while (end > 0 && path[end - 1] != '/')
		end--;
	memcpy(buf, path, end);
	buf[end] = '\0';
	/* buf ends with '/': each component ends at one */
	for (size_t i = 1; i < end; i++) {
		char c;

		if (buf[i] != '/')
			continue;
		c = buf[i];
		buf[i] = '\0';
		if (lstat(buf, &st) < 0) {
			int e = errno;

			buf[i] = c;
			if (e == ENOENT)
				*missing = (ssize_t)i;
			return -e;
		}
		buf[i] = c;
		if (!trusted(&st))
			return -EPERM;
	}
	if (lstat("/", &st) < 0 || !trusted(&st))
		return -EPERM;
	/* and the directories it resolves to (a trusted link may still point anywhere) */
	if (!realpath(buf, real))
		return -errno;
	if (strcmp(real, "/") != 0) {
		size_t n = strlen(real);

		for (size_t i = 1; i <= n; i++) {
			char c;

			if (i < n && real[i] != '/')
				continue;
			c = real[i];
			real[i] = '\0';
			if (lstat(real, &st) < 0) {
				real[i] = c;
				return -errno;
			}
			real[i] = c;
			if (!trusted(&st) || !S_ISDIR(st.st_mode))
				return -EPERM;
		}
	}
	return 0;
}

/* Where path's file really is, in real (no symbolic links), once every directory on the way and
 * a final link are trusted: 0; -ENOENT when there is no file (real: where it would be); -EPERM
 * when something on the way is not trusted; another -errno. */
static int resolve(const char *path, char *real, size_t size)
{
	struct stat st;
	ssize_t missing;
	const char *base;
	int rc = check_dirs(path, &missing);

	if (rc < 0)
		return rc;
	if (lstat(path, &st) < 0) {
		char dir[PATH_MAX];

		if (errno != ENOENT)
			return -errno;
		/* no file: it would go in the real directory, under its name */
		base = strrchr(path, '/');
		snprintf(dir, sizeof(dir), "%.*s", (int)(base - path), path);
		if (!realpath(dir[0] ? dir : "/", dir))
			return -errno;
		if (snprintf(real, size, "%s/%s", strcmp(dir, "/") ? dir : "", base + 1) >= (int)size)
			return -ENAMETOOLONG;
		return -ENOENT;
	}
	if (S_ISLNK(st.st_mode)) {
		if (!trusted(&st))
			return -EPERM;
		if (!realpath(path, real)) {
			/* a dangling link (a dotfiles repository's file not made yet): where it
			 * points, if that is in a trusted directory */
			char target[PATH_MAX], full[PATH_MAX];
			int e = errno;
			ssize_t n;

			if (e != ENOENT)
				return -e;
			n = readlink(path, target, sizeof(target) - 1);
			if (n <= 0)
				return n < 0 ? -errno : -ENOENT;
			target[n] = '\0';
			if (target[0] == '/')
				snprintf(full, sizeof(full), "%s", target);
			else if (snprintf(full, sizeof(full), "%.*s/%s",
					  (int)(strrchr(path, '/') - path), path, target) >=
				 (int)sizeof(full))
				return -ENAMETOOLONG;
			rc = check_dirs(full, &missing);
			if (rc < 0)
				return rc;
			return resolve(full, real, size) == -ENOENT ? -ENOENT : -ELOOP;
		}
		rc = check_dirs(real, &missing);
		return rc < 0 ? rc : 0;
	}
	if (snprintf(real, size, "%s", path) >= (int)size)
		return -ENAMETOOLONG;
	return 0;
}

int rcfile_load(const char *path, struct rc *rc, rc_report_fn report, void *ctx)
{
	char real[PATH_MAX];
	int fd, rc_err = 0;
	char *text;
	size_t len = 0;
	struct stat st;

	rc_err = resolve(path, real, sizeof(real));
	if (rc_err < 0)
		return rc_err;
	/* what is there before opening it: a device is never opened (a watchdog would count that) */
	if (lstat(real, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if (st.st_uid != geteuid())
		return -EPERM;
	if (st.st_size > RC_FILE_MAX)
		return -EFBIG;
	fd = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		close(fd);
		return -EPERM;
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

/* Make the missing directories of path from index from on (each 0700, in a trusted one). */
static int make_dirs(const char *path, ssize_t from)
{
	char buf[PATH_MAX];
	size_t end = strlen(path);

	while (end > 0 && path[end - 1] != '/')
		end--;
	if (end >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, end);
	buf[end] = '\0';
	for (size_t i = (size_t)from; i <= end; i++) {
		if (i < end && buf[i] != '/')
			continue;
		buf[i] = '\0';
		if (i && mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -errno;
		buf[i] = i < end ? '/' : '\0';
	}
	return 0;
}

int rcfile_save(const char *path, const struct rc *rc)
{
	char real[PATH_MAX], dir[PATH_MAX], tmp[64], *text;
	const char *base;
	struct stat st;
	ssize_t missing;
	int dfd, fd, len, err;

	err = check_dirs(path, &missing);
	if (err == -ENOENT && missing > 0) {
		/* ~/.config/shmtop, or the missing part of it, inside a trusted directory */
		err = make_dirs(path, missing);
		if (!err)
			err = check_dirs(path, &missing);
	}
	if (err < 0)
		return err;
	err = resolve(path, real, sizeof(real));
	if (err < 0 && err != -ENOENT)
		return err;
	if (err == 0) {
		if (lstat(real, &st) < 0)
			return -errno;
		if (!S_ISREG(st.st_mode))
			return -EINVAL; /* a FIFO or a directory there is left alone */
		if (st.st_uid != geteuid())
			return -EPERM;
	}
	base = strrchr(real, '/');
	snprintf(dir, sizeof(dir), "%.*s", base == real ? 1 : (int)(base - real), real);
	base++;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	if (fstat(dfd, &st) < 0 || !trusted(&st)) {
		close(dfd);
		return -EPERM;
	}
	text = malloc(RC_FILE_MAX);
	if (!text) {
		close(dfd);
		return -ENOMEM;
	}
	len = rc_format(rc, text, RC_FILE_MAX);
	if (len < 0) {
		free(text);
		close(dfd);
		return len;
	}
	/* a new file of a name nobody has, beside the old one, renamed over it once complete */
	fd = -1;
	for (int tries = 0; fd < 0 && tries < 16; tries++) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(tmp, sizeof(tmp), ".shmtoprc.%ld.%lx", (long)getpid(),
			 (unsigned long)ts.tv_nsec ^ ((unsigned long)tries << 20));
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		err = -errno;
		free(text);
		close(dfd);
		return err;
	}
	err = write_all(fd, text, (size_t)len);
	free(text);
	if (!err && fsync(fd) < 0)
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && renameat(dfd, tmp, dfd, base) < 0)
		err = -errno;
	if (err)
		unlinkat(dfd, tmp, 0);
	else
		fsync(dfd); /* the rename itself survives a crash */
	close(dfd);
	return err;
}
