/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* sqliteload.c - SQLite loaded when the history is opened, not with every shmtop (sqliteload.h):
 * each SQLite function histdb.c calls is defined here as a forwarder to the library that
 * sqliteload_open() dlopens. Loading and relocating it cost every run, a batch table of a few
 * segments included, about 0.2 ms. */
#include "config.h"

#include <stdio.h>

#include <sqlite3.h>

#include "dlload.h"
#include "sqliteload.h"

#define SQLITE_SONAME "libsqlite3.so.0"

typedef void (*sqliteload_dtor)(void *);

/* Each function: a pointer, its forwarder, and its entry in the table sqliteload_open fills. */
#define SQLITE_FUNCTIONS(X)                                                                      \
	X(int, sqlite3_open_v2, (const char *f, sqlite3 **db, int flags, const char *vfs),      \
	  (f, db, flags, vfs))                                                                   \
	X(int, sqlite3_close, (sqlite3 * db), (db))                                              \
	X(int, sqlite3_busy_timeout, (sqlite3 * db, int ms), (db, ms))                           \
	X(int, sqlite3_extended_result_codes, (sqlite3 * db, int on), (db, on))                  \
	X(int, sqlite3_exec,                                                                     \
	  (sqlite3 * db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg,   \
	   char **err), (db, sql, cb, arg, err))                                                 \
	X(int, sqlite3_prepare_v2,                                                               \
	  (sqlite3 * db, const char *sql, int n, sqlite3_stmt **st, const char **tail),          \
	  (db, sql, n, st, tail))                                                                \
	X(int, sqlite3_step, (sqlite3_stmt * st), (st))                                          \
	X(int, sqlite3_reset, (sqlite3_stmt * st), (st))                                         \
	X(int, sqlite3_clear_bindings, (sqlite3_stmt * st), (st))                                \
	X(int, sqlite3_finalize, (sqlite3_stmt * st), (st))                                      \
	X(int, sqlite3_bind_blob, (sqlite3_stmt * st, int i, const void *v, int n,               \
				   sqliteload_dtor d), (st, i, v, n, d))                         \
	X(int, sqlite3_bind_int, (sqlite3_stmt * st, int i, int v), (st, i, v))                  \
	X(int, sqlite3_bind_int64, (sqlite3_stmt * st, int i, sqlite3_int64 v), (st, i, v))      \
	X(int, sqlite3_bind_null, (sqlite3_stmt * st, int i), (st, i))                           \
	X(int, sqlite3_bind_parameter_index, (sqlite3_stmt * st, const char *name), (st, name)) \
	X(int, sqlite3_bind_text, (sqlite3_stmt * st, int i, const char *v, int n,               \
				   sqliteload_dtor d), (st, i, v, n, d))                         \
	X(const void *, sqlite3_column_blob, (sqlite3_stmt * st, int i), (st, i))                \
	X(int, sqlite3_column_bytes, (sqlite3_stmt * st, int i), (st, i))                        \
	X(int, sqlite3_column_int, (sqlite3_stmt * st, int i), (st, i))                          \
	X(sqlite3_int64, sqlite3_column_int64, (sqlite3_stmt * st, int i), (st, i))              \
	X(const unsigned char *, sqlite3_column_text, (sqlite3_stmt * st, int i), (st, i))       \
	X(int, sqlite3_column_type, (sqlite3_stmt * st, int i), (st, i))                         \
	X(int, sqlite3_changes, (sqlite3 * db), (db))                                            \
	X(sqlite3_int64, sqlite3_last_insert_rowid, (sqlite3 * db), (db))                        \
	X(int, sqlite3_errcode, (sqlite3 * db), (db))                                            \
	X(const char *, sqlite3_errmsg, (sqlite3 * db), (db))                                    \
	X(const char *, sqlite3_errstr, (int rc), (rc))

SQLITE_FUNCTIONS(DLLOAD_POINTER)
/* the forwarders: only ever called after the library was loaded (histdb_open opens first) */
SQLITE_FUNCTIONS(DLLOAD_FORWARD)

static const struct dlload_sym syms[] = { SQLITE_FUNCTIONS(DLLOAD_SYM) };

int sqliteload_open(char *why, size_t whysz)
{
	static void *lib;

	return dlload_open(&lib, SQLITE_SONAME, "libsqlite3-0", "an SQLite", syms,
			   sizeof(syms) / sizeof(syms[0]), why, whysz);
}
