/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* output.h - batch writers: a snapshot as an aligned table, JSON Lines, CSV or the Prometheus text
 * exposition format, optionally with the POSIX shared memory objects of a directory. Pure
 * formatting: process names and liveness come from an already-filled procinfo cache, attached
 * processes and POSIX objects from already-made scans, never from /proc or /dev/shm directly. */
#ifndef SHMTOP_OUTPUT_H
#define SHMTOP_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "attach.h"
#include "names.h"
#include "outbuf.h"
#include "posix.h"
#include "procinfo.h"
#include "snapshot.h"

enum output_format { OUTPUT_TABLE, OUTPUT_JSON, OUTPUT_CSV, OUTPUT_PROMETHEUS };

struct output_ctx;
struct psem_list;
struct shmem_report;

/* The objects of one more kind to write, after the segments and the POSIX objects: the kind,
 * its objects (kind->size bytes apart), the ones to write in order (indexes; NULL: all), how to
 * judge one's leak (NULL: the kind has no leak rules; returns whether a suspect, with the
 * reasons), the table section's title line (without its newline), and the kind's totals and
 * limits as JSON members and Prometheus gauges. */
struct output_kind {
	const struct kind *kind;
	const void *objs;
	size_t nobjs;
	const uint32_t *rows;
	size_t nrows;
	int (*leak)(const struct output_ctx *o, const struct snapshot *snap, const void *obj,
		    unsigned *reasons);
	const char *title;
	/* "name":value members added to the snapshot's "limits" and "usage" objects, and gauges
	 * after the kind's own (each: name, help, value, known) */
	const struct output_total {
		const char *json, *prom, *help;
		uint64_t v;
		int known;
		int usage;                  /* a usage member (else a limit) */
	} *totals;
	size_t ntotals;
};

#define OUTPUT_JSON_VERSION 1

struct output_ctx {
	enum output_format format;
	int bytes;                          /* table: sizes in bytes, not human */
	struct names *names;
	const struct procinfo_cache *pids;  /* filled by collect_pids for json/csv/prometheus; may be
					     * NULL: names and liveness unknown, creators not gone */
	/* Added with leak detection. New fields go at the end; initialise with designated
	 * initializers (a short positional one is valid C, but -Wextra warns of the missing fields). */
	const struct attach_list *attachers; /* json: each segment's attached processes; NULL = not
					      * asked (no "attachers" fields at all) */
	int64_t now;                        /* leaks and ages are judged at this time; 0 = snap->time */
	int64_t stale_secs;                 /* --stale; 0 = LEAK_STALE_DEFAULT, < 0 = no stale rule */
	int leaks;                          /* --leaks: the table gains a LEAK column (the caller
					     * passes only the suspects, see output_segment_leak) */
	/* Added with POSIX shared memory (--posix). Not written as CSV, whose one header cannot
	 * describe two kinds of rows: the caller refuses --posix with -o csv. */
	const struct posix_list *posix;     /* the objects of posix_dir and their mappers, as
					     * posix_list_dir and posix_scan_mappers made them; NULL =
					     * not asked (no POSIX section, field or metric at all) */
	const char *posix_dir;              /* where they were listed (the table's title, JSON's
					     * "shm_dir"); NULL = "/dev/shm" */
	const uint32_t *posix_rows;         /* the objects to write, as indexes into posix->v, in
					     * order (after -u and --leaks, see output_posix_leak);
					     * NULL = every one. Totals always cover every object. */
	size_t posix_nrows;
	/* Added with --source=auto. */
	int no_mem_columns;                 /* table: no RSS and SWAP columns (the batch table that
					     * reads shmctl). Set from what was asked, not from where
					     * the segments came: a fallback keeps the columns. */
	/* Added with reading without attaching. */
	const struct attach_list *evidence; /* a scan of the attachers, when one was made: the leak
					     * rules leave out the attachments of shmtop processes
					     * (not use). NULL: nattch as the kernel counts it */
	/* Added with the column registry. */
	const struct output_kind *kinds;    /* more kinds (--kinds), in order; NULL: none */
	size_t nkinds;
	int no_segments;                    /* --kinds without shm: no segment rows, table section,
					     * JSON array, CSV or gauges (the snapshot's totals and
					     * limits stay) */
	const struct sem_values *sems;      /* JSON: the semaphore arrays' values, when read */
	const uint8_t *columns;             /* --columns: the segments' columns in the table or CSV
					     * (indexes into kind_shm's fields, FIELD_NONE-ended);
					     * NULL: the format's own (kind_shm.table_columns, less
					     * RSS and SWAP with no_mem_columns, plus LEAK with
					     * leaks; kind_shm.csv_columns) */
	/* Added with POSIX message queues and named semaphores. */
	const struct psem_list *psems;      /* the POSIX named semaphores' mappers, when scanned:
					     * their MAPPERS column and JSON "mappers"; NULL: none */
	/* Added with the Prometheus labels and bounds. */
	uint64_t ipc_ns;                    /* the IPC namespace viewed (its inode): the
					     * ipc_namespace label of every series; 0: unknown */
	long prom_bound;                    /* --prom-objects: per-object series for the N largest
					     * objects of each kind when N > 0, for none when < 0,
					     * for every one when 0 (the totals always count every
					     * object) */
	const char *version;                /* shmtop_build_info's version label */
	/* Added with --noheadings. */
	int no_headings;                    /* table and CSV: rows only, no titles or column
					     * headers (and no blank line between snapshots) */
	int time_format;                    /* the table's times (field.h FIELD_TIME_*) */
	/* Added with the Shmem breakdown. */
	const struct shmem_report *shmem;   /* --shmem: where Shmem went (shmem_compute done), as a
					     * table section, JSON's "shmem", gauges; NULL: not asked */
	/* Added with the history database. */
	const struct field_recorded *(*recorded)(const void *rctx, const void *obj);
	const void *rctx;                   /* the segments' creators as shmtop --record recorded
					     * them (field_ctx.recorded); NULL: no database */
};

/* One object (-i, --key, --name): with -o json its JSON object on one line, as the snapshot's
 * array holds it; else every field the writers know, one "name  value" line each, under a
 * title naming the kind and the object (as ipcs -i prints one). leak judges it (NULL: none). */
void output_object(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		   const struct kind *k, const void *obj,
		   int (*leak)(const struct output_ctx *, const struct snapshot *, const void *,
			       unsigned *));
void output_json_object(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			const struct kind *k, const void *obj,
			int (*leak)(const struct output_ctx *, const struct snapshot *, const void *,
				    unsigned *));

/* Whether obj of kind k is the object -i, --key or --name names: field "id" or "key" equal to
 * num, or "name" equal to text (raw). */
int output_object_matches(const struct kind *k, const void *obj, const char *field, int64_t num,
			  const char *text);

/* "table", "json", "csv" or "prometheus". Returns 0 or -EINVAL. */
int output_format_parse(const char *name, enum output_format *fmt);
/* Nonzero when the format shows process names or leak status, so the caller must fill the pid
 * cache first: JSON, CSV and Prometheus always; the table when its columns (cols of kind k, as
 * --columns gave them; NULL: the default, which has none) show leak reasons, which need to
 * know whether a creator is gone. (The table needs it too when o->leaks is set.) */
int output_needs_pids(enum output_format fmt, const struct kind *k, const uint8_t *cols);

/* Whether s is a leak suspect as every format reports it, with its reasons (LEAK_* bits) in
 * *reasons unless NULL. Uses o->now (0: snap->time), o->stale_secs (0: the default) and o->pids
 * (the creator is gone when procinfo_gone_since says so; with no cache, it is not). For --leaks,
 * keep the rows for which this returns nonzero. */
int output_segment_leak(const struct output_ctx *o, const struct snapshot *snap,
			const struct shmseg *s, unsigned *reasons);

/* Whether POSIX object p (one of o->posix's) is a leak suspect, with its reasons (LEAK_UNMAPPED,
 * LEAK_STALE) in *reasons unless NULL: unmapped when o->posix has no mapper of it, stale by its
 * mtime at o->now (0: snap->time) against o->stale_secs (0: the default). An object whose stat
 * is unknown (deleted, inode unreachable) is mapped by definition, so never a suspect. */
int output_posix_leak(const struct output_ctx *o, const struct snapshot *snap,
		      const struct posixobj *p, unsigned *reasons);

/* Write one snapshot (rows are indexes into snap->segs). index counts snapshots from 0: the CSV
 * header is written only for the first, and table snapshots are separated by a blank line.
 * Prometheus writes a complete exposition per snapshot, so several snapshots in one stream repeat
 * every metric family (a textfile collector wants exactly one: -n 1). */
void output_snapshot(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		     const uint32_t *rows, size_t nrows, unsigned long index);
/* With o->posix, the table gains a second section after the segments (a title line "POSIX shared
 * memory in DIR - ..." and NAME SIZE OWNER MODE MTIME MAPPERS LEAK rows), JSON the top-level
 * "posix", "shm_dir" and "posix_procs_unreadable" after "segments", and Prometheus the
 * shmtop_posix_* families after all the others; CSV is unchanged. */

#endif
