/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* sysvsem.h - the only module that calls semctl. Everything above it gets semaphore arrays as
 * struct semset, semaphores as struct semset_sem, and errors as -errno. */
#ifndef SHMTOP_SYSVSEM_H
#define SHMTOP_SYSVSEM_H

#include <stddef.h>
#include <stdint.h>

#include "ipcscan.h"
#include "semset.h"

/* Append every array visible through semctl: IPC_INFO for the highest index, then SEM_STAT_ANY
 * (falling back to SEM_STAT) per index (ipcscan_walk). Returns 0, -ENOMEM, -errno of IPC_INFO or
 * of the walk, or -EPERM when every index was refused (the list is as it was on any error). */
int sysvsem_list(struct semset_list *out, struct ipcscan_stats *st);

/* IPC_STAT one id (needs read permission). Returns 0 or -errno (-EINVAL/-EIDRM when it is gone,
 * -EACCES). */
int sysvsem_stat(int semid, struct semset *out);

/* A buffer for GETALL that ends at an inaccessible page, kept across sysvsem_detail calls. */
struct sysvsem_guard {
	void *map;                  /* NULL: none yet */
	size_t len;                 /* bytes mapped, the guard page included */
	size_t room;                /* bytes before the guard page */
};

/* Unmap it (a zeroed one holds nothing). */
void sysvsem_guard_free(struct sysvsem_guard *g);

/* The state of each semaphore of array semid, which a poll saw as `expect`, into out[0..nsems):
 * its values from one GETALL (a consistent picture of the whole array), then GETNCNT, GETZCNT and
 * GETPID for each semaphore, as ipcs -s -i does. None of these commands changes the array or its
 * times (the kernel only reads under the array's lock; GETNCNT and GETZCNT may log a one-time
 * note to the kernel log about their SUS semantics when complex operations wait). The id must
 * name the same array (semset_same) before and after, or -ESTALE; GETALL writes into a buffer
 * that ends at an inaccessible page, so a larger array that took the id meanwhile makes it fail
 * (-ESTALE) instead of writing past it. That buffer is guard's (kept for the next call, grown
 * when an array needs more room: mapping a guarded buffer for each array cost more than all of
 * its semctl calls), or, when guard is NULL, mapped for this call alone. Returns 0, -ERANGE when
 * n < expect->nsems, -ESTALE, -ENOMEM, or -errno (-EACCES without read permission,
 * -EINVAL/-EIDRM when it is gone). */
int sysvsem_detail(int semid, const struct semset *expect, struct semset_sem *out, size_t n,
		   struct sysvsem_guard *guard);

/* Limits from IPC_INFO: semmsl, semmns, semopm, semmni and semvmx. Returns 0 or -errno. */
int sysvsem_limits_read(struct sem_limits *lim);

/* Usage from SEM_INFO: arrays in use (semusz) and semaphores in them (semaem). Returns 0 or
 * -errno. */
int sysvsem_usage_read(struct sem_usage *use);

/* IPC_RMID, but only if semid still names the array `expect`, as a poll that began at seen_ns
 * (Unix nanoseconds) saw it: every field of semset_identical must agree, else -ESTALE ("changed
 * since you confirmed"). A replacement at the same id needs the id's slot to come round with the
 * same sequence number (after some thousands of creations with ipcmni_extend, some millions
 * without) or sem_next_id set by a privileged process, and then the same key, nsems, owner,
 * creator and mode; its ctime, the second it was created, is what tells it apart. So when
 * expect's ctime is within a second of seen_ns (the kernel's clock can lag a tick) a replacement
 * made after that poll could agree on every field, and there is no finer creation time to ask:
 * -EAGAIN, and the caller asks again after a later poll. What remains: nothing can hold an id the
 * way an attach holds a segment's, so between the IPC_STAT and the IPC_RMID (two system calls)
 * the array can be removed and its id given to a new one with the same ctime second; only a
 * process that sets sem_next_id can make that happen on purpose. An array whose values are set
 * (SETVAL, SETALL) more often than polls come cannot be confirmed. Otherwise 0 or -errno
 * (-EACCES: not readable by us, so not checked; -EPERM: not its owner, creator or root;
 * -EINVAL/-EIDRM: gone). */
int sysvsem_remove(int semid, const struct semset *expect, int64_t seen_ns);

#endif
