/* view_posix.c - the POSIX shared memory table (Tab): every object under /dev/shm (or --shm-dir)
 * but semaphores, with size, owner, mode, modification time, the processes that map it and why it
 * may be a leak; x opens the hex view, F9/d unlinks after a confirmation that defaults to No. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "leak.h"
#include "view.h"

static const struct posixobj *selected(struct app *a)
{
	if (a->psel < 0 || (size_t)a->psel >= a->posix.n)
		return NULL;
	return &a->posix.v[a->psel];
}

static unsigned reasons_of(struct app *a, const struct posixobj *o, size_t nmappers)
{
	return leak_posix_reasons(nmappers, o->mtime, a->now, a->cfg.stale_secs);
}

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

static void posix_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "Tab", "SysV  ", "x", "Hex   ", "F9", "Unlink",
					    "F10", "Quit  ", NULL, NULL };
	static const char *const fbar_ro[] = { "Tab", "SysV  ", "x", "Hex   ", "F9", "~------",
					       "F10", "Quit  ", NULL, NULL };
	int y = view_draw_header(a, f), height;
	int wname, xs, xo, xm, xt, xp, xl, tw = a->abs_time ? FMT_TIME_LEN - 1 : 8;
	char buf[POSIX_NAME_MAX * 4 + 64], dir[4096 * 4], msg[sizeof(dir) + 64];
	char num[NAMES_NUM_LEN];

	/* NAME takes what the fixed columns leave: the mark, the space after NAME, SIZE, OWNER,
	 * MODE, MODIFIED, MAPPED BY and LEAK's 14 ("unmapped,stale", the most it says) */
	wname = f->w - 1 - 1 - (6 + 1) - (8 + 1) - (9 + 1) - (tw + 1) - (20 + 1) - 14;
	if (wname < 12)
		wname = 12;
	xs = 1 + wname + 1;
	xo = xs + 7;
	xm = xo + 9;
	xt = xm + 10;
	xp = xt + tw + 1;
	xl = xp + 21;
	frame_fill(f, y, 0, f->w, STYLE_HEADER, ' ');
	frame_put(f, y, 1, wname, STYLE_HEADER_SORT, "NAME");
	frame_put(f, y, xs + 2, 4, STYLE_HEADER, "SIZE");
	frame_put(f, y, xo, 8, STYLE_HEADER, "OWNER");
	frame_put(f, y, xm, 9, STYLE_HEADER, "MODE");
	frame_put(f, y, xt, tw, STYLE_HEADER, "MODIFIED");
	frame_put(f, y, xp, 20, STYLE_HEADER, "MAPPED BY");
	frame_put(f, y, xl, f->w - xl, STYLE_HEADER, "LEAK");
	y++;
	height = a->list_height;
	fmt_escape(dir, sizeof(dir), a->shm.shown);
	if (a->posix_err) {
		snprintf(msg, sizeof(msg), "cannot read %s: %s", dir, strerror(-a->posix_err));
		frame_put(f, y, 1, f->w - 1, STYLE_ERROR, msg);
	} else if (!a->posix.n) {
		snprintf(msg, sizeof(msg), "no POSIX shared memory objects in %s", dir);
		frame_put(f, y, 1, f->w - 1, STYLE_DIM, msg);
	}
	for (long i = a->ptop; i < (long)a->posix.n && i < a->ptop + height; i++) {
		const struct posixobj *o = &a->posix.v[i];
		size_t first, n = posix_find_mappers(&a->posix, o->dev, o->ino, &first), len;
		unsigned r = reasons_of(a, o, n);
		int row = y + (int)(i - a->ptop), sel = i == a->psel, tww;
		enum frame_style st = sel ? STYLE_SELECTED : o->deleted ? STYLE_GONE :
				      leak_is_suspect(r) ? STYLE_LEAK : STYLE_NORMAL;

		if (sel)
			frame_fill(f, row, 0, f->w, STYLE_SELECTED, ' ');
		frame_put(f, row, 0, 1, st, o->deleted ? "-" : leak_is_suspect(r) ? "!" : " ");
		len = fmt_escape(buf, sizeof(buf) - sizeof(" (deleted)"), o->name);
		snprintf(buf + len, sizeof(buf) - len, "%s", o->deleted ? " (deleted)" : "");
		frame_put(f, row, 1, wname, st, buf);
		fmt_size(buf, sizeof(buf), o->size);
		tww = frame_text_width(f, buf);
		frame_put(f, row, xs + 6 - tww, 6, st, buf);
		frame_put_name(f, row, xo, 8, st, names_user_known(&a->names, o->uid, num));
		fmt_perms_rwx(buf, o->mode);
		frame_put(f, row, xm, 9, st, buf);
		if (a->abs_time)
			fmt_time_abs(buf, sizeof(buf), o->mtime);
		else
			fmt_time_rel(buf, sizeof(buf), o->mtime, a->now);
		frame_put(f, row, xt, tw, st, buf);
		buf[0] = '\0';
		len = 0;
		for (size_t k = 0; k < n; k++) { /* whole entries only: none cut inside an escape */
			char comm[PROCINFO_COMM_MAX * 4], one[sizeof(comm) + 16];
			int wr;

			fmt_escape(comm, sizeof(comm), a->posix.m[first + k].comm);
			wr = snprintf(one, sizeof(one), "%s%d %s", k ? "," : "",
				      (int)a->posix.m[first + k].pid, comm);
			if (wr < 0 || len + (size_t)wr >= sizeof(buf))
				break;
			memcpy(buf + len, one, (size_t)wr + 1);
			len += (size_t)wr;
		}
		frame_put(f, row, xp, 20, st, n ? buf : "-");
		leak_format(r, buf, sizeof(buf));
		frame_put(f, row, xl, f->w - xl, st, buf);
	}
	if (!a->status[0]) {
		snprintf(msg, sizeof(msg), "%zu POSIX objects in %s  (Tab: System V segments)",
			 a->posix.n, dir);
		frame_put(f, f->h - 2, 0, f->w, STYLE_DIM, msg);
	} else {
		view_draw_status(a, f, f->h - 2);
	}
	view_draw_fbar(a, f, a->cfg.read_only ? fbar_ro : fbar);
	if (a->posix_confirm)
		draw_confirm(a, f);
}

static int posix_key(struct app *a, int key)
{
	long page;
	const struct posixobj *o = selected(a);
	enum key_action act;

	if (a->posix_confirm) {
		/* the unlink question: the removal question's keys (any but a yes is No) */
		act = keys_action(MODE_CONFIRM, key);
		app_posix_unlink_answer(a, act == ACT_YES);
		return act == ACT_QUIT ? APP_QUIT : APP_REDRAW;
	}
	act = keys_action(MODE_POSIX, key);
	if (act == ACT_NONE)
		return APP_DONE;
	page = a->list_height > 1 ? a->list_height - 1 : 10;
	a->status[0] = '\0';
	switch (act) {
	case ACT_UP: view_move(&a->psel, &a->ptop, (long)a->posix.n, -1, 1000000); break;
	case ACT_DOWN: view_move(&a->psel, &a->ptop, (long)a->posix.n, 1, 1000000); break;
	case ACT_PGUP: view_move(&a->psel, &a->ptop, (long)a->posix.n, -page, 1000000); break;
	case ACT_PGDN: view_move(&a->psel, &a->ptop, (long)a->posix.n, page, 1000000); break;
	case ACT_HOME: view_move(&a->psel, &a->ptop, (long)a->posix.n, -a->psel, 1000000); break;
	case ACT_END:
		view_move(&a->psel, &a->ptop, (long)a->posix.n, (long)a->posix.n, 1000000);
		break;
	case ACT_SYSV: app_next_table(a); return APP_REDRAW;
	case ACT_HEX:
		if (o)
			app_hex_open_posix(a, o);
		return APP_REDRAW;
	case ACT_REMOVE:
		app_posix_unlink_open(a, o);
		break;
	case ACT_TIME: a->abs_time = !a->abs_time; break;
	case ACT_PAUSE:
		a->paused = !a->paused;
		return APP_REDRAW | (a->paused ? 0 : APP_POLL_NOW);
	case ACT_HELP: view_help_open(a); break;
	case ACT_QUIT: return APP_QUIT;
	default: return APP_DONE;
	}
	if (selected(a))
		snprintf(a->psel_name, sizeof(a->psel_name), "%s", selected(a)->name);
	return APP_REDRAW;
}

const struct view view_posix = { "posix", posix_draw, posix_key };
