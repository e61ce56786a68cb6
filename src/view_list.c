/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_list.c - the segment table: header, columns, highlighted rows, search and filter prompt,
 * and what the keys of the main screen (keys.c: htop's keys) do there. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "fmt.h"
#include "leak.h"
#include "kind_proc.h"
#include "view.h"

static void select_move(struct app *a, long delta)
{
	model_move(a->m, delta, a->list_height);
}

static void select_index(struct app *a, long i)
{
	select_move(a, i - a->m->sel);
}

/* Select the next row matching the search, starting at from (wrapping). */
static int search_from(struct app *a, long from)
{
	long n = (long)a->m->nrows;

	for (long k = 0; k < n; k++) {
		long i = ((from + k) % n + n) % n;

		if (app_row_matches(a, &a->m->track.rows[a->m->rows[i]], a->search)) {
			select_index(a, i);
			return 1;
		}
	}
	return 0;
}

static void search_report(struct app *a, int found)
{
	char msg[128];

	if (found) {
		a->status[0] = '\0';
		return;
	}
	snprintf(msg, sizeof(msg), "nothing matches '%s'", a->search);
	app_status(a, 1, msg);
}

static void set_sort(struct app *a, uint8_t key, int reverse)
{
	a->m->sort = key;
	a->m->reverse = reverse;
	app_remember_sort(a);
	app_rebuild(a);
}

/* Sort by another column, in its first direction (field_desc_first). */
static void sort_to(struct app *a, uint8_t key)
{
	set_sort(a, key, field_desc_first(&a->m->kind->fields[key]));
}

static int digit(int key, const char *text)
{
	(void)text;
	return key >= '0' && key <= '9';
}

/* digits and one point */
static int decimal(int key, const char *text)
{
	return digit(key, text) || (key == '.' && !strchr(text, '.'));
}

/* The pid prompt of N: digits only; Enter switches namespace. */
static int ns_key(struct app *a, int key)
{
	char *end;
	long pid;

	if (key == APP_KEY_ESC) {
		a->input = INPUT_NONE;
		return APP_REDRAW;
	}
	if (key == APP_KEY_ENTER) {
		a->input = INPUT_NONE;
		pid = strtol(a->nspid, &end, 10);
		if (!a->nspid[0] || *end || pid <= 0 || pid > INT32_MAX) {
			app_status(a, 1, "give the pid of a process in the IPC namespace to view");
			return APP_REDRAW;
		}
		return APP_REDRAW | (app_enter_ns(a, (int32_t)pid) == 0 ? APP_POLL_NOW : 0);
	}
	app_text_key(a->nspid, sizeof(a->nspid), key, digit);
	return APP_REDRAW;
}

/* The delay prompt of s: digits and one point; Enter sets the refresh delay (0.1 to 86400 s,
 * as -d takes it). */
static int delay_key(struct app *a, int key)
{
	char msg[64], *end;
	double d;

	if (key == APP_KEY_ESC) {
		a->input = INPUT_NONE;
		return APP_REDRAW;
	}
	if (key == APP_KEY_ENTER) {
		a->input = INPUT_NONE;
		d = strtod(a->delay_text, &end);
		if (!a->delay_text[0] || *end || !(d >= RC_DELAY_MIN && d <= RC_DELAY_MAX)) {
			app_status(a, 1, "the delay is a number of seconds from 0.1 to 86400");
			return APP_REDRAW;
		}
		app_set_delay(a, d);
		snprintf(msg, sizeof(msg), "refreshing every %.1fs", d);
		app_status(a, 0, msg);
		return APP_REDRAW | APP_POLL_NOW;
	}
	app_text_key(a->delay_text, sizeof(a->delay_text), key, decimal);
	return APP_REDRAW;
}

static int input_key(struct app *a, int key)
{
	char *text = a->input == INPUT_SEARCH ? a->search : a->filter;
	size_t len = strlen(text);

	if (a->input == INPUT_NS)
		return ns_key(a, key);
	if (a->input == INPUT_DELAY)
		return delay_key(a, key);
	if (key == APP_KEY_ENTER) {
		a->input = INPUT_NONE;
		return APP_REDRAW;
	}
	if (key == APP_KEY_ESC) {
		if (a->input == INPUT_FILTER) {
			a->filter[0] = '\0';
			app_rebuild(a);
		}
		a->input = INPUT_NONE;
		return APP_REDRAW;
	}
	if (key == APP_KEY_F3 && a->input == INPUT_SEARCH) {
		search_report(a, search_from(a, a->m->sel + 1));
		return APP_REDRAW;
	}
	if (key == APP_KEY_BACKSPACE || key == 127 || key == 8) {
		if (len)
			text[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < APP_TEXT_MAX) {
		text[len] = (char)key;
		text[len + 1] = '\0';
	} else {
		return APP_DONE;
	}
	if (a->input == INPUT_SEARCH)
		search_report(a, search_from(a, a->m->sel < 0 ? 0 : a->m->sel));
	else
		app_rebuild(a);
	return APP_REDRAW;
}

/* What the table's cells are formatted with. */
/* What the table's cells are formatted with: the caches as prepare filled them. */
static struct field_ctx cell_ctx(struct app *a)
{
	struct field_ctx c = { .names = &a->names, .names_cached = 1,
			       .pids = a->have_pids ? &a->pids : NULL, .now = a->now,
			       .abs_time = a->abs_time, .bytes = a->cfg.bytes,
			       .attachers = a->cfg.show_procs ? &a->attachers : NULL,
			       .posix = &a->posix, .psems = a->psems };

	if (a->events.n) { /* a creator gone a millisecond after it made the object: traced */
		c.traced = app_traced_cmdline;
		c.tctx = a;
	}
	return c;
}

static const uint8_t *table_columns(const struct app *a)
{
	return a->m->columns;
}

/* Scrolled sideways (a->hscroll > 0), the table lays every column out as on a terminal this
 * wide, and shows the window of it that starts a->hscroll cells in. */
#define LIST_WIDE 4096

/* The table's column widths at width: columns_widths, the fill columns (a POSIX object's NAME,
 * MAPPED BY) sized by the longest text among the rows in view. */
static void table_widths(struct app *a, const uint8_t *ids, size_t ncols, int width,
			 const struct field_ctx *c, int *widths)
{
	int want[FIELD_MAX];
	char buf[1024];

	for (size_t k = 0; k < ncols; k++) {
		const struct field *f = &a->m->kind->fields[ids[k]];

		want[k] = -1;
		if (!(f->writers & FW_FILL))
			continue;
		want[k] = (int)strlen(f->title);
		for (long i = a->m->top; i < (long)a->m->nrows && i < a->m->top + a->list_height; i++) {
			int tw;

			field_text(f, model_obj(a->m, (size_t)i), c, buf, sizeof(buf));
			tw = (int)strlen(buf);
			if (tw > want[k])
				want[k] = tw;
		}
	}
	columns_widths(a->m->kind, ids, ncols, width, c, want, widths);
}

/* Left and Right: scroll the table sideways by 8 cells, as far as its last column. */
static void hscroll_by(struct app *a, int by)
{
	struct field_ctx c = cell_ctx(a);
	uint8_t ids[FIELD_MAX];
	int widths[FIELD_MAX], total = 1;
	size_t ncols = columns_layout(a->m->kind, table_columns(a), LIST_WIDE, &c, ids);

	table_widths(a, ids, ncols, LIST_WIDE, &c, widths);
	for (size_t k = 0; k < ncols; k++)
		total += widths[k] + 1;
	a->hscroll += by;
	if (a->hscroll > total - a->frame_w)
		a->hscroll = total - a->frame_w;
	if (a->hscroll < 0)
		a->hscroll = 0;
}

/* The column under screen column x, as the table is laid out at the current width; -1 none. */
static int column_at(struct app *a, int x)
{
	struct field_ctx c = cell_ctx(a);
	uint8_t ids[FIELD_MAX];
	int widths[FIELD_MAX];
	int layout_w = a->hscroll ? LIST_WIDE : a->frame_w;
	size_t ncols = columns_layout(a->m->kind, table_columns(a), layout_w, &c, ids);
	int cx = 1 - a->hscroll;

	table_widths(a, ids, ncols, layout_w, &c, widths);
	for (size_t i = 0; i < ncols; i++) {
		int w = widths[i];

		if (x >= cx && x < cx + w + 1)
			return ids[i];
		cx += w + 1;
	}
	return -1;
}

static int click(struct app *a)
{
	if (a->mouse_y == a->header_y) {
		int id = column_at(a, a->mouse_x);

		if (id >= 0 && field_sortable(&a->m->kind->fields[id])) {
			uint8_t k = (uint8_t)id;

			/* the same column inverts; another starts as htop would (largest first
			 * for a quantity) */
			set_sort(a, k, k == a->m->sort ? !a->m->reverse :
				 field_desc_first(&a->m->kind->fields[k]));
		}
		return APP_REDRAW;
	}
	if (a->mouse_y >= a->list_y && a->mouse_y < a->list_y + a->list_height) {
		long i = a->m->top + (a->mouse_y - a->list_y);

		if (i < (long)a->m->nrows)
			select_index(a, i);
	}
	return APP_REDRAW;
}

static int list_key(struct app *a, int key)
{
	enum key_action act;
	long page = a->list_height > 1 ? a->list_height - 1 : 1;
	char msg[128];

	if (a->input != INPUT_NONE)
		return input_key(a, key);
	act = keys_action(a->mode, key);
	if (act != ACT_NONE && act != ACT_CLICK && act != ACT_WHEEL_UP && act != ACT_WHEEL_DOWN)
		a->status[0] = '\0';
	switch (act) {
	case ACT_UP: select_move(a, -1); break;
	case ACT_LEFT: hscroll_by(a, -8); break;
	case ACT_RIGHT: hscroll_by(a, 8); break;
	case ACT_DOWN: select_move(a, 1); break;
	case ACT_PGUP: select_move(a, -page); break;
	case ACT_PGDN: select_move(a, page); break;
	case ACT_HOME: select_index(a, 0); break;
	case ACT_END: select_index(a, (long)a->m->nrows - 1); break;
	case ACT_WHEEL_UP: select_move(a, -3); break;
	case ACT_WHEEL_DOWN: select_move(a, 3); break;
	case ACT_DETAIL:
		if (a->m->kind == &kind_proc)
			return app_proc_jump(a);
		if (app_selected(a)) {
			a->mode = MODE_DETAIL;
			a->body_top = 0;
		}
		break;
	case ACT_HELP: view_help_open(a); break;
	case ACT_SEARCH:
		a->input = INPUT_SEARCH;
		a->search[0] = '\0';
		break;
	case ACT_SEARCH_NEXT:
		if (a->search[0])
			search_report(a, search_from(a, a->m->sel + 1));
		else
			app_status(a, 1, "no search yet: press / or F3 to search");
		break;
	case ACT_FILTER:
		a->input = INPUT_FILTER;
		break;
	case ACT_USER:
		app_user_menu_open(a);
		break;
	case ACT_SORT_MENU:
		a->menu_sel = (long)table_sort_pos(a->m->kind, a->m->sort);
		a->mode = MODE_SORT;
		break;
	case ACT_SORT_PREV:
		sort_to(a, table_sort_step(a->m->kind, a->m->sort, -1));
		break;
	case ACT_SORT_NEXT:
		sort_to(a, table_sort_step(a->m->kind, a->m->sort, 1));
		break;
	case ACT_INVERT: set_sort(a, a->m->sort, !a->m->reverse); break;
	case ACT_TAG: {
		struct track_row *r = app_selected(a);

		if (r) {
			r->tagged = !r->tagged;
			select_move(a, 1);
		}
		break;
	}
	case ACT_UNTAG_ALL: track_untag_all(&a->m->track); break;
	case ACT_REMOVE: app_confirm_open(a); break;
	case ACT_PAUSE:
		a->paused = !a->paused;
		app_status(a, 0, a->paused ? "paused: press Z or p to resume" : "resumed");
		return APP_REDRAW | (a->paused ? 0 : APP_POLL_NOW);
	case ACT_TIME: a->abs_time = !a->abs_time; break;
	case ACT_QUIT: return APP_QUIT;
	case ACT_HEX: app_hex_open(a); break;
	case ACT_LEAKS:
		a->leak_only = !a->leak_only;
		app_rebuild(a);
		snprintf(msg, sizeof(msg), "showing %s %s", a->leak_only ? "only the leak suspects among" :
			 "all", a->m->kind->noun);
		app_status(a, 0, msg);
		break;
	case ACT_PROCS:
		if (a->m->kind != &kind_shm)
			return APP_DONE;
		a->cfg.show_procs = !a->cfg.show_procs;
		app_status(a, 0, a->cfg.show_procs ? "PROCESSES column on: attached processes are "
			   "scanned from /proc/PID/maps" : "PROCESSES column off");
		return APP_REDRAW | APP_POLL_NOW;
	case ACT_LIMITS:
		a->mode = MODE_LIMITS;
		a->body_top = 0;
		break;
	case ACT_SETUP: view_setup_open(a); break;
	case ACT_EVENTS:
		a->mode = MODE_EVENTS;
		a->events.sel = a->events.top = 0;
		return APP_REDRAW | (a->events.on ? 0 : APP_TRACE);
	case ACT_SHMEM:
		a->mode = MODE_SHMEM;
		a->body_top = 0;
		return APP_REDRAW | APP_POLL_NOW; /* the segments' rss as of now, and the scan */
	case ACT_DELAY:
		a->input = INPUT_DELAY;
		a->delay_text[0] = '\0';
		break;
	case ACT_NS:
		a->input = INPUT_NS;
		a->nspid[0] = '\0';
		break;
	case ACT_NEXT_TABLE:
		app_next_table(a);
		return APP_REDRAW | APP_POLL_NOW; /* what only its table needs (mappers) is read now */
	case ACT_CLICK: return click(a);
	case ACT_CLEAR_FILTER:
		if (app_proc_unjump(a))
			break;
		if (a->filter[0]) {
			a->filter[0] = '\0';
			app_rebuild(a);
		}
		break;
	default: return APP_DONE;
	}
	return APP_REDRAW;
}

static void draw_row(struct app *a, struct frame *f, int y, long i, const uint8_t *ids,
		     const int *widths, size_t ncols, struct field_ctx *c)
{
	const struct track_row *r = &a->m->track.rows[a->m->rows[i]];
	int selected = i == a->m->sel, x = 1 - a->hscroll;
	enum frame_style base = STYLE_NORMAL;
	const char *mark = " ";

	c->leak = app_row_leak(a, r);
	c->suspect = leak_is_suspect(c->leak);
	if (track_is_gone(r) || (a->m->kind->going && a->m->kind->going(track_obj(&a->m->track, r)))) {
		base = STYLE_GONE;
		mark = "-";
	} else if (track_is_new(&a->m->track, r)) {
		base = STYLE_NEW;
		mark = "+";
	}
	if (base == STYLE_NORMAL && c->suspect) {
		base = STYLE_LEAK;
		mark = "!";
	}
	if (r->tagged) {
		base = STYLE_TAGGED;
		mark = "*";
	}
	if (selected)
		frame_fill(f, y, 0, f->w, STYLE_SELECTED, ' ');
	for (size_t k = 0; k < ncols; k++) {
		const struct field *fd = &a->m->kind->fields[ids[k]];
		char buf[256];
		int w = widths[k], tw;
		enum frame_style st = field_text(fd, track_obj(&a->m->track, r), c, buf, sizeof(buf));

		if (base != STYLE_NORMAL)
			st = base;
		else if (track_changed(&a->m->track, r, (1ull << ids[k]) |
					    (fd->follows ? 1ull << fd->follows : 0)))
			st = STYLE_CHANGED;
		if (selected)
			st = STYLE_SELECTED;
		if (k == ncols - 1 && !fd->right && f->w - x > w)
			w = f->w - x; /* the last column may use the rest of the line */
		tw = frame_text_width(f, buf);
		frame_put(f, y, fd->right && tw < w ? x + w - tw : x, w, st, buf);
		x += widths[k] + 1;
	}
	/* the mark last: a column scrolled sideways (a->hscroll) may have run under it */
	frame_put(f, y, 0, 1, selected ? STYLE_SELECTED : base, mark);
}

static void list_draw(struct app *a, struct frame *f)
{
	/* F9 removes (IPC_RMID) a System V object and unlinks a POSIX one; -R dashes it, and so
	 * does a kind that cannot be removed (the processes) */
	const char *f9 = a->cfg.read_only || !a->m->kind->remove ? "~------" :
			 a->m->kind->unlinks ? "Unlink" : "Remove";
	const char *const fbar[] = {
		"F1", "Help  ", "F2", "Setup ", "F3", "Search", "F4", "Filter", "F6", "SortBy", "F9", f9,
		"F10", "Quit  ", NULL, NULL,
	};
	struct field_ctx ctx = cell_ctx(a);
	uint8_t ids[FIELD_MAX];
	int widths[FIELD_MAX];
	int layout_w = a->hscroll ? LIST_WIDE : f->w;
	size_t ncols = columns_layout(a->m->kind, table_columns(a), layout_w, &ctx, ids);
	int y = view_draw_header(a, f), x = 1 - a->hscroll;

	table_widths(a, ids, ncols, layout_w, &ctx, widths);
	frame_fill(f, y, 0, f->w, STYLE_HEADER, ' ');
	for (size_t c = 0; c < ncols; c++) {
		const struct field *col = &a->m->kind->fields[ids[c]];
		int w = widths[c], tw = (int)strlen(col->title);
		int sorted = ids[c] == a->m->sort;

		frame_put(f, y, col->right && tw < w ? x + w - tw : x, w,
			  sorted ? STYLE_HEADER_SORT : STYLE_HEADER, col->title);
		x += w + 1;
	}
	frame_put(f, y, 0, 1, STYLE_HEADER, a->hscroll ? "<" : " "); /* scrolled sideways */
	y++;   /* a->list_y, as app_set_size laid the screen out */
	for (long i = a->m->top; i < (long)a->m->nrows && i < a->m->top + a->list_height; i++)
		draw_row(a, f, y + (int)(i - a->m->top), i, ids, widths, ncols, &ctx);
	if (!a->m->nrows)
		view_draw_empty(a, f, y);
	view_draw_status(a, f, f->h - 2);
	view_draw_fbar(a, f, fbar);
}

const struct view view_list = { "list", list_draw, list_key };
