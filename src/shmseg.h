/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* shmseg.h - the one struct for a System V shared memory segment, and a growable list of them.
 * Every layer (collection, model, formatting, views) passes segments around as this struct. */
#ifndef SHMTOP_SHMSEG_H
#define SHMTOP_SHMSEG_H

#include <stddef.h>
#include <stdint.h>

#define SHMSEG_MODE_PERMS  0777u   /* rwx bits of shm_perm.mode */
#define SHMSEG_MODE_DEST   01000u  /* SHM_DEST: marked for removal, lives until the last detach */
#define SHMSEG_MODE_LOCKED 02000u  /* SHM_LOCKED: locked in memory with SHM_LOCK */
#define SHMSEG_UNKNOWN     (-1)    /* rss/swap where the source does not report them */

struct shmseg {
	int32_t key;        /* key_t; IPC_PRIVATE (0) also after IPC_RMID */
	int32_t shmid;
	uint32_t mode;      /* perms plus SHMSEG_MODE_DEST / SHMSEG_MODE_LOCKED */
	uint32_t uid, gid;  /* owner */
	uint32_t cuid, cgid; /* creator */
	int32_t cpid, lpid; /* creator pid, last shmat/shmdt pid */
	uint32_t nattch;    /* the kernel's count of attachments (mappings), saturated at
			     * UINT32_MAX: 32 bits keep the struct at 96 bytes, a twelfth less
			     * memory at tens of thousands of segments */
	uint64_t size;      /* bytes */
	int64_t atime, dtime, ctime; /* Unix seconds, 0 = never */
	int64_t rss, swap;  /* bytes, or SHMSEG_UNKNOWN */
	int64_t huge_page;  /* a SHM_HUGETLB segment's huge page size in bytes, 0 for an ordinary one,
			     * SHMSEG_UNKNOWN until a mapping of it told (attach_apply) */
};

struct shmseg_list {
	struct shmseg *v;
	size_t n, cap;
};

/* Make room for cap segments in all. Returns 0 or -ENOMEM (the list is unchanged then). */
int shmseg_list_reserve(struct shmseg_list *l, size_t cap);
/* Append a copy of *s. Returns 0 or -ENOMEM (the list is unchanged then). */
int shmseg_list_push(struct shmseg_list *l, const struct shmseg *s);
/* Forget the contents but keep the memory for the next poll. */
void shmseg_list_clear(struct shmseg_list *l);
void shmseg_list_free(struct shmseg_list *l);

/* Nonzero when a and b name the same segment: same shmid, key, cpid and ctime.
 * Ids are reused by the kernel, so an id alone never identifies a segment. */
int shmseg_same(const struct shmseg *a, const struct shmseg *b);

/* Nonzero when a and b agree on everything that identifies a segment and that only its owner
 * changes: shmid, key, cpid, ctime, size, cuid, cgid, uid, gid and mode (SHM_DEST and SHM_LOCKED
 * included). IPC_SET changes ctime, so a segment changed since it was seen is not identical. The
 * removal re-check: a same-second replacement can still agree on all of these (sysv_remove). */
int shmseg_identical(const struct shmseg *a, const struct shmseg *b);

/* Nonzero when now is still the segment was, seen later: same shmid, cpid, ctime and size, and
 * the same key, or key 0 with SHM_DEST set in now (IPC_RMID clears the key of a segment that
 * lives on until its last detach). */
int shmseg_same_object(const struct shmseg *was, const struct shmseg *now);

#endif
