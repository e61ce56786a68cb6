/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracepoll.c - trace records from two polls (tracepoll.h). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
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

/* Where an array's or a queue's fields are: the one diff serves both. */
struct layout {
	const char *kind;
	size_t size, id, key, ctime, cuid, count; /* offsets; count: SIZE_MAX for none */
};

#define I32(obj, off) (*(const int32_t *)((const char *)(obj) + (off)))
#define U32(obj, off) (*(const uint32_t *)((const char *)(obj) + (off)))
#define I64(obj, off) (*(const int64_t *)((const char *)(obj) + (off)))

static const void *at(const void *v, const struct layout *l, size_t i)
{
	return (const char *)v + i * l->size;
}

/* The object of nlist at list with id and key, or NULL. */
static const void *find_same(const struct layout *l, const void *list, size_t n, const void *obj)
{
	for (size_t j = 0; j < n; j++) {
		const void *o = at(list, l, j);

		if (I32(o, l->id) == I32(obj, l->id) && I32(o, l->key) == I32(obj, l->key))
			return o;
	}
	return NULL;
}

/* create, remove, set (ctime moved) between two polls of arrays or queues */
static void diff_ids(const struct layout *l, const void *was, size_t nwas, const void *now,
		     size_t nnow, int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx)
{
	struct trace_event ev;

	for (size_t i = 0; i < nwas; i++) {
		const void *o = at(was, l, i);

		if (!find_same(l, now, nnow, o)) {
			base(&ev, "remove", l->kind, time_ns, ipc_ns, -1, I32(o, l->id));
			fn(ctx, &ev);
		}
	}
	for (size_t i = 0; i < nnow; i++) {
		const void *o = at(now, l, i), *w = find_same(l, was, nwas, o);

		if (!w) {
			base(&ev, "create", l->kind, time_ns, ipc_ns, -1, I32(o, l->id));
			ev.uid = U32(o, l->cuid);
			ev.have_key = 1;
			ev.key = I32(o, l->key);
			if (l->count != SIZE_MAX) {
				ev.have_size = 1;
				ev.size = U32(o, l->count);
			}
			fn(ctx, &ev);
		} else if (I64(o, l->ctime) != I64(w, l->ctime)) {
			base(&ev, "set", l->kind, time_ns, ipc_ns, -1, I32(o, l->id));
			fn(ctx, &ev);
		}
	}
}

void tracepoll_sem(const struct semset *was, size_t nwas, const struct semset *now, size_t nnow,
		   int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx)
{
	static const struct layout l = {
		"sem", sizeof(struct semset), offsetof(struct semset, semid),
		offsetof(struct semset, key), offsetof(struct semset, ctime),
		offsetof(struct semset, cuid), offsetof(struct semset, nsems),
	};

	diff_ids(&l, was, nwas, now, nnow, time_ns, ipc_ns, fn, ctx);
}

void tracepoll_msg(const struct msgq *was, size_t nwas, const struct msgq *now, size_t nnow,
		   int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx)
{
	static const struct layout l = {
		"msg", sizeof(struct msgq), offsetof(struct msgq, msqid), offsetof(struct msgq, key),
		offsetof(struct msgq, ctime), offsetof(struct msgq, cuid), SIZE_MAX,
	};

	diff_ids(&l, was, nwas, now, nnow, time_ns, ipc_ns, fn, ctx);
}
