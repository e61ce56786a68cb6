/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* rcfile.h - where the shmtoprc file is, reading it (a regular file only, at most
 * RC_FILE_MAX bytes) and replacing it only by a complete new one. */
#ifndef SHMTOP_RCFILE_H
#define SHMTOP_RCFILE_H

#include <stddef.h>

#include "rc.h"

/* The file's path in buf: xdg/shmtop/shmtoprc when xdg (XDG_CONFIG_HOME) is an absolute path,
 * else home/.config/shmtop/shmtoprc. 0, -ENOENT when neither says where (no HOME), or
 * -ENAMETOOLONG. */
int rcfile_path(char *buf, size_t size, const char *xdg, const char *home);

/* Parse the file at path (absolute) into rc (rc_parse; report names its lines). Only a regular
 * file of shmtop's user, reached through directories (and symbolic links) that only that user
 * or root can change: root with a user's HOME reads nothing the user could point it at. 0;
 * -ENOENT when there is none (rc untouched); -EINVAL when it is not a regular file (a FIFO, a
 * device: never opened); -EPERM when it or the way to it is another user's or others may
 * write it; -EFBIG when it is larger than RC_FILE_MAX; another -errno when it cannot be read. */
int rcfile_load(const char *path, struct rc *rc, rc_report_fn report, void *ctx);

/* Write rc to path whole or not at all: the text goes to a new file (O_EXCL) in the same
 * directory, synced, then renamed over path (over the file a symbolic link at path points to),
 * and the directory synced. Missing directories are made (0700) inside a trusted one. The same
 * trust as rcfile_load: -EPERM where another user owns or may change the file or the way to it
 * (root's shmtop under sudo leaves the user's home alone), -EINVAL for a relative path or
 * something not a regular file at it. 0 or -errno. */
int rcfile_save(const char *path, const struct rc *rc);

#endif
