/* batchkinds.h - the System V semaphore arrays and message queues of one batch snapshot, when
 * --kinds asks for them: collected, filtered by -u and --leaks, and handed to the writers as
 * output_kind sections with their limits and usage. */
#ifndef SHMTOP_BATCHKINDS_H
#define SHMTOP_BATCHKINDS_H

#include <stddef.h>
#include <stdint.h>

#include "kind_sem.h"
#include "msgcollect.h"
#include "output.h"
#include "procinfo.h"
#include "semcollect.h"

struct batchkinds {
	unsigned kinds;                 /* KIND_BITs of the kinds to collect (sem, msg) */
	struct ipccollect_cfg cfg;
	struct semcollect sem;
	struct msgcollect msg;
	uint32_t *rows[2];              /* the arrays and queues to write, in order */
	size_t nrows[2], cap[2];
	struct semset_sem *vals;        /* the arrays' semaphores (JSON) */
	size_t *first, nvals;
	struct sem_values sv;
	struct output_kind out[2];      /* the sections */
	size_t nout;
	struct output_total totals[2][8];
	char titles[2][160];
	int64_t stale_secs;
};

void batchkinds_init(struct batchkinds *bk, unsigned want, const char *procroot,
		     int64_t stale_secs);
void batchkinds_free(struct batchkinds *bk);

/* Collect the kinds asked for at time now: the rows that pass uid (when by_uid) and, with leaks,
 * only the suspects judged with pids (the queues' senders and readers are read into it first;
 * NULL: no process is known to be gone); with values, each array's semaphores (semctl, read
 * only). Sets octx->kinds, nkinds and sems. A kind that cannot be read is left out with a
 * one-line warning in warn (raw; else ""). Returns how many suspects there are, or -ENOMEM. */
int batchkinds_collect(struct batchkinds *bk, struct output_ctx *octx, int by_uid, uint32_t uid,
		       int leaks, int values, struct procinfo_cache *pids, int64_t now,
		       char *warn, size_t warnsz);

#endif
