/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* savefile.h - write a segment's bytes to a file the user named: never through a link, never
 * into a FIFO or a device, never clobbering a file by accident, and never losing the old one. */
#ifndef SHMTOP_SAVEFILE_H
#define SHMTOP_SAVEFILE_H

#include <stdint.h>
#include <sys/types.h>

/* Fill buf with up to len bytes of the source at offset off. Returns how many (fewer only at the
 * source's current end, 0 past it), or -errno. */
typedef ssize_t (*savefile_read_fn)(void *ctx, uint64_t off, void *buf, size_t len);

struct savefile_result {
	uint64_t written;   /* bytes in the file that now stands at path */
	int truncated;      /* the source ended before size bytes (it shrank underneath) */
};

/* Write size bytes read through read(ctx, ...) to path. The bytes go to a new temporary file in
 * path's directory (mode 0600), are flushed, and only then renamed into place, so a failure of
 * any kind (a full disk, an I/O error, a source error) leaves whatever stood at path exactly as
 * it was and no temporary file behind.
 *
 * The target is looked at without being opened: anything but a regular file (a FIFO, socket,
 * device, directory or symlink) is -EINVAL at once, before the source is read, with or without
 * overwrite. Without overwrite an existing path is -EEXIST, and so is a file that appears while
 * the bytes are written. With overwrite a regular file is replaced, keeping its permission bits
 * (and its owner where we may set it); it must be writable by us (-EACCES otherwise), and if it
 * was replaced by another file meanwhile that one is kept: -EEXIST. A new file is mode 0600.
 * A directory we cannot write is -EACCES, whether or not the file exists.
 *
 * Returns 0 or -errno; res is filled either way (written 0 when nothing was saved). The source
 * is read in chunks of about 1 MiB; a short read ends the file there (res->truncated). */
int savefile_write(const char *path, uint64_t size, savefile_read_fn read, void *ctx,
		   int overwrite, struct savefile_result *res);

#endif
