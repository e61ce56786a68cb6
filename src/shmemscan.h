/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* shmemscan.h - read what the Shmem breakdown (shmem.h) needs beside the segments: Shmem of
 * /proc/meminfo, the tmpfs filesystems of every mount namespace in use (statfs of each, opened
 * inside that namespace's root), and every process's memfds (/proc/PID/fd), in one walk of
 * /proc. */
#ifndef SHMTOP_SHMEMSCAN_H
#define SHMTOP_SHMEMSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "shmem.h"

struct shmemscan {
	struct shmem_inodes inodes;  /* the memfds counted in this scan */
	uint64_t *mnt_ns;            /* the mount namespaces whose mounts were read */
	size_t n_mnt_ns, mnt_ns_cap;
};

void shmemscan_init(struct shmemscan *sc);
void shmemscan_free(struct shmemscan *sc);

/* Fill r's Shmem, tmpfs mounts, memfds and process counts from procroot (r's System V part is
 * the caller's; r is cleared first, then shmem_compute is left to the caller). 0, or -errno
 * when /proc/meminfo or procroot cannot be read (r then says what was read). */
int shmemscan_run(struct shmemscan *sc, const char *procroot, struct shmem_report *r);

#endif
