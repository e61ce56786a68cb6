/* batchkinds.c - semaphore arrays and message queues for the batch writers: collect, filter,
 * judge, and describe as sections with their totals. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batchkinds.h"
#include "kind_msg.h"
#include "kinds.h"
#include "leak.h"
#include "sysvsem.h"
#include "table.h"

enum { B_SEM, B_MSG };

void batchkinds_init(struct batchkinds *bk, unsigned want, const char *procroot,
		     int64_t stale_secs)
{
	memset(bk, 0, sizeof(*bk));
	bk->kinds = want;
	bk->cfg.procroot = procroot;
	bk->cfg.source = IPC_SOURCE_PROC;
	bk->cfg.source_auto = 1;
	bk->stale_secs = stale_secs;
	semcollect_init(&bk->sem);
	msgcollect_init(&bk->msg);
}

void batchkinds_free(struct batchkinds *bk)
{
	semcollect_free(&bk->sem);
	msgcollect_free(&bk->msg);
	for (int i = 0; i < 2; i++)
		free(bk->rows[i]);
	free(bk->vals);
	free(bk->first);
	memset(bk, 0, sizeof(*bk));
}

/* A queue's leak judgement: its reader (or, never read, its sender) known to be gone by what the
 * cache holds. */
static int msg_leak(const struct output_ctx *o, const struct snapshot *snap, const void *obj,
		    unsigned *reasons)
{
	const struct msgq *q = obj;
	int64_t now = o->now ? o->now : snap ? snap->time : 0;
	unsigned r = leak_msg_reasons(q, procinfo_cache_gone(o->pids, q->lrpid, q->rtime),
				      procinfo_cache_gone(o->pids, q->lspid, q->stime), now,
				      o->stale_secs ? o->stale_secs : LEAK_STALE_DEFAULT);

	if (reasons)
		*reasons = r;
	return leak_is_suspect(r);
}

static int reserve_rows(struct batchkinds *bk, int which, size_t n)
{
	uint32_t *r;

	if (n <= bk->cap[which])
		return 0;
	r = realloc(bk->rows[which], n * sizeof(*r));
	if (!r)
		return -ENOMEM;
	bk->rows[which] = r;
	bk->cap[which] = n;
	return 0;
}

static struct output_total total(const char *json, const char *prom, const char *help,
				 uint64_t v, int usage)
{
	struct output_total t = { json, prom, help, v, v != UINT64_MAX, usage };

	return t;
}

/* Each array's semaphores, as ipcs -s -i reads them; first[i] SIZE_MAX where they cannot be. */
static int read_values(struct batchkinds *bk)
{
	const struct semset_list *l = &bk->sem.sets;
	size_t n = 0, at = 0;
	void *p;

	for (size_t i = 0; i < l->n; i++)
		n += l->v[i].nsems;
	p = realloc(bk->vals, (n ? n : 1) * sizeof(*bk->vals));
	if (!p)
		return -ENOMEM;
	bk->vals = p;
	p = realloc(bk->first, (l->n ? l->n : 1) * sizeof(*bk->first));
	if (!p)
		return -ENOMEM;
	bk->first = p;
	for (size_t i = 0; i < l->n; i++) {
		bk->first[i] = SIZE_MAX;
		if (sysvsem_detail(l->v[i].semid, &l->v[i], bk->vals + at, n - at) == 0) {
			bk->first[i] = at;
			at += l->v[i].nsems;
		}
	}
	bk->sv = (struct sem_values){ bk->vals, bk->first, l->v };
	return 0;
}

static int collect_sem(struct batchkinds *bk, int by_uid, uint32_t uid, int values, char *warn,
		       size_t warnsz)
{
	const struct sem_limits *lim = &bk->sem.limits;
	const struct sem_usage *u = &bk->sem.usage;
	struct output_kind *ok = &bk->out[bk->nout];
	struct output_total *t = bk->totals[B_SEM];
	size_t n = 0;

	if (semcollect_read(&bk->cfg, &bk->sem, warn, warnsz) < 0)
		return 0; /* warned: left out */
	if (reserve_rows(bk, B_SEM, bk->sem.sets.n) < 0 || (values && read_values(bk) < 0))
		return -ENOMEM;
	for (size_t i = 0; i < bk->sem.sets.n; i++)
		if (!by_uid || bk->sem.sets.v[i].uid == uid)
			bk->rows[B_SEM][n++] = (uint32_t)i;
	table_sort(bk->rows[B_SEM], n, &kind_sem, bk->sem.sets.v, kind_sem.sort_default, 0, NULL);
	t[0] = total("semmsl", "shmtop_limit_semmsl", "Most semaphores in one array (SEMMSL).",
		     lim->semmsl, 0);
	t[1] = total("semmns", "shmtop_limit_semmns",
		     "Most semaphores in all arrays together (SEMMNS).", lim->semmns, 0);
	t[2] = total("semopm", "shmtop_limit_semopm", "Most operations in one semop call (SEMOPM).",
		     lim->semopm, 0);
	t[3] = total("semmni", "shmtop_limit_semmni", "Most semaphore arrays (SEMMNI).",
		     lim->semmni, 0);
	t[4] = total("semvmx", "shmtop_limit_semvmx", "The largest value of a semaphore (SEMVMX).",
		     lim->semvmx, 0);
	t[5] = total("semaphore_arrays", "shmtop_semaphore_arrays", "Semaphore arrays in use.",
		     u->arrays, 1);
	t[6] = total("semaphores", "shmtop_semaphores", "Semaphores allocated in all arrays.",
		     u->sems, 1);
	snprintf(bk->titles[B_SEM], sizeof(bk->titles[B_SEM]),
		 "System V semaphore arrays - %zu arrays, %llu semaphores%s", bk->sem.sets.n,
		 (unsigned long long)(u->sems == UINT64_MAX ? 0 : u->sems),
		 n != bk->sem.sets.n ? ", some not shown" : "");
	*ok = (struct output_kind){ &kind_sem, bk->sem.sets.v, bk->sem.sets.n, bk->rows[B_SEM], n,
				    NULL, bk->titles[B_SEM], t, 7 };
	bk->nout++;
	return 0;
}

static int collect_msg(struct batchkinds *bk, struct output_ctx *octx, int by_uid, uint32_t uid,
		       int leaks, struct procinfo_cache *pids, int *suspects, char *warn,
		       size_t warnsz)
{
	const struct msg_limits *lim = &bk->msg.limits;
	const struct msg_usage *u = &bk->msg.usage;
	struct output_kind *ok = &bk->out[bk->nout];
	struct output_total *t = bk->totals[B_MSG];
	size_t n = 0;

	if (msgcollect_read(&bk->cfg, &bk->msg, warn, warnsz) < 0)
		return 0;
	if (reserve_rows(bk, B_MSG, bk->msg.queues.n) < 0)
		return -ENOMEM;
	if (pids)
		for (size_t i = 0; i < bk->msg.queues.n; i++) {
			procinfo_cache_get(pids, bk->msg.queues.v[i].lspid);
			procinfo_cache_get(pids, bk->msg.queues.v[i].lrpid);
		}
	for (size_t i = 0; i < bk->msg.queues.n; i++) {
		const struct msgq *q = &bk->msg.queues.v[i];

		if (by_uid && q->uid != uid)
			continue;
		if (leaks && !msg_leak(octx, NULL, q, NULL))
			continue;
		bk->rows[B_MSG][n++] = (uint32_t)i;
	}
	*suspects += leaks && n > 0;
	msgcollect_qbytes(&bk->msg, bk->rows[B_MSG], n);
	table_sort(bk->rows[B_MSG], n, &kind_msg, bk->msg.queues.v, kind_msg.sort_default, 0, NULL);
	t[0] = total("msgmax", "shmtop_limit_msgmax_bytes", "Most bytes in one message (MSGMAX).",
		     lim->msgmax, 0);
	t[1] = total("msgmnb", "shmtop_limit_msgmnb_bytes",
		     "The bytes a new queue may hold (MSGMNB).", lim->msgmnb, 0);
	t[2] = total("msgmni", "shmtop_limit_msgmni", "Most message queues (MSGMNI).", lim->msgmni,
		     0);
	t[3] = total("message_queues", "shmtop_message_queues", "Message queues in use.",
		     u->queues, 1);
	t[4] = total("messages", "shmtop_messages", "Messages in all queues.", u->messages, 1);
	t[5] = total("message_bytes", "shmtop_message_bytes", "Bytes in all queues' messages.",
		     u->bytes, 1);
	snprintf(bk->titles[B_MSG], sizeof(bk->titles[B_MSG]),
		 "System V message queues - %zu queues, %llu messages%s", bk->msg.queues.n,
		 (unsigned long long)(u->messages == UINT64_MAX ? 0 : u->messages),
		 n != bk->msg.queues.n ? ", some not shown" : "");
	*ok = (struct output_kind){ &kind_msg, bk->msg.queues.v, bk->msg.queues.n, bk->rows[B_MSG],
				    n, msg_leak, bk->titles[B_MSG], t, 6 };
	bk->nout++;
	return 0;
}

int batchkinds_collect(struct batchkinds *bk, struct output_ctx *octx, int by_uid, uint32_t uid,
		       int leaks, int values, struct procinfo_cache *pids, int64_t now,
		       char *warn, size_t warnsz)
{
	int suspects = 0;

	(void)now;
	warn[0] = '\0';
	bk->nout = 0;
	octx->sems = NULL;
	if ((bk->kinds & KIND_BIT(KIND_SEM)) && !leaks) { /* no leak rules for arrays */
		if (collect_sem(bk, by_uid, uid, values, warn, warnsz) < 0)
			return -ENOMEM;
		if (values && bk->nout)
			octx->sems = &bk->sv;
	}
	if (bk->kinds & KIND_BIT(KIND_MSG)) {
		size_t len = strlen(warn);

		if (collect_msg(bk, octx, by_uid, uid, leaks, pids, &suspects, warn + len,
				warnsz - len) < 0)
			return -ENOMEM;
	}
	octx->kinds = bk->out;
	octx->nkinds = bk->nout;
	return suspects;
}
