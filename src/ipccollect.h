/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* ipccollect.h - what the semaphore and message queue collections share: the choice of source,
 * the fallbacks between /proc/sysvipc and the *ctl walk with their warnings, and reading numbers
 * from <procroot>/sys/kernel. */
#ifndef SHMTOP_IPCCOLLECT_H
#define SHMTOP_IPCCOLLECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ipcscan.h"

enum ipc_source {
	IPC_SOURCE_PROC, /* /proc/sysvipc/{sem,msg}: every object of the namespace, one read */
	IPC_SOURCE_CTL,  /* the semctl / msgctl walk (ipcscan_walk) */
};

struct ipccollect_cfg {
	const char *procroot;   /* "/proc" unless --proc says otherwise */
	enum ipc_source source; /* the preferred source */
	int source_auto;        /* shmtop chose it (--source=auto): when the *ctl walk fails or
				 * cannot see every object, read /proc quietly instead */
};

/* How one kind is listed both ways; `list` is the kind's list (struct semset_list, ...). */
struct ipccollect_kind {
	const char *file;     /* under <procroot>/sysvipc: "sem" */
	const char *ctl;      /* the system call: "semctl" */
	const char *stat_any; /* its command: "SEM_STAT_ANY" */
	const char *what;     /* "semaphore arrays" */
	const char *one;      /* "array" */
	const char *many;     /* "arrays" */
	const char *columns;  /* the required columns: "key/semid/perms/nsems" */
	/* append what f holds: 0 or -errno (-ENODATA empty, -EINVAL without the columns) */
	int (*parse)(FILE *f, void *list, size_t *malformed);
	/* append what the walk finds: 0 or -errno */
	int (*walk)(void *list, struct ipcscan_stats *st);
	size_t (*count)(const void *list);
	/* keep only the entries [from, to) of the list, moved to its front */
	void (*keep)(void *list, size_t from, size_t to);
};

/* What a listing came from and met. */
struct ipccollect_stats {
	enum ipc_source source; /* where the list actually came from */
	size_t malformed;       /* /proc lines that did not parse */
	size_t skipped;         /* indexes that vanished or were unreadable mid-walk */
	int stat_any;           /* the walk used *_STAT_ANY (always 1 for /proc) */
};

/* List every object of kind k into list (emptied first) from cfg's source, falling back as
 * collect_snapshot does for segments: an unreadable /proc file moves to the walk with a warning;
 * with source_auto, a walk that is refused or cannot use *_STAT_ANY moves to /proc quietly (and
 * when /proc fails too the walk's list stands). warn gets one line (no newline; "" when all went
 * well) naming fallbacks, malformed lines, a missing *_STAT_ANY and skipped objects, or, on
 * failure, why nothing could be listed; it quotes the proc root raw: escape it before showing.
 * Returns 0, or -errno when no source could be read. */
int ipccollect_list(const struct ipccollect_kind *k, const struct ipccollect_cfg *cfg, void *list,
		    struct ipccollect_stats *st, char *warn, size_t warnsz);

/* Nonzero when st's list holds every object of the namespace: /proc without malformed lines, or
 * a *_STAT_ANY walk that skipped nothing. Usage can then be counted from the list. */
int ipccollect_complete(const struct ipccollect_stats *st);

/* Read n non-negative decimal numbers, separated by blanks, from <procroot>/sys/kernel/<name>
 * into v. Returns 0, or -errno / -EINVAL (v untouched then). */
int ipccollect_sysctl(const char *procroot, const char *name, uint64_t *v, size_t n);

#endif
