/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* ipccollect.c - list one System V IPC kind from /proc/sysvipc or its *ctl walk, with the
 * fallbacks and warnings of collect.c, and read /proc/sys/kernel numbers. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipccollect.h"
#include "prefetch.h"

#define PROC_READ_BUF (128 * 1024)

/* Append a sentence to the warning line. */
static void warn_add(char *warn, size_t warnsz, const char *what)
{
	size_t len = strlen(warn);

	snprintf(warn + len, warnsz - len, "%s%s", len ? "; " : "", what);
}

/* 0, or -errno with a reason in why (which may point into hdr, a buffer of HDR_WHY bytes). */
#define HDR_WHY 128
static int from_proc(const struct ipccollect_kind *k, const struct ipccollect_cfg *cfg,
		     void *list, struct ipccollect_stats *st, const char **why, char *hdr)
{
	char path[4096];
	char *buf;
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/sysvipc/%s", cfg->procroot, k->file);
	f = prefetch_open(path);
	if (!f) {
		rc = -errno;
		*why = strerror(-rc);
		return rc;
	}
	buf = malloc(PROC_READ_BUF);
	if (buf)
		setvbuf(f, buf, _IOFBF, PROC_READ_BUF);
	rc = k->parse(f, list, &st->malformed);
	fclose(f);
	free(buf);
	if (rc == -ENODATA)
		*why = "the file is empty";
	else if (rc == -EINVAL) {
		snprintf(hdr, HDR_WHY, "its header has no %s columns", k->columns);
		*why = hdr;
	} else if (rc < 0) {
		*why = strerror(-rc);
	}
	return rc;
}

static int from_ctl(const struct ipccollect_kind *k, void *list, struct ipccollect_stats *st,
		    const char **why)
{
	struct ipcscan_stats ws;
	int rc = k->walk(list, &ws);

	if (rc < 0)
		*why = strerror(-rc);
	st->skipped = ws.skipped;
	st->stat_any = ws.stat_any;
	return rc;
}

static void warn_malformed(const struct ipccollect_kind *k, const struct ipccollect_cfg *cfg,
			   const struct ipccollect_stats *st, char *warn, size_t warnsz)
{
	char msg[4200];

	if (!st->malformed)
		return;
	snprintf(msg, sizeof(msg), "skipped %zu malformed line%s in %s/sysvipc/%s", st->malformed,
		 st->malformed == 1 ? "" : "s", cfg->procroot, k->file);
	warn_add(warn, warnsz, msg);
}

/* /proc, falling back to the walk with a warning when it cannot be read. */
static int collect_proc(const struct ipccollect_kind *k, const struct ipccollect_cfg *cfg,
			void *list, struct ipccollect_stats *st, char *warn, size_t warnsz,
			const char **why, char *hdr)
{
	int rc = from_proc(k, cfg, list, st, why, hdr);

	if (rc < 0) {
		snprintf(warn, warnsz, "cannot read %s/sysvipc/%s (%s); using %s instead",
			 cfg->procroot, k->file, *why, k->ctl);
		k->keep(list, 0, 0);
		st->malformed = 0;
		st->source = IPC_SOURCE_CTL;
		return from_ctl(k, list, st, why);
	}
	st->source = IPC_SOURCE_PROC;
	warn_malformed(k, cfg, st, warn, warnsz);
	return 0;
}

/* The walk. When shmtop chose it (source_auto) but it is refused or cannot use *_STAT_ANY (it
 * would hide what we may not read), read /proc instead, quietly: it lists everything. When /proc
 * fails too, the walk's list stands, and an error names both reasons (in whybuf). */
static int collect_ctl(const struct ipccollect_kind *k, const struct ipccollect_cfg *cfg,
		       void *list, struct ipccollect_stats *st, char *warn, size_t warnsz,
		       const char **why, char *hdr, char *whybuf, size_t whysz)
{
	struct ipccollect_stats ps = { .source = IPC_SOURCE_PROC, .stat_any = 1 };
	const char *pwhy = "";
	size_t partial;
	int rc;

	st->source = IPC_SOURCE_CTL;
	rc = from_ctl(k, list, st, why);
	if (!cfg->source_auto || (rc == 0 && st->stat_any))
		return rc;
	partial = k->count(list); /* the walk's, kept in front while /proc is read after it */
	if (from_proc(k, cfg, list, &ps, &pwhy, hdr) == 0) {
		k->keep(list, partial, k->count(list));
		*st = ps;
		warn_malformed(k, cfg, st, warn, warnsz);
		return 0;
	}
	k->keep(list, 0, partial);
	if (rc < 0) {
		snprintf(whybuf, whysz, "%s: %s; %s/sysvipc/%s: %s", k->ctl, *why, cfg->procroot,
			 k->file, pwhy);
		*why = whybuf;
	}
	return rc;
}

int ipccollect_list(const struct ipccollect_kind *k, const struct ipccollect_cfg *cfg, void *list,
		    struct ipccollect_stats *st, char *warn, size_t warnsz)
{
	const char *why = "";
	char msg[256], hdr[HDR_WHY], whybuf[sizeof(msg) + sizeof(hdr) + 4096];
	int rc;

	*st = (struct ipccollect_stats){ .source = cfg->source, .stat_any = 1 };
	k->keep(list, 0, 0);
	warn[0] = '\0';
	if (cfg->source == IPC_SOURCE_PROC)
		rc = collect_proc(k, cfg, list, st, warn, warnsz, &why, hdr);
	else
		rc = collect_ctl(k, cfg, list, st, warn, warnsz, &why, hdr, whybuf,
				 sizeof(whybuf));
	if (rc < 0) {
		snprintf(warn, warnsz, "cannot list %s: %s", k->what, why);
		return rc;
	}
	if (st->source == IPC_SOURCE_CTL && !st->stat_any) {
		snprintf(msg, sizeof(msg), "%s is not available (Linux < 4.17, or refused): %s you "
			 "cannot read are not listed", k->stat_any, k->many);
		warn_add(warn, warnsz, msg);
	}
	if (st->skipped) {
		snprintf(msg, sizeof(msg), "%zu %s vanished or could not be read during the scan",
			 st->skipped, st->skipped == 1 ? k->one : k->many);
		warn_add(warn, warnsz, msg);
	}
	return 0;
}

int ipccollect_complete(const struct ipccollect_stats *st)
{
	if (st->source == IPC_SOURCE_PROC)
		return st->malformed == 0;
	return st->stat_any && st->skipped == 0;
}

int ipccollect_sysctl(const char *procroot, const char *name, uint64_t *v, size_t n)
{
	char path[4096], text[256], *p = text;
	uint64_t got[8];
	size_t len;
	FILE *f;

	if (n > sizeof(got) / sizeof(got[0]))
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/sys/kernel/%s", procroot, name);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	for (size_t i = 0; i < n; i++) {
		uint64_t x = 0;
		const char *d;

		while (*p == ' ' || *p == '\t')
			p++;
		for (d = p; *p >= '0' && *p <= '9'; p++) {
			unsigned digit = (unsigned)(*p - '0');

			if (x > (UINT64_MAX - digit) / 10)
				return -EINVAL;
			x = x * 10 + digit;
		}
		if (p == d)
			return -EINVAL; /* missing, negative, or not a number */
		got[i] = x;
	}
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (*p)
		return -EINVAL; /* more numbers than asked for */
	memcpy(v, got, n * sizeof(*v));
	return 0;
}
