/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_attach.c - attachers: one record per mapping of one process's maps text (attach_add_maps:
 * two attachments are two records, each with its own access; an mprotect split is as many records
 * as pieces, which is what nattch counts; the only filter, look-alikes ignored), shmtop's own
 * processes marked, hugetlb mappings recognised by device,
 * sorting and attach_find, attach_scan over the fixture tree tests/data/maps/proc and over
 * temporary trees (unreadable maps, maps larger than the first buffer), and for real: this test
 * process attaches a segment twice and mprotect-splits another, and attach_scan("/proc") must say
 * so, with the kernel's nattch equal to the mappings it counted. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "attach.h"

/* A maps line as the kernel writes it: padded so the path starts in column 73. */
static void add_line(char *buf, size_t size, uint64_t start, uint64_t end, const char *perms,
		     uint64_t off, unsigned minor, unsigned long ino, const char *path)
{
	size_t len = strlen(buf);
	int n = snprintf(buf + len, size - len, "%08llx-%08llx %s %08llx 00:%02x %lu ",
			 (unsigned long long)start, (unsigned long long)end, perms,
			 (unsigned long long)off, minor, ino);

	assert_true(n > 0 && (size_t)n < size - len);
	len += (size_t)n;
	if (path && *path) {
		n = snprintf(buf + len, size - len, "%*s%s", len < 72 ? (int)(73 - len) : 1, "", path);
		assert_true(n > 0 && (size_t)n < size - len);
		len += (size_t)n;
	}
	assert_true(len + 1 < size);
	buf[len++] = '\n';
	buf[len] = '\0';
}

#define PG 0x1000ull

static int add_text(struct attach_list *l, int32_t pid, const char *text, int32_t only)
{
	return attach_add_maps(l, pid, 1000, "proc", text, strlen(text), only);
}

/* ------------------------------------------------------------ one process's maps */

static void test_two_attachments(void **state)
{
	struct attach_list l;
	char buf[4096] = "";

	(void)state;
	attach_list_init(&l);
	add_line(buf, sizeof(buf), 0x55e60e16e000, 0x55e60e170000, "r--p", 0, 0, 247134, "/usr/bin/x");
	add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000004000, "r--s", 0, 1, 32769,
		 "/SYSV0001e240 (deleted)");
	add_line(buf, sizeof(buf), 0x7f0000004000, 0x7f0000005000, "rw-p", 0, 0, 0, NULL);
	add_line(buf, sizeof(buf), 0x7f0000010000, 0x7f0000014000, "rw-s", 0, 1, 32769,
		 "/SYSV0001e240 (deleted)");
	assert_int_equal(add_text(&l, 42, buf, -1), 0);
	assert_int_equal(l.n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(l.v[i].shmid, 32769);
		assert_int_equal(l.v[i].pid, 42);
		assert_int_equal(l.v[i].uid, 1000);
		assert_string_equal(l.v[i].comm, "proc");
		assert_int_equal(l.v[i].length, 4 * PG);
		assert_int_equal(l.v[i].offset, 0);
		assert_false(l.v[i].shmtop);
	}
	/* one read-only and one writable attach: two records, each its own access */
	assert_int_equal(l.v[0].addr, 0x7f0000000000);
	assert_string_equal(l.v[0].access, "r--s");
	assert_int_equal(l.v[1].addr, 0x7f0000010000);
	assert_string_equal(l.v[1].access, "rw-s");
	assert_int_equal(attach_pid_run(&l, 0, l.n), 2);
	attach_list_free(&l);
}

static void test_split_is_three_mappings(void **state)
{
	struct attach_list l;
	char buf[4096] = "";

	(void)state;
	attach_list_init(&l);
	/* one attachment of 4 pages, the middle two mprotect'ed read-only */
	add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000001000, "rw-s", 0, 1, 7, "/SYSV00000000 (deleted)");
	add_line(buf, sizeof(buf), 0x7f0000001000, 0x7f0000003000, "r--s", PG, 1, 7, "/SYSV00000000 (deleted)");
	add_line(buf, sizeof(buf), 0x7f0000003000, 0x7f0000004000, "rw-s", 3 * PG, 1, 7,
		 "/SYSV00000000 (deleted)");
	assert_int_equal(add_text(&l, 42, buf, -1), 0);
	assert_int_equal(l.n, 3); /* three VMAs: nattch counts three */
	assert_int_equal(l.v[0].addr, 0x7f0000000000);
	assert_int_equal(l.v[0].length, PG);
	assert_string_equal(l.v[0].access, "rw-s");
	assert_int_equal(l.v[1].addr, 0x7f0000001000);
	assert_int_equal(l.v[1].length, 2 * PG);
	assert_int_equal(l.v[1].offset, PG);
	assert_string_equal(l.v[1].access, "r--s");
	assert_int_equal(l.v[2].offset, 3 * PG);
	assert_string_equal(l.v[2].access, "rw-s");
	attach_list_free(&l);
}

static void test_adjacent_attachments(void **state)
{
	struct attach_list l;
	char buf[4096] = "";

	(void)state;
	attach_list_init(&l);
	/* the second shmat landed right after the first: adjacent, but its offset starts again */
	add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000002000, "r--s", 0, 1, 7, "/SYSV00000000 (deleted)");
	add_line(buf, sizeof(buf), 0x7f0000002000, 0x7f0000004000, "r--s", 0, 1, 7, "/SYSV00000000 (deleted)");
	/* a different segment adjacent to that, at a continuing offset: not a piece of it */
	add_line(buf, sizeof(buf), 0x7f0000004000, 0x7f0000005000, "r--s", 2 * PG, 1, 8,
		 "/SYSV00000000 (deleted)");
	assert_int_equal(add_text(&l, 42, buf, -1), 0);
	attach_sort(&l);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].shmid, 7);
	assert_int_equal(l.v[1].shmid, 7);
	assert_int_equal(attach_pid_run(&l, 0, l.n), 2);
	assert_int_equal(l.v[0].length, 2 * PG);
	assert_string_equal(l.v[0].access, "r--s");
	assert_int_equal(l.v[2].shmid, 8);
	assert_int_equal(l.v[2].offset, 2 * PG);
	assert_int_equal(attach_pid_run(&l, 2, l.n), 1);
	attach_list_free(&l);
}

static void test_many_segments_one_process(void **state)
{
	struct attach_list l;
	static char buf[200 * 128];
	char name[32];

	(void)state;
	attach_list_init(&l);
	buf[0] = '\0';
	/* ids in falling address order, each twice, interleaved: sorted per id, then by address */
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "/SYSV%08x (deleted)", i);
		add_line(buf, sizeof(buf), 0x7f0000000000 + (uint64_t)i * 0x10000, 0x7f0000000000 +
			 (uint64_t)i * 0x10000 + PG, "r--s", 0, 1, (unsigned long)(1000 - i), name);
	}
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "/SYSV%08x (deleted)", i);
		add_line(buf, sizeof(buf), 0x7f1000000000 + (uint64_t)i * 0x10000, 0x7f1000000000 +
			 (uint64_t)i * 0x10000 + 2 * PG, "rw-s", 0, 1, (unsigned long)(1000 - i), name);
	}
	assert_int_equal(add_text(&l, 42, buf, -1), 0);
	assert_int_equal(l.n, 200);
	attach_sort(&l);
	for (size_t i = 0; i < 100; i++) {
		const struct attacher *a = &l.v[2 * i], *b = &l.v[2 * i + 1];
		int k = 1000 - a->shmid;
		size_t first;

		assert_int_equal(a->shmid, 901 + (int)i);
		assert_int_equal(b->shmid, a->shmid);
		assert_int_equal(attach_find(&l, a->shmid, &first), 2);
		assert_int_equal(first, 2 * i);
		assert_int_equal(a->addr, 0x7f0000000000 + (uint64_t)k * 0x10000);
		assert_int_equal(a->length, PG);
		assert_string_equal(a->access, "r--s");
		assert_int_equal(b->addr, 0x7f1000000000 + (uint64_t)k * 0x10000);
		assert_int_equal(b->length, 2 * PG);
		assert_string_equal(b->access, "rw-s");
	}
	attach_list_free(&l);
}

static void test_only_filter(void **state)
{
	struct attach_list l;
	char buf[4096] = "";

	(void)state;
	attach_list_init(&l);
	add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000001000, "rw-s", 0, 1, 7, "/SYSV00000000 (deleted)");
	add_line(buf, sizeof(buf), 0x7f0000010000, 0x7f0000011000, "r--s", 0, 1, 9, "/SYSV00000000 (deleted)");
	add_line(buf, sizeof(buf), 0x7f0000011000, 0x7f0000012000, "r--s", PG, 1, 9, "/SYSV00000000 (deleted)");
	assert_int_equal(add_text(&l, 42, buf, 9), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].shmid, 9);
	assert_int_equal(l.v[1].shmid, 9);
	assert_int_equal(l.v[0].length, PG);
	assert_string_equal(l.v[0].access, "r--s");
	assert_int_equal(add_text(&l, 43, buf, 5), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(add_text(&l, 44, buf, -1), 0);
	assert_int_equal(l.n, 5);
	attach_list_free(&l);
}

static void test_ignores_look_alikes(void **state)
{
	struct attach_list l;
	char buf[4096] = "";

	(void)state;
	attach_list_init(&l);
	add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000001000, "rw-s", 0, 0x1b, 7, "/dev/shm/SYSV00000000");
	add_line(buf, sizeof(buf), 0x7f0000001000, 0x7f0000002000, "r--p", 0, 1, 7, "/tmp/SYSV0000000a");
	add_line(buf, sizeof(buf), 0x7f0000002000, 0x7f0000003000, "r--p", 0, 1, 7, "/SYSV0000000a.bak");
	add_line(buf, sizeof(buf), 0x7f0000003000, 0x7f0000004000, "r--s", 0, 1, 7, "/SYSV0000000g (deleted)");
	/* an inode past any shmid */
	add_line(buf, sizeof(buf), 0x7f0000004000, 0x7f0000005000, "r--s", 0, 1, 4294967296ul,
		 "/SYSV00000000 (deleted)");
	strcat(buf, "garbage /SYSV00000000\n7f00-7f0 r--s 0 0:1 7 /SYSV00000000\n");
	assert_int_equal(add_text(&l, 42, buf, -1), 0);
	assert_int_equal(l.n, 0);
	attach_list_free(&l);
}

static void test_buffer_edges(void **state)
{
	static const char first_and_unterminated[] =
		"7f0000000000-7f0000001000 r--s 00000000 00:01 5 /SYSV00000001 (deleted)\n"
		"7f0000001000-7f0000002000 rw-p 00000000 00:00 0 \n"
		"7f0000002000-7f0000003000 rw-s 00000000 00:01 6 /SYSV00000002 (deleted)";
	struct attach_list l;

	(void)state;
	attach_list_init(&l);
	assert_int_equal(attach_add_maps(&l, 7, 0, NULL, first_and_unterminated,
					 strlen(first_and_unterminated), -1), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].shmid, 5);
	assert_int_equal(l.v[1].shmid, 6);
	assert_string_equal(l.v[0].comm, "");
	assert_string_equal(l.v[1].access, "rw-s");
	/* the buffer ends mid-line: that line is cut short, and parsed as what it is */
	l.n = 0;
	assert_int_equal(attach_add_maps(&l, 7, 0, NULL, first_and_unterminated,
					 strlen(first_and_unterminated) - 12, -1), 0);
	assert_int_equal(l.n, 1);
	/* empty text */
	l.n = 0;
	assert_int_equal(attach_add_maps(&l, 7, 0, NULL, "", 0, -1), 0);
	assert_int_equal(l.n, 0);
	attach_list_free(&l);
}

static void test_comm_copied_and_cut(void **state)
{
	struct attach_list l;
	char comm[200];
	char buf[4096] = "";

	(void)state;
	attach_list_init(&l);
	memset(comm, 'c', sizeof(comm) - 1);
	comm[sizeof(comm) - 1] = '\0';
	add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000001000, "rw-s", 0, 1, 7, "/SYSV00000000 (deleted)");
	assert_int_equal(attach_add_maps(&l, 42, 4242, comm, buf, strlen(buf), -1), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].uid, 4242);
	assert_int_equal(strlen(l.v[0].comm), PROCINFO_COMM_MAX - 1);
	attach_list_free(&l);
}

/* A "/SYSV..." mapping on any device but the internal tmpfs's and the hugetlbfs's is a process's
 * own file named so (one that pivot_roots into a tmpfs can give it the inode of any shmid): no
 * attacher, once the devices are all known; while they are not, every one counts. */
static void test_other_devices(void **state)
{
	struct attach_list l;
	char buf[4096] = "";

	(void)state;
	add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000400000, "r--s", 0, 0x11, 5,
		 "/SYSV00001234 (deleted)");
	add_line(buf, sizeof(buf), 0x7f1000000000, 0x7f1000002000, "r--s", 0, 0x01, 5,
		 "/SYSV00001234 (deleted)");
	add_line(buf, sizeof(buf), 0x7f2000000000, 0x7f2000002000, "r--s", 0, 0x2d, 5,
		 "/SYSV00001234 (deleted)");
	add_line(buf, sizeof(buf), 0x7f3000000000, 0x7f3000002000, "r--s", 0, 0x2d, 5,
		 "/SYSV00001234");
	attach_list_init(&l);
	l.huge.probed = 1;
	l.huge.n = 1;
	l.huge.v[0].dev = makedev(0, 0x11);
	l.huge.v[0].page = 2097152;
	l.huge.shmem_dev = makedev(0, 0x01);
	l.huge.complete = 1;
	assert_int_equal(add_text(&l, 42, buf, -1), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].addr, 0x7f0000000000);
	assert_int_equal(l.v[1].addr, 0x7f1000000000);
	l.huge.complete = 0;
	assert_int_equal(add_text(&l, 42, buf, -1), 0);
	assert_int_equal(l.n, 6);                   /* appended: 2 + all 4 */
	attach_list_free(&l);
}

/* Mappings on a hugetlbfs device mark their segment as SHM_HUGETLB with its page size, and put
 * the kernel's RSS (counted wrong for such segments) out: the file's blocks where known, else
 * unknown; a segment mapped on the ordinary shm device is known not to be hugetlb; one nobody
 * maps is left as it was. */
static void test_apply_hugetlb(void **state)
{
	struct attach_list l;
	struct shmseg segs[3];
	char buf[4096] = "";

	(void)state;
	attach_list_init(&l);
	l.huge.probed = 1;
	l.huge.n = 1;
	l.huge.v[0].dev = makedev(0, 0x11);
	l.huge.v[0].page = 2097152;
	add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000400000, "rw-s", 0, 0x11, 7,
		 "/SYSV00000000 (deleted)");
	add_line(buf, sizeof(buf), 0x7f1000000000, 0x7f1000002000, "r--s", 0, 0x01, 8,
		 "/SYSV00000000 (deleted)");
	assert_int_equal(add_text(&l, 42, buf, -1), 0);
	attach_sort(&l);
	assert_int_equal(l.v[0].huge_page, 2097152);
	assert_int_equal(l.v[0].file_bytes, -1);   /* no map_files to read here */
	assert_int_equal(l.v[1].huge_page, 0);
	memset(segs, 0, sizeof(segs));
	for (int i = 0; i < 3; i++) {
		segs[i].shmid = 7 + i;
		segs[i].size = 4194304;
		segs[i].rss = 1073741824;
		segs[i].swap = 0;
		segs[i].huge_page = SHMSEG_UNKNOWN;
	}
	segs[1].rss = 8192;
	attach_apply(&l, segs, 3);
	assert_int_equal(segs[0].huge_page, 2097152);
	assert_int_equal(segs[0].rss, SHMSEG_UNKNOWN);
	assert_int_equal(segs[0].swap, 0);
	assert_int_equal(segs[1].huge_page, 0);
	assert_int_equal(segs[1].rss, 8192);
	assert_int_equal(segs[2].huge_page, SHMSEG_UNKNOWN);
	assert_int_equal(segs[2].rss, 1073741824);  /* nothing told: as listed */
	/* where the file's blocks are known, they are the RSS */
	l.v[0].file_bytes = 2097152;
	segs[0].rss = 1073741824;
	attach_apply(&l, segs, 1);
	assert_int_equal(segs[0].rss, 2097152);
	attach_list_free(&l);
}

/* A process named shmtop is marked; the summary leaves its mappings out of the evidence. */
static void test_shmtop_marked(void **state)
{
	struct attach_list l;
	struct attach_summary sum;
	char buf[4096] = "";

	(void)state;
	attach_list_init(&l);
	add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000001000, "r--s", 0, 1, 7,
		 "/SYSV00000000 (deleted)");
	assert_int_equal(attach_add_maps(&l, 10, 0, "shmtop", buf, strlen(buf), -1), 0);
	assert_int_equal(attach_add_maps(&l, 11, 0, "postgres", buf, strlen(buf), -1), 0);
	assert_int_equal(attach_add_maps(&l, 12, 0, "shmtopx", buf, strlen(buf), -1), 0);
	attach_sort(&l);
	assert_true(l.v[0].shmtop);
	assert_false(l.v[1].shmtop);
	assert_false(l.v[2].shmtop);                /* only the exact name */
	attach_summarize(&l, 7, &sum);
	assert_int_equal(sum.mappings, 2);
	assert_int_equal(sum.procs, 2);
	assert_int_equal(sum.shmtop_mappings, 1);
	attach_summarize(&l, 8, &sum);
	assert_int_equal(sum.mappings + sum.shmtop_mappings, 0);
	attach_list_free(&l);
}

/* ------------------------------------------------------------ sorting and lookup */

static void test_sort_and_find(void **state)
{
	static const struct { int32_t pid, id; } rows[] = {
		{ 30, 9 }, { 30, 2 }, { 10, 9 }, { 20, 5 }, { 10, 2 }, { 20, 9 }, { 5, 0 },
	};
	struct attach_list l;
	size_t first;

	(void)state;
	attach_list_init(&l);
	assert_int_equal(attach_find(&l, 9, &first), 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char buf[256] = "";

		add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000001000, "rw-s", 0, 1,
			 (unsigned long)rows[i].id, "/SYSV00000000 (deleted)");
		assert_int_equal(add_text(&l, rows[i].pid, buf, -1), 0);
	}
	attach_sort(&l);
	assert_int_equal(l.n, 7);
	{
		static const struct { int32_t id, pid; } want[] = {
			{ 0, 5 }, { 2, 10 }, { 2, 30 }, { 5, 20 }, { 9, 10 }, { 9, 20 }, { 9, 30 },
		};
		for (size_t i = 0; i < l.n; i++) {
			assert_int_equal(l.v[i].shmid, want[i].id);
			assert_int_equal(l.v[i].pid, want[i].pid);
		}
	}
	assert_int_equal(attach_find(&l, 0, &first), 1);
	assert_int_equal(first, 0);
	assert_int_equal(attach_find(&l, 2, &first), 2);
	assert_int_equal(first, 1);
	assert_int_equal(attach_find(&l, 5, &first), 1);
	assert_int_equal(first, 3);
	assert_int_equal(attach_find(&l, 9, &first), 3);
	assert_int_equal(first, 4);
	assert_int_equal(attach_find(&l, 3, &first), 0);   /* between */
	assert_int_equal(attach_find(&l, -1, &first), 0);  /* below */
	assert_int_equal(attach_find(&l, 10, &first), 0);  /* above */
	assert_int_equal(attach_find(&l, INT32_MAX, &first), 0);
	attach_list_free(&l);
}

/* ------------------------------------------------------------ attach_scan on fixture trees */

static void fixture_root(char *buf, size_t size)
{
	const char *top = getenv("top_srcdir");

	snprintf(buf, size, "%s/tests/data/maps/proc", top && *top ? top : ".");
}

static uint32_t owner_of(const char *root, int32_t pid)
{
	char path[PATH_MAX + 32];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%d/maps", root, (int)pid);
	assert_int_equal(stat(path, &st), 0);
	return (uint32_t)st.st_uid;
}

static void test_scan_fixture(void **state)
{
	static const struct {
		int32_t id, pid;
		const char *comm, *access;
		uint64_t addr, length;
	} want[] = {
		{ 32769, 100, "writer", "rw-s", 0x7f0000000000, 4 * PG },
		{ 32769, 200, "postgres: checkpointer", "rw-s", 0x7f1000000000, 4 * PG },
		{ 32769, 200, "postgres: checkpointer", "r--s", 0x7f1000020000, 4 * PG },
		{ 32769, 600, "(odd) name", "r--s", 0x7f3000000000, 4 * PG },
		{ 65538, 100, "writer", "r--s", 0x7f0000010000, 2 * PG },
		{ 65538, 200, "postgres: checkpointer", "rw-s", 0x7f1000010000, PG },
		{ 65538, 200, "postgres: checkpointer", "r--s", 0x7f1000011000, PG },
	};
	struct attach_list l;
	char root[PATH_MAX];
	size_t first;

	(void)state;
	fixture_root(root, sizeof(root));
	attach_list_init(&l);
	assert_int_equal(attach_scan(root, -1, &l), 0);
	assert_int_equal(l.procs_scanned, 5);      /* 100 200 300 400 600; 500 has no maps */
	assert_int_equal(l.procs_unreadable, 0);
	assert_int_equal(l.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < l.n; i++) {
		const struct attacher *a = &l.v[i];

		assert_int_equal(a->shmid, want[i].id);
		assert_int_equal(a->pid, want[i].pid);
		assert_string_equal(a->comm, want[i].comm);
		assert_string_equal(a->access, want[i].access);
		assert_int_equal(a->addr, want[i].addr);
		assert_int_equal(a->length, want[i].length);
		assert_int_equal(a->uid, owner_of(root, a->pid));
		assert_int_equal(a->huge_page, 0);
		assert_int_equal(a->file_bytes, -1);
	}
	assert_int_equal(attach_find(&l, 32769, &first), 4);
	assert_int_equal(first, 0);
	assert_int_equal(attach_find(&l, 65538, &first), 3);
	assert_int_equal(first, 4);
	assert_int_equal(attach_find(&l, 4242, &first), 0);   /* the POSIX object's inode */

	/* a second scan replaces, and only keeps one segment */
	assert_int_equal(attach_scan(root, 65538, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.procs_scanned, 5);
	assert_int_equal(l.v[0].pid, 100);
	assert_int_equal(l.v[1].pid, 200);
	assert_int_equal(l.v[2].pid, 200);
	assert_int_equal(attach_scan(root, 1, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.procs_scanned, 5);
	attach_list_free(&l);
}

static void test_scan_missing_root(void **state)
{
	struct attach_list l;
	char root[PATH_MAX];

	(void)state;
	fixture_root(root, sizeof(root));
	attach_list_init(&l);
	assert_int_equal(attach_scan(root, -1, &l), 0);
	assert_true(l.n > 0);
	strcat(root, "/nonexistent");
	assert_int_equal(attach_scan(root, -1, &l), -ENOENT);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.procs_scanned, 0);
	attach_list_free(&l);
}

/* Temporary trees */

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

struct tmp {
	char root[256];
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));
	const char *base = getenv("TMPDIR");

	if (!t)
		return -1;
	if ((size_t)snprintf(t->root, sizeof(t->root), "%s/shmtop-attach-XXXXXX",
			     base && *base ? base : "/tmp") >= sizeof(t->root) || !mkdtemp(t->root)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;
	char path[PATH_MAX];

	/* let the tree be removed whatever a test made unreadable */
	snprintf(path, sizeof(path), "%s/700/maps", t->root);
	chmod(path, 0600);
	nftw(t->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

static void write_file(const char *root, const char *rel, const char *text, size_t len)
{
	char path[PATH_MAX];
	char *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	slash = strrchr(path, '/');
	*slash = '\0';
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", path, strerror(errno));
	*slash = '/';
	f = fopen(path, "w");
	if (!f)
		fail_msg("cannot create %s: %s", path, strerror(errno));
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_scan_unreadable(void **state)
{
	struct tmp *t = *state;
	char path[PATH_MAX], buf[512] = "";
	struct attach_list l;
	int fd, denied;

	add_line(buf, sizeof(buf), 0x7f0000000000, 0x7f0000001000, "rw-s", 0, 1, 7, "/SYSV00000000 (deleted)");
	write_file(t->root, "700/maps", buf, strlen(buf));
	write_file(t->root, "701/stat", "701 (dir) S 1\n", 14);
	write_file(t->root, "702/maps", buf, strlen(buf));
	/* 701's maps cannot be read at all: a directory */
	snprintf(path, sizeof(path), "%s/701/maps", t->root);
	assert_int_equal(mkdir(path, 0700), 0);
	/* 700's is not readable by us, unless we are root */
	snprintf(path, sizeof(path), "%s/700/maps", t->root);
	assert_int_equal(chmod(path, 0), 0);
	fd = open(path, O_RDONLY);
	denied = fd < 0;
	if (fd >= 0)
		close(fd);

	attach_list_init(&l);
	assert_int_equal(attach_scan(t->root, -1, &l), 0);
	assert_int_equal(l.procs_unreadable, 1 + denied);
	assert_int_equal(l.procs_scanned, 2 - denied);
	assert_int_equal(l.n, 2 - denied);
	assert_int_equal(l.v[l.n - 1].pid, 702);
	assert_string_equal(l.v[l.n - 1].comm, "");      /* no stat: no name, still listed */
	attach_list_free(&l);
}

static void test_scan_large_maps(void **state)
{
	struct tmp *t = *state;
	size_t cap = 1024 * 1024, len = 0;
	char *buf = malloc(cap);
	struct attach_list l;
	size_t first;
	uint64_t a = 0x7f0000000000;

	assert_non_null(buf);
	buf[0] = '\0';
	/* attachments before, across and well after the first 64 KiB of the file */
	while (len < 300 * 1024) {
		int sysv = len > 65000 && len < 65600;

		add_line(buf + len, cap - len, a, a + PG, sysv ? "r--s" : "r--p", 0, 1,
			 sysv ? 77ul : 123456ul, sysv ? "/SYSV00000000 (deleted)" :
			 "/usr/lib/x86_64-linux-gnu/libsomething-with-a-long-name.so.1.2.3");
		len += strlen(buf + len);
		a += 2 * PG;
	}
	add_line(buf + len, cap - len, a, a + PG, "rw-s", 0, 1, 77, "/SYSV00000000 (deleted)");
	len += strlen(buf + len);
	add_line(buf + len, cap - len, 0x7f00, 0x7f00 + PG, "rw-s", 0, 1, 78, "/SYSV00000000 (deleted)");
	len += strlen(buf + len);
	write_file(t->root, "123/maps", buf, len);
	free(buf);

	attach_list_init(&l);
	assert_int_equal(attach_scan(t->root, -1, &l), 0);
	assert_int_equal(l.procs_scanned, 1);
	assert_true(attach_find(&l, 77, &first) >= 2);
	assert_string_equal(l.v[first].access, "r--s");
	assert_int_equal(attach_pid_run(&l, first, l.n - 1), attach_find(&l, 77, &first));
	assert_int_equal(attach_find(&l, 78, &first), 1);
	assert_int_equal(l.v[first].addr, 0x7f00);
	attach_list_free(&l);
}

/* ------------------------------------------------------------ for real, in this process */

struct real {
	int id, id2;
	void *ro, *rw, *split;
	size_t size;
};

static int real_setup(void **state)
{
	struct real *r = calloc(1, sizeof(*r));

	if (!r)
		return -1;
	r->id = r->id2 = -1;
	r->size = 3 * (size_t)sysconf(_SC_PAGESIZE);
	*state = r;
	r->id = shmget(IPC_PRIVATE, r->size, IPC_CREAT | 0600);
	if (r->id < 0)
		return 0;                 /* the test skips */
	r->ro = shmat(r->id, NULL, SHM_RDONLY);
	r->rw = shmat(r->id, NULL, 0);
	if (r->ro == (void *)-1)
		r->ro = NULL;
	if (r->rw == (void *)-1)
		r->rw = NULL;
	r->id2 = shmget(IPC_PRIVATE, r->size, IPC_CREAT | 0600);
	if (r->id2 >= 0) {
		r->split = shmat(r->id2, NULL, 0);
		if (r->split == (void *)-1)
			r->split = NULL;
	}
	return 0;
}

static int real_teardown(void **state)
{
	struct real *r = *state;

	if (r->ro)
		shmdt(r->ro);
	if (r->rw)
		shmdt(r->rw);
	if (r->split)
		shmdt(r->split);
	if (r->id >= 0)
		shmctl(r->id, IPC_RMID, NULL);
	if (r->id2 >= 0)
		shmctl(r->id2, IPC_RMID, NULL);
	free(r);
	return 0;
}

static unsigned nattch_of(int id)
{
	struct shmid_ds ds;

	assert_int_equal(shmctl(id, IPC_STAT, &ds), 0);
	return (unsigned)ds.shm_nattch;
}

static void test_real_attached_twice(void **state)
{
	struct real *r = *state;
	struct attach_list l;
	size_t first, k;
	uint64_t lower;

	if (r->id < 0)
		skip();                   /* no System V IPC here */
	assert_non_null(r->ro);
	assert_non_null(r->rw);
	lower = (uintptr_t)r->ro < (uintptr_t)r->rw ? (uintptr_t)r->ro : (uintptr_t)r->rw;

	attach_list_init(&l);
	assert_int_equal(attach_scan("/proc", r->id, &l), 0);
	assert_true(l.procs_scanned >= 1);
	k = attach_find(&l, r->id, &first);
	assert_int_equal(k, 2);                       /* nobody else knows this IPC_PRIVATE id */
	assert_int_equal(l.n, 2);                     /* and only was honoured */
	assert_int_equal(k, nattch_of(r->id));        /* one record per mapping, as nattch counts */
	for (size_t i = first; i < first + k; i++) {
		assert_int_equal(l.v[i].pid, getpid());
		assert_int_equal(l.v[i].uid, geteuid());
		assert_int_equal(l.v[i].length, r->size);
		assert_string_equal(l.v[i].comm, "test_attach");
		assert_string_equal(l.v[i].access,
				    l.v[i].addr == (uintptr_t)r->ro ? "r--s" : "rw-s");
	}
	assert_int_equal(l.v[first].addr, lower);

	/* the whole scan holds it too */
	assert_int_equal(attach_scan("/proc", -1, &l), 0);
	assert_int_equal(attach_find(&l, r->id, &first), 2);
	attach_list_free(&l);
}

static void test_real_split(void **state)
{
	struct real *r = *state;
	long page = sysconf(_SC_PAGESIZE);
	struct attach_list l;
	size_t first;

	if (r->id2 < 0)
		skip();
	assert_non_null(r->split);
	/* the middle page read-only: three mappings of one attachment, and nattch 3 */
	assert_int_equal(mprotect((char *)r->split + page, (size_t)page, PROT_READ), 0);
	attach_list_init(&l);
	assert_int_equal(attach_scan("/proc", r->id2, &l), 0);
	assert_int_equal(attach_find(&l, r->id2, &first), 3);
	assert_int_equal(nattch_of(r->id2), 3);
	assert_int_equal(l.v[first].pid, getpid());
	assert_int_equal(l.v[first].addr, (uintptr_t)r->split);
	assert_int_equal(l.v[first].length, (uint64_t)page);
	assert_string_equal(l.v[first].access, "rw-s");
	assert_string_equal(l.v[first + 1].access, "r--s");
	assert_int_equal(l.v[first + 1].offset, (uint64_t)page);
	assert_string_equal(l.v[first + 2].access, "rw-s");
	attach_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_attachments),
		cmocka_unit_test(test_split_is_three_mappings),
		cmocka_unit_test(test_adjacent_attachments),
		cmocka_unit_test(test_many_segments_one_process),
		cmocka_unit_test(test_only_filter),
		cmocka_unit_test(test_ignores_look_alikes),
		cmocka_unit_test(test_buffer_edges),
		cmocka_unit_test(test_comm_copied_and_cut),
		cmocka_unit_test(test_apply_hugetlb),
		cmocka_unit_test(test_shmtop_marked),
		cmocka_unit_test(test_sort_and_find),
		cmocka_unit_test(test_scan_fixture),
		cmocka_unit_test(test_scan_missing_root),
		cmocka_unit_test_setup_teardown(test_scan_unreadable, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_scan_large_maps, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_real_attached_twice, real_setup, real_teardown),
		cmocka_unit_test_setup_teardown(test_real_split, real_setup, real_teardown),
		cmocka_unit_test(test_other_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
