/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* cursesload.c - ncursesw loaded when the dashboard starts, not with every shmtop
 * (cursesload.h): each curses function ui.c calls is defined here as a forwarder to the library
 * that cursesload_open() dlopens, and the variables it reads are looked up there. Loading and
 * relocating ncursesw and terminfo cost every run, a batch table included, about 0.2 ms. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif
#include <stdio.h>
#include <term.h>
#include <wchar.h>

#include "cursesload.h"
#include "dlload.h"

WINDOW **cursesload_stdscr, **cursesload_curscr;
int *cursesload_cols, *cursesload_lines;
TERMINAL **cursesload_cur_term;

/* Each function: a pointer, its forwarder (its name in parentheses: curses.h may define a macro
 * of it too), and its entry in the table cursesload_open fills. */
#define CURSES_FUNCTIONS(X)                                                                      \
	X(int, setupterm, (const char *term, int fd, int *status), (term, fd, status))           \
	X(char *, tigetstr, (const char *cap), (cap))                                           \
	X(int, del_curterm, (TERMINAL * t), (t))                                                 \
	X(SCREEN *, newterm, (const char *type, FILE *out, FILE *in), (type, out, in))           \
	X(void, delscreen, (SCREEN * s), (s))                                                    \
	X(int, endwin, (void), ())                                                               \
	X(int, set_escdelay, (int ms), (ms))                                                     \
	X(int, cbreak, (void), ())                                                               \
	X(int, noecho, (void), ())                                                               \
	X(int, nonl, (void), ())                                                                 \
	X(int, intrflush, (WINDOW * w, bool on), (w, on))                                        \
	X(int, keypad, (WINDOW * w, bool on), (w, on))                                           \
	X(int, curs_set, (int visibility), (visibility))                                         \
	X(int, clearok, (WINDOW * w, bool on), (w, on))                                          \
	X(bool, has_colors, (void), ())                                                          \
	X(int, start_color, (void), ())                                                          \
	X(int, use_default_colors, (void), ())                                                   \
	X(int, init_pair, (NCURSES_PAIRS_T pair, NCURSES_COLOR_T fg, NCURSES_COLOR_T bg),        \
	  (pair, fg, bg))                                                                        \
	X(mmask_t, mousemask, (mmask_t mask, mmask_t * old), (mask, old))                        \
	X(int, mouseinterval, (int ms), (ms))                                                    \
	X(int, getmouse, (MEVENT * ev), (ev))                                                    \
	X(int, wattrset, (WINDOW * w, int attrs), (w, attrs))                                    \
	X(int, wmove, (WINDOW * w, int y, int x), (w, y, x))                                     \
	X(int, waddnwstr, (WINDOW * w, const wchar_t *s, int n), (w, s, n))                      \
	X(int, wrefresh, (WINDOW * w), (w))                                                      \
	X(void, wtimeout, (WINDOW * w, int ms), (w, ms))                                         \
	X(int, wgetch, (WINDOW * w), (w))

CURSES_FUNCTIONS(DLLOAD_POINTER)
/* the forwarders: only ever called after the library was loaded (ui_start opens first) */
CURSES_FUNCTIONS(DLLOAD_FORWARD)

static const struct dlload_sym syms[] = {
	CURSES_FUNCTIONS(DLLOAD_SYM)
	{ "stdscr", (void **)&cursesload_stdscr },
	{ "curscr", (void **)&cursesload_curscr },
	{ "COLS", (void **)&cursesload_cols },
	{ "LINES", (void **)&cursesload_lines },
	{ "cur_term", (void **)&cursesload_cur_term },
};

int cursesload_open(char *why, size_t whysz)
{
	static void *lib;

	return dlload_open(&lib, CURSES_SONAME, CURSES_PACKAGE, "a curses library", syms,
			   sizeof(syms) / sizeof(syms[0]), why, whysz);
}
