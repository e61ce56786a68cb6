/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procmsg.c - parse /proc/sysvipc/msg: the kernel's sysvipc_msg_proc_show prints, after its header,
 * "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu" per queue (key
 * signed, perms octal; lspid and lrpid as the PID namespace of the proc mount numbers them). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "procipc.h"
#include "procmsg.h"

enum col { C_KEY, C_MSQID, C_PERMS, C_CBYTES, C_QNUM, C_LSPID, C_LRPID, C_UID, C_GID, C_CUID,
	   C_CGID, C_STIME, C_RTIME, C_CTIME, C_COUNT };

static const struct procipc_col cols[C_COUNT] = {
	[C_KEY] = { "key", PROCIPC_KEY, 0 },
	[C_MSQID] = { "msqid", PROCIPC_DEC, INT32_MAX },
	[C_PERMS] = { "perms", PROCIPC_OCT, 07777 },
	[C_CBYTES] = { "cbytes", PROCIPC_DEC, INT64_MAX },
	[C_QNUM] = { "qnum", PROCIPC_DEC, INT64_MAX },
	[C_LSPID] = { "lspid", PROCIPC_DEC, INT32_MAX },
	[C_LRPID] = { "lrpid", PROCIPC_DEC, INT32_MAX },
	[C_UID] = { "uid", PROCIPC_DEC, UINT32_MAX },
	[C_GID] = { "gid", PROCIPC_DEC, UINT32_MAX },
	[C_CUID] = { "cuid", PROCIPC_DEC, UINT32_MAX },
	[C_CGID] = { "cgid", PROCIPC_DEC, UINT32_MAX },
	[C_STIME] = { "stime", PROCIPC_DEC, INT64_MAX },
	[C_RTIME] = { "rtime", PROCIPC_DEC, INT64_MAX },
	[C_CTIME] = { "ctime", PROCIPC_DEC, INT64_MAX },
};

#define REQUIRED (1u << C_KEY | 1u << C_MSQID | 1u << C_PERMS | 1u << C_CBYTES | 1u << C_QNUM)

int procmsg_parse(FILE *f, struct msgq_list *out, struct procmsg_stats *st)
{
	struct procipc p;
	int64_t v[C_COUNT];
	int rc;

	memset(st, 0, sizeof(*st));
	rc = procipc_open(&p, f, cols, C_COUNT, REQUIRED);
	while (rc == 0) {
		struct msgq q;

		memset(v, 0, sizeof(v));
		rc = procipc_next(&p, v);
		if (rc <= 0 && rc != -EBADMSG)
			break;
		st->lines++;
		if (rc == -EBADMSG) {
			st->malformed++;
			rc = 0;
			continue;
		}
		q.key = (int32_t)v[C_KEY];
		q.msqid = (int32_t)v[C_MSQID];
		q.mode = (uint32_t)v[C_PERMS];
		q.uid = (uint32_t)v[C_UID];
		q.gid = (uint32_t)v[C_GID];
		q.cuid = (uint32_t)v[C_CUID];
		q.cgid = (uint32_t)v[C_CGID];
		q.lspid = (int32_t)v[C_LSPID];
		q.lrpid = (int32_t)v[C_LRPID];
		q.cbytes = (uint64_t)v[C_CBYTES];
		q.qnum = (uint64_t)v[C_QNUM];
		q.qbytes = MSGQ_UNKNOWN;
		q.stime = v[C_STIME];
		q.rtime = v[C_RTIME];
		q.ctime = v[C_CTIME];
		rc = msgq_list_push(out, &q);
	}
	procipc_close(&p);
	return rc;
}
