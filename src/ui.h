/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* ui.h - the thin curses layer: terminal setup and teardown, styles to colors, copying a frame
 * to the screen, and translating curses keys into APP_KEY_* codes. The only file (with main.c)
 * that includes curses.h. */
#ifndef SHMTOP_UI_H
#define SHMTOP_UI_H

#include <signal.h>
#include <stddef.h>

#include "frame.h"
#include "palette.h"

struct ui_options {
	enum palette_scheme scheme; /* PALETTE_MONO, or colours if the terminal has them */
	int mouse;
};

/* Signal that asked us to stop (SIGINT, SIGTERM, SIGHUP), 0 if none. */
extern volatile sig_atomic_t ui_stop_signal;

/* Take over the terminal. Returns 0, or -1 with a one-line reason in err (no terminal,
 * TERM=dumb, unknown terminal type). The terminal is untouched on failure. */
int ui_start(const struct ui_options *o, char *err, size_t errsz);
/* Show the frame's styles in scheme from now on (mono where the terminal has no colours). */
void ui_set_scheme(enum palette_scheme scheme);
/* Give the terminal back as it was. Safe to call twice. */
void ui_stop(void);

void ui_size(int *w, int *h);
int ui_utf8(void);
/* Copy the frame to the screen; repaint forces a full redraw (Ctrl-L). */
void ui_present(const struct frame *f, int repaint);
/* Wait up to timeout_ms (-1: forever) for a key. Returns an app key, or -1 on timeout or
 * signal. Mouse clicks set *my, *mx. */
int ui_getkey(int timeout_ms, int *my, int *mx);

#endif
