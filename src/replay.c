/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* replay.c - the dashboard's tables from the history database (replay.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kinds.h"
#include "posix.h"
#include "replay.h"
#include "shmseg.h"

int replay_open(struct replay *r, const char *path)
{
	int e;

	memset(r, 0, sizeof(*r));
	r->layout = histkinds_init(r->hk);
	histsnap_init(&r->hs, r->hk, HISTKINDS);
	snapshot_init(&r->snap);
	if ((e = histdb_open(&r->db, path, 0)) < 0 ||
	    (e = histdb_sample_span(&r->db, &r->first_ns, &r->last_ns)) < 0) {
		/* opened, but no sample in it (the span's -ENOENT): say so; else histdb's why */
		if (e == -ENOENT && r->db.db)
			snprintf(r->err, sizeof(r->err), "%.*s: nothing sampled in it yet (shmtop "
				 "--record samples every -d seconds)", PATH_MAX, r->db.path);
		else
			snprintf(r->err, sizeof(r->err), "%s", r->db.err);
		replay_close(r);
		return e;
	}
	{
		char ns[24];

		if (histdb_meta_get(&r->db, "host", r->host, sizeof(r->host)) < 0)
			r->host[0] = '\0';
		if (histdb_meta_get(&r->db, "ipc_ns", ns, sizeof(ns)) == 0)
			r->ipc_ns = strtoull(ns, NULL, 10);
	}
	return 0;
}

void replay_close(struct replay *r)
{
	histdb_close(&r->db);
	histsnap_free(&r->hs);
	snapshot_free(&r->snap);
}

static int apply(void *ctx, int64_t time_ns, int full, const void *data, size_t len)
{
	struct replay *r = ctx;

	return histsnap_apply(&r->hs, data, len, full, time_ns / 1000000000);
}

static int add_event(void *ctx, const struct trace_event *ev)
{
	app_events_add(ctx, ev);
	return 0;
}

/* The app's tables from the decoded state, as a poll at t would merge them; forget: as the
 * first poll (another time, not the next one). */
static int merge(struct replay *r, struct app *a, int64_t t_ns, int forget)
{
	const struct histsnap_set *s = &r->hs.set[KIND_SHM];
	int64_t t = t_ns / 1000000000;

	for (int id = 0; forget && id < KIND_COUNT; id++)
		model_forget(&a->models[id]);
	shmseg_list_clear(&r->snap.segs);
	if (shmseg_list_reserve(&r->snap.segs, s->n) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < s->n; i++)
		shmseg_list_push(&r->snap.segs, (const struct shmseg *)s->objs + i);
	r->snap.time = t;
	r->snap.time_ns = t_ns;
	snapshot_usage_compute(&r->snap);
	if (app_update(a, &r->snap) < 0)
		return -ENOMEM;
	for (int id = 0; id < HISTKINDS; id++) {
		s = &r->hs.set[id];
		a->list_err[id] = 0;
		a->list_why[id][0] = '\0';
		if (id == KIND_SHM)
			continue;
		if (id == KIND_POSIX) {
			/* the POSIX table's objects live in the app's list (the views read its
			 * mappers: none were recorded) */
			a->posix.n = 0;
			a->posix.nm = 0;
			for (size_t i = 0; i < s->n; i++)
				if (posix_list_push(&a->posix, (const struct posixobj *)s->objs + i) < 0)
					return -ENOMEM;
		}
		if (app_update_kind(a, (enum kind_id)id, id == KIND_POSIX ? (const void *)a->posix.v :
				    s->objs, s->n, t) < 0)
			return -ENOMEM;
	}
	a->now = t;
	return 0;
}

int replay_show(struct replay *r, struct app *a, int64_t t_ns, int forward)
{
	struct histdb_query q = { .since_ns = 0, .until_ns = t_ns, .has_until = 1,
				  .newest = 4096 };
	int e;

	if (t_ns < r->first_ns)
		t_ns = r->first_ns;
	if (t_ns > r->last_ns)
		t_ns = r->last_ns;
	histsnap_reset(&r->hs);
	e = histdb_replay(&r->db, r->layout, t_ns, t_ns, apply, r);
	if (e == -ENOENT)
		snprintf(r->err, sizeof(r->err), "%s: no sample this shmtop can read at or before "
			 "that time (another version's recorder made them)", r->db.path);
	else if (e == -EPROTO)
		snprintf(r->err, sizeof(r->err), "%s: a sample does not decode (damaged)",
			 r->db.path);
	else if (e < 0)
		snprintf(r->err, sizeof(r->err), "%s", r->db.err);
	if (e < 0)
		return e;
	/* a step forward marks what changed, as a poll does; a step back or a jump shows the
	 * tables as they were then, nothing new or gone */
	if ((e = merge(r, a, t_ns, !r->shown_ns || t_ns <= r->shown_ns || !forward)) < 0) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return e;
	}
	/* the records up to then: the detail views' history, the creators' command lines */
	a->events.n = a->events.head = 0;
	if ((e = histdb_events(&r->db, 0, &q, add_event, a)) < 0) {
		snprintf(r->err, sizeof(r->err), "%s", r->db.err);
		return e;
	}
	r->shown_ns = t_ns;
	a->replay_ns = t_ns;
	return 0;
}

int replay_step(struct replay *r, int dir, int64_t *t_ns)
{
	int64_t t;
	int e = histdb_change(&r->db, r->shown_ns, dir, &t);

	if (e == 0 && (t < r->first_ns || t > r->last_ns))
		e = -ENOENT; /* a record outside what was sampled */
	if (e == -ENOENT)
		snprintf(r->err, sizeof(r->err), "no change recorded %s this",
			 dir > 0 ? "after" : "before");
	else if (e < 0)
		snprintf(r->err, sizeof(r->err), "%s", r->db.err);
	if (e == 0)
		*t_ns = t;
	return e;
}
