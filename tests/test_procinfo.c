/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_procinfo.c - procinfo: parsing /proc/PID/stat (odd command names, zombies, start time), reading
 * a fixture proc tree (tests/data/proc), the boot clock, pid-reuse detection, and the per-poll cache
 * (one read per pid per poll, growth, lookups without I/O) on a copy of the tree in a temporary dir. */
#include "config.h"

#include <dirent.h>
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

#include "procinfo.h"

/* What the fixture tree under tests/data/proc holds. */
#define FIX_BTIME 1700000000    /* proc/stat: btime */
#define FIX_START_100 123456    /* proc/100/stat: bash, S */
#define FIX_START_200 250099    /* proc/200/stat: "tmux: ) S 1 2", S */
#define FIX_START_300 500       /* proc/300/stat: defunct, Z */
#define FIX_START_500 700       /* proc/500/stat: gone, X */
#define FIX_START_600 1         /* proc/600/stat: kworker/0:1-events, I */
				/* proc/400/stat: cut short before starttime */

static void fixture_root(char *buf, size_t size)
{
	const char *top = getenv("top_srcdir");

	snprintf(buf, size, "%s/tests/data/proc", top && *top ? top : ".");
}

/* A /proc/PID/stat line as the kernel writes it, with the fields that matter given. */
static void make_stat(char *buf, size_t size, int pid, const char *comm, char state,
		      unsigned long long starttime)
{
	snprintf(buf, size, "%d (%s) %c 1 %d %d 34816 %d 4194560 2570 8813 0 3 4 2 13 11 20 0 1 0 %llu"
		 " 8429568 1280 18446744073709551615 94571718590464 94571719505037 0 0 0 0"
		 " 65536 3670020 1266777851 0 0 0 17 1 0 0 0 0 0\n",
		 pid, comm, state, pid, pid, pid, starttime);
}

/* ------------------------------------------------------------ temporary proc trees */

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_tree(const char *dir)
{
	assert_int_equal(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

static void write_file(const char *root, const char *rel, const char *text)
{
	char path[PATH_MAX];
	char *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	slash = strrchr(path, '/');
	*slash = '\0';
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", path, strerror(errno));
	*slash = '/';
	f = fopen(path, "w");
	if (!f)
		fail_msg("cannot create %s: %s", path, strerror(errno));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *root, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(unlink(path), 0);
}

static void copy_tree(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *e;

	if (!d)
		fail_msg("cannot open %s: %s", from, strerror(errno));
	while ((e = readdir(d))) {
		char src[PATH_MAX], dst[PATH_MAX];
		struct stat sb;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(src, sizeof(src), "%s/%s", from, e->d_name);
		snprintf(dst, sizeof(dst), "%s/%s", to, e->d_name);
		assert_int_equal(stat(src, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			assert_int_equal(mkdir(dst, 0700), 0);
			copy_tree(src, dst);
		} else {
			char buf[8192];
			size_t n;
			FILE *in = fopen(src, "r"), *out = fopen(dst, "w");

			assert_non_null(in);
			assert_non_null(out);
			while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
				assert_int_equal(fwrite(buf, 1, n, out), n);
			fclose(in);
			assert_int_equal(fclose(out), 0);
		}
	}
	closedir(d);
}

struct tmp {
	char root[256];
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));
	const char *base = getenv("TMPDIR");
	char fix[PATH_MAX];

	if (!t)
		return -1;
	if ((size_t)snprintf(t->root, sizeof(t->root), "%s/shmtop-procinfo-XXXXXX",
			     base && *base ? base : "/tmp") >= sizeof(t->root) || !mkdtemp(t->root)) {
		free(t);
		return -1;
	}
	fixture_root(fix, sizeof(fix));
	copy_tree(fix, t->root);
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;

	rm_tree(t->root);
	free(t);
	return 0;
}

/* ------------------------------------------------------------ procinfo_parse_stat */

static void test_parse_plain(void **state)
{
	const struct procclock clk = { .btime = 1600000000, .hz = 100 };
	struct procinfo pi;
	char text[1024];

	(void)state;
	make_stat(text, sizeof(text), 4242, "sleep", 'S', 98765);
	assert_int_equal(procinfo_parse_stat(text, &clk, &pi), 0);
	assert_string_equal(pi.comm, "sleep");
	assert_int_equal(pi.alive, 1);
	assert_int_equal(pi.start, 1600000000 + 98765 / 100);
}

static void test_parse_odd_comm(void **state)
{
	/* Command names may hold blanks, parentheses and text that looks like the next fields. */
	static const char *const comms[] = {
		"a b", "x)", ") S 1 2 3", "((", "", "tmux: ) S 1 2", "(sd-pam)", ") Z ", "a\tb",
	};
	const struct procclock clk = { .btime = 1000, .hz = 100 };

	(void)state;
	for (size_t i = 0; i < sizeof(comms) / sizeof(comms[0]); i++) {
		struct procinfo pi;
		char text[1024];
		unsigned long long st = 100 * (i + 1) + 42;

		make_stat(text, sizeof(text), 10 + (int)i, comms[i], 'R', st);
		assert_int_equal(procinfo_parse_stat(text, &clk, &pi), 0);
		assert_string_equal(pi.comm, comms[i]);
		assert_int_equal(pi.alive, 1);
		assert_int_equal(pi.start, 1000 + (int64_t)(i + 1));
	}
}

static void test_parse_long_comm(void **state)
{
	const struct procclock clk = { .btime = 5, .hz = 100 };
	struct procinfo pi;
	char comm[200], text[1024];

	(void)state;
	memset(comm, 'c', 150);
	comm[150] = '\0';
	comm[10] = ')';
	make_stat(text, sizeof(text), 7, comm, 'S', 300);
	assert_int_equal(procinfo_parse_stat(text, &clk, &pi), 0);
	/* cut to fit, NUL-terminated */
	assert_int_equal(strlen(pi.comm), PROCINFO_COMM_MAX - 1);
	assert_memory_equal(pi.comm, comm, PROCINFO_COMM_MAX - 1);
	assert_int_equal(pi.start, 5 + 3);
}

static void test_parse_states(void **state)
{
	/* Only a zombie (Z) or a dead task (X, x) is not alive. */
	static const struct { char st; int alive; } cases[] = {
		{ 'R', 1 }, { 'S', 1 }, { 'D', 1 }, { 'T', 1 }, { 't', 1 }, { 'W', 1 },
		{ 'I', 1 }, { 'P', 1 }, { 'K', 1 }, { 'Z', 0 }, { 'X', 0 }, { 'x', 0 },
	};
	const struct procclock clk = { .btime = 1000, .hz = 100 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct procinfo pi;
		char text[1024];

		make_stat(text, sizeof(text), 99, "p", cases[i].st, 1234);
		assert_int_equal(procinfo_parse_stat(text, &clk, &pi), 0);
		assert_int_equal(pi.alive, cases[i].alive);
		/* a zombie still has its name and start time */
		assert_string_equal(pi.comm, "p");
		assert_int_equal(pi.start, 1000 + 12);
	}
}

static void test_parse_start_truncated(void **state)
{
	/* start = btime + starttime / hz, rounded down */
	static const struct { unsigned long long ticks; long hz; int64_t secs; } cases[] = {
		{ 0, 100, 0 }, { 99, 100, 0 }, { 100, 100, 1 }, { 199, 100, 1 }, { 200, 100, 2 },
		{ 1249, 250, 4 }, { 1250, 250, 5 }, { 999, 1000, 0 }, { 86400999ull, 1000, 86400 },
		{ 18446744073709551615ull, 100, 184467440737095516ll },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct procclock clk = { .btime = 1700000000, .hz = cases[i].hz };
		struct procinfo pi;
		char text[1024];

		make_stat(text, sizeof(text), 1, "init", 'S', cases[i].ticks);
		assert_int_equal(procinfo_parse_stat(text, &clk, &pi), 0);
		assert_int_equal(pi.start, 1700000000 + cases[i].secs);
	}
}

static void test_parse_unknown_clock(void **state)
{
	const struct procclock no_btime = { .btime = -1, .hz = 100 };
	const struct procclock no_hz = { .btime = 1700000000, .hz = 0 };
	struct procinfo pi;
	char text[1024];

	(void)state;
	make_stat(text, sizeof(text), 1, "init", 'S', 5000);
	assert_int_equal(procinfo_parse_stat(text, &no_btime, &pi), 0);
	assert_int_equal(pi.start, -1);
	assert_int_equal(pi.alive, 1);
	assert_string_equal(pi.comm, "init");
	assert_int_equal(procinfo_parse_stat(text, &no_hz, &pi), 0);
	assert_int_equal(pi.start, -1);
}

static void test_parse_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"123",
		"123 bash S 1 2 3",                        /* no parentheses */
		"123 (bash S 1 2 3",                       /* no ')' */
		"123 bash) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
		"123 )bash( S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
		"123 (bash)",                              /* nothing after the name */
		"123 (bash) ",                             /* no state */
		"123 (bash)S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
		"400 (trunc) S 1 400 400 0 -1 4194560 10 0 0 0",
		/* field 21 present, starttime missing */
		"1 (a) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18",
		/* starttime not a number */
		"1 (a) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 abc 20",
	};
	const struct procclock clk = { .btime = 1000, .hz = 100 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct procinfo pi;

		memset(&pi, 0x55, sizeof(pi));
		assert_int_equal(procinfo_parse_stat(bad[i], &clk, &pi), -EINVAL);
		assert_int_equal(pi.alive, 0);
		assert_int_equal(pi.start, -1);
	}
	/* the shortest good line: starttime is field 22 */
	{
		struct procinfo pi;

		assert_int_equal(procinfo_parse_stat("1 (a) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"
						     " 16 17 18 1900", &clk, &pi), 0);
		assert_int_equal(pi.start, 1000 + 19);
	}
}

/* ------------------------------------------------------------ procinfo_clock_read */

static void test_clock_fixture(void **state)
{
	struct procclock clk;
	char root[PATH_MAX];

	(void)state;
	fixture_root(root, sizeof(root));
	assert_int_equal(procinfo_clock_read(root, 250, &clk), 0);
	assert_int_equal(clk.btime, FIX_BTIME);
	assert_int_equal(clk.hz, 250);
	/* a clock tick rate that makes no sense falls back to USER_HZ */
	assert_int_equal(procinfo_clock_read(root, 0, &clk), 0);
	assert_int_equal(clk.hz, 100);
	assert_int_equal(procinfo_clock_read(root, -3, &clk), 0);
	assert_int_equal(clk.hz, 100);
	assert_int_equal(clk.btime, FIX_BTIME);
}

static void test_clock_missing(void **state)
{
	struct tmp *t = *state;
	struct procclock clk = { .btime = 42, .hz = 42 };
	char root[PATH_MAX];

	snprintf(root, sizeof(root), "%s/nonexistent", t->root);
	assert_int_equal(procinfo_clock_read(root, 100, &clk), -ENOENT);
	assert_int_equal(clk.btime, -1);
	assert_int_equal(clk.hz, 100);

	/* a stat without a btime line; a decoy that only contains the word does not count */
	write_file(t->root, "stat", "cpu  1 2 3 4\nnotbtime 1234\nctxt 5 btime 6\n");
	clk.btime = 42;
	assert_int_equal(procinfo_clock_read(t->root, 100, &clk), -ENOENT);
	assert_int_equal(clk.btime, -1);

	write_file(t->root, "stat", "cpu  1 2 3 4\nnotbtime 1234\nbtime 1650000000\nbtime 7\n");
	assert_int_equal(procinfo_clock_read(t->root, 100, &clk), 0);
	assert_int_equal(clk.btime, 1650000000);
}

static void test_clock_big_machine(void **state)
{
	/* /proc/stat of a many-CPU machine: a line per CPU and a long intr line before btime. */
	struct tmp *t = *state;
	struct procclock clk;
	char *text, *p;
	size_t size = 1 << 20;

	text = p = malloc(size);
	assert_non_null(text);
	p += sprintf(p, "cpu  5573120 131864 2288224 53373168 24520 0 71500 0 0 0\n");
	for (int i = 0; i < 256; i++)
		p += sprintf(p, "cpu%d 1393280 32966 572056 13343292 6130 0 17875 0 0 0\n", i);
	p += sprintf(p, "intr 146289812");
	for (int i = 0; i < 4096; i++)
		p += sprintf(p, " %d", i % 7 ? 0 : 1000 + i);
	p += sprintf(p, "\nctxt 115315133\nbtime 1712345678\nprocesses 94143\n");
	assert_true((size_t)(p - text) > 16 * 1024);
	write_file(t->root, "stat", text);
	free(text);
	assert_int_equal(procinfo_clock_read(t->root, 100, &clk), 0);
	assert_int_equal(clk.btime, 1712345678);
}

/* ------------------------------------------------------------ procinfo_read */

static void test_read_fixture(void **state)
{
	struct procclock clk;
	struct procinfo pi;
	char root[PATH_MAX];

	(void)state;
	fixture_root(root, sizeof(root));
	assert_int_equal(procinfo_clock_read(root, 100, &clk), 0);

	assert_int_equal(procinfo_read(root, 100, &clk, &pi), 0);
	assert_int_equal(pi.pid, 100);
	assert_int_equal(pi.alive, 1);
	assert_string_equal(pi.comm, "bash");
	assert_int_equal(pi.start, FIX_BTIME + FIX_START_100 / 100);

	assert_int_equal(procinfo_read(root, 200, &clk, &pi), 0);
	assert_int_equal(pi.pid, 200);
	assert_int_equal(pi.alive, 1);
	assert_string_equal(pi.comm, "tmux: ) S 1 2");
	assert_int_equal(pi.start, FIX_BTIME + FIX_START_200 / 100);

	assert_int_equal(procinfo_read(root, 300, &clk, &pi), 0);
	assert_int_equal(pi.pid, 300);
	assert_int_equal(pi.alive, 0);
	assert_string_equal(pi.comm, "defunct");
	assert_int_equal(pi.start, FIX_BTIME + FIX_START_300 / 100);

	assert_int_equal(procinfo_read(root, 400, &clk, &pi), -EINVAL);
	assert_int_equal(pi.pid, 400);
	assert_int_equal(pi.alive, 0);
	assert_int_equal(pi.start, -1);

	assert_int_equal(procinfo_read(root, 500, &clk, &pi), 0);
	assert_int_equal(pi.pid, 500);
	assert_int_equal(pi.alive, 0);
	assert_string_equal(pi.comm, "gone");
	assert_int_equal(pi.start, FIX_BTIME + FIX_START_500 / 100);

	assert_int_equal(procinfo_read(root, 600, &clk, &pi), 0);
	assert_int_equal(pi.pid, 600);
	assert_int_equal(pi.alive, 1);
	assert_string_equal(pi.comm, "kworker/0:1-events");
	assert_int_equal(pi.start, FIX_BTIME + FIX_START_600 / 100);
}

static void test_read_missing(void **state)
{
	struct procclock clk;
	struct procinfo pi;
	char root[PATH_MAX];

	(void)state;
	fixture_root(root, sizeof(root));
	assert_int_equal(procinfo_clock_read(root, 100, &clk), 0);

	memset(&pi, 0x55, sizeof(pi));
	assert_int_equal(procinfo_read(root, 999, &clk, &pi), 0);
	assert_int_equal(pi.pid, 999);
	assert_int_equal(pi.alive, 0);
	assert_int_equal(pi.start, -1);
	assert_string_equal(pi.comm, "");

	/* not a pid at all */
	assert_int_equal(procinfo_read(root, 0, &clk, &pi), -EINVAL);
	assert_int_equal(pi.alive, 0);
	assert_int_equal(procinfo_read(root, -1, &clk, &pi), -EINVAL);
	assert_int_equal(pi.alive, 0);
}

static void test_read_with_other_hz(void **state)
{
	struct procclock clk;
	struct procinfo pi;
	char root[PATH_MAX];

	(void)state;
	fixture_root(root, sizeof(root));
	assert_int_equal(procinfo_clock_read(root, 1000, &clk), 0);
	assert_int_equal(procinfo_read(root, 100, &clk, &pi), 0);
	assert_int_equal(pi.start, FIX_BTIME + FIX_START_100 / 1000);
}

/* ------------------------------------------------------------ procinfo_gone_since */

static void test_gone_since(void **state)
{
	const struct procinfo alive = { .pid = 5, .alive = 1, .start = 1000, .comm = "a" };
	const struct procinfo zombie = { .pid = 5, .alive = 0, .start = 1000, .comm = "a" };
	const struct procinfo unknown = { .pid = 5, .alive = 1, .start = -1, .comm = "a" };

	(void)state;
	assert_true(procinfo_gone_since(NULL, 2000));
	assert_true(procinfo_gone_since(&zombie, 2000));
	assert_true(procinfo_gone_since(&zombie, 1000));
	/* started after the segment's time: the pid was reused */
	assert_true(procinfo_gone_since(&alive, 999));
	assert_true(procinfo_gone_since(&alive, 1));
	/* started at or before it: still the same process */
	assert_false(procinfo_gone_since(&alive, 1000));
	assert_false(procinfo_gone_since(&alive, 1001));
	assert_false(procinfo_gone_since(&alive, 2000));
	/* no time to compare against, or no start time known: not gone */
	assert_false(procinfo_gone_since(&alive, 0));
	assert_false(procinfo_gone_since(&unknown, 999));
	assert_false(procinfo_gone_since(&unknown, 0));
}

static void test_gone_since_fixture(void **state)
{
	struct procclock clk;
	struct procinfo pi;
	char root[PATH_MAX];
	const int64_t start = FIX_BTIME + FIX_START_100 / 100;

	(void)state;
	fixture_root(root, sizeof(root));
	assert_int_equal(procinfo_clock_read(root, 100, &clk), 0);
	assert_int_equal(procinfo_read(root, 100, &clk, &pi), 0);
	assert_true(procinfo_gone_since(&pi, start - 1));
	assert_false(procinfo_gone_since(&pi, start));
	assert_false(procinfo_gone_since(&pi, start + 3600));
	assert_int_equal(procinfo_read(root, 300, &clk, &pi), 0);
	assert_true(procinfo_gone_since(&pi, FIX_BTIME + 3600));
	assert_int_equal(procinfo_read(root, 999, &clk, &pi), 0);
	assert_true(procinfo_gone_since(&pi, FIX_BTIME + 3600));
}

/* ------------------------------------------------------------ the cache */

static void test_cache_once_per_poll(void **state)
{
	struct tmp *t = *state;
	struct procinfo_cache c;
	struct procclock clk;
	const struct procinfo *pi;
	char text[1024];

	assert_int_equal(procinfo_clock_read(t->root, 100, &clk), 0);
	procinfo_cache_init(&c, t->root, &clk);
	assert_null(procinfo_cache_find(&c, 100));

	pi = procinfo_cache_get(&c, 100);
	assert_non_null(pi);
	assert_int_equal(pi->pid, 100);
	assert_int_equal(pi->alive, 1);
	assert_string_equal(pi->comm, "bash");
	assert_int_equal(pi->start, FIX_BTIME + FIX_START_100 / 100);

	/* The process exits: this poll still has what was read. */
	remove_file(t->root, "100/stat");
	pi = procinfo_cache_get(&c, 100);
	assert_non_null(pi);
	assert_int_equal(pi->alive, 1);
	assert_string_equal(pi->comm, "bash");
	assert_ptr_equal(procinfo_cache_find(&c, 100), pi);

	/* Next poll: read again, now gone. */
	procinfo_cache_reset(&c);
	assert_null(procinfo_cache_find(&c, 100));
	pi = procinfo_cache_get(&c, 100);
	assert_non_null(pi);
	assert_int_equal(pi->pid, 100);
	assert_int_equal(pi->alive, 0);
	assert_int_equal(pi->start, -1);

	/* A new process under the same pid shows up only after the next reset. */
	make_stat(text, sizeof(text), 100, "reused", 'R', 999900);
	write_file(t->root, "100/stat", text);
	pi = procinfo_cache_get(&c, 100);
	assert_int_equal(pi->alive, 0);
	procinfo_cache_reset(&c);
	pi = procinfo_cache_get(&c, 100);
	assert_int_equal(pi->alive, 1);
	assert_string_equal(pi->comm, "reused");
	assert_int_equal(pi->start, FIX_BTIME + 9999);

	/* a zombie and a missing pid are cached like the rest */
	pi = procinfo_cache_get(&c, 300);
	assert_int_equal(pi->alive, 0);
	assert_string_equal(pi->comm, "defunct");
	pi = procinfo_cache_get(&c, 999);
	assert_non_null(pi);
	assert_int_equal(pi->pid, 999);
	assert_int_equal(pi->alive, 0);
	assert_non_null(procinfo_cache_find(&c, 999));
	procinfo_cache_free(&c);
}

static void test_cache_find_no_io(void **state)
{
	struct tmp *t = *state;
	struct procinfo_cache c;
	struct procclock clk;

	assert_int_equal(procinfo_clock_read(t->root, 100, &clk), 0);
	procinfo_cache_init(&c, t->root, &clk);
	/* nothing cached, no table yet */
	assert_null(procinfo_cache_find(&c, 100));
	assert_non_null(procinfo_cache_get(&c, 200));
	/* 100 and 600 exist on disk but were never asked for */
	assert_null(procinfo_cache_find(&c, 100));
	assert_null(procinfo_cache_find(&c, 600));
	assert_null(procinfo_cache_find(&c, 0));
	assert_null(procinfo_cache_find(&c, -200));
	assert_string_equal(procinfo_cache_find(&c, 200)->comm, "tmux: ) S 1 2");
	/* not a pid */
	assert_null(procinfo_cache_get(&c, 0));
	assert_null(procinfo_cache_get(&c, -1));
	assert_null(procinfo_cache_get(&c, INT32_MIN));
	procinfo_cache_free(&c);
	/* a freed cache is empty and can be used again */
	assert_null(procinfo_cache_find(&c, 200));
	procinfo_cache_init(&c, t->root, &clk);
	assert_string_equal(procinfo_cache_get(&c, 100)->comm, "bash");
	procinfo_cache_free(&c);
}

static void test_cache_grows(void **state)
{
	/* 300 pids, all multiples of 1024 so they fight for the same hash slots; odd ones have
	 * no process. Each must come back with its own data after every growth of the table. */
	enum { N = 300, STEP = 1024 };
	struct tmp *t = *state;
	struct procinfo_cache c;
	struct procclock clk;
	char rel[64], comm[32], text[1024];

	assert_int_equal(procinfo_clock_read(t->root, 100, &clk), 0);
	for (int k = 1; k <= N; k += 2) {
		snprintf(rel, sizeof(rel), "%d/stat", k * STEP);
		snprintf(comm, sizeof(comm), "p%d", k);
		make_stat(text, sizeof(text), k * STEP, comm, 'S', (unsigned long long)k * 100);
		write_file(t->root, rel, text);
	}
	procinfo_cache_init(&c, t->root, &clk);
	for (int round = 0; round < 2; round++) {
		for (int k = 1; k <= N; k++) {
			const struct procinfo *pi = procinfo_cache_get(&c, k * STEP);

			assert_non_null(pi);
			assert_int_equal(pi->pid, k * STEP);
		}
		assert_int_equal(c.n, N);
		assert_true(c.cap >= 2 * N);
		for (int k = 1; k <= N; k++) {
			const struct procinfo *pi = procinfo_cache_find(&c, k * STEP);

			assert_non_null(pi);
			assert_int_equal(pi->pid, k * STEP);
			if (k % 2) {
				snprintf(comm, sizeof(comm), "p%d", k);
				assert_int_equal(pi->alive, 1);
				assert_string_equal(pi->comm, comm);
				assert_int_equal(pi->start, FIX_BTIME + k);
			} else {
				assert_int_equal(pi->alive, 0);
				assert_string_equal(pi->comm, "");
			}
		}
		/* pids in between and past the end were never asked for */
		assert_null(procinfo_cache_find(&c, STEP / 2));
		assert_null(procinfo_cache_find(&c, (N + 1) * STEP));
		assert_null(procinfo_cache_find(&c, 3 * STEP + 1));
		/* the second round starts from an emptied table that keeps its size */
		procinfo_cache_reset(&c);
		assert_int_equal(c.n, 0);
		for (int k = 1; k <= N; k++)
			assert_null(procinfo_cache_find(&c, k * STEP));
	}
	procinfo_cache_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_plain),
		cmocka_unit_test(test_parse_odd_comm),
		cmocka_unit_test(test_parse_long_comm),
		cmocka_unit_test(test_parse_states),
		cmocka_unit_test(test_parse_start_truncated),
		cmocka_unit_test(test_parse_unknown_clock),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_clock_fixture),
		cmocka_unit_test_setup_teardown(test_clock_missing, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_clock_big_machine, tmp_setup, tmp_teardown),
		cmocka_unit_test(test_read_fixture),
		cmocka_unit_test(test_read_missing),
		cmocka_unit_test(test_read_with_other_hz),
		cmocka_unit_test(test_gone_since),
		cmocka_unit_test(test_gone_since_fixture),
		cmocka_unit_test_setup_teardown(test_cache_once_per_poll, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_cache_find_no_io, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_cache_grows, tmp_setup, tmp_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
