/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_app.c - the dashboard without a terminal: snapshots in, keys through app_key, frame rows read back. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "app.h"
#include "leak.h"
#include "sysv.h"
#include "columns.h"
#include "kind_msg.h"
#include "kind_pmq.h"
#include "kind_posix.h"
#include "kind_proc.h"
#include "kind_psem.h"
#include "refresh.h"
#include "kind_sem.h"
#include "sysvsem.h"
#include "fmt.h"
#include "frame.h"
#include "view.h"

#define NOW 1700000000   /* 2023-11-14 22:13:20 UTC */
#define W 120
#define H 30

/* The layout of a 120x30 frame: a title row, two meter rows and the history row, then the column
 * titles and the table; the status line and the function bar take the last two rows. */
#define TITLE_Y  4
#define LIST_Y   5
#define STATUS_Y (H - 2)
#define FBAR_Y   (H - 1)
#define LIST_H   (STATUS_Y - LIST_Y)

static int fake_lookup(uint32_t id, int group, char *buf, size_t size)
{
	const char *name = NULL;

	switch (id) {
	case 0: name = "root"; break;
	case 1000: name = group ? "staff" : "alice"; break;
	case 1001: name = group ? "bobs" : "bob"; break;
	case 2000: name = "ev\x1b[1m"; break;        /* ESC: a terminal would obey it */
	case 2001: name = "ev\\x1b[1m"; break;       /* the four characters \x1b: harmless */
	}
	if (!name)
		return -ENOENT;
	snprintf(buf, size, "%s", name);
	return 0;
}

/* Segments here are old and unattached; a stale limit of ten years keeps them from looking
 * leaked, so only the leak tests see '!' marks. */
static const struct app_config base_cfg = {
	.delay = 1.0, .mouse = 1, .sort = SHM_F_KEY, .sort_given = 1, .hostname = "testhost", .version = "9.9",
	.stale_secs = 10 * 365 * 86400LL,
};

/* ---------------------------------------------------------------- segments */

static struct shmseg seg_base(int32_t key, int32_t shmid, uint32_t uid)
{
	struct shmseg s;

	memset(&s, 0, sizeof(s));
	s.key = key;
	s.shmid = shmid;
	s.uid = s.cuid = uid;
	s.gid = s.cgid = uid;
	s.mode = 0600;
	s.size = 4096;
	s.ctime = NOW - 3600;
	return s;
}

/* alice's, attached once, last attached 12 s before NOW, never detached */
static struct shmseg seg_a(void)
{
	struct shmseg s = seg_base(0x2537, 32769, 1000);

	s.mode = 0666;
	s.nattch = 1;
	s.cpid = 100;
	s.lpid = 101;
	s.atime = NOW - 12;
	s.ctime = NOW - 7200;
	s.rss = 8192;
	return s;
}

/* bob's, removed while attached: key 0 and SHM_DEST */
static struct shmseg seg_b(void)
{
	struct shmseg s = seg_base(0, 5, 1001);

	s.mode = 0600 | SHMSEG_MODE_DEST;
	s.size = 1048576;
	s.nattch = 2;
	s.cpid = 200;
	s.lpid = 201;
	s.atime = NOW - 5;
	s.dtime = NOW - 300;
	s.ctime = NOW - 60;
	s.rss = 1048576;
	return s;
}

/* owned by a uid without a name, never attached */
static struct shmseg seg_c(void)
{
	struct shmseg s = seg_base((int32_t)0xdeadbeefu, 65538, 4242);

	s.mode = 0644;
	s.size = 512;
	s.cpid = 300;
	s.ctime = NOW - 3 * 86400;
	return s;
}

/* ---------------------------------------------------------------- fixture */

struct fx {
	struct app a;
	struct frame f;
	struct shmseg v[3];
};

static void update_at(struct app *a, int64_t time, const struct shmseg *v, size_t n)
{
	struct snapshot s;

	snapshot_init(&s);
	s.time = time;
	s.source = SNAPSHOT_PROC;
	s.limits.shmmni = 4096;
	s.limits.shmall = 2097152;  /* pages: 8 GiB of 4 KiB pages */
	s.limits.page_size = 4096;
	s.limits.shmmax = UINT64_MAX;
	s.limits.shm_rmid_forced = 0;
	for (size_t i = 0; i < n; i++)
		assert_int_equal(shmseg_list_push(&s.segs, &v[i]), 0);
	snapshot_usage_compute(&s);
	assert_int_equal(app_update(a, &s), 0);
	snapshot_free(&s);
}

/* As the main loop does: the layout when the size changed, then prepare's reads, then draw. */
static void draw(struct fx *x)
{
	if (x->f.w != x->a.frame_w || x->f.h != x->a.frame_h)
		app_set_size(&x->a, x->f.w, x->f.h);
	refresh_screen(&x->a);
	app_draw(&x->a, &x->f);
}

/* tests/data/maps/proc: a proc tree whose processes 100, 200 and 600 map shmid 32769 (A). */
static void maps_fixture_root(char *buf, size_t size)
{
	const char *top = getenv("top_srcdir");

	snprintf(buf, size, "%s/tests/data/maps/proc", top && *top ? top : ".");
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	app_init(&x->a, &base_cfg, fake_lookup);
	if (frame_resize(&x->f, W, H) < 0)
		return -1;
	x->f.utf8 = 1;
	x->v[0] = seg_a();
	x->v[1] = seg_b();
	x->v[2] = seg_c();
	*state = x;
	return 0;
}

/* The three segments, polled once at NOW and drawn (drawing tells the app its list height). */
static int setup_abc(void **state)
{
	struct fx *x;

	if (setup(state) < 0)
		return -1;
	x = *state;
	update_at(&x->a, NOW, x->v, 3);
	draw(x);
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	app_free(&x->a);
	frame_free(&x->f);
	free(x);
	return 0;
}

/* ---------------------------------------------------------------- reading the frame */

static const char *row(const struct frame *f, int y)
{
	static char buf[8][2048];
	static int next;
	char *b = buf[next++ % 8];

	frame_row_text(f, y, b, sizeof(buf[0]));
	return b;
}

static int find_row(const struct frame *f, const char *needle)
{
	for (int y = 0; y < f->h; y++)
		if (strstr(row(f, y), needle))
			return y;
	return -1;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The whitespace-separated words of text must be exactly want (NULL-terminated). */
static void assert_words(const char *text, const char *const *want)
{
	char copy[2048], *save = NULL, *w;
	size_t i = 0;

	snprintf(copy, sizeof(copy), "%s", text);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save), i++) {
		if (!want[i])
			fail_msg("extra word '%s' in '%s'", w, text);
		if (strcmp(w, want[i]) != 0)
			fail_msg("word %zu is '%s', not '%s', in '%s'", i, w, want[i], text);
	}
	if (want[i])
		fail_msg("missing '%s' in '%s'", want[i], text);
}

/* Column of the first occurrence of needle in row y (cells, counting wide characters once). */
static int col_of(const struct frame *f, int y, const char *needle)
{
	const char *t = row(f, y), *p = strstr(t, needle);

	return p ? (int)(p - t) : -1; /* the table is ASCII */
}

static int32_t selected_shmid(struct app *a)
{
	struct track_row *r = app_selected(a);

	assert_non_null(r);
	return app_seg(a, r)->shmid;
}

/* The screen row drawn as selected, or -1. */
static int selected_y(const struct frame *f)
{
	for (int y = LIST_Y; y < STATUS_Y; y++)
		if (frame_at(f, y, 0)->style == STYLE_SELECTED)
			return y;
	return -1;
}

static void type(struct app *a, const char *text)
{
	for (const char *p = text; *p; p++)
		app_key(a, (unsigned char)*p);
}

/* ---------------------------------------------------------------- the main screen */

static void test_header(void **state)
{
	struct fx *x = *state;
	const struct shm_usage *u = &x->a.snap.usage;
	char want[256], total[16];
	const char *r0 = row(&x->f, 0);

	/* title: version, host, the snapshot's time (TZ=UTC), interval; the source at the right */
	assert_true(starts_with(r0, "shmtop 9.9 - testhost - 2023-11-14 22:13:20 - every 1.0s"));
	assert_int_equal(col_of(&x->f, 0, "source: proc"), W - (int)strlen("source: proc"));
	assert_int_equal(frame_at(&x->f, 0, 0)->style, STYLE_TITLE);
	/* meters: 3 of shmmni segments, bytes of shmall * page size, and the counts */
	assert_int_equal(u->segments, 3);
	assert_int_equal(u->attached, 2);
	assert_int_equal(u->dest, 1);
	assert_true(starts_with(row(&x->f, 1), "Segs["));
	assert_non_null(strstr(row(&x->f, 1), "3/4096]"));
	assert_non_null(strstr(row(&x->f, 1), "Attached 2  Unattached 1  Removal pending 1"));
	fmt_size(total, sizeof(total), 4096 + 1048576 + 512);
	snprintf(want, sizeof(want), "%s/8.0G]", total);
	assert_true(starts_with(row(&x->f, 2), "Mem ["));
	assert_non_null(strstr(row(&x->f, 2), want));
	assert_non_null(strstr(row(&x->f, 2), "Largest 1.0M  shm_rmid_forced 0"));
	/* the meter's fill is a bar of '|' right after the '[' */
	assert_int_equal(frame_at(&x->f, 1, 5)->ch, '|');
	/* the history: one sample so far, drawn as a full bar */
	assert_true(starts_with(row(&x->f, 3), "Hist "));
	assert_int_equal(frame_at(&x->f, 3, 5)->ch, 0x2588);
	snprintf(want, sizeof(want), " total %s, last 1s", total);
	assert_non_null(strstr(row(&x->f, 3), want));
	/* and, right of it, every kind's count (no POSIX directory here: no POSIX kinds), the
	 * table on screen's lit; an empty table of one kind does not hide another's objects */
	{
		struct semset s = { .key = 0x51, .semid = 7, .nsems = 1, .mode = 0600 };
		int c;

		app_update_kind(&x->a, KIND_SEM, &s, 1, NOW);
		draw(x);
		c = col_of(&x->f, 3, "shm 3  sem 1  msg 0");
		assert_true(c > W / 3);
		assert_int_equal(frame_at(&x->f, 3, c)->style, STYLE_LABEL);
		assert_int_equal(frame_at(&x->f, 3, c + (int)strlen("shm 3  "))->style, STYLE_NORMAL);
		app_key(&x->a, '\t');
		draw(x);
		assert_ptr_equal(x->a.m->kind, &kind_sem);
		assert_int_equal(frame_at(&x->f, 3, c + (int)strlen("shm 3  "))->style, STYLE_LABEL);
		assert_int_equal(frame_at(&x->f, 3, c)->style, STYLE_NORMAL);
	}
}

/* The sparkline covers polls at the refresh interval: its label counts seconds, not samples. */
static void test_header_history_seconds(void **state)
{
	struct fx *x = *state;

	x->a.cfg.delay = 2.0;
	update_at(&x->a, NOW + 2, x->v, 3);
	update_at(&x->a, NOW + 4, x->v, 3);
	draw(x);
	assert_true(starts_with(row(&x->f, 0), "shmtop 9.9 - testhost - 2023-11-14 22:13:24 - every 2.0s"));
	assert_non_null(strstr(row(&x->f, 3), ", last 6s"));
}

static void test_table(void **state)
{
	struct fx *x = *state;
	static const char *const titles[] = {
		"KEY", "SHMID", "OWNER", "PERMS", "SIZE", "NATTCH", "STATUS", "LEAK", "CPID", "LPID",
		NULL,
	};
	/* sorted by key, unsigned: 0 < 0x2537 < 0xdeadbeef */
	static const char *const row_b[] = {
		"0x00000000", "5", "bob", "rw-------", "1.0M", "2", "dest", "200", "201", NULL,
	};
	static const char *const row_a[] = {
		"0x00002537", "32769", "alice", "rw-rw-rw-", "4.0K", "1", "100", "101", NULL,
	};
	static const char *const row_c[] = {
		"0xdeadbeef", "65538", "4242", "rw-r--r--", "512B", "0", "orphan", "300", "-", NULL,
	};

	/* 120 columns hold KEY..LPID by priority (the times come next, ATTACHED would need 9 more
	 * than the 113 used) */
	assert_words(row(&x->f, TITLE_Y), titles);
	assert_int_equal(x->a.header_y, TITLE_Y);
	assert_int_equal(x->a.list_y, LIST_Y);
	assert_int_equal(x->a.list_height, LIST_H);
	assert_int_equal(col_of(&x->f, TITLE_Y, "KEY"), 1);
	assert_words(row(&x->f, LIST_Y), row_b);
	assert_words(row(&x->f, LIST_Y + 1), row_a);
	assert_words(row(&x->f, LIST_Y + 2), row_c);
	assert_string_equal(row(&x->f, LIST_Y + 3), "");
	/* cells line up with their titles: KEY left-aligned, SHMID right-aligned */
	assert_int_equal(col_of(&x->f, LIST_Y + 1, "0x00002537"), 1);
	assert_int_equal(col_of(&x->f, LIST_Y + 1, "32769"), col_of(&x->f, TITLE_Y, "SHMID")); /* 5 wide */
	assert_int_equal(col_of(&x->f, LIST_Y, " 5 ") + 2, col_of(&x->f, TITLE_Y, "SHMID") + 5);
	assert_int_equal(col_of(&x->f, LIST_Y + 1, "alice"), col_of(&x->f, TITLE_Y, "OWNER"));
	/* the sort column's title is marked */
	assert_int_equal(frame_at(&x->f, TITLE_Y, 1)->style, STYLE_HEADER_SORT);
	assert_int_equal(frame_at(&x->f, TITLE_Y, col_of(&x->f, TITLE_Y, "SHMID"))->style,
			 STYLE_HEADER);
	/* the first row is selected; first-poll rows carry no "new" mark */
	assert_int_equal(selected_y(&x->f), LIST_Y);
	assert_int_equal(selected_shmid(&x->a), 5);
	for (int i = 0; i < 3; i++)
		assert_int_equal(frame_at(&x->f, LIST_Y + i, 0)->ch, ' ');
	assert_int_equal(frame_at(&x->f, LIST_Y + 1, 1)->style, STYLE_NORMAL);
	/* status and function bar */
	assert_string_equal(row(&x->f, STATUS_Y), "3 of 3 segments  sort: key asc");
	assert_string_equal(row(&x->f, FBAR_Y), "F1Help  F2Setup F3SearchF4FilterF6SortByF9RemoveF10Quit");
	assert_int_equal(frame_at(&x->f, FBAR_Y, col_of(&x->f, FBAR_Y, "F9"))->style, STYLE_FKEY);
	assert_int_equal(frame_at(&x->f, FBAR_Y, col_of(&x->f, FBAR_Y, "Remove"))->style,
			 STYLE_FLABEL);
}

/* Relative times are relative to the snapshot's time, and 't' switches to absolute ones. */
static void test_times(void **state)
{
	struct fx *x = *state;
	int y;

	/* 150 columns: the times come after KEY..LPID, three relative ones fit, one absolute */
	assert_int_equal(frame_resize(&x->f, 150, H), 0);
	update_at(&x->a, NOW + 60, x->v, 3);
	draw(x);
	y = find_row(&x->f, "0x00002537");
	assert_non_null(strstr(row(&x->f, y), "1m ago")); /* 72 s */
	assert_int_equal(app_key(&x->a, 't'), APP_REDRAW);
	draw(x);
	y = find_row(&x->f, "0x00002537");
	assert_non_null(strstr(row(&x->f, y), "2023-11-14 22:13:08"));
	assert_null(strstr(row(&x->f, y), "ago"));
	/* wider time columns leave room for fewer columns: DETACHED no longer fits */
	assert_null(strstr(row(&x->f, TITLE_Y), "DETACHED"));
	assert_non_null(strstr(row(&x->f, TITLE_Y), "ATTACHED"));
	app_key(&x->a, 't');
	draw(x);
	assert_non_null(strstr(row(&x->f, TITLE_Y), "DETACHED"));
	assert_non_null(strstr(row(&x->f, find_row(&x->f, "0x00002537")), "1m ago"));
}

static void test_read_only_fbar(void **state)
{
	struct fx *x = *state;
	int c;

	x->a.cfg.read_only = 1;
	draw(x);
	assert_string_equal(row(&x->f, FBAR_Y), "F1Help  F2Setup F3SearchF4FilterF6SortByF9------F10Quit");
	c = col_of(&x->f, FBAR_Y, "F9");
	for (int i = 0; i < 8; i++)
		assert_int_equal(frame_at(&x->f, FBAR_Y, c + i)->style, STYLE_FDISABLED);
	assert_int_equal(frame_at(&x->f, FBAR_Y, 0)->style, STYLE_FKEY);
	assert_non_null(strstr(row(&x->f, STATUS_Y), "read-only"));
}

static void test_new_and_gone_rows(void **state)
{
	struct fx *x = *state;
	struct shmseg v[2] = { seg_a(), seg_base(0x1111, 77, 1000) };
	int64_t t = NOW + 1;
	int y;

	/* 77 appears: marked '+' for a few refreshes */
	update_at(&x->a, t++, v, 2);
	draw(x);
	y = find_row(&x->f, "0x00001111");
	assert_true(y >= LIST_Y);
	assert_int_equal(frame_at(&x->f, y, 0)->ch, '+');
	assert_int_equal(frame_at(&x->f, y, 1)->style, STYLE_NEW);
	/* B and C vanished: kept as '-' rows */
	y = find_row(&x->f, "0xdeadbeef");
	assert_int_equal(frame_at(&x->f, y, 0)->ch, '-');
	assert_int_equal(frame_at(&x->f, y, 1)->style, STYLE_GONE);
	assert_int_equal(x->a.m->nrows, 4); /* tombstones are shown */
	for (int k = 1; k < TRACK_GONE_KEEP; k++)
		update_at(&x->a, t++, v, 2);
	draw(x);
	assert_true(find_row(&x->f, "0xdeadbeef") >= 0);
	update_at(&x->a, t++, v, 2);
	draw(x);
	assert_int_equal(find_row(&x->f, "0xdeadbeef"), -1);
	assert_int_equal(find_row(&x->f, "0x00000000"), -1);
	y = find_row(&x->f, "0x00001111");
	assert_int_equal(frame_at(&x->f, y, 0)->ch, ' ');
	/* a changed nattch cell is highlighted */
	v[0].nattch = 3;
	update_at(&x->a, t++, v, 2);
	app_key(&x->a, APP_KEY_HOME); /* move the selection off row A, to 77 */
	draw(x);
	y = find_row(&x->f, "0x00002537");
	assert_int_not_equal(selected_y(&x->f), y);
	{
		int c = col_of(&x->f, TITLE_Y, "NATTCH") + 5; /* right-aligned: the last digit */

		assert_int_equal(frame_at(&x->f, y, c)->ch, '3');
		assert_int_equal(frame_at(&x->f, y, c)->style, STYLE_CHANGED);
		assert_int_equal(frame_at(&x->f, y, 1)->style, STYLE_NORMAL);
	}
}

/* ---------------------------------------------------------------- size */

static void test_too_small(void **state)
{
	struct fx *x = *state;

	assert_int_equal(frame_resize(&x->f, 20, 5), 0);
	assert_int_equal(app_key(&x->a, APP_KEY_RESIZE), APP_REDRAW);
	draw(x);
	assert_string_equal(row(&x->f, 0), "terminal too small");
	for (int y = 1; y < 5; y++)
		assert_string_equal(row(&x->f, y), "");
	/* narrower than the message: the short form, clipped */
	assert_int_equal(frame_resize(&x->f, 1, 1), 0);
	draw(x);
	assert_string_equal(row(&x->f, 0), "t");
	assert_int_equal(frame_resize(&x->f, 0, 0), 0);
	draw(x);
	/* just wide enough, but too short */
	assert_int_equal(frame_resize(&x->f, VIEW_MIN_W, VIEW_MIN_H - 1), 0);
	draw(x);
	assert_true(starts_with(row(&x->f, 0), "terminal too small (30x5)"));
	/* and back: the table again */
	assert_int_equal(frame_resize(&x->f, W, H), 0);
	draw(x);
	assert_true(starts_with(row(&x->f, TITLE_Y), " KEY"));
	assert_non_null(strstr(row(&x->f, LIST_Y + 1), "0x00002537"));
}

/* Every screen at every size, including keys between draws: nothing crashes or overruns. */
static void test_all_modes_all_sizes(void **state)
{
	static const int sizes[][2] = {
		{ 1, 1 }, { 2, 2 }, { 20, 5 }, { 29, 6 }, { 30, 5 }, { 30, 6 }, { 31, 7 }, { 40, 11 },
		{ 40, 12 }, { 80, 24 }, { 200, 60 }, { W, H },
	};
	static const int opens[] = { 0, APP_KEY_ENTER, 'h', APP_KEY_F6, 'u', 'd', APP_KEY_F2 };
	struct fx *x = *state;

	for (size_t m = 0; m < sizeof(opens) / sizeof(opens[0]); m++) {
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			assert_int_equal(frame_resize(&x->f, sizes[s][0], sizes[s][1]), 0);
			x->a.mode = MODE_LIST;
			if (opens[m])
				app_key(&x->a, opens[m]);
			draw(x);
			app_key(&x->a, APP_KEY_DOWN);
			draw(x);
			app_key(&x->a, APP_KEY_END);
			draw(x);
			if (x->a.mode == MODE_CONFIRM)
				app_key(&x->a, 'n');
			else if (x->a.mode != MODE_LIST)
				app_key(&x->a, APP_KEY_ESC);
			draw(x);
		}
	}
	assert_int_equal(x->a.mode, MODE_LIST);
}

/* ---------------------------------------------------------------- moving */

static void setup_many(struct fx *x, int n)
{
	struct shmseg *v = calloc((size_t)n, sizeof(*v));

	assert_non_null(v);
	/* keys ascending with the index, shmids descending: key order differs from shmid order */
	for (int i = 0; i < n; i++)
		v[i] = seg_base(0x100 + i, 1000 - i, 1000);
	update_at(&x->a, NOW, v, (size_t)n);
	free(v);
	draw(x);
}

static void test_navigation(void **state)
{
	struct fx *x = *state;
	const long page = LIST_H - 1;

	setup_many(x, 40);
	assert_int_equal(x->a.m->sel, 0);
	assert_int_equal(app_key(&x->a, 'j'), APP_REDRAW);
	assert_int_equal(x->a.m->sel, 1);
	assert_int_equal(selected_shmid(&x->a), 999);
	app_key(&x->a, APP_KEY_DOWN);
	assert_int_equal(x->a.m->sel, 2);
	app_key(&x->a, 'k');
	assert_int_equal(x->a.m->sel, 1);
	app_key(&x->a, APP_KEY_UP);
	app_key(&x->a, APP_KEY_UP); /* stops at the top */
	assert_int_equal(x->a.m->sel, 0);
	app_key(&x->a, APP_KEY_PGDN);
	assert_int_equal(x->a.m->sel, page);
	app_key(&x->a, APP_KEY_PGDN);
	assert_int_equal(x->a.m->sel, 39); /* stops at the bottom */
	app_key(&x->a, APP_KEY_PGUP);
	assert_int_equal(x->a.m->sel, 39 - page);
	app_key(&x->a, APP_KEY_HOME);
	assert_int_equal(x->a.m->sel, 0);
	assert_int_equal(selected_shmid(&x->a), 1000);
	app_key(&x->a, APP_KEY_END);
	assert_int_equal(x->a.m->sel, 39);
	assert_int_equal(selected_shmid(&x->a), 961);
	/* the table scrolled so the last row is on the last line of the list */
	draw(x);
	assert_int_equal(x->a.m->top, 40 - LIST_H);
	assert_int_equal(selected_y(&x->f), STATUS_Y - 1);
	assert_true(starts_with(row(&x->f, STATUS_Y - 1), " 0x00000127"));
	assert_true(starts_with(row(&x->f, LIST_Y), " 0x00000111")); /* 0x100 + 17 */
	app_key(&x->a, APP_KEY_DOWN);
	assert_int_equal(x->a.m->sel, 39);
	/* mouse wheel moves by three */
	app_key(&x->a, APP_KEY_WHEEL_UP);
	assert_int_equal(x->a.m->sel, 36);
}

static void test_selection_follows_shmid(void **state)
{
	struct fx *x = *state;
	struct shmseg v[10];
	int n = 0;

	/* shmids 10..50, keys in the opposite order */
	for (int i = 0; i < 5; i++)
		v[n++] = seg_base(0x500 - i, 10 * (i + 1), 1000);
	update_at(&x->a, NOW, v, (size_t)n);
	draw(x);
	/* key order: 50 40 30 20 10; select 40 */
	app_key(&x->a, 'j');
	assert_int_equal(selected_shmid(&x->a), 40);
	assert_int_equal(x->a.m->sel, 1);
	/* '>' sorts by the next column, shmid: 10 20 30 40 50 */
	app_key(&x->a, '>');
	assert_int_equal(x->a.m->sort, SHM_F_SHMID);
	assert_int_equal(selected_shmid(&x->a), 40);
	assert_int_equal(x->a.m->sel, 3);
	/* 'I' inverts: 50 40 30 20 10 */
	app_key(&x->a, 'I');
	assert_int_equal(x->a.m->reverse, 1);
	assert_int_equal(selected_shmid(&x->a), 40);
	assert_int_equal(x->a.m->sel, 1);
	/* '<' goes back to key, ascending again as a key starts (only quantities start largest
	 * first): 50 40 30 20 10 */
	app_key(&x->a, '<');
	assert_int_equal(x->a.m->sort, SHM_F_KEY);
	assert_int_equal(x->a.m->reverse, 0);
	assert_int_equal(selected_shmid(&x->a), 40);
	assert_int_equal(x->a.m->sel, 1);
	app_key(&x->a, '>');
	app_key(&x->a, 'I'); /* shmids descending */
	/* a poll brings 41..45, which sort before 40 in descending shmid order */
	for (int i = 0; i < 5; i++)
		v[n++] = seg_base(0x600 + i, 41 + i, 1000);
	update_at(&x->a, NOW + 1, v, (size_t)n);
	assert_int_equal(selected_shmid(&x->a), 40);
	assert_int_equal(x->a.m->sel, 6);
	draw(x);
	assert_int_equal(selected_y(&x->f), LIST_Y + 6);
	assert_words(row(&x->f, LIST_Y + 6), (const char *const[]){
		"0x000004fd", "40", "alice", "rw-------", "4.0K", "0", "orphan", "-", "-", NULL });
	/* the selected segment vanishes: still selected while it is a tombstone */
	memmove(&v[3], &v[4], (size_t)(n - 4) * sizeof(v[0]));
	n--;
	update_at(&x->a, NOW + 2, v, (size_t)n);
	assert_int_equal(selected_shmid(&x->a), 40);
	assert_true(track_is_gone(app_selected(&x->a)));
	/* once it is dropped, the selection stays at its place on a neighbour */
	for (int k = 0; k < TRACK_GONE_KEEP; k++)
		update_at(&x->a, NOW + 3 + k, v, (size_t)n);
	assert_int_equal(x->a.m->nrows, 9);
	assert_int_equal(x->a.m->sel, 6);
	assert_int_equal(selected_shmid(&x->a), 30);
}

/* ---------------------------------------------------------------- filter and search */

static void test_filter(void **state)
{
	static const struct {
		const char *text;
		int32_t shmid;
	} cases[] = {
		{ "2537", 32769 }, { "DEADbeef", 65538 }, { "65538", 65538 }, { "ALICE", 32769 },
		{ "4242", 65538 }, { "0x0000000", 5 },
	};
	struct fx *x = *state;

	assert_int_equal(app_key(&x->a, '\\'), APP_REDRAW);
	assert_int_equal(x->a.input, INPUT_FILTER);
	type(&x->a, "bob");
	/* while typing: applied at once, and the prompt shows with the cursor after the text */
	assert_int_equal(x->a.m->nrows, 1);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "Filter: bob");
	assert_int_equal(x->f.cursor_y, STATUS_Y);
	assert_int_equal(x->f.cursor_x, (int)strlen("Filter: bob"));
	assert_non_null(strstr(row(&x->f, LIST_Y), "0x00000000"));
	assert_string_equal(row(&x->f, LIST_Y + 1), "");
	/* Enter keeps it */
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.input, INPUT_NONE);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "1 of 3 segments  sort: key asc  filter: bob");
	assert_int_equal(x->f.cursor_y, -1);
	/* Esc on the table clears it */
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.m->nrows, 3);

	/* by key (hex digits), shmid and owner; case does not matter */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		app_key(&x->a, APP_KEY_F4);
		type(&x->a, cases[i].text);
		app_key(&x->a, APP_KEY_ENTER);
		assert_int_equal(x->a.m->nrows, 1);
		assert_int_equal(selected_shmid(&x->a), cases[i].shmid);
		/* F4 again edits the same filter: clear it with backspaces */
		app_key(&x->a, APP_KEY_F4);
		for (size_t k = 0; k < strlen(cases[i].text); k++)
			app_key(&x->a, APP_KEY_BACKSPACE);
		assert_int_equal(x->a.m->nrows, 3);
		app_key(&x->a, APP_KEY_ENTER);
	}

	/* Esc while typing clears the filter */
	app_key(&x->a, '\\');
	type(&x->a, "zz");
	assert_int_equal(x->a.m->nrows, 0);
	draw(x);
	assert_non_null(strstr(row(&x->f, LIST_Y), "nothing matches the filter"));
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.input, INPUT_NONE);
	assert_string_equal(x->a.filter, "");
	assert_int_equal(x->a.m->nrows, 3);
	/* keys typed into the prompt are text, not commands */
	app_key(&x->a, '\\');
	type(&x->a, "jq");
	assert_int_equal(x->a.input, INPUT_FILTER);
	assert_string_equal(x->a.filter, "jq");
	assert_int_equal(x->a.mode, MODE_LIST);
	app_key(&x->a, APP_KEY_ESC);
}

static void test_search(void **state)
{
	struct fx *x = *state;

	/* rows: B (bob), A (alice), C (0xdeadbeef); "e" is in alice and in deadbeef */
	assert_int_equal(selected_shmid(&x->a), 5);
	app_key(&x->a, '/');
	assert_int_equal(x->a.input, INPUT_SEARCH);
	type(&x->a, "e");
	assert_int_equal(selected_shmid(&x->a), 32769);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "Search: e");
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.input, INPUT_NONE);
	/* the search does not filter */
	assert_int_equal(x->a.m->nrows, 3);
	app_key(&x->a, 'n');
	assert_int_equal(selected_shmid(&x->a), 65538);
	app_key(&x->a, 'n'); /* wraps */
	assert_int_equal(selected_shmid(&x->a), 32769);
	/* F3 searches again from scratch */
	app_key(&x->a, APP_KEY_F3);
	type(&x->a, "bob");
	assert_int_equal(selected_shmid(&x->a), 5);
	app_key(&x->a, APP_KEY_ENTER);
	/* no match: the selection stays and the status says so */
	app_key(&x->a, '/');
	type(&x->a, "zz");
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(selected_shmid(&x->a), 5);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "nothing matches 'zz'");
	assert_int_equal(frame_at(&x->f, STATUS_Y, 0)->style, STYLE_ERROR);
	app_key(&x->a, 'n');
	assert_int_equal(selected_shmid(&x->a), 5);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "nothing matches 'zz'");
	/* the next command clears the message */
	app_key(&x->a, 'j');
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "3 of 3 segments  sort: key asc");
}

static void test_search_next_without_search(void **state)
{
	struct fx *x = *state;

	app_key(&x->a, 'n');
	draw(x);
	assert_true(starts_with(row(&x->f, STATUS_Y), "no search yet"));
	assert_int_equal(selected_shmid(&x->a), 5);
}

/* ---------------------------------------------------------------- detail */

/* The value of a detail field: label at column 1, value at column 18. */
static const char *field(const struct frame *f, const char *label)
{
	for (int y = 0; y < f->h; y++) {
		const char *t = row(f, y);
		char lab[17];
		size_t n;

		if (strlen(t) < 18 || t[0] != ' ')
			continue;
		memcpy(lab, t + 1, 16);
		lab[16] = '\0';
		for (n = 16; n && lab[n - 1] == ' '; n--)
			lab[n - 1] = '\0';
		if (strcmp(lab, label) == 0)
			return t + 18;
	}
	fail_msg("no field '%s'", label);
	return NULL;
}

static void test_detail(void **state)
{
	struct fx *x = *state;
	char want[128];

	app_key(&x->a, 'j'); /* A */
	assert_int_equal(app_key(&x->a, APP_KEY_ENTER), APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_DETAIL);
	draw(x);
	assert_string_equal(row(&x->f, TITLE_Y), " Segment 32769");
	assert_string_equal(row(&x->f, TITLE_Y + 1), " Key              0x00002537  (9527 decimal)");
	assert_string_equal(field(&x->f, "Size"), "4096 bytes  (4.0K)");
	assert_string_equal(field(&x->f, "Permissions"), "0666  rw-rw-rw-  (mode 0666)");
	assert_string_equal(field(&x->f, "Status"), "attached");
	assert_string_equal(field(&x->f, "nattch"), "1");
	assert_string_equal(field(&x->f, "Owner"), "alice (uid 1000)  group staff (gid 1000)");
	assert_string_equal(field(&x->f, "Creator"), "alice (uid 1000)  group staff (gid 1000)");
	assert_string_equal(field(&x->f, "Last attach"), "2023-11-14 22:13:08  (12s ago)");
	assert_string_equal(field(&x->f, "Last detach"), "never");
	assert_string_equal(field(&x->f, "Last change"), "2023-11-14 20:13:20  (2h ago)");
	assert_string_equal(field(&x->f, "Memory"), "rss 8.0K  swap 0B");
	assert_string_equal(field(&x->f, "nattch history"), "1 since shmtop started (no change seen)");
	assert_string_equal(row(&x->f, FBAR_Y), "Esc Back  F1Help  x Hex   F9RemoveF10Quit");

	/* a refresh while the detail is open: it follows the segment's new values */
	x->v[0].nattch = 2;
	x->v[0].lpid = 102;
	x->v[0].atime = NOW + 1;
	update_at(&x->a, NOW + 1, x->v, 3);
	draw(x);
	assert_string_equal(field(&x->f, "nattch"), "2");
	assert_int_equal(frame_at(&x->f, find_row(&x->f, " nattch   "), 18)->style, STYLE_CHANGED);
	snprintf(want, sizeof(want), "22:13:20 1, 22:13:21 2");
	assert_string_equal(field(&x->f, "nattch history"), want);
	assert_string_equal(field(&x->f, "Last attach"), "2023-11-14 22:13:21  (now)");

	/* Esc goes back to the table, with the same selection */
	assert_int_equal(app_key(&x->a, APP_KEY_ESC), APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_int_equal(selected_shmid(&x->a), 32769);

	/* the removed segment: key 0 explained */
	app_key(&x->a, APP_KEY_HOME);
	app_key(&x->a, APP_KEY_ENTER);
	draw(x);
	assert_string_equal(row(&x->f, TITLE_Y), " Segment 5");
	assert_string_equal(field(&x->f, "Key"), "0x00000000  (0 decimal)  IPC_PRIVATE: removed, key cleared");
	assert_string_equal(field(&x->f, "Status"),
			    "attached, marked for removal (goes at the last detach)");
	/* help from the detail view returns to it */
	app_key(&x->a, 'h');
	assert_int_equal(x->a.mode, MODE_HELP);
	app_key(&x->a, 'x');
	assert_int_equal(x->a.mode, MODE_DETAIL);
	app_key(&x->a, 'q');
	assert_int_equal(x->a.mode, MODE_LIST);
}

/* ---------------------------------------------------------------- help */

static int in_list(const char *word, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(word, list[i]) == 0)
			return 1;
	return 0;
}

static void test_help(void **state)
{
	/* every key of the issue's key list */
	static const char *const keys[] = {
		"Up", "Down", "j", "k", "PgUp", "PgDn", "Home", "End", "Enter", "Esc", "q", "F1",
		"h", "?", "F3", "/", "F4", "\\", "u", "F6", "<", ">", "I", "Space", "U", "F9", "d",
		"Z", "p", "t", "Ctrl-L", "F10", NULL,
	};
	static const int openers[] = { 'h', '?', APP_KEY_F1 };
	struct fx *x = *state;
	char words[256][32];
	const char *list[257];
	size_t n = 0;

	for (size_t o = 0; o < sizeof(openers) / sizeof(openers[0]); o++) {
		app_key(&x->a, openers[o]);
		assert_int_equal(x->a.mode, MODE_HELP);
		app_key(&x->a, ' ');
		assert_int_equal(x->a.mode, MODE_LIST);
	}
	/* tall enough for all of it (tests/test_keys.c scrolls it at 80x24) */
	assert_int_equal(frame_resize(&x->f, W, 100), 0);
	app_key(&x->a, 'h');
	draw(x);
	assert_string_equal(row(&x->f, 0), "shmtop help: the table");
	/* the names of the key column (columns 1..21), two spaces apart */
	for (int y = 1; y < 99; y++) {
		char keycol[32], *p;
		const char *t = row(&x->f, y);

		if (strlen(t) <= 1 || t[0] != ' ')
			continue; /* blank, or a group's heading */
		snprintf(keycol, sizeof(keycol), "%.21s", t + 1);
		for (p = keycol; *p;) {
			char *end = strstr(p, "  ");

			if (end)
				*end = '\0';
			if (*p)
				snprintf(words[n++], sizeof(words[0]), "%s", p);
			assert_true(n < 255);
			p = end ? end + 2 : p + strlen(p);
			while (*p == ' ')
				p++;
		}
	}
	for (size_t i = 0; i < n; i++)
		list[i] = words[i];
	list[n] = NULL;
	for (size_t i = 0; keys[i]; i++)
		if (!in_list(keys[i], list))
			fail_msg("help does not list the key '%s'", keys[i]);
	/* 'n' has its line with the search; the mouse and the wheel theirs */
	assert_true(find_row(&x->f, " n                    next match of the search") > 0);
	assert_true(find_row(&x->f, " Mouse ") > 0);
	assert_true(find_row(&x->f, " Wheel ") > 0);
	assert_true(find_row(&x->f, "Removal (or unlinking) asks first; the answer defaults to No.") > 0);
	assert_true(find_row(&x->f, "Rows: + new, - gone (or unlinked, still open), * tagged, "
			     "! leak suspect") > 0);
	/* any key but the help's own goes back */
	assert_int_equal(app_key(&x->a, 'z'), APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_LIST);
}

/* ---------------------------------------------------------------- choosers */

/* The position of a field in the sort chooser. */
static long sort_pos(uint8_t field)
{
	return (long)table_sort_pos(&kind_shm, field);
}

static void test_sort_chooser(void **state)
{
	struct fx *x = *state;

	assert_int_equal(app_key(&x->a, APP_KEY_F6), APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_SORT);
	assert_int_equal(x->a.menu_sel, sort_pos(SHM_F_KEY));
	draw(x);
	assert_true(starts_with(row(&x->f, 0), " Sort by"));
	for (int k = 0; kind_shm.sort_columns[k] != FIELD_NONE; k++) {
		const char *t = row(&x->f, 1 + k), *name = kind_shm.fields[kind_shm.sort_columns[k]].name;
		size_t len = strlen(name);

		assert_int_equal(t[0], ' ');
		assert_memory_equal(t + 1, name, len);
		assert_true(t[1 + len] == ' ' || t[1 + len] == '\0');
	}
	assert_int_equal(frame_at(&x->f, 1 + (int)sort_pos(SHM_F_KEY), 1)->style, STYLE_SELECTED);
	assert_string_equal(row(&x->f, FBAR_Y), "Enter Sort  Esc Cancel");
	/* down to "size" and apply */
	for (long k = 0; k < sort_pos(SHM_F_SIZE); k++)
		app_key(&x->a, APP_KEY_DOWN);
	assert_int_equal(x->a.menu_sel, sort_pos(SHM_F_SIZE));
	draw(x);
	assert_int_equal(frame_at(&x->f, 1 + (int)sort_pos(SHM_F_SIZE), 1)->style, STYLE_SELECTED);
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_int_equal(x->a.m->sort, SHM_F_SIZE);
	/* a quantity starts largest first, as in htop: sizes 1 MiB (B), 4096 (A), 512 (C) */
	assert_int_equal(x->a.m->reverse, 1);
	draw(x);
	assert_true(starts_with(row(&x->f, LIST_Y), " 0x00000000"));
	assert_true(starts_with(row(&x->f, LIST_Y + 1), " 0x00002537"));
	assert_true(starts_with(row(&x->f, LIST_Y + 2), " 0xdeadbeef"));
	assert_int_equal(frame_at(&x->f, TITLE_Y, col_of(&x->f, TITLE_Y, "SIZE"))->style,
			 STYLE_HEADER_SORT);
	assert_true(starts_with(row(&x->f, STATUS_Y), "3 of 3 segments  sort: size desc"));
	/* Esc cancels */
	app_key(&x->a, APP_KEY_F6);
	assert_int_equal(x->a.menu_sel, sort_pos(SHM_F_SIZE));
	app_key(&x->a, APP_KEY_HOME);
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_int_equal(x->a.m->sort, SHM_F_SIZE);
}

static void test_user_chooser(void **state)
{
	struct fx *x = *state;

	assert_int_equal(app_key(&x->a, 'u'), APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_USER);
	draw(x);
	/* all users, then the owners by name: "4242" (no name) < alice < bob */
	assert_true(starts_with(row(&x->f, 0), " Show user"));
	assert_true(starts_with(row(&x->f, 1), " All users "));
	assert_true(starts_with(row(&x->f, 2), " 4242 "));
	assert_true(starts_with(row(&x->f, 3), " alice "));
	assert_true(starts_with(row(&x->f, 4), " bob "));
	assert_false(starts_with(row(&x->f, 5), " root"));
	app_key(&x->a, 'j');
	app_key(&x->a, 'j');
	app_key(&x->a, APP_KEY_DOWN);
	draw(x);
	assert_int_equal(frame_at(&x->f, 4, 1)->style, STYLE_SELECTED);
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_int_equal(x->a.m->nrows, 1);
	assert_int_equal(selected_shmid(&x->a), 5);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "1 of 3 segments  sort: key asc  user: bob");
	assert_string_equal(row(&x->f, LIST_Y + 1), "");
	/* back to all users */
	app_key(&x->a, 'u');
	draw(x);
	app_key(&x->a, APP_KEY_HOME);
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.m->nrows, 3);
	assert_int_equal(x->a.cfg.by_uid, 0);
	/* Esc keeps what was there */
	app_key(&x->a, 'u');
	draw(x);
	app_key(&x->a, APP_KEY_END);
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.m->nrows, 3);
}

/* ---------------------------------------------------------------- tags and removal */

static void test_tags(void **state)
{
	struct fx *x = *state;

	assert_int_equal(app_key(&x->a, ' '), APP_REDRAW);
	assert_int_equal(x->a.m->sel, 1); /* tagging moves down */
	app_key(&x->a, ' ');
	assert_int_equal(x->a.m->sel, 2);
	assert_int_equal(track_tagged_count(&x->a.m->track), 2);
	draw(x);
	assert_int_equal(frame_at(&x->f, LIST_Y, 0)->ch, '*');
	assert_int_equal(frame_at(&x->f, LIST_Y + 1, 0)->ch, '*');
	assert_int_equal(frame_at(&x->f, LIST_Y, 1)->style, STYLE_TAGGED);
	assert_int_equal(frame_at(&x->f, LIST_Y + 2, 0)->ch, ' ');
	assert_string_equal(row(&x->f, STATUS_Y), "3 of 3 segments  sort: key asc  tagged: 2");
	/* tags survive a refresh */
	update_at(&x->a, NOW + 1, x->v, 3);
	assert_int_equal(track_tagged_count(&x->a.m->track), 2);
	/* Space again untags */
	app_key(&x->a, APP_KEY_HOME);
	app_key(&x->a, ' ');
	assert_int_equal(track_tagged_count(&x->a.m->track), 1);
	app_key(&x->a, 'U');
	assert_int_equal(track_tagged_count(&x->a.m->track), 0);
	draw(x);
	assert_int_equal(frame_at(&x->f, LIST_Y + 1, 0)->ch, ' ');
}

static void test_confirm_one(void **state)
{
	struct fx *x = *state;
	int y, y2, y3;

	app_key(&x->a, 'j'); /* A: attached */
	assert_int_equal(app_key(&x->a, APP_KEY_F9), APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	assert_int_equal(x->a.confirm_n, 1);
	assert_int_equal(x->a.confirm[0].shmid, 32769);
	draw(x);
	y = find_row(&x->f, "Remove 1 segment? (IPC_RMID)");
	assert_true(y > 0);
	y2 = find_row(&x->f, "key 0x00002537  shmid 32769  owner alice  size 4.0K  nattch 1");
	assert_int_equal(y2, y + 1);
	/* what happens to an attached segment, in full */
	y3 = find_row(&x->f, "Attached: IPC_RMID only marks it: its processes keep reading and "
			  "writing it,");
	assert_true(y3 > y2);
	assert_non_null(strstr(row(&x->f, y3 + 1), "and it is destroyed when the last of them "
			       "detaches."));
	assert_non_null(strstr(row(&x->f, y3 + 2), "Its key is freed now: shmget() with it makes a "
			       "new, empty segment."));
	assert_int_equal(find_row(&x->f, "destroyed at once"), -1);
	assert_true(find_row(&x->f, "Each is re-checked first (ids are reused): one that changed is "
			     "kept.") > y);
	assert_true(find_row(&x->f, "Remove? y = yes, anything else = No") > y);
	assert_string_equal(row(&x->f, FBAR_Y), "y Remove  n/Esc Keep (default)");
	/* the answer defaults to No: 'n' keeps it */
	assert_int_equal(app_key(&x->a, 'n'), APP_REDRAW | APP_POLL_NOW);
	assert_int_equal(x->a.mode, MODE_LIST);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "nothing removed");
	assert_int_equal(x->a.m->track.n, 3);
	/* 'd' opens it too; any other key than 'y' is a No */
	app_key(&x->a, 'd');
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_string_equal(x->a.status, "nothing removed");
	app_key(&x->a, 'd');
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_string_equal(x->a.status, "nothing removed");
}

static void test_confirm_unattached_and_tagged(void **state)
{
	struct fx *x = *state;

	/* C is not attached */
	app_key(&x->a, APP_KEY_END);
	app_key(&x->a, 'd');
	draw(x);
	assert_true(find_row(&x->f, "key 0xdeadbeef  shmid 65538  owner 4242  size 512B  nattch 0") > 0);
	assert_true(find_row(&x->f, "Nobody is attached: destroyed at once, and its contents are "
			     "lost.") > 0);
	assert_int_equal(find_row(&x->f, "only marks"), -1);
	app_key(&x->a, 'n');
	/* with tags, one dialog lists every tagged segment, whatever is selected */
	app_key(&x->a, APP_KEY_HOME);
	app_key(&x->a, ' ');
	app_key(&x->a, 'j');
	app_key(&x->a, ' ');
	assert_int_equal(x->a.m->sel, 2);
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	/* B is already marked for removal: not offered again, and said so */
	assert_int_equal(x->a.confirm_n, 1);
	assert_int_equal(x->a.confirm_marked, 1);
	draw(x);
	assert_true(find_row(&x->f, "Remove 1 segment? (IPC_RMID)") > 0);
	assert_int_equal(find_row(&x->f, "shmid 5 "), -1);
	assert_true(find_row(&x->f, "(1 tagged already marked for removal: left out)") > 0);
	assert_int_equal(find_row(&x->f, "shmid 32769"), -1);
	assert_true(find_row(&x->f, "shmid 65538") > 0);
	app_key(&x->a, 'n');
	/* cancelling keeps the tags */
	assert_int_equal(track_tagged_count(&x->a.m->track), 2);
	/* B alone: nothing to offer, and the status line says why */
	app_key(&x->a, 'U');
	app_key(&x->a, APP_KEY_HOME);
	assert_int_equal(app_seg(&x->a, app_selected(&x->a))->shmid, 5);
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_string_equal(x->a.status, "shmid 5 is already marked for removal: it goes when its "
			    "last process detaches");
}

/* The dialog names the attached processes by pid and command line (a fixture proc tree: pids 100
 * and 200 map A), says what removing does to them, and tells the truth for IPC_PRIVATE. */
static void test_confirm_names_attachers(void **state)
{
	struct fx *x = *state;
	static const struct procclock clk = { .btime = 1700000000, .hz = 100 };
	char root[PATH_MAX];
	struct shmseg v[3] = { x->v[0], x->v[1], x->v[2] };
	int y;

	maps_fixture_root(root, sizeof(root));
	app_set_proc(&x->a, root, &clk);
	app_key(&x->a, 'j'); /* A: attached */
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	assert_true(x->a.confirm_procs_known);
	draw(x);
	y = find_row(&x->f, "Attached: 3 processes");
	assert_true(y > 0);
	assert_non_null(strstr(row(&x->f, y + 1), "pid 100  writer --key=0x2537"));
	assert_non_null(strstr(row(&x->f, y + 2), "pid 200  postgres: checkpointer"));
	assert_non_null(strstr(row(&x->f, y + 3), "pid 600  [(odd) name]"));  /* no cmdline */
	assert_true(find_row(&x->f, "Attached: IPC_RMID only marks it: the processes above keep "
			     "reading and writing it,") > y);
	app_key(&x->a, 'n');
	/* an IPC_PRIVATE segment: its key is already 0, nothing to free */
	v[0].key = 0;
	update_at(&x->a, NOW + 1, v, 3);
	draw(x);
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	draw(x);
	assert_true(find_row(&x->f, "key 0x00000000 (IPC_PRIVATE)  shmid 32769") > 0);
	assert_true(find_row(&x->f, "Its key is already 0 (IPC_PRIVATE): only processes holding its "
			     "id reach it.") > 0);
	assert_int_equal(find_row(&x->f, "key is freed"), -1);
	app_key(&x->a, 'n');
}

static void test_confirm_refused(void **state)
{
	struct fx *x = *state;
	struct shmseg v[1] = { seg_a() };

	/* a gone row cannot be removed */
	update_at(&x->a, NOW + 1, v, 1);
	app_key(&x->a, APP_KEY_HOME); /* B, now gone */
	assert_true(track_is_gone(app_selected(&x->a)));
	app_key(&x->a, 'd');
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_string_equal(x->a.status, "that segment is already gone");
	/* nothing at all to remove */
	for (int k = 0; k < TRACK_GONE_KEEP + 1; k++)
		update_at(&x->a, NOW + 2 + k, NULL, 0);
	assert_int_equal(x->a.m->nrows, 0);
	assert_null(app_selected(&x->a));
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_string_equal(x->a.status, "no segment selected");
	app_key(&x->a, APP_KEY_ENTER); /* no detail of nothing */
	assert_int_equal(x->a.mode, MODE_LIST);
	draw(x);
	assert_non_null(strstr(row(&x->f, LIST_Y), "no System V shared memory segments"));
}

static void test_read_only_remove(void **state)
{
	struct fx *x = *state;

	x->a.cfg.read_only = 1;
	assert_int_equal(app_key(&x->a, APP_KEY_F9), APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_LIST);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y),
			    "removal is disabled: shmtop was started with --read-only (-R)");
	assert_int_equal(frame_at(&x->f, STATUS_Y, 0)->style, STYLE_ERROR);
	app_key(&x->a, 'j');
	app_key(&x->a, 'd');
	assert_int_equal(x->a.mode, MODE_LIST);
	/* from the detail view as well, and its function bar shows it disabled */
	app_key(&x->a, APP_KEY_ENTER);
	draw(x);
	assert_string_equal(row(&x->f, FBAR_Y), "Esc Back  F1Help  x Hex   F9------F10Quit");
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_true(starts_with(x->a.status, "removal is disabled"));
	/* the help says so */
	app_key(&x->a, 'h');
	draw(x);
	assert_true(find_row(&x->f, "Removal is disabled (--read-only).") > 0);
}

/* ---------------------------------------------------------------- the rest of the keys */

static void test_other_keys(void **state)
{
	struct fx *x = *state;

	assert_int_equal(app_key(&x->a, 'Z'), APP_REDRAW);
	assert_true(x->a.paused);
	draw(x);
	assert_non_null(strstr(row(&x->f, 0), "every 1.0s  [PAUSED]"));
	assert_string_equal(row(&x->f, STATUS_Y), "paused: press Z or p to resume");
	/* resuming asks for a poll at once */
	assert_int_equal(app_key(&x->a, 'Z'), APP_REDRAW | APP_POLL_NOW);
	assert_false(x->a.paused);
	assert_int_equal(app_key(&x->a, 'p'), APP_REDRAW);
	assert_true(x->a.paused);
	app_key(&x->a, 'p');
	draw(x);
	assert_null(strstr(row(&x->f, 0), "PAUSED"));

	assert_int_equal(app_key(&x->a, APP_CTRL('l')), APP_REPAINT);
	assert_int_equal(app_key(&x->a, APP_KEY_RESIZE), APP_REDRAW);
	assert_int_equal(app_key(&x->a, 'X'), APP_DONE); /* unbound */
	assert_int_equal(app_key(&x->a, 'q'), APP_QUIT);
	assert_int_equal(app_key(&x->a, APP_KEY_F10), APP_QUIT);
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(app_key(&x->a, APP_KEY_F10), APP_QUIT);
}

static void test_mouse(void **state)
{
	struct fx *x = *state;
	/* SIZE is right-aligned: its title ends where its column does, so the column starts
	 * width - 4 cells before the title */
	const struct field *size = &kind_shm.fields[field_find(&kind_shm, "size", 0)];
	int size_x = col_of(&x->f, TITLE_Y, "SIZE") + 4 - size->width;

	assert_true(size_x > 0);
	/* a click on a title (its column's first cell, left of the title's text) sorts by it,
	 * largest first as htop sorts a quantity; a second one inverts, a third inverts back */
	x->a.mouse_y = TITLE_Y;
	x->a.mouse_x = size_x;
	assert_int_equal(app_key(&x->a, APP_KEY_MOUSE_CLICK), APP_REDRAW);
	assert_int_equal(x->a.m->sort, SHM_F_SIZE);
	assert_int_equal(x->a.m->reverse, 1);
	app_key(&x->a, APP_KEY_MOUSE_CLICK);
	assert_int_equal(x->a.m->reverse, 0);
	app_key(&x->a, APP_KEY_MOUSE_CLICK);
	assert_int_equal(x->a.m->reverse, 1);
	/* a click on a row selects it: sizes descending are B, A, C */
	x->a.mouse_y = LIST_Y + 2;
	x->a.mouse_x = 30;
	app_key(&x->a, APP_KEY_MOUSE_CLICK);
	assert_int_equal(selected_shmid(&x->a), 65538);
	/* below the last row: nothing changes */
	x->a.mouse_y = LIST_Y + 10;
	app_key(&x->a, APP_KEY_MOUSE_CLICK);
	assert_int_equal(selected_shmid(&x->a), 65538);
}

/* ---------------------------------------------------------------- process names */

static char procroot[64];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void fake_pid(int pid, const char *comm)
{
	char path[256], text[512];

	snprintf(path, sizeof(path), "%s/%d", procroot, pid);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/%d/stat", procroot, pid);
	/* started 10 s after boot, long before the segments were made */
	snprintf(text, sizeof(text), "%d (%s) S 1 %d %d 0 -1 4194304 120 0 0 0 5 3 0 0 20 0 1 0 1000 "
		 "4321280 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n",
		 pid, comm, pid, pid);
	write_file(path, text);
}

/* A process name with an escape sequence is shown escaped, and is matched by the filter. */
static void test_process_names(void **state)
{
	struct fx *x = *state;
	struct procclock clk;
	char path[256];
	int y;

	snprintf(procroot, sizeof(procroot), "/tmp/shmtop-test-app-XXXXXX");
	assert_non_null(mkdtemp(procroot));
	snprintf(path, sizeof(path), "%s/stat", procroot);
	write_file(path, "cpu  1 2 3 4\nbtime 1699000000\n");
	fake_pid(100, "evil\x1b[2J");
	fake_pid(101, "reader");
	assert_int_equal(procinfo_clock_read(procroot, 100, &clk), 0);
	app_set_proc(&x->a, procroot, &clk);
	update_at(&x->a, NOW, x->v, 3);
	draw(x);
	app_key(&x->a, 'j'); /* A: B's row is drawn unselected */
	refresh_screen(&x->a);
	draw(x);
	y = find_row(&x->f, "0x00002537");
	assert_non_null(strstr(row(&x->f, y), "100 evil\\x1b[2J"));
	assert_non_null(strstr(row(&x->f, y), "101 reader"));
	for (int r = 0; r < H; r++)
		for (int c = 0; c < W; c++)
			assert_true(frame_at(&x->f, r, c)->ch >= 0x20);
	/* pids without a /proc entry are gone: dimmed */
	y = find_row(&x->f, "0x00000000");
	assert_int_not_equal(y, selected_y(&x->f));
	assert_int_equal(frame_at(&x->f, y, col_of(&x->f, y, " 200 ") + 1)->style, STYLE_DIM);
	assert_int_equal(frame_at(&x->f, y, col_of(&x->f, y, "0x00000000"))->style, STYLE_NORMAL);
	/* the filter matches command names */
	app_key(&x->a, '\\');
	type(&x->a, "reader");
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.m->nrows, 1);
	assert_int_equal(selected_shmid(&x->a), 32769);

	snprintf(path, sizeof(path), "%s/100/stat", procroot);
	unlink(path);
	snprintf(path, sizeof(path), "%s/101/stat", procroot);
	unlink(path);
	snprintf(path, sizeof(path), "%s/100", procroot);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/101", procroot);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/stat", procroot);
	unlink(path);
	rmdir(procroot);
}

/* Names from outside are escaped where they are drawn, so that two names that differ never look
 * alike: a user named with ESC and one named with the text \x1b, process names, the hostname; the
 * filter prompt and the help show a backslash typed or written by shmtop as one. */
static void test_escaped_names(void **state)
{
	struct fx *x = *state;
	struct shmseg v[2] = { seg_base(0x100, 1, 2000), seg_base(0x101, 2, 2001) };
	struct procclock clk;
	char path[256];
	int y1, y2, co;

	snprintf(procroot, sizeof(procroot), "/tmp/shmtop-test-app-XXXXXX");
	assert_non_null(mkdtemp(procroot));
	snprintf(path, sizeof(path), "%s/stat", procroot);
	write_file(path, "cpu  1 2 3 4\nbtime 1699000000\n");
	fake_pid(300, "p\x1b");
	fake_pid(301, "p\\x1b");
	v[0].cpid = 300;
	v[1].cpid = 301;
	assert_int_equal(procinfo_clock_read(procroot, 100, &clk), 0);
	app_set_proc(&x->a, procroot, &clk);
	x->a.cfg.hostname = "h\x1b]0;x\x07\\";
	update_at(&x->a, NOW, v, 2);
	draw(x);
	refresh_screen(&x->a);
	draw(x);
	assert_true(starts_with(row(&x->f, 0), "shmtop 9.9 - h\\x1b]0;x\\x07\\\\ - "));
	y1 = find_row(&x->f, "0x00000100");
	y2 = find_row(&x->f, "0x00000101");
	assert_true(y1 > 0 && y2 > 0);
	co = col_of(&x->f, TITLE_Y, "OWNER");
	/* OWNER is 8 wide: both cut there, and still different */
	assert_true(starts_with(row(&x->f, y1) + co, "ev\\x1b[1 "));
	assert_true(starts_with(row(&x->f, y2) + co, "ev\\\\x1b[ "));
	assert_non_null(strstr(row(&x->f, y1), " 300 p\\x1b "));
	assert_non_null(strstr(row(&x->f, y2), " 301 p\\\\x1b "));
	/* the user chooser, and the status line once one is chosen */
	app_key(&x->a, 'u');
	draw(x);
	assert_true(starts_with(row(&x->f, 2), " ev\\x1b[1m "));
	assert_true(starts_with(row(&x->f, 3), " ev\\\\x1b[1m "));
	app_key(&x->a, APP_KEY_DOWN);
	app_key(&x->a, APP_KEY_DOWN);
	app_key(&x->a, APP_KEY_ENTER);
	draw(x);
	assert_int_equal(x->a.m->nrows, 1);
	assert_string_equal(row(&x->f, STATUS_Y), "1 of 2 segments  sort: key asc  user: ev\\\\x1b[1m");
	/* what the operator types, and the help's own backslash, are drawn as they are */
	app_key(&x->a, '\\');
	type(&x->a, "a\\b");
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "Filter: a\\b");
	app_key(&x->a, APP_KEY_ESC);
	app_key(&x->a, 'h');
	draw(x);
	assert_true(find_row(&x->f, " F4  \\ ") > 0);
	assert_int_equal(find_row(&x->f, "\\\\"), -1);
	for (int r = 0; r < H; r++)
		for (int c = 0; c < W; c++)
			assert_true(frame_at(&x->f, r, c)->ch >= 0x20);

	snprintf(path, sizeof(path), "%s/300/stat", procroot);
	unlink(path);
	snprintf(path, sizeof(path), "%s/301/stat", procroot);
	unlink(path);
	snprintf(path, sizeof(path), "%s/300", procroot);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/301", procroot);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/stat", procroot);
	unlink(path);
	rmdir(procroot);
}

/* ---------------------------------------------------------------- leaks, processes, limits */

/* Leak marks, the LEAK column, l, the detail line, the PROCESSES column and the limits panel. */
/* shmtop's own brief attach (a hex view opened with nobody attached) rewrote lpid, atime and
 * dtime: the leak rules judge the segment on what its users left (app_untouched), so a stale
 * segment stays stale while it is looked at; once a user attaches or detaches, theirs count. */
static void test_own_touch_not_evidence(void **state)
{
	struct fx *x = *state;
	struct shmseg v[1] = { seg_c() }; /* never attached, created three days ago: stale */
	struct track_row *r;

	x->a.self_pid = 4242;
	x->a.cfg.stale_secs = 3600;
	update_at(&x->a, NOW, v, 1);
	r = &x->a.m->track.rows[track_find(&x->a.m->track, kind_shm_key(v[0].shmid))];
	assert_true(app_row_leak(&x->a, r) & LEAK_STALE);
	/* shmtop attached for a moment a second ago */
	x->a.touch[0] = (struct app_touch){ v[0].shmid, v[0].key, v[0].cpid, v[0].ctime,
					    v[0].lpid, v[0].atime, v[0].dtime };
	x->a.ntouch = 1;
	v[0].lpid = 4242;
	v[0].atime = v[0].dtime = NOW - 1;
	update_at(&x->a, NOW + 1, v, 1);
	r = &x->a.m->track.rows[track_find(&x->a.m->track, kind_shm_key(v[0].shmid))];
	assert_int_equal(app_untouched(&x->a, app_seg(&x->a, r)).dtime, 0);
	assert_int_equal(app_untouched(&x->a, app_seg(&x->a, r)).lpid, seg_c().lpid);
	assert_true(app_row_leak(&x->a, r) & LEAK_STALE);
	/* and the screen says so alike: the row's mark and its LEAK column are one judgement */
	assert_int_equal(frame_resize(&x->f, 220, 30), 0);
	draw(x);
	{
		int col = col_of(&x->f, TITLE_Y, "LEAK"), y = find_row(&x->f, "0xdeadbeef");

		assert_true(col > 0 && y > 0);
		assert_int_equal(frame_at(&x->f, y, 0)->ch, '!');
		assert_true(starts_with(row(&x->f, y) + col, "stale "));
	}
	/* without the record, the attach would have hidden it */
	x->a.ntouch = 0;
	assert_false(app_row_leak(&x->a, r) & LEAK_STALE);
	x->a.ntouch = 1;
	/* a user's detach since is real evidence: no longer corrected */
	v[0].lpid = 777;
	update_at(&x->a, NOW + 2, v, 1);
	r = &x->a.m->track.rows[track_find(&x->a.m->track, kind_shm_key(v[0].shmid))];
	assert_int_equal(app_untouched(&x->a, app_seg(&x->a, r)).lpid, 777);
	assert_false(app_row_leak(&x->a, r) & LEAK_STALE);
	/* another segment with that id (another ctime) is not corrected either */
	v[0].lpid = 4242;
	v[0].ctime += 5;
	update_at(&x->a, NOW + 3, v, 1);
	r = &x->a.m->track.rows[track_find(&x->a.m->track, kind_shm_key(v[0].shmid))];
	assert_int_equal(app_untouched(&x->a, app_seg(&x->a, r)).lpid, 4242);
}

static void test_leaks(void **state)
{
	struct fx *x = *state;
	struct shmseg v[4];
	int yc, yd, ya, col;

	v[0] = seg_a();   /* attached: no leak */
	v[1] = seg_b();   /* marked for removal: not an orphan */
	v[2] = seg_c();   /* unattached for 3 days: stale */
	v[3] = seg_base(0, 77, 1000); /* IPC_PRIVATE, unattached, a minute old: unreachable */
	v[3].ctime = NOW - 60;
	x->a.cfg.stale_secs = 3600;
	assert_int_equal(frame_resize(&x->f, 220, 30), 0);
	update_at(&x->a, NOW, v, 4);
	draw(x);
	col = col_of(&x->f, TITLE_Y, "LEAK");
	assert_true(col > 0);
	yc = find_row(&x->f, "0xdeadbeef");
	yd = find_row(&x->f, " 77 ");
	ya = find_row(&x->f, "0x00002537");
	assert_true(yc > 0 && yd > 0 && ya > 0);
	/* suspects are marked '!' (unless selected: the first row is) and say why */
	assert_int_equal(frame_at(&x->f, yc, 0)->ch, '!');
	assert_int_equal(frame_at(&x->f, ya, 0)->ch, ' ');
	assert_true(starts_with(row(&x->f, yc) + col, "stale"));
	assert_true(starts_with(row(&x->f, yd) + col, "unreachable"));
	assert_int_equal(frame_at(&x->f, yc, col)->style, STYLE_LEAK);
	assert_int_equal(frame_at(&x->f, yc, 1)->style, STYLE_LEAK);
	/* l: only the two suspects, and back */
	assert_int_equal(app_key(&x->a, 'l') & APP_REDRAW, APP_REDRAW);
	assert_int_equal(x->a.m->nrows, 2);
	draw(x);
	assert_non_null(strstr(row(&x->f, STATUS_Y), "showing only the leak suspects among segments"));
	assert_int_equal(find_row(&x->f, "0x00002537"), -1);
	app_key(&x->a, 'l');
	assert_int_equal(x->a.m->nrows, 4);
	/* with a longer stale limit the old segment is only an orphan */
	x->a.cfg.stale_secs = 4 * 86400;
	draw(x);
	yc = find_row(&x->f, "0xdeadbeef");
	assert_int_equal(frame_at(&x->f, yc, 0)->ch, ' ');
	assert_true(starts_with(row(&x->f, yc) + col, "orphan"));
	x->a.cfg.stale_secs = 3600;
	/* the detail view names every reason */
	app_key(&x->a, '/');
	type(&x->a, "deadbeef");
	app_key(&x->a, APP_KEY_ENTER);
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.mode, MODE_DETAIL);
	draw(x);
	assert_non_null(strstr(row(&x->f, find_row(&x->f, "Leak ")), "SUSPECT: orphan,stale"));
	app_key(&x->a, APP_KEY_ESC);
	/* a: the PROCESSES column (no attacher scan without a proc root: "-") */
	app_key(&x->a, 'a');
	draw(x);
	assert_true(col_of(&x->f, TITLE_Y, "PROCESSES") > 0);
	assert_true(starts_with(row(&x->f, find_row(&x->f, "0x00002537")) +
				col_of(&x->f, TITLE_Y, "PROCESSES"), "-"));
	app_key(&x->a, 'a');
	draw(x);
	assert_int_equal(col_of(&x->f, TITLE_Y, "PROCESSES"), -1);
	/* L: the limits panel, like ipcs -l and -u; Esc returns */
	app_key(&x->a, 'L');
	assert_int_equal(x->a.mode, MODE_LIMITS);
	draw(x);
	assert_non_null(strstr(row(&x->f, find_row(&x->f, "(shmmni)")), "4096"));
	assert_non_null(strstr(row(&x->f, find_row(&x->f, "segments allocated")), "4 / 4096"));
	assert_non_null(strstr(row(&x->f, find_row(&x->f, "(shmall)")), "2097152 pages (8.0G)"));
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.mode, MODE_LIST);
}

/* N asks for a pid and switches IPC namespace; the refusals say why and change nothing. */
static void test_namespace_key(void **state)
{
	struct fx *x = *state;
	struct procclock clk = { .btime = -1, .hz = 100 };
	size_t before = x->a.m->nrows;

	/* without a proc root there is nothing to look the pid up in */
	app_key(&x->a, 'N');
	assert_int_equal(x->a.input, INPUT_NS);
	draw(x);
	assert_non_null(strstr(row(&x->f, STATUS_Y), "View the IPC namespace of pid:"));
	type(&x->a, "12ab3"); /* only digits are taken */
	assert_string_equal(x->a.nspid, "123");
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.input, INPUT_NONE);
	assert_int_equal(x->a.m->nrows, before);
	app_key(&x->a, 'N');
	app_key(&x->a, APP_KEY_ENTER);
	assert_non_null(strstr(x->a.status, "give the pid"));
	app_key(&x->a, 'N');
	type(&x->a, "1");
	app_key(&x->a, APP_KEY_ENTER);
	assert_non_null(strstr(x->a.status, "no proc root"));
	/* a pid that does not exist: said in words, the table untouched */
	app_set_proc(&x->a, "/proc", &clk);
	app_key(&x->a, 'N');
	type(&x->a, "2147483646");
	assert_int_equal(app_key(&x->a, APP_KEY_ENTER) & APP_POLL_NOW, 0);
	assert_non_null(strstr(x->a.status, "cannot enter the IPC namespace of pid 2147483646: "
				 "no such process"));
	assert_int_equal(x->a.status_error, 1);
	assert_int_equal(x->a.m->nrows, before);
}

/* An ASCII terminal gets no UTF-8 from the views. */
static void test_ascii_frame(void **state)
{
	struct fx *x = *state;

	x->f.utf8 = 0;
	draw(x);
	for (int r = 0; r < H; r++)
		for (int c = 0; c < W; c++)
			assert_true(frame_at(&x->f, r, c)->ch < 0x80);
	assert_true(starts_with(row(&x->f, 3), "Hist #")); /* the sparkline's full bar */
}

/* ---------------------------------------------------------------- hex view */

/* The hex view without a segment: the app's reader reads this buffer, as app_hex_open's reads a
 * segment. Bytes: 0x00..0xff at 0..0xff; de ad be ef 00 00 80 3f at 0x100; "hello\n",
 * 01, c2 9b (UTF-8 for the C1 control U+009B), NUL at 0x200; "hello, shmtop" at 0x300;
 * "shmtop" at 0x800; zero elsewhere. */
#define HEX_SIZE 4096
#define HEX_ROWS (H - 6)          /* title, three inspector lines, status, function bar */
#define HEX_INSPECT_Y (1 + HEX_ROWS)

static uint8_t hexbuf[HEX_SIZE];

static void hex_open(struct fx *x, uint64_t size)
{
	static const uint8_t num[] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x80, 0x3f };
	static const uint8_t str[] = { 'h', 'e', 'l', 'l', 'o', '\n', 0x01, 0xc2, 0x9b, 0x00 };
	struct app_hex *h = &x->a.hex;

	assert_true(size <= HEX_SIZE);
	memset(hexbuf, 0, sizeof(hexbuf));
	for (int i = 0; i < 256; i++)
		hexbuf[i] = (uint8_t)i;
	memcpy(hexbuf + 0x100, num, sizeof(num));
	memcpy(hexbuf + 0x200, str, sizeof(str));
	memcpy(hexbuf + 0x300, "hello, shmtop", 13);
	memcpy(hexbuf + 0x800, "shmtop", 6);
	h->open = 1;
	reader_open_memory(&h->rd, hexbuf, size);
	h->size = h->cur_size = size;
	h->seg = seg_a(); /* shmid 32769, key 0x2537, attached once */
	h->seg.size = size;
	h->cursor = h->top = 0;
	h->frozen = h->gone = h->searching = 0;
	h->input = HEX_INPUT_NONE;
	h->back = MODE_LIST;
	h->window_len = 0; /* as app_hex_open: no window read yet, no marks */
	hexdump_marks_free(&h->marks);
	hexdump_marks_init(&h->marks);
	x->a.mode = MODE_HEX;
}

/* What the main loop does: prepare (the first window is read here), then draw. */
static void hex_show(struct fx *x)
{
	draw(x);
	refresh_screen(&x->a);
	draw(x);
}

static int setup_hex(void **state)
{
	if (setup_abc(state) < 0)
		return -1;
	hex_open(*state, HEX_SIZE);
	hex_show(*state);
	return 0;
}

static int teardown_hex(void **state)
{
	struct fx *x = *state;

	x->a.mode = MODE_LIST;
	return teardown(state);
}

/* The inspector's first line (it starts with "@0x"). */
static const char *hex_inspect_row(struct fx *x)
{
	for (int y = 1; y < x->f.h; y++)
		if (starts_with(row(&x->f, y), "@0x"))
			return row(&x->f, y);
	fail_msg("no inspector line on screen");
	return "";
}

/* Run a search to its end, as the main loop does between keys. */
static void hex_finish_work(struct fx *x)
{
	int steps = 0;

	while (app_work(&x->a))
		assert_true(++steps < 1000);
	draw(x);
}

static void hex_prompt(struct fx *x, int key, const char *text)
{
	app_key(&x->a, key);
	type(&x->a, text);
	app_key(&x->a, APP_KEY_ENTER);
	hex_finish_work(x);
}

/* No cell holds a C0 or C1 control character or DEL: nothing from the segment reaches the
 * terminal as a control. */
static void assert_no_control_cells(const struct frame *f)
{
	for (int y = 0; y < f->h; y++) {
		for (int c = 0; c < f->w; c++) {
			uint32_t ch = frame_at(f, y, c)->ch;

			if (ch == FRAME_WIDE_TAIL)
				continue;
			if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0))
				fail_msg("control character U+%04X at row %d column %d: '%s'",
					 (unsigned)ch, y, c, row(f, y));
		}
	}
}

static int hex_style(struct fx *x, int y, int i)
{
	return frame_at(&x->f, y, hexdump_hex_col(x->a.hex.per_line, 8, i))->style;
}

static int ascii_style(struct fx *x, int y, int i)
{
	return frame_at(&x->f, y, hexdump_ascii_col(x->a.hex.per_line, 8, i))->style;
}

static void test_hex_layout_wide(void **state)
{
	struct fx *x = *state;

	assert_string_equal(row(&x->f, 0), "shmid 32769  key 0x00002537  4096 bytes (4.0K)  read-only");
	assert_int_equal(frame_at(&x->f, 0, 0)->style, STYLE_TITLE);
	assert_int_equal(x->a.hex.per_line, 16);
	assert_int_equal(x->a.hex.rows, HEX_ROWS);
	/* offset, 16 bytes in two groups of eight, ASCII between bars: hexdump -C's columns */
	assert_string_equal(row(&x->f, 1), "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f"
			    "  |................|");
	assert_string_equal(row(&x->f, 3), "00000020  20 21 22 23 24 25 26 27  28 29 2a 2b 2c 2d 2e 2f"
			    "  | !\"#$%&'()*+,-./|");
	assert_string_equal(row(&x->f, 8), "00000070  70 71 72 73 74 75 76 77  78 79 7a 7b 7c 7d 7e 7f"
			    "  |pqrstuvwxyz{|}~.|");
	assert_string_equal(row(&x->f, 9), "00000080  80 81 82 83 84 85 86 87  88 89 8a 8b 8c 8d 8e 8f"
			    "  |................|");
	assert_string_equal(row(&x->f, HEX_ROWS), "00000170  00 00 00 00 00 00 00 00  00 00 00 00 00 00"
			    " 00 00  |................|");
	assert_no_control_cells(&x->f);
	/* byte kinds, in the hex and the ASCII column alike; the cursor starts on offset 0 */
	assert_int_equal(hex_style(x, 1, 0), STYLE_CURSOR);
	assert_int_equal(ascii_style(x, 1, 0), STYLE_CURSOR);
	assert_int_equal(hex_style(x, HEX_ROWS, 0), STYLE_HEX_ZERO);
	assert_int_equal(hex_style(x, 1, 9), STYLE_HEX_SPACE);  /* \t */
	assert_int_equal(hex_style(x, 3, 0), STYLE_HEX_SPACE);  /* ' ' */
	assert_int_equal(hex_style(x, 3, 1), STYLE_HEX_PRINT);  /* '!' */
	assert_int_equal(ascii_style(x, 3, 1), STYLE_HEX_PRINT);
	assert_int_equal(hex_style(x, 1, 1), STYLE_HEX_OTHER);  /* 0x01 */
	assert_int_equal(ascii_style(x, 9, 0), STYLE_HEX_OTHER); /* 0x80 */
	/* the inspector at the cursor, the status line with nattch, the function bar */
	assert_true(starts_with(row(&x->f, HEX_INSPECT_Y), "@0x0 LE u8 0 i8 0  u16 256 i16 256"));
	assert_true(starts_with(row(&x->f, HEX_INSPECT_Y + 1), "     BE u8 0 i8 0  u16 1 i16 1"));
	assert_string_equal(row(&x->f, HEX_INSPECT_Y + 2), "string \"\"");
	assert_true(starts_with(row(&x->f, STATUS_Y), "4.0K  read from memory  nattch 1  lpid 101"));
	assert_non_null(strstr(row(&x->f, STATUS_Y), "view last changed: no change seen"));
	assert_true(starts_with(row(&x->f, FBAR_Y), "Esc Back  g Goto  / Search"));
}

static void test_hex_layout_narrow(void **state)
{
	struct fx *x = *state;

	assert_int_equal(frame_resize(&x->f, 60, 20), 0);
	hex_show(x);
	assert_int_equal(x->a.hex.per_line, 8);
	assert_int_equal(x->a.hex.rows, 20 - 6);
	assert_string_equal(row(&x->f, 0), "shmid 32769  key 0x00002537  4096 bytes (4.0K)  read-only");
	assert_string_equal(row(&x->f, 1), "00000000  00 01 02 03 04 05 06 07  |........|");
	assert_string_equal(row(&x->f, 5), "00000020  20 21 22 23 24 25 26 27  | !\"#$%&'|");
	assert_string_equal(row(&x->f, 14), "00000068  68 69 6a 6b 6c 6d 6e 6f  |hijklmno|");
	assert_true(starts_with(row(&x->f, 15), "@0x0 LE u8 0 i8 0"));
	assert_no_control_cells(&x->f);
	/* End: the last byte, its line at the bottom */
	app_key(&x->a, APP_KEY_END);
	hex_show(x);
	assert_int_equal(x->a.hex.cursor, HEX_SIZE - 1);
	assert_string_equal(row(&x->f, 14), "00000ff8  00 00 00 00 00 00 00 00  |........|");
	assert_true(starts_with(row(&x->f, 15), "@0xfff LE u8 0 i8 0  u16 - i16 -"));
	assert_int_equal(hex_style(x, 14, 7), STYLE_CURSOR);
	/* back to 120 columns: 16 a line from the same top, the cursor still on screen */
	assert_int_equal(frame_resize(&x->f, W, H), 0);
	hex_show(x);
	assert_int_equal(x->a.hex.per_line, 16);
	assert_true(starts_with(row(&x->f, 1), "00000f90  00"));
	assert_int_equal(find_row(&x->f, "00000ff0  00"), 1 + (0xff0 - 0xf90) / 16);
	assert_int_equal(hex_style(x, 1 + (0xff0 - 0xf90) / 16, 15), STYLE_CURSOR);
	assert_true(starts_with(hex_inspect_row(x), "@0xfff "));
}

static void test_hex_layout_32(void **state)
{
	struct fx *x = *state;

	assert_int_equal(frame_resize(&x->f, 200, 40), 0);
	hex_show(x);
	assert_int_equal(x->a.hex.per_line, 32);
	assert_true(starts_with(row(&x->f, 1), "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c"));
	assert_non_null(strstr(row(&x->f, 1), "  18 19 1a 1b 1c 1d 1e 1f  |................................|"));
	assert_true(starts_with(row(&x->f, 2), "00000020  20 21 22"));
	assert_non_null(strstr(row(&x->f, 2), "  | !\"#$%&'()*+,-./0123456789:;<=>?|"));
	assert_no_control_cells(&x->f);
}

/* A last line shorter than the others: blanks, and the ASCII column closed after its last byte. */
static void test_hex_partial_line(void **state)
{
	struct fx *x = *state;

	hex_open(x, 20);
	hex_show(x);
	assert_string_equal(row(&x->f, 0), "shmid 32769  key 0x00002537  20 bytes (20B)  read-only");
	assert_string_equal(row(&x->f, 2), "00000010  10 11 12 13                                       |....|");
	assert_string_equal(row(&x->f, 3), "");
	app_key(&x->a, APP_KEY_END);
	draw(x);
	assert_int_equal(x->a.hex.cursor, 19);
	assert_true(starts_with(row(&x->f, HEX_INSPECT_Y), "@0x13 LE u8 19 i8 19  u16 - i16 -  u32 - i32 -"));
	app_key(&x->a, APP_KEY_RIGHT);
	assert_int_equal(x->a.hex.cursor, 19);
	app_key(&x->a, APP_KEY_PGDN);
	assert_int_equal(x->a.hex.cursor, 19);
	app_key(&x->a, APP_KEY_DOWN);
	assert_int_equal(x->a.hex.cursor, 19);
	app_key(&x->a, APP_KEY_UP);
	assert_int_equal(x->a.hex.cursor, 3);
}

static void test_hex_inspector(void **state)
{
	struct fx *x = *state;

	hex_prompt(x, 'g', "0x100");
	assert_int_equal(x->a.hex.cursor, 0x100);
	assert_true(starts_with(row(&x->f, HEX_INSPECT_Y), "@0x100 LE u8 222 i8 -34  u16 44510 i16 -21026  "
				"u32 4022250974 i32 -272716322  u64 "));
	assert_true(starts_with(row(&x->f, HEX_INSPECT_Y + 1), "       BE u8 222 i8 -34  u16 57005 i16 -8531  "
				"u32 3735928559 i32 -559038737  u64 "));
	for (int i = 0; i < 4; i++)
		app_key(&x->a, APP_KEY_RIGHT);
	draw(x);
	assert_true(starts_with(row(&x->f, HEX_INSPECT_Y), "@0x104 LE u8 0 i8 0  u16 0 i16 0  "
				"u32 1065353216 i32 1065353216  "));
	assert_non_null(strstr(row(&x->f, HEX_INSPECT_Y), " f32 1 f64 "));
	/* the C string: escaped, a C1 control in UTF-8 included */
	hex_prompt(x, 'g', "0x200");
	assert_string_equal(row(&x->f, HEX_INSPECT_Y + 2), "string \"hello\\x0a\\x01\\xc2\\x9b\"");
	assert_no_control_cells(&x->f);
}

static void test_hex_cursor_keys(void **state)
{
	struct fx *x = *state;
	struct app_hex *h = &x->a.hex;
	const int64_t page = 16 * (HEX_ROWS - 1);

	assert_int_equal(app_key(&x->a, APP_KEY_LEFT), APP_REDRAW);
	assert_int_equal(h->cursor, 0); /* nothing before 0 */
	app_key(&x->a, APP_KEY_UP);
	assert_int_equal(h->cursor, 0);
	app_key(&x->a, APP_KEY_RIGHT);
	assert_int_equal(h->cursor, 1);
	draw(x);
	assert_true(starts_with(hex_inspect_row(x), "@0x1 LE u8 1 "));
	assert_int_equal(hex_style(x, 1, 1), STYLE_CURSOR);
	assert_int_equal(hex_style(x, 1, 0), STYLE_HEX_ZERO);
	app_key(&x->a, APP_KEY_DOWN);
	assert_int_equal(h->cursor, 17);
	app_key(&x->a, 'j');
	assert_int_equal(h->cursor, 33);
	app_key(&x->a, 'k');
	assert_int_equal(h->cursor, 17);
	app_key(&x->a, APP_KEY_PGDN);
	assert_int_equal(h->cursor, 17 + page);
	draw(x);
	/* the cursor's line is the last on screen: the view scrolled by one line */
	assert_true(starts_with(row(&x->f, 1), "00000010  "));
	assert_int_equal(hex_style(x, HEX_ROWS, 1), STYLE_CURSOR);
	assert_true(starts_with(hex_inspect_row(x), "@0x181 "));
	app_key(&x->a, APP_KEY_PGUP);
	assert_int_equal(h->cursor, 17);
	app_key(&x->a, APP_KEY_END);
	assert_int_equal(h->cursor, HEX_SIZE - 1);
	draw(x);
	assert_true(starts_with(row(&x->f, 1), "00000e80  "));
	assert_true(starts_with(row(&x->f, HEX_ROWS), "00000ff0  "));
	assert_true(starts_with(hex_inspect_row(x), "@0xfff "));
	app_key(&x->a, APP_KEY_PGDN);
	assert_int_equal(h->cursor, HEX_SIZE - 1);
	app_key(&x->a, APP_KEY_HOME);
	assert_int_equal(h->cursor, 0);
	draw(x);
	assert_true(starts_with(row(&x->f, 1), "00000000  00 01"));
	assert_true(starts_with(hex_inspect_row(x), "@0x0 "));
	/* the window is re-read where the view moved to: the lines on screen, and the bytes after
	 * them that the inspector may need */
	assert_int_equal(h->window_base, 0);
	assert_int_equal(h->window_len, 16 * HEX_ROWS + 64);
}

static void test_hex_goto(void **state)
{
	struct fx *x = *state;
	struct app_hex *h = &x->a.hex;

	app_key(&x->a, 'g');
	type(&x->a, "0x20");
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "Go to offset (0x.. or decimal): 0x20");
	assert_int_equal(h->cursor, 0); /* not before Enter */
	app_key(&x->a, APP_KEY_ENTER);
	draw(x);
	assert_int_equal(h->cursor, 0x20);
	assert_true(starts_with(hex_inspect_row(x), "@0x20 LE u8 32 "));
	assert_int_equal(hex_style(x, 3, 0), STYLE_CURSOR);
	hex_prompt(x, 'g', "1K");
	assert_int_equal(h->cursor, 1024);
	hex_prompt(x, 'g', "100");
	assert_int_equal(h->cursor, 100);
	hex_prompt(x, 'g', "4096");
	assert_int_equal(h->cursor, 100);
	assert_string_equal(row(&x->f, STATUS_Y), "offset '4096' is past the end");
	assert_int_equal(frame_at(&x->f, STATUS_Y, 0)->style, STYLE_ERROR);
	hex_prompt(x, 'g', "zz");
	assert_string_equal(row(&x->f, STATUS_Y), "not an offset: 'zz' (use 0x.. for hex)");
	/* Esc cancels the prompt, Backspace edits it */
	app_key(&x->a, 'g');
	type(&x->a, "0x30");
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(h->input, HEX_INPUT_NONE);
	assert_int_equal(h->cursor, 100);
	app_key(&x->a, 'g');
	type(&x->a, "0x301");
	app_key(&x->a, APP_KEY_BACKSPACE);
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(h->cursor, 0x30);
	assert_int_equal(x->a.mode, MODE_HEX);
}

static void test_hex_search(void **state)
{
	struct fx *x = *state;
	struct app_hex *h = &x->a.hex;

	assert_int_equal(app_key(&x->a, 'n'), APP_REDRAW);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "no search yet: press / to search");
	app_key(&x->a, '/');
	type(&x->a, "shmtop");
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "Search (text with \\ escapes, or x:de ad be ef): shmtop");
	assert_int_equal(x->f.cursor_y, STATUS_Y);
	app_key(&x->a, APP_KEY_ENTER);
	hex_finish_work(x);
	assert_int_equal(h->cursor, 0x307);
	assert_string_equal(row(&x->f, STATUS_Y), "found at offset 0x307 (775)");
	assert_int_equal(frame_at(&x->f, STATUS_Y, 0)->style, STYLE_STATUS);
	/* the match is on screen, under the cursor */
	assert_true(starts_with(row(&x->f, HEX_ROWS), "00000300  68 65 6c 6c 6f 2c 20 73  68 6d 74 6f 70"));
	assert_int_equal(hex_style(x, HEX_ROWS, 7), STYLE_CURSOR);
	assert_true(starts_with(hex_inspect_row(x), "@0x307 "));
	assert_string_equal(row(&x->f, HEX_INSPECT_Y + 2), "string \"shmtop\"");
	/* n: the next one, then around the end to the first again; N backwards */
	app_key(&x->a, 'n');
	hex_finish_work(x);
	assert_int_equal(h->cursor, 0x800);
	assert_string_equal(row(&x->f, STATUS_Y), "found at offset 0x800 (2048)");
	app_key(&x->a, 'n');
	hex_finish_work(x);
	assert_int_equal(h->cursor, 0x307);
	app_key(&x->a, 'N');
	hex_finish_work(x);
	assert_int_equal(h->cursor, 0x800);
	/* hex bytes, and text with escapes */
	hex_prompt(x, '/', "x:de ad be ef");
	assert_int_equal(h->cursor, 0x100);
	assert_string_equal(row(&x->f, STATUS_Y), "found at offset 0x100 (256)");
	hex_prompt(x, '/', "x:fe ff");
	assert_int_equal(h->cursor, 0xfe);
	hex_prompt(x, '/', "hello\\n");
	assert_int_equal(h->cursor, 0x200);
	/* absent: said so, the cursor stays */
	hex_prompt(x, '/', "x:de ad be ef 01");
	assert_int_equal(h->cursor, 0x200);
	assert_string_equal(row(&x->f, STATUS_Y), "pattern not found in the segment");
	assert_int_equal(frame_at(&x->f, STATUS_Y, 0)->style, STYLE_ERROR);
	hex_prompt(x, '/', "shmtop!");
	assert_int_equal(h->cursor, 0x200);
	assert_string_equal(row(&x->f, STATUS_Y), "pattern not found in the segment");
	/* a bad pattern names its bad part */
	hex_prompt(x, '/', "x:zz");
	assert_string_equal(row(&x->f, STATUS_Y), "bad hex byte 'zz'");
	assert_int_equal(h->cursor, 0x200);
	assert_false(h->searching);
}

/* Bytes that changed between two refreshes are lit, then fade over HEXDUMP_FADE refreshes. */
static void test_hex_marks(void **state)
{
	struct fx *x = *state;
	struct app_hex *h = &x->a.hex;
	int y = 3; /* offset 0x20 */

	app_hex_refresh(&x->a);
	draw(x);
	assert_int_equal(hex_style(x, y, 5), STYLE_HEX_PRINT); /* '%' */
	hexbuf[0x25] = 0xaa;
	x->a.now = NOW + 1;
	app_hex_refresh(&x->a);
	draw(x);
	assert_true(starts_with(row(&x->f, y), "00000020  20 21 22 23 24 aa 26 27"));
	assert_int_equal(hex_style(x, y, 5), STYLE_CHANGED);
	assert_int_equal(ascii_style(x, y, 5), STYLE_CHANGED);
	assert_int_equal(frame_at(&x->f, y, hexdump_ascii_col(16, 8, 5))->ch, '.');
	/* neighbours are not marked */
	assert_int_equal(hex_style(x, y, 4), STYLE_HEX_PRINT);
	assert_int_equal(hex_style(x, y, 6), STYLE_HEX_PRINT);
	assert_int_equal(hex_style(x, y + 1, 5), STYLE_HEX_PRINT);
	assert_non_null(strstr(row(&x->f, STATUS_Y), "view last changed: "));
	assert_null(strstr(row(&x->f, STATUS_Y), "no change seen"));
	/* fading: still lit one refresh later, then dimmer, then its kind again */
	app_hex_refresh(&x->a);
	draw(x);
	assert_int_equal(hex_style(x, y, 5), STYLE_CHANGED);
	app_hex_refresh(&x->a);
	draw(x);
	assert_int_not_equal(hex_style(x, y, 5), STYLE_CHANGED); /* fading: dimmer, still marked */
	assert_int_not_equal(hex_style(x, y, 5), STYLE_HEX_OTHER);
	assert_int_equal(ascii_style(x, y, 5), hex_style(x, y, 5));
	app_hex_refresh(&x->a);
	app_hex_refresh(&x->a);
	draw(x);
	assert_int_equal(hex_style(x, y, 5), STYLE_HEX_OTHER);
	/* a poll refreshes the window too: the live path */
	hexbuf[0x26] = 'Q';
	update_at(&x->a, NOW + 2, x->v, 3);
	draw(x);
	assert_int_equal(frame_at(&x->f, y, hexdump_ascii_col(16, 8, 6))->ch, 'Q');
	assert_int_equal(hex_style(x, y, 6), STYLE_CHANGED);
	assert_int_equal(h->marks.changed_at, NOW + 2);
	/* a change under the cursor: the cursor still shows (in the ASCII column at least) */
	hexbuf[0] = 0x55;
	app_hex_refresh(&x->a);
	draw(x);
	assert_int_equal(ascii_style(x, 1, 0), STYLE_CURSOR);
	assert_true(hex_style(x, 1, 0) == STYLE_CURSOR || hex_style(x, 1, 0) == STYLE_CHANGED);
	assert_true(starts_with(row(&x->f, 1), "00000000  55 01"));
}

/* Z freezes the view: refreshes do not change what is shown until Z again. */
static void test_hex_freeze(void **state)
{
	struct fx *x = *state;
	struct app_hex *h = &x->a.hex;

	app_hex_refresh(&x->a);
	app_key(&x->a, APP_KEY_RIGHT);
	app_key(&x->a, APP_KEY_RIGHT);
	app_key(&x->a, APP_KEY_RIGHT); /* cursor on offset 3 */
	assert_int_equal(app_key(&x->a, 'Z'), APP_REDRAW);
	assert_true(h->frozen);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "frozen: press Z or p to follow the bytes again");
	hexbuf[3] = 'A';
	hexbuf[5] = 'B';
	app_hex_refresh(&x->a);
	update_at(&x->a, NOW + 1, x->v, 3); /* a poll while frozen */
	draw(x);
	assert_true(starts_with(row(&x->f, 1), "00000000  00 01 02 03 04 05 06 07"));
	assert_true(starts_with(row(&x->f, 1) + hexdump_ascii_col(16, 8, 0) - 1, "|................|"));
	assert_int_equal(hex_style(x, 1, 5), STYLE_HEX_OTHER);
	/* the inspector shows the frozen bytes too */
	assert_true(starts_with(hex_inspect_row(x), "@0x3 LE u8 3 i8 3 "));
	/* the status line says frozen once the message is gone */
	app_key(&x->a, APP_KEY_LEFT);
	app_key(&x->a, APP_KEY_RIGHT);
	draw(x);
	assert_true(starts_with(row(&x->f, STATUS_Y), "[FROZEN]  4.0K  read from memory  nattch 1"));
	/* p unfreezes: the changes show at once, lit */
	assert_int_equal(app_key(&x->a, 'p'), APP_REDRAW);
	assert_false(h->frozen);
	draw(x);
	assert_string_equal(row(&x->f, STATUS_Y), "following the bytes live");
	assert_true(starts_with(row(&x->f, 1), "00000000  00 01 02 41 04 42 06 07"));
	assert_true(starts_with(row(&x->f, 1) + hexdump_ascii_col(16, 8, 0) - 1, "|...A.B..........|"));
	assert_int_equal(hex_style(x, 1, 5), STYLE_CHANGED);
	assert_int_equal(ascii_style(x, 1, 5), STYLE_CHANGED);
	assert_int_equal(ascii_style(x, 1, 3), STYLE_CURSOR);
	assert_true(starts_with(hex_inspect_row(x), "@0x3 LE u8 65 i8 65 "));
}

/* The poll keeps the view's segment up to date: removal and disappearance are said plainly. */
static void test_hex_removed_and_gone(void **state)
{
	struct fx *x = *state;
	struct shmseg v[3] = { x->v[0], x->v[1], x->v[2] };

	v[0].mode |= SHMSEG_MODE_DEST;
	v[0].key = 0;
	v[0].nattch = 2;
	update_at(&x->a, NOW + 1, v, 3);
	draw(x);
	assert_string_equal(row(&x->f, 0), "shmid 32769  key 0x00000000  4096 bytes (4.0K)  read-only  "
			    "[MARKED FOR REMOVAL: goes when the last process detaches]");
	assert_int_equal(frame_at(&x->f, 0, 0)->style, STYLE_ERROR);
	assert_true(starts_with(row(&x->f, STATUS_Y), "4.0K  read from memory  nattch 2 "));
	update_at(&x->a, NOW + 2, v + 1, 2);
	draw(x);
	assert_true(x->a.hex.gone);
	assert_non_null(strstr(row(&x->f, 0), "[GONE from the kernel's list: showing the last bytes "
			       "read]"));
	assert_int_equal(x->a.hex.rd.via, READER_CLOSED); /* let go: its memory can be freed */
	assert_true(starts_with(row(&x->f, 1), "00000000  00 01 02"));
}

/* Every size, with keys between frames: nothing crashes or draws outside the frame. */
static void test_hex_all_sizes(void **state)
{
	static const int sizes[][2] = {
		{ 1, 1 }, { 20, 5 }, { 30, 6 }, { 31, 7 }, { 40, 11 }, { 44, 12 }, { 77, 24 },
		{ 80, 24 }, { 142, 30 }, { 143, 30 }, { 200, 60 }, { W, H },
	};
	static const int keys[] = { APP_KEY_END, APP_KEY_PGUP, APP_KEY_DOWN, APP_KEY_HOME,
				    APP_KEY_PGDN, APP_KEY_RIGHT };
	struct fx *x = *state;

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		assert_int_equal(frame_resize(&x->f, sizes[s][0], sizes[s][1]), 0);
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			app_key(&x->a, keys[k]);
			hex_show(x);
			assert_no_control_cells(&x->f);
			assert_int_equal(x->a.mode, MODE_HEX);
			assert_true(x->a.hex.cursor < HEX_SIZE);
			if (!view_too_small(&x->f))
				assert_true(starts_with(row(&x->f, 0), "shmid 32769"));
		}
	}
}

/* ---------------------------------------------------------------- the POSIX table */

/* The POSIX table without the real /dev/shm: its directory (app_set_shm) is a private one of
 * regular files (so unlinking there is safe) and the proc root is a fake one, in which pid 100
 * ("writer") maps /alpha. At NOW, with a stale limit of a day:
 *   /alpha  100 B, 0600, modified a minute ago, "hello posix" at 0, mapped by 100 writer
 *   /beta   8 KiB, 0644, modified 3 days ago, unmapped: stale, a leak suspect ('!')
 *   /gamma  4 KiB, 0640, modified 10 minutes ago, unmapped
 *   sem.x   a semaphore: never listed
 * Run as root, beta belongs to bob (1001) and gamma to alice (1000). */
#define PW 160
#define PH 30
#define STALE (86400)

static char shmdir[64];
static char shmdir_real[PATH_MAX];
static uint64_t alpha_ino;

static void shm_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", shmdir, name);
}

static void shm_file(const char *name, const char *text, off_t size, mode_t mode, int64_t mtime)
{
	struct timespec ts[2] = { { (time_t)mtime, 0 }, { (time_t)mtime, 0 } };
	char path[256];

	shm_path(path, sizeof(path), name);
	write_file(path, text);
	assert_int_equal(truncate(path, size), 0);
	assert_int_equal(chmod(path, mode), 0);
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static int file_exists(const char *name)
{
	char path[256];
	struct stat st;

	shm_path(path, sizeof(path), name);
	return lstat(path, &st) == 0;
}

/* procroot/100/maps: pid 100 maps ino under shmdir as name, as the kernel prints it (the
 * directory's device in hex, the inode in decimal, the path padded), " (deleted)" once unlinked. */
static void fake_maps(const char *name, uint64_t ino, int deleted)
{
	char path[256], text[PATH_MAX + 256];
	struct stat st;

	assert_int_equal(stat(shmdir, &st), 0);
	snprintf(text, sizeof(text), "55e60e16e000-55e60e170000 r--p 00000000 08:01 247134"
		 "                     /usr/bin/writer\n"
		 "7f0000000000-7f0000001000 rw-s 00000000 %02x:%02x %-26llu%s/%s%s\n"
		 "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]\n",
		 major(st.st_dev), minor(st.st_dev), (unsigned long long)ino, shmdir_real, name,
		 deleted ? " (deleted)" : "");
	snprintf(path, sizeof(path), "%s/100/maps", procroot);
	write_file(path, text);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_tree(const char *dir)
{
	if (dir[0])
		nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static int setup_posix(void **state)
{
	struct procclock clk;
	struct shmdir d;
	struct fx *x;
	struct stat st;
	char path[256];

	if (setup_abc(state) < 0)
		return -1;
	x = *state;
	if (frame_resize(&x->f, PW, PH) < 0)
		return -1;
	snprintf(procroot, sizeof(procroot), "/tmp/shmtop-test-app-XXXXXX");
	snprintf(shmdir, sizeof(shmdir), "/tmp/shmtop-test-app-shm-XXXXXX");
	if (!mkdtemp(procroot) || !mkdtemp(shmdir) || !realpath(shmdir, shmdir_real))
		return -1;
	snprintf(path, sizeof(path), "%s/stat", procroot);
	write_file(path, "cpu  1 2 3 4\nbtime 1699000000\n");
	fake_pid(100, "writer");
	shm_file("alpha", "hello posix", 100, 0600, NOW - 60);
	shm_file("beta", "", 8192, 0644, NOW - 3 * 86400);
	shm_file("gamma", "", 4096, 0640, NOW - 600);
	shm_file("sem.x", "", 32, 0600, NOW - 60);
	if (geteuid() == 0) {
		shm_path(path, sizeof(path), "beta");
		assert_int_equal(chown(path, 1001, 1001), 0);
		shm_path(path, sizeof(path), "gamma");
		assert_int_equal(chown(path, 1000, 1000), 0);
	}
	shm_path(path, sizeof(path), "alpha");
	assert_int_equal(stat(path, &st), 0);
	alpha_ino = (uint64_t)st.st_ino;
	fake_maps("alpha", alpha_ino, 0);
	assert_int_equal(procinfo_clock_read(procroot, 100, &clk), 0);
	app_set_proc(&x->a, procroot, &clk);
	if (shmdir_open(&d, procroot, shmdir) < 0)
		return -1;
	app_set_shm(&x->a, &d);
	x->a.cfg.stale_secs = STALE;
	return 0;
}

static int teardown_posix(void **state)
{
	struct fx *x = *state;

	app_hex_close(&x->a);
	rm_tree(shmdir);
	rm_tree(procroot);
	shmdir[0] = procroot[0] = '\0';
	return teardown(state);
}

/* What the main loop does: draw (which tells the app its layout), refresh (the directory is
 * listed, and /proc scanned only in the POSIX table or its hex view), prepare, draw. */
static void posix_show(struct fx *x)
{
	draw(x);
	refresh_posix(&x->a, x->a.now);
	refresh_screen(&x->a);
	draw(x);
}

/* Tab, and the table drawn. */
static void posix_open(struct fx *x)
{
	assert_int_equal(app_key(&x->a, '\t') & APP_REDRAW, APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_ptr_equal(x->a.m->kind, &kind_posix);
	posix_show(x);
}

/* The owner the table should show for name: the fake lookup's name for its uid. */
static const char *owner_of(struct fx *x, const char *name)
{
	char path[256];
	struct stat st;

	shm_path(path, sizeof(path), name);
	assert_int_equal(stat(path, &st), 0);
	return names_user(&x->a.names, (uint32_t)st.st_uid);
}

/* Row y's text from column x on ("" past the last non-blank cell: rows are trimmed). */
static const char *at_col(struct fx *x, int y, int c)
{
	const char *t = row(&x->f, y);

	return c >= 0 && strlen(t) > (size_t)c ? t + c : "";
}

/* The row of /name (live: not followed by " (deleted)"), or fail. */
static int posix_row(struct fx *x, const char *name)
{
	char want[64];
	int y;

	snprintf(want, sizeof(want), "/%s ", name);
	y = find_row(&x->f, want);
	if (y < 0)
		fail_msg("no row for /%s", name);
	return y;
}

/* The selected object (on the POSIX table's model), NULL for none. */
static const struct posixobj *selected_posix(struct fx *x)
{
	struct track_row *r = app_selected(&x->a);

	assert_ptr_equal(x->a.m, &x->a.models[KIND_POSIX]);
	return r ? track_obj(&x->a.m->track, r) : NULL;
}

/* The selected object's name. */
static const char *posix_selected(struct fx *x)
{
	const struct posixobj *o = selected_posix(x);

	assert_non_null(o);
	return o->name;
}

static void posix_select(struct fx *x, const char *name)
{
	app_key(&x->a, APP_KEY_HOME);
	for (size_t i = 0; i < x->a.m->nrows && (strcmp(posix_selected(x) + 1, name) != 0 ||
						  track_is_gone(app_selected(&x->a))); i++)
		app_key(&x->a, APP_KEY_DOWN); /* the live one, not a "gone" row of that name */
	assert_string_equal(posix_selected(x) + 1, name);
	assert_false(track_is_gone(app_selected(&x->a)));
	draw(x);
}

/* Tab from the System V table lists the directory: sorted by name, semaphores left out; sizes,
 * owners, modes, times, the mapper by pid and command, leak marks; Tab goes back. */
static void test_posix_table(void **state)
{
	struct fx *x = *state;
	const char *const names[] = { "alpha", "beta", "gamma" };
	const int64_t mtimes[] = { NOW - 60, NOW - 3 * 86400, NOW - 600 };
	int y, yh, cs, co, cm, ct, cp, cl;
	char buf[512];

	posix_open(x);
	yh = find_row(&x->f, "MAPPED BY");
	assert_true(yh > 0);
	assert_true(starts_with(row(&x->f, yh), " NAME "));
	cs = col_of(&x->f, yh, "SIZE");
	co = col_of(&x->f, yh, "OWNER");
	cm = col_of(&x->f, yh, "MODE");
	ct = col_of(&x->f, yh, "MODIFIED");
	cp = col_of(&x->f, yh, "MAPPED BY");
	cl = col_of(&x->f, yh, "LEAK");
	assert_true(cs > 0 && cs < co && co < cm && cm < ct && ct < cp && cp < cl);
	/* one row per object, in name order, right under the titles; no semaphore */
	for (int i = 0; i < 3; i++) {
		y = posix_row(x, names[i]);
		assert_int_equal(y, yh + 1 + i);
		assert_int_equal(col_of(&x->f, y, "/"), 1);
		assert_true(starts_with(row(&x->f, y) + co, owner_of(x, names[i])));
		fmt_time_rel(buf, sizeof(buf), mtimes[i], NOW); /* right-aligned under MODIFIED */
		assert_true(starts_with(row(&x->f, y) + ct + strlen("MODIFIED") - strlen(buf), buf));
	}
	assert_int_equal(find_row(&x->f, "sem.x"), -1);
	assert_null(strchr(row(&x->f, yh + 4), '/')); /* nothing below */
	assert_int_equal(x->a.posix.n, 3);
	/* sizes end under SIZE's last letter; modes as ls writes them */
	assert_true(starts_with(row(&x->f, yh + 1) + cs, "100B "));
	assert_true(starts_with(row(&x->f, yh + 2) + cs, "8.0K "));
	assert_true(starts_with(row(&x->f, yh + 3) + cs, "4.0K "));
	assert_true(starts_with(row(&x->f, yh + 1) + cm, "rw------- "));
	assert_true(starts_with(row(&x->f, yh + 2) + cm, "rw-r--r-- "));
	assert_true(starts_with(row(&x->f, yh + 3) + cm, "rw-r----- "));
	if (geteuid() == 0) {
		assert_true(starts_with(row(&x->f, yh + 1) + co, "root "));
		assert_true(starts_with(row(&x->f, yh + 2) + co, "bob "));
		assert_true(starts_with(row(&x->f, yh + 3) + co, "alice "));
	}
	/* alpha is mapped by pid 100: no leak; the selection starts on it */
	assert_string_equal(at_col(x, yh + 1, cp), "100 writer");
	assert_string_equal(at_col(x, yh + 1, cl), "");
	assert_int_equal(frame_at(&x->f, yh + 1, 1)->style, STYLE_SELECTED);
	assert_string_equal(posix_selected(x), "/alpha");
	/* beta: unmapped and modified 3 days ago, past the stale limit of a day: a suspect */
	assert_true(starts_with(row(&x->f, yh + 2) + cp, "- "));
	assert_string_equal(at_col(x, yh + 2, cl), "unmapped,stale");
	assert_int_equal(frame_at(&x->f, yh + 2, 0)->ch, '!');
	assert_int_equal(frame_at(&x->f, yh + 2, 1)->style, STYLE_LEAK);
	/* gamma: unmapped but recent: said, not marked */
	assert_true(starts_with(row(&x->f, yh + 3) + cp, "- "));
	assert_string_equal(at_col(x, yh + 3, cl), "unmapped");
	assert_int_equal(frame_at(&x->f, yh + 3, 0)->ch, ' ');
	assert_int_equal(frame_at(&x->f, yh + 3, 1)->style, STYLE_NORMAL);
	snprintf(buf, sizeof(buf), "3 of 3 POSIX objects in %s  sort: name asc", shmdir);
	assert_true(starts_with(row(&x->f, PH - 2), buf));
	assert_true(starts_with(row(&x->f, PH - 1), "F1Help"));
	assert_non_null(strstr(row(&x->f, PH - 1), "F9Unlink"));
	/* t: absolute times, and still room for the whole LEAK text */
	app_key(&x->a, 't');
	draw(x);
	assert_non_null(strstr(row(&x->f, yh + 2), " 2023-11-11 22:13:20 "));
	assert_non_null(strstr(row(&x->f, yh + 2), " unmapped,stale"));
	app_key(&x->a, 't');
	draw(x);
	/* arrows move the selection, which stops at the ends */
	app_key(&x->a, APP_KEY_DOWN);
	draw(x);
	assert_string_equal(posix_selected(x), "/beta");
	assert_int_equal(frame_at(&x->f, yh + 2, 1)->style, STYLE_SELECTED);
	assert_int_equal(frame_at(&x->f, yh + 2, 0)->ch, '!'); /* the mark stays, in the bar */
	app_key(&x->a, APP_KEY_END);
	app_key(&x->a, APP_KEY_DOWN);
	assert_string_equal(posix_selected(x), "/gamma");
	app_key(&x->a, APP_KEY_HOME);
	app_key(&x->a, APP_KEY_UP);
	assert_string_equal(posix_selected(x), "/alpha");
	/* a new object shows on the next poll, and the selection stays on its object */
	app_key(&x->a, APP_KEY_DOWN);
	shm_file("aardvark", "", 10, 0600, NOW - 5);
	update_at(&x->a, NOW + 1, x->v, 3);
	posix_show(x);
	assert_int_equal(posix_row(x, "aardvark"), yh + 1);
	assert_string_equal(posix_selected(x), "/beta");
	assert_int_equal(frame_at(&x->f, posix_row(x, "beta"), 1)->style, STYLE_SELECTED);
	/* Tab: on to the semaphore arrays, the message queues, the named semaphores (in the same
	 * directory; no queues' table without an mqueue filesystem), and back to the segments */
	assert_int_equal(app_key(&x->a, '\t') & APP_REDRAW, APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_ptr_equal(x->a.m->kind, &kind_sem);
	draw(x);
	assert_true(find_row(&x->f, "no System V semaphore arrays") > 0);
	app_key(&x->a, '\t');
	assert_ptr_equal(x->a.m->kind, &kind_msg);
	app_key(&x->a, '\t');
	assert_ptr_equal(x->a.m->kind, &kind_psem);
	draw(x);
	snprintf(buf, sizeof(buf), "no POSIX named semaphores in %s", shmdir);
	assert_true(find_row(&x->f, buf) > 0); /* not yet polled */
	app_key(&x->a, '\t');
	assert_ptr_equal(x->a.m->kind, &kind_proc);
	draw(x); /* processes cannot be removed: F9 is dashed, as with -R */
	assert_non_null(strstr(row(&x->f, FBAR_Y), "F9------F10Quit"));
	app_key(&x->a, '\t');
	assert_ptr_equal(x->a.m->kind, &kind_shm);
	draw(x);
	assert_true(find_row(&x->f, "0x00002537") > 0);
	assert_int_equal(find_row(&x->f, "/alpha"), -1);
	/* without a POSIX directory Tab skips that screen: semaphore arrays, message queues,
	 * and back to the segments */
	{
		struct shmdir none;

		shmdir_init(&none);
		app_set_shm(&x->a, &none);
		app_key(&x->a, '\t');
		assert_int_equal(x->a.mode, MODE_LIST);
		assert_ptr_equal(x->a.m->kind, &kind_sem);
		app_key(&x->a, '\t');
		assert_ptr_equal(x->a.m->kind, &kind_msg);
		app_key(&x->a, '\t');
		assert_ptr_equal(x->a.m->kind, &kind_proc);
		app_key(&x->a, '\t');
		assert_ptr_equal(x->a.m->kind, &kind_shm);
		assert_int_equal(shmdir_open(&none, procroot, shmdir), 0);
		app_set_shm(&x->a, &none);
	}
}

/* F9 asks first (No by default); y unlinks, re-checking the name; an unlinked object that is
 * still mapped comes back as "(deleted)". The directory is the test's own. */
static void test_posix_unlink(void **state)
{
	struct fx *x = *state;
	char path[256], path2[256];
	int y, yh;

	posix_open(x);
	yh = find_row(&x->f, "MAPPED BY");
	/* F9 then n on gamma: kept */
	posix_select(x, "gamma");
	assert_int_equal(app_key(&x->a, APP_KEY_F9) & APP_REDRAW, APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	draw(x);
	assert_true(find_row(&x->f, "Unlink /gamma? (shm_unlink)") > 0);
	assert_true(find_row(&x->f, "mapped by 0 processes") > 0);
	assert_true(find_row(&x->f, "as nothing maps it, so does its memory") > 0);
	assert_true(find_row(&x->f, "Unlink? y = yes, anything else = No") > 0);
	app_key(&x->a, 'n');
	assert_int_not_equal(x->a.mode, MODE_CONFIRM);
	assert_string_equal(x->a.status, "nothing unlinked");
	assert_true(file_exists("gamma"));
	posix_show(x);
	assert_int_equal(find_row(&x->f, "Unlink /gamma?"), -1);
	assert_true(posix_row(x, "gamma") > 0);
	/* Esc answers No too */
	app_key(&x->a, 'd');
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	app_key(&x->a, APP_KEY_ESC);
	assert_int_not_equal(x->a.mode, MODE_CONFIRM);
	assert_true(file_exists("gamma"));
	/* F9 then y: gone from the directory and, at the next listing, a dimmed "gone" row that
	 * goes after a few refreshes, as a removed segment's does */
	app_key(&x->a, APP_KEY_F9);
	app_key(&x->a, 'y');
	assert_string_equal(x->a.status, "/gamma unlinked");
	assert_false(x->a.status_error);
	assert_false(file_exists("gamma"));
	posix_show(x);
	assert_string_equal(row(&x->f, PH - 2), "/gamma unlinked");
	app_key(&x->a, APP_KEY_HOME); /* off it, to see its style */
	draw(x);
	y = posix_row(x, "gamma");
	assert_int_equal(frame_at(&x->f, y, 0)->ch, '-');
	assert_int_equal(frame_at(&x->f, y, 1)->style, STYLE_GONE);
	assert_int_equal(x->a.posix.n, 2);
	for (int i = 0; i < TRACK_GONE_KEEP; i++) {
		update_at(&x->a, NOW + 1 + i, x->v, 3);
		posix_show(x);
	}
	for (y = yh + 1; y < PH - 2; y++)
		assert_null(strstr(row(&x->f, y), "/gamma"));
	/* a name that now belongs to another object is not unlinked (the new one is renamed over
	 * the old, so the two exist at once and cannot share an inode number) */
	posix_select(x, "beta");
	app_key(&x->a, APP_KEY_F9);
	shm_file("beta.new", "new", 16, 0600, NOW);
	shm_path(path, sizeof(path), "beta.new");
	shm_path(path2, sizeof(path2), "beta");
	assert_int_equal(rename(path, path2), 0);
	app_key(&x->a, 'y');
	assert_string_equal(x->a.status, "not unlinked: /beta: changed since you confirmed");
	assert_true(x->a.status_error);
	assert_true(file_exists("beta"));
	/* the same object, but resized after the question opened: not unlinked either */
	posix_show(x);
	posix_select(x, "beta");
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	assert_int_equal(truncate(path2, 32), 0);
	app_key(&x->a, 'y');
	assert_string_equal(x->a.status, "not unlinked: /beta: changed since you confirmed");
	assert_true(file_exists("beta"));
	/* nor when only its ctime moved (a chmod to the same mode) */
	posix_show(x);
	posix_select(x, "beta");
	app_key(&x->a, APP_KEY_F9);
	{
		const struct posixobj *o = &x->a.confirm_other.posix;
		struct timespec pause = { 0, 1000000 };
		struct stat st;
		int i;

		for (i = 0; i < 1000; i++) {    /* until the (maybe coarse) clock has moved */
			assert_int_equal(chmod(path2, 0600), 0);
			assert_int_equal(stat(path2, &st), 0);
			if (st.st_ctim.tv_sec != o->ctime ||
			    (uint32_t)st.st_ctim.tv_nsec != o->ctime_ns)
				break;
			nanosleep(&pause, NULL);
		}
		assert_true(i < 1000);
		assert_int_equal(st.st_ino, o->ino);
		assert_int_equal(st.st_size, o->size);
	}
	app_key(&x->a, 'y');
	assert_string_equal(x->a.status, "not unlinked: /beta: changed since you confirmed");
	assert_true(file_exists("beta"));
	/* alpha, mapped by pid 100: the dialog says the mapping stays */
	posix_show(x);
	posix_select(x, "alpha");
	app_key(&x->a, APP_KEY_F9);
	draw(x);
	assert_true(find_row(&x->f, "Unlink /alpha? (shm_unlink)") > 0);
	assert_true(find_row(&x->f, "size 100B  owner ") > 0);
	assert_true(find_row(&x->f, "mapped by 1 process") > 0);
	assert_true(find_row(&x->f, "the processes that map it keep their mappings,") > 0);
	assert_true(find_row(&x->f, "freed when the last of them unmaps it") > 0);
	app_key(&x->a, 'y');
	assert_string_equal(x->a.status, "/alpha unlinked");
	assert_false(file_exists("alpha"));
	/* the kernel now writes its maps path with " (deleted)": the row comes back so */
	fake_maps("alpha", alpha_ino, 1);
	posix_show(x);
	y = find_row(&x->f, "/alpha (deleted)");
	assert_int_equal(y, yh + 1);
	assert_string_equal(at_col(x, y, col_of(&x->f, yh, "MAPPED BY")), "100 writer");
	assert_true(x->a.posix.v[0].deleted);
	/* it cannot be unlinked again, nor read */
	posix_select(x, "alpha");
	app_key(&x->a, APP_KEY_F9);
	assert_int_not_equal(x->a.mode, MODE_CONFIRM);
	assert_string_equal(x->a.status, "that one is already unlinked: it goes when the last "
			    "process that has it open or mapped lets it go");
	app_key(&x->a, 'x');
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_false(x->a.hex.open);
	assert_string_equal(x->a.status,
			    "that object was unlinked: only the processes that map it can read it");
	/* drawn dim with a '-' once not selected */
	app_key(&x->a, APP_KEY_DOWN);
	draw(x);
	assert_int_equal(frame_at(&x->f, y, 0)->ch, '-');
	assert_int_equal(frame_at(&x->f, y, 1)->style, STYLE_GONE);
	/* the process unmaps it: the row goes at the next mapper scan, which is at most 5 s away
	 * (the scan reads every /proc/PID/maps, so it is not redone on every refresh) */
	fake_maps("other", 1, 0);
	update_at(&x->a, NOW + 4, x->v, 3); /* the last scan was at NOW + 3 */
	posix_show(x);
	assert_true(find_row(&x->f, "/alpha (deleted)") > 0);
	update_at(&x->a, NOW + 8, x->v, 3);
	posix_show(x);
	assert_int_equal(x->a.posix.n, 1); /* not listed: kept a while as a "gone" row */
	for (int i = 0; i < TRACK_GONE_KEEP; i++) {
		update_at(&x->a, NOW + 9 + i, x->v, 3);
		posix_show(x);
	}
	assert_int_equal(find_row(&x->f, "/alpha"), -1);
}

/* The hex view reads the segment the table listed, or nothing: a listing that says 1 GiB for a
 * 4 KiB segment (a crafted --proc), or whose creator or change time differ (an id reused since),
 * is refused, and nothing is left attached. Uses a real segment. */
static void select_shmid(struct app *a, int32_t shmid)
{
	for (size_t i = 0; i < a->m->nrows; i++) {
		const struct track_row *r = &a->m->track.rows[a->m->rows[i]];

		if (app_seg(a, r)->shmid == shmid && !track_is_gone(r)) {
			model_move(a->m, (long)i - a->m->sel, a->list_height);
			return;
		}
	}
	fail_msg("shmid %d is not in the table", (int)shmid);
}

static void test_hex_size_from_segment(void **state)
{
	struct fx *x = *state;
	struct shmseg real, listed, after;
	int id = shmget(IPC_PRIVATE, 4096, 0600);

	assert_true(id >= 0);
	assert_int_equal(sysv_stat(id, &real), 0);
	/* as listed: opened, the size is the segment's */
	update_at(&x->a, NOW, &real, 1);
	draw(x);
	select_shmid(&x->a, id);
	assert_int_equal(app_hex_open(&x->a), 0);
	assert_int_equal(x->a.mode, MODE_HEX);
	assert_int_equal(x->a.hex.size, 4096);
	assert_int_equal(sysv_stat(id, &after), 0);
	assert_int_equal(after.nattch, 0);        /* nothing stays attached while it is viewed */
	if (x->a.hex.rd.attaches) {              /* shmtop attached to open it: remembered */
		assert_int_equal(x->a.ntouch, 1);
		assert_int_equal(x->a.touch[0].shmid, id);
		assert_int_equal(x->a.touch[0].lpid, real.lpid);
		assert_int_equal(x->a.touch[0].dtime, real.dtime);
	}
	app_key(&x->a, APP_KEY_END);
	assert_int_equal(x->a.hex.cursor, 4095);
	app_hex_close(&x->a);
	/* a wrong size, then a wrong change time: refused */
	listed = real;
	listed.size = 1ull << 30;
	update_at(&x->a, NOW + 1, &listed, 1);
	draw(x);
	select_shmid(&x->a, id);
	assert_int_equal(app_hex_open(&x->a), -ESTALE);
	assert_false(x->a.hex.open);
	assert_non_null(strstr(x->a.status, "it is no longer the segment listed"));
	listed = real;
	listed.ctime = real.ctime - 100;
	update_at(&x->a, NOW + 2, &listed, 1);
	draw(x);
	select_shmid(&x->a, id);
	assert_int_equal(app_hex_open(&x->a), -ESTALE);
	assert_false(x->a.hex.open);
	assert_int_equal(sysv_stat(id, &after), 0);
	assert_int_equal(after.nattch, 0);
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
}

/* The POSIX table is a table like the others: it sorts (<, >, I), filters (\\, Esc), searches
 * (/, n), shows only the leak suspects (l) or one user's objects (u), keeping the selection on the
 * object it was on. */
static void test_posix_table_keys(void **state)
{
	struct fx *x = *state;
	int yh;

	posix_open(x);
	yh = find_row(&x->f, "MAPPED BY");
	/* > sorts by the next column, SIZE, largest first: 8.0K beta, 4.0K gamma, 100B alpha; I
	 * inverts */
	app_key(&x->a, '>');
	draw(x);
	assert_int_equal(x->a.m->sort, POSIX_F_SIZE);
	assert_true(starts_with(row(&x->f, yh + 1) + 1, "/beta "));
	assert_true(starts_with(row(&x->f, yh + 2) + 1, "/gamma "));
	assert_true(starts_with(row(&x->f, yh + 3) + 1, "/alpha "));
	assert_non_null(strstr(row(&x->f, PH - 2), "sort: size desc"));
	assert_string_equal(posix_selected(x), "/alpha"); /* the selection stays on its object */
	app_key(&x->a, 'I');
	draw(x);
	assert_true(starts_with(row(&x->f, yh + 1) + 1, "/alpha "));
	assert_string_equal(posix_selected(x), "/alpha");
	app_key(&x->a, '<'); /* back to NAME, ascending as a name starts */
	draw(x);
	assert_int_equal(x->a.m->sort, POSIX_F_NAME);
	assert_true(starts_with(row(&x->f, yh + 1) + 1, "/alpha "));
	/* \\ filters by text; Esc clears */
	app_key(&x->a, '\\');
	type(&x->a, "gam");
	app_key(&x->a, APP_KEY_ENTER);
	draw(x);
	assert_true(starts_with(row(&x->f, yh + 1) + 1, "/gamma "));
	assert_null(strchr(row(&x->f, yh + 2), '/'));
	assert_true(starts_with(row(&x->f, PH - 2), "1 of 3 POSIX objects"));
	app_key(&x->a, APP_KEY_ESC);
	draw(x);
	assert_true(starts_with(row(&x->f, PH - 2), "3 of 3 POSIX objects"));
	/* / searches and selects the first match */
	app_key(&x->a, APP_KEY_HOME);
	app_key(&x->a, '/');
	type(&x->a, "bet");
	app_key(&x->a, APP_KEY_ENTER);
	assert_string_equal(posix_selected(x), "/beta");
	/* l: only the suspect (beta: unmapped and stale) */
	app_key(&x->a, 'l');
	draw(x);
	assert_true(starts_with(row(&x->f, yh + 1) + 1, "/beta "));
	assert_null(strchr(row(&x->f, yh + 2), '/'));
	assert_string_equal(x->a.status, "showing only the leak suspects among POSIX objects");
	app_key(&x->a, 'l');
	draw(x);
	assert_true(starts_with(row(&x->f, yh + 3) + 1, "/gamma "));
	/* u: the user menu lists the owners of the objects; choosing one filters by it */
	app_key(&x->a, 'u');
	assert_int_equal(x->a.mode, MODE_USER);
	assert_int_equal(x->a.menu_n, geteuid() == 0 ? 3 : 1); /* their owners: root, bob, alice
								  * (only root can give files away) */
	app_key(&x->a, 'q');
	assert_int_equal(x->a.mode, MODE_LIST);
}

/* A POSIX object has what a segment has: Enter shows every field, x there opens its hex view and
 * Esc comes back to the details, F9 there asks to unlink it. */
static void test_posix_detail(void **state)
{
	struct fx *x = *state;

	posix_open(x);
	posix_select(x, "alpha");
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.mode, MODE_DETAIL);
	draw(x);
	assert_true(starts_with(row(&x->f, TITLE_Y), " POSIX shared memory objects: object /alpha"));
	assert_true(find_row(&x->f, " NAME ") > 0);
	assert_true(find_row(&x->f, "100 writer") > 0);
	assert_non_null(strstr(row(&x->f, PH - 1), "F9Unlink"));
	app_key(&x->a, 'x');
	assert_int_equal(x->a.mode, MODE_HEX);
	assert_true(x->a.hex.posix);
	assert_string_equal(x->a.hex.name, "/alpha");
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.mode, MODE_DETAIL);
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	draw(x);
	assert_true(find_row(&x->f, "Unlink /alpha? (shm_unlink)") > 0);
	app_key(&x->a, 'n');
	assert_string_equal(x->a.status, "nothing unlinked");
	assert_true(file_exists("alpha"));
}

/* The confirmation is about the object it named: if that object goes while the question is
 * open and a refresh moves the selection to the next name, 'y' must not unlink that one. */
static void test_posix_unlink_pinned(void **state)
{
	struct fx *x = *state;
	char path[256];

	posix_open(x);
	posix_select(x, "beta");
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	shm_path(path, sizeof(path), "beta");
	assert_int_equal(unlink(path), 0);          /* someone else removes it meanwhile */
	for (int i = 0; i <= TRACK_GONE_KEEP; i++) { /* until even its "gone" row has gone */
		update_at(&x->a, NOW + 1 + i, x->v, 3);
		posix_show(x);
	}
	assert_int_equal(find_row(&x->f, "/beta "), -1);
	assert_true(find_row(&x->f, "Unlink /beta? (shm_unlink)") > 0);
	assert_non_null(selected_posix(x));
	assert_string_not_equal(selected_posix(x)->name, "/beta"); /* the selection moved on */
	app_key(&x->a, 'y');
	assert_true(x->a.status_error);
	assert_non_null(strstr(x->a.status, "not unlinked: /beta: it no longer exists"));
	assert_true(file_exists("gamma"));
	assert_true(file_exists("alpha"));
}

/* --read-only: F9 and d refuse with the reason and ask nothing; the bar greys Unlink out. */
static void test_posix_read_only(void **state)
{
	struct fx *x = *state;

	x->a.cfg.read_only = 1;
	posix_open(x);
	assert_null(strstr(row(&x->f, PH - 1), "Unlink"));
	assert_int_equal(frame_at(&x->f, PH - 1, col_of(&x->f, PH - 1, "F9------"))->style,
			 STYLE_FDISABLED);
	posix_select(x, "gamma");
	app_key(&x->a, APP_KEY_F9);
	assert_int_not_equal(x->a.mode, MODE_CONFIRM);
	assert_string_equal(x->a.status,
			    "unlinking is disabled: shmtop was started with --read-only (-R)");
	assert_true(x->a.status_error);
	app_key(&x->a, 'y');
	app_key(&x->a, 'd');
	assert_int_not_equal(x->a.mode, MODE_CONFIRM);
	draw(x);
	assert_true(starts_with(row(&x->f, PH - 2), "unlinking is disabled"));
	assert_int_equal(find_row(&x->f, "Unlink /gamma?"), -1);
	assert_true(file_exists("gamma"));
}

/* Is path mapped in this process, and how ("r--s")? "" when not. */
static void self_mapping(const char *path, char *perms)
{
	char line[PATH_MAX + 256];
	FILE *f = fopen("/proc/self/maps", "r");
	size_t len = strlen(path);

	perms[0] = '\0';
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, '/'), *sp = strchr(line, ' ');

		line[strcspn(line, "\n")] = '\0';
		if (p && sp && strncmp(p, path, len) == 0 && (p[len] == '\0' || p[len] == ' ')) {
			snprintf(perms, 5, "%s", sp + 1);
			break;
		}
	}
	fclose(f);
}

/* x opens the hex view on the file: read through a read-only descriptor (no mapping), the bytes
 * live, a truncation underneath said in the title and the bytes that no longer exist drawn as
 * such, Esc back to the table with the descriptor let go. */
static void test_posix_hex(void **state)
{
	struct fx *x = *state;
	char real[PATH_MAX + 8], perms[8];
	int fd;

	snprintf(real, sizeof(real), "%s/alpha", shmdir_real);
	posix_open(x);
	posix_select(x, "alpha");
	assert_int_equal(app_key(&x->a, 'x') & APP_REDRAW, APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_HEX);
	assert_true(x->a.hex.open && x->a.hex.posix);
	posix_show(x);
	assert_string_equal(row(&x->f, 0), "POSIX /alpha  100 bytes (100B)  read-only");
	assert_int_equal(frame_at(&x->f, 0, 0)->style, STYLE_TITLE);
	assert_true(starts_with(row(&x->f, 1), "00000000  68 65 6c 6c 6f 20 70 6f  73 69 78 00"));
	assert_non_null(strstr(row(&x->f, 1), "|hello posix....."));
	assert_int_equal(x->a.hex.per_line, 32);
	assert_true(starts_with(row(&x->f, 4), "00000060  00 00 00 00   "));
	assert_int_equal(find_row(&x->f, "00000080"), -1);
	assert_true(starts_with(hex_inspect_row(x), "@0x0 LE u8 104 "));
	assert_non_null(strstr(row(&x->f, PH - 2), "read through a read-only descriptor"));
	self_mapping(real, perms);
	assert_string_equal(perms, ""); /* read, not mapped */
	/* a write by the object's owner shows at the next poll, lit */
	fd = open(real, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "HELLO", 5, 0), 5);
	update_at(&x->a, NOW + 1, x->v, 3);
	posix_show(x);
	assert_non_null(strstr(row(&x->f, 1), "|HELLO posix....."));
	assert_int_equal(hex_style(x, 1, 1), STYLE_CHANGED);
	assert_int_equal(hex_style(x, 1, 6), STYLE_HEX_PRINT);
	/* truncated to 0 underneath: no crash, the title says what happened, no byte is shown */
	assert_int_equal(ftruncate(fd, 0), 0);
	close(fd);
	update_at(&x->a, NOW + 2, x->v, 3);
	posix_show(x);
	assert_int_equal(x->a.mode, MODE_HEX);
	assert_string_equal(row(&x->f, 0), "POSIX /alpha  100 bytes (100B)  read-only  [TRUNCATED to 0 "
			    "bytes underneath: the rest reads as gone]");
	assert_int_equal(frame_at(&x->f, 0, 0)->style, STYLE_ERROR);
	assert_true(starts_with(row(&x->f, 1), "00000000  -- -- -- -- "));
	assert_null(strstr(row(&x->f, 1), "68"));
	assert_int_equal(hex_style(x, 1, 0), STYLE_DIM);
	/* the inspector shows no value for bytes that no longer exist */
	assert_true(starts_with(hex_inspect_row(x), "@0x0 LE u8 - "));
	/* keys still work over what is gone */
	app_key(&x->a, APP_KEY_END);
	app_key(&x->a, APP_KEY_PGUP);
	posix_show(x);
	assert_int_equal(x->a.mode, MODE_HEX);
	/* Esc: back to the table, the mapping and the descriptor let go */
	assert_int_equal(app_key(&x->a, APP_KEY_ESC) & APP_REDRAW, APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_LIST);
	assert_false(x->a.hex.open);
	assert_int_equal(x->a.hex.rd.fd, -1);
	self_mapping(real, perms);
	assert_string_equal(perms, "");
	update_at(&x->a, NOW + 3, x->v, 3);
	posix_show(x);
	assert_true(starts_with(row(&x->f, posix_row(x, "alpha")) +
				col_of(&x->f, find_row(&x->f, "MAPPED BY"), "SIZE"), "  0B "));
}

/* An object unlinked while its hex view is open: the title says so, the last bytes read stay on
 * screen, and the descriptor, which would keep its memory allocated, is let go. */
static void test_posix_hex_unlinked(void **state)
{
	struct fx *x = *state;
	char path[256];

	posix_open(x);
	posix_select(x, "alpha");
	app_key(&x->a, 'x');
	assert_int_equal(x->a.mode, MODE_HEX);
	posix_show(x);
	assert_non_null(strstr(row(&x->f, 1), "|hello posix"));
	assert_true(x->a.hex.rd.fd >= 0);
	shm_path(path, sizeof(path), "alpha");
	assert_int_equal(unlink(path), 0);
	update_at(&x->a, NOW + 1, x->v, 3);
	posix_show(x);
	assert_int_equal(x->a.mode, MODE_HEX);
	assert_non_null(strstr(row(&x->f, 0), "[UNLINKED: showing the last bytes read]"));
	assert_non_null(strstr(row(&x->f, 1), "|hello posix"));
	assert_int_equal(x->a.hex.rd.via, READER_CLOSED);
	assert_int_equal(x->a.hex.rd.fd, -1);
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.mode, MODE_LIST);
}

/* Drawing never writes the model: after the layout (app_set_size) and prepare, a frame of any
 * screen leaves every byte of struct app as it was, at any size; so one frame is drawn per
 * refresh and what prepare read is what is shown. A second frame under a layout other than the
 * frame's own (one table row, 8 bytes a line) tells a view that lays itself out again while
 * drawing, which a first frame could not (it would write the same values). */
static void assert_draw_pure(struct fx *x, const char *what)
{
	static struct app before;

	for (int pass = 0; pass < 2; pass++) {
		app_set_size(&x->a, x->f.w, x->f.h);
		if (pass) {
			x->a.list_height = 1;
			x->a.hex.per_line = 8;
			x->a.hex.rows = 1;
		}
		refresh_screen(&x->a);
		memcpy(&before, &x->a, sizeof(before));
		app_draw(&x->a, &x->f);
		for (size_t i = 0; i < sizeof(before); i++)
			if (((const unsigned char *)&before)[i] != ((const unsigned char *)&x->a)[i])
				fail_msg("drawing %s (%dx%d%s) changed the application's state (byte "
					 "%zu of struct app)", what, x->f.w, x->f.h,
					 pass ? ", another layout" : "", i);
	}
	app_set_size(&x->a, x->f.w, x->f.h);
}

static void test_draw_is_pure(void **state)
{
	struct fx *x = *state;
	static const int sizes[][2] = { { 120, 30 }, { 80, 11 }, { 200, 60 }, { 20, 5 } };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		assert_int_equal(frame_resize(&x->f, sizes[k][0], sizes[k][1]), 0);
		x->a.mode = MODE_LIST;
		assert_draw_pure(x, "the table");
		app_key(&x->a, APP_KEY_END);        /* the last row, on a short screen off the top */
		assert_draw_pure(x, "the table at its end");
		app_key(&x->a, APP_KEY_ENTER);
		assert_draw_pure(x, "the detail view");
		app_key(&x->a, APP_KEY_ESC);
		app_key(&x->a, 'L');
		assert_draw_pure(x, "the limits panel");
		app_key(&x->a, APP_KEY_ESC);
		app_key(&x->a, 'h');
		assert_draw_pure(x, "the help");
		app_key(&x->a, 'q');
		x->a.mode = MODE_LIST;
		app_key(&x->a, APP_KEY_F9);
		assert_draw_pure(x, "the removal question");
		app_key(&x->a, 'n');
	}
}

static void test_hex_draw_is_pure(void **state)
{
	struct fx *x = *state;
	static const int sizes[][2] = { { 120, 30 }, { 60, 12 }, { 200, 60 }, { 20, 5 } };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		assert_int_equal(frame_resize(&x->f, sizes[k][0], sizes[k][1]), 0);
		assert_draw_pure(x, "the hex view");
		app_key(&x->a, APP_KEY_END);        /* the cursor far below the first screenful */
		assert_draw_pure(x, "the hex view at its end");
		app_key(&x->a, APP_KEY_HOME);
		assert_draw_pure(x, "the hex view at its start");
	}
}

static void test_posix_draw_is_pure(void **state)
{
	struct fx *x = *state;

	posix_open(x);
	assert_draw_pure(x, "the POSIX table");
	app_key(&x->a, APP_KEY_END);
	assert_draw_pure(x, "the POSIX table at its end");
	assert_int_equal(frame_resize(&x->f, 40, 8), 0);
	assert_draw_pure(x, "the POSIX table, small");
	app_key(&x->a, 'd');
	assert_draw_pure(x, "the unlink question");
	app_key(&x->a, 'n');
}


/* ---------------------------------------------------------------- setup (F2) */

/* The column titles of the table as drawn, space-separated. */
static const char *titles(struct fx *x)
{
	draw(x);
	return row(&x->f, x->a.header_y);
}

/* F2 opens setup; each change shows at once and lands in the settings: the scheme (and the
 * terminal is told: APP_RESTYLE), the delay, the sort and its direction. Esc goes back. */
static void test_setup_settings(void **state)
{
	struct fx *x = *state;
	static struct rc rc;
	int r;

	rc_init(&rc);
	x->a.cfg.rc = &rc;
	app_key(&x->a, APP_KEY_F2);
	assert_int_equal(x->a.mode, MODE_SETUP);
	draw(x);
	assert_true(find_row(&x->f, "Colours") > 0);
	assert_true(find_row(&x->f, "for this run only") == 0);
	r = app_key(&x->a, APP_KEY_RIGHT);            /* colours: default -> light */
	assert_true(r & APP_RESTYLE);
	assert_int_equal(x->a.cfg.scheme, PALETTE_LIGHT);
	assert_int_equal(rc.scheme, PALETTE_LIGHT);
	app_key(&x->a, APP_KEY_LEFT);
	app_key(&x->a, APP_KEY_LEFT);                 /* and round: mono */
	assert_int_equal(x->a.cfg.scheme, PALETTE_MONO);

	app_key(&x->a, APP_KEY_DOWN);                 /* delay 1 -> 1.5 -> 2 */
	app_key(&x->a, APP_KEY_RIGHT);
	app_key(&x->a, APP_KEY_RIGHT);
	assert_true(x->a.cfg.delay == 2);
	assert_true(rc.delay == 2);
	app_key(&x->a, APP_KEY_LEFT);
	assert_true(x->a.cfg.delay == 1.5);
	draw(x);
	assert_true(find_row(&x->f, "< 1.5s >") > 0);

	app_key(&x->a, APP_KEY_DOWN);                 /* sort: key -> shmid, ascending */
	app_key(&x->a, APP_KEY_RIGHT);
	assert_int_equal(x->a.m->sort, SHM_F_SHMID);
	assert_int_equal(rc.tables[KIND_SHM].sort, SHM_F_SHMID);
	assert_int_equal(rc.tables[KIND_SHM].reverse, 0);
	app_key(&x->a, APP_KEY_DOWN);                 /* direction */
	app_key(&x->a, ' ');
	assert_true(x->a.m->reverse);
	assert_int_equal(rc.tables[KIND_SHM].reverse, 1);
	/* the rows follow the sort: shmid 65538 first */
	assert_int_equal(((struct shmseg *)model_obj(x->a.m, 0))->shmid, 65538);

	/* the header's meters: history off, the table starts a row higher, and that is kept */
	{
		int was = x->a.header_y;

		app_key(&x->a, APP_KEY_DOWN);
		app_key(&x->a, APP_KEY_DOWN);
		app_key(&x->a, APP_KEY_DOWN);              /* segments, memory, history */
		app_key(&x->a, ' ');
		assert_int_equal(x->a.header_y, was - 1);
		assert_int_equal(rc.meters, RC_METER_SEGS | RC_METER_MEM);
		app_key(&x->a, APP_KEY_ESC);
		draw(x);
		assert_int_equal(find_row(&x->f, "Hist "), -1);
		assert_true(find_row(&x->f, "Segs") > 0);
		app_key(&x->a, APP_KEY_F2);
		x->a.setup_sel = 6;
		app_key(&x->a, ' ');                        /* and back */
		assert_int_equal(x->a.header_y, was);
	}
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.mode, MODE_LIST);
	/* a sort key on the table is remembered too */
	app_key(&x->a, 'I');
	assert_int_equal(rc.tables[KIND_SHM].reverse, 0);
	x->a.cfg.rc = NULL;
}

/* Space hides a column and shows it again (last); F7/F8 move the shown ones; the table follows,
 * and so do the settings. The last column is kept. */
static void test_setup_columns(void **state)
{
	struct fx *x = *state;
	static struct rc rc;
	const char *t;
	long first;

	rc_init(&rc);
	x->a.cfg.rc = &rc;
	assert_non_null(strstr(titles(x), "OWNER"));
	app_key(&x->a, 'S');
	assert_int_equal(x->a.mode, MODE_SETUP);
	/* down over the seven settings and the title: the first column, KEY */
	for (int i = 0; i < 7; i++)
		app_key(&x->a, APP_KEY_DOWN);
	first = x->a.setup_sel;
	draw(x);
	assert_non_null(strstr(row(&x->f, find_row(&x->f, "[x] KEY")), "key"));
	app_key(&x->a, APP_KEY_DOWN);                 /* SHMID */
	app_key(&x->a, APP_KEY_DOWN);                 /* OWNER */
	app_key(&x->a, ' ');
	draw(x);
	assert_true(find_row(&x->f, "[ ] OWNER") > 0);
	/* a column hidden keeps the selection, among the hidden ones in the kind's order (STATUS
	 * comes after OWNER there): Space again shows that very column, last */
	for (long r = first; r < first + 20; r++) {
		x->a.setup_sel = r;
		draw(x);
		if (strstr(row(&x->f, 2 + (int)(r - x->a.setup_top)), "[x] STATUS"))
			break;
	}
	app_key(&x->a, ' ');
	app_key(&x->a, ' ');
	assert_int_equal(x->a.m->columns[kind_list_len(x->a.m->columns) - 1], SHM_F_STATUS);
	app_key(&x->a, APP_KEY_ESC);
	t = titles(x);
	assert_null(strstr(t, "OWNER"));
	assert_non_null(strstr(t, "SHMID"));
	assert_int_equal(rc.tables[KIND_SHM].columns[1], SHM_F_SHMID);
	assert_int_equal(rc.tables[KIND_SHM].columns[2], SHM_F_PERMS);

	/* SHMID before KEY */
	app_key(&x->a, APP_KEY_F2);
	x->a.setup_sel = first + 1;
	app_key(&x->a, APP_KEY_F7);
	assert_int_equal(x->a.setup_sel, first);
	app_key(&x->a, APP_KEY_F7);                   /* already first: stays */
	app_key(&x->a, APP_KEY_ESC);
	t = titles(x);
	assert_true(strstr(t, "SHMID") < strstr(t, "KEY"));
	assert_int_equal(rc.tables[KIND_SHM].columns[0], SHM_F_SHMID);

	/* hide all but one: the last is kept, and said so */
	app_key(&x->a, APP_KEY_F2);
	for (int i = 0; i < 40; i++) {
		x->a.setup_sel = first;
		app_key(&x->a, ' ');
	}
	assert_int_equal(kind_list_len(x->a.m->columns), 1);
	assert_non_null(strstr(x->a.status, "at least one column"));
	/* shown again, it goes last */
	x->a.setup_sel = first + 1;
	app_key(&x->a, ' ');
	assert_int_equal(kind_list_len(x->a.m->columns), 2);
	app_key(&x->a, APP_KEY_F10);                  /* F10 is done here, not quit */
	assert_int_equal(x->a.mode, MODE_LIST);
	x->a.cfg.rc = NULL;
}

/* A traced record of segment shmid by pid, run as cmdline. */
static struct trace_event traced_ev(const char *event, int32_t shmid, int32_t pid,
				    const char *cmdline, int64_t t)
{
	struct trace_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.event = event;
	ev.kind = "shm";
	ev.source = "bpf";
	ev.time_ns = t * 1000000000;
	ev.pid = ev.tid = pid;
	ev.id = shmid;
	snprintf(ev.cmdline, sizeof(ev.cmdline), "%s", cmdline);
	return ev;
}

/* E opens the events screen and asks for the tracer; records show newest first, escaped; p
 * holds the list still while records come; Enter opens the record's segment; its detail view
 * ends with its traced history; a lost record is said so. */
static void test_events_screen(void **state)
{
	struct fx *x = *state;
	struct trace_event ev;
	int r;

	r = app_key(&x->a, 'E');
	assert_int_equal(x->a.mode, MODE_EVENTS);
	assert_true(r & APP_TRACE);
	app_events_on(&x->a, 1, NULL, NOW - 60);
	ev = traced_ev("create", 65538, 300, "make_shared_memory --key=9527", NOW - 50);
	app_events_add(&x->a, &ev);
	ev = traced_ev("attach", 32769, 100, "reader \x1b[2J", NOW - 40);
	app_events_add(&x->a, &ev);
	ev = traced_ev("attach", 65538, 101, "writer", NOW - 30);
	app_events_add(&x->a, &ev);
	draw(x);
	assert_true(find_row(&x->f, "Events: traced since") == 0);
	assert_true(find_row(&x->f, "attach       shm   65538") == 2);          /* newest first */
	assert_true(find_row(&x->f, "make_shared_memory --key=9527") == 4);
	assert_true(find_row(&x->f, "reader \\x1b[2J") == 3);                  /* escaped */
	/* paused, a new record does not move the rows on screen */
	app_key(&x->a, APP_KEY_DOWN);
	app_key(&x->a, 'p');
	ev = traced_ev("detach", 65538, 101, "writer", NOW - 20);
	app_events_add(&x->a, &ev);
	draw(x);
	assert_true(find_row(&x->f, "[PAUSED]") == 0);
	assert_int_equal(x->a.events.sel, 2);
	app_key(&x->a, 'p');
	assert_int_equal(x->a.events.sel, 0);
	/* the filter: only the records that hold "reader" (any case) */
	app_key(&x->a, '\\');
	type(&x->a, "READER");
	draw(x);
	assert_true(find_row(&x->f, "Filter: READER") > 0);
	assert_true(find_row(&x->f, "reader \\x1b[2J") == 2);
	assert_int_equal(find_row(&x->f, "make_shared_memory"), -1);
	app_key(&x->a, APP_KEY_ENTER);
	draw(x);
	assert_true(find_row(&x->f, "1 of 4 shown") == 0);
	app_key(&x->a, APP_KEY_ESC);                 /* the filter goes */
	draw(x);
	assert_true(find_row(&x->f, "4 of 4 shown") == 0);
	/* Enter on the create: segment 65538's detail view, with its history, oldest first */
	app_key(&x->a, APP_KEY_END);
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.mode, MODE_DETAIL);
	assert_int_equal(((struct shmseg *)model_obj(x->a.m, (size_t)x->a.m->sel))->shmid, 65538);
	draw(x);
	{
		int y = find_row(&x->f, "Traced ");

		assert_true(y > 0);
		assert_non_null(strstr(row(&x->f, y), "create"));
		assert_non_null(strstr(row(&x->f, y + 1), "attach"));
		assert_non_null(strstr(row(&x->f, y + 2), "detach"));
		assert_null(strstr(row(&x->f, y + 3), "reader")); /* 32769's record is not its */
	}
	/* a segment no longer there */
	app_key(&x->a, APP_KEY_ESC);
	app_key(&x->a, 'E');
	ev = traced_ev("remove", 4242, 7, "ipcrm", NOW - 10);
	app_events_add(&x->a, &ev);
	app_key(&x->a, APP_KEY_HOME);
	/* not in the table: perhaps made since the last poll, so looked for after the next */
	assert_true(app_key(&x->a, APP_KEY_ENTER) & APP_POLL_NOW);
	assert_int_equal(x->a.mode, MODE_EVENTS);
	assert_non_null(strstr(x->a.status, "looking for it"));
	app_events_jump(&x->a, 0);          /* as refresh_run does after that poll */
	assert_int_equal(x->a.mode, MODE_EVENTS);
	assert_non_null(strstr(x->a.status, "shm 4242 is not in its table now"));
	trace_lost(&ev, 99, (int64_t)NOW * 1000000000);
	app_events_add(&x->a, &ev);
	draw(x);
	assert_true(find_row(&x->f, "99 records the kernel had no room for") > 0);
	/* the creator of 65538 (pid 300) is no process shmtop knows: the table's CPID column names
	 * it by the command line its traced record gave, dimmed */
	app_key(&x->a, APP_KEY_ESC);
	draw(x);
	{
		int y = find_row(&x->f, "0xdeadbeef");

		assert_true(y > 0);
		assert_non_null(strstr(row(&x->f, y), "300 make_shared_m"));
	}
	app_key(&x->a, 'E');
	/* without the tracer: the screen says why */
	app_events_on(&x->a, 0, "this shmtop was built without BPF", 0);
	draw(x);
	assert_true(find_row(&x->f, "not traced (this shmtop was built without BPF)") == 0);
	/* the polls in its place: the title says so, at the delay, and why */
	app_events_on(&x->a, APP_TRACE_POLL, "this shmtop was built without BPF", NOW - 5);
	draw(x);
	assert_true(find_row(&x->f, "Events: polled every 1.0s (no BPF: this shmtop was built "
			     "without BPF) since") == 0);
}

/* Ids are reused: Enter on a record of an object made again since (a newer create of its id)
 * does not open what has the id now, and the detail view's history is its own object's, from
 * its create. */
static void test_events_reused_id(void **state)
{
	struct fx *x = *state;
	struct trace_event ev;

	app_key(&x->a, 'E');
	app_events_on(&x->a, 1, NULL, NOW - 60);
	ev = traced_ev("create", 65538, 900, "old-maker", NOW - 50);
	app_events_add(&x->a, &ev);
	ev = traced_ev("remove", 65538, 901, "old-remover", NOW - 45);
	app_events_add(&x->a, &ev);
	ev = traced_ev("create", 65538, 902, "new-maker", NOW - 40);
	ev.err = EEXIST; /* a create that failed made nothing */
	app_events_add(&x->a, &ev);
	ev = traced_ev("create", 65538, 903, "new-maker", NOW - 35);
	app_events_add(&x->a, &ev);
	ev = traced_ev("attach", 65538, 904, "new-reader", NOW - 30);
	app_events_add(&x->a, &ev);
	app_key(&x->a, APP_KEY_END); /* the old create */
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.mode, MODE_EVENTS);
	assert_non_null(strstr(x->a.status, "shm 65538 of this record is gone"));
	app_key(&x->a, APP_KEY_HOME); /* the attach, of the segment there now */
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.mode, MODE_DETAIL);
	draw(x);
	{
		int y = find_row(&x->f, "Traced ");

		assert_true(y > 0);
		assert_non_null(strstr(row(&x->f, y), "new-maker"));
		assert_non_null(strstr(row(&x->f, y + 1), "new-reader"));
		assert_int_equal(find_row(&x->f, "old-"), -1);
	}
}

/* The settings file's tables are where every table starts; -s wins for the first, -r alone
 * reverses the file's direction. */
static void test_setup_from_rc(void **state)
{
	static struct rc rc;
	struct app_config cfg = base_cfg;
	struct app *a = malloc(sizeof(*a));

	(void)state;
	assert_non_null(a);
	rc_init(&rc);
	rc.tables[KIND_SHM].sort = SHM_F_SIZE;
	rc.tables[KIND_SHM].columns[0] = SHM_F_SIZE;
	rc.tables[KIND_SHM].columns[1] = SHM_F_KEY;
	rc.tables[KIND_SHM].columns[2] = FIELD_NONE;
	rc.tables[KIND_MSG].reverse = 1;
	cfg.rc = &rc;
	cfg.sort_given = 0;
	app_init(a, &cfg, fake_lookup);
	assert_int_equal(a->m->sort, SHM_F_SIZE);
	assert_true(a->m->reverse);       /* a size: largest first unless the file says */
	assert_int_equal(a->m->columns[0], SHM_F_SIZE);
	assert_int_equal(kind_list_len(a->m->columns), 2);
	assert_true(a->models[KIND_MSG].reverse);
	app_free(a);

	cfg.reverse = 1;
	app_init(a, &cfg, fake_lookup);
	assert_int_equal(a->m->sort, SHM_F_SIZE);
	assert_false(a->m->reverse);
	app_free(a);

	cfg.sort_given = 1;
	cfg.sort = SHM_F_OWNER;
	cfg.reverse = 0;
	app_init(a, &cfg, fake_lookup);
	assert_int_equal(a->m->sort, SHM_F_OWNER);
	assert_false(a->m->reverse);
	app_free(a);
	free(a);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_abc, teardown)
#define TH(fn) cmocka_unit_test_setup_teardown(fn, setup_hex, teardown_hex)
#define TP(fn) cmocka_unit_test_setup_teardown(fn, setup_posix, teardown_posix)

/* Object names with ESC and with the text \x1b, a mapper's command name and the directory are
 * escaped in the POSIX table, its confirmation and its messages. */
static void test_posix_escaped_names(void **state)
{
	struct fx *x = *state;
	char path[256], text[PATH_MAX + 256], buf[512];
	struct stat st, dst;
	int y1, y2, cp;

	/* a directory that cannot be read is named escaped */
	{
		struct shmdir bad;

		shmdir_init(&bad);
		assert_int_equal(shmdir_open(&bad, procroot, "/nonexistent/d\x1b[2J\\"), -ENOENT);
		app_set_shm(&x->a, &bad);
	}
	posix_open(x);
	snprintf(buf, sizeof(buf), " cannot read /nonexistent/d\\x1b[2J\\\\: %s", strerror(ENOENT));
	assert_true(find_row(&x->f, buf) > 0);
	assert_true(starts_with(row(&x->f, PH - 2), "0 of 0 POSIX objects in /nonexistent/d\\x1b[2J\\\\  sort"));
	for (int r = 0; r < PH; r++)
		for (int c = 0; c < PW; c++)
			assert_true(frame_at(&x->f, r, c)->ch >= 0x20);
	{
		struct shmdir good;

		shmdir_init(&good);
		assert_int_equal(shmdir_open(&good, procroot, shmdir), 0);
		app_set_shm(&x->a, &good);
	}

	shm_file("e\x1b[1m", "", 10, 0600, NOW - 60);
	shm_file("e\\x1b[1m", "", 20, 0600, NOW - 60);
	/* pid 101, named with a backslash and ESC, maps the second */
	fake_pid(101, "w\\\x1b");
	shm_path(path, sizeof(path), "e\\x1b[1m");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(stat(shmdir, &dst), 0);
	snprintf(text, sizeof(text), "7f0000000000-7f0000001000 rw-s 00000000 %02x:%02x %-26llu"
		 "%s/e\\x1b[1m\n", major(dst.st_dev), minor(dst.st_dev),
		 (unsigned long long)st.st_ino, shmdir_real);
	snprintf(path, sizeof(path), "%s/101/maps", procroot);
	write_file(path, text);
	posix_show(x);
	y1 = find_row(&x->f, "/e\\x1b[1m "); /* after the mark: + for new */
	y2 = find_row(&x->f, "/e\\\\x1b[1m ");
	assert_true(y1 > 0 && y2 > 0 && y1 != y2);
	cp = col_of(&x->f, find_row(&x->f, "MAPPED BY"), "MAPPED BY");
	assert_true(starts_with(at_col(x, y1, cp), "- "));
	assert_string_equal(at_col(x, y2, cp), "101 w\\\\\\x1b");  /* mapped: no LEAK text */
	/* the confirmation names it escaped */
	posix_select(x, "e\\x1b[1m");
	app_key(&x->a, 'd');
	draw(x);
	assert_true(find_row(&x->f, "Unlink /e\\\\x1b[1m? (shm_unlink)") > 0);
	for (int r = 0; r < PH; r++)
		for (int c = 0; c < PW; c++)
			assert_true(frame_at(&x->f, r, c)->ch >= 0x20);
	app_key(&x->a, 'n');
}

/* The mqueue filesystem as app_set_mq takes it: found at shown ("": none mounted, -ENODEV as
 * pmq_dir_open says), never opened (the tests feed the queues as the poll would). */
static void fake_mq_dir(struct fx *x, const char *shown)
{
	struct shmdir d;

	shmdir_init(&d);
	snprintf(d.shown, sizeof(d.shown), "%s", shown);
	d.err = -ENODEV;
	app_set_mq(&x->a, &d);
}

/* alice's queue /orders: 3 of 8 messages of at most 128 bytes */
static struct pmq pmq_orders(void)
{
	struct pmq q;

	memset(&q, 0, sizeof(q));
	snprintf(q.name, sizeof(q.name), "/orders");
	q.uid = q.gid = 1000;
	q.mode = 0640;
	q.mtime = q.ctime = NOW - 60;
	q.dev = 42;
	q.ino = 7;
	q.maxmsg = 8;
	q.msgsize = 128;
	q.curmsgs = 3;
	q.status_err = -ENODATA;
	return q;
}

/* A kind whose collect hook failed says why in its empty table (escaped: the warning quotes
 * paths), in the error style, instead of looking like a kind with nothing to list. */
static void test_list_error_shown(void **state)
{
	struct fx *x = *state;
	int y;

	app_key(&x->a, '\t');
	assert_ptr_equal(x->a.m->kind, &kind_sem);
	draw(x);
	assert_true(find_row(&x->f, "no System V semaphore arrays") > 0);
	x->a.list_err[KIND_SEM] = -EACCES;
	snprintf(x->a.list_why[KIND_SEM], sizeof(x->a.list_why[KIND_SEM]),
		 "cannot read /p\x1b[2J/sysvipc/sem: Permission denied");
	draw(x);
	y = find_row(&x->f, "cannot read /p\\x1b[2J/sysvipc/sem: Permission denied");
	assert_true(y > 0);
	assert_int_equal(frame_at(&x->f, y, 1)->style, STYLE_ERROR);
	assert_int_equal(find_row(&x->f, "no System V semaphore arrays"), -1);
}

/* s sets the refresh delay, as top's s: a prompt of digits and one point; Enter applies it
 * (the header says so at once), a value outside 0.1..3600 is refused, Esc keeps the old one. */
static void test_delay_key(void **state)
{
	struct fx *x = *state;

	assert_int_equal(app_key(&x->a, 's') & APP_REDRAW, APP_REDRAW);
	assert_int_equal(x->a.input, INPUT_DELAY);
	type(&x->a, "2x.5.");                 /* x and a second point are not taken */
	draw(x);
	assert_true(starts_with(row(&x->f, STATUS_Y), "Refresh every (seconds): 2.5"));
	assert_int_equal(app_key(&x->a, APP_KEY_ENTER) & APP_POLL_NOW, APP_POLL_NOW);
	assert_true(x->a.cfg.delay > 2.49 && x->a.cfg.delay < 2.51);
	assert_string_equal(x->a.status, "refreshing every 2.5s");
	draw(x);
	assert_non_null(strstr(row(&x->f, 0), " - every 2.5s"));
	/* too short: refused, the delay stays */
	app_key(&x->a, 's');
	type(&x->a, "0.05");
	app_key(&x->a, APP_KEY_ENTER);
	assert_true(x->a.status_error);
	assert_true(x->a.cfg.delay > 2.49 && x->a.cfg.delay < 2.51);
	/* Esc: nothing changes */
	app_key(&x->a, 's');
	type(&x->a, "9");
	app_key(&x->a, APP_KEY_ESC);
	assert_int_equal(x->a.input, INPUT_NONE);
	assert_true(x->a.cfg.delay > 2.49 && x->a.cfg.delay < 2.51);
}

/* -p: only what those processes created or last attached (A: cpid 100, B: lpid 201); the
 * status line names the pids; a table of a kind that records no process (arrays) is empty. */
static void test_pid_filter(void **state)
{
	struct fx *x = *state;
	static const int32_t pids[] = { 100, 201 };

	x->a.cfg.pids = pids;
	x->a.cfg.npids = 2;
	app_rebuild(&x->a);
	draw(x);
	assert_int_equal(x->a.m->nrows, 2);
	assert_true(find_row(&x->f, "0x00002537") > 0);
	assert_int_equal(find_row(&x->f, "0xdeadbeef"), -1);
	assert_non_null(strstr(row(&x->f, STATUS_Y), "  pid: 100,201"));
	x->a.cfg.npids = 1;           /* 100 alone */
	app_rebuild(&x->a);
	assert_int_equal(x->a.m->nrows, 1);
	assert_int_equal(app_seg(&x->a, app_selected(&x->a))->cpid, 100);
	app_key(&x->a, '\t');         /* the arrays: none can say who holds one */
	assert_ptr_equal(x->a.m->kind, &kind_sem);
	assert_int_equal(x->a.m->nrows, 0);
}

/* Left and Right scroll the table sideways over every column, the row marks staying put; at 80
 * columns the first look holds key, id, owner, size, nattch and status. */
static void test_hscroll(void **state)
{
	struct fx *x = *state;
	int y;

	assert_int_equal(frame_resize(&x->f, 80, H), 0);
	draw(x);
	assert_non_null(strstr(row(&x->f, TITLE_Y), "KEY"));
	assert_non_null(strstr(row(&x->f, TITLE_Y), "STATUS"));
	assert_null(strstr(row(&x->f, TITLE_Y), "SWAP"));
	assert_int_equal(app_key(&x->a, APP_KEY_RIGHT), APP_REDRAW);
	assert_int_equal(x->a.hscroll, 8);
	draw(x);
	assert_int_equal(frame_at(&x->f, TITLE_Y, 0)->ch, '<');
	assert_null(strstr(row(&x->f, TITLE_Y), "KEY ")); /* scrolled past its first cells */
	for (int i = 0; i < 40; i++)                       /* as far as the last column */
		app_key(&x->a, APP_KEY_RIGHT);
	draw(x);
	assert_non_null(strstr(row(&x->f, TITLE_Y), "SWAP"));
	for (y = LIST_Y; y < LIST_Y + 3; y++)              /* each row's mark, not a cell of it */
		assert_non_null(strchr(" +-*!", (int)frame_at(&x->f, y, 0)->ch));
	for (int i = 0; i < 41; i++)
		app_key(&x->a, APP_KEY_LEFT);
	assert_int_equal(x->a.hscroll, 0);
	draw(x);
	assert_int_equal(col_of(&x->f, TITLE_Y, "KEY"), 1);
}

/* A detail view or limits panel taller than the terminal scrolls (Up, Down, PgUp, PgDn, Home,
 * End), a 'v' or '^' at the right of its last row saying that more is below or above. */
static void test_body_scroll(void **state)
{
	struct fx *x = *state;
	char first[256];
	int y0;

	assert_int_equal(frame_resize(&x->f, 80, 14), 0);
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.mode, MODE_DETAIL);
	draw(x);
	y0 = x->a.header_y;
	snprintf(first, sizeof(first), "%s", row(&x->f, y0));
	assert_true(starts_with(first, " Segment "));
	assert_int_equal(frame_at(&x->f, 14 - 3, 79)->ch, 'v');
	app_key(&x->a, APP_KEY_DOWN);
	draw(x);
	assert_string_not_equal(row(&x->f, y0), first);  /* one row on */
	app_key(&x->a, APP_KEY_END);
	draw(x);
	assert_int_equal(frame_at(&x->f, 14 - 3, 79)->ch, '^');
	app_key(&x->a, APP_KEY_HOME);
	draw(x);
	assert_string_equal(row(&x->f, y0), first);
	/* the limits panel, likewise */
	app_key(&x->a, APP_KEY_ESC);
	app_key(&x->a, 'L');
	assert_int_equal(x->a.mode, MODE_LIMITS);
	draw(x);
	snprintf(first, sizeof(first), "%s", row(&x->f, 0));
	app_key(&x->a, APP_KEY_PGDN);
	draw(x);
	assert_string_not_equal(row(&x->f, 0), first);
	app_key(&x->a, APP_KEY_HOME);
	draw(x);
	assert_string_equal(row(&x->f, 0), first);
}

/* Select the semaphore array semid in the table on screen (Down until it is), or fail. */
static void sem_select(struct fx *x, int semid)
{
	app_key(&x->a, APP_KEY_HOME);
	for (size_t i = 0; i <= x->a.m->nrows; i++) {
		const struct track_row *r = app_selected(&x->a);

		if (r && ((const struct semset *)track_obj(&x->a.m->track, r))->semid == semid)
			return;
		app_key(&x->a, APP_KEY_DOWN);
	}
	fail_msg("semid %d is not in the table", semid);
}

/* F9 on another kind goes through that kind's remove, with its re-check: on real arrays of this
 * test's own, y removes the one confirmed, and keeps one whose mode changed after the question
 * opened (ids are reused: a changed one may be another array). */
static void test_sem_remove(void **state)
{
	struct fx *x = *state;
	struct semset s[2];
	struct semid_ds ds;
	struct timespec ts;
	char want[160];
	int id[2];

	for (int i = 0; i < 2; i++) {
		id[i] = semget(IPC_PRIVATE, 1, 0600);
		assert_true(id[i] >= 0);
		assert_int_equal(sysvsem_stat(id[i], &s[i]), 0);
	}
	assert_int_equal(app_update_kind(&x->a, KIND_SEM, s, 2, NOW), 0);
	app_key(&x->a, '\t');
	assert_ptr_equal(x->a.m->kind, &kind_sem);
	draw(x);
	/* listed by a poll that began well after they were made: not "ask after the next poll" */
	assert_int_equal(clock_gettime(CLOCK_REALTIME, &ts), 0);
	x->a.snap.time_ns = ((int64_t)ts.tv_sec + 5) * 1000000000;
	sem_select(x, id[0]);
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	draw(x);
	snprintf(want, sizeof(want), "Remove semaphore array %d? (IPC_RMID)", id[0]);
	assert_true(find_row(&x->f, want) > 0);
	app_key(&x->a, 'y');
	assert_int_equal(x->a.mode, MODE_LIST);
	snprintf(want, sizeof(want), "semid %d removed", id[0]);
	assert_string_equal(x->a.status, want);
	assert_false(x->a.status_error);
	assert_int_equal(semctl(id[0], 0, IPC_STAT, &ds), -1);
	/* the other: its mode changes while the question is open */
	sem_select(x, id[1]);
	app_key(&x->a, APP_KEY_F9);
	assert_int_equal(x->a.mode, MODE_CONFIRM);
	assert_int_equal(semctl(id[1], 0, IPC_STAT, &ds), 0);
	ds.sem_perm.mode = 0640;
	assert_int_equal(semctl(id[1], 0, IPC_SET, &ds), 0);
	app_key(&x->a, 'y');
	snprintf(want, sizeof(want), "not removed: semid %d: it changed since you confirmed (or its "
		 "id names another one now)", id[1]);
	assert_string_equal(x->a.status, want);
	assert_true(x->a.status_error);
	assert_int_equal(semctl(id[1], 0, IPC_STAT, &ds), 0);
	assert_int_equal(semctl(id[1], 0, IPC_RMID), 0);
}

/* The POSIX message queues' table, fed as the poll feeds it: the status line counts them by
 * their noun in their directory; the detail view and F9 with nothing selected name a queue as
 * such (not "(null)": these kinds have no id); the detail view's F9 unlinks, or with -R says
 * that unlinking is disabled. */
static void test_pmq_table(void **state)
{
	struct fx *x = *state;
	struct pmq q = pmq_orders();
	char buf[256];

	fake_mq_dir(x, "/dev/mqueue");
	for (int i = 0; i < 4; i++)           /* the POSIX objects, arrays, System V queues */
		app_key(&x->a, '\t');
	assert_ptr_equal(x->a.m->kind, &kind_pmq);
	assert_int_equal(app_update_kind(&x->a, KIND_PMQ, &q, 1, NOW), 0);
	draw(x);
	assert_true(find_row(&x->f, " /orders ") > 0);
	assert_true(starts_with(row(&x->f, PH - 2),
				"1 of 1 POSIX message queue in /dev/mqueue  sort: name asc"));
	app_key(&x->a, APP_KEY_ENTER);
	assert_int_equal(x->a.mode, MODE_DETAIL);
	draw(x);
	assert_true(starts_with(row(&x->f, TITLE_Y), " POSIX message queues: queue /orders"));
	assert_true(find_row(&x->f, "(null)") < 0);
	/* its function bar: F9 unlinks; no x, a queue has no bytes to show */
	assert_non_null(strstr(row(&x->f, PH - 1), "F9Unlink"));
	assert_null(strstr(row(&x->f, PH - 1), "Hex"));
	x->a.cfg.read_only = 1;
	draw(x);
	assert_non_null(strstr(row(&x->f, PH - 1), "F9------"));
	app_key(&x->a, APP_KEY_F9);
	assert_string_equal(x->a.status,
			    "unlinking is disabled: shmtop was started with --read-only (-R)");
	assert_int_equal(x->a.mode, MODE_LIST); /* back on the table, as F9 goes there to ask */
	x->a.cfg.read_only = 0;
	/* gone, and its tombstone dropped: nothing to unlink */
	for (int i = 0; i <= TRACK_GONE_KEEP; i++)
		assert_int_equal(app_update_kind(&x->a, KIND_PMQ, NULL, 0, NOW + 1 + i), 0);
	draw(x);
	app_key(&x->a, APP_KEY_F9);
	assert_string_equal(x->a.status, "no queue selected");
	snprintf(buf, sizeof(buf), "0 of 0 POSIX message queues in /dev/mqueue");
	app_status(&x->a, 0, "");
	draw(x);
	assert_true(starts_with(row(&x->f, PH - 2), buf));
}

/* The named semaphores' table, fed as the poll feeds it (the directory's sem.x, mapped by pid
 * 100): MAPPED BY names each mapper by pid and command, as the POSIX objects' table does. */
static void test_psem_table(void **state)
{
	struct fx *x = *state;
	struct psem_list l;
	char path[256];
	struct stat st;
	int yh, cp, y;

	shm_path(path, sizeof(path), "sem.x");
	assert_int_equal(stat(path, &st), 0);
	fake_maps("sem.x", (uint64_t)st.st_ino, 0);
	psem_list_init(&l);
	assert_int_equal(psem_list_dir(&x->a.shm, &l), 0);
	assert_int_equal(psem_scan_mappers(procroot, &x->a.shm, &l), 0);
	assert_int_equal(l.n, 1);
	x->a.psems = &l;
	for (int i = 0; i < 4; i++)           /* the POSIX objects, arrays, System V queues */
		app_key(&x->a, '\t');
	assert_ptr_equal(x->a.m->kind, &kind_psem);
	assert_int_equal(app_update_kind(&x->a, KIND_PSEM, l.v, l.n, NOW), 0);
	draw(x);
	yh = find_row(&x->f, "MAPPED BY");
	assert_true(yh > 0);
	cp = col_of(&x->f, yh, "MAPPED BY");
	y = find_row(&x->f, " /x ");
	assert_true(y > yh);
	assert_string_equal(at_col(x, y, cp), "100 writer");
	snprintf(path, sizeof(path), "1 of 1 POSIX semaphore in %s  sort: name asc", shmdir);
	assert_true(starts_with(row(&x->f, PH - 2), path));
	x->a.psems = NULL;
	psem_list_free(&l);
}

/* No mqueue filesystem mounted: Tab never reaches the queues' table; opened on it all the same
 * (--kinds=pmq first), it says why it is empty, and names no directory. */
static void test_pmq_unmounted(void **state)
{
	struct fx *x = *state;

	fake_mq_dir(x, "");
	for (int i = 0; i < 2 * KIND_COUNT; i++) {
		app_key(&x->a, '\t');
		assert_ptr_not_equal(x->a.m->kind, &kind_pmq);
	}
	x->a.m = &x->a.models[KIND_PMQ];
	x->a.mode = MODE_LIST;
	x->a.status[0] = '\0';
	app_rebuild(&x->a);
	draw(x);
	assert_true(find_row(&x->f, " no mqueue filesystem is mounted (mount -t mqueue none "
			     "/dev/mqueue): no POSIX message queues listed") > 0);
	assert_true(starts_with(row(&x->f, PH - 2), "0 of 0 POSIX message queues  sort: name asc"));
	app_key(&x->a, '\t');
	assert_ptr_equal(x->a.m->kind, &kind_psem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_header),
		T(test_header_history_seconds),
		T(test_table),
		T(test_times),
		T(test_read_only_fbar),
		T(test_new_and_gone_rows),
		T(test_too_small),
		T(test_all_modes_all_sizes),
		T(test_setup_settings),
		T(test_events_screen),
		T(test_events_reused_id),
		T(test_setup_columns),
		cmocka_unit_test(test_setup_from_rc),
		cmocka_unit_test_setup_teardown(test_navigation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selection_follows_shmid, setup, teardown),
		T(test_filter),
		T(test_search),
		T(test_search_next_without_search),
		T(test_detail),
		T(test_help),
		T(test_sort_chooser),
		T(test_user_chooser),
		T(test_tags),
		T(test_confirm_one),
		T(test_confirm_unattached_and_tagged),
		T(test_confirm_refused),
		T(test_confirm_names_attachers),
		T(test_own_touch_not_evidence),
		T(test_read_only_remove),
		T(test_other_keys),
		T(test_mouse),
		T(test_draw_is_pure),
		cmocka_unit_test_setup_teardown(test_process_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escaped_names, setup, teardown),
		T(test_leaks),
		T(test_namespace_key),
		T(test_ascii_frame),
		TH(test_hex_layout_wide),
		TH(test_hex_layout_narrow),
		TH(test_hex_layout_32),
		TH(test_hex_partial_line),
		TH(test_hex_inspector),
		TH(test_hex_cursor_keys),
		TH(test_hex_goto),
		TH(test_hex_search),
		TH(test_hex_marks),
		TH(test_hex_freeze),
		TH(test_hex_draw_is_pure),
		TH(test_hex_removed_and_gone),
		TH(test_hex_all_sizes),
		TP(test_posix_table),
		TP(test_posix_table_keys),
		TP(test_posix_draw_is_pure),
		TP(test_posix_unlink),
		TP(test_posix_detail),
		TP(test_posix_unlink_pinned),
		T(test_hex_size_from_segment),
		TP(test_posix_read_only),
		TP(test_posix_hex),
		TP(test_posix_hex_unlinked),
		TP(test_posix_escaped_names),
		T(test_sem_remove),
		T(test_delay_key),
		T(test_pid_filter),
		T(test_hscroll),
		T(test_body_scroll),
		T(test_list_error_shown),
		TP(test_pmq_table),
		TP(test_psem_table),
		TP(test_pmq_unmounted),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		fprintf(stderr, "test_app: the C.UTF-8 locale is not available\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
