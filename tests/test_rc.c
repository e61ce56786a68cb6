/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_rc.c - the shmtoprc settings: a round trip through text, unknown settings kept, garbage
 * and bad values reported by line and skipped, the file's path, reading (missing, FIFO,
 * directory, too large) and saving (directories made, a complete replacement, a symbolic link
 * followed, an unwritable directory, another user's directory). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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

#include "kind.h"
#include "kinds.h"
#include "rc.h"
#include "rcfile.h"

/* What rc_parse reported: "line:why" per report, joined by '|'. */
struct reports {
	char text[4096];
	unsigned n;
};

static void collect(void *ctx, unsigned line, const char *why)
{
	struct reports *r = ctx;
	size_t len = strlen(r->text);

	snprintf(r->text + len, sizeof(r->text) - len, "%s%u:%s", r->n ? "|" : "", line, why);
	r->n++;
}

static void parse(struct rc *rc, const char *text, struct reports *r)
{
	memset(r, 0, sizeof(*r));
	rc_parse(rc, text, strlen(text), collect, r);
}

static int field_index(const struct kind *k, const char *name)
{
	for (size_t i = 0; i < k->nfields; i++)
		if (strcmp(k->fields[i].name, name) == 0)
			return (int)i;
	fail_msg("no field %s in %s", name, k->name);
	return -1;
}

/* Every kind of setting set, formatted, parsed back: the same settings, and formatting that
 * again gives the same text. */
static void test_round_trip(void **state)
{
	struct rc a, b;
	struct reports r;
	char t1[8192], t2[8192];
	int n1, n2;

	(void)state;
	rc_init(&a);
	a.delay = 2.5;
	a.scheme = PALETTE_LIGHT;
	a.meters = RC_METER_SEGS | RC_METER_HIST;
	a.tables[KIND_SHM].columns[0] = (uint8_t)field_index(&kind_shm, "size");
	a.tables[KIND_SHM].columns[1] = (uint8_t)field_index(&kind_shm, "key");
	a.tables[KIND_SHM].columns[2] = FIELD_NONE;
	a.tables[KIND_SHM].sort = (uint8_t)field_index(&kind_shm, "nattch");
	a.tables[KIND_SHM].reverse = 0;
	a.tables[KIND_MSG].reverse = 1;
	snprintf(a.unknown[a.nunknown++], RC_LINE_MAX, "future.setting=x,y");
	n1 = rc_format(&a, t1, sizeof(t1));
	assert_true(n1 > 0);
	assert_int_equal((size_t)n1, strlen(t1));
	assert_non_null(strstr(t1, "\nshm.columns=size,key\n"));
	assert_non_null(strstr(t1, "\nshm.sort=nattch\n"));
	assert_non_null(strstr(t1, "\nshm.sort_order=asc\n"));
	assert_non_null(strstr(t1, "\nmsg.sort_order=desc\n"));
	assert_non_null(strstr(t1, "\ndelay=2.5\n"));
	assert_non_null(strstr(t1, "\ncolors=light\n"));
	assert_non_null(strstr(t1, "\nmeters=segments,history\n"));

	rc_init(&b);
	parse(&b, t1, &r);
	assert_true(rc_equal(&a, &b));
	/* the unknown line is reported once, as kept */
	assert_int_equal(r.n, 1);
	assert_non_null(strstr(r.text, "unknown setting 'future.setting' (kept)"));
	n2 = rc_format(&b, t2, sizeof(t2));
	assert_int_equal(n1, n2);
	assert_string_equal(t1, t2);

	/* a difference in any part is seen */
	b.tables[KIND_SHM].columns[1] = FIELD_NONE;
	assert_false(rc_equal(&a, &b));
}

/* Nothing set: only the comment, and parsing it back sets nothing. */
static void test_empty(void **state)
{
	struct rc a, b;
	struct reports r;
	char t[1024];

	(void)state;
	rc_init(&a);
	assert_true(rc_format(&a, t, sizeof(t)) > 0);
	/* comment lines only */
	for (const char *l = t; *l; l = strchr(l, '\n') + 1)
		assert_int_equal(*l, '#');
	rc_init(&b);
	parse(&b, t, &r);
	assert_int_equal(r.n, 0);
	assert_true(rc_equal(&a, &b));
	assert_int_equal(b.scheme, -1);
	assert_true(b.delay == 0);
}

/* Blanks around names and values, CRLF line ends, comments, a last line without '\n'. */
static void test_lenient_syntax(void **state)
{
	struct rc rc;
	struct reports r;

	(void)state;
	rc_init(&rc);
	parse(&rc, "  # a comment\r\n\n\t delay =  0.5 \r\n  colors\t= mono\nshm.sort = size", &r);
	assert_int_equal(r.n, 0);
	assert_true(rc.delay == 0.5);
	assert_int_equal(rc.scheme, PALETTE_MONO);
	assert_int_equal(rc.tables[KIND_SHM].sort, field_index(&kind_shm, "size"));
}

/* Every bad line is reported with its number and skipped; the good lines around it count. A
 * bad value leaves what an earlier line set. */
static void test_bad_lines(void **state)
{
	struct rc rc;
	struct reports r;

	(void)state;
	rc_init(&rc);
	parse(&rc,
	      "delay=3\n"                    /* 1 */
	      "delay=0.01\n"                 /* 2: too small */
	      "delay=fast\n"                 /* 3 */
	      "colors=dark\n"                /* 4 */
	      "no equals sign\n"             /* 5 */
	      "shm.columns=key,bogus\n"      /* 6 */
	      "shm.sort=nosuch\n"            /* 7 */
	      "shm.sort_order=sideways\n"    /* 8 */
	      "shm.columns=\n"               /* 9: an empty list */
	      "colors=light\n"               /* 10 */
	      "meters=memory,clock\n"        /* 11 */
	      "meters=none\n",               /* 12 */
	      &r);
	assert_int_equal(r.n, 9);
	assert_int_equal(rc.meters, 0);
	assert_non_null(strstr(r.text, "11:meters 'memory,clock'"));
	assert_true(rc.delay == 3);
	assert_int_equal(rc.scheme, PALETTE_LIGHT);
	assert_int_equal(rc.tables[KIND_SHM].columns[0], FIELD_NONE);
	assert_int_equal(rc.tables[KIND_SHM].sort, FIELD_NONE);
	assert_int_equal(rc.tables[KIND_SHM].reverse, -1);
	assert_non_null(strstr(r.text, "2:delay '0.01'"));
	assert_non_null(strstr(r.text, "3:delay 'fast'"));
	assert_non_null(strstr(r.text, "4:colors 'dark'"));
	assert_non_null(strstr(r.text, "5:'no equals sign' is not name=value"));
	assert_non_null(strstr(r.text, "6:"));
	assert_non_null(strstr(r.text, "bogus"));
	assert_non_null(strstr(r.text, "7:'nosuch'"));
	assert_non_null(strstr(r.text, "8:sort_order 'sideways'"));
	assert_non_null(strstr(r.text, "|9:"));
	assert_null(strstr(r.text, "10:"));
	assert_null(strstr(r.text, "12:"));
}

/* Bytes that are no text: control characters come back escaped in the reports, a NUL byte and
 * an overlong line are reported, and the settings after them still count. */
static void test_garbage(void **state)
{
	struct rc rc;
	struct reports r;
	char text[4096];
	size_t len = 0;

	(void)state;
	memset(&r, 0, sizeof(r));
	len += (size_t)snprintf(text + len, sizeof(text) - len, "\x1b]0;pwned\x07=1\n");
	memcpy(text + len, "delay=\0 7\n", 10);
	len += 10;
	memset(text + len, 'x', RC_LINE_MAX + 10);
	len += RC_LINE_MAX + 10;
	text[len++] = '\n';
	len += (size_t)snprintf(text + len, sizeof(text) - len, "delay=4");
	rc_init(&rc);
	rc_parse(&rc, text, len, collect, &r);
	assert_true(rc.delay == 4);
	assert_int_equal(r.n, 3);
	assert_null(strchr(r.text, '\x1b'));
	assert_null(strchr(r.text, '\x07'));
	assert_non_null(strstr(r.text, "\\x1b"));
	assert_non_null(strstr(r.text, "2:the line holds a NUL byte"));
	assert_non_null(strstr(r.text, "3:the line is too long"));

	/* every byte value, in lines of random length: no crash, whatever is reported */
	srand(1);
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof(text); i++)
			text[i] = (char)(rand() % 7 == 0 ? '\n' : rand() % 11 == 0 ? '=' : rand());
		rc_init(&rc);
		rc_parse(&rc, text, sizeof(text), NULL, NULL);
		assert_true(rc.nunknown <= RC_UNKNOWN_MAX);
	}
}

/* Unknown settings beyond RC_UNKNOWN_MAX are reported as skipped. */
static void test_unknown_overflow(void **state)
{
	struct rc rc;
	struct reports r;
	char text[8192] = "";

	(void)state;
	for (int i = 0; i < RC_UNKNOWN_MAX + 2; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "x%d=%d\n", i, i);
	rc_init(&rc);
	parse(&rc, text, &r);
	assert_int_equal(rc.nunknown, RC_UNKNOWN_MAX);
	assert_string_equal(rc.unknown[0], "x0=0");
	assert_non_null(strstr(r.text, "'x32' (skipped)"));
	assert_non_null(strstr(r.text, "'x33' (skipped)"));
	assert_null(strstr(r.text, "'x31' (skipped)"));
}

static void test_format_nospace(void **state)
{
	struct rc rc;
	char t[8192];
	int n;

	(void)state;
	rc_init(&rc);
	rc.delay = 1;
	n = rc_format(&rc, t, sizeof(t));
	assert_true(n > 0);
	assert_int_equal(rc_format(&rc, t, (size_t)n), -ENOSPC);
	assert_int_equal(rc_format(&rc, t, (size_t)n + 1), n);
}

static void test_path(void **state)
{
	char p[64];

	(void)state;
	assert_int_equal(rcfile_path(p, sizeof(p), "/x/cfg", "/home/u"), 0);
	assert_string_equal(p, "/x/cfg/shmtop/shmtoprc");
	assert_int_equal(rcfile_path(p, sizeof(p), NULL, "/home/u"), 0);
	assert_string_equal(p, "/home/u/.config/shmtop/shmtoprc");
	/* a relative XDG_CONFIG_HOME is ignored, as the spec says */
	assert_int_equal(rcfile_path(p, sizeof(p), "cfg", "/home/u"), 0);
	assert_string_equal(p, "/home/u/.config/shmtop/shmtoprc");
	assert_int_equal(rcfile_path(p, sizeof(p), "", NULL), -ENOENT);
	assert_int_equal(rcfile_path(p, 10, NULL, "/home/u"), -ENAMETOOLONG);
}

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_rc.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "chmod -R u+w '%s'; rm -rf '%s'", dir, dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_load(void **state)
{
	char path[128], *big;
	struct rc rc;
	struct reports r;

	(void)state;
	rc_init(&rc);
	snprintf(path, sizeof(path), "%s/none", dir);
	assert_int_equal(rcfile_load(path, &rc, collect, &r), -ENOENT);

	snprintf(path, sizeof(path), "%s/shmtoprc", dir);
	write_file(path, "delay=7\nbad\n", 12);
	memset(&r, 0, sizeof(r));
	assert_int_equal(rcfile_load(path, &rc, collect, &r), 0);
	assert_true(rc.delay == 7);
	assert_string_equal(r.text, "2:'bad' is not name=value");

	/* a FIFO must not hang the start; a directory is no file */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(rcfile_load(path, &rc, collect, &r), -EINVAL);
	assert_int_equal(rcfile_load(dir, &rc, collect, &r), -EINVAL);

	snprintf(path, sizeof(path), "%s/big", dir);
	big = malloc(RC_FILE_MAX + 1);
	assert_non_null(big);
	memset(big, '#', RC_FILE_MAX + 1);
	write_file(path, big, RC_FILE_MAX + 1);
	free(big);
	assert_int_equal(rcfile_load(path, &rc, collect, &r), -EFBIG);
	assert_true(rc.delay == 7);
}

static void read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void test_save(void **state)
{
	char path[160], link[256], text[4096], expect[4096];
	struct rc rc, back;
	struct stat st;

	(void)state;
	rc_init(&rc);
	rc.delay = 3;
	rc.scheme = PALETTE_MONO;
	assert_true(rc_format(&rc, expect, sizeof(expect)) > 0);

	/* the shmtop directory and its parent are made, private */
	snprintf(path, sizeof(path), "%s/config/shmtop/shmtoprc", dir);
	assert_int_equal(rcfile_save(path, &rc), 0);
	read_file(path, text, sizeof(text));
	assert_string_equal(text, expect);
	snprintf(link, sizeof(link), "%s/config/shmtop", dir);
	assert_int_equal(stat(link, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* saved again over it: replaced, and no temporary file left beside it */
	rc.delay = 4;
	assert_int_equal(rcfile_save(path, &rc), 0);
	rc_init(&back);
	assert_int_equal(rcfile_load(path, &back, NULL, NULL), 0);
	assert_true(back.delay == 4);
	snprintf(link, sizeof(link), "ls -A '%s/config/shmtop' | grep -qv '^shmtoprc$'", dir);
	assert_int_not_equal(system(link), 0);

	/* a symbolic link stays a link: the file it points to is written */
	snprintf(link, sizeof(link), "%s/linked", dir);
	assert_int_equal(symlink(path, link), 0);
	rc.delay = 5;
	assert_int_equal(rcfile_save(link, &rc), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	rc_init(&back);
	assert_int_equal(rcfile_load(path, &back, NULL, NULL), 0);
	assert_true(back.delay == 5);

	/* a directory nobody can write in (procfs, also for root): an error, nothing made */
	assert_true(rcfile_save("/proc/self/shmtop/shmtoprc", &rc) < 0);

	/* a FIFO where the file should be is left alone */
	snprintf(path, sizeof(path), "%s/config/shmtop/shmtoprc", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(rcfile_save(path, &rc), -EINVAL);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
}

/* Root's shmtop (sudo keeps HOME) must not take over a user's directory or file; as another
 * user, a directory without write permission refuses. */
static void test_save_not_ours(void **state)
{
	char sub[128], path[160];
	struct rc rc;

	(void)state;
	rc_init(&rc);
	rc.delay = 2;
	snprintf(sub, sizeof(sub), "%s/other", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(path, sizeof(path), "%s/shmtoprc", sub);
	if (geteuid() == 0) {
		assert_int_equal(chown(sub, 65534, 65534), 0);
		assert_int_equal(rcfile_save(path, &rc), -EPERM);
	} else {
		assert_int_equal(chmod(sub, 0500), 0);
		assert_int_equal(rcfile_save(path, &rc), -EACCES);
	}
	assert_int_equal(access(path, F_OK), -1);
}

/* What a user could point root's shmtop at (sudo -E keeps HOME): a link in a directory of
 * theirs to a root-only file is neither read nor replaced; a missing ~/.config in their home is
 * not made; a device is never opened; a directory others may write, a relative path: refused. A
 * dangling link of one's own is written through. */
static void test_trust(void **state)
{
	char sub[128], path[192], secret[192], text[256];
	struct rc rc;
	struct stat st;

	(void)state;
	rc_init(&rc);
	rc.delay = 2;
	/* a device: refused before any open */
	snprintf(path, sizeof(path), "%s/dev", dir);
	assert_int_equal(symlink("/dev/null", path), 0);
	assert_int_equal(rcfile_load(path, &rc, NULL, NULL), -EINVAL);
	assert_int_equal(rcfile_save(path, &rc), -EINVAL);
	/* a relative path */
	assert_int_equal(rcfile_load("shmtoprc", &rc, NULL, NULL), -EINVAL);
	assert_int_equal(rcfile_save("shmtoprc", &rc), -EINVAL);
	/* a directory others may write (not sticky) */
	snprintf(sub, sizeof(sub), "%s/open", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(chmod(sub, 0777), 0);
	snprintf(path, sizeof(path), "%s/shmtoprc", sub);
	assert_int_equal(rcfile_save(path, &rc), -EPERM);
	assert_int_equal(access(path, F_OK), -1);
	/* a dangling link of our own: the file it names is made */
	snprintf(path, sizeof(path), "%s/dangling", dir);
	snprintf(secret, sizeof(secret), "%s/made-later", dir);
	assert_int_equal(symlink(secret, path), 0);
	assert_int_equal(rcfile_save(path, &rc), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat(secret, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	if (geteuid() != 0)
		return; /* the rest needs another user's directory */
	/* a home of another user, with a link to a root-only file, and no ~/.config yet */
	snprintf(sub, sizeof(sub), "%s/home", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	write_file(secret, "root:$6$hash:1\n", 15);
	assert_int_equal(chmod(secret, 0600), 0);
	snprintf(path, sizeof(path), "%s/shmtoprc", sub);
	assert_int_equal(symlink(secret, path), 0);
	assert_int_equal(lchown(path, 65534, 65534), 0);
	assert_int_equal(chown(sub, 65534, 65534), 0);
	assert_int_equal(rcfile_load(path, &rc, NULL, NULL), -EPERM);
	assert_int_equal(rcfile_save(path, &rc), -EPERM);
	read_file(secret, text, sizeof(text));
	assert_string_equal(text, "root:$6$hash:1\n");     /* untouched */
	snprintf(path, sizeof(path), "%s/.config/shmtop/shmtoprc", sub);
	assert_int_equal(rcfile_save(path, &rc), -EPERM);
	snprintf(path, sizeof(path), "%s/.config", sub);
	assert_int_equal(access(path, F_OK), -1);            /* nothing made in their home */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_lenient_syntax),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_unknown_overflow),
		cmocka_unit_test(test_format_nospace),
		cmocka_unit_test(test_path),
		cmocka_unit_test_setup_teardown(test_load, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(test_save, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(test_save_not_ours, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(test_trust, make_dir, remove_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
