/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_events.c - the events screen (E): the traced IPC operations, newest first, as --trace
 * prints them; p pauses it, Enter opens the object's detail view. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fmt.h"
#include "kinds.h"
#include "view.h"

#define EVENTS_MAX 4096

/* The records the filter keeps, newest first: their indexes (app_events_at's) into idx. */
static size_t kept(const struct app *a, size_t *idx)
{
	char line[2048];
	size_t n = 0;

	for (size_t i = 0; i < a->events.n && n < EVENTS_MAX; i++) {
		if (a->events.filter[0]) {
			view_event_line(app_events_at(a, i), line, sizeof(line));
			if (!strcasestr(line, a->events.filter))
				continue;
		}
		idx[n++] = i;
	}
	return n;
}

static int rows_shown(int h)
{
	return h - 4 > 1 ? h - 4 : 1; /* title, column titles, status line, function bar */
}

/* "23:50:01.123" */
static void clock_of(char *buf, size_t size, int64_t ns)
{
	time_t s = (time_t)(ns / 1000000000);
	struct tm tm;

	if (!localtime_r(&s, &tm) || !strftime(buf, size, "%H:%M:%S", &tm)) {
		snprintf(buf, size, "?");
		return;
	}
	snprintf(buf + strlen(buf), size - strlen(buf), ".%03d", (int)(ns % 1000000000 / 1000000));
}

/* One record as a line: time, event, kind, object, process, command line (escaped). */
void view_event_line(const struct trace_event *ev, char *buf, size_t size)
{
	char t[32], obj[IPCT_NAME_LEN * 4 + 16], who[(IPCT_CMDLINE_LEN + 1) * 4], pid[16] = "-";

	clock_of(t, sizeof(t), ev->time_ns);
	if (ev->name[0])
		fmt_escape(obj, sizeof(obj), ev->name);
	else if (ev->id >= 0)
		snprintf(obj, sizeof(obj), "%d", (int)ev->id);
	else
		snprintf(obj, sizeof(obj), "-");
	if (ev->pid > 0)
		snprintf(pid, sizeof(pid), "%d", (int)ev->pid);
	if (!strcmp(ev->event, "lost")) {
		snprintf(buf, size, "%-12s %-12s %llu records the kernel had no room for", t, "lost",
			 (unsigned long long)ev->count);
		return;
	}
	if (ev->cmdline[0]) {
		fmt_escape(who, sizeof(who), ev->cmdline);
	} else if (ev->comm[0]) {
		char c[IPCT_COMM_LEN * 4 + 1];

		fmt_escape(c, sizeof(c), ev->comm);
		snprintf(who, sizeof(who), "[%s]", c);
	} else {
		snprintf(who, sizeof(who), "-");
	}
	if (ev->count && (!strcmp(ev->event, "semop") || !strcmp(ev->event, "msgsnd") ||
			  !strcmp(ev->event, "msgrcv")))
		snprintf(who, sizeof(who), "%llu operations", (unsigned long long)ev->count);
	snprintf(buf, size, "%-12s %-12s %-5s %-16s %7s%s%s  %s", t, ev->event, ev->kind, obj, pid,
		 ev->err ? "  " : "", ev->err ? (strerrorname_np(ev->err) ? strerrorname_np(ev->err) :
					       "error") : "", who);
}

static void events_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "Esc", "Back  ", "Enter", "Object", "F4", "Filter",
					    "p", "Pause ", "F10", "Quit  ", NULL, NULL };
	static size_t idx[EVENTS_MAX];
	const struct app_events *e = &a->events;
	char title[800], t[32], line[2048], flt[64 * 4];
	int h = rows_shown(f->h);
	long top = e->top, sel = e->sel, n = (long)kept(a, idx);

	model_clamp(&sel, &top, n, 0, h);
	if (e->on) {
		clock_of(t, sizeof(t), e->since * 1000000000);
		fmt_escape(flt, sizeof(flt), e->filter);
		char how[340];

		if (e->on == APP_TRACE_POLL)
			snprintf(how, sizeof(how), "polled every %.1fs (no BPF: %s)", a->cfg.delay,
				 e->why);
		else
			snprintf(how, sizeof(how), "traced");
		snprintf(title, sizeof(title), "Events: %s since %.8s, %ld of %zu shown (newest "
			 "first)%s%s%s", how, t, n, e->n, e->filter[0] ? "  filter: " : "", flt,
			 e->paused ? "  [PAUSED]" : "");
	} else {
		snprintf(title, sizeof(title), "Events: not traced (%s)", e->why[0] ? e->why :
			 "starting");
	}
	frame_fill(f, 0, 0, f->w, STYLE_TITLE, ' ');
	frame_put(f, 0, 0, f->w, STYLE_TITLE, title);
	frame_fill(f, 1, 0, f->w, STYLE_HEADER, ' ');
	frame_put(f, 1, 0, f->w, STYLE_HEADER, "TIME         EVENT        KIND  OBJECT               PID"
		  "  COMMAND");
	for (long i = top; i < n && i - top < h; i++) {
		const struct trace_event *ev = app_events_at(a, idx[i]);
		enum frame_style st = i == sel ? STYLE_SELECTED : !strcmp(ev->event, "lost") ?
				      STYLE_ERROR : ev->err ? STYLE_DIM : STYLE_NORMAL;

		view_event_line(ev, line, sizeof(line));
		if (i == sel)
			frame_fill(f, 2 + (int)(i - top), 0, f->w, st, ' ');
		frame_put(f, 2 + (int)(i - top), 0, f->w, st, line);
	}
	if (!n)
		frame_put(f, 2, 1, f->w - 1, STYLE_DIM, e->filter[0] && e->n ? "no record holds "
			  "the filter" : e->on ? "nothing traced yet" :
			  "no events: the tracer is not running (see the title)");
	if (e->typing) {
		int x = frame_put(f, f->h - 2, 0, f->w, STYLE_LABEL, "Filter: ");

		x += frame_put(f, f->h - 2, x, f->w - x, STYLE_NORMAL, flt);
		f->cursor_y = f->h - 2;
		f->cursor_x = x < f->w ? x : f->w - 1;
	} else {
		view_draw_status(a, f, f->h - 2);
	}
	view_draw_fbar(a, f, fbar);
}

/* The filter being typed: Enter keeps it, Esc clears it. */
static int filter_key(struct app *a, int key)
{
	struct app_events *e = &a->events;
	size_t len = strlen(e->filter);

	if (key == APP_KEY_ENTER) {
		e->typing = 0;
	} else if (key == APP_KEY_ESC) {
		e->filter[0] = '\0';
		e->typing = 0;
	} else if (key == APP_KEY_BACKSPACE || key == 127 || key == 8) {
		if (len)
			e->filter[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < sizeof(e->filter)) {
		e->filter[len] = (char)key;
		e->filter[len + 1] = '\0';
	} else {
		return APP_DONE;
	}
	e->sel = e->top = 0;
	return APP_REDRAW;
}

static int events_key(struct app *a, int key)
{
	static size_t idx[EVENTS_MAX];
	enum key_action act;
	struct app_events *e = &a->events;
	int h = rows_shown(a->frame_h);
	long n;

	if (e->typing)
		return filter_key(a, key);
	act = keys_action(MODE_EVENTS, key);
	n = (long)kept(a, idx);
	switch (act) {
	case ACT_UP: model_clamp(&e->sel, &e->top, n, -1, h); break;
	case ACT_DOWN: model_clamp(&e->sel, &e->top, n, 1, h); break;
	case ACT_PGUP: model_clamp(&e->sel, &e->top, n, -h, h); break;
	case ACT_PGDN: model_clamp(&e->sel, &e->top, n, h, h); break;
	case ACT_HOME: model_clamp(&e->sel, &e->top, n, -n, h); break;
	case ACT_END: model_clamp(&e->sel, &e->top, n, n, h); break;
	case ACT_FILTER:
		e->typing = 1;
		break;
	case ACT_DETAIL:
		if (e->sel < 0 || e->sel >= n) {
			app_status(a, 1, n ? "no record selected" : "no record: nothing traced yet");
			return APP_REDRAW;
		}
		e->pick = *app_events_at(a, idx[e->sel]);
		return app_events_jump(a, 1);
	case ACT_PAUSE:
		e->paused = !e->paused;
		if (!e->paused) {
			/* back to the newest */
			e->sel = e->top = 0;
			e->held = 0;
		}
		break;
	case ACT_HELP: view_help_open(a); break;
	case ACT_QUIT: return APP_QUIT;
	case ACT_BACK:
		if (key == APP_KEY_ESC && e->filter[0]) { /* as the table's Esc: the filter first */
			e->filter[0] = '\0';
			e->sel = e->top = 0;
			break;
		}
		a->mode = MODE_LIST;
		break;
	default: return APP_DONE;
	}
	return APP_REDRAW;
}

const struct view view_events = { "events", events_draw, events_key };
