/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_collect.c - collect_snapshot's choice of source and its fallbacks, with shmctl faked
 * through the linker's --wrap and /proc given as a fixture directory (tests/data/collect): an
 * explicit source is kept (with a warning when it falls back), --source=auto moves from shmctl
 * to /proc quietly when shmctl is refused or cannot see every segment. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "collect.h"

#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif

/* ------------------------------------------------------------ the fake kernel */

/* How the faked shmctl behaves. */
enum kernel {
	K_NEW,      /* Linux >= 4.17: SHM_STAT_ANY lists index 0 (shmid 7, key 0x77) */
	K_OLD,      /* before 4.17: SHM_STAT_ANY unknown; SHM_STAT lists index 0, EACCES on 1 */
	K_REFUSED,  /* every shmctl fails with EPERM (a seccomp filter, say) */
};

static enum kernel kernel;
static unsigned calls, stat_calls; /* all shmctl calls; SHM_STAT ones */

int __wrap_shmctl(int shmid, int cmd, struct shmid_ds *buf);

int __wrap_shmctl(int shmid, int cmd, struct shmid_ds *buf)
{
	calls++;
	stat_calls += cmd == SHM_STAT;
	if (kernel == K_REFUSED) {
		errno = EPERM;
		return -1;
	}
	if (cmd == IPC_INFO || cmd == SHM_INFO) {
		memset(buf, 0, cmd == IPC_INFO ? sizeof(struct shminfo) : sizeof(struct shm_info));
		return kernel == K_OLD ? 1 : 0; /* the highest index in use */
	}
	if ((cmd == SHM_STAT_ANY && kernel == K_NEW) || (cmd == SHM_STAT && shmid == 0)) {
		memset(buf, 0, sizeof(*buf));
		buf->shm_perm.__key = 0x77;
		buf->shm_perm.mode = 0600;
		buf->shm_segsz = 4096;
		buf->shm_ctime = 1700000000;
		return 7;
	}
	errno = cmd == SHM_STAT && shmid == 1 ? EACCES : EINVAL;
	return -1;
}

/* ------------------------------------------------------------ helpers */

static char procroot[4096];

static int setup(void **state)
{
	const char *top = getenv("top_srcdir");

	(void)state;
	snprintf(procroot, sizeof(procroot), "%s/tests/data/collect", top && *top ? top : ".");
	return 0;
}

struct result {
	int rc;
	struct snapshot snap;
	char warn[512];
};

static void collect(struct result *r, enum kernel k, enum snapshot_source src, int is_auto,
		    const char *root)
{
	struct collect_cfg cfg = { root, src, 4096, is_auto };

	kernel = k;
	calls = stat_calls = 0;
	snapshot_init(&r->snap);
	memset(r->warn, 'X', sizeof(r->warn) - 1);
	r->warn[sizeof(r->warn) - 1] = '\0';
	r->rc = collect_snapshot(&cfg, 1700000500, &r->snap, r->warn, sizeof(r->warn));
}

/* The snapshot holds what the fixture's /proc/sysvipc/shm holds. */
static void assert_from_proc(const struct result *r)
{
	assert_int_equal(r->rc, 0);
	assert_int_equal(r->snap.source, SNAPSHOT_PROC);
	assert_int_equal(r->snap.segs.n, 5);
	assert_int_equal(r->snap.segs.v[0].key, 9527);
	assert_int_equal(r->snap.segs.v[0].rss, 4096);
	assert_int_equal(r->snap.usage.rss, 4096 + 524288 + 0 + 4096 + 0); /* the rss column */
	assert_int_equal(r->snap.limits.shmmni, 4096); /* from sys/kernel/shmmni */
}

/* The snapshot holds the fake kernel's one segment. */
static void assert_from_shmctl(const struct result *r)
{
	assert_int_equal(r->rc, 0);
	assert_int_equal(r->snap.source, SNAPSHOT_SHMCTL);
	assert_int_equal(r->snap.segs.n, 1);
	assert_int_equal(r->snap.segs.v[0].shmid, 7);
	assert_int_equal(r->snap.segs.v[0].key, 0x77);
	assert_int_equal(r->snap.segs.v[0].rss, SHMSEG_UNKNOWN);
	assert_int_equal(r->snap.usage.rss, -1);
}

/* ------------------------------------------------------------ tests */

static void test_auto_shmctl(void **state)
{
	struct result r;

	(void)state;
	collect(&r, K_NEW, SNAPSHOT_SHMCTL, 1, procroot);
	assert_from_shmctl(&r);
	assert_string_equal(r.warn, "");
	snapshot_free(&r.snap);
}

static void test_auto_refused_reads_proc(void **state)
{
	struct result r;

	(void)state;
	collect(&r, K_REFUSED, SNAPSHOT_SHMCTL, 1, procroot);
	assert_from_proc(&r);
	assert_string_equal(r.warn, ""); /* shmtop chose shmctl, so moving on is no news */
	assert_int_equal(calls, 1);        /* IPC_INFO, refused */
	snapshot_free(&r.snap);
}

static void test_auto_old_kernel_reads_proc(void **state)
{
	struct result r;

	(void)state;
	/* SHM_STAT would hide the segment at index 1 (EACCES): /proc lists it */
	collect(&r, K_OLD, SNAPSHOT_SHMCTL, 1, procroot);
	assert_from_proc(&r);
	assert_string_equal(r.warn, "");
	snapshot_free(&r.snap);
}

static void test_auto_old_kernel_without_proc(void **state)
{
	struct result r;

	(void)state;
	/* no /proc either: what SHM_STAT showed (kept, not scanned again), with both warnings */
	collect(&r, K_OLD, SNAPSHOT_SHMCTL, 1, "/nonexistent");
	assert_from_shmctl(&r);
	assert_int_equal(stat_calls, 2);
	assert_non_null(strstr(r.warn, "SHM_STAT_ANY"));
	assert_non_null(strstr(r.warn, "1 segment vanished or could not be read"));
	snapshot_free(&r.snap);
}

static void test_auto_nothing_works(void **state)
{
	struct result r;

	(void)state;
	collect(&r, K_REFUSED, SNAPSHOT_SHMCTL, 1, "/nonexistent");
	assert_int_equal(r.rc, -EPERM); /* shmctl's error: the source asked for first */
	assert_int_equal(r.snap.segs.n, 0);
	/* both reasons, and shmctl was not asked again */
	assert_non_null(strstr(r.warn, "cannot list shared memory segments: shmctl: "));
	assert_non_null(strstr(r.warn, "; /nonexistent/sysvipc/shm: "));
	assert_int_equal(calls, 1);
	snapshot_free(&r.snap);
}

static void test_explicit_shmctl_is_kept(void **state)
{
	struct result r;

	(void)state;
	/* --source=shmctl on an old kernel: the readable segment, and a warning, not /proc */
	collect(&r, K_OLD, SNAPSHOT_SHMCTL, 0, procroot);
	assert_from_shmctl(&r);
	assert_non_null(strstr(r.warn, "SHM_STAT_ANY"));
	snapshot_free(&r.snap);
	/* refused: an error, not /proc */
	collect(&r, K_REFUSED, SNAPSHOT_SHMCTL, 0, procroot);
	assert_int_equal(r.rc, -EPERM);
	assert_non_null(strstr(r.warn, "cannot list shared memory segments"));
	snapshot_free(&r.snap);
}

static void test_proc(void **state)
{
	struct result r;

	(void)state;
	for (int is_auto = 0; is_auto < 2; is_auto++) {
		collect(&r, K_NEW, SNAPSHOT_PROC, is_auto, procroot);
		assert_from_proc(&r);
		assert_string_equal(r.warn, "");
		assert_int_equal(calls, 0); /* limits from sys/kernel: no shmctl at all */
		snapshot_free(&r.snap);
		/* /proc missing: shmctl, with a warning that names the path */
		collect(&r, K_NEW, SNAPSHOT_PROC, is_auto, "/nonexistent");
		assert_from_shmctl(&r);
		assert_non_null(strstr(r.warn, "cannot read /nonexistent/sysvipc/shm"));
		snapshot_free(&r.snap);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auto_shmctl),
		cmocka_unit_test(test_auto_refused_reads_proc),
		cmocka_unit_test(test_auto_old_kernel_reads_proc),
		cmocka_unit_test(test_auto_old_kernel_without_proc),
		cmocka_unit_test(test_auto_nothing_works),
		cmocka_unit_test(test_explicit_shmctl_is_kept),
		cmocka_unit_test(test_proc),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
