/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* holders.c - the processes that hold IPC objects (holders.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "holders.h"
#include "ipcns.h"
#include "maps.h"
#include "procscan.h"

void holders_init(struct holder_list *l)
{
	memset(l, 0, sizeof(*l));
}

void holders_free(struct holder_list *l)
{
	free(l->v);
	free(l->prev);
	holders_init(l);
}

/* The last walk's record of pid started at start, or NULL (prev is in pid order: /proc's). */
static const struct holder *prev_of(const struct holder_list *l, int32_t pid, int64_t start)
{
	size_t lo = 0, hi = l->prev_n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (l->prev[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->prev_n && l->prev[lo].pid == pid && l->prev[lo].start == start ?
	       &l->prev[lo] : NULL;
}

/* The objects seen in one process's maps, to count each once (a segment attached twice, an
 * object mapped in pieces). A process maps few: a small array searched linearly, grown on
 * demand. */
struct seen {
	struct { uint64_t dev, ino; } *v;
	size_t n, cap;
};

static int seen_add(struct seen *s, uint64_t dev, uint64_t ino)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].dev == dev && s->v[i].ino == ino)
			return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		void *v = realloc(s->v, cap * sizeof(*s->v));

		if (!v)
			return 0; /* counted as seen: at worst one object counted less */
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].dev = dev;
	s->v[s->n].ino = ino;
	s->n++;
	return 1;
}

/* A named semaphore (dir/sem.NAME): not a shared memory object. */
static int is_sem(const struct maps_entry *e, const char *dir)
{
	size_t dl = strlen(dir);

	return e->path_len > dl + 5 && memcmp(e->path + dl, "/sem.", 5) == 0;
}

int holders_count_maps(const char *buf, size_t len, const char *shm_dir,
		       const struct hugetlb_devs *huge, struct holder *h)
{
	struct seen seen = { 0 };
	const char *p = buf, *end = buf + len;

	h->segs = h->posix = h->memfds = 0;
	h->bytes = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct maps_entry e;
		int kind = 0;

		/* only lines naming a path that can be an IPC object are parsed */
		if ((memmem(p, n, "/SYSV", 5) || memmem(p, n, "/memfd:", 7) ||
		     memmem(p, n, shm_dir, strlen(shm_dir))) && maps_parse_line(p, n, &e) == 0) {
			int kernel = !huge || hugetlb_sysv_dev(huge, (uint64_t)makedev(e.dev_major,
											     e.dev_minor));

			if (maps_is_sysv(&e))
				kind = kernel;
			else if (e.path_len > 7 && memcmp(e.path, "/memfd:", 7) == 0 && e.deleted)
				kind = kernel ? 3 : 0; /* a memfd has no name to reach it by: always
							* "(deleted)" */
			else if (maps_is_posix_shm(&e, shm_dir) && !is_sem(&e, shm_dir))
				kind = 2;
		}
		/* an object's size: its first mapping's (one mapped in pieces counts its first) */
		if (kind && seen_add(&seen, (uint64_t)e.dev_major << 32 | e.dev_minor, e.inode)) {
			h->segs += kind == 1;
			h->posix += kind == 2;
			h->memfds += kind == 3;
			h->bytes += e.end - e.start;
		}
		p += n + 1;
	}
	free(seen.v);
	return h->segs + h->posix + h->memfds > 0;
}

int64_t holders_pss_shmem(const char *text)
{
	const char *p = strstr(text, "\nPss_Shmem:");
	unsigned long long kb = 0;
	int digits = 0;

	if (!p)
		return -1;
	for (p += 11; *p == ' ' || *p == '\t'; p++)
		;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		kb = kb * 10 + (unsigned long long)(*p - '0');
		if (kb > (unsigned long long)INT64_MAX / 1024)
			return -1; /* no process has that much */
	}
	return digits ? (int64_t)kb * 1024 : -1;
}

void holders_cgroup(const char *text, char *out, size_t size)
{
	const char *line = strstr(text, "0::");
	const char *p, *nl;

	if (line && (line == text || line[-1] == '\n')) {
		p = line + 3;
	} else {
		/* v1: "N:controllers:/path" of the first line */
		p = strchr(text, ':');
		p = p ? strchr(p + 1, ':') : NULL;
		if (!p) {
			snprintf(out, size, "%s", "");
			return;
		}
		p++;
	}
	nl = strchr(p, '\n');
	snprintf(out, size, "%.*s", (int)(nl ? nl - p : (long)strlen(p)), p);
}

/* Read a file of the process (its /proc entry pid) into buf: its length, or -errno. */
static ssize_t read_at(int procfd, const char *pid, const char *file, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/%s", pid, file);
	return procinfo_read_file(procfd, path, buf, size);
}

static uint64_t ns_of(int procfd, const char *pid, const char *ns)
{
	char path[64], link[64];
	ssize_t n;
	const char *b;

	snprintf(path, sizeof(path), "%s/ns/%s", pid, ns);
	n = readlinkat(procfd, path, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	b = strchr(link, '[');
	return b ? strtoull(b + 1, NULL, 10) : 0;
}

struct walk {
	struct holder_list *l;
	uint64_t ipc_ns;
	int err;
	int64_t now;             /* CLOCK_MONOTONIC seconds */
};

static int walk_one(void *arg, const struct procscan_proc *p)
{
	struct walk *w = arg;
	/* boot-relative start times: an identity, not a date */
	static const struct procclock sinceboot = { .btime = 0, .hz = 100 };
	struct holder_list *l = w->l;
	char pid[16], text[4096];
	const struct holder *was;
	struct procinfo pi;
	int fresh;
	struct holder h;
	ssize_t n;

	memset(&h, 0, sizeof(h));
	if (!holders_count_maps(p->maps, p->len, "/dev/shm", &l->huge, &h))
		return 0;
	snprintf(pid, sizeof(pid), "%.*s", (int)p->namelen, p->name);
	if (read_at(p->procfd, pid, "stat", text, sizeof(text)) <= 0 ||
	    procinfo_parse_stat(text, &sinceboot, &pi) < 0)
		return 0; /* gone meanwhile */
	h.pid = p->pid;
	h.start = pi.start;
	h.uid = procscan_uid(p);
	was = prev_of(l, h.pid, h.start);
	/* the namespaces every time (setns and unshare move a process), two readlinks */
	h.ipc_ns = ns_of(p->procfd, pid, "ipc");
	h.mnt_ns = ns_of(p->procfd, pid, "mnt");
	fresh = !was || w->now - was->pss_time >= HOLDERS_PSS_AGE || w->now < was->pss_time;
	if (!fresh)
		memcpy(h.cgroup, was->cgroup, sizeof(h.cgroup));
	else if (read_at(p->procfd, pid, "cgroup", text, sizeof(text)) > 0)
		holders_cgroup(text, h.cgroup, sizeof(h.cgroup));
	/* the command line every time: a title changes with what the process does */
	memcpy(h.name, pi.comm, sizeof(h.name));
	n = read_at(p->procfd, pid, "cmdline", h.cmdline, sizeof(h.cmdline));
	if (n > 0) {
		char argv0[PROCINFO_COMM_MAX];
		size_t len;

		len = strnlen(h.cmdline, sizeof(argv0) - 1); /* argv[0], cut to a name's size */
		memcpy(argv0, h.cmdline, len);
		argv0[len] = '\0';
		while (len && argv0[len - 1] == ' ')
			argv0[--len] = '\0';
		if (procscan_is_title(argv0))
			memcpy(h.name, argv0, len + 1);
	}
	for (ssize_t i = 0; i < n; i++)
		if (h.cmdline[i] == '\0')
			h.cmdline[i] = ' ';
	while (n > 0 && h.cmdline[n - 1] == ' ')
		h.cmdline[--n] = '\0';
	if (w->ipc_ns && h.ipc_ns && h.ipc_ns != w->ipc_ns)
		return 0; /* another namespace's shmids mean other segments */
	if (!fresh) {
		h.pss_shmem = was->pss_shmem;
		h.pss_time = was->pss_time;
	} else {
		h.pss_shmem = read_at(p->procfd, pid, "smaps_rollup", text, sizeof(text)) > 0 ?
			      holders_pss_shmem(text) : -1;
		h.pss_time = w->now;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct holder *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = h;
	return 0;
}

int holders_scan(const char *procroot, uint64_t ipc_ns, struct holder_list *l)
{
	struct walk w = { l, ipc_ns, 0, 0 };
	struct timespec ts;
	struct procscan_stats st;
	struct holder *t;
	size_t tc;
	int rc;

	/* this walk's list becomes the last one; the last one's memory takes this walk */
	t = l->prev;
	tc = l->prev_cap;
	l->prev = l->v;
	l->prev_cap = l->cap;
	l->prev_n = l->n;
	l->v = t;
	l->cap = tc;
	l->n = 0;
	if (!l->huge.probed)
		hugetlb_probe(&l->huge, HUGETLB_SYSFS);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	w.now = (int64_t)ts.tv_sec;
	rc = procscan_maps(procroot, walk_one, &w, &st);
	l->procs_scanned = st.scanned;
	l->procs_unreadable = st.unreadable;
	if (rc < 0)
		l->n = 0;
	return rc;
}
