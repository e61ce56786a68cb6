/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* record.c - shmtop --record and --history (record.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "field.h"
#include "fmt.h"
#include "histdb.h"
#include "histkinds.h"
#include "histsnap.h"
#include "ipcns.h"
#include "kinds.h"
#include "msgq.h"
#include "pmq.h"
#include "posix.h"
#include "semset.h"
#include "shmdir.h"
#include "snapshot.h"
#include "source.h"
#include "histtime.h"
#include "outbuf.h"
#include "record.h"
#include "trace.h"
#include "tracerun.h"

static int64_t clock_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Say why on stderr, the path in it escaped. */
static void complain(const char *mode, const char *why)
{
	char esc[PATH_MAX * 4 + 1024];

	fmt_escape(esc, sizeof(esc), why);
	fprintf(stderr, "shmtop: %s: %s\n", mode, esc);
}

static int db_path(const struct options *opt, char *buf, size_t size, const char *mode)
{
	if (opt->db_path) {
		/* cut short, it would name another file, which the recorder would make */
		if (strlen(opt->db_path) >= size) {
			complain(mode, "the --db path is too long");
			return -1;
		}
		snprintf(buf, size, "%s", opt->db_path);
		return 0;
	}
	if (histdb_default_path(buf, size) < 0) {
		complain(mode, getenv("SHMTOP_DB") ? "SHMTOP_DB is set but empty (no default "
			 "history database): use --db=PATH" : "no $HOME or $XDG_STATE_HOME to keep "
			 "the history in: use --db=PATH");
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- --record */

/* Every -d seconds (1 by default) a sample of every kind's objects (histsnap.c: what changed
 * since the last; every SAMPLE_FULL_EVERY and at the start, all of them, a replay's starting
 * point), read in shmtop's IPC and mount namespace (also with --all-namespaces: the samples are
 * of the objects this shmtop sees). The same reads tell, every ALIVE_EVERY, what is alive: the
 * lifetimes of what is gone end, also where no record said so (a removed segment's last detach,
 * a removal while the recorder was down), and what was made before the recording begins one.
 * That for System V objects only, and not with --all-namespaces: their ids are one IPC
 * namespace's; POSIX names are the /dev/shm's of a mount namespace, which may be another's. */
#define ALIVE_EVERY 2000000000LL
#define SAMPLE_FULL_EVERY 3600000000000LL
struct idkey {
	int32_t id, key;
};
struct alive {
	int on;                 /* one namespace recorded (not --all-namespaces), known */
	uint64_t ipc_ns;
	int64_t next;           /* monotonic ns */
	struct collect_cfg cfg;
	struct snapshot snap;
	struct source src;
	struct shmdir shm, mq;
	struct posix_list posix;
	struct idkey *pairs;
	int32_t *ids;           /* the ids sorted, then the keys beside them */
	size_t cap;
	/* the samples */
	struct histsnap_kind hk[HISTKINDS];
	struct histsnap hs;
	struct histsnap_buf buf;
	uint32_t layout;
	int64_t next_sample, sample_every; /* monotonic ns */
	int64_t next_full;      /* realtime ns; 0: the next sample is full */
	const void *objs[HISTKINDS];
	size_t n[HISTKINDS];
	/* the segments' RSS and swap, which only /proc/sysvipc/shm has and whose formatting is
	 * most of what the recorder costs with thousands of segments: read every RSS_EVERY, the
	 * shmctl walk in between, which keeps the last ones read */
	struct shmseg *rss;       /* as last read from /proc, by shmid */
	size_t nrss, rss_cap;
	int64_t rss_next;         /* realtime ns; 0: now */
};

struct recorder {
	struct histdb db;
	int64_t next_commit;    /* monotonic ns */
	int failed;
	struct alive alive;
	const struct options *opt;
	int64_t next_prune;     /* monotonic ns */
	int64_t prune_every;
	int64_t boot_to_unix;   /* the samples' clock: boot time plus this, as the records' */
	int64_t last_sample_ns; /* the newest sample's time, this run's or in the database */
};

/* The time of a sample: the clock of the trace's records, fixed to the wall clock when the
 * recorder started, so that a wall clock stepped back (NTP, by hand) does not put a sample before
 * the one it follows, whose changes it holds; and never before a sample already in the database
 * (a clock stepped back between two runs). */
static int64_t sample_clock(struct recorder *r)
{
	int64_t t = clock_ns(CLOCK_BOOTTIME) + r->boot_to_unix;

	if (t <= r->last_sample_ns)
		t = r->last_sample_ns + 1;
	return r->last_sample_ns = t;
}

/* --retention and --max-db-size: at start, then every minute (more often for a retention that
 * short) */
static int prune(struct recorder *r)
{
	int64_t deleted, now = clock_ns(CLOCK_REALTIME), before = 0;

	/* a retention longer than the epoch keeps everything */
	if (r->opt->retention_secs < now / 1000000000LL)
		before = now - r->opt->retention_secs * 1000000000LL;
	if (histdb_prune(&r->db, before, r->opt->max_db_bytes, &deleted) < 0) {
		complain("--record", r->db.err);
		r->failed = 1;
		return -1;
	}
	return 0;
}

static void alive_init(struct alive *a, const struct options *opt)
{
	memset(a, 0, sizeof(*a));
	a->on = !opt->all_namespaces && ipcns_inode(opt->procroot, 0, &a->ipc_ns) == 0;
	a->cfg = (struct collect_cfg){ opt->procroot, SNAPSHOT_PROC, sysconf(_SC_PAGESIZE), 1 };
	snapshot_init(&a->snap);
	source_init(&a->src, opt->procroot);
	shmdir_open_viewed(&a->shm, opt->procroot, opt->shm_dir, 0);
	pmq_dir_open(&a->mq, opt->procroot, 0, NULL);
	a->src.shm = &a->shm;
	a->src.mq = &a->mq;
	posix_list_init(&a->posix);
	a->layout = histkinds_init(a->hk);
	histsnap_init(&a->hs, a->hk, HISTKINDS);
	a->sample_every = (int64_t)(opt->delay * 1e9);
}

static void alive_free(struct alive *a)
{
	snapshot_free(&a->snap);
	source_free(&a->src);
	shmdir_close(&a->shm);
	shmdir_close(&a->mq);
	posix_list_free(&a->posix);
	free(a->rss);
	histsnap_free(&a->hs);
	histsnap_buf_free(&a->buf);
	free(a->pairs);
	free(a->ids);
}

static int cmp_idkey(const void *x, const void *y)
{
	int32_t a = ((const struct idkey *)x)->id, b = ((const struct idkey *)y)->id;

	return (a > b) - (a < b);
}

/* The ids and keys (at offsets off and keyoff, stride bytes apart) of n System V objects of
 * kind, to the database. */
static int alive_ids(struct recorder *r, const char *kind, const void *objs, size_t n,
		     size_t stride, size_t off, size_t keyoff)
{
	struct alive *a = &r->alive;

	if (n + 1 > a->cap) {
		struct idkey *p = realloc(a->pairs, (n + 1) * sizeof(*p));
		int32_t *ids = p ? realloc(a->ids, 2 * (n + 1) * sizeof(*ids)) : NULL;

		if (p)
			a->pairs = p;
		if (!ids)
			return -ENOMEM;
		a->ids = ids;
		a->cap = n + 1;
	}
	for (size_t i = 0; i < n; i++) {
		memcpy(&a->pairs[i].id, (const char *)objs + i * stride + off, sizeof(int32_t));
		memcpy(&a->pairs[i].key, (const char *)objs + i * stride + keyoff, sizeof(int32_t));
	}
	qsort(a->pairs, n, sizeof(a->pairs[0]), cmp_idkey);
	for (size_t i = 0; i < n; i++) {
		a->ids[i] = a->pairs[i].id;
		a->ids[n + i] = a->pairs[i].key;
	}
	return histdb_alive(&r->db, kind, (uint32_t)a->ipc_ns, a->ids, a->ids + n, n,
			    clock_ns(CLOCK_REALTIME));
}

#define RSS_EVERY 5000000000LL

static int cmp_shmid(const void *x, const void *y)
{
	int32_t a = ((const struct shmseg *)x)->shmid, b = ((const struct shmseg *)y)->shmid;

	return (a > b) - (a < b);
}

/* The segments: from /proc every RSS_EVERY (their RSS and swap kept), else by the shmctl walk
 * with the RSS and swap last read of each segment that is still the same one; a segment not
 * read from /proc yet makes it read now. */
static int collect_segments(struct alive *a, int64_t now_ns, char *warn, size_t warnsz)
{
	int from_proc = !a->rss_next || now_ns >= a->rss_next || strcmp(a->cfg.procroot, "/proc");
	struct shmseg_list *l = &a->snap.segs;

	a->cfg.source = from_proc ? SNAPSHOT_PROC : SNAPSHOT_SHMCTL;
	if (collect_snapshot(&a->cfg, now_ns / 1000000000, &a->snap, warn, warnsz) < 0)
		return -1;
	if (a->snap.source == SNAPSHOT_PROC) {
		if (l->n > a->rss_cap) {
			struct shmseg *p = realloc(a->rss, l->n * sizeof(*p));

			if (!p)
				return 0; /* the next /proc read tries again */
			a->rss = p;
			a->rss_cap = l->n;
		}
		if (l->n)
			memcpy(a->rss, l->v, l->n * sizeof(*l->v));
		a->nrss = l->n;
		if (a->nrss > 1)
			qsort(a->rss, a->nrss, sizeof(*a->rss), cmp_shmid);
		a->rss_next = now_ns + RSS_EVERY;
		return 0;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct shmseg *was = a->nrss ? bsearch(&l->v[i], a->rss, a->nrss,
							      sizeof(*a->rss), cmp_shmid) : NULL;

		if (!was || !shmseg_same(was, &l->v[i])) {
			/* a segment new since: its RSS from /proc now, not 5 seconds late */
			a->rss_next = 0;
			return collect_segments(a, now_ns, warn, warnsz);
		}
		l->v[i].rss = was->rss;
		l->v[i].swap = was->swap;
	}
	return 0;
}

/* Read every kind once into a->objs and a->n (NULL: that kind could not be read). */
static void collect_all(struct alive *a, int64_t now_ns)
{
	char warn[512];

	for (int id = 0; id < HISTKINDS; id++) {
		a->objs[id] = NULL;
		a->n[id] = 0;
		if (id == KIND_SHM) {
			if (collect_segments(a, now_ns, warn, sizeof(warn)) == 0) {
				a->objs[id] = a->snap.segs.v;
				a->n[id] = a->snap.segs.n;
			}
		} else if (id == KIND_POSIX) {
			if (posix_list_dir(&a->shm, &a->posix) == 0) {
				a->objs[id] = a->posix.v;
				a->n[id] = a->posix.n;
			}
		} else if (kinds[id]->collect(&a->src, &a->objs[id], &a->n[id], warn,
					      sizeof(warn)) < 0) {
			a->objs[id] = NULL;
		}
		if (!a->objs[id])
			a->n[id] = 0;
	}
}

static int alive_check(struct recorder *r)
{
	struct alive *a = &r->alive;
	int e = 0;

	if (!a->on)
		return 0;
	if (a->objs[KIND_SHM])
		e = alive_ids(r, "shm", a->objs[KIND_SHM], a->n[KIND_SHM], sizeof(struct shmseg),
			      offsetof(struct shmseg, shmid), offsetof(struct shmseg, key));
	if (!e && a->objs[KIND_SEM])
		e = alive_ids(r, "sem", a->objs[KIND_SEM], a->n[KIND_SEM], sizeof(struct semset),
			      offsetof(struct semset, semid), offsetof(struct semset, key));
	if (!e && a->objs[KIND_MSG])
		e = alive_ids(r, "msg", a->objs[KIND_MSG], a->n[KIND_MSG], sizeof(struct msgq),
			      offsetof(struct msgq, msqid), offsetof(struct msgq, key));
	return e;
}

/* A sample of what was just read, into the batch. */
static int sample(struct recorder *r, int64_t now_ns)
{
	struct alive *a = &r->alive;
	size_t changes, full_changes;
	int full = !a->next_full || now_ns >= a->next_full, e;

	a->buf.len = 0;
	/* what changed, counted even in a full sample (the replay steps to changes) */
	if ((e = histsnap_encode(&a->hs, a->objs, a->n, !a->next_full, now_ns / 1000000000,
				 &a->buf, &changes)) < 0)
		return e;
	if (full && a->next_full) {
		a->buf.len = 0;
		if ((e = histsnap_encode(&a->hs, a->objs, a->n, 1, now_ns / 1000000000, &a->buf,
					 &full_changes)) < 0)
			return e;
	}
	if (full)
		a->next_full = now_ns + SAMPLE_FULL_EVERY;
	/* an unchanged second costs nothing */
	if (!full && !changes)
		return 0;
	return histdb_sample(&r->db, now_ns, full, a->layout, changes, a->buf.p, a->buf.len);
}

/* Where the samples are taken, for a replay's header (which may run elsewhere): the host and
 * the IPC namespace (none with --all-namespaces: the samples are of this one, the records of
 * every one). */
static int record_where(struct recorder *r)
{
	char host[256] = "", ns[24] = "";

	if (gethostname(host, sizeof(host) - 1) < 0)
		host[0] = '\0';
	if (r->alive.on)
		snprintf(ns, sizeof(ns), "%llu", (unsigned long long)r->alive.ipc_ns);
	return histdb_meta_set(&r->db, "host", host) < 0 ? -1 :
	       histdb_meta_set(&r->db, "ipc_ns", ns);
}

/* Read every kind, sample it and, when it is time, tell the database what is alive. */
static int observe(struct recorder *r, int alive)
{
	int64_t now_ns = sample_clock(r);
	int e;

	collect_all(&r->alive, now_ns);
	if ((e = sample(r, now_ns)) < 0)
		return e;
	return alive ? alive_check(r) : 0;
}

static void rec_record(void *ctx, const struct trace_event *ev)
{
	struct recorder *r = ctx;

	if (!r->failed && histdb_add(&r->db, ev) < 0) {
		complain("--record", r->db.err);
		r->failed = 1;
	}
}

/* at most a second of records is ever lost (kill -9, a crash): a batch commits each second */
static int rec_tick(void *ctx, int last)
{
	struct recorder *r = ctx;
	int64_t now = clock_ns(CLOCK_MONOTONIC);

	if (r->failed)
		return 1;
	if (histdb_check_path(&r->db) < 0) {
		complain("--record", r->db.err);
		r->failed = 1;
		return 1;
	}
	if (!last && now >= r->next_prune) {
		r->next_prune = now + r->prune_every;
		if (prune(r) < 0)
			return 1;
	}
	if (last || now >= r->alive.next_sample) {
		int alive = last || now >= r->alive.next;

		r->alive.next_sample = now + r->alive.sample_every;
		if (alive)
			r->alive.next = now + ALIVE_EVERY;
		if (observe(r, alive) < 0) {
			complain("--record", r->db.err[0] ? r->db.err : "out of memory");
			r->failed = 1;
			return 1;
		}
	}
	if (!last && now < r->next_commit)
		return 0;
	r->next_commit = now + 1000000000;
	if (histdb_commit(&r->db) < 0) {
		complain("--record", r->db.err);
		r->failed = 1;
		return 1;
	}
	return 0;
}

int run_record(const struct options *opt)
{
	static struct recorder r;
	struct trace_sink sink = { "recording", rec_record, rec_tick, &r };
	char path[PATH_MAX], esc[PATH_MAX * 4];
	int rc;

	if (db_path(opt, path, sizeof(path), "--record") < 0)
		return 1;
	if (histdb_open(&r.db, path, 1) < 0) {
		complain("--record", r.db.err);
		return 1;
	}
	r.opt = opt;
	r.boot_to_unix = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
	{
		int64_t first;

		if (histdb_sample_span(&r.db, &first, &r.last_sample_ns) < 0) {
			r.last_sample_ns = 0; /* none yet */
			r.db.err[0] = '\0';
		}
	}
	/* what is gone since the last run ends first: the size bound then counts only what is
	 * there (a crash left lifetimes open that the bound would keep, deleting every record) */
	alive_init(&r.alive, opt);
	if (record_where(&r) < 0 || observe(&r, 1) < 0 || histdb_commit(&r.db) < 0) {
		complain("--record", r.db.err[0] ? r.db.err : "out of memory");
		histdb_close(&r.db);
		alive_free(&r.alive);
		return 1;
	}
	/* the size is checked each second (three PRAGMAs); the age every minute, or at half a
	 * retention shorter than two minutes */
	r.prune_every = opt->max_db_bytes ? 1000000000LL : opt->retention_secs < 120 ?
			opt->retention_secs * 500000000LL : 60000000000LL;
	if (prune(&r) < 0) {
		histdb_close(&r.db);
		alive_free(&r.alive);
		return 1;
	}
	r.next_prune = clock_ns(CLOCK_MONOTONIC) + r.prune_every;
	fmt_escape(esc, sizeof(esc), path);
	fprintf(stderr, "shmtop: recording into %s\n", esc);
	r.next_commit = clock_ns(CLOCK_MONOTONIC) + 1000000000;
	r.alive.next = clock_ns(CLOCK_MONOTONIC) + ALIVE_EVERY;
	r.alive.next_sample = clock_ns(CLOCK_MONOTONIC) + r.alive.sample_every;
	rc = trace_run(opt, &sink);
	if (!r.failed && histdb_commit(&r.db) < 0) {
		complain("--record", r.db.err);
		rc = 1;
	}
	histdb_close(&r.db);
	alive_free(&r.alive);
	return rc || r.failed ? 1 : 0;
}

/* ---------------------------------------------------------------- --history */

struct reader {
	const struct options *opt;
	struct histdb *db;
	struct histdb_query q;
	struct outbuf out;
	long lives;
	int first_event;
};

static int stdout_sink(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -EIO;
}

/* "2026-12-05 01:40:05.123456" in local time, as --trace's table has it */
static void when(char *buf, size_t size, int64_t ns)
{
	time_t s = (time_t)(ns / 1000000000);
	struct tm tm;
	char day[32];

	if (!localtime_r(&s, &tm) || !strftime(day, sizeof(day), "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(day, sizeof(day), "%lld", (long long)s);
	snprintf(buf, size, "%s.%06lld", day, (long long)(ns % 1000000000 / 1000));
}

static void who_line(struct outbuf *b, const char *what, int64_t t, const struct histdb_who *w)
{
	char line[IPCT_CMDLINE_LEN * 4 + 256], tm[64], cmd[IPCT_CMDLINE_LEN * 4 + 1];

	when(tm, sizeof(tm), t);
	if (w && w->pid > 0) {
		fmt_escape(cmd, sizeof(cmd), w->cmdline[0] ? w->cmdline : w->comm[0] ? w->comm :
			   "(its command line was not seen)");
		if (w->uid != (uint32_t)-1)
			snprintf(line, sizeof(line), "  %-10s %s  by pid %d, uid %u: %s\n", what, tm,
				 (int)w->pid, (unsigned)w->uid, cmd);
		else
			snprintf(line, sizeof(line), "  %-10s %s  by pid %d: %s\n", what, tm,
				 (int)w->pid, cmd);
	} else {
		snprintf(line, sizeof(line), "  %-10s %s%s\n", what, tm, w ? "  (by whom: not seen)" :
			 "");
	}
	outbuf_puts(b, line);
}

static void json_who(struct outbuf *b, const char *key, const struct histdb_who *w)
{
	char num[64];

	outbuf_puts(b, ",\"");
	outbuf_puts(b, key);
	outbuf_puts(b, "\":");
	if (w->pid <= 0) {
		outbuf_puts(b, "null");
		return;
	}
	snprintf(num, sizeof(num), "{\"pid\":%d,\"uid\":", (int)w->pid);
	outbuf_puts(b, num);
	if (w->uid != (uint32_t)-1) {
		snprintf(num, sizeof(num), "%u", (unsigned)w->uid);
		outbuf_puts(b, num);
	} else {
		outbuf_puts(b, "null");
	}
	outbuf_puts(b, ",\"comm\":");
	w->comm[0] ? field_json_str(b, w->comm) : outbuf_puts(b, "null");
	outbuf_puts(b, ",\"cmdline\":");
	w->cmdline[0] ? field_json_str(b, w->cmdline) : outbuf_puts(b, "null");
	outbuf_puts(b, "}");
}

static void json_time(struct outbuf *b, const char *key, int64_t ns)
{
	char buf[96];

	if (ns)
		snprintf(buf, sizeof(buf), ",\"%s\":%lld.%06lld", key, (long long)(ns / 1000000000),
			 (long long)(ns % 1000000000 / 1000));
	else
		snprintf(buf, sizeof(buf), ",\"%s\":null", key);
	outbuf_puts(b, buf);
}

/* one record of a lifetime: a line of the table, or an element of its JSON "events" */
static int life_event(void *ctx, const struct trace_event *ev)
{
	struct reader *r = ctx;

	if (r->opt->format == OUTPUT_JSON) {
		struct outbuf one;

		outbuf_init(&one, NULL, NULL);
		trace_json_line(&one, ev);
		if (one.err) {
			outbuf_free(&one);
			return -ENOMEM;
		}
		if (one.len && one.p[one.len - 1] == '\n')
			one.len--;
		if (!r->first_event)
			outbuf_putc(&r->out, ',');
		r->first_event = 0;
		outbuf_put(&r->out, one.p, one.len);
		outbuf_free(&one);
	} else {
		outbuf_puts(&r->out, "  ");
		trace_table_line(&r->out, ev);
	}
	return r->out.err;
}

/* A segment's size, nattch and RSS over time, as sampled: a line (or a JSON member) each time
 * one of them changed, in a window of its lifetime (--since/--until, else its last hour: the
 * samples are decoded from the full one before the window, as a replay decodes them). */
#define TREND_DEFAULT 3600000000000LL
struct trend {
	struct reader *r;
	struct histsnap_kind hk[HISTKINDS];
	struct histsnap hs;
	uint64_t key;
	int64_t from;
	int have, n, pending;
	struct shmseg last;         /* as last sampled, at last_t */
	int64_t last_t;
};

/* One line: s as sampled at t. */
static int trend_line(struct trend *tr, int64_t t, const struct shmseg *s)
{
	struct outbuf *b = &tr->r->out;
	char when_s[64], sz[16], rss[16], line[256];

	if (tr->r->opt->format == OUTPUT_JSON) {
		snprintf(line, sizeof(line), "%s{\"time\":%lld.%06lld,\"size\":%llu,\"nattch\":%u,"
			 "\"rss\":", tr->n ? "," : "", (long long)(t / 1000000000),
			 (long long)(t % 1000000000 / 1000), (unsigned long long)s->size,
			 (unsigned)s->nattch);
		outbuf_puts(b, line);
		snprintf(line, sizeof(line), s->rss >= 0 ? "%lld}" : "null}", (long long)s->rss);
		outbuf_puts(b, line);
	} else {
		when(when_s, sizeof(when_s), t);
		fmt_size(sz, sizeof(sz), s->size);
		if (s->rss >= 0)
			fmt_size(rss, sizeof(rss), (uint64_t)s->rss);
		else
			snprintf(rss, sizeof(rss), "-");
		snprintf(line, sizeof(line), "  %-26s size %-6s nattch %-4u rss %s\n", when_s, sz,
			 (unsigned)s->nattch, rss);
		outbuf_puts(b, line);
	}
	tr->n++;
	return b->err;
}

static int trend_sample(void *ctx, int64_t t, int full, const void *data, size_t len)
{
	struct trend *tr = ctx;
	const struct shmseg *s;
	int e;

	if ((e = histsnap_apply(&tr->hs, data, len, full, t / 1000000000)) < 0)
		return e;
	if (!(s = histsnap_find(&tr->hs, KIND_SHM, tr->key)))
		return 0;
	if (tr->have && s->size == tr->last.size && s->nattch == tr->last.nattch &&
	    s->rss == tr->last.rss)
		return 0;
	tr->have = 1;
	tr->last = *s;
	tr->last_t = t;
	/* before the window: only what it was when the window began is shown */
	tr->pending = t < tr->from;
	return tr->pending ? 0 : trend_line(tr, t, s);
}

static int trend(struct reader *r, const struct histdb_life *l)
{
	struct trend tr = { .r = r };
	int64_t start = l->created_ns ? l->created_ns : l->first_ns, end = l->ended_ns;
	int64_t to;
	int e;

	if (strcmp(l->kind, "shm") || l->id < 0 || r->db->version < 2)
		return 0;
	if (!end)
		end = clock_ns(CLOCK_REALTIME);
	to = r->q.has_until && r->q.until_ns < end ? r->q.until_ns : end;
	tr.from = r->q.since_ns > start ? r->q.since_ns : start;
	if (!r->opt->since && to - TREND_DEFAULT > tr.from)
		tr.from = to - TREND_DEFAULT;
	if (tr.from > to)
		return 0;
	tr.key = kinds[KIND_SHM]->key(&(struct shmseg){ .shmid = l->id });
	histsnap_init(&tr.hs, tr.hk, HISTKINDS);
	{
		uint32_t layout = histkinds_init(tr.hk);

		if (r->opt->format == OUTPUT_JSON)
			outbuf_puts(&r->out, ",\"samples\":[");
		else
			outbuf_puts(&r->out, r->opt->since ? "  size, nattch and RSS as sampled:\n" :
				    "  size, nattch and RSS as sampled (its last hour; --since for "
				    "earlier):\n");
		e = histdb_replay(r->db, layout, tr.from, to, trend_sample, &tr);
		if (e == -ENOENT || e == -ESTALE)
			e = 0; /* nothing sampled then, or by another shmtop: no samples to show */
		else if (e == -EPROTO && !r->db->err[0]) /* histsnap's, not SQLite's */
			snprintf(r->db->err, sizeof(r->db->err), "%.*s: a sample of the segment does "
				 "not decode (damaged)", PATH_MAX, r->db->path);
		if (!e && tr.pending) /* unchanged through the window: as it was before it */
			e = trend_line(&tr, tr.last_t, &tr.last);
		if (r->opt->format == OUTPUT_JSON)
			outbuf_puts(&r->out, "]");
		else if (!tr.n)
			outbuf_puts(&r->out, "  (none sampled)\n");
	}
	histsnap_free(&tr.hs);
	return e;
}

static int one_life(void *ctx, const struct histdb_life *l)
{
	struct reader *r = ctx;
	char head[IPCT_NAME_LEN * 4 + 256], name[IPCT_NAME_LEN * 4 + 1];
	int e;

	r->lives++;
	if (r->opt->format == OUTPUT_JSON) {
		snprintf(head, sizeof(head), "{\"version\":1,\"kind\":\"%s\",\"ipc_ns\":%u", l->kind,
			 (unsigned)l->ipc_ns);
		outbuf_puts(&r->out, head);
		if (l->id >= 0)
			snprintf(head, sizeof(head), ",\"id\":%d", (int)l->id);
		else
			snprintf(head, sizeof(head), ",\"id\":null");
		outbuf_puts(&r->out, head);
		if (l->have_key)
			snprintf(head, sizeof(head), ",\"key\":\"0x%08x\"", (uint32_t)l->key);
		else
			snprintf(head, sizeof(head), ",\"key\":null");
		outbuf_puts(&r->out, head);
		outbuf_puts(&r->out, ",\"name\":");
		l->name[0] ? field_json_str(&r->out, l->name) : outbuf_puts(&r->out, "null");
		json_time(&r->out, "created", l->created_ns);
		json_time(&r->out, "first_seen", l->first_ns);
		json_time(&r->out, "removed", l->removed_ns);
		json_time(&r->out, "ended", l->ended_ns);
		json_who(&r->out, "creator", &l->creator);
		json_who(&r->out, "remover", &l->remover);
		outbuf_puts(&r->out, ",\"events\":[");
		r->first_event = 1;
		e = histdb_events(r->db, l->oid, &r->q, life_event, r);
		outbuf_puts(&r->out, "]");
		if (!e)
			e = trend(r, l);
		outbuf_puts(&r->out, "}\n");
	} else {
		if (r->lives > 1)
			outbuf_putc(&r->out, '\n');
		fmt_escape(name, sizeof(name), l->name);
		if (l->id >= 0 && l->have_key)
			snprintf(head, sizeof(head), "%s id %d, key 0x%08x (IPC namespace %u)\n",
				 l->kind, (int)l->id, (uint32_t)l->key, (unsigned)l->ipc_ns);
		else if (l->id >= 0)
			snprintf(head, sizeof(head), "%s id %d (IPC namespace %u)\n", l->kind,
				 (int)l->id, (unsigned)l->ipc_ns);
		else
			snprintf(head, sizeof(head), "%s %s (IPC namespace %u)\n", l->kind, name,
				 (unsigned)l->ipc_ns);
		outbuf_puts(&r->out, head);
		if (l->created_ns)
			who_line(&r->out, "created", l->created_ns, &l->creator);
		else
			who_line(&r->out, "first seen", l->first_ns, NULL);
		if (l->removed_ns)
			who_line(&r->out, !strcmp(l->kind, "posix") || !strcmp(l->kind, "psem") ||
				 !strcmp(l->kind, "pmq") ? "unlinked" : "removed", l->removed_ns,
				 &l->remover);
		if (l->ended_ns && l->ended_ns != l->removed_ns)
			who_line(&r->out, "gone", l->ended_ns, NULL);
		if (!l->ended_ns)
			outbuf_puts(&r->out, "  (still there when last recorded)\n");
		outbuf_puts(&r->out, "  ");
		trace_table_header(&r->out);
		e = histdb_events(r->db, l->oid, &r->q, life_event, r);
		if (!e)
			e = trend(r, l);
	}
	if (!e)
		e = outbuf_flush(&r->out);
	return e;
}

static int any_event(void *ctx, const struct trace_event *ev)
{
	struct reader *r = ctx;

	if (r->opt->format == OUTPUT_JSON)
		trace_json_line(&r->out, ev);
	else
		trace_table_line(&r->out, ev);
	return r->out.err;
}

int run_history(const struct options *opt)
{
	static struct histdb db;
	struct reader r;
	char path[PATH_MAX], esc[PATH_MAX * 4 + 256];
	int64_t now = clock_ns(CLOCK_REALTIME);
	int e;

	if (db_path(opt, path, sizeof(path), "--history") < 0)
		return 1;
	if (histdb_open(&db, path, 0) < 0) {
		complain("--history", db.err);
		return 1;
	}
	memset(&r, 0, sizeof(r));
	r.opt = opt;
	r.db = &db;
	r.q.field = opt->history_field;
	r.q.num = opt->history_num;
	r.q.name = opt->history_object;
	/* checked by options_parse: they parse */
	if (opt->since)
		histtime_parse(opt->since, now, &r.q.since_ns);
	if (opt->until)
		r.q.has_until = histtime_parse(opt->until, now, &r.q.until_ns) == 0;
	outbuf_init(&r.out, stdout_sink, NULL);
	if (opt->history_object) {
		e = histdb_lives(&db, &r.q, one_life, &r);
	} else {
		if (opt->format != OUTPUT_JSON)
			trace_table_header(&r.out);
		e = histdb_events(&db, 0, &r.q, any_event, &r);
	}
	if (!e)
		e = outbuf_flush(&r.out);
	if ((fflush(stdout) != 0 || ferror(stdout)) && e >= 0) {
		e = errno ? -errno : -EIO;
		db.err[0] = '\0';
	}
	if (e < 0 && db.err[0]) {
		complain("--history", db.err);
	} else if (e < 0) {
		fprintf(stderr, "shmtop: --history: cannot write: %s\n", strerror(-e));
	} else if (opt->history_object && !r.lives) {
		fmt_escape(esc, sizeof(esc), opt->history_object);
		fprintf(stderr, "shmtop: --history: no object %s in the history%s\n", esc,
			 opt->since || opt->until ? " in that time" : "");
		e = -ENOENT;
	}
	outbuf_free(&r.out);
	histdb_close(&db);
	return e < 0 ? 1 : 0;
}
