/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_posix.c - POSIX shared memory objects: posix_list_dir over a temporary directory (regular
 * files only, "sem.*", directories, symlinks and fifos skipped, or, for named semaphores, the
 * "sem.*" files only; size, owner, mode, mtime, dev and inode as lstat says; byte order of
 * names), posix_scan_mappers over proc trees written at test
 * time whose maps lines carry the real device and inodes of those files (grouping per process,
 * mprotect pieces counted once, private and executable access, deleted objects and the look-alikes
 * that are not, another mount namespace's view, a symlinked dir, relinking), and for real: this
 * process shm_opens an object in /dev/shm, maps it twice, and the scan of /proc must say so, before
 * and after shm_unlink. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "posix.h"
#include "shmdir.h"

#define PG 0x1000ull
#define BUF (PATH_MAX * 3)      /* room for a path built of two tree paths */

/* ------------------------------------------------------------ temporary trees */

struct tree {
	char root[PATH_MAX];    /* realpath of the mkdtemp directory */
	char shm[PATH_MAX + 8];     /* root/shm: the objects */
	char proc[PATH_MAX + 8];    /* root/proc: a proc tree */
	dev_t dev;              /* shm's filesystem */
	struct shmdir sd;       /* shm, opened as shmtop opens --shm-dir */
};

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	const char *base = getenv("TMPDIR");
	char tmpl[PATH_MAX];
	struct stat st;

	if (!t)
		return -1;
	if ((size_t)snprintf(tmpl, sizeof(tmpl), "%s/shmtop-posix-XXXXXX",
			     base && *base ? base : "/tmp") >= sizeof(tmpl) || !mkdtemp(tmpl) ||
	    !realpath(tmpl, t->root)) {
		free(t);
		return -1;
	}
	snprintf(t->shm, sizeof(t->shm), "%s/shm", t->root);
	snprintf(t->proc, sizeof(t->proc), "%s/proc", t->root);
	if (mkdir(t->shm, 0700) < 0 || mkdir(t->proc, 0700) < 0 || stat(t->shm, &st) < 0) {
		nftw(t->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		free(t);
		return -1;
	}
	t->dev = st.st_dev;
	if (shmdir_open(&t->sd, t->proc, t->shm) < 0) {
		nftw(t->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;

	shmdir_close(&t->sd);
	nftw(t->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

/* dir/name with size bytes, mode, mtime; its lstat into *st (may be NULL). */
static void make_file(const char *dir, const char *name, off_t size, mode_t mode, time_t mtime,
		      struct stat *st)
{
	struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };
	char path[BUF];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		fail_msg("cannot create %s: %s", path, strerror(errno));
	assert_int_equal(ftruncate(fd, size), 0);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(futimens(fd, ts), 0);
	assert_int_equal(close(fd), 0);
	if (st)
		assert_int_equal(lstat(path, st), 0);
}

static void lstat_at(const char *dir, const char *name, struct stat *st)
{
	char path[BUF];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(lstat(path, st), 0);
}

/* proc/PID/stat naming comm, as the kernel writes it. */
static void write_stat(const struct tree *t, int pid, const char *comm)
{
	char path[BUF];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d", t->proc, pid);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/%d/stat", t->proc, pid);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%d (%s) S 1 %d %d 0 -1 4194560 2570 8813 0 3 4 2 13 11 20 0 1 0 123456 "
		"8429568 1280 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n",
		pid, comm, pid, pid);
	assert_int_equal(fclose(f), 0);
}

/* proc/PID/maps opened for writing (its directory made). */
static FILE *open_maps(const struct tree *t, int pid)
{
	char path[BUF];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d", t->proc, pid);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/%d/maps", t->proc, pid);
	f = fopen(path, "w");
	if (!f)
		fail_msg("cannot create %s: %s", path, strerror(errno));
	return f;
}

/* A maps line as the kernel writes it: device in hex, inode in decimal, path padded to column 73;
 * path NULL for an anonymous mapping. */
static void maps_line(FILE *f, uint64_t start, uint64_t end, const char *perms, uint64_t off,
		      dev_t dev, uint64_t ino, const char *path)
{
	int n = fprintf(f, "%08llx-%08llx %s %08llx %02x:%02x %llu ", (unsigned long long)start,
			(unsigned long long)end, perms, (unsigned long long)off, major(dev),
			minor(dev), (unsigned long long)ino);

	assert_true(n > 0);
	if (path)
		fprintf(f, "%*s%s", n < 73 ? 73 - n : 1, "", path);
	fputc('\n', f);
}

/* The object of l named name (live or deleted as asked), or fail. */
static const struct posixobj *find_obj(const struct posix_list *l, const char *name, int deleted)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0 && l->v[i].deleted == deleted)
			return &l->v[i];
	fail_msg("no %s object %s", deleted ? "deleted" : "listed", name);
	return NULL;
}

/* The mapper of (dev, ino) in pid, or fail. */
static const struct posix_mapper *find_mapper(const struct posix_list *l, uint64_t dev,
					      uint64_t ino, int32_t pid)
{
	size_t first, n = posix_find_mappers(l, dev, ino, &first);

	for (size_t i = first; i < first + n; i++)
		if (l->m[i].pid == pid)
			return &l->m[i];
	fail_msg("no mapper %d of inode %llu", (int)pid, (unsigned long long)ino);
	return NULL;
}

static void assert_sorted(const struct posix_list *l)
{
	for (size_t i = 1; i < l->n; i++)
		assert_true(strcmp(l->v[i - 1].name, l->v[i].name) <= 0);
	for (size_t i = 1; i < l->nm; i++) {
		const struct posix_mapper *a = &l->m[i - 1], *b = &l->m[i];

		assert_true(a->dev < b->dev || (a->dev == b->dev && (a->ino < b->ino ||
			    (a->ino == b->ino && a->pid < b->pid))));
	}
}

static void assert_matches_stat(const struct posixobj *o, const struct stat *st)
{
	assert_int_equal(o->size, st->st_size);
	assert_int_equal(o->uid, st->st_uid);
	assert_int_equal(o->gid, st->st_gid);
	assert_int_equal(o->mode, st->st_mode & 07777);
	assert_int_equal(o->mtime, st->st_mtime);
	assert_int_equal(o->ctime, st->st_ctim.tv_sec);
	assert_int_equal(o->ctime_ns, st->st_ctim.tv_nsec);
	assert_int_equal(o->dev, st->st_dev);
	assert_int_equal(o->ino, st->st_ino);
	assert_int_equal(o->deleted, 0);
	assert_int_equal(o->stat_known, 1);
}

/* ------------------------------------------------------------ listing */

static void test_list_dir(void **state)
{
	struct tree *t = *state;
	static const char *want[] = { "/.hidden", "/B", "/a", "/a b", "/b", "/sem", NULL };
	char longname[256], path[BUF], wantlong[258];
	struct posix_list l;
	struct stat st;
	size_t i;

	make_file(t->shm, "b", 100, 0640, 1700000000, NULL);
	make_file(t->shm, "a", 0, 0600, 1600000000, NULL);
	make_file(t->shm, "B", 4096, 0666, 1500000000, NULL);
	make_file(t->shm, "a b", 1, 0400, 1400000000, NULL);
	make_file(t->shm, ".hidden", 7, 0644, 1300000000, NULL);
	make_file(t->shm, "sem", 3, 0644, 1300000000, NULL);            /* not "sem.": listed */
	memset(longname, 'x', 255);
	longname[255] = '\0';
	make_file(t->shm, longname, 5, 01777, 1200000000, NULL);        /* sticky bit kept */
	make_file(t->shm, "sem.x", 32, 0600, 1300000000, NULL);         /* a named semaphore */
	snprintf(path, sizeof(path), "%s/dir", t->shm);
	assert_int_equal(mkdir(path, 0700), 0);
	make_file(path, "inner", 10, 0600, 1300000000, NULL);           /* not recursive */
	snprintf(path, sizeof(path), "%s/link", t->shm);
	assert_int_equal(symlink("a", path), 0);
	snprintf(path, sizeof(path), "%s/dangling", t->shm);
	assert_int_equal(symlink("nowhere", path), 0);
	snprintf(path, sizeof(path), "%s/fifo", t->shm);
	assert_int_equal(mkfifo(path, 0600), 0);
	if (geteuid() == 0) {                                           /* an owner not ours */
		snprintf(path, sizeof(path), "%s/b", t->shm);
		assert_int_equal(chown(path, 4242, 4343), 0);
	}

	posix_list_init(&l);
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(l.n, 7);
	assert_sorted(&l);
	for (i = 0; want[i]; i++) {
		assert_string_equal(l.v[i].name, want[i]);
		lstat_at(t->shm, want[i] + 1, &st);
		assert_matches_stat(&l.v[i], &st);
	}
	wantlong[0] = '/';
	memcpy(wantlong + 1, longname, 256);
	assert_string_equal(l.v[i].name, wantlong);                     /* not cut */
	lstat_at(t->shm, longname, &st);
	assert_matches_stat(&l.v[i], &st);
	assert_int_equal(l.v[i].mode, 01777);

	assert_int_equal(find_obj(&l, "/b", 0)->size, 100);
	assert_int_equal(find_obj(&l, "/b", 0)->mtime, 1700000000);
	assert_int_equal(find_obj(&l, "/b", 0)->mode, 0640);
	if (geteuid() == 0) {
		assert_int_equal(find_obj(&l, "/b", 0)->uid, 4242);
		assert_int_equal(find_obj(&l, "/b", 0)->gid, 4343);
	}
	/* listing the same l again replaces, it does not add */
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(l.n, 7);
	assert_int_equal(l.nm, 0);
	posix_list_free(&l);
}

static void test_list_dir_changes(void **state)
{
	struct tree *t = *state;
	char path[BUF];
	struct posix_list l;
	struct stat st;

	make_file(t->shm, "one", 1, 0600, 1000, NULL);
	make_file(t->shm, "two", 2, 0600, 2000, NULL);
	posix_list_init(&l);
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(l.n, 2);
	snprintf(path, sizeof(path), "%s/one", t->shm);
	assert_int_equal(unlink(path), 0);
	make_file(t->shm, "three", 3, 0600, 3000, &st);
	snprintf(path, sizeof(path), "%s/two", t->shm);
	assert_int_equal(truncate(path, 22222), 0);
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "/three");
	assert_matches_stat(&l.v[0], &st);
	assert_string_equal(l.v[1].name, "/two");
	assert_int_equal(l.v[1].size, 22222);

	/* an empty directory */
	snprintf(path, sizeof(path), "%s/three", t->shm);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/two", t->shm);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(l.n, 0);
	posix_list_free(&l);
}

static void test_list_dir_errors(void **state)
{
	struct tree *t = *state;
	char path[BUF];
	struct posix_list l;
	struct shmdir d;

	make_file(t->shm, "kept", 1, 0600, 1000, NULL);
	posix_list_init(&l);
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(l.n, 1);
	/* what cannot be opened or read leaves l as it was */
	snprintf(path, sizeof(path), "%s/missing", t->root);
	assert_int_equal(shmdir_open(&d, t->proc, path), -ENOENT);
	assert_int_equal(posix_list_dir(&d, &l), -ENOENT);
	assert_int_equal(l.n, 1);
	shmdir_close(&d);
	snprintf(path, sizeof(path), "%s/kept", t->shm);
	assert_int_equal(shmdir_open(&d, t->proc, path), -ENOTDIR);
	assert_int_equal(posix_list_dir(&d, &l), -ENOTDIR);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "/kept");
	shmdir_close(&d);
	assert_int_equal(posix_list_dir(&d, &l), -ENOENT); /* never opened */
	if (geteuid() != 0) {                    /* a directory that opens but cannot be read */
		snprintf(path, sizeof(path), "%s/locked", t->root);
		assert_int_equal(mkdir(path, 0100), 0);
		assert_int_equal(shmdir_open(&d, t->proc, path), 0);
		assert_int_equal(posix_list_dir(&d, &l), -EACCES);
		assert_int_equal(l.n, 1);
		shmdir_close(&d);
	}
	posix_list_free(&l);

	/* an empty list, never filled */
	posix_list_init(&l);
	{
		size_t first = 99;

		assert_int_equal(posix_find_mappers(&l, 1, 2, &first), 0);
		assert_int_equal(first, 0);
	}
	posix_list_free(&l);
}

/* ------------------------------------------------------------ mappers, over a written proc tree */

struct fixture {
	struct stat a, b;
	uint64_t gone;          /* inode of the unlinked "gone", in no directory */
};

/* Objects a (8 KiB) and b (16 KiB) in shm, and processes:
 *   100 "writer"      a rw-s; b r--s twice; gone (deleted) rw-s; a library, anonymous memory
 *   200 "(odd) name"  b in three mprotect pieces; gone (deleted) r--s; a under another path;
 *                     look-alikes that are no object
 *   300 "priv"        a rw-p (private), b r-xs and again r--s right after it
 *   400               maps is a directory: unreadable
 *   500               stat only, no maps: gone
 *   600 "idle"        empty maps
 * and entries that are no process ("self", "stat", "12ab"). */
static void write_fixture(const struct tree *t, struct fixture *fx)
{
	dev_t dev = t->dev, other = makedev(major(t->dev) + 1, minor(t->dev));
	char pa[BUF], pb[BUF], pgone[BUF], p[BUF];
	FILE *f;

	make_file(t->shm, "a", 8192, 0600, 1000, &fx->a);
	make_file(t->shm, "b", 16384, 0644, 2000, &fx->b);
	fx->gone = 999999999;
	snprintf(pa, sizeof(pa), "%s/a", t->shm);
	snprintf(pb, sizeof(pb), "%s/b", t->shm);
	snprintf(pgone, sizeof(pgone), "%s/gone (deleted)", t->shm);

	f = open_maps(t, 100);
	maps_line(f, 0x55e60e16e000, 0x55e60e170000, "r--p", 0, other, 247134, "/usr/bin/writer");
	maps_line(f, 0x7f0000000000, 0x7f0000002000, "rw-s", 0, dev, fx->a.st_ino, pa);
	maps_line(f, 0x7f0000002000, 0x7f0000003000, "rw-p", 0, 0, 0, NULL);
	maps_line(f, 0x7f0000010000, 0x7f0000011000, "r--s", 0, dev, fx->b.st_ino, pb);
	maps_line(f, 0x7f0000020000, 0x7f0000024000, "r--s", 0, dev, fx->b.st_ino, pb);
	maps_line(f, 0x7f0000030000, 0x7f0000031000, "rw-s", 0, dev, fx->gone, pgone);
	maps_line(f, 0x7ffd00000000, 0x7ffd00021000, "rw-p", 0, 0, 0, "[stack]");
	assert_int_equal(fclose(f), 0);
	write_stat(t, 100, "writer");

	f = open_maps(t, 200);
	maps_line(f, 0x7f1000000000, 0x7f1000001000, "rw-s", 0, dev, fx->b.st_ino, pb);
	maps_line(f, 0x7f1000001000, 0x7f1000003000, "r--s", PG, dev, fx->b.st_ino, pb);
	maps_line(f, 0x7f1000003000, 0x7f1000004000, "rw-s", 3 * PG, dev, fx->b.st_ino, pb);
	maps_line(f, 0x7f1000020000, 0x7f1000021000, "r--s", 0, dev, fx->gone, pgone);
	/* a as the process names it in its own mount namespace: dev and inode decide */
	maps_line(f, 0x7f1000030000, 0x7f1000031000, "r--s", 0, dev, fx->a.st_ino, "/dev/shm/a");
	/* look-alikes: a semaphore, a file in a subdirectory, another filesystem, outside the
	 * directory, not deleted yet not listed, a name merely ending in "(deleted)" */
	snprintf(p, sizeof(p), "%s/sem.lock (deleted)", t->shm);
	maps_line(f, 0x7f1000040000, 0x7f1000041000, "rw-s", 0, dev, 888888881, p);
	snprintf(p, sizeof(p), "%s/sub/x (deleted)", t->shm);
	maps_line(f, 0x7f1000050000, 0x7f1000051000, "rw-s", 0, dev, 888888882, p);
	snprintf(p, sizeof(p), "%s/wrongdev (deleted)", t->shm);
	maps_line(f, 0x7f1000060000, 0x7f1000061000, "rw-s", 0, other, 888888883, p);
	snprintf(p, sizeof(p), "%s/elsewhere (deleted)", t->root);
	maps_line(f, 0x7f1000070000, 0x7f1000071000, "rw-s", 0, dev, 888888884, p);
	snprintf(p, sizeof(p), "%s/notlisted", t->shm);
	maps_line(f, 0x7f1000080000, 0x7f1000081000, "rw-s", 0, dev, 888888885, p);
	snprintf(p, sizeof(p), "%s/x(deleted)", t->shm);
	maps_line(f, 0x7f1000090000, 0x7f1000091000, "rw-s", 0, dev, 888888886, p);
	/* the device as the kernel prints it inside a path, on another filesystem */
	snprintf(p, sizeof(p), "%s/ %02x:%02x (deleted)", t->shm, major(dev), minor(dev));
	maps_line(f, 0x7f10000a0000, 0x7f10000a1000, "rw-s", 0, other, 888888887, p);
	fprintf(f, "garbage %02x:%02x %s/a\n", major(dev), minor(dev), t->shm);
	assert_int_equal(fclose(f), 0);
	write_stat(t, 200, "(odd) name");

	f = open_maps(t, 300);
	maps_line(f, 0x7f2000000000, 0x7f2000002000, "rw-p", 0, dev, fx->a.st_ino, pa);
	maps_line(f, 0x7f2000010000, 0x7f2000011000, "r-xs", 0, dev, fx->b.st_ino, pb);
	/* right after it, but from offset 0 again: a second mapping, not a piece of the first */
	maps_line(f, 0x7f2000011000, 0x7f2000012000, "r--s", 0, dev, fx->b.st_ino, pb);
	assert_int_equal(fclose(f), 0);
	write_stat(t, 300, "priv");

	snprintf(p, sizeof(p), "%s/400/maps", t->proc);
	write_stat(t, 400, "hidden");
	assert_int_equal(mkdir(p, 0700), 0);
	write_stat(t, 500, "zombie");
	f = open_maps(t, 600);
	assert_int_equal(fclose(f), 0);
	write_stat(t, 600, "idle");

	snprintf(p, sizeof(p), "%s/self", t->proc);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/12ab", t->proc);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/stat", t->proc);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("btime 1700000000\n", f);
	assert_int_equal(fclose(f), 0);
}

/* What write_fixture's tree must give, whichever directory name dir reaches t->shm by. */
static void check_fixture(const struct tree *t, const struct fixture *fx, const struct posix_list *l)
{
	const struct posixobj *o;
	const struct posix_mapper *m;
	size_t first;

	assert_int_equal(l->n, 3);
	assert_sorted(l);
	assert_string_equal(l->v[0].name, "/a");
	assert_string_equal(l->v[1].name, "/b");
	assert_string_equal(l->v[2].name, "/gone");
	assert_matches_stat(&l->v[0], &fx->a);
	assert_matches_stat(&l->v[1], &fx->b);
	o = &l->v[2];
	assert_int_equal(o->deleted, 1);
	assert_int_equal(o->stat_known, 0);       /* no map_files in a written tree */
	assert_int_equal(o->size, 0);
	assert_int_equal(o->uid, POSIX_ID_UNKNOWN);
	assert_int_equal(o->gid, POSIX_ID_UNKNOWN);
	assert_int_equal(o->dev, t->dev);
	assert_int_equal(o->ino, fx->gone);
	assert_int_equal(l->procs_scanned, 4);    /* 100 200 300 600 */
	assert_int_equal(l->procs_unreadable, 1); /* 400 */
	assert_int_equal(l->nm, 8);

	/* a: 100 rw-s, 200 under another path, 300 private */
	assert_int_equal(posix_find_mappers(l, t->dev, fx->a.st_ino, &first), 3);
	m = find_mapper(l, t->dev, fx->a.st_ino, 100);
	assert_string_equal(m->comm, "writer");
	assert_string_equal(m->access, "rw-s");
	assert_int_equal(m->count, 1);
	assert_int_equal(m->addr, 0x7f0000000000);
	assert_int_equal(m->length, 2 * PG);
	m = find_mapper(l, t->dev, fx->a.st_ino, 200);
	assert_string_equal(m->access, "r--s");
	m = find_mapper(l, t->dev, fx->a.st_ino, 300);
	assert_string_equal(m->comm, "priv");
	assert_string_equal(m->access, "r--p");    /* a private writable mapping writes no object */
	assert_int_equal(m->count, 1);

	/* b: 100 twice (the lower one kept), 200 once in three pieces, 300 executable */
	assert_int_equal(posix_find_mappers(l, t->dev, fx->b.st_ino, &first), 3);
	m = find_mapper(l, t->dev, fx->b.st_ino, 100);
	assert_int_equal(m->count, 2);
	assert_string_equal(m->access, "r--s");
	assert_int_equal(m->addr, 0x7f0000010000);
	assert_int_equal(m->length, PG);
	m = find_mapper(l, t->dev, fx->b.st_ino, 200);
	assert_string_equal(m->comm, "(odd) name");
	assert_int_equal(m->count, 1);
	assert_string_equal(m->access, "rw-s");
	assert_int_equal(m->addr, 0x7f1000000000);
	assert_int_equal(m->length, 4 * PG);
	m = find_mapper(l, t->dev, fx->b.st_ino, 300);
	assert_string_equal(m->access, "r-xs");
	assert_int_equal(m->count, 2);
	assert_int_equal(m->length, PG);

	/* gone: 100 and 200 */
	assert_int_equal(posix_find_mappers(l, t->dev, fx->gone, &first), 2);
	assert_int_equal(l->m[first].pid, 100);
	assert_string_equal(l->m[first].access, "rw-s");
	assert_int_equal(l->m[first + 1].pid, 200);
	assert_string_equal(l->m[first + 1].access, "r--s");

	/* the look-alikes map nothing */
	assert_int_equal(posix_find_mappers(l, makedev(major(t->dev) + 1, minor(t->dev)), 888888887,
					    &first), 0);
	for (uint64_t ino = 888888881; ino <= 888888887; ino++)
		assert_int_equal(posix_find_mappers(l, t->dev, ino, &first), 0);
	assert_int_equal(posix_find_mappers(l, t->dev + 1, fx->a.st_ino, &first), 0);
	assert_int_equal(posix_find_mappers(l, 0, 0, &first), 0);
	assert_int_equal(posix_find_mappers(l, UINT64_MAX, UINT64_MAX, &first), 0);
	assert_int_equal(first, l->nm);
}

static void test_scan_fixture(void **state)
{
	struct tree *t = *state;
	struct fixture fx;
	struct posix_list l;
	char path[BUF];
	uint32_t owner = geteuid();

	write_fixture(t, &fx);
	if (geteuid() == 0) {               /* the owner of the maps file is the mapper's uid */
		snprintf(path, sizeof(path), "%s/100/maps", t->proc);
		assert_int_equal(chown(path, 4242, 4242), 0);
	}
	posix_list_init(&l);
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(posix_scan_mappers(t->proc, &t->sd, &l), 0);
	check_fixture(t, &fx, &l);
	assert_int_equal(find_mapper(&l, t->dev, fx.a.st_ino, 100)->uid, owner ? owner : 4242);
	assert_int_equal(find_mapper(&l, t->dev, fx.a.st_ino, 200)->uid, owner);

	/* scanning again replaces: the deleted object is not added twice */
	assert_int_equal(posix_scan_mappers(t->proc, &t->sd, &l), 0);
	check_fixture(t, &fx, &l);
	/* listing again keeps the scan's deleted object and mappers */
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	check_fixture(t, &fx, &l);
	/* a trailing slash changes nothing */
	snprintf(path, sizeof(path), "%s/", t->shm);
	{
		struct shmdir d;

		assert_int_equal(shmdir_open(&d, t->proc, path), 0);
		assert_int_equal(posix_scan_mappers(t->proc, &d, &l), 0);
		check_fixture(t, &fx, &l);
		shmdir_close(&d);
	}
	posix_list_free(&l);
}

/* With sems set: the "sem.*" files only, and their deleted look-alikes, the rest left out. */
static void test_sems_selected(void **state)
{
	struct tree *t = *state;
	struct posix_list l;
	struct stat x, gone;
	char p[BUF];
	FILE *f;

	make_file(t->shm, "a", 10, 0600, 1000, NULL);
	make_file(t->shm, "semx", 10, 0600, 1000, NULL);
	make_file(t->shm, "sem.x", 32, 0640, 2000, &x);
	make_file(t->shm, "sem.", 32, 0600, 2000, NULL);
	make_file(t->shm, "sem.y", 16, 0600, 3000, NULL);
	snprintf(p, sizeof(p), "%s/sem.dir", t->shm);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/sem.link", t->shm);
	assert_int_equal(symlink("sem.x", p), 0);
	make_file(t->shm, "sem.gone", 32, 0600, 2000, &gone);
	snprintf(p, sizeof(p), "%s/sem.gone", t->shm);
	assert_int_equal(unlink(p), 0);

	posix_list_init(&l);
	l.sems = 1;
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].name, "/sem.");
	assert_string_equal(l.v[1].name, "/sem.x");
	assert_string_equal(l.v[2].name, "/sem.y");
	assert_matches_stat(&l.v[1], &x);

	/* a mapped semaphore, a deleted one, and a deleted object that is not one */
	f = open_maps(t, 100);
	snprintf(p, sizeof(p), "%s/sem.x", t->shm);
	maps_line(f, 0x7f0000000000, 0x7f0000001000, "rw-s", 0, t->dev, x.st_ino, p);
	snprintf(p, sizeof(p), "%s/sem.gone (deleted)", t->shm);
	maps_line(f, 0x7f0000010000, 0x7f0000011000, "rw-s", 0, t->dev, gone.st_ino, p);
	snprintf(p, sizeof(p), "%s/shm (deleted)", t->shm);
	maps_line(f, 0x7f0000020000, 0x7f0000021000, "rw-s", 0, t->dev, 888888881, p);
	assert_int_equal(fclose(f), 0);
	write_stat(t, 100, "poster");
	assert_int_equal(posix_scan_mappers(t->proc, &t->sd, &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(find_obj(&l, "/sem.gone", 1)->ino, gone.st_ino);
	assert_int_equal(find_mapper(&l, t->dev, x.st_ino, 100)->count, 1);
	assert_int_equal(find_mapper(&l, t->dev, gone.st_ino, 100)->count, 1);
	assert_int_equal(l.nm, 2);

	/* kept through posix_list_free; the same tree as shared memory objects */
	posix_list_free(&l);
	assert_int_equal(l.sems, 1);
	l.sems = 0;
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "/a");
	assert_string_equal(l.v[1].name, "/semx");
	assert_int_equal(posix_scan_mappers(t->proc, &t->sd, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(find_obj(&l, "/shm", 1)->ino, 888888881);
	assert_int_equal(l.nm, 1);
	posix_list_free(&l);
}

static void test_scan_other_views(void **state)
{
	struct tree *t = *state;
	struct fixture fx;
	struct posix_list l;
	struct shmdir d;
	char dir[BUF], path[BUF];

	write_fixture(t, &fx);
	posix_list_init(&l);

	/* another process's root, procroot/PID/root/...: resolved inside that root, which for
	 * PID 1 of this tree is ours */
	snprintf(path, sizeof(path), "%s/1", t->proc);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/1/root", t->proc);
	assert_int_equal(symlink("/", path), 0);
	snprintf(dir, sizeof(dir), "%s/1/root%s", t->proc, t->shm);
	assert_int_equal(shmdir_open(&d, t->proc, dir), 0);
	assert_int_equal(d.root_pid, 1);
	assert_string_equal(d.path, t->shm);
	assert_string_equal(d.shown, dir);
	assert_int_equal(posix_list_dir(&d, &l), 0);
	assert_int_equal(posix_scan_mappers(t->proc, &d, &l), 0);
	check_fixture(t, &fx, &l);
	shmdir_close(&d);

	/* a symlink to the directory: maps name the real path */
	snprintf(dir, sizeof(dir), "%s/shmlink", t->root);
	assert_int_equal(symlink("shm", dir), 0);
	assert_int_equal(shmdir_open(&d, t->proc, dir), 0);
	assert_string_equal(d.path, t->shm);
	assert_int_equal(posix_list_dir(&d, &l), 0);
	assert_int_equal(posix_scan_mappers(t->proc, &d, &l), 0);
	check_fixture(t, &fx, &l);
	shmdir_close(&d);

	/* another directory on the same filesystem: none of shm's deleted objects */
	snprintf(dir, sizeof(dir), "%s/other", t->root);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(shmdir_open(&d, t->proc, dir), 0);
	assert_int_equal(posix_list_dir(&d, &l), 0);
	assert_int_equal(l.n, 1);                  /* the last scan's "gone" is kept ... */
	assert_int_equal(posix_scan_mappers(t->proc, &d, &l), 0);
	assert_int_equal(l.n, 0);                  /* ... until the next scan */
	assert_int_equal(l.nm, 0);
	assert_int_equal(l.procs_scanned, 4);
	shmdir_close(&d);
	posix_list_free(&l);
}

static void test_scan_relinked(void **state)
{
	struct tree *t = *state;
	char from[BUF], to[BUF], p[BUF];
	struct posix_list l;
	struct stat st;
	FILE *f;

	/* c lives outside shm (same filesystem) while a process maps it as deleted */
	make_file(t->root, "c", 123, 0600, 5000, &st);
	snprintf(p, sizeof(p), "%s/c (deleted)", t->shm);
	f = open_maps(t, 700);
	maps_line(f, 0x7f0000000000, 0x7f0000001000, "rw-s", 0, t->dev, st.st_ino, p);
	assert_int_equal(fclose(f), 0);
	posix_list_init(&l);
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(posix_scan_mappers(t->proc, &t->sd, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(find_obj(&l, "/c", 1)->ino, st.st_ino);
	assert_int_equal(l.nm, 1);
	assert_string_equal(l.m[0].comm, "");        /* no stat file */

	/* linked back in: listed, and no longer deleted */
	snprintf(from, sizeof(from), "%s/c", t->root);
	snprintf(to, sizeof(to), "%s/c", t->shm);
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(lstat(to, &st), 0);         /* a rename may change the ctime */
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(l.n, 1);
	assert_matches_stat(find_obj(&l, "/c", 0), &st);
	assert_int_equal(l.nm, 1);                   /* the mapper still applies */
	assert_int_equal(posix_scan_mappers(t->proc, &t->sd, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].deleted, 0);
	assert_int_equal(l.nm, 1);
	assert_int_equal(l.m[0].ino, st.st_ino);
	posix_list_free(&l);
}

static void test_scan_large_maps(void **state)
{
	struct tree *t = *state;
	char pa[BUF];
	struct posix_list l;
	struct stat st;
	uint64_t addr = 0x7f0000000000;
	size_t first;
	long pos;
	FILE *f;

	make_file(t->shm, "a", 4096, 0600, 1000, &st);
	snprintf(pa, sizeof(pa), "%s/a", t->shm);
	f = open_maps(t, 800);
	/* mappings of a before, across and well after the first 64 KiB of the file */
	while ((pos = ftell(f)) < 300 * 1024) {
		int hit = (pos > 65000 && pos < 65600) || pos < 100;

		maps_line(f, addr, addr + PG, hit ? "r--s" : "r--p", 0, hit ? t->dev : makedev(8, 1),
			  hit ? st.st_ino : 123456, hit ? pa :
			  "/usr/lib/x86_64-linux-gnu/libsomething-with-a-long-name.so.1.2.3");
		addr += 2 * PG;
	}
	maps_line(f, addr, addr + PG, "rw-s", 0, t->dev, st.st_ino, pa);
	/* unterminated last line */
	fprintf(f, "%08llx-%08llx r--s 00000000 %02x:%02x %llu %s", (unsigned long long)addr + 4 * PG,
		(unsigned long long)addr + 5 * PG, major(t->dev), minor(t->dev),
		(unsigned long long)st.st_ino, pa);
	assert_int_equal(fclose(f), 0);

	posix_list_init(&l);
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(posix_scan_mappers(t->proc, &t->sd, &l), 0);
	assert_int_equal(posix_find_mappers(&l, t->dev, st.st_ino, &first), 1);
	assert_true(l.m[first].count >= 4);
	assert_string_equal(l.m[first].access, "rw-s");
	assert_int_equal(l.m[first].addr, 0x7f0000000000);
	posix_list_free(&l);
}

static void test_scan_many_deleted(void **state)
{
	struct tree *t = *state;
	char p[BUF], name[32];
	struct posix_list l;
	FILE *f;

	/* 500 unlinked objects, inodes in no order, each mapped twice by 901 and once by 902 */
	for (int pid = 901; pid <= 902; pid++) {
		f = open_maps(t, pid);
		for (int round = 0; round < (pid == 901 ? 2 : 1); round++)
			for (uint64_t k = 0; k < 500; k++) {
				uint64_t ino = 1000000 + (k * 7919) % 500 * 3, at;

				at = 0x7f0000000000 + ((uint64_t)round * 1000 + k) * 0x10000;
				snprintf(p, sizeof(p), "%s/obj%llu (deleted)", t->shm,
					 (unsigned long long)ino);
				maps_line(f, at, at + PG, "r--s", 0, t->dev, ino, p);
			}
		assert_int_equal(fclose(f), 0);
	}
	posix_list_init(&l);
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(posix_scan_mappers(t->proc, &t->sd, &l), 0);
	assert_int_equal(l.n, 500);
	assert_int_equal(l.nm, 1000);
	assert_sorted(&l);
	for (size_t i = 0; i < l.n; i++) {
		const struct posixobj *o = &l.v[i];
		size_t first;

		snprintf(name, sizeof(name), "/obj%llu", (unsigned long long)o->ino);
		assert_string_equal(o->name, name);
		assert_int_equal(o->deleted, 1);
		assert_int_equal(posix_find_mappers(&l, t->dev, o->ino, &first), 2);
		assert_int_equal(l.m[first].pid, 901);
		assert_int_equal(l.m[first].count, 2);
		assert_int_equal(l.m[first + 1].pid, 902);
		assert_int_equal(l.m[first + 1].count, 1);
	}
	posix_list_free(&l);
}

static void test_scan_errors(void **state)
{
	struct tree *t = *state;
	struct fixture fx;
	struct posix_list l;
	char path[BUF];

	write_fixture(t, &fx);
	posix_list_init(&l);
	assert_int_equal(posix_list_dir(&t->sd, &l), 0);
	assert_int_equal(posix_scan_mappers(t->proc, &t->sd, &l), 0);
	assert_int_equal(l.n, 3);
	assert_true(l.nm > 0);
	snprintf(path, sizeof(path), "%s/missing", t->root);
	assert_int_equal(posix_scan_mappers(path, &t->sd, &l), -ENOENT);
	assert_int_equal(l.nm, 0);
	assert_int_equal(l.n, 2);                    /* the deleted object went with the mappers */
	assert_int_equal(posix_scan_mappers(t->proc, &t->sd, &l), 0);
	{                                            /* a directory that could not be opened */
		struct shmdir d;

		assert_int_equal(shmdir_open(&d, t->proc, path), -ENOENT);
		assert_int_equal(posix_scan_mappers(t->proc, &d, &l), -ENOENT);
		shmdir_close(&d);
	}
	assert_int_equal(l.nm, 0);
	assert_int_equal(l.n, 2);
	posix_list_free(&l);
}

/* ------------------------------------------------------------ for real, in /dev/shm */

#define REAL_SIZE 10000      /* not a multiple of the page size */

struct real {
	char name[64];
	int fd;
	int linked;
	void *ro, *rw;
	size_t page, maplen;    /* maplen: REAL_SIZE in whole pages */
};

static int real_setup(void **state)
{
	struct real *r = calloc(1, sizeof(*r));
	struct timespec ts;

	if (!r)
		return -1;
	*state = r;
	r->fd = -1;
	r->ro = r->rw = MAP_FAILED;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(r->name, sizeof(r->name), "/shmtop-test-posix-%d-%lx", (int)getpid(),
		 (unsigned long)ts.tv_nsec);
	r->fd = shm_open(r->name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (r->fd < 0)
		return 0;                /* the test skips */
	r->linked = 1;
	r->page = (size_t)sysconf(_SC_PAGESIZE);
	r->maplen = (REAL_SIZE + r->page - 1) / r->page * r->page;
	if (ftruncate(r->fd, REAL_SIZE) < 0)
		return -1;
	r->ro = mmap(NULL, REAL_SIZE, PROT_READ, MAP_SHARED, r->fd, 0);
	r->rw = mmap(NULL, REAL_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (r->ro == MAP_FAILED || r->rw == MAP_FAILED)
		return -1;
	memcpy(r->rw, "hello", 6);
	return 0;
}

static int real_teardown(void **state)
{
	struct real *r = *state;

	if (r->ro != MAP_FAILED)
		munmap(r->ro, r->maplen);
	if (r->rw != MAP_FAILED)
		munmap(r->rw, r->maplen);
	if (r->fd >= 0)
		close(r->fd);
	if (r->linked)
		shm_unlink(r->name);
	free(r);
	return 0;
}

static void self_comm(char *comm, size_t size)
{
	FILE *f = fopen("/proc/self/comm", "r");

	assert_non_null(f);
	assert_non_null(fgets(comm, (int)size, f));
	comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

static void check_real_mapper(const struct posix_list *l, const struct real *r,
			      const struct stat *st)
{
	const struct posix_mapper *m;
	size_t first;
	char comm[64];
	uint64_t lower = (uintptr_t)r->ro < (uintptr_t)r->rw ? (uintptr_t)r->ro : (uintptr_t)r->rw;

	self_comm(comm, sizeof(comm));
	assert_int_equal(posix_find_mappers(l, st->st_dev, st->st_ino, &first), 1);
	m = &l->m[first];
	assert_int_equal(m->pid, getpid());
	assert_int_equal(m->uid, geteuid());
	assert_int_equal(m->count, 2);
	assert_string_equal(m->access, "rw-s");
	assert_int_equal(m->addr, lower);
	assert_int_equal(m->length, r->maplen);       /* whole pages */
	assert_string_equal(m->comm, comm);
}

static void test_real_dev_shm(void **state)
{
	struct real *r = *state;
	char path[PATH_MAX];
	const struct posixobj *o;
	struct posix_list l;
	struct shmdir d;
	struct stat st;

	if (r->fd < 0) {
		print_message("no /dev/shm here (shm_open: %s): skipped\n", strerror(errno));
		skip();
	}
	assert_int_equal(fstat(r->fd, &st), 0);
	/* the middle page read-only in the writable mapping: one mapping in two pieces more */
	assert_int_equal(mprotect((char *)r->rw + r->page, r->page, PROT_READ), 0);

	assert_int_equal(shmdir_open(&d, "/proc", "/dev/shm"), 0);
	posix_list_init(&l);
	assert_int_equal(posix_list_dir(&d, &l), 0);
	o = find_obj(&l, r->name, 0);
	assert_matches_stat(o, &st);
	assert_int_equal(o->size, REAL_SIZE);
	assert_int_equal(o->mode, 0600);
	assert_int_equal(posix_scan_mappers("/proc", &d, &l), 0);
	assert_true(l.procs_scanned >= 1);
	o = find_obj(&l, r->name, 0);
	check_real_mapper(&l, r, &st);

	/* unlinked while mapped: still there, as deleted, with its stat when map_files allows */
	assert_int_equal(shm_unlink(r->name), 0);
	r->linked = 0;
	assert_int_equal(posix_list_dir(&d, &l), 0);
	assert_int_equal(posix_scan_mappers("/proc", &d, &l), 0);
	o = find_obj(&l, r->name, 1);
	assert_int_equal(o->dev, st.st_dev);
	assert_int_equal(o->ino, st.st_ino);
	snprintf(path, sizeof(path), "/proc/self/map_files/%llx-%llx",
		 (unsigned long long)(uintptr_t)r->ro, (unsigned long long)((uintptr_t)r->ro + r->maplen));
	if (stat(path, &st) == 0) {
		assert_int_equal(o->stat_known, 1);
		assert_int_equal(o->size, REAL_SIZE);
		assert_int_equal(o->mode, 0600);
		assert_int_equal(o->uid, geteuid());
	} else {
		print_message("map_files not readable (%s): deleted object's stat unknown\n",
			      strerror(errno));
		assert_int_equal(o->stat_known, 0);
		assert_int_equal(o->size, 0);
	}
	assert_int_equal(fstat(r->fd, &st), 0);
	check_real_mapper(&l, r, &st);

	/* unmapped and closed: gone for good */
	assert_int_equal(munmap(r->ro, r->maplen), 0);
	r->ro = MAP_FAILED;
	assert_int_equal(munmap(r->rw, r->maplen), 0);
	r->rw = MAP_FAILED;
	assert_int_equal(posix_scan_mappers("/proc", &d, &l), 0);
	for (size_t i = 0; i < l.n; i++)
		assert_false(l.v[i].dev == st.st_dev && l.v[i].ino == st.st_ino);
	{
		size_t first;

		assert_int_equal(posix_find_mappers(&l, st.st_dev, st.st_ino, &first), 0);
	}
	posix_list_free(&l);
	shmdir_close(&d);
}

/* The total of sizes known: a sum past 2^64 (sparse files cost nothing) is the most, not what
 * it wrapped to. */
static void test_list_bytes(void **state)
{
	struct posixobj o;
	struct posix_list l;

	(void)state;
	posix_list_init(&l);
	memset(&o, 0, sizeof(o));
	o.stat_known = 1;
	o.size = 4096;
	assert_int_equal(posix_list_push(&l, &o), 0);
	o.stat_known = 0; /* not counted */
	o.size = 1000;
	assert_int_equal(posix_list_push(&l, &o), 0);
	assert_int_equal(posix_list_bytes(&l), 4096);
	o.stat_known = 1;
	o.size = INT64_MAX;
	assert_int_equal(posix_list_push(&l, &o), 0);
	assert_int_equal(posix_list_bytes(&l), (uint64_t)INT64_MAX + 4096);
	assert_int_equal(posix_list_push(&l, &o), 0);
	assert_int_equal(posix_list_bytes(&l), UINT64_MAX);
	assert_int_equal(posix_list_push(&l, &o), 0); /* three: wrapped past 2^64 once more */
	assert_int_equal(posix_list_bytes(&l), UINT64_MAX);
	posix_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_bytes),
		cmocka_unit_test_setup_teardown(test_list_dir, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_list_dir_changes, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_list_dir_errors, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_scan_fixture, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_scan_other_views, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_scan_relinked, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_scan_large_maps, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_scan_many_deleted, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_sems_selected, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_scan_errors, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_real_dev_shm, real_setup, real_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
