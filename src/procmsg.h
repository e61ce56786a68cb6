/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procmsg.h - parse /proc/sysvipc/msg into message queues, columns found by their names. */
#ifndef SHMTOP_PROCMSG_H
#define SHMTOP_PROCMSG_H

#include <stdio.h>

#include "msgq.h"

struct procmsg_stats {
	size_t lines;     /* data lines read (not counting the header and blank lines) */
	size_t malformed; /* data lines skipped because they did not parse */
};

/* Read the whole file from f and append one queue per well-formed line to out. Columns are found
 * by name (key, msqid, perms, cbytes, qnum, lspid, lrpid, uid, gid, cuid, cgid, stime, rtime,
 * ctime); unknown columns are ignored; a missing optional column reads as 0. The file has no
 * qbytes: every queue gets MSGQ_UNKNOWN. Returns 0, -ENODATA for an empty file, -EINVAL when the
 * header lacks a required column (key, msqid, perms, cbytes, qnum), -ENOMEM (out keeps what was
 * appended), or -errno from reading. */
int procmsg_parse(FILE *f, struct msgq_list *out, struct procmsg_stats *st);

#endif
