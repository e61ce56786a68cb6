/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_remove.c - sysv_remove against the real kernel, in a private IPC namespace: a segment
 * removed and replaced by another with the same key and the same id (through shm_next_id) within
 * the same second agrees with the confirmed one on every field that IPC_STAT shows, and must not
 * be removed in its place; the confirmed one itself, listed right as it was made, is kept until a
 * later poll shows it was born before, then removed; one changed by IPC_SET since is not. Needs root (a private IPC namespace, shm_next_id, and
 * /proc/self/map_files for the creation time); skipped otherwise. */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sysv.h"

#define KEY 0x5e7e0001

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Wait until the next second has just begun, so what follows happens within one second. */
static void start_of_second(void)
{
	int64_t t = now_ns();

	usleep((useconds_t)((1000000000 - t % 1000000000) / 1000 + 1000));
}

static void set_next_id(int id)
{
	FILE *f = fopen("/proc/sys/kernel/shm_next_id", "w");

	assert_non_null(f);
	assert_true(fprintf(f, "%d\n", id) > 0);
	assert_int_equal(fclose(f), 0);
}

static int exists(int id)
{
	struct shmseg s;

	return sysv_stat(id, &s) == 0;
}

static void test_replaced_in_the_same_second(void **state)
{
	struct shmseg a, b;
	int64_t seen;
	int id, id2;

	(void)state;
	for (int tries = 0;; tries++) {
		assert_true(tries < 5);
		start_of_second();
		id = shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
		assert_true(id >= 0);
		seen = now_ns();                   /* the poll that lists A */
		assert_int_equal(sysv_stat(id, &a), 0);
		/* the user confirms; meanwhile A's owner removes it and makes B with the same key,
		 * at the same id */
		assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
		set_next_id(id);
		id2 = shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
		assert_true(id2 >= 0);
		assert_int_equal(id2, id);
		assert_int_equal(sysv_stat(id, &b), 0);
		if (b.ctime == a.ctime)
			break;                     /* the same second: the case to test */
		assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
	}
	/* B agrees with A on everything IPC_STAT shows; only its birth, after the poll, differs */
	assert_true(shmseg_identical(&a, &b));
	{
		int rc = sysv_remove(id, &a, seen);

		if (rc != -ESTALE && rc != -EAGAIN)
			fail_msg("sysv_remove of the replacement returned %d", rc);
	}
	assert_true(exists(id));            /* B was not removed */
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
}

static void test_confirmed_one_in_the_same_second(void **state)
{
	struct shmseg a, after;
	int64_t seen;
	int id;

	(void)state;
	id = shmget(KEY + 1, 4096, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(id >= 0);
	seen = now_ns();
	assert_int_equal(sysv_stat(id, &a), 0);
	/* listed right as it was made: cannot be told from a replacement yet, so kept */
	assert_int_equal(sysv_remove(id, &a, seen), -EAGAIN);
	assert_true(exists(id));
	/* a later poll: its birth is well before that, so it is the one confirmed */
	usleep(1200000);
	seen = now_ns();
	assert_int_equal(sysv_remove(id, &a, seen), 0);
	assert_false(exists(id));
	/* attached elsewhere, it is marked and lives on until that one detaches */
	id = shmget(KEY + 2, 4096, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(id >= 0);
	{
		void *p = shmat(id, NULL, SHM_RDONLY);

		assert_true(p != (void *)-1);
		assert_int_equal(sysv_stat(id, &a), 0);
		assert_int_equal(sysv_remove(id, &a, now_ns() + 3000000000), 0); /* a poll 3 s on */
		assert_int_equal(sysv_stat(id, &after), 0);
		assert_true(after.mode & SHMSEG_MODE_DEST);
		assert_int_equal(after.key, 0);
		assert_int_equal(after.nattch, 1); /* ours above; the re-check's own pin is gone */
		assert_int_equal(shmdt(p), 0);
	}
	assert_false(exists(id));
}

static void test_changed_by_ipc_set(void **state)
{
	struct shmseg a;
	struct shmid_ds ds;
	int id = shmget(KEY + 3, 4096, IPC_CREAT | IPC_EXCL | 0600);

	(void)state;
	assert_true(id >= 0);
	assert_int_equal(sysv_stat(id, &a), 0);
	assert_int_equal(shmctl(id, IPC_STAT, &ds), 0);
	ds.shm_perm.mode = 0644;
	assert_int_equal(shmctl(id, IPC_SET, &ds), 0);
	assert_int_equal(sysv_remove(id, &a, now_ns() + 2000000000), -ESTALE);
	assert_true(exists(id));
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replaced_in_the_same_second),
		cmocka_unit_test(test_confirmed_one_in_the_same_second),
		cmocka_unit_test(test_changed_by_ipc_set),
	};

	/* a private IPC namespace: nothing of the caller's is seen or touched */
	if (geteuid() != 0 || unshare(CLONE_NEWIPC) < 0) {
		printf("SKIP: test_remove needs root: a private IPC namespace and shm_next_id\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
