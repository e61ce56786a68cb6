/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* cursesload.h - ncursesw, loaded when the dashboard starts: shmtop is not linked with it, so a
 * batch run (-b, --trace, --history) never loads it. Included after curses.h and term.h: the
 * library's variables ui.c uses are reached through the addresses cursesload_open() looks up. */
#ifndef SHMTOP_CURSESLOAD_H
#define SHMTOP_CURSESLOAD_H

#include <stddef.h>

#if NCURSES_REENTRANT
#error "a reentrant ncursesw (its variables are functions there) is not supported: give one built without --enable-reentrant"
#endif

/* Load the curses library (once). 0, or -1 with why it cannot be, in why (no dashboard then). */
int cursesload_open(char *why, size_t whysz);

/* where the library keeps them; only valid after cursesload_open succeeded */
extern WINDOW **cursesload_stdscr, **cursesload_curscr;
extern int *cursesload_cols, *cursesload_lines;
extern TERMINAL **cursesload_cur_term;

#undef stdscr
#undef curscr
#undef COLS
#undef LINES
#undef cur_term
#define stdscr (*cursesload_stdscr)
#define curscr (*cursesload_curscr)
#define COLS (*cursesload_cols)
#define LINES (*cursesload_lines)
#define cur_term (*cursesload_cur_term)

#endif
