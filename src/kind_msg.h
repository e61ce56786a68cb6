/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_msg.h - the fields of System V message queues by index. */
#ifndef SHMTOP_KIND_MSG_H
#define SHMTOP_KIND_MSG_H

#include "kind.h"

enum msg_field {
	MSG_F_KEY, MSG_F_MSQID, MSG_F_PERMS, MSG_F_CBYTES, MSG_F_QNUM, MSG_F_QBYTES, MSG_F_UID,
	MSG_F_GID, MSG_F_CUID, MSG_F_CGID, MSG_F_OWNER, MSG_F_GROUP, MSG_F_LSPID, MSG_F_LSPID_COMM,
	MSG_F_LSPID_ALIVE, MSG_F_LRPID, MSG_F_LRPID_COMM, MSG_F_LRPID_ALIVE, MSG_F_STIME,
	MSG_F_RTIME, MSG_F_CTIME, MSG_F_LEAK, MSG_F_LEAK_SUSPECT, MSG_F_LEAK_REASONS,
	MSG_F_COUNT
};

extern const struct kind kind_msg;

uint64_t kind_msg_key(int32_t msqid);

#endif
