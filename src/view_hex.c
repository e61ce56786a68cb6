/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_hex.c - the live read-only hexdump of one segment: offset, hex in groups of eight and an
 * ASCII column, bytes colored by kind, changed bytes lit and fading, a cursor byte with an
 * inspector, goto, search and save. Draws only the visible window. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "hexdump.h"
#include "savefile.h"
#include "view.h"

/* Whether the byte at off was read at the last refresh, and then its value. Views never read
 * the object: bytes outside the window (the layout just changed) wait for the next refresh. */
static int byte_at(const struct app_hex *h, uint64_t off, uint8_t *b)
{
	if (off < h->window_base || off - h->window_base >= h->window_len)
		return 0;
	*b = h->window[off - h->window_base];
	return 1;
}

/* The cursor shows in the ASCII column always, and in the hex column unless the byte just
 * changed there: a lit change must never hide under the cursor. */
static enum frame_style byte_style(const struct app_hex *h, uint64_t off, uint8_t b, int ascii)
{
	int age = hexdump_marks_age(&h->marks, off);

	if (off == h->cursor && (ascii || age < HEXDUMP_FADE - 1))
		return STYLE_CURSOR;
	if (age >= HEXDUMP_FADE - 1)
		return STYLE_CHANGED;
	if (age > 0)
		return STYLE_FADING;
	switch (hexdump_class(b)) {
	case HEXDUMP_ZERO: return STYLE_HEX_ZERO;
	case HEXDUMP_PRINT: return STYLE_HEX_PRINT;
	case HEXDUMP_SPACE: return STYLE_HEX_SPACE;
	default: return STYLE_HEX_OTHER;
	}
}

static void draw_line(struct app *a, struct frame *f, int y, uint64_t off)
{
	static const char hexd[] = "0123456789abcdef";
	struct app_hex *h = &a->hex;
	char buf[32];

	snprintf(buf, sizeof(buf), "%0*llx", h->digits, (unsigned long long)off);
	frame_put(f, y, 0, h->digits, STYLE_DIM, buf);
	frame_put(f, y, hexdump_ascii_col(h->per_line, h->digits, 0) - 1, 1, STYLE_DIM, "|");
	for (int i = 0; i < h->per_line; i++) {
		uint64_t o = off + (uint64_t)i;
		enum frame_style st;
		uint8_t b;
		char hx[3], as[2];

		if (o >= h->size)
			break;
		if (h->posix && o >= h->cur_size) {
			/* truncated underneath: these bytes no longer exist */
			frame_put(f, y, hexdump_hex_col(h->per_line, h->digits, i), 2, STYLE_DIM, "--");
			continue;
		}
		if (!byte_at(h, o, &b))
			continue; /* not read yet: blank until the next refresh */
		st = byte_style(h, o, b, 0);
		hx[0] = hexd[b >> 4];
		hx[1] = hexd[b & 15];
		hx[2] = '\0';
		as[0] = hexdump_ascii(b);
		as[1] = '\0';
		frame_put(f, y, hexdump_hex_col(h->per_line, h->digits, i), 2, st, hx);
		frame_put(f, y, hexdump_ascii_col(h->per_line, h->digits, i), 1, byte_style(h, o, b, 1), as);
		if (i == h->per_line - 1 || o + 1 == h->size)
			frame_put(f, y, hexdump_ascii_col(h->per_line, h->digits, i) + 1, 1, STYLE_DIM, "|");
	}
}

static void draw_prompt(struct app *a, struct frame *f, int y)
{
	static const char *const what[] = {
		[HEX_INPUT_GOTO] = "Go to offset (0x.. or decimal): ",
		[HEX_INPUT_SEARCH] = "Search (text with \\ escapes, or x:de ad be ef): ",
		[HEX_INPUT_SAVE] = "Save the whole segment to file: ",
		[HEX_INPUT_OVERWRITE] = "",
	};
	struct app_hex *h = &a->hex;
	char buf[512];
	int x;

	if (h->input == HEX_INPUT_OVERWRITE) {
		snprintf(buf, sizeof(buf), "'%s' exists. Overwrite it? y = yes, anything else = No",
			 h->save_path);
		frame_put(f, y, 0, f->w, STYLE_ERROR, buf);
		return;
	}
	x = frame_put(f, y, 0, f->w, STYLE_LABEL, what[h->input]);
	x += frame_put(f, y, x, f->w - x, STYLE_NORMAL, h->text);
	f->cursor_y = y;
	f->cursor_x = x < f->w ? x : f->w - 1;
}

static void draw_status(struct app *a, struct frame *f, int y)
{
	struct app_hex *h = &a->hex;
	const struct procinfo *pi = a->have_pids ? procinfo_cache_find(&a->pids, h->seg.lpid) : NULL;
	char buf[768], size[16], when[32], comm[PROCINFO_COMM_MAX * 4];

	if (h->input != HEX_INPUT_NONE) {
		draw_prompt(a, f, y);
		return;
	}
	if (a->status[0]) {
		frame_put(f, y, 0, f->w, a->status_error ? STYLE_ERROR : STYLE_STATUS, a->status);
		return;
	}
	fmt_size(size, sizeof(size), h->size);
	if (h->marks.changed_at && a->abs_time)
		fmt_time_abs(when, sizeof(when), h->marks.changed_at);
	else if (h->marks.changed_at)
		fmt_time_rel(when, sizeof(when), h->marks.changed_at, a->now);
	else
		snprintf(when, sizeof(when), "no change seen");
	fmt_escape(comm, sizeof(comm), pi ? pi->comm : "");
	if (h->posix)
		snprintf(buf, sizeof(buf), "%s%s%s  %s  view last changed: %s",
			 h->frozen ? "[FROZEN]  " : "", h->searching ? "[searching...]  " : "", size,
			 h->how, when);
	else
		snprintf(buf, sizeof(buf), "%s%s%s  %s  nattch %llu  lpid %d %s  view last changed: %s",
			 h->frozen ? "[FROZEN]  " : "", h->searching ? "[searching...]  " : "", size,
			 h->how, (unsigned long long)h->seg.nattch, (int)h->seg.lpid, comm, when);
	frame_put(f, y, 0, f->w, STYLE_DIM, buf);
}

static void hex_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "Esc", "Back  ", "g", "Goto  ", "/", "Search",
					    "n/N", "Next  ", "w", "Save  ", "Z", "Freeze", NULL, NULL };
	struct app_hex *h = &a->hex;
	char buf[1280], key[FMT_KEY_LEN], size[16];
	int y = 0;

	if (!h->open) {
		frame_put(f, 0, 0, f->w, STYLE_ERROR, "nothing to show");
		return;
	}
	fmt_key(key, h->seg.key);
	fmt_size(size, sizeof(size), h->size);
	if (h->posix) {
		char trunc[96] = "";

		if (h->cur_size < h->size)
			snprintf(trunc, sizeof(trunc), "  [TRUNCATED to %llu bytes underneath: the rest "
				 "reads as gone]", (unsigned long long)h->cur_size);
		char name[POSIX_NAME_MAX * 4];

		fmt_escape(name, sizeof(name), h->name);
		snprintf(buf, sizeof(buf), "POSIX %s  %llu bytes (%s)  read-only%s", name,
			 (unsigned long long)h->size, size, h->gone ? "  [UNLINKED: showing the last "
			 "bytes read]" : trunc);
	} else {
		char huge[48] = "";

		if (h->seg.huge_page > 0) {
			char page[16];

			fmt_size(page, sizeof(page), (uint64_t)h->seg.huge_page);
			snprintf(huge, sizeof(huge), "  hugetlb %s pages", page);
		}
		snprintf(buf, sizeof(buf), "shmid %d  key %s  %llu bytes (%s)%s  read-only%s",
			 (int)h->seg.shmid, key, (unsigned long long)h->size, size, huge,
			 h->gone ? "  [GONE from the kernel's list: showing the last bytes read]" :
			 h->seg.mode & SHMSEG_MODE_DEST ? "  [MARKED FOR REMOVAL: goes when the last "
			 "process detaches]" : "");
	}
	frame_fill(f, y, 0, f->w, STYLE_TITLE, ' ');
	frame_put(f, y++, 0, f->w, h->gone || (!h->posix && (h->seg.mode & SHMSEG_MODE_DEST)) ||
		  (h->posix && h->cur_size < h->size) ? STYLE_ERROR : STYLE_TITLE, buf);
	for (int r = 0; r < h->rows; r++) {
		uint64_t off = h->top + (uint64_t)r * (uint64_t)h->per_line;

		if (off >= h->size)
			break;
		draw_line(a, f, y + r, off);
	}
	y += h->rows;
	if (h->size) {
		uint64_t avail = 0, end = h->posix && h->cur_size < h->size ? h->cur_size : h->size;
		uint8_t p[64]; /* the bytes at the cursor as last read: frozen ones while frozen */
		char val[256];

		/* only bytes that were read and still exist: the rest show as "-" */
		while (avail < sizeof(p) && h->cursor + avail < end &&
		       byte_at(h, h->cursor + avail, &p[avail]))
			avail++;
		snprintf(buf, sizeof(buf), "@0x%llx ", (unsigned long long)h->cursor);
		frame_put(f, y, 0, f->w, STYLE_LABEL, buf);
		hexdump_inspect(p, avail, 0, val, sizeof(val));
		frame_put(f, y++, (int)strlen(buf), f->w, STYLE_NORMAL, val);
		hexdump_inspect(p, avail, 1, val, sizeof(val));
		frame_put(f, y++, (int)strlen(buf), f->w, STYLE_NORMAL, val);
		hexdump_cstring(p, avail, 64, val, sizeof(val));
		frame_put(f, y, 0, f->w, STYLE_LABEL, "string ");
		frame_put(f, y++, 7, f->w - 7, STYLE_NORMAL, val);
	} else {
		frame_put(f, y++, 0, f->w, STYLE_DIM, "the segment is empty");
		y += 2;
	}
	draw_status(a, f, f->h - 2);
	view_draw_fbar(a, f, fbar);
}

static void move_cursor(struct app *a, int64_t delta)
{
	struct app_hex *h = &a->hex;
	int64_t c = (int64_t)h->cursor + delta;

	if (!h->size)
		return;
	if (c < 0)
		c = 0;
	if ((uint64_t)c >= h->size)
		c = (int64_t)h->size - 1;
	h->cursor = (uint64_t)c;
	app_hex_follow(a);
}

static void start_search(struct app *a, int backward)
{
	struct app_hex *h = &a->hex;
	uint64_t from;

	if (!h->have_pat) {
		app_status(a, 1, "no search yet: press / to search");
		return;
	}
	from = backward ? (h->cursor ? h->cursor - 1 : (h->size ? h->size - 1 : 0)) :
	       (h->cursor + 1 < h->size ? h->cursor + 1 : 0);
	hexdump_search_start(&h->search, &h->pat, from, backward);
	h->searching = 1;
	a->status[0] = '\0';
	app_work(a);
}

/* The save's source: the object, through the hex view's reader (a POSIX object that shrank
 * gives fewer bytes: the save says so). */
static ssize_t save_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	return reader_read(ctx, off, buf, len);
}

static void save(struct app *a, int overwrite)
{
	struct app_hex *h = &a->hex;
	struct savefile_result res;
	char msg[1400], path[1024];
	int rc;

	fmt_escape(path, sizeof(path), h->save_path);
	if (h->gone) {
		snprintf(msg, sizeof(msg), "cannot write '%s': the object is gone", path);
		app_status(a, 1, msg);
		return;
	}
	rc = savefile_write(h->save_path, h->size, save_read, &h->rd, overwrite, &res);
	if (rc == -EEXIST && !overwrite) {
		h->input = HEX_INPUT_OVERWRITE;
		return;
	}
	if (rc == -EINVAL)
		snprintf(msg, sizeof(msg), "cannot write '%s': not a regular file (a FIFO, device, "
			 "directory or symlink is never written to)", path);
	else if (rc == -EEXIST)
		snprintf(msg, sizeof(msg), "cannot write '%s': another file took its place meanwhile "
			 "and was left alone", path);
	else if (rc < 0)
		snprintf(msg, sizeof(msg), "cannot write '%s': %s (nothing changed)", path,
			 strerror(-rc));
	else if (res.truncated)
		snprintf(msg, sizeof(msg), "wrote %llu of %llu bytes to '%s': the object shrank "
			 "underneath", (unsigned long long)res.written, (unsigned long long)h->size,
			 path);
	else
		snprintf(msg, sizeof(msg), "wrote %llu bytes to '%s'", (unsigned long long)res.written,
			 path);
	app_status(a, rc < 0 || res.truncated, msg);
}

static int input_done(struct app *a)
{
	struct app_hex *h = &a->hex;
	char err[200];
	uint64_t off;
	int rc;

	switch (h->input) {
	case HEX_INPUT_GOTO:
		h->input = HEX_INPUT_NONE;
		rc = hexdump_parse_offset(h->text, h->size, &off);
		if (rc < 0) {
			snprintf(err, sizeof(err), rc == -ERANGE ? "offset '%s' is past the end" :
				 "not an offset: '%s' (use 0x.. for hex)", h->text);
			app_status(a, 1, err);
			break;
		}
		h->cursor = off;
		app_hex_follow(a);
		break;
	case HEX_INPUT_SEARCH:
		h->input = HEX_INPUT_NONE;
		if (hexdump_pattern_parse(h->text, &h->pat, err, sizeof(err)) < 0) {
			app_status(a, 1, err);
			break;
		}
		h->have_pat = 1;
		start_search(a, 0);
		break;
	case HEX_INPUT_SAVE:
		h->input = HEX_INPUT_NONE;
		if (!h->text[0]) {
			app_status(a, 0, "nothing saved");
			break;
		}
		snprintf(h->save_path, sizeof(h->save_path), "%s", h->text);
		save(a, 0);
		break;
	default:
		h->input = HEX_INPUT_NONE;
		break;
	}
	return APP_REDRAW;
}

static int input_key(struct app *a, int key)
{
	struct app_hex *h = &a->hex;
	size_t len = strlen(h->text);

	if (h->input == HEX_INPUT_OVERWRITE) {
		h->input = HEX_INPUT_NONE;
		if (key == 'y')
			save(a, 1);
		else
			app_status(a, 0, "nothing saved");
		return APP_REDRAW;
	}
	if (key == APP_KEY_ENTER)
		return input_done(a);
	if (key == APP_KEY_ESC) {
		h->input = HEX_INPUT_NONE;
		return APP_REDRAW;
	}
	if (key == APP_KEY_BACKSPACE || key == 127 || key == 8) {
		if (len)
			h->text[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < sizeof(h->text)) {
		h->text[len] = (char)key;
		h->text[len + 1] = '\0';
	}
	return APP_REDRAW;
}

static void prompt(struct app *a, enum hex_input what)
{
	a->hex.input = what;
	a->hex.text[0] = '\0';
	a->status[0] = '\0';
}

static int hex_key(struct app *a, int key)
{
	struct app_hex *h = &a->hex;
	int64_t page = (int64_t)h->per_line * (h->rows > 1 ? h->rows - 1 : 1);
	enum key_action act;

	if (h->input != HEX_INPUT_NONE)
		return input_key(a, key);
	act = keys_action(MODE_HEX, key);
	if (act == ACT_NONE)
		return APP_DONE;
	if (act != ACT_SEARCH_NEXT && act != ACT_SEARCH_PREV)
		a->status[0] = '\0';
	switch (act) {
	case ACT_LEFT: move_cursor(a, -1); break;
	case ACT_RIGHT: move_cursor(a, 1); break;
	case ACT_UP: move_cursor(a, -h->per_line); break;
	case ACT_DOWN: move_cursor(a, h->per_line); break;
	case ACT_PGUP: move_cursor(a, -page); break;
	case ACT_PGDN: move_cursor(a, page); break;
	case ACT_HOME: move_cursor(a, -(int64_t)h->cursor); break;
	case ACT_END: move_cursor(a, (int64_t)h->size); break;
	case ACT_GOTO: prompt(a, HEX_INPUT_GOTO); break;
	case ACT_SEARCH: prompt(a, HEX_INPUT_SEARCH); break;
	case ACT_SEARCH_NEXT: start_search(a, 0); break;
	case ACT_SEARCH_PREV: start_search(a, 1); break;
	case ACT_SAVE: prompt(a, HEX_INPUT_SAVE); break;
	case ACT_PAUSE:
		h->frozen = !h->frozen;
		app_status(a, 0, h->frozen ? "frozen: press Z or p to follow the bytes again" :
			   "following the bytes live");
		if (!h->frozen)
			app_hex_refresh(a);
		break;
	case ACT_TIME: a->abs_time = !a->abs_time; break;
	case ACT_HELP: view_help_open(a); break;
	case ACT_BACK:
		if (h->searching) {
			h->searching = 0;
			app_status(a, 0, "search cancelled");
			break;
		}
		app_hex_close(a);
		break;
	case ACT_QUIT:
		return APP_QUIT;
	default:
		return APP_DONE;
	}
	return APP_REDRAW;
}

const struct view view_hex = { "hex", hex_draw, hex_key };
