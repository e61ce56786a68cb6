/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_ipcreal.c - sysvsem.c and sysvmsg.c against the real kernel, in a private IPC namespace:
 * the kernel facts the design rests on (GETALL into a buffer too small for the array stops at the
 * inaccessible page with EFAULT; reading an array's semaphores changes none of its times or
 * pids), and the removal re-check on real objects: an array or a queue removed and replaced at
 * the same id (through sem_next_id / msg_next_id) within the same second agrees with the
 * confirmed one on every field IPC_STAT shows and must not be removed in its place; the
 * confirmed one itself is kept until a later poll, then removed; one given new values (SETVAL)
 * or a new owner (IPC_SET) since is refused. Needs root (a private IPC namespace and the
 * *_next_id sysctls); skipped otherwise. */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sysvmsg.h"
#include "sysvsem.h"

#define KEY 0x5f7e0001

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

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

static void set_next_id(const char *name, int id)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fprintf(f, "%d\n", id) > 0);
	assert_int_equal(fclose(f), 0);
}

static int sem_exists(int id)
{
	struct semset s;

	return sysvsem_stat(id, &s) == 0;
}

static int msg_exists(int id)
{
	struct msgq q;

	return sysvmsg_stat(id, &q) == 0;
}

static void rm_sem(int id)
{
	assert_int_equal(semctl(id, 0, IPC_RMID, (union semun){ .val = 0 }), 0);
}

/* ------------------------------------------------------------ kernel facts */

static void test_getall_stops_at_the_guard(void **state)
{
	/* GETALL copies as many values as the array has: into room for fewer, ending at a
	 * PROT_NONE page, the copy fails with EFAULT and writes nothing past the room. */
	long page = sysconf(_SC_PAGESIZE);
	unsigned short vals[3] = { 1, 2, 3 };
	char *map;
	unsigned short *room;
	int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);

	(void)state;
	assert_true(id >= 0);
	assert_int_equal(semctl(id, 0, SETALL, (union semun){ .array = vals }), 0);
	map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + page, (size_t)page, PROT_NONE), 0);
	room = (unsigned short *)(void *)(map + page - 2 * sizeof(unsigned short)); /* room for 2 */
	assert_int_equal(semctl(id, 0, GETALL, (union semun){ .array = room }), -1);
	assert_int_equal(errno, EFAULT);
	/* room for exactly 3 at the same boundary: all three */
	room = (unsigned short *)(void *)(map + page - 3 * sizeof(unsigned short));
	assert_int_equal(semctl(id, 0, GETALL, (union semun){ .array = room }), 0);
	assert_memory_equal(room, vals, sizeof(vals));
	munmap(map, (size_t)page * 2);
	rm_sem(id);
}

static void test_detail_changes_nothing(void **state)
{
	/* sysvsem_detail on a used array: its otime, ctime and every semaphore's last pid are what
	 * they were, and its values what SETALL and the semop made them. */
	unsigned short vals[4] = { 3, 0, 32767, 9 };
	struct sembuf op = { .sem_num = 3, .sem_op = -2 };
	struct semset before, after;
	struct semset_sem sems[4];
	int id = semget(IPC_PRIVATE, 4, IPC_CREAT | 0600);

	(void)state;
	assert_true(id >= 0);
	assert_int_equal(semctl(id, 0, SETALL, (union semun){ .array = vals }), 0);
	assert_int_equal(semop(id, &op, 1), 0);
	assert_int_equal(sysvsem_stat(id, &before), 0);
	sleep(1); /* a change of a time would show */
	assert_int_equal(sysvsem_detail(id, &before, sems, 4, NULL), 0);
	assert_int_equal(sysvsem_detail(id, &before, sems, 4, NULL), 0);
	assert_int_equal(sysvsem_stat(id, &after), 0);
	assert_int_equal(after.otime, before.otime);
	assert_int_equal(after.ctime, before.ctime);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(sems[i].value, i == 3 ? 7 : vals[i]);
		assert_int_equal(sems[i].pid, getpid());
		assert_int_equal(sems[i].ncnt, 0);
		assert_int_equal(sems[i].zcnt, 0);
		assert_int_equal(semctl(id, i, GETPID, (union semun){ .val = 0 }), getpid());
	}
	rm_sem(id);
}

/* ------------------------------------------------------------ removal */

static void test_sem_replaced_in_the_same_second(void **state)
{
	struct semset a, b;
	int64_t seen;
	int id, id2;

	(void)state;
	for (int tries = 0;; tries++) {
		assert_true(tries < 5);
		start_of_second();
		id = semget(KEY, 2, IPC_CREAT | IPC_EXCL | 0600);
		assert_true(id >= 0);
		seen = now_ns(); /* the poll that lists A */
		assert_int_equal(sysvsem_stat(id, &a), 0);
		/* meanwhile A's owner removes it and makes B with the same key at the same id */
		rm_sem(id);
		set_next_id("sem_next_id", id);
		id2 = semget(KEY, 2, IPC_CREAT | IPC_EXCL | 0600);
		assert_int_equal(id2, id);
		assert_int_equal(sysvsem_stat(id, &b), 0);
		if (b.ctime == a.ctime)
			break; /* the same second: the case to test */
		rm_sem(id);
	}
	assert_true(semset_identical(&a, &b));
	{
		int rc = sysvsem_remove(id, &a, seen);

		if (rc != -ESTALE && rc != -EAGAIN)
			fail_msg("sysvsem_remove of the replacement returned %d", rc);
	}
	assert_true(sem_exists(id)); /* B was not removed */
	rm_sem(id);
}

static void test_sem_confirmed_and_changed(void **state)
{
	struct semset a;
	int64_t seen;
	int id = semget(KEY + 1, 1, IPC_CREAT | IPC_EXCL | 0600);

	(void)state;
	assert_true(id >= 0);
	seen = now_ns();
	assert_int_equal(sysvsem_stat(id, &a), 0);
	/* listed right as it was made: cannot be told from a replacement yet, so kept */
	assert_int_equal(sysvsem_remove(id, &a, seen), -EAGAIN);
	assert_true(sem_exists(id));
	usleep(1200000);
	/* given a value since it was seen (a new ctime): refused */
	assert_int_equal(semctl(id, 0, SETVAL, (union semun){ .val = 3 }), 0);
	assert_int_equal(sysvsem_remove(id, &a, now_ns()), -ESTALE);
	assert_true(sem_exists(id));
	/* seen again, then a poll two seconds later (the second of its ctime, and the one before
	 * the poll for the kernel's lagging clock, are over): removed */
	assert_int_equal(sysvsem_stat(id, &a), 0);
	usleep(2100000);
	assert_int_equal(sysvsem_remove(id, &a, now_ns()), 0);
	assert_false(sem_exists(id));
	assert_int_equal(sysvsem_remove(id, &a, now_ns()), -EINVAL);
}

static void test_msg_replaced_and_removed(void **state)
{
	struct { long type; char text[8]; } m = { 1, "x" };
	struct msqid_ds ds;
	struct msgq a, b;
	int64_t seen;
	int id, id2;

	(void)state;
	for (int tries = 0;; tries++) {
		assert_true(tries < 5);
		start_of_second();
		id = msgget(KEY + 2, IPC_CREAT | IPC_EXCL | 0600);
		assert_true(id >= 0);
		seen = now_ns();
		assert_int_equal(sysvmsg_stat(id, &a), 0);
		assert_int_equal(msgctl(id, IPC_RMID, NULL), 0);
		set_next_id("msg_next_id", id);
		id2 = msgget(KEY + 2, IPC_CREAT | IPC_EXCL | 0600);
		assert_int_equal(id2, id);
		assert_int_equal(sysvmsg_stat(id, &b), 0);
		if (b.ctime == a.ctime)
			break;
		assert_int_equal(msgctl(id, IPC_RMID, NULL), 0);
	}
	assert_true(msgq_identical(&a, &b));
	{
		int rc = sysvmsg_remove(id, &a, seen);

		if (rc != -ESTALE && rc != -EAGAIN)
			fail_msg("sysvmsg_remove of the replacement returned %d", rc);
	}
	assert_true(msg_exists(id));
	/* B, seen now, used since (a message sent), confirmed after a later poll: removed, with
	 * its message */
	assert_int_equal(sysvmsg_stat(id, &b), 0);
	assert_int_equal(msgsnd(id, &m, 1, IPC_NOWAIT), 0);
	usleep(2100000);
	assert_int_equal(sysvmsg_remove(id, &b, now_ns()), 0);
	assert_false(msg_exists(id));
	/* a new owner since it was seen: refused */
	id = msgget(KEY + 3, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(id >= 0);
	assert_int_equal(sysvmsg_stat(id, &a), 0);
	assert_int_equal(msgctl(id, IPC_STAT, &ds), 0);
	ds.msg_perm.mode = 0640;
	assert_int_equal(msgctl(id, IPC_SET, &ds), 0);
	assert_int_equal(sysvmsg_remove(id, &a, now_ns() + 2000000000), -ESTALE);
	assert_true(msg_exists(id));
	assert_int_equal(msgctl(id, IPC_RMID, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getall_stops_at_the_guard),
		cmocka_unit_test(test_detail_changes_nothing),
		cmocka_unit_test(test_sem_replaced_in_the_same_second),
		cmocka_unit_test(test_sem_confirmed_and_changed),
		cmocka_unit_test(test_msg_replaced_and_removed),
	};

	/* a private IPC namespace: nothing of the caller's is seen or touched */
	if (geteuid() != 0 || unshare(CLONE_NEWIPC) < 0) {
		printf("SKIP: test_ipcreal needs root: a private IPC namespace and the *_next_id "
		       "sysctls\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
