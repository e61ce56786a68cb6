/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_pmq.c - POSIX message queues: the status line parser (the kernel's own format with any
 * values, padding and newline optional, huge values, missing, reordered and trailing fields); what
 * identifies a queue; listing and examining a temporary directory of plain files (not queues:
 * attr_err -EBADF, no status read), names, types skipped, stat fields; finding the mqueue directory
 * through fixture mountinfo files (none, /dev/mqueue preferred, one hidden by another filesystem, a
 * container's inside its root); the unlink re-check refusing a replaced, re-owned or changed file,
 * each field on its own. And for real, as root in IPC and mount namespaces of the test's own with
 * an mqueue filesystem mounted on a temporary directory: the listing against mq_getattr and the
 * file's own line, the times left alone, the mount found through mountinfo, and pmq_unlink refusing
 * a queue made again under the same name or changed, but removing a busy one. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fstree.h"
#include "pmq.h"
#include "shmdir.h"

#define BUF FSTREE_PATH

/* ------------------------------------------------------------ the status line */

static int parse(const char *text, struct pmq_status *st)
{
	return pmq_parse_status(text, strlen(text), st);
}

/* The line exactly as the kernel prints it, for these values. */
static size_t kernel_line(char *buf, size_t size, uint64_t qsize, int notify, int signo, int pid)
{
	return (size_t)snprintf(buf, size, "QSIZE:%-10llu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
				(unsigned long long)qsize, notify, signo, pid);
}

static void test_status_kernel_format(void **state)
{
	static const struct { uint64_t qsize; int notify, signo, pid; } v[] = {
		{ 0, 0, 0, 0 },
		{ 8, 0, 10, 24362 },
		{ 123456, 1, 0, 1 },
		{ 4294967296ull, 2, 0, 4194304 },
		{ 99999999999ull, 0, 64, 2147483647 },          /* wider than the padding */
		{ UINT64_MAX, 2, 2147483647, 2147483647 },
	};
	struct pmq_status st;
	char buf[160];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = kernel_line(buf, sizeof(buf), v[i].qsize, v[i].notify, v[i].signo,
				       v[i].pid);

		memset(&st, 0xa5, sizeof(st));
		if (pmq_parse_status(buf, n, &st) != 0)
			fail_msg("'%s' did not parse", buf);
		assert_int_equal(st.qsize, v[i].qsize);
		assert_int_equal(st.notify, v[i].notify);
		assert_int_equal(st.signo, v[i].signo);
		assert_int_equal(st.notify_pid, v[i].pid);
		/* the same without its newline, and without the padding after the last field */
		assert_int_equal(pmq_parse_status(buf, n - 1, &st), 0);
		assert_int_equal(st.notify_pid, v[i].pid);
		while (n > 1 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
			n--;
		assert_int_equal(pmq_parse_status(buf, n, &st), 0);
		assert_int_equal(st.notify_pid, v[i].pid);
		assert_int_equal(st.qsize, v[i].qsize);
	}
	/* one space between the fields is enough; the length given is all that is read */
	assert_int_equal(parse("QSIZE:5 NOTIFY:1 SIGNO:0 NOTIFY_PID:7", &st), 0);
	assert_int_equal(st.qsize, 5);
	assert_int_equal(st.notify, 1);
	assert_int_equal(st.notify_pid, 7);
	assert_int_equal(pmq_parse_status("QSIZE:5 NOTIFY:1 SIGNO:0 NOTIFY_PID:789xyz", 39, &st),
			 0);
	assert_int_equal(st.notify_pid, 789);
	/* negative numbers where the kernel prints %d */
	assert_int_equal(parse("QSIZE:0 NOTIFY:-1 SIGNO:-2147483648 NOTIFY_PID:0\n", &st), 0);
	assert_int_equal(st.notify, -1);
	assert_int_equal(st.signo, INT32_MIN);
}

static void test_status_huge(void **state)
{
	struct pmq_status st, was = { 1, 2, 3, 4 };

	(void)state;
	st = was;
	assert_int_equal(parse("QSIZE:18446744073709551615 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", &st), 0);
	assert_int_equal(st.qsize, UINT64_MAX);
	st = was;
	assert_int_equal(parse("QSIZE:18446744073709551616 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", &st),
			 -ERANGE);
	assert_memory_equal(&st, &was, sizeof(st));     /* untouched on failure */
	assert_int_equal(parse("QSIZE:99999999999999999999999 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", &st),
			 -ERANGE);
	assert_int_equal(parse("QSIZE:0 NOTIFY:0 SIGNO:0 NOTIFY_PID:2147483647", &st), 0);
	assert_int_equal(st.notify_pid, INT32_MAX);
	assert_int_equal(parse("QSIZE:0 NOTIFY:0 SIGNO:0 NOTIFY_PID:2147483648", &st), -ERANGE);
	assert_int_equal(parse("QSIZE:0 NOTIFY:4294967296 SIGNO:0 NOTIFY_PID:0", &st), -ERANGE);
	assert_int_equal(parse("QSIZE:0 NOTIFY:0 SIGNO:-2147483649 NOTIFY_PID:0", &st), -ERANGE);
	/* leading zeros are only zeros */
	assert_int_equal(parse("QSIZE:000000000000000000000000042 NOTIFY:0 SIGNO:0 NOTIFY_PID:00",
			       &st), 0);
	assert_int_equal(st.qsize, 42);
}

static void test_status_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		"QSIZE:",
		"QSIZE:5",                                              /* the rest missing */
		"QSIZE:5 NOTIFY:0 SIGNO:0",
		"QSIZE:5 NOTIFY:0 NOTIFY_PID:0",                        /* SIGNO missing */
		"QSIZE:5 SIGNO:0 NOTIFY:0 NOTIFY_PID:0",                /* out of order */
		"NOTIFY:0 QSIZE:5 SIGNO:0 NOTIFY_PID:0",
		"qsize:5 notify:0 signo:0 notify_pid:0",                /* case matters */
		"QSIZE: 5 NOTIFY:0 SIGNO:0 NOTIFY_PID:0",       /* a space before a number */
		"QSIZE:5NOTIFY:0 SIGNO:0 NOTIFY_PID:0",         /* no space between fields */
		"QSIZE:5\tNOTIFY:0 SIGNO:0 NOTIFY_PID:0",       /* a tab is not the padding */
		"QSIZE:-5 NOTIFY:0 SIGNO:0 NOTIFY_PID:0",               /* QSIZE is unsigned */
		"QSIZE:+5 NOTIFY:0 SIGNO:0 NOTIFY_PID:0",
		"QSIZE:0x10 NOTIFY:0 SIGNO:0 NOTIFY_PID:0",
		"QSIZE:5 NOTIFY:- SIGNO:0 NOTIFY_PID:0",
		"QSIZE:5 NOTIFY:0 SIGNO:0 NOTIFY_PID:",
		"QSIZE:5 NOTIFY:0 SIGNO:0 NOTIFY_PID:0 EXTRA:1",        /* anything after it */
		"QSIZE:5 NOTIFY:0 SIGNO:0 NOTIFY_PID:0\n\n",
		"QSIZE:5 NOTIFY:0 SIGNO:0 NOTIFY_PID:0\nQSIZE:6",
		"QSIZE:5 NOTIFY:0 SIGNO:0 NOTIFY_PID:7x",
		" QSIZE:5 NOTIFY:0 SIGNO:0 NOTIFY_PID:0",
		"hello, world\n",
		NULL,
	};
	struct pmq_status st;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		int rc = parse(bad[i], &st);

		if (rc != -EPROTO)
			fail_msg("'%s': %d, want -EPROTO", bad[i], rc);
	}
	/* a NUL inside is not the end of the text */
	assert_int_equal(pmq_parse_status("QSIZE:5 NOTIFY:0 SIGNO:0 NOTIFY_PID:0\0 x", 41, &st),
			 -EPROTO);
}

static void test_identity(void **state)
{
	struct pmq a, b;

	(void)state;
	memset(&a, 0, sizeof(a));
	snprintf(a.name, sizeof(a.name), "/jobs");
	a.dev = 0x13;
	a.ino = 7;
	a.uid = 1000;
	a.gid = 100;
	a.mode = 0600;
	a.maxmsg = 10;
	a.msgsize = 8192;
	b = a;
	assert_true(pmq_same(&a, &b));
	assert_true(pmq_identical(&a, &b));
	/* its traffic and times are its state */
	b.curmsgs = 3;
	b.mtime = 5;
	b.ctime = 6;
	b.ctime_ns = 7;
	b.status_err = 0;
	b.status.qsize = 300;
	b.status.notify_pid = 99;
	assert_true(pmq_identical(&a, &b));
	/* its owner and mode: the same queue, but not what was confirmed */
	b = a;
	b.mode = 0666;
	assert_true(pmq_same(&a, &b));
	assert_false(pmq_identical(&a, &b));
	b = a;
	b.uid = 0;
	assert_false(pmq_identical(&a, &b));
	b = a;
	b.gid = 0;
	assert_false(pmq_identical(&a, &b));
	/* its sizes are fixed for life: other sizes, another queue */
	b = a;
	b.maxmsg = 11;
	assert_false(pmq_same(&a, &b));
	b = a;
	b.msgsize = 1;
	assert_false(pmq_same(&a, &b));
	/* unless they could not be read on one side: then name and inode decide, and the removal
	 * re-check wants them read alike */
	b.attr_err = -EACCES;
	assert_true(pmq_same(&a, &b));
	assert_true(pmq_same(&b, &a));
	assert_false(pmq_identical(&a, &b));
	b = a;
	b.ino++;
	assert_false(pmq_same(&a, &b));
	b = a;
	b.dev++;
	assert_false(pmq_same(&a, &b));
	b = a;
	b.name[1] = 'J';
	assert_false(pmq_same(&a, &b));
}

/* ------------------------------------------------------------ temporary trees */

struct tree {
	char top[PATH_MAX];         /* realpath of the mkdtemp directory */
	char dir[PATH_MAX + 8];     /* top/q: a directory of plain files */
	char proc[PATH_MAX + 8];    /* top/proc: self/mountinfo, 78/mountinfo, 78/root */
};

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	const char *base = getenv("TMPDIR");
	char tmpl[PATH_MAX];

	if (!t)
		return -1;
	snprintf(tmpl, sizeof(tmpl), "%s/shmtop-pmq-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl) || !realpath(tmpl, t->top)) {
		free(t);
		return -1;
	}
	*state = t;
	snprintf(t->dir, sizeof(t->dir), "%s/q", t->top);
	snprintf(t->proc, sizeof(t->proc), "%s/proc", t->top);
	fstree_mkdir(t->top, "q");
	fstree_mkdir(t->top, "proc");
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;

	fstree_remove(t->top);
	free(t);
	return 0;
}

static const struct pmq *find(const struct pmq_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

/* The queue name of l, which must be listed. */
static const struct pmq *get(const struct pmq_list *l, const char *name)
{
	static const struct pmq none;
	const struct pmq *q = find(l, name);

	if (!q) {
		fail_msg("%s is not listed", name);
		return &none;
	}
	return q;
}

static void test_list_plain_dir(void **state)
{
	struct tree *t = *state;
	struct pmq_list l;
	struct shmdir d;
	const struct pmq *q;
	struct stat st;
	char p[BUF];

	fstree_put(t->dir, "b", "QSIZE:5 NOTIFY:0 SIGNO:0 NOTIFY_PID:0\n", &st);
	fstree_put(t->dir, "a b\x01", "x", NULL);
	fstree_put(t->dir, "A", "", NULL);
	fstree_link(t->dir, "link", "b");
	fstree_mkdir(t->dir, "sub");
	fstree_join(p, sizeof(p), t->dir, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	fstree_join(p, sizeof(p), t->dir, "b");
	assert_int_equal(chmod(p, 0640), 0);
	assert_int_equal(lstat(p, &st), 0);

	assert_int_equal(shmdir_open(&d, t->proc, t->dir), 0);
	pmq_list_init(&l);
	assert_int_equal(pmq_list_dir(&d, &l, PMQ_READ_STATUS), 0);
	assert_int_equal(l.mqueue, 0);
	/* regular files only, by name in byte order; the FIFO is never opened (no hang) */
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].name, "/A");
	assert_string_equal(l.v[1].name, "/a b\x01");
	assert_string_equal(l.v[2].name, "/b");
	q = get(&l, "/b");
	assert_int_equal(q->uid, st.st_uid);
	assert_int_equal(q->gid, st.st_gid);
	assert_int_equal(q->mode, 0640);
	assert_int_equal(q->mtime, st.st_mtime);
	assert_int_equal(q->ctime, st.st_ctim.tv_sec);
	assert_int_equal(q->ctime_ns, st.st_ctim.tv_nsec);
	assert_int_equal(q->dev, st.st_dev);
	assert_int_equal(q->ino, st.st_ino);
	/* not queues: mq_getattr says so, and a file's bytes are not taken for a status line even
	 * when they look like one */
	for (size_t i = 0; i < l.n; i++) {
		assert_int_equal(l.v[i].attr_err, -EBADF);
		assert_int_equal(l.v[i].status_err, -EBADF);
		assert_int_equal(l.v[i].maxmsg, 0);
		assert_int_equal(l.v[i].status.qsize, 0);
	}
	/* without the status: not read at all */
	assert_int_equal(pmq_list_dir(&d, &l, 0), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[2].status_err, -ENODATA);

	/* a file gone since the last listing is gone from the list */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(pmq_list_dir(&d, &l, 0), 0);
	assert_int_equal(l.n, 2);
	assert_null(find(&l, "/b"));
	shmdir_close(&d);
	/* a directory that is not open: its error, and an empty list */
	assert_int_equal(pmq_list_dir(&d, &l, 0), -ENOENT);
	assert_int_equal(l.n, 0);
	pmq_list_free(&l);
}

static void test_examine(void **state)
{
	struct tree *t = *state;
	static const char *const bad[] = { "", "/", "/a/b", "/.", "/..", NULL };
	struct shmdir d;
	struct pmq q;
	char p[BUF];

	fstree_put(t->dir, "x", "abc", NULL);
	fstree_mkdir(t->dir, "sub");
	fstree_link(t->dir, "link", "x");
	fstree_join(p, sizeof(p), t->dir, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(shmdir_open(&d, t->proc, t->dir), 0);

	assert_int_equal(pmq_examine(&d, "/x", PMQ_READ_STATUS, &q), 0);
	assert_string_equal(q.name, "/x");
	assert_int_equal(q.attr_err, -EBADF);
	assert_int_equal(pmq_examine(&d, "x", 0, &q), 0);
	assert_string_equal(q.name, "/x");
	assert_int_equal(q.status_err, -ENODATA);
	for (int i = 0; bad[i]; i++)
		assert_int_equal(pmq_examine(&d, bad[i], 0, &q), -EINVAL);
	assert_int_equal(pmq_examine(&d, "/sub", 0, &q), -EINVAL);
	assert_int_equal(pmq_examine(&d, "/link", 0, &q), -EINVAL);
	assert_int_equal(pmq_examine(&d, "/fifo", PMQ_READ_STATUS, &q), -EINVAL);
	assert_int_equal(pmq_examine(&d, "/missing", 0, &q), -ENOENT);
	shmdir_close(&d);
}

/* ------------------------------------------------------------ finding the directory */

static void put_mountinfo(const struct tree *t, const char *who, const char *text)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%s/mountinfo", who);
	fstree_put(t->proc, rel, text, NULL);
}

static void test_dir_open(void **state)
{
	struct tree *t = *state;
	char text[BUF + 256], dir[BUF], c78[BUF];
	struct shmdir d;

	/* given: as --shm-dir, whatever filesystem it is */
	assert_int_equal(pmq_dir_open(&d, t->proc, 0, t->dir), 0);
	assert_string_equal(d.shown, t->dir);
	shmdir_close(&d);

	/* no mountinfo at all (the process is gone) */
	assert_int_equal(pmq_dir_open(&d, t->proc, 0, NULL), -ENOENT);
	assert_int_equal(d.fd, -1);
	shmdir_close(&d);

	/* no mqueue filesystem mounted */
	fstree_mkdir(t->proc, "self");
	put_mountinfo(t, "self", "22 1 253:1 / / rw - ext4 /dev/vda1 rw\n");
	assert_int_equal(pmq_dir_open(&d, t->proc, 0, NULL), -ENODEV);
	assert_int_equal(d.err, -ENODEV);
	assert_string_equal(d.shown, "");
	shmdir_close(&d);

	/* listed as an mqueue mount, but what is there now is not one (another mount over it) */
	snprintf(text, sizeof(text), "22 1 253:1 / / rw - ext4 /dev/vda1 rw\n"
		 "30 22 0:19 / %s rw - mqueue mqueue rw\n", t->dir);
	put_mountinfo(t, "self", text);
	assert_int_equal(pmq_dir_open(&d, t->proc, 0, NULL), -ENODEV);
	assert_int_equal(d.fd, -1);
	assert_string_equal(d.shown, t->dir);   /* so a message can say where */
	shmdir_close(&d);

	/* several: /dev/mqueue is preferred wherever it is listed (here it does not exist) */
	snprintf(text, sizeof(text), "30 22 0:19 / /dev/mqueue rw - mqueue mqueue rw\n"
		 "31 22 0:19 / %s rw - mqueue mqueue rw\n", t->dir);
	put_mountinfo(t, "self", text);
	assert_int_equal(pmq_dir_open(&d, t->proc, 0, NULL), access("/dev/mqueue", F_OK) == 0 ?
			 0 : -ENOENT);
	assert_string_equal(d.shown, "/dev/mqueue");
	shmdir_close(&d);

	/* a container's: its mountinfo names its own path, opened inside its root, where its
	 * /dev/mqueue is a symlink climbing out: it stays inside (its own /run/mq) */
	fstree_mkdir(t->proc, "78");
	fstree_mkdir(t->top, "c78");
	snprintf(c78, sizeof(c78), "%s/c78", t->top);
	fstree_link(t->proc, "78/root", c78);
	fstree_mkdir(c78, "dev");
	fstree_mkdir(c78, "run");
	fstree_mkdir(c78, "run/mq");
	fstree_link(c78, "dev/mqueue", "../../../run/mq");
	put_mountinfo(t, "78", "40 39 0:50 / / rw - overlay overlay rw\n"
		      "41 40 0:19 / /dev/mqueue rw - mqueue mqueue rw\n");
	assert_int_equal(pmq_dir_open(&d, t->proc, 78, NULL), -ENODEV);   /* a plain directory */
	snprintf(dir, sizeof(dir), "%s/78/root/dev/mqueue", t->proc);
	assert_string_equal(d.shown, dir);
	assert_string_equal(d.path, "/run/mq");
	assert_int_equal(d.root_pid, 78);
	shmdir_close(&d);
	/* and one whose mqueue mount does not exist inside its root */
	put_mountinfo(t, "78", "41 40 0:19 / /nowhere rw - mqueue mqueue rw\n");
	assert_int_equal(pmq_dir_open(&d, t->proc, 78, NULL), -ENOENT);
	shmdir_close(&d);
}

/* ------------------------------------------------------------ the unlink re-check */

static struct pmq listed(const struct shmdir *d, const char *name)
{
	struct pmq_list l;
	struct pmq o;

	pmq_list_init(&l);
	assert_int_equal(pmq_list_dir(d, &l, 0), 0);
	o = *get(&l, name);
	pmq_list_free(&l);
	return o;
}

static void test_unlink_rechecks(void **state)
{
	struct tree *t = *state;
	struct shmdir d;
	struct pmq o;
	char p[BUF], q[BUF];

	assert_int_equal(shmdir_open(&d, t->proc, t->dir), 0);
	fstree_join(p, sizeof(p), t->dir, "x");

	/* unchanged: unlinked, once */
	fstree_put(t->dir, "x", "one", NULL);
	o = listed(&d, "/x");
	assert_int_equal(pmq_unlink(&d, &o), 0);
	assert_false(fstree_exists(t->dir, "x"));
	assert_int_equal(pmq_unlink(&d, &o), -ENOENT);

	/* another file under the name (renamed over it: a new inode) */
	fstree_put(t->dir, "x", "one", NULL);
	o = listed(&d, "/x");
	fstree_put(t->dir, "x.new", "one", NULL);
	fstree_join(q, sizeof(q), t->dir, "x.new");
	assert_int_equal(rename(q, p), 0);
	assert_int_equal(pmq_unlink(&d, &o), -ESTALE);
	assert_true(fstree_exists(t->dir, "x"));

	/* the same file, its mode changed */
	o = listed(&d, "/x");
	assert_int_equal(chmod(p, 0604), 0);
	assert_int_equal(pmq_unlink(&d, &o), -ESTALE);
	assert_true(fstree_exists(t->dir, "x"));
	if (geteuid() == 0) {   /* or its owner */
		o = listed(&d, "/x");
		assert_int_equal(chown(p, 1, (gid_t)-1), 0);
		assert_int_equal(pmq_unlink(&d, &o), -ESTALE);
		assert_true(fstree_exists(t->dir, "x"));
		o = listed(&d, "/x");
		assert_int_equal(chown(p, (uid_t)-1, 2), 0);
		assert_int_equal(pmq_unlink(&d, &o), -ESTALE);
		assert_true(fstree_exists(t->dir, "x"));
	}

	/* each identifying field on its own: the file as it is, the expectation off by one */
	o = listed(&d, "/x");
	for (int field = 0; field < 7; field++) {
		struct pmq w = o;

		switch (field) {
		case 0: w.dev++; break;
		case 1: w.ino++; break;
		case 2: w.uid++; break;
		case 3: w.gid++; break;
		case 4: w.mode ^= 1; break;
		case 5: w.attr_err = 0; break;          /* it was a queue, it is a file now */
		default: w.name[1] = 'y'; break;        /* another name: no such file */
		}
		if (pmq_unlink(&d, &w) != (field == 6 ? -ENOENT : -ESTALE))
			fail_msg("unlink with field %d changed did not refuse", field);
		assert_true(fstree_exists(t->dir, "x"));
	}
	/* what is not an identifying field: the times, the traffic, the status */
	o = listed(&d, "/x");
	o.mtime--;
	o.ctime--;
	o.ctime_ns ^= 1;
	o.curmsgs = 5;
	o.status_err = 0;
	o.status.qsize = 77;
	assert_int_equal(pmq_unlink(&d, &o), 0);
	assert_false(fstree_exists(t->dir, "x"));

	/* a symlink, a directory in its place: never removed */
	fstree_put(t->dir, "x", "one", NULL);
	o = listed(&d, "/x");
	assert_int_equal(rename(p, q), 0);
	assert_int_equal(symlink("x.new", p), 0);
	assert_int_equal(pmq_unlink(&d, &o), -ESTALE);
	assert_true(fstree_exists(t->dir, "x"));
	assert_int_equal(unlink(p), 0);
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(pmq_unlink(&d, &o), -ESTALE);
	assert_int_equal(rmdir(p), 0);

	/* a name that is not one component */
	o = listed(&d, "/x.new");
	snprintf(o.name, sizeof(o.name), "/../q/x.new");
	assert_int_equal(pmq_unlink(&d, &o), -EINVAL);
	assert_true(fstree_exists(t->dir, "x.new"));
	shmdir_close(&d);
	assert_int_equal(pmq_unlink(&d, &o), -ENOENT);     /* closed: its error */
	assert_true(fstree_exists(t->dir, "x.new"));
}

/* ------------------------------------------------------------ real queues */

struct real {
	char mnt[PATH_MAX];         /* an mqueue filesystem of the test's own IPC namespace */
	struct shmdir d;
	char name[64];              /* "/shmtop-test-PID-N" */
};

static int real_setup(void **state)
{
	static unsigned seq;
	struct real *r = calloc(1, sizeof(*r));

	if (!r)
		return -1;
	snprintf(r->mnt, sizeof(r->mnt), "/tmp/shmtop-pmq-mnt.XXXXXX");
	if (!mkdtemp(r->mnt) ||
	    mount("mqueue", r->mnt, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		free(r);
		return -1;
	}
	if (shmdir_open(&r->d, "/proc", r->mnt) < 0)
		return -1;
	snprintf(r->name, sizeof(r->name), "/shmtop-test-%d-%u", (int)getpid(), ++seq);
	*state = r;
	return 0;
}

static int real_teardown(void **state)
{
	struct real *r = *state;

	mq_unlink(r->name);
	shmdir_close(&r->d);
	umount2(r->mnt, MNT_DETACH);
	rmdir(r->mnt);
	free(r);
	return 0;
}

static mqd_t make_queue(const char *name, long maxmsg, long msgsize, mode_t mode)
{
	struct mq_attr a = { .mq_maxmsg = maxmsg, .mq_msgsize = msgsize };
	mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, mode, &a);

	if (q == (mqd_t)-1)
		fail_msg("mq_open %s: %s", name, strerror(errno));
	assert_int_equal(fchmod(q, mode), 0);      /* whatever the umask */
	return q;
}

/* The queue's file read as the kernel prints it, parsed. */
static void file_status(const struct real *r, const char *name, struct pmq_status *st)
{
	char p[PATH_MAX + 64], buf[128];
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "%s%s", r->mnt, name);
	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	assert_true(n > 0);
	assert_int_equal(pmq_parse_status(buf, (size_t)n, st), 0);
}

static void test_real_listing(void **state)
{
	struct real *r = *state;
	static const char *const msgs[] = { "hello", "", "a somewhat longer message", "xyz" };
	struct pmq_status fst;
	struct pmq_list l;
	struct mq_attr a;
	const struct pmq *q;
	struct stat st;
	char p[PATH_MAX + 64], two[80];
	size_t bytes = 0;
	mqd_t m, m2;

	m = make_queue(r->name, 7, 100, 0640);
	for (unsigned i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		assert_int_equal(mq_send(m, msgs[i], strlen(msgs[i]), i), 0);
		bytes += strlen(msgs[i]);
	}
	snprintf(two, sizeof(two), "%s-empty", r->name);
	mq_unlink(two);
	m2 = make_queue(two, 1, 8, 0600);

	pmq_list_init(&l);
	assert_int_equal(pmq_list_dir(&r->d, &l, PMQ_READ_STATUS), 0);
	assert_int_equal(l.mqueue, 1);
	assert_int_equal(l.n, 2);       /* a fresh filesystem of our own IPC namespace */
	q = get(&l, r->name);
	/* against mq_getattr on the program's own descriptor */
	assert_int_equal(mq_getattr(m, &a), 0);
	assert_int_equal(q->attr_err, 0);
	assert_int_equal(q->maxmsg, a.mq_maxmsg);
	assert_int_equal(q->msgsize, a.mq_msgsize);
	assert_int_equal(q->curmsgs, a.mq_curmsgs);
	assert_int_equal(q->curmsgs, 4);
	/* against the file's own line and what was sent */
	file_status(r, r->name, &fst);
	assert_int_equal(q->status_err, 0);
	assert_int_equal(q->status.qsize, fst.qsize);
	assert_int_equal(q->status.qsize, bytes);
	assert_int_equal(q->status.notify_pid, 0);
	/* against fstat */
	assert_int_equal(fstat(m, &st), 0);
	assert_int_equal(q->dev, st.st_dev);
	assert_int_equal(q->ino, st.st_ino);
	assert_int_equal(q->uid, st.st_uid);
	assert_int_equal(q->gid, st.st_gid);
	assert_int_equal(q->mode, 0640);
	assert_int_equal(q->mtime, st.st_mtime);

	q = get(&l, two);
	assert_int_equal(mq_getattr(m2, &a), 0);
	assert_int_equal(q->maxmsg, a.mq_maxmsg);
	assert_int_equal(q->msgsize, a.mq_msgsize);
	assert_int_equal(q->curmsgs, 0);
	assert_int_equal(q->status.qsize, 0);
	assert_int_equal(q->mode, 0600);

	/* the messages are all still there, in order of priority */
	for (int i = 3; i >= 0; i--) {
		char buf[128];
		unsigned prio;
		ssize_t n = mq_receive(m, buf, sizeof(buf), &prio);

		assert_int_equal(n, strlen(msgs[i]));
		assert_int_equal(prio, i);
		assert_memory_equal(buf, msgs[i], (size_t)n);
	}
	assert_int_equal(pmq_list_dir(&r->d, &l, PMQ_READ_STATUS), 0);
	q = get(&l, r->name);
	assert_int_equal(q->curmsgs, 0);
	assert_int_equal(q->status.qsize, 0);

	/* through the mount that mountinfo names (ours is the only mqueue of this namespace, or
	 * lib.sh's own on /dev/mqueue: either shows this namespace's queues) */
	shmdir_close(&r->d);
	assert_int_equal(pmq_dir_open(&r->d, "/proc", 0, NULL), 0);
	assert_int_equal(pmq_list_dir(&r->d, &l, 0), 0);
	assert_non_null(find(&l, r->name));
	assert_non_null(find(&l, two));
	snprintf(p, sizeof(p), "%s", r->d.shown);
	print_message("the mqueue filesystem found at %s\n", p);

	pmq_list_free(&l);
	mq_close(m);
	mq_close(m2);
	mq_unlink(two);
}

/* Sleep into the next second: the mqueue filesystem keeps whole seconds. */
static void next_second(void)
{
	struct timespec now, pause;

	clock_gettime(CLOCK_REALTIME, &now);
	pause.tv_sec = 0;
	pause.tv_nsec = 1000000000L - now.tv_nsec + 20000000L;
	if (pause.tv_nsec >= 1000000000L) {
		pause.tv_sec = 1;
		pause.tv_nsec -= 1000000000L;
	}
	nanosleep(&pause, NULL);
}

static void test_real_untouched(void **state)
{
	struct real *r = *state;
	struct pmq_list l;
	struct stat before, after;
	struct mq_attr a;
	struct pmq q;
	mqd_t m;

	m = make_queue(r->name, 3, 16, 0600);
	assert_int_equal(mq_send(m, "abc", 3, 0), 0);
	next_second();
	assert_int_equal(fstat(m, &before), 0);
	/* listing and examining without the status: atime, mtime and ctime as they were */
	pmq_list_init(&l);
	assert_int_equal(pmq_list_dir(&r->d, &l, 0), 0);
	assert_int_equal(pmq_examine(&r->d, r->name, 0, &q), 0);
	assert_int_equal(q.curmsgs, 1);
	assert_int_equal(fstat(m, &after), 0);
	assert_int_equal(after.st_atim.tv_sec, before.st_atim.tv_sec);
	assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
	assert_int_equal(after.st_ctim.tv_sec, before.st_ctim.tv_sec);
	/* with the status: the messages and mtime still as they were (the kernel stamps atime and
	 * ctime; the record keeps what they were before) */
	assert_int_equal(pmq_examine(&r->d, r->name, PMQ_READ_STATUS, &q), 0);
	assert_int_equal(q.status_err, 0);
	assert_int_equal(q.ctime, before.st_ctim.tv_sec);
	assert_int_equal(fstat(m, &after), 0);
	assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
	assert_int_equal(mq_getattr(m, &a), 0);
	assert_int_equal(a.mq_curmsgs, 1);
	pmq_list_free(&l);
	mq_close(m);
}

static void test_real_unlink(void **state)
{
	struct real *r = *state;
	struct pmq_list l;
	struct pmq o;
	mqd_t m;

	pmq_list_init(&l);
	/* made again under the same name: another queue, not removed */
	m = make_queue(r->name, 4, 32, 0600);
	mq_close(m);
	o = listed(&r->d, r->name);
	assert_int_equal(mq_unlink(r->name), 0);
	m = make_queue(r->name, 4, 32, 0600);
	assert_int_equal(pmq_unlink(&r->d, &o), -ESTALE);
	mq_close(m);
	/* made again with other sizes, even were the inode number the same */
	o = listed(&r->d, r->name);
	o.maxmsg++;
	assert_int_equal(pmq_unlink(&r->d, &o), -ESTALE);
	o.maxmsg--;
	o.msgsize++;
	assert_int_equal(pmq_unlink(&r->d, &o), -ESTALE);
	/* its mode changed */
	o = listed(&r->d, r->name);
	m = mq_open(r->name, O_RDWR);
	assert_true(m != (mqd_t)-1);
	assert_int_equal(fchmod(m, 0660), 0);
	assert_int_equal(pmq_unlink(&r->d, &o), -ESTALE);
	/* busy (messages sent and received since it was listed): removed all the same */
	o = listed(&r->d, r->name);
	next_second();
	assert_int_equal(mq_send(m, "x", 1, 0), 0);
	assert_int_equal(pmq_unlink(&r->d, &o), 0);
	assert_int_equal(mq_open(r->name, O_RDONLY), (mqd_t)-1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(pmq_list_dir(&r->d, &l, 0), 0);
	assert_int_equal(l.n, 0);
	/* the open descriptor still works: a queue lives until its last close */
	{
		char buf[32];

		assert_int_equal(mq_receive(m, buf, sizeof(buf), NULL), 1);
	}
	mq_close(m);
	pmq_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_kernel_format),
		cmocka_unit_test(test_status_huge),
		cmocka_unit_test(test_status_malformed),
		cmocka_unit_test(test_identity),
		cmocka_unit_test_setup_teardown(test_list_plain_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_examine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlink_rechecks, setup, teardown),
	};
	const struct CMUnitTest real[] = {
		cmocka_unit_test_setup_teardown(test_real_listing, real_setup, real_teardown),
		cmocka_unit_test_setup_teardown(test_real_untouched, real_setup, real_teardown),
		cmocka_unit_test_setup_teardown(test_real_unlink, real_setup, real_teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	/* real queues in IPC and mount namespaces of this test's own: nothing of the caller's is
	 * seen or touched, and the mount goes with the namespace */
	if (geteuid() != 0 || unshare(CLONE_NEWIPC | CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		printf("SKIP: the real queues need root: private IPC and mount namespaces\n");
		return rc;
	}
	/* a systemd host mounts its own namespace's queues on /dev/mqueue (and tests/private.sh
	 * another's over it), which pmq_dir_open would prefer to the test's mount: all gone from
	 * this mount namespace */
	for (int i = 0; i < 8 && umount2("/dev/mqueue", MNT_DETACH) == 0; i++)
		;
	return rc | cmocka_run_group_tests_name("real queues", real, NULL, NULL);
}
