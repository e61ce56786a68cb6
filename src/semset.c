/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* semset.c - the growable semaphore array list and array identity. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "semset.h"

int semset_list_reserve(struct semset_list *l, size_t cap)
{
	struct semset *v;

	if (cap <= l->cap)
		return 0;
	v = realloc(l->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->cap = cap;
	return 0;
}

int semset_list_push(struct semset_list *l, const struct semset *s)
{
	if (l->n == l->cap && semset_list_reserve(l, l->cap ? l->cap * 2 : 64) < 0)
		return -ENOMEM;
	l->v[l->n++] = *s;
	return 0;
}

void semset_list_clear(struct semset_list *l)
{
	l->n = 0;
}

void semset_list_free(struct semset_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int semset_same(const struct semset *was, const struct semset *now)
{
	return was->semid == now->semid && was->key == now->key && was->nsems == now->nsems &&
	       was->cuid == now->cuid && was->cgid == now->cgid && now->ctime >= was->ctime &&
	       now->otime >= was->otime;
}

int semset_identical(const struct semset *a, const struct semset *b)
{
	return a->semid == b->semid && a->key == b->key && a->nsems == b->nsems &&
	       a->cuid == b->cuid && a->cgid == b->cgid && a->ctime == b->ctime &&
	       a->uid == b->uid && a->gid == b->gid && a->mode == b->mode;
}
