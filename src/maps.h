/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* maps.h - parse /proc/PID/maps lines and find System V shared memory attachments in them.
 * A SysV mapping's inode column equals the shmid; its "/SYSV%08x" name carries the key at
 * creation, which goes stale after IPC_RMID, so matching is by inode. Pure: no I/O. */
#ifndef SHMTOP_MAPS_H
#define SHMTOP_MAPS_H

#include <stddef.h>
#include <stdint.h>

struct maps_entry {
	uint64_t start, end, offset;
	char perms[5];            /* "r--s", "rw-s", ... */
	uint32_t dev_major, dev_minor;
	uint64_t inode;
	const char *path;         /* points into the line; "" for anonymous mappings */
	size_t path_len;          /* without a trailing " (deleted)" */
	int deleted;              /* the path ended in " (deleted)" */
};

/* Parse one maps line of len bytes (a trailing newline is allowed; the line need not be
 * NUL-terminated). Hex fields take 1 to 16 digits (the device's halves up to 8), the inode up to
 * 2^64-1; the path is everything after the padding, spaces included, and only a trailing
 * " (deleted)" marks it deleted ("/a (deleted) b" is a name). e->path is not NUL-terminated.
 * Returns 0, or -EINVAL for a line that is not in the kernel's format (e is then unspecified). */
int maps_parse_line(const char *line, size_t len, struct maps_entry *e);

/* Nonzero when e is a System V shm mapping: path "/SYSV" followed by 8 hex digits, deleted or
 * not. Its shmid is then e->inode (the name's key is the one at creation). */
int maps_is_sysv(const struct maps_entry *e);

/* Nonzero when e's path is under dir + "/" (e.g. "/dev/shm"; a trailing slash in dir is fine), at
 * any depth, deleted or not. Only the directory test: skipping "sem.*" is the caller's. */
int maps_is_posix_shm(const struct maps_entry *e, const char *dir);

#endif
