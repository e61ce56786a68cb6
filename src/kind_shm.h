/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_shm.h - the fields of System V segments by index, for the code that knows segments (the
 * detail view, the removal dialog, the leak rules' callers). */
#ifndef SHMTOP_KIND_SHM_H
#define SHMTOP_KIND_SHM_H

#include "kind.h"

enum shm_field {
	SHM_F_KEY, SHM_F_SHMID, SHM_F_PERMS, SHM_F_SIZE, SHM_F_NATTCH, SHM_F_DEST, SHM_F_LOCKED,
	SHM_F_UID, SHM_F_GID, SHM_F_CUID, SHM_F_CGID, SHM_F_OWNER, SHM_F_GROUP, SHM_F_CPID,
	SHM_F_CPID_COMM, SHM_F_CPID_ALIVE, SHM_F_LPID, SHM_F_LPID_COMM, SHM_F_LPID_ALIVE,
	SHM_F_ATIME, SHM_F_DTIME, SHM_F_CTIME, SHM_F_RSS, SHM_F_SWAP, SHM_F_HUGE, SHM_F_LEAK,
	SHM_F_ATTACHERS, SHM_F_STATUS, SHM_F_LEAK_SUSPECT, SHM_F_LEAK_REASONS, SHM_F_PROCS,
	SHM_F_DETACH_TIMESTAMP, SHM_F_RECORDED,
	SHM_F_COUNT
};

/* The model's key of a segment: its shmid (as an unsigned 32-bit number). */
uint64_t kind_shm_key(int32_t shmid);

#endif
