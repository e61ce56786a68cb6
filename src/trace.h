/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* trace.h - one traced IPC operation as shmtop reports it (decoded from the BPF tracer's raw
 * record, ipctrace.h), and its two printed forms: an aligned table line and a JSON line. Pure:
 * the loader is tracebpf.c. */
#ifndef SHMTOP_TRACE_H
#define SHMTOP_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "ipctrace.h"
#include "outbuf.h"

#define TRACE_JSON_VERSION 1

struct trace_event {
	int64_t time_ns;              /* Unix time, nanoseconds */
	const char *event;            /* "create", "get", "attach", "detach", "exit-detach", "exit",
				       * "exec-detach", "remove", "set", "lock", "unlock", "setval",
				       * "setall", "open", "unlink", "link", "truncate", "lost",
				       * "semop", "msgsnd", "msgrcv" (counts) */
	const char *kind;             /* "shm", "sem", "msg", "posix", "psem", "pmq", "memfd" */
	const char *source;           /* "bpf" or "poll" */
	int32_t pid, tid, ppid;
	uint32_t uid;
	uint32_t ipc_ns;
	uint64_t cgroup_id;
	char comm[IPCT_COMM_LEN + 1];          /* raw */
	char cmdline[IPCT_CMDLINE_LEN + 1];    /* raw, arguments joined by spaces; "" unknown */
	int have_key, have_size, have_addr;
	int32_t key, id;              /* id -1: unknown, or none (a POSIX object's) */
	char name[IPCT_NAME_LEN + 8]; /* a POSIX object's, queue's or semaphore's "/NAME", a
				       * memfd's "memfd:NAME" (raw); "" for System V objects */
	uint64_t size, addr;
	int64_t result;               /* the call's return value (-errno on failure) */
	int err;                      /* errno of a failed call, 0 when it worked */
	uint64_t count;               /* "lost": records the kernel had no room for; an exit or
				       * exec that dropped attachments not named one by one: how
				       * many; else 0 */
};

/* raw (len bytes, a struct ipct_event) into ev: 0, or -EINVAL for a record too short or of an
 * operation this version does not know. boot_to_unix_ns: what to add to CLOCK_BOOTTIME to get
 * Unix time. */
int trace_decode(const void *raw, size_t len, int64_t boot_to_unix_ns, struct trace_event *ev);

/* A record of a hot operation (ipctrace.h's IPCT_HOT_*: semop, msgsnd, msgrcv) done count times
 * on object id since the last one, at time_ns. 0, or -EINVAL for an operation not known. */
int trace_hot(struct trace_event *ev, uint32_t ipc_ns, int32_t id, unsigned op, uint64_t count,
	      int64_t time_ns);

/* A "lost" record of n records the kernel dropped, at time_ns. */
void trace_lost(struct trace_event *ev, uint64_t n, int64_t time_ns);

/* Whether ev began an object's life (a create, or glibc's link of a named semaphore's file to
 * its name, that worked): records of its id or name before it were another object's (ids and
 * names are reused). */
int trace_begins(const struct trace_event *ev);
/* Whether a and b are about the same id or name of the same kind. */
int trace_same_object(const struct trace_event *a, const struct trace_event *b);

/* The table's header line, and one event as a line of it (names escaped). */
void trace_table_header(struct outbuf *b);
void trace_table_line(struct outbuf *b, const struct trace_event *ev);
/* One event as a JSON line ({"version":1,"time":...,"event":...}). */
void trace_json_line(struct outbuf *b, const struct trace_event *ev);

/* What the records of a trace so far tell about the next ones: each process's attachments (to
 * name the segment of a detach, and those an exit or exec drops) and its last command line
 * (for a process whose memory is already gone). */
#define TRACE_CMDLINES 1024
struct trace_attach {
	int32_t pid, id;
	uint64_t addr;
};
struct trace_state {
	struct trace_attach *v;
	size_t n, cap;
	struct {
		int32_t pid;
		char cmdline[IPCT_CMDLINE_LEN + 1];
	} cmd[TRACE_CMDLINES];
};

void trace_state_init(struct trace_state *s);
void trace_state_free(struct trace_state *s);
/* Complete ev from s and s from ev, then hand what it reports to emit: ev itself, or for an
 * exit or exec one exit-detach (exec-detach) per attachment known, and one more (id unknown,
 * count) for those made before the trace began. */
void trace_state_feed(struct trace_state *s, struct trace_event *ev,
		      void (*emit)(void *ctx, const struct trace_event *ev), void *ctx);

/* Whether ev is about the object filter names: kind "id" (id) or "key" (key); NULL keeps all. */
int trace_matches(const struct trace_event *ev, const char *field, int64_t value);
/* Whether ev is about the POSIX object, queue or memfd name ("/x"); NULL keeps all. */
int trace_matches_name(const struct trace_event *ev, const char *name);

#endif
