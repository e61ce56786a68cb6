/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_savefile.c - the hex view's "save the segment": a FIFO, socket, device, directory or symlink
 * is refused at once (a FIFO under an alarm, so a regression fails instead of hanging); new files
 * only unless the user confirmed an overwrite; an overwrite replaces the old bytes only by the
 * complete new ones, keeping the old file's mode; a source that fails half-way, a file that appears
 * or is replaced while the bytes are written, an unwritable directory and a really full tmpfs
 * (mounted in a private mount namespace) all leave the old file byte-identical and no temporary
 * file behind; a source that ends early gives a shorter file that says so; chunks of 1 MiB. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "savefile.h"

#define MIB ((uint64_t)1 << 20)
#define NOBODY 65534

static char dir[64]; /* a fresh directory for each test, removed with all it holds after it */

static void path_of(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

/* The byte at offset i of every test source: no two chunks alike. */
static uint8_t pattern(uint64_t i, unsigned seed)
{
	return (uint8_t)(i * 131 + (i >> 12) + seed);
}

/* ------------------------------------------------------------ a source behind the callback */

struct src {
	unsigned seed;
	uint64_t end;           /* the source's bytes end here (it may be below what is asked) */
	uint64_t fail_at;       /* a read reaching this offset fails with err (0: never) */
	int err;
	int calls;
	size_t max_len;         /* the largest chunk asked for */
	uint64_t next;          /* the offset the next read should ask for */
	int out_of_order;
	void (*hook)(int call); /* runs at every read: the world changes while we write */
};

static ssize_t src_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct src *s = ctx;
	uint8_t *p = buf;
	size_t n;

	if (s->hook)
		s->hook(s->calls);
	s->calls++;
	if (len > s->max_len)
		s->max_len = len;
	if (off != s->next)
		s->out_of_order = 1;
	if (s->fail_at && off + len > s->fail_at)
		return -s->err;
	if (off >= s->end)
		return 0;
	n = len < s->end - off ? len : (size_t)(s->end - off);
	for (size_t i = 0; i < n; i++)
		p[i] = pattern(off + i, s->seed);
	s->next = off + n;
	return (ssize_t)n;
}

static struct src src_of(uint64_t end, unsigned seed)
{
	struct src s = { 0 };

	s.seed = seed;
	s.end = end;
	return s;
}

/* ------------------------------------------------------------ files */

/* Write len bytes of pattern seed to path directly (not through savefile), mode 0644.
 * Returns 0 or -1 (no cmocka here: a forked child uses it too). */
static int write_pattern(const char *path, uint64_t len, unsigned seed)
{
	FILE *f = fopen(path, "wb");
	int rc = 0;

	if (!f)
		return -1;
	for (uint64_t i = 0; i < len && !rc; i++)
		if (fputc(pattern(i, seed), f) == EOF)
			rc = -1;
	if (fclose(f) == EOF || chmod(path, 0644) < 0)
		rc = -1;
	return rc;
}

static void put_file(const char *path, uint64_t len, unsigned seed)
{
	assert_int_equal(write_pattern(path, len, seed), 0);
}

/* Whether path holds exactly len bytes of pattern seed. */
static int file_is(const char *path, uint64_t len, unsigned seed)
{
	FILE *f = fopen(path, "rb");
	uint64_t i = 0;
	int c, ok = 1;

	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF) {
		if (i >= len || c != pattern(i, seed))
			ok = 0;
		i++;
	}
	fclose(f);
	return ok && i == len;
}

/* The names in directory d but "." and "..", sorted, space-separated. */
static void list_dir(const char *d, char *out, size_t size)
{
	struct dirent **ents;
	int n = scandir(d, &ents, NULL, alphasort);
	size_t used = 0;

	assert_true(n >= 0);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") && strcmp(ents[i]->d_name, ".."))
			used += (size_t)snprintf(out + used, used < size ? size - used : 0, "%s%s",
						 used ? " " : "", ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	assert_true(used < size);
}

/* Assert that d holds exactly the names in want: nothing else, no temporary file. */
static void assert_dir(const char *d, const char *want)
{
	char have[1024];

	list_dir(d, have, sizeof(have));
	assert_string_equal(have, want);
}

/* ------------------------------------------------------------ new files, overwrites */

static void test_new_file(void **state)
{
	struct savefile_result res = { 7, 7 };
	struct src s = src_of(3 * MIB + 5, 1);
	char p[128];
	struct stat st;

	(void)state;
	path_of(p, sizeof(p), "seg.bin");
	assert_int_equal(savefile_write(p, 3 * MIB + 5, src_read, &s, 0, &res), 0);
	assert_int_equal(res.written, 3 * MIB + 5);
	assert_int_equal(res.truncated, 0);
	assert_true(file_is(p, 3 * MIB + 5, 1));
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600); /* a segment's bytes are nobody else's business */
	/* pulled in order, in chunks of 1 MiB: four calls, not one per byte or per page */
	assert_int_equal(s.calls, 4);
	assert_int_equal(s.max_len, MIB);
	assert_false(s.out_of_order);
	assert_dir(dir, "seg.bin");
	unlink(p);

	/* an empty segment makes an empty file */
	s = src_of(0, 1);
	assert_int_equal(savefile_write(p, 0, src_read, &s, 0, &res), 0);
	assert_int_equal(res.written, 0);
	assert_true(file_is(p, 0, 1));
	unlink(p);
}

static void test_exists_needs_overwrite(void **state)
{
	struct savefile_result res = { 7, 7 };
	struct src s = src_of(100, 2);
	char p[128];

	(void)state;
	path_of(p, sizeof(p), "old.bin");
	put_file(p, 5000, 9);
	assert_int_equal(savefile_write(p, 100, src_read, &s, 0, &res), -EEXIST);
	assert_int_equal(res.written, 0);
	assert_int_equal(s.calls, 0); /* asked before reading a byte: the user answers first */
	assert_true(file_is(p, 5000, 9));
	assert_dir(dir, "old.bin");
	unlink(p);
}

static char race_path[128];
static uint64_t race_len;

/* While the new bytes are being written, whoever reads the target still reads the old ones. */
static void still_old(int call)
{
	(void)call;
	assert_true(file_is(race_path, race_len, 9));
}

static void test_overwrite_replaces_whole(void **state)
{
	struct savefile_result res;
	struct src s = src_of(MIB + 10, 3);
	char p[128];
	struct stat before, after;

	(void)state;
	path_of(p, sizeof(p), "over.bin");
	put_file(p, 2 * MIB + 77, 9);
	snprintf(race_path, sizeof(race_path), "%s", p);
	race_len = 2 * MIB + 77;
	s.hook = still_old;
	assert_int_equal(chmod(p, 0640), 0);
	assert_int_equal(stat(p, &before), 0);
	/* shorter than the old file: replaced, not merged over its head */
	assert_int_equal(savefile_write(p, MIB + 10, src_read, &s, 1, &res), 0);
	assert_int_equal(res.written, MIB + 10);
	assert_int_equal(res.truncated, 0);
	assert_true(file_is(p, MIB + 10, 3));
	assert_int_equal(stat(p, &after), 0);
	assert_int_equal(after.st_mode & 07777, 0640); /* the file the user chose keeps its mode */
	assert_int_equal(after.st_uid, before.st_uid);
	assert_dir(dir, "over.bin");
	assert_int_equal(s.calls, 2);
	/* and longer */
	put_file(p, 1000, 9);
	race_len = 1000;
	s = src_of(3 * MIB, 4);
	s.hook = still_old;
	assert_int_equal(savefile_write(p, 3 * MIB, src_read, &s, 1, &res), 0);
	assert_true(file_is(p, 3 * MIB, 4));
	assert_int_equal(s.calls, 3);
	assert_dir(dir, "over.bin");
	unlink(p);

	/* overwrite confirmed, but the file went away meanwhile: a new file, 0600 */
	s = src_of(10, 5);
	assert_int_equal(savefile_write(p, 10, src_read, &s, 1, &res), 0);
	assert_true(file_is(p, 10, 5));
	assert_int_equal(stat(p, &after), 0);
	assert_int_equal(after.st_mode & 07777, 0600);
	unlink(p);
}

/* ------------------------------------------------------------ what is not a regular file */

static void on_alarm(int sig)
{
	static const char msg[] = "savefile_write blocked on a FIFO for 5 s: it must refuse at once\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0) {
		/* nothing more to say */
	}
	_exit(1);
}

static void test_fifo_refused_at_once(void **state)
{
	struct savefile_result res = { 7, 7 };
	struct src s = src_of(100, 1);
	char p[128];
	struct stat st;

	(void)state;
	path_of(p, sizeof(p), "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	signal(SIGALRM, on_alarm);
	alarm(5); /* a regression would block in open() forever: fail instead */
	assert_int_equal(savefile_write(p, 100, src_read, &s, 1, &res), -EINVAL);
	assert_int_equal(savefile_write(p, 100, src_read, &s, 0, &res), -EINVAL);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	assert_int_equal(res.written, 0);
	assert_int_equal(s.calls, 0);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISFIFO(st.st_mode)); /* not replaced either */
	assert_dir(dir, "fifo");
	unlink(p);
}

static void test_symlink_refused(void **state)
{
	struct savefile_result res;
	struct src s = src_of(4, 1);
	char target[128], link[128], dangling[128];
	struct stat st;

	(void)state;
	path_of(target, sizeof(target), "precious");
	path_of(link, sizeof(link), "planted");
	path_of(dangling, sizeof(dangling), "dangling");
	put_file(target, 700, 8);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(symlink("precious-not-yet", dangling), 0);
	/* not even after the user said "overwrite": the link's target stays as it was, and the link
	 * itself is not replaced either */
	assert_int_equal(savefile_write(link, 4, src_read, &s, 0, &res), -EINVAL);
	assert_int_equal(savefile_write(link, 4, src_read, &s, 1, &res), -EINVAL);
	assert_int_equal(savefile_write(dangling, 4, src_read, &s, 0, &res), -EINVAL);
	assert_int_equal(savefile_write(dangling, 4, src_read, &s, 1, &res), -EINVAL);
	assert_int_equal(s.calls, 0);
	assert_true(file_is(target, 700, 8));
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(lstat(dangling, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_dir(dir, "dangling planted precious");
	unlink(link);
	unlink(dangling);
	unlink(target);
}

static void test_not_regular_refused(void **state)
{
	struct savefile_result res;
	struct src s = src_of(1, 1);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char p[128];
	int sock;

	(void)state;
	path_of(p, sizeof(p), "adir");
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(savefile_write(p, 1, src_read, &s, 0, &res), -EINVAL);
	assert_int_equal(savefile_write(p, 1, src_read, &s, 1, &res), -EINVAL);
	path_of(p, sizeof(p), "adir/");
	assert_int_equal(savefile_write(p, 1, src_read, &s, 1, &res), -EINVAL);
	path_of(p, sizeof(p), "adir");
	assert_int_equal(rmdir(p), 0);

	path_of(sa.sun_path, sizeof(sa.sun_path), "sock");
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(sock >= 0);
	assert_int_equal(bind(sock, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(savefile_write(sa.sun_path, 1, src_read, &s, 1, &res), -EINVAL);
	close(sock);
	unlink(sa.sun_path);

	/* a device: never opened, never written, whoever we are */
	alarm(5);
	signal(SIGALRM, on_alarm);
	assert_int_equal(savefile_write("/dev/null", 1, src_read, &s, 0, &res), -EINVAL);
	assert_int_equal(savefile_write("/dev/null", 1, src_read, &s, 1, &res), -EINVAL);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	assert_int_equal(s.calls, 0);
	assert_dir(dir, "");

	path_of(p, sizeof(p), "no/such/dir/file");
	assert_int_equal(savefile_write(p, 1, src_read, &s, 0, &res), -ENOENT);
	assert_int_equal(savefile_write("", 1, src_read, &s, 0, &res), -ENOENT);
}

/* ------------------------------------------------------------ failures keep the old file */

static void test_source_fails_halfway(void **state)
{
	struct savefile_result res = { 7, 7 };
	struct src s = src_of(4 * MIB, 5);
	char p[128];

	(void)state;
	path_of(p, sizeof(p), "keep.bin");
	put_file(p, 3000, 9);
	s.fail_at = 2 * MIB + 100; /* the third chunk fails: two were already written */
	s.err = EIO;
	assert_int_equal(savefile_write(p, 4 * MIB, src_read, &s, 1, &res), -EIO);
	assert_int_equal(s.calls, 3);
	assert_int_equal(res.written, 0);
	assert_true(file_is(p, 3000, 9));
	assert_dir(dir, "keep.bin");

	/* the same for a new file: nothing at all is left */
	unlink(p);
	s = src_of(4 * MIB, 5);
	s.fail_at = 1;
	s.err = EFAULT;
	assert_int_equal(savefile_write(p, 4 * MIB, src_read, &s, 0, &res), -EFAULT);
	assert_dir(dir, "");
}

static void test_source_ends_early(void **state)
{
	struct savefile_result res;
	struct src s = src_of(MIB + 4321, 6);
	char p[128];
	struct stat st;

	(void)state;
	path_of(p, sizeof(p), "short.bin");
	put_file(p, 5 * MIB, 9);
	/* the object shrank underneath to MIB + 4321 bytes of the 3 MiB asked for */
	assert_int_equal(savefile_write(p, 3 * MIB, src_read, &s, 1, &res), 0);
	assert_int_equal(res.written, MIB + 4321);
	assert_int_equal(res.truncated, 1);
	assert_true(file_is(p, MIB + 4321, 6));
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, MIB + 4321);
	assert_dir(dir, "short.bin");
	unlink(p);

	/* and down to nothing at all: an empty file, truncated */
	s = src_of(0, 6);
	assert_int_equal(savefile_write(p, 10, src_read, &s, 0, &res), 0);
	assert_int_equal(res.written, 0);
	assert_int_equal(res.truncated, 1);
	assert_true(file_is(p, 0, 6));
	unlink(p);
}

/* ------------------------------------------------------------ the world changes meanwhile */

static void appear(int call)
{
	if (call == 0)
		put_file(race_path, 1234, 11);
}

static void replace_with_other(int call)
{
	char other[160];

	if (call != 0)
		return;
	snprintf(other, sizeof(other), "%s.other", race_path);
	put_file(other, 4321, 12);
	assert_int_equal(rename(other, race_path), 0);
}

static void replace_with_fifo(int call)
{
	if (call != 0)
		return;
	assert_int_equal(unlink(race_path), 0);
	assert_int_equal(mkfifo(race_path, 0600), 0);
}

static void test_changed_while_writing(void **state)
{
	struct savefile_result res;
	struct src s = src_of(2 * MIB, 7);
	struct stat st;

	(void)state;
	/* a new file: somebody creates the name while the bytes are written; theirs stays */
	path_of(race_path, sizeof(race_path), "race.bin");
	s.hook = appear;
	assert_int_equal(savefile_write(race_path, 2 * MIB, src_read, &s, 0, &res), -EEXIST);
	assert_int_equal(res.written, 0);
	assert_true(file_is(race_path, 1234, 11));
	assert_dir(dir, "race.bin");

	/* an overwrite: the confirmed file is replaced by another one meanwhile; that one stays */
	s = src_of(2 * MIB, 7);
	s.hook = replace_with_other;
	assert_int_equal(savefile_write(race_path, 2 * MIB, src_read, &s, 1, &res), -EEXIST);
	assert_true(file_is(race_path, 4321, 12));
	assert_dir(dir, "race.bin");

	/* or by a FIFO: not replaced, nothing blocks */
	s = src_of(2 * MIB, 7);
	s.hook = replace_with_fifo;
	alarm(5);
	signal(SIGALRM, on_alarm);
	assert_int_equal(savefile_write(race_path, 2 * MIB, src_read, &s, 1, &res), -EEXIST);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	assert_int_equal(lstat(race_path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_dir(dir, "race.bin");
	unlink(race_path);
}

/* ------------------------------------------------------------ no RENAME_NOREPLACE */

#ifdef WRAP_RENAMEAT2
/* The filesystem that cannot do RENAME_NOREPLACE (EINVAL), faked at the syscall's edge. */
static int noreplace_unsupported;
int __real_renameat2(int, const char *, int, const char *, unsigned);
int __wrap_renameat2(int, const char *, int, const char *, unsigned);
int __wrap_renameat2(int olddir, const char *old, int newdir, const char *new, unsigned flags)
{
	if (noreplace_unsupported) {
		noreplace_unsupported++;
		errno = EINVAL;
		return -1;
	}
	return __real_renameat2(olddir, old, newdir, new, flags);
}

static void test_noreplace_fallback(void **state)
{
	struct savefile_result res;
	struct src s = src_of(MIB + 3, 14);
	char p[128];

	(void)state;
	path_of(p, sizeof(p), "linked.bin");
	noreplace_unsupported = 1;
	assert_int_equal(savefile_write(p, MIB + 3, src_read, &s, 0, &res), 0);
	assert_int_equal(noreplace_unsupported, 2); /* it was asked, and said no */
	assert_int_equal(res.written, MIB + 3);
	assert_true(file_is(p, MIB + 3, 14));
	assert_dir(dir, "linked.bin");

	/* a link refuses an existing name just the same: a file that appears meanwhile stays */
	path_of(race_path, sizeof(race_path), "race.bin");
	s = src_of(10, 14);
	s.hook = appear;
	assert_int_equal(savefile_write(race_path, 10, src_read, &s, 0, &res), -EEXIST);
	assert_int_equal(noreplace_unsupported, 3);
	assert_true(file_is(race_path, 1234, 11));
	assert_dir(dir, "linked.bin race.bin");
	noreplace_unsupported = 0;
}
#else
static void test_noreplace_fallback(void **state)
{
	(void)state;
	print_message("SKIP: the linker cannot --wrap renameat2 here\n");
	skip();
}
#endif

/* ------------------------------------------------------------ permissions */

static int wait_exit(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* In a directory we cannot write, nothing happens, before a byte is read; a file we cannot write
 * is not replaced even though its directory would allow it. Root may write anything, so as root
 * this runs as nobody in a child. Returns 0, or which check failed. */
static int unwritable_checks(void)
{
	struct savefile_result res;
	struct src s = src_of(100, 1);
	char d[64], p[128];
	int rc = 0;

	snprintf(d, sizeof(d), "/tmp/shmtop-savefile-ro.XXXXXX");
	if (!mkdtemp(d))
		return 20;
	snprintf(p, sizeof(p), "%s/ro.bin", d);
	if (write_pattern(p, 100, 9) < 0 || chmod(p, 0444) < 0 || chmod(d, 0500) < 0)
		rc = 21;
	else if (savefile_write(p, 100, src_read, &s, 1, &res) != -EACCES)
		rc = 22; /* the directory refuses the temporary file */
	else if (s.calls != 0 || !file_is(p, 100, 9))
		rc = 23;
	if (!rc && chmod(d, 0700) < 0)
		rc = 24;
	if (!rc && savefile_write(p, 100, src_read, &s, 1, &res) != -EACCES)
		rc = 25; /* the file refuses to be written, so it is not replaced either */
	if (!rc && (s.calls != 0 || !file_is(p, 100, 9)))
		rc = 26;
	chmod(d, 0700);
	unlink(p);
	rmdir(d);
	return rc;
}

static void test_unwritable(void **state)
{
	pid_t pid;
	int rc;

	(void)state;
	if (geteuid() != 0) {
		assert_int_equal(unwritable_checks(), 0);
		return;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
		    setresuid(NOBODY, NOBODY, NOBODY) < 0)
			_exit(10);
		_exit(unwritable_checks());
	}
	rc = wait_exit(pid);
	if (rc == 10) {
		print_message("SKIP: cannot switch to uid %d\n", NOBODY);
		skip();
	}
	assert_int_equal(rc, 0);
}

/* ------------------------------------------------------------ a really full disk */

/* A 64 KiB tmpfs of our own, in a mount namespace of our own, so nothing outside sees it. */
static void test_full_disk(void **state)
{
	struct savefile_result res = { 7, 7 };
	struct src s = src_of(MIB, 13);
	char small[128], p[160];

	(void)state;
	if (unshare(CLONE_NEWNS) < 0) {
		print_message("SKIP: cannot make a mount namespace for a small tmpfs (%s): needs root\n",
			      strerror(errno));
		skip();
	}
	assert_int_equal(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	path_of(small, sizeof(small), "small");
	assert_int_equal(mkdir(small, 0700), 0);
	assert_int_equal(mount("tmpfs", small, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0700"), 0);
	snprintf(p, sizeof(p), "%s/old.bin", small);
	put_file(p, 20000, 9);

	assert_int_equal(savefile_write(p, MIB, src_read, &s, 1, &res), -ENOSPC);
	assert_int_equal(res.written, 0);
	assert_true(file_is(p, 20000, 9)); /* byte-identical */
	assert_dir(small, "old.bin");      /* and the space is free again: a small save fits */
	s = src_of(MIB, 13);
	assert_int_equal(savefile_write(p, 30000, src_read, &s, 1, &res), 0);
	assert_true(file_is(p, 30000, 13));
	assert_dir(small, "old.bin");

	assert_int_equal(umount2(small, MNT_DETACH), 0);
	assert_int_equal(rmdir(small), 0);
}

/* ------------------------------------------------------------ fixture */

static int dir_make(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/shmtop-savefile.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Whatever a failed test left behind goes, so the next one starts clean. */
static int dir_remove(void **state)
{
	char small[128];

	(void)state;
	path_of(small, sizeof(small), "small");
	umount2(small, MNT_DETACH); /* test_full_disk's tmpfs, if it stopped half-way */
	chmod(dir, 0700);
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, dir_make, dir_remove)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_new_file),
		TEST(test_exists_needs_overwrite),
		TEST(test_overwrite_replaces_whole),
		TEST(test_fifo_refused_at_once),
		TEST(test_symlink_refused),
		TEST(test_not_regular_refused),
		TEST(test_source_fails_halfway),
		TEST(test_source_ends_early),
		TEST(test_changed_while_writing),
		TEST(test_noreplace_fallback),
		TEST(test_unwritable),
		TEST(test_full_disk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
