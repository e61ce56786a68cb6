/* savefile.h - write a segment's bytes to a file the user named, never clobbering one by accident. */
#ifndef SHMTOP_SAVEFILE_H
#define SHMTOP_SAVEFILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Fill buf with up to len bytes of the source at offset off. Returns how many (fewer only at the
 * source's current end, 0 past it), or -errno. */
typedef ssize_t (*savefile_read_fn)(void *ctx, uint64_t off, void *buf, size_t len);

struct savefile_result {
	uint64_t written;   /* bytes in the file that now stands at path */
	int truncated;      /* the source ended before size bytes (it shrank underneath) */
};

/* Write size bytes read through read(ctx, ...) to path. Without overwrite an existing path
 * is -EEXIST. Returns 0 or -errno; res is filled either way (written 0 when nothing was saved). */
int savefile_write(const char *path, uint64_t size, savefile_read_fn read, void *ctx,
		   int overwrite, struct savefile_result *res);

#endif
