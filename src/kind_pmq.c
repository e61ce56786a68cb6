/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_pmq.c - POSIX message queues as a kind: the column registry of struct pmq (mq_getattr's
 * attributes, unknown where the queue could not be opened; its file's status line, QSIZE and the
 * notification, unknown unless it was read), identity and the default columns. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "fmt.h"
#include "kind_pmq.h"
#include "kind_posix.h"
#include "pmq.h"
#include "shmdir.h"
#include "source.h"

#define AT(m) offsetof(struct pmq, m)

/* maxmsg, msgsize and curmsgs: mq_getattr answered */
static int attr_known(const void *obj)
{
	return ((const struct pmq *)obj)->attr_err == 0;
}

/* QSIZE and the notification: the status line was read (PMQ_READ_STATUS) and parsed */
static int status_known(const void *obj)
{
	return ((const struct pmq *)obj)->status_err == 0;
}

/* How a registered notification is delivered, as mq_notify's sigev_notify; NULL when none is
 * registered (none the reader's pid namespace can see: pmq.h). */
static const char *notify_how(const struct pmq *q, char *num, size_t size)
{
	const struct pmq_status *st = &q->status;

	if (!st->notify && !st->signo && !st->notify_pid)
		return NULL;
	switch (st->notify) {
	case SIGEV_SIGNAL:
		return "signal";
	case SIGEV_NONE:
		return "none";
	case SIGEV_THREAD:
		return "thread";
	default:
		snprintf(num, size, "%d", (int)st->notify);
		return num;
	}
}

/* "signal 10", "none", "thread"; "-" without a registration */
static enum frame_style notify_text(const struct field *f, const void *obj,
				    const struct field_ctx *c, char *buf, size_t size)
{
	const struct pmq *q = obj;
	char num[16];
	const char *how = notify_how(q, num, sizeof(num));

	(void)f;
	(void)c;
	if (!how)
		snprintf(buf, size, "-");
	else if (q->status.notify == SIGEV_SIGNAL)
		snprintf(buf, size, "%s %d", how, (int)q->status.signo);
	else
		snprintf(buf, size, "%s", how);
	return STYLE_NORMAL;
}

/* "notify":"signal" (or "none", "thread"), null without a registration or when unknown */
static void notify_json(const struct field *f, const void *obj, const struct field_ctx *c,
			struct outbuf *b)
{
	char num[16];
	const char *how = status_known(obj) ? notify_how(obj, num, sizeof(num)) : NULL;

	(void)c;
	outbuf_puts(b, ",\"");
	outbuf_puts(b, f->name);
	outbuf_puts(b, "\":");
	if (how)
		field_json_str(b, how);
	else
		outbuf_puts(b, "null");
}

static void notify_csv(const struct field *f, const void *obj, const struct field_ctx *c,
		       struct outbuf *b)
{
	char num[16];
	const char *how = notify_how(obj, num, sizeof(num)); /* unknown: field_csv wrote nothing */

	(void)f;
	(void)c;
	if (how)
		outbuf_puts(b, how);
}

#define W_DATA (FW_JSON | FW_CSV)
#define W_COLUMN (FW_DASH | FW_TABLE | FW_JSON | FW_CSV)

/* In JSON member order. */
static const struct field pmq_fields[PMQ_F_COUNT] = {
	[PMQ_F_NAME] = {
		.name = "name", .title = "NAME", .type = FIELD_TEXT,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH | FW_FILL, .width = 12, .bwidth = 48,
		.priority = 0, .offset = AT(name) },
	[PMQ_F_INODE] = {
		.name = "inode", .type = FIELD_COUNT, .writers = W_DATA, .offset = AT(ino) },
	[PMQ_F_UID] = { .name = "uid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(uid) },
	[PMQ_F_GID] = { .name = "gid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(gid) },
	[PMQ_F_OWNER] = {
		.name = "owner", .alias = "user", .title = "OWNER", .type = FIELD_USER,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 8, .bwidth = 10,
		.priority = 3, .offset = AT(uid) },
	[PMQ_F_GROUP] = {
		.name = "group", .title = "GROUP", .type = FIELD_GROUP, .writers = W_COLUMN,
		.width = 8, .bwidth = 10, .priority = 11, .offset = AT(gid) },
	[PMQ_F_MODE] = {
		.name = "mode", .alias = "perms", .title = "MODE", .type = FIELD_PERMS,
		.writers = W_COLUMN, .width = 9, .bwidth = 4, .priority = 6, .offset = AT(mode),
		.bit = 07777 },
	[PMQ_F_MAXMSG] = {
		.name = "maxmsg", .title = "MAXMSG", .type = FIELD_COUNT,
		.writers = W_COLUMN | FW_PROM, .width = 6, .bwidth = 6, .right = 1, .priority = 4,
		.offset = AT(maxmsg), .known = attr_known, .prom = "max_messages",
		.help = "Messages the queue holds at most (mq_maxmsg; absent when shmtop may not "
			"open it)." },
	[PMQ_F_MSGSIZE] = {
		.name = "msgsize", .title = "MSGSIZE", .type = FIELD_SIZE, .writers = W_COLUMN,
		.width = 7, .bwidth = 7, .right = 1, .priority = 8, .offset = AT(msgsize),
		.known = attr_known },
	[PMQ_F_CURMSGS] = {
		.name = "curmsgs", .alias = "messages", .title = "MSGS", .type = FIELD_COUNT,
		.writers = W_COLUMN | FW_PROM, .width = 6, .bwidth = 6, .right = 1, .priority = 1,
		.offset = AT(curmsgs), .known = attr_known, .prom = "messages",
		.help = "Messages in the queue (mq_curmsgs; absent when shmtop may not open it)." },
	[PMQ_F_QSIZE] = {
		.name = "qsize", .alias = "used-bytes", .title = "BYTES", .type = FIELD_SIZE,
		.writers = W_COLUMN | FW_PROM, .width = 6, .bwidth = 6, .right = 1, .priority = 2,
		.offset = AT(status.qsize), .known = status_known, .prom = "bytes",
		.help = "Bytes of message data in the queue (QSIZE; absent unless --pmq-status "
			"read it)." },
	[PMQ_F_NOTIFY] = {
		.name = "notify", .title = "NOTIFY", .type = FIELD_CUSTOM, .writers = W_COLUMN,
		.width = 9, .bwidth = 9, .priority = 10, .known = status_known, .text = notify_text,
		.json = notify_json, .csv = notify_csv },
	[PMQ_F_SIGNO] = {
		.name = "signo", .type = FIELD_INT, .writers = W_DATA, .offset = AT(status.signo),
		.known = status_known },
	[PMQ_F_NOTIFY_PID] = {
		.name = "notify_pid", .title = "NOTIFY-PID", .type = FIELD_PID,
		.writers = W_COLUMN | FW_SEARCH, .width = 17, .bwidth = 10, .priority = 5,
		.offset = AT(status.notify_pid), .known = status_known },
	[PMQ_F_NOTIFY_PID_COMM] = {
		.name = "notify_pid_comm", .type = FIELD_PID_COMM, .writers = W_DATA,
		.offset = AT(status.notify_pid), .known = status_known },
	[PMQ_F_NOTIFY_PID_ALIVE] = {
		.name = "notify_pid_alive", .type = FIELD_PID_ALIVE, .writers = W_DATA,
		.offset = AT(status.notify_pid), .known = status_known },
	[PMQ_F_MTIME] = {
		.name = "mtime", .title = "MODIFIED", .btitle = "MTIME", .type = FIELD_TIME,
		.writers = W_COLUMN, .width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1,
		.priority = 7, .offset = AT(mtime) },
	[PMQ_F_CTIME] = {
		.name = "ctime", .title = "CHANGED", .type = FIELD_TIME, .writers = W_COLUMN,
		.width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1, .priority = 12,
		.offset = AT(ctime) },
};

static const uint8_t dash_columns[] = {
	PMQ_F_NAME, PMQ_F_OWNER, PMQ_F_MODE, PMQ_F_CURMSGS, PMQ_F_MAXMSG, PMQ_F_MSGSIZE,
	PMQ_F_QSIZE, PMQ_F_NOTIFY_PID, PMQ_F_MTIME, FIELD_NONE,
};

static const uint8_t table_columns[] = {
	PMQ_F_NAME, PMQ_F_OWNER, PMQ_F_MODE, PMQ_F_CURMSGS, PMQ_F_MAXMSG, PMQ_F_MSGSIZE,
	PMQ_F_QSIZE, PMQ_F_NOTIFY_PID, PMQ_F_MTIME, FIELD_NONE,
};

static const uint8_t csv_columns[] = {
	PMQ_F_NAME, PMQ_F_INODE, PMQ_F_UID, PMQ_F_GID, PMQ_F_OWNER, PMQ_F_GROUP, PMQ_F_MODE,
	PMQ_F_MAXMSG, PMQ_F_MSGSIZE, PMQ_F_CURMSGS, PMQ_F_QSIZE, PMQ_F_NOTIFY, PMQ_F_SIGNO,
	PMQ_F_NOTIFY_PID, PMQ_F_NOTIFY_PID_COMM, PMQ_F_NOTIFY_PID_ALIVE, PMQ_F_MTIME, PMQ_F_CTIME,
	FIELD_NONE,
};

static const uint8_t prom_gauges[] = {
	PMQ_F_CURMSGS, PMQ_F_MAXMSG, PMQ_F_QSIZE, FIELD_NONE,
};

static const uint8_t sort_columns[] = {
	PMQ_F_NAME, PMQ_F_OWNER, PMQ_F_GROUP, PMQ_F_MODE, PMQ_F_CURMSGS, PMQ_F_MAXMSG,
	PMQ_F_MSGSIZE, PMQ_F_QSIZE, PMQ_F_NOTIFY_PID, PMQ_F_MTIME, PMQ_F_CTIME, FIELD_NONE,
};

uint64_t kind_pmq_key(uint64_t dev, uint64_t ino)
{
	return kind_posix_key(dev, ino);
}

static uint64_t pmq_key(const void *obj)
{
	const struct pmq *q = obj;

	return kind_pmq_key(q->dev, q->ino);
}

static int pmq_same_obj(const void *was, const void *now)
{
	return pmq_same(was, now);
}

static int unlink_queue(const struct kind_remove_ctx *ctx, const void *obj)
{
	return pmq_unlink(ctx->mq, obj);
}

static void label(const void *obj, char *buf, size_t size)
{
	fmt_escape(buf, size, ((const struct pmq *)obj)->name);
}

/* Opened and mq_getattr'd, never read unless src->pmq_flags says so (that sets its ctime). */
static int collect(struct source *src, const void **objs, size_t *n, char *warn, size_t warnsz)
{
	int rc = !src->mq ? -ENODEV : src->mq->fd < 0 ? src->mq->err :
		 pmq_list_dir(src->mq, &src->pmq, src->pmq_flags);

	*objs = src->pmq.v;
	*n = rc < 0 ? 0 : src->pmq.n;
	if (rc < 0)
		source_pmq_warn(src->mq, rc, warn, warnsz);
	return rc;
}

/* The process registered for its notification (with --pmq-status). */
static int held_queue(const void *obj, const struct kind_pid_ctx *ctx, int32_t pid)
{
	const struct pmq *q = obj;

	(void)ctx;
	return !q->status_err && q->status.notify_pid == pid;
}

const struct kind kind_pmq = {
	.name = "pmq",
	.title = "POSIX message queues",
	.noun = "POSIX message queues",
	.noun_one = "POSIX message queue",
	.id_name = "queue",
	.json_array = "posix_queues",
	.prom_prefix = "shmtop_posix_queue_",
	.size = sizeof(struct pmq),
	.fields = pmq_fields,
	.nfields = PMQ_F_COUNT,
	.dash_columns = dash_columns,
	.table_columns = table_columns,
	.csv_columns = csv_columns,
	.prom_gauges = prom_gauges,
	.collect = collect,
	.key = pmq_key,
	.same = pmq_same_obj,
	.use_field = PMQ_F_CURMSGS,
	.sort_columns = sort_columns,
	.sort_default = PMQ_F_NAME,
	.prom_rank = PMQ_F_CURMSGS,
	.unlinks = 1,
	.remove = unlink_queue,
	.held_by = held_queue,
	.label = label,
};
