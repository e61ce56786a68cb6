/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* sysvsem.c - the only module that calls semctl (tests wrap it with -Wl,--wrap): lists arrays,
 * reads one array's semaphores without changing them, reads the limits and usage, and removes an
 * array only after re-checking that its id still names the one confirmed. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <unistd.h>

#include "sysvsem.h"

#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif

/* The fourth argument of semctl, which the caller must define (semctl(2)). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *info;
};

/* The kernel's stamps come from a clock read at the last tick: a replacement made just after a
 * poll may carry the second before it. */
#define CTIME_SLACK_S 1

/* Reserving room for every index up to the highest saves the list's regrowth; capped, since with
 * ipcmni_extend indexes reach 2^24. */
#define RESERVE_MAX 32768

static void from_ds(const struct semid_ds *ds, int semid, struct semset *s)
{
	memset(s, 0, sizeof(*s));
	s->key = (int32_t)ds->sem_perm.__key;
	s->semid = semid;
	s->mode = (uint32_t)ds->sem_perm.mode & 07777u;
	s->uid = ds->sem_perm.uid;
	s->gid = ds->sem_perm.gid;
	s->cuid = ds->sem_perm.cuid;
	s->cgid = ds->sem_perm.cgid;
	s->nsems = (uint32_t)ds->sem_nsems;
	s->otime = ds->sem_otime;
	s->ctime = ds->sem_ctime;
}

struct walk {
	struct semset_list *out;
	size_t start;
	struct semid_ds ds;
};

static int walk_stat(void *ctx, int idx, int any)
{
	struct walk *w = ctx;
	union semun arg = { .buf = &w->ds };
	int id = semctl(idx, 0, any ? SEM_STAT_ANY : SEM_STAT, arg);

	return id < 0 ? -errno : id;
}

static int walk_keep(void *ctx, int id)
{
	struct walk *w = ctx;
	struct semset s;

	from_ds(&w->ds, id, &s);
	return semset_list_push(w->out, &s);
}

static void walk_rewind(void *ctx)
{
	struct walk *w = ctx;

	w->out->n = w->start;
}

static const struct ipcscan_ops walk_ops = { walk_stat, walk_keep, walk_rewind };

int sysvsem_list(struct semset_list *out, struct ipcscan_stats *st)
{
	struct walk w = { .out = out, .start = out->n };
	struct seminfo info;
	union semun arg = { .info = &info };
	int maxidx;

	memset(st, 0, sizeof(*st));
	/* IPC_INFO returns the highest index in use, as SEM_INFO does, without counting */
	maxidx = semctl(0, 0, IPC_INFO, arg);
	if (maxidx < 0)
		return -errno;
	if (semset_list_reserve(out, out->n + (maxidx < RESERVE_MAX ? (size_t)maxidx + 1 :
					       RESERVE_MAX)) < 0)
		return -ENOMEM;
	return ipcscan_walk(&walk_ops, &w, maxidx, st);
}

int sysvsem_stat(int semid, struct semset *out)
{
	struct semid_ds ds;
	union semun arg = { .buf = &ds };

	if (semctl(semid, 0, IPC_STAT, arg) < 0)
		return -errno;
	from_ds(&ds, semid, out);
	return 0;
}

/* Room for at least `bytes` that ends at a PROT_NONE page, into g. 0 or -ENOMEM. */
static int guard_map(struct sysvsem_guard *g, size_t bytes)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t room = (bytes + page - 1) / page * page;
	char *p;

	p = mmap(NULL, room + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -ENOMEM;
	if (mprotect(p + room, page, PROT_NONE) < 0) {
		munmap(p, room + page);
		return -ENOMEM;
	}
	g->map = p;
	g->len = room + page;
	g->room = room;
	return 0;
}

void sysvsem_guard_free(struct sysvsem_guard *g)
{
	if (g->map)
		munmap(g->map, g->len);
	memset(g, 0, sizeof(*g));
}

/* Room for n values of GETALL in g that ends right at its guard page (grown as needed): whatever
 * GETALL writes past n values faults instead of landing anywhere. NULL when memory runs out. */
static unsigned short *guarded(struct sysvsem_guard *g, size_t n)
{
	size_t bytes = n * sizeof(unsigned short);

	if (g->room < bytes) {
		sysvsem_guard_free(g);
		if (guard_map(g, bytes) < 0)
			return NULL;
	}
	return (unsigned short *)(void *)((char *)g->map + g->room - bytes);
}

/* One of GETNCNT, GETZCNT, GETPID for semaphore i: 0 or -errno. */
static int get_one(int semid, int i, int cmd, int32_t *out)
{
	union semun arg = { .val = 0 };
	int v = semctl(semid, i, cmd, arg);

	if (v < 0)
		return -errno;
	*out = v;
	return 0;
}

int sysvsem_detail(int semid, const struct semset *expect, struct semset_sem *out, size_t n,
		   struct sysvsem_guard *guard)
{
	struct sysvsem_guard own = { 0 }, *g = guard ? guard : &own;
	size_t nsems = expect->nsems;
	struct semset now;
	unsigned short *vals;
	union semun arg;
	int rc;

	if (n < nsems)
		return -ERANGE;
	rc = sysvsem_stat(semid, &now);
	if (rc < 0)
		return rc;
	if (!semset_same(expect, &now))
		return -ESTALE;
	vals = guarded(g, nsems ? nsems : 1);
	if (!vals)
		return -ENOMEM;
	arg.array = vals;
	if (semctl(semid, 0, GETALL, arg) < 0)
		rc = errno == EFAULT ? -ESTALE : -errno; /* EFAULT: it ran into the guard page */
	for (size_t i = 0; rc == 0 && i < nsems; i++) {
		out[i].value = vals[i];
		if ((rc = get_one(semid, (int)i, GETNCNT, &out[i].ncnt)) < 0 ||
		    (rc = get_one(semid, (int)i, GETZCNT, &out[i].zcnt)) < 0 ||
		    (rc = get_one(semid, (int)i, GETPID, &out[i].pid)) < 0)
			break;
	}
	if (g == &own)
		sysvsem_guard_free(&own);
	if (rc == 0 && (rc = sysvsem_stat(semid, &now)) == 0 && !semset_same(expect, &now))
		rc = -ESTALE;
	return rc;
}

int sysvsem_limits_read(struct sem_limits *lim)
{
	struct seminfo info;
	union semun arg = { .info = &info };

	if (semctl(0, 0, IPC_INFO, arg) < 0)
		return -errno;
	lim->semmsl = info.semmsl < 0 ? SEMSET_LIMIT_UNKNOWN : (uint64_t)info.semmsl;
	lim->semmns = info.semmns < 0 ? SEMSET_LIMIT_UNKNOWN : (uint64_t)info.semmns;
	lim->semopm = info.semopm < 0 ? SEMSET_LIMIT_UNKNOWN : (uint64_t)info.semopm;
	lim->semmni = info.semmni < 0 ? SEMSET_LIMIT_UNKNOWN : (uint64_t)info.semmni;
	lim->semvmx = info.semvmx < 0 ? SEMSET_LIMIT_UNKNOWN : (uint64_t)info.semvmx;
	return 0;
}

int sysvsem_usage_read(struct sem_usage *use)
{
	struct seminfo info;
	union semun arg = { .info = &info };

	if (semctl(0, 0, SEM_INFO, arg) < 0)
		return -errno;
	use->arrays = info.semusz < 0 ? SEMSET_LIMIT_UNKNOWN : (uint64_t)info.semusz;
	use->sems = info.semaem < 0 ? SEMSET_LIMIT_UNKNOWN : (uint64_t)info.semaem;
	return 0;
}

int sysvsem_remove(int semid, const struct semset *expect, int64_t seen_ns)
{
	union semun arg = { .val = 0 };
	struct semset now;
	int rc = sysvsem_stat(semid, &now);

	if (rc < 0)
		return rc;
	if (!semset_identical(&now, expect))
		return -ESTALE;
	if (expect->ctime >= seen_ns / 1000000000 - CTIME_SLACK_S)
		return -EAGAIN; /* made or changed about when it was seen: ask after a later poll */
	return semctl(semid, 0, IPC_RMID, arg) < 0 ? -errno : 0;
}
