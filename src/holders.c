/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* holders.c - the processes that hold IPC objects (holders.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	holders_init(l);
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

int holders_count_maps(const char *buf, size_t len, const char *shm_dir, struct holder *h)
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
			if (maps_is_sysv(&e))
				kind = 1;
			else if (e.path_len > 7 && memcmp(e.path, "/memfd:", 7) == 0)
				kind = 3;
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
	for (; *p >= '0' && *p <= '9' && kb < (1ull << 50); p++, digits++)
		kb = kb * 10 + (unsigned long long)(*p - '0');
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

/* Read a file of the process into buf (NUL-terminated): its length, or -1. */
static ssize_t read_at(int procfd, const char *pid, const char *file, char *buf, size_t size)
{
	char path[64];
	ssize_t n, len = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", pid, file);
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((size_t)len + 1 < size) {
		n = read(fd, buf + len, size - 1 - (size_t)len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return len;
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
};

static int walk_one(void *arg, const struct procscan_proc *p)
{
	struct walk *w = arg;
	struct holder_list *l = w->l;
	char pid[16], text[4096];
	struct holder h;
	ssize_t n;

	memset(&h, 0, sizeof(h));
	if (!holders_count_maps(p->maps, p->len, "/dev/shm", &h))
		return 0;
	snprintf(pid, sizeof(pid), "%.*s", (int)p->namelen, p->name);
	h.ipc_ns = ns_of(p->procfd, pid, "ipc");
	if (w->ipc_ns && h.ipc_ns && h.ipc_ns != w->ipc_ns)
		return 0; /* another namespace's shmids mean other segments */
	h.pid = p->pid;
	h.uid = procscan_uid(p);
	h.mnt_ns = ns_of(p->procfd, pid, "mnt");
	procscan_comm(p, h.name);
	procscan_title(p, h.name);
	n = read_at(p->procfd, pid, "cmdline", h.cmdline, sizeof(h.cmdline));
	for (ssize_t i = 0; i < n; i++)
		if (h.cmdline[i] == '\0')
			h.cmdline[i] = ' ';
	while (n > 0 && h.cmdline[n - 1] == ' ')
		h.cmdline[--n] = '\0';
	if (read_at(p->procfd, pid, "cgroup", text, sizeof(text)) > 0)
		holders_cgroup(text, h.cgroup, sizeof(h.cgroup));
	h.pss_shmem = read_at(p->procfd, pid, "smaps_rollup", text, sizeof(text)) > 0 ?
		      holders_pss_shmem(text) : -1;
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
	struct walk w = { l, ipc_ns, 0 };
	struct procscan_stats st;
	int rc;

	l->n = 0;
	rc = procscan_maps(procroot, walk_one, &w, &st);
	l->procs_scanned = st.scanned;
	l->procs_unreadable = st.unreadable;
	if (rc < 0)
		l->n = 0;
	return rc;
}
