/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_rootfs.c - rootfs_open over trees made at test time, each test run twice: with openat2
 * (skipped where the kernel lacks it) and with the walk that emulates it (rootfs_set_walk_only).
 * The tree is a "container root" with its own /run/shm, next to a "host" holding bait under the
 * same names, so that a resolution that leaves the root opens something that exists and is
 * caught by its inode: absolute and relative symlinks that try to escape, "..", symlink loops and
 * the 40-link limit, a FIFO, magic links (/proc/self/root, /proc/self/fd/N) and missing
 * components; the canonical path of what was opened, as seen inside the root. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fstree.h"
#include "rootfs.h"

#define BUF (PATH_MAX * 2)

enum mode { MODE_OPENAT2, MODE_WALK };
static enum mode mode_openat2 = MODE_OPENAT2, mode_walk = MODE_WALK;

struct tree {
	enum mode mode;
	char top[PATH_MAX];     /* realpath of the mkdtemp directory: the "host" side */
	char root[PATH_MAX + 8];    /* top/root: the container's root */
	int rootfd;
	struct stat in_shm, in_obj, in_run, root_st;   /* inside the root */
	struct stat bait_shm, bait_obj;                 /* top/run/shm, top/run/shm/obj */
};







/* top/            the host
 *   run/shm/obj   bait: "host"
 *   root/         the container's root
 *     run/shm/obj "inside"
 *     dev/shm     -> /run/shm
 *     esc_rel     -> ../run/shm            from top/root on the host: top/run/shm
 *     esc_abs     -> TOP/run/shm           an absolute host path
 *     esc_deep    -> ../../../../../../../../../../TOP/run/shm
 *     loop1 -> loop2 -> loop1, self -> self
 *     c1 -> c2 -> ... -> c40 -> /run/shm   40 links; c0 -> c1 makes 41
 *     fifo, file ("plain"), dir/ */
static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	const char *base = getenv("TMPDIR");
	char tmpl[PATH_MAX], target[BUF], name[16];

	if (!t)
		return -1;
	t->mode = *(enum mode *)*state;
	t->rootfd = -1;
	snprintf(tmpl, sizeof(tmpl), "%s/shmtop-rootfs-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl) || !realpath(tmpl, t->top)) {
		free(t);
		return -1;
	}
	*state = t;
	snprintf(t->root, sizeof(t->root), "%s/root", t->top);
	fstree_mkdir(t->top, "run");
	fstree_mkdir(t->top, "run/shm");
	fstree_put(t->top, "run/shm/obj", "host", &t->bait_obj);
	fstree_stat(t->top, "run/shm", &t->bait_shm);
	fstree_mkdir(t->top, "root");
	fstree_mkdir(t->root, "run");
	fstree_mkdir(t->root, "run/shm");
	fstree_mkdir(t->root, "dev");
	fstree_mkdir(t->root, "dir");
	fstree_put(t->root, "run/shm/obj", "inside", &t->in_obj);
	fstree_put(t->root, "file", "plain", NULL);
	fstree_stat(t->root, "run/shm", &t->in_shm);
	fstree_stat(t->root, "run", &t->in_run);
	fstree_stat(t->root, ".", &t->root_st);
	fstree_link(t->root, "dev/shm", "/run/shm");
	fstree_link(t->root, "esc_rel", "../run/shm");
	snprintf(target, sizeof(target), "%s/run/shm", t->top);
	fstree_link(t->root, "esc_abs", target);
	snprintf(target, sizeof(target), "../../../../../../../../../..%s/run/shm", t->top);
	fstree_link(t->root, "esc_deep", target);
	fstree_link(t->root, "loop1", "loop2");
	fstree_link(t->root, "loop2", "loop1");
	fstree_link(t->root, "self", "self");
	for (int i = 0; i < ROOTFS_MAXSYMLINKS; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(target, sizeof(target), "c%d", i + 1);
		fstree_link(t->root, name, target);
	}
	snprintf(name, sizeof(name), "c%d", ROOTFS_MAXSYMLINKS);
	fstree_link(t->root, name, "/run/shm");
	fstree_join(target, sizeof(target), t->root, "fifo");
	assert_int_equal(mkfifo(target, 0600), 0);
	t->rootfd = open(t->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(t->rootfd >= 0);
	return 0;
}

/* The tree, with rootfs_open set to the test's way (or the test skipped where it cannot be). */
static struct tree *begin(void **state)
{
	struct tree *t = *state;

	rootfs_set_walk_only(t->mode == MODE_WALK);
	if (t->mode == MODE_OPENAT2 && !rootfs_uses_openat2()) {
		print_message("this kernel has no openat2 with RESOLVE_IN_ROOT: only the walk is "
			      "tested\n");
		skip();
	}
	return t;
}

static int teardown(void **state)
{
	struct tree *t = *state;

	rootfs_set_walk_only(0);
	if (t->rootfd >= 0)
		close(t->rootfd);
	fstree_remove(t->top);
	free(t);
	return 0;
}

static int same(int fd, const struct stat *st)
{
	struct stat now;

	assert_int_equal(fstat(fd, &now), 0);
	return now.st_dev == st->st_dev && now.st_ino == st->st_ino;
}

/* path opens (flags) the file st inside the root, whose canonical path is want. */
static void opens(struct tree *t, const char *path, int flags, const struct stat *st,
		  const char *want)
{
	char canon[PATH_MAX];
	int fd = rootfs_open(t->rootfd, path, flags, canon, sizeof(canon));

	if (fd < 0)
		fail_msg("%s: %s, want %s", path, strerror(-fd), want);
	if (!same(fd, st))
		fail_msg("%s opened another file than %s", path, want);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_string_equal(canon, want);
	close(fd);
	/* and without asking for the path */
	fd = rootfs_open(t->rootfd, path, flags, NULL, 0);
	assert_true(fd >= 0);
	assert_true(same(fd, st));
	close(fd);
}

/* path fails with -err, with and without canon. */
static void refused(struct tree *t, const char *path, int flags, int err)
{
	char canon[PATH_MAX] = "untouched";
	int fd = rootfs_open(t->rootfd, path, flags, canon, sizeof(canon));

	if (fd >= 0) {
		int bait = same(fd, &t->bait_shm) || same(fd, &t->bait_obj);

		close(fd);
		fail_msg("%s opened (%s), want %s", path, bait ? "the HOST's bait" : "something",
			 strerror(err));
	}
	if (fd != -err)
		fail_msg("%s: %s, want %s", path, strerror(-fd), strerror(err));
	fd = rootfs_open(t->rootfd, path, flags, NULL, 0);
	if (fd >= 0)
		close(fd);
	assert_int_equal(fd, -err);
}

static void test_plain(void **state)
{
	struct tree *t = begin(state);
	char buf[16] = "";
	int fd;

	opens(t, "/run/shm", O_PATH | O_DIRECTORY, &t->in_shm, "/run/shm");
	opens(t, "run/shm", O_RDONLY | O_DIRECTORY, &t->in_shm, "/run/shm"); /* relative: same */
	opens(t, "//run///shm/", O_RDONLY, &t->in_shm, "/run/shm");
	opens(t, "/run/shm/obj", O_RDONLY, &t->in_obj, "/run/shm/obj");
	opens(t, "/", O_PATH, &t->root_st, "/");
	opens(t, ".", O_RDONLY | O_DIRECTORY, &t->root_st, "/");
	opens(t, "./run/./shm/.", O_PATH, &t->in_shm, "/run/shm");
	/* the bytes are the root's, not the host's */
	fd = rootfs_open(t->rootfd, "/run/shm/obj", O_RDONLY, NULL, 0);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf) - 1), 6);
	assert_string_equal(buf, "inside");
	close(fd);
}

static void test_symlinks_stay_inside(void **state)
{
	struct tree *t = begin(state);
	char canon[PATH_MAX];
	int fd;

	/* an absolute symlink starts again at the root: the container's own /run/shm */
	opens(t, "/dev/shm", O_PATH | O_DIRECTORY, &t->in_shm, "/run/shm");
	opens(t, "/dev/shm/obj", O_RDONLY, &t->in_obj, "/run/shm/obj");
	/* a relative one that climbs: stopped at the root, so /run/shm again, not top/run/shm */
	opens(t, "/esc_rel", O_RDONLY | O_DIRECTORY, &t->in_shm, "/run/shm");
	opens(t, "esc_rel/obj", O_RDONLY, &t->in_obj, "/run/shm/obj");
	/* the host's own path and a deep climb to it: no such path inside the root */
	refused(t, "/esc_abs", O_PATH, ENOENT);
	refused(t, "/esc_abs/obj", O_RDONLY, ENOENT);
	refused(t, "/esc_deep/obj", O_RDONLY, ENOENT);
	/* the same escapes without the root: plain openat does leave, which is what this guards
	 * against (and proves the bait is where the escapes point) */
	fd = openat(t->rootfd, "esc_rel/obj", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_true(same(fd, &t->bait_obj));
	close(fd);
	fd = openat(t->rootfd, "esc_abs", O_PATH | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_true(same(fd, &t->bait_shm));
	close(fd);
	/* a trailing symlink with O_NOFOLLOW is not followed: ELOOP, or the link itself with
	 * O_PATH; a trailing slash follows it anyway */
	refused(t, "dev/shm", O_RDONLY | O_NOFOLLOW, ELOOP);
	fd = rootfs_open(t->rootfd, "dev/shm", O_PATH | O_NOFOLLOW, canon, sizeof(canon));
	assert_true(fd >= 0);
	{
		struct stat st;

		assert_int_equal(fstat(fd, &st), 0);
		assert_true(S_ISLNK(st.st_mode));
	}
	close(fd);
	assert_string_equal(canon, "/dev/shm");
	opens(t, "dev/shm/", O_RDONLY | O_NOFOLLOW | O_DIRECTORY, &t->in_shm, "/run/shm");
	/* O_NOFOLLOW is about the last component only */
	opens(t, "dev/shm/obj", O_RDONLY | O_NOFOLLOW, &t->in_obj, "/run/shm/obj");
}

static void test_dotdot(void **state)
{
	struct tree *t = begin(state);

	opens(t, "/run/../run/shm/obj", O_RDONLY, &t->in_obj, "/run/shm/obj");
	opens(t, "../../run/shm", O_PATH, &t->in_shm, "/run/shm");     /* ".." at the root */
	opens(t, "/..", O_PATH, &t->root_st, "/");
	opens(t, "run/shm/../../..", O_RDONLY | O_DIRECTORY, &t->root_st, "/");
	opens(t, "dir/../../../../run/shm", O_PATH, &t->in_shm, "/run/shm");
	/* ".." after a symlink is the parent of where the link led, as the kernel does it */
	opens(t, "dev/shm/..", O_PATH, &t->in_run, "/run");
	opens(t, "esc_rel/../shm/obj", O_RDONLY, &t->in_obj, "/run/shm/obj");
	refused(t, "../../../esc_abs", O_PATH, ENOENT);
	refused(t, "/dir/..obj", O_RDONLY, ENOENT);
}

static void test_loops(void **state)
{
	struct tree *t = begin(state);

	refused(t, "loop1", O_RDONLY, ELOOP);
	refused(t, "loop2/x", O_RDONLY, ELOOP);
	refused(t, "self", O_PATH, ELOOP);
	refused(t, "/dir/../self/obj", O_PATH, ELOOP);
	/* ROOTFS_MAXSYMLINKS links are followed, one more is too many, as for the kernel */
	opens(t, "c1", O_PATH | O_DIRECTORY, &t->in_shm, "/run/shm");
	opens(t, "c1/obj", O_RDONLY, &t->in_obj, "/run/shm/obj");
	refused(t, "c0", O_PATH, ELOOP);
	refused(t, "c0/obj", O_RDONLY, ELOOP);
}

static void test_fifo_and_files(void **state)
{
	struct tree *t = begin(state);
	struct stat st;
	char p[BUF];
	int fd;

	fstree_join(p, sizeof(p), t->root, "fifo");
	assert_int_equal(lstat(p, &st), 0);
	/* never a wait for a writer: O_NONBLOCK or O_PATH opens it at once */
	opens(t, "fifo", O_RDONLY | O_NONBLOCK, &st, "/fifo");
	opens(t, "/fifo", O_PATH, &st, "/fifo");
	refused(t, "fifo", O_RDONLY | O_NONBLOCK | O_DIRECTORY, ENOTDIR);
	refused(t, "fifo/x", O_RDONLY, ENOTDIR);
	refused(t, "fifo/", O_RDONLY | O_NONBLOCK, ENOTDIR);
	refused(t, "file/", O_RDONLY, ENOTDIR);
	refused(t, "file/x", O_RDONLY, ENOTDIR);
	refused(t, "run/shm/obj/..", O_RDONLY, ENOTDIR);
	/* missing components */
	refused(t, "missing", O_RDONLY, ENOENT);
	refused(t, "missing/obj", O_RDONLY, ENOENT);
	refused(t, "run/missing/obj", O_RDONLY, ENOENT);
	refused(t, "", O_PATH, ENOENT);
	/* nothing is created inside another root */
	refused(t, "run/shm/new", O_RDWR | O_CREAT, EINVAL);
	refused(t, "run/shm", O_RDWR | O_TMPFILE, EINVAL);
	fstree_join(p, sizeof(p), t->root, "run/shm/new");
	assert_int_equal(access(p, F_OK), -1);
	/* names and paths too long, and a canonical path that does not fit */
	memset(p, 'x', NAME_MAX + 1);
	p[NAME_MAX + 1] = '\0';
	refused(t, p, O_RDONLY, ENAMETOOLONG);
	fd = rootfs_open(t->rootfd, "dev/shm", O_PATH, p, 8);    /* "/run/shm" needs 9 */
	assert_int_equal(fd, -ENAMETOOLONG);
	fd = rootfs_open(t->rootfd, "dev/shm", O_PATH, p, 9);
	assert_true(fd >= 0);
	assert_string_equal(p, "/run/shm");
	close(fd);
	{
		char *longpath = malloc(PATH_MAX + 2);

		assert_non_null(longpath);
		for (size_t i = 0; i < PATH_MAX + 1; i += 2)
			memcpy(longpath + i, "./", 2);
		longpath[PATH_MAX + 1] = '\0';
		fd = rootfs_open(t->rootfd, longpath, O_PATH, NULL, 0);
		assert_int_equal(fd, -ENAMETOOLONG);
		free(longpath);
	}
}

/* Magic links: the real / as the root, so that /proc is procfs. */
static void test_magic_links(void **state)
{
	struct tree *t = begin(state);
	char p[BUF], canon[PATH_MAX], want[64];
	struct stat st;
	int rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC), fd, held;

	assert_true(rootfd >= 0);
	if (stat("/proc/self/stat", &st) < 0) {
		close(rootfd);
		print_message("no procfs at /proc: magic links not tested\n");
		skip();
	}
	/* inside the container's root, a link to /proc/self/root names its own /proc: none here */
	fstree_link(t->root, "magic", "/proc/self/root");
	refused(t, "magic", O_PATH, ENOENT);
	/* in the real root it reaches procfs, whose root link is magic: refused, not followed */
	fstree_join(p, sizeof(p), t->root, "magic");
	fd = rootfs_open(rootfd, p, O_PATH, canon, sizeof(canon));
	assert_int_equal(fd, -ELOOP);
	fd = rootfs_open(rootfd, "/proc/self/root/etc", O_PATH, NULL, 0);
	assert_int_equal(fd, -ELOOP);
	fd = rootfs_open(rootfd, "/proc/self/cwd", O_PATH | O_DIRECTORY, NULL, 0);
	assert_int_equal(fd, -ELOOP);
	held = open(t->top, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(held >= 0);
	snprintf(p, sizeof(p), "/proc/self/fd/%d/run/shm/obj", held);
	fd = rootfs_open(rootfd, p, O_RDONLY, NULL, 0);
	assert_int_equal(fd, -ELOOP);
	close(held);
	/* /proc/self itself is a plain symlink (to the pid): followed */
	fd = rootfs_open(rootfd, "/proc/self/stat", O_RDONLY, canon, sizeof(canon));
	assert_true(fd >= 0);
	close(fd);
	snprintf(want, sizeof(want), "/proc/%d/stat", (int)getpid());
	assert_string_equal(canon, want);
	close(rootfd);
}

/* Each test with openat2, then with the walk; the name says which. */
#define BOTH(f) \
	{ #f " (openat2)", f, setup, teardown, &mode_openat2 }, \
	{ #f " (walk)", f, setup, teardown, &mode_walk }

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_plain),
		BOTH(test_symlinks_stay_inside),
		BOTH(test_dotdot),
		BOTH(test_loops),
		BOTH(test_fifo_and_files),
		BOTH(test_magic_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
