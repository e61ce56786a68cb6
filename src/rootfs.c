/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* rootfs.c - paths resolved inside a root directory: openat2(RESOLVE_IN_ROOT) where the kernel
 * has it, else a walk that does the same one component at a time. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef HAVE_LINUX_OPENAT2_H
#include <linux/openat2.h>
#endif

#include "rootfs.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif
#ifndef RESOLVE_IN_ROOT         /* headers older than Linux 5.6: the kernel may still have it */
struct open_how {
	uint64_t flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_IN_ROOT 0x10
#endif

/* How often a resolution that raced with a rename or a mount (-EAGAIN) is tried again. */
#define RETRIES 8

static int walk_only;           /* the test seam */
static int have_openat2 = -1;   /* a fact about the kernel: -1 not probed yet, 0 no, 1 yes */

static int sys_openat2(int dirfd, const char *path, int flags)
{
#ifdef SYS_openat2
	struct open_how how;
	long fd;

	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(unsigned)flags;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	return fd < 0 ? -errno : (int)fd;
#else
	(void)dirfd;
	(void)path;
	(void)flags;
	return -ENOSYS;
#endif
}

int rootfs_uses_openat2(void)
{
	if (have_openat2 < 0) {
		/* the current directory as its own root: always there. ENOSYS: no openat2 (or a
		 * seccomp filter that hides it); EINVAL, E2BIG: no RESOLVE_IN_ROOT; EPERM: a
		 * filter */
		int fd = sys_openat2(AT_FDCWD, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

		have_openat2 = !(fd == -ENOSYS || fd == -EINVAL || fd == -E2BIG || fd == -EPERM);
		if (fd >= 0)
			close(fd);
	}
	return have_openat2 && !walk_only;
}

int rootfs_set_walk_only(int on)
{
	int old = walk_only;

	walk_only = on != 0;
	return old;
}

/* ------------------------------------------------------------ the walk */

struct walk {
	int root;                       /* the caller's root directory */
	int cur;                        /* O_PATH descriptor of the directory reached; owned */
	char canon[PATH_MAX];           /* its path from the root: "/" or "/a/b", no trailing '/' */
	size_t clen;
};

static void walk_set(struct walk *w, int fd)
{
	if (w->cur >= 0)
		close(w->cur);
	w->cur = fd;
}

static int walk_root(struct walk *w)
{
	int fd = openat(w->root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	walk_set(w, fd);
	memcpy(w->canon, "/", 2);
	w->clen = 1;
	return 0;
}

/* name (len bytes) appended to w->canon. */
static int canon_add(struct walk *w, const char *name, size_t len)
{
	size_t sep = w->clen > 1;

	if (w->clen + sep + len >= sizeof(w->canon))
		return -ENAMETOOLONG;
	if (sep)
		w->canon[w->clen++] = '/';
	memcpy(w->canon + w->clen, name, len);
	w->clen += len;
	w->canon[w->clen] = '\0';
	return 0;
}

/* "..": back to the parent by walking the canonical path again from the root, less its last
 * component, one real directory at a time (O_NOFOLLOW: a component that has become anything else
 * meanwhile gives -EAGAIN). Never a physical "..", which would climb out of a directory moved out
 * of the root; and at the root, ".." is the root. */
static int walk_up(struct walk *w)
{
	const char *p, *q;
	char *slash;
	int fd, nfd;

	if (w->clen <= 1)
		return 0;
	slash = strrchr(w->canon, '/');
	w->clen = slash == w->canon ? 1 : (size_t)(slash - w->canon);
	w->canon[w->clen] = '\0';
	fd = openat(w->root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (p = w->canon + 1; *p; p = *q ? q + 1 : q) {
		char name[NAME_MAX + 1];

		q = strchrnul(p, '/');
		memcpy(name, p, (size_t)(q - p));       /* each was checked against NAME_MAX */
		name[q - p] = '\0';
		nfd = openat(fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		if (nfd < 0) {
			int e = errno;

			return e == ENOENT || e == ENOTDIR || e == ELOOP ? -EAGAIN : -e;
		}
		fd = nfd;
	}
	walk_set(w, fd);
	return 0;
}

/* Whether the symlink linkfd (O_PATH), whose target is target, is one of procfs's magic links,
 * which jump to a file rather than name a path (/proc/PID/fd/N, root, cwd, exe, ns/ipc,
 * map_files/START-END). procfs's plain symlinks all point relative to /proc, to a pid or to "self":
 * /proc/self ("1234"), thread-self ("1234/task/1234"), mounts ("self/mounts"), net ("self/net").
 * Returns 1, 0, or -errno. */
static int magic_link(int linkfd, const char *target)
{
	struct statfs sf;
	size_t n = strcspn(target, "/");

	if (fstatfs(linkfd, &sf) < 0)
		return -errno;
	if (sf.f_type != PROC_SUPER_MAGIC)
		return 0;
	if (n == 4 && memcmp(target, "self", 4) == 0)
		return 0;
	if (n == 0)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (target[i] < '0' || target[i] > '9')
			return 1;
	return 0;
}

/* The new rest of the path after the symlink linkfd: its target, then what followed the link
 * (after: "" or starting with '/'), into out. Returns 1 when the target is absolute, 0 when
 * relative, or -errno. */
static int follow(int linkfd, const char *after, char *out, size_t size)
{
	ssize_t n = readlinkat(linkfd, "", out, size);
	size_t alen = strlen(after);
	int m;

	if (n < 0)
		return -errno;
	if ((size_t)n >= size || (size_t)n + alen >= size)
		return -ENAMETOOLONG;
	if (n == 0)
		return -ENOENT;     /* as the kernel says of an empty symlink */
	out[n] = '\0';
	m = magic_link(linkfd, out);
	if (m)
		return m < 0 ? m : -ELOOP;
	memcpy(out + n, after, alen + 1);
	return out[0] == '/';
}

/* Same file: the final open checks that it got what the walk looked at. */
static int same_file(int fd, const struct stat *st)
{
	struct stat now;

	return fstat(fd, &now) == 0 && now.st_dev == st->st_dev && now.st_ino == st->st_ino;
}

/* One walk from the root along path. Returns a descriptor or -errno (-EAGAIN: try again). */
static int walk_open(int rootfd, const char *path, int flags, char *canon, size_t canon_size)
{
	struct walk w = { rootfd, -1, "", 0 };
	char buf[2][PATH_MAX];
	char *rest = buf[0];
	const char *p;
	int links = 0, rc, fd = -1;

	if (!*path)
		return -ENOENT;
	if (strlen(path) >= sizeof(buf[0]))
		return -ENAMETOOLONG;
	strcpy(rest, path);
	rc = walk_root(&w);
	if (rc < 0)
		return rc;
	for (p = rest;;) {
		char name[NAME_MAX + 1];
		const char *next, *q;
		size_t len;
		int last, slash_after, pfd;
		struct stat st;

		while (*p == '/')
			p++;
		if (!*p) {              /* the path ends at the directory reached */
			fd = openat(w.cur, ".", flags);
			rc = fd < 0 ? -errno : 0;
			break;
		}
		len = strcspn(p, "/");
		next = p + len;
		if (len > NAME_MAX) {
			rc = -ENAMETOOLONG;
			break;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		slash_after = *next == '/';
		for (q = next; *q == '/'; q++)
			;
		last = !*q;
		if (strcmp(name, ".") == 0) {
			p = next;
			continue;
		}
		if (strcmp(name, "..") == 0) {
			rc = walk_up(&w);
			if (rc < 0)
				break;
			p = next;
			continue;
		}
		pfd = openat(w.cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (pfd < 0 || fstat(pfd, &st) < 0) {
			rc = -errno;
			if (pfd >= 0)
				close(pfd);
			break;
		}
		if (S_ISLNK(st.st_mode) && (!last || slash_after || !(flags & O_NOFOLLOW))) {
			char *out = rest == buf[0] ? buf[1] : buf[0];

			rc = ++links > ROOTFS_MAXSYMLINKS ? -ELOOP :
			     follow(pfd, next, out, PATH_MAX);
			close(pfd);
			if (rc < 0)
				break;
			if (rc == 1 && (rc = walk_root(&w)) < 0)
				break;
			rc = 0;
			p = rest = out;
			continue;
		}
		if (S_ISDIR(st.st_mode) && !last) {
			rc = canon_add(&w, name, len);
			if (rc < 0) {
				close(pfd);
				break;
			}
			walk_set(&w, pfd);
			p = next;
			continue;
		}
		if (!last) {
			close(pfd);
			rc = -ENOTDIR;
			break;
		}
		/* the last component, as the caller asked (a trailing slash asks for a directory);
		 * O_NOFOLLOW: what it is now is what was looked at, or the walk starts again */
		fd = openat(w.cur, name, flags | O_NOFOLLOW | (slash_after ? O_DIRECTORY : 0));
		rc = fd < 0 ? -errno : same_file(fd, &st) ? canon_add(&w, name, len) : -EAGAIN;
		close(pfd);
		break;
	}
	if (rc == 0 && canon) {
		if (w.clen >= canon_size)
			rc = -ENAMETOOLONG;
		else
			memcpy(canon, w.canon, w.clen + 1);
	}
	if (rc < 0 && fd >= 0)
		close(fd);
	walk_set(&w, -1);
	return rc < 0 ? rc : fd;
}

/* ------------------------------------------------------------ rootfs_open */

int rootfs_open(int rootfd, const char *path, int flags, char *canon, size_t canon_size)
{
	int fd, cfd, same;
	struct stat st;

	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		return -EINVAL;
	flags |= O_CLOEXEC;
	for (int i = 0; i < RETRIES; i++) {
		if (!rootfs_uses_openat2()) {
			fd = walk_open(rootfd, path, flags, canon, canon_size);
			if (fd == -EAGAIN)
				continue;
			return fd;
		}
		fd = sys_openat2(rootfd, path, flags);
		if (fd == -EAGAIN)
			continue;
		if (fd < 0 || !canon)
			return fd;
		/* the kernel does not say where it went: walk to the same place for the path, and
		 * make sure it is the same file */
		cfd = walk_open(rootfd, path,
				O_PATH | O_CLOEXEC | (flags & (O_NOFOLLOW | O_DIRECTORY)),
				canon, canon_size);
		if (cfd < 0) {
			close(fd);
			if (cfd == -EAGAIN)
				continue;
			return cfd;
		}
		same = fstat(fd, &st) == 0 && same_file(cfd, &st);
		close(cfd);
		if (same)
			return fd;
		close(fd);
	}
	return -EAGAIN;
}
