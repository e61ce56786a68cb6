/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* msgcollect.c - message queues, limits and usage for one poll, through ipccollect. */
#include "config.h"

#include <string.h>

#include "msgcollect.h"
#include "procmsg.h"
#include "sysvmsg.h"

static int parse(FILE *f, void *list, size_t *malformed)
{
	struct procmsg_stats st;
	int rc = procmsg_parse(f, list, &st);

	*malformed = st.malformed;
	return rc;
}

static int walk(void *list, struct ipcscan_stats *st)
{
	return sysvmsg_list(list, st);
}

static size_t count(const void *list)
{
	return ((const struct msgq_list *)list)->n;
}

static void keep(void *list, size_t from, size_t to)
{
	struct msgq_list *l = list;

	if (from && to > from)
		memmove(l->v, l->v + from, (to - from) * sizeof(*l->v));
	l->n = to > from ? to - from : 0;
}

static const struct ipccollect_kind kind = {
	.file = "msg", .ctl = "msgctl", .stat_any = "MSG_STAT_ANY", .what = "message queues",
	.one = "queue", .many = "queues", .columns = "key/msqid/perms/cbytes/qnum",
	.parse = parse, .walk = walk, .count = count, .keep = keep,
};

void msgcollect_init(struct msgcollect *c)
{
	memset(c, 0, sizeof(*c));
}

void msgcollect_free(struct msgcollect *c)
{
	msgq_list_free(&c->queues);
}

static void read_limits(const struct ipccollect_cfg *cfg, struct msg_limits *lim)
{
	static const char *const names[] = { "msgmax", "msgmnb", "msgmni" };
	uint64_t *field[] = { &lim->msgmax, &lim->msgmnb, &lim->msgmni };
	struct msg_limits k;
	int asked = 0, known = 0;

	for (size_t i = 0; i < 3; i++) {
		if (ipccollect_sysctl(cfg->procroot, names[i], field[i], 1) < 0) {
			*field[i] = MSGQ_LIMIT_UNKNOWN;
			if (!asked++)
				known = sysvmsg_limits_read(&k) == 0;
			if (known)
				*field[i] = i == 0 ? k.msgmax : i == 1 ? k.msgmnb : k.msgmni;
		}
	}
}

static void read_usage(const struct msgcollect *c, struct msg_usage *use)
{
	if (ipccollect_complete(&c->st)) {
		use->queues = c->queues.n;
		use->messages = use->bytes = 0;
		for (size_t i = 0; i < c->queues.n; i++) {
			use->messages += c->queues.v[i].qnum;
			use->bytes += c->queues.v[i].cbytes;
		}
	} else if (sysvmsg_usage_read(use) < 0) {
		use->queues = use->messages = use->bytes = MSGQ_LIMIT_UNKNOWN;
	}
}

int msgcollect_read(const struct ipccollect_cfg *cfg, struct msgcollect *c, char *warn,
		    size_t warnsz)
{
	int rc = ipccollect_list(&kind, cfg, &c->queues, &c->st, warn, warnsz);

	read_limits(cfg, &c->limits);
	if (rc < 0) {
		c->usage.queues = c->usage.messages = c->usage.bytes = MSGQ_LIMIT_UNKNOWN;
		return rc;
	}
	read_usage(c, &c->usage);
	return 0;
}

size_t msgcollect_qbytes(struct msgcollect *c, const uint32_t *rows, size_t nrows)
{
	size_t filled = 0, n = rows ? nrows : c->queues.n;

	for (size_t i = 0; i < n; i++) {
		size_t r = rows ? rows[i] : i;

		if (r < c->queues.n && c->queues.v[r].qbytes == MSGQ_UNKNOWN &&
		    sysvmsg_qbytes(&c->queues.v[r]) == 0)
			filled++;
	}
	return filled;
}
