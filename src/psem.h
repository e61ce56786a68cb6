/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* psem.h - POSIX named semaphores (glibc's sem_open: a file "sem.NAME" in the shared memory
 * directory, mapped by each process that opens it): listing them with their value, read from
 * the file without mapping it, the processes that map them, and removal with a re-check. */
#ifndef SHMTOP_PSEM_H
#define SHMTOP_PSEM_H

#include <stddef.h>
#include <stdint.h>

#include "posix.h"

struct shmdir;

/* glibc's struct new_sem (sysdeps/nptl/internaltypes.h), as sem_open writes it into the file,
 * in the byte order of the machine (the processes that share it run on it):
 *  - with 64-bit atomics (x86_64, aarch64, ppc64, s390x, riscv64, ...): a uint64_t data whose
 *    low 32 bits are the value and high 32 bits the number of waiters, then int private
 *    (FUTEX_SHARED, 128, for sem_open's) and int pad; sem_t is 32 bytes on 64-bit ABIs, the
 *    file's size; x32's sem_t is 16 bytes with this layout;
 *  - without (i386, arm, mips32, ...): unsigned int value holding the value shifted left by one
 *    and, in bit 0, whether there are waiters; then int private, int pad, and unsigned int
 *    nwaiters; sem_t is 16 bytes.
 * A 16-byte file is the second layout unless its private field is not where that layout has it
 * (word 1 is not FUTEX_SHARED) but is where the first has it (word 2): x32's. */
#define PSEM_SIZE_64 32
#define PSEM_SIZE_32 16
#define PSEM_FUTEX_SHARED 128
#define PSEM_VALUE_MAX 0x7fffffffu          /* SEM_VALUE_MAX: sem_post refuses to go higher */

enum psem_layout {
	PSEM_LAYOUT_UNKNOWN = 0,            /* not decoded */
	PSEM_LAYOUT_DATA64 = 1,             /* value and waiters in one 64-bit word */
	PSEM_LAYOUT_VALUE32 = 2,            /* value << 1 | waiters bit, a separate waiter count */
};

enum psem_state {
	PSEM_VALUE_OK = 0,                  /* value and nwaiters as glibc sees them */
	PSEM_VALUE_UNREAD = 1,              /* not read: value_err says why */
	PSEM_VALUE_BADSIZE = 2,             /* the file is neither 16 nor 32 bytes: not a glibc
					     * semaphore (or one from another libc); value and
					     * nwaiters 0; show it as unknown */
	PSEM_VALUE_BADVALUE = 3,            /* decoded, but above PSEM_VALUE_MAX, which glibc never
					     * writes: value holds the raw number; show it as bad */
};

/* One semaphore. The stat fields are as in struct posixobj. */
struct psem {
	char name[POSIX_NAME_MAX];  /* "/NAME" as sem_open takes it (its file is sem.NAME); raw
				     * bytes, escape for display */
	uint64_t size;              /* of the file: PSEM_SIZE_64 or PSEM_SIZE_32 for glibc's */
	uint32_t uid, gid;
	uint32_t mode;              /* permission bits (& 07777) */
	int64_t mtime;              /* Unix seconds; sem_post and sem_wait write through a mapping,
				     * which moves neither mtime nor ctime */
	int64_t ctime;              /* st_ctim: seconds and nanoseconds */
	uint32_t ctime_ns;
	uint64_t dev, ino;          /* st_dev (as makedev() encodes it) and st_ino */
	uint8_t deleted;            /* sem_unlink'ed but still mapped (found through maps). Its
				     * name is the one in its first mapper's maps line: a process
				     * that made it with sem_open maps it through glibc's temporary
				     * name (sem.XXXXXX, unlinked once sem.NAME is linked), so
				     * when only that process maps it, that is the name shown */
	uint8_t stat_known;         /* as posixobj's: always for a listed one */
	uint8_t value_state;        /* enum psem_state */
	uint8_t layout;             /* enum psem_layout the file was decoded with */
	int32_t value_err;          /* PSEM_VALUE_UNREAD: -errno of opening or reading the file
				     * (-EACCES: shmtop may not read it; -ENOENT for a deleted one,
				     * whose file has no name to open; -ESTALE: the name holds
				     * another file now); else 0 */
	uint32_t value;             /* what sem_getvalue says (BADVALUE: the raw number) */
	uint32_t nwaiters;          /* threads in sem_wait: glibc's count (a waiter killed while
				     * blocked stays counted); the 32-bit layout's count word */
};

struct psem_list {
	struct psem *v;             /* sorted by name (bytes), then listed before deleted */
	size_t n, cap;
	struct posix_list files;    /* the sem.* files and their mappers (posix.c, sems 1): v is
				     * made from files.v; the mappers are files.m (psem_mappers) */
};

void psem_list_init(struct psem_list *l);
void psem_list_free(struct psem_list *l);

/* List the semaphores of the shared memory directory d (shmdir.h) into l, replacing the listed
 * ones: the "sem.*" regular files (posix_list_dir), each one's value read with one pread on a
 * descriptor opened relative to d (shmdir_open_object: O_NOATIME where permitted), never mapped
 * and never written. The deleted semaphores and the mappers of the last psem_scan_mappers are
 * kept. Returns 0, or -errno as posix_list_dir (l emptied but for the deleted ones), or -ENOMEM.
 */
int psem_list_dir(const struct shmdir *d, struct psem_list *l);

/* Scan procroot for the processes that map the semaphores of l (posix_scan_mappers: by device
 * and inode), replacing the mappers; semaphores unlinked but still mapped are added with deleted
 * set (their value unread). The values of the listed ones are those of the last psem_list_dir.
 * Returns 0 or -errno as posix_scan_mappers. */
int psem_scan_mappers(const char *procroot, const struct shmdir *d, struct psem_list *l);

/* The processes that map s (one record per process, by pid: struct posix_mapper), *n of them;
 * NULL and 0 when none. */
const struct posix_mapper *psem_mappers(const struct psem_list *l, const struct psem *s, size_t *n);

/* Decode a semaphore file's bytes (buf, len: the whole file) into s's layout, value_state, value
 * and nwaiters (value_err 0). Returns 0, or -EINVAL when len is not a size glibc writes
 * (PSEM_VALUE_BADSIZE). */
int psem_decode(const void *buf, size_t len, struct psem *s);

/* Tracking across polls: a and b are the same semaphore: the same name, device and inode
 * (unlinking one keeps its name and inode: it turns deleted, it is not another). */
int psem_same(const struct psem *a, const struct psem *b);

/* The removal re-check: psem_same, neither deleted, and the same size and ctime to the
 * nanosecond, as shmdir_unlink checks a shared memory object (a chmod, chown or write(2)
 * changes the ctime; sem_post does not). */
int psem_identical(const struct psem *expect, const struct psem *now);

/* Unlink expect's file (sem.NAME) from d, as sem_unlink would, only while the name still holds
 * exactly that semaphore (psem_identical on an lstat immediately before unlinkat,
 * shmdir_unlink_if). Processes that have it open keep it until they close it. Returns 0, -ESTALE
 * when it changed, -EINVAL for a deleted one or a name that is not one component, or -errno. */
int psem_unlink(const struct shmdir *d, const struct psem *expect);

#endif
