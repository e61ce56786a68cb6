/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* fstree.c - build and remove directory trees for the tests (see fstree.h). */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fstree.h"

void fstree_join(char *out, size_t size, const char *a, const char *b)
{
	if ((size_t)snprintf(out, size, "%s/%s", a, b) >= size)
		fail_msg("path too long: %s/%s", a, b);
}

void fstree_mkdir(const char *base, const char *rel)
{
	char p[FSTREE_PATH];

	fstree_join(p, sizeof(p), base, rel);
	if (mkdir(p, 0755) < 0)
		fail_msg("mkdir %s: %s", p, strerror(errno));
}

void fstree_put(const char *base, const char *rel, const char *text, struct stat *st)
{
	char p[FSTREE_PATH];
	FILE *f;

	fstree_join(p, sizeof(p), base, rel);
	f = fopen(p, "w");
	if (!f)
		fail_msg("create %s: %s", p, strerror(errno));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	if (st)
		assert_int_equal(lstat(p, st), 0);
}

void fstree_link(const char *base, const char *rel, const char *target)
{
	char p[FSTREE_PATH];

	fstree_join(p, sizeof(p), base, rel);
	if (symlink(target, p) < 0)
		fail_msg("symlink %s -> %s: %s", p, target, strerror(errno));
}

void fstree_stat(const char *base, const char *rel, struct stat *st)
{
	char p[FSTREE_PATH];

	fstree_join(p, sizeof(p), base, rel);
	assert_int_equal(lstat(p, st), 0);
}

int fstree_exists(const char *base, const char *rel)
{
	char p[FSTREE_PATH];
	struct stat st;

	fstree_join(p, sizeof(p), base, rel);
	return lstat(p, &st) == 0;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void fstree_remove(const char *top)
{
	nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
