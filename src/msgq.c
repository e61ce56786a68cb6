/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* msgq.c - the growable message queue list and queue identity. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "msgq.h"

int msgq_list_reserve(struct msgq_list *l, size_t cap)
{
	struct msgq *v;

	if (cap <= l->cap)
		return 0;
	v = realloc(l->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->cap = cap;
	return 0;
}

int msgq_list_push(struct msgq_list *l, const struct msgq *q)
{
	if (l->n == l->cap && msgq_list_reserve(l, l->cap ? l->cap * 2 : 64) < 0)
		return -ENOMEM;
	l->v[l->n++] = *q;
	return 0;
}

void msgq_list_clear(struct msgq_list *l)
{
	l->n = 0;
}

void msgq_list_free(struct msgq_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int msgq_same(const struct msgq *was, const struct msgq *now)
{
	return was->msqid == now->msqid && was->key == now->key && was->cuid == now->cuid &&
	       was->cgid == now->cgid && now->ctime >= was->ctime && now->stime >= was->stime &&
	       now->rtime >= was->rtime;
}

int msgq_identical(const struct msgq *a, const struct msgq *b)
{
	return a->msqid == b->msqid && a->key == b->key && a->cuid == b->cuid &&
	       a->cgid == b->cgid && a->ctime == b->ctime && a->uid == b->uid &&
	       a->gid == b->gid && a->mode == b->mode &&
	       (a->qbytes == MSGQ_UNKNOWN || b->qbytes == MSGQ_UNKNOWN || a->qbytes == b->qbytes);
}
