/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* posix.h - POSIX shared memory objects (shm_open, under /dev/shm or --shm-dir): listing them, and
 * finding the processes that map them (by device and inode in /proc/PID/maps, including objects
 * already unlinked but still mapped, which show as "(deleted)"). */
#ifndef SHMTOP_POSIX_H
#define SHMTOP_POSIX_H

#include <stddef.h>
#include <stdint.h>

#include "procinfo.h"

struct shmdir;

/* "/" + a file name of up to NAME_MAX (255) bytes + NUL: a listed name is never cut short, so it
 * can be handed to shm_unlink as it is. */
#define POSIX_NAME_MAX 257

/* uid and gid of a deleted object whose inode could not be examined */
#define POSIX_ID_UNKNOWN UINT32_MAX

struct posixobj {
	char name[POSIX_NAME_MAX];  /* "/NAME" as shm_open names it; raw bytes, escape for display.
				     * A deleted object's name comes from its maps path, where the
				     * kernel writes a newline as "\012"; it is cut to fit. */
	uint64_t size;
	uint32_t uid, gid;
	uint32_t mode;              /* permission bits (& 07777) */
	int64_t mtime;              /* Unix seconds */
	int64_t ctime;              /* st_ctim: Unix seconds and nanoseconds. With dev, ino and size
				     * what unlinking re-checks (shmdir_unlink) */
	uint32_t ctime_ns;
	uint64_t dev, ino;          /* st_dev (as makedev() encodes it) and st_ino */
	int deleted;                /* unlinked but still mapped (found only through maps) */
	int stat_known;             /* size, uid, gid, mode, mtime and ctime are real: always for a
				     * listed object; for a deleted one only when its inode could be
				     * reached through procroot/PID/map_files (root, or
				     * CAP_CHECKPOINT_RESTORE), otherwise size 0, uid and gid
				     * POSIX_ID_UNKNOWN, mode 0, mtime and ctime 0 */
};

/* One process's mappings of one object. */
struct posix_mapper {
	uint64_t dev, ino;          /* which object */
	int32_t pid;
	uint32_t uid;               /* the process's owner (of procroot/PID), (uint32_t)-1 unknown */
	uint64_t addr, length;      /* its first (lowest) mapping: start and bytes mapped */
	char access[5];             /* what its mappings allow, together: 'r' if any is readable,
				     * 'w' if any is writable and shared (a private writable mapping
				     * cannot change the object), 'x' if any is executable, 's' if any
				     * is shared, else 'p': "r--s", "rw-s", "r--p" */
	unsigned count;             /* mappings of the object in this process (the pieces an mprotect
				     * split makes, consecutive in address and offset, count once) */
	char comm[PROCINFO_COMM_MAX];  /* raw; escape before display; "" if it exited meanwhile */
};

struct posix_list {
	struct posixobj *v;         /* sorted by name (bytes), then live before deleted */
	size_t n, cap;
	struct posix_mapper *m;     /* sorted by dev, ino, pid */
	size_t nm, mcap;
	size_t procs_scanned;       /* processes whose maps the last scan read */
	size_t procs_unreadable;    /* processes whose maps it could not read (permissions) */
	int sems;                   /* 0: shared memory objects, every file but "sem.*"; 1: glibc's
				     * named semaphores, the "sem.*" files only (psem.c). Set after
				     * posix_list_init; posix_list_free keeps it */
};

/* An empty list of shared memory objects (sems 0). */
void posix_list_init(struct posix_list *l);
void posix_list_free(struct posix_list *l);
/* Append a copy of *o (a replay's objects). 0 or -ENOMEM. */
int posix_list_push(struct posix_list *l, const struct posixobj *o);
/* The total size of the objects whose size is known, in bytes; UINT64_MAX when it is more
 * (sparse files of any size cost nothing: a sum that wrapped would show a small total). */
uint64_t posix_list_bytes(const struct posix_list *l);

/* List the regular files of the directory d (shmdir.h: opened once, and read again each time
 * through its descriptor; "sem.*" semaphores, or with l->sems only they, directories, symlinks
 * and other file types excepted; not recursive) into l, replacing the listed objects. Each is examined with fstatat relative to
 * the directory, never by a path. The deleted objects and the mappers of the last
 * posix_scan_mappers are kept (both are keyed by dev and ino, so they still hold; a deleted object
 * that is listed again, relinked, stops being deleted), so the directory can be listed more often
 * than processes are scanned. Returns 0, or -errno when d could not be opened (d->err) or read
 * (l unchanged) or memory runs out (l keeps only its deleted objects). */
int posix_list_dir(const struct shmdir *d, struct posix_list *l);

/* Scan procroot/[0-9]*\/maps for mappings of the objects of l (posix_list_dir first), replacing
 * l->m. A mapping belongs to an object when its device and inode are the object's: the path is not
 * compared, so the objects of another mount namespace or of a symlinked directory are found too.
 * A mapping marked "(deleted)" of no listed object, on d's filesystem, whose path is directly
 * under d as the maps name it (d->maps_path: the kernel writes paths relative to the reader's
 * root) and not "sem.*" (with l->sems: "sem.*"), is an unlinked object: it is added to l->v with deleted = 1 (the deleted
 * objects of an earlier scan are dropped first). Objects on another filesystem than d itself (a
 * file bind-mounted into it) are not matched.
 * Returns 0, or -errno when d could not be opened, procroot cannot be read or memory runs out
 * (l->m emptied, deleted objects dropped). */
int posix_scan_mappers(const char *procroot, const struct shmdir *d, struct posix_list *l);

/* The mappers of an object (binary search): *first indexes l->m; returns how many, 0 when none. */
size_t posix_find_mappers(const struct posix_list *l, uint64_t dev, uint64_t ino, size_t *first);

#endif
