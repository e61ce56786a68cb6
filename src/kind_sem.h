/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_sem.h - the fields of System V semaphore arrays by index, and what the detail of one
 * array (each semaphore's value, waiters and last pid) is given to the writers as. */
#ifndef SHMTOP_KIND_SEM_H
#define SHMTOP_KIND_SEM_H

#include <stddef.h>

#include "kind.h"
#include "semset.h"

enum sem_field {
	SEM_F_KEY, SEM_F_SEMID, SEM_F_PERMS, SEM_F_NSEMS, SEM_F_UID, SEM_F_GID, SEM_F_CUID,
	SEM_F_CGID, SEM_F_OWNER, SEM_F_GROUP, SEM_F_OTIME, SEM_F_CTIME, SEM_F_SEMS,
	SEM_F_COUNT
};

/* The semaphores of the arrays written: for array index i of the list given to a writer, its
 * nsems values start at v[first[i]]; first[i] == SIZE_MAX when they could not be read. */
struct sem_values {
	const struct semset_sem *v;
	const size_t *first;
	const struct semset *base;   /* the list the indexes count from */
};

extern const struct kind kind_sem;

uint64_t kind_sem_key(int32_t semid);

#endif
