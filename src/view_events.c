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
	static const char *const fbar[] = { "Esc", "Back  ", "Enter", "Object", "p", "Pause ",
					    "F10", "Quit  ", NULL, NULL };
	const struct app_events *e = &a->events;
	char title[400], t[32], line[2048];
	int h = rows_shown(f->h);
	long top = e->top, sel = e->sel;

	model_clamp(&sel, &top, (long)e->n, 0, h);
	if (e->on) {
		clock_of(t, sizeof(t), e->since * 1000000000);
		snprintf(title, sizeof(title), "Events: traced since %.8s, %zu kept (newest first)%s", t,
			 e->n, e->paused ? "  [PAUSED]" : "");
	} else {
		snprintf(title, sizeof(title), "Events: not traced (%s)", e->why[0] ? e->why :
			 "starting");
	}
	frame_fill(f, 0, 0, f->w, STYLE_TITLE, ' ');
	frame_put(f, 0, 0, f->w, STYLE_TITLE, title);
	frame_fill(f, 1, 0, f->w, STYLE_HEADER, ' ');
	frame_put(f, 1, 0, f->w, STYLE_HEADER, "TIME         EVENT        KIND  OBJECT               PID"
		  "  COMMAND");
	for (long i = top; i < (long)e->n && i - top < h; i++) {
		const struct trace_event *ev = app_events_at(a, (size_t)i);
		enum frame_style st = i == sel ? STYLE_SELECTED : !strcmp(ev->event, "lost") ?
				      STYLE_ERROR : ev->err ? STYLE_DIM : STYLE_NORMAL;

		view_event_line(ev, line, sizeof(line));
		if (i == sel)
			frame_fill(f, 2 + (int)(i - top), 0, f->w, st, ' ');
		frame_put(f, 2 + (int)(i - top), 0, f->w, st, line);
	}
	if (!e->n)
		frame_put(f, 2, 1, f->w - 1, STYLE_DIM, e->on ? "nothing traced yet" :
			  "no events: the tracer is not running (see the title)");
	view_draw_status(a, f, f->h - 2);
	view_draw_fbar(a, f, fbar);
}

static int events_key(struct app *a, int key)
{
	enum key_action act = keys_action(MODE_EVENTS, key);
	struct app_events *e = &a->events;
	int h = rows_shown(a->frame_h);

	switch (act) {
	case ACT_UP: model_clamp(&e->sel, &e->top, (long)e->n, -1, h); break;
	case ACT_DOWN: model_clamp(&e->sel, &e->top, (long)e->n, 1, h); break;
	case ACT_PGUP: model_clamp(&e->sel, &e->top, (long)e->n, -h, h); break;
	case ACT_PGDN: model_clamp(&e->sel, &e->top, (long)e->n, h, h); break;
	case ACT_HOME: model_clamp(&e->sel, &e->top, (long)e->n, -(long)e->n, h); break;
	case ACT_END: model_clamp(&e->sel, &e->top, (long)e->n, (long)e->n, h); break;
	case ACT_DETAIL: return app_events_jump(a, 1);
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
	case ACT_BACK: a->mode = MODE_LIST; break;
	default: return APP_DONE;
	}
	return APP_REDRAW;
}

const struct view view_events = { "events", events_draw, events_key };
