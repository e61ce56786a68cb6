/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* replay.h - shmtop --replay: the dashboard's tables as the history database recorded them at a
 * time (the samples before it decoded, merged into the app as a poll would be, with the records
 * up to it as the app's traced history), and the steps to the previous and next change. */
#ifndef SHMTOP_REPLAY_H
#define SHMTOP_REPLAY_H

#include <stdint.h>

#include "app.h"
#include "histdb.h"
#include "histkinds.h"
#include "histsnap.h"
#include "snapshot.h"

struct replay {
	struct histdb db;
	struct histsnap_kind hk[HISTKINDS];
	struct histsnap hs;
	uint32_t layout;
	int64_t first_ns, last_ns;  /* the samples' span */
	int64_t shown_ns;           /* the time the app shows */
	char host[256];             /* where it was recorded ("" unknown: an older recorder) */
	uint64_t ipc_ns;            /* the IPC namespace sampled (0 unknown) */
	struct snapshot snap;       /* the segments as an app_update takes them */
	char err[PATH_MAX + 512];   /* why the last call failed, raw */
};

/* Open the database at path for reading. 0, or -errno with why in r->err (-ENOENT: nothing
 * sampled in it). */
int replay_open(struct replay *r, const char *path);
void replay_close(struct replay *r);

/* Show a the state at t_ns (Unix ns; before the first sample: the first; after the last: the
 * last): every kind's table as sampled, its traced history the newest records up to then, its
 * clock then. forward: a step to the next change, whose changes are marked as a poll's are;
 * else the tables start afresh (nothing new, nothing gone). 0, or -errno with why in r->err. */
int replay_show(struct replay *r, struct app *a, int64_t t_ns, int forward);

/* The time of the next change after the time shown (dir > 0), or the last before it: 0 with
 * *t_ns, -ENOENT none (r->err says so), or -errno. */
int replay_step(struct replay *r, int dir, int64_t *t_ns);

#endif
