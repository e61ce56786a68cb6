/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* source.h - where and how the kinds that are not in the segments' snapshot are read, and what
 * was read last: one struct that the batch (batchkinds.c) and the dashboard (refresh.c) fill
 * alike through each kind's collect hook (kind.h). */
#ifndef SHMTOP_SOURCE_H
#define SHMTOP_SOURCE_H

#include <stddef.h>

#include "holders.h"
#include "ipccollect.h"
#include "msgcollect.h"
#include "pmq.h"
#include "psem.h"
#include "semcollect.h"
#include "shmdir.h"

struct source {
	const char *procroot;
	struct ipccollect_cfg ipc;      /* System V: the *_STAT_ANY walk, or /proc for another procfs */
	const struct shmdir *shm;       /* the named semaphores' directory (not owned; NULL: none) */
	const struct shmdir *mq;        /* the mqueue filesystem (not owned; NULL: none) */
	unsigned pmq_flags;             /* PMQ_READ_STATUS with --pmq-status (it changes a queue) */
	int psem_mappers;               /* scan the named semaphores' mappers too (a read of every
					 * /proc/PID/maps) */
	int psem_mappers_err;           /* -errno of that scan, 0 when it worked or was not asked */
	struct semcollect sem;
	struct msgcollect msg;
	struct pmq_list pmq;
	struct psem_list psem;
	int holders_scan;               /* walk every /proc/PID/maps for the processes table now
					 * (else its collect hook hands back the last walk's) */
	uint64_t holders_ipc_ns;        /* only the processes of this IPC namespace (0: all) */
	struct holder_list holders;
};

/* Empty lists, reading the System V kinds by the *_STAT_ANY walk under "/proc" (the kernel
 * formats nothing, and it has qbytes, which /proc lacks), else from procroot's /proc files. */
void source_init(struct source *s, const char *procroot);
void source_free(struct source *s);

/* Why the queues' directory d cannot be listed (err: pmq_dir_open's or pmq_list_dir's), raw,
 * into warn. */
void source_pmq_warn(const struct shmdir *d, int err, char *warn, size_t warnsz);

#endif
