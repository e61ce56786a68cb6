/* refresh.c - one refresh of the dashboard: each source read once, merged into the app. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "fmt.h"
#include "hugetlb.h"
#include "kinds.h"
#include "refresh.h"

void refresh_init(struct refresh *p, const struct collect_cfg *cfg)
{
	memset(p, 0, sizeof(*p));
	p->cfg = *cfg;
	p->ipc.procroot = cfg->procroot;
	/* as the batch: the *_STAT_ANY walk, /proc for another procfs (batchkinds_init) */
	p->ipc.source = strcmp(cfg->procroot, "/proc") == 0 ? IPC_SOURCE_CTL : IPC_SOURCE_PROC;
	p->ipc.source_auto = 1;
	snapshot_init(&p->snap);
	attach_list_init(&p->scratch);
	semcollect_init(&p->sem);
	msgcollect_init(&p->msg);
	pmq_list_init(&p->pmq);
	psem_list_init(&p->psem);
}

void refresh_free(struct refresh *p)
{
	snapshot_free(&p->snap);
	attach_list_free(&p->scratch);
	semcollect_free(&p->sem);
	msgcollect_free(&p->msg);
	pmq_list_free(&p->pmq);
	psem_list_free(&p->psem);
}

/* The status line: an error or a warning, escaped (it quotes --proc as given). */
static void say(struct app *a, const char *warn)
{
	char esc[2048];

	fmt_escape(esc, sizeof(esc), warn);
	app_status(a, 1, esc);
}

/* The POSIX message queues and named semaphores, when their tables are among those shown: each
 * directory listed once. A queue is opened and mq_getattr'd, never read (that would set its
 * ctime); the semaphores' mappers cost a read of every /proc/PID/maps, so they are scanned only
 * while their table is on screen, at most every ATTACH_MAX_AGE seconds. */
static void refresh_posix_kinds(struct refresh *p, struct app *a, int64_t now)
{
	int rc;

	if (app_kind_shown(a, KIND_PMQ)) {
		rc = pmq_list_dir(&a->mq, &p->pmq, 0);
		a->list_err[KIND_PMQ] = rc;
		app_update_kind(a, KIND_PMQ, p->pmq.v, rc < 0 ? 0 : p->pmq.n, now);
	}
	if (app_kind_shown(a, KIND_PSEM)) {
		rc = psem_list_dir(&a->shm, &p->psem);
		if (rc == 0 && a->m == &a->models[KIND_PSEM] &&
		    (!p->psem_scan_time || now - p->psem_scan_time >= ATTACH_MAX_AGE) &&
		    psem_scan_mappers(p->cfg.procroot, &a->shm, &p->psem) == 0)
			p->psem_scan_time = now;
		a->list_err[KIND_PSEM] = rc;
		a->psems = &p->psem;
		app_update_kind(a, KIND_PSEM, p->psem.v, rc < 0 ? 0 : p->psem.n, now);
	}
}

void refresh_posix(struct app *a, int64_t now)
{
	int shown = a->m == &a->models[KIND_POSIX] || (a->mode == MODE_HEX && a->hex.posix);
	size_t before = a->posix.n;
	int rc;

	if (!app_kind_shown(a, KIND_POSIX))
		return;
	rc = posix_list_dir(&a->shm, &a->posix);
	a->list_err[KIND_POSIX] = rc;
	if (rc == 0 && shown && a->have_pids && (a->posix.n != before || !a->posix_scan_time ||
						  now - a->posix_scan_time >= ATTACH_MAX_AGE)) {
		posix_scan_mappers(a->pids.procroot, &a->shm, &a->posix);
		a->posix_scan_time = now;
	}
	if (model_update(&a->models[KIND_POSIX], a->posix.v, rc < 0 ? 0 : a->posix.n, now) == 0 &&
	    a->m == &a->models[KIND_POSIX])
		app_rebuild(a);
}

int refresh_run(struct refresh *p, struct app *a)
{
	char warn[512];
	struct timespec ts;
	int rc;

	clock_gettime(CLOCK_REALTIME, &ts); /* before reading: what the removal re-check needs */
	rc = collect_snapshot(&p->cfg, (int64_t)ts.tv_sec, &p->snap, warn, sizeof(warn));
	if (rc < 0) {
		say(a, warn);
	} else {
		p->snap.time_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
		if (hugetlb_in_use(HUGETLB_SYSFS) > 0 &&
		    attach_scan(p->cfg.procroot, -1, &p->scratch) == 0)
			attach_apply(&p->scratch, p->snap.segs.v, p->snap.segs.n);
		if (app_update(a, &p->snap) < 0) {
			app_status(a, 1, "out of memory");
			return -ENOMEM;
		}
		if (warn[0])
			say(a, warn);
	}
	if (app_kind_shown(a, KIND_SEM) && semcollect_read(&p->ipc, &p->sem, warn, sizeof(warn)) == 0) {
		app_update_kind(a, KIND_SEM, p->sem.sets.v, p->sem.sets.n, (int64_t)ts.tv_sec);
		a->sem_limits = p->sem.limits;
		a->sem_usage = p->sem.usage;
	}
	if (app_kind_shown(a, KIND_MSG) && msgcollect_read(&p->ipc, &p->msg, warn, sizeof(warn)) == 0) {
		app_update_kind(a, KIND_MSG, p->msg.queues.v, p->msg.queues.n, (int64_t)ts.tv_sec);
		a->msg_limits = p->msg.limits;
		a->msg_usage = p->msg.usage;
	}
	refresh_posix(a, (int64_t)ts.tv_sec);
	refresh_posix_kinds(p, a, (int64_t)ts.tv_sec);
	return rc;
}
