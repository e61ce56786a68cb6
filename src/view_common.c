/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_common.c - pieces several views draw: the header with meters and sparkline, the status
 * line, the htop-style function bar, dialog boxes, "terminal too small", list scrolling. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "model.h"
#include "view.h"

/* The objects of a table present in the last poll (not the gone rows). */
static size_t table_present(const struct model *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->track.n; i++)
		n += !track_is_gone(&m->track.rows[i]);
	return n;
}

/* "  Tab: posix 12, sem 2, msg 1": how many objects the other tables hold (those that hold any),
 * so an empty table does not hide the others. */
static void others(struct app *a, char *buf, size_t size)
{
	size_t len = 0;

	for (size_t k = 0; k < KIND_COUNT && len + 1 < size; k++) {
		size_t n;

		if (!app_kind_shown(a, (enum kind_id)k) || &a->models[k] == a->m)
			continue;
		n = table_present(&a->models[k]);
		if (!n)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s %zu", len ? ", " : "  Tab: ",
					kinds[k]->name, n);
	}
}

/* Whether the header has room for every kind's count: its history row's right half. */
static int counts_shown(const struct app *a, const struct frame *f)
{
	int half = f->w >= 80 ? (f->w / 2 > 50 ? 50 : f->w / 2) : f->w;

	return view_header_rows(VIEW_METERS(a), f->h) > 1 && (VIEW_METERS(a) & VIEW_METER_HIST) &&
	       f->w - (half + 2) >= 20;
}

/* The objects of every kind shown, "shm 3  posix 12  sem 2 ...", the table on screen's lit: an
 * empty table of one kind does not hide the others. */
static void kind_counts(struct app *a, struct frame *f, int y, int x)
{
	for (size_t k = 0; k < KIND_COUNT && x < f->w; k++) {
		char buf[64];

		if (!app_kind_shown(a, (enum kind_id)k))
			continue;
		snprintf(buf, sizeof(buf), "%s %zu", kinds[k]->name, table_present(&a->models[k]));
		x += frame_put(f, y, x, f->w - x, &a->models[k] == a->m ? STYLE_LABEL : STYLE_NORMAL,
			       buf);
		x += 2;
	}
}

void view_move(long *sel, long *top, long n, long delta, int height)
{
	model_clamp(sel, top, n, delta, height);
}

int view_too_small(struct frame *f)
{
	char msg[64];

	if (f->w >= VIEW_MIN_W && f->h >= VIEW_MIN_H)
		return 0;
	snprintf(msg, sizeof(msg), "terminal too small (%dx%d)", f->w, f->h);
	frame_put(f, 0, 0, f->w, STYLE_ERROR, frame_text_width(f, msg) <= f->w ? msg :
		  f->w >= 18 ? "terminal too small" : "too small");
	return 1;
}

/* label[||||     text] in width columns, filled by used/total. */
static void meter(struct frame *f, int y, int x, int width, const char *label, uint64_t used,
		  uint64_t total, const char *text)
{
	int lw = (int)strlen(label), inner, fill, tw;
	double frac;

	frame_put(f, y, x, lw, STYLE_LABEL, label);
	inner = width - lw - 2;
	if (inner < 1)
		return;
	frame_put(f, y, x + lw, 1, STYLE_NORMAL, "[");
	frac = total && total != SHM_LIMIT_UNKNOWN ? (double)used / (double)total : 0.0;
	if (frac > 1.0)
		frac = 1.0;
	fill = (int)(frac * inner + 0.5);
	if (used && fill == 0)
		fill = 1;
	frame_fill(f, y, x + lw + 1, fill, frac > 0.9 ? STYLE_METER_HIGH : STYLE_METER, '|');
	tw = frame_text_width(f, text);
	if (tw <= inner)
		frame_put(f, y, x + lw + 1 + inner - tw, tw, STYLE_NORMAL, text);
	frame_put(f, y, x + lw + 1 + inner, 1, STYLE_NORMAL, "]");
}

static void sparkline(struct app *a, struct frame *f, int y, int x, int width)
{
	static const uint32_t bars[8] = { 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588 };
	static const char ascii[] = "_.,-=+*#";
	size_t n = a->hist_n < (size_t)width ? a->hist_n : (size_t)width;
	uint64_t max = 0;

	for (size_t i = a->hist_n - n; i < a->hist_n; i++) {
		uint64_t v = a->hist[(a->hist_start + i) % APP_HIST_MAX];

		if (v > max)
			max = v;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t v = a->hist[(a->hist_start + a->hist_n - n + i) % APP_HIST_MAX];
		int level = max ? (int)((v * 7 + max / 2) / max) : 0;

		frame_fill(f, y, x + (int)i, 1, STYLE_METER,
			   f->utf8 ? bars[level] : (uint32_t)ascii[level]);
	}
}

int view_header_rows(unsigned meters, int h)
{
	/* the title; then a row per meter shown, when there is room */
	return h < 12 ? 1 : 1 + !!(meters & VIEW_METER_SEGS) + !!(meters & VIEW_METER_MEM) +
			   !!(meters & VIEW_METER_HIST);
}

int view_draw_header(struct app *a, struct frame *f)
{
	const struct shm_usage *u = &a->snap.usage;
	const struct shm_limits *l = &a->snap.limits;
	char when[FMT_TIME_LEN], buf[256 * 4 + 128], s1[FMT_U64_LEN + 8], s2[FMT_U64_LEN + 8];
	char host[256 * 4];
	int half, y = 0, x;
	uint64_t bytes_limit = SHM_LIMIT_UNKNOWN;

	fmt_time_abs(when, sizeof(when), a->now);
	fmt_escape(host, sizeof(host), a->cfg.hostname ? a->cfg.hostname : "?");
	if (a->replay_ns)
		snprintf(buf, sizeof(buf), "shmtop %s - %s - REPLAY of %s as recorded - [ ] change, "
			 "b time", a->cfg.version, host, when);
	else
		snprintf(buf, sizeof(buf), "shmtop %s - %s - %s - every %.1fs%s", a->cfg.version,
			 host, when, a->cfg.delay, a->paused ? "  [PAUSED]" : "");
	frame_fill(f, y, 0, f->w, STYLE_TITLE, ' ');
	frame_put(f, y, 0, f->w, STYLE_TITLE, buf);
	if (a->cfg.ipc_ns)
		snprintf(buf, sizeof(buf), "ipc ns %llu  source: %s", (unsigned long long)a->cfg.ipc_ns,
			 a->replay_ns ? "recorded" : snapshot_source_name(a->snap.source));
	else
		snprintf(buf, sizeof(buf), "source: %s", a->replay_ns ? "recorded" :
			 snapshot_source_name(a->snap.source));
	if (f->w > frame_text_width(f, buf) + 60)
		frame_put(f, y, f->w - frame_text_width(f, buf), f->w, STYLE_TITLE, buf);
	y++;
	if (view_header_rows(VIEW_METERS(a), f->h) == 1)
		return y;

	half = f->w >= 80 ? f->w / 2 : f->w;
	if (half > 50)
		half = 50;
	if (l->shmmni == SHM_LIMIT_UNKNOWN)
		snprintf(s1, sizeof(s1), "?");
	else
		fmt_u64(s1, l->shmmni);
	snprintf(buf, sizeof(buf), "%llu/%s", (unsigned long long)u->segments, s1);
	x = half + 2;
	if (VIEW_METERS(a) & VIEW_METER_SEGS) {
		meter(f, y, 0, half, "Segs", u->segments, l->shmmni, buf);
		if (f->w - x >= 20) {
			snprintf(buf, sizeof(buf), "Attached %llu  Unattached %llu  Removal pending %llu",
				 (unsigned long long)u->attached, (unsigned long long)u->unattached,
				 (unsigned long long)u->dest);
			frame_put(f, y, x, f->w - x, STYLE_NORMAL, buf);
		}
		y++;
	}
	if (l->shmall != SHM_LIMIT_UNKNOWN && l->page_size != SHM_LIMIT_UNKNOWN &&
	    l->shmall <= UINT64_MAX / l->page_size)
		bytes_limit = l->shmall * l->page_size;
	fmt_size(s1, sizeof(s1), u->bytes);
	if (l->shmall != SHM_LIMIT_UNKNOWN && bytes_limit == SHM_LIMIT_UNKNOWN)
		snprintf(s2, sizeof(s2), "unlimited");
	else if (bytes_limit == SHM_LIMIT_UNKNOWN)
		snprintf(s2, sizeof(s2), "?");
	else
		fmt_size(s2, sizeof(s2), bytes_limit);
	snprintf(buf, sizeof(buf), "%s/%s", s1, s2);
	if (VIEW_METERS(a) & VIEW_METER_MEM) {
		meter(f, y, 0, half, "Mem ", u->bytes, bytes_limit, buf);
		if (f->w - x >= 20) {
			fmt_size(s1, sizeof(s1), u->largest);
			if (l->shm_rmid_forced == SHM_LIMIT_UNKNOWN)
				snprintf(s2, sizeof(s2), "?");
			else
				fmt_u64(s2, l->shm_rmid_forced);
			snprintf(buf, sizeof(buf), "Largest %s  shm_rmid_forced %s", s1, s2);
			frame_put(f, y, x, f->w - x, STYLE_NORMAL, buf);
		}
		y++;
	}
	if (!(VIEW_METERS(a) & VIEW_METER_HIST))
		return y;
	frame_put(f, y, 0, 5, STYLE_LABEL, "Hist ");
	{
		int width = (counts_shown(a, f) ? half : f->w) - 5 - 24;

		if (counts_shown(a, f))
			kind_counts(a, f, y, x);

		if (width > 0) {
			sparkline(a, f, y, 5, width);
			fmt_size(s1, sizeof(s1), u->bytes);
			/* one sample per refresh: the span in seconds is samples x interval */
			snprintf(buf, sizeof(buf), " total %s, last %.0fs", s1,
				 (double)(a->hist_n < (size_t)width ? a->hist_n : (size_t)width) *
				 a->cfg.delay);
			frame_put(f, y, 5 + (int)(a->hist_n < (size_t)width ? a->hist_n : (size_t)width),
				  24, STYLE_DIM, buf);
		}
	}
	return y + 1;
}

void view_draw_fbar(struct app *a, struct frame *f, const char *const *items)
{
	int x = 0, y = f->h - 1;

	(void)a;
	frame_fill(f, y, 0, f->w, STYLE_FLABEL, ' ');
	for (size_t i = 0; items[i] && items[i + 1] && x < f->w; i += 2) {
		const char *label = items[i + 1];
		int disabled = label[0] == '~';

		x += frame_put(f, y, x, f->w - x, disabled ? STYLE_FDISABLED : STYLE_FKEY, items[i]);
		/* a letter or a name runs into its label ("yRemove", "EscBack"): a space between;
		 * the F-keys, htop's way, need none */
		if (!(items[i][0] == 'F' && items[i][1] >= '0' && items[i][1] <= '9'))
			x += frame_put(f, y, x, f->w - x, STYLE_FLABEL, " ");
		x += frame_put(f, y, x, f->w - x, disabled ? STYLE_FDISABLED : STYLE_FLABEL,
			       label + disabled);
	}
}

void view_draw_status(struct app *a, struct frame *f, int y)
{
	char buf[512 + PATH_MAX], where[PATH_MAX] = "";

	if (a->input != INPUT_NONE) {
		const char *what = a->input == INPUT_SEARCH ? "Search: " : a->input == INPUT_NS ?
				   "View the IPC namespace of pid: " : a->input == INPUT_DELAY ?
				   "Refresh every (seconds): " : a->input == INPUT_TIME ?
				   "Go to (2026-12-05T10:00, -2h, +10m): " : "Filter: ";
		const char *text = a->input == INPUT_SEARCH ? a->search : a->input == INPUT_NS ?
				   a->nspid : a->input == INPUT_DELAY ? a->delay_text :
				   a->input == INPUT_TIME ? a->time_text : a->filter;
		int x = frame_put(f, y, 0, f->w, STYLE_LABEL, what);

		x += frame_put(f, y, x, f->w - x, STYLE_NORMAL, text);
		f->cursor_y = y;
		f->cursor_x = x < f->w ? x : f->w - 1;
		return;
	}
	/* status messages are built with the names they quote already escaped (app_status) */
	if (a->status[0]) {
		frame_put(f, y, 0, f->w, a->status_error ? STYLE_ERROR : STYLE_STATUS, a->status);
		return;
	}
	if (!app_kind_dir(a, (enum kind_id)(a->m - a->models), where, sizeof(where)))
		where[0] = '\0';
	snprintf(buf, sizeof(buf), "%zu of %zu %s%s%s  sort: %s %s%s%s%s", a->m->nrows_present,
		 table_present(a->m), table_present(a->m) == 1 ? a->m->kind->noun_one : a->m->kind->noun,
		 where[0] ? " in " : "", where,
		 a->m->kind->fields[a->m->sort].name,
		 a->m->reverse ? "desc" : "asc", a->filter[0] ? "  filter: " : "", a->filter,
		 a->leak_only ? "  leak suspects only" : a->replay_ns ? "  replay (read-only)" :
		 a->cfg.read_only ? "  read-only" : "");
	{
		size_t tagged = track_tagged_count(&a->m->track);
		size_t len = strlen(buf);

		if (tagged)
			snprintf(buf + len, sizeof(buf) - len, "  tagged: %zu", tagged);
		for (size_t i = 0; i < a->cfg.npids; i++) {
			len = strlen(buf);
			snprintf(buf + len, sizeof(buf) - len, "%s%d", i ? "," : "  pid: ",
				 (int)a->cfg.pids[i]);
		}
		len = strlen(buf);
		if (a->cfg.by_uid) {
			char user[NAMES_MAX * 4], num[NAMES_NUM_LEN];

			fmt_escape(user, sizeof(user), names_user_known(&a->names, a->cfg.uid, num));
			snprintf(buf + len, sizeof(buf) - len, "  user: %s", user);
		}
		if (!counts_shown(a, f)) /* else the header counts them */
			others(a, buf + strlen(buf), sizeof(buf) - strlen(buf));
	}
	frame_put(f, y, 0, f->w, STYLE_DIM, buf);
}

void view_draw_empty(struct app *a, struct frame *f, int y)
{
	enum kind_id id = (enum kind_id)(a->m - a->models);
	char buf[160 + PATH_MAX * 4], dirbuf[PATH_MAX * 4];
	const char *dir = app_kind_dir(a, id, dirbuf, sizeof(dirbuf));

	if (a->list_err[id] && a->list_why[id][0]) {
		/* what its collect hook said, as the batch warns it */
		fmt_escape(buf, sizeof(buf), a->list_why[id]);
		frame_put(f, y, 1, f->w - 1, STYLE_ERROR, buf);
		return;
	}
	if (id == KIND_PMQ && !dir) {
		/* its table first (--kinds=pmq), but nothing to list: say why, as the batch does */
		frame_put(f, y, 1, f->w - 1, STYLE_ERROR, "no mqueue filesystem is mounted (mount -t "
			  "mqueue none " PMQ_DIR "): no POSIX message queues listed");
		return;
	}
	if (dir && a->list_err[id]) {
		snprintf(buf, sizeof(buf), "cannot read %s: %s", dir, strerror(-a->list_err[id]));
		frame_put(f, y, 1, f->w - 1, STYLE_ERROR, buf);
		return;
	}
	if (a->filter[0] || a->cfg.by_uid || a->leak_only)
		snprintf(buf, sizeof(buf), "nothing matches the filter");
	else
		snprintf(buf, sizeof(buf), "no %s%s%s", a->m->kind->title, dir ? " in " : "",
			 dir ? dir : "");
	frame_put(f, y, 1, f->w - 1, STYLE_DIM, buf);
}

void view_draw_box(struct frame *f, int y, int x, int h, int w, const char *title)
{
	for (int r = 0; r < h; r++)
		frame_fill(f, y + r, x, w, STYLE_DIALOG, ' ');
	frame_fill(f, y, x, w, STYLE_DIALOG_TITLE, ' ');
	frame_put(f, y, x + 1, w - 2, STYLE_DIALOG_TITLE, title);
}

/* The body drawn into a frame of its own; its rows: the last one with anything on it (a
 * character or a style), plus 1. */
static int body_render(struct app *a, struct frame *body, int w,
		       void (*draw)(struct app *a, struct frame *f))
{
	int rows = 0;

	if (frame_resize(body, w, VIEW_BODY_MAX) < 0)
		return -1;
	draw(a, body);
	for (int y = 0; y < body->h; y++)
		for (int x = 0; x < body->w; x++) {
			const struct frame_cell *c = frame_at(body, y, x);

			if (c->ch != ' ' || c->style != STYLE_NORMAL) {
				rows = y + 1;
				break;
			}
		}
	return rows;
}

int view_draw_body(struct app *a, struct frame *f, int y0,
		   void (*body)(struct app *a, struct frame *f))
{
	struct frame b = { 0 };
	int avail = f->h - 2 - y0, rows, top;

	b.utf8 = f->utf8;
	rows = body_render(a, &b, f->w, body);
	if (rows < 0) {
		frame_free(&b);
		return 0;
	}
	top = a->body_top > rows - avail ? rows - avail : a->body_top;
	if (top < 0)
		top = 0;
	for (int y = 0; y < avail && top + y < rows; y++)
		frame_copy_row(f, y0 + y, &b, top + y);
	if (rows > avail && avail > 0) /* more above or below: say so at the right of the last row */
		frame_put(f, y0 + avail - 1, f->w - 1, 1, STYLE_LABEL,
			  top + avail < rows ? "v" : "^");
	frame_free(&b);
	return rows;
}

int view_body_rows(struct app *a, int w, void (*body)(struct app *a, struct frame *f))
{
	struct frame b = { 0 };
	int rows = body_render(a, &b, w, body);

	frame_free(&b);
	return rows < 0 ? 0 : rows;
}

void view_body_scroll(struct app *a, int act, int rows, int avail)
{
	int page = avail > 1 ? avail - 1 : 1, max = rows - avail > 0 ? rows - avail : 0;

	if (a->body_top > max)
		a->body_top = max;
	switch (act) {
	case ACT_UP: a->body_top--; break;
	case ACT_DOWN: a->body_top++; break;
	case ACT_PGUP: a->body_top -= page; break;
	case ACT_PGDN: a->body_top += page; break;
	case ACT_HOME: a->body_top = 0; break;
	case ACT_END: a->body_top = max; break;
	default: break;
	}
	if (a->body_top > max)
		a->body_top = max;
	if (a->body_top < 0)
		a->body_top = 0;
}
