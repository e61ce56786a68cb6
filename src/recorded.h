/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* recorded.h - what shmtop --record recorded of the segments' creators, for the batch writers
 * (field_ctx.recorded): --leaks, JSON, CSV and -i name a creator that has gone by its recorded
 * command line. */
#ifndef SHMTOP_RECORDED_H
#define SHMTOP_RECORDED_H

#include <stddef.h>
#include <stdint.h>

#include "field.h"
#include "histdb.h"

struct recorded {
	struct histdb db;
	int on;
	uint32_t ipc_ns;
	struct field_recorded cur;
};

/* Open the history database path (NULL: the default one, and none there is no error) to look
 * up the segments of IPC namespace ipc_ns. 0 (r->on says whether there is one), or -errno with
 * why in warn (raw): a database asked for that cannot be read. */
int recorded_open(struct recorded *r, const char *path, uint32_t ipc_ns, char *warn,
		  size_t warnsz);
void recorded_close(struct recorded *r);

/* field_ctx.recorded for segments (rctx: the struct recorded): the creator the database has for
 * the segment's lifetime, when the segment's cpid made it; NULL when it has none. */
const struct field_recorded *recorded_segment(const void *rctx, const void *obj);

#endif
