/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* trace.c - decoding and printing traced IPC operations (trace.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "field.h"
#include "fmt.h"
#include "trace.h"

/* shmctl's commands that change a segment, as the tracer keeps them */
enum { CMD_IPC_RMID = 0, CMD_IPC_SET = 1, CMD_SHM_LOCK = 11, CMD_SHM_UNLOCK = 12 };

#define O_CREAT_ 0100   /* Linux's O_CREAT and O_EXCL (as the kernel saw them) */
#define O_EXCL_ 0200

static const char *event_name(const struct ipct_event *r)
{
	switch (r->op) {
	case IPCT_OP_SEMGET:
	case IPCT_OP_MSGGET:
		return r->flags & IPCT_F_CREATED ? "create" : "get";
	case IPCT_OP_SEMCTL:
		return r->cmd == 0 ? "remove" : r->cmd == 1 ? "set" : r->cmd == 16 ? "setval" :
		       r->cmd == 17 ? "setall" : NULL;
	case IPCT_OP_MSGCTL:
		return r->cmd == 0 ? "remove" : r->cmd == 1 ? "set" : NULL;
	case IPCT_OP_SHM_OPEN:
	case IPCT_OP_MQ_OPEN:
		/* O_CREAT|O_EXCL that worked made it; O_CREAT alone may have found it */
		return (r->oflags & (O_CREAT_ | O_EXCL_)) == (O_CREAT_ | O_EXCL_) ? "create" : "open";
	case IPCT_OP_SHM_UNLINK:
	case IPCT_OP_MQ_UNLINK:
		return "unlink";
	case IPCT_OP_SHM_LINK:
		return "link";
	case IPCT_OP_SHM_TRUNCATE:
		return "truncate";
	case IPCT_OP_MEMFD_CREATE:
		return "create";
	case IPCT_OP_SHMGET:
		return r->flags & IPCT_F_CREATED ? "create" : "get";
	case IPCT_OP_SHMAT:
		return "attach";
	case IPCT_OP_SHMDT:
		return "detach";
	case IPCT_OP_EXIT:
		return r->size ? "exit-detach" : "exit"; /* a creator without attachments */
	case IPCT_OP_EXEC:
		return "exec-detach";
	case IPCT_OP_SHMCTL:
		switch (r->cmd) {
		case CMD_IPC_RMID: return "remove";
		case CMD_IPC_SET: return "set";
		case CMD_SHM_LOCK: return "lock";
		case CMD_SHM_UNLOCK: return "unlock";
		default: return NULL;
		}
	default:
		return NULL;
	}
}

int trace_decode(const void *raw, size_t len, int64_t boot_to_unix_ns, struct trace_event *ev)
{
	const struct ipct_event *r = raw;
	char nm[IPCT_NAME_LEN + 1] = "";
	size_t n;

	/* only the bytes the record has: its fixed part, then its name and command line */
	if (len < IPCT_HEAD_LEN || r->name_len >= IPCT_NAME_LEN ||
	    r->cmdline_len > IPCT_CMDLINE_LEN ||
	    IPCT_HEAD_LEN + (size_t)r->name_len + r->cmdline_len > len)
		return -EINVAL;
	memcpy(nm, r->tail, r->name_len);
	memset(ev, 0, sizeof(*ev));
	ev->event = event_name(r);
	if (!ev->event)
		return -EINVAL;
	ev->source = "bpf";
	switch (r->op) {
	case IPCT_OP_SEMGET: case IPCT_OP_SEMCTL: ev->kind = "sem"; break;
	case IPCT_OP_MSGGET: case IPCT_OP_MSGCTL: ev->kind = "msg"; break;
	case IPCT_OP_MQ_OPEN: case IPCT_OP_MQ_UNLINK: ev->kind = "pmq"; break;
	case IPCT_OP_MEMFD_CREATE: ev->kind = "memfd"; break;
	case IPCT_OP_SHM_OPEN: case IPCT_OP_SHM_UNLINK: case IPCT_OP_SHM_LINK:
	case IPCT_OP_SHM_TRUNCATE:
		/* glibc's named semaphores live there as sem.NAME */
		ev->kind = strncmp(nm, "/dev/shm/sem.", 13) == 0 ? "psem" : "posix";
		break;
	default: ev->kind = "shm"; break;
	}
	if (r->op == IPCT_OP_EXIT && !r->size)
		ev->kind = ""; /* a creator's exit: about a process, no object */
	/* the object's name as shmtop names it elsewhere: "/NAME" */
	{
		const char *p = nm;

		if (r->op == IPCT_OP_SHM_OPEN || r->op == IPCT_OP_SHM_UNLINK ||
		    r->op == IPCT_OP_SHM_LINK || r->op == IPCT_OP_SHM_TRUNCATE) {
			p = nm + 8; /* "/dev/shm/x" -> "/x" */
			if (!strncmp(p, "/sem.", 5)) {
				nm[12] = '/';
				p = nm + 12; /* "/dev/shm/sem.x" -> "/x" */
			}
			snprintf(ev->name, sizeof(ev->name), "%s", p);
		} else if (r->op == IPCT_OP_MQ_OPEN || r->op == IPCT_OP_MQ_UNLINK) {
			snprintf(ev->name, sizeof(ev->name), "/%s", nm[0] == '/' ? nm + 1 : nm);
		} else if (r->op == IPCT_OP_MEMFD_CREATE) {
			snprintf(ev->name, sizeof(ev->name), "memfd:%s", nm);
		}
	}
	ev->time_ns = (int64_t)r->time_ns + boot_to_unix_ns;
	ev->pid = (int32_t)r->pid;
	ev->tid = (int32_t)r->tid;
	ev->ppid = (int32_t)r->ppid;
	ev->uid = r->uid;
	ev->ipc_ns = r->ipc_ns;
	ev->cgroup_id = r->cgroup_id;
	memcpy(ev->comm, r->comm, IPCT_COMM_LEN);
	ev->comm[IPCT_COMM_LEN] = '\0';
	n = r->cmdline_len > IPCT_CMDLINE_LEN ? IPCT_CMDLINE_LEN : r->cmdline_len;
	memcpy(ev->cmdline, r->tail + r->name_len, n);
	while (n && ev->cmdline[n - 1] == '\0')
		n--;
	for (size_t i = 0; i < n; i++)
		if (ev->cmdline[i] == '\0')
			ev->cmdline[i] = ' ';
	ev->cmdline[n] = '\0';
	ev->id = r->id;
	ev->result = r->ret;
	ev->err = r->ret < 0 && r->ret >= -4095 ? (int)-r->ret : 0;
	switch (r->op) {
	case IPCT_OP_SHMGET:
		ev->have_key = ev->have_size = 1;
		ev->key = r->key;
		ev->size = r->size;
		break;
	case IPCT_OP_SHMAT:
	case IPCT_OP_SHMDT:
		ev->have_addr = !ev->err;
		ev->addr = r->addr;
		break;
	case IPCT_OP_SEMGET:
	case IPCT_OP_MSGGET:
		ev->have_key = 1;
		ev->key = r->key;
		ev->have_size = r->op == IPCT_OP_SEMGET;
		ev->size = r->size; /* nsems */
		break;
	case IPCT_OP_SHM_OPEN:
	case IPCT_OP_MQ_OPEN:
	case IPCT_OP_MEMFD_CREATE:
	case IPCT_OP_SHM_UNLINK:
	case IPCT_OP_MQ_UNLINK:
	case IPCT_OP_SHM_LINK:
		ev->id = -1; /* a descriptor is no object's id */
		break;
	case IPCT_OP_SHM_TRUNCATE:
		ev->id = -1;
		ev->have_size = 1;
		ev->size = r->size;
		break;
	case IPCT_OP_EXIT:
	case IPCT_OP_EXEC:
		ev->count = r->size; /* attachments it had; tracerun names them where it can */
		ev->result = 0;
		ev->err = 0;
		break;
	default:
		break;
	}
	return 0;
}

int trace_hot(struct trace_event *ev, uint32_t ipc_ns, int32_t id, unsigned op, uint64_t count,
	      int64_t time_ns)
{
	memset(ev, 0, sizeof(ev[0]));
	switch (op) {
	case IPCT_HOT_SEMOP: ev->event = "semop"; ev->kind = "sem"; break;
	case IPCT_HOT_MSGSND: ev->event = "msgsnd"; ev->kind = "msg"; break;
	case IPCT_HOT_MSGRCV: ev->event = "msgrcv"; ev->kind = "msg"; break;
	default: return -EINVAL;
	}
	ev->source = "bpf";
	ev->time_ns = time_ns;
	ev->ipc_ns = ipc_ns;
	ev->id = id;
	ev->count = count;
	ev->pid = ev->tid = ev->ppid = -1; /* many processes, maybe */
	return 0;
}

void trace_lost(struct trace_event *ev, uint64_t n, int64_t time_ns)
{
	memset(ev, 0, sizeof(*ev));
	ev->event = "lost";
	ev->kind = "";
	ev->source = "bpf";
	ev->time_ns = time_ns;
	ev->id = -1;
	ev->count = n;
}

void trace_state_init(struct trace_state *s)
{
	memset(s, 0, sizeof(*s));
}

void trace_state_free(struct trace_state *s)
{
	free(s->v);
	trace_state_init(s);
}

static void attach_add(struct trace_state *s, int32_t pid, int32_t id, uint64_t addr)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct trace_attach *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return; /* that detach will name no segment */
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].pid = pid;
	s->v[s->n].id = id;
	s->v[s->n].addr = addr;
	s->n++;
}

void trace_state_feed(struct trace_state *s, struct trace_event *ev,
		      void (*emit)(void *ctx, const struct trace_event *ev), void *ctx)
{
	size_t slot = (size_t)(uint32_t)ev->pid % TRACE_CMDLINES;
	uint64_t named = 0;

	if (ev->cmdline[0]) {
		s->cmd[slot].pid = ev->pid;
		memcpy(s->cmd[slot].cmdline, ev->cmdline, sizeof(ev->cmdline));
	} else if (s->cmd[slot].pid == ev->pid && ev->pid) {
		memcpy(ev->cmdline, s->cmd[slot].cmdline, sizeof(ev->cmdline));
	}
	if (!strcmp(ev->event, "attach") && !ev->err) {
		attach_add(s, ev->pid, ev->id, ev->addr);
	} else if (!strcmp(ev->event, "detach")) {
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].pid == ev->pid && s->v[i].addr == ev->addr) {
				ev->id = s->v[i].id;
				if (!ev->err)
					s->v[i] = s->v[--s->n];
				break;
			}
	} else if (!strcmp(ev->event, "exit-detach") || !strcmp(ev->event, "exec-detach")) {
		struct trace_event one = *ev;

		one.count = 0;
		for (size_t i = 0; i < s->n;) {
			if (s->v[i].pid != ev->pid) {
				i++;
				continue;
			}
			one.id = s->v[i].id;
			one.addr = s->v[i].addr;
			one.have_addr = 1;
			emit(ctx, &one);
			named++;
			s->v[i] = s->v[--s->n];
		}
		if (ev->count > named) {
			one.id = -1;
			one.have_addr = 0;
			one.count = ev->count - named; /* attached before the trace began */
			emit(ctx, &one);
		}
		return;
	}
	emit(ctx, ev);
}

int trace_begins(const struct trace_event *ev)
{
	return !ev->err && (!strcmp(ev->event, "create") || !strcmp(ev->event, "link"));
}

int trace_same_object(const struct trace_event *a, const struct trace_event *b)
{
	if (strcmp(a->kind, b->kind) || strcmp(a->name, b->name))
		return 0;
	return a->name[0] || (a->id >= 0 && a->id == b->id);
}

int trace_matches(const struct trace_event *ev, const char *field, int64_t value)
{
	if (!field || !strcmp(ev->event, "lost"))
		return 1;
	if (!strcmp(field, "id"))
		return ev->id == value;
	if (!strcmp(field, "key"))
		return ev->have_key && ev->key == (int32_t)value;
	return 0;
}

int trace_matches_name(const struct trace_event *ev, const char *name)
{
	return !name || !strcmp(ev->event, "lost") || !strcmp(ev->name, name);
}

/* "2026-12-04 23:50:01.123456" in local time */
static void when(char *buf, size_t size, int64_t ns)
{
	time_t s = (time_t)(ns / 1000000000);
	struct tm tm;

	if (!localtime_r(&s, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm)) {
		snprintf(buf, size, "?");
		return;
	}
	snprintf(buf + strlen(buf), size - strlen(buf), ".%06ld", (long)(ns % 1000000000 / 1000));
}

/* A count of a hot operation rather than one operation. */
static int is_hot(const struct trace_event *ev)
{
	return !strcmp(ev->event, "semop") || !strcmp(ev->event, "msgsnd") ||
	       !strcmp(ev->event, "msgrcv");
}

void trace_table_header(struct outbuf *b)
{
	outbuf_puts(b, "TIME                       EVENT          PID   PPID   UID KIND       ID "
		       "KEY/NAME       RESULT  COMMAND\n");
}

void trace_table_line(struct outbuf *b, const struct trace_event *ev)
{
	char t[48], line[2560], key[(IPCT_NAME_LEN + 8) * 4], res[32], id[16];
	char who[(IPCT_CMDLINE_LEN + 1) * 4];

	when(t, sizeof(t), ev->time_ns);
	if (!strcmp(ev->event, "lost")) {
		snprintf(line, sizeof(line), "%-26s %-12s %llu events the kernel had no room for\n", t,
			 "LOST", (unsigned long long)ev->count);
		outbuf_puts(b, line);
		return;
	}
	if (is_hot(ev)) {
		snprintf(line, sizeof(line), "%-26s %-12s %7s %6s %5s %-5s %7d %-10s %10llu  "
			 "(operations since the last count)\n", t, ev->event, "-", "-", "-", ev->kind,
			 (int)ev->id, "-", (unsigned long long)ev->count);
		outbuf_puts(b, line);
		return;
	}
	if (ev->have_key)
		snprintf(key, sizeof(key), "0x%08x", (uint32_t)ev->key);
	else if (ev->name[0])
		fmt_escape(key, sizeof(key), ev->name);
	else
		snprintf(key, sizeof(key), "-");
	if (ev->id >= 0)
		snprintf(id, sizeof(id), "%d", (int)ev->id);
	else
		snprintf(id, sizeof(id), "-");
	if (ev->err)
		snprintf(res, sizeof(res), "%s", strerrorname_np(ev->err) ? strerrorname_np(ev->err) :
			 "error");
	else if (ev->have_addr)
		snprintf(res, sizeof(res), "0x%llx", (unsigned long long)ev->addr);
	else
		snprintf(res, sizeof(res), "%lld", (long long)ev->result);
	/* the command line as the process had it, else its name in brackets, as ps does */
	if (ev->cmdline[0]) {
		fmt_escape(who, sizeof(who), ev->cmdline);
	} else if (!ev->comm[0]) {
		snprintf(who, sizeof(who), "-");
	} else {
		char c[IPCT_COMM_LEN * 4 + 1];

		fmt_escape(c, sizeof(c), ev->comm);
		snprintf(who, sizeof(who), "[%s]", c);
	}
	{
		char pid[16] = "-", ppid[16] = "-", uid[16] = "-";

		if (ev->pid > 0)
			snprintf(pid, sizeof(pid), "%d", (int)ev->pid);
		if (ev->ppid >= 0)
			snprintf(ppid, sizeof(ppid), "%d", (int)ev->ppid);
		if (ev->uid != (uint32_t)-1)
			snprintf(uid, sizeof(uid), "%u", (unsigned)ev->uid);
		snprintf(line, sizeof(line), "%-26s %-12s %7s %6s %5s %-5s %7s %-10s %10s  %s\n", t,
			 ev->event, pid, ppid, uid, ev->kind, id, key, res, who);
	}
	outbuf_puts(b, line);
}

static void json_num(struct outbuf *b, const char *key, long long v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), ",\"%s\":%lld", key, v);
	outbuf_puts(b, buf);
}

static void json_opt(struct outbuf *b, const char *key, int known, long long v)
{
	if (known) {
		json_num(b, key, v);
	} else {
		outbuf_puts(b, ",\"");
		outbuf_puts(b, key);
		outbuf_puts(b, "\":null");
	}
}

void trace_json_line(struct outbuf *b, const struct trace_event *ev)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "{\"version\":%d,\"time\":%lld.%06lld,\"event\":", TRACE_JSON_VERSION,
		 (long long)(ev->time_ns / 1000000000), (long long)(ev->time_ns % 1000000000 / 1000));
	outbuf_puts(b, buf);
	field_json_str(b, ev->event);
	if (is_hot(ev)) {
		outbuf_puts(b, ",\"kind\":");
		field_json_str(b, ev->kind);
		json_num(b, "ipc_ns", ev->ipc_ns);
		json_num(b, "id", ev->id);
		json_num(b, "count", (long long)ev->count);
		outbuf_puts(b, ",\"source\":");
		field_json_str(b, ev->source);
		outbuf_puts(b, "}\n");
		return;
	}
	if (!strcmp(ev->event, "lost")) {
		json_num(b, "count", (long long)ev->count);
		outbuf_puts(b, ",\"source\":");
		field_json_str(b, ev->source);
		outbuf_puts(b, "}\n");
		return;
	}
	outbuf_puts(b, ",\"kind\":");
	field_json_str(b, ev->kind);
	/* a poll knows no thread or parent, and for a removal not even the process: null */
	json_opt(b, "pid", ev->pid > 0, ev->pid);
	json_opt(b, "tid", ev->tid > 0, ev->tid);
	json_opt(b, "ppid", ev->ppid >= 0, ev->ppid);
	json_opt(b, "uid", ev->uid != (uint32_t)-1, ev->uid);
	outbuf_puts(b, ",\"comm\":");
	if (ev->comm[0])
		field_json_str(b, ev->comm);
	else
		outbuf_puts(b, "null");
	outbuf_puts(b, ",\"cmdline\":");
	if (ev->cmdline[0])
		field_json_str(b, ev->cmdline);
	else
		outbuf_puts(b, "null");
	json_opt(b, "cgroup", ev->cgroup_id != 0, (long long)ev->cgroup_id);
	json_num(b, "ipc_ns", ev->ipc_ns);
	if (ev->have_key) {
		snprintf(buf, sizeof(buf), ",\"key\":\"0x%08x\"", (uint32_t)ev->key);
		outbuf_puts(b, buf);
	} else {
		outbuf_puts(b, ",\"key\":null");
	}
	if (ev->id >= 0)
		json_num(b, "id", ev->id);
	else
		outbuf_puts(b, ",\"id\":null");
	outbuf_puts(b, ",\"name\":");
	if (ev->name[0])
		field_json_str(b, ev->name);
	else
		outbuf_puts(b, "null");
	if (ev->have_size)
		json_num(b, "size", (long long)ev->size);
	else
		outbuf_puts(b, ",\"size\":null");
	if (ev->have_addr) {
		snprintf(buf, sizeof(buf), ",\"addr\":\"0x%llx\"", (unsigned long long)ev->addr);
		outbuf_puts(b, buf);
	} else {
		outbuf_puts(b, ",\"addr\":null");
	}
	json_num(b, "result", ev->result);
	if (ev->count)
		json_num(b, "count", (long long)ev->count);
	outbuf_puts(b, ",\"error\":");
	if (ev->err)
		field_json_str(b, strerrorname_np(ev->err) ? strerrorname_np(ev->err) : "?");
	else
		outbuf_puts(b, "null");
	outbuf_puts(b, ",\"source\":");
	field_json_str(b, ev->source);
	outbuf_puts(b, "}\n");
}
