/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* shmdir.c - the POSIX shared memory directory as one descriptor: opening it (inside a
 * container's root when it is a container's), and opening, stating and unlinking one object of
 * it by a single name relative to that descriptor. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "rootfs.h"
#include "shmdir.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

void shmdir_init(struct shmdir *d)
{
	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->err = -ENOENT;
}

int shmdir_open_viewed(struct shmdir *d, const char *procroot, const char *dir, int32_t pid)
{
	if (dir)
		return shmdir_open(d, procroot, dir);
	if (pid)
		return shmdir_open_pid(d, procroot, pid, "/dev/shm");
	return shmdir_open(d, procroot, "/dev/shm");
}

void shmdir_close(struct shmdir *d)
{
	if (d->fd >= 0)
		close(d->fd);
	shmdir_init(d);
}

static int set_text(char *buf, size_t size, const char *text)
{
	return (size_t)snprintf(buf, size, "%s", text) >= size ? -ENAMETOOLONG : 0;
}

/* Fill in what fd tells; d->path is set. Takes fd over. Returns 0 or -errno (fd closed). */
static int finish(struct shmdir *d, int fd)
{
	struct statfs sf;
	struct stat st;
	char link[64];
	ssize_t n;

	if (fstat(fd, &st) < 0 || fstatfs(fd, &sf) < 0) {
		int e = -errno;

		close(fd);
		return d->err = e;
	}
	d->fd = fd;
	d->err = 0;
	d->dev = (uint64_t)st.st_dev;
	d->tmpfs = sf.f_type == TMPFS_MAGIC;
	/* the kernel's own name for it from here, which is what it writes in the maps of
	 * processes that map its files, whatever their root */
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, d->maps_path, sizeof(d->maps_path));
	if (n <= 0 || (size_t)n >= sizeof(d->maps_path) || d->maps_path[0] != '/')
		memcpy(d->maps_path, d->path, sizeof(d->path));
	else
		d->maps_path[n] = '\0';
	return 0;
}

/* dir = <procroot>/PID/root[/REST]: *pid and *rest ("/" when there is no REST). Returns 1, or
 * 0 for any other path. */
static int in_root(const char *procroot, const char *dir, int32_t *pid, const char **rest)
{
	size_t plen = strlen(procroot), i;
	const char *p;
	long v = 0;

	while (plen > 1 && procroot[plen - 1] == '/')
		plen--;
	if (strncmp(dir, procroot, plen) != 0 || dir[plen] != '/')
		return 0;
	for (p = dir + plen; *p == '/'; p++)
		;
	for (i = 0; p[i] >= '0' && p[i] <= '9' && v <= INT32_MAX; i++)
		v = v * 10 + (p[i] - '0');
	if (!i || p[0] == '0' || v > INT32_MAX || strncmp(p + i, "/root", 5) != 0 ||
	    (p[i + 5] != '/' && p[i + 5] != '\0'))
		return 0;
	*pid = (int32_t)v;
	*rest = p[i + 5] ? p + i + 5 : "/";
	return 1;
}

/* dir, resolved from shmtop's own root as the kernel would, except that procfs's magic links (a
 * process's root or cwd, a descriptor) are refused with -ELOOP: only in_root's spelling enters a
 * process's root, and then resolves inside it; /proc/PID//root/dev/shm, /proc/PID/task/TID/root/
 * or /proc/PID/cwd/ would follow the container's symlinks on the host. Its path from the root
 * into path. Returns the O_PATH descriptor or -errno. */
static int open_here(const char *dir, char *path, size_t size)
{
	char abs[PATH_MAX];
	int root, fd;

	if (dir[0] != '/') {
		size_t n;

		if (!getcwd(abs, sizeof(abs)))
			return -errno;
		n = strlen(abs);
		if ((size_t)snprintf(abs + n, sizeof(abs) - n, "/%s", dir) >= sizeof(abs) - n)
			return -ENAMETOOLONG;
		dir = abs;
	}
	root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -errno;
	fd = rootfs_open(root, dir, O_PATH | O_DIRECTORY, path, size);
	close(root);
	return fd;
}

int shmdir_open(struct shmdir *d, const char *procroot, const char *dir)
{
	const char *rest;
	int32_t pid;
	int fd;

	if (in_root(procroot, dir, &pid, &rest)) {
		int rc = shmdir_open_pid(d, procroot, pid, rest);

		set_text(d->shown, sizeof(d->shown), dir); /* as it was given */
		return rc;
	}
	shmdir_init(d);
	if (set_text(d->shown, sizeof(d->shown), dir) < 0)
		return d->err = -ENAMETOOLONG;
	fd = open_here(dir, d->path, sizeof(d->path));
	if (fd < 0)
		return d->err = fd;
	return finish(d, fd);
}

int shmdir_open_pid(struct shmdir *d, const char *procroot, int32_t pid, const char *rest)
{
	char root[PATH_MAX];
	int rootfd, fd;

	shmdir_init(d);
	if ((size_t)snprintf(root, sizeof(root), "%s/%d/root", procroot, (int)pid) >=
	    sizeof(root) ||
	    (size_t)snprintf(d->shown, sizeof(d->shown), "%s%s%s", root,
			     rest[0] == '/' ? "" : "/", rest) >= sizeof(d->shown))
		return d->err = -ENAMETOOLONG;
	d->root_pid = pid;
	/* the magic link to that process's root, followed here on purpose: it is the root */
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return d->err = -errno;
	fd = rootfs_open(rootfd, rest, O_PATH | O_DIRECTORY, d->path, sizeof(d->path));
	close(rootfd);
	if (fd < 0)
		return d->err = fd;
	return finish(d, fd);
}

int shmdir_leaf(const char *name, const char **leaf)
{
	const char *p = name[0] == '/' ? name + 1 : name;
	size_t len = strlen(p);

	if (!len || len > NAME_MAX || strchr(p, '/') || strcmp(p, ".") == 0 || strcmp(p, "..") == 0)
		return -EINVAL;
	*leaf = p;
	return 0;
}

int shmdir_stat(const struct shmdir *d, const char *name, struct stat *st)
{
	const char *leaf;

	if (d->fd < 0)
		return d->err ? d->err : -EBADF;
	if (shmdir_leaf(name, &leaf) < 0)
		return -EINVAL;
	return fstatat(d->fd, leaf, st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

int shmdir_open_object(const struct shmdir *d, const char *name, struct stat *st)
{
	const char *leaf;
	struct stat pst;
	int pfd, fd, rc;

	if (d->fd < 0)
		return d->err ? d->err : -EBADF;
	if (shmdir_leaf(name, &leaf) < 0)
		return -EINVAL;
	/* O_PATH opens nothing (no driver's open for a device, no wait for a FIFO): the type
	 * first */
	pfd = openat(d->fd, leaf, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	rc = fstat(pfd, &pst) < 0 ? -errno : S_ISREG(pst.st_mode) ? 0 : -EINVAL;
	close(pfd);
	if (rc < 0)
		return rc;
	/* O_NOATIME where the kernel lets us (the file's owner, or CAP_FOWNER): reading an object,
	 * a semaphore's value each poll for one, must not stamp its atime either */
	fd = openat(d->fd, leaf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
		    O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = openat(d->fd, leaf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0)
		rc = -errno;
	else if (!S_ISREG(st->st_mode))
		rc = -EINVAL;
	else if (st->st_dev != pst.st_dev || st->st_ino != pst.st_ino)
		rc = -ESTALE;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

int shmdir_unlink_if(const struct shmdir *d, const char *name,
		     int (*same)(const struct stat *st, const void *ctx), const void *ctx)
{
	const char *leaf;
	struct stat st;

	if (d->fd < 0)
		return d->err ? d->err : -EBADF;
	if (shmdir_leaf(name, &leaf) < 0)
		return -EINVAL;
	if (fstatat(d->fd, leaf, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || !same(&st, ctx))
		return -ESTALE;
	if (unlinkat(d->fd, leaf, 0) < 0)
		return -errno;
	return 0;
}

/* The name still holds the object o: the same inode, size and ctime to the nanosecond. */
static int same_posixobj(const struct stat *st, const void *ctx)
{
	const struct posixobj *o = ctx;

	return (uint64_t)st->st_dev == o->dev && (uint64_t)st->st_ino == o->ino &&
	       (uint64_t)st->st_size == o->size && (int64_t)st->st_ctim.tv_sec == o->ctime &&
	       (uint32_t)st->st_ctim.tv_nsec == o->ctime_ns;
}

int shmdir_unlink(const struct shmdir *d, const struct posixobj *o)
{
	if (d->fd >= 0 && o->deleted)
		return -EINVAL;
	return shmdir_unlink_if(d, o->name, same_posixobj, o);
}
