/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_procshm.c - procshm_parse(): /proc/sysvipc/shm fixtures for current and old kernels, negative
 * keys, sizes over 4 GiB, removed-but-attached segments, empty, garbage, very long and reordered input,
 * read errors, and a round trip of random segments through the kernel's own printf format. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "procshm.h"

/* The kernel's header and line format (ipc/shm.c, sysvipc_shm_proc_show, 64-bit, Linux >= 4.14). */
#define KHDR "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid" \
	"      atime      dtime      ctime                   rss                  swap\n"
#define KFMT "%10d %10d  %4o %21llu %5u %5u  %5llu %5u %5u %5u %5u %10llu %10llu %10llu %21llu %21llu\n"

#define U SHMSEG_UNKNOWN

/* Expected segments, their fields named in the order of the columns of /proc/sysvipc/shm's
 * parser tests (not the struct's). */
#define SEG(k_, id_, mode_, size_, cpid_, lpid_, natt_, uid_, gid_, cuid_, cgid_, at_, dt_, ct_,   \
	    rss_, swap_)                                                                       \
	{ .key = (int32_t)(k_), .shmid = (id_), .mode = (mode_), .uid = (uid_), .gid = (gid_),  \
	  .cuid = (cuid_), .cgid = (cgid_), .cpid = (cpid_), .lpid = (lpid_), .nattch = (natt_), \
	  .size = (size_), .atime = (at_), .dtime = (dt_), .ctime = (ct_), .rss = (rss_),       \
	  .swap = (swap_), .huge_page = SHMSEG_UNKNOWN }

static void assert_seg(const struct shmseg *want, const struct shmseg *got)
{
	assert_int_equal((uint32_t)got->key, (uint32_t)want->key);
	assert_int_equal(got->shmid, want->shmid);
	assert_int_equal(got->mode, want->mode);
	assert_int_equal(got->uid, want->uid);
	assert_int_equal(got->gid, want->gid);
	assert_int_equal(got->cuid, want->cuid);
	assert_int_equal(got->cgid, want->cgid);
	assert_int_equal(got->cpid, want->cpid);
	assert_int_equal(got->lpid, want->lpid);
	assert_int_equal(got->size, want->size);
	assert_int_equal(got->nattch, want->nattch);
	assert_int_equal(got->atime, want->atime);
	assert_int_equal(got->dtime, want->dtime);
	assert_int_equal(got->ctime, want->ctime);
	assert_int_equal(got->rss, want->rss);
	assert_int_equal(got->swap, want->swap);
	assert_int_equal(got->huge_page, want->huge_page); /* /proc never says: unknown */
}

static void assert_segs(const struct shmseg *want, size_t n, const struct shmseg_list *l)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_seg(&want[i], &l->v[i]);
}

/* Fixtures live in $top_srcdir/tests/data (the test harness exports top_srcdir). */
static FILE *open_fixture(const char *name)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;

	if (!top || !*top)
		top = ".";
	snprintf(path, sizeof(path), "%s/tests/data/%s", top, name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open fixture %s: %s", path, strerror(errno));
	return f;
}

static int parse_fixture(const char *name, struct shmseg_list *l, struct procshm_stats *st)
{
	FILE *f = open_fixture(name);
	int rc = procshm_parse(f, l, st);

	fclose(f);
	return rc;
}

static int parse_text(const char *text, struct shmseg_list *l, struct procshm_stats *st)
{
	FILE *f = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	int rc;

	assert_non_null(f);
	rc = procshm_parse(f, l, st);
	fclose(f);
	return rc;
}

static void test_current(void **state)
{
	static const struct shmseg want[] = {
		SEG(9527, 0, 0666, 1024, 1234, 1240, 1, 1000, 1001, 1002, 1003,
		    1700000100, 1700000050, 1700000000, 4096, 8192),
		SEG(0, 32769, 0600, 524288, 2001, 2002, 2, 0, 5, 6, 7,
		    1700000200, 0, 1699999000, 524288, 0),
		SEG(1359085569, 65538, 0640, 33554432, 4194303, 0, 0, 65534, 65533, 999, 998,
		    0, 0, 1650000000, 0, 8192),
		SEG(305419896, 98307, 02600, 4096, 77, 78, 3, 4294967294u, 100, 1001, 1002,
		    1700000300, 1700000299, 1700000298, 4096, 12288),
		SEG(2147483647, 131076, 0444, 1, 1, 2, 65536, 12345, 12346, 12347, 12348,
		    1700000400, 1700000401, 1700000402, 0, 0),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procshm-current.txt", &l, &st), 0);
	assert_int_equal(st.lines, 5);
	assert_int_equal(st.malformed, 0);
	assert_true(st.has_rss);
	assert_segs(want, 5, &l);
	/* the locked bit comes through as SHMSEG_MODE_LOCKED */
	assert_int_equal(l.v[3].mode & SHMSEG_MODE_LOCKED, SHMSEG_MODE_LOCKED);
	assert_int_equal(l.v[3].mode & SHMSEG_MODE_DEST, 0);
	shmseg_list_free(&l);
}

static void test_old_kernel(void **state)
{
	static const struct shmseg want[] = {
		SEG(4660, 0, 0644, 2048, 3001, 3002, 1, 1000, 1000, 1000, 1000,
		    1500000010, 1500000005, 1500000000, U, U),
		SEG(0, 1, 0600, 65536, 3100, 3100, 0, 0, 0, 0, 0, 0, 0, 1500001000, U, U),
		SEG(-1, 32770, 01666, 4096, 3200, 3201, 2, 33, 34, 35, 36,
		    1500002002, 1500002001, 1500002000, U, U),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procshm-old-kernel.txt", &l, &st), 0);
	assert_int_equal(st.lines, 3);
	assert_int_equal(st.malformed, 0);
	assert_false(st.has_rss);
	assert_segs(want, 3, &l);
	shmseg_list_free(&l);
}

static void test_negative_keys(void **state)
{
	/* The file has the keys as signed decimal: -1, -2147483648, -559038737, -16777216, ... */
	static const uint32_t keys[] = {
		0xffffffffu, 0x80000000u, 0xdeadbeefu, 0xff000000u, 0x7fffffffu, 0x00000001u,
	};
	static const struct shmseg want[] = {
		SEG(-1, 10, 0600, 4096, 500, 501, 0, 1000, 1000, 1000, 1000, 0, 0, 1600000000, 0, 0),
		SEG(INT32_MIN, 11, 0600, 4096, 502, 503, 1, 1000, 1000, 1000, 1000,
		    1600000011, 0, 1600000010, 4096, 0),
		SEG(-559038737, 12, 0666, 8192, 504, 505, 0, 0, 0, 0, 0, 0, 0, 1600000020, 0, 4096),
		SEG(-16777216, 13, 0640, 16384, 506, 507, 0, 1, 2, 3, 4, 0, 0, 1600000030, 0, 0),
		SEG(2147483647, 14, 0600, 4096, 508, 509, 0, 1000, 1000, 1000, 1000, 0, 0, 1600000040, 0, 0),
		SEG(1, 15, 0600, 4096, 510, 511, 0, 1000, 1000, 1000, 1000, 0, 0, 1600000050, 0, 0),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procshm-negative-keys.txt", &l, &st), 0);
	assert_int_equal(st.lines, 6);
	assert_int_equal(st.malformed, 0);
	assert_true(st.has_rss);
	assert_segs(want, 6, &l);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal((uint32_t)l.v[i].key, keys[i]);
	shmseg_list_free(&l);
}

static void test_huge(void **state)
{
	static const struct shmseg want[] = {
		SEG(100, 20, 0600, 4294967296ull, 600, 601, 1, 0, 0, 0, 0,
		    1600000101, 0, 1600000100, 4294967296ll, 0),
		SEG(101, 21, 0600, 4294967297ull, 602, 603, 1, 0, 0, 0, 0,
		    1600000111, 0, 1600000110, 4096, 4294971392ll),
		SEG(102, 22, 0600, 68719476736ull, 604, 605, 0, 0, 0, 0, 0,
		    0, 0, 1600000120, 34359738368ll, 34359738368ll),
		/* the default SHMMAX, ULONG_MAX - (1 << 24) */
		SEG(103, 23, 0600, UINT64_MAX - (1ull << 24), 606, 607, 0, 0, 0, 0, 0,
		    0, 0, 1600000130, 0, 0),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procshm-huge.txt", &l, &st), 0);
	assert_int_equal(st.lines, 4);
	assert_int_equal(st.malformed, 0);
	assert_segs(want, 4, &l);
	assert_true(l.v[0].size > UINT32_MAX);
	shmseg_list_free(&l);
}

static void test_dest(void **state)
{
	static const struct shmseg want[] = {
		SEG(0, 40, 01666, 1048576, 700, 701, 2, 1000, 1000, 1000, 1000,
		    1600000201, 1600000202, 1600000203, 1048576, 0),
		SEG(0, 41, 03600, 4096, 702, 703, 1, 0, 0, 0, 0, 1600000211, 0, 1600000213, 4096, 0),
		SEG(1234, 42, 0666, 4096, 704, 705, 0, 1000, 1000, 1000, 1000,
		    1600000221, 1600000222, 1600000220, 0, 0),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procshm-dest.txt", &l, &st), 0);
	assert_int_equal(st.lines, 3);
	assert_int_equal(st.malformed, 0);
	assert_segs(want, 3, &l);
	/* "1666": removed but attached; "3600": removed and locked */
	assert_int_equal(l.v[0].mode & SHMSEG_MODE_DEST, SHMSEG_MODE_DEST);
	assert_int_equal(l.v[0].mode & SHMSEG_MODE_LOCKED, 0);
	assert_int_equal(l.v[0].mode & SHMSEG_MODE_PERMS, 0666);
	assert_int_equal(l.v[1].mode & SHMSEG_MODE_DEST, SHMSEG_MODE_DEST);
	assert_int_equal(l.v[1].mode & SHMSEG_MODE_LOCKED, SHMSEG_MODE_LOCKED);
	assert_int_equal(l.v[1].mode & SHMSEG_MODE_PERMS, 0600);
	assert_int_equal(l.v[2].mode & (SHMSEG_MODE_DEST | SHMSEG_MODE_LOCKED), 0);
	shmseg_list_free(&l);
}

static void test_empty(void **state)
{
	struct shmseg_list l = { 0 };
	struct procshm_stats st = { .lines = 99, .malformed = 99, .has_rss = 1 };

	(void)state;
	assert_int_equal(parse_fixture("procshm-empty.txt", &l, &st), -ENODATA);
	assert_int_equal(l.n, 0);
	assert_int_equal(st.lines, 0);
	assert_int_equal(st.malformed, 0);
	assert_false(st.has_rss);
	shmseg_list_free(&l);
}

static void test_garbage(void **state)
{
	/* The three good lines among 14 bad ones; blank and whitespace-only lines are not counted:
	 * a line cut after 6 columns, "garbage here", size "12abc", one column too many, perms "9999",
	 * key 2^32, size -1, cpid -5, uid 2^32, nattch 2^64, shmid "+5", atime "1700000100.5",
	 * control bytes, and a last line cut short without a newline. */
	static const struct shmseg want[] = {
		SEG(9527, 0, 0666, 1024, 1234, 1240, 1, 1000, 1001, 1002, 1003,
		    1700000100, 1700000050, 1700000000, 4096, 8192),
		SEG(4242, 50, 0600, 8192, 800, 801, 0, 10, 11, 12, 13, 0, 0, 1700000500, 0, 0),
		SEG(-42, 51, 0640, 12288, 802, 803, 4, 20, 21, 22, 23,
		    1700000611, 1700000612, 1700000610, 8192, 4096),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procshm-garbage.txt", &l, &st), 0);
	assert_int_equal(st.lines, 3 + 14);
	assert_int_equal(st.malformed, 14);
	assert_true(st.has_rss);
	assert_segs(want, 3, &l);
	shmseg_list_free(&l);
}

static void test_longline(void **state)
{
	/* Good, 100 KiB of "x", good with 100 KiB of blanks inside, 51200 columns,
	 * a 100 KiB number, good. */
	static const struct shmseg want[] = {
		SEG(9527, 60, 0600, 4096, 900, 901, 0, 1, 2, 3, 4, 0, 0, 1700000700, 0, 0),
		SEG(9528, 61, 0600, 8192, 902, 903, 1, 5, 6, 7, 8,
		    1700000711, 1700000712, 1700000710, 4096, 0),
		SEG(9529, 62, 0600, 12288, 904, 905, 2, 9, 10, 11, 12,
		    1700000721, 1700000722, 1700000720, 8192, 4096),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;
	struct stat sb;
	FILE *f = open_fixture("procshm-longline.txt");

	(void)state;
	assert_int_equal(fstat(fileno(f), &sb), 0);
	assert_true(sb.st_size > 4 * 100 * 1024);
	assert_int_equal(procshm_parse(f, &l, &st), 0);
	fclose(f);
	assert_int_equal(st.lines, 6);
	assert_int_equal(st.malformed, 3);
	assert_segs(want, 3, &l);
	shmseg_list_free(&l);
}

static void test_reordered(void **state)
{
	/* Columns: shmid size key nattch perms foo cpid lpid uid gid cuid cgid swap rss ctime dtime
	 * atime bar; "foo" and "bar" hold junk that must not matter. */
	static const struct shmseg want[] = {
		SEG(-7, 70, 0660, 4096, 1000, 1001, 1, 1, 2, 3, 4,
		    1700000801, 1700000802, 1700000800, 4096, 0),
		SEG(70000, 71, 01600, 9000000000ull, 1002, 1003, 0, 5, 6, 7, 8,
		    0, 0, 1700000810, 0, 4096),
		SEG(0, 72, 02644, 65536, 1004, 1005, 7, 9, 10, 11, 12,
		    1700000821, 1700000822, 1700000820, 65536, 0),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procshm-reordered.txt", &l, &st), 0);
	assert_int_equal(st.lines, 3);
	assert_int_equal(st.malformed, 0);
	assert_true(st.has_rss);
	assert_segs(want, 3, &l);
	shmseg_list_free(&l);
}

static void test_header_only(void **state)
{
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_text(KHDR, &l, &st), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(st.lines, 0);
	assert_int_equal(st.malformed, 0);
	assert_true(st.has_rss);
	/* without the trailing newline too */
	assert_int_equal(parse_text("key shmid perms size", &l, &st), 0);
	assert_int_equal(l.n, 0);
	assert_false(st.has_rss);
	shmseg_list_free(&l);
}

static void test_header_missing_required(void **state)
{
	static const char *const required[] = { "key", "shmid", "perms", "size" };
	static const char *const cols[] = {
		"key", "shmid", "perms", "size", "cpid", "lpid", "nattch", "uid", "gid",
		"cuid", "cgid", "atime", "dtime", "ctime", "rss", "swap",
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	for (size_t r = 0; r < 4; r++) {
		char text[512] = "";

		/* the header without one required column, and a data line that would fit it */
		for (size_t c = 0; c < 16; c++) {
			if (strcmp(cols[c], required[r]) == 0)
				continue;
			strcat(text, " ");
			strcat(text, cols[c]);
		}
		strcat(text, "\n");
		for (size_t c = 0; c < 15; c++)
			strcat(text, " 1");
		strcat(text, "\n");
		assert_int_equal(parse_text(text, &l, &st), -EINVAL);
		assert_int_equal(l.n, 0);
	}
	/* a blank first line is no header either */
	assert_int_equal(parse_text("\n" KHDR, &l, &st), -EINVAL);
	/* nor are the column names in another case */
	assert_int_equal(parse_text("KEY SHMID PERMS SIZE\n1 2 600 4\n", &l, &st), -EINVAL);
	assert_int_equal(l.n, 0);
	shmseg_list_free(&l);
}

static void test_minimal_columns(void **state)
{
	/* Only the four required columns: everything else is zero, rss/swap unknown. */
	static const struct shmseg want[] = {
		SEG(-2, 7, 01640, 5000000000ull, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, U, U),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_text("size perms shmid key\n5000000000 1640 7 -2\n", &l, &st), 0);
	assert_int_equal(st.lines, 1);
	assert_int_equal(st.malformed, 0);
	assert_false(st.has_rss);
	assert_segs(want, 1, &l);
	shmseg_list_free(&l);
}

static void test_rss_without_swap(void **state)
{
	static const struct shmseg want[] = {
		SEG(5, 6, 0600, 4096, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8192, U),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_text("key shmid perms size rss\n5 6 600 4096 8192\n", &l, &st), 0);
	assert_false(st.has_rss);
	assert_segs(want, 1, &l);
	shmseg_list_free(&l);
}

static void test_key_spellings(void **state)
{
	/* Signed decimal as the kernel prints it, and the unsigned spelling of the same 32 bits. */
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_text("key shmid perms size\n"
				    "-1 1 600 1\n"
				    "4294967295 2 600 1\n"
				    "2147483648 3 600 1\n"
				    "-2147483648 4 600 1\n"
				    "-0 5 600 1\n"
				    "4294967296 6 600 1\n"
				    "-2147483649 7 600 1\n"
				    "- 8 600 1\n"
				    "0x10 9 600 1\n", &l, &st), 0);
	assert_int_equal(st.lines, 9);
	assert_int_equal(st.malformed, 4);
	assert_int_equal(l.n, 5);
	assert_int_equal((uint32_t)l.v[0].key, 0xffffffffu);
	assert_int_equal((uint32_t)l.v[1].key, 0xffffffffu);
	assert_int_equal((uint32_t)l.v[2].key, 0x80000000u);
	assert_int_equal((uint32_t)l.v[3].key, 0x80000000u);
	assert_int_equal((uint32_t)l.v[4].key, 0);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(l.v[i].shmid, (int32_t)i + 1);
	shmseg_list_free(&l);
}

static void test_field_limits(void **state)
{
	/* The largest value each field holds parses; one more is a malformed line. */
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(parse_text("key shmid perms size cpid lpid nattch uid gid cuid cgid"
				    " atime dtime ctime rss swap\n"
				    "1 2147483647 7777 18446744073709551615 2147483647 2147483647"
				    " 18446744073709551615 4294967295 4294967295 4294967295 4294967295"
				    " 9223372036854775807 9223372036854775807 9223372036854775807"
				    " 9223372036854775807 9223372036854775807\n"
				    "1 2147483648 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
				    "1 0 10000 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
				    "1 0 0 18446744073709551616 0 0 0 0 0 0 0 0 0 0 0 0\n"
				    "1 0 0 0 2147483648 0 0 0 0 0 0 0 0 0 0 0\n"
				    "1 0 0 0 0 2147483648 0 0 0 0 0 0 0 0 0 0\n"
				    "1 0 0 0 0 0 0 4294967296 0 0 0 0 0 0 0 0\n"
				    "1 0 0 0 0 0 0 0 4294967296 0 0 0 0 0 0 0\n"
				    "1 0 0 0 0 0 0 0 0 4294967296 0 0 0 0 0 0\n"
				    "1 0 0 0 0 0 0 0 0 0 4294967296 0 0 0 0 0\n"
				    "1 0 0 0 0 0 0 0 0 0 0 9223372036854775808 0 0 0 0\n"
				    "1 0 0 0 0 0 0 0 0 0 0 0 9223372036854775808 0 0 0\n"
				    "1 0 0 0 0 0 0 0 0 0 0 0 0 9223372036854775808 0 0\n"
				    "1 0 0 0 0 0 0 0 0 0 0 0 0 0 9223372036854775808 0\n"
				    "1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 9223372036854775808\n"
				    "1 0 0 0 0 0 0 0 0 0 0 0 0 0 -1 0\n",
				    &l, &st), 0);
	assert_int_equal(st.lines, 16);
	assert_int_equal(st.malformed, 15);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].shmid, INT32_MAX);
	assert_int_equal(l.v[0].mode, 07777);
	assert_int_equal(l.v[0].size, UINT64_MAX);
	assert_int_equal(l.v[0].cpid, INT32_MAX);
	assert_int_equal(l.v[0].lpid, INT32_MAX);
	assert_int_equal(l.v[0].nattch, UINT32_MAX); /* saturated */
	assert_int_equal(l.v[0].uid, UINT32_MAX);
	assert_int_equal(l.v[0].gid, UINT32_MAX);
	assert_int_equal(l.v[0].cuid, UINT32_MAX);
	assert_int_equal(l.v[0].cgid, UINT32_MAX);
	assert_int_equal(l.v[0].atime, INT64_MAX);
	assert_int_equal(l.v[0].dtime, INT64_MAX);
	assert_int_equal(l.v[0].ctime, INT64_MAX);
	assert_int_equal(l.v[0].rss, INT64_MAX);
	assert_int_equal(l.v[0].swap, INT64_MAX);
	shmseg_list_free(&l);
}

static void test_appends(void **state)
{
	/* The parser appends: what the list held before stays in front. */
	static const struct shmseg first = SEG(1, 2, 0600, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	static const struct shmseg want[] = {
		SEG(1, 2, 0600, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
		SEG(9527, 0, 0666, 1024, 1234, 1240, 1, 1000, 1001, 1002, 1003,
		    1700000100, 1700000050, 1700000000, 4096, 8192),
	};
	struct shmseg_list l = { 0 };
	struct procshm_stats st;

	(void)state;
	assert_int_equal(shmseg_list_push(&l, &first), 0);
	assert_int_equal(parse_text(KHDR "      9527          0   666                  1024  1234  1240"
				    "      1  1000  1001  1002  1003 1700000100 1700000050 1700000000"
				    "                  4096                  8192\n", &l, &st), 0);
	assert_segs(want, 2, &l);
	shmseg_list_free(&l);
}

static uint64_t rnd(uint64_t *s)
{
	/* xorshift64*: reproducible, no dependence on libc's rand() */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static void test_roundtrip(void **state)
{
	/* Random segments over each field's whole range, printed with the kernel's format. */
	enum { N = 2000 };
	struct shmseg *want = calloc(N, sizeof(*want));
	struct shmseg_list l = { 0 };
	struct procshm_stats st;
	char *text = NULL;
	size_t len = 0;
	uint64_t seed = 0x5eed5eed12345678ull;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(want);
	assert_non_null(f);
	fputs(KHDR, f);
	for (size_t i = 0; i < N; i++) {
		struct shmseg *s = &want[i];

		s->key = (int32_t)(uint32_t)rnd(&seed);
		s->shmid = (int32_t)(rnd(&seed) & INT32_MAX);
		s->mode = (uint32_t)(rnd(&seed) & 03777);
		s->size = rnd(&seed) >> (rnd(&seed) & 63);
		s->cpid = (int32_t)(rnd(&seed) & 0x3fffff);
		s->lpid = (int32_t)(rnd(&seed) & 0x3fffff);
		s->nattch = rnd(&seed) >> (rnd(&seed) & 63);
		s->uid = (uint32_t)rnd(&seed);
		s->gid = (uint32_t)rnd(&seed);
		s->cuid = (uint32_t)rnd(&seed);
		s->cgid = (uint32_t)rnd(&seed);
		s->atime = (int64_t)(rnd(&seed) >> 31);
		s->dtime = (int64_t)(rnd(&seed) >> 31);
		s->ctime = (int64_t)(rnd(&seed) >> 31);
		s->rss = (int64_t)(rnd(&seed) >> 1 >> (rnd(&seed) & 63));
		s->swap = (int64_t)(rnd(&seed) >> 1 >> (rnd(&seed) & 63));
		s->huge_page = SHMSEG_UNKNOWN; /* /proc never says */
		fprintf(f, KFMT, s->key, s->shmid, s->mode, (unsigned long long)s->size,
			(unsigned)s->cpid, (unsigned)s->lpid, (unsigned long long)s->nattch,
			s->uid, s->gid, s->cuid, s->cgid, (unsigned long long)s->atime,
			(unsigned long long)s->dtime, (unsigned long long)s->ctime,
			(unsigned long long)s->rss, (unsigned long long)s->swap);
	}
	fclose(f);
	assert_int_equal(parse_text(text, &l, &st), 0);
	assert_int_equal(st.lines, N);
	assert_int_equal(st.malformed, 0);
	assert_true(st.has_rss);
	assert_segs(want, N, &l);
	shmseg_list_free(&l);
	free(text);
	free(want);
}

static void test_read_error_at_start(void **state)
{
	/* A directory opens as a FILE* but reading it fails: the read error, not "empty". */
	const char *top = getenv("top_srcdir");
	char path[4096];
	struct shmseg_list l = { 0 };
	struct procshm_stats st;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data", top && *top ? top : ".");
	f = fopen(path, "r");
	if (!f)
		skip();
	assert_int_equal(procshm_parse(f, &l, &st), -EISDIR);
	assert_int_equal(l.n, 0);
	fclose(f);
}

struct cookie {
	const char *text;
	size_t off, fail_at;
};

static ssize_t cookie_read(void *c, char *buf, size_t size)
{
	struct cookie *ck = c;
	size_t n = ck->fail_at - ck->off;

	if (n == 0) {
		errno = ENOLINK;
		return -1;
	}
	if (n > size)
		n = size;
	memcpy(buf, ck->text + ck->off, n);
	ck->off += n;
	return (ssize_t)n;
}

static void test_read_error_midway(void **state)
{
	/* The header and one line arrive, then the read fails: its errno is returned. */
	static const char text[] = KHDR
		"      9527          0   666                  1024  1234  1240      1  1000  1001  1002"
		"  1003 1700000100 1700000050 1700000000                  4096                  8192\n"
		"      9528          1   666                  1024  1234  1240      1  1000  1001  1002"
		"  1003 1700000100 1700000050 1700000000                  4096                  8192\n";
	struct cookie ck = { text, 0, 0 };
	cookie_io_functions_t io = { .read = cookie_read };
	struct shmseg_list l = { 0 };
	struct procshm_stats st;
	FILE *f;

	(void)state;
	ck.fail_at = (size_t)(strchr(strchr(text, '\n') + 1, '\n') + 1 - text);
	f = fopencookie(&ck, "r", io);
	assert_non_null(f);
	assert_int_equal(procshm_parse(f, &l, &st), -ENOLINK);
	fclose(f);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].key, 9527);
	assert_int_equal(st.lines, 1);
	shmseg_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_current),
		cmocka_unit_test(test_old_kernel),
		cmocka_unit_test(test_negative_keys),
		cmocka_unit_test(test_huge),
		cmocka_unit_test(test_dest),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_longline),
		cmocka_unit_test(test_reordered),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_header_missing_required),
		cmocka_unit_test(test_minimal_columns),
		cmocka_unit_test(test_rss_without_swap),
		cmocka_unit_test(test_key_spellings),
		cmocka_unit_test(test_field_limits),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_read_error_at_start),
		cmocka_unit_test(test_read_error_midway),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
