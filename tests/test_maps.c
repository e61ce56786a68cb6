/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_maps.c - the /proc/PID/maps line parser: every kind of mapping in tests/data/maps/kinds.maps
 * (SysV deleted and not, POSIX /dev/shm, deleted files, paths with spaces and "(deleted)" inside,
 * [heap]/[stack]/[vvar], anonymous, 16-digit addresses, look-alikes), every malformed line in
 * garbage.maps, and the edges: digit limits, lines without a newline, the SysV and POSIX tests. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "maps.h"

static FILE *fixture(const char *name)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/maps/%s", top && *top ? top : ".", name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	return f;
}

static void assert_path(const struct maps_entry *e, const char *want)
{
	if (e->path_len != strlen(want) || memcmp(e->path, want, e->path_len) != 0)
		fail_msg("path \"%.*s\", want \"%s\"", (int)e->path_len, e->path, want);
}

/* ------------------------------------------------------------ every kind, from the fixture */

struct want {
	uint64_t start, end;
	const char *perms;
	uint64_t offset;
	uint32_t major, minor;
	uint64_t inode;
	const char *path;
	int deleted, sysv, posix;
};

static const struct want kinds[] = {
	{ 0x55e60e16e000, 0x55e60e170000, "r--p", 0, 0xfe, 0, 247134, "/usr/bin/cat", 0, 0, 0 },
	{ 0x55e624fb2000, 0x55e624fd3000, "rw-p", 0, 0, 0, 0, "[heap]", 0, 0, 0 },
	{ 0x7f327025e000, 0x7f3270280000, "rw-p", 0, 0, 0, 0, "", 0, 0, 0 },
	{ 0x7f412ef4d000, 0x7f412ef51000, "rw-s", 0, 0, 1, 1277957, "/SYSV00000000", 1, 1, 0 },
	{ 0x7f412ef51000, 0x7f412ef52000, "r--s", 0, 0, 1, 32769, "/SYSV0001e240", 0, 1, 0 },
	{ 0x7f412ef60000, 0x7f412ef70000, "rw-s", 0, 0, 0x1b, 4242, "/dev/shm/render-pool", 0, 0, 1 },
	{ 0x7f412ef70000, 0x7f412ef71000, "r--s", 0x2000, 0, 0x1b, 4243, "/dev/shm/gone", 1, 0, 1 },
	{ 0x7f4130000000, 0x7f4130021000, "r-xp", 0x1000, 0xfd, 1, 99, "/usr/lib/libold.so.1", 1, 0, 0 },
	{ 0x7f4130100000, 0x7f4130101000, "rw-s", 0, 0xfd, 1, 100,
	  "/home/u/My Documents/file with  two  spaces.bin", 0, 0, 0 },
	{ 0x7f4130200000, 0x7f4130201000, "r--p", 0, 0xfd, 1, 101, "/tmp/a (deleted) b", 0, 0, 0 },
	{ 0x7f4130300000, 0x7f4130301000, "r--p", 0, 0xfd, 1, 102, "/tmp/x (deleted)", 1, 0, 0 },
	{ 0x7f4130400000, 0x7f4130401000, "r--p", 0, 0xfd, 1, 103, "/tmp/file(deleted)", 0, 0, 0 },
	{ 0x7ffc8a1f0000, 0x7ffc8a211000, "rw-p", 0, 0, 0, 0, "[stack]", 0, 0, 0 },
	{ 0x7ffc8a2f8000, 0x7ffc8a2fc000, "r--p", 0, 0, 0, 0, "[vvar]", 0, 0, 0 },
	{ 0x7ffc8a2fc000, 0x7ffc8a2fe000, "r-xp", 0, 0, 0, 0, "[vdso]", 0, 0, 0 },
	{ 0xffffffffff600000, 0xffffffffff601000, "--xp", 0, 0, 0, 0, "[vsyscall]", 0, 0, 0 },
	{ 0x7f4130500000, 0x7f4130600000, "rw-s", 0, 0, 1, 2050, "/memfd:pool", 1, 0, 0 },
	{ 0x7f4140000000, 0x7f4180000000, "rw-s", 0, 0, 0xf, 2147483647, "/SYSVdeadbeef", 1, 1, 0 },
	{ 0x7f4180000000, 0x7f4180001000, "rw-p", 0, 0, 0, 0, "[anon:name with spaces]", 0, 0, 0 },
	{ 0x7f4180001000, 0x7f4180002000, "r--p", 0, 0xfd, 1, 104, "/SYSV12345678.bak", 0, 0, 0 },
	{ 0x7f4180002000, 0x7f4180003000, "r--p", 0, 0xfd, 1, 105, "/tmp/SYSV00000000", 0, 0, 0 },
	{ 0x7f4180003000, 0x7f4180004000, "r--s", 0, 0, 1, 106, "/SYSV0000000g", 1, 0, 0 },
	{ 0x7f4180004000, 0x7f4180005000, "rw-s", 0, 0x103, 0xa0, 107, "/dev/shmem/x", 0, 0, 0 },
	{ 0x7f4180005000, 0x7f4180006000, "rw-s", 0, 0, 0x1b, 108, "/dev/shm/sem.lock", 0, 0, 1 },
	{ 0x7f4180006000, 0x7f4180007000, "rw-s", 0, 0, 0x1b, 109, "/dev/shm/", 0, 0, 0 },
};

static void test_kinds_fixture(void **state)
{
	FILE *f = fixture("kinds.maps");
	char *line = NULL;
	size_t cap = 0, i = 0;
	ssize_t n;

	(void)state;
	while ((n = getline(&line, &cap, f)) >= 0) {
		const struct want *w = &kinds[i];
		struct maps_entry e;

		assert_true(i < sizeof(kinds) / sizeof(kinds[0]));
		if (maps_parse_line(line, (size_t)n, &e) != 0)
			fail_msg("line %zu rejected: %s", i + 1, line);
		assert_int_equal(e.start, w->start);
		assert_int_equal(e.end, w->end);
		assert_string_equal(e.perms, w->perms);
		assert_int_equal(e.offset, w->offset);
		assert_int_equal(e.dev_major, w->major);
		assert_int_equal(e.dev_minor, w->minor);
		assert_int_equal(e.inode, w->inode);
		assert_path(&e, w->path);
		assert_int_equal(e.deleted, w->deleted);
		if (!!maps_is_sysv(&e) != w->sysv)
			fail_msg("line %zu: maps_is_sysv %d, want %d", i + 1, maps_is_sysv(&e), w->sysv);
		if (!!maps_is_posix_shm(&e, "/dev/shm") != w->posix)
			fail_msg("line %zu: maps_is_posix_shm %d, want %d", i + 1,
				 maps_is_posix_shm(&e, "/dev/shm"), w->posix);
		/* the path points into the line */
		assert_true(e.path >= line && e.path + e.path_len <= line + n);
		i++;
	}
	assert_int_equal(i, sizeof(kinds) / sizeof(kinds[0]));
	free(line);
	fclose(f);
}

static void test_garbage_fixture(void **state)
{
	FILE *f = fixture("garbage.maps");
	char *line = NULL;
	size_t cap = 0, i = 0;
	ssize_t n;

	(void)state;
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct maps_entry e;

		i++;
		if (maps_parse_line(line, (size_t)n, &e) != -EINVAL)
			fail_msg("garbage line %zu accepted: %s", i, line);
	}
	assert_true(i >= 20);
	free(line);
	fclose(f);
}

/* ------------------------------------------------------------ edges */

static int parse(const char *s, struct maps_entry *e)
{
	return maps_parse_line(s, strlen(s), e);
}

static void test_without_newline(void **state)
{
	static const char s[] = "7f0000000000-7f0000001000 rw-s 00000000 00:01 5 /SYSV00000001 (deleted)";
	struct maps_entry e;

	(void)state;
	assert_int_equal(parse(s, &e), 0);
	assert_path(&e, "/SYSV00000001");
	assert_true(e.deleted);
	assert_true(maps_is_sysv(&e));
	/* only len bytes count: cut inside " (deleted)" is a different path */
	assert_int_equal(maps_parse_line(s, sizeof(s) - 1 - 4, &e), 0);
	assert_path(&e, "/SYSV00000001 (dele");
	assert_false(e.deleted);
	assert_false(maps_is_sysv(&e));
}

static void test_anonymous_forms(void **state)
{
	struct maps_entry e;

	(void)state;
	/* the kernel's form ends in a space; a trimmed one is accepted too */
	assert_int_equal(parse("7f0000000000-7f0000001000 rw-p 00000000 00:00 0 \n", &e), 0);
	assert_int_equal(e.path_len, 0);
	assert_int_equal(parse("7f0000000000-7f0000001000 rw-p 00000000 00:00 0", &e), 0);
	assert_int_equal(e.path_len, 0);
	assert_false(e.deleted);
	assert_false(maps_is_sysv(&e));
	assert_false(maps_is_posix_shm(&e, "/dev/shm"));
	/* padding only */
	assert_int_equal(parse("7f0000000000-7f0000001000 rw-p 00000000 00:00 0          \n", &e), 0);
	assert_int_equal(e.path_len, 0);
}

static void test_digit_limits(void **state)
{
	struct maps_entry e;

	(void)state;
	/* short addresses (32-bit kernels print 8 digits; fewer is still hex) */
	assert_int_equal(parse("8048000-8049000 r-xp 0 3:1 7 /bin/x\n", &e), 0);
	assert_int_equal(e.start, 0x8048000);
	assert_int_equal(e.dev_major, 3);
	assert_int_equal(e.dev_minor, 1);
	/* 16 digits everywhere, inode at the top of 64 bits */
	assert_int_equal(parse("fffffffffffff000-ffffffffffffffff r--s ffffffffffffffff ffffffff:ffffffff "
			       "18446744073709551615 /x\n", &e), 0);
	assert_int_equal(e.end, UINT64_MAX);
	assert_int_equal(e.offset, UINT64_MAX);
	assert_int_equal(e.dev_major, 0xffffffffu);
	assert_int_equal(e.inode, UINT64_MAX);
	/* one digit too many */
	assert_int_equal(parse("00000000000000000-1000 r--s 0 0:0 0\n", &e), -EINVAL);
	assert_int_equal(parse("0-1000 r--s 00000000000000000 0:0 0\n", &e), -EINVAL);
	assert_int_equal(parse("0-1000 r--s 0 000000000:0 0\n", &e), -EINVAL);
	assert_int_equal(parse("0-1000 r--s 0 0:0 18446744073709551616\n", &e), -EINVAL);
	/* upper-case hex is still hex */
	assert_int_equal(parse("7F0000000000-7F0000001000 rw-s 00000000 00:01 5 /SYSV0001E240\n", &e), 0);
	assert_int_equal(e.start, 0x7f0000000000);
	assert_true(maps_is_sysv(&e));
}

static void test_rejects(void **state)
{
	struct maps_entry e;

	(void)state;
	assert_int_equal(maps_parse_line("", 0, &e), -EINVAL);
	assert_int_equal(maps_parse_line("\n", 1, &e), -EINVAL);
	/* a newline inside the path: two lines given as one */
	assert_int_equal(parse("0-1000 r--s 0 0:0 0 /a\n0-1000 r--s 0 0:0 0 /b\n", &e), -EINVAL);
	/* the line ends where len says, even with more text in the buffer */
	assert_int_equal(maps_parse_line("0-1000 r--s 0 0:0 0 /a", 10, &e), -EINVAL);
}

static void test_deleted_only_trailing(void **state)
{
	struct maps_entry e;

	(void)state;
	assert_int_equal(parse("0-1000 r--p 0 fd:1 9 /x (deleted)\n", &e), 0);
	assert_path(&e, "/x");
	assert_true(e.deleted);
	assert_int_equal(parse("0-1000 r--p 0 fd:1 9 /x (deleted) \n", &e), 0);
	assert_path(&e, "/x (deleted) ");
	assert_false(e.deleted);
	assert_int_equal(parse("0-1000 r--p 0 fd:1 9 /x  (deleted)\n", &e), 0);
	assert_path(&e, "/x ");
	assert_true(e.deleted);
	/* a path that is only "(deleted)" was not deleted: the suffix needs its space */
	assert_int_equal(parse("0-1000 r--p 0 fd:1 9 (deleted)\n", &e), 0);
	assert_path(&e, "(deleted)");
	assert_false(e.deleted);
}

static void test_sysv_names(void **state)
{
	static const char *const yes[] = {
		"/SYSV00000000", "/SYSVffffffff", "/SYSV0001e240 (deleted)", "/SYSVDEADBEEF",
	};
	static const char *const no[] = {
		"/SYSV0000000", "/SYSV000000000", "/SYSV0000000x", "SYSV00000000", "/sysv00000000",
		"/SYSV 0000000", "/dev/shm/SYSV00000000", "/SYSV00000000 (deleted) (deleted)", "",
	};
	char line[256];
	struct maps_entry e;

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		snprintf(line, sizeof(line), "0-1000 rw-s 0 0:1 32769 %s\n", yes[i]);
		assert_int_equal(parse(line, &e), 0);
		if (!maps_is_sysv(&e))
			fail_msg("%s: not SysV", yes[i]);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		snprintf(line, sizeof(line), "0-1000 rw-s 0 0:1 32769 %s\n", no[i]);
		assert_int_equal(parse(line, &e), 0);
		if (maps_is_sysv(&e))
			fail_msg("%s: taken for SysV", no[i]);
	}
}

static void test_posix_dirs(void **state)
{
	struct maps_entry e;

	(void)state;
	assert_int_equal(parse("0-1000 rw-s 0 0:1b 7 /dev/shm/a b (deleted)\n", &e), 0);
	assert_true(maps_is_posix_shm(&e, "/dev/shm"));
	assert_true(maps_is_posix_shm(&e, "/dev/shm/"));      /* a trailing slash in dir */
	assert_false(maps_is_posix_shm(&e, "/dev/sh"));
	assert_false(maps_is_posix_shm(&e, "/dev/shm/a"));
	assert_true(maps_is_posix_shm(&e, "/dev"));           /* under, at any depth */
	assert_int_equal(parse("0-1000 rw-s 0 0:1b 7 /run/shm/x\n", &e), 0);
	assert_true(maps_is_posix_shm(&e, "/run/shm"));
	assert_false(maps_is_posix_shm(&e, "/dev/shm"));
	assert_int_equal(parse("0-1000 rw-s 0 0:1b 7 /dev/shm\n", &e), 0);
	assert_false(maps_is_posix_shm(&e, "/dev/shm"));      /* the directory itself */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_fixture),
		cmocka_unit_test(test_garbage_fixture),
		cmocka_unit_test(test_without_newline),
		cmocka_unit_test(test_anonymous_forms),
		cmocka_unit_test(test_digit_limits),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_deleted_only_trailing),
		cmocka_unit_test(test_sysv_names),
		cmocka_unit_test(test_posix_dirs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
