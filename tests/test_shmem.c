/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_shmem.c - the Shmem breakdown's pure parts: Shmem from meminfo text, tmpfs lines of
 * mountinfo, memfd links, the memfd inode set (each inode once), the System V part (hugetlb
 * and unknown rss), the arithmetic of the remainder (also negative), and the rows the screen
 * and the table show (largest mount first, names escaped, a full /dev/shm warned about). */
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

#include "mountinfo.h"
#include "shmem.h"
#include "shmseg.h"

static const char meminfo[] =
	"MemTotal:       16384000 kB\n"
	"MemFree:         1000000 kB\n"
	"Shmem:            123456 kB\n"
	"ShmemHugePages:        0 kB\n";

static void test_meminfo(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(shmem_meminfo_parse(meminfo, &v), 0);
	assert_int_equal(v, 123456ull * 1024);
	/* ShmemHugePages is not Shmem */
	assert_int_equal(shmem_meminfo_parse("ShmemHugePages: 5 kB\n", &v), -ENOENT);
	assert_int_equal(shmem_meminfo_parse("", &v), -ENOENT);
	assert_int_equal(shmem_meminfo_parse("Shmem: lots\n", &v), -EINVAL);
	assert_int_equal(shmem_meminfo_parse("Shmem: 12\n", &v), -EINVAL);   /* no unit */
	/* a number too large for bytes is refused, not wrapped */
	assert_int_equal(shmem_meminfo_parse("Shmem: 99999999999999999999999 kB\n", &v), -EINVAL);
	assert_int_equal(shmem_meminfo_parse("X: 1 kB\nShmem:\t7 kB", &v), 0);
	assert_int_equal(v, 7168);
}

static void test_mountinfo_line(void **state)
{
	struct mountinfo_mount m;
	char l1[] = "31 25 0:27 / /dev/shm rw,nosuid,nodev shared:5 - tmpfs tmpfs rw,size=65536k\n";
	char l2[] = "40 31 0:45 /sub /my\\040dir rw - tmpfs none rw\n";
	char bad1[] = "31 25 0:27 / /dev/shm rw tmpfs tmpfs rw\n";    /* no " - " */
	char bad2[] = "31 25 027 / /dev/shm rw - tmpfs tmpfs rw\n";    /* no MAJ:MIN */
	char bad3[] = "";

	(void)state;
	assert_int_equal(mountinfo_parse(l1, &m), 0);
	assert_string_equal(m.point, "/dev/shm");
	assert_string_equal(m.type, "tmpfs");
	assert_int_equal(m.major, 0);
	assert_int_equal(m.minor, 27);
	assert_true(m.fs_root);
	assert_int_equal(mountinfo_parse(l2, &m), 0);
	assert_string_equal(m.point, "/my dir");
	assert_int_equal(m.minor, 45);
	assert_false(m.fs_root);
	assert_int_equal(mountinfo_parse(bad1, &m), -EINVAL);
	assert_int_equal(mountinfo_parse(bad2, &m), -EINVAL);
	assert_int_equal(mountinfo_parse(bad3, &m), -EINVAL);
}

static void test_memfd_links(void **state)
{
	(void)state;
	assert_true(shmem_is_memfd("/memfd:wayland-cursor (deleted)"));
	assert_true(shmem_is_memfd("/memfd: (deleted)"));
	assert_false(shmem_is_memfd("/memfd:x"));             /* a file of that name, in some root */
	assert_false(shmem_is_memfd("/memfd:(deleted)"));
	assert_false(shmem_is_memfd("/dev/shm/memfd:x"));
	assert_false(shmem_is_memfd("socket:[1234]"));
	assert_false(shmem_is_memfd("anon_inode:[memfd]"));
}

/* The same inode through many fds and processes counts once; the same inode number on
 * another device is another file. */
static void test_inode_set(void **state)
{
	struct shmem_inodes s = { 0 };

	(void)state;
	assert_int_equal(shmem_inodes_add(&s, 1, 100), 1);
	assert_int_equal(shmem_inodes_add(&s, 1, 100), 0);
	assert_int_equal(shmem_inodes_add(&s, 2, 100), 1);
	assert_int_equal(shmem_inodes_add(&s, 1, 0), 1);
	for (uint64_t i = 0; i < 20000; i++)
		assert_true(shmem_inodes_add(&s, 7, i) == 1);
	for (uint64_t i = 0; i < 20000; i += 997)
		assert_int_equal(shmem_inodes_add(&s, 7, i), 0);
	assert_int_equal(s.n, 20003);
	shmem_inodes_clear(&s);
	assert_int_equal(s.n, 0);
	assert_int_equal(shmem_inodes_add(&s, 1, 100), 1);
	shmem_inodes_free(&s);
}

static struct shmseg seg(int64_t rss, int64_t swap, int64_t huge)
{
	struct shmseg s;

	memset(&s, 0, sizeof(s));
	s.rss = rss;
	s.swap = swap;
	s.huge_page = huge;
	return s;
}

/* Resident bytes of ordinary segments; hugetlb pages are no Shmem; swapped ones beside. */
static void test_segments(void **state)
{
	struct shmem_report r;
	struct shmseg v[4] = {
		seg(8192, 0, 0), seg(4096, 12288, 0), seg(2097152, 0, 2097152), seg(4096, 0, SHMSEG_UNKNOWN),
	};

	(void)state;
	shmem_report_init(&r);
	shmem_add_segments(&r, v, 4);
	assert_true(r.have_sysv);
	assert_int_equal(r.sysv_rss, 16384);
	assert_int_equal(r.sysv_swap, 12288);
	assert_int_equal(r.sysv_n, 3);
	v[0].rss = SHMSEG_UNKNOWN; /* a shmctl poll */
	shmem_add_segments(&r, v, 4);
	assert_false(r.have_sysv);
	shmem_report_free(&r);
}

static struct shmem_mount *mount_at(struct shmem_report *r, const char *point, uint64_t size,
				    uint64_t used, int known)
{
	struct shmem_mount *m = shmem_add_mount(r);

	assert_non_null(m);
	snprintf(m->point, sizeof(m->point), "%s", point);
	m->minor = (unsigned)r->nmounts;
	m->size = size;
	m->used = used;
	m->known = known;
	m->dev_shm = strcmp(point, "/dev/shm") == 0;
	return m;
}

/* Shmem minus the parts; unknown mounts are not parts; a remainder below zero stays signed. */
static void test_arithmetic(void **state)
{
	struct shmem_report r;

	(void)state;
	shmem_report_init(&r);
	r.have_shmem = 1;
	r.shmem = 10 << 20;
	r.sysv_rss = 1 << 20;
	r.have_sysv = 1;
	mount_at(&r, "/dev/shm", 64 << 20, 3 << 20, 1);
	mount_at(&r, "/run", 1 << 30, 1 << 20, 1);
	mount_at(&r, "/hidden", 0, 999 << 20, 0);
	r.memfd_bytes = 2 << 20;
	assert_int_equal(shmem_tmpfs_used(&r), 4 << 20);
	shmem_compute(&r);
	assert_int_equal(r.remainder, 3 << 20);
	r.memfd_bytes = 20 << 20;
	shmem_compute(&r);
	assert_int_equal(r.remainder, -(15ll << 20));
	assert_non_null(shmem_find_mount(&r, 0, 2));
	assert_null(shmem_find_mount(&r, 1, 2));
	shmem_report_clear(&r);
	assert_int_equal(r.nmounts, 0);
	assert_non_null(r.mounts); /* memory kept for the next scan */
	shmem_report_free(&r);
}

static void test_near_full(void **state)
{
	struct shmem_mount m = { .known = 1, .size = 100 };

	(void)state;
	m.used = 79;
	assert_false(shmem_near_full(&m));
	m.used = 80;
	assert_true(shmem_near_full(&m));
	m.size = 64ull << 20;            /* docker's default /dev/shm */
	m.used = m.size / 5 * 4 + 4;     /* just over 80% */
	assert_true(shmem_near_full(&m));
	m.used -= 4096;
	assert_false(shmem_near_full(&m));
	m.size = 0;                       /* no limit known */
	assert_false(shmem_near_full(&m));
	m.size = UINT64_MAX;              /* no overflow in the percentage */
	m.used = UINT64_MAX / 100 * 81;
	assert_true(shmem_near_full(&m));
	m.known = 0;
	assert_false(shmem_near_full(&m));
}

/* The rows: the total, the segments, mounts by use (largest first), memfds, the remainder; a
 * full /dev/shm is warned about; names are escaped; unreadable processes get a note. */
static void test_rows(void **state)
{
	struct shmem_report r;
	struct shmem_row rows[16];
	size_t n;
	struct shmem_mount *m;

	(void)state;
	shmem_report_init(&r);
	r.have_shmem = r.have_sysv = 1;
	r.shmem = 100 << 20;
	mount_at(&r, "/run", 1 << 30, 1 << 20, 1);
	m = mount_at(&r, "/dev/shm", 64 << 20, 60 << 20, 1);
	m->pid = 4242;
	m->mnt_ns = 4026532301ull;
	snprintf(m->comm, sizeof(m->comm), "postgres");
	mount_at(&r, "/evil\x1b[2J", 1 << 20, 0, 1);
	r.procs = 10;
	r.procs_unreadable = 2;
	shmem_compute(&r);
	n = shmem_rows(&r, 4026531839ull, rows, 16);
	assert_int_equal(n, 8);
	assert_int_equal(shmem_rows(&r, 0, rows, 2), 8); /* the count, whatever fits */
	n = shmem_rows(&r, 4026531839ull, rows, 16);
	assert_string_equal(rows[0].label, "Shmem (/proc/meminfo)");
	assert_int_equal(rows[0].bytes, 100 << 20);
	assert_string_equal(rows[1].label, "System V segments");
	assert_non_null(strstr(rows[1].note, "ipc ns 4026531839"));
	assert_string_equal(rows[2].label, "tmpfs /dev/shm");
	assert_int_equal(rows[2].bytes, 60 << 20);
	assert_true(rows[2].warn);
	assert_non_null(strstr(rows[2].note, "(93%), NEARLY FULL; POSIX shared memory"));
	assert_non_null(strstr(rows[2].note, "mnt ns 4026532301 (pid 4242 postgres)"));
	assert_string_equal(rows[3].label, "tmpfs /run");
	assert_false(rows[3].warn);
	assert_null(strchr(rows[4].label, '\x1b'));
	assert_non_null(strstr(rows[4].label, "\\x1b[2J"));
	assert_string_equal(rows[5].label, "memfds");
	assert_string_equal(rows[6].label, "remainder");
	assert_int_equal(rows[6].bytes, (100 - 61) << 20);
	assert_int_equal(rows[7].level, 2);
	assert_non_null(strstr(rows[7].label, "2 of 10 processes"));
	shmem_report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_mountinfo_line),
		cmocka_unit_test(test_memfd_links),
		cmocka_unit_test(test_inode_set),
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test(test_near_full),
		cmocka_unit_test(test_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
