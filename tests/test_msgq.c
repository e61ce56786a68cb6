/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_msgq.c - msgq.c: the growable list, and the two identities: msgq_same for tracking (every
 * field that never changes while a queue lives, times that do not run backwards, IPC_SET still
 * the same queue) and msgq_identical for the removal re-check (every identifying and owner-set
 * field, qbytes only where both know it, senders' and receivers' use ignored). */
#include "config.h"

#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "msgq.h"

static struct msgq queue(void)
{
	struct msgq q;

	memset(&q, 0, sizeof(q));
	q.key = -2;
	q.msqid = 65538;
	q.mode = 0620;
	q.uid = 1001;
	q.gid = 1002;
	q.cuid = 1003;
	q.cgid = 1004;
	q.lspid = 500;
	q.lrpid = 501;
	q.cbytes = 300;
	q.qnum = 3;
	q.qbytes = 16384;
	q.stime = 1700000200;
	q.rtime = 1700000100;
	q.ctime = 1700000000;
	return q;
}

static void test_list(void **state)
{
	struct msgq_list l = { 0 };
	struct msgq q = queue();
	struct msgq *mem;

	(void)state;
	for (int i = 0; i < 130; i++) {
		q.msqid = i;
		assert_int_equal(msgq_list_push(&l, &q), 0);
	}
	assert_int_equal(l.n, 130);
	for (int i = 0; i < 130; i++)
		assert_int_equal(l.v[i].msqid, i);
	mem = l.v;
	msgq_list_clear(&l);
	assert_int_equal(l.n, 0);
	assert_ptr_equal(l.v, mem);
	assert_int_equal(msgq_list_reserve(&l, 1), 0);
	assert_ptr_equal(l.v, mem);
	assert_int_equal(msgq_list_reserve(&l, l.cap * 4), 0);
	msgq_list_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n + l.cap, 0);
}

static void test_same(void **state)
{
	const struct msgq was = queue();
	struct msgq now;

	(void)state;
	/* sending, receiving and IPC_SET are changes of the same queue */
	now = was;
	now.cbytes = 0;
	now.qnum = 0;
	now.lspid = 7;
	now.lrpid = 8;
	now.stime += 10;
	now.rtime += 20;
	now.ctime += 30;
	now.uid = now.gid = 0;
	now.mode = 0600;
	now.qbytes = 100;
	assert_true(msgq_same(&was, &now));
	/* qbytes unknown on one side (/proc) is no difference */
	now.qbytes = MSGQ_UNKNOWN;
	assert_true(msgq_same(&was, &now));
	/* what never changes while a queue lives */
	for (int f = 0; f < 4; f++) {
		now = was;
		switch (f) {
		case 0: now.msqid += 32768; break;
		case 1: now.key = 0; break;
		case 2: now.cuid++; break;
		default: now.cgid++; break;
		}
		if (msgq_same(&was, &now))
			fail_msg("field %d: another queue taken for the same", f);
	}
	/* times that ran backwards */
	for (int f = 0; f < 3; f++) {
		now = was;
		if (f == 0)
			now.ctime--;
		else if (f == 1)
			now.stime = 0;
		else
			now.rtime--;
		if (msgq_same(&was, &now))
			fail_msg("time %d ran backwards unseen", f);
	}
}

static void test_identical(void **state)
{
	const struct msgq a = queue();
	struct msgq b;

	(void)state;
	b = a;
	assert_true(msgq_identical(&a, &b));
	/* use does not count */
	b.cbytes = 0;
	b.qnum = 0;
	b.lspid = b.lrpid = 1;
	b.stime = b.rtime = a.ctime + 1000;
	assert_true(msgq_identical(&a, &b));
	/* qbytes: compared where both know it */
	b = a;
	b.qbytes = MSGQ_UNKNOWN;
	assert_true(msgq_identical(&a, &b));
	assert_true(msgq_identical(&b, &a));
	b.qbytes = a.qbytes;
	b.qbytes++;
	assert_false(msgq_identical(&a, &b));
	for (int f = 0; f < 8; f++) {
		b = a;
		switch (f) {
		case 0: b.msqid++; break;
		case 1: b.key++; break;
		case 2: b.cuid++; break;
		case 3: b.cgid++; break;
		case 4: b.ctime++; break;
		case 5: b.uid++; break;
		case 6: b.gid++; break;
		default: b.mode ^= 0200; break;
		}
		if (msgq_identical(&a, &b) || msgq_identical(&b, &a))
			fail_msg("field %d: a change not seen", f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_identical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
