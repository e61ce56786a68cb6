/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procsem.h - parse /proc/sysvipc/sem into semaphore arrays, columns found by their names. */
#ifndef SHMTOP_PROCSEM_H
#define SHMTOP_PROCSEM_H

#include <stdio.h>

#include "semset.h"

struct procsem_stats {
	size_t lines;     /* data lines read (not counting the header and blank lines) */
	size_t malformed; /* data lines skipped because they did not parse */
};

/* Read the whole file from f and append one array per well-formed line to out. Columns are found
 * by name (key, semid, perms, nsems, uid, gid, cuid, cgid, otime, ctime); unknown columns are
 * ignored; a missing optional column reads as 0. Returns 0, -ENODATA for an empty file, -EINVAL
 * when the header lacks a required column (key, semid, perms, nsems), -ENOMEM (out keeps what was
 * appended), or -errno from reading. */
int procsem_parse(FILE *f, struct semset_list *out, struct procsem_stats *st);

#endif
