/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* batchkinds.h - the System V semaphore arrays and message queues, the POSIX message queues and
 * the POSIX named semaphores of one batch snapshot, when --kinds asks for them: collected,
 * filtered by -u and --leaks, and handed to the writers as output_kind sections with their
 * limits and usage. */
#ifndef SHMTOP_BATCHKINDS_H
#define SHMTOP_BATCHKINDS_H

#include <stddef.h>
#include <stdint.h>

#include "kind_sem.h"
#include "output.h"
#include "procinfo.h"
#include "shmdir.h"
#include "source.h"
#include "sysvsem.h"

/* The sections batchkinds can write, in Tab's order. */
enum { BK_SEM, BK_MSG, BK_PMQ, BK_PSEM, BK_PROC, BK_COUNT };

struct batchkinds {
	unsigned kinds;                 /* KIND_BITs of the kinds to collect (sem, msg, pmq, psem) */
	struct source src;              /* what each kind's collect read (source.h) */
	int32_t ns_pid;                 /* the queues: the mqueue filesystem this process sees, 0:
					 * shmtop's own */
	struct shmdir mq_dir;           /* opened at the first collection of queues */
	int mq_dir_tried;
	/* -s and -r, for the kind they name (the first one asked for) */
	const struct kind *sort_kind;
	uint8_t sort;
	int reverse;
	uint32_t *rows[BK_COUNT];       /* the objects to write, in order */
	size_t nrows[BK_COUNT], cap[BK_COUNT];
	struct semset_sem *vals;        /* the arrays' semaphores (JSON) */
	size_t *first, nvals;
	struct sem_values sv;
	struct sysvsem_guard guard;     /* GETALL's buffer, kept across the arrays */
	struct output_kind out[BK_COUNT]; /* the sections */
	size_t nout;
	struct output_total totals[BK_COUNT][8];
	char *titles[BK_COUNT];
	int64_t stale_secs;
	uint64_t ipc_ns;                /* the processes: only those of this IPC namespace (0: all) */
};

void batchkinds_init(struct batchkinds *bk, unsigned want, const char *procroot,
		     int64_t stale_secs);
void batchkinds_free(struct batchkinds *bk);

/* Where the POSIX kinds are: the named semaphores in shm (shmdir.h, opened by the caller and
 * kept open while bk is used; the --shm-dir and --ipc-ns rules of POSIX shared memory), the
 * message queues in the mqueue filesystem that process ns_pid sees (pmq_dir_open: its
 * mountinfo, inside its root; 0: shmtop's own), each queue's status line read only with
 * PMQ_READ_STATUS in pmq_flags (it sets the queue's atime and ctime: pmq.h). */
void batchkinds_posix(struct batchkinds *bk, const struct shmdir *shm, int32_t ns_pid,
		      unsigned pmq_flags);

/* Order the rows of kind k by its field (a sort column of k) and reverse (-s and -r name a field
 * of the first kind asked for); the other kinds' by their default. */
void batchkinds_sort(struct batchkinds *bk, const struct kind *k, uint8_t field, int reverse);

/* Collect the kinds asked for at time now: the rows that pass uid (when by_uid) and, with leaks,
 * only the suspects judged with pids (the queues' senders and readers, and the POSIX queues'
 * notification's processes, are read into it first; NULL: no process is known to be gone); the
 * kinds without leak rules (arrays, POSIX queues and semaphores) not at all with leaks. With
 * values, each array's semaphores (semctl, read only). Sets octx->kinds, nkinds, sems and psems.
 * A kind that cannot be read is left out with a one-line warning in warn (raw; else ""). Returns
 * how many suspects there are, or -ENOMEM. */
int batchkinds_collect(struct batchkinds *bk, struct output_ctx *octx, int by_uid, uint32_t uid,
		       int leaks, int values, struct procinfo_cache *pids, int64_t now,
		       char *warn, size_t warnsz);

#endif
