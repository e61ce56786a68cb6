/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* sysvmsg.c - the only module that calls msgctl (tests wrap it with -Wl,--wrap): lists queues,
 * reads the limits and usage, and removes a queue only after re-checking that its id still names
 * the one confirmed. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include "sysvmsg.h"

#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif

/* The kernel's stamps come from a clock read at the last tick: a replacement made just after a
 * poll may carry the second before it. */
#define CTIME_SLACK_S 1

/* Reserving room for every index up to the highest saves the list's regrowth; capped, since with
 * ipcmni_extend indexes reach 2^24. */
#define RESERVE_MAX 32768

static void from_ds(const struct msqid_ds *ds, int msqid, struct msgq *q)
{
	memset(q, 0, sizeof(*q));
	q->key = (int32_t)ds->msg_perm.__key;
	q->msqid = msqid;
	q->mode = (uint32_t)ds->msg_perm.mode & 07777u;
	q->uid = ds->msg_perm.uid;
	q->gid = ds->msg_perm.gid;
	q->cuid = ds->msg_perm.cuid;
	q->cgid = ds->msg_perm.cgid;
	q->lspid = ds->msg_lspid;
	q->lrpid = ds->msg_lrpid;
	q->cbytes = ds->msg_cbytes;
	q->qnum = ds->msg_qnum;
	q->qbytes = (int64_t)ds->msg_qbytes;
	q->stime = ds->msg_stime;
	q->rtime = ds->msg_rtime;
	q->ctime = ds->msg_ctime;
}

struct walk {
	struct msgq_list *out;
	size_t start;
	struct msqid_ds ds;
};

static int walk_stat(void *ctx, int idx, int any)
{
	struct walk *w = ctx;
	int id = msgctl(idx, any ? MSG_STAT_ANY : MSG_STAT, &w->ds);

	return id < 0 ? -errno : id;
}

static int walk_keep(void *ctx, int id)
{
	struct walk *w = ctx;
	struct msgq q;

	from_ds(&w->ds, id, &q);
	return msgq_list_push(w->out, &q);
}

static void walk_rewind(void *ctx)
{
	struct walk *w = ctx;

	w->out->n = w->start;
}

static const struct ipcscan_ops walk_ops = { walk_stat, walk_keep, walk_rewind };

int sysvmsg_list(struct msgq_list *out, struct ipcscan_stats *st)
{
	struct walk w = { .out = out, .start = out->n };
	struct msginfo info;
	int maxidx;

	memset(st, 0, sizeof(*st));
	/* IPC_INFO returns the highest index in use, as MSG_INFO does, without summing */
	maxidx = msgctl(0, IPC_INFO, (struct msqid_ds *)(void *)&info);
	if (maxidx < 0)
		return -errno;
	if (msgq_list_reserve(out, out->n + (maxidx < RESERVE_MAX ? (size_t)maxidx + 1 :
					     RESERVE_MAX)) < 0)
		return -ENOMEM;
	return ipcscan_walk(&walk_ops, &w, maxidx, st);
}

int sysvmsg_stat(int msqid, struct msgq *out)
{
	struct msqid_ds ds;

	if (msgctl(msqid, IPC_STAT, &ds) < 0)
		return -errno;
	from_ds(&ds, msqid, out);
	return 0;
}

int sysvmsg_qbytes(struct msgq *q)
{
	struct msgq now;
	int rc = sysvmsg_stat(q->msqid, &now);

	if (rc < 0)
		return rc;
	if (!msgq_same(q, &now))
		return -ESTALE;
	q->qbytes = now.qbytes;
	return 0;
}

static uint64_t count(int v)
{
	return v < 0 ? MSGQ_LIMIT_UNKNOWN : (uint64_t)v;
}

int sysvmsg_limits_read(struct msg_limits *lim)
{
	struct msginfo info;

	if (msgctl(0, IPC_INFO, (struct msqid_ds *)(void *)&info) < 0)
		return -errno;
	lim->msgmax = count(info.msgmax);
	lim->msgmnb = count(info.msgmnb);
	lim->msgmni = count(info.msgmni);
	return 0;
}

int sysvmsg_usage_read(struct msg_usage *use)
{
	struct msginfo info;

	if (msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&info) < 0)
		return -errno;
	use->queues = count(info.msgpool);
	use->messages = count(info.msgmap);
	use->bytes = count(info.msgtql);
	return 0;
}

int sysvmsg_remove(int msqid, const struct msgq *expect, int64_t seen_ns)
{
	struct msgq now;
	int rc = sysvmsg_stat(msqid, &now);

	if (rc < 0)
		return rc;
	if (!msgq_identical(&now, expect))
		return -ESTALE;
	if (expect->ctime >= seen_ns / 1000000000 - CTIME_SLACK_S)
		return -EAGAIN; /* made or changed about when it was seen: ask after a later poll */
	return msgctl(msqid, IPC_RMID, NULL) < 0 ? -errno : 0;
}
