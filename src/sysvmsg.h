/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* sysvmsg.h - the only module that calls msgctl. Everything above it gets message queues as
 * struct msgq and errors as -errno. It never sends or receives: a queue's messages stay unread. */
#ifndef SHMTOP_SYSVMSG_H
#define SHMTOP_SYSVMSG_H

#include <stddef.h>
#include <stdint.h>

#include "ipcscan.h"
#include "msgq.h"

/* Append every queue visible through msgctl: IPC_INFO for the highest index, then MSG_STAT_ANY
 * (falling back to MSG_STAT) per index (ipcscan_walk); qbytes comes with each. Returns 0,
 * -ENOMEM, -errno of IPC_INFO or of the walk, or -EPERM when every index was refused (the list is
 * as it was on any error). */
int sysvmsg_list(struct msgq_list *out, struct ipcscan_stats *st);

/* IPC_STAT one id (needs read permission). Returns 0 or -errno (-EINVAL/-EIDRM when it is gone,
 * -EACCES). */
int sysvmsg_stat(int msqid, struct msgq *out);

/* Fill in q->qbytes, which /proc/sysvipc/msg does not print, from IPC_STAT of q->msqid, if the id
 * still names the same queue (msgq_same). Returns 0, -ESTALE, or -errno (q unchanged then). */
int sysvmsg_qbytes(struct msgq *q);

/* Limits from IPC_INFO: msgmax, msgmnb and msgmni. Returns 0 or -errno. */
int sysvmsg_limits_read(struct msg_limits *lim);

/* Usage from MSG_INFO: queues in use (msgpool), messages (msgmap) and bytes (msgtql) in them.
 * The kernel keeps the last two in 64 bits but reports an int: newer kernels stop them at
 * INT_MAX, older ones wrap; a negative one reads as MSGQ_LIMIT_UNKNOWN. Returns 0 or -errno. */
int sysvmsg_usage_read(struct msg_usage *use);

/* IPC_RMID, but only if msqid still names the queue `expect`, as a poll that began at seen_ns
 * (Unix nanoseconds) saw it: every field of msgq_identical must agree, else -ESTALE ("changed
 * since you confirmed"). The messages still in the queue are destroyed with it. A replacement at
 * the same id needs the id's slot to come round with the same sequence number, or msg_next_id
 * set by a privileged process, and then the same key, owner, creator and mode; its ctime, the
 * second it was created, tells it apart. So when expect's ctime is within a second of seen_ns a
 * replacement made after that poll could agree on every field, and there is no finer creation
 * time to ask: -EAGAIN, and the caller asks again after a later poll. What remains: nothing can
 * hold a queue's id, so between the IPC_STAT and the IPC_RMID (two system calls) the queue can be
 * removed and its id given to a new one with the same ctime second; only a process that sets
 * msg_next_id can make that happen on purpose. Otherwise 0 or -errno (-EACCES: not readable by
 * us, so not checked; -EPERM: not its owner, creator or root; -EINVAL/-EIDRM: gone). */
int sysvmsg_remove(int msqid, const struct msgq *expect, int64_t seen_ns);

#endif
