/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_psem.h - the fields of POSIX named semaphores by index. */
#ifndef SHMTOP_KIND_PSEM_H
#define SHMTOP_KIND_PSEM_H

#include <stdint.h>

#include "kind.h"

enum psem_field {
	PSEM_F_NAME, PSEM_F_INODE, PSEM_F_VALUE, PSEM_F_WAITERS, PSEM_F_VALUE_STATE, PSEM_F_SIZE,
	PSEM_F_UID, PSEM_F_GID, PSEM_F_OWNER, PSEM_F_GROUP, PSEM_F_MODE, PSEM_F_MTIME,
	PSEM_F_CTIME, PSEM_F_DELETED, PSEM_F_MAPPERS, PSEM_F_MAPPED_BY,
	PSEM_F_COUNT
};

extern const struct kind kind_psem;

/* The model's key of a semaphore: its file's device and inode mixed (kind_posix_key; an unlinked
 * one keeps its key). */
uint64_t kind_psem_key(uint64_t dev, uint64_t ino);

#endif
