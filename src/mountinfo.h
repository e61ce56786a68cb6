/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* mountinfo.h - where a filesystem of one type is mounted, from a mountinfo file: the mqueue
 * filesystem of POSIX message queues has no fixed place (/dev/mqueue only by convention). */
#ifndef SHMTOP_MOUNTINFO_H
#define SHMTOP_MOUNTINFO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The mount point of a mount of a filesystem of type fstype ("mqueue") in f, mountinfo text
 * ("ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS" a
 * line, proc(5)), into out (size bytes), unescaped (the kernel writes a space, tab, newline and
 * backslash in a path as \040, \011, \012, \134). Only mounts of the filesystem's root (ROOT
 * "/") count: a bind mount of one file of it is not where its directory is. When several
 * qualify, the one at prefer ("/dev/mqueue"; NULL: none preferred), else the last one listed (a
 * later mount over the same place hides an earlier one). Malformed lines are skipped.
 * Returns 0, -ENODEV when no mount qualifies, -ENAMETOOLONG when the chosen mount point does not
 * fit in out, -ENOMEM, or -errno of reading f. */
int mountinfo_find(FILE *f, const char *fstype, const char *prefer, char *out, size_t size);

/* mountinfo_find over procroot/PID/mountinfo (pid 0: procroot/self/mountinfo): the mount
 * points as that process sees them, relative to its root. Returns as mountinfo_find, or -errno
 * of opening the file (-ENOENT when the process is gone). */
int mountinfo_find_pid(const char *procroot, int32_t pid, const char *fstype, const char *prefer,
		       char *out, size_t size);

/* One mount of a mountinfo file. */
struct mountinfo_mount {
	char point[512];        /* the mount point, unescaped, as the process sees it */
	char type[32];          /* the filesystem type: "tmpfs" */
	unsigned major, minor;  /* the filesystem's device (st_dev of its files) */
	int fs_root;            /* a mount of the filesystem's root (ROOT "/"), not a bind mount
				 * of a part of it */
};

/* Parse one mountinfo line (changed in place; a trailing newline allowed) into m: 0, -EINVAL
 * for a malformed line, -ENAMETOOLONG for a mount point longer than m->point. */
int mountinfo_parse(char *line, struct mountinfo_mount *m);

#endif
