/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_setup.c - the setup screen (F2), as htop's: the colour scheme, the refresh delay, the sort
 * and its direction, and which columns the table on screen shows in which order. Each change
 * takes effect at once and goes into the settings that are saved when shmtop quits. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "table.h"
#include "view.h"

enum {
	ROW_COLORS, ROW_DELAY, ROW_SORT, ROW_ORDER, ROW_METER_SEGS, ROW_METER_MEM, ROW_METER_HIST,
	ROW_COLUMNS, ROW_FIRST_COLUMN
};

/* The refresh delays Left and Right step through. */
static const double delays[] = { 0.1, 0.2, 0.5, 1, 1.5, 2, 3, 5, 10, 15, 30, 60, 120, 300, 600,
				 1800, 3600 };
#define NDELAYS (sizeof(delays) / sizeof(delays[0]))

/* The columns of the table on screen as setup lists them: the ones shown, in their order, then
 * the other columns the dashboard can show, in the kind's order. Returns how many; *nshown of
 * them are shown. */
static size_t setup_columns(const struct app *a, uint8_t *out, size_t *nshown)
{
	const struct kind *k = a->m->kind;
	unsigned char shown[FIELD_MAX] = { 0 };
	size_t n = 0;

	for (size_t i = 0; a->m->columns[i] != FIELD_NONE; i++) {
		out[n++] = a->m->columns[i];
		shown[a->m->columns[i]] = 1;
	}
	*nshown = n;
	for (size_t i = 0; i < k->nfields && i < FIELD_MAX; i++)
		if ((k->fields[i].writers & FW_DASH) && !shown[i])
			out[n++] = (uint8_t)i;
	return n;
}

static long setup_rows(const struct app *a)
{
	uint8_t cols[FIELD_MAX];
	size_t shown;

	return ROW_FIRST_COLUMN + (long)setup_columns(a, cols, &shown);
}

/* The rows of the list that fit between the title and the status line. */
static int list_height(int h)
{
	return h - 4 > 1 ? h - 4 : 1;
}

/* Show the columns in cols (n of them) from now on: the app's own copy, which the settings keep
 * too. */
static void set_columns(struct app *a, const uint8_t *cols, size_t n)
{
	size_t k = (size_t)(a->m - a->models);

	memcpy(a->columns[k], cols, n);
	a->columns[k][n] = FIELD_NONE;
	a->m->columns = a->columns[k];
	if (a->cfg.rc)
		memcpy(a->cfg.rc->tables[k].columns, a->columns[k], n + 1);
	a->hscroll = 0;
	app_rebuild(a);
}

static void set_scheme(struct app *a, int step)
{
	a->cfg.scheme = (enum palette_scheme)(((int)a->cfg.scheme + step + PALETTE_COUNT) %
					      PALETTE_COUNT);
	if (a->cfg.rc)
		a->cfg.rc->scheme = (int)a->cfg.scheme;
}

static void step_delay(struct app *a, int step)
{
	double d = a->cfg.delay;
	size_t i;

	if (step > 0) {
		for (i = 0; i < NDELAYS && delays[i] <= d + 1e-9; i++)
			;
		if (i < NDELAYS)
			d = delays[i];
	} else {
		for (i = NDELAYS; i > 0 && delays[i - 1] >= d - 1e-9; i--)
			;
		if (i > 0)
			d = delays[i - 1];
	}
	app_set_delay(a, d);
}

static void step_sort(struct app *a, int step)
{
	uint8_t s = table_sort_step(a->m->kind, a->m->sort, step);

	a->m->sort = s;
	a->m->reverse = field_desc_first(&a->m->kind->fields[s]);
	app_remember_sort(a);
	app_rebuild(a);
}

/* Show or hide the column on row i of the list; the last one shown stays. */
static void toggle_column(struct app *a, size_t i)
{
	uint8_t cols[FIELD_MAX], next[FIELD_MAX];
	size_t shown, n = setup_columns(a, cols, &shown), m = 0;

	if (i >= n)
		return;
	if (i < shown && shown == 1) {
		app_status(a, 1, "the table keeps at least one column");
		return;
	}
	for (size_t j = 0; j < shown; j++)
		if (j != i)
			next[m++] = cols[j];
	if (i >= shown)
		next[m++] = cols[i]; /* shown from now on, last */
	set_columns(a, next, m);
	/* the selection follows the column to where the list has it now (a hidden one goes among
	 * the others in the kind's order), so Space again undoes */
	n = setup_columns(a, next, &shown);
	for (size_t j = 0; j < n; j++)
		if (next[j] == cols[i])
			a->setup_sel = ROW_FIRST_COLUMN + (long)j;
}

/* Move the shown column on row i up (step -1) or down (1) among the shown ones. */
static void move_column(struct app *a, size_t i, int step)
{
	uint8_t cols[FIELD_MAX], t;
	size_t shown;

	setup_columns(a, cols, &shown);
	if (i >= shown) {
		app_status(a, 1, "show the column first (Space), then move it");
		return;
	}
	if ((step < 0 && i == 0) || (step > 0 && i + 1 >= shown))
		return;
	t = cols[i];
	cols[i] = cols[(size_t)((long)i + step)];
	cols[(size_t)((long)i + step)] = t;
	set_columns(a, cols, shown);
	a->setup_sel += step;
}

static void select_row(struct app *a, long delta, int height)
{
	long n = setup_rows(a), top = a->setup_top;

	model_clamp(&a->setup_sel, &top, n, delta, height);
	if (a->setup_sel == ROW_COLUMNS) /* a title, not a setting: step over it */
		model_clamp(&a->setup_sel, &top, n, delta < 0 ? -1 : 1, height);
	a->setup_top = top;
}

void view_setup_open(struct app *a)
{
	a->mode = MODE_SETUP;
	a->setup_sel = ROW_COLORS;
	a->setup_top = 0;
}

static int setup_key(struct app *a, int key)
{
	enum key_action act = keys_action(MODE_SETUP, key);
	int height = list_height(a->frame_h);
	long sel = a->setup_sel;
	int step = act == ACT_LEFT ? -1 : 1;

	switch (act) {
	case ACT_UP: select_row(a, -1, height); break;
	case ACT_DOWN: select_row(a, 1, height); break;
	case ACT_PGUP: select_row(a, -height, height); break;
	case ACT_PGDN: select_row(a, height, height); break;
	case ACT_HOME: select_row(a, -setup_rows(a), height); break;
	case ACT_END: select_row(a, setup_rows(a), height); break;
	case ACT_LEFT:
	case ACT_RIGHT:
	case ACT_TAG:
		if (sel == ROW_COLORS) {
			set_scheme(a, step);
			return APP_REDRAW | APP_RESTYLE;
		}
		if (sel == ROW_DELAY && act != ACT_TAG)
			step_delay(a, step);
		else if (sel == ROW_SORT && act != ACT_TAG)
			step_sort(a, step);
		else if (sel >= ROW_METER_SEGS && sel <= ROW_METER_HIST) {
			a->cfg.no_meters ^= 1u << (sel - ROW_METER_SEGS);
			if (a->cfg.rc)
				a->cfg.rc->meters = (int)VIEW_METERS(a);
			app_set_size(a, a->frame_w, a->frame_h); /* the header's rows changed */
		} else if (sel == ROW_ORDER) {
			a->m->reverse = !a->m->reverse;
			app_remember_sort(a);
			app_rebuild(a);
		} else if (sel >= ROW_FIRST_COLUMN && act == ACT_TAG)
			toggle_column(a, (size_t)(sel - ROW_FIRST_COLUMN));
		break;
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
		if (sel >= ROW_FIRST_COLUMN)
			move_column(a, (size_t)(sel - ROW_FIRST_COLUMN), act == ACT_MOVE_UP ? -1 : 1);
		select_row(a, 0, height);
		break;
	case ACT_HELP: view_help_open(a); break;
	case ACT_REPAINT: return APP_REPAINT;
	case ACT_BACK:
		a->mode = MODE_LIST;
		break;
	default: return APP_DONE;
	}
	return APP_REDRAW;
}

/* One row of the list: a label and its value, or a column with its box. */
static void setup_row(struct app *a, struct frame *f, int y, long row, const uint8_t *cols,
		      size_t shown)
{
	const struct kind *k = a->m->kind;
	enum frame_style st = row == a->setup_sel ? STYLE_SELECTED : STYLE_NORMAL;
	char buf[256];
	const char *label = NULL;

	switch (row) {
	case ROW_COLORS:
		label = "Colours";
		snprintf(buf, sizeof(buf), "< %s >", palette_name(a->cfg.scheme));
		break;
	case ROW_DELAY:
		label = "Refresh delay";
		snprintf(buf, sizeof(buf), "< %gs >", a->cfg.delay);
		break;
	case ROW_SORT:
		label = "Sort by";
		snprintf(buf, sizeof(buf), "< %s >", k->fields[a->m->sort].name);
		break;
	case ROW_ORDER:
		label = "Sort order";
		snprintf(buf, sizeof(buf), "%s", a->m->reverse ? "descending (largest first)" :
			 "ascending (smallest first)");
		break;
	case ROW_METER_SEGS:
	case ROW_METER_MEM:
	case ROW_METER_HIST: {
		static const char *const what[] = {
			"segments used against shmmni", "bytes used against shmall",
			"history of the bytes used, and each kind's count",
		};
		int bit = (int)(row - ROW_METER_SEGS);

		label = bit == 0 ? "Header meters" : "";
		snprintf(buf, sizeof(buf), "[%c] %s", VIEW_METERS(a) & (1u << bit) ? 'x' : ' ',
			 what[bit]);
		break;
	}
	case ROW_COLUMNS:
		snprintf(buf, sizeof(buf), "Columns of the %s table (Space shows or hides, "
			 "F7/F8 move):", k->name);
		frame_put(f, y, 1, f->w - 1, STYLE_LABEL, buf);
		return;
	default: {
		size_t i = (size_t)(row - ROW_FIRST_COLUMN);
		const struct field *fd = &k->fields[cols[i]];

		snprintf(buf, sizeof(buf), " [%c] %-14s %s%s%s%s", i < shown ? 'x' : ' ', fd->title,
			 fd->name, fd->alias ? " (lsipc " : "", fd->alias ? fd->alias : "",
			 fd->alias ? ")" : "");
		frame_fill(f, y, 1, f->w - 2, st, ' ');
		frame_put(f, y, 1, f->w - 2, st, buf);
		return;
	}
	}
	frame_put(f, y, 2, 18, STYLE_LABEL, label);
	frame_fill(f, y, 20, f->w - 21, st, ' ');
	frame_put(f, y, 20, f->w - 21, st, buf);
}

static void setup_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "F1", "Help  ", "Space", "Change  ", "F7", "Up    ",
					    "F8", "Down  ", "F10", "Done  ", NULL, NULL };
	uint8_t cols[FIELD_MAX];
	size_t shown, n = setup_columns(a, cols, &shown);
	long rows = ROW_FIRST_COLUMN + (long)n, top = a->setup_top, sel = a->setup_sel;
	int height = list_height(f->h);
	char title[1100], where[1024]; /* a long path: cut short */

	model_clamp(&sel, &top, rows, 0, height); /* the terminal may have shrunk */
	if (a->cfg.rc_path && a->cfg.rc_path[0]) {
		fmt_escape(where, sizeof(where), a->cfg.rc_path);
		snprintf(title, sizeof(title), "Setup: saved to %s when shmtop quits", where);
	} else {
		snprintf(title, sizeof(title), "Setup: for this run only (no settings file)");
	}
	frame_fill(f, 0, 0, f->w, STYLE_TITLE, ' ');
	frame_put(f, 0, 0, f->w, STYLE_TITLE, title);
	for (long r = top; r < rows && r - top < height; r++)
		setup_row(a, f, 2 + (int)(r - top), r, cols, shown);
	view_draw_status(a, f, f->h - 2);
	view_draw_fbar(a, f, fbar);
}

const struct view view_setup = { "setup", setup_draw, setup_key };
