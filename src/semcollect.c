/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* semcollect.c - semaphore arrays, limits and usage for one poll, through ipccollect. */
#include "config.h"

#include <string.h>

#include "procsem.h"
#include "semcollect.h"
#include "sysvsem.h"

static int parse(FILE *f, void *list, size_t *malformed)
{
	struct procsem_stats st;
	int rc = procsem_parse(f, list, &st);

	*malformed = st.malformed;
	return rc;
}

static int walk(void *list, struct ipcscan_stats *st)
{
	return sysvsem_list(list, st);
}

static size_t count(const void *list)
{
	return ((const struct semset_list *)list)->n;
}

static void keep(void *list, size_t from, size_t to)
{
	struct semset_list *l = list;

	if (from && to > from)
		memmove(l->v, l->v + from, (to - from) * sizeof(*l->v));
	l->n = to > from ? to - from : 0;
}

static const struct ipccollect_kind kind = {
	.file = "sem", .ctl = "semctl", .stat_any = "SEM_STAT_ANY", .what = "semaphore arrays",
	.one = "array", .many = "arrays", .columns = "key/semid/perms/nsems",
	.parse = parse, .walk = walk, .count = count, .keep = keep,
};

void semcollect_init(struct semcollect *c)
{
	memset(c, 0, sizeof(*c));
}

void semcollect_free(struct semcollect *c)
{
	semset_list_free(&c->sets);
}

static void read_limits(const struct ipccollect_cfg *cfg, struct sem_limits *lim)
{
	uint64_t v[4];
	struct sem_limits k;

	lim->semmsl = lim->semmns = lim->semopm = lim->semmni = SEMSET_LIMIT_UNKNOWN;
	lim->semvmx = SEMSET_SEMVMX;
	if (ipccollect_sysctl(cfg->procroot, "sem", v, 4) == 0) {
		lim->semmsl = v[0];
		lim->semmns = v[1];
		lim->semopm = v[2];
		lim->semmni = v[3];
	} else if (sysvsem_limits_read(&k) == 0) {
		*lim = k;
	}
}

static void read_usage(const struct semcollect *c, struct sem_usage *use)
{
	if (ipccollect_complete(&c->st)) {
		use->arrays = c->sets.n;
		use->sems = 0;
		for (size_t i = 0; i < c->sets.n; i++)
			use->sems += c->sets.v[i].nsems;
	} else if (sysvsem_usage_read(use) < 0) {
		use->arrays = use->sems = SEMSET_LIMIT_UNKNOWN;
	}
}

int semcollect_read(const struct ipccollect_cfg *cfg, struct semcollect *c, char *warn,
		    size_t warnsz)
{
	int rc = ipccollect_list(&kind, cfg, &c->sets, &c->st, warn, warnsz);

	read_limits(cfg, &c->limits);
	if (rc < 0) {
		c->usage.arrays = c->usage.sems = SEMSET_LIMIT_UNKNOWN;
		return rc;
	}
	read_usage(c, &c->usage);
	return 0;
}
