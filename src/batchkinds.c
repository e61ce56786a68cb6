/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* batchkinds.c - semaphore arrays, message queues, POSIX message queues and POSIX named
 * semaphores for the batch writers: collect, filter, judge, and describe as sections with their
 * totals. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batchkinds.h"
#include "fmt.h"
#include "kind_msg.h"
#include "kind_pmq.h"
#include "kind_proc.h"
#include "kind_psem.h"
#include "kinds.h"
#include "leak.h"
#include "sysvsem.h"
#include "table.h"

void batchkinds_init(struct batchkinds *bk, unsigned want, const char *procroot,
		     int64_t stale_secs)
{
	memset(bk, 0, sizeof(*bk));
	bk->kinds = want;
	bk->stale_secs = stale_secs;
	source_init(&bk->src, procroot);
	bk->src.psem_mappers = 1;
	shmdir_init(&bk->mq_dir);
}

void batchkinds_free(struct batchkinds *bk)
{
	source_free(&bk->src);
	shmdir_close(&bk->mq_dir);
	sysvsem_guard_free(&bk->guard);
	for (int i = 0; i < BK_COUNT; i++) {
		free(bk->rows[i]);
		free(bk->titles[i]);
	}
	free(bk->vals);
	free(bk->first);
	memset(bk, 0, sizeof(*bk));
}

void batchkinds_posix(struct batchkinds *bk, const struct shmdir *shm, int32_t ns_pid,
		      unsigned pmq_flags)
{
	bk->src.shm = shm;
	bk->ns_pid = ns_pid;
	bk->src.pmq_flags = pmq_flags;
}

void batchkinds_sort(struct batchkinds *bk, const struct kind *k, uint8_t field, int reverse)
{
	bk->sort_kind = k;
	bk->sort = field;
	bk->reverse = reverse;
}

/* Order n rows of objs, of kind k, as -s and -r say when they name k, else by its default. */
static void sort_rows(const struct batchkinds *bk, uint32_t *rows, size_t n, const struct kind *k,
		      const void *objs, struct names *names)
{
	if (bk->sort_kind == k)
		table_sort(rows, n, k, objs, bk->sort, bk->reverse, names);
	else
		table_sort(rows, n, k, objs, k->sort_default, 0, names);
}

/* The title line of section which, printf-style, into a buffer of its own. Returns 0 or
 * -ENOMEM. */
static int set_title(struct batchkinds *bk, int which, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_title(struct batchkinds *bk, int which, const char *fmt, ...)
{
	va_list ap;
	int len;
	char *t;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || !(t = malloc((size_t)len + 1)))
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(t, (size_t)len + 1, fmt, ap);
	va_end(ap);
	free(bk->titles[which]);
	bk->titles[which] = t;
	return 0;
}

/* A directory's name as a title may show it (fmt_escape), in a buffer the caller frees; NULL
 * when memory runs out. */
static char *escaped(const char *raw)
{
	size_t size = strlen(raw) * 4 + 1;
	char *e = malloc(size);

	if (e)
		fmt_escape(e, size, raw);
	return e;
}

/* A queue's leak judgement: its reader (or, never read, its sender) known to be gone by what the
 * cache holds. */
static int msg_leak(const struct output_ctx *o, const struct snapshot *snap, const void *obj,
		    unsigned *reasons)
{
	struct leak_ctx c = { .now = o->now ? o->now : snap ? snap->time : 0,
			      .stale_secs = o->stale_secs, .pids = o->pids };
	unsigned r = kind_msg.leak(obj, &c);

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
	const struct semset_list *l = &bk->src.sem.sets;
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
		if (sysvsem_detail(l->v[i].semid, &l->v[i], bk->vals + at, n - at, &bk->guard) == 0) {
			bk->first[i] = at;
			at += l->v[i].nsems;
		}
	}
	bk->sv = (struct sem_values){ bk->vals, bk->first, l->v };
	return 0;
}

static int collect_sem(struct batchkinds *bk, struct names *names, int by_uid, uint32_t uid,
		       int values, char *warn, size_t warnsz)
{
	const struct semcollect *sc = &bk->src.sem;
	const struct sem_limits *lim = &sc->limits;
	const struct sem_usage *u = &sc->usage;
	uint64_t sems;
	struct output_kind *ok = &bk->out[bk->nout];
	struct output_total *t = bk->totals[BK_SEM];
	const void *objs;
	size_t n = 0, all;

	if (kind_sem.collect(&bk->src, &objs, &all, warn, warnsz) < 0)
		return 0; /* warned: left out */
	if (reserve_rows(bk, BK_SEM, all) < 0 || (values && read_values(bk) < 0))
		return -ENOMEM;
	for (size_t i = 0; i < all; i++)
		if (!by_uid || sc->sets.v[i].uid == uid)
			bk->rows[BK_SEM][n++] = (uint32_t)i;
	sort_rows(bk, bk->rows[BK_SEM], n, &kind_sem, objs, names);
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
	sems = u->sems == UINT64_MAX ? 0 : u->sems;
	if (set_title(bk, BK_SEM, "System V semaphore arrays - %zu %s, %llu %s%s", all,
		      all == 1 ? "array" : "arrays", (unsigned long long)sems,
		      sems == 1 ? "semaphore" : "semaphores", n != all ? ", some not shown" : "") < 0)
		return -ENOMEM;
	*ok = (struct output_kind){ &kind_sem, objs, all, bk->rows[BK_SEM], n, NULL,
				    bk->titles[BK_SEM], t, 7 };
	bk->nout++;
	return 0;
}

static int collect_msg(struct batchkinds *bk, struct output_ctx *octx, int by_uid, uint32_t uid,
		       int leaks, struct procinfo_cache *pids, int *suspects, char *warn,
		       size_t warnsz)
{
	struct msgcollect *mc = &bk->src.msg;
	const struct msg_limits *lim = &mc->limits;
	const struct msg_usage *u = &mc->usage;
	uint64_t msgs;
	struct output_kind *ok = &bk->out[bk->nout];
	struct output_total *t = bk->totals[BK_MSG];
	const void *objs;
	size_t n = 0, all;

	if (kind_msg.collect(&bk->src, &objs, &all, warn, warnsz) < 0)
		return 0; /* warned: left out */
	if (reserve_rows(bk, BK_MSG, all) < 0)
		return -ENOMEM;
	if (pids)
		for (size_t i = 0; i < all; i++) {
			procinfo_cache_get(pids, mc->queues.v[i].lspid);
			procinfo_cache_get(pids, mc->queues.v[i].lrpid);
		}
	for (size_t i = 0; i < all; i++) {
		const struct msgq *q = &mc->queues.v[i];

		if (by_uid && q->uid != uid)
			continue;
		if (leaks && !msg_leak(octx, NULL, q, NULL))
			continue;
		bk->rows[BK_MSG][n++] = (uint32_t)i;
	}
	*suspects += leaks && n > 0;
	msgcollect_qbytes(mc, bk->rows[BK_MSG], n);
	sort_rows(bk, bk->rows[BK_MSG], n, &kind_msg, objs, octx->names);
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
	msgs = u->messages == UINT64_MAX ? 0 : u->messages;
	if (set_title(bk, BK_MSG, "System V message queues - %zu %s, %llu %s%s", all,
		      all == 1 ? "queue" : "queues", (unsigned long long)msgs,
		      msgs == 1 ? "message" : "messages", n != all ? ", some not shown" : "") < 0)
		return -ENOMEM;
	*ok = (struct output_kind){ &kind_msg, objs, all, bk->rows[BK_MSG], n, msg_leak,
				    bk->titles[BK_MSG], t, 6 };
	bk->nout++;
	return 0;
}

static int collect_pmq(struct batchkinds *bk, struct output_ctx *octx, int by_uid, uint32_t uid,
		       struct procinfo_cache *pids, char *warn, size_t warnsz)
{
	const struct pmq_list *l = &bk->src.pmq;
	struct output_kind *ok = &bk->out[bk->nout];
	struct output_total *t = bk->totals[BK_PMQ];
	uint64_t msgs = 0, bytes = 0;
	int msgs_known = 1, bytes_known = 1;
	const void *objs;
	size_t n = 0, all;
	char *dir;
	int rc;

	if (!bk->mq_dir_tried) { /* found and opened once, as the shared memory directory is */
		pmq_dir_open(&bk->mq_dir, bk->src.procroot, bk->ns_pid, NULL);
		bk->src.mq = &bk->mq_dir;
		bk->mq_dir_tried = 1;
	}
	rc = kind_pmq.collect(&bk->src, &objs, &all, warn, warnsz);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0; /* warned: left out */
	if (reserve_rows(bk, BK_PMQ, l->n) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < l->n; i++) {
		const struct pmq *q = &l->v[i];

		if (q->attr_err)
			msgs_known = 0;
		else
			msgs += (uint64_t)q->curmsgs;
		if (q->status_err)
			bytes_known = 0;
		else
			bytes += q->status.qsize;
		if (pids && !q->status_err && q->status.notify_pid > 0)
			procinfo_cache_get(pids, q->status.notify_pid);
		if (!by_uid || q->uid == uid)
			bk->rows[BK_PMQ][n++] = (uint32_t)i;
	}
	sort_rows(bk, bk->rows[BK_PMQ], n, &kind_pmq, l->v, octx->names);
	t[0] = total("posix_queues", "shmtop_posix_queues",
		     "POSIX message queues in the mqueue filesystem listed.", l->n, 1);
	t[1] = total("posix_queue_messages", "shmtop_posix_messages",
		     "Messages in all POSIX message queues (absent when a queue could not be "
		     "opened).", msgs_known ? msgs : UINT64_MAX, 1);
	t[2] = total("posix_queue_bytes", "shmtop_posix_message_bytes",
		     "Bytes of message data in all POSIX message queues (absent unless --pmq-status "
		     "read every queue's QSIZE).", l->n && !bytes_known ? UINT64_MAX : bytes, 1);
	if (!(dir = escaped(bk->mq_dir.shown)))
		return -ENOMEM;
	rc = set_title(bk, BK_PMQ, "POSIX message queues in %s - %zu %s, %llu %s%s%s", dir, l->n,
		       l->n == 1 ? "queue" : "queues", (unsigned long long)msgs,
		       msgs == 1 ? "message" : "messages", msgs_known ? "" : " or more",
		       n != l->n ? ", some not shown" : "");
	free(dir);
	if (rc < 0)
		return rc;
	*ok = (struct output_kind){ &kind_pmq, objs, all, bk->rows[BK_PMQ], n, NULL,
				    bk->titles[BK_PMQ], t, 3 };
	bk->nout++;
	return 0;
}

static int collect_psem(struct batchkinds *bk, struct output_ctx *octx, int by_uid, uint32_t uid,
			char *warn, size_t warnsz)
{
	const struct shmdir *d = bk->src.shm;
	const struct psem_list *l = &bk->src.psem;
	struct output_kind *ok = &bk->out[bk->nout];
	struct output_total *t = bk->totals[BK_PSEM];
	size_t n = 0, unreadable, all;
	const void *objs;
	char *dir;
	int rc;

	if (!d)
		return 0; /* not told where: nothing to list */
	rc = kind_psem.collect(&bk->src, &objs, &all, warn, warnsz);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0; /* warned: left out */
	rc = bk->src.psem_mappers_err;
	if (rc < 0) { /* a count of mappers would be wrong: leave them out */
		snprintf(warn, warnsz, "cannot scan %s for the mappers of POSIX named semaphores: %s",
			 bk->src.procroot, strerror(-rc));
		return rc == -ENOMEM ? rc : 0;
	}
	if (reserve_rows(bk, BK_PSEM, l->n) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < l->n; i++)
		if (!by_uid || (l->v[i].stat_known && l->v[i].uid == uid))
			bk->rows[BK_PSEM][n++] = (uint32_t)i;
	sort_rows(bk, bk->rows[BK_PSEM], n, &kind_psem, l->v, octx->names);
	t[0] = total("posix_semaphores", "shmtop_posix_semaphores",
		     "POSIX named semaphores: the directory's, and unlinked ones still mapped.", l->n,
		     1);
	unreadable = l->files.procs_unreadable;
	if (!(dir = escaped(d->shown)))
		return -ENOMEM;
	rc = set_title(bk, BK_PSEM, "POSIX named semaphores in %s - %zu %s%s%s%zu%s", dir, l->n,
		       l->n == 1 ? "semaphore" : "semaphores", n != l->n ? ", some not shown" : "",
		       unreadable ? ", maps of " : "", unreadable,
		       !unreadable ? "" : unreadable == 1 ? " process unreadable" :
		       " processes unreadable");
	free(dir);
	if (rc < 0)
		return rc;
	*ok = (struct output_kind){ &kind_psem, objs, all, bk->rows[BK_PSEM], n, NULL,
				    bk->titles[BK_PSEM], t, 1 };
	bk->nout++;
	octx->psems = l;
	return 0;
}

/* The processes that hold IPC objects (proc): a walk of every /proc/PID/maps, then the holders'
 * own files. */
static int collect_proc(struct batchkinds *bk, struct output_ctx *octx, int by_uid, uint32_t uid,
			char *warn, size_t warnsz)
{
	const struct holder_list *l = &bk->src.holders;
	struct output_kind *ok = &bk->out[bk->nout];
	struct output_total *t = bk->totals[BK_PROC];
	size_t n = 0, all;
	const void *objs;
	int rc;

	bk->src.holders_scan = 1;
	bk->src.holders_ipc_ns = bk->ipc_ns;
	rc = kind_proc.collect(&bk->src, &objs, &all, warn, warnsz);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0; /* warned: left out */
	if (reserve_rows(bk, BK_PROC, l->n) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < l->n; i++)
		if (!by_uid || l->v[i].uid == uid)
			bk->rows[BK_PROC][n++] = (uint32_t)i;
	sort_rows(bk, bk->rows[BK_PROC], n, &kind_proc, l->v, octx->names);
	t[0] = total("processes", "shmtop_processes",
		     "Processes that map IPC objects (segments, POSIX objects, memfds).", l->n, 1);
	rc = set_title(bk, BK_PROC, "Processes holding IPC objects - %zu %s%s%s%zu%s", l->n,
		       l->n == 1 ? "process" : "processes", n != l->n ? ", some not shown" : "",
		       l->procs_unreadable ? ", maps of " : "", l->procs_unreadable,
		       !l->procs_unreadable ? "" : l->procs_unreadable == 1 ?
		       " process unreadable" : " processes unreadable");
	if (rc < 0)
		return rc;
	*ok = (struct output_kind){ &kind_proc, objs, all, bk->rows[BK_PROC], n, NULL,
				    bk->titles[BK_PROC], t, 1 };
	bk->nout++;
	return 0;
}

/* Add the warning more (if any) to those in warn, "; " between two. */
static void warn_add(char *warn, size_t warnsz, const char *more)
{
	size_t len = strlen(warn);

	if (more[0])
		snprintf(warn + len, warnsz - len, "%s%s", len ? "; " : "", more);
}

int batchkinds_collect(struct batchkinds *bk, struct output_ctx *octx, int by_uid, uint32_t uid,
		       int leaks, int values, struct procinfo_cache *pids, int64_t now,
		       char *warn, size_t warnsz)
{
	char w[PATH_MAX + 256];
	int suspects = 0;

	(void)now;
	warn[0] = '\0';
	bk->nout = 0;
	octx->sems = NULL;
	octx->psems = NULL;
	if ((bk->kinds & KIND_BIT(KIND_SEM)) && !leaks) { /* no leak rules for arrays */
		w[0] = '\0';
		if (collect_sem(bk, octx->names, by_uid, uid, values, w, sizeof(w)) < 0)
			return -ENOMEM;
		warn_add(warn, warnsz, w);
		if (values && bk->nout)
			octx->sems = &bk->sv;
	}
	if (bk->kinds & KIND_BIT(KIND_MSG)) {
		w[0] = '\0';
		if (collect_msg(bk, octx, by_uid, uid, leaks, pids, &suspects, w, sizeof(w)) < 0)
			return -ENOMEM;
		warn_add(warn, warnsz, w);
	}
	/* nor for POSIX message queues and named semaphores */
	if ((bk->kinds & KIND_BIT(KIND_PMQ)) && !leaks) {
		w[0] = '\0';
		if (collect_pmq(bk, octx, by_uid, uid, pids, w, sizeof(w)) < 0)
			return -ENOMEM;
		warn_add(warn, warnsz, w);
	}
	if ((bk->kinds & KIND_BIT(KIND_PSEM)) && !leaks) {
		w[0] = '\0';
		if (collect_psem(bk, octx, by_uid, uid, w, sizeof(w)) < 0)
			return -ENOMEM;
		warn_add(warn, warnsz, w);
	}
	if ((bk->kinds & KIND_BIT(KIND_PROC)) && !leaks) {
		w[0] = '\0';
		if (collect_proc(bk, octx, by_uid, uid, w, sizeof(w)) < 0)
			return -ENOMEM;
		warn_add(warn, warnsz, w);
	}
	octx->kinds = bk->out;
	octx->nkinds = bk->nout;
	return suspects;
}
