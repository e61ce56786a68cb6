/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* semset.h - the struct for a System V semaphore array, one semaphore's state, and a growable list
 * of arrays. Every layer passes semaphore arrays around as these structs. */
#ifndef SHMTOP_SEMSET_H
#define SHMTOP_SEMSET_H

#include <stddef.h>
#include <stdint.h>

#define SEMSET_MODE_PERMS 0777u /* the rwx bits: the kernel keeps no other mode bits for an array */
#define SEMSET_SEMVMX 32767     /* SEMVMX, a kernel constant: the largest value of a semaphore */

struct semset {
	int32_t key;         /* key_t; IPC_PRIVATE (0) for a private array */
	int32_t semid;
	uint32_t mode;       /* sem_perm.mode */
	uint32_t uid, gid;   /* owner */
	uint32_t cuid, cgid; /* creator */
	uint32_t nsems;      /* semaphores in the array: fixed when it is created */
	int64_t otime;       /* last semop that completed, Unix seconds, 0 = never */
	int64_t ctime;       /* creation, or the last IPC_SET, SETVAL or SETALL */
};

/* One semaphore of an array, as semctl GETALL, GETNCNT, GETZCNT and GETPID report it
 * (ipcs -s -i ID prints the same four). */
struct semset_sem {
	int32_t value;       /* semval: 0..SEMSET_SEMVMX */
	int32_t ncnt;        /* processes blocked in semop waiting for the value to increase */
	int32_t zcnt;        /* processes blocked in semop waiting for the value to become zero */
	int32_t pid;         /* the last process to change it (semop, SETVAL/SETALL, an undo at its
			      * exit) as our PID namespace numbers it: 0 when none, or not
			      * visible */
};

#define SEMSET_LIMIT_UNKNOWN UINT64_MAX /* a limit or usage figure that could not be read */

/* The kernel's limits for semaphore arrays (ipcs -l), per IPC namespace. */
struct sem_limits {
	uint64_t semmsl; /* semaphores per array */
	uint64_t semmns; /* semaphores in all arrays */
	uint64_t semopm; /* operations per semop call */
	uint64_t semmni; /* arrays */
	uint64_t semvmx; /* the largest value of a semaphore (SEMSET_SEMVMX) */
};

/* What is in use (ipcs -u): the kernel's SEM_INFO semusz and semaem. */
struct sem_usage {
	uint64_t arrays; /* arrays in use */
	uint64_t sems;   /* semaphores in all of them */
};

struct semset_list {
	struct semset *v;
	size_t n, cap;
};

/* Make room for cap arrays in all. Returns 0 or -ENOMEM (the list is unchanged then). */
int semset_list_reserve(struct semset_list *l, size_t cap);
/* Append a copy of *s. Returns 0 or -ENOMEM (the list is unchanged then). */
int semset_list_push(struct semset_list *l, const struct semset *s);
/* Forget the contents but keep the memory for the next poll. */
void semset_list_clear(struct semset_list *l);
void semset_list_free(struct semset_list *l);

/* Nonzero when `now` is the array `was` seen later, for tracking across polls: the same semid, key,
 * nsems, cuid and cgid (none of which changes while an array lives), and times that did not run
 * backwards (ctime and otime of now not before was's). An array's ctime moves on IPC_SET and also
 * on every SETVAL and SETALL, which programs use to (re)initialise their semaphores: that is a
 * change of the same array, not a new one. Ids are reused (a slot comes round again with the
 * same sequence number after enough creations, or by sem_next_id), so the id alone never decides;
 * a replacement that agrees on all of these is taken for the same array until its times differ.
 * A clock set back can make one array look new. */
int semset_same(const struct semset *was, const struct semset *now);

/* Nonzero when a and b agree on everything that identifies an array and on what only its owner
 * changes: semid, key, nsems, cuid, cgid, ctime, uid, gid and mode. The removal re-check: ctime is
 * in, so an array that was given new values (SETVAL, SETALL) or a new owner or mode (IPC_SET)
 * since it was confirmed is refused and confirmed again, which is the only way to tell a
 * replacement made at the same id: its ctime is its creation. otime is use, as semop is, and is
 * not compared. A same-second replacement can still agree on all of these (sysvsem_remove). */
int semset_identical(const struct semset *a, const struct semset *b);

#endif
