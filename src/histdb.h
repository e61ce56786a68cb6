/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* histdb.h - the history database of shmtop --record and --history (SQLite; its schema is in
 * doc/history-schema.md): opening it (made, or migrated to this version's schema), each traced
 * record stored with the lifetime of the object it is about, and the lifetimes and records read
 * back. */
#ifndef SHMTOP_HISTDB_H
#define SHMTOP_HISTDB_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "trace.h"

#define HISTDB_SCHEMA 2 /* PRAGMA user_version of a database this shmtop writes */

struct sqlite3;
struct sqlite3_stmt;

struct histdb {
	struct sqlite3 *db;
	char path[PATH_MAX];
	int lock_fd;                /* the recorder's: flock'ed, one recorder per database */
	int in_tx;
	int version;                /* its schema (a reader's may be older: HISTDB_SCHEMA at most) */
	struct sqlite3_stmt *st[16];
	char err[PATH_MAX + 256];   /* why the last call failed, raw */
};

/* Where the database is by default: $SHMTOP_DB when set (set but empty: none), else
 * /var/lib/shmtop/history.db for root, else $XDG_STATE_HOME/shmtop/history.db
 * ($HOME/.local/state/...). 0, or -ENOENT (none, or no home). */
int histdb_default_path(char *buf, size_t size);

/* Open path: write (the recorder: made with its directories if missing, mode 0600, WAL, one
 * recorder at a time) or read (--history: as it is, while a recorder writes). 0, or -errno with
 * why in h->err: -EBUSY another recorder writes it, -EROFS or -EACCES it cannot be written,
 * -EPROTO not a history database or corrupt, -ENOSPC the disk is full, -ENOENT (read) none,
 * -ENOTSUP made by a newer shmtop, -ELIBACC SQLite cannot be loaded. */
int histdb_open(struct histdb *h, const char *path, int write);
void histdb_close(struct histdb *h);

/* The recorder's batches: records are written inside a transaction that histdb_commit ends
 * (and the next record begins). 0 or -errno with why in h->err. */
int histdb_commit(struct histdb *h);

/* Store one record, with the lifetime of its object: a create begins one (ending an open one of
 * the same id or name: ids and names are reused), a removal or unlink ends it (a segment's
 * ends when it is gone: its removal only marks it), any other record of an object the database
 * has no open lifetime of begins one, first seen then. 0 or -errno with why in h->err. */
int histdb_add(struct histdb *h, const struct trace_event *ev);

/* What a poll of System V kind ("shm", "sem", "msg") in IPC namespace ipc_ns found at now_ns:
 * n objects, their ids sorted ascending and their keys beside them. Every open lifetime of that
 * kind and namespace whose id is not among them has ended (a removed segment whose last process
 * detached, a removal while nothing traced); one that is gets its key if no record gave it; an
 * object with no open lifetime begins one, first seen now (made before the recording). POSIX
 * names are not judged so: another mount namespace's /dev/shm of the same IPC namespace holds
 * other names. 0 or -errno with why in h->err. */
int histdb_alive(struct histdb *h, const char *kind, uint32_t ipc_ns, const int32_t *ids,
		 const int32_t *keys, size_t n, int64_t now_ns);

/* Keep the database within its bounds: records older than before_ns go, and lifetimes that
 * ended before it with no record left; then, while the database is larger than max_bytes (0: no
 * limit), the oldest records, a batch at a time. The space goes back to the filesystem.
 * *deleted: how many records went. 0 or -errno with why in h->err. */
int histdb_prune(struct histdb *h, int64_t before_ns, int64_t max_bytes, int64_t *deleted);

/* Whether the recorder's database is still the file at its path (not removed or replaced while
 * recording: what it writes would be lost). 0, or -ESTALE with why in h->err. */
int histdb_check_path(struct histdb *h);

/* Store a sample of every kind's objects (histsnap.h's encoding of data, len bytes; full: every
 * object, else what changed since the last; changes: how many objects are new, changed or gone
 * since the last sample), taken at time_ns, with the layout fingerprint of the structs
 * encoded. 0 or -errno with why in h->err. */
int histdb_sample(struct histdb *h, int64_t time_ns, int full, uint32_t layout, size_t changes,
		  const void *data, size_t len);

/* The samples that make the states from from_ns to at_ns, to fn in order: the last full one of
 * layout at or before from_ns, then each after it up to at_ns (fn: 0 to go on, else that is
 * returned); from_ns = at_ns: the state at at_ns. 0;
 * -ENOENT none (nothing sampled by then, or no sample of this layout: another shmtop's);
 * -ESTALE a sample between them has another layout; -ENOTSUP the database is of a schema
 * without samples; or -errno, with why in h->err. */
int histdb_replay(struct histdb *h, uint32_t layout, int64_t from_ns, int64_t at_ns,
		  int (*fn)(void *ctx, int64_t time_ns, int full, const void *data, size_t len),
		  void *ctx);

/* The time of the next change after t (dir > 0) or the last before it (dir < 0): a sample in
 * which an object was new, changed or gone (the tables change there; a record between samples
 * changes none). 0 with *out, -ENOENT none, -ENOTSUP no samples in this schema, or -errno. */
int histdb_change(struct histdb *h, int64_t t, int dir, int64_t *out);

/* The times of the first and the last sample: 0, -ENOENT none, or -errno. */
int histdb_sample_span(struct histdb *h, int64_t *first, int64_t *last);

/* The meta table's value of key: set (the recorder: where it records, replaced at each start),
 * or read into buf (0, -ENOENT none, or -errno). */
int histdb_meta_set(struct histdb *h, const char *key, const char *value);
int histdb_meta_get(struct histdb *h, const char *key, char *buf, size_t size);

/* The database's size in bytes (its pages in use), or -errno. */
int64_t histdb_size(struct histdb *h);

/* What the database recorded of the creator of System V object id of kind in ipc_ns, in its
 * lifetime that has not ended, if it began with a create record by pid (a reused id is another
 * object): 0 with *l set and *exited_ns the time of that process's recorded exit (0 none), or
 * -ENOENT, or -errno with why in h->err. */
struct histdb_life;
int histdb_creator(struct histdb *h, const char *kind, uint32_t ipc_ns, int32_t id, int32_t pid,
		   struct histdb_life *l, int64_t *exited_ns);

/* One lifetime of an object, as --history reads it back. */
struct histdb_life {
	int64_t oid;
	char kind[8];
	uint32_t ipc_ns;
	int32_t id;                 /* -1 for POSIX objects */
	int have_key;
	int32_t key;
	char name[IPCT_NAME_LEN + 8];
	int64_t created_ns, first_ns, removed_ns, ended_ns;  /* 0 unknown or not yet */
	struct histdb_who {
		int32_t pid;            /* 0 unknown */
		uint32_t uid;
		char comm[IPCT_COMM_LEN + 1];
		char cmdline[IPCT_CMDLINE_LEN + 1];
	} creator, remover;
};

/* What --history asks for: an object (field "id", "key" or "name" with its value; NULL every
 * one) and a window of time (since 0: open; until a bound only with has_until). */
struct histdb_query {
	const char *field;
	int64_t num;
	const char *name;
	int64_t since_ns, until_ns;
	int has_until;              /* until_ns is a bound (0 is one too) */
	int64_t newest;             /* histdb_events: only the newest this many (0: all) */
};

/* Each lifetime of the object that overlaps the window, oldest first. 0 or -errno. */
int histdb_lives(struct histdb *h, const struct histdb_query *q,
		 int (*fn)(void *ctx, const struct histdb_life *l), void *ctx);
/* The records of lifetime oid (oid 0: every record) in the window, oldest first. 0 or -errno. */
int histdb_events(struct histdb *h, int64_t oid, const struct histdb_query *q,
		  int (*fn)(void *ctx, const struct trace_event *ev), void *ctx);

#endif
