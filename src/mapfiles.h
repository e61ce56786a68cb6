/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* mapfiles.h - /proc/PID/map_files: the file behind each file mapping of a process, as a link
 * named START-END. Following one opens that file without mapping it, which for a System V segment
 * attaches nothing (nattch, lpid, atime and dtime stay as they are). Following needs CAP_SYS_ADMIN
 * or CAP_CHECKPOINT_RESTORE (in the initial user namespace); listing does not. */
#ifndef SHMTOP_MAPFILES_H
#define SHMTOP_MAPFILES_H

#include <stddef.h>
#include <stdint.h>

/* "PIDDIR/map_files/START-END" (hex, as the kernel names them) into buf; piddir is a process's
 * directory ("/proc/1234", "/proc/self") or a name relative to an open proc root ("1234"). */
void mapfiles_path(char *buf, size_t size, const char *piddir, uint64_t start, uint64_t end);

/* Whether this process may follow map_files links: an entry of procroot/self/map_files (each one
 * a file mapping of ours) opened. 1 or 0. */
int mapfiles_may_follow(const char *procroot);

/* A read-only descriptor of the file behind our own mapping that starts at addr and maps size
 * bytes of it (the end is size rounded to pages; where no such mapping exists, as for hugetlb
 * pages, the end that procroot/self/maps gives). O_NOATIME where permitted. Returns it or
 * -errno: -EPERM without the privilege, -ENOENT when no mapping starts at addr. */
int mapfiles_open_own(const char *procroot, const void *addr, uint64_t size);

/* The same for piddir's mapping [start, end). */
int mapfiles_open(const char *piddir, uint64_t start, uint64_t end);

#endif
