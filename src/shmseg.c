/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* shmseg.c - the growable segment list and segment identity. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "shmseg.h"

int shmseg_list_reserve(struct shmseg_list *l, size_t cap)
{
	struct shmseg *v;

	if (cap <= l->cap)
		return 0;
	v = realloc(l->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->cap = cap;
	return 0;
}

int shmseg_list_push(struct shmseg_list *l, const struct shmseg *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct shmseg *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *s;
	return 0;
}

void shmseg_list_clear(struct shmseg_list *l)
{
	l->n = 0;
}

void shmseg_list_free(struct shmseg_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int shmseg_same(const struct shmseg *a, const struct shmseg *b)
{
	return a->shmid == b->shmid && a->key == b->key && a->cpid == b->cpid &&
	       a->ctime == b->ctime;
}

int shmseg_same_object(const struct shmseg *was, const struct shmseg *now)
{
	return was->shmid == now->shmid && was->cpid == now->cpid && was->ctime == now->ctime &&
	       was->size == now->size &&
	       (was->key == now->key || (now->key == 0 && (now->mode & SHMSEG_MODE_DEST)));
}

int shmseg_identical(const struct shmseg *a, const struct shmseg *b)
{
	return shmseg_same(a, b) && a->size == b->size && a->cuid == b->cuid &&
	       a->cgid == b->cgid && a->uid == b->uid && a->gid == b->gid && a->mode == b->mode;
}
