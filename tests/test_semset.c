/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_semset.c - semset.c: the growable list (appending, keeping memory across polls, reserve),
 * and the two identities: semset_same for tracking (every field that never changes while an
 * array lives, times that do not run backwards, SETVAL's new ctime still the same array) and
 * semset_identical for the removal re-check (every identifying and owner-set field, ctime
 * included, use ignored). */
#include "config.h"

#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "semset.h"

static struct semset arr(void)
{
	struct semset s;

	memset(&s, 0, sizeof(s));
	s.key = 0x5e000001;
	s.semid = 32769;
	s.mode = 0640;
	s.uid = 1001;
	s.gid = 1002;
	s.cuid = 1003;
	s.cgid = 1004;
	s.nsems = 3;
	s.otime = 1700000100;
	s.ctime = 1700000000;
	return s;
}

static void test_list(void **state)
{
	struct semset_list l = { 0 };
	struct semset s = arr();
	struct semset *mem;

	(void)state;
	for (int i = 0; i < 200; i++) {
		s.semid = i;
		assert_int_equal(semset_list_push(&l, &s), 0);
	}
	assert_int_equal(l.n, 200);
	for (int i = 0; i < 200; i++)
		assert_int_equal(l.v[i].semid, i);
	assert_true(l.cap >= 200);
	/* clear keeps the memory for the next poll */
	mem = l.v;
	semset_list_clear(&l);
	assert_int_equal(l.n, 0);
	assert_ptr_equal(l.v, mem);
	/* reserve never shrinks, and grows exactly when asked for more */
	assert_int_equal(semset_list_reserve(&l, 10), 0);
	assert_ptr_equal(l.v, mem);
	assert_int_equal(semset_list_reserve(&l, l.cap + 1000), 0);
	assert_true(l.cap >= 1200);
	semset_list_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n + l.cap, 0);
	semset_list_free(&l); /* twice is harmless */
}

static void test_same(void **state)
{
	const struct semset was = arr();
	struct semset now;

	(void)state;
	now = was;
	assert_true(semset_same(&was, &now));
	/* use and changes of the same array: values set (ctime), semop (otime), IPC_SET (owner,
	 * mode, ctime) */
	now.ctime += 5;
	now.otime += 7;
	now.uid = 0;
	now.gid = 0;
	now.mode = 0600;
	assert_true(semset_same(&was, &now));
	/* a first semop on a never-used array */
	{
		struct semset fresh = was, later = was;

		fresh.otime = 0;
		later.otime = was.ctime + 1;
		assert_true(semset_same(&fresh, &later));
		assert_false(semset_same(&later, &fresh)); /* otime never goes back to 0 */
	}
	/* what never changes while an array lives */
	now = was;
	now.semid += 32768; /* the same slot, the next sequence number */
	assert_false(semset_same(&was, &now));
	now = was;
	now.key = 0;
	assert_false(semset_same(&was, &now));
	now = was;
	now.nsems = 4;
	assert_false(semset_same(&was, &now));
	now = was;
	now.cuid++;
	assert_false(semset_same(&was, &now));
	now = was;
	now.cgid++;
	assert_false(semset_same(&was, &now));
	/* times that ran backwards: another array (or a clock set back) */
	now = was;
	now.ctime--;
	assert_false(semset_same(&was, &now));
	now = was;
	now.otime--;
	assert_false(semset_same(&was, &now));
}

static void test_identical(void **state)
{
	const struct semset a = arr();
	struct semset b;

	(void)state;
	b = a;
	assert_true(semset_identical(&a, &b));
	assert_true(semset_identical(&b, &a));
	/* use does not count */
	b.otime += 100;
	assert_true(semset_identical(&a, &b));
	/* each identifying or owner-set field does, ctime (SETVAL, SETALL, IPC_SET) included */
	for (int f = 0; f < 9; f++) {
		b = a;
		switch (f) {
		case 0: b.semid++; break;
		case 1: b.key = -b.key; break;
		case 2: b.nsems--; break;
		case 3: b.cuid++; break;
		case 4: b.cgid++; break;
		case 5: b.ctime++; break;
		case 6: b.uid++; break;
		case 7: b.gid++; break;
		default: b.mode ^= 0004; break;
		}
		if (semset_identical(&a, &b) || semset_identical(&b, &a))
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
