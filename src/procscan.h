/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procscan.h - walk every process under a proc root and hand each one's whole /proc/PID/maps text
 * to a callback: the one loop that the SysV attacher scan and the POSIX mapper scan share. One
 * open and a read loop into a reusable buffer per process; exited processes are skipped. */
#ifndef SHMTOP_PROCSCAN_H
#define SHMTOP_PROCSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "procinfo.h"

/* One process being visited. Valid only during the callback. */
struct procscan_proc {
	int32_t pid;
	const char *maps;       /* the whole maps text */
	size_t len;
	int procfd, mapsfd;     /* the proc root, and the open maps file */
	const char *name;       /* the /proc directory entry ("1234") */
	size_t namelen;
};

/* Return 0 to go on, or -errno to stop the walk with that error. */
typedef int (*procscan_fn)(void *ctx, const struct procscan_proc *p);

struct procscan_stats {
	size_t scanned;         /* processes whose maps were read */
	size_t unreadable;      /* processes whose maps could not be read (permissions) */
};

/* Visit every process of procroot. Returns 0, -errno when procroot cannot be read, -ENOMEM, or
 * the callback's error. */
int procscan_maps(const char *procroot, procscan_fn fn, void *ctx, struct procscan_stats *st);

/* The owner of the process being visited (of its /proc/PID, through the maps fd already open, so
 * a reused pid cannot slip in), or (uint32_t)-1. */
uint32_t procscan_uid(const struct procscan_proc *p);

/* Its command name from /proc/PID/stat, or "" when it just exited. */
void procscan_comm(const struct procscan_proc *p, char comm[PROCINFO_COMM_MAX]);

/* Replace name by the process's title when it set one (setproctitle: PostgreSQL's
 * "postgres: checkpointer", nginx's "nginx: worker process", sshd's "sshd: root@pts/0"),
 * which tells apart processes whose command names are all the same. Left alone when it has
 * none, or cannot be read. */
void procscan_title(const struct procscan_proc *p, char name[PROCINFO_COMM_MAX]);

/* Whether argv0, a process's first argument, is a title it set rather than a program name:
 * "NAME: WHAT", or words with spaces that are not a path. Pure. */
int procscan_is_title(const char *argv0);

#endif
