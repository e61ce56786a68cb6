/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracepoll.c - trace records from two polls (tracepoll.h). */
#include "config.h"

#include <string.h>

#include "tracepoll.h"

static void base(struct trace_event *ev, const char *event, const char *kind, int64_t time_ns,
		 uint32_t ipc_ns, int32_t pid, int32_t id)
{
	memset(ev, 0, sizeof(*ev));
	ev->event = event;
	ev->kind = kind;
	ev->source = "poll";
	ev->time_ns = time_ns;
	ev->ipc_ns = ipc_ns;
	ev->pid = pid;
	ev->tid = pid;
	ev->ppid = -1;
	ev->uid = (uint32_t)-1;
	ev->id = id;
}

/* The segment of shmid id in v (n of them), or NULL. Small lists: linear. */
static const struct shmseg *find_shm(const struct shmseg *v, size_t n, int32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].shmid == id)
			return &v[i];
	return NULL;
}

/* The same segment: ids are reused, so its creator must match too (key and ctime change with
 * IPC_RMID and IPC_SET: changes, not another segment), as the dashboard's tracking says */
static int same_shm(const struct shmseg *a, const struct shmseg *b)
{
	return a->cpid == b->cpid && a->cuid == b->cuid;
}

static void shm_created(const struct shmseg *s, int64_t t, uint32_t ns, tracepoll_fn fn, void *ctx)
{
	struct trace_event ev;

	base(&ev, "create", "shm", t, ns, s->cpid, s->shmid);
	ev.uid = s->cuid;
	ev.have_key = ev.have_size = 1;
	ev.key = s->key;
	ev.size = s->size;
	ev.result = s->shmid;
	fn(ctx, &ev);
}

static void shm_vanished(const struct shmseg *s, int64_t t, uint32_t ns, tracepoll_fn fn,
			 void *ctx)
{
	struct trace_event ev;

	base(&ev, (s->mode & SHMSEG_MODE_DEST) ? "gone" : "remove", "shm", t, ns, -1, s->shmid);
	fn(ctx, &ev);
}

void tracepoll_shm(const struct shmseg *was, size_t nwas, const struct shmseg *now, size_t nnow,
		   int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx)
{
	struct trace_event ev;

	for (size_t i = 0; i < nwas; i++) {
		const struct shmseg *n = find_shm(now, nnow, was[i].shmid);

		if (!n || !same_shm(&was[i], n))
			shm_vanished(&was[i], time_ns, ipc_ns, fn, ctx);
	}
	for (size_t i = 0; i < nnow; i++) {
		const struct shmseg *s = &now[i], *w = find_shm(was, nwas, s->shmid);

		if (!w || !same_shm(w, s)) {
			shm_created(s, time_ns, ipc_ns, fn, ctx);
			if (s->nattch) {
				/* attached between the polls too */
				base(&ev, "attach", "shm", time_ns, ipc_ns, s->lpid, s->shmid);
				ev.count = s->nattch;
				fn(ctx, &ev);
			}
			w = NULL;
		}
		if (w && s->nattch != w->nattch) {
			base(&ev, s->nattch > w->nattch ? "attach" : "detach", "shm", time_ns, ipc_ns,
			     s->lpid, s->shmid);
			ev.count = s->nattch > w->nattch ? s->nattch - w->nattch : w->nattch - s->nattch;
			fn(ctx, &ev);
		}
		if ((s->mode & SHMSEG_MODE_DEST) && (!w || !(w->mode & SHMSEG_MODE_DEST))) {
			/* marked for removal: it goes when its last process detaches */
			base(&ev, "remove", "shm", time_ns, ipc_ns, -1, s->shmid);
			fn(ctx, &ev);
		}
	}
}

void tracepoll_sem(const struct semset *was, size_t nwas, const struct semset *now, size_t nnow,
		   int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx)
{
	struct trace_event ev;

	for (size_t i = 0; i < nwas; i++) {
		size_t j;

		for (j = 0; j < nnow; j++)
			if (now[j].semid == was[i].semid && now[j].key == was[i].key)
				break;
		if (j == nnow) {
			base(&ev, "remove", "sem", time_ns, ipc_ns, -1, was[i].semid);
			fn(ctx, &ev);
		}
	}
	for (size_t i = 0; i < nnow; i++) {
		size_t j;

		for (j = 0; j < nwas; j++)
			if (was[j].semid == now[i].semid && was[j].key == now[i].key)
				break;
		if (j == nwas) {
			base(&ev, "create", "sem", time_ns, ipc_ns, -1, now[i].semid);
			ev.uid = now[i].cuid;
			ev.have_key = ev.have_size = 1;
			ev.key = now[i].key;
			ev.size = now[i].nsems;
			fn(ctx, &ev);
		} else if (now[i].ctime != was[j].ctime) {
			base(&ev, "set", "sem", time_ns, ipc_ns, -1, now[i].semid);
			fn(ctx, &ev);
		}
	}
}

void tracepoll_msg(const struct msgq *was, size_t nwas, const struct msgq *now, size_t nnow,
		   int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx)
{
	struct trace_event ev;

	for (size_t i = 0; i < nwas; i++) {
		size_t j;

		for (j = 0; j < nnow; j++)
			if (now[j].msqid == was[i].msqid && now[j].key == was[i].key)
				break;
		if (j == nnow) {
			base(&ev, "remove", "msg", time_ns, ipc_ns, -1, was[i].msqid);
			fn(ctx, &ev);
		}
	}
	for (size_t i = 0; i < nnow; i++) {
		size_t j;

		for (j = 0; j < nwas; j++)
			if (was[j].msqid == now[i].msqid && was[j].key == now[i].key)
				break;
		if (j == nwas) {
			base(&ev, "create", "msg", time_ns, ipc_ns, -1, now[i].msqid);
			ev.uid = now[i].cuid;
			ev.have_key = 1;
			ev.key = now[i].key;
			fn(ctx, &ev);
		} else if (now[i].ctime != was[j].ctime) {
			base(&ev, "set", "msg", time_ns, ipc_ns, -1, now[i].msqid);
			fn(ctx, &ev);
		}
	}
}
