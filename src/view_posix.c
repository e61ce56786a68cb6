/* view_posix.c - the POSIX shared memory table (Tab): every object under /dev/shm (or --shm-dir)
 * but semaphores, with size, owner, mode, modification time, the processes that map it and why it
 * may be a leak; x opens the hex view, F9/d unlinks after a confirmation that defaults to No. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "leak.h"
#include "view.h"

static void draw_confirm(struct app *a, struct frame *f)
{
	const struct posixobj *o = &a->posix_pending; /* pinned: refreshes cannot change it */
	int w = f->w - 4 > 78 ? 78 : f->w - 4, x = (f->w - w) / 2, y = (f->h - 8) / 2;
	size_t first, n;
	char buf[POSIX_NAME_MAX * 4 + 64], size[16], esc[POSIX_NAME_MAX * 4], owner[NAMES_MAX * 4];
	char num[NAMES_NUM_LEN];

	n = posix_find_mappers(&a->posix, o->dev, o->ino, &first);
	fmt_escape(esc, sizeof(esc), o->name);
	snprintf(buf, sizeof(buf), "Unlink %s? (shm_unlink)", esc);
	view_draw_box(f, y, x, 7, w, buf);
	fmt_size(size, sizeof(size), o->size);
	fmt_escape(owner, sizeof(owner), names_user_known(&a->names, o->uid, num));
	snprintf(buf, sizeof(buf), "size %s  owner %s  mapped by %zu process%s", size, owner, n,
		 n == 1 ? "" : "es");
	frame_put(f, y + 1, x + 2, w - 3, STYLE_DIALOG, buf);
	frame_put(f, y + 2, x + 2, w - 3, STYLE_DIALOG, n ?
		  "Its name goes at once; the processes that map it keep their mappings," :
		  "Its name goes at once and, as nothing maps it, so does its memory.");
	if (n)
		frame_put(f, y + 3, x + 2, w - 3, STYLE_DIALOG,
			  "and its memory is freed when the last of them unmaps it.");
	frame_put(f, y + 4, x + 2, w - 3, STYLE_DIALOG,
		  "It is re-checked first: the same object, with the same size and ctime.");
	frame_put(f, y + 5, x + 2, w - 3, STYLE_DIALOG_TITLE, "Unlink? y = yes, anything else = No");
}

/* The table of the POSIX model (view_list's, with its sort, filter, search, marks and function
 * bar), and the unlink question over it. */
static void posix_draw(struct app *a, struct frame *f)
{
	view_list.draw(a, f);
	if (a->posix_confirm)
		draw_confirm(a, f);
}

/* The keys of this screen; those it shares with the table (moving, sorting, filtering,
 * searching, tagging, the leak filter) are the table's. */
static int posix_key(struct app *a, int key)
{
	struct track_row *r = app_selected(a);
	const struct posixobj *o = r ? track_obj(&a->m->track, r) : NULL;
	enum key_action act;

	if (a->posix_confirm) {
		/* the unlink question: the removal question's keys (any but a yes is No) */
		act = keys_action(MODE_CONFIRM, key);
		app_posix_unlink_answer(a, act == ACT_YES);
		/* list again now: an unlinked object still mapped shows as deleted at once */
		return act == ACT_QUIT ? APP_QUIT : APP_REDRAW | APP_POLL_NOW;
	}
	if (a->input != INPUT_NONE)
		return view_list.key(a, key);
	act = keys_action(MODE_POSIX, key);
	switch (act) {
	case ACT_NONE:
		return APP_DONE;
	case ACT_SYSV:
		app_next_table(a);
		return APP_REDRAW | APP_POLL_NOW;
	case ACT_HEX:
		a->status[0] = '\0';
		if (r && track_is_gone(r))
			app_status(a, 1, "that object is gone");
		else if (o)
			app_hex_open_posix(a, o);
		return APP_REDRAW;
	case ACT_REMOVE:
		a->status[0] = '\0';
		if (r && track_is_gone(r))
			app_status(a, 1, "that one is already gone");
		else
			app_posix_unlink_open(a, o);
		return APP_REDRAW;
	default:
		return view_list.key(a, key);
	}
}

const struct view view_posix = { "posix", posix_draw, posix_key };
