/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* msgcollect.h - one poll of System V message queues: the list from /proc/sysvipc/msg or the
 * msgctl walk, with the kernel's limits (ipcs -l) and what is in use (ipcs -u). */
#ifndef SHMTOP_MSGCOLLECT_H
#define SHMTOP_MSGCOLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "ipccollect.h"
#include "msgq.h"

struct msgcollect {
	struct msgq_list queues;
	struct msg_limits limits; /* MSGQ_LIMIT_UNKNOWN where unknown */
	struct msg_usage usage;   /* MSGQ_LIMIT_UNKNOWN where unknown */
	struct ipccollect_stats st; /* the source it came from, malformed lines, skipped queues */
};

void msgcollect_init(struct msgcollect *c);
void msgcollect_free(struct msgcollect *c);

/* Fill c (its list emptied first, its memory kept) as ipccollect_list says, then the limits:
 * msgmax, msgmnb and msgmni from <procroot>/sys/kernel/msg*, else from msgctl IPC_INFO. Usage is
 * counted from the list when it holds every queue (ipccollect_complete: 64-bit sums, where the
 * kernel's MSG_INFO reports ints), else taken from MSG_INFO, which counts also what we could not
 * list. From /proc, qbytes is MSGQ_UNKNOWN: msgcollect_qbytes fills it where wanted. warn: as
 * ipccollect_list. Returns 0, or -errno when no source could be read. */
int msgcollect_read(const struct ipccollect_cfg *cfg, struct msgcollect *c, char *warn,
		    size_t warnsz);

/* Fill in the qbytes of the given rows (indexes into c->queues; all of them when rows is NULL)
 * where it is unknown, with one IPC_STAT each (sysvmsg_qbytes): rows whose queue is gone,
 * replaced or not readable by us stay unknown. Returns how many were filled in. */
size_t msgcollect_qbytes(struct msgcollect *c, const uint32_t *rows, size_t nrows);

#endif
