/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* msgq.h - the struct for a System V message queue and a growable list of them. Every layer passes
 * message queues around as this struct. */
#ifndef SHMTOP_MSGQ_H
#define SHMTOP_MSGQ_H

#include <stddef.h>
#include <stdint.h>

#define MSGQ_MODE_PERMS 0777u /* the rwx bits: the kernel keeps no other mode bits for a queue */
#define MSGQ_UNKNOWN (-1)     /* qbytes where the source does not report it (/proc) */

struct msgq {
	int32_t key;         /* key_t; IPC_PRIVATE (0) for a private queue */
	int32_t msqid;
	uint32_t mode;       /* msg_perm.mode */
	uint32_t uid, gid;   /* owner */
	uint32_t cuid, cgid; /* creator */
	int32_t lspid;       /* the last process to send (msgsnd), as our PID namespace numbers it:
			      * 0 when none, or not visible from here */
	int32_t lrpid;       /* the last process to receive (msgrcv), likewise */
	uint64_t cbytes;     /* bytes in the queue now */
	uint64_t qnum;       /* messages in the queue now */
	int64_t qbytes;      /* the most bytes the queue may hold (msg_qbytes, set at creation
			      * from msgmnb or by IPC_SET): msgctl reports it, /proc/sysvipc/msg
			      * does not; MSGQ_UNKNOWN until a msgctl told */
	int64_t stime;       /* last msgsnd, Unix seconds, 0 = never */
	int64_t rtime;       /* last msgrcv, 0 = never */
	int64_t ctime;       /* creation, or the last IPC_SET */
};

#define MSGQ_LIMIT_UNKNOWN UINT64_MAX /* a limit or usage figure that could not be read */

/* The kernel's limits for message queues (ipcs -l), per IPC namespace. */
struct msg_limits {
	uint64_t msgmax; /* bytes in one message */
	uint64_t msgmnb; /* the qbytes a new queue gets */
	uint64_t msgmni; /* queues */
};

/* What is in use (ipcs -u): the kernel's MSG_INFO msgpool, msgmap and msgtql. */
struct msg_usage {
	uint64_t queues;   /* queues in use */
	uint64_t messages; /* messages in all of them */
	uint64_t bytes;    /* bytes in all of them */
};

struct msgq_list {
	struct msgq *v;
	size_t n, cap;
};

/* Make room for cap queues in all. Returns 0 or -ENOMEM (the list is unchanged then). */
int msgq_list_reserve(struct msgq_list *l, size_t cap);
/* Append a copy of *q. Returns 0 or -ENOMEM (the list is unchanged then). */
int msgq_list_push(struct msgq_list *l, const struct msgq *q);
/* Forget the contents but keep the memory for the next poll. */
void msgq_list_clear(struct msgq_list *l);
void msgq_list_free(struct msgq_list *l);

/* Nonzero when `now` is the queue `was` seen later, for tracking across polls: the same msqid,
 * key, cuid and cgid (none of which changes while a queue lives), and times that did not run
 * backwards (ctime, stime and rtime of now not before was's). A queue's ctime moves only on
 * IPC_SET (new owner, mode or qbytes): a change of the same queue, not a new one. Ids are reused,
 * so the id alone never decides; a replacement that agrees on all of these is taken for the same
 * queue until its times differ. A clock set back can make one queue look new. */
int msgq_same(const struct msgq *was, const struct msgq *now);

/* Nonzero when a and b agree on everything that identifies a queue and on what only its owner
 * changes: msqid, key, cuid, cgid, ctime, uid, gid, mode, and qbytes where both know it (IPC_SET,
 * the only way to change qbytes, moves ctime too). The removal re-check: what senders and
 * receivers change (cbytes, qnum, lspid, lrpid, stime, rtime) is use and is not compared. A
 * same-second replacement can still agree on all of these (sysvmsg_remove). */
int msgq_identical(const struct msgq *a, const struct msgq *b);

#endif
