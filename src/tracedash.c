/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracedash.c - the dashboard's tracer (tracedash.h). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "procinfo.h"
#include "tracedash.h"

static int64_t clock_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void keep(void *ctx, const struct trace_event *ev)
{
	app_events_add(((struct tracedash *)ctx)->app, ev);
}

static void on_record(void *ctx, const void *raw, size_t len)
{
	struct tracedash *d = ctx;
	struct trace_event ev;

	if (trace_decode(raw, len, d->boot_to_unix, &ev) == 0)
		trace_state_feed(&d->state, &ev, keep, d);
}

int tracedash_start(struct tracedash *d, struct app *a, uint32_t ipc_ns, const char *source)
{
	char why[256];
	int rc = -EPERM;

	if (d->t || d->polling)
		return 0;
	memset(d, 0, sizeof(*d));
	d->app = a;
	d->ipc_ns = ipc_ns;
	trace_state_init(&d->state);
	d->boot_to_unix = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
	if (source && !strcmp(source, "poll"))
		snprintf(why, sizeof(why), "--trace-source=poll");
	else
		rc = tracebpf_open(&d->t, ipc_ns, on_record, d, why, sizeof(why));
	if (rc < 0) {
		d->t = NULL;
		if (source && !strcmp(source, "bpf")) {
			app_events_on(a, APP_TRACE_OFF, why, 0);
			return rc;
		}
		/* what the polls see from the next one on (the first after this is compared with) */
		d->polling = 1;
		app_events_on(a, APP_TRACE_POLL, why, clock_ns(CLOCK_REALTIME) / 1000000000);
		return 0;
	}
	app_events_on(a, APP_TRACE_BPF, NULL, clock_ns(CLOCK_REALTIME) / 1000000000);
	return 0;
}

/* A poll's record: with the command line of its process, if it still runs. */
static void keep_polled(void *ctx, const struct trace_event *ev)
{
	struct tracedash *d = ctx;
	struct trace_event e = *ev;

	if (e.pid <= 0 || !d->app->have_pids ||
	    procinfo_cmdline(d->app->pids.procroot, e.pid, e.cmdline, sizeof(e.cmdline)) < 0)
		e.cmdline[0] = '\0';
	app_events_add(d->app, &e);
}

void tracedash_polled(void *ctx, enum kind_id id, const void *objs, size_t n, int64_t time_ns)
{
	struct tracedash *d = ctx;

	if (d->polling && tracepoll_feed(&d->tp, id, objs, n, time_ns, d->ipc_ns, keep_polled, d) < 0)
		app_status(d->app, 1, "out of memory: the events screen misses a poll");
}

static void on_hot(void *ctx, uint32_t ipc_ns, int32_t id, unsigned op, uint64_t count)
{
	struct tracedash *d = ctx;
	struct trace_event ev;

	if (trace_hot(&ev, ipc_ns, id, op, count, clock_ns(CLOCK_REALTIME)) == 0)
		app_events_add(d->app, &ev);
}

void tracedash_poll(struct tracedash *d)
{
	uint64_t lost;

	if (!d->t)
		return;
	tracebpf_poll(d->t, 0);
	if (clock_ns(CLOCK_MONOTONIC) >= d->next_hot) {
		/* semop, msgsnd, msgrcv: a count per object a second */
		tracebpf_hot(d->t, on_hot, d);
		d->next_hot = clock_ns(CLOCK_MONOTONIC) + 1000000000;
	}
	lost = tracebpf_lost(d->t);
	if (lost > d->lost) {
		struct trace_event ev;

		trace_lost(&ev, lost - d->lost, clock_ns(CLOCK_REALTIME));
		app_events_add(d->app, &ev);
		d->lost = lost;
	}
}

void tracedash_stop(struct tracedash *d)
{
	tracebpf_close(d->t);
	d->t = NULL;
	d->polling = 0;
	tracepoll_free(&d->tp);
	trace_state_free(&d->state);
}
