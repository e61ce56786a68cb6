/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view.h - one screen of the dashboard: how it draws into a frame and how it handles keys.
 * Each view is a const table entry, chosen by app->mode. */
#ifndef SHMTOP_VIEW_H
#define SHMTOP_VIEW_H

#include "app.h"
#include "frame.h"

struct view {
	const char *name;
	void (*draw)(struct app *a, struct frame *f);
	int (*key)(struct app *a, int key);
};

extern const struct view view_list;     /* the table (also hosts the search/filter prompt) */
extern const struct view view_detail;   /* every field of the selected segment */
extern const struct view view_help;     /* the keys of the screen it was opened from */
extern const struct view view_sort;     /* choose the sort column */
extern const struct view view_user;     /* choose a user */
extern const struct view view_confirm;  /* confirm IPC_RMID */
extern const struct view view_hex;      /* the live read-only hexdump of a segment */
extern const struct view view_limits;   /* kernel limits and usage, like ipcs -l and -u */
extern const struct view view_shmem;    /* m: where /proc/meminfo's Shmem went */
extern const struct view view_events;   /* E: the traced operations */
/* One traced record as the events screen and the detail view's history write it (escaped). */
void view_event_line(const struct trace_event *ev, char *buf, size_t size);
extern const struct view view_setup;    /* F2: colours, delay, sort, columns (saved) */

/* Shared pieces drawn by several views (view_common.c). */
int view_draw_header(struct app *a, struct frame *f);           /* returns rows used */
void view_draw_empty(struct app *a, struct frame *f, int y);    /* "no ..." for an empty table */
/* The header's meters (app_config.meters): one row each below the title. */
enum { VIEW_METER_SEGS = 1, VIEW_METER_MEM = 2, VIEW_METER_HIST = 4, VIEW_METERS_ALL = 7 };
#define VIEW_METERS(a) (VIEW_METERS_ALL & ~(a)->cfg.no_meters)
/* The rows view_draw_header uses on a screen h rows high with these meters. */
int view_header_rows(unsigned meters, int h);
void view_draw_fbar(struct app *a, struct frame *f, const char *const *items); /* bottom row */
void view_draw_status(struct app *a, struct frame *f, int y);
void view_draw_box(struct frame *f, int y, int x, int h, int w, const char *title);

/* A screen body that may not fit (a detail view, the limits panel): body draws it from row 0 of
 * a frame as wide as f and VIEW_BODY_MAX rows tall; f shows its rows from a->body_top (held
 * within what there is) in rows y0 to f->h - 3, above the status line and the function bar.
 * Returns how many rows the body has. view_body_rows counts them alone (for the keys). */
#define VIEW_BODY_MAX 400
int view_draw_body(struct app *a, struct frame *f, int y0,
		   void (*body)(struct app *a, struct frame *f));
int view_body_rows(struct app *a, int w, void (*body)(struct app *a, struct frame *f));
/* Up, Down, PgUp, PgDn, Home, End over such a body of rows rows shown in avail: a->body_top. */
void view_body_scroll(struct app *a, int act, int rows, int avail);
int view_too_small(struct frame *f);  /* draws the message and returns 1 when below minimum */

/* Open the setup screen on its first row (view_setup.c). */
void view_setup_open(struct app *a);

/* Open the help of the current screen (view_help.c). */
void view_help_open(struct app *a);

/* Move a selection index by delta within [0, n), keeping top so it stays visible in height. */
void view_move(long *sel, long *top, long n, long delta, int height);

#define VIEW_MIN_W 30
#define VIEW_MIN_H 6

#endif
