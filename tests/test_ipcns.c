/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_ipcns.c - IPC namespaces: the inode of our own and of a missing process, the "ipc:[N]" link
 * text of a copied proc tree, grouping a fixture tree (lowest pid as sample, process counts), our
 * own namespace in the real list, ipcns_enter's errors; and for real where unshare is permitted: a
 * child in a new IPC namespace holding one segment, which ipcns_list counts (1) apart from ours
 * (what sysv_list sees), which another forked child enters with ipcns_enter and sees alone, and
 * which an unprivileged process can list but neither enter nor count. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ipcns.h"
#include "shmseg.h"
#include "sysv.h"

#define NOBODY 65534

/* ------------------------------------------------------------ helpers */

static uint64_t stat_ino(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		fail_msg("stat %s: %s", path, strerror(errno));
	return (uint64_t)st.st_ino;
}

static uint64_t ino_of(int32_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	return stat_ino(path);
}

/* Segments in our namespace as sysv_list sees them, or -1. */
static long sysv_count(void)
{
	struct shmseg_list l = { 0 };
	struct sysv_list_stats st;
	long n = -1;

	if (sysv_list(&l, &st) == 0)
		n = (long)l.n;
	shmseg_list_free(&l);
	return n;
}

static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = read(fd, (char *)buf + got, len - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static void write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		len -= (size_t)w;
	}
}

/* Wait for a child; its exit status, or -1 if it died of a signal. */
static int wait_exit(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Drop to nobody, for good. Returns 0 or -1. */
static int become_nobody(void)
{
	if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
	    setresuid(NOBODY, NOBODY, NOBODY) < 0)
		return -1;
	return 0;
}

/* Credentials changed: the kernel made us undumpable; be dumpable again so that nobody may open
 * our /proc/PID/ns/ipc. Returns 0 or -1. */
static int prctl_dumpable(void)
{
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ a fixture tree */

struct tmp {
	char root[512];          /* short, so every path below fits PATH_MAX */
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	snprintf(t->root, sizeof(t->root), "%s/test_ipcns.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(t->root)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;

	nftw(t->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

/* root/DIR/ns/ipc as a symbolic link with this text (NULL: DIR without an ns directory). */
static void fake_ns(const struct tmp *t, const char *dir, const char *text)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", t->root, dir);
	assert_int_equal(mkdir(path, 0755), 0);
	if (!text)
		return;
	snprintf(path, sizeof(path), "%s/%s/ns", t->root, dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/%s/ns/ipc", t->root, dir);
	assert_int_equal(symlink(text, path), 0);
}

/* ------------------------------------------------------------ inodes */

static void test_inode_self(void **state)
{
	uint64_t ino = 0, mine = stat_ino("/proc/self/ns/ipc");

	(void)state;
	assert_int_equal(ipcns_inode("/proc", 0, &ino), 0);
	assert_int_equal(ino, mine);
	ino = 0;
	assert_int_equal(ipcns_inode("/proc", -1, &ino), 0);
	assert_int_equal(ino, mine);
	ino = 0;
	assert_int_equal(ipcns_inode("/proc", getpid(), &ino), 0);
	assert_int_equal(ino, mine);
}

static void test_inode_missing(void **state)
{
	uint64_t ino = 42;

	(void)state;
	/* above any pid_max (at most 2^22), so never a process */
	assert_int_equal(ipcns_inode("/proc", INT32_MAX, &ino), -ENOENT);
	assert_int_equal(ipcns_inode("/nonexistent-proc-root", 0, &ino), -ENOENT);
	assert_int_equal(ino, 42);
}

static void test_inode_link_text(void **state)
{
	struct tmp *t = *state;
	uint64_t ino = 0;

	fake_ns(t, "10", "ipc:[4026531839]");
	fake_ns(t, "11", "mnt:[4026531840]");
	fake_ns(t, "12", "ipc:[12x]");
	fake_ns(t, "13", "ipc:[]");
	fake_ns(t, "14", NULL);
	fake_ns(t, "self", "ipc:[77]");
	assert_int_equal(ipcns_inode(t->root, 10, &ino), 0);
	assert_int_equal(ino, 4026531839ull);
	assert_int_equal(ipcns_inode(t->root, 0, &ino), 0);
	assert_int_equal(ino, 77);
	/* not an IPC namespace's text, or a broken one: the link does not resolve, so ENOENT */
	ino = 5;
	assert_int_equal(ipcns_inode(t->root, 11, &ino), -ENOENT);
	assert_int_equal(ipcns_inode(t->root, 12, &ino), -ENOENT);
	assert_int_equal(ipcns_inode(t->root, 13, &ino), -ENOENT);
	assert_int_equal(ipcns_inode(t->root, 14, &ino), -ENOENT);
	assert_int_equal(ino, 5);
}

/* ------------------------------------------------------------ listing */

static void test_list_fixture(void **state)
{
	struct tmp *t = *state;
	struct ipcns_list l = { 0 };
	const struct ipcns_entry *e;

	fake_ns(t, "12", "ipc:[100]");
	fake_ns(t, "7", "ipc:[100]");
	fake_ns(t, "300", "ipc:[100]");
	fake_ns(t, "3", "ipc:[200]");
	fake_ns(t, "1", "ipc:[200]");
	fake_ns(t, "40", "ipc:[150]");
	fake_ns(t, "9", NULL);                      /* exited: not counted anywhere */
	fake_ns(t, "0042", "ipc:[999]");            /* not a pid */
	fake_ns(t, "4x", "ipc:[999]");
	fake_ns(t, "99999999999", "ipc:[999]");     /* beyond int32_t */
	fake_ns(t, "self", "ipc:[999]");
	fake_ns(t, "net", "ipc:[999]");

	for (int round = 0; round < 2; round++) {   /* the second reuses the list */
		assert_int_equal(ipcns_list(t->root, 0, &l), 0);
		assert_int_equal(l.n, 3);
		assert_int_equal(l.unreadable, 0);
		assert_int_equal(l.v[0].ino, 100);
		assert_int_equal(l.v[0].sample_pid, 7);
		assert_int_equal(l.v[0].nprocs, 3);
		assert_int_equal(l.v[0].segments, -1);
		assert_int_equal(l.v[1].ino, 150);
		assert_int_equal(l.v[1].sample_pid, 40);
		assert_int_equal(l.v[1].nprocs, 1);
		assert_int_equal(l.v[2].ino, 200);
		assert_int_equal(l.v[2].sample_pid, 1);
		assert_int_equal(l.v[2].nprocs, 2);
	}
	e = ipcns_list_find(&l, 150);
	assert_non_null(e);
	assert_int_equal(e->sample_pid, 40);
	assert_null(ipcns_list_find(&l, 999));
	assert_null(ipcns_list_find(&l, 1));
	assert_null(ipcns_list_find(&l, 201));

	/* counting needs real namespace files: every count fails, none is made up */
	assert_int_equal(ipcns_list(t->root, 1, &l), 0);
	assert_int_equal(l.n, 3);
	for (size_t i = 0; i < l.n; i++)
		assert_int_equal(l.v[i].segments, -1);
	ipcns_list_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);

	assert_int_equal(ipcns_list("/nonexistent-proc-root", 0, &l), -ENOENT);
	assert_int_equal(l.n, 0);
	ipcns_list_free(&l);
}

static void test_list_self(void **state)
{
	struct ipcns_list l = { 0 };
	const struct ipcns_entry *e;
	size_t total = 0;

	(void)state;
	assert_int_equal(ipcns_list("/proc", 0, &l), 0);
	e = ipcns_list_find(&l, stat_ino("/proc/self/ns/ipc"));
	assert_non_null(e);
	assert_true(e->sample_pid >= 1 && e->sample_pid <= getpid());
	assert_true(e->nprocs >= 1);
	assert_int_equal(e->segments, -1);          /* not asked to count */
	for (size_t i = 0; i < l.n; i++) {
		if (i)
			assert_true(l.v[i - 1].ino < l.v[i].ino);
		assert_true(l.v[i].nprocs >= 1);
		total += l.v[i].nprocs;
	}
	assert_true(total >= 1);
	ipcns_list_free(&l);
}

/* ------------------------------------------------------------ entering: errors */

static void test_enter_errors(void **state)
{
	struct tmp *t = *state;
	char path[PATH_MAX];
	FILE *f;
	int rc;

	assert_int_equal(ipcns_enter("/proc", 0), -EINVAL);
	assert_int_equal(ipcns_enter("/proc", -5), -EINVAL);
	assert_int_equal(ipcns_enter("/proc", INT32_MAX), -ENOENT);
	assert_int_equal(ipcns_enter(t->root, 1), -ENOENT);
	/* a file that is not a namespace: setns says EINVAL, with or without privileges */
	fake_ns(t, "5", NULL);
	snprintf(path, sizeof(path), "%s/5/ns", t->root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/5/ns/ipc", t->root);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	rc = ipcns_enter(t->root, 5);
	assert_true(rc == -EINVAL || rc == -EPERM);
}

/* Nonzero when CAP_SYS_ADMIN is in our effective set. */
static int have_sys_admin(void)
{
	char line[256];
	unsigned long long caps = 0;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	fclose(f);
	return (caps >> 21) & 1;
}

/* Without CAP_SYS_ADMIN, entering even our own namespace is refused with EPERM; so is another
 * user's process, whose ns/ipc cannot even be opened. Root tests this as nobody, in a child. */
static void test_enter_unprivileged(void **state)
{
	pid_t parent = getpid(), pid;
	int rc;

	(void)state;
	if (geteuid() != 0) {
		if (have_sys_admin()) {
			print_message("SKIP: not root but with CAP_SYS_ADMIN: cannot test its absence\n");
			skip();
		}
		assert_int_equal(ipcns_enter("/proc", getpid()), -EPERM);
		return;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (become_nobody() < 0)
			_exit(10);
		if (ipcns_enter("/proc", getpid()) != -EPERM)
			_exit(11);
		if (ipcns_enter("/proc", parent) != -EPERM)
			_exit(12);
		_exit(0);
	}
	rc = wait_exit(pid);
	if (rc == 10) {
		print_message("SKIP: cannot switch to uid %d\n", NOBODY);
		skip();
	}
	assert_int_equal(rc, 0);
}

/* ------------------------------------------------------------ a real second namespace */

struct nschild {
	pid_t pid;
	int go;         /* write end: 'c' asks for one more segment; closing it, to clean up and exit */
	int rep;        /* read end of the child's reports */
	int shmid;
	int err;        /* errno of unshare, or 0 */
	int nobody;     /* the child dropped to nobody after creating its segment */
};

/* The child: unshare, create one segment, give it (and itself) to nobody when root, report
 * {errno, shmid, nobody}; then create one more segment per 'c' read (reporting its id) until the
 * parent closes the pipe, and remove them all. */
static void ns_child(int report, int go)
{
	int msg[3] = { 0, -1, 0 }, ids[8], nids = 0;
	char c;

	if (unshare(CLONE_NEWIPC) < 0) {
		msg[0] = errno ? errno : EPERM;
		write_full(report, msg, sizeof(msg));
		_exit(0);
	}
	msg[1] = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (msg[1] < 0) {
		msg[0] = errno;
		write_full(report, msg, sizeof(msg));
		_exit(0);
	}
	ids[nids++] = msg[1];
	if (geteuid() == 0) {
		struct shmid_ds ds;

		/* nobody owns the segment (so it can still remove it) and the process, which stays
		 * dumpable so that nobody can open its ns/ipc: the CAP_SYS_ADMIN case, not ptrace's */
		if (shmctl(msg[1], IPC_STAT, &ds) == 0) {
			ds.shm_perm.uid = NOBODY;
			if (shmctl(msg[1], IPC_SET, &ds) == 0 && become_nobody() == 0 &&
			    prctl_dumpable() == 0)
				msg[2] = 1;
		}
	}
	write_full(report, msg, sizeof(msg));
	for (;;) {
		ssize_t r = read(go, &c, 1);
		int id;

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		id = nids < 8 ? shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600) : -1;
		if (id >= 0)
			ids[nids++] = id;
		write_full(report, &id, sizeof(id));
	}
	for (int i = 0; i < nids; i++)
		shmctl(ids[i], IPC_RMID, NULL);
	_exit(0);
}

/* Ask the namespace child for one more segment; its id, or -1. */
static int ns_more(const struct nschild *n)
{
	int id = -1;

	write_full(n->go, "c", 1);
	if (read_full(n->rep, &id, sizeof(id)) != (ssize_t)sizeof(id))
		return -1;
	return id;
}

static int ns_setup(void **state)
{
	struct nschild *n = calloc(1, sizeof(*n));
	int rep[2], go[2], msg[3];

	if (!n)
		return -1;
	n->pid = -1;
	n->go = n->rep = -1;
	*state = n;
	if (pipe(rep) < 0 || pipe(go) < 0)
		return -1;
	n->pid = fork();
	if (n->pid < 0)
		return -1;
	if (n->pid == 0) {
		close(rep[0]);
		close(go[1]);
		ns_child(rep[1], go[0]);
	}
	close(rep[1]);
	close(go[0]);
	n->go = go[1];
	n->rep = rep[0];
	if (read_full(n->rep, msg, sizeof(msg)) != (ssize_t)sizeof(msg))
		return -1;
	n->err = msg[0];
	n->shmid = msg[1];
	n->nobody = msg[2];
	return 0;
}

static int ns_teardown(void **state)
{
	struct nschild *n = *state;

	if (n->go >= 0)
		close(n->go);
	if (n->rep >= 0)
		close(n->rep);
	if (n->pid > 0) {
		int status;

		/* it removes its segment and exits at once; if not, the namespace goes with it */
		for (int i = 0; i < 200; i++) {
			if (waitpid(n->pid, &status, WNOHANG) != 0)
				goto done;
			usleep(10000);
		}
		kill(n->pid, SIGKILL);
		waitpid(n->pid, &status, 0);
	}
done:
	free(n);
	return 0;
}

static void need_ns(const struct nschild *n)
{
	if (n->err == EPERM) {
		print_message("SKIP: unshare(CLONE_NEWIPC) is not permitted here "
			      "(needs CAP_SYS_ADMIN: run as root)\n");
		skip();
	}
	if (n->err)
		fail_msg("the namespace child failed: %s", strerror(n->err));
}

static void test_real_list(void **state)
{
	struct nschild *n = *state;
	struct ipcns_list l = { 0 };
	const struct ipcns_entry *e;
	uint64_t mine, theirs;
	int matched = 0;

	need_ns(n);
	mine = stat_ino("/proc/self/ns/ipc");
	theirs = ino_of(n->pid);
	assert_true(mine != theirs);

	/* other tests may be creating segments in our namespace meanwhile: retry until a
	 * sysv_list count before and after agrees with the listing's */
	for (int attempt = 0; attempt < 20 && !matched; attempt++) {
		long before = sysv_count(), after;

		assert_int_equal(ipcns_list("/proc", 1, &l), 0);
		after = sysv_count();
		e = ipcns_list_find(&l, theirs);
		assert_non_null(e);
		assert_true(e->sample_pid >= 1 && e->sample_pid <= n->pid);
		assert_int_equal(e->sample_pid, n->pid); /* only it lives there */
		assert_int_equal(e->nprocs, 1);
		assert_int_equal(e->segments, 1);
		e = ipcns_list_find(&l, mine);
		assert_non_null(e);
		assert_true(e->sample_pid <= getpid());
		assert_true(before >= 0);
		if (before == after && e->segments == before)
			matched = 1;
		else
			usleep(50000);
	}
	assert_true(matched);
	/* the listing left us where we were */
	assert_int_equal(stat_ino("/proc/self/ns/ipc"), mine);

	/* counted afresh on every call: two more segments there */
	assert_true(ns_more(n) >= 0);
	assert_true(ns_more(n) >= 0);
	assert_int_equal(ipcns_list("/proc", 1, &l), 0);
	e = ipcns_list_find(&l, theirs);
	assert_non_null(e);
	assert_int_equal(e->segments, 3);
	ipcns_list_free(&l);
}

/* What the entering child saw. */
struct seen {
	int rc;
	long count;
	int shmid, cpid;
	uint64_t size, ino;
};

static void test_real_enter(void **state)
{
	struct nschild *n = *state;
	uint64_t mine, theirs;
	struct seen s;
	int p[2];
	pid_t pid;

	need_ns(n);
	mine = stat_ino("/proc/self/ns/ipc");
	theirs = ino_of(n->pid);
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct shmseg_list l = { 0 };
		struct sysv_list_stats st;

		memset(&s, 0, sizeof(s));
		s.rc = ipcns_enter("/proc", n->pid);
		if (s.rc == 0 && sysv_list(&l, &st) == 0) {
			s.count = (long)l.n;
			if (l.n) {
				s.shmid = l.v[0].shmid;
				s.cpid = l.v[0].cpid;
				s.size = l.v[0].size;
			}
		}
		if (ipcns_inode("/proc", 0, &s.ino) < 0)
			s.ino = 0;
		shmseg_list_free(&l);
		write_full(p[1], &s, sizeof(s));
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read_full(p[0], &s, sizeof(s)), sizeof(s));
	close(p[0]);
	assert_int_equal(wait_exit(pid), 0);
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.ino, theirs);
	assert_int_equal(s.count, 1);
	assert_int_equal(s.shmid, n->shmid);
	assert_int_equal(s.cpid, n->pid);
	assert_int_equal(s.size, 4096);
	/* only the child moved */
	assert_int_equal(stat_ino("/proc/self/ns/ipc"), mine);
}

/* As nobody: the namespace child (nobody's, dumpable) is listed but cannot be counted or entered. */
static void test_real_unprivileged(void **state)
{
	struct nschild *n = *state;
	uint64_t theirs;
	pid_t pid;
	int rc;

	need_ns(n);
	if (!n->nobody) {
		print_message("SKIP: the namespace child could not become uid %d (needs root)\n", NOBODY);
		skip();
	}
	theirs = ino_of(n->pid);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ipcns_list l = { 0 };
		const struct ipcns_entry *e;
		uint64_t mine;

		if (become_nobody() < 0)
			_exit(10);
		if (ipcns_list("/proc", 1, &l) < 0)
			_exit(11);
		e = ipcns_list_find(&l, theirs);
		if (!e || e->sample_pid != n->pid)
			_exit(12);
		if (e->segments != -1)
			_exit(13);
		if (ipcns_inode("/proc", 0, &mine) < 0)
			_exit(16);
		e = ipcns_list_find(&l, mine);
		if (!e || e->segments < 0)      /* our own is counted without entering */
			_exit(14);
		if (ipcns_enter("/proc", n->pid) != -EPERM)
			_exit(15);
		ipcns_list_free(&l);
		_exit(0);
	}
	rc = wait_exit(pid);
	if (rc != 0)
		fail_msg("the unprivileged child failed check %d", rc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inode_self),
		cmocka_unit_test(test_inode_missing),
		cmocka_unit_test_setup_teardown(test_inode_link_text, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_list_fixture, tmp_setup, tmp_teardown),
		cmocka_unit_test(test_list_self),
		cmocka_unit_test_setup_teardown(test_enter_errors, tmp_setup, tmp_teardown),
		cmocka_unit_test(test_enter_unprivileged),
		cmocka_unit_test_setup_teardown(test_real_list, ns_setup, ns_teardown),
		cmocka_unit_test_setup_teardown(test_real_enter, ns_setup, ns_teardown),
		cmocka_unit_test_setup_teardown(test_real_unprivileged, ns_setup, ns_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
