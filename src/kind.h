/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind.h - a kind of IPC object as one descriptor: its names, its object struct, its column
 * registry (field.h) and which of those columns each writer shows unless --columns says
 * otherwise, how it is read, its identity across polls, its leak rules, how one is removed and,
 * where it has bytes, how they are read. One file per kind (kind_shm.c,
 * ...) defines it. */
#ifndef SHMTOP_KIND_H
#define SHMTOP_KIND_H

#include <stddef.h>
#include <stdint.h>

#include "field.h"

struct attach_list;
struct leak_ctx;
struct posix_list;
struct psem_list;
struct reader;
struct shmdir;
struct source;

/* What removing an object needs beside the object itself. */
struct kind_remove_ctx {
	const struct shmdir *shm;    /* the POSIX shared memory directory (objects, semaphores) */
	const struct shmdir *mq;     /* the mqueue filesystem */
	int64_t seen_ns;             /* when the poll that listed it began (CLOCK_REALTIME ns) */
};

/* What opening an object's bytes needs beside the object itself. */
struct kind_read_ctx {
	const char *procroot;        /* where a segment's attachers are looked for */
	const struct shmdir *shm;    /* the POSIX shared memory directory */
};

/* What tells which processes hold an object (-p). */
struct kind_pid_ctx {
	const struct attach_list *attachers; /* segments' attachers; NULL: not scanned */
	const struct posix_list *posix;      /* POSIX objects' mappers; NULL: not scanned */
	const struct psem_list *psems;       /* named semaphores' mappers; NULL: not scanned */
};

struct kind {
	const char *name;            /* --kinds name: "shm" */
	const char *title;           /* "System V shared memory segments" */
	const char *noun;            /* what one calls a table of them: "segments" */
	const char *noun_one;        /* and one of them: "segment" */
	const char *id_name;         /* how one object is named in messages: "shmid" */
	const char *json_array;      /* its array in a JSON snapshot: "segments" */
	const char *prom_prefix;     /* its per-object gauges: "shmtop_segment_" */
	size_t size;                 /* bytes of one object */
	const struct field *fields;  /* the column registry, in JSON member order */
	size_t nfields;
	/* the columns each writer shows by default, FIELD_NONE-terminated, in order */
	const uint8_t *dash_columns, *table_columns, *csv_columns, *prom_gauges;
	/* Identity across polls: the key the model finds an object by (a shmid), and whether an
	 * object seen again under that key is still the one it was (ids are reused). */
	/* Read every object of the kind once, into src (source.h): *objs (src's, valid until its
	 * next read) and *n. 0, or -errno with a one-line warning in warn (raw). NULL: read with
	 * the segments' snapshot or the POSIX listing (shm, posix). */
	int (*collect)(struct source *src, const void **objs, size_t *n, char *warn, size_t warnsz);
	uint64_t (*key)(const void *obj);
	int (*same)(const void *was, const void *now);
	uint8_t use_field;           /* the field whose changes the model remembers (nattch: the
				      * detail view's history), FIELD_NONE for none */
	int (*going)(const void *obj); /* shown as on its way out ('-', dim), NULL: never (an
				      * unlinked POSIX object still mapped) */
	const uint8_t *sort_columns; /* what the table sorts by, in the sort chooser's order */
	uint8_t sort_default;        /* and by default */
	uint8_t prom_rank;           /* --prom-objects=N keeps the N objects largest by this field
				      * (FIELD_NONE: the first N in the kind's order) */
	uint8_t unlinks;             /* removed by unlinking its name (POSIX: the object lives on
				      * while it is open or mapped), not destroyed by IPC_RMID */
	/* The leak reasons of obj (leak.h's LEAK_* bits) by its kind's rules, as far as ctx
	 * knows; the one judgement of the dashboard and every writer. NULL: no leak rules. */
	unsigned (*leak)(const void *obj, const struct leak_ctx *ctx);
	/* Remove obj, as it was listed, only while its id or name still holds that very object
	 * (both are reused): 0, or -errno (-ESTALE: it changed; -ENOENT, -EINVAL, -EIDRM: gone).
	 * The one mutation shmtop makes. */
	int (*remove)(const struct kind_remove_ctx *ctx, const void *obj);
	/* Open rd (reader.h) on obj's bytes, which never stays attached: 0, or -errno (-ESTALE:
	 * its id or name no longer holds the object listed; -ENOENT, -EINVAL, -EIDRM: gone;
	 * -EACCES). NULL: the kind has no bytes to show. */
	int (*open_reader)(const struct kind_read_ctx *ctx, const void *obj, struct reader *rd);
	/* Whether process pid created, attaches, maps or last used obj, as far as ctx and obj
	 * tell (-p). NULL: nothing of the kind records a process (semaphore arrays). */
	int (*held_by)(const void *obj, const struct kind_pid_ctx *ctx, int32_t pid);
	/* How the messages about one object name it: "semid 5", "/name" (escaped). */
	void (*label)(const void *obj, char *buf, size_t size);
};

extern const struct kind kind_shm;

/* The fields of a FIELD_NONE-terminated list: how many. */
size_t kind_list_len(const uint8_t *list);

/* Whether one of the n pids holds obj of kind k (its held_by hook; 0 without one). */
int kind_held_by_any(const struct kind *k, const void *obj, const struct kind_pid_ctx *ctx,
		     const int32_t *pids, size_t n);

/* Keep of the n rows (indexes of objects of kind k at objs) those one of the pids holds, in
 * order; returns how many. */
size_t kind_keep_held(const struct kind *k, const void *objs, uint32_t *rows, size_t n,
		      const struct kind_pid_ctx *ctx, const int32_t *pids, size_t npids);

#endif
