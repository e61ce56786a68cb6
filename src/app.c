/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* app.c - dashboard state: merging polls, rows (filter, sort, selection that follows the shmid),
 * removal with re-checks, status messages; dispatches keys and drawing to the views. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "fmt.h"
#include "hexdump.h"
#include "histtime.h"
#include "ipcns.h"
#include "kind_msg.h"
#include "kind_posix.h"
#include "holders.h"
#include "kind_proc.h"
#include "kind_sem.h"
#include "leak.h"
#include "view.h"

#define PIDS_TTL 5 /* refreshes before cached process info is read again */

static const struct view *const views[] = {
	[MODE_LIST] = &view_list, [MODE_DETAIL] = &view_detail, [MODE_HELP] = &view_help,
	[MODE_SORT] = &view_sort, [MODE_USER] = &view_user, [MODE_CONFIRM] = &view_confirm,
	[MODE_HEX] = &view_hex, [MODE_LIMITS] = &view_limits, [MODE_SETUP] = &view_setup,
	[MODE_SHMEM] = &view_shmem, [MODE_EVENTS] = &view_events,
};

static void hex_gone(struct app *a);


void app_init(struct app *a, const struct app_config *cfg, names_lookup_fn lookup)
{
	memset(a, 0, sizeof(*a));
	a->cfg = *cfg;
	for (size_t k = 0; k < KIND_COUNT; k++)
		model_init(&a->models[k], kinds[k]);
	/* the first table of the kinds shown gets the sort and columns asked for, which name its
	 * fields (options.c parsed them against that kind) */
	a->m = &a->models[KIND_SHM];
	for (size_t k = 0; cfg->kinds && k < KIND_COUNT; k++) {
		if (cfg->kinds & KIND_BIT(k)) {
			a->m = &a->models[k];
			break;
		}
	}
	/* the settings file's tables, then what the command line says of the first */
	for (size_t k = 0; cfg->rc && k < KIND_COUNT; k++) {
		const struct rc_table *t = &cfg->rc->tables[k];

		if (t->sort != FIELD_NONE) {
			a->models[k].sort = t->sort;
			a->models[k].reverse = field_desc_first(&kinds[k]->fields[t->sort]);
		}
		if (t->reverse >= 0)
			a->models[k].reverse = t->reverse;
		if (t->columns[0] != FIELD_NONE)
			a->models[k].columns = t->columns;
	}
	if (cfg->sort_given) {
		a->m->sort = cfg->sort;
		a->m->reverse = cfg->reverse;
	} else if (cfg->reverse) {
		a->m->reverse = !a->m->reverse;
	}
	if (cfg->columns)
		a->m->columns = cfg->columns;
	snapshot_init(&a->snap);
	names_init(&a->names, lookup);
	a->mode = MODE_LIST;
	hexdump_marks_init(&a->hex.marks);
	attach_list_init(&a->attachers);
	posix_list_init(&a->posix);
	shmdir_init(&a->shm);
	shmdir_init(&a->mq);
	a->hex.rd.fd = -1;
	if (!a->cfg.stale_secs)
		a->cfg.stale_secs = LEAK_STALE_DEFAULT;
}

void app_free(struct app *a)
{
	shmem_report_free(&a->shmem);
	shmemscan_free(&a->shmemscan);
	free(a->events.v);
	app_hex_close(a);
	attach_list_free(&a->attachers);
	posix_list_free(&a->posix);
	shmdir_close(&a->shm);
	shmdir_close(&a->mq);
	hexdump_marks_free(&a->hex.marks);
	free(a->hex.window);
	free(a->hex.chunk);
	for (size_t i = 0; i < KIND_COUNT; i++)
		model_free(&a->models[i]);
	snapshot_free(&a->snap);
	names_free(&a->names);
	if (a->have_pids)
		procinfo_cache_free(&a->pids);
	free(a->menu_uids);
	free(a->confirm);
	free(a->semvals);
}

void app_set_proc(struct app *a, const char *procroot, const struct procclock *clk)
{
	procinfo_cache_init(&a->pids, procroot, clk);
	a->have_pids = 1;
}

void app_set_mq(struct app *a, struct shmdir *d)
{
	shmdir_close(&a->mq);
	a->mq = *d;
	shmdir_init(d);
}

void app_set_shm(struct app *a, struct shmdir *d)
{
	shmdir_close(&a->shm);
	a->shm = *d;
	shmdir_init(d);
	posix_list_free(&a->posix); /* another directory: not even its deleted objects carry over */
	a->posix_scan_time = 0;
}

void app_status(struct app *a, int error, const char *msg)
{
	snprintf(a->status, sizeof(a->status), "%s", msg);
	a->status_error = error;
}

struct track_row *app_selected(struct app *a)
{
	if (a->m->sel < 0 || (size_t)a->m->sel >= a->m->nrows)
		return NULL;
	return &a->m->track.rows[a->m->rows[a->m->sel]];
}

void app_warm_obj(struct app *a, const struct kind *k, const void *obj)
{
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];
		uint32_t id;

		if (f->known && !f->known(obj))
			continue;
		memcpy(&id, field_at(f, obj), sizeof(id));
		if (f->type == FIELD_USER)
			(void)names_user(&a->names, id);
		else if (f->type == FIELD_GROUP)
			(void)names_group(&a->names, id);
		else if (f->type == FIELD_PID && a->have_pids)
			procinfo_cache_get(&a->pids, (int32_t)id);
	}
}

int app_row_matches(struct app *a, const struct track_row *r, const char *text)
{
	const struct kind *k = a->m->kind;
	const void *obj = track_obj(&a->m->track, r);
	struct field_ctx c = { .names = &a->names, .pids = a->have_pids ? &a->pids : NULL,
			       .now = a->now };
	char buf[1536];

	if (!*text)
		return 1;
	app_warm_obj(a, k, obj);
	/* as the table shows them, escaped: a name holding ESC is found by typing \x1b */
	for (size_t i = 0; i < k->nfields; i++) {
		if (!(k->fields[i].writers & FW_SEARCH))
			continue;
		field_text(&k->fields[i], obj, &c, buf, sizeof(buf));
		if (table_text_match(buf, text))
			return 1;
	}
	return 0;
}

/* The owner of obj by its kind's first user field, or -1 when it has none or it is unknown. */
static int64_t owner_of(const struct kind *k, const void *obj)
{
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];
		uint32_t uid;

		if (f->type != FIELD_USER)
			continue;
		if (f->known && !f->known(obj))
			return -1;
		memcpy(&uid, field_at(f, obj), sizeof(uid));
		return uid;
	}
	return -1;
}

/* Whether the table keeps row r: the user filter, the text filter, the leak filter. */
static int keep_row(void *ctx, const struct track_row *r)
{
	struct app *a = ctx;

	const void *obj = track_obj(&a->m->track, r);

	if (a->cfg.by_uid && owner_of(a->m->kind, obj) != (int64_t)a->cfg.uid)
		return 0;
	if (a->cfg.npids) { /* -p: the attachers as last scanned, the mappers when on screen */
		struct kind_pid_ctx pc = { a->attach_gen ? &a->attachers : NULL, &a->posix, a->psems };

		if (!kind_held_by_any(a->m->kind, obj, &pc, a->cfg.pids, a->cfg.npids))
			return 0;
	}
	if (a->filter[0] && !app_row_matches(a, r, a->filter))
		return 0;
	if (a->leak_only) {
		app_warm_obj(a, a->m->kind, obj);
		if (!leak_is_suspect(app_row_leak(a, r)))
			return 0;
	}
	return 1;
}

#define APP_EVENTS_MAX 4096

void app_events_on(struct app *a, int on, const char *why, int64_t since)
{
	a->events.on = on;
	a->events.since = since;
	fmt_escape(a->events.why, sizeof(a->events.why), why ? why : "");
}

void app_events_add(struct app *a, const struct trace_event *ev)
{
	struct app_events *e = &a->events;

	e->added++;
	if (!e->v) {
		e->v = calloc(APP_EVENTS_MAX, sizeof(*e->v));
		if (!e->v)
			return;
		e->cap = APP_EVENTS_MAX;
	}
	if (e->n < e->cap) {
		e->v[(e->head + e->n) % e->cap] = *ev;
		e->n++;
	} else {
		e->v[e->head] = *ev;
		e->head = (e->head + 1) % e->cap;
	}
	if (e->paused) {
		e->held++;
		/* the rows on screen stay where they are: the new one pushed them down */
		e->sel++;
		e->top++;
	}
}

const char *app_traced_cmdline(const void *app, int32_t pid)
{
	const struct app *a = app;

	for (size_t i = 0; i < a->events.n; i++) {
		const struct trace_event *ev = app_events_at(a, i);

		if (ev->pid == pid && ev->cmdline[0])
			return ev->cmdline;
	}
	return NULL;
}

const struct trace_event *app_events_at(const struct app *a, size_t i)
{
	const struct app_events *e = &a->events;

	if (i >= e->n)
		return NULL;
	return &e->v[(e->head + e->n - 1 - i) % e->cap];
}

/* Enter: the object of the selected record, in its kind's table and detail view. */
int app_events_jump(struct app *a, int may_wait)
{
	const struct trace_event *ev = &a->events.pick;
	char msg[256], label[160];

	if (!ev->event || !strcmp(ev->event, "lost") || !strcmp(ev->event, "exit")) {
		app_status(a, 1, !ev->event ? "no record: nothing traced yet" :
			   !strcmp(ev->event, "lost") ? "a lost record has no object" :
			   "an exit is a process's record: it has no object");
		return APP_REDRAW;
	}
	/* ids and names are reused: made again after the record, its object is gone, and what
	 * has its id or name now is another */
	for (size_t i = 0; i < a->events.n; i++) {
		const struct trace_event *o = app_events_at(a, i);

		if (o->time_ns > ev->time_ns && trace_begins(o) && trace_same_object(o, ev)) {
			a->events.jump_pending = 0;
			if (ev->name[0])
				fmt_escape(label, sizeof(label), ev->name);
			else
				snprintf(label, sizeof(label), "%s %d", ev->kind, (int)ev->id);
			snprintf(msg, sizeof(msg), "%s of this record is gone: a newer record made "
				 "another with its %s", label, ev->name[0] ? "name" : "id");
			app_status(a, 1, msg);
			return APP_REDRAW;
		}
	}
	for (size_t k = 0; k < KIND_COUNT; k++) {
		struct model *m = &a->models[k];

		if (strcmp(kinds[k]->name, ev->kind) || !app_kind_shown(a, (enum kind_id)k))
			continue;
		for (size_t i = 0; i < m->nrows; i++) {
			const void *obj = model_obj(m, i);
			char l[160];

			kinds[k]->label(obj, l, sizeof(l));
			/* System V: "shmid 5"; POSIX: its escaped "/name" */
			if (ev->name[0]) {
				char esc[IPCT_NAME_LEN * 4 + 1];

				fmt_escape(esc, sizeof(esc), ev->name);
				if (strcmp(l, esc))
					continue;
			} else {
				char want[64];

				snprintf(want, sizeof(want), "%s %d", kinds[k]->id_name, (int)ev->id);
				if (strcmp(l, want))
					continue;
			}
			a->events.jump_pending = 0;
			a->m = m;
			m->sel = (long)i;
			model_move(m, 0, a->list_height);
			app_rebuild(a);
			a->mode = MODE_DETAIL;
			a->body_top = 0;
			return APP_REDRAW | APP_POLL_NOW;
		}
	}
	if (may_wait && !a->events.jump_pending) {
		/* made since the last poll, perhaps: look again after the next one */
		a->events.jump_pending = 1;
		app_status(a, 0, "looking for it...");
		return APP_REDRAW | APP_POLL_NOW;
	}
	a->events.jump_pending = 0;
	if (ev->name[0])
		fmt_escape(label, sizeof(label), ev->name);
	else
		snprintf(label, sizeof(label), "%s %d", ev->kind, (int)ev->id);
	snprintf(msg, sizeof(msg), "%s is not in its table now (gone, or its kind not shown)", label);
	app_status(a, 1, msg);
	return APP_REDRAW;
}

int app_proc_jump(struct app *a)
{
	struct track_row *r = app_selected(a);
	const struct holder *h;
	char msg[256], label[160];
	enum kind_id to;

	if (!r)
		return APP_DONE;
	h = track_obj(&a->m->track, r);
	kind_proc.label(h, label, sizeof(label));
	to = h->segs && app_kind_shown(a, KIND_SHM) ? KIND_SHM :
	     h->posix && app_kind_shown(a, KIND_POSIX) ? KIND_POSIX : KIND_COUNT;
	if (to == KIND_COUNT) {
		snprintf(msg, sizeof(msg), "%s maps no object a table lists (memfds: m shows their "
			 "total)", label);
		app_status(a, 1, msg);
		return APP_REDRAW;
	}
	if (!a->jumped) {
		a->saved_pids = a->cfg.pids;
		a->saved_npids = a->cfg.npids;
	}
	a->jump_pid = h->pid;
	a->cfg.pids = &a->jump_pid;
	a->cfg.npids = 1;
	a->jumped = 1;
	a->m = &a->models[to];
	a->mode = MODE_LIST;
	a->hscroll = 0;
	a->attach_gen = 0;       /* who attaches what, and maps what, as of now */
	a->posix_scan_time = 0;
	app_rebuild(a);
	snprintf(msg, sizeof(msg), "the objects of %s (Tab: its other kinds; Esc: every row)",
		 label);
	app_status(a, 0, msg);
	return APP_REDRAW | APP_POLL_NOW;
}

int app_proc_unjump(struct app *a)
{
	if (!a->jumped)
		return 0;
	a->cfg.pids = a->saved_pids;
	a->cfg.npids = a->saved_npids;
	a->jumped = 0;
	app_rebuild(a);
	app_status(a, 0, "every row again");
	return 1;
}

void app_remember_sort(struct app *a)
{
	struct rc_table *t;

	if (!a->cfg.rc)
		return;
	t = &a->cfg.rc->tables[a->m - a->models];
	t->sort = a->m->sort;
	t->reverse = (int8_t)(a->m->reverse != 0);
}

void app_set_delay(struct app *a, double d)
{
	a->cfg.delay = d;
	if (a->cfg.rc)
		a->cfg.rc->delay = d;
}

void app_rebuild(struct app *a)
{
	if (model_rebuild(a->m, keep_row, a, &a->names, a->list_height) < 0)
		app_status(a, 1, "out of memory");
}

static void hist_add(struct app *a, uint64_t v)
{
	if (a->hist_n < APP_HIST_MAX) {
		a->hist[(a->hist_start + a->hist_n) % APP_HIST_MAX] = v;
		a->hist_n++;
	} else {
		a->hist[a->hist_start] = v;
		a->hist_start = (a->hist_start + 1) % APP_HIST_MAX;
	}
}

int app_update(struct app *a, const struct snapshot *snap)
{
	struct shmseg_list keep = a->snap.segs;
	int rc;

	/* copy the snapshot, reusing our segment array */
	shmseg_list_clear(&keep);
	for (size_t i = 0; i < snap->segs.n; i++) {
		if (shmseg_list_push(&keep, &snap->segs.v[i]) < 0) {
			a->snap.segs = keep; /* the push may have moved the array: keep owning it */
			return -ENOMEM;
		}
	}
	a->snap = *snap;
	a->snap.segs = keep;
	a->now = snap->time;
	rc = model_update(app_sysv(a), snap->segs.v, snap->segs.n, snap->time);
	if (rc < 0)
		return rc;
	a->refreshes++;
	hist_add(a, snap->usage.bytes);

	if (a->hex.open && !a->hex.posix) {
		long at = track_find(&app_sysv(a)->track, kind_shm_key(a->hex.seg.shmid));

		if (at < 0 || track_is_gone(&app_sysv(a)->track.rows[at]) ||
		    !shmseg_same_object(&a->hex.seg, app_seg(a, &app_sysv(a)->track.rows[at])))
			hex_gone(a); /* removed; or its id names another segment now */
		else
			a->hex.seg = *app_seg(a, &app_sysv(a)->track.rows[at]);
	}
	if (a->hex.open)
		app_hex_refresh(a);
	if (a->have_pids && a->refreshes % PIDS_TTL == 0)
		procinfo_cache_reset(&a->pids);
	app_rebuild(a);
	return 0;
}

int app_update_kind(struct app *a, enum kind_id id, const void *objs, size_t n, int64_t time)
{
	int rc = model_update(&a->models[id], objs, n, time);

	if (rc == 0 && a->m == &a->models[id])
		app_rebuild(a);
	return rc;
}

int app_kind_shown(const struct app *a, enum kind_id id)
{
	if (a->cfg.kinds && !(a->cfg.kinds & KIND_BIT(id)))
		return 0;
	/* the POSIX kinds only where they are: a directory to list */
	if (id == KIND_POSIX || id == KIND_PSEM)
		return a->shm.shown[0] != '\0';
	if (id == KIND_PMQ)
		return a->mq.shown[0] != '\0';
	return 1;
}

const char *app_kind_dir(const struct app *a, enum kind_id id, char *buf, size_t size)
{
	const char *dir = id == KIND_POSIX || id == KIND_PSEM ? a->shm.shown :
			  id == KIND_PMQ ? a->mq.shown : NULL;

	if (!dir || !dir[0])
		return NULL; /* none found: --kinds=pmq without an mqueue filesystem */
	fmt_escape(buf, size, dir);
	return buf;
}

void app_next_table(struct app *a)
{
	enum kind_id at = (enum kind_id)(a->m - a->models);

	for (size_t step = 1; step <= KIND_COUNT; step++) {
		enum kind_id id = (enum kind_id)((at + step) % KIND_COUNT);

		if (!app_kind_shown(a, id))
			continue;
		a->status[0] = '\0';
		a->m = &a->models[id];
		a->mode = MODE_LIST;
		app_rebuild(a);
		return;
	}
}

unsigned app_row_leak(struct app *a, const struct track_row *r)
{
	const struct kind *k = a->m->kind;
	struct leak_ctx c = { .now = a->now, .stale_secs = a->cfg.stale_secs,
			      /* only what the cache knows: a creator not read yet (off screen) is
			       * not known to be gone */
			      .pids = a->have_pids ? &a->pids : NULL, .posix = &a->posix };
	struct shmseg s;

	if (!k->leak)
		return 0; /* no leak rules */
	if (k != &kind_shm)
		return k->leak(track_obj(&a->m->track, r), &c);
	s = app_untouched(a, app_seg(a, r));
	/* a shmtop's attachment is not use: discount those the last scan saw, while it still holds */
	if (a->attach_gen && a->attach_gen >= app_sysv(a)->track.use_gen)
		c.evidence = &a->attachers;
	return k->leak(&s, &c);
}

void app_text_key(char *text, size_t size, int key, int (*allowed)(int key, const char *text))
{
	size_t len = strlen(text);

	if (key == APP_KEY_BACKSPACE || key == 127 || key == 8) {
		if (len)
			text[len - 1] = '\0';
	} else if (key >= 0 && key < 127 && len + 1 < size && allowed(key, text)) {
		text[len] = (char)key;
		text[len + 1] = '\0';
	}
}

static int time_char(int key, const char *text)
{
	(void)text;
	return key > ' ';
}

/* b's prompt: a TIME as --history takes it, relative forms from the time shown. */
static int time_key(struct app *a, int key)
{
	int64_t t;

	if (key == APP_KEY_ESC) {
		a->input = INPUT_NONE;
		return APP_REDRAW;
	}
	if (key == APP_KEY_ENTER) {
		a->input = INPUT_NONE;
		if (histtime_parse(a->time_text, a->replay_ns, &t) < 0) {
			app_status(a, 1, "a time is 2026-12-05T10:00, Unix seconds, or -2h / +10m from "
				   "the time shown");
			return APP_REDRAW;
		}
		a->replay_want = t;
		a->replay_step = 0;
		return APP_REDRAW | APP_REPLAY;
	}
	app_text_key(a->time_text, sizeof(a->time_text), key, time_char);
	return APP_REDRAW;
}

/* The keys a replay answers itself, and those it refuses (it shows the past: nothing there is
 * live to read, enter or remove). -1: the view's. */
static int replay_key(struct app *a, enum key_action act)
{
	const char *why;

	switch (act) {
	case ACT_REPLAY_PREV:
	case ACT_REPLAY_NEXT:
		if (!a->replay_ns)
			break;
		a->replay_step = act == ACT_REPLAY_PREV ? -1 : 1;
		return APP_REDRAW | APP_REPLAY;
	case ACT_REPLAY_GOTO:
		if (!a->replay_ns)
			break;
		a->input = INPUT_TIME;
		a->time_text[0] = '\0';
		return APP_REDRAW;
	default:
		if (!a->replay_ns)
			return -1;
		why = act == ACT_REMOVE ? "nothing can be removed in a replay: it shows the past" :
		      act == ACT_HEX ? "contents are not recorded: the hex view shows live objects "
				       "(shmtop without --replay)" :
		      act == ACT_NS ? "a replay shows what the recorder saw, in its namespace" :
		      act == ACT_EVENTS ? "the events screen is live: shmtop --history prints the "
					  "records (each detail view shows its object's)" :
		      act == ACT_PAUSE || act == ACT_DELAY ? "a replay stands still: [ and ] step "
							       "to a change, b goes to a time" :
		      act == ACT_SHMEM ? "where Shmem went is not recorded: m shows it live" :
		      act == ACT_LIMITS ? "the kernel's limits are not recorded: L shows them live" :
		      act == ACT_PROCS ? "who maps a segment is not recorded (the detail view lists "
					 "who attached, as recorded)" : NULL;
		if (!why)
			return -1;
		app_status(a, 1, why);
		return APP_REDRAW;
	}
	app_status(a, 0, "[, ] and b step through a recording: shmtop --replay");
	return APP_REDRAW;
}

int app_key(struct app *a, int key)
{
	enum key_action act = keys_action((int)a->mode, key);
	int flags;

	if (key == APP_KEY_RESIZE)
		return APP_REDRAW;
	/* before the view: it works in prompts and questions too */
	if (act == ACT_REPAINT)
		return APP_REPAINT;
	if (a->input == INPUT_TIME)
		return time_key(a, key);
	if (a->input == INPUT_NONE && (a->mode == MODE_LIST || a->mode == MODE_DETAIL) &&
	    (flags = replay_key(a, act)) >= 0)
		return flags;
	return views[a->mode]->key(a, key);
}

void app_draw(struct app *a, struct frame *f)
{
	frame_clear(f);
	if (view_too_small(f))
		return;
	views[a->mode]->draw(a, f);
}

/* ---------------------------------------------------------------- hex view */

#define HEX_EXTRA_ROWS 6        /* title, three inspector lines, status, function bar */
#define HEX_INSPECT_BYTES 64    /* read past the last line, for the inspector at the cursor */
#define SEARCH_CHUNK (4u << 20) /* bytes a search reads at a time */
#define SEARCH_STEP (64u << 20) /* candidate positions per app_work call */

/* The hex view's layout at the current size: offset digits for what it shows, bytes per line,
 * rows; then the cursor kept in sight. */
static void hex_layout(struct app *a)
{
	struct app_hex *hx = &a->hex;

	hx->digits = hexdump_offset_digits(hx->size);
	hx->per_line = hexdump_per_line(a->frame_w - 1, hx->digits); /* - 1: the closing '|' */
	hx->rows = a->frame_h - HEX_EXTRA_ROWS;
	if (hx->rows < 1)
		hx->rows = 1;
	app_hex_follow(a);
}

void app_set_size(struct app *a, int w, int h)
{
	a->frame_w = w;
	a->frame_h = h;
	a->header_y = view_header_rows(VIEW_METERS(a), h);
	a->list_y = a->header_y + 1;            /* below the column titles */
	a->list_height = h - 2 - a->list_y;     /* above the status line and the function bar */
	if (a->list_height < 1)
		a->list_height = 1;
	model_move(a->m, 0, a->list_height);
	hex_layout(a);
}

/* Remember what seg's users had left in lpid, atime and dtime before shmtop's reader attached
 * (when it did): app_untouched gives them back. */
static void touch_note(struct app *a, const struct reader *rd)
{
	const struct shmseg *s = &rd->seg;
	struct app_touch t = { s->shmid, s->key, s->cpid, s->ctime, rd->lpid_before,
			       rd->atime_before, rd->dtime_before };
	size_t i;

	if (!rd->attaches)
		return;
	for (i = 0; i < a->ntouch; i++)
		if (a->touch[i].shmid == s->shmid && a->touch[i].ctime == s->ctime &&
		    a->touch[i].cpid == s->cpid)
			break;
	if (i == a->ntouch && a->ntouch < APP_TOUCH_MAX)
		a->ntouch++;
	if (i == a->ntouch)
		i = a->ntouch - 1; /* full: the oldest makes room */
	memmove(&a->touch[1], &a->touch[0], i * sizeof(a->touch[0]));
	a->touch[0] = t;
}

struct shmseg app_untouched(const struct app *a, const struct shmseg *seg)
{
	struct shmseg s = *seg;

	for (size_t i = 0; i < a->ntouch; i++) {
		const struct app_touch *t = &a->touch[i];

		if (t->shmid != s.shmid || t->cpid != s.cpid || t->ctime != s.ctime)
			continue;
		/* only while the last attach or detach was ours: a user's since is real evidence */
		if (a->self_pid && s.lpid == a->self_pid) {
			s.lpid = t->lpid;
			s.atime = t->atime;
			s.dtime = t->dtime;
		}
		break;
	}
	return s;
}

/* The state every newly opened hex view starts from. */
static void hex_reset(struct app_hex *h, enum app_mode back)
{
	h->cursor = h->top = 0;
	h->frozen = h->gone = 0;
	h->input = HEX_INPUT_NONE;
	h->searching = 0;
	h->back = back;
	h->window_len = 0;
	hexdump_marks_free(&h->marks);
	hexdump_marks_init(&h->marks);
}

static const char *procroot_of(const struct app *a)
{
	return a->have_pids ? a->pids.procroot : "/proc";
}

/* Why an object's bytes cannot be shown. */
static const char *hex_why(const struct kind *k, int rc)
{
	switch (rc) {
	case -EACCES:
		return "permission denied (reading it needs read permission)";
	case -ENOENT: case -EIDRM:
		return "it no longer exists";
	case -EINVAL:
		return k->unlinks ? "not a regular file" : "it no longer exists";
	case -ESTALE:
		return k->unlinks ? "it changed while being opened" :
		       "it is no longer the segment listed (its id was reused, or it changed)";
	default:
		return strerror(-rc);
	}
}

int app_hex_open(struct app *a)
{
	const struct kind *k = a->m->kind;
	const char *noun = k == &kind_shm ? "segment" : k->id_name;
	const struct kind_read_ctx ctx = { procroot_of(a), &a->shm };
	struct track_row *r = app_selected(a);
	struct app_hex *h = &a->hex;
	char msg[POSIX_NAME_MAX * 4 + 200], label[POSIX_NAME_MAX * 4 + 16];
	const void *obj;
	struct reader rd;
	int rc;

	if (!k->open_reader) {
		snprintf(msg, sizeof(msg), "%s have no bytes to show", k->noun);
		app_status(a, 1, msg);
		return -ENOTSUP;
	}
	if (!r || track_is_gone(r)) {
		snprintf(msg, sizeof(msg), r ? "that %s is gone" : "no %s selected", noun);
		app_status(a, 1, msg);
		return r ? -EIDRM : -ENOENT;
	}
	obj = track_obj(&a->m->track, r);
	if (k->going && k->going(obj)) {
		app_status(a, 1, "that object was unlinked: only the processes that map it can read it");
		return -ENOENT;
	}
	rc = k->open_reader(&ctx, obj, &rd);
	if (rc < 0) {
		k->label(obj, label, sizeof(label));
		snprintf(msg, sizeof(msg), "cannot view %s: %s", label, hex_why(k, rc));
		app_status(a, 1, msg);
		return rc;
	}
	app_hex_close(a);
	h->rd = rd;
	h->size = h->cur_size = rd.size;
	h->posix = k != &kind_shm; /* a file: it can shrink or grow underneath */
	if (k == &kind_shm) {
		h->seg = *(const struct shmseg *)obj;
		touch_note(a, &h->rd);
	} else { /* a POSIX object, the other kind with bytes */
		memset(&h->seg, 0, sizeof(h->seg));
		h->seg.shmid = -1;
		h->seg.uid = ((const struct posixobj *)obj)->uid;
		h->seg.size = rd.size;
		snprintf(h->name, sizeof(h->name), "%s", ((const struct posixobj *)obj)->name);
	}
	h->open = 1;
	reader_describe(&h->rd, h->how, sizeof(h->how));
	hex_reset(h, a->mode == MODE_DETAIL ? MODE_DETAIL : MODE_LIST);
	hex_layout(a);
	a->status[0] = '\0';
	a->mode = MODE_HEX;
	return 0;
}

void app_hex_close(struct app *a)
{
	struct app_hex *h = &a->hex;

	if (!h->open)
		return;
	reader_close(&h->rd);
	h->posix = 0;
	h->open = 0;
	h->searching = 0;
	if (a->mode == MODE_HEX)
		a->mode = h->back;
}

/* The object is gone (removed, or unlinked): say so and let go of the descriptor, whose open
 * file would keep the memory allocated; the last bytes read stay on screen. */
static void hex_gone(struct app *a)
{
	struct app_hex *h = &a->hex;

	if (h->rd.via != READER_CLOSED)
		reader_close(&h->rd);
	h->gone = 1;
	h->searching = 0;
}

void app_hex_refresh(struct app *a)
{
	struct app_hex *h = &a->hex;
	size_t len;
	ssize_t n;

	if (!h->open || h->gone || h->per_line <= 0 || h->rows <= 0)
		return;
	if (h->frozen && h->window_len && h->window_base == h->top)
		return;
	if (h->posix) {
		int linked = reader_linked(&h->rd);

		if (linked == 0) {
			hex_gone(a);
			return;
		}
		if (reader_size(&h->rd, &h->cur_size) < 0)
			h->cur_size = 0;
	}
	len = (size_t)h->per_line * (size_t)h->rows + HEX_INSPECT_BYTES;
	if (h->top >= h->size)
		len = 0;
	else if (len > h->size - h->top)
		len = (size_t)(h->size - h->top);
	if (len > h->window_cap) {
		uint8_t *w = realloc(h->window, len);

		if (!w)
			return;
		h->window = w;
		h->window_cap = len;
	}
	n = len ? reader_read(&h->rd, h->top, h->window, len) : 0;
	if (n == -ESTALE || n == -EINVAL || n == -EIDRM) {
		hex_gone(a);
		return;
	}
	if (n < 0) {
		char msg[200];

		snprintf(msg, sizeof(msg), "cannot read the bytes: %s", strerror((int)-n));
		app_status(a, 1, msg);
		return;
	}
	if ((size_t)n < len && h->posix)
		h->cur_size = h->top + (uint64_t)n; /* it shrank since the fstat */
	h->window_base = h->top;
	h->window_len = (size_t)n;
	hexdump_marks_update(&h->marks, h->top, h->window, (size_t)n, a->now);
	if (!h->posix) {
		reader_describe(&h->rd, h->how, sizeof(h->how));
		touch_note(a, &h->rd);
	}
}

void app_hex_follow(struct app *a)
{
	struct app_hex *h = &a->hex;
	uint64_t line, first, per, rows;

	if (!h->open || h->per_line <= 0 || h->rows <= 0)
		return;
	per = (uint64_t)h->per_line;
	rows = (uint64_t)h->rows;
	if (h->size && h->cursor >= h->size)
		h->cursor = h->size - 1;
	line = h->cursor / per;
	first = h->top / per;
	if (line < first)
		first = line;
	else if (line >= first + rows)
		first = line - rows + 1;
	if (first * per != h->top || h->window_base != h->top ||
	    (!h->window_len && h->top < h->size)) {
		h->top = first * per;
		app_hex_refresh(a);
	}
}

/* One search step: read the bytes it examines through the reader, a chunk at a time, for up to
 * SEARCH_STEP positions. Returns as hexdump_search_step, or -errno. */
static int search_step(struct app_hex *h, uint64_t *at)
{
	uint64_t size = h->posix && h->cur_size < h->size ? h->cur_size : h->size, budget = SEARCH_STEP;
	uint64_t off;
	size_t len;

	while (budget && hexdump_search_need(&h->search, size, budget < SEARCH_CHUNK ? budget :
					     SEARCH_CHUNK, &off, &len)) {
		uint64_t examined = len - h->search.pat.len + 1;
		ssize_t n;
		int rc;

		if (len > h->chunk_cap) {
			uint8_t *c = realloc(h->chunk, len);

			if (!c)
				return -ENOMEM;
			h->chunk = c;
			h->chunk_cap = len;
		}
		n = reader_read(&h->rd, off, h->chunk, len);
		if (n < 0)
			return (int)n;
		if ((size_t)n < len)
			return -EFAULT; /* the object shrank underneath */
		rc = hexdump_search_feed(&h->search, h->chunk, off, len, size,
					 budget < SEARCH_CHUNK ? budget : SEARCH_CHUNK, at);
		if (rc != 2)
			return rc;
		budget -= examined < budget ? examined : budget;
	}
	return hexdump_search_need(&h->search, size, 1, &off, &len) ? 2 : 0;
}

int app_work(struct app *a)
{
	struct app_hex *h = &a->hex;
	uint64_t at;
	char msg[128];
	int rc;

	if (!h->open || !h->searching)
		return 0;
	if (h->gone) {
		h->searching = 0;
		app_status(a, 1, "search stopped: the object is gone");
		return 0;
	}
	rc = search_step(h, &at);
	if (rc == 2)
		return 1;
	h->searching = 0;
	if (rc == -EFAULT) {
		app_status(a, 1, "search stopped: the object was truncated underneath");
	} else if (rc < 0) {
		snprintf(msg, sizeof(msg), "search stopped: %s", strerror(-rc));
		app_status(a, 1, msg);
	} else if (rc == 1) {
		h->cursor = at;
		app_hex_follow(a);
		snprintf(msg, sizeof(msg), "found at offset 0x%llx (%llu)", (unsigned long long)at,
			 (unsigned long long)at);
		app_status(a, 0, msg);
	} else {
		app_status(a, 1, "pattern not found in the segment");
	}
	if (!h->posix)
		touch_note(a, &h->rd);
	return 0;
}

/* ---------------------------------------------------------------- removal */

/* The attachers of the segments being confirmed, one entry per process, from a fresh scan. */
static void confirm_attachers(struct app *a)
{
	a->confirm_nprocs = a->confirm_procs_total = a->confirm_procs_shmtop = 0;
	a->confirm_procs_known = 0;
	if (!a->have_pids || attach_scan(a->pids.procroot, a->confirm_n == 1 ? a->confirm[0].shmid : -1,
					 &a->attachers) < 0)
		return;
	a->confirm_procs_known = 1;
	a->attach_gen = a->confirm_n == 1 ? 0 : app_sysv(a)->track.gen; /* a one-id scan is not the whole list */
	a->attach_time = a->now;
	for (size_t k = 0; k < a->confirm_n; k++) {
		size_t first, n = attach_find(&a->attachers, a->confirm[k].shmid, &first), end = first + n;

		for (size_t i = first; i < end;) {
			const struct attacher *t = &a->attachers.v[i];
			struct app_confirm_proc *p = &a->confirm_procs[a->confirm_nprocs];
			size_t run = attach_pid_run(&a->attachers, i, end);

			a->confirm_procs_total++;
			a->confirm_procs_shmtop += t->shmtop;
			i += run;
			if (a->confirm_nprocs == APP_CONFIRM_PROCS_MAX)
				continue; /* counted, not listed */
			a->confirm_nprocs++;

			p->shmid = t->shmid;
			p->pid = t->pid;
			p->mappings = (unsigned)run;
			p->shmtop = t->shmtop;
			if (procinfo_cmdline(a->pids.procroot, t->pid, p->cmdline, sizeof(p->cmdline)) < 0 ||
			    !p->cmdline[0])
				snprintf(p->cmdline, sizeof(p->cmdline), "[%s]", t->comm);
		}
	}
}

/* The question for any other kind: the selected one alone (not the tagged: each is its own kind
 * of loss), pinned as it was seen. */
static void confirm_open_other(struct app *a, const struct track_row *sel)
{
	char msg[160];

	if (!sel) {
		snprintf(msg, sizeof(msg), "no %s selected", a->m->kind->id_name);
		app_status(a, 1, msg);
		return;
	}
	if (track_is_gone(sel)) {
		app_status(a, 1, "that one is already gone");
		return;
	}
	if (a->m->kind->going && a->m->kind->going(track_obj(&a->m->track, sel))) {
		app_status(a, 1, "that one is already unlinked: it goes when the last process that "
			   "has it open or mapped lets it go");
		return;
	}
	if (!a->m->kind->remove || a->m->kind->size > sizeof(a->confirm_other)) {
		app_status(a, 1, "this kind cannot be removed");
		return;
	}
	memcpy(&a->confirm_other, track_obj(&a->m->track, sel), a->m->kind->size);
	a->confirm_seen_ns = a->snap.time_ns;
	a->mode = MODE_CONFIRM;
}

void app_confirm_open(struct app *a)
{
	size_t tagged = track_tagged_count(&a->m->track), n = 0, marked = 0;
	struct track_row *sel = app_selected(a);
	struct shmseg *v;
	char msg[160];

	if (a->cfg.read_only) {
		app_status(a, 1, a->m->kind->unlinks ?
			   "unlinking is disabled: shmtop was started with --read-only (-R)" :
			   "removal is disabled: shmtop was started with --read-only (-R)");
		return;
	}
	a->confirm_kind = (enum kind_id)(a->m - a->models);
	if (a->m->kind != &kind_shm) {
		confirm_open_other(a, sel);
		return;
	}
	if (!tagged && !sel) {
		app_status(a, 1, "no segment selected");
		return;
	}
	if (!tagged && track_is_gone(sel)) {
		app_status(a, 1, "that segment is already gone");
		return;
	}
	v = realloc(a->confirm, (tagged ? tagged : 1) * sizeof(*v));
	if (!v) {
		app_status(a, 1, "out of memory");
		return;
	}
	a->confirm = v;
	for (size_t i = 0; i < a->m->track.n; i++) {
		const struct track_row *r = &a->m->track.rows[i];

		if (tagged ? !r->tagged : r != sel)
			continue;
		if (track_is_gone(r))
			continue;
		if (app_seg(a, r)->mode & SHMSEG_MODE_DEST) {
			marked++; /* IPC_RMID again would do nothing: not offered */
			continue;
		}
		v[n++] = *app_seg(a, r);
	}
	if (!n) {
		if (!tagged)
			snprintf(msg, sizeof(msg), "shmid %d is already marked for removal: it goes when "
				 "its last process detaches", (int)app_seg(a, sel)->shmid);
		else
			snprintf(msg, sizeof(msg), "nothing to remove: the tagged segments are gone or "
				 "already marked for removal");
		app_status(a, 1, msg);
		return;
	}
	a->confirm_n = n;
	a->confirm_marked = marked;
	a->confirm_seen_ns = a->snap.time_ns ? a->snap.time_ns : a->snap.time * 1000000000;
	confirm_attachers(a);
	a->mode = MODE_CONFIRM;
}

/* Why a removal failed, as the status line says it: a removal re-checks an id against the
 * object's owner, mode and times, an unlink a name against its inode. */
static const char *remove_why(int rc, int unlinks)
{
	switch (rc) {
	case -EPERM:
		return unlinks ? "permission denied" :
		       "permission denied: only its owner, its creator or root may remove it";
	case -EACCES:
		return unlinks ? "permission denied" :
		       "permission denied: it cannot be read, so it cannot be re-checked";
	case -EINVAL: case -EIDRM: case -ENOENT:
		return "it no longer exists";
	case -ESTALE:
		return unlinks ? "changed since you confirmed" :
		       "it changed since you confirmed (or its id names another one now)";
	case -EAGAIN:
		return "it was created or changed in the second it was listed in, so it cannot be "
		       "told from a replacement yet: ask again after the next refresh";
	default:
		return strerror(-rc);
	}
}

static int uid_cmp(const void *pa, const void *pb, void *arg)
{
	struct names *names = arg;

	return strcmp(names_user(names, *(const uint32_t *)pa), names_user(names, *(const uint32_t *)pb));
}

void app_user_menu_open(struct app *a)
{
	size_t n = 0;
	uint32_t *v = realloc(a->menu_uids, (a->m->track.n + 1) * sizeof(*v));

	a->menu_sel = 0;
	a->menu_n = 0;
	a->mode = MODE_USER;
	if (!v)
		return;
	a->menu_uids = v;
	for (size_t i = 0; i < a->m->track.n; i++) {
		int64_t owner = owner_of(a->m->kind, track_obj(&a->m->track, &a->m->track.rows[i]));
		uint32_t uid = (uint32_t)owner;
		size_t j;

		if (owner < 0)
			continue; /* unknown */
		for (j = 0; j < n && v[j] != uid; j++)
			;
		if (j == n)
			v[n++] = uid;
	}
	for (size_t i = 0; i < n; i++)
		(void)names_user(&a->names, v[i]);
	qsort_r(v, n, sizeof(*v), uid_cmp, &a->names);
	a->menu_n = n;
}

/* The answer about any other kind: its remove, which re-checks that its id or name still holds
 * the object confirmed. */
static void confirm_answer_other(struct app *a, int yes)
{
	const struct kind *k = kinds[a->confirm_kind];
	const struct kind_remove_ctx ctx = { &a->shm, &a->mq, a->confirm_seen_ns };
	char msg[POSIX_NAME_MAX * 4 + 200], label[POSIX_NAME_MAX * 4 + 16];
	int rc;

	if (!yes) {
		app_status(a, 0, k->unlinks ? "nothing unlinked" : "nothing removed");
		return;
	}
	k->label(&a->confirm_other, label, sizeof(label));
	rc = k->remove(&ctx, &a->confirm_other);
	if (rc == 0)
		snprintf(msg, sizeof(msg), "%s %s", label, k->unlinks ? "unlinked" : "removed");
	else
		snprintf(msg, sizeof(msg), "not %s: %s: %s", k->unlinks ? "unlinked" : "removed", label,
			 remove_why(rc, k->unlinks));
	app_status(a, rc < 0, msg);
	if (a->confirm_kind == KIND_POSIX)
		a->posix_scan_time = 0; /* show it as "(deleted)" at once if something still maps it */
}

void app_confirm_answer(struct app *a, int yes)
{
	const struct kind_remove_ctx ctx = { &a->shm, &a->mq, a->confirm_seen_ns };
	size_t removed = 0, marked = 0, failed = 0;
	char msg[400], first[300] = "";

	a->mode = MODE_LIST;
	if (kinds[a->confirm_kind] != &kind_shm) {
		confirm_answer_other(a, yes);
		return;
	}
	if (!yes) {
		app_status(a, 0, "nothing removed");
		return;
	}
	for (size_t i = 0; i < a->confirm_n; i++) {
		const struct shmseg *s = &a->confirm[i];
		int rc = kind_shm.remove(&ctx, s);

		if (rc < 0) {
			if (!failed++)
				snprintf(first, sizeof(first), "shmid %d: %s", (int)s->shmid,
					 remove_why(rc, 0));
		} else if (s->nattch) {
			marked++;
		} else {
			removed++;
		}
	}
	if (a->confirm_n == 1 && failed)
		snprintf(msg, sizeof(msg), "not removed: %s", first);
	else if (a->confirm_n == 1 && marked)
		snprintf(msg, sizeof(msg), "shmid %d marked for removal: it goes when the last process "
			 "attached to it detaches", (int)a->confirm[0].shmid);
	else if (a->confirm_n == 1)
		snprintf(msg, sizeof(msg), "shmid %d removed", (int)a->confirm[0].shmid);
	else
		snprintf(msg, sizeof(msg), "removed %zu, marked %zu, failed %zu%s%s", removed, marked,
			 failed, failed ? ": " : "", first);
	app_status(a, failed != 0, msg);
	if (!failed)
		track_untag_all(&a->m->track);
}

/* ---------------------------------------------------------------- IPC namespaces */

int app_enter_ns(struct app *a, int32_t pid)
{
	struct shmdir d;
	char msg[256];
	int rc;

	if (!a->have_pids) {
		app_status(a, 1, "no proc root to find the process in");
		return -ENOENT;
	}
	app_hex_close(a);
	rc = ipcns_enter(a->pids.procroot, pid);
	if (rc < 0) {
		snprintf(msg, sizeof(msg), "cannot enter the IPC namespace of pid %d: %s", (int)pid,
			 rc == -EPERM ? "permission denied (needs CAP_SYS_ADMIN: run as root)" :
			 rc == -ENOENT || rc == -ESRCH ? "no such process" : strerror(-rc));
		app_status(a, 1, msg);
		return rc;
	}
	/* another namespace's segments: nothing carries over, not even "gone" rows */
	for (size_t i = 0; i < KIND_COUNT; i++) {
		struct model *m = &a->models[i];
		uint8_t sort = m->sort;
		int reverse = m->reverse;
		const uint8_t *columns = m->columns;

		model_free(m);
		m->sort = sort;
		m->reverse = reverse;
		m->columns = columns;
	}
	a->attach_gen = 0;
	a->hist_n = a->hist_start = 0;
	/* the events traced were the last namespace's: its ids name other objects here */
	a->events.n = a->events.head = 0;
	a->events.sel = a->events.top = 0;
	a->events.held = 0;
	if (ipcns_inode(a->pids.procroot, 0, &a->cfg.ipc_ns) < 0)
		a->cfg.ipc_ns = 0;
	/* its /dev/shm inside its root; when that fails the POSIX table says why */
	shmdir_open_pid(&d, a->pids.procroot, pid, "/dev/shm");
	app_set_shm(a, &d);
	/* and its queues, in its mqueue mount inside its root: the last namespace's would be
	 * listed, and unlinked, as this one's */
	if (!a->cfg.kinds || (a->cfg.kinds & KIND_BIT(KIND_PMQ))) {
		pmq_dir_open(&d, a->pids.procroot, pid, NULL);
		app_set_mq(a, &d);
	}
	snprintf(msg, sizeof(msg), "viewing the IPC namespace of pid %d (ipc ns %llu)", (int)pid,
		 (unsigned long long)a->cfg.ipc_ns);
	app_status(a, 0, msg);
	return 0;
}
