/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_pmq.h - the fields of POSIX message queues by index. */
#ifndef SHMTOP_KIND_PMQ_H
#define SHMTOP_KIND_PMQ_H

#include <stdint.h>

#include "kind.h"

enum pmq_field {
	PMQ_F_NAME, PMQ_F_INODE, PMQ_F_UID, PMQ_F_GID, PMQ_F_OWNER, PMQ_F_GROUP, PMQ_F_MODE,
	PMQ_F_MAXMSG, PMQ_F_MSGSIZE, PMQ_F_CURMSGS, PMQ_F_QSIZE, PMQ_F_NOTIFY, PMQ_F_SIGNO,
	PMQ_F_NOTIFY_PID, PMQ_F_NOTIFY_PID_COMM, PMQ_F_NOTIFY_PID_ALIVE, PMQ_F_MTIME, PMQ_F_CTIME,
	PMQ_F_COUNT
};

extern const struct kind kind_pmq;

/* The model's key of a queue: its device and inode mixed (kind_posix_key). */
uint64_t kind_pmq_key(uint64_t dev, uint64_t ino);

#endif
