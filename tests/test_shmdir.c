/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_shmdir.c - the POSIX directory handle over trees made at test time: a plain directory (its
 * realpath, device, tmpfs or not), containers in a written proc tree whose PID/root links to a
 * directory holding a dev/shm that is a symlink trying to leave (absolute: nothing; relative
 * with "..": the container's own /run/shm, never the host's bait of the same name), the
 * <procroot>/PID/root/REST form of --shm-dir; objects opened by one name only when they are
 * regular files (a FIFO, a symlink, a directory, a device are refused without blocking), and read
 * without stamping their atime where O_NOATIME is permitted (and still read where it is not);
 * unlink refused when the name now holds another object or the object was resized or changed
 * (ctime), and done inside the container's root only; the generic unlink with the caller's
 * check. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <grp.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "posix.h"
#include "fstree.h"
#include "rootfs.h"
#include "shmdir.h"

#define BUF (PATH_MAX * 2)
#define NOBODY 65534

struct tree {
	char top[PATH_MAX];     /* realpath of the mkdtemp directory: the host */
	char proc[PATH_MAX + 8];    /* top/proc: 77/root -> top/c77, 78/root -> top/c78 */
	char c77[PATH_MAX + 8];     /* dev/shm -> TOP/run/shm, absolute: no such path inside */
	char c78[PATH_MAX + 8];     /* dev/shm -> ../../run/shm: its own /run/shm */
	char plain[PATH_MAX + 8];   /* top/plain: a --shm-dir of regular files and others */
	struct stat bait, inside;   /* top/run/shm/obj ("host") and c78/run/shm/obj ("inside") */
};







static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	const char *base = getenv("TMPDIR");
	char tmpl[PATH_MAX], target[BUF];

	if (!t)
		return -1;
	snprintf(tmpl, sizeof(tmpl), "%s/shmtop-shmdir-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl) || !realpath(tmpl, t->top)) {
		free(t);
		return -1;
	}
	*state = t;
	snprintf(t->proc, sizeof(t->proc), "%s/proc", t->top);
	snprintf(t->c77, sizeof(t->c77), "%s/c77", t->top);
	snprintf(t->c78, sizeof(t->c78), "%s/c78", t->top);
	snprintf(t->plain, sizeof(t->plain), "%s/plain", t->top);
	fstree_mkdir(t->top, "run");
	fstree_mkdir(t->top, "run/shm");
	fstree_put(t->top, "run/shm/obj", "host", &t->bait);
	fstree_put(t->top, "run/shm/bait-only", "host", NULL);
	fstree_mkdir(t->top, "proc");
	fstree_mkdir(t->proc, "77");
	fstree_mkdir(t->proc, "78");
	fstree_link(t->proc, "77/root", t->c77);
	fstree_link(t->proc, "78/root", t->c78);
	fstree_mkdir(t->top, "c77");
	fstree_mkdir(t->c77, "dev");
	snprintf(target, sizeof(target), "%s/run/shm", t->top);
	fstree_link(t->c77, "dev/shm", target);
	fstree_mkdir(t->top, "c78");
	fstree_mkdir(t->c78, "dev");
	fstree_mkdir(t->c78, "run");
	fstree_mkdir(t->c78, "run/shm");
	fstree_put(t->c78, "run/shm/obj", "inside", &t->inside);
	fstree_link(t->c78, "dev/shm", "../../run/shm");
	fstree_mkdir(t->top, "plain");
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;

	fstree_remove(t->top);
	free(t);
	return 0;
}

static void test_plain_dir(void **state)
{
	struct tree *t = *state;
	char link[BUF];
	struct statfs sf;
	struct stat st;
	struct shmdir d;

	assert_int_equal(shmdir_open(&d, t->proc, t->plain), 0);
	assert_true(d.fd >= 0);
	assert_int_equal(d.err, 0);
	assert_int_equal(d.root_pid, 0);
	assert_string_equal(d.shown, t->plain);
	assert_string_equal(d.path, t->plain);
	assert_string_equal(d.maps_path, t->plain);
	assert_int_equal(stat(t->plain, &st), 0);
	assert_int_equal(d.dev, st.st_dev);
	assert_int_equal(statfs(t->plain, &sf), 0);
	assert_int_equal(d.tmpfs, sf.f_type == 0x01021994);
	shmdir_close(&d);
	assert_int_equal(d.fd, -1);
	assert_string_equal(d.shown, "");

	/* through a symlink: resolved as usual, in shmtop's own root; path and maps_path real */
	fstree_join(link, sizeof(link), t->top, "link");
	assert_int_equal(symlink("plain", link), 0);
	assert_int_equal(shmdir_open(&d, t->proc, link), 0);
	assert_string_equal(d.shown, link);
	assert_string_equal(d.path, t->plain);
	assert_string_equal(d.maps_path, t->plain);
	shmdir_close(&d);

	/* the real /dev/shm is a tmpfs wherever statfs says so */
	if (statfs("/dev/shm", &sf) == 0) {
		assert_int_equal(shmdir_open(&d, "/proc", "/dev/shm"), 0);
		assert_int_equal(d.tmpfs, sf.f_type == 0x01021994);
		print_message("/dev/shm is %sa tmpfs here\n", d.tmpfs ? "" : "not ");
		shmdir_close(&d);
	}

	/* what cannot be opened: the error kept, and shown set for the message */
	fstree_join(link, sizeof(link), t->top, "missing");
	assert_int_equal(shmdir_open(&d, t->proc, link), -ENOENT);
	assert_int_equal(d.fd, -1);
	assert_int_equal(d.err, -ENOENT);
	assert_string_equal(d.shown, link);
	shmdir_close(&d);
	fstree_join(link, sizeof(link), t->top, "run/shm/obj");
	assert_int_equal(shmdir_open(&d, t->proc, link), -ENOTDIR);
	shmdir_close(&d);
}

static void test_container_roots(void **state)
{
	struct tree *t = *state;
	char dir[BUF], real[PATH_MAX];
	struct posix_list l;
	struct shmdir d;
	struct stat st;

	/* 77: dev/shm -> an absolute host path, which does not exist inside its root */
	assert_int_equal(shmdir_open_pid(&d, t->proc, 77, "/dev/shm"), -ENOENT);
	snprintf(dir, sizeof(dir), "%s/77/root/dev/shm", t->proc);
	assert_string_equal(d.shown, dir);
	assert_int_equal(d.root_pid, 77);
	posix_list_init(&l);
	assert_int_equal(posix_list_dir(&d, &l), -ENOENT);
	assert_int_equal(l.n, 0);
	shmdir_close(&d);
	/* --shm-dir=<procroot>/77/root/dev/shm is the same */
	assert_int_equal(shmdir_open(&d, t->proc, dir), -ENOENT);
	assert_string_equal(d.shown, dir);
	shmdir_close(&d);
	snprintf(dir, sizeof(dir), "%s//77/root//dev/shm/", t->proc);
	assert_int_equal(shmdir_open(&d, t->proc, dir), -ENOENT);
	shmdir_close(&d);

	/* 78: dev/shm -> ../../run/shm climbs no higher than its root: its own /run/shm */
	assert_int_equal(shmdir_open_pid(&d, t->proc, 78, "/dev/shm"), 0);
	assert_int_equal(d.root_pid, 78);
	assert_string_equal(d.path, "/run/shm");
	fstree_join(dir, sizeof(dir), t->c78, "run/shm");
	assert_non_null(realpath(dir, real));
	assert_string_equal(d.maps_path, real);     /* from here, the kernel names the real path */
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(d.dev, st.st_dev);
	assert_int_equal(posix_list_dir(&d, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "/obj");
	assert_int_equal(l.v[0].ino, t->inside.st_ino);     /* not the host's /run/shm/obj */
	assert_int_equal(l.v[0].size, 6);
	shmdir_close(&d);
	snprintf(dir, sizeof(dir), "%s/78/root/dev/shm", t->proc);
	assert_int_equal(shmdir_open(&d, t->proc, dir), 0);
	assert_string_equal(d.path, "/run/shm");
	assert_string_equal(d.shown, dir);
	shmdir_close(&d);
	/* the root itself, and a path that only looks like one */
	snprintf(dir, sizeof(dir), "%s/78/root", t->proc);
	assert_int_equal(shmdir_open(&d, t->proc, dir), 0);
	assert_string_equal(d.path, "/");
	shmdir_close(&d);
	snprintf(dir, sizeof(dir), "%s/78/rootx", t->proc);
	assert_int_equal(shmdir_open(&d, t->proc, dir), -ENOENT);
	assert_int_equal(d.root_pid, 0);
	shmdir_close(&d);
	/* a process that is gone */
	assert_int_equal(shmdir_open_pid(&d, t->proc, 79, "/dev/shm"), -ENOENT);
	shmdir_close(&d);
	posix_list_free(&l);
}

static void test_open_object(void **state)
{
	struct tree *t = *state;
	static const char *const refused[] = { "/fifo", "/link", "/sub", "/dangling", NULL };
	static const char *const bad[] = { "", "/", "/a/b", "a/b", "/.", "/..", "..", NULL };
	char p[BUF], buf[16] = "";
	struct shmdir d;
	struct stat st;
	int fd;

	fstree_put(t->plain, "obj", "plain", NULL);
	fstree_join(p, sizeof(p), t->plain, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	fstree_link(t->plain, "link", "obj");
	fstree_link(t->plain, "dangling", "nowhere");
	fstree_mkdir(t->plain, "sub");
	assert_int_equal(shmdir_open(&d, t->proc, t->plain), 0);

	fd = shmdir_open_object(&d, "/obj", &st);
	assert_true(fd >= 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(read(fd, buf, sizeof(buf)), 5);
	close(fd);
	fd = shmdir_open_object(&d, "obj", &st);    /* the '/' is optional */
	assert_true(fd >= 0);
	close(fd);
	for (int i = 0; refused[i]; i++) {
		fd = shmdir_open_object(&d, refused[i], &st);
		if (fd != -EINVAL)
			fail_msg("%s: %d, want -EINVAL (not a regular file)", refused[i], fd);
	}
	for (int i = 0; bad[i]; i++) {
		fd = shmdir_open_object(&d, bad[i], &st);
		if (fd != -EINVAL)
			fail_msg("'%s': %d, want -EINVAL (not one name)", bad[i], fd);
	}
	assert_int_equal(shmdir_open_object(&d, "/missing", &st), -ENOENT);
	if (geteuid() == 0) {       /* a device node planted among the objects: never opened */
		fstree_join(p, sizeof(p), t->plain, "null");
		assert_int_equal(mknod(p, S_IFCHR | 0666, makedev(1, 3)), 0);
		assert_int_equal(shmdir_open_object(&d, "/null", &st), -EINVAL);
	}
	shmdir_close(&d);
	assert_int_equal(shmdir_open_object(&d, "/obj", &st), -ENOENT);    /* closed */

	/* in a container, the container's object of that name, never the host's */
	assert_int_equal(shmdir_open_pid(&d, t->proc, 78, "/dev/shm"), 0);
	fd = shmdir_open_object(&d, "/obj", &st);
	assert_true(fd >= 0);
	assert_int_equal(st.st_ino, t->inside.st_ino);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(read(fd, buf, sizeof(buf)), 6);
	assert_memory_equal(buf, "inside", 6);
	close(fd);
	assert_int_equal(shmdir_open_object(&d, "/bait-only", &st), -ENOENT);
	shmdir_close(&d);
}

static const struct timespec old_atime[2] = { { 1000, 0 }, { 0, UTIME_OMIT } };

/* Read name through shmdir_open_object; whether its atime is still 1000 afterwards (set so by
 * the caller, long before its mtime, so that relatime would update it). Returns 0, or which
 * step failed (no cmocka: a forked child uses it). */
static int read_keeps_atime(const char *dir, const char *name)
{
	char p[BUF], buf[16];
	struct shmdir d;
	struct stat st;
	int fd, rc = 0;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if (shmdir_open(&d, "/proc", dir) < 0)
		return 31;
	fd = shmdir_open_object(&d, name, &st);
	if (fd < 0)
		rc = 32;
	else if (pread(fd, buf, sizeof(buf), 0) <= 0)
		rc = 33;
	if (fd >= 0)
		close(fd);
	shmdir_close(&d);
	if (!rc && lstat(p, &st) < 0)
		rc = 34;
	if (!rc && st.st_atim.tv_sec != 1000)
		rc = 35;
	return rc;
}

static void test_open_object_noatime(void **state)
{
	struct tree *t = *state;
	char p[BUF], buf[16];
	struct stat st;
	pid_t pid;
	int fd, status;

	fstree_put(t->plain, "obj", "plain", NULL);
	/* the filesystem does stamp the atime of a plain read (relatime: it is older than mtime) */
	fstree_join(p, sizeof(p), t->plain, "obj");
	assert_int_equal(utimensat(AT_FDCWD, p, old_atime, 0), 0);
	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	assert_true(read(fd, buf, sizeof(buf)) > 0);
	close(fd);
	assert_int_equal(lstat(p, &st), 0);
	if (st.st_atim.tv_sec == 1000) {
		print_message("SKIP: %s does not update atimes (noatime?)\n", t->plain);
		skip();
	}
	/* through the directory handle, as the file's owner: not stamped */
	assert_int_equal(utimensat(AT_FDCWD, p, old_atime, 0), 0);
	assert_int_equal(read_keeps_atime(t->plain, "obj"), 0);
	if (geteuid() != 0)
		return;
	/* as nobody, who may read but not use O_NOATIME on root's file: still read */
	assert_int_equal(chmod(t->top, 0711), 0);
	assert_int_equal(chmod(t->plain, 0755), 0);
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(utimensat(AT_FDCWD, p, old_atime, 0), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int rc;

		if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
		    setresuid(NOBODY, NOBODY, NOBODY) < 0)
			_exit(10);
		rc = read_keeps_atime(t->plain, "obj");
		_exit(rc == 35 ? 0 : rc ? rc : 36);   /* read, and (no O_NOATIME) stamped */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 10) {
		print_message("SKIP: cannot switch to uid %d\n", NOBODY);
		skip();
	}
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(chmod(t->top, 0700), 0);
}

/* The listed object name of l, or fail. */
static struct posixobj listed(const struct shmdir *d, const char *name)
{
	struct posix_list l;
	struct posixobj o = { 0 };   /* returned only after fail_msg, which does not return */

	posix_list_init(&l);
	assert_int_equal(posix_list_dir(d, &l), 0);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.v[i].name, name) == 0) {
			o = l.v[i];
			posix_list_free(&l);
			return o;
		}
	fail_msg("%s is not listed", name);
	posix_list_free(&l);
	return o;
}

/* Change path's ctime (a chmod to the mode it has) until it differs from o's: the kernel's
 * timestamps may be coarser than a nanosecond. */
static void touch_ctime(const char *path, const struct posixobj *o)
{
	struct timespec pause = { 0, 1000000 };
	struct stat st;

	for (int i = 0; i < 1000; i++) {
		assert_int_equal(chmod(path, o->mode), 0);
		assert_int_equal(lstat(path, &st), 0);
		if (st.st_ctim.tv_sec != o->ctime || (uint32_t)st.st_ctim.tv_nsec != o->ctime_ns)
			return;
		nanosleep(&pause, NULL);
	}
	fail_msg("the ctime of %s does not change", path);
}

static void test_unlink_rechecks(void **state)
{
	struct tree *t = *state;
	char p[BUF], q[BUF];
	struct posixobj o;
	struct shmdir d;

	assert_int_equal(shmdir_open(&d, t->proc, t->plain), 0);
	fstree_join(p, sizeof(p), t->plain, "x");

	/* unchanged: unlinked */
	fstree_put(t->plain, "x", "one", NULL);
	o = listed(&d, "/x");
	assert_int_equal(shmdir_unlink(&d, &o), 0);
	assert_false(fstree_exists(t->plain, "x"));
	assert_int_equal(shmdir_unlink(&d, &o), -ENOENT);

	/* another object under the name (renamed over it, so the inode is new) */
	fstree_put(t->plain, "x", "one", NULL);
	o = listed(&d, "/x");
	fstree_put(t->plain, "x.new", "one", NULL);
	fstree_join(q, sizeof(q), t->plain, "x.new");
	assert_int_equal(rename(q, p), 0);
	assert_int_equal(shmdir_unlink(&d, &o), -ESTALE);
	assert_true(fstree_exists(t->plain, "x"));

	/* the same inode, resized */
	o = listed(&d, "/x");
	assert_int_equal(truncate(p, 4096), 0);
	assert_int_equal(shmdir_unlink(&d, &o), -ESTALE);
	assert_true(fstree_exists(t->plain, "x"));

	/* the same inode and size, changed (ctime: chmod, chown, write, truncate all set it) */
	o = listed(&d, "/x");
	touch_ctime(p, &o);
	assert_int_equal(shmdir_unlink(&d, &o), -ESTALE);
	assert_true(fstree_exists(t->plain, "x"));

	/* each identifying field on its own: the file as it is, the expectation off by one */
	o = listed(&d, "/x");
	for (int field = 0; field < 5; field++) {
		struct posixobj w = o;

		switch (field) {
		case 0: w.dev++; break;
		case 1: w.ino++; break;
		case 2: w.size++; break;
		case 3: w.ctime++; break;
		default: w.ctime_ns ^= 1; break;
		}
		if (shmdir_unlink(&d, &w) != -ESTALE)
			fail_msg("unlink with field %d changed did not say -ESTALE", field);
		assert_true(fstree_exists(t->plain, "x"));
	}

	/* a symlink to it in its place: not the object, and the file it points to stays */
	o = listed(&d, "/x");
	fstree_join(q, sizeof(q), t->plain, "x.real");
	assert_int_equal(rename(p, q), 0);
	assert_int_equal(symlink("x.real", p), 0);
	assert_int_equal(shmdir_unlink(&d, &o), -ESTALE);
	assert_true(fstree_exists(t->plain, "x"));
	assert_true(fstree_exists(t->plain, "x.real"));
	assert_int_equal(unlink(p), 0);

	/* what is not one name in the directory, or already deleted */
	o = listed(&d, "/x.real");
	snprintf(o.name, sizeof(o.name), "/../plain/x.real");
	assert_int_equal(shmdir_unlink(&d, &o), -EINVAL);
	o = listed(&d, "/x.real");
	o.deleted = 1;
	assert_int_equal(shmdir_unlink(&d, &o), -EINVAL);
	assert_true(fstree_exists(t->plain, "x.real"));
	o.deleted = 0;                          /* as listed: unlinked */
	assert_int_equal(shmdir_unlink(&d, &o), 0);
	assert_false(fstree_exists(t->plain, "x.real"));
	shmdir_close(&d);
}

static void test_unlink_in_container(void **state)
{
	struct tree *t = *state;
	struct posixobj o;
	struct shmdir d;

	/* the container's /dev/shm/obj is its /run/shm/obj: that one goes, the host's stays */
	assert_int_equal(shmdir_open_pid(&d, t->proc, 78, "/dev/shm"), 0);
	o = listed(&d, "/obj");
	assert_int_equal(o.ino, t->inside.st_ino);
	assert_int_equal(shmdir_unlink(&d, &o), 0);
	assert_false(fstree_exists(t->c78, "run/shm/obj"));
	assert_true(fstree_exists(t->top, "run/shm/obj"));
	/* and an object that only the host has cannot be named: no such object */
	snprintf(o.name, sizeof(o.name), "/bait-only");
	assert_int_equal(shmdir_unlink(&d, &o), -ENOENT);
	assert_true(fstree_exists(t->top, "run/shm/bait-only"));
	shmdir_close(&d);
}

/* A real process chroot'ed into c77 (root only): any path to its root other than
 * /proc/PID/root/REST goes through a magic link the host would follow, and then through c77's
 * dev/shm -> the host's run/shm. Refused, with openat2 and with the walk alike. */
static void test_magic_links_refused(void **state)
{
	struct tree *t = *state;
	int ready[2], hold[2], old;
	char ok = 0, dir[BUF];
	struct shmdir d;
	pid_t pid;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(hold), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char c = chroot(t->c77) == 0 && chdir("/") == 0;

		close(hold[1]);
		if (write(ready[1], &c, 1) == 1)
			(void)read(hold[0], &c, 1);   /* until the parent closes it */
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	if (read(ready[0], &ok, 1) == 1 && ok) {
		for (int walk = 0; walk < 2; walk++) {
			old = rootfs_set_walk_only(walk);
			for (int i = 0; i < 4; i++) {
				if (i == 0)
					snprintf(dir, sizeof(dir), "/proc/%d//root/dev/shm", (int)pid);
				else if (i == 1)
					snprintf(dir, sizeof(dir), "/proc/./%d/root/dev/shm", (int)pid);
				else if (i == 2)
					snprintf(dir, sizeof(dir), "/proc/%d/task/%d/root/dev/shm",
						 (int)pid, (int)pid);
				else
					snprintf(dir, sizeof(dir), "/proc/%d/cwd/dev/shm", (int)pid);
				assert_int_equal(shmdir_open(&d, "/proc", dir), -ELOOP);
				assert_int_equal(d.fd, -1);
				shmdir_close(&d);
			}
			/* the one spelling that enters it: c77's own, where there is nothing */
			snprintf(dir, sizeof(dir), "/proc/%d/root/dev/shm", (int)pid);
			assert_int_equal(shmdir_open(&d, "/proc", dir), -ENOENT);
			shmdir_close(&d);
			rootfs_set_walk_only(old);
		}
	} else {
		print_message("cannot chroot (not root?): skipped\n");
	}
	close(hold[1]);
	close(ready[0]);
	waitpid(pid, NULL, 0);
}

struct verdict {
	int answer;             /* what same() says */
	int calls;
	struct stat seen;       /* the stat it was given */
};

static int judge(const struct stat *st, const void *ctx)
{
	struct verdict *v = (struct verdict *)ctx;

	v->calls++;
	v->seen = *st;
	return v->answer;
}

static void test_unlink_if(void **state)
{
	struct tree *t = *state;
	struct verdict v;
	struct stat st;
	struct shmdir d;
	char p[BUF];

	assert_int_equal(shmdir_open(&d, t->proc, t->plain), 0);
	fstree_put(t->plain, "y", "one", &st);

	/* the caller's check sees the name's own lstat; refused: -ESTALE and the file stays */
	memset(&v, 0, sizeof(v));
	assert_int_equal(shmdir_unlink_if(&d, "/y", judge, &v), -ESTALE);
	assert_int_equal(v.calls, 1);
	assert_int_equal(v.seen.st_ino, st.st_ino);
	assert_int_equal(v.seen.st_dev, st.st_dev);
	assert_true(fstree_exists(t->plain, "y"));
	/* accepted: unlinked */
	v.answer = 1;
	assert_int_equal(shmdir_unlink_if(&d, "y", judge, &v), 0);
	assert_int_equal(v.calls, 2);
	assert_false(fstree_exists(t->plain, "y"));
	assert_int_equal(shmdir_unlink_if(&d, "/y", judge, &v), -ENOENT);
	assert_int_equal(v.calls, 2);

	/* what is not a regular file is never offered to the check, nor removed */
	fstree_link(t->plain, "y", "elsewhere");
	fstree_join(p, sizeof(p), t->plain, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	fstree_mkdir(t->plain, "sub");
	assert_int_equal(shmdir_unlink_if(&d, "/y", judge, &v), -ESTALE);
	assert_int_equal(shmdir_unlink_if(&d, "/fifo", judge, &v), -ESTALE);
	assert_int_equal(shmdir_unlink_if(&d, "/sub", judge, &v), -ESTALE);
	assert_int_equal(v.calls, 2);
	assert_true(fstree_exists(t->plain, "y") && fstree_exists(t->plain, "fifo") &&
		    fstree_exists(t->plain, "sub"));
	/* nor is what is not one name */
	assert_int_equal(shmdir_unlink_if(&d, "/../plain/y", judge, &v), -EINVAL);
	assert_int_equal(shmdir_unlink_if(&d, "/..", judge, &v), -EINVAL);
	assert_int_equal(v.calls, 2);
	shmdir_close(&d);
	fstree_put(t->plain, "z", "one", NULL);
	assert_int_equal(shmdir_unlink_if(&d, "/z", judge, &v), -ENOENT);   /* closed */
	assert_true(fstree_exists(t->plain, "z"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_container_roots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_object_noatime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlink_rechecks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlink_in_container, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlink_if, setup, teardown),
		cmocka_unit_test_setup_teardown(test_magic_links_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
