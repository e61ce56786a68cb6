/* view_posix.c - the POSIX shared memory table (Tab): every object under /dev/shm (or --shm-dir)
 * but semaphores, with size, owner, mode, modification time, the processes that map it and why it
 * may be a leak; x opens the hex view, F9/d unlinks after a confirmation that defaults to No. */
#include "config.h"

#include "view.h"

/* The table of the POSIX model: view_list's, with its sort, filter, search, marks and function
 * bar. */
static void posix_draw(struct app *a, struct frame *f)
{
	view_list.draw(a, f);
}

/* The keys of this screen; those it shares with the table (moving, sorting, filtering,
 * searching, tagging, the leak filter) are the table's. */
static int posix_key(struct app *a, int key)
{
	struct track_row *r = app_selected(a);
	const struct posixobj *o = r ? track_obj(&a->m->track, r) : NULL;
	enum key_action act;

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
		app_confirm_open(a); /* the unlink question (view_confirm.c) */
		return APP_REDRAW;
	default:
		return view_list.key(a, key);
	}
}

const struct view view_posix = { "posix", posix_draw, posix_key };
