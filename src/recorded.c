/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* recorded.c - the segments' recorded creators (recorded.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "recorded.h"
#include "shmseg.h"

int recorded_open(struct recorded *r, const char *path, uint32_t ipc_ns, char *warn,
		  size_t warnsz)
{
	char def[PATH_MAX];
	int e;

	memset(r, 0, sizeof(*r));
	r->ipc_ns = ipc_ns;
	if (!path) {
		/* no history recorded here: nothing to say */
		if (histdb_default_path(def, sizeof(def)) < 0 || access(def, R_OK) < 0)
			return 0;
		path = def;
	}
	if ((e = histdb_open(&r->db, path, 0)) < 0) {
		snprintf(warn, warnsz, "%s", r->db.err);
		return e;
	}
	r->on = 1;
	return 0;
}

void recorded_close(struct recorded *r)
{
	if (r->on)
		histdb_close(&r->db);
	r->on = 0;
}

const struct field_recorded *recorded_segment(const void *rctx, const void *obj)
{
	struct recorded *r = (struct recorded *)rctx;
	const struct shmseg *s = obj;
	struct histdb_life l;
	int64_t exited;

	if (!r->on || s->cpid <= 0 ||
	    histdb_creator(&r->db, "shm", r->ipc_ns, s->shmid, s->cpid, &l, &exited) < 0)
		return NULL;
	r->cur.pid = l.creator.pid;
	r->cur.uid = l.creator.uid;
	r->cur.created_ns = l.created_ns;
	r->cur.exited_ns = exited;
	snprintf(r->cur.cmdline, sizeof(r->cur.cmdline), "%s",
		 l.creator.cmdline[0] ? l.creator.cmdline : l.creator.comm);
	return &r->cur;
}
