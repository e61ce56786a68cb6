/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_procmsg.c - procmsg_parse(): fixtures in the kernel's own format (current, reordered with
 * unknown columns and a qbytes column that is not the kernel's, malformed lines of every kind,
 * empty), every field at its limit and one past, missing columns, qbytes always unknown, and a
 * round trip of random queues through the kernel's printf format. */
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

#include "procmsg.h"

/* The kernel's header and line format (ipc/msg.c, msg_init and sysvipc_msg_proc_show). */
#define KHDR "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid" \
	"  cgid      stime      rtime      ctime\n"
#define KFMT "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu\n"

#define U MSGQ_UNKNOWN

/* Expected queues, in the order of struct msgq's fields. */
#define Q(key, msqid, mode, uid, gid, cuid, cgid, lspid, lrpid, cbytes, qnum, st, rt, ct) \
	{ (int32_t)(key), msqid, mode, uid, gid, cuid, cgid, lspid, lrpid, cbytes, qnum, U, \
	  st, rt, ct }

static void assert_q(const struct msgq *want, const struct msgq *got)
{
	assert_int_equal((uint32_t)got->key, (uint32_t)want->key);
	assert_int_equal(got->msqid, want->msqid);
	assert_int_equal(got->mode, want->mode);
	assert_int_equal(got->uid, want->uid);
	assert_int_equal(got->gid, want->gid);
	assert_int_equal(got->cuid, want->cuid);
	assert_int_equal(got->cgid, want->cgid);
	assert_int_equal(got->lspid, want->lspid);
	assert_int_equal(got->lrpid, want->lrpid);
	assert_int_equal(got->cbytes, want->cbytes);
	assert_int_equal(got->qnum, want->qnum);
	assert_int_equal(got->qbytes, MSGQ_UNKNOWN); /* /proc never says */
	assert_int_equal(got->stime, want->stime);
	assert_int_equal(got->rtime, want->rtime);
	assert_int_equal(got->ctime, want->ctime);
}

static void assert_qs(const struct msgq *want, size_t n, const struct msgq_list *l)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_q(&want[i], &l->v[i]);
}

/* The queues of procmsg-current.txt. */
static const struct msgq current[] = {
	Q(9528, 0, 0600, 1000, 1001, 1002, 1003, 0, 0, 0, 0, 0, 0, 1700000000),
	Q(0, 32769, 0620, 0, 5, 6, 7, 1234, 0, 300, 3, 1700000100, 0, 1699999000),
	Q(-1, 65538, 0666, 65534, 65533, 999, 998, 4194304, 4194303, 16384, 16384, 1700000300,
	  1700000200, 1650000000),
	Q(INT32_MIN, INT32_MAX, 0777, 4294967294u, 4294967295u, 4294967293u, 0, INT32_MAX,
	  INT32_MAX, INT64_MAX, INT64_MAX, 4102444800, 4102444800, 4102444800),
	Q(INT32_MAX, 98307, 0400, 12345, 12346, 12347, 12348, 77, 78, 10, 1, 1700000400,
	  1700000401, 1700000300),
};

static int parse_fixture(const char *name, struct msgq_list *l, struct procmsg_stats *st)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/tests/data/%s", top && *top ? top : ".", name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open fixture %s: %s", path, strerror(errno));
	rc = procmsg_parse(f, l, st);
	fclose(f);
	return rc;
}

static int parse_text(const char *text, struct msgq_list *l, struct procmsg_stats *st)
{
	FILE *f = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	int rc;

	assert_non_null(f);
	rc = procmsg_parse(f, l, st);
	fclose(f);
	return rc;
}

static void test_current(void **state)
{
	struct msgq_list l = { 0 };
	struct procmsg_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procmsg-current.txt", &l, &st), 0);
	assert_int_equal(st.lines, 5);
	assert_int_equal(st.malformed, 0);
	assert_qs(current, 5, &l);
	msgq_list_free(&l);
}

static void test_reordered(void **state)
{
	/* Columns in another order, and a "qbytes" column the kernel does not print: ignored like
	 * any unknown column, so qbytes stays unknown rather than trusting it. */
	struct msgq_list l = { 0 };
	struct procmsg_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procmsg-reordered.txt", &l, &st), 0);
	assert_int_equal(st.lines, 3);
	assert_int_equal(st.malformed, 0);
	assert_qs(current, 3, &l);
	msgq_list_free(&l);
}

static void test_malformed(void **state)
{
	static const struct msgq want[] = {
		Q(1, 1, 0600, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
		Q(2, 2, 0600, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2),
		Q(3, 3, 0600, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3),
	};
	struct msgq_list l = { 0 };
	struct procmsg_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procmsg-malformed.txt", &l, &st), 0);
	assert_int_equal(st.lines, 14);
	assert_int_equal(st.malformed, 11);
	assert_qs(want, 3, &l);
	msgq_list_free(&l);
}

static void test_empty(void **state)
{
	struct msgq_list l = { 0 };
	struct procmsg_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procmsg-empty.txt", &l, &st), -ENODATA);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse_text(KHDR, &l, &st), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(st.lines, 0);
	msgq_list_free(&l);
}

static void test_columns(void **state)
{
	/* key, msqid, perms, cbytes and qnum are required; the rest read as 0 when missing. */
	static const char *const required[] = {
		"msqid perms cbytes qnum\n",
		"key perms cbytes qnum\n",
		"key msqid cbytes qnum\n",
		"key msqid perms qnum\n",
		"key msqid perms cbytes\n",
		"key semid perms nsems\n", /* /proc/sysvipc/sem given instead */
	};
	struct msgq_list l = { 0 };
	struct procmsg_stats st;

	(void)state;
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (parse_text(required[i], &l, &st) != -EINVAL)
			fail_msg("header %zu accepted", i);
	assert_int_equal(parse_text("qnum cbytes perms msqid key\n4 3 640 2 -1\n", &l, &st), 0);
	{
		static const struct msgq want = Q(-1, 2, 0640, 0, 0, 0, 0, 0, 0, 3, 4, 0, 0, 0);

		assert_int_equal(l.n, 1);
		assert_q(&want, &l.v[0]);
	}
	msgq_list_free(&l);
}

static void test_field_limits(void **state)
{
	/* The largest value of each field parses; one more is a malformed line. */
	struct msgq_list l = { 0 };
	struct procmsg_stats st;

	(void)state;
	assert_int_equal(parse_text(KHDR
				    "-2147483648 2147483647 7777 9223372036854775807"
				    " 9223372036854775807 2147483647 2147483647 4294967295"
				    " 4294967295"
				    " 4294967295 4294967295 9223372036854775807 9223372036854775807"
				    " 9223372036854775807\n"
				    "1 2147483648 0 0 0 0 0 0 0 0 0 0 0 0\n"
				    "1 0 10000 0 0 0 0 0 0 0 0 0 0 0\n"
				    "1 0 0 9223372036854775808 0 0 0 0 0 0 0 0 0 0\n"
				    "1 0 0 0 9223372036854775808 0 0 0 0 0 0 0 0 0\n"
				    "1 0 0 0 0 2147483648 0 0 0 0 0 0 0 0\n"
				    "1 0 0 0 0 0 2147483648 0 0 0 0 0 0 0\n"
				    "1 0 0 0 0 0 0 4294967296 0 0 0 0 0 0\n"
				    "1 0 0 0 0 0 0 0 4294967296 0 0 0 0 0\n"
				    "1 0 0 0 0 0 0 0 0 4294967296 0 0 0 0\n"
				    "1 0 0 0 0 0 0 0 0 0 4294967296 0 0 0\n"
				    "1 0 0 0 0 0 0 0 0 0 0 9223372036854775808 0 0\n"
				    "1 0 0 0 0 0 0 0 0 0 0 0 9223372036854775808 0\n"
				    "1 0 0 0 0 0 0 0 0 0 0 0 0 9223372036854775808\n"
				    "-2147483649 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
				    "1 0 0 0 0 -1 0 0 0 0 0 0 0 0\n",
				    &l, &st), 0);
	assert_int_equal(st.lines, 16);
	assert_int_equal(st.malformed, 15);
	{
		static const struct msgq want = Q(INT32_MIN, INT32_MAX, 07777, UINT32_MAX,
						  UINT32_MAX, UINT32_MAX, UINT32_MAX, INT32_MAX,
						  INT32_MAX, INT64_MAX, INT64_MAX, INT64_MAX,
						  INT64_MAX, INT64_MAX);

		assert_int_equal(l.n, 1);
		assert_q(&want, &l.v[0]);
	}
	msgq_list_free(&l);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static void test_roundtrip(void **state)
{
	/* Random queues over each field's range, printed with the kernel's format. */
	enum { N = 3000 };
	struct msgq *want = calloc(N, sizeof(*want));
	struct msgq_list l = { 0 };
	struct procmsg_stats st;
	uint64_t seed = 0x3e55a9e5deadbeefull;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(want);
	assert_non_null(f);
	fputs(KHDR, f);
	for (size_t i = 0; i < N; i++) {
		struct msgq *q = &want[i];

		q->key = (int32_t)(uint32_t)rnd(&seed);
		q->msqid = (int32_t)(rnd(&seed) & INT32_MAX);
		q->mode = (uint32_t)(rnd(&seed) & 0777);
		q->cbytes = rnd(&seed) >> 1 >> (rnd(&seed) & 63);
		q->qnum = rnd(&seed) >> 1 >> (rnd(&seed) & 63);
		q->lspid = (int32_t)(rnd(&seed) & 0x3fffff);
		q->lrpid = (int32_t)(rnd(&seed) & 0x3fffff);
		q->uid = (uint32_t)rnd(&seed);
		q->gid = (uint32_t)rnd(&seed);
		q->cuid = (uint32_t)rnd(&seed);
		q->cgid = (uint32_t)rnd(&seed);
		q->qbytes = MSGQ_UNKNOWN;
		q->stime = (int64_t)(rnd(&seed) >> 31);
		q->rtime = (int64_t)(rnd(&seed) >> 1 >> (rnd(&seed) & 63));
		q->ctime = (int64_t)(rnd(&seed) >> 31);
		fprintf(f, KFMT, q->key, q->msqid, q->mode, (unsigned long)q->cbytes,
			(unsigned long)q->qnum, (unsigned)q->lspid, (unsigned)q->lrpid, q->uid,
			q->gid, q->cuid, q->cgid, (unsigned long long)q->stime,
			(unsigned long long)q->rtime, (unsigned long long)q->ctime);
	}
	fclose(f);
	assert_int_equal(parse_text(text, &l, &st), 0);
	assert_int_equal(st.lines, N);
	assert_int_equal(st.malformed, 0);
	assert_qs(want, N, &l);
	msgq_list_free(&l);
	free(text);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_current),
		cmocka_unit_test(test_reordered),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_field_limits),
		cmocka_unit_test(test_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
