/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* keys.c - every key of the dashboard, once: which action it asks for on which screens, and the
 * help line that says so. The views dispatch through keys_find(), the help screen lists it, and
 * tests/test_keys.c compares it with the man page. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "keys.h"

#define LIST    KEYS_ON(MODE_LIST)
#define DETAIL  KEYS_ON(MODE_DETAIL)
#define HELP    KEYS_ON(MODE_HELP)
#define SORT    KEYS_ON(MODE_SORT)
#define USER    KEYS_ON(MODE_USER)
#define CONFIRM KEYS_ON(MODE_CONFIRM)
#define HEX     KEYS_ON(MODE_HEX)
#define LIMITS  KEYS_ON(MODE_LIMITS)
#define SETUP   KEYS_ON(MODE_SETUP)
#define SHMEM   KEYS_ON(MODE_SHMEM)
#define EVENTS  KEYS_ON(MODE_EVENTS)
#define ALL     (LIST | DETAIL | HELP | SORT | USER | CONFIRM | HEX | LIMITS | SETUP | SHMEM | \
		 EVENTS)
#define PANELS  (LIMITS | SHMEM)
#define TABLES  LIST
#define MENUS   (SORT | USER)

const unsigned keys_all = ALL;

/* Texts that several keys share: one line of the help each. */
static const char select_h[] = "move the selection";
static const char page_h[] = "move the selection by a page";
static const char ends_h[] = "go to the first or the last row";
static const char wheel_h[] = "move the selection by three rows";
static const char byte_h[] = "move the cursor by a byte";
static const char line_h[] = "move the cursor by a line";
static const char hpage_h[] = "move the cursor by a page";
static const char hends_h[] = "go to the first or the last byte";
static const char scroll_h[] = "scroll by a line";
static const char sscroll_h[] = "scroll by three lines";
static const char spage_h[] = "scroll by a page";
static const char sends_h[] = "go to the top or the end";
static const char seghex_h[] = "live hexdump of the selected object (read-only)";
static const char help_h[] = "this help";
static const char search_h[] = "search (key, id, owner, command)";
static const char filter_h[] = "filter rows; Enter keeps the filter, Esc clears it";
static const char sort_h[] = "sort by the previous / next column";
static const char hsearch_h[] = "search: text with \\ escapes, or x:de ad be ef";
static const char match_h[] = "next / previous match";
static const char remove_h[] = "remove or unlink the selected object (or tagged segments)";
static const char pause_h[] = "pause or resume refreshing";
static const char freeze_h[] = "freeze the bytes, or follow them again";
static const char back_h[] = "back to the table";
static const char menu_h[] = "close the menu, changing nothing";
static const char hexback_h[] = "leave the hex view (while searching: stop the search)";
static const char helpback_h[] = "back to the screen this help was opened from";
static const char quit_h[] = "quit";
static const char setup_h[] = "setup: colours, delay, sort, columns (saved)";
static const char change_h[] = "change the setting, or show or hide the column";
static const char step_h[] = "the previous / next value of the setting";
static const char replay_h[] = "--replay: the previous / next recorded change";
static const char done_h[] = "done: back to the table (the settings are kept)";

/* In the order the help lists them within a group; the first binding of a key on a screen is
 * the one that counts (no key is bound twice on one screen: tests/test_keys.c). */
const struct key_binding keys_table[] = {
	/* moving */
	{ APP_KEY_UP, ACT_UP, TABLES | MENUS | SETUP, KEYS_MOVE, select_h },
	{ APP_KEY_DOWN, ACT_DOWN, TABLES | MENUS | SETUP, KEYS_MOVE, select_h },
	{ 'j', ACT_DOWN, TABLES | MENUS | SETUP, KEYS_MOVE, select_h },
	{ 'k', ACT_UP, TABLES | MENUS | SETUP, KEYS_MOVE, select_h },
	{ APP_KEY_PGUP, ACT_PGUP, TABLES | SETUP, KEYS_MOVE, page_h },
	{ APP_KEY_PGDN, ACT_PGDN, TABLES | SETUP, KEYS_MOVE, page_h },
	{ APP_KEY_HOME, ACT_HOME, TABLES | MENUS | SETUP, KEYS_MOVE, ends_h },
	{ APP_KEY_END, ACT_END, TABLES | MENUS | SETUP, KEYS_MOVE, ends_h },
	{ APP_KEY_LEFT, ACT_LEFT, SETUP, KEYS_MOVE, step_h },
	{ APP_KEY_RIGHT, ACT_RIGHT, SETUP, KEYS_MOVE, step_h },
	{ APP_KEY_MOUSE_CLICK, ACT_CLICK, TABLES, KEYS_MOVE,
	  "click a title to sort (again: invert), a row to select" },
	{ APP_KEY_WHEEL_UP, ACT_WHEEL_UP, TABLES, KEYS_MOVE, wheel_h },
	{ APP_KEY_WHEEL_DOWN, ACT_WHEEL_DOWN, TABLES, KEYS_MOVE, wheel_h },
	{ APP_KEY_LEFT, ACT_LEFT, LIST, KEYS_MOVE, "scroll the table sideways, to the columns that do not fit" },
	{ APP_KEY_RIGHT, ACT_RIGHT, LIST, KEYS_MOVE, "scroll the table sideways, to the columns that do not fit" },
	{ APP_KEY_LEFT, ACT_LEFT, HEX, KEYS_MOVE, byte_h },
	{ APP_KEY_RIGHT, ACT_RIGHT, HEX, KEYS_MOVE, byte_h },
	{ APP_KEY_UP, ACT_UP, HEX, KEYS_MOVE, line_h },
	{ APP_KEY_DOWN, ACT_DOWN, HEX, KEYS_MOVE, line_h },
	{ 'j', ACT_DOWN, HEX, KEYS_MOVE, line_h },
	{ 'k', ACT_UP, HEX, KEYS_MOVE, line_h },
	{ APP_KEY_PGUP, ACT_PGUP, HEX, KEYS_MOVE, hpage_h },
	{ APP_KEY_PGDN, ACT_PGDN, HEX, KEYS_MOVE, hpage_h },
	{ APP_KEY_HOME, ACT_HOME, HEX, KEYS_MOVE, hends_h },
	{ APP_KEY_END, ACT_END, HEX, KEYS_MOVE, hends_h },
	{ 'g', ACT_GOTO, HEX, KEYS_MOVE, "go to an offset (0x.. hex or decimal, K/M/G)" },
	{ APP_KEY_UP, ACT_UP, HELP | DETAIL | PANELS, KEYS_MOVE, scroll_h },
	{ APP_KEY_DOWN, ACT_DOWN, HELP | DETAIL | PANELS, KEYS_MOVE, scroll_h },
	{ 'j', ACT_DOWN, HELP, KEYS_MOVE, scroll_h },
	{ 'k', ACT_UP, HELP, KEYS_MOVE, scroll_h },
	{ APP_KEY_WHEEL_UP, ACT_WHEEL_UP, HELP, KEYS_MOVE, sscroll_h },
	{ APP_KEY_WHEEL_DOWN, ACT_WHEEL_DOWN, HELP, KEYS_MOVE, sscroll_h },
	{ APP_KEY_PGUP, ACT_PGUP, HELP | DETAIL | PANELS, KEYS_MOVE, spage_h },
	{ APP_KEY_PGDN, ACT_PGDN, HELP | DETAIL | PANELS, KEYS_MOVE, spage_h },
	{ APP_KEY_HOME, ACT_HOME, HELP | DETAIL | PANELS, KEYS_MOVE, sends_h },
	{ APP_KEY_END, ACT_END, HELP | DETAIL | PANELS, KEYS_MOVE, sends_h },

	/* other screens */
	{ APP_KEY_ENTER, ACT_DETAIL, LIST, KEYS_SCREENS,
	  "details of the selected object (of a process: its objects)" },
	{ 'x', ACT_HEX, LIST | DETAIL, KEYS_SCREENS, seghex_h },
	{ '\t', ACT_NEXT_TABLE, LIST, KEYS_SCREENS, "next table: shm, posix, sem, msg, pmq, psem, proc" },
	{ 'L', ACT_LIMITS, LIST, KEYS_SCREENS, "kernel limits and usage, like ipcs -l and -u" },
	{ 'm', ACT_SHMEM, LIST, KEYS_SCREENS, "where /proc/meminfo's Shmem went (each /dev/shm)" },
	{ 'E', ACT_EVENTS, LIST, KEYS_SCREENS, "events: who did what, traced live (eBPF; root)" },
	{ APP_KEY_UP, ACT_UP, EVENTS, KEYS_MOVE, select_h },
	{ APP_KEY_DOWN, ACT_DOWN, EVENTS, KEYS_MOVE, select_h },
	{ 'j', ACT_DOWN, EVENTS, KEYS_MOVE, select_h },
	{ 'k', ACT_UP, EVENTS, KEYS_MOVE, select_h },
	{ APP_KEY_PGUP, ACT_PGUP, EVENTS, KEYS_MOVE, page_h },
	{ APP_KEY_PGDN, ACT_PGDN, EVENTS, KEYS_MOVE, page_h },
	{ APP_KEY_HOME, ACT_HOME, EVENTS, KEYS_MOVE, ends_h },
	{ APP_KEY_END, ACT_END, EVENTS, KEYS_MOVE, ends_h },
	{ APP_KEY_ENTER, ACT_DETAIL, EVENTS, KEYS_SCREENS, "the detail view of the record's object" },
	{ APP_KEY_F4, ACT_FILTER, EVENTS, KEYS_FIND, "only the records that hold a text" },
	{ '\\', ACT_FILTER, EVENTS, KEYS_FIND, "only the records that hold a text" },
	{ 'p', ACT_PAUSE, EVENTS, KEYS_DISPLAY, "hold the list still, or follow the newest again" },
	{ 'Z', ACT_PAUSE, EVENTS, KEYS_DISPLAY, "hold the list still, or follow the newest again" },
	{ APP_KEY_ESC, ACT_BACK, EVENTS, KEYS_LEAVE, back_h },
	{ 'q', ACT_BACK, EVENTS, KEYS_LEAVE, back_h },
	{ 'E', ACT_BACK, EVENTS, KEYS_LEAVE, back_h },
	{ APP_KEY_F1, ACT_HELP, EVENTS, KEYS_SCREENS, help_h },
	{ 'N', ACT_NS, LIST, KEYS_SCREENS,
	  "view the IPC namespace of a process (a container's; root)" },
	{ APP_KEY_F2, ACT_SETUP, LIST, KEYS_SCREENS, setup_h },
	{ 'S', ACT_SETUP, LIST, KEYS_SCREENS, setup_h },
	{ APP_KEY_F1, ACT_HELP, TABLES | DETAIL | HEX | SETUP, KEYS_SCREENS, help_h },
	{ 'h', ACT_HELP, TABLES | DETAIL | HEX | SETUP, KEYS_SCREENS, help_h },
	{ '?', ACT_HELP, TABLES | DETAIL | HEX | SETUP, KEYS_SCREENS, help_h },

	/* finding and sorting */
	{ APP_KEY_F3, ACT_SEARCH, TABLES, KEYS_FIND, search_h },
	{ '/', ACT_SEARCH, TABLES, KEYS_FIND, search_h },
	{ 'n', ACT_SEARCH_NEXT, TABLES, KEYS_FIND, "next match of the search (F3 while typing it)" },
	{ APP_KEY_F4, ACT_FILTER, TABLES, KEYS_FIND, filter_h },
	{ '\\', ACT_FILTER, TABLES, KEYS_FIND, filter_h },
	{ APP_KEY_ESC, ACT_CLEAR_FILTER, TABLES, KEYS_FIND,
	  "clear the filter; after Enter on a process, every row" },
	{ 'l', ACT_LEAKS, TABLES, KEYS_FIND, "only the leak suspects, or every row again" },
	{ 'u', ACT_USER, TABLES, KEYS_FIND, "show only one user's objects" },
	{ APP_KEY_F6, ACT_SORT_MENU, TABLES, KEYS_FIND, "choose the sort column" },
	{ '<', ACT_SORT_PREV, TABLES, KEYS_FIND, sort_h },
	{ '>', ACT_SORT_NEXT, TABLES, KEYS_FIND, sort_h },
	{ 'I', ACT_INVERT, TABLES, KEYS_FIND, "invert the sort order" },
	{ '/', ACT_SEARCH, HEX, KEYS_FIND, hsearch_h },
	{ APP_KEY_F3, ACT_SEARCH, HEX, KEYS_FIND, hsearch_h },
	{ 'n', ACT_SEARCH_NEXT, HEX, KEYS_FIND, match_h },
	{ 'N', ACT_SEARCH_PREV, HEX, KEYS_FIND, match_h },
	{ APP_KEY_ENTER, ACT_CHOOSE, SORT, KEYS_FIND, "sort by the selected column" },
	{ APP_KEY_ENTER, ACT_CHOOSE, USER, KEYS_FIND, "show only the selected user's objects" },

	/* tagging, removing, saving */
	{ ' ', ACT_TAG, LIST, KEYS_CHANGE, "tag or untag the selected segment" },
	{ 'U', ACT_UNTAG_ALL, LIST, KEYS_CHANGE, "untag all segments" },
	{ APP_KEY_F9, ACT_REMOVE, LIST | DETAIL, KEYS_CHANGE, remove_h },
	{ 'd', ACT_REMOVE, LIST | DETAIL, KEYS_CHANGE, remove_h },
	{ 'w', ACT_SAVE, HEX, KEYS_CHANGE, "save the whole segment to a file" },
	{ 'y', ACT_YES, CONFIRM, KEYS_CHANGE, "yes: go ahead" },
	{ ' ', ACT_TAG, SETUP, KEYS_CHANGE, change_h },
	{ APP_KEY_ENTER, ACT_TAG, SETUP, KEYS_CHANGE, change_h },
	{ APP_KEY_F7, ACT_MOVE_UP, SETUP, KEYS_CHANGE, "move the column up (earlier in the table)" },
	{ '[', ACT_MOVE_UP, SETUP, KEYS_CHANGE, "move the column up (earlier in the table)" },
	{ APP_KEY_F8, ACT_MOVE_DOWN, SETUP, KEYS_CHANGE, "move the column down (later in the table)" },
	{ ']', ACT_MOVE_DOWN, SETUP, KEYS_CHANGE, "move the column down (later in the table)" },
	{ KEYS_OTHER, ACT_NO, CONFIRM, KEYS_CHANGE, "No, the default: change nothing" },

	/* display */
	{ 'Z', ACT_PAUSE, TABLES | DETAIL, KEYS_DISPLAY, pause_h },
	{ 'p', ACT_PAUSE, TABLES | DETAIL, KEYS_DISPLAY, pause_h },
	{ 'Z', ACT_PAUSE, HEX, KEYS_DISPLAY, freeze_h },
	{ 'p', ACT_PAUSE, HEX, KEYS_DISPLAY, freeze_h },
	{ 't', ACT_TIME, TABLES | DETAIL | HEX, KEYS_DISPLAY, "relative or absolute times" },
	{ 's', ACT_DELAY, TABLES, KEYS_DISPLAY, "set the refresh delay in seconds (as top's s)" },
	{ 'a', ACT_PROCS, LIST, KEYS_DISPLAY, "show or hide the PROCESSES column" },
	{ '[', ACT_REPLAY_PREV, TABLES | DETAIL, KEYS_DISPLAY, replay_h },
	{ ']', ACT_REPLAY_NEXT, TABLES | DETAIL, KEYS_DISPLAY, replay_h },
	{ 'b', ACT_REPLAY_GOTO, TABLES, KEYS_DISPLAY,
	  "--replay: go to a time: 2026-12-05T10:00, -2h, +10m" },
	{ APP_CTRL('l'), ACT_REPAINT, ALL, KEYS_DISPLAY, "redraw the screen" },

	/* leaving */
	{ APP_KEY_ESC, ACT_BACK, DETAIL | PANELS, KEYS_LEAVE, back_h },
	{ 'q', ACT_BACK, DETAIL | PANELS, KEYS_LEAVE, back_h },
	{ APP_KEY_ENTER, ACT_BACK, DETAIL | PANELS, KEYS_LEAVE, back_h },
	{ 'm', ACT_BACK, SHMEM, KEYS_LEAVE, back_h },
	{ APP_KEY_LEFT, ACT_BACK, DETAIL, KEYS_LEAVE, back_h },
	{ APP_KEY_BACKSPACE, ACT_BACK, DETAIL, KEYS_LEAVE, back_h },
	{ 'L', ACT_BACK, LIMITS, KEYS_LEAVE, back_h },
	{ APP_KEY_ESC, ACT_BACK, MENUS, KEYS_LEAVE, menu_h },
	{ 'q', ACT_BACK, MENUS, KEYS_LEAVE, menu_h },
	{ APP_KEY_F6, ACT_BACK, SORT, KEYS_LEAVE, "close the sort menu, changing nothing" },
	{ 'u', ACT_BACK, USER, KEYS_LEAVE, "close the user menu, changing nothing" },
	{ APP_KEY_ESC, ACT_BACK, HEX, KEYS_LEAVE, hexback_h },
	{ 'q', ACT_BACK, HEX, KEYS_LEAVE, hexback_h },
	{ 'x', ACT_BACK, HEX, KEYS_LEAVE, hexback_h },
	{ APP_KEY_ESC, ACT_BACK, HELP, KEYS_LEAVE, helpback_h },
	{ 'q', ACT_BACK, HELP, KEYS_LEAVE, helpback_h },
	{ KEYS_OTHER, ACT_BACK, HELP, KEYS_LEAVE, helpback_h },
	{ APP_KEY_ESC, ACT_BACK, SETUP, KEYS_LEAVE, done_h },
	{ 'q', ACT_BACK, SETUP, KEYS_LEAVE, done_h },
	{ APP_KEY_F2, ACT_BACK, SETUP, KEYS_LEAVE, done_h },
	{ APP_KEY_F10, ACT_BACK, SETUP, KEYS_LEAVE, done_h },
	{ APP_KEY_F10, ACT_QUIT, ALL & ~(CONFIRM | SETUP), KEYS_LEAVE, quit_h },
	{ 'q', ACT_QUIT, TABLES, KEYS_LEAVE, quit_h },
	{ APP_KEY_F10, ACT_QUIT, CONFIRM, KEYS_LEAVE, "change nothing, and quit" },
};

const size_t keys_count = sizeof(keys_table) / sizeof(keys_table[0]);

const struct key_binding *keys_find(int screen, int key)
{
	const struct key_binding *other = NULL;
	unsigned bit;

	if (screen < 0 || screen >= 32 || key == KEYS_OTHER)
		return NULL;
	bit = KEYS_ON(screen);
	for (size_t i = 0; i < keys_count; i++) {
		const struct key_binding *b = &keys_table[i];

		if (!(b->screens & bit))
			continue;
		if (b->key == key)
			return b;
		if (b->key == KEYS_OTHER && !other)
			other = b;
	}
	return other;
}

enum key_action keys_action(int screen, int key)
{
	const struct key_binding *b = keys_find(screen, key);

	return b ? b->action : ACT_NONE;
}

const char *keys_name(int key, char *buf, size_t size)
{
	static const char *const special[] = {
		[APP_KEY_UP - APP_KEY_UP] = "Up", [APP_KEY_DOWN - APP_KEY_UP] = "Down",
		[APP_KEY_LEFT - APP_KEY_UP] = "Left", [APP_KEY_RIGHT - APP_KEY_UP] = "Right",
		[APP_KEY_PGUP - APP_KEY_UP] = "PgUp", [APP_KEY_PGDN - APP_KEY_UP] = "PgDn",
		[APP_KEY_HOME - APP_KEY_UP] = "Home", [APP_KEY_END - APP_KEY_UP] = "End",
		[APP_KEY_ENTER - APP_KEY_UP] = "Enter", [APP_KEY_ESC - APP_KEY_UP] = "Esc",
		[APP_KEY_BACKSPACE - APP_KEY_UP] = "Backspace",
		[APP_KEY_DELETE - APP_KEY_UP] = "Delete",
		[APP_KEY_MOUSE_CLICK - APP_KEY_UP] = "Mouse",
		[APP_KEY_WHEEL_UP - APP_KEY_UP] = "Wheel", [APP_KEY_WHEEL_DOWN - APP_KEY_UP] = "Wheel",
		[APP_KEY_RESIZE - APP_KEY_UP] = "Resize",
	};

	if (key == KEYS_OTHER)
		snprintf(buf, size, "any other key");
	else if (key >= APP_KEY_F1 && key <= APP_KEY_F10)
		snprintf(buf, size, "F%d", key - APP_KEY_F1 + 1);
	else if (key >= APP_KEY_UP && key <= APP_KEY_RESIZE && special[key - APP_KEY_UP])
		snprintf(buf, size, "%s", special[key - APP_KEY_UP]);
	else if (key == ' ')
		snprintf(buf, size, "Space");
	else if (key == '\t')
		snprintf(buf, size, "Tab");
	else if (key >= 0 && key < 0x20)
		snprintf(buf, size, "Ctrl-%c", key + '@');
	else if (key > 0x20 && key < 0x7f)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "U+%04X", (unsigned)key);
	return buf;
}

const char *keys_group_name(enum key_group g)
{
	static const char *const names[KEYS_NGROUPS] = {
		[KEYS_MOVE] = "Moving", [KEYS_SCREENS] = "Other screens",
		[KEYS_FIND] = "Finding and sorting", [KEYS_CHANGE] = "Tagging, removing, saving",
		[KEYS_DISPLAY] = "Display", [KEYS_LEAVE] = "Leaving",
	};

	return g >= 0 && g < KEYS_NGROUPS ? names[g] : "";
}
