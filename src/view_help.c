/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_help.c - the help screen, generated from the key table (keys.c) for the screen it was
 * opened from: what its marks and function bar mean, its keys by group, then the keys of the
 * menus and questions it opens and of this help; it scrolls when it does not fit. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "view.h"

#define HELP_MAX 192   /* lines; the longest help (the table's) has about 70 */
#define KEYS_W 20      /* the key column, from x = 1 */
#define TEXT_X 22      /* where a key's help text starts */

enum line_kind { LINE_BLANK, LINE_HEADING, LINE_KEYS, LINE_NOTE };

struct help_line {
	enum line_kind kind;
	char keys[96];     /* LINE_KEYS: the names, two spaces apart ("" when it goes on the line
			    * before: a wrapped entry) */
	const char *text;  /* the heading, the note, or the keys' text (NULL when it goes on the next
			    * line) */
};

struct help {
	struct help_line v[HELP_MAX];
	int n;
};

static const char *const screen_names[] = {
	[MODE_LIST] = "the table", [MODE_DETAIL] = "the detail view",
	[MODE_HELP] = "this help", [MODE_SORT] = "the sort menu", [MODE_USER] = "the user menu",
	[MODE_CONFIRM] = "the removal question", [MODE_HEX] = "the hex view",
	[MODE_LIMITS] = "the limits panel", [MODE_SETUP] = "the setup screen",
	[MODE_SHMEM] = "the Shmem breakdown", [MODE_EVENTS] = "the events screen",
};

/* The screens without a help of their own that a screen opens: their keys follow its own. */
static const struct part {
	enum app_mode from;
	unsigned screens;
	const char *title;
} parts[] = {
	{ MODE_LIST, KEYS_ON(MODE_SORT) | KEYS_ON(MODE_USER), "In the sort and user menus" },
	{ MODE_LIST, KEYS_ON(MODE_SETUP), "In the setup screen" },
	{ MODE_LIST, KEYS_ON(MODE_EVENTS), "In the events screen" },
	{ MODE_LIST, KEYS_ON(MODE_LIMITS) | KEYS_ON(MODE_SHMEM),
	  "In the limits panel and the Shmem breakdown" },
	{ MODE_LIST, KEYS_ON(MODE_CONFIRM), "In the removal question" },
	{ MODE_DETAIL, KEYS_ON(MODE_CONFIRM), "In the removal question" },
};

static struct help_line *add(struct help *h, enum line_kind kind, const char *text)
{
	struct help_line *l;

	if (h->n >= HELP_MAX)
		return NULL;
	l = &h->v[h->n++];
	l->kind = kind;
	l->keys[0] = '\0';
	l->text = text;
	return l;
}

/* A heading, after a blank line unless it is the first line. */
static void heading(struct help *h, const char *title)
{
	if (h->n)
		add(h, LINE_BLANK, NULL);
	add(h, LINE_HEADING, title);
}

/* Whether binding b is listed in a section of the screens `on` that leaves out what `skip`
 * (the screen whose own keys were listed already) shares with them. */
static int listed(const struct key_binding *b, unsigned on, unsigned skip)
{
	return (b->screens & on) && !(b->screens & skip);
}

/* Whether name is one of the names in list (two spaces apart). */
static int has_name(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)) != NULL; p++)
		if ((p == list || (p - list >= 2 && p[-1] == ' ' && p[-2] == ' ')) &&
		    (p[n] == '\0' || (p[n] == ' ' && p[n + 1] == ' ')))
			return 1;
	return 0;
}

/* One line per text: the names of every listed binding with that text. */
static void entry(struct help *h, size_t i, unsigned on, unsigned skip)
{
	const struct key_binding *b = &keys_table[i];
	struct help_line *l;
	size_t len = 0;

	for (size_t k = 0; k < i; k++)
		if (listed(&keys_table[k], on, skip) && strcmp(keys_table[k].help, b->help) == 0)
			return; /* its line is there already */
	l = add(h, LINE_KEYS, b->help);
	if (!l)
		return;
	for (size_t k = i; k < keys_count; k++) {
		const struct key_binding *o = &keys_table[k];
		char name[32];

		if (!listed(o, on, skip) || strcmp(o->help, b->help) != 0)
			continue;
		if (has_name(l->keys, keys_name(o->key, name, sizeof(name))))
			continue; /* two keys of one name (the wheel's two ways) */
		len += (size_t)snprintf(l->keys + len, sizeof(l->keys) - len, "%s%s", len ? "  " : "",
					name);
		if (len >= sizeof(l->keys))
			len = sizeof(l->keys) - 1;
	}
	if (strlen(l->keys) > KEYS_W) {
		/* too many keys for the column: the text goes on the next line */
		l->text = NULL;
		l = add(h, LINE_KEYS, b->help);
	}
}

/* The keys of the screens `on`, by group with headings, or under one title. */
static void section(struct help *h, unsigned on, unsigned skip, const char *title)
{
	if (title)
		heading(h, title);
	for (int g = 0; g < KEYS_NGROUPS; g++) {
		int first = 1;

		for (size_t i = 0; i < keys_count; i++) {
			if (keys_table[i].group != (enum key_group)g || !listed(&keys_table[i], on, skip))
				continue;
			if (first && !title)
				heading(h, keys_group_name((enum key_group)g));
			first = 0;
			entry(h, i, on, skip);
		}
	}
}

/* What the marks of the screen mean, what asks before it acts, and the function bar. */
static void notes(struct help *h, const struct app *a, enum app_mode s)
{
	static const char *const marks[] = {
		[MODE_LIST] = "Rows: + new, - gone (or unlinked, still open), * tagged, ! leak suspect; "
			      "changed cells are lit.",
		[MODE_DETAIL] = "A changed nattch is lit; a process that is gone is dimmed.",
		[MODE_HEX] = "Changed bytes are lit and fade; the status line says how they are read.",
	};

	if (s < sizeof(marks) / sizeof(marks[0]) && marks[s])
		add(h, LINE_NOTE, marks[s]);
	if (s == MODE_LIST || s == MODE_DETAIL)
		add(h, LINE_NOTE, a->replay_ns ? "A replay shows the past: nothing can be removed "
		    "in it." : a->cfg.read_only ? "Removal is disabled (--read-only)." :
		    "Removal (or unlinking) asks first; the answer defaults to No.");
	add(h, LINE_NOTE, "The bar at the bottom shows the main keys; a dashed one is disabled.");
}

static void compose(struct help *h, const struct app *a)
{
	enum app_mode s = a->back;
	unsigned own = KEYS_ON(s);

	h->n = 0;
	notes(h, a, s);
	section(h, own, 0, NULL);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i].from == s)
			section(h, parts[i].screens, own, parts[i].title);
	if (s != MODE_HELP)
		section(h, KEYS_ON(MODE_HELP), own, "In this help");
}

/* Rows for the text: all but the title and the function bar. */
static int text_rows(int h)
{
	return h - 2 > 1 ? h - 2 : 1;
}

/* top kept within the help's n lines shown rows at a time. */
static long clamp(long top, int n, int rows)
{
	if (top > n - rows)
		top = n - rows;
	return top < 0 ? 0 : top;
}

void view_help_open(struct app *a)
{
	a->back = a->mode;
	a->mode = MODE_HELP;
	a->help_top = 0;
}

static void help_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "Esc", "Back  ", NULL, NULL };
	static const char *const fbar_more[] = { "Esc", "Back  ", "Up/Dn", "Scroll", NULL, NULL };
	struct help h;
	int rows = text_rows(f->h);
	long top;
	char title[160];

	compose(&h, a);
	top = clamp(a->help_top, h.n, rows); /* the terminal may have shrunk since the last key */
	snprintf(title, sizeof(title), "shmtop help: %s", screen_names[a->back]);
	if (h.n > rows)
		snprintf(title + strlen(title), sizeof(title) - strlen(title), "  (lines %ld-%ld of %d)",
			 top + 1, top + rows, h.n);
	frame_fill(f, 0, 0, f->w, STYLE_TITLE, ' ');
	frame_put(f, 0, 0, f->w, STYLE_TITLE, title);
	for (int y = 1; y <= rows && top + y - 1 < h.n; y++) {
		const struct help_line *l = &h.v[top + y - 1];

		switch (l->kind) {
		case LINE_BLANK:
			break;
		case LINE_HEADING:
			frame_put(f, y, 0, f->w, STYLE_LABEL, l->text);
			break;
		case LINE_NOTE:
			frame_put(f, y, 1, f->w - 1, STYLE_DIM, l->text);
			break;
		case LINE_KEYS:
			frame_put(f, y, 1, f->w - 1, STYLE_FKEY, l->keys);
			if (l->text)
				frame_put(f, y, TEXT_X, f->w - TEXT_X, STYLE_NORMAL, l->text);
			break;
		}
	}
	view_draw_fbar(a, f, h.n > rows ? fbar_more : fbar);
}

static int help_key(struct app *a, int key)
{
	int rows = text_rows(a->frame_h), page = rows > 1 ? rows - 1 : 1;
	enum key_action act = keys_action(MODE_HELP, key);
	struct help h;

	switch (act) {
	case ACT_QUIT: return APP_QUIT;
	case ACT_BACK: a->mode = a->back; return APP_REDRAW;
	case ACT_UP: a->help_top -= 1; break;
	case ACT_DOWN: a->help_top += 1; break;
	case ACT_WHEEL_UP: a->help_top -= 3; break;
	case ACT_WHEEL_DOWN: a->help_top += 3; break;
	case ACT_PGUP: a->help_top -= page; break;
	case ACT_PGDN: a->help_top += page; break;
	case ACT_HOME: a->help_top = 0; break;
	case ACT_END: a->help_top = HELP_MAX; break;
	default: return APP_DONE;
	}
	compose(&h, a);
	a->help_top = clamp(a->help_top, h.n, rows);
	return APP_REDRAW;
}

const struct view view_help = { "help", help_draw, help_key };
