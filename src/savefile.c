/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* savefile.c - write bytes to a temporary file beside the target, flush it, then rename it into
 * place: the target is never opened, so a FIFO cannot block us and a full disk cannot cost the old
 * file its contents. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "savefile.h"

#define SAVEFILE_CHUNK ((size_t)1 << 20) /* the read callback may be a slow syscall: few, large */
#define SAVEFILE_TRIES 64                /* temporary names to try before giving up */

struct target {
	int dirfd;                 /* the directory, O_PATH: it needs no read permission */
	const char *base;          /* the last component of the path */
	int exists;                /* a regular file stood there when we looked: st is it */
	struct stat st;
	char tmp[NAME_MAX + 1];    /* the temporary file's name in dirfd, "" while there is none */
};

/* Open path's directory and look at its last component without following or opening it: a
 * FIFO or a device is never opened, so it can neither block nor react. */
static int target_check(const char *path, int overwrite, struct target *t)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	size_t dlen;

	if (!*path)
		return -ENOENT;
	if (!slash) {
		strcpy(dir, ".");
		t->base = path;
	} else {
		dlen = slash == path ? 1 : (size_t)(slash - path);
		if (dlen >= sizeof(dir))
			return -ENAMETOOLONG;
		memcpy(dir, path, dlen);
		dir[dlen] = '\0';
		t->base = slash + 1;
	}
	if (!*t->base || !strcmp(t->base, ".") || !strcmp(t->base, ".."))
		return -EINVAL; /* "dir/", "." or "..": a directory, not a file */
	if (strlen(t->base) > NAME_MAX)
		return -ENAMETOOLONG;
	t->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (t->dirfd < 0)
		return -errno;
	if (fstatat(t->dirfd, t->base, &t->st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISREG(t->st.st_mode))
		return -EINVAL; /* a FIFO, socket, device, directory or symlink: asked or not */
	if (!overwrite)
		return -EEXIST;
	/* rename would replace a file we may not write; the user asked to overwrite, not to
	 * override its permissions */
	if (faccessat(t->dirfd, t->base, W_OK, AT_EACCESS) < 0)
		return -errno;
	t->exists = 1;
	return 0;
}

static uint64_t random_bits(void)
{
	static unsigned counter;
	struct timespec ts;
	uint64_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r))
		return r;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^ (uint64_t)getpid() << 40 ^
	       (uint64_t)++counter << 20;
}

/* A new file beside the target, ".NAME.shmtop-RANDOM", only ours (O_EXCL never opens what is
 * there, O_NOFOLLOW never creates through a link). Returns the descriptor or -errno. */
static int tmp_create(struct target *t)
{
	for (int i = 0; i < SAVEFILE_TRIES; i++) {
		int fd;

		snprintf(t->tmp, sizeof(t->tmp), ".%.200s.shmtop-%012llx", t->base,
			 (unsigned long long)(random_bits() & 0xffffffffffffULL));
		fd = openat(t->dirfd, t->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY |
			    O_CLOEXEC, 0600);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST) {
			int e = errno;

			t->tmp[0] = '\0';
			return -e;
		}
	}
	t->tmp[0] = '\0';
	return -EEXIST;
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copy size bytes of the source into fd. Returns 0 or -errno; *done is what was written. */
static int copy_source(int fd, uint64_t size, savefile_read_fn fill, void *ctx, uint8_t *buf,
		       struct savefile_result *res, uint64_t *done)
{
	uint64_t off = 0;
	int rc;

	while (off < size) {
		size_t want = size - off < SAVEFILE_CHUNK ? (size_t)(size - off) : SAVEFILE_CHUNK;
		ssize_t n = fill(ctx, off, buf, want);

		if (n < 0)
			return n < -4095 ? -EIO : (int)n;
		if ((size_t)n > want)
			return -EIO; /* a callback that overran buf: trust none of it */
		rc = write_all(fd, buf, (size_t)n);
		if (rc < 0)
			return rc;
		off += (uint64_t)n;
		*done = off;
		if ((size_t)n < want) {
			res->truncated = 1; /* the source's end came early: what we have is all there is */
			break;
		}
	}
	return 0;
}

/* A replacement keeps the permission bits (and, where we may, the owner) of the file it
 * replaces, as an overwrite in place would have; a new file stays 0600. */
static int keep_attributes(int fd, const struct target *t)
{
	if (!t->exists)
		return 0;
	if ((t->st.st_uid != geteuid() || t->st.st_gid != getegid()) &&
	    fchown(fd, t->st.st_uid, t->st.st_gid) < 0) {
		/* not root (or not in that group): the file becomes ours, as a copy would */
	}
	return fchmod(fd, t->st.st_mode & 0777) < 0 ? -errno : 0;
}

/* Move the temporary file to the target's name without replacing anything: a file that appeared
 * there meanwhile is -EEXIST, never clobbered. */
static int rename_noreplace(const struct target *t)
{
	int rc;

#ifdef RENAME_NOREPLACE
	rc = renameat2(t->dirfd, t->tmp, t->dirfd, t->base, RENAME_NOREPLACE);
#elif defined(SYS_renameat2)
	rc = (int)syscall(SYS_renameat2, t->dirfd, t->tmp, t->dirfd, t->base, 1 /* NOREPLACE */);
#else
	rc = -1;
	errno = ENOSYS;
#endif
	if (rc == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -errno;
	/* the filesystem (or the kernel) cannot do that: a hard link refuses an existing name too */
	if (linkat(t->dirfd, t->tmp, t->dirfd, t->base, 0) < 0)
		return -errno;
	unlinkat(t->dirfd, t->tmp, 0);
	return 0;
}

/* Put the finished file in place: over the confirmed file if it is still the one we looked at,
 * as a new file otherwise. */
static int put_in_place(const struct target *t)
{
	struct stat now;

	if (t->exists) {
		if (fstatat(t->dirfd, t->base, &now, AT_SYMLINK_NOFOLLOW) == 0) {
			/* another file (or a FIFO, a link...) took its place while we wrote: the user
			 * confirmed replacing the one they saw, not this one */
			if (now.st_dev != t->st.st_dev || now.st_ino != t->st.st_ino ||
			    !S_ISREG(now.st_mode))
				return -EEXIST;
			return renameat(t->dirfd, t->tmp, t->dirfd, t->base) < 0 ? -errno : 0;
		}
		if (errno != ENOENT)
			return -errno;
		/* gone meanwhile: the name is free again, take it as a new file */
	}
	return rename_noreplace(t);
}

/* Make the rename itself durable; a directory that cannot be opened for that is no error, the
 * file is already in place. */
static void sync_dir(int dirfd)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (fsync(fd) < 0) {
		/* some filesystems refuse fsync on a directory: the rename stands anyway */
	}
	close(fd);
}

int savefile_write(const char *path, uint64_t size, savefile_read_fn fill, void *ctx,
		   int overwrite, struct savefile_result *res)
{
	struct target t = { .dirfd = -1 };
	uint8_t *buf = NULL;
	uint64_t done = 0;
	int fd = -1, rc;

	memset(res, 0, sizeof(*res));
	rc = target_check(path, overwrite, &t);
	if (rc < 0)
		goto out;
	buf = malloc(size < SAVEFILE_CHUNK ? (size_t)size + 1 : SAVEFILE_CHUNK);
	if (!buf) {
		rc = -ENOMEM;
		goto out;
	}
	fd = tmp_create(&t);
	if (fd < 0) {
		rc = fd; /* e.g. the directory is not writable: nothing was read, nothing changed */
		goto out;
	}
	rc = copy_source(fd, size, fill, ctx, buf, res, &done);
	if (rc == 0)
		rc = keep_attributes(fd, &t);
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno; /* a delayed write error (ENOSPC, EIO) shows here at the latest */
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0)
		rc = put_in_place(&t);
	if (rc < 0) {
		unlinkat(t.dirfd, t.tmp, 0);
		goto out;
	}
	res->written = done;
	sync_dir(t.dirfd);
out:
	free(buf);
	if (t.dirfd >= 0)
		close(t.dirfd);
	return rc;
}
