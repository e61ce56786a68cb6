/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* rootfs.h - open a path inside a root directory (a container's /proc/PID/root) the way the kernel
 * resolves it for the processes whose root that is: absolute symlinks start again at that root,
 * ".." at the root stays there, so nothing under it can name a file of the host. */
#ifndef SHMTOP_ROOTFS_H
#define SHMTOP_ROOTFS_H

#include <stddef.h>

/* Symlinks one resolution may follow, as the kernel's MAXSYMLINKS: one more is -ELOOP. */
#define ROOTFS_MAXSYMLINKS 40

/* Open path inside the directory rootfd: relative and absolute paths both start at rootfd, as
 * openat2(rootfd, path, {flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS}) resolves them. That is
 * what is used where the kernel has it (Linux 5.6); elsewhere a component-by-component walk with
 * O_NOFOLLOW emulates it: a symlink is read with readlinkat and followed relative to the root,
 * ".." goes back along the path walked (never up from the root), and procfs's magic links
 * (/proc/PID/fd/N, root, cwd, exe, ns/...: they jump to a file, not to a path) are refused.
 * flags are openat's; O_CLOEXEC is added, O_CREAT and O_TMPFILE are refused with -EINVAL:
 * nothing is ever created in another root. A non-directory should be opened with O_NONBLOCK
 * or O_PATH, so that a FIFO cannot block.
 * canon, when not NULL, receives the path of what was opened as seen from rootfd: absolute,
 * without symlinks, "." or ".." ("/run/shm" when path is "/dev/shm" and dev/shm -> /run/shm);
 * with openat2 it comes from a walk too, checked to reach the same file.
 * Returns the new descriptor or -errno: -ENOENT for an empty path or a missing component,
 * -ENOTDIR, -EACCES, -ELOOP (more than ROOTFS_MAXSYMLINKS symlinks, a magic link, or a final
 * symlink with O_NOFOLLOW), -ENAMETOOLONG (also when canon is too small), -EAGAIN when the tree
 * kept changing underneath. */
int rootfs_open(int rootfd, const char *path, int flags, char *canon, size_t canon_size);

/* Whether rootfs_open resolves with openat2 here: the kernel has it with RESOLVE_IN_ROOT and
 * rootfs_set_walk_only did not turn it off. Probed once. */
int rootfs_uses_openat2(void);

/* The seam for tests: nonzero makes rootfs_open walk even where openat2 works, so that both
 * ways are exercised on one kernel. Returns the previous setting. */
int rootfs_set_walk_only(int on);

#endif
