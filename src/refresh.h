/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* refresh.h - the dashboard's reads, in one module: every refresh, the segments (with the
 * hugetlb facts their mappings tell), the semaphore arrays and message queues of the tables
 * shown, with their limits and usage, and the POSIX message queues and named semaphores (the
 * semaphores' mappers only while their table is on screen), and the POSIX shared memory objects
 * (their mappers likewise), merged into the app; and before each frame, what that screen shows
 * beyond the tables (refresh_screen). The views read struct app and do no I/O. */
#ifndef SHMTOP_REFRESH_H
#define SHMTOP_REFRESH_H

#include "app.h"
#include "attach.h"
#include "collect.h"
#include "snapshot.h"
#include "source.h"

struct refresh {
	struct collect_cfg cfg;
	struct snapshot snap;
	struct attach_list scratch;   /* the hugetlb facts' mappings scan */
	struct source src;            /* the other kinds, read by their collect hooks (queues
				       * without the status line, which changes a queue) */
	int64_t psem_scan_time;       /* when the semaphores' mappers were last scanned, 0 never */
	int64_t holders_scan_time;    /* when the processes table's walk was last made, 0 never */
	int64_t time_ns;              /* when this refresh began (Unix ns) */
	/* each kind's objects as read, when read (NULL: nobody asks): the events screen's polls */
	void (*polled)(void *ctx, enum kind_id id, const void *objs, size_t n, int64_t time_ns);
	void *polled_ctx;
};

void refresh_init(struct refresh *p, const struct collect_cfg *cfg);
void refresh_free(struct refresh *p);

/* Read everything once and merge it into a. Problems go to a's status line (escaped). Returns 0,
 * or -errno when the segments could not be read at all (the other kinds are still merged). */
int refresh_run(struct refresh *p, struct app *a);

/* The POSIX shared memory objects of a's directory, as refresh_run reads them at time now: listed
 * every refresh (the header counts them), their mappers scanned (a read of every /proc/PID/maps)
 * only while their table or a POSIX hex view is on screen, when the listing changed size or the
 * last scan is ATTACH_MAX_AGE seconds old (or was forgotten: a->posix_scan_time 0); merged into
 * their model. */
void refresh_posix(struct app *a, int64_t now);

/* Before a frame: read what the screen on display shows beyond the tables, into a's caches: the
 * attachers (while a detail view or the PROCESSES column shows them, at most every
 * ATTACH_MAX_AGE seconds unless the segments' use changed), the user and group names and process
 * info of the rows in view and of the selection (the hot path: one /proc/PID/stat per distinct
 * pid on screen, cached across refreshes for a few seconds), the command lines of a segment's
 * creator and last user (detail view), an array's semaphores (its detail view, semctl GETALL and
 * the like, read-only), the kernel's usage (limits panel), and the hex view's window. */
void refresh_screen(struct app *a);

#endif
