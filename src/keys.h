/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* keys.h - the dashboard's keys: the codes of keys that are not characters, and the one table of
 * bindings {key, action, screens, help} that the views dispatch through and the help screen is
 * generated from. Knows nothing of curses (ui.c turns curses keys into these codes). */
#ifndef SHMTOP_KEYS_H
#define SHMTOP_KEYS_H

#include <stddef.h>

/* Keys that are not characters. Characters are passed as themselves (Ctrl-L is 12). */
enum {
	APP_KEY_UP = 0x110000, APP_KEY_DOWN, APP_KEY_LEFT, APP_KEY_RIGHT, APP_KEY_PGUP,
	APP_KEY_PGDN, APP_KEY_HOME, APP_KEY_END, APP_KEY_ENTER, APP_KEY_ESC, APP_KEY_BACKSPACE,
	APP_KEY_DELETE, APP_KEY_F1, APP_KEY_F2, APP_KEY_F3, APP_KEY_F4, APP_KEY_F5, APP_KEY_F6,
	APP_KEY_F7, APP_KEY_F8, APP_KEY_F9, APP_KEY_F10, APP_KEY_MOUSE_CLICK, APP_KEY_WHEEL_UP,
	APP_KEY_WHEEL_DOWN, APP_KEY_RESIZE,
};

#define APP_CTRL(c) ((c) & 0x1f)

/* In the table only: every key without a binding of its own on that screen (the removal
 * question's No, the help screen's way back). */
#define KEYS_OTHER (-2)

/* What a key asks for. The view of the screen gives it its meaning there (ACT_UP moves the
 * selection in a table, the cursor in the hex view, the text in the help screen). */
enum key_action {
	ACT_NONE,
	ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END,
	ACT_CLICK, ACT_WHEEL_UP, ACT_WHEEL_DOWN, ACT_GOTO,
	ACT_DETAIL, ACT_HEX, ACT_NEXT_TABLE, ACT_LIMITS, ACT_NS, ACT_HELP,
	ACT_SEARCH, ACT_SEARCH_NEXT, ACT_SEARCH_PREV, ACT_FILTER, ACT_CLEAR_FILTER, ACT_LEAKS,
	ACT_USER, ACT_SORT_MENU, ACT_SORT_PREV, ACT_SORT_NEXT, ACT_INVERT, ACT_CHOOSE,
	ACT_TAG, ACT_UNTAG_ALL, ACT_REMOVE, ACT_SAVE, ACT_YES, ACT_NO,
	ACT_PAUSE, ACT_TIME, ACT_PROCS, ACT_REPAINT, ACT_DELAY, ACT_SETUP, ACT_SHMEM, ACT_EVENTS, ACT_MOVE_UP,
	ACT_MOVE_DOWN,
	ACT_REPLAY_PREV, ACT_REPLAY_NEXT, ACT_REPLAY_GOTO, /* --replay: the previous or next change, a time */
	ACT_BACK, ACT_QUIT,
};

/* The help screen's groups, in the order it shows them. */
enum key_group {
	KEYS_MOVE, KEYS_SCREENS, KEYS_FIND, KEYS_CHANGE, KEYS_DISPLAY, KEYS_LEAVE, KEYS_NGROUPS,
};

/* The screens of a binding: bit m for the app's mode m (enum app_mode in app.h). */
#define KEYS_ON(m) (1u << (m))

struct key_binding {
	int key;                    /* an APP_KEY_* code, a character, or KEYS_OTHER */
	enum key_action action;
	unsigned screens;           /* KEYS_ON bits */
	enum key_group group;
	const char *help;           /* one line; the bindings of a screen that share a text share
				     * its line in the help */
};

extern const struct key_binding keys_table[];
extern const size_t keys_count;
/* Every screen's bit: a binding with these screens (Ctrl-L) is the same everywhere. */
extern const unsigned keys_all;

/* The binding of key on screen (an app mode): the key's own, else the screen's KEYS_OTHER;
 * NULL when the key does nothing there. */
const struct key_binding *keys_find(int screen, int key);
/* Its action; ACT_NONE when the key does nothing there. */
enum key_action keys_action(int screen, int key);

/* The key's name, as the help screen and the man page write it: "Up", "PgDn", "F10", "Ctrl-L",
 * "Space", "Tab", "Mouse", "Wheel", "q", "\", "any other key". Returns buf. */
const char *keys_name(int key, char *buf, size_t size);
/* A group's heading in the help screen. */
const char *keys_group_name(enum key_group g);

#endif
