/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procshm.h - parse /proc/sysvipc/shm into segments, mapping columns by the header's names. */
#ifndef SHMTOP_PROCSHM_H
#define SHMTOP_PROCSHM_H

#include <stdio.h>

#include "shmseg.h"

struct procshm_stats {
	size_t lines;      /* data lines read (not counting the header) */
	size_t malformed;  /* data lines skipped because they did not parse */
	int has_rss;       /* the header has rss and swap columns (Linux >= 4.14) */
};

/* Read the whole file from f and append one segment per well-formed line to out.
 * Columns are found by name; unknown columns are ignored; missing rss/swap give SHMSEG_UNKNOWN.
 * Returns 0, -ENODATA for an empty file, -EINVAL when the header lacks a required column
 * (key, shmid, perms, size), -ENOMEM, or -errno from reading. */
int procshm_parse(FILE *f, struct shmseg_list *out, struct procshm_stats *st);

#endif
