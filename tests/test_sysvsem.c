/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_sysvsem.c - sysvsem.c against semctl faked with the linker's --wrap: the IPC_INFO +
 * SEM_STAT_ANY walk with arrays vanishing or unreadable mid-walk, the SEM_STAT fallback of old
 * kernels and of filters, the semid_ds conversion, the per-semaphore detail (GETALL into a
 * buffer that ends at an inaccessible page, GETNCNT/GETZCNT/GETPID, the same array before and
 * after), limits and usage, and the guarded IPC_RMID that refuses a changed or replaced array. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sysvsem.h"

#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *info;
};

/* ------------------------------------------------------------ the fake */

/* What one semctl call does: fail with err, or copy len bytes of buf out and return ret. With
 * guard set (GETALL), the caller's array must be readable for guard values and end there at a
 * page it cannot touch. */
struct call {
	int ret;
	int err;
	const void *buf;
	size_t len;
	size_t guard;
};

int __wrap_semctl(int semid, int semnum, int cmd, ...);

static int pipefd[2] = { -1, -1 };

/* Whether n bytes at p can be read, asked of the kernel (a pipe write copies from them), so an
 * inaccessible page gives EFAULT instead of a crash. */
static int readable(const void *p, size_t n)
{
	char sink[4096];

	if (pipefd[0] < 0)
		assert_int_equal(pipe(pipefd), 0);
	while (n) {
		size_t chunk = n < sizeof(sink) ? n : sizeof(sink);
		ssize_t w = write(pipefd[1], p, chunk);

		if (w > 0)
			assert_int_equal(read(pipefd[0], sink, (size_t)w), w);
		if (w != (ssize_t)chunk)
			return 0;
		p = (const char *)p + chunk;
		n -= chunk;
	}
	return 1;
}

int __wrap_semctl(int semid, int semnum, int cmd, ...)
{
	const struct call *c;
	union semun arg;
	va_list ap;

	va_start(ap, cmd);
	arg = va_arg(ap, union semun);
	va_end(ap);
	check_expected(semid);
	check_expected(semnum);
	check_expected(cmd);
	c = mock_ptr_type(const struct call *);
	if (c->guard) {
		size_t bytes = c->guard * sizeof(unsigned short);

		assert_true(readable(arg.array, bytes));
		assert_false(readable((const char *)arg.array + bytes, 1));
	}
	if (c->ret < 0) {
		errno = c->err;
		return -1;
	}
	if (c->len) {
		assert_non_null(arg.buf);
		memcpy((void *)arg.buf, c->buf, c->len);
	}
	return c->ret;
}

static void expect_semctl(int semid, int semnum, int cmd, const struct call *c)
{
	expect_value(__wrap_semctl, semid, semid);
	expect_value(__wrap_semctl, semnum, semnum);
	expect_value(__wrap_semctl, cmd, cmd);
	will_return(__wrap_semctl, c);
}

/* ------------------------------------------------------------ test data */

/* A semid_ds with every field different, so a field copied to the wrong place shows. */
static struct semid_ds make_ds(int n, key_t key, unsigned mode)
{
	struct semid_ds ds;

	memset(&ds, 0, sizeof(ds));
	ds.sem_perm.__key = key;
	ds.sem_perm.mode = (unsigned short)mode;
	ds.sem_perm.uid = 1000u + (unsigned)n;
	ds.sem_perm.gid = 2000u + (unsigned)n;
	ds.sem_perm.cuid = 3000u + (unsigned)n;
	ds.sem_perm.cgid = 4000u + (unsigned)n;
	ds.sem_perm.__seq = (unsigned short)n;
	ds.sem_nsems = (unsigned long)(n + 1);
	ds.sem_otime = 1700000000 + n * 10 + 1;
	ds.sem_ctime = 1700000000 + n * 10 + 3;
	return ds;
}

static void assert_from_ds(const struct semset *s, const struct semid_ds *ds, int semid)
{
	assert_int_equal(s->key, (int32_t)ds->sem_perm.__key);
	assert_int_equal(s->semid, semid);
	assert_int_equal(s->mode, ds->sem_perm.mode & 07777u);
	assert_int_equal(s->uid, ds->sem_perm.uid);
	assert_int_equal(s->gid, ds->sem_perm.gid);
	assert_int_equal(s->cuid, ds->sem_perm.cuid);
	assert_int_equal(s->cgid, ds->sem_perm.cgid);
	assert_int_equal(s->nsems, ds->sem_nsems);
	assert_int_equal(s->otime, ds->sem_otime);
	assert_int_equal(s->ctime, ds->sem_ctime);
}

static struct call ok_ds(int ret, const struct semid_ds *ds)
{
	return (struct call){ .ret = ret, .buf = ds, .len = sizeof(*ds) };
}

static struct call ok_info(int ret, const struct seminfo *info)
{
	return (struct call){ .ret = ret, .buf = info, .len = sizeof(*info) };
}

static struct call ok_int(int ret)
{
	return (struct call){ .ret = ret };
}

static struct call errcall(int err)
{
	return (struct call){ .ret = -1, .err = err };
}

static const struct seminfo some_info = { .semmni = 32000 };

/* ------------------------------------------------------------ sysvsem_list */

static void test_list_mixed(void **state)
{
	/* Highest index 4: an array, an empty slot, one being removed, one we may not read, and
	 * one refused by a security module. Skipped counts the last three; the shmid-style full id
	 * SEM_STAT_ANY returns is kept, not the index. */
	struct semid_ds ds0 = make_ds(0, 0x2537, 0666), ds4 = make_ds(4, -7, 0600);
	struct call c_info = ok_info(4, &some_info), c0 = ok_ds(32768, &ds0),
		    c4 = ok_ds(4 + 32768 * 3, &ds4);
	struct call einval = errcall(EINVAL), eidrm = errcall(EIDRM), eacces = errcall(EACCES),
		    eperm = errcall(EPERM);
	const struct semset before = { .key = 99, .semid = 98 };
	struct semset_list l = { 0 };
	struct ipcscan_stats st;

	(void)state;
	assert_int_equal(semset_list_push(&l, &before), 0);
	expect_semctl(0, 0, IPC_INFO, &c_info);
	expect_semctl(0, 0, SEM_STAT_ANY, &c0);
	expect_semctl(1, 0, SEM_STAT_ANY, &einval);
	expect_semctl(2, 0, SEM_STAT_ANY, &eidrm);
	expect_semctl(3, 0, SEM_STAT_ANY, &eacces);
	expect_semctl(4, 0, SEM_STAT_ANY, &c4);
	assert_int_equal(sysvsem_list(&l, &st), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].semid, 98); /* appended after what was there */
	assert_from_ds(&l.v[1], &ds0, 32768);
	assert_from_ds(&l.v[2], &ds4, 4 + 32768 * 3);
	assert_true(st.stat_any);
	assert_int_equal(st.skipped, 2);
	semset_list_free(&l);

	/* EPERM on one array among readable ones: skipped too */
	expect_semctl(0, 0, IPC_INFO, &c_info);
	expect_semctl(0, 0, SEM_STAT_ANY, &c0);
	for (int i = 1; i <= 4; i++)
		expect_semctl(i, 0, SEM_STAT_ANY, &eperm);
	assert_int_equal(sysvsem_list(&l, &st), 0);
	assert_int_equal(l.n, 1);
	assert_true(st.stat_any);
	assert_int_equal(st.skipped, 4);
	semset_list_free(&l);
}

static void test_list_empty(void **state)
{
	/* Nothing there: SEM_STAT_ANY says EINVAL at index 0, which an old kernel would too, so
	 * SEM_STAT asks once more: EINVAL as well, so the namespace is empty. */
	struct call c_info = ok_info(0, &some_info), einval = errcall(EINVAL);
	struct semset_list l = { 0 };
	struct ipcscan_stats st;

	(void)state;
	expect_semctl(0, 0, IPC_INFO, &c_info);
	expect_semctl(0, 0, SEM_STAT_ANY, &einval);
	expect_semctl(0, 0, SEM_STAT, &einval);
	assert_int_equal(sysvsem_list(&l, &st), 0);
	assert_int_equal(l.n, 0);
	assert_true(st.stat_any);
	assert_int_equal(st.skipped, 0);
	semset_list_free(&l);
}

static void test_list_old_kernel(void **state)
{
	/* Before Linux 4.17 SEM_STAT_ANY is an unknown command: EINVAL everywhere. SEM_STAT lists
	 * what we may read (EACCES skipped), and a probe with SEM_STAT_ANY at an index SEM_STAT
	 * answered confirms the kernel does not know it. What the list held stays. */
	struct semid_ds ds0 = make_ds(0, 0x1234, 0644), ds2 = make_ds(2, 0x5678, 0600);
	struct call c_info = ok_info(2, &some_info), einval = errcall(EINVAL),
		    eacces = errcall(EACCES), c0 = ok_ds(65536, &ds0), c2 = ok_ds(2, &ds2);
	const struct semset before = { .key = 7, .semid = 8 };
	struct semset_list l = { 0 };
	struct ipcscan_stats st;

	(void)state;
	assert_int_equal(semset_list_push(&l, &before), 0);
	expect_semctl(0, 0, IPC_INFO, &c_info);
	for (int i = 0; i <= 2; i++)
		expect_semctl(i, 0, SEM_STAT_ANY, &einval);
	expect_semctl(0, 0, SEM_STAT, &c0);
	expect_semctl(1, 0, SEM_STAT, &eacces);
	expect_semctl(2, 0, SEM_STAT, &c2);
	expect_semctl(0, 0, SEM_STAT_ANY, &einval); /* the probe */
	assert_int_equal(sysvsem_list(&l, &st), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].semid, 8);
	assert_from_ds(&l.v[1], &ds0, 65536);
	assert_from_ds(&l.v[2], &ds2, 2);
	assert_false(st.stat_any);
	assert_int_equal(st.skipped, 1);
	semset_list_free(&l);
}

static void test_list_created_between_walks(void **state)
{
	/* A new kernel: the slots were empty for SEM_STAT_ANY, then arrays came before the
	 * SEM_STAT walk. The probe answers, so the walk is done again with SEM_STAT_ANY and the
	 * unreadable array is listed too: no false "old kernel", nothing listed twice. */
	struct semid_ds ds0 = make_ds(0, 0x10, 0600), ds1 = make_ds(1, 0x11, 0600);
	struct call c_info = ok_info(1, &some_info), einval = errcall(EINVAL),
		    eacces = errcall(EACCES), c0 = ok_ds(0, &ds0), c1 = ok_ds(1, &ds1);
	struct semset_list l = { 0 };
	struct ipcscan_stats st;

	(void)state;
	expect_semctl(0, 0, IPC_INFO, &c_info);
	expect_semctl(0, 0, SEM_STAT_ANY, &einval);
	expect_semctl(1, 0, SEM_STAT_ANY, &einval);
	expect_semctl(0, 0, SEM_STAT, &c0);
	expect_semctl(1, 0, SEM_STAT, &eacces);
	expect_semctl(0, 0, SEM_STAT_ANY, &c0); /* the probe */
	expect_semctl(0, 0, SEM_STAT_ANY, &c0);
	expect_semctl(1, 0, SEM_STAT_ANY, &c1);
	assert_int_equal(sysvsem_list(&l, &st), 0);
	assert_int_equal(l.n, 2);
	assert_from_ds(&l.v[0], &ds0, 0);
	assert_from_ds(&l.v[1], &ds1, 1);
	assert_true(st.stat_any);
	assert_int_equal(st.skipped, 0);
	semset_list_free(&l);
}

static void test_list_refused(void **state)
{
	/* A filter refusing SEM_STAT_ANY (EPERM) but not SEM_STAT: what SEM_STAT shows, marked as
	 * without SEM_STAT_ANY. Both refused everywhere: -EPERM, the list as it was. */
	struct semid_ds ds1 = make_ds(1, 0x21, 0644);
	struct call c_info = ok_info(1, &some_info), eperm = errcall(EPERM),
		    einval = errcall(EINVAL), c1 = ok_ds(32769, &ds1);
	const struct semset before = { .key = 5, .semid = 6 };
	struct semset_list l = { 0 };
	struct ipcscan_stats st;

	(void)state;
	expect_semctl(0, 0, IPC_INFO, &c_info);
	expect_semctl(0, 0, SEM_STAT_ANY, &eperm);
	expect_semctl(1, 0, SEM_STAT_ANY, &eperm);
	expect_semctl(0, 0, SEM_STAT, &einval);
	expect_semctl(1, 0, SEM_STAT, &c1);
	expect_semctl(1, 0, SEM_STAT_ANY, &eperm); /* the probe: still refused */
	assert_int_equal(sysvsem_list(&l, &st), 0);
	assert_int_equal(l.n, 1);
	assert_from_ds(&l.v[0], &ds1, 32769);
	assert_false(st.stat_any);
	assert_int_equal(st.skipped, 0);
	semset_list_free(&l);

	assert_int_equal(semset_list_push(&l, &before), 0);
	expect_semctl(0, 0, IPC_INFO, &c_info);
	expect_semctl(0, 0, SEM_STAT_ANY, &eperm);
	expect_semctl(1, 0, SEM_STAT_ANY, &eperm);
	expect_semctl(0, 0, SEM_STAT, &eperm);
	expect_semctl(1, 0, SEM_STAT, &eperm);
	assert_int_equal(sysvsem_list(&l, &st), -EPERM);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].semid, 6);
	semset_list_free(&l);
}

static void test_list_errors(void **state)
{
	/* IPC_INFO failing is returned; an error that is not about one array stops the walk, and
	 * what it had listed is dropped. */
	static const int errs[] = { EPERM, EACCES, ENOSYS, EFAULT };
	struct semid_ds ds0 = make_ds(0, 1, 0600);
	struct call c_info = ok_info(5, &some_info), c0 = ok_ds(0, &ds0), efault = errcall(EFAULT);
	struct semset_list l = { 0 };
	struct ipcscan_stats st;

	(void)state;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		struct call c = errcall(errs[i]);

		expect_semctl(0, 0, IPC_INFO, &c);
		assert_int_equal(sysvsem_list(&l, &st), -errs[i]);
		assert_int_equal(l.n, 0);
	}
	expect_semctl(0, 0, IPC_INFO, &c_info);
	expect_semctl(0, 0, SEM_STAT_ANY, &c0);
	expect_semctl(1, 0, SEM_STAT_ANY, &efault);
	assert_int_equal(sysvsem_list(&l, &st), -EFAULT);
	assert_int_equal(l.n, 0);
	semset_list_free(&l);
}

/* ------------------------------------------------------------ sysvsem_stat */

static void test_stat(void **state)
{
	static const unsigned modes[] = { 0600, 0666, 0, 0777, 0777 | 0170000 };
	static const key_t keys[] = { 0x2537, 0, -1, INT32_MIN, (key_t)0xdeadbeefu };
	static const int errs[] = { EINVAL, EIDRM, EACCES };

	(void)state;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		struct semid_ds ds = make_ds((int)i, keys[i], modes[i]);
		struct call c = ok_ds(0, &ds);
		struct semset s;
		const int id = 100 + (int)i * 32768;

		expect_semctl(id, 0, IPC_STAT, &c);
		assert_int_equal(sysvsem_stat(id, &s), 0);
		assert_from_ds(&s, &ds, id);
		assert_int_equal((uint32_t)s.key, (uint32_t)keys[i]);
	}
	{
		/* the extremes: ids and owners at the top of their range, times past 2038, the
		 * largest array a kernel would make */
		struct semid_ds ds = make_ds(1, 1, 0600);
		struct call c;
		struct semset s;

		ds.sem_perm.uid = 4294967294u;
		ds.sem_perm.cgid = 4294967295u;
		ds.sem_nsems = INT32_MAX;
		ds.sem_otime = 0;
		ds.sem_ctime = 4102444800;
		c = ok_ds(0, &ds);
		expect_semctl(INT32_MAX, 0, IPC_STAT, &c);
		assert_int_equal(sysvsem_stat(INT32_MAX, &s), 0);
		assert_from_ds(&s, &ds, INT32_MAX);
	}
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		struct call c = errcall(errs[i]);
		struct semset s;

		expect_semctl(42, 0, IPC_STAT, &c);
		assert_int_equal(sysvsem_stat(42, &s), -errs[i]);
	}
}

/* ------------------------------------------------------------ sysvsem_detail */

static struct semset seen(int semid, const struct semid_ds *ds)
{
	struct call c = ok_ds(0, ds);
	struct semset s;

	expect_semctl(semid, 0, IPC_STAT, &c);
	assert_int_equal(sysvsem_stat(semid, &s), 0);
	return s;
}

static void test_detail(void **state)
{
	/* Three semaphores: values from GETALL (into a guarded buffer), then each one's waiters
	 * and last pid; the array checked before and after. Its values being set (a new ctime) or
	 * semop (otime) in between does not matter: it is the same array. */
	struct semid_ds then = make_ds(2, 0x77, 0640), now = then;
	static const unsigned short vals[3] = { 0, 32767, 5 };
	struct call c_then, c_now;
	struct call c_all = { .ret = 0, .buf = vals, .len = sizeof(vals), .guard = 3 };
	struct call n[3] = { ok_int(1), ok_int(0), ok_int(7) };
	struct call z[3] = { ok_int(0), ok_int(2), ok_int(0) };
	struct call p[3] = { ok_int(4242), ok_int(0), ok_int(4194304) };
	struct semset expect;
	struct semset_sem out[4];

	(void)state;
	expect = seen(9, &then);
	now.sem_ctime += 5;
	now.sem_otime += 9;
	c_then = ok_ds(0, &then);
	c_now = ok_ds(0, &now);
	memset(out, 0x5a, sizeof(out));
	expect_semctl(9, 0, IPC_STAT, &c_then);
	expect_semctl(9, 0, GETALL, &c_all);
	for (int i = 0; i < 3; i++) {
		expect_semctl(9, i, GETNCNT, &n[i]);
		expect_semctl(9, i, GETZCNT, &z[i]);
		expect_semctl(9, i, GETPID, &p[i]);
	}
	expect_semctl(9, 0, IPC_STAT, &c_now);
	assert_int_equal(sysvsem_detail(9, &expect, out, 4, NULL), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(out[i].value, vals[i]);
		assert_int_equal(out[i].ncnt, n[i].ret);
		assert_int_equal(out[i].zcnt, z[i].ret);
		assert_int_equal(out[i].pid, p[i].ret);
	}
	/* only nsems entries written */
	assert_int_equal(out[3].value, 0x5a5a5a5a);
}

static void test_detail_big(void **state)
{
	/* An array that fills pages exactly, one a value past a page, and a small one: the buffer
	 * still ends at the guard, whether mapped for each call or kept across them (grown for
	 * the second, reused for the third). */
	static unsigned short vals[4097];
	static const size_t sizes[] = { 2048, 4097, 1 };
	struct sysvsem_guard kept = { 0 };

	(void)state;
	for (int keep = 0; keep < 2; keep++) {
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			size_t nsems = sizes[k];
			struct semid_ds ds = make_ds(0, 0x42, 0600);
			struct call c_ds, zero = ok_int(0);
			struct call c_all = { .ret = 0, .buf = vals, .len = nsems * 2, .guard = nsems };
			static struct semset_sem out[4097];
			struct semset expect;

			for (size_t i = 0; i < nsems; i++)
				vals[i] = (unsigned short)((i + k + 1) % 32768);
			ds.sem_nsems = nsems;
			c_ds = ok_ds(0, &ds);
			expect = seen(3, &ds);
			expect_semctl(3, 0, IPC_STAT, &c_ds);
			expect_semctl(3, 0, GETALL, &c_all);
			for (size_t i = 0; i < nsems; i++) {
				expect_semctl(3, (int)i, GETNCNT, &zero);
				expect_semctl(3, (int)i, GETZCNT, &zero);
				expect_semctl(3, (int)i, GETPID, &zero);
			}
			expect_semctl(3, 0, IPC_STAT, &c_ds);
			assert_int_equal(sysvsem_detail(3, &expect, out, nsems, keep ? &kept : NULL), 0);
			assert_int_equal(out[0].value, (k + 1) % 32768);
			assert_int_equal(out[nsems - 1].value, (nsems + k) % 32768);
		}
	}
	assert_non_null(kept.map);
	sysvsem_guard_free(&kept);
	assert_null(kept.map);
	sysvsem_guard_free(&kept); /* twice is harmless */
}

static void test_detail_not_the_same(void **state)
{
	/* Another array at the id before GETALL: -ESTALE, its semaphores never asked for. One
	 * that came during the reads: -ESTALE at the end. GETALL running into the guard (a larger
	 * array took the id): -ESTALE. */
	struct semid_ds then = make_ds(4, 0x99, 0600), other = then;
	struct call c_then = ok_ds(0, &then), c_other, efault = errcall(EFAULT), zero = ok_int(0);
	static const unsigned short vals[5];
	struct call c_all = { .ret = 0, .buf = vals, .len = sizeof(vals), .guard = 5 };
	struct semset expect;
	struct semset_sem out[5];

	(void)state;
	expect = seen(11, &then);
	other.sem_perm.cuid++;
	c_other = ok_ds(0, &other);
	expect_semctl(11, 0, IPC_STAT, &c_other);
	assert_int_equal(sysvsem_detail(11, &expect, out, 5, NULL), -ESTALE);

	expect_semctl(11, 0, IPC_STAT, &c_then);
	expect_semctl(11, 0, GETALL, &c_all);
	for (int i = 0; i < 5; i++) {
		expect_semctl(11, i, GETNCNT, &zero);
		expect_semctl(11, i, GETZCNT, &zero);
		expect_semctl(11, i, GETPID, &zero);
	}
	expect_semctl(11, 0, IPC_STAT, &c_other);
	assert_int_equal(sysvsem_detail(11, &expect, out, 5, NULL), -ESTALE);

	expect_semctl(11, 0, IPC_STAT, &c_then);
	expect_semctl(11, 0, GETALL, &efault);
	assert_int_equal(sysvsem_detail(11, &expect, out, 5, NULL), -ESTALE);

	/* a ctime that went backwards is another array too */
	other = then;
	other.sem_ctime--;
	c_other = ok_ds(0, &other);
	expect_semctl(11, 0, IPC_STAT, &c_other);
	assert_int_equal(sysvsem_detail(11, &expect, out, 5, NULL), -ESTALE);
}

static void test_detail_errors(void **state)
{
	/* Too little room: -ERANGE before any call. Gone or unreadable: the error. Removed between
	 * two semaphores: the error, no more calls. */
	struct semid_ds ds = make_ds(1, 0x5, 0600);
	struct call c_ds = ok_ds(0, &ds), eacces = errcall(EACCES), eidrm = errcall(EIDRM),
		    einval = errcall(EINVAL), zero = ok_int(0);
	static const unsigned short vals[2] = { 1, 2 };
	struct call c_all = { .ret = 0, .buf = vals, .len = sizeof(vals), .guard = 2 };
	struct semset expect;
	struct semset_sem out[2];

	(void)state;
	expect = seen(5, &ds);
	assert_int_equal(sysvsem_detail(5, &expect, out, 1, NULL), -ERANGE);
	expect_semctl(5, 0, IPC_STAT, &eacces);
	assert_int_equal(sysvsem_detail(5, &expect, out, 2, NULL), -EACCES);
	expect_semctl(5, 0, IPC_STAT, &c_ds);
	expect_semctl(5, 0, GETALL, &eacces);
	assert_int_equal(sysvsem_detail(5, &expect, out, 2, NULL), -EACCES);
	expect_semctl(5, 0, IPC_STAT, &c_ds);
	expect_semctl(5, 0, GETALL, &c_all);
	expect_semctl(5, 0, GETNCNT, &zero);
	expect_semctl(5, 0, GETZCNT, &zero);
	expect_semctl(5, 0, GETPID, &zero);
	expect_semctl(5, 1, GETNCNT, &eidrm);
	assert_int_equal(sysvsem_detail(5, &expect, out, 2, NULL), -EIDRM);
	expect_semctl(5, 0, IPC_STAT, &c_ds);
	expect_semctl(5, 0, GETALL, &c_all);
	expect_semctl(5, 0, GETNCNT, &zero);
	expect_semctl(5, 0, GETZCNT, &zero);
	expect_semctl(5, 0, GETPID, &zero);
	expect_semctl(5, 1, GETNCNT, &zero);
	expect_semctl(5, 1, GETZCNT, &zero);
	expect_semctl(5, 1, GETPID, &zero);
	expect_semctl(5, 0, IPC_STAT, &einval);
	assert_int_equal(sysvsem_detail(5, &expect, out, 2, NULL), -EINVAL);
}

/* ------------------------------------------------------------ limits and usage */

static void test_limits_usage(void **state)
{
	struct seminfo lim = { .semmap = 1, .semmni = 32000, .semmns = 1024000000, .semmnu = 2,
			       .semmsl = 32001, .semopm = 500, .semume = 3, .semusz = 20,
			       .semvmx = 32767, .semaem = 16384 };
	struct seminfo use = lim, odd = lim;
	struct call c_lim = ok_info(7, &lim), c_use, c_odd, eperm = errcall(EPERM);
	struct sem_limits l;
	struct sem_usage u;

	(void)state;
	use.semusz = 12;   /* SEM_INFO: arrays in use */
	use.semaem = 345;  /* SEM_INFO: semaphores in them */
	c_use = ok_info(7, &use);
	expect_semctl(0, 0, IPC_INFO, &c_lim);
	assert_int_equal(sysvsem_limits_read(&l), 0);
	assert_int_equal(l.semmsl, 32001);
	assert_int_equal(l.semmns, 1024000000);
	assert_int_equal(l.semopm, 500);
	assert_int_equal(l.semmni, 32000);
	assert_int_equal(l.semvmx, 32767);
	expect_semctl(0, 0, SEM_INFO, &c_use);
	assert_int_equal(sysvsem_usage_read(&u), 0);
	assert_int_equal(u.arrays, 12);
	assert_int_equal(u.sems, 345);
	/* a negative count (a limit written as -1) is unknown, not 2^64 - 1 */
	odd.semmsl = -1;
	odd.semusz = -1;
	c_odd = ok_info(0, &odd);
	expect_semctl(0, 0, IPC_INFO, &c_odd);
	assert_int_equal(sysvsem_limits_read(&l), 0);
	assert_int_equal(l.semmsl, SEMSET_LIMIT_UNKNOWN);
	assert_int_equal(l.semmns, 1024000000);
	expect_semctl(0, 0, SEM_INFO, &c_odd);
	assert_int_equal(sysvsem_usage_read(&u), 0);
	assert_int_equal(u.arrays, SEMSET_LIMIT_UNKNOWN);
	assert_int_equal(u.sems, 16384);
	expect_semctl(0, 0, IPC_INFO, &eperm);
	assert_int_equal(sysvsem_limits_read(&l), -EPERM);
	expect_semctl(0, 0, SEM_INFO, &eperm);
	assert_int_equal(sysvsem_usage_read(&u), -EPERM);
}

/* ------------------------------------------------------------ sysvsem_remove */

#define SEEN_LATER(ds) (((int64_t)(ds).sem_ctime + 10) * 1000000000) /* a poll 10 s after ctime */

static void test_remove_same(void **state)
{
	/* Every identifying field agrees: removed. What semop changes (otime) does not count. */
	struct semid_ds then = make_ds(3, 0x2537, 0666), now = then;
	struct call c_now, c_rmid = ok_int(0);
	struct semset expect;

	(void)state;
	expect = seen(98307, &then);
	now.sem_otime += 100;
	c_now = ok_ds(0, &now);
	expect_semctl(98307, 0, IPC_STAT, &c_now);
	expect_semctl(98307, 0, IPC_RMID, &c_rmid);
	assert_int_equal(sysvsem_remove(98307, &expect, SEEN_LATER(then)), 0);
}

static void test_remove_changed(void **state)
{
	/* Any identifying field differs: -ESTALE and no IPC_RMID (an unexpected call fails the
	 * fake). SETVAL/SETALL and IPC_SET move ctime; IPC_SET changes owner and mode; a reuse of
	 * the id changes the rest. */
	struct semid_ds then = make_ds(4, 0x2537, 0666), changed[9];
	struct semset expect;

	(void)state;
	expect = seen(7, &then);
	for (int i = 0; i < 9; i++)
		changed[i] = then;
	changed[0].sem_perm.__key = 0x2538;
	changed[1].sem_nsems++;
	changed[2].sem_ctime++;
	changed[3].sem_perm.cuid++;
	changed[4].sem_perm.cgid++;
	changed[5].sem_perm.uid++;
	changed[6].sem_perm.gid++;
	changed[7].sem_perm.mode = 0600;
	changed[8].sem_ctime--;
	for (int i = 0; i < 9; i++) {
		struct call c = ok_ds(0, &changed[i]);

		expect_semctl(7, 0, IPC_STAT, &c);
		if (sysvsem_remove(7, &expect, SEEN_LATER(then)) != -ESTALE)
			fail_msg("change %d not refused", i);
	}
}

static void test_remove_same_second(void **state)
{
	/* Created or changed within the second before the poll: a replacement made after it could
	 * agree on every field, and nothing finer tells: -EAGAIN, nothing removed. A later poll
	 * settles it. */
	struct semid_ds then = make_ds(6, 0x88, 0600);
	struct call c_then = ok_ds(0, &then), c_rmid = ok_int(0);
	int64_t seen_ns = (int64_t)then.sem_ctime * 1000000000 + 900000000;
	struct semset expect;

	(void)state;
	expect = seen(12, &then);
	expect_semctl(12, 0, IPC_STAT, &c_then);
	assert_int_equal(sysvsem_remove(12, &expect, seen_ns), -EAGAIN);
	expect_semctl(12, 0, IPC_STAT, &c_then);
	assert_int_equal(sysvsem_remove(12, &expect, seen_ns + 1000000000), -EAGAIN);
	expect_semctl(12, 0, IPC_STAT, &c_then);
	expect_semctl(12, 0, IPC_RMID, &c_rmid);
	assert_int_equal(sysvsem_remove(12, &expect, seen_ns + 2000000000), 0);
}

static void test_remove_errors(void **state)
{
	struct semid_ds ds = make_ds(5, 0x99, 0600);
	struct call c_ds = ok_ds(0, &ds), eidrm = errcall(EIDRM), eperm = errcall(EPERM),
		    eacces = errcall(EACCES);
	struct semset expect;

	(void)state;
	expect = seen(9, &ds);
	/* gone, or not readable by us (so not checked): the error, no IPC_RMID */
	expect_semctl(9, 0, IPC_STAT, &eidrm);
	assert_int_equal(sysvsem_remove(9, &expect, SEEN_LATER(ds)), -EIDRM);
	expect_semctl(9, 0, IPC_STAT, &eacces);
	assert_int_equal(sysvsem_remove(9, &expect, SEEN_LATER(ds)), -EACCES);
	/* not ours to remove */
	expect_semctl(9, 0, IPC_STAT, &c_ds);
	expect_semctl(9, 0, IPC_RMID, &eperm);
	assert_int_equal(sysvsem_remove(9, &expect, SEEN_LATER(ds)), -EPERM);
	/* gone between the look and the removal */
	expect_semctl(9, 0, IPC_STAT, &c_ds);
	expect_semctl(9, 0, IPC_RMID, &eidrm);
	assert_int_equal(sysvsem_remove(9, &expect, SEEN_LATER(ds)), -EIDRM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_mixed),
		cmocka_unit_test(test_list_empty),
		cmocka_unit_test(test_list_old_kernel),
		cmocka_unit_test(test_list_created_between_walks),
		cmocka_unit_test(test_list_refused),
		cmocka_unit_test(test_list_errors),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_detail),
		cmocka_unit_test(test_detail_big),
		cmocka_unit_test(test_detail_not_the_same),
		cmocka_unit_test(test_detail_errors),
		cmocka_unit_test(test_limits_usage),
		cmocka_unit_test(test_remove_same),
		cmocka_unit_test(test_remove_changed),
		cmocka_unit_test(test_remove_same_second),
		cmocka_unit_test(test_remove_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
