/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* mappings.c - the mappings of IPC objects in every process: each procroot/PID/maps read whole
 * (procscan.c), only the lines holding the query's needle parsed (memmem over the whole text, then
 * back to the line start), so a walk costs little more than reading the files; owner and command
 * name are read only for the processes that hold a kept line. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ipcns.h"
#include "mappings.h"
#include "procscan.h"

void mappings_init(struct mapping_list *l)
{
	memset(l, 0, sizeof(*l));
}

void mappings_free(struct mapping_list *l)
{
	free(l->v);
	free(l->paths);
	mappings_init(l);
}

static int reserve(struct mapping_list *l, size_t more)
{
	size_t cap;
	struct mapping *v;

	if (l->n + more <= l->cap)
		return 0;
	cap = l->cap ? l->cap : 64;
	while (cap < l->n + more)
		cap *= 2;
	v = realloc(l->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->cap = cap;
	return 0;
}

static int keep_path(struct mapping_list *l, struct mapping *m, const char *path, size_t len)
{
	if (l->paths_len + len > UINT32_MAX)
		return -ENOMEM;
	if (l->paths_len + len > l->paths_cap) {
		size_t cap = l->paths_cap ? l->paths_cap : 4096;
		char *p;

		while (cap < l->paths_len + len)
			cap *= 2;
		p = realloc(l->paths, cap);
		if (!p)
			return -ENOMEM;
		l->paths = p;
		l->paths_cap = cap;
	}
	memcpy(l->paths + l->paths_len, path, len);
	m->path_off = (uint32_t)l->paths_len;
	m->path_len = (uint32_t)len;
	l->paths_len += len;
	return 0;
}

/* The kept lines of one maps text, appended from l->n on; pid only, the owner is the caller's. */
static int add_lines(struct mapping_list *l, const struct mappings_query *q, int32_t pid,
		     const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *hit;
	struct maps_entry e;

	while (p < end && (hit = memmem(p, (size_t)(end - p), q->needle, q->needle_len))) {
		const char *ls = memrchr(p, '\n', (size_t)(hit - p));
		const char *le = memchr(hit, '\n', (size_t)(end - hit));
		struct mapping *m;

		ls = ls ? ls + 1 : p;
		if (!le)
			le = end;
		p = le + (le < end);
		if (maps_parse_line(ls, (size_t)(le - ls), &e) < 0 ||
		    (q->match && !q->match(q->ctx, &e)))
			continue;
		if (reserve(l, 1) < 0)
			return -ENOMEM;
		m = &l->v[l->n];
		memset(m, 0, sizeof(*m));
		m->pid = pid;
		m->start = e.start;
		m->end = e.end;
		m->offset = e.offset;
		m->dev = (uint64_t)makedev(e.dev_major, e.dev_minor);
		m->inode = e.inode;
		memcpy(m->perms, e.perms, sizeof(m->perms));
		m->deleted = (uint8_t)(e.deleted != 0);
		if (q->keep_paths && keep_path(l, m, e.path, e.path_len) < 0)
			return -ENOMEM;
		l->n++;
	}
	return 0;
}

static void set_owner(struct mapping_list *l, size_t from, uint32_t uid, const char *comm)
{
	size_t len = comm ? strnlen(comm, PROCINFO_COMM_MAX - 1) : 0;
	int shmtop = len && strcmp(comm, MAPPINGS_SHMTOP_COMM) == 0;

	for (size_t i = from; i < l->n; i++) {
		l->v[i].uid = uid;
		l->v[i].shmtop = (uint8_t)shmtop;
		if (len)
			memcpy(l->v[i].comm, comm, len);
		l->v[i].comm[len] = '\0';
	}
}

int mappings_add_text(struct mapping_list *l, const struct mappings_query *q, int32_t pid,
		      uint32_t uid, const char *comm, const char *buf, size_t len)
{
	size_t base = l->n;
	int rc = add_lines(l, q, pid, buf, len);

	set_owner(l, base, uid, comm);
	return rc;
}

/* Whether the process's executable is a shmtop (/proc/PID/exe names a file "shmtop", perhaps
 * since deleted). Unreadable (another user's, without privilege): not one, so its mappings count
 * as use. */
static int runs_shmtop(const struct procscan_proc *p)
{
	char path[32], exe[4096];
	const char *base;
	ssize_t n;

	snprintf(path, sizeof(path), "%.*s/exe", (int)p->namelen, p->name);
	n = readlinkat(p->procfd, path, exe, sizeof(exe) - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	base = strrchr(exe, '/');
	base = base ? base + 1 : exe;
	return strcmp(base, MAPPINGS_SHMTOP_COMM) == 0 ||
	       strcmp(base, MAPPINGS_SHMTOP_COMM " (deleted)") == 0;
}

struct walk {
	struct mapping_list *l;
	const struct mappings_query *q;
	const char *procroot;
	uint64_t viewed;                 /* the IPC namespace kept, 0: all */
};

static int walk_one(void *arg, const struct procscan_proc *p)
{
	struct walk *w = arg;
	struct mapping_list *l = w->l;
	size_t base = l->n, paths = l->paths_len;
	char comm[PROCINFO_COMM_MAX];
	int rc = add_lines(l, w->q, p->pid, p->maps, p->len);

	if (rc < 0 || l->n == base)
		return rc;
	if (w->viewed) {
		uint64_t ino;

		if (ipcns_inode(w->procroot, p->pid, &ino) < 0 || ino != w->viewed) {
			l->n = base;             /* another namespace's objects, or it exited */
			l->paths_len = paths;
			return 0;
		}
	}
	procscan_comm(p, comm);
	set_owner(l, base, procscan_uid(p), comm);
	if (l->v[base].shmtop && !runs_shmtop(p))
		for (size_t i = base; i < l->n; i++)
			l->v[i].shmtop = 0;      /* named so, but another program */
	/* shmtop is told by its command name; shown, a process is named by its title if it set
	 * one: every PostgreSQL attacher's command name is "postgres" */
	procscan_title(p, comm);
	for (size_t i = base; i < l->n; i++)
		memcpy(l->v[i].comm, comm, sizeof(comm));
	return 0;
}

int mappings_scan(const char *procroot, const struct mappings_query *q, struct mapping_list *l)
{
	struct walk w = { l, q, procroot, 0 };
	struct procscan_stats st;
	int rc;

	l->n = l->paths_len = 0;
	if (q->own_ipcns && ipcns_inode(procroot, 0, &w.viewed) < 0)
		w.viewed = 0;
	rc = procscan_maps(procroot, walk_one, &w, &st);
	l->procs_scanned = st.scanned;
	l->procs_unreadable = st.unreadable;
	if (rc < 0)
		l->n = l->paths_len = 0;
	return rc;
}

size_t mappings_pid_run(const struct mapping_list *l, size_t i)
{
	size_t j = i;

	while (j < l->n && l->v[j].pid == l->v[i].pid)
		j++;
	return j - i;
}
