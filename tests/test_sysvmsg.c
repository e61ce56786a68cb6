/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_sysvmsg.c - sysvmsg.c against msgctl faked with the linker's --wrap: the IPC_INFO +
 * MSG_STAT_ANY walk (queues vanishing or unreadable mid-walk, the MSG_STAT fallback), the
 * msqid_ds conversion with qbytes, filling in qbytes only for the same queue, limits and usage
 * (MSG_INFO's ints), and the guarded IPC_RMID that refuses a changed or replaced queue. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sysvmsg.h"

#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif

/* ------------------------------------------------------------ the fake */

struct call {
	int ret;
	int err;
	const void *buf;
	size_t len;
};

int __wrap_msgctl(int msqid, int cmd, struct msqid_ds *buf);

int __wrap_msgctl(int msqid, int cmd, struct msqid_ds *buf)
{
	const struct call *c;

	check_expected(msqid);
	check_expected(cmd);
	c = mock_ptr_type(const struct call *);
	if (c->ret < 0) {
		errno = c->err;
		return -1;
	}
	if (c->len) {
		assert_non_null(buf);
		memcpy(buf, c->buf, c->len);
	}
	return c->ret;
}

static void expect_msgctl(int msqid, int cmd, const struct call *c)
{
	expect_value(__wrap_msgctl, msqid, msqid);
	expect_value(__wrap_msgctl, cmd, cmd);
	will_return(__wrap_msgctl, c);
}

/* ------------------------------------------------------------ test data */

static struct msqid_ds make_ds(int n, key_t key, unsigned mode)
{
	struct msqid_ds ds;

	memset(&ds, 0, sizeof(ds));
	ds.msg_perm.__key = key;
	ds.msg_perm.mode = (unsigned short)mode;
	ds.msg_perm.uid = 1000u + (unsigned)n;
	ds.msg_perm.gid = 2000u + (unsigned)n;
	ds.msg_perm.cuid = 3000u + (unsigned)n;
	ds.msg_perm.cgid = 4000u + (unsigned)n;
	ds.msg_cbytes = 100u + (unsigned)n;
	ds.msg_qnum = 10u + (unsigned)n;
	ds.msg_qbytes = 16384u + (unsigned)n;
	ds.msg_lspid = 5000 + n;
	ds.msg_lrpid = 6000 + n;
	ds.msg_stime = 1700000000 + n * 10 + 1;
	ds.msg_rtime = 1700000000 + n * 10 + 2;
	ds.msg_ctime = 1700000000 + n * 10 + 3;
	return ds;
}

static void assert_from_ds(const struct msgq *q, const struct msqid_ds *ds, int msqid)
{
	assert_int_equal(q->key, (int32_t)ds->msg_perm.__key);
	assert_int_equal(q->msqid, msqid);
	assert_int_equal(q->mode, ds->msg_perm.mode & 07777u);
	assert_int_equal(q->uid, ds->msg_perm.uid);
	assert_int_equal(q->gid, ds->msg_perm.gid);
	assert_int_equal(q->cuid, ds->msg_perm.cuid);
	assert_int_equal(q->cgid, ds->msg_perm.cgid);
	assert_int_equal(q->lspid, ds->msg_lspid);
	assert_int_equal(q->lrpid, ds->msg_lrpid);
	assert_int_equal(q->cbytes, ds->msg_cbytes);
	assert_int_equal(q->qnum, ds->msg_qnum);
	assert_int_equal(q->qbytes, ds->msg_qbytes);
	assert_int_equal(q->stime, ds->msg_stime);
	assert_int_equal(q->rtime, ds->msg_rtime);
	assert_int_equal(q->ctime, ds->msg_ctime);
}

static struct call ok_ds(int ret, const struct msqid_ds *ds)
{
	return (struct call){ .ret = ret, .buf = ds, .len = sizeof(*ds) };
}

static struct call ok_info(int ret, const struct msginfo *info)
{
	return (struct call){ .ret = ret, .buf = info, .len = sizeof(*info) };
}

static struct call errcall(int err)
{
	return (struct call){ .ret = -1, .err = err };
}

static const struct msginfo some_info = { .msgmni = 32000 };

/* ------------------------------------------------------------ sysvmsg_list */

static void test_list_mixed(void **state)
{
	/* A queue, an empty slot, one removed mid-walk, one we may not read, a queue again. */
	struct msqid_ds ds0 = make_ds(0, 0x2537, 0666), ds4 = make_ds(4, 0, 0600);
	struct call c_info = ok_info(4, &some_info), c0 = ok_ds(32768, &ds0),
		    c4 = ok_ds(65540, &ds4);
	struct call einval = errcall(EINVAL), eidrm = errcall(EIDRM), eacces = errcall(EACCES);
	struct msgq_list l = { 0 };
	struct ipcscan_stats st;

	(void)state;
	expect_msgctl(0, IPC_INFO, &c_info);
	expect_msgctl(0, MSG_STAT_ANY, &c0);
	expect_msgctl(1, MSG_STAT_ANY, &einval);
	expect_msgctl(2, MSG_STAT_ANY, &eidrm);
	expect_msgctl(3, MSG_STAT_ANY, &eacces);
	expect_msgctl(4, MSG_STAT_ANY, &c4);
	assert_int_equal(sysvmsg_list(&l, &st), 0);
	assert_int_equal(l.n, 2);
	assert_from_ds(&l.v[0], &ds0, 32768);
	assert_from_ds(&l.v[1], &ds4, 65540);
	assert_true(st.stat_any);
	assert_int_equal(st.skipped, 2);
	msgq_list_free(&l);
}

static void test_list_old_kernel(void **state)
{
	/* MSG_STAT_ANY unknown (before 4.17): MSG_STAT lists what we may read. */
	struct msqid_ds ds1 = make_ds(1, 0x42, 0600);
	struct call c_info = ok_info(1, &some_info), einval = errcall(EINVAL),
		    eacces = errcall(EACCES), c1 = ok_ds(1, &ds1);
	struct msgq_list l = { 0 };
	struct ipcscan_stats st;

	(void)state;
	expect_msgctl(0, IPC_INFO, &c_info);
	expect_msgctl(0, MSG_STAT_ANY, &einval);
	expect_msgctl(1, MSG_STAT_ANY, &einval);
	expect_msgctl(0, MSG_STAT, &eacces);
	expect_msgctl(1, MSG_STAT, &c1);
	expect_msgctl(1, MSG_STAT_ANY, &einval); /* the probe */
	assert_int_equal(sysvmsg_list(&l, &st), 0);
	assert_int_equal(l.n, 1);
	assert_from_ds(&l.v[0], &ds1, 1);
	assert_false(st.stat_any);
	assert_int_equal(st.skipped, 1);
	msgq_list_free(&l);
}

static void test_list_errors(void **state)
{
	/* Everything refused: -EPERM and the list as it was; IPC_INFO refused: its error. */
	struct call c_info = ok_info(0, &some_info), eperm = errcall(EPERM),
		    enosys = errcall(ENOSYS);
	const struct msgq before = { .msqid = 3 };
	struct msgq_list l = { 0 };
	struct ipcscan_stats st;

	(void)state;
	assert_int_equal(msgq_list_push(&l, &before), 0);
	expect_msgctl(0, IPC_INFO, &c_info);
	expect_msgctl(0, MSG_STAT_ANY, &eperm);
	expect_msgctl(0, MSG_STAT, &eperm);
	assert_int_equal(sysvmsg_list(&l, &st), -EPERM);
	assert_int_equal(l.n, 1);
	expect_msgctl(0, IPC_INFO, &enosys);
	assert_int_equal(sysvmsg_list(&l, &st), -ENOSYS);
	assert_int_equal(l.n, 1);
	msgq_list_free(&l);
}

/* ------------------------------------------------------------ stat and qbytes */

static void test_stat(void **state)
{
	struct msqid_ds ds = make_ds(2, (key_t)0xdeadbeefu, 0777 | 0170000);
	struct call c = ok_ds(0, &ds), eacces = errcall(EACCES);
	struct msgq q;

	(void)state;
	expect_msgctl(77, IPC_STAT, &c);
	assert_int_equal(sysvmsg_stat(77, &q), 0);
	assert_from_ds(&q, &ds, 77);
	/* the extremes */
	ds.msg_qbytes = (msglen_t)1 << 40;
	ds.msg_cbytes = (1ul << 40) - 1;
	ds.msg_qnum = 1ul << 33;
	ds.msg_lspid = INT32_MAX;
	ds.msg_stime = 4102444800;
	c = ok_ds(0, &ds);
	expect_msgctl(INT32_MAX, IPC_STAT, &c);
	assert_int_equal(sysvmsg_stat(INT32_MAX, &q), 0);
	assert_from_ds(&q, &ds, INT32_MAX);
	expect_msgctl(5, IPC_STAT, &eacces);
	assert_int_equal(sysvmsg_stat(5, &q), -EACCES);
}

static void test_qbytes(void **state)
{
	/* /proc gave no qbytes: IPC_STAT fills it in, for the same queue only. */
	struct msqid_ds ds = make_ds(3, 0x51, 0600), other = ds;
	struct call c = ok_ds(0, &ds), c_other, eidrm = errcall(EIDRM);
	struct msgq q, orig;

	(void)state;
	expect_msgctl(40, IPC_STAT, &c);
	assert_int_equal(sysvmsg_stat(40, &q), 0);
	q.qbytes = MSGQ_UNKNOWN;
	orig = q;
	/* a message sent since: still the same queue */
	ds.msg_qnum++;
	ds.msg_stime++;
	c = ok_ds(0, &ds);
	expect_msgctl(40, IPC_STAT, &c);
	assert_int_equal(sysvmsg_qbytes(&q), 0);
	assert_int_equal(q.qbytes, ds.msg_qbytes);
	assert_int_equal(q.qnum, orig.qnum); /* nothing else taken from the newer look */
	/* another queue at the id: left unknown */
	q = orig;
	other.msg_perm.cuid++;
	c_other = ok_ds(0, &other);
	expect_msgctl(40, IPC_STAT, &c_other);
	assert_int_equal(sysvmsg_qbytes(&q), -ESTALE);
	assert_int_equal(q.qbytes, MSGQ_UNKNOWN);
	expect_msgctl(40, IPC_STAT, &eidrm);
	assert_int_equal(sysvmsg_qbytes(&q), -EIDRM);
	assert_int_equal(q.qbytes, MSGQ_UNKNOWN);
}

/* ------------------------------------------------------------ limits and usage */

static void test_limits_usage(void **state)
{
	struct msginfo lim = { .msgpool = 1, .msgmap = 2, .msgmax = 8192, .msgmnb = 16384,
			       .msgmni = 32000, .msgssz = 16, .msgtql = 3, .msgseg = 4 };
	struct msginfo use = lim, clamped = lim, wrapped = lim;
	struct call c_lim = ok_info(9, &lim), c_use, c_clamped, c_wrapped, eperm = errcall(EPERM);
	struct msg_limits l;
	struct msg_usage u;

	(void)state;
	use.msgpool = 4;   /* MSG_INFO: queues in use */
	use.msgmap = 17;   /* messages */
	use.msgtql = 1700; /* bytes */
	c_use = ok_info(9, &use);
	expect_msgctl(0, IPC_INFO, &c_lim);
	assert_int_equal(sysvmsg_limits_read(&l), 0);
	assert_int_equal(l.msgmax, 8192);
	assert_int_equal(l.msgmnb, 16384);
	assert_int_equal(l.msgmni, 32000);
	expect_msgctl(0, MSG_INFO, &c_use);
	assert_int_equal(sysvmsg_usage_read(&u), 0);
	assert_int_equal(u.queues, 4);
	assert_int_equal(u.messages, 17);
	assert_int_equal(u.bytes, 1700);
	/* a newer kernel stops at INT_MAX: passed on as it is */
	clamped.msgtql = INT_MAX;
	c_clamped = ok_info(0, &clamped);
	expect_msgctl(0, MSG_INFO, &c_clamped);
	assert_int_equal(sysvmsg_usage_read(&u), 0);
	assert_int_equal(u.bytes, INT_MAX);
	/* an older one wraps: a negative count is unknown */
	wrapped.msgtql = INT_MIN + 5;
	wrapped.msgmap = -1;
	c_wrapped = ok_info(0, &wrapped);
	expect_msgctl(0, MSG_INFO, &c_wrapped);
	assert_int_equal(sysvmsg_usage_read(&u), 0);
	assert_int_equal(u.bytes, MSGQ_LIMIT_UNKNOWN);
	assert_int_equal(u.messages, MSGQ_LIMIT_UNKNOWN);
	expect_msgctl(0, IPC_INFO, &eperm);
	assert_int_equal(sysvmsg_limits_read(&l), -EPERM);
	expect_msgctl(0, MSG_INFO, &eperm);
	assert_int_equal(sysvmsg_usage_read(&u), -EPERM);
}

/* ------------------------------------------------------------ sysvmsg_remove */

#define SEEN_LATER(ds) (((int64_t)(ds).msg_ctime + 10) * 1000000000)

static struct msgq seen(int msqid, const struct msqid_ds *ds)
{
	struct call c = ok_ds(0, ds);
	struct msgq q;

	expect_msgctl(msqid, IPC_STAT, &c);
	assert_int_equal(sysvmsg_stat(msqid, &q), 0);
	return q;
}

static void test_remove(void **state)
{
	/* Sends and receives since the look do not count; the queue is removed with its
	 * messages. Any identifying change refuses, with no IPC_RMID. */
	struct msqid_ds then = make_ds(1, 0x61, 0620), now = then, changed[9];
	struct call c_now, c_rmid = { .ret = 0 }, eperm = errcall(EPERM);
	struct msgq expect, from_proc;

	(void)state;
	expect = seen(8, &then);
	now.msg_qnum = 0;
	now.msg_cbytes = 0;
	now.msg_lrpid = 1;
	now.msg_rtime += 50;
	now.msg_stime += 40;
	c_now = ok_ds(0, &now);
	expect_msgctl(8, IPC_STAT, &c_now);
	expect_msgctl(8, IPC_RMID, &c_rmid);
	assert_int_equal(sysvmsg_remove(8, &expect, SEEN_LATER(then)), 0);
	/* a queue listed from /proc (qbytes unknown) is checked on the rest */
	from_proc = expect;
	from_proc.qbytes = MSGQ_UNKNOWN;
	expect_msgctl(8, IPC_STAT, &c_now);
	expect_msgctl(8, IPC_RMID, &eperm);
	assert_int_equal(sysvmsg_remove(8, &from_proc, SEEN_LATER(then)), -EPERM);

	for (int i = 0; i < 9; i++)
		changed[i] = then;
	changed[0].msg_perm.__key++;
	changed[1].msg_perm.cuid++;
	changed[2].msg_perm.cgid++;
	changed[3].msg_ctime++;
	changed[4].msg_perm.uid++;
	changed[5].msg_perm.gid++;
	changed[6].msg_perm.mode = 0600;
	changed[7].msg_qbytes++;
	changed[8].msg_ctime--;
	for (int i = 0; i < 9; i++) {
		struct call c = ok_ds(0, &changed[i]);

		expect_msgctl(8, IPC_STAT, &c);
		if (sysvmsg_remove(8, &expect, SEEN_LATER(then)) != -ESTALE)
			fail_msg("change %d not refused", i);
	}
}

static void test_remove_same_second_and_gone(void **state)
{
	struct msqid_ds ds = make_ds(2, 0x62, 0600);
	struct call c = ok_ds(0, &ds), einval = errcall(EINVAL);
	struct msgq expect;

	(void)state;
	expect = seen(9, &ds);
	expect_msgctl(9, IPC_STAT, &c);
	assert_int_equal(sysvmsg_remove(9, &expect, (int64_t)ds.msg_ctime * 1000000000 + 5),
			 -EAGAIN);
	expect_msgctl(9, IPC_STAT, &einval);
	assert_int_equal(sysvmsg_remove(9, &expect, SEEN_LATER(ds)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_mixed),
		cmocka_unit_test(test_list_old_kernel),
		cmocka_unit_test(test_list_errors),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_qbytes),
		cmocka_unit_test(test_limits_usage),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_remove_same_second_and_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
