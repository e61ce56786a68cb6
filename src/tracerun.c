/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracerun.c - shmtop --trace (tracerun.h): the tracer's records decoded, filtered by object,
 * printed as a table or JSON Lines; command lines remembered per process for the detaches of a
 * process that is already exiting; records the kernel dropped reported as "lost" records. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "collect.h"
#include "ipcns.h"
#include "pmq.h"
#include "posix.h"
#include "procinfo.h"
#include "snapshot.h"
#include "shmdir.h"
#include "source.h"
#include "tracepoll.h"
#include "kinds.h"
#include "outbuf.h"
#include "trace.h"
#include "tracebpf.h"
#include "tracerun.h"


static volatile sig_atomic_t stop; /* a signal: what has come is still printed */
static int done;                    /* -n records printed: nothing more */

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* SIGINT, SIGTERM, SIGHUP stop the run (what has come is still handed over); a closed pipe is
 * an error of the write, not a death */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

struct run {
	const struct options *opt;
	const struct trace_sink *sink; /* where the records go: NULL prints them */
	int failed;                     /* the sink said stop: exit status 1 */
	int64_t next_tick;              /* monotonic ns */
	struct outbuf out;
	int64_t boot_to_unix;
	int werr;                       /* the first failed write's errno: said at the end */
	/* --key: the objects of the key (their kind and id), whose records other than a create or
	 * get (attach, remove, ...) carry no key: those there at the start, then those made */
	struct keyed {
		const char *kind;
		int32_t id;
		uint32_t ipc_ns;
	} keyed[64];
	size_t nkeyed;
	long printed;
	struct trace_state state;
};

static int64_t clock_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int stdout_sink(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -EIO;
}

/* What was put in r->out, written now; the first failure's errno is kept for the end. */
static void flush_out(struct run *r)
{
	errno = 0;
	if ((outbuf_flush(&r->out) < 0 || fflush(stdout) != 0 || ferror(stdout)) && !r->werr)
		r->werr = errno ? errno : EIO;
}

/* The run's status for what it wrote: 0, or 1 after saying why (a full disk, an I/O error); a
 * closed pipe (| head) is said by the reader having gone, not by shmtop, and a write a Ctrl-C
 * interrupted (a reader that takes nothing) by the Ctrl-C. */
static int out_status(struct run *r)
{
	if (!r->werr && ferror(stdout))
		r->werr = EIO;
	if (r->werr && r->werr != EPIPE && r->werr != EINTR)
		fprintf(stderr, "shmtop: cannot write output: %s\n", strerror(r->werr));
	return r->werr ? 1 : 0;
}

/* Whether stdout is a pipe whose reader has gone (| head -1): nothing more can be written, so
 * the run stops now, not at a next record that may never come while the tracer slows every
 * system call of the machine. */
static int reader_gone(struct run *r)
{
	struct pollfd p = { STDOUT_FILENO, 0, 0 };

	if (r->sink || poll(&p, 1, 0) != 1 || !(p.revents & POLLERR))
		return 0;
	if (!r->werr)
		r->werr = EPIPE;
	return 1;
}

static void print(struct run *r, const struct trace_event *ev)
{
	if (r->sink) {
		r->sink->record(r->sink->ctx, ev);
		return;
	}
	if (r->werr)
		return; /* a write failed: the next would fail too, or wait for a reader that is stuck */
	if (r->opt->format == OUTPUT_JSON)
		trace_json_line(&r->out, ev);
	else
		trace_table_line(&r->out, ev);
	flush_out(r);
}

static void keyed_add(struct run *r, const char *kind, int32_t id, uint32_t ipc_ns)
{
	if (r->nkeyed < sizeof(r->keyed) / sizeof(r->keyed[0]))
		r->keyed[r->nkeyed++] = (struct keyed){ kind, id, ipc_ns };
}

/* --key: the System V objects that have the key now, from /proc/sysvipc (no system call the
 * tracer would report). */
static void keyed_seed(struct run *r)
{
	const struct options *opt = r->opt;
	struct collect_cfg cfg = { opt->procroot, SNAPSHOT_PROC, sysconf(_SC_PAGESIZE), 1 };
	int32_t key = (int32_t)opt->one_num;
	struct snapshot snap;
	struct source src;
	const void *objs;
	char warn[512];
	uint64_t ns = 0;
	size_t n;

	ipcns_inode(opt->procroot, 0, &ns);
	snapshot_init(&snap);
	if (collect_snapshot(&cfg, time(NULL), &snap, warn, sizeof(warn)) == 0)
		for (size_t i = 0; i < snap.segs.n; i++)
			if (snap.segs.v[i].key == key)
				keyed_add(r, "shm", snap.segs.v[i].shmid, (uint32_t)ns);
	snapshot_free(&snap);
	source_init(&src, opt->procroot);
	if (kinds[KIND_SEM]->collect(&src, &objs, &n, warn, sizeof(warn)) == 0)
		for (size_t i = 0; i < n; i++)
			if (((const struct semset *)objs)[i].key == key)
				keyed_add(r, "sem", ((const struct semset *)objs)[i].semid,
					  (uint32_t)ns);
	if (kinds[KIND_MSG]->collect(&src, &objs, &n, warn, sizeof(warn)) == 0)
		for (size_t i = 0; i < n; i++)
			if (((const struct msgq *)objs)[i].key == key)
				keyed_add(r, "msg", ((const struct msgq *)objs)[i].msqid,
					  (uint32_t)ns);
	source_free(&src);
}

/* --key: whether ev is about an object of the key. A create or get names the key and its id;
 * the other records only the id: of an object the key had, unless a create or get since gave
 * the id to another key (ids are reused). */
static int keyed_match(struct run *r, const struct trace_event *ev)
{
	int32_t key = (int32_t)r->opt->one_num;
	size_t i;

	if (!strcmp(ev->event, "lost"))
		return 1;
	for (i = 0; i < r->nkeyed; i++)
		if (r->keyed[i].id == ev->id && r->keyed[i].ipc_ns == ev->ipc_ns &&
		    !strcmp(r->keyed[i].kind, ev->kind))
			break;
	if (!ev->have_key)
		return ev->id >= 0 && i < r->nkeyed;
	if (ev->id >= 0 && !ev->err) {
		if (ev->key == key && i == r->nkeyed)
			keyed_add(r, ev->kind, ev->id, ev->ipc_ns);
		else if (ev->key != key && i < r->nkeyed)
			r->keyed[i] = r->keyed[--r->nkeyed];
	}
	return ev->key == key;
}

static void emit(void *ctx, const struct trace_event *ev)
{
	struct run *r = ctx;

	if (done)
		return;
	if (r->opt->kinds_given && strcmp(ev->event, "lost") != 0 && strcmp(ev->event, "exit") != 0) {
		/* --kinds: those kinds' records (memfds are none of them; a loss and a creator's
		 * exit are every kind's) */
		size_t k;

		for (k = 0; k < KIND_COUNT; k++)
			if (!strcmp(kinds[k]->name, ev->kind))
				break;
		if (k == KIND_COUNT || !(r->opt->kinds & KIND_BIT(k)))
			return;
	}
	if (r->opt->one_field && !strcmp(r->opt->one_field, "name") ?
	    !trace_matches_name(ev, r->opt->one_value) :
	    r->opt->one_field && !strcmp(r->opt->one_field, "key") ? !keyed_match(r, ev) :
	    !trace_matches(ev, r->opt->one_field, r->opt->one_num))
		return;
	print(r, ev);
	if (r->opt->iterations > 0 && ++r->printed >= r->opt->iterations)
		done = stop = 1;
}

static void on_hot(void *ctx, uint32_t ipc_ns, int32_t id, unsigned op, uint64_t count)
{
	struct trace_event ev;

	if (trace_hot(&ev, ipc_ns, id, op, count, clock_ns(CLOCK_REALTIME)) == 0)
		emit(ctx, &ev);
}

static void on_record(void *ctx, const void *raw, size_t len)
{
	struct run *r = ctx;
	struct trace_event ev;

	if (done || trace_decode(raw, len, r->boot_to_unix, &ev) < 0)
		return;
	trace_state_feed(&r->state, &ev, emit, r);
}

/* A poll's record: with the command line of its process, if it still runs. */
static void emit_poll(void *ctx, const struct trace_event *ev)
{
	struct run *r = ctx;
	struct trace_event e = *ev;

	if (e.pid > 0 && procinfo_cmdline(r->opt->procroot, e.pid, e.cmdline, sizeof(e.cmdline)) < 0)
		e.cmdline[0] = '\0';
	emit(r, &e);
}

/* The sink's tick, at most every 100 ms (last: once more at the end); 1 when it says stop. */
static int tick(struct run *r, int last)
{
	int64_t now = clock_ns(CLOCK_MONOTONIC);

	if (!r->sink || !r->sink->tick || (!last && now < r->next_tick))
		return 0;
	r->next_tick = now + 100000000;
	if (r->sink->tick(r->sink->ctx, last) != 0) {
		r->failed = 1;
		return 1;
	}
	return 0;
}

/* Whether --kinds (or its absence) asks for kind id's records. */
static int polled_kind(const struct options *opt, enum kind_id id)
{
	return !opt->kinds_given || (opt->kinds & KIND_BIT(id));
}

/* Without BPF: what polls every -d seconds see of the objects of every kind. */
static int run_poll(struct run *r, const char *why)
{
	const struct options *opt = r->opt;
	struct collect_cfg cfg = { opt->procroot, SNAPSHOT_PROC, sysconf(_SC_PAGESIZE), 1 };
	static const enum kind_id others[] = { KIND_SEM, KIND_MSG, KIND_PSEM, KIND_PMQ };
	struct tracepoll tp = { 0 };
	struct snapshot snap;
	struct source src;
	struct shmdir shm, mq;
	struct posix_list pl;
	char warn[512];
	uint64_t ns = 0;
	int64_t end = 0;
	int rc = 0, said = 0;

	ipcns_inode(opt->procroot, 0, &ns);
	snapshot_init(&snap);
	source_init(&src, opt->procroot);
	posix_list_init(&pl);
	shmdir_init(&shm);
	shmdir_init(&mq);
	/* the POSIX objects of the namespace viewed: its /dev/shm and mqueue mount, in its root */
	shmdir_open_viewed(&shm, opt->procroot, opt->shm_dir, opt->ipc_ns_pid);
	pmq_dir_open(&mq, opt->procroot, opt->ipc_ns_pid, NULL);
	src.shm = &shm;
	src.mq = &mq;
	src.psem_mappers = 1; /* a deleted semaphore's last mapping going is its end */
	catch_signals();
	if (!r->sink && opt->format != OUTPUT_JSON) {
		trace_table_header(&r->out);
		flush_out(r);
	}
	if (opt->trace_seconds > 0)
		end = clock_ns(CLOCK_MONOTONIC) + (int64_t)(opt->trace_seconds * 1e9);
	while (!stop) {
		int64_t now = clock_ns(CLOCK_REALTIME);
		const void *objs;
		size_t n;

		if (polled_kind(opt, KIND_SHM) &&
		    collect_snapshot(&cfg, now / 1000000000, &snap, warn, sizeof(warn)) == 0 &&
		    tracepoll_feed(&tp, KIND_SHM, snap.segs.v, snap.segs.n, now, (uint32_t)ns,
				   emit_poll, r) < 0)
			rc = 1;
		if (polled_kind(opt, KIND_POSIX) && posix_list_dir(&shm, &pl) == 0) {
			/* the deleted objects still mapped, and when their last mapping goes */
			posix_scan_mappers(opt->procroot, &shm, &pl);
			if (tracepoll_feed(&tp, KIND_POSIX, pl.v, pl.n, now, (uint32_t)ns, emit_poll,
					   r) < 0)
				rc = 1;
		}
		for (size_t k = 0; k < sizeof(others) / sizeof(others[0]); k++)
			if (polled_kind(opt, others[k]) &&
			    kinds[others[k]]->collect(&src, &objs, &n, warn, sizeof(warn)) == 0 &&
			    tracepoll_feed(&tp, others[k], objs, n, now, (uint32_t)ns, emit_poll, r) < 0)
				rc = 1;
		if (rc || r->werr || ferror(stdout) || reader_gone(r) || tick(r, 0))
			break;
		if (!said++) /* once the first poll is there to compare the next with */
			fprintf(stderr, "shmtop: %s by polling every %.1fs (%s): only what a poll "
				"sees (objects that appear, change and go; no process that made or "
				"removed one)\n", r->sink ? r->sink->verb : "tracing", opt->delay, why);
		if (end && clock_ns(CLOCK_MONOTONIC) >= end)
			break;
		{
			/* to the next poll, or the end of --duration if sooner */
			double d = opt->delay;
			double left = end ? (double)(end - clock_ns(CLOCK_MONOTONIC)) / 1e9 : d;
			struct timespec ts;

			if (left < d)
				d = left > 0 ? left : 0;
			ts.tv_sec = (time_t)d;
			ts.tv_nsec = (long)((d - (double)(time_t)d) * 1e9);
			while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
		}
	}
	tick(r, 1);
	tracepoll_free(&tp);
	posix_list_free(&pl);
	snapshot_free(&snap);
	source_free(&src);
	shmdir_close(&shm);
	shmdir_close(&mq);
	return out_status(r) || rc || r->failed ? 1 : 0;
}

int run_trace(const struct options *opt)
{
	return trace_run(opt, NULL);
}

int trace_run(const struct options *opt, const struct trace_sink *sink)
{
	static struct run r;
	struct tracebpf *t = NULL;
	char why[256];
	uint64_t ns = 0, lost = 0;
	int64_t end = 0, next_hot;
	int rc;

	r.opt = opt;
	r.sink = sink;
	trace_state_init(&r.state);
	outbuf_init(&r.out, stdout_sink, NULL);
	r.boot_to_unix = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
	if (!opt->all_namespaces && ipcns_inode(opt->procroot, 0, &ns) < 0) {
		fprintf(stderr, "shmtop: cannot tell which IPC namespace this is (%s/self/ns/ipc): "
			"use --all-namespaces\n", opt->procroot);
		return 1;
	}
	if (opt->one_field && !strcmp(opt->one_field, "key"))
		keyed_seed(&r);
	if (opt->trace_source && !strcmp(opt->trace_source, "poll")) {
		snprintf(why, sizeof(why), "--trace-source=poll");
		rc = -ENOTSUP;
	} else {
		rc = tracebpf_open(&t, (uint32_t)ns, on_record, &r, why, sizeof(why));
	}
	if (rc < 0) {
		if (opt->trace_source && !strcmp(opt->trace_source, "bpf")) {
			fprintf(stderr, "shmtop: %s: %s\n", sink ? "--record" : "--trace", why);
			return 1;
		}
		if (opt->all_namespaces)
			fprintf(stderr, "shmtop: %s: a poll sees one IPC namespace: "
				"--all-namespaces is left out\n", sink ? "--record" : "--trace");
		rc = run_poll(&r, why);
		trace_state_free(&r.state);
		outbuf_free(&r.out);
		return rc;
	}
	catch_signals();
	if (!r.sink && opt->format != OUTPUT_JSON) {
		trace_table_header(&r.out);
		flush_out(&r);
	}
	/* stderr says it is ready: a script can start its workload then */
	fprintf(stderr, "shmtop: %s %s%s\n", sink ? sink->verb : "tracing", opt->all_namespaces ? "every IPC namespace" :
		"the IPC namespace ", opt->all_namespaces ? "" : "viewed");
	if (opt->trace_seconds > 0)
		end = clock_ns(CLOCK_MONOTONIC) + (int64_t)(opt->trace_seconds * 1e9);
	next_hot = clock_ns(CLOCK_MONOTONIC) + 1000000000;
	while (!stop) {
		int ms = 20; /* how late a record may be printed */
		uint64_t now_lost;

		if (end) {
			int64_t left = end - clock_ns(CLOCK_MONOTONIC);

			if (left <= 0)
				break;
			if (left / 1000000 < ms)
				ms = (int)(left / 1000000) + 1;
		}
		rc = tracebpf_poll(t, ms);
		if (rc < 0 && rc != -EINTR) {
			fprintf(stderr, "shmtop: %s: reading the ring buffer: %s\n",
				sink ? "--record" : "--trace", strerror(-rc));
			break;
		}
		if (clock_ns(CLOCK_MONOTONIC) >= next_hot) {
			/* semop, msgsnd, msgrcv: a count per object a second, not a line each */
			tracebpf_hot(t, on_hot, &r);
			next_hot += 1000000000;
		}
		now_lost = tracebpf_lost(t);
		if (now_lost > lost) {
			struct trace_event ev;

			trace_lost(&ev, now_lost - lost, clock_ns(CLOCK_REALTIME));
			print(&r, &ev);
			lost = now_lost;
		}
		if (r.werr || ferror(stdout) || reader_gone(&r) || tick(&r, 0))
			break;
	}
	/* what arrived before the end (also before a Ctrl-C), then the last counts and losses */
	if (!done) {
		/* a flood may go on: at most a million more */
		for (int i = 0; i < 256 && !done && tracebpf_poll(t, 0) > 0; i++)
			;
		tracebpf_hot(t, on_hot, &r);
	}
	if (tracebpf_lost(t) > lost) {
		struct trace_event ev;

		trace_lost(&ev, tracebpf_lost(t) - lost, clock_ns(CLOCK_REALTIME));
		print(&r, &ev);
	}
	tick(&r, 1);
	tracebpf_close(t);
	trace_state_free(&r.state);
	outbuf_free(&r.out);
	return out_status(&r) || r.failed ? 1 : 0;
}
