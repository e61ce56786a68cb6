/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* shmem.c - the Shmem breakdown's parsing and arithmetic (shmem.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "shmem.h"
#include "shmseg.h"

int shmem_meminfo_parse(const char *text, uint64_t *bytes)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		unsigned long long kb = 0;
		const char *q;
		int digits = 0;

		if (strncmp(p, "Shmem:", 6) != 0)
			continue;
		for (q = p + 6; *q == ' ' || *q == '\t'; q++)
			;
		for (; *q >= '0' && *q <= '9' && kb <= UINT64_MAX / 10240 - 10; q++, digits++)
			kb = kb * 10 + (unsigned long long)(*q - '0');
		if (!digits || strncmp(q, " kB", 3) != 0)
			return -EINVAL;
		*bytes = (uint64_t)kb * 1024;
		return 0;
	}
	return -ENOENT;
}

void shmem_add_segments(struct shmem_report *r, const struct shmseg *v, size_t n)
{
	r->sysv_rss = r->sysv_swap = 0;
	r->sysv_n = 0;
	r->have_sysv = 1;
	for (size_t i = 0; i < n; i++) {
		if (v[i].huge_page > 0)
			continue;
		if (v[i].rss == SHMSEG_UNKNOWN) {
			r->have_sysv = 0;
			continue;
		}
		r->sysv_rss += (uint64_t)v[i].rss;
		if (v[i].swap != SHMSEG_UNKNOWN)
			r->sysv_swap += (uint64_t)v[i].swap;
		r->sysv_n++;
	}
}

int shmem_is_memfd(const char *target)
{
	size_t len = strlen(target);

	/* a memfd has no name in any directory: its link always ends so (a file at /memfd:x in
	 * some root does not) */
	return strncmp(target, "/memfd:", 7) == 0 && len >= 17 &&
	       strcmp(target + len - 10, " (deleted)") == 0;
}

int shmem_near_full(const struct shmem_mount *m)
{
	return m->known && m->size && m->used >= m->size / 100 * SHMEM_NEAR_PERCENT +
	       m->size % 100 * SHMEM_NEAR_PERCENT / 100;
}

struct shmem_mount *shmem_find_mount(struct shmem_report *r, unsigned major, unsigned minor)
{
	for (size_t i = 0; i < r->nmounts; i++)
		if (r->mounts[i].major == major && r->mounts[i].minor == minor)
			return &r->mounts[i];
	return NULL;
}

struct shmem_mount *shmem_add_mount(struct shmem_report *r)
{
	if (r->nmounts == r->mounts_cap) {
		size_t cap = r->mounts_cap ? r->mounts_cap * 2 : 16;
		struct shmem_mount *v = realloc(r->mounts, cap * sizeof(*v));

		if (!v)
			return NULL;
		r->mounts = v;
		r->mounts_cap = cap;
	}
	memset(&r->mounts[r->nmounts], 0, sizeof(r->mounts[0]));
	return &r->mounts[r->nmounts++];
}

uint64_t shmem_tmpfs_used(const struct shmem_report *r)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < r->nmounts; i++)
		if (r->mounts[i].known)
			sum += r->mounts[i].used;
	return sum;
}

void shmem_compute(struct shmem_report *r)
{
	uint64_t parts = r->sysv_rss + shmem_tmpfs_used(r) + r->memfd_bytes;

	r->remainder = r->shmem >= parts ? (int64_t)(r->shmem - parts) :
		       -(int64_t)(parts - r->shmem);
}

static struct shmem_row *row_add(struct shmem_row *out, size_t max, size_t *n, int level)
{
	struct shmem_row *r = *n < max ? &out[*n] : NULL;

	(*n)++;
	if (r) {
		memset(r, 0, sizeof(*r));
		r->level = level;
	}
	return r;
}

static int mount_cmp(const void *a, const void *b)
{
	const struct shmem_mount *x = *(const struct shmem_mount *const *)a;
	const struct shmem_mount *y = *(const struct shmem_mount *const *)b;
	uint64_t ux = x->known ? x->used : 0, uy = y->known ? y->used : 0;

	if (ux != uy)
		return ux > uy ? -1 : 1;
	return strcmp(x->point, y->point);
}

size_t shmem_rows(const struct shmem_report *r, uint64_t ipc_ns, struct shmem_row *out,
		  size_t max)
{
	const struct shmem_mount **order = NULL;
	struct shmem_row *w;
	char a[16], b[16], esc[520], comm[80];
	size_t n = 0;

	if ((w = row_add(out, max, &n, 0))) {
		snprintf(w->label, sizeof(w->label), "Shmem (/proc/meminfo)");
		w->has_bytes = r->have_shmem;
		w->bytes = (int64_t)r->shmem;
		if (!r->have_shmem) {
			snprintf(w->note, sizeof(w->note), "unknown: /proc/meminfo has no Shmem line");
			w->warn = 1;
		}
	}
	if ((w = row_add(out, max, &n, 1))) {
		snprintf(w->label, sizeof(w->label), "System V segments");
		w->has_bytes = r->have_sysv;
		w->bytes = (int64_t)r->sysv_rss;
		fmt_size(a, sizeof(a), r->sysv_swap);
		if (!r->have_sysv)
			snprintf(w->note, sizeof(w->note), "resident size unknown (read /proc/sysvipc/shm: "
				 "--source=proc)");
		else if (ipc_ns)
			snprintf(w->note, sizeof(w->note), "resident, %zu segment%s of ipc ns %llu; %s "
				 "swapped (not in Shmem)", r->sysv_n, r->sysv_n == 1 ? "" : "s",
				 (unsigned long long)ipc_ns, a);
		else
			snprintf(w->note, sizeof(w->note), "resident, %zu segment%s; %s swapped (not in "
				 "Shmem)", r->sysv_n, r->sysv_n == 1 ? "" : "s", a);
	}
	if (r->nmounts)
		order = malloc(r->nmounts * sizeof(*order));
	for (size_t i = 0; order && i < r->nmounts; i++)
		order[i] = &r->mounts[i];
	if (order)
		qsort(order, r->nmounts, sizeof(*order), mount_cmp);
	for (size_t i = 0; order && i < r->nmounts; i++) {
		const struct shmem_mount *m = order[i];

		if (!(w = row_add(out, max, &n, 1)))
			continue;
		fmt_escape(esc, sizeof(esc), m->point);
		fmt_escape(comm, sizeof(comm), m->comm);
		snprintf(w->label, sizeof(w->label), "tmpfs %s", esc);
		w->has_bytes = m->known;
		w->bytes = (int64_t)m->used;
		if (m->known) {
			char who[120];

			fmt_size(b, sizeof(b), m->size);
			if (m->pid)
				snprintf(who, sizeof(who), "pid %d %s", (int)m->pid, comm);
			else
				snprintf(who, sizeof(who), "shmtop's own");
			snprintf(w->note, sizeof(w->note), "of %s (%llu%%)%s%s; mnt ns %llu (%s)", b,
				 m->size ? (unsigned long long)(m->used * 100 / m->size) : 0ull,
				 shmem_near_full(m) ? ", NEARLY FULL" : "",
				 m->dev_shm ? "; POSIX shared memory" : "",
				 (unsigned long long)m->mnt_ns, who);
			w->warn = shmem_near_full(m);
		} else {
			snprintf(w->note, sizeof(w->note), "use unknown (no size limit, or another mount "
				 "hides it); mnt ns %llu", (unsigned long long)m->mnt_ns);
		}
	}
	free(order);
	if ((w = row_add(out, max, &n, 1))) {
		snprintf(w->label, sizeof(w->label), "memfds");
		w->has_bytes = 1;
		w->bytes = (int64_t)r->memfd_bytes;
		snprintf(w->note, sizeof(w->note), "%zu memfd%s open in /proc/*/fd, each counted once",
			 r->memfd_n, r->memfd_n == 1 ? "" : "s");
	}
	if ((w = row_add(out, max, &n, 1))) {
		snprintf(w->label, sizeof(w->label), "remainder");
		w->has_bytes = r->have_shmem;
		w->bytes = r->remainder;
		snprintf(w->note, sizeof(w->note), "%s", r->remainder >= 0 ?
			 "shared anonymous memory, other IPC namespaces' segments, memfds only mapped, "
			 "what nothing names" :
			 "negative: tmpfs counts its swapped pages, Shmem only resident ones");
	}
	if (r->procs_unreadable && (w = row_add(out, max, &n, 2))) {
		snprintf(w->label, sizeof(w->label), "%zu of %zu processes could not be read (permission denied): "
			 "their mounts and memfds are in the remainder", r->procs_unreadable, r->procs);
		w->warn = 1;
	}
	return n;
}

void shmem_report_init(struct shmem_report *r)
{
	memset(r, 0, sizeof(*r));
}

void shmem_report_clear(struct shmem_report *r)
{
	struct shmem_mount *m = r->mounts;
	size_t cap = r->mounts_cap;

	memset(r, 0, sizeof(*r));
	r->mounts = m;
	r->mounts_cap = cap;
}

void shmem_report_free(struct shmem_report *r)
{
	free(r->mounts);
	shmem_report_init(r);
}

static size_t inode_hash(uint64_t dev, uint64_t ino, size_t cap)
{
	uint64_t h = (dev * 0x9e3779b97f4a7c15ull) ^ (ino * 0xc2b2ae3d27d4eb4full);

	return (size_t)(h ^ (h >> 31)) & (cap - 1);
}

/* A slot is empty while its ino is 0; inodes are stored plus one (inode 0 is valid nowhere,
 * but the set need not rely on it). */
static int inodes_grow(struct shmem_inodes *s)
{
	size_t cap = s->cap ? s->cap * 2 : 256;
	struct shmem_inode *v = calloc(cap, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < s->cap; i++) {
		size_t j;

		if (!s->v[i].ino)
			continue;
		for (j = inode_hash(s->v[i].dev, s->v[i].ino, cap); v[j].ino; j = (j + 1) & (cap - 1))
			;
		v[j] = s->v[i];
	}
	free(s->v);
	s->v = v;
	s->cap = cap;
	return 0;
}

int shmem_inodes_add(struct shmem_inodes *s, uint64_t dev, uint64_t ino)
{
	size_t j;

	ino++;
	if ((s->n + 1) * 2 > s->cap && inodes_grow(s) < 0)
		return -ENOMEM;
	for (j = inode_hash(dev, ino, s->cap); s->v[j].ino; j = (j + 1) & (s->cap - 1))
		if (s->v[j].dev == dev && s->v[j].ino == ino)
			return 0;
	s->v[j].dev = dev;
	s->v[j].ino = ino;
	s->n++;
	return 1;
}

void shmem_inodes_clear(struct shmem_inodes *s)
{
	if (s->v)
		memset(s->v, 0, s->cap * sizeof(*s->v));
	s->n = 0;
}

void shmem_inodes_free(struct shmem_inodes *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}
