/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* collect.h - take a snapshot from the chosen source, with the kernel's limits, falling back
 * from /proc to shmctl when /proc/sysvipc/shm cannot be read. */
#ifndef SHMTOP_COLLECT_H
#define SHMTOP_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "procinfo.h"
#include "snapshot.h"

struct collect_cfg {
	const char *procroot;           /* "/proc" unless --proc says otherwise */
	enum snapshot_source source;    /* the preferred source: SNAPSHOT_PROC or SNAPSHOT_SHMCTL */
	long page_size;
	int source_auto;                /* shmtop chose it (--source=auto): when shmctl fails or
					 * cannot see every segment, read /proc quietly instead */
};

/* Fill snap (cleared first) at time now. snap->source says which source it came from.
 * On a fallback or skipped lines, a one-line warning
 * (without a trailing newline) is written to warn, otherwise warn is set to "". The warning
 * quotes the proc root as given, raw: escape it (fmt_escape) before showing it.
 * Returns 0, or -errno when no source could be read. */
int collect_snapshot(const struct collect_cfg *cfg, int64_t now, struct snapshot *snap,
		     char *warn, size_t warnsz);

/* Read the creator and last pid of the given rows into the cache (one read per distinct pid). */
void collect_pids(struct procinfo_cache *cache, const struct snapshot *snap,
		  const uint32_t *rows, size_t nrows);

#endif
