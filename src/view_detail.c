/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_detail.c - every shmid_ds field of the selected segment, its processes, and the nattch
 * history seen since shmtop started. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "kind_sem.h"
#include "leak.h"
#include "view.h"

static void field(struct frame *f, int *y, const char *label, const char *value,
		  enum frame_style st)
{
	if (*y >= f->h - 2)
		return;
	frame_put(f, *y, 1, 16, STYLE_LABEL, label);
	frame_put(f, *y, 18, f->w - 18, st, value);
	(*y)++;
}

static void when(struct app *a, char *buf, size_t size, int64_t t)
{
	char abs[FMT_TIME_LEN], rel[32];

	if (t <= 0) {
		snprintf(buf, size, "never");
		return;
	}
	fmt_time_abs(abs, sizeof(abs), t);
	fmt_time_rel(rel, sizeof(rel), t, a->now);
	snprintf(buf, size, "%s  (%s)", abs, rel);
}

static void process(struct app *a, struct frame *f, int *y, const char *label, int32_t pid,
		    int64_t since, const char *cmdline)
{
	const struct procinfo *pi = a->have_pids ? procinfo_cache_find(&a->pids, pid) : NULL;
	char buf[2600], comm[PROCINFO_COMM_MAX * 4], cmd[512 * 4];
	int gone = !pi || procinfo_gone_since(pi, since);

	if (pid <= 0) {
		field(f, y, label, "none", STYLE_DIM);
		return;
	}
	fmt_escape(comm, sizeof(comm), pi && pi->comm[0] ? pi->comm : "?");
	snprintf(buf, sizeof(buf), "%d  %s  %s", (int)pid, comm,
		 !a->have_pids ? "" : gone ? (pi && pi->alive ? "(gone: pid reused by a newer process)"
						 : "(gone)") : "(alive)");
	field(f, y, label, buf, gone && a->have_pids ? STYLE_DIM : STYLE_NORMAL);
	if (!gone && cmdline[0]) {
		fmt_escape(cmd, sizeof(cmd), cmdline);
		snprintf(buf, sizeof(buf), "  %s", cmd);
		field(f, y, "", buf, STYLE_NORMAL);
	} else if (gone && app_traced_cmdline(a, pid)) {
		/* gone, but the tracer saw it: its command line as it was */
		fmt_escape(cmd, sizeof(cmd), app_traced_cmdline(a, pid));
		snprintf(buf, sizeof(buf), "  %s  (traced)", cmd);
		field(f, y, "", buf, STYLE_DIM);
	}
}

/* What shmtop --record recorded of the segment's creator (a history database is there): its
 * command line, when it made the segment and when it exited; and, for a segment nothing
 * attaches whose creator has exited, how long it has been orphaned. */
static void recorded_creator(struct app *a, struct frame *f, int *y, const struct shmseg *s)
{
	const struct field_recorded *r = &a->rec_creator;
	char buf[FIELD_RECORDED_CMDLINE * 4 + 160], cmd[FIELD_RECORDED_CMDLINE * 4];
	char made[32], gone[32] = "";
	int64_t since;

	if (!a->rec_valid) {
		field(f, y, "Recorded", "no creation of it recorded (made before the recording, or "
		      "by a process the recorder did not see)", STYLE_DIM);
		return;
	}
	fmt_escape(cmd, sizeof(cmd), r->cmdline[0] ? r->cmdline : "?");
	fmt_time_rel(made, sizeof(made), r->created_ns / 1000000000, a->now);
	if (r->exited_ns)
		fmt_time_rel(gone, sizeof(gone), r->exited_ns / 1000000000, a->now);
	snprintf(buf, sizeof(buf), "created %s by %s (pid %d)%s%s", made, cmd, (int)r->pid,
		 r->exited_ns ? ", exited " : "", gone);
	field(f, y, "Recorded", buf, STYLE_NORMAL);
	if (s->nattch || !r->exited_ns)
		return;
	/* orphaned since the last detach, or since its creator exited if that was later */
	since = s->dtime > r->exited_ns / 1000000000 ? s->dtime : r->exited_ns / 1000000000;
	fmt_time_rel(gone, sizeof(gone), since, a->now);
	snprintf(buf, sizeof(buf), "since %s: nothing attaches it and its creator has exited", gone);
	field(f, y, "Orphaned", buf, STYLE_LEAK);
}

/* "NAME (uid N)  group NAME (gid N)", the names escaped. */
static void owner_line(struct app *a, char *buf, size_t size, uint32_t uid, uint32_t gid)
{
	char user[256 * 4], group[256 * 4], num[NAMES_NUM_LEN];

	fmt_escape(user, sizeof(user), names_user_known(&a->names, uid, num));
	fmt_escape(group, sizeof(group), names_group_known(&a->names, gid, num));
	snprintf(buf, size, "%s (uid %u)  group %s (gid %u)", user, uid, group, gid);
}

/* "nattch N, visible M" and one line per mapping, each naming its process. */
static void attachers(struct app *a, struct frame *f, int *y, const struct shmseg *s)
{
	size_t first, n = attach_find(&a->attachers, s->shmid, &first);
	struct attach_summary sum;
	char buf[1400], size[16], comm[PROCINFO_COMM_MAX * 4], user[256 * 4], own[64] = "";
	char num[NAMES_NUM_LEN];

	if (a->replay_ns) {
		field(f, y, "Attached by", "not recorded (the samples hold nattch; the records, who "
		      "attached: Traced)", STYLE_DIM);
		return;
	}
	if (!a->attach_gen) {
		field(f, y, "Attached by", "(scanning /proc/PID/maps...)", STYLE_DIM);
		return;
	}
	attach_summarize(&a->attachers, s->shmid, &sum);
	if (sum.shmtop_mappings)
		snprintf(own, sizeof(own), " + %llu of shmtop's own",
			 (unsigned long long)sum.shmtop_mappings);
	snprintf(buf, sizeof(buf), "nattch %llu, visible %llu%s%s", (unsigned long long)s->nattch,
		 (unsigned long long)sum.mappings, own,
		 sum.mappings + sum.shmtop_mappings < s->nattch ? "  (the rest belong to processes "
		 "shmtop cannot see: other users' or other PID namespaces')" : "");
	field(f, y, "Attached by", buf,
	      sum.mappings + sum.shmtop_mappings < s->nattch ? STYLE_DIM : STYLE_NORMAL);
	for (size_t i = 0; i < n && *y < f->h - 2; i++) {
		const struct attacher *t = &a->attachers.v[first + i];

		fmt_size(size, sizeof(size), t->length);
		fmt_escape(comm, sizeof(comm), t->comm);
		fmt_escape(user, sizeof(user), names_user_known(&a->names, t->uid, num));
		snprintf(buf, sizeof(buf), "  pid %d  %-15s  %-8s  at 0x%llx  %s  %s%s", (int)t->pid,
			 comm, user, (unsigned long long)t->addr, size,
			 t->access, t->pid == (int32_t)a->self_pid ? "  (this shmtop)" :
			 t->shmtop ? "  (a shmtop)" : "");
		field(f, y, "", buf, t->shmtop ? STYLE_DIM : STYLE_NORMAL);
	}
}

/* Another kind's object: every field the dashboard or JSON knows, named by its column title
 * (or JSON name), then an array's semaphores as ipcs -s -i lists them. The title names it by
 * its id, or by its name where it has none (the POSIX kinds). */
#define TRACED_MAX 16 /* history lines shown, the newest */

/* The object's traced history (E, --events): the records of its kind and label since it was
 * made, oldest first. */
static void traced(struct app *a, struct frame *f, int *y, const struct kind *k, const void *obj)
{
	const struct trace_event *hit[TRACED_MAX];
	char label[160], line[2048], want[160];
	size_t n = 0, more = 0;

	if (!a->events.on && !a->events.n)
		return;
	k->label(obj, label, sizeof(label));
	for (size_t i = 0; i < a->events.n; i++) {
		const struct trace_event *ev = app_events_at(a, i);

		if (strcmp(ev->kind, k->name))
			continue;
		if (ev->name[0])
			fmt_escape(want, sizeof(want), ev->name);
		else
			snprintf(want, sizeof(want), "%s %d", k->id_name, (int)ev->id);
		if (strcmp(want, label))
			continue;
		if (n < TRACED_MAX)
			hit[n++] = ev;
		else
			more++;
		if (trace_begins(ev))
			break; /* its making: what came before was another's (ids are reused) */
	}
	if (!n) {
		field(f, y, a->replay_ns ? "Recorded" : "Traced", a->replay_ns ? "no record of it "
		      "among the newest before this time" : a->events.on ?
		      "nothing since the tracer started" : "not traced", STYLE_DIM);
		return;
	}
	for (size_t i = n; i-- > 0;) {
		view_event_line(hit[i], line, sizeof(line));
		field(f, y, i == n - 1 ? (a->replay_ns ? "Recorded" : "Traced") : "", line,
		      STYLE_NORMAL);
	}
	if (more) {
		snprintf(line, sizeof(line), "and %zu earlier (E lists them)", more);
		field(f, y, "", line, STYLE_DIM);
	}
}

static void detail_other(struct app *a, struct frame *f, int y, const struct track_row *r)
{
	const struct kind *k = a->m->kind;
	const void *obj = track_obj(&a->m->track, r);
	struct field_ctx c = { .names = &a->names, .names_cached = 1,
			       .pids = a->have_pids ? &a->pids : NULL, .now = a->now,
			       .abs_time = 1, .posix = &a->posix, .psems = a->psems };
	char buf[1600], label[40];

	c.leak = app_row_leak(a, r);
	c.suspect = leak_is_suspect(c.leak);
	{
		int idf = field_find(k, "id", 0);

		if (idf < 0)
			idf = field_find(k, "name", 0);
		char id[POSIX_NAME_MAX * 4 + 16] = "";

		if (idf >= 0)
			field_text(&k->fields[idf], obj, &c, id, sizeof(id));
		snprintf(buf, sizeof(buf), "%s: %s %s%s", k->title, k->id_name, id, track_is_gone(r) ?
			 "  [gone: no longer in the kernel's list]" : "");
	}
	frame_fill(f, y, 0, f->w, STYLE_HEADER, ' ');
	frame_put(f, y++, 1, f->w - 1, track_is_gone(r) ? STYLE_GONE : STYLE_HEADER, buf);
	for (size_t i = 0; i < k->nfields && y < f->h - 2; i++) {
		const struct field *fd = &k->fields[i];
		enum frame_style st;

		if (!(fd->writers & (FW_DASH | FW_TABLE)) || !fd->title)
			continue;
		snprintf(label, sizeof(label), "%s", fd->title);
		st = field_text(fd, obj, &c, buf, sizeof(buf));
		if (track_changed(&a->m->track, r, 1ull << i))
			st = STYLE_CHANGED;
		field(f, &y, label, buf, st);
	}
	if (k == &kind_sem && a->semvals_n && y < f->h - 2) {
		const struct semset *s = obj;

		field(f, &y, "Semaphores", "semnum     value    ncnt    zcnt  pid", STYLE_LABEL);
		for (size_t i = 0; i < a->semvals_n && i < s->nsems && y < f->h - 2; i++) {
			const struct semset_sem *v = &a->semvals[i];

			snprintf(buf, sizeof(buf), "%-8zu %7d %7d %7d  %d", i, (int)v->value,
				 (int)v->ncnt, (int)v->zcnt, (int)v->pid);
			field(f, &y, "", buf, v->ncnt || v->zcnt ? STYLE_CHANGED : STYLE_NORMAL);
		}
	} else if (k == &kind_sem && y < f->h - 2) {
		field(f, &y, "Semaphores", a->semvals_err ? "cannot read their values (no read "
		      "permission?)" : "...", STYLE_DIM);
	}
	traced(a, f, &y, k, obj);
}

/* What the detail view shows under the header, from row 0 of f (view_draw_body scrolls it). */
static void detail_body(struct app *a, struct frame *f)
{
	struct track_row *r = app_selected(a);
	const struct shmseg *s;
	char buf[2200], b1[64], b2[64], perms[FMT_PERMS_LEN], oct[FMT_PERMS_LEN];
	int y = 0;
	int64_t last;

	if (r && a->m->kind != &kind_shm) {
		detail_other(a, f, y, r);
		return;
	}
	if (!r) {
		frame_put(f, y, 1, f->w - 1, STYLE_DIM, "no segment selected");
		return;
	}
	s = app_seg(a, r);
	snprintf(buf, sizeof(buf), "Segment %d%s", (int)s->shmid,
		 track_is_gone(r) ? "  [gone: no longer in the kernel's list]" : "");
	frame_fill(f, y, 0, f->w, STYLE_HEADER, ' ');
	frame_put(f, y++, 1, f->w - 1, track_is_gone(r) ? STYLE_GONE : STYLE_HEADER, buf);
	fmt_key(b1, s->key);
	snprintf(buf, sizeof(buf), "%s  (%d decimal)%s", b1, (int)s->key,
		 s->key == 0 ? (s->mode & SHMSEG_MODE_DEST ? "  IPC_PRIVATE: removed, key cleared"
				: "  IPC_PRIVATE") : "");
	field(f, &y, "Key", buf, STYLE_NORMAL);
	fmt_size(b1, sizeof(b1), s->size);
	snprintf(buf, sizeof(buf), "%llu bytes  (%s)", (unsigned long long)s->size, b1);
	field(f, &y, "Size", buf, STYLE_NORMAL);
	fmt_perms_octal(oct, s->mode);
	fmt_perms_rwx(perms, s->mode);
	snprintf(buf, sizeof(buf), "%s  %s  (mode %04o)", oct, perms, (unsigned)s->mode);
	field(f, &y, "Permissions", buf, STYLE_NORMAL);
	snprintf(buf, sizeof(buf), "%s%s%s", s->nattch ? "attached" : "not attached",
		 s->mode & SHMSEG_MODE_DEST ? ", marked for removal (goes at the last detach)" : "",
		 s->mode & SHMSEG_MODE_LOCKED ? ", locked in memory (SHM_LOCK)" : "");
	field(f, &y, "Status", buf, STYLE_NORMAL);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)s->nattch);
	field(f, &y, "nattch", buf, track_changed(&a->m->track, r, 1ull << SHM_F_NATTCH) ?
	      STYLE_CHANGED : STYLE_NORMAL);
	owner_line(a, buf, sizeof(buf), s->uid, s->gid);
	field(f, &y, "Owner", buf, STYLE_NORMAL);
	owner_line(a, buf, sizeof(buf), s->cuid, s->cgid);
	field(f, &y, "Creator", buf, STYLE_NORMAL);
	process(a, f, &y, "Creator pid", s->cpid, s->ctime, a->cmdline[0]);
	if (a->recorded && !a->replay_ns)
		recorded_creator(a, f, &y, s);
	last = s->atime > s->dtime ? s->atime : s->dtime;
	process(a, f, &y, "Last pid", s->lpid, last, a->cmdline[1]);
	when(a, buf, sizeof(buf), s->atime);
	field(f, &y, "Last attach", buf, STYLE_NORMAL);
	when(a, buf, sizeof(buf), s->dtime);
	field(f, &y, "Last detach", buf, STYLE_NORMAL);
	when(a, buf, sizeof(buf), s->ctime);
	field(f, &y, "Last change", buf, STYLE_NORMAL);
	if (s->rss < 0 && s->huge_page > 0) {
		snprintf(buf, sizeof(buf), "rss unknown (a hugetlb segment: the kernel's figure is wrong, "
			 "and its file could not be read; run as root)");
	} else if (s->rss < 0 && s->swap >= 0) { /* the kernel reported one, and it was impossible */
		snprintf(buf, sizeof(buf), "rss unknown (the kernel's figure is larger than the "
			 "segment: a hugetlb segment's)");
	} else if (s->rss < 0) {
		snprintf(buf, sizeof(buf), "unknown (the %s source does not report them)",
			 snapshot_source_name(a->snap.source));
	} else {
		fmt_size(b1, sizeof(b1), (uint64_t)s->rss);
		fmt_size(b2, sizeof(b2), (uint64_t)s->swap);
		snprintf(buf, sizeof(buf), "rss %s  swap %s", b1, b2);
	}
	field(f, &y, "Memory", buf, STYLE_NORMAL);
	if (s->huge_page > 0) {
		fmt_size(b1, sizeof(b1), (uint64_t)s->huge_page);
		snprintf(buf, sizeof(buf), "yes: SHM_HUGETLB, %s pages", b1);
	} else {
		snprintf(buf, sizeof(buf), "%s", s->huge_page == 0 ? "no" :
			 "unknown (no process that shmtop can see maps it)");
	}
	field(f, &y, "Huge pages", buf, STYLE_NORMAL);
	{
		unsigned reasons = app_row_leak(a, r);
		char why[128];

		leak_format(reasons, why, sizeof(why));
		snprintf(buf, sizeof(buf), "%s%s%s", leak_is_suspect(reasons) ? "SUSPECT: " :
			 reasons ? "not a suspect: " : "no", why, reasons ? "" : " sign of a leak");
		field(f, &y, "Leak", buf, leak_is_suspect(reasons) ? STYLE_LEAK : STYLE_NORMAL);
	}
	if (r->nhist == 0) {
		snprintf(buf, sizeof(buf), "%llu since %s (no change seen)",
			 (unsigned long long)s->nattch, a->replay_ns ? "the replay began" :
			 "shmtop started");
		field(f, &y, "nattch history", buf, STYLE_NORMAL);
	} else {
		size_t len = 0;

		buf[0] = '\0';
		for (unsigned i = 0; i < r->nhist && len + 32 < sizeof(buf); i++) {
			const struct track_hist *h = track_hist_at(r, i);
			char t[FMT_TIME_LEN];

			fmt_time_abs(t, sizeof(t), h->time);
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s %llu",
						i ? ", " : "", t + 11, (unsigned long long)h->value);
		}
		field(f, &y, "nattch history", buf, STYLE_NORMAL);
	}
	attachers(a, f, &y, s);
	traced(a, f, &y, &kind_shm, s);
}

static void detail_draw(struct app *a, struct frame *f)
{
	/* x only where there are bytes to show (a segment); F9 says what it does, as in the table */
	const char *f9 = a->cfg.read_only || !a->m->kind->remove ? "~------" :
			 a->m->kind->unlinks ? "Unlink" : "Remove";
	const char *const fbar[] = { "Esc", "Back  ", "F1", "Help  ", "x", "Hex   ", "F9", f9,
				     "F10", "Quit  ", NULL, NULL };
	const char *const fbar_other[] = { "Esc", "Back  ", "F1", "Help  ", "F9", f9, "F10",
					   "Quit  ", NULL, NULL };
	int y = view_draw_header(a, f);

	view_draw_fbar(a, f, a->m->kind == &kind_shm ? fbar : fbar_other);
	view_draw_status(a, f, f->h - 2);
	view_draw_body(a, f, y, detail_body);
}

static int detail_key(struct app *a, int key)
{
	enum key_action act = keys_action(MODE_DETAIL, key);

	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		view_body_scroll(a, act, view_body_rows(a, a->frame_w, detail_body),
				 a->frame_h - 2 - a->header_y);
		return APP_REDRAW;
	case ACT_BACK:
		a->mode = MODE_LIST;
		return APP_REDRAW;
	case ACT_QUIT:
		return APP_QUIT;
	case ACT_HELP:
		view_help_open(a);
		return APP_REDRAW;
	case ACT_REMOVE: /* as on the table, whose confirmation it opens */
		a->mode = MODE_LIST;
		a->status[0] = '\0';
		app_confirm_open(a);
		return APP_REDRAW;
	case ACT_TIME:
		a->abs_time = !a->abs_time;
		return APP_REDRAW;
	case ACT_HEX:
		app_hex_open(a);
		return APP_REDRAW;
	case ACT_PAUSE:
		a->paused = !a->paused;
		return APP_REDRAW | (a->paused ? 0 : APP_POLL_NOW);
	default:
		return APP_DONE;
	}
}

const struct view view_detail = { "detail", detail_draw, detail_key };
