/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_psem.c - POSIX named semaphores: decoding glibc's semaphore from its bytes (this machine's
 * own sem_t, made with sem_init and sem_post, against sem_getvalue; both layouts written field by
 * field, x32's, the sizes and values glibc never writes); what identifies one; listing a temporary
 * directory ("sem.NAME" as "/NAME", the rest left out, the value of each), the mappers and deleted
 * semaphores of a written proc tree, values kept across a mapper scan; the unlink re-check refusing
 * a replaced, resized or changed file. And for real, as root in IPC and mount namespaces of the
 * test's own with a tmpfs on /dev/shm: sem_open'd semaphores listed with sem_getvalue's value, this
 * process as their mapper while it has them open, their times left alone by the listing, and a
 * semaphore posted to since it was listed still removable. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fstree.h"
#include "psem.h"
#include "shmdir.h"

#define BUF FSTREE_PATH

/* ------------------------------------------------------------ decoding */

/* The 64-bit layout's bytes: data, private, pad, then zeros to size. */
static void image64(unsigned char *b, size_t size, uint32_t value, uint32_t nwaiters,
		    uint32_t priv)
{
	uint64_t data = (uint64_t)nwaiters << 32 | value;
	uint32_t pad = 0;

	memset(b, 0, size);
	memcpy(b, &data, 8);
	memcpy(b + 8, &priv, 4);
	memcpy(b + 12, &pad, 4);
}

/* The 32-bit layout's bytes: value << 1 | waiters bit, private, pad, nwaiters. */
static void image32(unsigned char *b, uint32_t value, int bit, uint32_t nwaiters)
{
	uint32_t w[4] = { value << 1 | (uint32_t)!!bit, PSEM_FUTEX_SHARED, 0, nwaiters };

	memcpy(b, w, sizeof(w));
}

static void test_decode_this_machine(void **state)
{
	static const unsigned posts[] = { 0, 1, 2, 7, 1000 };
	sem_t sem;
	struct psem s;
	int v;

	(void)state;
	/* glibc's own sem_t, process-shared as sem_open makes it: what it holds decodes to what
	 * sem_getvalue says */
	for (size_t i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		assert_int_equal(sem_init(&sem, 1, 3), 0);
		for (unsigned k = 0; k < posts[i]; k++)
			assert_int_equal(sem_post(&sem), 0);
		assert_int_equal(sem_trywait(&sem), 0);
		assert_int_equal(sem_getvalue(&sem, &v), 0);
		memset(&s, 0xa5, sizeof(s));
		assert_int_equal(psem_decode(&sem, sizeof(sem), &s), 0);
		assert_int_equal(s.value_state, PSEM_VALUE_OK);
		assert_int_equal(s.value_err, 0);
		assert_int_equal(s.value, v);
		assert_int_equal(s.nwaiters, 0);
		assert_int_equal(s.layout, sizeof(sem) == PSEM_SIZE_64 ? PSEM_LAYOUT_DATA64 :
				 PSEM_LAYOUT_VALUE32);
		sem_destroy(&sem);
	}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* the bytes of a sem_open'd semaphore of value 4 on x86_64, as a file holds them */
	{
		static const unsigned char x86_64[32] = { 4, 0, 0, 0, 0, 0, 0, 0, 0x80 };
		static const unsigned char waiting[32] = { 0, 0, 0, 0, 2, 0, 0, 0, 0x80 };

		assert_int_equal(psem_decode(x86_64, sizeof(x86_64), &s), 0);
		assert_int_equal(s.value, 4);
		assert_int_equal(s.nwaiters, 0);
		assert_int_equal(psem_decode(waiting, sizeof(waiting), &s), 0);
		assert_int_equal(s.value, 0);
		assert_int_equal(s.nwaiters, 2);
	}
#endif
}

static void test_decode_layouts(void **state)
{
	unsigned char b[PSEM_SIZE_64];
	struct psem s;

	(void)state;
	/* 64-bit atomics: value in the low half of data, waiters in the high half */
	image64(b, sizeof(b), 5, 2, PSEM_FUTEX_SHARED);
	assert_int_equal(psem_decode(b, PSEM_SIZE_64, &s), 0);
	assert_int_equal(s.layout, PSEM_LAYOUT_DATA64);
	assert_int_equal(s.value_state, PSEM_VALUE_OK);
	assert_int_equal(s.value, 5);
	assert_int_equal(s.nwaiters, 2);
	image64(b, sizeof(b), PSEM_VALUE_MAX, UINT32_MAX, PSEM_FUTEX_SHARED);
	assert_int_equal(psem_decode(b, PSEM_SIZE_64, &s), 0);
	assert_int_equal(s.value, PSEM_VALUE_MAX);
	assert_int_equal(s.nwaiters, UINT32_MAX);
	assert_int_equal(s.value_state, PSEM_VALUE_OK);

	/* without: value shifted by one over the waiters bit, and a count of its own */
	image32(b, 9, 1, 3);
	assert_int_equal(psem_decode(b, PSEM_SIZE_32, &s), 0);
	assert_int_equal(s.layout, PSEM_LAYOUT_VALUE32);
	assert_int_equal(s.value, 9);
	assert_int_equal(s.nwaiters, 3);
	image32(b, 0, 0, 0);
	assert_int_equal(psem_decode(b, PSEM_SIZE_32, &s), 0);
	assert_int_equal(s.value, 0);
	image32(b, PSEM_VALUE_MAX, 0, 0);
	assert_int_equal(psem_decode(b, PSEM_SIZE_32, &s), 0);
	assert_int_equal(s.value, PSEM_VALUE_MAX);
	assert_int_equal(s.value_state, PSEM_VALUE_OK);

	/* x32: 16 bytes in the 64-bit layout, told by where the private field is */
	image64(b, PSEM_SIZE_32, 7, 1, PSEM_FUTEX_SHARED);
	assert_int_equal(psem_decode(b, PSEM_SIZE_32, &s), 0);
	assert_int_equal(s.layout, PSEM_LAYOUT_DATA64);
	assert_int_equal(s.value, 7);
	assert_int_equal(s.nwaiters, 1);
	/* 128 waiters in x32's layout put FUTEX_SHARED in both places: the 32-bit layout wins */
	image64(b, PSEM_SIZE_32, 7, PSEM_FUTEX_SHARED, PSEM_FUTEX_SHARED);
	assert_int_equal(psem_decode(b, PSEM_SIZE_32, &s), 0);
	assert_int_equal(s.layout, PSEM_LAYOUT_VALUE32);
}

static void test_decode_bad(void **state)
{
	static const size_t sizes[] = { 0, 1, 8, 15, 17, 24, 31, 33, 64 };
	unsigned char b[64];
	struct psem s;

	(void)state;
	image64(b, sizeof(b), 5, 0, PSEM_FUTEX_SHARED);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(&s, 0xa5, sizeof(s));
		assert_int_equal(psem_decode(b, sizes[i], &s), -EINVAL);
		assert_int_equal(s.value_state, PSEM_VALUE_BADSIZE);
		assert_int_equal(s.layout, PSEM_LAYOUT_UNKNOWN);
		assert_int_equal(s.value, 0);
		assert_int_equal(s.nwaiters, 0);
		assert_int_equal(s.value_err, 0);
	}
	/* above SEM_VALUE_MAX: never glibc's, the raw number kept */
	image64(b, PSEM_SIZE_64, 0x80000000u, 0, PSEM_FUTEX_SHARED);
	assert_int_equal(psem_decode(b, PSEM_SIZE_64, &s), 0);
	assert_int_equal(s.value_state, PSEM_VALUE_BADVALUE);
	assert_int_equal(s.value, 0x80000000u);
	image64(b, PSEM_SIZE_64, UINT32_MAX, 0, PSEM_FUTEX_SHARED);
	assert_int_equal(psem_decode(b, PSEM_SIZE_64, &s), 0);
	assert_int_equal(s.value_state, PSEM_VALUE_BADVALUE);
}

static void test_identity(void **state)
{
	struct psem a, b;

	(void)state;
	memset(&a, 0, sizeof(a));
	snprintf(a.name, sizeof(a.name), "/lock");
	a.dev = 0x1b;
	a.ino = 42;
	a.size = PSEM_SIZE_64;
	a.ctime = 1700000000;
	a.ctime_ns = 5;
	a.value = 1;
	b = a;
	assert_true(psem_same(&a, &b));
	assert_true(psem_identical(&a, &b));
	/* the value and the waiters are its state, not its identity */
	b.value = 0;
	b.nwaiters = 2;
	b.value_state = PSEM_VALUE_BADSIZE;
	assert_true(psem_identical(&a, &b));
	/* unlinked since: the same semaphore for tracking, but nothing to remove */
	b.deleted = 1;
	assert_true(psem_same(&a, &b));
	assert_false(psem_identical(&a, &b));
	assert_false(psem_identical(&b, &a));
	assert_false(psem_identical(&b, &b));
	/* a changed file: the same semaphore, not identical */
	b = a;
	b.ctime_ns++;
	assert_true(psem_same(&a, &b));
	assert_false(psem_identical(&a, &b));
	b = a;
	b.size = PSEM_SIZE_32;
	assert_false(psem_identical(&a, &b));
	/* another name, inode or device: another semaphore */
	b = a;
	b.name[1] = 'L';
	assert_false(psem_same(&a, &b));
	b = a;
	b.ino++;
	assert_false(psem_same(&a, &b));
	b = a;
	b.dev++;
	assert_false(psem_same(&a, &b));
}

/* ------------------------------------------------------------ temporary trees */

struct tree {
	char top[PATH_MAX];         /* realpath of the mkdtemp directory */
	char shm[PATH_MAX + 8];     /* top/shm: the directory */
	char proc[PATH_MAX + 8];    /* top/proc: a written proc tree */
	dev_t dev;
	struct shmdir d;
};

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	const char *base = getenv("TMPDIR");
	char tmpl[PATH_MAX];
	struct stat st;

	if (!t)
		return -1;
	snprintf(tmpl, sizeof(tmpl), "%s/shmtop-psem-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl) || !realpath(tmpl, t->top)) {
		free(t);
		return -1;
	}
	*state = t;
	snprintf(t->shm, sizeof(t->shm), "%s/shm", t->top);
	snprintf(t->proc, sizeof(t->proc), "%s/proc", t->top);
	fstree_mkdir(t->top, "shm");
	fstree_mkdir(t->top, "proc");
	if (stat(t->shm, &st) < 0 || shmdir_open(&t->d, t->proc, t->shm) < 0)
		return -1;
	t->dev = st.st_dev;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;

	shmdir_close(&t->d);
	fstree_remove(t->top);
	free(t);
	return 0;
}

/* dir/name holding len bytes of b; its lstat into *st (may be NULL). */
static void put_bytes(const char *dir, const char *name, const void *b, size_t len,
		      struct stat *st)
{
	char p[BUF];
	int fd;

	fstree_join(p, sizeof(p), dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	if (st)
		assert_int_equal(lstat(p, st), 0);
}

/* The semaphore of l named name (listed or deleted as asked); fails when there is none. */
static const struct psem *get(const struct psem_list *l, const char *name, int deleted)
{
	static const struct psem none;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0 && l->v[i].deleted == deleted)
			return &l->v[i];
	fail_msg("no %s semaphore %s", deleted ? "deleted" : "listed", name);
	return &none;
}

static void test_list_dir(void **state)
{
	struct tree *t = *state;
	unsigned char b64[PSEM_SIZE_64], b32[PSEM_SIZE_32];
	struct psem_list l;
	const struct psem *s;
	struct stat st;
	char p[BUF];

	image64(b64, sizeof(b64), 4, 1, PSEM_FUTEX_SHARED);
	put_bytes(t->shm, "sem.a", b64, sizeof(b64), &st);
	image32(b32, 6, 0, 0);
	put_bytes(t->shm, "sem.b c", b32, sizeof(b32), NULL);
	put_bytes(t->shm, "sem.short", b64, 7, NULL);
	image64(b64, sizeof(b64), 0xfffffff0u, 0, PSEM_FUTEX_SHARED);
	put_bytes(t->shm, "sem.bad", b64, sizeof(b64), NULL);
	put_bytes(t->shm, "a", b64, sizeof(b64), NULL);                 /* shared memory */
	put_bytes(t->shm, "semx", b64, sizeof(b64), NULL);
	fstree_mkdir(t->shm, "sem.dir");
	fstree_link(t->shm, "sem.link", "sem.a");
	fstree_join(p, sizeof(p), t->shm, "sem.fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	fstree_join(p, sizeof(p), t->shm, "sem.a");
	assert_int_equal(chmod(p, 0640), 0);
	assert_int_equal(lstat(p, &st), 0);

	psem_list_init(&l);
	assert_int_equal(psem_list_dir(&t->d, &l), 0);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].name, "/a");
	assert_string_equal(l.v[1].name, "/b c");
	assert_string_equal(l.v[2].name, "/bad");
	assert_string_equal(l.v[3].name, "/short");
	s = get(&l, "/a", 0);
	assert_int_equal(s->size, PSEM_SIZE_64);
	assert_int_equal(s->uid, st.st_uid);
	assert_int_equal(s->gid, st.st_gid);
	assert_int_equal(s->mode, 0640);
	assert_int_equal(s->mtime, st.st_mtime);
	assert_int_equal(s->ctime, st.st_ctim.tv_sec);
	assert_int_equal(s->ctime_ns, st.st_ctim.tv_nsec);
	assert_int_equal(s->dev, st.st_dev);
	assert_int_equal(s->ino, st.st_ino);
	assert_int_equal(s->stat_known, 1);
	assert_int_equal(s->deleted, 0);
	assert_int_equal(s->value_state, PSEM_VALUE_OK);
	assert_int_equal(s->value, 4);
	assert_int_equal(s->nwaiters, 1);
	s = get(&l, "/b c", 0);
	assert_int_equal(s->layout, PSEM_LAYOUT_VALUE32);
	assert_int_equal(s->value, 6);
	s = get(&l, "/short", 0);
	assert_int_equal(s->value_state, PSEM_VALUE_BADSIZE);
	assert_int_equal(s->size, 7);
	s = get(&l, "/bad", 0);
	assert_int_equal(s->value_state, PSEM_VALUE_BADVALUE);
	assert_int_equal(s->value, 0xfffffff0u);
	assert_null(psem_mappers(&l, s, &(size_t){ 0 }));

	/* listed again: the values of now */
	image64(b64, sizeof(b64), 11, 0, PSEM_FUTEX_SHARED);
	fstree_join(p, sizeof(p), t->shm, "sem.a");
	{
		int fd = open(p, O_WRONLY);

		assert_true(fd >= 0);
		assert_int_equal(pwrite(fd, b64, 8, 0), 8);
		close(fd);
	}
	assert_int_equal(psem_list_dir(&t->d, &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(get(&l, "/a", 0)->value, 11);
	psem_list_free(&l);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.files.sems, 1);
	/* a directory that is not open: its error, nothing listed */
	shmdir_close(&t->d);
	assert_int_equal(psem_list_dir(&t->d, &l), -ENOENT);
	assert_int_equal(l.n, 0);
	psem_list_free(&l);
}

/* A maps line as the kernel writes it. */
static void maps_line(FILE *f, uint64_t start, dev_t dev, uint64_t ino, const char *path)
{
	fprintf(f, "%llx-%llx rw-s 00000000 %02x:%02x %llu                          %s\n",
		(unsigned long long)start, (unsigned long long)start + 0x1000, major(dev),
		minor(dev), (unsigned long long)ino, path);
}

static void test_mappers(void **state)
{
	struct tree *t = *state;
	unsigned char b[PSEM_SIZE_64];
	struct stat a, gone;
	struct psem_list l;
	const struct posix_mapper *m;
	const struct psem *s;
	char p[BUF], q[BUF];
	size_t n;
	FILE *f;

	image64(b, sizeof(b), 2, 0, PSEM_FUTEX_SHARED);
	put_bytes(t->shm, "sem.a", b, sizeof(b), &a);
	put_bytes(t->shm, "sem.unmapped", b, sizeof(b), NULL);
	put_bytes(t->shm, "sem.gone", b, sizeof(b), &gone);
	fstree_join(p, sizeof(p), t->shm, "sem.gone");
	assert_int_equal(unlink(p), 0);
	fstree_mkdir(t->proc, "100");
	fstree_put(t->proc, "100/stat", "100 (poster) S 1 100 100 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 "
		   "1 1 1\n", NULL);
	fstree_join(p, sizeof(p), t->proc, "100/maps");
	f = fopen(p, "w");
	assert_non_null(f);
	fstree_join(q, sizeof(q), t->shm, "sem.a");
	maps_line(f, 0x7f0000000000, t->dev, a.st_ino, q);
	fstree_join(q, sizeof(q), t->shm, "sem.gone (deleted)");
	maps_line(f, 0x7f0000010000, t->dev, gone.st_ino, q);
	fstree_join(q, sizeof(q), t->shm, "shm-object (deleted)");
	maps_line(f, 0x7f0000020000, t->dev, 999999, q);
	assert_int_equal(fclose(f), 0);

	psem_list_init(&l);
	assert_int_equal(psem_list_dir(&t->d, &l), 0);
	assert_int_equal(l.n, 2);
	/* the value changes on disk after the listing: a scan keeps the listed value */
	image64(b, sizeof(b), 9, 0, PSEM_FUTEX_SHARED);
	fstree_join(p, sizeof(p), t->shm, "sem.a");
	{
		int fd = open(p, O_WRONLY);

		assert_true(fd >= 0);
		assert_int_equal(pwrite(fd, b, 8, 0), 8);
		close(fd);
	}
	assert_int_equal(psem_scan_mappers(t->proc, &t->d, &l), 0);
	assert_int_equal(l.n, 3);
	s = get(&l, "/a", 0);
	assert_int_equal(s->value, 2);
	m = psem_mappers(&l, s, &n);
	assert_int_equal(n, 1);
	assert_non_null(m);
	assert_int_equal(m[0].pid, 100);
	assert_string_equal(m[0].comm, "poster");
	s = get(&l, "/unmapped", 0);
	assert_int_equal(s->value, 2);
	assert_null(psem_mappers(&l, s, &n));
	assert_int_equal(n, 0);
	/* the unlinked one, still mapped: deleted, its value unread; not the shm object */
	s = get(&l, "/gone", 1);
	assert_int_equal(s->ino, gone.st_ino);
	assert_int_equal(s->value_state, PSEM_VALUE_UNREAD);
	assert_int_equal(s->value_err, -ENOENT);
	assert_int_equal(psem_mappers(&l, s, &n)[0].pid, 100);
	/* listing again reads the value of now, and keeps the deleted one and the mappers */
	assert_int_equal(psem_list_dir(&t->d, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(get(&l, "/a", 0)->value, 9);
	assert_int_equal(get(&l, "/gone", 1)->deleted, 1);
	psem_mappers(&l, get(&l, "/a", 0), &n);
	assert_int_equal(n, 1);
	psem_list_free(&l);
}

/* ------------------------------------------------------------ the unlink re-check */

static struct psem listed(const struct shmdir *d, const char *name)
{
	struct psem_list l;
	struct psem s;

	psem_list_init(&l);
	assert_int_equal(psem_list_dir(d, &l), 0);
	s = *get(&l, name, 0);
	psem_list_free(&l);
	return s;
}

/* Change path's ctime (a chmod to its mode) until it differs from s's. */
static void touch_ctime(const char *path, const struct psem *s)
{
	struct timespec pause = { 0, 1000000 };
	struct stat st;

	for (int i = 0; i < 1000; i++) {
		assert_int_equal(chmod(path, s->mode), 0);
		assert_int_equal(lstat(path, &st), 0);
		if (st.st_ctim.tv_sec != s->ctime || (uint32_t)st.st_ctim.tv_nsec != s->ctime_ns)
			return;
		nanosleep(&pause, NULL);
	}
	fail_msg("the ctime of %s does not change", path);
}

static void test_unlink_rechecks(void **state)
{
	struct tree *t = *state;
	unsigned char b[PSEM_SIZE_64];
	struct psem s;
	char p[BUF], q[BUF];

	image64(b, sizeof(b), 1, 0, PSEM_FUTEX_SHARED);
	fstree_join(p, sizeof(p), t->shm, "sem.x");
	fstree_join(q, sizeof(q), t->shm, "sem.x.new");

	/* unchanged: unlinked, once */
	put_bytes(t->shm, "sem.x", b, sizeof(b), NULL);
	s = listed(&t->d, "/x");
	assert_int_equal(psem_unlink(&t->d, &s), 0);
	assert_false(fstree_exists(t->shm, "sem.x"));
	assert_int_equal(psem_unlink(&t->d, &s), -ENOENT);

	/* made again under the name, as sem_open makes it: another file linked in */
	put_bytes(t->shm, "sem.x", b, sizeof(b), NULL);
	s = listed(&t->d, "/x");
	put_bytes(t->shm, "sem.x.new", b, sizeof(b), NULL);
	assert_int_equal(rename(q, p), 0);
	assert_int_equal(psem_unlink(&t->d, &s), -ESTALE);
	assert_true(fstree_exists(t->shm, "sem.x"));

	/* resized; changed (ctime) */
	s = listed(&t->d, "/x");
	assert_int_equal(truncate(p, 16), 0);
	assert_int_equal(psem_unlink(&t->d, &s), -ESTALE);
	s = listed(&t->d, "/x");
	touch_ctime(p, &s);
	assert_int_equal(psem_unlink(&t->d, &s), -ESTALE);
	assert_true(fstree_exists(t->shm, "sem.x"));

	/* each identifying field on its own */
	s = listed(&t->d, "/x");
	for (int field = 0; field < 6; field++) {
		struct psem w = s;
		int want = -ESTALE;

		switch (field) {
		case 0: w.dev++; break;
		case 1: w.ino++; break;
		case 2: w.size++; break;
		case 3: w.ctime++; break;
		case 4: w.ctime_ns ^= 1; break;
		default: w.deleted = 1; want = -EINVAL; break;
		}
		if (psem_unlink(&t->d, &w) != want)
			fail_msg("unlink with field %d changed did not refuse", field);
		assert_true(fstree_exists(t->shm, "sem.x"));
	}
	/* not identifying: the value, the owner (a chown would move the ctime), the mtime */
	s.value = 77;
	s.nwaiters = 3;
	s.mtime--;
	assert_int_equal(psem_unlink(&t->d, &s), 0);
	assert_false(fstree_exists(t->shm, "sem.x"));

	/* a symlink in its place; a name that is not one component; the shm object of the name */
	put_bytes(t->shm, "sem.x.new", b, sizeof(b), NULL);
	s = listed(&t->d, "/x.new");
	assert_int_equal(symlink("sem.x.new", p), 0);
	snprintf(s.name, sizeof(s.name), "/x");
	assert_int_equal(psem_unlink(&t->d, &s), -ESTALE);
	assert_int_equal(unlink(p), 0);
	s = listed(&t->d, "/x.new");
	snprintf(s.name, sizeof(s.name), "/../shm/sem.x.new");
	assert_int_equal(psem_unlink(&t->d, &s), -EINVAL);
	put_bytes(t->shm, "x.new", b, sizeof(b), NULL);
	s = listed(&t->d, "/x.new");
	assert_int_equal(psem_unlink(&t->d, &s), 0);
	assert_false(fstree_exists(t->shm, "sem.x.new"));
	assert_true(fstree_exists(t->shm, "x.new"));
}

/* ------------------------------------------------------------ real semaphores */

struct real {
	struct shmdir d;
	char name[64];              /* "/shmtop-test-PID-N" */
};

static int real_setup(void **state)
{
	static unsigned seq;
	struct real *r = calloc(1, sizeof(*r));

	if (!r)
		return -1;
	if (shmdir_open(&r->d, "/proc", "/dev/shm") < 0) {
		free(r);
		return -1;
	}
	snprintf(r->name, sizeof(r->name), "/shmtop-test-%d-%u", (int)getpid(), ++seq);
	*state = r;
	return 0;
}

static int real_teardown(void **state)
{
	struct real *r = *state;

	sem_unlink(r->name);
	shmdir_close(&r->d);
	free(r);
	return 0;
}

static void test_real(void **state)
{
	struct real *r = *state;
	struct psem_list l;
	const struct psem *s;
	const struct posix_mapper *m;
	struct stat before, after;
	char p[PATH_MAX + 64];
	sem_t *sem;
	size_t n;
	int v;

	sem = sem_open(r->name, O_CREAT | O_EXCL, 0600, 5);
	assert_true(sem != SEM_FAILED);
	assert_int_equal(sem_post(sem), 0);
	assert_int_equal(sem_wait(sem), 0);
	assert_int_equal(sem_wait(sem), 0);
	assert_int_equal(sem_getvalue(sem, &v), 0);
	snprintf(p, sizeof(p), "/dev/shm/sem.%s", r->name + 1);
	assert_int_equal(lstat(p, &before), 0);
	{
		struct timespec pause = { 0, 20000000 };  /* past the tmpfs clock's granularity */

		nanosleep(&pause, NULL);
	}

	psem_list_init(&l);
	assert_int_equal(psem_list_dir(&r->d, &l), 0);
	assert_int_equal(psem_scan_mappers("/proc", &r->d, &l), 0);
	assert_int_equal(l.n, 1);       /* a /dev/shm of our own */
	s = get(&l, r->name, 0);
	assert_int_equal(s->value_state, PSEM_VALUE_OK);
	assert_int_equal(s->value, v);
	assert_int_equal(s->value, 4);
	assert_int_equal(s->nwaiters, 0);
	assert_int_equal(s->size, sizeof(sem_t));
	assert_int_equal(s->ino, before.st_ino);
	assert_int_equal(s->mode, 0600);
	m = psem_mappers(&l, s, &n);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].pid, getpid());
	assert_string_equal(m[0].access, "rw-s");
	/* looked at, not touched: the file's times as they were, atime included */
	assert_int_equal(lstat(p, &after), 0);
	assert_int_equal(after.st_atim.tv_sec, before.st_atim.tv_sec);
	assert_int_equal(after.st_atim.tv_nsec, before.st_atim.tv_nsec);
	assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
	assert_int_equal(after.st_ctim.tv_nsec, before.st_ctim.tv_nsec);
	assert_int_equal(sem_getvalue(sem, &v), 0);
	assert_int_equal(v, 4);

	/* posted to and waited on since it was listed: the same semaphore, removed */
	{
		struct psem was = *s;

		assert_int_equal(sem_post(sem), 0);
		assert_int_equal(sem_post(sem), 0);
		assert_int_equal(sem_wait(sem), 0);
		assert_int_equal(psem_unlink(&r->d, &was), 0);
	}
	assert_int_equal(sem_open(r->name, 0), SEM_FAILED);
	assert_int_equal(errno, ENOENT);
	/* still mapped here: deleted, with this process as its mapper. Its name is the one this
	 * process mapped it by: sem_open maps a new semaphore through glibc's temporary name
	 * (sem.XXXXXX, unlinked at once), not through sem.NAME */
	assert_int_equal(psem_list_dir(&r->d, &l), 0);
	assert_int_equal(psem_scan_mappers("/proc", &r->d, &l), 0);
	assert_int_equal(l.n, 1);
	s = &l.v[0];
	assert_int_equal(s->deleted, 1);
	assert_int_equal(s->ino, before.st_ino);
	assert_int_equal(s->value_state, PSEM_VALUE_UNREAD);
	print_message("unlinked, still mapped: %s\n", s->name);
	assert_int_equal(psem_mappers(&l, s, &n)[0].pid, getpid());
	/* closed: gone */
	assert_int_equal(sem_close(sem), 0);
	assert_int_equal(psem_scan_mappers("/proc", &r->d, &l), 0);
	assert_int_equal(l.n, 0);
	psem_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_this_machine),
		cmocka_unit_test(test_decode_layouts),
		cmocka_unit_test(test_decode_bad),
		cmocka_unit_test(test_identity),
		cmocka_unit_test_setup_teardown(test_list_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mappers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlink_rechecks, setup, teardown),
	};
	const struct CMUnitTest real[] = {
		cmocka_unit_test_setup_teardown(test_real, real_setup, real_teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	/* sem_open puts its files in /dev/shm: a tmpfs of this test's own there, in a mount
	 * namespace of its own, so nothing of the caller's is seen or touched */
	if (geteuid() != 0 || unshare(CLONE_NEWIPC | CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("shmtop-test", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0) {
		printf("SKIP: the real semaphores need root: a private /dev/shm\n");
		return rc;
	}
	return rc | cmocka_run_group_tests_name("real semaphores", real, NULL, NULL);
}
