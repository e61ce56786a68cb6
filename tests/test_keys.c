/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_keys.c - the key table: coherent, dispatched by the views (an unbound key does nothing, a
 * bound one acts), listed in full by the generated help (which scrolls), and the same keys as the
 * man page's. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "app.h"
#include "refresh.h"
#include "frame.h"
#include "keys.h"
#include "view.h"

#define NOW 1700000000
#define NSCREENS (MODE_EVENTS + 1)
#define TEXT_X 22          /* where the help draws a key's text (view_help.c) */

static const char *const screen_name[NSCREENS] = {
	[MODE_LIST] = "segment table", [MODE_DETAIL] = "detail view", [MODE_HELP] = "help",
	[MODE_SORT] = "sort menu", [MODE_USER] = "user menu", [MODE_CONFIRM] = "removal question",
	[MODE_HEX] = "hex view", [MODE_LIMITS] = "limits panel", [MODE_SETUP] = "setup screen",
	[MODE_SHMEM] = "Shmem breakdown", [MODE_EVENTS] = "events screen",
};

/* Every key the terminal layer can deliver, and then some: the special keys, ASCII, two beyond. */
static int candidate(size_t i)
{
	if (i < (size_t)(APP_KEY_RESIZE - APP_KEY_UP))  /* a resize is not a key */
		return APP_KEY_UP + (int)i;
	i -= (size_t)(APP_KEY_RESIZE - APP_KEY_UP);
	if (i < 0x80)
		return (int)i;
	i -= 0x80;
	return i == 0 ? 0xe9 : i == 1 ? 0x20ac : -1;
}

static const char *name(int key)
{
	static char buf[8][32];
	static int next;

	return keys_name(key, buf[next++ % 8], sizeof(buf[0]));
}

/* ---------------------------------------------------------------- the table itself */

static void test_table_coherent(void **state)
{
	int others[NSCREENS] = { 0 };

	(void)state;
	assert_true(keys_count > 50);
	for (size_t i = 0; i < keys_count; i++) {
		const struct key_binding *b = &keys_table[i];

		if (!b->screens || (b->screens & ~keys_all))
			fail_msg("binding %zu (%s) has screens 0x%x", i, name(b->key), b->screens);
		if (b->action == ACT_NONE || b->group < 0 || b->group >= KEYS_NGROUPS)
			fail_msg("binding %zu (%s) has no action or group", i, name(b->key));
		/* one line of an 80-column help, after the key column */
		if (!b->help || !b->help[0] || strlen(b->help) > 80 - TEXT_X)
			fail_msg("binding %zu (%s): help '%s' is empty or longer than %d", i,
				 name(b->key), b->help ? b->help : "", 80 - TEXT_X);
		if (strncmp(name(b->key), "U+", 2) == 0)
			fail_msg("binding %zu: key %d has no name", i, b->key);
		for (int s = 0; s < NSCREENS; s++)
			others[s] += b->key == KEYS_OTHER && (b->screens & KEYS_ON(s));
		/* no key means two things on one screen */
		for (size_t k = 0; k < i; k++)
			if (keys_table[k].key == b->key && (keys_table[k].screens & b->screens))
				fail_msg("%s is bound twice on one screen (bindings %zu and %zu)",
					 name(b->key), k, i);
	}
	for (int s = 0; s < NSCREENS; s++)
		assert_true(others[s] <= 1);
	/* the names as the help and the man page write them */
	assert_string_equal(name(APP_KEY_PGDN), "PgDn");
	assert_string_equal(name(APP_KEY_F10), "F10");
	assert_string_equal(name(APP_CTRL('l')), "Ctrl-L");
	assert_string_equal(name(' '), "Space");
	assert_string_equal(name('\t'), "Tab");
	assert_string_equal(name('\\'), "\\");
	assert_string_equal(name(KEYS_OTHER), "any other key");
	/* lookups: a key's own binding first, then the screen's other keys, then nothing */
	assert_int_equal(keys_action(MODE_LIST, 'q'), ACT_QUIT);
	assert_int_equal(keys_action(MODE_HEX, 'q'), ACT_BACK);
	assert_int_equal(keys_action(MODE_CONFIRM, 'y'), ACT_YES);
	assert_int_equal(keys_action(MODE_CONFIRM, 'Y'), ACT_NO);
	assert_int_equal(keys_action(MODE_CONFIRM, APP_CTRL('l')), ACT_REPAINT);
	assert_int_equal(keys_action(MODE_HELP, 'z'), ACT_BACK);
	assert_int_equal(keys_action(MODE_LIST, 'X'), ACT_NONE);
	assert_null(keys_find(MODE_LIST, KEYS_OTHER));
	assert_null(keys_find(-1, 'q'));
}

/* ---------------------------------------------------------------- an app on every screen */

static int fake_lookup(uint32_t id, int group, char *buf, size_t size)
{
	(void)group;
	snprintf(buf, size, "user%u", id);
	return 0;
}

static const struct app_config base_cfg = {
	.delay = 1.0, .mouse = 1, .sort = SHM_F_KEY, .hostname = "testhost", .version = "9.9",
	.stale_secs = 10 * 365 * 86400LL,
};

static uint8_t bytes[4096];

struct fx {
	struct app a;
	struct frame f;
};

static void update(struct app *a, int nsegs)
{
	struct snapshot s;

	snapshot_init(&s);
	s.time = NOW;
	s.source = SNAPSHOT_PROC;
	s.limits.shmmni = 4096;
	s.limits.shmall = 2097152;
	s.limits.page_size = 4096;
	s.limits.shmmax = UINT64_MAX;
	for (int i = 0; i < nsegs; i++) {
		struct shmseg g;

		memset(&g, 0, sizeof(g));
		g.key = 0x100 + i;
		g.shmid = 1000 + i;
		g.uid = g.cuid = g.gid = g.cgid = 1000 + (uint32_t)(i % 3);
		g.mode = 0600;
		g.size = 4096;
		g.ctime = NOW - 3600;
		assert_int_equal(shmseg_list_push(&s.segs, &g), 0);
	}
	snapshot_usage_compute(&s);
	assert_int_equal(app_update(a, &s), 0);
	snapshot_free(&s);
}

/* A fresh app showing screen, at w x h. With nsegs 0 nothing can be opened, removed or read:
 * a key that would act on a segment says so instead (no system call reaches a real object). */
static void fx_open(struct fx *x, int screen, int nsegs, int w, int h)
{
	memset(x, 0, sizeof(*x));
	app_init(&x->a, &base_cfg, fake_lookup);
	assert_int_equal(frame_resize(&x->f, w, h), 0);
	app_set_size(&x->a, w, h);
	x->f.utf8 = 1;
	x->a.now = NOW;
	update(&x->a, nsegs);
	app_draw(&x->a, &x->f);
	switch (screen) {
	case MODE_HEX:
		/* the bytes of a buffer, as the hex view of a segment */
		for (size_t i = 0; i < sizeof(bytes); i++)
			bytes[i] = (uint8_t)(i * 7);
		x->a.hex.open = 1;
		reader_open_memory(&x->a.hex.rd, bytes, sizeof(bytes));
		x->a.hex.size = x->a.hex.cur_size = sizeof(bytes);
		x->a.hex.seg.shmid = 1000;
		x->a.hex.seg.size = sizeof(bytes);
		x->a.hex.back = MODE_LIST;
		x->a.mode = MODE_HEX;
		app_draw(&x->a, &x->f);
		refresh_screen(&x->a);
		break;
	case MODE_HELP:
		x->a.mode = MODE_LIST;
		view_help_open(&x->a);
		break;
	case MODE_CONFIRM:
		x->a.confirm_n = 0; /* a yes removes nothing */
		x->a.mode = MODE_CONFIRM;
		break;
	default:
		x->a.mode = (enum app_mode)screen;
		break;
	}
	app_draw(&x->a, &x->f);
}

static void fx_close(struct fx *x)
{
	app_free(&x->a);
	frame_free(&x->f);
}

/* A key without a binding on a screen does nothing at all: no flag, not a byte of the state. */
static void test_unbound_keys_do_nothing(void **state)
{
	static const int screens[] = { MODE_LIST, MODE_DETAIL, MODE_HEX, MODE_SORT,
				       MODE_USER, MODE_LIMITS };
	struct app *before = malloc(sizeof(*before));
	struct fx *x = malloc(sizeof(*x));
	size_t tried = 0;

	(void)state;
	assert_non_null(before);
	assert_non_null(x);
	for (size_t s = 0; s < sizeof(screens) / sizeof(screens[0]); s++) {
		fx_open(x, screens[s], 3, 100, 30);
		app_status(&x->a, 0, "a message, to be kept");
		for (size_t i = 0; candidate(i) != -1; i++) {
			int key = candidate(i), rc;

			if (keys_find(screens[s], key))
				continue;
			memcpy(before, &x->a, sizeof(*before));
			rc = app_key(&x->a, key);
			if (rc != APP_DONE || memcmp(before, &x->a, sizeof(*before)) != 0)
				fail_msg("%s (%d), unbound on the %s, %s", name(key), key,
					 screen_name[screens[s]], rc != APP_DONE ? "asked for a redraw" :
					 "changed the state");
			tried++;
		}
		fx_close(x);
	}
	/* the screens that answer every key: the help goes back, the question's answer is No */
	for (size_t i = 0; candidate(i) != -1; i++) {
		assert_non_null(keys_find(MODE_HELP, candidate(i)));
		assert_non_null(keys_find(MODE_CONFIRM, candidate(i)));
	}
	assert_true(tried > 500);
	free(x);
	free(before);
}

/* Every binding of every screen is acted on there: the view dispatches all of the table. */
static void test_bound_keys_act(void **state)
{
	struct fx *x = malloc(sizeof(*x));

	(void)state;
	assert_non_null(x);
	for (int s = 0; s < NSCREENS; s++) {
		for (size_t i = 0; i < keys_count; i++) {
			const struct key_binding *b = &keys_table[i];
			int key = b->key == KEYS_OTHER ? 'Y' : b->key, rc;

			if (!(b->screens & KEYS_ON(s)))
				continue;
			assert_ptr_equal(keys_find(s, key), b);
			fx_open(x, s, 0, 100, 30);
			rc = app_key(&x->a, key);
			if (rc == APP_DONE)
				fail_msg("%s on the %s does nothing, yet the table binds it", name(b->key),
					 screen_name[s]);
			fx_close(x);
		}
	}
	free(x);
}

/* ---------------------------------------------------------------- the help */

static const char *row(const struct frame *f, int y)
{
	static char buf[4][1024];
	static int next;
	char *b = buf[next++ % 4];

	frame_row_text(f, y, b, sizeof(buf[0]));
	return b;
}

/* Whether the key column of text (from x = 1, names two spaces apart) holds name; with_text:
 * the row has the keys' text too, at TEXT_X. */
static int keycol_has(const char *text, const char *nm, int with_text)
{
	char col[TEXT_X + 64], *p;
	size_t len = strlen(text);

	if (len < 1 || text[0] != ' ')
		return 0;
	snprintf(col, sizeof(col), "%s", text + 1);
	if (with_text && len > TEXT_X)
		col[TEXT_X - 1] = '\0';
	for (p = col; *p;) {
		char *end = strstr(p, "  ");

		if (end)
			*end = '\0';
		if (strcmp(p, nm) == 0)
			return 1;
		if (!end)
			break;
		for (p = end + 2; *p == ' '; p++)
			;
	}
	return 0;
}

/* The row that gives binding b's text, with its name in its key column or, where the names
 * did not fit, in the key column of the row above; -1 if none. */
static int help_row_of(const struct frame *f, const struct key_binding *b)
{
	char nm[32];

	keys_name(b->key, nm, sizeof(nm));
	for (int y = 1; y < f->h - 1; y++) {
		const char *t = row(f, y);

		if (strlen(t) <= TEXT_X || strcmp(t + TEXT_X, b->help) != 0)
			continue;
		if (keycol_has(t, nm, 1) ||
		    (strspn(t, " ") == TEXT_X && keycol_has(row(f, y - 1), nm, 0)))
			return y;
	}
	return -1;
}

/* The help opened from each screen lists every binding of that screen: its name beside its
 * text. */
static void test_help_lists_every_binding(void **state)
{
	struct fx *x = malloc(sizeof(*x));

	(void)state;
	assert_non_null(x);
	for (int s = 0; s < NSCREENS; s++) {
		for (int ro = 0; ro < 2; ro++) {
			fx_open(x, MODE_LIST, 3, 120, 200);
			x->a.cfg.read_only = ro;
			x->a.mode = (enum app_mode)s;
			view_help_open(&x->a);
			assert_int_equal(x->a.back, s);
			app_draw(&x->a, &x->f);
			assert_non_null(strstr(row(&x->f, 0), "shmtop help: "));
			assert_null(strstr(row(&x->f, 0), "lines")); /* all of it fits */
			for (size_t i = 0; i < keys_count; i++)
				if ((keys_table[i].screens & KEYS_ON(s)) &&
				    help_row_of(&x->f, &keys_table[i]) < 0)
					fail_msg("the help of the %s does not list %s: %s", screen_name[s],
						 name(keys_table[i].key), keys_table[i].help);
			fx_close(x);
		}
	}
	free(x);
}

/* At 80x24 the table's help does not fit: it scrolls by line, page, to either end, and every
 * line of it, the last one and F10/q among them, can be brought on screen. */
static void test_help_scrolls(void **state)
{
	struct fx *tall = malloc(sizeof(*tall)), *x = malloc(sizeof(*x));
	static char lines[256][256];
	int n = 0, rows = 24 - 2, quit_y = -1, seen[256] = { 0 };
	long last_top = -1;
	char want[64];

	(void)state;
	assert_non_null(tall);
	assert_non_null(x);
	/* the whole help of the table, on a screen tall enough */
	fx_open(tall, MODE_HELP, 3, 80, 200);
	for (int y = 1; y < 199; y++)
		snprintf(lines[y - 1], sizeof(lines[0]), "%s", row(&tall->f, y));
	for (n = 198; n > 0 && !lines[n - 1][0]; n--)
		;
	assert_true(n > rows); /* it does not fit at 80x24 */
	for (int i = 0; i < n; i++)
		if (keycol_has(lines[i], "F10", 1) && keycol_has(lines[i], "q", 1))
			quit_y = i;
	assert_true(quit_y >= rows); /* not on the first page */

	/* at 80x24: the first page, then page by page to the end, every line once in its place */
	fx_open(x, MODE_HELP, 3, 80, 24);
	snprintf(want, sizeof(want), "shmtop help: the table  (lines 1-%d of %d)", rows, n);
	assert_string_equal(row(&x->f, 0), want);
	assert_string_equal(row(&x->f, 23), "Esc Back  Up/Dn Scroll");
	while (x->a.help_top != last_top) {
		last_top = x->a.help_top;
		for (int y = 1; y <= rows; y++) {
			assert_string_equal(row(&x->f, y), lines[x->a.help_top + y - 1]);
			seen[x->a.help_top + y - 1] = 1;
		}
		assert_int_equal(app_key(&x->a, APP_KEY_PGDN), APP_REDRAW);
		assert_int_equal(x->a.mode, MODE_HELP);
		app_draw(&x->a, &x->f);
	}
	for (int i = 0; i < n; i++)
		if (!seen[i])
			fail_msg("line %d of the help is never shown: '%s'", i, lines[i]);
	/* the end: the last line on the last row, and no further */
	assert_int_equal(x->a.help_top, n - rows);
	assert_string_equal(row(&x->f, rows), lines[n - 1]);
	app_key(&x->a, APP_KEY_DOWN);
	app_key(&x->a, APP_KEY_WHEEL_DOWN);
	assert_int_equal(x->a.help_top, n - rows);
	/* line by line, three by three, to the top and the end */
	app_key(&x->a, APP_KEY_UP);
	assert_int_equal(x->a.help_top, n - rows - 1);
	app_key(&x->a, 'k');
	app_key(&x->a, APP_KEY_WHEEL_UP);
	assert_int_equal(x->a.help_top, n - rows - 5);
	app_key(&x->a, 'j');
	assert_int_equal(x->a.help_top, n - rows - 4);
	app_key(&x->a, APP_KEY_HOME);
	assert_int_equal(x->a.help_top, 0);
	app_key(&x->a, APP_KEY_UP);
	assert_int_equal(x->a.help_top, 0);
	app_key(&x->a, APP_KEY_END);
	app_draw(&x->a, &x->f);
	assert_string_equal(row(&x->f, rows), lines[n - 1]);
	app_key(&x->a, APP_KEY_PGUP);
	assert_int_equal(x->a.help_top, n - rows - (rows - 1));
	/* F10/q: reachable, by scrolling to it */
	app_key(&x->a, APP_KEY_HOME);
	while (x->a.help_top + rows <= quit_y)
		app_key(&x->a, APP_KEY_DOWN);
	app_draw(&x->a, &x->f);
	assert_string_equal(row(&x->f, quit_y - (int)x->a.help_top + 1), lines[quit_y]);
	/* a screen that grows: it scrolls back into what it can show */
	assert_int_equal(frame_resize(&x->f, 80, 200), 0);
	app_set_size(&x->a, 80, 200);
	app_draw(&x->a, &x->f);
	assert_string_equal(row(&x->f, 0), "shmtop help: the table");
	assert_string_equal(row(&x->f, 1), lines[0]);
	app_key(&x->a, APP_KEY_DOWN);            /* and a key moves from what is shown */
	assert_int_equal(x->a.help_top, 0);
	/* any other key goes back, F10 quits */
	assert_int_equal(app_key(&x->a, APP_KEY_F10), APP_QUIT);
	assert_int_equal(app_key(&x->a, 'z'), APP_REDRAW);
	assert_int_equal(x->a.mode, MODE_LIST);
	fx_close(x);
	fx_close(tall);
	free(x);
	free(tall);
}

/* ---------------------------------------------------------------- the man page */

#define WORDS_MAX 512

struct words {
	char w[WORDS_MAX][48];
	size_t n;
};

static int words_has(const struct words *s, const char *w)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->w[i], w) == 0)
			return 1;
	return 0;
}

static void words_add(struct words *s, const char *w)
{
	if (!w[0] || words_has(s, w))
		return;
	assert_true(s->n < WORDS_MAX);
	snprintf(s->w[s->n++], sizeof(s->w[0]), "%s", w);
}

/* roff text to plain text: \- \e \& \(aq and the like. */
static void unescape(const char *in, size_t len, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 1 < size; i++) {
		if (in[i] != '\\' || i + 1 >= len) {
			out[o++] = in[i];
			continue;
		}
		i++;
		switch (in[i]) {
		case '-': out[o++] = '-'; break;
		case 'e': out[o++] = '\\'; break;
		case '&': break;
		case '(':
			if (i + 2 < len && strncmp(in + i + 1, "aq", 2) == 0)
				out[o++] = '\'';
			else
				out[o++] = '"';
			i += 2;
			break;
		case 'f': i++; break; /* a font change */
		default: out[o++] = in[i]; break;
		}
	}
	out[o] = '\0';
}

/* The arguments of a request line (".BR a b"), quotes honoured, unescaped. */
static size_t roff_args(const char *line, char args[][64], size_t max)
{
	const char *p = line + strcspn(line, " ");
	size_t n = 0;

	while (*p && n < max) {
		const char *start;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			start = ++p;
			while (*p && *p != '"')
				p++;
			unescape(start, (size_t)(p - start), args[n++], 64);
			if (*p)
				p++;
		} else {
			start = p;
			while (*p && *p != ' ')
				p++;
			unescape(start, (size_t)(p - start), args[n++], 64);
		}
	}
	return n;
}

/* The bold words of one line: .B (all its arguments, as one), .BR and .BI (the odd ones),
 * .RB and .IB (the even ones). */
static void bold_words(const char *line, struct words *out)
{
	char args[16][64];
	size_t n = roff_args(line, args, 16);
	int first = -1;

	if (strncmp(line, ".B ", 3) == 0) {
		char all[256] = "";

		for (size_t i = 0; i < n; i++)
			snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s", i ? " " : "",
				 args[i]);
		words_add(out, all);
		return;
	}
	if (strncmp(line, ".BR ", 4) == 0 || strncmp(line, ".BI ", 4) == 0)
		first = 0;
	else if (strncmp(line, ".RB ", 4) == 0 || strncmp(line, ".IB ", 4) == 0)
		first = 1;
	for (size_t i = (size_t)(first < 0 ? 0 : first); first >= 0 && i < n; i += 2)
		words_add(out, args[i]);
}

struct man {
	char *text;
	char *line[8192];
	size_t n;
};

static void man_load(struct man *m)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	long size;

	snprintf(path, sizeof(path), "%s/doc/shmtop.1", top && *top ? top : ".");
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	rewind(f);
	m->text = malloc((size_t)size + 1);
	assert_non_null(m->text);
	assert_int_equal(fread(m->text, 1, (size_t)size, f), (size_t)size);
	m->text[size] = '\0';
	fclose(f);
	m->n = 0;
	for (char *p = m->text, *nl; *p; p = nl + 1) {
		assert_true(m->n < 8192);
		m->line[m->n++] = p;
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
	}
}

/* The lines of the section (.SH) or subsection (.SS) called title: [*from, *to). */
static void man_section(const struct man *m, const char *title, size_t *from, size_t *to)
{
	int ss = 0;

	for (*from = 0; *from < m->n; (*from)++) {
		const char *l = m->line[*from];
		char t[128];

		if (strncmp(l, ".SH ", 4) != 0 && strncmp(l, ".SS ", 4) != 0)
			continue;
		unescape(l + 4, strlen(l + 4), t, sizeof(t));
		if (t[0] == '"')
			memmove(t, t + 1, strlen(t));
		if (t[0] && t[strlen(t) - 1] == '"')
			t[strlen(t) - 1] = '\0';
		if (strcmp(t, title) == 0) {
			ss = l[2] == 'S';
			break;
		}
	}
	if (*from == m->n)
		fail_msg("the man page has no section '%s'", title);
	for (*to = *from + 1; *to < m->n; (*to)++)
		if (strncmp(m->line[*to], ".SH", 3) == 0 || (ss && strncmp(m->line[*to], ".SS", 3) == 0))
			break;
}

/* The keys a section names: the tags of its .TP items only, or every bold word. */
static void man_keys(const struct man *m, const char *title, int tags_only, struct words *out)
{
	size_t from, to;

	man_section(m, title, &from, &to);
	out->n = 0;
	for (size_t i = from + 1; i < to; i++)
		if (!tags_only || strcmp(m->line[i - 1], ".TP") == 0)
			bold_words(m->line[i], out);
}

/* Whether the section's text says "any other key" (or "Any other key"). */
static int man_says(const struct man *m, const char *title, const char *phrase)
{
	size_t from, to;

	man_section(m, title, &from, &to);
	for (size_t i = from; i < to; i++)
		for (const char *p = m->line[i]; *p; p++)
			if (strncasecmp(p, phrase, strlen(phrase)) == 0)
				return 1;
	return 0;
}

/* Whether the screen binds "any other key" (KEYS_OTHER). */
static int has_other(int screen)
{
	for (size_t i = 0; i < keys_count; i++)
		if (keys_table[i].key == KEYS_OTHER && (keys_table[i].screens & KEYS_ON(screen)))
			return 1;
	return 0;
}

/* The keys of the table for screen, by name; those bound alike on every screen (Ctrl-L) only
 * with all. */
static void table_keys(int screen, int all, struct words *out)
{
	char nm[48];

	out->n = 0;
	for (size_t i = 0; i < keys_count; i++) {
		const struct key_binding *b = &keys_table[i];

		if (!(b->screens & KEYS_ON(screen)) || b->key == KEYS_OTHER ||
		    (!all && b->screens == keys_all))
			continue;
		words_add(out, keys_name(b->key, nm, sizeof(nm)));
	}
}

/* Where the man page documents each screen's keys. An exact section lists them as its .TP
 * items, no more and no fewer; the others name each one in bold somewhere. The keys bound alike
 * everywhere are documented once, among the segment table's. */
static const struct {
	int screen;
	const char *section;
	int exact;
} docs[] = {
	{ MODE_LIST, "Keys", 1 },
	{ MODE_HEX, "HEX VIEW", 1 },
	{ MODE_DETAIL, "Keys", 0 },
	{ MODE_LIMITS, "Keys", 0 },
	{ MODE_SORT, "Keys", 0 },
	{ MODE_USER, "Keys", 0 },
	{ MODE_HELP, "Help and function bar", 0 },
	{ MODE_CONFIRM, "REMOVING SEGMENTS", 0 },
	{ MODE_SETUP, "Setup", 1 },
	{ MODE_SHMEM, "WHERE THE SHMEM WENT", 0 },
	{ MODE_EVENTS, "Events", 1 },
};

static void test_man_page(void **state)
{
	struct man *m = malloc(sizeof(*m));
	struct words *table = malloc(sizeof(*table)), *man = malloc(sizeof(*man));
	char errors[4096] = "";
	int covered[NSCREENS] = { 0 };

	(void)state;
	assert_non_null(m);
	assert_non_null(table);
	assert_non_null(man);
	man_load(m);
	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		char only_table[1024] = "", only_man[1024] = "";

		table_keys(docs[d].screen, docs[d].screen == MODE_LIST, table);
		man_keys(m, docs[d].section, docs[d].exact, man);
		covered[docs[d].screen] = 1;
		for (size_t i = 0; i < table->n; i++)
			if (!words_has(man, table->w[i]))
				snprintf(only_table + strlen(only_table),
					 sizeof(only_table) - strlen(only_table), " %s", table->w[i]);
		for (size_t i = 0; docs[d].exact && i < man->n; i++)
			if (!words_has(table, man->w[i]))
				snprintf(only_man + strlen(only_man), sizeof(only_man) - strlen(only_man),
					 " %s", man->w[i]);
		if (has_other(docs[d].screen) && !man_says(m, docs[d].section, "any other key"))
			snprintf(only_table + strlen(only_table), sizeof(only_table) - strlen(only_table),
				 " (any other key)");
		if (only_table[0] || only_man[0])
			snprintf(errors + strlen(errors), sizeof(errors) - strlen(errors),
				 "\n  %s, man page section '%s':%s%s%s%s", screen_name[docs[d].screen],
				 docs[d].section, only_table[0] ? " in the key table only:" : "",
				 only_table, !only_man[0] ? "" : only_table[0] ? "; in the man page only:" :
				 " in the man page only:", only_man);
	}
	if (errors[0])
		fail_msg("the key table and doc/shmtop.1 differ:%s", errors);
	for (int s = 0; s < NSCREENS; s++)
		assert_true(covered[s]);
	free(m->text);
	free(m);
	free(table);
	free(man);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_coherent),
		cmocka_unit_test(test_unbound_keys_do_nothing),
		cmocka_unit_test(test_bound_keys_act),
		cmocka_unit_test(test_help_lists_every_binding),
		cmocka_unit_test(test_help_scrolls),
		cmocka_unit_test(test_man_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
