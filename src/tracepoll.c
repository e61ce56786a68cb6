/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracepoll.c - trace records from two polls (tracepoll.h). */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
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

/* ---------------------------------------------------------------- POSIX objects */

/* What the diff needs of a POSIX object of any of the three kinds. */
struct named {
	const char *name;
	uint64_t dev, ino, size;
	uint32_t uid;
	int deleted, sized;
};

static size_t named_size(enum kind_id id)
{
	return id == KIND_POSIX ? sizeof(struct posixobj) : id == KIND_PSEM ? sizeof(struct psem) :
	       sizeof(struct pmq);
}

static struct named named_at(enum kind_id id, const void *v, size_t i)
{
	struct named o = { 0 };

	if (id == KIND_POSIX) {
		const struct posixobj *p = (const struct posixobj *)v + i;

		o = (struct named){ p->name, p->dev, p->ino, p->size, p->uid, p->deleted, 1 };
	} else if (id == KIND_PSEM) {
		const struct psem *p = (const struct psem *)v + i;

		o = (struct named){ p->name, p->dev, p->ino, p->size, p->uid, p->deleted, 0 };
	} else {
		const struct pmq *p = (const struct pmq *)v + i;

		o = (struct named){ p->name, p->dev, p->ino, 0, p->uid, 0, 0 };
	}
	return o;
}

/* The object of v (n of them) with o's inode, or -1. */
static long find_named(enum kind_id id, const void *v, size_t n, const struct named *o)
{
	for (size_t j = 0; j < n; j++) {
		struct named x = named_at(id, v, j);

		if (x.dev == o->dev && x.ino == o->ino)
			return (long)j;
	}
	return -1;
}

static void named_event(const struct named *o, const char *event, const char *kind, int64_t t,
			uint32_t ns, tracepoll_fn fn, void *ctx)
{
	struct trace_event ev;

	base(&ev, event, kind, t, ns, -1, -1);
	snprintf(ev.name, sizeof(ev.name), "%s", o->name);
	if (!strcmp(event, "create"))
		ev.uid = o->uid;
	if (o->sized && (!strcmp(event, "create") || !strcmp(event, "truncate"))) {
		ev.have_size = 1;
		ev.size = o->size;
	}
	fn(ctx, &ev);
}

void tracepoll_named(enum kind_id id, const void *was, size_t nwas, const void *now, size_t nnow,
		     int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx)
{
	const char *kind = id == KIND_POSIX ? "posix" : id == KIND_PSEM ? "psem" : "pmq";

	for (size_t i = 0; i < nwas; i++) {
		struct named w = named_at(id, was, i);
		long j = find_named(id, now, nnow, &w);

		if (j < 0)
			named_event(&w, w.deleted ? "gone" : "unlink", kind, time_ns, ipc_ns, fn, ctx);
		else if (!w.deleted && named_at(id, now, (size_t)j).deleted)
			named_event(&w, "unlink", kind, time_ns, ipc_ns, fn, ctx);
	}
	for (size_t i = 0; i < nnow; i++) {
		struct named o = named_at(id, now, i);
		long j = find_named(id, was, nwas, &o);

		if (j < 0) {
			/* made between the polls, and perhaps unlinked already but still mapped */
			named_event(&o, "create", kind, time_ns, ipc_ns, fn, ctx);
			if (o.deleted)
				named_event(&o, "unlink", kind, time_ns, ipc_ns, fn, ctx);
		} else if (o.sized && !o.deleted && named_at(id, was, (size_t)j).size != o.size) {
			named_event(&o, "truncate", kind, time_ns, ipc_ns, fn, ctx);
		}
	}
}

/* ---------------------------------------------------------------- poll after poll */

int tracepoll_feed(struct tracepoll *p, enum kind_id id, const void *objs, size_t n,
		   int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx)
{
	size_t size;
	void *copy;

	switch (id) {
	case KIND_SHM: size = sizeof(struct shmseg); break;
	case KIND_SEM: size = sizeof(struct semset); break;
	case KIND_MSG: size = sizeof(struct msgq); break;
	case KIND_POSIX: case KIND_PSEM: case KIND_PMQ: size = named_size(id); break;
	default: return 0;
	}
	copy = malloc(n ? n * size : 1);
	if (!copy)
		return -ENOMEM;
	if (n)
		memcpy(copy, objs, n * size);
	if (p->have & KIND_BIT(id)) {
		const void *was = p->prev[id];
		size_t nwas = p->n[id];

		if (id == KIND_SHM)
			tracepoll_shm(was, nwas, objs, n, time_ns, ipc_ns, fn, ctx);
		else if (id == KIND_SEM)
			tracepoll_sem(was, nwas, objs, n, time_ns, ipc_ns, fn, ctx);
		else if (id == KIND_MSG)
			tracepoll_msg(was, nwas, objs, n, time_ns, ipc_ns, fn, ctx);
		else
			tracepoll_named(id, was, nwas, objs, n, time_ns, ipc_ns, fn, ctx);
	}
	free(p->prev[id]);
	p->prev[id] = copy;
	p->n[id] = n;
	p->have |= KIND_BIT(id);
	return 0;
}

void tracepoll_free(struct tracepoll *p)
{
	for (int i = 0; i < KIND_COUNT; i++)
		free(p->prev[i]);
	memset(p, 0, sizeof(*p));
}
