/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_shmem.c - where the Shmem went (m): /proc/meminfo's Shmem broken into System V segments,
 * every tmpfs (each container's /dev/shm with its limit), memfds and the remainder, from the
 * last scan refresh_screen made. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "view.h"

#define LABEL_W 40

static void shmem_body(struct app *a, struct frame *f)
{
	const struct shmem_report *r = &a->shmem;
	size_t n = shmem_rows(r, a->cfg.ipc_ns, NULL, 0);
	struct shmem_row *rows = calloc(n ? n : 1, sizeof(*rows));
	char buf[128], num[32];
	int y = 0, near = 0;

	snprintf(buf, sizeof(buf), "Where the Shmem went (/proc/meminfo), scanned %llds ago",
		 (long long)(a->now > a->shmem_time ? a->now - a->shmem_time : 0));
	frame_fill(f, y, 0, f->w, STYLE_TITLE, ' ');
	frame_put(f, y++, 0, f->w, STYLE_TITLE, a->shmem_time ? buf : "Where the Shmem went: not "
		  "scanned yet");
	y++;
	if (!rows)
		return;
	shmem_rows(r, a->cfg.ipc_ns, rows, n);
	for (size_t i = 0; i < n && y < f->h; i++) {
		const struct shmem_row *w = &rows[i];
		int x = 1 + 2 * w->level;
		enum frame_style st = w->warn ? STYLE_ERROR : w->level == 0 ? STYLE_LABEL :
				      STYLE_NORMAL;

		if (w->level == 2) {
			frame_put(f, y++, 1, f->w - 1, STYLE_ERROR, w->label);
			continue;
		}
		frame_put(f, y, x, LABEL_W - x, st, w->label);
		if (w->has_bytes) {
			uint64_t mag = w->bytes < 0 ? (uint64_t)0 - (uint64_t)w->bytes : (uint64_t)w->bytes;
			char sz[24];

			fmt_size(sz, sizeof(sz), mag);
			snprintf(num, sizeof(num), "%s%s", w->bytes < 0 ? "-" : "", sz);
		} else {
			snprintf(num, sizeof(num), "-");
		}
		frame_put(f, y, LABEL_W + 8 - (int)strlen(num), 8, st, num);
		y++;
		if (w->note[0] && y < f->h)
			frame_put(f, y++, x + 2, f->w - x - 2, w->warn ? STYLE_ERROR : STYLE_DIM, w->note);
		near |= w->warn && w->level == 1 && strstr(w->note, "NEARLY FULL") != NULL;
	}
	free(rows);
	if (near && y + 1 < f->h)
		frame_put(f, y + 1, 1, f->w - 1, STYLE_ERROR, "A /dev/shm is nearly full: the programs "
			  "of that container get SIGBUS or ENOSPC when it is; raise its size "
			  "(docker --shm-size) or remove leaked objects.");
}

static void shmem_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "Esc", "Back  ", "F10", "Quit  ", NULL, NULL };

	view_draw_body(a, f, 0, shmem_body);
	view_draw_status(a, f, f->h - 2);
	view_draw_fbar(a, f, fbar);
}

static int shmem_key(struct app *a, int key)
{
	enum key_action act = keys_action(MODE_SHMEM, key);

	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		view_body_scroll(a, act, view_body_rows(a, a->frame_w, shmem_body), a->frame_h - 2);
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

const struct view view_shmem = { "shmem", shmem_draw, shmem_key };
