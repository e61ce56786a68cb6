/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* shmdir.h - the directory of POSIX shared memory objects, opened once: /dev/shm or --shm-dir in
 * shmtop's own root, or a container's /dev/shm resolved inside that container's root. Every
 * object is then reached relative to its descriptor by one name, never by a path the host
 * resolves: a container's symlinks cannot make shmtop list, read or unlink a host file. */
#ifndef SHMTOP_SHMDIR_H
#define SHMTOP_SHMDIR_H

#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>

#include "posix.h"

struct shmdir {
	int fd;                     /* O_PATH|O_DIRECTORY; -1 when not open */
	int err;                    /* 0, or why it could not be opened (-errno): every use returns
				     * it, so the POSIX table and --posix can say why it is empty */
	char shown[PATH_MAX];       /* as given, or <procroot>/PID/root/dev/shm: for messages and
				     * the JSON "shm_dir"; "" when there is no directory at all */
	char path[PATH_MAX];        /* where it is for the processes of its root: "/run/shm" when a
				     * container's /dev/shm -> /run/shm; in shmtop's own root, its
				     * realpath */
	char maps_path[PATH_MAX];   /* how /proc/PID/maps names it to shmtop (the kernel prints
				     * paths relative to the reader's root: a chroot's files with
				     * the chroot's path, a pivot_root container's from its root);
				     * what /proc/self/fd says of fd, else path */
	uint64_t dev;               /* st_dev of the directory */
	int tmpfs;                  /* its filesystem is a tmpfs, as shm_open's always is */
	int32_t root_pid;           /* resolved inside <procroot>/PID/root; 0: shmtop's own root */
};

/* No directory: fd -1, shown "". */
void shmdir_init(struct shmdir *d);

/* Open dir. <procroot>/PID/root/REST is REST inside that process's root (shmdir_open_pid);
 * anything else is resolved as usual, in shmtop's own root. Returns 0 or -errno, also kept in
 * d->err (d->shown is set either way). */
int shmdir_open(struct shmdir *d, const char *procroot, const char *dir);

/* Open rest ("/dev/shm") inside the root of process pid (<procroot>/PID/root), with rootfs_open:
 * whatever symlinks the container made, it stays inside. Returns 0 or -errno, as shmdir_open. */
int shmdir_open_pid(struct shmdir *d, const char *procroot, int32_t pid, const char *rest);

void shmdir_close(struct shmdir *d);

/* The directory of the namespace viewed: dir when given (--shm-dir), else /dev/shm inside the
 * root of process pid (--ipc-ns), else /dev/shm. As shmdir_open. */
int shmdir_open_viewed(struct shmdir *d, const char *procroot, const char *dir, int32_t pid);

/* name ("/NAME" as shm_open spells it, or "NAME") is one path component, not "." or "..":
 * its part after the '/' into *leaf. Returns 0 or -EINVAL. */
int shmdir_leaf(const char *name, const char **leaf);

/* lstat of the object name in d (fstatat, AT_SYMLINK_NOFOLLOW). Returns 0 or -errno. */
int shmdir_stat(const struct shmdir *d, const char *name, struct stat *st);

/* Open the object name in d for reading: O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_NOCTTY|O_CLOEXEC,
 * and O_NOATIME where permitted (then reads leave its atime alone), relative to d->fd, and only
 * when it is a regular file (checked before opening, through an O_PATH descriptor that opens
 * nothing, and after, on the descriptor: the same inode). Its fstat into *st. Returns the
 * descriptor, or -errno: -EINVAL for a name that is not one component or for anything but a
 * regular file (a FIFO, a device, a symlink, a directory), -ESTALE when the name changed object
 * between the two checks. */
int shmdir_open_object(const struct shmdir *d, const char *name, struct stat *st);

/* Unlink the object o->name from d, as shm_unlink would, only while that name is still exactly
 * what o describes: a regular file of the same device, inode, size and ctime to the nanosecond
 * (a name is reused; a write(), truncate, chmod or chown changes the ctime). The check is
 * immediately before unlinkat. Returns 0, -ESTALE when it changed, -EINVAL for a deleted object
 * or a name that is not one component, or -errno. */
int shmdir_unlink(const struct shmdir *d, const struct posixobj *o);

/* Unlink name from d, relative to its descriptor, only while the name holds a regular file
 * that same(st, ctx) accepts: st is an lstat of the name (fstatat, AT_SYMLINK_NOFOLLOW) made
 * immediately before unlinkat. What identifies an object is the caller's: shmdir_unlink, and
 * the removal of POSIX semaphores and message queues, which keep other fields. Returns 0,
 * -ESTALE when same() refused (or the name is not a regular file now), -EINVAL for a name that
 * is not one component, or -errno. */
int shmdir_unlink_if(const struct shmdir *d, const char *name,
		     int (*same)(const struct stat *st, const void *ctx), const void *ctx);

#endif
