/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* mappings.h - the mappings of IPC objects in every process: one walk of procroot/PID/maps that
 * keeps the lines a query asks for, with the process's owner and command name, for the System V
 * attacher scan (attach.c) and the POSIX mapper scan (posix.c) alike. */
#ifndef SHMTOP_MAPPINGS_H
#define SHMTOP_MAPPINGS_H

#include <stddef.h>
#include <stdint.h>

#include "maps.h"
#include "procinfo.h"

/* One kept maps line: one mapping (VMA) of an object in one process. */
struct mapping {
	int32_t pid;
	uint32_t uid;                    /* the process's owner (of procroot/PID), (uint32_t)-1
					  * unknown */
	uint64_t start, end, offset;     /* addresses mapped, and the object offset at start */
	uint64_t dev, inode;             /* the maps line's device (as makedev() encodes it) and
					  * inode */
	char perms[5];                   /* "rw-s", "r--p", ... */
	uint8_t deleted;                 /* the path ended in " (deleted)" */
	uint8_t shmtop;                  /* the process is a shmtop: command name "shmtop" and, when
					  * its /proc entry can tell, an executable named so (a
					  * process that only renamed itself with prctl is not one) */
	uint32_t path_off, path_len;     /* the path in the list's paths (query keep_paths only) */
	char comm[PROCINFO_COMM_MAX];    /* raw; escape before display; "" if it exited meanwhile */
};

/* Which lines to keep. */
struct mappings_query {
	const char *needle;              /* bytes every wanted line holds (memmem finds candidates,
					  * so only they are parsed): "/SYSV", " 00:1a " */
	size_t needle_len;
	/* Whether to keep a parsed candidate line; NULL keeps all. */
	int (*match)(void *ctx, const struct maps_entry *e);
	void *ctx;
	int own_ipcns;                   /* only processes in procroot's IPC namespace (a shmid names a
					  * segment only within one); ignored when procroot has no
					  * namespace to compare with (a fixture tree) */
	int keep_paths;                  /* store each kept line's path */
};

struct mapping_list {
	struct mapping *v;               /* in walk order: one process's mappings are consecutive,
					  * in address order */
	size_t n, cap;
	char *paths;                     /* the kept paths, not NUL-terminated */
	size_t paths_len, paths_cap;
	size_t procs_scanned;            /* processes whose maps were read */
	size_t procs_unreadable;         /* processes whose maps could not be read (permissions) */
};

void mappings_init(struct mapping_list *l);
void mappings_free(struct mapping_list *l);

/* Walk procroot/[0-9]*\/maps and keep the lines q asks for, replacing l's contents (its arrays
 * are reused). Processes that exit meanwhile are skipped; maps that cannot be read count in
 * procs_unreadable. Returns 0, or -errno (l emptied) when procroot cannot be read or memory runs
 * out. */
int mappings_scan(const char *procroot, const struct mappings_query *q, struct mapping_list *l);

/* Append the lines q asks for from one process's maps text (buf, len bytes), owned by uid and
 * named comm (NULL: ""); own_ipcns is not applied, and shmtop is told by the name alone. Returns
 * 0 or -ENOMEM. For tests and for a caller that has read one process's maps itself. */
int mappings_add_text(struct mapping_list *l, const struct mappings_query *q, int32_t pid,
		      uint32_t uid, const char *comm, const char *buf, size_t len);

/* The path of m (keep_paths): m->path_len bytes at the returned pointer. */
static inline const char *mappings_path(const struct mapping_list *l, const struct mapping *m)
{
	return l->paths + m->path_off;
}

/* How many mappings follow from i that belong to the process of l->v[i] (they are
 * consecutive). */
size_t mappings_pid_run(const struct mapping_list *l, size_t i);

/* The command name of shmtop's own processes, by which their mappings are recognised. */
#define MAPPINGS_SHMTOP_COMM "shmtop"

#endif
