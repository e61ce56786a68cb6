/* kind_posix.h - the fields of POSIX shared memory objects by index, for the code that knows
 * them (the unlink dialog, the writers' POSIX sections). */
#ifndef SHMTOP_KIND_POSIX_H
#define SHMTOP_KIND_POSIX_H

#include "kind.h"

enum posix_field {
	POSIX_F_NAME, POSIX_F_INODE, POSIX_F_SIZE, POSIX_F_UID, POSIX_F_GID, POSIX_F_OWNER,
	POSIX_F_GROUP, POSIX_F_MODE, POSIX_F_MTIME, POSIX_F_DELETED, POSIX_F_MAPPERS, POSIX_F_LEAK,
	POSIX_F_MAPPED_BY, POSIX_F_LEAK_SUSPECT, POSIX_F_LEAK_REASONS, POSIX_F_SINCE_MODIFIED,
	POSIX_F_COUNT
};

extern const struct kind kind_posix;

/* The model's key of an object: its device and inode mixed (an unlinked object keeps its key). */
uint64_t kind_posix_key(uint64_t dev, uint64_t ino);

#endif
