/* savefile.h - write a segment's bytes to a file the user named, never clobbering one by accident. */
#ifndef SHMTOP_SAVEFILE_H
#define SHMTOP_SAVEFILE_H

#include <stddef.h>

/* Write len bytes to path (mode 0600). Without overwrite an existing file is refused with
 * -EEXIST. Returns 0 or -errno; a short write removes nothing but reports -EIO or the error. */
int savefile_write(const char *path, const void *data, size_t len, int overwrite);

#endif
