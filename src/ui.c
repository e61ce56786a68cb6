/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* ui.c - the thin curses layer. Everything drawn comes from a struct frame; nothing else here
 * decides what to show. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include "cursesload.h"
#include "keys.h"
#include "palette.h"
#include "ui.h"

volatile sig_atomic_t ui_stop_signal;

static SCREEN *screen;
static attr_t style_attr[STYLE_COUNT];
static int utf8;

static void on_signal(int sig)
{
	ui_stop_signal = sig;
}

/* Turn the scheme's styles into curses attributes: one colour pair per style that has a colour. */
static void setup_styles(enum palette_scheme scheme)
{
	for (int st = 0; st < STYLE_COUNT; st++) {
		const struct palette_style *p = palette_style(scheme, (enum frame_style)st);
		attr_t a = A_NORMAL;

		if (p->bold)
			a |= A_BOLD;
		if (p->dim)
			a |= A_DIM;
		if (p->reverse)
			a |= A_REVERSE;
		if (p->underline)
			a |= A_UNDERLINE;
		if (p->fg != PALETTE_DEFAULT_COLOR || p->bg != PALETTE_DEFAULT_COLOR) {
			init_pair((short)(st + 1), p->fg, p->bg);
			a |= (attr_t)COLOR_PAIR(st + 1);
		}
		style_attr[st] = a;
	}
}

void ui_set_scheme(enum palette_scheme scheme)
{
	static int started;

	if (scheme == PALETTE_MONO || !has_colors()) {
		setup_styles(PALETTE_MONO);
		return;
	}
	/* colours only once asked for: mono (NO_COLOR) sends no colour sequences at all */
	if (!started) {
		start_color();
		use_default_colors();
		started = 1;
	}
	setup_styles(scheme);
}

int ui_start(const struct ui_options *o, char *err, size_t errsz)
{
	const char *term = getenv("TERM");
	struct sigaction sa;
	char *cup;
	int tstatus, can_move;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errsz, "the dashboard needs a terminal on standard input and output; "
			 "use -b for batch output");
		return -1;
	}
	if (!term || !*term || strcmp(term, "dumb") == 0) {
		snprintf(err, errsz, "the terminal type '%s' cannot show the dashboard; "
			 "use -b for batch output", term ? term : "");
		return -1;
	}
	if (cursesload_open(err, errsz) < 0)
		return -1;
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL); /* Ctrl-\ too, as htop: the terminal comes back first */

	/* Check the terminal with setupterm first: newterm leaks when it rejects one. */
	if (setupterm(NULL, STDOUT_FILENO, &tstatus) != OK) {
		snprintf(err, errsz, "unknown terminal type '%s'; use -b for batch output", term);
		return -1;
	}
	cup = tigetstr("cup");
	can_move = cup && cup != (char *)-1;
	del_curterm(cur_term);
	if (!can_move) {
		snprintf(err, errsz, "the terminal '%s' cannot move the cursor; use -b for batch output",
			 term);
		return -1;
	}
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		snprintf(err, errsz, "cannot start the terminal '%s'; use -b for batch output", term);
		return -1;
	}
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	curs_set(0);
	ui_set_scheme(o->scheme);
	if (o->mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	return 0;
}

void ui_stop(void)
{
	if (!screen)
		return;
	curs_set(1);
	endwin();
	delscreen(screen);
	screen = NULL;
	fflush(stdout);
}

void ui_size(int *w, int *h)
{
	*w = COLS;
	*h = LINES;
}

int ui_utf8(void)
{
	return utf8;
}

void ui_present(const struct frame *f, int repaint)
{
	wchar_t run[512];

	if (repaint)
		clearok(curscr, TRUE);
	for (int y = 0; y < f->h && y < LINES; y++) {
		int x = 0;

		while (x < f->w && x < COLS) {
			const struct frame_cell *c = frame_at(f, y, x);
			int style = c->style, start = x, n = 0, cols = 0;

			while (x < f->w && x < COLS && n < 510) {
				c = frame_at(f, y, x);
				if (c->style != style)
					break;
				if (c->ch != FRAME_WIDE_TAIL) {
					wchar_t wc = (wchar_t)c->ch;

					if (!utf8 && c->ch >= 0x80)
						wc = L'?';
					run[n++] = wc;
				}
				cols++;
				x++;
			}
			run[n] = L'\0';
			attrset(style_attr[style]);
			/* the bottom-right cell cannot be written without scrolling: skip it */
			if (y == LINES - 1 && start + cols >= COLS && n > 0)
				n--;
			mvaddnwstr(y, start, run, n);
		}
	}
	attrset(A_NORMAL);
	if (f->cursor_y >= 0) {
		move(f->cursor_y, f->cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

int ui_getkey(int timeout_ms, int *my, int *mx)
{
	MEVENT ev;
	int ch;

	timeout(timeout_ms);
	ch = getch();
	switch (ch) {
	case ERR: return -1;
	case KEY_UP: return APP_KEY_UP;
	case KEY_DOWN: return APP_KEY_DOWN;
	case KEY_LEFT: return APP_KEY_LEFT;
	case KEY_RIGHT: return APP_KEY_RIGHT;
	case KEY_PPAGE: return APP_KEY_PGUP;
	case KEY_NPAGE: return APP_KEY_PGDN;
	case KEY_HOME: case KEY_A1: return APP_KEY_HOME;
	case KEY_END: case KEY_C1: return APP_KEY_END;
	case KEY_ENTER: case '\r': case '\n': return APP_KEY_ENTER;
	case 27: return APP_KEY_ESC;
	case KEY_BACKSPACE: case 127: case 8: return APP_KEY_BACKSPACE;
	case KEY_DC: return APP_KEY_DELETE;
	case KEY_RESIZE: return APP_KEY_RESIZE;
	case KEY_MOUSE:
		if (getmouse(&ev) != OK)
			return -1;
		*my = ev.y;
		*mx = ev.x;
		if (ev.bstate & BUTTON4_PRESSED)
			return APP_KEY_WHEEL_UP;
		if (ev.bstate & BUTTON5_PRESSED)
			return APP_KEY_WHEEL_DOWN;
		if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
			return APP_KEY_MOUSE_CLICK;
		return -1;
	default:
		break;
	}
	if (ch >= KEY_F(1) && ch <= KEY_F(10))
		return APP_KEY_F1 + (ch - KEY_F(1));
	if (ch >= KEY_MIN)
		return -1;
	return ch;
}
