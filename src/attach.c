/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* attach.c - who is attached to which segment: the "/SYSV" lines of every process's maps
 * (mappings.c), one attacher per mapping, with the hugetlb facts of each. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attach.h"
#include "mapfiles.h"
#include "mappings.h"

#define SYSV_NEEDLE "/SYSV"

void attach_list_init(struct attach_list *l)
{
	memset(l, 0, sizeof(*l));
}

void attach_list_free(struct attach_list *l)
{
	free(l->v);
	mappings_free(&l->raw);
	attach_list_init(l);
}

static int reserve(struct attach_list *l, size_t more)
{
	size_t cap;
	struct attacher *v;

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

static int cmp_shmid_pid(const void *a, const void *b)
{
	const struct attacher *x = a, *y = b;

	if (x->shmid != y->shmid)
		return x->shmid < y->shmid ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

void attach_sort(struct attach_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_shmid_pid);
}

/* A maps line of a System V segment (of shmid `only` when that is >= 0). */
static int sysv_match(void *ctx, const struct maps_entry *e)
{
	int32_t only = *(const int32_t *)ctx;

	return maps_is_sysv(e) && e->inode <= INT32_MAX && (only < 0 || (int32_t)e->inode == only);
}

static void sysv_query(struct mappings_query *q, int32_t *only)
{
	memset(q, 0, sizeof(*q));
	q->needle = SYSV_NEEDLE;
	q->needle_len = sizeof(SYSV_NEEDLE) - 1;
	q->match = sysv_match;
	q->ctx = only;
	q->own_ipcns = 1;
}

/* The hugetlb facts of a: the page size by device, and for a mapping on a hugetlbfs the blocks of
 * the file behind procfd/PID/map_files/START-END (root or CAP_CHECKPOINT_RESTORE; following that
 * link opens nothing and touches no shm counter). procfd < 0: the page size only. */
static void set_huge(const struct hugetlb_devs *huge, struct attacher *a, int procfd)
{
	char path[80], pidname[16];
	struct stat st;

	a->huge_page = hugetlb_page_of(huge, a->dev);
	if (!a->huge_page || procfd < 0)
		return;
	snprintf(pidname, sizeof(pidname), "%d", (int)a->pid);
	mapfiles_path(path, sizeof(path), pidname, a->addr, a->addr + a->length);
	if (fstatat(procfd, path, &st, 0) == 0 && (uint64_t)st.st_ino == (uint64_t)a->shmid)
		a->file_bytes = (int64_t)st.st_blocks * 512;
}

/* One attacher per mapping of raw from `from` on that is on a device of System V segments,
 * appended to l. */
static int take(struct attach_list *l, const struct mapping_list *raw, size_t from, int procfd)
{
	if (reserve(l, raw->n - from) < 0)
		return -ENOMEM;
	for (size_t i = from; i < raw->n; i++) {
		const struct mapping *m = &raw->v[i];
		struct attacher *a;

		if (!hugetlb_sysv_dev(&l->huge, m->dev))
			continue; /* a file of its own named /SYSV... (hugetlb.h) */
		a = &l->v[l->n++];
		memset(a, 0, sizeof(*a));
		a->shmid = (int32_t)m->inode;
		a->pid = m->pid;
		a->uid = m->uid;
		a->addr = m->start;
		a->length = m->end - m->start;
		a->offset = m->offset;
		a->dev = m->dev;
		a->file_bytes = -1;
		a->shmtop = m->shmtop;
		memcpy(a->access, m->perms, sizeof(a->access));
		memcpy(a->comm, m->comm, sizeof(a->comm));
		set_huge(&l->huge, a, procfd);
	}
	return 0;
}

int attach_add_maps(struct attach_list *l, int32_t pid, uint32_t uid, const char *comm,
		    const char *buf, size_t len, int32_t only)
{
	struct mappings_query q;
	int rc;

	sysv_query(&q, &only);
	l->raw.n = l->raw.paths_len = 0;
	rc = mappings_add_text(&l->raw, &q, pid, uid, comm, buf, len);
	if (take(l, &l->raw, 0, -1) < 0)
		return -ENOMEM;
	return rc;
}

int attach_scan(const char *procroot, int32_t only, struct attach_list *l)
{
	struct mappings_query q;
	int rc, procfd;

	l->n = 0;
	if (!l->huge.probed)
		hugetlb_probe(&l->huge, HUGETLB_SYSFS);
	sysv_query(&q, &only);
	rc = mappings_scan(procroot, &q, &l->raw);
	l->procs_scanned = l->raw.procs_scanned;
	l->procs_unreadable = l->raw.procs_unreadable;
	if (rc < 0)
		return rc;
	procfd = open(procroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	rc = take(l, &l->raw, 0, procfd);
	if (procfd >= 0)
		close(procfd);
	if (rc < 0) {
		l->n = 0;
		return rc;
	}
	attach_sort(l);
	return 0;
}

size_t attach_find(const struct attach_list *l, int32_t shmid, size_t *first)
{
	size_t lo = 0, hi = l->n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].shmid < shmid)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (end = lo; end < l->n && l->v[end].shmid == shmid; end++)
		;
	return end - lo;
}

size_t attach_pid_run(const struct attach_list *l, size_t i, size_t end)
{
	size_t j = i;

	while (j < end && l->v[j].pid == l->v[i].pid && l->v[j].shmid == l->v[i].shmid)
		j++;
	return j - i;
}

void attach_summarize(const struct attach_list *l, int32_t shmid, struct attach_summary *s)
{
	size_t first, n = attach_find(l, shmid, &first), end = first + n;

	memset(s, 0, sizeof(*s));
	s->file_bytes = -1;
	for (size_t i = first; i < end;) {
		size_t run = attach_pid_run(l, i, end);
		const struct attacher *a = &l->v[i];

		if (a->shmtop) {
			s->shmtop_mappings += run;
		} else {
			s->mappings += run;
			s->procs++;
		}
		for (size_t k = i; k < i + run; k++) {
			if (l->v[k].huge_page)
				s->huge_page = l->v[k].huge_page;
			if (l->v[k].file_bytes >= 0)
				s->file_bytes = l->v[k].file_bytes;
		}
		i += run;
	}
}

void attach_apply(const struct attach_list *l, struct shmseg *segs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct shmseg *s = &segs[i];
		struct attach_summary sum;

		attach_summarize(l, s->shmid, &sum);
		if (!sum.mappings && !sum.shmtop_mappings)
			continue; /* nothing maps it: nothing told */
		s->huge_page = (int64_t)sum.huge_page;
		if (sum.huge_page) {
			s->rss = sum.file_bytes;   /* -1 (unknown) when map_files could not be read */
			if (s->swap != SHMSEG_UNKNOWN)
				s->swap = 0;       /* huge pages are never swapped */
		}
	}
}
