/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* semcollect.h - one poll of System V semaphore arrays: the list from /proc/sysvipc/sem or the
 * semctl walk, with the kernel's limits (ipcs -l) and what is in use (ipcs -u). */
#ifndef SHMTOP_SEMCOLLECT_H
#define SHMTOP_SEMCOLLECT_H

#include <stddef.h>

#include "ipccollect.h"
#include "semset.h"

struct semcollect {
	struct semset_list sets;
	struct sem_limits limits; /* SEMSET_LIMIT_UNKNOWN where unknown */
	struct sem_usage usage;   /* SEMSET_LIMIT_UNKNOWN where unknown */
	struct ipccollect_stats st; /* the source it came from, malformed lines, skipped arrays */
};

void semcollect_init(struct semcollect *c);
void semcollect_free(struct semcollect *c);

/* Fill c (its list emptied first, its memory kept) as ipccollect_list says, then the limits:
 * semmsl, semmns, semopm and semmni from <procroot>/sys/kernel/sem, else from semctl IPC_INFO;
 * semvmx is the kernel's constant SEMVMX (32767, as ipcs prints it), or IPC_INFO's when that was
 * asked anyway. Usage is counted from the list when it holds every array (ipccollect_complete:
 * the kernel's SEM_INFO would say the same), else taken from SEM_INFO, which counts also what we
 * could not list. warn: as ipccollect_list. Returns 0, or -errno when no source could be read. */
int semcollect_read(const struct ipccollect_cfg *cfg, struct semcollect *c, char *warn,
		    size_t warnsz);

#endif
