/* shmfile.h - a POSIX shared memory object opened for reading: O_RDONLY, a read-only shared
 * mapping, and copies out of it that survive the object being truncated underneath (a SIGBUS
 * on a page past the new end is caught and reported, never a crash). */
#ifndef SHMTOP_SHMFILE_H
#define SHMTOP_SHMFILE_H

#include <stddef.h>
#include <stdint.h>

#include "shmdir.h"

struct shmfile {
	int fd;
	const uint8_t *map;   /* PROT_READ, MAP_SHARED; NULL for an empty object */
	uint64_t size;        /* the mapped size (the size at open) */
	uint64_t ino, dev;
};

/* Open the object name ("/NAME") of the directory d read-only (shmdir_open_object: relative to
 * d's descriptor, a regular file only) and map it. Returns 0 or -errno (-EINVAL: not a regular
 * file, or not one path component). */
int shmfile_open(const struct shmdir *d, const char *name, struct shmfile *f);
void shmfile_close(struct shmfile *f);

/* The object's current size (fstat), which may be below f->size after a truncation. */
int shmfile_current_size(const struct shmfile *f, uint64_t *size);

/* Run fn(arg) with SIGBUS caught: returns fn's result, or -EFAULT when a page of the mapping
 * was no longer backed (the object was truncated). Not reentrant; one thread. */
int shmfile_guarded(int (*fn)(void *arg), void *arg);

/* Copy [off, off+len) of the mapping into dst under the guard. Returns 0 or -EFAULT. */
int shmfile_copy(const struct shmfile *f, uint64_t off, void *dst, size_t len);

#endif
