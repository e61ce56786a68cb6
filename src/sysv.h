/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* sysv.h - the only module that calls shmctl, shmat and shmdt.
 * Everything above it gets segments as struct shmseg and errors as -errno. */
#ifndef SHMTOP_SYSV_H
#define SHMTOP_SYSV_H

#include <stddef.h>
#include <stdint.h>

#include "shmseg.h"

struct sysv_info {
	uint64_t shmmax, shmmin, shmmni, shmseg, shmall; /* IPC_INFO limits; shmall in pages */
	uint64_t used_ids, shm_tot, shm_rss, shm_swp;     /* SHM_INFO usage; tot/rss/swp in pages */
};

struct sysv_list_stats {
	size_t skipped;   /* segments that vanished (EIDRM) or were refused (EACCES, EPERM) mid-scan */
	int stat_any;     /* SHM_STAT_ANY was used (Linux >= 4.17); otherwise SHM_STAT */
};

/* Append every segment visible through shmctl: IPC_INFO for the highest index, then
 * SHM_STAT_ANY (falling back to SHM_STAT) per index. Returns 0, -ENOMEM, -errno of IPC_INFO,
 * or -EPERM when every index was refused (the list is as it was then). */
int sysv_list(struct shmseg_list *out, struct sysv_list_stats *st);

/* IPC_STAT one id. Returns 0 or -errno (-EINVAL/-EIDRM when it is gone, -EACCES). */
int sysv_stat(int shmid, struct shmseg *out);

/* Limits (IPC_INFO) and usage (SHM_INFO). Returns 0 or -errno. */
int sysv_info_read(struct sysv_info *info);

/* IPC_RMID, but only if shmid still names the segment `expect`, as a poll that began at seen_ns
 * (Unix nanoseconds) saw it: every field of shmseg_identical must agree, else -ESTALE ("changed
 * since you confirmed"). A replacement made after that poll has a ctime of about seen_ns or later,
 * so when expect's ctime is that close (within a second: the kernel's stamp can lag a tick) the
 * two could look alike: then the segment's creation time to the nanosecond (its file's btime,
 * through shmtop's own attach and /proc/self/map_files) decides: -ESTALE when it is after
 * seen_ns, -EAGAIN when it cannot be read (no privilege, hugetlbfs) or is too close to tell. The
 * caller asks again after a later poll. While checking and removing, shmtop stays attached (when
 * it may read the segment), so the id cannot name another segment in between. Otherwise 0 or
 * -errno (-EPERM: not its owner, creator or root; -EINVAL/-EIDRM: gone). */
int sysv_remove(int shmid, const struct shmseg *expect, int64_t seen_ns);

/* The id of the segment with this key (shmget without IPC_CREAT, so nothing is created).
 * Returns the id, or -errno (-ENOENT when there is none, -EACCES). */
int sysv_id_of_key(int32_t key);

/* Attach read-only (SHM_RDONLY) and report the mapping. Returns 0 or -errno. */
int sysv_attach_ro(int shmid, const void **addr);
/* Detach what sysv_attach_ro returned. Returns 0 or -errno. */
int sysv_detach(const void *addr);

#endif
