/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracepoll.h - tracing without BPF: the records two polls of the IPC objects tell (appeared,
 * vanished, nattch changed, marked for removal, changed, truncated), in the trace's form with
 * source "poll". Pure: the polls are tracerun.c's (shmtop --trace) and refresh.c's (the
 * dashboard's events screen). */
#ifndef SHMTOP_TRACEPOLL_H
#define SHMTOP_TRACEPOLL_H

#include <stddef.h>
#include <stdint.h>

#include "kinds.h"
#include "msgq.h"
#include "pmq.h"
#include "posix.h"
#include "psem.h"
#include "semset.h"
#include "shmseg.h"
#include "trace.h"

typedef void (*tracepoll_fn)(void *ctx, const struct trace_event *ev);

/* Segments: create (appeared; its creator), attach and detach (nattch up or down; the last
 * process, count the change), remove (marked for removal, or vanished unmarked), gone (vanished
 * after being marked). Lists in any order; an id reused between the polls is a remove and a
 * create. */
void tracepoll_shm(const struct shmseg *was, size_t nwas, const struct shmseg *now, size_t nnow,
		   int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx);
/* Arrays: create, remove, set (ctime moved: IPC_SET, SETVAL, SETALL). */
void tracepoll_sem(const struct semset *was, size_t nwas, const struct semset *now, size_t nnow,
		   int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx);
/* Queues: create, remove, set (ctime moved). */
void tracepoll_msg(const struct msgq *was, size_t nwas, const struct msgq *now, size_t nnow,
		   int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx);

/* POSIX objects of kind id (KIND_POSIX: struct posixobj, KIND_PSEM: struct psem, KIND_PMQ:
 * struct pmq), each known by its inode: create (its name appeared), unlink (its name went, or it
 * turned up deleted but still mapped), gone (the last mapping of a deleted one went), truncate
 * (KIND_POSIX: its size changed). */
void tracepoll_named(enum kind_id id, const void *was, size_t nwas, const void *now, size_t nnow,
		     int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx);

/* The last poll of each kind, to tell the next one's records. */
struct tracepoll {
	void *prev[KIND_COUNT];
	size_t n[KIND_COUNT];
	unsigned have;              /* KIND_BITs of the kinds polled before */
};

/* Kind id polled (n objects, its structs back to back): its records against the poll before,
 * if any (the first poll of a kind tells nothing: everything would look new), and the poll kept
 * for the next. KIND_PROC is no IPC object: ignored. 0, or -ENOMEM (the poll before is kept). */
int tracepoll_feed(struct tracepoll *p, enum kind_id id, const void *objs, size_t n,
		   int64_t time_ns, uint32_t ipc_ns, tracepoll_fn fn, void *ctx);
void tracepoll_free(struct tracepoll *p);

#endif
