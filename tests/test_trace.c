/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_trace.c - decoding and printing traced operations from raw records as the BPF tracer
 * writes them: each operation's event name (create or get by the kernel's flag, shmctl's
 * commands), results and errors, the command line joined and escaped, a short or unknown
 * record refused; the state that names a detach's segment and expands an exit into one
 * exit-detach per attachment (and one for those from before the trace), and remembers command
 * lines; the JSON and table forms; the object filter. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "outbuf.h"
#include "trace.h"
#include "tracepoll.h"

#define BOOT 1000000000ll          /* CLOCK_BOOTTIME of the records: 1 s after boot */
#define OFFSET 1796400000000000000ll /* boot to Unix time */

static struct ipct_event raw(uint16_t op, int32_t pid, const char *argv, size_t argv_len)
{
	struct ipct_event r;

	memset(&r, 0, sizeof(r));
	r.time_ns = BOOT;
	r.op = op;
	r.pid = r.tid = (uint32_t)pid;
	r.ppid = 1;
	r.uid = 1000;
	r.ipc_ns = 4026531839u;
	r.cgroup_id = 77;
	r.id = -1;
	snprintf(r.comm, sizeof(r.comm), "writer");
	if (argv) {
		memcpy(r.tail, argv, argv_len);
		r.cmdline_len = (uint16_t)argv_len;
	}
	return r;
}

/* The record's name, before its command line in the tail, as the tracer writes it. */
static void set_name(struct ipct_event *r, const char *name)
{
	size_t n = strlen(name);

	memmove(r->tail + n, r->tail + r->name_len, r->cmdline_len);
	memcpy(r->tail, name, n);
	r->name_len = (uint16_t)n;
}

static char out[8192];

static int sink(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	strncat(out, buf, len);
	return 0;
}

static const char *json(const struct trace_event *ev)
{
	struct outbuf b;

	out[0] = '\0';
	outbuf_init(&b, sink, NULL);
	trace_json_line(&b, ev);
	outbuf_flush(&b);
	outbuf_free(&b);
	return out;
}

static const char *table(const struct trace_event *ev)
{
	struct outbuf b;

	out[0] = '\0';
	outbuf_init(&b, sink, NULL);
	trace_table_line(&b, ev);
	outbuf_flush(&b);
	outbuf_free(&b);
	return out;
}

static void test_decode(void **state)
{
	struct ipct_event r = raw(IPCT_OP_SHMGET, 42, "writer\0--key=0x2537\0", 20);
	struct trace_event ev;

	(void)state;
	r.key = 0x2537;
	r.size = 1024;
	r.ret = 5;
	r.id = 5;
	r.flags = IPCT_F_CREATED;
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
	assert_string_equal(ev.event, "create");
	assert_string_equal(ev.kind, "shm");
	assert_string_equal(ev.source, "bpf");
	assert_int_equal(ev.time_ns, BOOT + OFFSET);
	assert_string_equal(ev.cmdline, "writer --key=0x2537");  /* NULs between arguments */
	assert_string_equal(ev.comm, "writer");
	assert_true(ev.have_key && ev.have_size);
	assert_int_equal(ev.key, 0x2537);
	assert_int_equal(ev.id, 5);
	assert_int_equal(ev.err, 0);
	/* the same call finding the segment */
	r.flags = 0;
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
	assert_string_equal(ev.event, "get");
	/* a failure: the errno, no id */
	r.ret = -ENOENT;
	r.id = -1;
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
	assert_int_equal(ev.err, ENOENT);
	assert_non_null(strstr(json(&ev), "\"id\":null"));
	assert_non_null(strstr(json(&ev), "\"error\":\"ENOENT\""));
	assert_non_null(strstr(table(&ev), " ENOENT "));
	/* shmctl's commands */
	r = raw(IPCT_OP_SHMCTL, 43, NULL, 0);
	r.id = 5;
	for (int i = 0; i < 4; i++) {
		static const int cmds[] = { 0, 1, 11, 12 };
		static const char *const names[] = { "remove", "set", "lock", "unlock" };

		r.cmd = cmds[i];
		assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
		assert_string_equal(ev.event, names[i]);
	}
	r.cmd = 2; /* IPC_STAT: never logged; refused if it came */
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), -EINVAL);
	r.op = IPCT_OP_COUNT;
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), -EINVAL);
	/* a record is as long as its fixed part, name and command line: not a byte less */
	r = raw(IPCT_OP_SHMAT, 44, "ab\0", 3);
	assert_int_equal(trace_decode(&r, IPCT_HEAD_LEN + 3, OFFSET, &ev), 0);
	assert_string_equal(ev.cmdline, "ab");
	assert_int_equal(trace_decode(&r, IPCT_HEAD_LEN + 2, OFFSET, &ev), -EINVAL);
	assert_int_equal(trace_decode(&r, IPCT_HEAD_LEN - 1, OFFSET, &ev), -EINVAL);
	/* lengths no tracer writes are refused, never overrun */
	r.cmdline_len = IPCT_CMDLINE_LEN + 1;
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), -EINVAL);
	r.cmdline_len = 3;
	r.name_len = IPCT_NAME_LEN;
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), -EINVAL);
	/* the longest of both */
	r = raw(IPCT_OP_SHM_OPEN, 44, NULL, 0);
	memset(r.tail, 'a', IPCT_CMDLINE_LEN);
	r.cmdline_len = IPCT_CMDLINE_LEN;
	{
		char path[IPCT_NAME_LEN];

		memset(path, 'b', sizeof(path) - 1);
		memcpy(path, "/dev/shm/", 9);
		path[sizeof(path) - 1] = '\0';
		set_name(&r, path);
	}
	assert_int_equal(trace_decode(&r, IPCT_HEAD_LEN + IPCT_NAME_LEN - 1 + IPCT_CMDLINE_LEN,
				      OFFSET, &ev), 0);
	assert_int_equal(strlen(ev.cmdline), IPCT_CMDLINE_LEN);
	assert_int_equal(strlen(ev.name), IPCT_NAME_LEN - 1 - 8);
}

/* Names and command lines with control characters reach the table escaped, JSON escaped. */
static void test_escaping(void **state)
{
	struct ipct_event r = raw(IPCT_OP_SHMAT, 44, "evil\x1b[2J\0x", 11);
	struct trace_event ev;

	(void)state;
	r.id = 7;
	r.ret = 0x7f0000000000;
	r.addr = 0x7f0000000000;
	snprintf(r.comm, sizeof(r.comm), "c\x07");
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
	assert_null(strchr(table(&ev), '\x1b'));
	assert_non_null(strstr(out, "evil\\x1b[2J x"));
	assert_null(strchr(json(&ev), '\x1b'));
	/* as every name in shmtop's JSON: fmt_escape's text, its backslash escaped */
	assert_non_null(strstr(out, "\"cmdline\":\"evil\\\\x1b[2J x\""));
	assert_non_null(strstr(out, "\"comm\":\"c\\\\x07\""));
	assert_non_null(strstr(out, "\"addr\":\"0x7f0000000000\""));
	/* no command line: the name in brackets */
	r.cmdline_len = 0;
	r.flags = IPCT_F_NO_CMDLINE;
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
	assert_non_null(strstr(table(&ev), "[c\\x07]"));
	assert_non_null(strstr(json(&ev), "\"cmdline\":null"));
}

static struct trace_event got[8];
static int ngot;

static void collect(void *ctx, const struct trace_event *ev)
{
	(void)ctx;
	if (ngot < 8)
		got[ngot++] = *ev;
}

/* A detach names its segment from the attach at that address; an exit with two attachments
 * known and three counted by the kernel gives two exit-detaches and one for the rest; the exit's
 * command line comes from the process's earlier record. */
static void test_state(void **state)
{
	struct trace_state *s = calloc(1, sizeof(*s));
	struct ipct_event r;
	struct trace_event ev;

	(void)state;
	assert_non_null(s);
	trace_state_init(s);
	ngot = 0;
	for (int i = 0; i < 2; i++) {
		r = raw(IPCT_OP_SHMAT, 50, "holder\0", 7);
		r.id = 10 + i;
		r.ret = 0x1000 * (i + 1);
		r.addr = 0x1000 * (i + 1);
		assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
		trace_state_feed(s, &ev, collect, NULL);
	}
	r = raw(IPCT_OP_SHMDT, 50, "holder\0", 7);
	r.addr = 0x2000;
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
	assert_int_equal(ev.id, -1);
	trace_state_feed(s, &ev, collect, NULL);
	assert_int_equal(ngot, 3);
	assert_int_equal(got[2].id, 11);                 /* the segment at 0x2000 */
	r = raw(IPCT_OP_SHMAT, 50, "holder\0", 7);
	r.id = 12;
	r.ret = r.addr = 0x3000;
	trace_decode(&r, sizeof(r), OFFSET, &ev);
	trace_state_feed(s, &ev, collect, NULL);
	/* the exit: no memory left to read the command line from */
	r = raw(IPCT_OP_EXIT, 50, NULL, 0);
	r.flags = IPCT_F_NO_CMDLINE;
	r.size = 3;
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
	assert_string_equal(ev.event, "exit-detach");
	ngot = 0;
	trace_state_feed(s, &ev, collect, NULL);
	assert_int_equal(ngot, 3);
	assert_int_equal(got[0].id + got[1].id, 10 + 12);
	assert_string_equal(got[0].cmdline, "holder");
	assert_int_equal(got[2].id, -1);
	assert_int_equal(got[2].count, 1);
	assert_non_null(strstr(json(&got[2]), "\"count\":1"));
	assert_int_equal(s->n, 0);
	/* a process that made an object exits without attachments: one record of it, no kind */
	r = raw(IPCT_OP_EXIT, 51, "make_shared_memory\0", 19);
	r.size = 0;
	assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
	assert_string_equal(ev.event, "exit");
	assert_string_equal(ev.kind, "");
	ngot = 0;
	trace_state_feed(s, &ev, collect, NULL);
	assert_int_equal(ngot, 1);
	assert_string_equal(got[0].event, "exit");
	assert_string_equal(got[0].cmdline, "make_shared_memory");
	/* another process's exit with none known: one record with the count */
	r = raw(IPCT_OP_EXEC, 51, "new\0", 4);
	r.size = 2;
	trace_decode(&r, sizeof(r), OFFSET, &ev);
	ngot = 0;
	trace_state_feed(s, &ev, collect, NULL);
	assert_int_equal(ngot, 1);
	assert_string_equal(got[0].event, "exec-detach");
	assert_int_equal(got[0].count, 2);
	trace_state_free(s);
	free(s);
}

/* The other kinds: System V arrays and queues by id and key, POSIX objects, semaphores and
 * queues by their "/NAME", memfds by "memfd:NAME"; open's flags tell create from open. */
static void test_kinds(void **state)
{
	static const struct {
		uint16_t op;
		int cmd;
		uint32_t oflags;
		const char *path, *kind, *event, *name;
	} cases[] = {
		{ IPCT_OP_SEMGET, 0, 0, "", "sem", "get", "" },
		{ IPCT_OP_SEMCTL, 16, 0, "", "sem", "setval", "" },
		{ IPCT_OP_SEMCTL, 17, 0, "", "sem", "setall", "" },
		{ IPCT_OP_MSGCTL, 0, 0, "", "msg", "remove", "" },
		{ IPCT_OP_SHM_OPEN, 0, 0100 | 0200 | 02, "/dev/shm/pg_data", "posix", "create",
		  "/pg_data" },
		{ IPCT_OP_SHM_OPEN, 0, 0100 | 02, "/dev/shm/pg_data", "posix", "open", "/pg_data" },
		{ IPCT_OP_SHM_UNLINK, 0, 0, "/dev/shm/sem.lock", "psem", "unlink", "/lock" },
		{ IPCT_OP_SHM_LINK, 0, 0, "/dev/shm/sem.lock", "psem", "link", "/lock" },
		{ IPCT_OP_SHM_TRUNCATE, 0, 0, "/dev/shm/pg_data", "posix", "truncate", "/pg_data" },
		{ IPCT_OP_MQ_OPEN, 0, 0100 | 0200, "jobs", "pmq", "create", "/jobs" },
		{ IPCT_OP_MQ_UNLINK, 0, 0, "jobs", "pmq", "unlink", "/jobs" },
		{ IPCT_OP_MEMFD_CREATE, 0, 1, "wayland-shm", "memfd", "create", "memfd:wayland-shm" },
	};
	struct trace_event ev;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ipct_event r = raw(cases[i].op, 70, "p\0", 2);

		r.cmd = cases[i].cmd;
		r.oflags = cases[i].oflags;
		set_name(&r, cases[i].path);
		r.ret = 3;
		r.id = 3;
		assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
		assert_string_equal(ev.kind, cases[i].kind);
		assert_string_equal(ev.event, cases[i].event);
		assert_string_equal(ev.name, cases[i].name);
		if (cases[i].name[0]) {
			assert_int_equal(ev.id, -1);   /* a descriptor is no object's id */
			assert_true(trace_matches_name(&ev, cases[i].name));
			assert_false(trace_matches_name(&ev, "/other"));
			assert_non_null(strstr(table(&ev), cases[i].name));
		}
	}
	/* a truncate's length is its size */
	{
		struct ipct_event r = raw(IPCT_OP_SHM_TRUNCATE, 72, NULL, 0);

		set_name(&r, "/dev/shm/pg_data");
		r.size = 1 << 20;
		assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
		assert_true(ev.have_size);
		assert_int_equal(ev.size, 1 << 20);
		assert_non_null(strstr(json(&ev), "\"size\":1048576"));
	}
	/* a name that no terminal should see raw */
	{
		struct ipct_event r = raw(IPCT_OP_SHM_UNLINK, 71, NULL, 0);

		set_name(&r, "/dev/shm/a\x1b]0;x\x07");
		assert_int_equal(trace_decode(&r, sizeof(r), OFFSET, &ev), 0);
		assert_null(strchr(table(&ev), '\x1b'));
		assert_null(strchr(json(&ev), '\x1b'));
	}
}

/* The poll source: what two polls tell. */
static char polled[512];

static void note_event(void *ctx, const struct trace_event *ev)
{
	(void)ctx;
	snprintf(polled + strlen(polled), sizeof(polled) - strlen(polled), "%s%s:%s:%d:%llu",
		 polled[0] ? " " : "", ev->kind, ev->event, (int)ev->id, (unsigned long long)ev->count);
	assert_string_equal(ev->source, "poll");
}

static char names[512];

static void note_name(void *ctx, const struct trace_event *ev)
{
	(void)ctx;
	snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", names[0] ? " " : "",
		 ev->name);
	if (ev->have_size)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "=%llu",
			 (unsigned long long)ev->size);
}

static struct shmseg seg(int32_t id, int32_t cpid, uint32_t nattch, int dest)
{
	struct shmseg s;

	memset(&s, 0, sizeof(s));
	s.shmid = id;
	s.key = dest ? 0 : 0x100 + id;
	s.cpid = cpid;
	s.lpid = cpid + 1;
	s.nattch = nattch;
	s.mode = 0600 | (dest ? SHMSEG_MODE_DEST : 0);
	return s;
}

static void test_poll(void **state)
{
	struct shmseg was[4] = { seg(1, 10, 0, 0), seg(2, 20, 1, 0), seg(3, 30, 2, 0), seg(4, 40, 1, 1) };
	/* 1 gone unmarked, 2 attached twice more, 3 marked with one detach, 4 gone after its mark,
	 * 5 new and attached, 6 reusing no id; and id 1 again by another creator */
	struct shmseg now[5] = { seg(2, 20, 3, 0), seg(3, 30, 1, 1), seg(5, 50, 1, 0), seg(6, 60, 0, 0),
				 seg(1, 11, 0, 0) };
	struct semset sw[2], sn[2];
	struct msgq mw[1], mn[1];

	(void)state;
	polled[0] = '\0';
	tracepoll_shm(was, 4, now, 5, OFFSET, 1, note_event, NULL);
	assert_string_equal(polled, "shm:remove:1:0 shm:gone:4:0 shm:attach:2:2 shm:detach:3:1 "
			    "shm:remove:3:0 shm:create:5:0 shm:attach:5:1 shm:create:6:0 shm:create:1:0");
	memset(sw, 0, sizeof(sw));
	memset(sn, 0, sizeof(sn));
	sw[0].semid = 1; sw[0].key = 7; sw[0].ctime = 100;
	sw[1].semid = 2; sw[1].key = 8; sw[1].ctime = 100;
	sn[0] = sw[0]; sn[0].ctime = 101;        /* SETVAL or IPC_SET */
	sn[1].semid = 3; sn[1].key = 9; sn[1].nsems = 4;
	polled[0] = '\0';
	tracepoll_sem(sw, 2, sn, 2, OFFSET, 1, note_event, NULL);
	assert_string_equal(polled, "sem:remove:2:0 sem:set:1:0 sem:create:3:0");
	memset(mw, 0, sizeof(mw));
	mn[0] = mw[0];
	mn[0].msqid = 5; /* another queue in its place */
	polled[0] = '\0';
	tracepoll_msg(mw, 1, mn, 1, OFFSET, 1, note_event, NULL);
	assert_string_equal(polled, "msg:remove:0:0 msg:create:5:0");
	polled[0] = '\0';
	tracepoll_shm(now, 5, now, 5, OFFSET, 1, note_event, NULL);
	assert_string_equal(polled, ""); /* nothing changed, nothing said */
}

static struct posixobj pobj(const char *name, uint64_t ino, uint64_t size, int deleted)
{
	struct posixobj o;

	memset(&o, 0, sizeof(o));
	snprintf(o.name, sizeof(o.name), "%s", name);
	o.dev = 22;
	o.ino = ino;
	o.size = size;
	o.uid = 1000;
	o.deleted = deleted;
	return o;
}

/* POSIX objects by their inodes; and poll after poll, each kind against its own last poll. */
static void test_poll_named(void **state)
{
	/* a unlinked; b truncated; c unlinked but still mapped; d, deleted, unmapped at last;
	 * e new; f new and already unlinked; g another object under a's old name */
	struct posixobj was[4] = { pobj("/a", 1, 10, 0), pobj("/b", 2, 10, 0), pobj("/c", 3, 10, 0),
				   pobj("/d", 4, 10, 1) };
	struct posixobj now[5] = { pobj("/b", 2, 4096, 0), pobj("/c", 3, 10, 1), pobj("/e", 5, 64, 0),
				   pobj("/f", 6, 8, 1), pobj("/a", 7, 10, 0) };
	struct psem sw[1], sn[1];
	struct pmq qw[1], qn[1];
	struct tracepoll tp = { 0 };
	struct shmseg segs[2] = { seg(1, 10, 0, 0), seg(2, 20, 0, 0) };

	(void)state;
	polled[0] = '\0';
	tracepoll_named(KIND_POSIX, was, 4, now, 5, OFFSET, 1, note_event, NULL);
	assert_string_equal(polled, "posix:unlink:-1:0 posix:unlink:-1:0 posix:gone:-1:0 "
			    "posix:truncate:-1:0 posix:create:-1:0 posix:create:-1:0 "
			    "posix:unlink:-1:0 posix:create:-1:0");
	polled[0] = '\0';
	names[0] = '\0';
	tracepoll_named(KIND_POSIX, was, 4, now, 5, OFFSET, 1, note_name, NULL);
	assert_string_equal(names, "/a /c /d /b=4096 /e=64 /f=8 /f /a=10");
	memset(sw, 0, sizeof(sw));
	snprintf(sw[0].name, sizeof(sw[0].name), "/lock");
	sw[0].ino = 9;
	sn[0] = sw[0];
	sn[0].ino = 10; /* unlinked and made again between the polls */
	polled[0] = '\0';
	tracepoll_named(KIND_PSEM, sw, 1, sn, 1, OFFSET, 1, note_event, NULL);
	assert_string_equal(polled, "psem:unlink:-1:0 psem:create:-1:0");
	memset(qw, 0, sizeof(qw));
	qw[0].ino = 11;
	qn[0] = qw[0];
	qn[0].curmsgs = 5; /* messages are no change the poll reports */
	polled[0] = '\0';
	tracepoll_named(KIND_PMQ, qw, 1, qn, 1, OFFSET, 1, note_event, NULL);
	assert_string_equal(polled, "");
	/* the first poll of a kind tells nothing, the second what changed since */
	polled[0] = '\0';
	assert_int_equal(tracepoll_feed(&tp, KIND_SHM, segs, 2, OFFSET, 1, note_event, NULL), 0);
	assert_int_equal(tracepoll_feed(&tp, KIND_POSIX, was, 4, OFFSET, 1, note_event, NULL), 0);
	assert_string_equal(polled, "");
	assert_int_equal(tracepoll_feed(&tp, KIND_SHM, segs + 1, 1, OFFSET, 1, note_event, NULL), 0);
	assert_string_equal(polled, "shm:remove:1:0");
	polled[0] = '\0';
	assert_int_equal(tracepoll_feed(&tp, KIND_POSIX, was + 1, 1, OFFSET, 1, note_event, NULL), 0);
	assert_string_equal(polled, "posix:unlink:-1:0 posix:unlink:-1:0 posix:gone:-1:0");
	polled[0] = '\0';
	assert_int_equal(tracepoll_feed(&tp, KIND_POSIX, was + 1, 1, OFFSET, 1, note_event, NULL), 0);
	assert_string_equal(polled, "");
	assert_int_equal(tracepoll_feed(&tp, KIND_PROC, NULL, 0, OFFSET, 1, note_event, NULL), 0);
	tracepoll_free(&tp);
}

static void test_lost_and_filter(void **state)
{
	struct trace_event ev;
	struct ipct_event r = raw(IPCT_OP_SHMGET, 60, NULL, 0);

	(void)state;
	trace_lost(&ev, 1234, OFFSET);
	assert_string_equal(json(&ev), "{\"version\":1,\"time\":1796400000.000000,\"event\":\"lost\","
			    "\"count\":1234,\"source\":\"bpf\"}\n");
	assert_non_null(strstr(table(&ev), "LOST"));
	assert_non_null(strstr(out, "1234 events the kernel had no room for"));
	assert_true(trace_matches(&ev, "id", 5)); /* a loss concerns every object */
	/* a count of a hot operation */
	assert_int_equal(trace_hot(&ev, 4026531839u, 9, IPCT_HOT_SEMOP, 120, OFFSET), 0);
	assert_string_equal(json(&ev), "{\"version\":1,\"time\":1796400000.000000,\"event\":\"semop\","
			    "\"kind\":\"sem\",\"ipc_ns\":4026531839,\"id\":9,\"count\":120,"
			    "\"source\":\"bpf\"}\n");
	assert_non_null(strstr(table(&ev), "semop"));
	assert_non_null(strstr(out, " 120  (operations since the last count)"));
	assert_true(trace_matches(&ev, "id", 9));
	assert_int_equal(trace_hot(&ev, 1, 9, IPCT_HOT_MSGRCV, 1, OFFSET), 0);
	assert_string_equal(ev.kind, "msg");
	assert_int_equal(trace_hot(&ev, 1, 9, 99, 1, OFFSET), -EINVAL);
	trace_lost(&ev, 1234, OFFSET);
	r.key = 0x2537;
	r.id = 5;
	r.ret = 5;
	trace_decode(&r, sizeof(r), OFFSET, &ev);
	assert_true(trace_matches(&ev, NULL, 0));
	assert_true(trace_matches(&ev, "id", 5));
	assert_false(trace_matches(&ev, "id", 6));
	assert_true(trace_matches(&ev, "key", 0x2537));
	assert_false(trace_matches(&ev, "key", 0x2538));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_poll),
		cmocka_unit_test(test_poll_named),
		cmocka_unit_test(test_lost_and_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
