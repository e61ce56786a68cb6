/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracepoll.h - shmtop --trace without BPF: the records two polls of the System V objects tell
 * (appeared, vanished, nattch changed, marked for removal, changed), in the trace's form with
 * source "poll". Pure: the polls are tracerun.c's. */
#ifndef SHMTOP_TRACEPOLL_H
#define SHMTOP_TRACEPOLL_H

#include <stddef.h>
#include <stdint.h>

#include "msgq.h"
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

#endif
