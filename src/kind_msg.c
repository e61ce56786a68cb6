/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_msg.c - System V message queues as a kind: the column registry of struct msgq (the names
 * of /proc/sysvipc/msg), their leak judgement's fields, the default columns. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fmt.h"
#include "kind_msg.h"
#include "leak.h"
#include "msgq.h"
#include "procinfo.h"
#include "source.h"
#include "sysvmsg.h"

#define AT(m) offsetof(struct msgq, m)

/* The last sender and reader did their last msgsnd and msgrcv at stime and rtime. */
static int64_t since_stime(const void *obj)
{
	return ((const struct msgq *)obj)->stime;
}

static int64_t since_rtime(const void *obj)
{
	return ((const struct msgq *)obj)->rtime;
}

#define W_DATA (FW_JSON | FW_CSV)
#define W_COLUMN (FW_DASH | FW_TABLE | FW_JSON | FW_CSV)

/* In JSON member order. */
static const struct field msg_fields[MSG_F_COUNT] = {
	[MSG_F_KEY] = {
		.name = "key", .title = "KEY", .type = FIELD_KEY,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 10, .bwidth = 10,
		.priority = 0, .offset = AT(key) },
	[MSG_F_MSQID] = {
		.name = "msqid", .alias = "id", .title = "MSQID", .type = FIELD_INT,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 8, .bwidth = 10, .right = 1,
		.priority = 1, .offset = AT(msqid) },
	[MSG_F_PERMS] = {
		.name = "perms", .title = "PERMS", .type = FIELD_PERMS, .writers = W_COLUMN,
		.width = 9, .bwidth = 5, .priority = 9, .offset = AT(mode) },
	[MSG_F_CBYTES] = {
		.name = "cbytes", .alias = "used-bytes", .title = "BYTES", .type = FIELD_SIZE,
		.writers = W_COLUMN | FW_PROM, .width = 6, .bwidth = 6, .right = 1, .priority = 3,
		.offset = AT(cbytes), .prom = "bytes", .help = "Bytes in the queue's messages." },
	[MSG_F_QNUM] = {
		.name = "qnum", .alias = "messages", .title = "MSGS", .type = FIELD_COUNT,
		.writers = W_COLUMN | FW_PROM, .width = 6, .bwidth = 6, .right = 1, .priority = 2,
		.offset = AT(qnum), .prom = "messages", .help = "Messages in the queue." },
	[MSG_F_QBYTES] = {
		.name = "qbytes", .title = "QBYTES", .type = FIELD_MEM, .writers = W_COLUMN,
		.width = 6, .bwidth = 7, .right = 1, .priority = 13, .offset = AT(qbytes) },
	[MSG_F_UID] = { .name = "uid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(uid) },
	[MSG_F_GID] = { .name = "gid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(gid) },
	[MSG_F_CUID] = { .name = "cuid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(cuid) },
	[MSG_F_CGID] = { .name = "cgid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(cgid) },
	[MSG_F_OWNER] = {
		.name = "owner", .alias = "user", .title = "OWNER", .type = FIELD_USER,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 8, .bwidth = 10,
		.priority = 4, .offset = AT(uid) },
	[MSG_F_GROUP] = {
		.name = "group", .title = "GROUP", .type = FIELD_GROUP, .writers = W_COLUMN,
		.width = 8, .bwidth = 10, .priority = 14, .offset = AT(gid) },
	[MSG_F_LSPID] = {
		.name = "lspid", .title = "LSPID", .type = FIELD_PID,
		.writers = W_COLUMN | FW_SEARCH, .width = 17, .bwidth = 7, .priority = 6,
		.offset = AT(lspid), .since = since_stime },
	[MSG_F_LSPID_COMM] = {
		.name = "lspid_comm", .type = FIELD_PID_COMM, .writers = W_DATA,
		.offset = AT(lspid), .since = since_stime },
	[MSG_F_LSPID_ALIVE] = {
		.name = "lspid_alive", .type = FIELD_PID_ALIVE, .writers = W_DATA,
		.offset = AT(lspid), .since = since_stime },
	[MSG_F_LRPID] = {
		.name = "lrpid", .title = "LRPID", .type = FIELD_PID,
		.writers = W_COLUMN | FW_SEARCH, .width = 17, .bwidth = 7, .priority = 7,
		.offset = AT(lrpid), .since = since_rtime },
	[MSG_F_LRPID_COMM] = {
		.name = "lrpid_comm", .type = FIELD_PID_COMM, .writers = W_DATA,
		.offset = AT(lrpid), .since = since_rtime },
	[MSG_F_LRPID_ALIVE] = {
		.name = "lrpid_alive", .type = FIELD_PID_ALIVE, .writers = W_DATA,
		.offset = AT(lrpid), .since = since_rtime },
	[MSG_F_STIME] = {
		.name = "stime", .alias = "send", .title = "SENT", .type = FIELD_TIME,
		.writers = W_COLUMN, .width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1,
		.priority = 8, .offset = AT(stime) },
	[MSG_F_RTIME] = {
		.name = "rtime", .alias = "recv", .title = "RECEIVED", .type = FIELD_TIME,
		.writers = W_COLUMN, .width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1,
		.priority = 10, .offset = AT(rtime) },
	[MSG_F_CTIME] = {
		.name = "ctime", .title = "CHANGED", .type = FIELD_TIME, .writers = W_COLUMN,
		.width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1, .priority = 12,
		.offset = AT(ctime) },
	[MSG_F_LEAK] = {
		.name = "leak", .title = "LEAK", .type = FIELD_CUSTOM,
		.writers = FW_DASH | FW_TABLE | FW_JSON | FW_LEAK, .width = 12, .priority = 5,
		.text = field_leak_text, .json = field_leak_json },
	[MSG_F_LEAK_SUSPECT] = {
		.name = "leak_suspect", .type = FIELD_CUSTOM, .writers = FW_CSV | FW_PROM | FW_LEAK,
		.csv = field_suspect_csv, .num = field_suspect_num, .prom = "leak_suspect",
		.help = "1 when the queue is a leak suspect: it holds messages, whoever read it (or, "
			"never read, sent to it) is gone, and nobody used it for longer than --stale "
			"(see shmtop(1))." },
	[MSG_F_LEAK_REASONS] = {
		.name = "leak_reasons", .type = FIELD_CUSTOM, .writers = FW_CSV | FW_LEAK,
		.csv = field_reasons_csv },
};

static const uint8_t dash_columns[] = {
	MSG_F_KEY, MSG_F_MSQID, MSG_F_OWNER, MSG_F_PERMS, MSG_F_QNUM, MSG_F_CBYTES, MSG_F_LEAK,
	MSG_F_LSPID, MSG_F_LRPID, MSG_F_STIME, MSG_F_RTIME, MSG_F_CTIME, FIELD_NONE,
};

static const uint8_t table_columns[] = {
	MSG_F_KEY, MSG_F_MSQID, MSG_F_OWNER, MSG_F_PERMS, MSG_F_QNUM, MSG_F_CBYTES, MSG_F_LSPID,
	MSG_F_LRPID, MSG_F_STIME, MSG_F_RTIME, MSG_F_CTIME, FIELD_NONE,
};

static const uint8_t csv_columns[] = {
	MSG_F_KEY, MSG_F_MSQID, MSG_F_PERMS, MSG_F_CBYTES, MSG_F_QNUM, MSG_F_QBYTES, MSG_F_UID,
	MSG_F_GID, MSG_F_CUID, MSG_F_CGID, MSG_F_OWNER, MSG_F_GROUP, MSG_F_LSPID, MSG_F_LSPID_COMM,
	MSG_F_LSPID_ALIVE, MSG_F_LRPID, MSG_F_LRPID_COMM, MSG_F_LRPID_ALIVE, MSG_F_STIME,
	MSG_F_RTIME, MSG_F_CTIME, MSG_F_LEAK_SUSPECT, MSG_F_LEAK_REASONS, FIELD_NONE,
};

static const uint8_t prom_gauges[] = {
	MSG_F_QNUM, MSG_F_CBYTES, MSG_F_LEAK_SUSPECT, FIELD_NONE,
};

static const uint8_t sort_columns[] = {
	MSG_F_KEY, MSG_F_MSQID, MSG_F_OWNER, MSG_F_GROUP, MSG_F_PERMS, MSG_F_QNUM, MSG_F_CBYTES,
	MSG_F_QBYTES, MSG_F_LSPID, MSG_F_LRPID, MSG_F_STIME, MSG_F_RTIME, MSG_F_CTIME, FIELD_NONE,
};

uint64_t kind_msg_key(int32_t msqid)
{
	return (uint32_t)msqid;
}

static uint64_t msg_key(const void *obj)
{
	return kind_msg_key(((const struct msgq *)obj)->msqid);
}

static int msg_same(const void *was, const void *now)
{
	return msgq_same(was, now);
}

static int remove_queue(const struct kind_remove_ctx *ctx, const void *obj)
{
	const struct msgq *q = obj;

	return sysvmsg_remove(q->msqid, q, ctx->seen_ns);
}

static void label(const void *obj, char *buf, size_t size)
{
	snprintf(buf, size, "msqid %d", (int)((const struct msgq *)obj)->msqid);
}

static int collect(struct source *src, const void **objs, size_t *n, char *warn, size_t warnsz)
{
	int rc = msgcollect_read(&src->ipc, &src->msg, warn, warnsz);

	*objs = src->msg.queues.v;
	*n = rc < 0 ? 0 : src->msg.queues.n;
	return rc;
}

/* Stuck (its reader, or never read its sender, known to be gone), stale. */
static unsigned leak_queue(const void *obj, const struct leak_ctx *ctx)
{
	const struct msgq *q = obj;

	return leak_msg_reasons(q, procinfo_cache_gone(ctx->pids, q->lrpid, q->rtime),
				procinfo_cache_gone(ctx->pids, q->lspid, q->stime), ctx->now,
				ctx->stale_secs ? ctx->stale_secs : LEAK_STALE_DEFAULT);
}

/* Its last sender or receiver. */
static int held_queue(const void *obj, const struct kind_pid_ctx *ctx, int32_t pid)
{
	const struct msgq *q = obj;

	(void)ctx;
	return q->lspid == pid || q->lrpid == pid;
}

const struct kind kind_msg = {
	.name = "msg",
	.title = "System V message queues",
	.noun = "message queues",
	.noun_one = "message queue",
	.id_name = "msqid",
	.json_array = "queues",
	.prom_prefix = "shmtop_message_queue_",
	.size = sizeof(struct msgq),
	.fields = msg_fields,
	.nfields = MSG_F_COUNT,
	.dash_columns = dash_columns,
	.table_columns = table_columns,
	.csv_columns = csv_columns,
	.prom_gauges = prom_gauges,
	.collect = collect,
	.key = msg_key,
	.same = msg_same,
	.use_field = MSG_F_QNUM,
	.sort_columns = sort_columns,
	.sort_default = MSG_F_MSQID,
	.prom_rank = MSG_F_CBYTES,
	.leak = leak_queue,
	.remove = remove_queue,
	.held_by = held_queue,
	.label = label,
};
