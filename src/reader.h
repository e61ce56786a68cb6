/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* reader.h - the bytes of one shared memory object, read without changing it. A System V segment
 * is read, in order of preference: through a descriptor of its file opened from an attacher's
 * /proc/PID/map_files (pread; nattch, lpid, atime and dtime untouched; needs CAP_SYS_ADMIN or
 * CAP_CHECKPOINT_RESTORE); with nobody attached but that privilege, through a descriptor opened
 * from shmtop's own attachment, which lasts only for that open (one attach of microseconds);
 * without the privilege, from an attacher's memory with process_vm_readv (nattch and the times
 * untouched; the mapping is checked after each copy); else by attaching for each copy and
 * detaching at once. A POSIX object is read through its descriptor.
 * Nothing is ever held attached between two calls. */
#ifndef SHMTOP_READER_H
#define SHMTOP_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "shmseg.h"

enum reader_via {
	READER_CLOSED,
	READER_MAP_FILES,     /* a descriptor from an attacher's mapping: untouched */
	READER_BRIEF_ATTACH,  /* a descriptor from shmtop's own attach of attach_ns, then detached */
	READER_VM,            /* process_vm_readv from an attacher's mapping: untouched */
	READER_ATTACH_EACH,   /* attach, copy, detach at every read */
	READER_FILE,          /* a POSIX object's descriptor */
	READER_MEMORY,        /* bytes in the caller's memory (tests stand it in for an object) */
};

/* Ways reader_open_sysv may not use (tests use them to reach the others). */
enum {
	READER_AVOID_MAP_FILES = 1, /* neither an attacher's map_files nor the brief attach */
	READER_AVOID_VM = 2,
};

struct reader {
	enum reader_via via;
	int fd;                 /* READER_MAP_FILES, READER_BRIEF_ATTACH, READER_FILE; else -1 */
	const char *procroot;   /* where the attachers are found (the caller's; kept alive) */
	unsigned avoid;
	struct shmseg seg;      /* SysV: the segment it reads, as confirmed when opened */
	uint64_t size;          /* bytes when opened */
	int32_t pid;            /* READER_MAP_FILES, READER_VM: whose mapping */
	uint64_t addr, map_off, map_len; /* READER_VM: addr in pid maps segment offset map_off.. */
	uint64_t attach_ns;     /* READER_BRIEF_ATTACH: how long the one attach lasted */
	unsigned long attaches; /* shmtop's own attach/detach cycles on this segment so far */
	/* Before shmtop's first own attach: lpid, atime and dtime as the segment's users left them
	 * (valid when attaches > 0). Its attach and detach rewrite them; these are the evidence. */
	int32_t lpid_before;
	int64_t atime_before, dtime_before;
	const uint8_t *mem;     /* READER_MEMORY */
};

/* Open seg (a segment as listed) for reading, choosing the way as above; procroot is where the
 * attachers are looked for. The id must still name seg (key, cpid, ctime and size), else -ESTALE.
 * Returns 0, or -errno: -EINVAL/-EIDRM when it is gone, -EACCES when it may not be read. */
int reader_open_sysv(struct reader *r, const char *procroot, const struct shmseg *seg,
		     unsigned avoid);

/* Read from fd (a POSIX object opened read-only), which the reader now owns; size as fstat said. */
void reader_open_fd(struct reader *r, int fd, uint64_t size);

/* Read size bytes at mem, which the caller keeps (a stand-in object for tests). */
void reader_open_memory(struct reader *r, const void *mem, uint64_t size);

/* 1 while a POSIX object is still linked in its directory, 0 once unlinked; 1 for the others.
 * Or -errno. */
int reader_linked(struct reader *r);

/* Copy up to len bytes at off into buf. Returns how many (fewer only at the object's current
 * end: a POSIX object can shrink; 0 past it), or -errno: -ESTALE when the segment's id no longer
 * names it (it is gone). Never leaves anything attached. */
ssize_t reader_read(struct reader *r, uint64_t off, void *buf, size_t len);

/* Whether a segment's id still names the segment the reader reads (its descriptor would keep a
 * removed one's memory allocated, and reads through it go on): 0, -ESTALE when it is another, or
 * the -errno of IPC_STAT (-EINVAL, -EIDRM: gone). 0 for a POSIX object. */
int reader_check(struct reader *r);

/* The object's current size: a POSIX object's can change; a segment's cannot. 0 or -errno. */
int reader_size(struct reader *r, uint64_t *size);

/* One line for the status bar on how the bytes are read and what that cost the object, e.g.
 * "read through pid 1234's mapping: segment untouched". */
void reader_describe(const struct reader *r, char *buf, size_t size);

/* Let go of the descriptor (a removed segment's memory lives as long as it is open). */
void reader_close(struct reader *r);

#endif
