/* app.c - dashboard state: merging polls, rows (filter, sort, selection that follows the shmid),
 * removal with re-checks, status messages; dispatches keys and drawing to the views. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "fmt.h"
#include "sysv.h"
#include "view.h"

#define PIDS_TTL 5 /* refreshes before cached process info is read again */

static const struct view *const views[] = {
	[MODE_LIST] = &view_list, [MODE_DETAIL] = &view_detail, [MODE_HELP] = &view_help,
	[MODE_SORT] = &view_sort, [MODE_USER] = &view_user, [MODE_CONFIRM] = &view_confirm,
};

void app_init(struct app *a, const struct app_config *cfg, names_lookup_fn lookup)
{
	memset(a, 0, sizeof(*a));
	a->cfg = *cfg;
	track_init(&a->track);
	snapshot_init(&a->snap);
	names_init(&a->names, lookup);
	a->sel_shmid = -1;
	a->mode = MODE_LIST;
}

void app_free(struct app *a)
{
	track_free(&a->track);
	snapshot_free(&a->snap);
	names_free(&a->names);
	if (a->have_pids)
		procinfo_cache_free(&a->pids);
	free(a->rows);
	free(a->menu_uids);
	free(a->confirm);
}

void app_set_proc(struct app *a, const char *procroot, const struct procclock *clk)
{
	procinfo_cache_init(&a->pids, procroot, clk);
	a->have_pids = 1;
}

void app_status(struct app *a, int error, const char *msg)
{
	snprintf(a->status, sizeof(a->status), "%s", msg);
	a->status_error = error;
}

struct track_row *app_selected(struct app *a)
{
	if (a->sel < 0 || (size_t)a->sel >= a->nrows)
		return NULL;
	return &a->track.rows[a->rows[a->sel]];
}

int app_row_matches(struct app *a, const struct track_row *r, const char *text)
{
	char buf[64];
	const struct procinfo *pi;

	if (!*text)
		return 1;
	fmt_key(buf, r->seg.key);
	if (table_text_match(buf, text))
		return 1;
	snprintf(buf, sizeof(buf), "%d", (int)r->seg.shmid);
	if (table_text_match(buf, text))
		return 1;
	if (table_text_match(names_user(&a->names, r->seg.uid), text))
		return 1;
	if (!a->have_pids)
		return 0;
	pi = procinfo_cache_get(&a->pids, r->seg.cpid);
	if (pi && table_text_match(pi->comm, text))
		return 1;
	pi = procinfo_cache_get(&a->pids, r->seg.lpid);
	return pi && table_text_match(pi->comm, text);
}

void app_rebuild(struct app *a)
{
	size_t n = 0, present = 0;

	if (a->track.n > a->rows_cap) {
		uint32_t *r = realloc(a->rows, a->track.n * sizeof(*r));

		if (!r) {
			app_status(a, 1, "out of memory");
			return;
		}
		a->rows = r;
		a->rows_cap = a->track.n;
	}
	for (size_t i = 0; i < a->track.n; i++) {
		const struct track_row *r = &a->track.rows[i];

		if (a->cfg.by_uid && r->seg.uid != a->cfg.uid)
			continue;
		if (a->filter[0] && !app_row_matches(a, r, a->filter))
			continue;
		a->rows[n++] = (uint32_t)i;
		present += !track_is_gone(r);
	}
	a->nrows = n;
	a->nrows_present = present;
	table_sort(a->rows, n, a->track.rows, sizeof(*a->track.rows), a->cfg.sort, a->cfg.reverse,
		   &a->names);
	/* keep the selection on the same segment */
	if (a->sel_shmid >= 0) {
		for (size_t i = 0; i < n; i++) {
			if (a->track.rows[a->rows[i]].seg.shmid == a->sel_shmid) {
				a->sel = (long)i;
				goto found;
			}
		}
	}
	if (a->sel >= (long)n)
		a->sel = (long)n - 1;
	if (a->sel < 0 && n)
		a->sel = 0;
found:
	if (a->sel >= 0 && (size_t)a->sel < n)
		a->sel_shmid = a->track.rows[a->rows[a->sel]].seg.shmid;
	view_move(&a->sel, &a->top, (long)n, 0, a->list_height > 0 ? a->list_height : 1);
}

static void hist_add(struct app *a, uint64_t v)
{
	if (a->hist_n < APP_HIST_MAX) {
		a->hist[(a->hist_start + a->hist_n) % APP_HIST_MAX] = v;
		a->hist_n++;
	} else {
		a->hist[a->hist_start] = v;
		a->hist_start = (a->hist_start + 1) % APP_HIST_MAX;
	}
}

int app_update(struct app *a, const struct snapshot *snap)
{
	struct shmseg_list keep = a->snap.segs;
	int rc;

	/* copy the snapshot, reusing our segment array */
	shmseg_list_clear(&keep);
	for (size_t i = 0; i < snap->segs.n; i++)
		if (shmseg_list_push(&keep, &snap->segs.v[i]) < 0)
			return -ENOMEM;
	a->snap = *snap;
	a->snap.segs = keep;
	a->now = snap->time;
	rc = track_update(&a->track, snap);
	if (rc < 0)
		return rc;
	a->refreshes++;
	hist_add(a, snap->usage.bytes);
	if (a->have_pids && a->refreshes % PIDS_TTL == 0)
		procinfo_cache_reset(&a->pids);
	app_rebuild(a);
	return 0;
}

void app_prepare(struct app *a)
{
	struct track_row *r;

	if (!a->have_pids)
		return;
	for (long i = a->top; i < a->top + a->list_height && i < (long)a->nrows; i++) {
		r = &a->track.rows[a->rows[i]];
		procinfo_cache_get(&a->pids, r->seg.cpid);
		procinfo_cache_get(&a->pids, r->seg.lpid);
	}
	r = app_selected(a);
	if (r) {
		procinfo_cache_get(&a->pids, r->seg.cpid);
		procinfo_cache_get(&a->pids, r->seg.lpid);
		if (a->mode == MODE_DETAIL) {
			procinfo_cmdline(a->pids.procroot, r->seg.cpid, a->cmdline[0],
					 sizeof(a->cmdline[0]));
			procinfo_cmdline(a->pids.procroot, r->seg.lpid, a->cmdline[1],
					 sizeof(a->cmdline[1]));
		}
	}
}

int app_key(struct app *a, int key)
{
	if (key == APP_KEY_RESIZE)
		return APP_REDRAW;
	if (key == APP_CTRL('l'))
		return APP_REPAINT;
	return views[a->mode]->key(a, key);
}

void app_draw(struct app *a, struct frame *f)
{
	frame_clear(f);
	if (view_too_small(f))
		return;
	views[a->mode]->draw(a, f);
}
