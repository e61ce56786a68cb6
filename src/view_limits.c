/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_limits.c - the limits panel (L): what `ipcs -l` and `ipcs -u` say, with use-percent bars
 * and a hint when a limit is near. */
#include "config.h"

#include <stdio.h>

#include "fmt.h"
#include "view.h"

#define NEAR_PERCENT 80

static int line(struct frame *f, int y, const char *label, const char *value)
{
	if (y >= f->h - 2)
		return y;
	frame_put(f, y, 2, 34, STYLE_LABEL, label);
	frame_put(f, y, 36, f->w - 36, STYLE_NORMAL, value);
	return y + 1;
}

/* label, "used / limit", and a bar; returns the next row. Sets *near when above NEAR_PERCENT. */
static int bar(struct frame *f, int y, const char *label, uint64_t used, uint64_t limit,
	       const char *text, int *near)
{
	int width = f->w - 36 - 2, fill;
	double pct = limit && limit != SHM_LIMIT_UNKNOWN ? 100.0 * (double)used / (double)limit : 0;
	char buf[256];

	if (y >= f->h - 2)
		return y;
	frame_put(f, y, 2, 34, STYLE_LABEL, label);
	snprintf(buf, sizeof(buf), "%s  (%.1f%%)", text, pct);
	frame_put(f, y, 36, f->w - 36, pct >= NEAR_PERCENT ? STYLE_ERROR : STYLE_NORMAL, buf);
	if (width > 10 && y + 1 < f->h - 2) {
		fill = (int)(pct / 100.0 * width + 0.5);
		if (used && fill == 0)
			fill = 1;
		if (fill > width)
			fill = width;
		frame_put(f, y + 1, 36, 1, STYLE_NORMAL, "[");
		frame_fill(f, y + 1, 37, fill, pct >= NEAR_PERCENT ? STYLE_METER_HIGH : STYLE_METER, '|');
		frame_put(f, y + 1, 37 + width - 1, 1, STYLE_NORMAL, "]");
		y++;
	}
	if (pct >= NEAR_PERCENT)
		*near = 1;
	return y + 1;
}

static void num(char *buf, size_t size, uint64_t v, const char *unit)
{
	if (v == SHM_LIMIT_UNKNOWN)
		snprintf(buf, size, "unknown");
	else
		snprintf(buf, size, "%llu%s", (unsigned long long)v, unit);
}

/* "used / limit" into buf, "?" for an unknown either. */
static void used_of(char *buf, size_t size, uint64_t used, uint64_t limit)
{
	char u[32], l[32];

	num(u, sizeof(u), used, "");
	num(l, sizeof(l), limit, "");
	snprintf(buf, size, "%s / %s", used == SHM_LIMIT_UNKNOWN ? "?" : u,
		 limit == SHM_LIMIT_UNKNOWN ? "?" : l);
}

/* The semaphore arrays' and the message queues' limits and usage, as ipcs -l and -u say. */
static int other_kinds(struct app *a, struct frame *f, int y, int *near)
{
	const struct sem_limits *sl = &a->sem_limits;
	const struct sem_usage *su = &a->sem_usage;
	const struct msg_limits *ml = &a->msg_limits;
	const struct msg_usage *mu = &a->msg_usage;
	char buf[256];

	if (app_kind_shown(a, KIND_SEM) && sl->semmni && y < f->h - 2) {
		y++;
		frame_put(f, y++, 0, f->w, STYLE_HEADER, "Semaphore arrays");
		used_of(buf, sizeof(buf), su->arrays, sl->semmni);
		y = bar(f, y, "arrays (semmni)", su->arrays, sl->semmni, buf, near);
		used_of(buf, sizeof(buf), su->sems, sl->semmns);
		y = bar(f, y, "semaphores (semmns)", su->sems, sl->semmns, buf, near);
		num(buf, sizeof(buf), sl->semmsl, "");
		y = line(f, y, "max semaphores per array (semmsl)", buf);
		num(buf, sizeof(buf), sl->semopm, "");
		y = line(f, y, "max ops per semop call (semopm)", buf);
		num(buf, sizeof(buf), sl->semvmx, "");
		y = line(f, y, "semaphore max value (semvmx)", buf);
	}
	if (app_kind_shown(a, KIND_MSG) && ml->msgmni && y < f->h - 2) {
		y++;
		frame_put(f, y++, 0, f->w, STYLE_HEADER, "Message queues");
		used_of(buf, sizeof(buf), mu->queues, ml->msgmni);
		y = bar(f, y, "queues (msgmni)", mu->queues, ml->msgmni, buf, near);
		num(buf, sizeof(buf), ml->msgmax, " bytes");
		y = line(f, y, "max size of a message (msgmax)", buf);
		num(buf, sizeof(buf), ml->msgmnb, " bytes");
		y = line(f, y, "default max size of a queue (msgmnb)", buf);
		snprintf(buf, sizeof(buf), "%llu messages, %llu bytes",
			 (unsigned long long)(mu->messages == SHM_LIMIT_UNKNOWN ? 0 : mu->messages),
			 (unsigned long long)(mu->bytes == SHM_LIMIT_UNKNOWN ? 0 : mu->bytes));
		y = line(f, y, "in all queues", buf);
	}
	return y;
}

/* The panel's text, from row 0 of f (view_draw_body scrolls it). */
static void limits_body(struct app *a, struct frame *f)
{
	const struct shm_limits *l = &a->snap.limits;
	const struct shm_usage *u = &a->snap.usage;
	uint64_t page = l->page_size != SHM_LIMIT_UNKNOWN ? l->page_size : 4096;
	uint64_t pages_used = a->kinfo.valid ? a->kinfo.shm_tot : (u->bytes + page - 1) / page;
	char buf[256], s1[32], s2[32];
	int y = 0, near = 0;

	frame_fill(f, y, 0, f->w, STYLE_TITLE, ' ');
	frame_put(f, y++, 0, f->w, STYLE_TITLE, "System V IPC limits and usage (like ipcs -l and ipcs -u)");
	y++;
	frame_put(f, y++, 0, f->w, STYLE_HEADER, "Limits");
	if (l->shmmax == SHM_LIMIT_UNKNOWN)
		snprintf(buf, sizeof(buf), "unknown");
	else {
		fmt_size(s1, sizeof(s1), l->shmmax);
		snprintf(buf, sizeof(buf), "%llu bytes (%s)", (unsigned long long)l->shmmax, s1);
	}
	y = line(f, y, "max segment size (shmmax)", buf);
	num(s1, sizeof(s1), l->shmall, " pages");
	if (l->shmall != SHM_LIMIT_UNKNOWN && l->shmall <= UINT64_MAX / page) {
		fmt_size(s2, sizeof(s2), l->shmall * page);
		snprintf(buf, sizeof(buf), "%s (%s)", s1, s2);
	} else {
		snprintf(buf, sizeof(buf), "%s", s1);
	}
	y = line(f, y, "max total shared memory (shmall)", buf);
	num(buf, sizeof(buf), l->shmmni, "");
	y = line(f, y, "max number of segments (shmmni)", buf);
	num(buf, sizeof(buf), l->shmmin, " byte");
	y = line(f, y, "min segment size (shmmin)", buf);
	snprintf(buf, sizeof(buf), "%s", l->shm_rmid_forced == SHM_LIMIT_UNKNOWN ? "unknown" :
		 l->shm_rmid_forced ? "1: segments are removed when their last user exits" :
		 "0: segments outlive the processes that created them");
	y = line(f, y, "kernel.shm_rmid_forced", buf);
	y++;
	if (y < f->h - 2)
		frame_put(f, y++, 0, f->w, STYLE_HEADER, "Usage");
	snprintf(buf, sizeof(buf), "%llu / %s", (unsigned long long)u->segments,
		 l->shmmni == SHM_LIMIT_UNKNOWN ? "?" : (num(s1, sizeof(s1), l->shmmni, ""), s1));
	y = bar(f, y, "segments allocated", u->segments, l->shmmni, buf, &near);
	fmt_size(s1, sizeof(s1), pages_used * page);
	snprintf(buf, sizeof(buf), "%llu pages (%s)", (unsigned long long)pages_used, s1);
	y = bar(f, y, "pages allocated / shmall", pages_used, l->shmall, buf, &near);
	if (a->kinfo.valid) {
		fmt_size(s1, sizeof(s1), a->kinfo.shm_rss * page);
		snprintf(buf, sizeof(buf), "%llu (%s)", (unsigned long long)a->kinfo.shm_rss, s1);
		y = line(f, y, "pages resident", buf);
		fmt_size(s1, sizeof(s1), a->kinfo.shm_swp * page);
		snprintf(buf, sizeof(buf), "%llu (%s)", (unsigned long long)a->kinfo.shm_swp, s1);
		y = line(f, y, "pages swapped", buf);
	} else {
		y = line(f, y, "pages resident / swapped", "unknown (shmctl SHM_INFO failed)");
	}
	y = other_kinds(a, f, y, &near);
	if (near && y + 1 < f->h - 2)
		frame_put(f, y + 1, 2, f->w - 2, STYLE_ERROR, "A limit is near: raise it with sysctl "
			  "(kernel.shmmni, shmall, sem, msgmni) or remove leaked objects (l shows "
			  "suspects).");
}

static void limits_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "Esc", "Back  ", "F10", "Quit  ", NULL, NULL };

	view_draw_body(a, f, 0, limits_body);
	view_draw_status(a, f, f->h - 2);
	view_draw_fbar(a, f, fbar);
}

static int limits_key(struct app *a, int key)
{
	enum key_action act = keys_action(MODE_LIMITS, key);

	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		view_body_scroll(a, act, view_body_rows(a, a->frame_w, limits_body), a->frame_h - 2);
		return APP_REDRAW;
	case ACT_QUIT:
		return APP_QUIT;
	case ACT_BACK:
		a->mode = MODE_LIST;
		return APP_REDRAW;
	default:
		return APP_DONE;
	}
}

const struct view view_limits = { "limits", limits_draw, limits_key };
