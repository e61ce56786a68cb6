/* shmfile.h - a POSIX shared memory object opened for reading: O_RDONLY, a read-only shared
 * mapping, and copies out of it that survive the object being truncated underneath (a SIGBUS
 * on a page past the new end is caught and reported, never a crash). */
#ifndef SHMTOP_SHMFILE_H
#define SHMTOP_SHMFILE_H

#include <stddef.h>
#include <stdint.h>

struct shmfile {
	int fd;
	const uint8_t *map;   /* PROT_READ, MAP_SHARED; NULL for an empty object */
	uint64_t size;        /* the mapped size (the size at open) */
	uint64_t ino, dev;
};

/* Open path read-only and map it. Returns 0 or -errno. */
int shmfile_open(const char *path, struct shmfile *f);
void shmfile_close(struct shmfile *f);

/* The object's current size (fstat), which may be below f->size after a truncation. */
int shmfile_current_size(const struct shmfile *f, uint64_t *size);

/* Run fn(arg) with SIGBUS caught: returns fn's result, or -EFAULT when a page of the mapping
 * was no longer backed (the object was truncated). Not reentrant; one thread. */
int shmfile_guarded(int (*fn)(void *arg), void *arg);

/* Copy [off, off+len) of the mapping into dst under the guard. Returns 0 or -EFAULT. */
int shmfile_copy(const struct shmfile *f, uint64_t off, void *dst, size_t len);

/* Unlink path (as shm_unlink would), but only if it is still the object (dev, ino) the user
 * chose: names are reused. Returns 0, -ESTALE when it changed, or -errno. */
int shmfile_unlink(const char *path, uint64_t dev, uint64_t ino);

#endif
