/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* collect.c - build a snapshot from /proc/sysvipc/shm or shmctl, plus limits from /proc/sys/kernel. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "prefetch.h"
#include "procshm.h"
#include "sysv.h"

#define PROC_READ_BUF (128 * 1024)

static uint64_t read_sysctl(const char *procroot, const char *name)
{
	char path[4096];
	unsigned long long v;
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/sys/kernel/%s", procroot, name);
	f = fopen(path, "re");
	if (!f)
		return SHM_LIMIT_UNKNOWN;
	ok = fscanf(f, "%llu", &v) == 1;
	fclose(f);
	return ok ? (uint64_t)v : SHM_LIMIT_UNKNOWN;
}

static void read_limits(const struct collect_cfg *cfg, struct shm_limits *lim)
{
	lim->shmmax = read_sysctl(cfg->procroot, "shmmax");
	lim->shmall = read_sysctl(cfg->procroot, "shmall");
	lim->shmmni = read_sysctl(cfg->procroot, "shmmni");
	lim->shm_rmid_forced = read_sysctl(cfg->procroot, "shm_rmid_forced");
	lim->shmmin = 1; /* SHMMIN is a constant in the kernel */
	lim->page_size = cfg->page_size > 0 ? (uint64_t)cfg->page_size : SHM_LIMIT_UNKNOWN;
	if (lim->shmmax == SHM_LIMIT_UNKNOWN || lim->shmall == SHM_LIMIT_UNKNOWN ||
	    lim->shmmni == SHM_LIMIT_UNKNOWN) {
		struct sysv_info info;

		if (sysv_info_read(&info) == 0) {
			if (lim->shmmax == SHM_LIMIT_UNKNOWN)
				lim->shmmax = info.shmmax;
			if (lim->shmall == SHM_LIMIT_UNKNOWN)
				lim->shmall = info.shmall;
			if (lim->shmmni == SHM_LIMIT_UNKNOWN)
				lim->shmmni = info.shmmni;
		}
	}
}

/* 0, or -errno with a reason in why. */
static int from_proc(const struct collect_cfg *cfg, struct snapshot *snap, const char **why)
{
	char path[4096];
	struct procshm_stats st;
	char *buf;
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/sysvipc/shm", cfg->procroot);
	f = prefetch_open(path);
	if (!f) {
		rc = -errno;
		*why = strerror(-rc);
		return rc;
	}
	buf = malloc(PROC_READ_BUF);
	if (buf)
		setvbuf(f, buf, _IOFBF, PROC_READ_BUF);
	rc = procshm_parse(f, &snap->segs, &st);
	fclose(f);
	free(buf);
	if (rc == -ENODATA)
		*why = "the file is empty";
	else if (rc == -EINVAL)
		*why = "its header has no key/shmid/perms/size columns";
	else if (rc < 0)
		*why = strerror(-rc);
	snap->malformed = st.malformed;
	return rc;
}

static int from_shmctl(struct snapshot *snap, const char **why, int *stat_any)
{
	struct sysv_list_stats st;
	int rc = sysv_list(&snap->segs, &st);

	if (rc < 0)
		*why = strerror(-rc);
	snap->skipped = st.skipped;
	*stat_any = st.stat_any;
	return rc;
}

/* Append a sentence to the warning line. */
static void warn_add(char *warn, size_t warnsz, const char *what)
{
	size_t len = strlen(warn);

	snprintf(warn + len, warnsz - len, "%s%s", len ? "; " : "", what);
}

static void warn_malformed(const struct collect_cfg *cfg, const struct snapshot *snap, char *warn,
			   size_t warnsz)
{
	if (snap->malformed)
		snprintf(warn, warnsz, "skipped %zu malformed line%s in %s/sysvipc/shm",
			 snap->malformed, snap->malformed == 1 ? "" : "s", cfg->procroot);
}

/* The proc source, falling back to shmctl with a warning when /proc cannot be read. */
static int collect_proc(const struct collect_cfg *cfg, struct snapshot *snap, char *warn,
			size_t warnsz, const char **why, int *stat_any)
{
	int rc = from_proc(cfg, snap, why);

	if (rc < 0) {
		snprintf(warn, warnsz, "cannot read %s/sysvipc/shm (%s); using shmctl instead",
			 cfg->procroot, *why);
		shmseg_list_clear(&snap->segs);
		snap->malformed = 0;
		snap->source = SNAPSHOT_SHMCTL;
		return from_shmctl(snap, why, stat_any);
	}
	snap->source = SNAPSHOT_PROC;
	warn_malformed(cfg, snap, warn, warnsz);
	return 0;
}

/* The shmctl source. When shmtop chose it (--source=auto) but shmctl is refused (a seccomp
 * filter) or cannot use SHM_STAT_ANY (it would hide the segments we may not read), read /proc
 * instead, quietly: it lists them all. When /proc fails too, shmctl's view stands, and an error
 * names both reasons (in whybuf). */
static int collect_shmctl(const struct collect_cfg *cfg, struct snapshot *snap, char *warn,
			  size_t warnsz, const char **why, char *whybuf, size_t whysz, int *stat_any)
{
	struct shmseg_list partial;
	const char *pwhy = "";
	size_t skipped;
	int rc;

	snap->source = SNAPSHOT_SHMCTL;
	rc = from_shmctl(snap, why, stat_any);
	if (!cfg->source_auto || (rc == 0 && *stat_any))
		return rc;
	partial = snap->segs;
	skipped = snap->skipped;
	memset(&snap->segs, 0, sizeof(snap->segs));
	snap->skipped = 0;
	if (from_proc(cfg, snap, &pwhy) == 0) {
		shmseg_list_free(&partial);
		snap->source = SNAPSHOT_PROC;
		*stat_any = 1;
		warn_malformed(cfg, snap, warn, warnsz);
		return 0;
	}
	shmseg_list_free(&snap->segs);
	snap->segs = partial;
	snap->skipped = skipped;
	snap->malformed = 0;
	if (rc < 0) {
		snprintf(whybuf, whysz, "shmctl: %s; %s/sysvipc/shm: %s", *why, cfg->procroot, pwhy);
		*why = whybuf;
	}
	return rc;
}

/* The kernel's RSS of a SHM_HUGETLB segment counts each huge page's base pages once for every
 * base page (1 GiB for one 2 MiB page): an RSS larger than the segment is impossible, and shown as
 * unknown. attach_apply puts the real one back where a mapping's file tells it. */
static void drop_impossible_rss(const struct collect_cfg *cfg, struct snapshot *snap)
{
	uint64_t page = cfg->page_size > 0 ? (uint64_t)cfg->page_size : 4096;

	for (size_t i = 0; i < snap->segs.n; i++) {
		struct shmseg *s = &snap->segs.v[i];

		if (s->rss > 0 && s->size <= UINT64_MAX - page &&
		    (uint64_t)s->rss > ((s->size + page - 1) / page) * page)
			s->rss = SHMSEG_UNKNOWN;
	}
}

int collect_snapshot(const struct collect_cfg *cfg, int64_t now, struct snapshot *snap,
		     char *warn, size_t warnsz)
{
	const char *why = "";
	int rc, stat_any = 1;
	char msg[256], whybuf[sizeof(msg) + 4096];

	snapshot_clear(snap);
	snap->time = now;
	warn[0] = '\0';
	if (cfg->source == SNAPSHOT_PROC)
		rc = collect_proc(cfg, snap, warn, warnsz, &why, &stat_any);
	else
		rc = collect_shmctl(cfg, snap, warn, warnsz, &why, whybuf, sizeof(whybuf), &stat_any);
	if (rc < 0) {
		snprintf(warn, warnsz, "cannot list shared memory segments: %s", why);
		return rc;
	}
	if (snap->source == SNAPSHOT_SHMCTL && !stat_any)
		warn_add(warn, warnsz, "SHM_STAT_ANY is not available (Linux < 4.17, or refused): "
			 "segments you cannot read are not listed");
	if (snap->skipped) {
		snprintf(msg, sizeof(msg), "%zu segment%s vanished or could not be read during the scan",
			 snap->skipped, snap->skipped == 1 ? "" : "s");
		warn_add(warn, warnsz, msg);
	}
	drop_impossible_rss(cfg, snap);
	read_limits(cfg, &snap->limits);
	snapshot_usage_compute(snap);
	return 0;
}

void collect_pids(struct procinfo_cache *cache, const struct snapshot *snap,
		  const uint32_t *rows, size_t nrows)
{
	for (size_t i = 0; i < nrows; i++) {
		const struct shmseg *s = &snap->segs.v[rows[i]];

		procinfo_cache_get(cache, s->cpid);
		procinfo_cache_get(cache, s->lpid);
	}
}
