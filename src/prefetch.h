/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* prefetch.h - read a file ahead on a second thread. The kernel spends most of a poll formatting
 * /proc/sysvipc/shm one page per read(); reading it on another core while this one parses means
 * the parse costs (almost) no wall time. The caller sees an ordinary FILE*. */
#ifndef SHMTOP_PREFETCH_H
#define SHMTOP_PREFETCH_H

#include <stdio.h>

/* Open path and start reading it ahead. Returns a FILE* that reads the same bytes in order
 * (fclose stops the reader and frees everything), or NULL with errno set (EINVAL for anything
 * but a regular file: a FIFO would block). Without threads
 * (pthread_create failing) it quietly reads on the caller's thread instead. */
FILE *prefetch_open(const char *path);

#endif
