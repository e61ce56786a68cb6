/* view_confirm.c - the IPC_RMID confirmation: says exactly what will happen, defaults to No,
 * and only 'y' proceeds. Each id is re-checked (key, cpid, ctime) before it is removed. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "sysv.h"
#include "view.h"

static void confirm_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "y", "Remove", "n/Esc", "Keep (default)", NULL, NULL };
	int w = f->w - 4 > 78 ? 78 : f->w - 4, x = (f->w - w) / 2;
	int lines = (int)a->confirm_n + 7, h, y;
	size_t attached = 0, shown;
	char buf[256];

	view_list.draw(a, f);
	h = lines < f->h - 2 ? lines : f->h - 2;
	y = (f->h - 1 - h) / 2;
	snprintf(buf, sizeof(buf), "Remove %zu segment%s? (IPC_RMID)", a->confirm_n,
		 a->confirm_n == 1 ? "" : "s");
	view_draw_box(f, y, x, h, w, buf);
	shown = (size_t)(h - 6 > 0 ? h - 6 : 0);
	for (size_t i = 0; i < a->confirm_n; i++) {
		const struct shmseg *s = &a->confirm[i];
		char key[FMT_KEY_LEN], size[16];

		attached += s->nattch > 0;
		if (i >= shown)
			continue;
		if (i + 1 == shown && a->confirm_n > shown) {
			snprintf(buf, sizeof(buf), "... and %zu more", a->confirm_n - i);
		} else {
			fmt_key(key, s->key);
			fmt_size(size, sizeof(size), s->size);
			snprintf(buf, sizeof(buf), "key %s  shmid %d  owner %s  size %s  nattch %llu%s",
				 key, (int)s->shmid, names_user(&a->names, s->uid), size,
				 (unsigned long long)s->nattch,
				 s->mode & SHMSEG_MODE_DEST ? "  (already marked)" : "");
		}
		frame_put(f, y + 1 + (int)i, x + 2, w - 3, STYLE_DIALOG, buf);
	}
	y += h - 5;
	if (attached) {
		/* two lines: one would be cut at the dialog's width */
		snprintf(buf, sizeof(buf), "%zu still attached: only marked; the key becomes 0 and",
			 attached);
		frame_put(f, y, x + 2, w - 3, STYLE_DIALOG, buf);
		snprintf(buf, sizeof(buf), "the segment goes when the last process detaches.");
	} else {
		snprintf(buf, sizeof(buf), "Not attached: removed at once. Its contents are lost.");
	}
	frame_put(f, y + 1, x + 2, w - 3, STYLE_DIALOG, buf);
	frame_put(f, y + 2, x + 2, w - 3, STYLE_DIALOG,
		  "Each id is re-checked first: ids are reused by the kernel.");
	frame_put(f, y + 3, x + 2, w - 3, STYLE_DIALOG_TITLE, "Remove? y = yes, anything else = No");
	view_draw_fbar(a, f, fbar);
}

static const char *why(int rc)
{
	switch (rc) {
	case -EPERM:
		return "permission denied: only its owner, its creator or root may remove it";
	case -EACCES:
		return "permission denied: it cannot be read, so it cannot be re-checked";
	case -EINVAL: case -EIDRM:
		return "it no longer exists";
	case -ESTALE:
		return "its id now names another segment (key, creator or change time differ)";
	default:
		return strerror(-rc);
	}
}

static void remove_all(struct app *a)
{
	size_t removed = 0, marked = 0, failed = 0, already = 0;
	char msg[256], first[200] = "";

	for (size_t i = 0; i < a->confirm_n; i++) {
		const struct shmseg *s = &a->confirm[i];
		int rc;

		if (s->mode & SHMSEG_MODE_DEST) {
			already++;
			continue;
		}
		rc = sysv_remove(s->shmid, s);
		if (rc < 0) {
			if (!failed++)
				snprintf(first, sizeof(first), "shmid %d: %s", (int)s->shmid, why(rc));
		} else if (s->nattch) {
			marked++;
		} else {
			removed++;
		}
	}
	if (a->confirm_n == 1 && failed)
		snprintf(msg, sizeof(msg), "not removed: %s", first);
	else if (a->confirm_n == 1 && marked)
		snprintf(msg, sizeof(msg), "shmid %d marked for removal: it goes when its %llu attached "
			 "process%s detach", (int)a->confirm[0].shmid,
			 (unsigned long long)a->confirm[0].nattch, a->confirm[0].nattch == 1 ? "" : "es");
	else if (a->confirm_n == 1 && already)
		snprintf(msg, sizeof(msg), "shmid %d was already marked for removal",
			 (int)a->confirm[0].shmid);
	else if (a->confirm_n == 1)
		snprintf(msg, sizeof(msg), "shmid %d removed", (int)a->confirm[0].shmid);
	else
		snprintf(msg, sizeof(msg), "removed %zu, marked %zu, already marked %zu, failed %zu%s%s",
			 removed, marked, already, failed, failed ? ": " : "", first);
	app_status(a, failed != 0, msg);
	if (!failed)
		track_untag_all(&a->track);
}

static int confirm_key(struct app *a, int key)
{
	if (key == 'y')
		remove_all(a);
	else
		app_status(a, 0, "nothing removed");
	a->mode = MODE_LIST;
	return key == APP_KEY_F10 ? APP_QUIT : APP_REDRAW | APP_POLL_NOW;
}

const struct view view_confirm = { "confirm", confirm_draw, confirm_key };
