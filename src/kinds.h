/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kinds.h - the kinds of IPC objects shmtop knows, in the order Tab goes through them: one line
 * per kind in kinds.c registers it. */
#ifndef SHMTOP_KINDS_H
#define SHMTOP_KINDS_H

#include <stddef.h>

#include "kind.h"

enum kind_id { KIND_SHM, KIND_POSIX, KIND_SEM, KIND_MSG, KIND_PMQ, KIND_PSEM, KIND_PROC,
	       KIND_COUNT };

#define KIND_BIT(id) (1u << (id))
/* "all": every kind of IPC object; proc, the processes that hold them, is named by itself */
#define KINDS_ALL (KIND_BIT(KIND_PROC) - 1)

extern const struct kind *const kinds[KIND_COUNT];

/* A comma-separated list of kind names ("shm,sem", or "all") into a mask of KIND_BITs. Returns
 * 0, or -EINVAL with a message in err naming the word that is not a kind (escaped) and the
 * kinds there are. */
int kinds_parse(const char *list, unsigned *mask, char *err, size_t errsz);

#endif
