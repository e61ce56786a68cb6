/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procinfo.h - what shmtop knows of a process from /proc/PID/stat: command name, liveness and
 * start time, with a per-poll cache so each distinct pid is read once however many segments name it. */
#ifndef SHMTOP_PROCINFO_H
#define SHMTOP_PROCINFO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROCINFO_COMM_MAX 64

struct procinfo {
	int32_t pid;
	int alive;                       /* exists and is not a zombie */
	int64_t start;                   /* start time in Unix seconds (truncated), -1 unknown */
	char comm[PROCINFO_COMM_MAX];    /* raw bytes as the kernel has them; "" when unknown */
};

/* Boot time and clock ticks, to turn /proc/PID/stat's starttime into Unix seconds. */
struct procclock {
	int64_t btime;  /* /proc/stat btime, -1 unknown */
	long hz;        /* sysconf(_SC_CLK_TCK) */
};

int procinfo_clock_read(const char *procroot, long hz, struct procclock *clk);

/* Parse the text of a /proc/PID/stat file. Returns 0 or -EINVAL. Pure: no I/O. */
int procinfo_parse_stat(const char *text, const struct procclock *clk, struct procinfo *out);

/* Read /proc/PID/stat under procroot. A missing process gives 0 with alive = 0. */
int procinfo_read(const char *procroot, int32_t pid, const struct procclock *clk,
		  struct procinfo *out);

/* Read a small file (a /proc one) whole into buf, NUL-terminated, at most size - 1 bytes: path
 * relative to dirfd (AT_FDCWD: as open takes it), opened without blocking on a FIFO. Its
 * length, or -errno. The one reader of /proc's small files. */
ssize_t procinfo_read_file(int dirfd, const char *path, char *buf, size_t size);

/* The command line of pid from /proc/PID/cmdline, arguments joined by spaces, raw bytes
 * (escape before display). Returns 0, or -errno (-ENOENT when the process is gone). An empty
 * command line (kernel threads, zombies) gives "". */
int procinfo_cmdline(const char *procroot, int32_t pid, char *buf, size_t size);

/* Nonzero when pid is not (or no longer) the process that did something at time `when`:
 * it is dead, a zombie, or started after `when` (the kernel reused the pid). */
int procinfo_gone_since(const struct procinfo *pi, int64_t when);

/* A cache of procinfo by pid, filled lazily; procinfo_cache_reset starts a new poll. */
struct procinfo_cache {
	struct procinfo *slot;
	unsigned char *used;
	size_t cap, n;
	const char *procroot;
	struct procclock clk;
};

void procinfo_cache_init(struct procinfo_cache *c, const char *procroot, const struct procclock *clk);
void procinfo_cache_reset(struct procinfo_cache *c);
void procinfo_cache_free(struct procinfo_cache *c);
/* The info for pid, reading /proc once per pid per poll. NULL only for pid <= 0 or out of memory. */
const struct procinfo *procinfo_cache_get(struct procinfo_cache *c, int32_t pid);
/* Only what is already cached: no I/O, for the formatting layer. NULL when not cached. */
const struct procinfo *procinfo_cache_find(const struct procinfo_cache *c, int32_t pid);
/* Whether pid is known to be gone since `when` (procinfo_gone_since) by what is cached: a pid not
 * cached (not read yet, off screen) is not known to be gone, nor is any pid when c is NULL. */
int procinfo_cache_gone(const struct procinfo_cache *c, int32_t pid, int64_t when);

#endif
