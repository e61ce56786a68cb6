/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* refresh.c - one refresh of the dashboard: each source read once, merged into the app. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fmt.h"
#include "hugetlb.h"
#include "kind_sem.h"
#include "kinds.h"
#include "procinfo.h"
#include "refresh.h"
#include "sysv.h"
#include "sysvsem.h"

void refresh_init(struct refresh *p, const struct collect_cfg *cfg)
{
	memset(p, 0, sizeof(*p));
	p->cfg = *cfg;
	snapshot_init(&p->snap);
	attach_list_init(&p->scratch);
	source_init(&p->src, p->cfg.procroot); /* as the batch reads them */
}

void refresh_free(struct refresh *p)
{
	snapshot_free(&p->snap);
	attach_list_free(&p->scratch);
	source_free(&p->src);
}

/* The status line: an error or a warning, escaped (it quotes --proc as given). */
static void say(struct app *a, const char *warn)
{
	char esc[2048];

	fmt_escape(esc, sizeof(esc), warn);
	app_status(a, 1, esc);
}

/* Every kind read by a collect hook (kind.h) whose table can be shown: each source read once. A
 * kind that cannot be read shows its error in its empty table (a->list_err). A queue is opened
 * and mq_getattr'd, never read (that would set its ctime); the named semaphores' mappers cost a
 * read of every /proc/PID/maps, so they are scanned only while their table is on screen, at most
 * every ATTACH_MAX_AGE seconds. */
#define PROCS_MAX_AGE 10

static void refresh_kinds(struct refresh *p, struct app *a, int64_t now)
{
	char warn[512];

	p->src.shm = &a->shm;
	p->src.mq = &a->mq;
	for (int id = 0; id < KIND_COUNT; id++) {
		const void *objs;
		size_t n;
		int rc;

		if (!kinds[id]->collect || !app_kind_shown(a, (enum kind_id)id))
			continue;
		p->src.psem_mappers = id == KIND_PSEM && a->m == &a->models[KIND_PSEM] &&
				      (!p->psem_scan_time || now - p->psem_scan_time >= ATTACH_MAX_AGE);
		/* the processes table: the same walk, and each holder's smaps_rollup (the kernel
		 * walks its page tables), at most every PROCS_MAX_AGE seconds */
		p->src.holders_scan = id == KIND_PROC && a->m == &a->models[KIND_PROC] &&
				      (!p->holders_scan_time ||
				       now - p->holders_scan_time >= PROCS_MAX_AGE);
		p->src.holders_ipc_ns = a->cfg.ipc_ns;
		warn[0] = '\0';
		rc = kinds[id]->collect(&p->src, &objs, &n, warn, sizeof(warn));
		if (id == KIND_PSEM && p->src.psem_mappers && rc == 0 && !p->src.psem_mappers_err)
			p->psem_scan_time = now;
		if (id == KIND_PROC && p->src.holders_scan && rc == 0)
			p->holders_scan_time = now;
		a->list_err[id] = rc;
		snprintf(a->list_why[id], sizeof(a->list_why[id]), "%s", rc < 0 ? warn : "");
		app_update_kind(a, (enum kind_id)id, objs, n, now);
		if (rc == 0 && p->polled)
			p->polled(p->polled_ctx, (enum kind_id)id, objs, n, p->time_ns);
	}
	/* what the limits panel and the detail views show beside the tables */
	a->sem_limits = p->src.sem.limits;
	a->sem_usage = p->src.sem.usage;
	a->msg_limits = p->src.msg.limits;
	a->msg_usage = p->src.msg.usage;
	a->psems = &p->src.psem;
}

void refresh_posix(struct app *a, int64_t now)
{
	int shown = a->m == &a->models[KIND_POSIX] || (a->mode == MODE_HEX && a->hex.posix);
	size_t before = a->posix.n;
	int rc;

	if (!app_kind_shown(a, KIND_POSIX))
		return;
	rc = posix_list_dir(&a->shm, &a->posix);
	a->list_err[KIND_POSIX] = rc;
	if (rc == 0 && shown && a->have_pids && (a->posix.n != before || !a->posix_scan_time ||
						  now - a->posix_scan_time >= ATTACH_MAX_AGE)) {
		posix_scan_mappers(a->pids.procroot, &a->shm, &a->posix);
		a->posix_scan_time = now;
	}
	if (model_update(&a->models[KIND_POSIX], a->posix.v, rc < 0 ? 0 : a->posix.n, now) == 0 &&
	    a->m == &a->models[KIND_POSIX])
		app_rebuild(a);
}

int refresh_run(struct refresh *p, struct app *a)
{
	char warn[512];
	struct timespec ts;
	int rc;

	clock_gettime(CLOCK_REALTIME, &ts); /* before reading: what the removal re-check needs */
	p->time_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	rc = collect_snapshot(&p->cfg, (int64_t)ts.tv_sec, &p->snap, warn, sizeof(warn));
	if (rc < 0) {
		say(a, warn);
	} else {
		p->snap.time_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
		if (hugetlb_in_use(HUGETLB_SYSFS) > 0 &&
		    attach_scan(p->cfg.procroot, -1, &p->scratch) == 0)
			attach_apply(&p->scratch, p->snap.segs.v, p->snap.segs.n);
		if (app_update(a, &p->snap) < 0) {
			app_status(a, 1, "out of memory");
			return -ENOMEM;
		}
		if (p->polled)
			p->polled(p->polled_ctx, KIND_SHM, p->snap.segs.v, p->snap.segs.n, p->time_ns);
		if (warn[0])
			say(a, warn);
	}
	refresh_kinds(p, a, (int64_t)ts.tv_sec);
	refresh_posix(a, (int64_t)ts.tv_sec);
	if (p->polled && app_kind_shown(a, KIND_POSIX) && a->list_err[KIND_POSIX] == 0)
		p->polled(p->polled_ctx, KIND_POSIX, a->posix.v, a->posix.n, p->time_ns);
	if (a->events.jump_pending && a->mode == MODE_EVENTS)
		app_events_jump(a, 0); /* the object asked for, now that every table is read again */
	return rc;
}

/* ---------------------------------------------------------------- what the screen shows */

/* Scan the attachers when something on screen shows them and they may have changed. */
static void prepare_attachers(struct app *a)
{
	/* -p keeps the segments its processes attach: the table needs them too */
	int wanted = a->cfg.show_procs || a->mode == MODE_DETAIL || a->cfg.npids;

	if (!wanted || !a->have_pids)
		return;
	if (a->attach_gen && a->attach_gen >= app_sysv(a)->track.use_gen &&
	    a->now - a->attach_time < ATTACH_MAX_AGE)
		return;
	if (attach_scan(a->pids.procroot, -1, &a->attachers) == 0) {
		a->attach_gen = app_sysv(a)->track.gen;
		a->attach_time = a->now;
		if (a->cfg.npids)
			app_rebuild(a); /* who attaches what changed: so may the rows -p keeps */
	}
}

/* Look up the user and group names the screen shows (the views only read the cache: a lookup
 * can wait on NSS): the owners of the rows in view, of the selection (owner and creator, and its
 * attachers), of the segments a removal asks about, of the POSIX objects in view and the one an
 * unlink asks about, and the user filtered by. */
static void prepare_names(struct app *a)
{
	const struct track_row *r = app_selected(a);

	for (long i = a->m->top; i < a->m->top + a->list_height && i < (long)a->m->nrows; i++)
		app_warm_obj(a, a->m->kind, model_obj(a->m, (size_t)i));
	if (r && a->m->kind != &kind_shm) {
		app_warm_obj(a, a->m->kind, track_obj(&a->m->track, r));
	} else if (r) {
		(void)names_user(&a->names, app_seg(a, r)->uid);
		(void)names_group(&a->names, app_seg(a, r)->gid);
		(void)names_user(&a->names, app_seg(a, r)->cuid);
		(void)names_group(&a->names, app_seg(a, r)->cgid);
		if (a->mode == MODE_DETAIL) {
			size_t first, n = attach_find(&a->attachers, app_seg(a, r)->shmid, &first);

			for (size_t k = first; k < first + n; k++)
				(void)names_user(&a->names, a->attachers.v[k].uid);
		}
	}
	if (a->mode == MODE_CONFIRM)
		for (size_t i = 0; i < a->confirm_n; i++)
			(void)names_user(&a->names, a->confirm[i].uid);
	if (a->mode == MODE_CONFIRM && kinds[a->confirm_kind] != &kind_shm)
		app_warm_obj(a, kinds[a->confirm_kind], &a->confirm_other);
	if (a->cfg.by_uid)
		(void)names_user(&a->names, a->cfg.uid);
}


/* An array's semaphores for its detail view, as ipcs -s -i reads them (nothing changes). */
static void read_semvals(struct app *a, const struct semset *s)
{
	a->semvals_n = 0;
	if (s->nsems > a->semvals_cap) {
		struct semset_sem *v = realloc(a->semvals, s->nsems * sizeof(*v));

		if (!v) {
			a->semvals_err = -ENOMEM;
			return;
		}
		a->semvals = v;
		a->semvals_cap = s->nsems;
	}
	a->semvals_err = sysvsem_detail(s->semid, s, a->semvals, a->semvals_cap, NULL);
	if (a->semvals_err == 0)
		a->semvals_n = s->nsems;
}

/* The Shmem breakdown: the walk of every process's mounts and fds at most every
 * SHMEM_MAX_AGE seconds (it costs what reading every /proc/PID/fd does), the segments' part
 * from the latest poll. */
#define SHMEM_MAX_AGE 5

static void prepare_shmem(struct app *a)
{
	if (!a->shmem_time || a->now - a->shmem_time >= SHMEM_MAX_AGE || a->now < a->shmem_time) {
		shmemscan_run(&a->shmemscan, a->pids.procroot, &a->shmem);
		a->shmem_time = a->now ? a->now : 1;
	}
	shmem_add_segments(&a->shmem, a->snap.segs.v, a->snap.segs.n);
	shmem_compute(&a->shmem);
}

void refresh_screen(struct app *a)
{
	struct track_row *r;

	if (a->replay_ns) { /* the past: only the names of its users are read (now) */
		prepare_names(a);
		return;
	}
	prepare_attachers(a);
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

	if (a->mode == MODE_SHMEM && a->have_pids)
		prepare_shmem(a);
	if (a->mode == MODE_HEX)
		app_hex_follow(a);
	prepare_names(a);
	if (!a->have_pids)
		return;
	if (a->mode == MODE_HEX)
		procinfo_cache_get(&a->pids, a->hex.seg.lpid);
	r = app_selected(a);
	if (r && a->mode == MODE_DETAIL && a->m->kind == &kind_sem)
		read_semvals(a, track_obj(&a->m->track, r));
	if (r && a->m->kind == &kind_shm) {
		procinfo_cache_get(&a->pids, app_seg(a, r)->cpid);
		procinfo_cache_get(&a->pids, app_seg(a, r)->lpid);
		if (a->mode == MODE_DETAIL) {
			const struct field_recorded *rec = a->recorded ?
				a->recorded(a->rctx, app_seg(a, r)) : NULL;

			a->rec_valid = rec != NULL;
			if (rec)
				a->rec_creator = *rec;
			procinfo_cmdline(a->pids.procroot, app_seg(a, r)->cpid, a->cmdline[0],
					 sizeof(a->cmdline[0]));
			procinfo_cmdline(a->pids.procroot, app_seg(a, r)->lpid, a->cmdline[1],
					 sizeof(a->cmdline[1]));
		}
	}
}
