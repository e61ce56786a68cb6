/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_holders.c - the processes table's pure parts: what one process's maps hold (each object
 * once, whatever its mappings; named semaphores and ordinary files are not objects), Pss_Shmem
 * of smaps_rollup, and the cgroup of /proc/PID/cgroup (v2 and v1). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/sysmacros.h>

#include "holders.h"

static const char maps[] =
	"55d0c0000000-55d0c0001000 r-xp 00000000 fd:01 1234        /usr/bin/postgres\n"
	/* one segment attached twice, another once */
	"7f0000000000-7f0000010000 rw-s 00000000 00:01 32769       /SYSV00002537 (deleted)\n"
	"7f0000010000-7f0000020000 r--s 00000000 00:01 32769       /SYSV00002537 (deleted)\n"
	"7f0000020000-7f0000021000 rw-s 00000000 00:01 65538       /SYSV00000000 (deleted)\n"
	/* a POSIX object mapped in two pieces, a named semaphore, a file elsewhere */
	"7f1000000000-7f1000002000 rw-s 00000000 00:1a 77          /dev/shm/pg_data\n"
	"7f1000002000-7f1000004000 rw-s 00002000 00:1a 77          /dev/shm/pg_data\n"
	"7f1000010000-7f1000011000 rw-s 00000000 00:1a 78          /dev/shm/sem.lock\n"
	"7f1000020000-7f1000021000 rw-s 00000000 fd:01 99          /var/lib/data/dev/shm/x\n"
	/* a memfd */
	"7f2000000000-7f2000008000 rw-s 00000000 00:05 4242        /memfd:wayland-shm (deleted)\n"
	/* a file a container named /memfd:x is not a memfd */
	"7f3000000000-7f3000001000 rw-s 00000000 fd:01 5           /memfd:x\n"
	"7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0           [stack]";

static void test_count(void **state)
{
	struct holder h;

	(void)state;
	memset(&h, 0xff, sizeof(h));
	assert_true(holders_count_maps(maps, strlen(maps), "/dev/shm", NULL, &h));
	assert_int_equal(h.segs, 2);
	assert_int_equal(h.posix, 1);
	assert_int_equal(h.memfds, 1);
	/* first mappings: 64K + 4K of segments, 8K of the object, 32K of the memfd */
	assert_int_equal(h.bytes, 0x10000 + 0x1000 + 0x2000 + 0x8000);
	/* nothing of the kinds: not a holder */
	assert_false(holders_count_maps(maps, strchr(maps, '\n') - maps + 1, "/dev/shm", NULL, &h));
	assert_int_equal(h.segs + h.posix + h.memfds, 0);
	/* another directory for POSIX objects */
	assert_true(holders_count_maps(maps, strlen(maps), "/run/shm", NULL, &h));
	assert_int_equal(h.posix, 0);
	/* garbage around a good line */
	{
		const char text[] = "zz\n\n7f0000000000-7f0000001000 rw-s 00000000 00:01 5 /SYSV0000002a\n"
				    "/SYSV broken line /memfd:\n";

		assert_true(holders_count_maps(text, sizeof(text) - 1, "/dev/shm", NULL, &h));
		assert_int_equal(h.segs, 1);
		assert_int_equal(h.memfds, 0);
	}
}

/* With the devices of segments and memfds known, a "/SYSV..." or "/memfd:..." file on any other
 * device is a process's own file named so (a tmpfs of its own after pivot_root), not counted. */
static void test_count_devices(void **state)
{
	const char spoof[] = "7f4000000000-7f4000001000 rw-s 00000000 00:2a 32769 /SYSV00002537\n"
			     "7f4000001000-7f4000002000 rw-s 00000000 00:2a 9 /memfd:x (deleted)\n";
	struct hugetlb_devs huge;
	struct holder h;

	(void)state;
	memset(&huge, 0, sizeof(huge));
	huge.probed = huge.complete = 1;
	huge.shmem_dev = makedev(0, 1); /* the fixture's segments' device; its memfd is on 00:05 */
	assert_true(holders_count_maps(maps, strlen(maps), "/dev/shm", &huge, &h));
	assert_int_equal(h.segs, 2);
	assert_int_equal(h.memfds, 0);
	assert_false(holders_count_maps(spoof, sizeof(spoof) - 1, "/dev/shm", &huge, &h));
	assert_int_equal(h.segs + h.memfds, 0);
	/* where they are not all known, every such mapping counts, as before */
	huge.complete = 0;
	assert_true(holders_count_maps(spoof, sizeof(spoof) - 1, "/dev/shm", &huge, &h));
	assert_int_equal(h.segs, 1);
	assert_int_equal(h.memfds, 1);
}

static void test_pss(void **state)
{
	(void)state;
	assert_int_equal(holders_pss_shmem("Rss: 5 kB\nPss_Shmem:           1234 kB\nSwap: 0 kB\n"),
			 1234 * 1024);
	assert_int_equal(holders_pss_shmem("Rss: 5 kB\nPss_Shmem:  0 kB\n"), 0);
	assert_int_equal(holders_pss_shmem("Rss: 5 kB\nPss_File: 3 kB\n"), -1);  /* old kernel */
	assert_int_equal(holders_pss_shmem("Rss: 5 kB\nPss_Shmem: x kB\n"), -1);
	/* more than any process has: refused, not wrapped */
	assert_int_equal(holders_pss_shmem("\nPss_Shmem: 99999999999999999999 kB\n"), -1);
	assert_int_equal(holders_pss_shmem("\nPss_Shmem: 9007199254740991 kB\n"),
			 9007199254740991ll * 1024);
	assert_int_equal(holders_pss_shmem(""), -1);
}

static void test_cgroup(void **state)
{
	char out[64];

	(void)state;
	holders_cgroup("0::/system.slice/postgresql@16-main.service\n", out, sizeof(out));
	assert_string_equal(out, "/system.slice/postgresql@16-main.service");
	/* v1 and v2 mixed: the v2 line */
	holders_cgroup("12:memory:/docker/abc\n0::/docker/abc\n", out, sizeof(out));
	assert_string_equal(out, "/docker/abc");
	/* v1 only: the first line's path */
	holders_cgroup("12:memory:/kubepods/pod1\n11:cpu:/kubepods/pod1\n", out, sizeof(out));
	assert_string_equal(out, "/kubepods/pod1");
	holders_cgroup("garbage", out, sizeof(out));
	assert_string_equal(out, "");
	/* cut to fit */
	holders_cgroup("0::/a/very/long/path/that/does/not/fit/in/the/buffer/at/all/x\n", out, 8);
	assert_string_equal(out, "/a/very");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_count_devices),
		cmocka_unit_test(test_pss),
		cmocka_unit_test(test_cgroup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
