/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* recsim.c - helper of bench/record, linked against a build's libshmtop.a and its histdb.c:
 * a history database as the recorder would write it over days, in far less time.
 *
 *   recsim DB DAYS CHANGES RECORDS
 *
 * 4096 segments (keys 0x5e100000 + i, ids i) made by 50 processes the day before; every simulated
 * second CHANGES of them (spread over all) grow by a page of RSS, and RECORDS attach or detach
 * records name one of them; a sample each second (a full one every hour), committed every
 * minute, all through histsnap and histdb as the recorder does. The first day is simulated; the
 * other DAYS - 1 are copies of it shifted by a day each (SQL), so that a 30-day database takes
 * minutes. Prints "day_bytes BYTES" (the database's growth over the simulated day, pages in use),
 * "bytes BYTES" (at the end), "first_ns T" and "days DAYS".
 * Exit status: 0, 1 on an error (on stderr), 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "histdb.h"
#include "histkinds.h"
#include "histsnap.h"
#include "shmseg.h"

#define NSEG 4096
#define NS 1000000000LL
#define DAY 86400LL

static int die(const char *what, const char *why)
{
	fprintf(stderr, "recsim: %s: %s\n", what, why);
	return 1;
}

static void record(struct histdb *h, int64_t t, const char *event, int32_t id, int32_t pid)
{
	struct trace_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.time_ns = t;
	ev.event = event;
	ev.kind = "shm";
	ev.source = "bpf";
	ev.pid = ev.tid = pid;
	ev.ppid = 1;
	ev.uid = 1000;
	ev.ipc_ns = 4026531839u;
	snprintf(ev.comm, sizeof(ev.comm), "worker");
	snprintf(ev.cmdline, sizeof(ev.cmdline), "worker --shard=%d --config=/etc/app/worker.conf",
		 pid % 50);
	ev.have_key = 1;
	ev.key = 0x5e100000 + id;
	ev.id = id;
	ev.have_size = !strcmp(event, "create");
	ev.size = 1 << 20;
	ev.result = !strcmp(event, "create") ? id : 0;
	if (histdb_add(h, &ev) < 0) {
		fprintf(stderr, "recsim: %s\n", h->err);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static struct shmseg segs[NSEG];
	static struct histdb h;
	struct histsnap_kind hk[HISTKINDS];
	struct histsnap hs;
	struct histsnap_buf buf = { 0 };
	const void *objs[HISTKINDS];
	size_t n[HISTKINDS], changed;
	long days, changes, records;
	int64_t t0, before, day_bytes;
	uint32_t layout;
	sqlite3 *db;
	char sql[512];

	if (argc != 5 || (days = atol(argv[2])) < 1 || (changes = atol(argv[3])) < 0 ||
	    (records = atol(argv[4])) < 0) {
		fprintf(stderr, "usage: recsim DB DAYS CHANGES RECORDS\n");
		return 2;
	}
	if (histdb_open(&h, argv[1], 1) < 0)
		return die(argv[1], h.err);
	layout = histkinds_init(hk);
	histsnap_init(&hs, hk, HISTKINDS);
	for (int k = 0; k < HISTKINDS; k++) {
		objs[k] = segs; /* the other kinds: none (n 0) */
		n[k] = k == 0 ? NSEG : 0;
	}
	t0 = ((int64_t)time(NULL) / DAY - days) * DAY;
	for (int i = 0; i < NSEG; i++) {
		struct shmseg *s = &segs[i];

		s->key = 0x5e100000 + i;
		s->shmid = i;
		s->mode = 0600;
		s->uid = s->gid = s->cuid = s->cgid = 1000;
		s->cpid = 20000 + i % 50;
		s->lpid = s->cpid;
		s->nattch = 1;
		s->size = 1 << 20;
		s->atime = s->ctime = t0 - DAY + i;
		s->rss = 4096 * (1 + i % 64);
		s->swap = 0;
		record(&h, (t0 - DAY + i) * NS, "create", i, s->cpid);
	}
	if (histdb_commit(&h) < 0)
		return die(argv[1], h.err);
	before = histdb_size(&h);
	for (int64_t s = 0; s < DAY; s++) {
		int64_t t = (t0 + s) * NS + 250000000;

		for (long c = 0; c < changes; c++) {
			struct shmseg *g = &segs[(s * changes + c) * 41 % NSEG];

			g->rss = g->rss >= (int64_t)g->size ? 4096 : g->rss + 4096;
		}
		for (long r = 0; r < records; r++) {
			int32_t id = (int32_t)((s * records + r) * 97 % NSEG);

			record(&h, t - 100000000 + r, r % 2 ? "detach" : "attach", id,
			       30000 + id % 100);
		}
		buf.len = 0;
		if (histsnap_encode(&hs, objs, n, s % 3600 == 0, t / NS, &buf, &changed) < 0 ||
		    histdb_sample(&h, t, s % 3600 == 0, layout, changed, buf.p, buf.len) < 0)
			return die(argv[1], h.err[0] ? h.err : "out of memory");
		if (s % 60 == 59 && histdb_commit(&h) < 0)
			return die(argv[1], h.err);
	}
	if (histdb_commit(&h) < 0)
		return die(argv[1], h.err);
	day_bytes = histdb_size(&h) - before;
	histdb_close(&h);
	/* the other days: the first one's samples and records, a day later each */
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return die(argv[1], sqlite3_errmsg(db));
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (long d = 1; d < days; d++) {
		snprintf(sql, sizeof(sql), "INSERT INTO samples SELECT time_ns + %lld, full, layout, "
			 "changes, data FROM samples WHERE time_ns >= %lld AND time_ns < %lld",
			 (long long)(d * DAY * NS), (long long)(t0 * NS), (long long)((t0 + DAY) * NS));
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return die(argv[1], sqlite3_errmsg(db));
		snprintf(sql, sizeof(sql), "INSERT INTO events SELECT time_ns + %lld, oid, event, "
			 "kind, source, pid, tid, ppid, uid, comm, cmdline, cgroup, ipc_ns, key, id, "
			 "name, size, addr, result, count FROM events WHERE time_ns >= %lld AND "
			 "time_ns < %lld", (long long)(d * DAY * NS), (long long)(t0 * NS),
			 (long long)((t0 + DAY) * NS));
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return die(argv[1], sqlite3_errmsg(db));
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
		return die(argv[1], sqlite3_errmsg(db));
	sqlite3_close(db);
	if (histdb_open(&h, argv[1], 0) < 0)
		return die(argv[1], h.err);
	printf("day_bytes %lld\nbytes %lld\nfirst_ns %lld\ndays %ld\n", (long long)day_bytes,
	       (long long)histdb_size(&h), (long long)(t0 * NS), days);
	histdb_close(&h);
	histsnap_free(&hs);
	histsnap_buf_free(&buf);
	return 0;
}
