/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_sysv.c - sysv.c against shmctl/shmat/shmdt faked with the linker's --wrap: the IPC_INFO +
 * SHM_STAT_ANY scan with segments vanishing or unreadable mid-scan, the SHM_STAT fallback of old
 * kernels, the shmid_ds conversion, IPC_STAT, limits, the guarded IPC_RMID and the read-only attach. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sysv.h"

#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif

/* ------------------------------------------------------------ the fakes */

/* What one shmctl call does: fail with err, or copy len bytes of buf out and return ret. */
struct call {
	int ret;
	int err;
	const void *buf;
	size_t len;
};

int __wrap_shmctl(int shmid, int cmd, struct shmid_ds *buf);
void *__wrap_shmat(int shmid, const void *shmaddr, int shmflg);
int __wrap_shmdt(const void *shmaddr);

int __wrap_shmctl(int shmid, int cmd, struct shmid_ds *buf)
{
	const struct call *c;

	check_expected(shmid);
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

void *__wrap_shmat(int shmid, const void *shmaddr, int shmflg)
{
	void *p;
	int err;

	check_expected(shmid);
	check_expected_ptr(shmaddr);
	check_expected(shmflg);
	p = mock_ptr_type(void *);
	err = (int)mock();
	if (p == (void *)-1)
		errno = err;
	return p;
}

int __wrap_shmdt(const void *shmaddr)
{
	int ret, err;

	check_expected_ptr(shmaddr);
	ret = (int)mock();
	err = (int)mock();
	if (ret < 0)
		errno = err;
	return ret;
}

static void expect_shmctl(int shmid, int cmd, const struct call *c)
{
	expect_value(__wrap_shmctl, shmid, shmid);
	expect_value(__wrap_shmctl, cmd, cmd);
	will_return(__wrap_shmctl, c);
}

/* ------------------------------------------------------------ test data */

/* A shmid_ds with every field different, so a field copied to the wrong place shows. */
static struct shmid_ds make_ds(int n, key_t key, unsigned mode)
{
	struct shmid_ds ds;

	memset(&ds, 0, sizeof(ds));
	ds.shm_perm.__key = key;
	ds.shm_perm.mode = (unsigned short)mode;
	ds.shm_perm.uid = 1000u + (unsigned)n;
	ds.shm_perm.gid = 2000u + (unsigned)n;
	ds.shm_perm.cuid = 3000u + (unsigned)n;
	ds.shm_perm.cgid = 4000u + (unsigned)n;
	ds.shm_perm.__seq = (unsigned short)n;
	ds.shm_segsz = (size_t)4096 * (size_t)(n + 1);
	ds.shm_cpid = 5000 + n;
	ds.shm_lpid = 6000 + n;
	ds.shm_nattch = (shmatt_t)(7 + n);
	ds.shm_atime = 1700000000 + n * 10 + 1;
	ds.shm_dtime = 1700000000 + n * 10 + 2;
	ds.shm_ctime = 1700000000 + n * 10 + 3;
	return ds;
}

/* Every field of the segment against the shmid_ds it came from. */
static void assert_from_ds(const struct shmseg *s, const struct shmid_ds *ds, int shmid)
{
	assert_int_equal(s->key, (int32_t)ds->shm_perm.__key);
	assert_int_equal(s->shmid, shmid);
	assert_int_equal(s->mode, ds->shm_perm.mode & 07777u);
	assert_int_equal(s->uid, ds->shm_perm.uid);
	assert_int_equal(s->gid, ds->shm_perm.gid);
	assert_int_equal(s->cuid, ds->shm_perm.cuid);
	assert_int_equal(s->cgid, ds->shm_perm.cgid);
	assert_int_equal(s->cpid, ds->shm_cpid);
	assert_int_equal(s->lpid, ds->shm_lpid);
	assert_int_equal(s->size, ds->shm_segsz);
	/* 32 bits, saturated: no count of mappings comes near it */
	assert_int_equal(s->nattch, ds->shm_nattch > UINT32_MAX ? UINT32_MAX : ds->shm_nattch);
	assert_int_equal(s->atime, ds->shm_atime);
	assert_int_equal(s->dtime, ds->shm_dtime);
	assert_int_equal(s->ctime, ds->shm_ctime);
	assert_int_equal(s->rss, SHMSEG_UNKNOWN);
	assert_int_equal(s->swap, SHMSEG_UNKNOWN);
}

static struct call ok_ds(int ret, const struct shmid_ds *ds)
{
	return (struct call){ .ret = ret, .buf = ds, .len = sizeof(*ds) };
}

static struct call ok_info(int maxidx, const struct shm_info *info)
{
	return (struct call){ .ret = maxidx, .buf = info, .len = sizeof(*info) };
}

/* IPC_INFO returns the highest index in use, and fills the limits. */
static struct call ok_lim(int maxidx, const struct shminfo *lim)
{
	return (struct call){ .ret = maxidx, .buf = lim, .len = sizeof(*lim) };
}

static struct call errcall(int err)
{
	return (struct call){ .ret = -1, .err = err };
}

/* ------------------------------------------------------------ sysv_list */

static void test_list_mixed(void **state)
{
	/* Highest index 3: a segment, an empty slot (EINVAL), one being removed (EIDRM), then one
	 * we may not read (EACCES). Skipped counts the last two: the EINVAL slot was empty. */
	struct shminfo lim = { .shmmni = 4096 };
	struct shmid_ds ds0 = make_ds(0, 0x2537, 0666);
	struct call c_info = ok_lim(3, &lim), c0 = ok_ds(32768, &ds0);
	struct call c1 = errcall(EINVAL), c2 = errcall(EIDRM), c3 = errcall(EACCES);
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &c0);
	expect_shmctl(1, SHM_STAT_ANY, &c1);
	expect_shmctl(2, SHM_STAT_ANY, &c2);
	expect_shmctl(3, SHM_STAT_ANY, &c3);
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 1);
	assert_from_ds(&l.v[0], &ds0, 32768);
	assert_true(st.stat_any);
	/* 1 listed; the EIDRM and EACCES ones skipped */
	assert_int_equal(st.skipped, 2);
	shmseg_list_free(&l);
}

static void test_list_errors_between_segments(void **state)
{
	/* Errors between good indexes do not stop the scan; the list is appended to. */
	struct shminfo lim = { .shmmni = 4096 };
	struct shmid_ds ds0 = make_ds(0, 0x11, 0600), ds3 = make_ds(3, -1, 01666),
			ds6 = make_ds(6, 0, 02640);
	struct call c_info = ok_lim(6, &lim);
	struct call c0 = ok_ds(0, &ds0), c3 = ok_ds(3 + 32768 * 5, &ds3), c6 = ok_ds(6 + 32768, &ds6);
	struct call eidrm = errcall(EIDRM), einval = errcall(EINVAL), eacces = errcall(EACCES);
	const struct shmseg before = { .key = 99, .shmid = 99, .size = 99 };
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	assert_int_equal(shmseg_list_push(&l, &before), 0);
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &c0);
	expect_shmctl(1, SHM_STAT_ANY, &eidrm);
	expect_shmctl(2, SHM_STAT_ANY, &einval);
	expect_shmctl(3, SHM_STAT_ANY, &c3);
	expect_shmctl(4, SHM_STAT_ANY, &eacces);
	expect_shmctl(5, SHM_STAT_ANY, &einval);
	expect_shmctl(6, SHM_STAT_ANY, &c6);
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.v[0].key, before.key);
	assert_int_equal(l.v[0].shmid, before.shmid);
	assert_int_equal(l.v[0].size, before.size);
	/* the shmid is what SHM_STAT_ANY returned, not the index */
	assert_from_ds(&l.v[1], &ds0, 0);
	assert_from_ds(&l.v[2], &ds3, 3 + 32768 * 5);
	assert_from_ds(&l.v[3], &ds6, 6 + 32768);
	assert_true(st.stat_any);
	assert_int_equal(st.skipped, 5 - 3);
	shmseg_list_free(&l);
}

static void test_list_empty(void **state)
{
	/* No segments: IPC_INFO says index 0, SHM_STAT_ANY says EINVAL there. That could be an old
	 * kernel, so SHM_STAT asks once more: EINVAL too, so the slot is empty and the kernel new. */
	struct shminfo lim = { .shmmni = 4096 };
	struct call c_info = ok_lim(0, &lim), einval = errcall(EINVAL);
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &einval);
	expect_shmctl(0, SHM_STAT, &einval);
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 0);
	assert_true(st.stat_any);
	assert_int_equal(st.skipped, 0);
	shmseg_list_free(&l);
}

static void test_list_old_kernel(void **state)
{
	/* Before Linux 4.17 SHM_STAT_ANY is an unknown command: EINVAL for every index although
	 * three are in use. The scan is done again with SHM_STAT, which skips the unreadable one. */
	struct shminfo lim = { .shmmni = 4096 };
	struct shmid_ds ds0 = make_ds(0, 0x1234, 0644), ds2 = make_ds(2, 0x5678, 0600);
	struct call c_info = ok_lim(2, &lim), einval = errcall(EINVAL), eacces = errcall(EACCES);
	struct call c0 = ok_ds(65536, &ds0), c2 = ok_ds(2, &ds2);
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_info);
	for (int i = 0; i <= 2; i++)
		expect_shmctl(i, SHM_STAT_ANY, &einval);
	expect_shmctl(0, SHM_STAT, &c0);
	expect_shmctl(1, SHM_STAT, &eacces);
	expect_shmctl(2, SHM_STAT, &c2);
	expect_shmctl(0, SHM_STAT_ANY, &einval); /* the probe: still unknown, so an old kernel */
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 2);
	assert_from_ds(&l.v[0], &ds0, 65536);
	assert_from_ds(&l.v[1], &ds2, 2);
	assert_false(st.stat_any);
	assert_int_equal(st.skipped, 1);
	shmseg_list_free(&l);
}

static void test_list_old_kernel_keeps_list(void **state)
{
	/* The fallback rescans without losing what the list held before. */
	struct shminfo lim = { .shmmni = 4096 };
	struct shmid_ds ds1 = make_ds(1, 0x42, 0600);
	struct call c_info = ok_lim(1, &lim), einval = errcall(EINVAL), c1 = ok_ds(1, &ds1);
	const struct shmseg before = { .key = 7, .shmid = 8 };
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	assert_int_equal(shmseg_list_push(&l, &before), 0);
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &einval);
	expect_shmctl(1, SHM_STAT_ANY, &einval);
	expect_shmctl(0, SHM_STAT, &einval);
	expect_shmctl(1, SHM_STAT, &c1);
	expect_shmctl(1, SHM_STAT_ANY, &einval);
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].key, 7);
	assert_int_equal(l.v[0].shmid, 8);
	assert_from_ds(&l.v[1], &ds1, 1);
	assert_false(st.stat_any);
	assert_int_equal(st.skipped, 0);
	shmseg_list_free(&l);
}

static void test_list_old_kernel_only_unreadable(void **state)
{
	/* An old kernel whose only segments we may not read: SHM_STAT says EACCES, so they exist;
	 * nothing to probe with, nothing listed, both skipped, and SHM_STAT_ANY marked missing. */
	struct shminfo lim = { .shmmni = 4096 };
	struct call c_info = ok_lim(1, &lim), einval = errcall(EINVAL), eacces = errcall(EACCES);
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &einval);
	expect_shmctl(1, SHM_STAT_ANY, &einval);
	expect_shmctl(0, SHM_STAT, &eacces);
	expect_shmctl(1, SHM_STAT, &eacces);
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 0);
	assert_false(st.stat_any);
	assert_int_equal(st.skipped, 2);
	shmseg_list_free(&l);
}

static void test_list_empty_slots(void **state)
{
	/* Slots up to index 2 and all empty (their segments removed after IPC_INFO): SHM_STAT says
	 * EINVAL too, so the kernel is new and the namespace empty. */
	struct shminfo lim = { .shmmni = 4096 };
	struct call c_info = ok_lim(2, &lim), einval = errcall(EINVAL);
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_info);
	for (int i = 0; i <= 2; i++)
		expect_shmctl(i, SHM_STAT_ANY, &einval);
	for (int i = 0; i <= 2; i++)
		expect_shmctl(i, SHM_STAT, &einval);
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 0);
	assert_true(st.stat_any);
	assert_int_equal(st.skipped, 0);
	shmseg_list_free(&l);
}

static void test_list_created_between_scans(void **state)
{
	/* A new kernel: the slots were empty for SHM_STAT_ANY, then a segment came before the
	 * SHM_STAT pass. The probe shows SHM_STAT_ANY works, so the scan is done again with it:
	 * no false "old kernel", and the unreadable segment is listed too. */
	struct shminfo lim = { .shmmni = 4096 };
	struct shmid_ds ds0 = make_ds(0, 0x10, 0600), ds1 = make_ds(1, 0x11, 0600);
	struct call c_info = ok_lim(1, &lim), einval = errcall(EINVAL), eacces = errcall(EACCES);
	struct call c0 = ok_ds(0, &ds0), c1 = ok_ds(1, &ds1);
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &einval);
	expect_shmctl(1, SHM_STAT_ANY, &einval);
	expect_shmctl(0, SHM_STAT, &c0);
	expect_shmctl(1, SHM_STAT, &eacces);
	expect_shmctl(0, SHM_STAT_ANY, &c0);     /* the probe */
	expect_shmctl(0, SHM_STAT_ANY, &c0);
	expect_shmctl(1, SHM_STAT_ANY, &c1);
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 2);
	assert_from_ds(&l.v[0], &ds0, 0);
	assert_from_ds(&l.v[1], &ds1, 1);
	assert_true(st.stat_any);
	assert_int_equal(st.skipped, 0);
	shmseg_list_free(&l);
}

static void test_list_stat_any_refused(void **state)
{
	/* A filter that refuses SHM_STAT_ANY (EPERM) but lets SHM_STAT through: what SHM_STAT
	 * shows, marked as without SHM_STAT_ANY, not an empty list of "skipped" segments. */
	struct shminfo lim = { .shmmni = 4096 };
	struct shmid_ds ds1 = make_ds(1, 0x21, 0644);
	struct call c_info = ok_lim(1, &lim), eperm = errcall(EPERM), einval = errcall(EINVAL);
	struct call c1 = ok_ds(32769, &ds1);
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &eperm);
	expect_shmctl(1, SHM_STAT_ANY, &eperm);
	expect_shmctl(0, SHM_STAT, &einval);
	expect_shmctl(1, SHM_STAT, &c1);
	expect_shmctl(1, SHM_STAT_ANY, &eperm);  /* the probe: still refused */
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 1);
	assert_from_ds(&l.v[0], &ds1, 32769);
	assert_false(st.stat_any);
	assert_int_equal(st.skipped, 0);
	shmseg_list_free(&l);
}

static void test_list_all_refused(void **state)
{
	/* Both commands refused everywhere: -EPERM (so --source=auto can read /proc), and the list
	 * is left as it was. */
	struct shminfo lim = { .shmmni = 4096 };
	struct call c_info = ok_lim(1, &lim), eperm = errcall(EPERM);
	const struct shmseg before = { .key = 5, .shmid = 6 };
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	assert_int_equal(shmseg_list_push(&l, &before), 0);
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &eperm);
	expect_shmctl(1, SHM_STAT_ANY, &eperm);
	expect_shmctl(0, SHM_STAT, &eperm);
	expect_shmctl(1, SHM_STAT, &eperm);
	assert_int_equal(sysv_list(&l, &st), -EPERM);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].shmid, 6);
	shmseg_list_free(&l);
}

static void test_list_some_refused(void **state)
{
	/* EPERM on one segment among readable ones (a security module): skipped, not fatal. */
	struct shminfo lim = { .shmmni = 4096 };
	struct shmid_ds ds0 = make_ds(0, 0x30, 0600);
	struct call c_info = ok_lim(1, &lim), eperm = errcall(EPERM), c0 = ok_ds(0, &ds0);
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &c0);
	expect_shmctl(1, SHM_STAT_ANY, &eperm);
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 1);
	assert_true(st.stat_any);
	assert_int_equal(st.skipped, 1);
	shmseg_list_free(&l);
}

static void test_list_no_fallback_when_some_listed(void **state)
{
	/* One index answered: SHM_STAT_ANY works, the EINVALs were empty slots. */
	struct shminfo lim = { .shmmni = 4096 };
	struct shmid_ds ds2 = make_ds(2, 0x77, 0600);
	struct call c_info = ok_lim(2, &lim), einval = errcall(EINVAL), c2 = ok_ds(2, &ds2);
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &einval);
	expect_shmctl(1, SHM_STAT_ANY, &einval);
	expect_shmctl(2, SHM_STAT_ANY, &c2);
	assert_int_equal(sysv_list(&l, &st), 0);
	assert_int_equal(l.n, 1);
	assert_from_ds(&l.v[0], &ds2, 2);
	assert_true(st.stat_any);
	/* an EINVAL slot was empty, or its segment was removed before the scan reached it: either
	 * way not in this snapshot, and nothing was skipped */
	assert_int_equal(st.skipped, 0);
	shmseg_list_free(&l);
}

static void test_list_ipc_info_fails(void **state)
{
	static const int errs[] = { EPERM, EACCES, EFAULT, ENOSYS };
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		struct call c = errcall(errs[i]);

		expect_shmctl(0, IPC_INFO, &c);
		assert_int_equal(sysv_list(&l, &st), -errs[i]);
		assert_int_equal(l.n, 0);
	}
	shmseg_list_free(&l);
}

static void test_list_other_error_is_fatal(void **state)
{
	/* An error that is not about one segment stops the scan and is returned. */
	struct shminfo lim = { .shmmni = 4096 };
	struct shmid_ds ds0 = make_ds(0, 1, 0600);
	struct call c_info = ok_lim(5, &lim), c0 = ok_ds(0, &ds0), efault = errcall(EFAULT);
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_info);
	expect_shmctl(0, SHM_STAT_ANY, &c0);
	expect_shmctl(1, SHM_STAT_ANY, &efault);
	assert_int_equal(sysv_list(&l, &st), -EFAULT);
	shmseg_list_free(&l);
}

/* ------------------------------------------------------------ from_ds through sysv_stat */

static void test_stat_fields(void **state)
{
	/* Mode bits: perms, SHM_DEST (01000) and SHM_LOCKED (02000) pass, nothing above 07777. */
	static const unsigned modes[] = { 0600, 0666, 01666, 02600, 03640, 0, 0777 | 0170000 };
	static const key_t keys[] = { 0x2537, 0, -1, INT32_MIN, INT32_MAX, (key_t)0xdeadbeefu, 1 };

	(void)state;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		struct shmid_ds ds = make_ds((int)i, keys[i], modes[i]);
		struct call c = ok_ds(0, &ds);
		struct shmseg s;
		const int id = 100 + (int)i * 32768;

		expect_shmctl(id, IPC_STAT, &c);
		assert_int_equal(sysv_stat(id, &s), 0);
		assert_from_ds(&s, &ds, id);
		assert_int_equal((uint32_t)s.key, (uint32_t)keys[i]);
		assert_int_equal(s.mode, modes[i] & 07777u);
		assert_int_equal(!!(s.mode & SHMSEG_MODE_DEST), !!(modes[i] & SHM_DEST));
		assert_int_equal(!!(s.mode & SHMSEG_MODE_LOCKED), !!(modes[i] & SHM_LOCKED));
	}
}

static void test_stat_big_values(void **state)
{
	/* Sizes over 4 GiB, ids at the top of their range, "never" times. */
	struct shmid_ds ds = make_ds(1, 0x10, 0600);
	struct call c;
	struct shmseg s;

	(void)state;
	ds.shm_segsz = (size_t)17179869184ull;
	ds.shm_perm.uid = 4294967294u;
	ds.shm_perm.gid = 4294967293u;
	ds.shm_perm.cuid = 4294967292u;
	ds.shm_perm.cgid = 4294967291u;
	ds.shm_cpid = 4194304;
	ds.shm_lpid = 0;
	ds.shm_nattch = (shmatt_t)1 << 40;
	ds.shm_atime = 0;
	ds.shm_dtime = 0;
	ds.shm_ctime = 4102444800; /* 2100-01-01, past 32-bit time_t */
	c = ok_ds(0, &ds);
	expect_shmctl(INT32_MAX, IPC_STAT, &c);
	assert_int_equal(sysv_stat(INT32_MAX, &s), 0);
	assert_from_ds(&s, &ds, INT32_MAX);
	assert_true(s.size > UINT32_MAX);
	assert_int_equal(s.nattch, UINT32_MAX);
	assert_int_equal(s.ctime, 4102444800ll);
}

static void test_stat_fails(void **state)
{
	static const int errs[] = { EINVAL, EIDRM, EACCES };

	(void)state;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		struct call c = errcall(errs[i]);
		struct shmseg s;

		expect_shmctl(42, IPC_STAT, &c);
		assert_int_equal(sysv_stat(42, &s), -errs[i]);
	}
}

/* ------------------------------------------------------------ sysv_info_read */

static void test_info_read(void **state)
{
	struct shminfo lim = {
		.shmmax = 18446744073692774399ull, .shmmin = 1, .shmmni = 4096, .shmseg = 4096,
		.shmall = 18446744073692774399ull,
	};
	struct shm_info use = { .used_ids = 12, .shm_tot = 3000, .shm_rss = 2000, .shm_swp = 1000 };
	struct call c_lim = { .ret = 4095, .buf = &lim, .len = sizeof(lim) };
	struct call c_use = ok_info(11, &use), eperm = errcall(EPERM);
	struct sysv_info info;

	(void)state;
	expect_shmctl(0, IPC_INFO, &c_lim);
	expect_shmctl(0, SHM_INFO, &c_use);
	assert_int_equal(sysv_info_read(&info), 0);
	assert_int_equal(info.shmmax, lim.shmmax);
	assert_int_equal(info.shmmin, lim.shmmin);
	assert_int_equal(info.shmmni, lim.shmmni);
	assert_int_equal(info.shmseg, lim.shmseg);
	assert_int_equal(info.shmall, lim.shmall);
	assert_int_equal(info.used_ids, (uint64_t)use.used_ids);
	assert_int_equal(info.shm_tot, use.shm_tot);
	assert_int_equal(info.shm_rss, use.shm_rss);
	assert_int_equal(info.shm_swp, use.shm_swp);

	expect_shmctl(0, IPC_INFO, &eperm);
	assert_int_equal(sysv_info_read(&info), -EPERM);
	expect_shmctl(0, IPC_INFO, &c_lim);
	expect_shmctl(0, SHM_INFO, &eperm);
	assert_int_equal(sysv_info_read(&info), -EPERM);
}

/* ------------------------------------------------------------ sysv_remove */

#define SEEN_LATER(ds) (((int64_t)(ds).shm_ctime + 10) * 1000000000) /* a poll 10 s after ctime */

static char pin_mapping[4096];

/* The re-check attaches read-only to pin the id: this attach succeeds (or fails with err). */
static void expect_pin(int shmid, int err)
{
	expect_value(__wrap_shmat, shmid, shmid);
	expect_value(__wrap_shmat, shmaddr, NULL);
	expect_value(__wrap_shmat, shmflg, SHM_RDONLY);
	will_return(__wrap_shmat, err ? (void *)-1 : (void *)pin_mapping);
	will_return(__wrap_shmat, err);
}

static void expect_unpin(void)
{
	expect_value(__wrap_shmdt, shmaddr, pin_mapping);
	will_return(__wrap_shmdt, 0);
	will_return(__wrap_shmdt, 0);
}

static struct shmseg seen(int shmid, const struct shmid_ds *ds)
{
	struct call c = ok_ds(0, ds);
	struct shmseg s;

	expect_shmctl(shmid, IPC_STAT, &c);
	assert_int_equal(sysv_stat(shmid, &s), 0);
	return s;
}

static void test_remove_same(void **state)
{
	/* Every identifying field agrees: pinned, checked again, removed, unpinned. What users
	 * change by using it (nattch, lpid, atime, dtime) does not count. */
	struct shmid_ds then = make_ds(3, 0x2537, 0666), now = then;
	struct call c_now, c_rmid = { .ret = 0 };
	struct shmseg expect;

	(void)state;
	expect = seen(98307, &then);
	now.shm_nattch += 3;
	now.shm_atime += 100;
	now.shm_dtime += 100;
	now.shm_lpid += 1;
	c_now = ok_ds(0, &now);
	expect_shmctl(98307, IPC_STAT, &c_now);
	expect_pin(98307, 0);
	expect_shmctl(98307, IPC_STAT, &c_now);
	expect_shmctl(98307, IPC_RMID, &c_rmid);
	expect_unpin();
	assert_int_equal(sysv_remove(98307, &expect, SEEN_LATER(then)), 0);
}

static void test_remove_changed(void **state)
{
	/* Any identifying field differs: -ESTALE before anything touches it (an unexpected shmat
	 * or IPC_RMID fails the fake). IPC_SET changes mode, owner and ctime; a reuse of the id
	 * changes the rest; IPC_RMID by someone else sets SHM_DEST and clears the key. */
	struct shmid_ds then = make_ds(4, 0x2537, 0666);
	struct shmid_ds changed[11];
	struct shmseg expect;

	(void)state;
	expect = seen(7, &then);
	for (int i = 0; i < 11; i++)
		changed[i] = then;
	changed[0].shm_perm.__key = 0x2538;
	changed[1].shm_cpid += 1;
	changed[2].shm_ctime += 1;
	changed[3].shm_segsz += 4096;
	changed[4].shm_perm.cuid += 1;
	changed[5].shm_perm.cgid += 1;
	changed[6].shm_perm.uid += 1;
	changed[7].shm_perm.gid += 1;
	changed[8].shm_perm.mode = 0600;
	changed[9].shm_perm.mode |= SHM_LOCKED;
	changed[10].shm_perm.__key = 0;
	changed[10].shm_perm.mode |= SHM_DEST;
	for (int i = 0; i < 11; i++) {
		struct call c = ok_ds(0, &changed[i]);

		expect_shmctl(7, IPC_STAT, &c);
		assert_int_equal(sysv_remove(7, &expect, SEEN_LATER(then)), -ESTALE);
	}
}

static void test_remove_changed_while_pinning(void **state)
{
	/* Replaced between the first look and the attach: the pinned look sees it, no IPC_RMID. */
	struct shmid_ds then = make_ds(2, 0x77, 0600), other = then;
	struct call c_then = ok_ds(0, &then), c_other;
	struct shmseg expect;

	(void)state;
	expect = seen(11, &then);
	other.shm_cpid += 9;
	c_other = ok_ds(0, &other);
	expect_shmctl(11, IPC_STAT, &c_then);
	expect_pin(11, 0);
	expect_shmctl(11, IPC_STAT, &c_other);
	expect_unpin();
	assert_int_equal(sysv_remove(11, &expect, SEEN_LATER(then)), -ESTALE);
}

static void test_remove_same_second(void **state)
{
	/* Created about when it was seen (within the second before): a replacement could agree on
	 * every field. Here the
	 * creation time cannot be read (the fake mapping is not in /proc/self/map_files): -EAGAIN,
	 * nothing removed; unpinned (not readable) it is the same. */
	struct shmid_ds then = make_ds(6, 0x88, 0600);
	struct call c_then = ok_ds(0, &then);
	int64_t seen_ns = (int64_t)then.shm_ctime * 1000000000 + 900000000;
	struct shmseg expect;

	(void)state;
	expect = seen(12, &then);
	expect_shmctl(12, IPC_STAT, &c_then);
	expect_pin(12, 0);
	expect_shmctl(12, IPC_STAT, &c_then);
	expect_unpin();
	assert_int_equal(sysv_remove(12, &expect, seen_ns), -EAGAIN);
	expect_shmctl(12, IPC_STAT, &c_then);
	expect_pin(12, EACCES);
	assert_int_equal(sysv_remove(12, &expect, seen_ns), -EAGAIN);
	/* seen two seconds later: no doubt left, removed */
	{
		struct call c_rmid = { .ret = 0 };

		expect_shmctl(12, IPC_STAT, &c_then);
		expect_pin(12, EACCES);
		expect_shmctl(12, IPC_RMID, &c_rmid);
		assert_int_equal(sysv_remove(12, &expect, seen_ns + 2000000000), 0);
	}
}

static void test_remove_errors(void **state)
{
	struct shmid_ds ds = make_ds(5, 0x99, 0600);
	struct call c_stat = ok_ds(0, &ds), eidrm = errcall(EIDRM), eperm = errcall(EPERM);
	struct shmseg expect;

	(void)state;
	expect = seen(9, &ds);
	/* gone before we looked: its error, no IPC_RMID */
	expect_shmctl(9, IPC_STAT, &eidrm);
	assert_int_equal(sysv_remove(9, &expect, SEEN_LATER(ds)), -EIDRM);
	/* not ours to remove: refused, and the pin let go */
	expect_shmctl(9, IPC_STAT, &c_stat);
	expect_pin(9, 0);
	expect_shmctl(9, IPC_STAT, &c_stat);
	expect_shmctl(9, IPC_RMID, &eperm);
	expect_unpin();
	assert_int_equal(sysv_remove(9, &expect, SEEN_LATER(ds)), -EPERM);
	/* gone between the look and the attach: its id may already name another; nothing removed */
	expect_shmctl(9, IPC_STAT, &c_stat);
	expect_pin(9, EIDRM);
	assert_int_equal(sysv_remove(9, &expect, SEEN_LATER(ds)), -EIDRM);
	expect_shmctl(9, IPC_STAT, &c_stat);
	expect_pin(9, EINVAL);
	assert_int_equal(sysv_remove(9, &expect, SEEN_LATER(ds)), -EINVAL);
	/* not readable by us: removed without the pin */
	{
		struct call c_rmid = { .ret = 0 };

		expect_shmctl(9, IPC_STAT, &c_stat);
		expect_pin(9, EACCES);
		expect_shmctl(9, IPC_RMID, &c_rmid);
		assert_int_equal(sysv_remove(9, &expect, SEEN_LATER(ds)), 0);
	}
}

/* ------------------------------------------------------------ attach and detach */

static void test_attach_ro(void **state)
{
	static char mapping[4096];
	const void *addr = NULL;

	(void)state;
	expect_value(__wrap_shmat, shmid, 32769);
	expect_value(__wrap_shmat, shmaddr, NULL);
	/* read-only, and nothing else (no SHM_RND, no SHM_REMAP, no SHM_EXEC) */
	expect_value(__wrap_shmat, shmflg, SHM_RDONLY);
	will_return(__wrap_shmat, mapping);
	will_return(__wrap_shmat, 0);
	assert_int_equal(sysv_attach_ro(32769, &addr), 0);
	assert_ptr_equal(addr, mapping);
}

static void test_attach_fails(void **state)
{
	static const int errs[] = { EACCES, EINVAL, EIDRM, ENOMEM };
	static char sentinel;

	(void)state;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		const void *addr = &sentinel;

		expect_value(__wrap_shmat, shmid, 5);
		expect_value(__wrap_shmat, shmaddr, NULL);
		expect_value(__wrap_shmat, shmflg, SHM_RDONLY);
		will_return(__wrap_shmat, (void *)-1);
		will_return(__wrap_shmat, errs[i]);
		assert_int_equal(sysv_attach_ro(5, &addr), -errs[i]);
		/* the caller's pointer is not touched */
		assert_ptr_equal(addr, &sentinel);
	}
}

static void test_detach(void **state)
{
	static char mapping[64];

	(void)state;
	expect_value(__wrap_shmdt, shmaddr, mapping);
	will_return(__wrap_shmdt, 0);
	will_return(__wrap_shmdt, 0);
	assert_int_equal(sysv_detach(mapping), 0);

	expect_value(__wrap_shmdt, shmaddr, mapping + 1);
	will_return(__wrap_shmdt, -1);
	will_return(__wrap_shmdt, EINVAL);
	assert_int_equal(sysv_detach(mapping + 1), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_mixed),
		cmocka_unit_test(test_list_errors_between_segments),
		cmocka_unit_test(test_list_empty),
		cmocka_unit_test(test_list_old_kernel),
		cmocka_unit_test(test_list_old_kernel_keeps_list),
		cmocka_unit_test(test_list_old_kernel_only_unreadable),
		cmocka_unit_test(test_list_empty_slots),
		cmocka_unit_test(test_list_created_between_scans),
		cmocka_unit_test(test_list_stat_any_refused),
		cmocka_unit_test(test_list_all_refused),
		cmocka_unit_test(test_list_some_refused),
		cmocka_unit_test(test_list_no_fallback_when_some_listed),
		cmocka_unit_test(test_list_ipc_info_fails),
		cmocka_unit_test(test_list_other_error_is_fatal),
		cmocka_unit_test(test_stat_fields),
		cmocka_unit_test(test_stat_big_values),
		cmocka_unit_test(test_stat_fails),
		cmocka_unit_test(test_info_read),
		cmocka_unit_test(test_remove_same),
		cmocka_unit_test(test_remove_changed),
		cmocka_unit_test(test_remove_changed_while_pinning),
		cmocka_unit_test(test_remove_same_second),
		cmocka_unit_test(test_remove_errors),
		cmocka_unit_test(test_attach_ro),
		cmocka_unit_test(test_attach_fails),
		cmocka_unit_test(test_detach),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
