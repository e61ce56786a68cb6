/* app.c - dashboard state: merging polls, rows (filter, sort, selection that follows the shmid),
 * removal with re-checks, status messages; dispatches keys and drawing to the views. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "fmt.h"
#include "hexdump.h"
#include "ipcns.h"
#include "leak.h"
#include "sysv.h"
#include "view.h"

#define PIDS_TTL 5 /* refreshes before cached process info is read again */

static const struct view *const views[] = {
	[MODE_LIST] = &view_list, [MODE_DETAIL] = &view_detail, [MODE_HELP] = &view_help,
	[MODE_SORT] = &view_sort, [MODE_USER] = &view_user, [MODE_CONFIRM] = &view_confirm,
	[MODE_HEX] = &view_hex, [MODE_LIMITS] = &view_limits, [MODE_POSIX] = &view_posix,
};

#define ATTACH_MAX_AGE 5 /* seconds an attacher scan is trusted when no nattch changed */

void app_init(struct app *a, const struct app_config *cfg, names_lookup_fn lookup)
{
	memset(a, 0, sizeof(*a));
	a->cfg = *cfg;
	track_init(&a->track);
	snapshot_init(&a->snap);
	names_init(&a->names, lookup);
	a->sel_shmid = -1;
	a->mode = MODE_LIST;
	hexdump_marks_init(&a->hex.marks);
	attach_list_init(&a->attachers);
	posix_list_init(&a->posix);
	shmdir_init(&a->shm);
	a->hex.file.fd = -1;
	if (!a->cfg.stale_secs)
		a->cfg.stale_secs = LEAK_STALE_DEFAULT;
}

void app_free(struct app *a)
{
	app_hex_close(a);
	attach_list_free(&a->attachers);
	posix_list_free(&a->posix);
	shmdir_close(&a->shm);
	hexdump_marks_free(&a->hex.marks);
	free(a->hex.window);
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

void app_set_shm(struct app *a, struct shmdir *d)
{
	shmdir_close(&a->shm);
	a->shm = *d;
	shmdir_init(d);
	posix_list_free(&a->posix); /* another directory: not even its deleted objects carry over */
	a->posix_due = 1;
	a->posix_scan_time = 0;
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
		if (a->leak_only) {
			if (a->have_pids)
				procinfo_cache_get(&a->pids, r->seg.cpid);
			if (!leak_is_suspect(app_row_leak(a, r)))
				continue;
		}
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
	for (size_t i = 0; i < snap->segs.n; i++) {
		if (shmseg_list_push(&keep, &snap->segs.v[i]) < 0) {
			a->snap.segs = keep; /* the push may have moved the array: keep owning it */
			return -ENOMEM;
		}
	}
	a->snap = *snap;
	a->snap.segs = keep;
	a->now = snap->time;
	rc = track_update(&a->track, snap);
	if (rc < 0)
		return rc;
	a->refreshes++;
	a->posix_due = 1;
	hist_add(a, snap->usage.bytes);
	if (a->hex.attached && a->hex.posix) {
		app_hex_refresh(a);
	} else if (a->hex.attached) {
		long at = track_find(&a->track, a->hex.seg.shmid);

		a->hex.gone = at < 0 || track_is_gone(&a->track.rows[at]);
		if (at >= 0 && !a->hex.gone) {
			uint64_t size = a->hex.size; /* the attached segment's; a reused id's is not */

			a->hex.seg = a->track.rows[at].seg;
			a->hex.size = size;
		}
		app_hex_refresh(a);
	}
	if (a->have_pids && a->refreshes % PIDS_TTL == 0)
		procinfo_cache_reset(&a->pids);
	app_rebuild(a);
	return 0;
}

unsigned app_row_leak(struct app *a, const struct track_row *r)
{
	const struct procinfo *pi = a->have_pids ? procinfo_cache_find(&a->pids, r->seg.cpid) : NULL;
	/* only what the cache knows: a creator not read yet (off screen) is not known to be gone */
	int gone = pi && procinfo_gone_since(pi, r->seg.ctime);

	return leak_reasons(&r->seg, gone, a->now, a->cfg.stale_secs);
}

/* Scan the attachers when something on screen shows them and they may have changed. */
static void prepare_attachers(struct app *a)
{
	int wanted = a->cfg.show_procs || a->mode == MODE_DETAIL;

	if (!wanted || !a->have_pids)
		return;
	if (a->attach_gen && a->attach_gen >= a->track.nattch_gen &&
	    a->now - a->attach_time < ATTACH_MAX_AGE)
		return;
	if (attach_scan(a->pids.procroot, -1, &a->attachers) == 0) {
		a->attach_gen = a->track.gen;
		a->attach_time = a->now;
	}
}

void app_prepare(struct app *a)
{
	struct track_row *r;

	prepare_attachers(a);
	if ((a->mode == MODE_POSIX || (a->mode == MODE_HEX && a->hex.posix)) && a->posix_due &&
	    a->shm.shown[0] && a->have_pids) {
		a->posix_due = 0;
		size_t before = a->posix.n;

		a->posix_err = posix_list_dir(&a->shm, &a->posix);
		/* the mappers cost a read of every /proc/PID/maps: again only when the listing
		 * changed size or the last scan is ATTACH_MAX_AGE seconds old */
		if (a->posix_err == 0 && (a->posix.n != before || !a->posix_scan_time ||
					  a->now - a->posix_scan_time >= ATTACH_MAX_AGE)) {
			posix_scan_mappers(a->pids.procroot, &a->shm, &a->posix);
			a->posix_scan_time = a->now;
		}
		if (a->cfg.by_uid) { /* -u and the user chooser apply to POSIX objects too */
			size_t w = 0;

			for (size_t i = 0; i < a->posix.n; i++)
				if (a->posix.v[i].uid == a->cfg.uid)
					a->posix.v[w++] = a->posix.v[i];
			a->posix.n = w;
		}
	}
	if (a->mode == MODE_LIMITS) {
		struct sysv_info info;

		a->kinfo.valid = sysv_info_read(&info) == 0;
		if (a->kinfo.valid) {
			a->kinfo.used_ids = info.used_ids;
			a->kinfo.shm_tot = info.shm_tot;
			a->kinfo.shm_rss = info.shm_rss;
			a->kinfo.shm_swp = info.shm_swp;
		}
	}

	if (a->mode == MODE_HEX)
		app_hex_follow(a);
	if (!a->have_pids)
		return;
	if (a->mode == MODE_HEX)
		procinfo_cache_get(&a->pids, a->hex.seg.lpid);
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

/* ---------------------------------------------------------------- hex view */

int app_hex_open(struct app *a)
{
	struct track_row *r = app_selected(a);
	struct app_hex *h = &a->hex;
	const void *addr;
	char msg[200];
	int rc;

	if (!r) {
		app_status(a, 1, "no segment selected");
		return -ENOENT;
	}
	if (track_is_gone(r)) {
		app_status(a, 1, "that segment is gone");
		return -EIDRM;
	}
	rc = sysv_attach_ro(r->seg.shmid, &addr);
	if (rc < 0) {
		snprintf(msg, sizeof(msg), "cannot view shmid %d: %s", (int)r->seg.shmid,
			 rc == -EACCES ? "permission denied (reading it needs read permission)" :
			 rc == -EINVAL || rc == -EIDRM ? "it no longer exists" : strerror(-rc));
		app_status(a, 1, msg);
		return rc;
	}
	{
		/* The id may name another segment by now (ids are reused): ask the one we attached,
		 * which the attach pins, and take its size from it, never from the last poll. */
		struct shmseg now;

		rc = sysv_stat(r->seg.shmid, &now);
		if (rc < 0 || !shmseg_same(&now, &r->seg)) {
			sysv_detach(addr);
			snprintf(msg, sizeof(msg), "cannot view shmid %d: %s", (int)r->seg.shmid,
				 rc < 0 ? strerror(-rc) : "its id now names another segment");
			app_status(a, 1, msg);
			return rc < 0 ? rc : -ESTALE;
		}
		app_hex_close(a);
		h->seg = now;
		h->size = now.size;
	}
	h->posix = 0;
	h->attached = 1;
	h->data = addr;
	h->cursor = h->top = 0;
	h->frozen = h->gone = 0;
	h->input = HEX_INPUT_NONE;
	h->searching = 0;
	h->back = a->mode == MODE_DETAIL ? MODE_DETAIL : MODE_LIST;
	h->window_len = 0;
	hexdump_marks_free(&h->marks);
	hexdump_marks_init(&h->marks);
	h->digits = hexdump_offset_digits(h->size);
	a->status[0] = '\0';
	a->mode = MODE_HEX;
	return 0;
}

int app_hex_open_posix(struct app *a, const struct posixobj *o)
{
	struct app_hex *h = &a->hex;
	struct shmfile f;
	char msg[300];
	int rc;

	if (o->deleted) {
		app_status(a, 1, "that object was unlinked: only the processes that map it can read it");
		return -ENOENT;
	}
	rc = shmfile_open(&a->shm, o->name, &f);
	if (rc < 0) {
		snprintf(msg, sizeof(msg), "cannot view %s: %s", o->name,
			 rc == -EACCES ? "permission denied (reading it needs read permission)" :
			 rc == -ENOENT ? "it no longer exists" :
			 rc == -EINVAL ? "not a regular file" :
			 rc == -ESTALE ? "it changed while being opened" : strerror(-rc));
		app_status(a, 1, msg);
		return rc;
	}
	app_hex_close(a);
	memset(&h->seg, 0, sizeof(h->seg));
	h->seg.shmid = -1;
	h->seg.uid = o->uid;
	h->seg.size = o->size;
	h->file = f;
	h->posix = 1;
	h->attached = 1;
	h->data = f.map;
	h->size = h->cur_size = f.size;
	snprintf(h->name, sizeof(h->name), "%s", o->name);
	h->cursor = h->top = 0;
	h->frozen = h->gone = 0;
	h->input = HEX_INPUT_NONE;
	h->searching = 0;
	h->back = MODE_POSIX;
	h->window_len = 0;
	hexdump_marks_free(&h->marks);
	hexdump_marks_init(&h->marks);
	h->digits = hexdump_offset_digits(h->size);
	a->status[0] = '\0';
	a->mode = MODE_HEX;
	return 0;
}

void app_hex_close(struct app *a)
{
	struct app_hex *h = &a->hex;

	if (!h->attached)
		return;
	if (h->posix)
		shmfile_close(&h->file);
	else
		sysv_detach(h->data);
	h->posix = 0;
	h->attached = 0;
	h->data = NULL;
	h->searching = 0;
	if (a->mode == MODE_HEX)
		a->mode = h->back;
}

void app_hex_refresh(struct app *a)
{
	struct app_hex *h = &a->hex;
	size_t len;

	if (!h->attached || h->per_line <= 0 || h->rows <= 0)
		return;
	if (h->frozen && h->window_len && h->window_base == h->top)
		return;
	len = (size_t)h->per_line * (size_t)h->rows;
	if (h->top >= h->size)
		len = 0;
	else if (len > h->size - h->top)
		len = (size_t)(h->size - h->top);
	if (len > h->window_cap) {
		uint8_t *w = realloc(h->window, len);

		if (!w)
			return;
		h->window = w;
		h->window_cap = len;
	}
	if (h->posix) {
		/* the object may have shrunk: read only what is still there, under the SIGBUS guard */
		if (shmfile_current_size(&h->file, &h->cur_size) < 0)
			h->cur_size = 0;
		if (h->top >= h->cur_size)
			len = 0;
		else if (len > h->cur_size - h->top)
			len = (size_t)(h->cur_size - h->top);
		if (len && shmfile_copy(&h->file, h->top, h->window, len) < 0) {
			h->cur_size = h->top;
			len = 0;
		}
	} else {
		memcpy(h->window, h->data + h->top, len);
	}
	h->window_base = h->top;
	h->window_len = len;
	hexdump_marks_update(&h->marks, h->top, h->window, len, a->now);
}

void app_hex_follow(struct app *a)
{
	struct app_hex *h = &a->hex;
	uint64_t line, first, per, rows;

	if (!h->attached || h->per_line <= 0 || h->rows <= 0)
		return;
	per = (uint64_t)h->per_line;
	rows = (uint64_t)h->rows;
	if (h->size && h->cursor >= h->size)
		h->cursor = h->size - 1;
	line = h->cursor / per;
	first = h->top / per;
	if (line < first)
		first = line;
	else if (line >= first + rows)
		first = line - rows + 1;
	if (first * per != h->top || h->window_base != h->top || !h->window_len) {
		h->top = first * per;
		app_hex_refresh(a);
	}
}

struct search_args {
	struct app_hex *h;
	uint64_t *at;
};

/* A search step over what is left of a POSIX object (run under the SIGBUS guard). */
static int search_guarded(void *arg)
{
	struct search_args *sa = arg;
	uint64_t size = sa->h->size;

	if (shmfile_current_size(&sa->h->file, &sa->h->cur_size) == 0 && sa->h->cur_size < size)
		size = sa->h->cur_size;
	return hexdump_search_step(&sa->h->search, sa->h->data, size, 64u << 20, sa->at);
}

int app_work(struct app *a)
{
	struct app_hex *h = &a->hex;
	uint64_t at;
	char msg[128];
	int rc;

	if (!h->attached || !h->searching)
		return 0;
	if (h->posix) {
		struct search_args sa = { h, &at };

		rc = shmfile_guarded(search_guarded, &sa);
		if (rc == -EFAULT) {
			h->searching = 0;
			app_status(a, 1, "search stopped: the object was truncated underneath");
			return 0;
		}
	} else {
		rc = hexdump_search_step(&h->search, h->data, h->size, 64u << 20, &at);
	}
	if (rc == 2)
		return 1;
	h->searching = 0;
	if (rc == 1) {
		h->cursor = at;
		app_hex_follow(a);
		snprintf(msg, sizeof(msg), "found at offset 0x%llx (%llu)", (unsigned long long)at,
			 (unsigned long long)at);
		app_status(a, 0, msg);
	} else {
		app_status(a, 1, "pattern not found in the segment");
	}
	return 0;
}

/* ---------------------------------------------------------------- IPC namespaces */

int app_enter_ns(struct app *a, int32_t pid)
{
	struct shmdir d;
	char msg[256];
	int rc;

	if (!a->have_pids) {
		app_status(a, 1, "no proc root to find the process in");
		return -ENOENT;
	}
	app_hex_close(a);
	rc = ipcns_enter(a->pids.procroot, pid);
	if (rc < 0) {
		snprintf(msg, sizeof(msg), "cannot enter the IPC namespace of pid %d: %s", (int)pid,
			 rc == -EPERM ? "permission denied (needs CAP_SYS_ADMIN: run as root)" :
			 rc == -ENOENT || rc == -ESRCH ? "no such process" : strerror(-rc));
		app_status(a, 1, msg);
		return rc;
	}
	/* another namespace's segments: nothing carries over, not even "gone" rows */
	track_free(&a->track);
	track_init(&a->track);
	a->nrows = a->nrows_present = 0;
	a->sel = a->top = 0;
	a->sel_shmid = -1;
	a->attach_gen = 0;
	a->hist_n = a->hist_start = 0;
	if (ipcns_inode(a->pids.procroot, 0, &a->cfg.ipc_ns) < 0)
		a->cfg.ipc_ns = 0;
	/* its /dev/shm inside its root; when that fails the POSIX table says why */
	shmdir_open_pid(&d, a->pids.procroot, pid, "/dev/shm");
	app_set_shm(a, &d);
	snprintf(msg, sizeof(msg), "viewing the IPC namespace of pid %d (ipc ns %llu)", (int)pid,
		 (unsigned long long)a->cfg.ipc_ns);
	app_status(a, 0, msg);
	return 0;
}
