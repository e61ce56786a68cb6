/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracedash.h - the tracer behind the dashboard's events screen and detail histories: started
 * on demand (E) or at launch (--events), its records kept in the app (app_events_add). */
#ifndef SHMTOP_TRACEDASH_H
#define SHMTOP_TRACEDASH_H

#include <stdint.h>

#include "app.h"
#include "kinds.h"
#include "trace.h"
#include "tracebpf.h"
#include "tracepoll.h"

struct tracedash {
	struct tracebpf *t;
	int polling;            /* no BPF: the dashboard's own polls tell what they can */
	struct tracepoll tp;
	uint32_t ipc_ns;
	struct trace_state state;
	struct app *app;
	int64_t boot_to_unix;
	uint64_t lost;
	int64_t next_hot;       /* when the hot operations' counts are taken next (monotonic ns) */
};

/* Start tracing the IPC namespace ipc_ns into a's events, from source "bpf", "poll", or NULL
 * (auto: bpf, else poll); a says how it went, and why not BPF. 0 or -errno (bpf asked for and
 * refused: nothing traced). */
int tracedash_start(struct tracedash *d, struct app *a, uint32_t ipc_ns, const char *source);
/* A poll of kind id (refresh.h's hook): while polling stands in for BPF, what it tells. */
void tracedash_polled(void *ctx, enum kind_id id, const void *objs, size_t n, int64_t time_ns);
/* Take what the tracer has (no waiting). */
void tracedash_poll(struct tracedash *d);
void tracedash_stop(struct tracedash *d);

#endif
