/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* fstree.h - build and remove directory trees for the tests of rootfs.c and shmdir.c: files,
 * directories and symlinks under a base directory, each failing the test (cmocka) with what went
 * wrong. Test code only. */
#ifndef SHMTOP_TESTS_FSTREE_H
#define SHMTOP_TESTS_FSTREE_H

#include <limits.h>
#include <stddef.h>
#include <sys/stat.h>

#define FSTREE_PATH (PATH_MAX * 2)

/* "a/b" into out (size bytes; at least FSTREE_PATH is always enough for two paths). */
void fstree_join(char *out, size_t size, const char *a, const char *b);
/* mkdir base/rel, mode 0755. */
void fstree_mkdir(const char *base, const char *rel);
/* base/rel created (or truncated) holding text; its lstat into *st unless st is NULL. */
void fstree_put(const char *base, const char *rel, const char *text, struct stat *st);
/* base/rel a symlink to target. */
void fstree_link(const char *base, const char *rel, const char *target);
/* lstat of base/rel into *st, which must succeed. */
void fstree_stat(const char *base, const char *rel, struct stat *st);
/* Whether base/rel exists (lstat). */
int fstree_exists(const char *base, const char *rel);
/* Remove the whole tree at top (depth first, links not followed). */
void fstree_remove(const char *top);

#endif
