/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* options.h - command-line options: parsed into a struct, with a one-line message naming the bad
 * argument on error. Pure: nothing here prints or exits. */
#ifndef SHMTOP_OPTIONS_H
#define SHMTOP_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "field.h"
#include "palette.h"
#include "output.h"
#include "snapshot.h"
#include "table.h"

/* --prom-objects by default: per-object series of the 500 largest objects of each kind. */
#define OPTIONS_PROM_OBJECTS 500

struct options {
	int batch;                    /* -b */
	long iterations;              /* -n, 0 = forever (interactive default) */
	double delay;                 /* -d, seconds */
	int delay_given;
	enum output_format format;    /* -o */
	uint8_t sort;                 /* -s: a field of kind_shm */
	int sort_given;
	int reverse;                  /* -r */
	const char *user;             /* -u, name or uid */
	enum snapshot_source source;  /* --source, after options_parse never SNAPSHOT_AUTO */
	int source_auto;              /* shmtop chose the source: collect may switch quietly */
	const char *procroot;         /* --proc */
	int procroot_given;
	int bytes;                    /* --bytes */
	int read_only;                /* -R */
	int no_color;                 /* -C */
	enum palette_scheme scheme;   /* --colors */
	int scheme_given;
	int shmem;                    /* --shmem */
	int trace;                    /* --trace */
	int events;                   /* --events: the dashboard traces from the start */
	int all_namespaces;           /* --all-namespaces */
	double trace_seconds;         /* --duration, 0: until stopped */
	const char *trace_source;     /* --trace-source (--trace, the dashboard): "auto", "bpf",
				       * "poll"; NULL auto */
	int record;                   /* --record: the trace into the history database */
	int history;                  /* --history [OBJECT] */
	int replay;                   /* --replay: the dashboard from the history database */
	const char *replay_at;        /* --at: where it starts (histtime.h's TIME, checked) */
	const char *db_path;          /* --db, NULL: histdb_default_path */
	const char *since, *until;    /* --since, --until: histtime.h's TIME, checked */
	const char *history_object;   /* OBJECT as given, NULL: every record */
	const char *history_field;    /* "id", "key" or "name" */
	int64_t history_num;          /* the id, or the key as a 32-bit key_t */
	int64_t retention_secs;       /* --retention: records older than this go (default 30 days) */
	int retention_given;
	int64_t max_db_bytes;         /* --max-db-size, 0: no limit */
	int no_mouse;                 /* --no-mouse */
	int attachers;                /* --attachers */
	int32_t ipc_ns_pid;           /* --ipc-ns, 0 = shmtop's own namespace */
	int list_ns;                  /* --list-ns */
	const char *shm_dir;          /* --shm-dir, NULL = the default */
	int posix;                    /* POSIX shared memory is among the kinds (--posix, --kinds) */
	unsigned kinds;               /* --kinds: KIND_BITs (kinds.h); shm alone by default */
	int kinds_given;              /* --kinds or --posix given (the dashboard shows all else) */
	int pmq_status;               /* --pmq-status: read the POSIX queues' status lines */
	long prom_objects;            /* --prom-objects: N, -1 all, 0 none */
	int no_headings;              /* --noheadings */
	int time_format;              /* --time-format: field.h's FIELD_TIME_* */
	/* -p: only the objects these processes created, attach, map or last used */
#define OPTIONS_PIDS_MAX 64
	int32_t pids[OPTIONS_PIDS_MAX];
	size_t npids;
	/* -i/--id, --key, --name: one object of the first kind, every field */
	const char *one_field;        /* "id", "key" or "name"; NULL: a whole snapshot */
	const char *one_value;        /* as given */
	int64_t one_num;              /* the id, or the key (as a 32-bit key_t) */
	int leaks;                    /* --leaks */
	int64_t stale_secs;           /* --stale */
	int dump;                     /* 1: --dump=SHMID, 2: --dump-key=KEY, 3: --dump=/NAME */
	const char *dump_name;        /* 3: the POSIX object's name */
	int32_t dump_id, dump_key;
	int help, version;
	uint8_t columns[FIELD_MAX + 1]; /* --columns: indexes into kind_shm's fields, FIELD_NONE-
					 * ended, for the table or CSV written or the dashboard */
	int columns_given;
	unsigned columns_help;          /* --columns=help: list the columns of this writer (FW_*) */
};

/* Parse argv. Returns 0, or -EINVAL with a message (no "shmtop: " prefix) in err. The message
 * quotes the arguments as they were given, raw: escape it (fmt_escape) before showing it. */
int options_parse(int argc, char **argv, struct options *o, char *err, size_t errsz);

/* The kind shown first (the first of o->kinds in Tab's order): the one --columns and -s name
 * the fields of. */
const struct kind *options_first_kind(const struct options *o);

/* The writer --columns applies to under o: FW_TABLE, FW_CSV or FW_DASH. */
unsigned options_columns_writer(const struct options *o);

/* The --help text. */
const char *options_help(void);

#endif
