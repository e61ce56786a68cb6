/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* histdb.c - the history database (histdb.h), in SQLite. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "histdb.h"
#include "sqliteload.h"

/* The schema of each version, in order: a database of version N is brought to the newest by
 * running the steps after N, each in the transaction that also sets user_version. */
static const char *const schema_steps[HISTDB_SCHEMA] = {
	/* 1 */
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE objects ("
	" oid INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"          /* shm sem msg posix psem pmq */
	" ipc_ns INTEGER NOT NULL,"
	" id INTEGER,"                  /* System V id; NULL for POSIX objects */
	" key INTEGER,"                 /* System V key (a signed key_t); NULL unknown */
	" name TEXT,"                   /* POSIX '/NAME'; NULL for System V */
	" created_ns INTEGER,"          /* its create record; NULL: made before the recording */
	" first_ns INTEGER NOT NULL,"   /* its first record */
	" removed_ns INTEGER,"          /* IPC_RMID or unlink */
	" ended_ns INTEGER,"            /* gone (or, a segment, removed and detached); NULL: alive */
	" creator_pid INTEGER, creator_uid INTEGER, creator_comm TEXT, creator_cmdline TEXT,"
	" creator_cgroup INTEGER,"
	" remover_pid INTEGER, remover_uid INTEGER, remover_comm TEXT, remover_cmdline TEXT,"
	" size INTEGER);"
	"CREATE INDEX objects_by_id ON objects (kind, ipc_ns, id, ended_ns);"
	"CREATE INDEX objects_by_name ON objects (kind, ipc_ns, name, ended_ns);"
	"CREATE INDEX objects_by_key ON objects (key);"
	"CREATE TABLE events ("
	" time_ns INTEGER NOT NULL,"
	" oid INTEGER REFERENCES objects (oid),"
	" event TEXT NOT NULL, kind TEXT, source TEXT NOT NULL,"
	" pid INTEGER, tid INTEGER, ppid INTEGER, uid INTEGER, comm TEXT, cmdline TEXT,"
	" cgroup INTEGER, ipc_ns INTEGER, key INTEGER, id INTEGER, name TEXT, size INTEGER,"
	" addr INTEGER, result INTEGER, count INTEGER);"
	"CREATE INDEX events_by_time ON events (time_ns);"
	"CREATE INDEX events_by_oid ON events (oid, time_ns);",
	/* 2: the samples of every kind's objects (histsnap.c's encoding) */
	"CREATE TABLE samples ("
	" time_ns INTEGER PRIMARY KEY,"   /* when the poll began */
	" full INTEGER NOT NULL,"         /* 1: every object; 0: what changed since the last */
	" layout INTEGER NOT NULL,"       /* the fingerprint of the structs encoded */
	" changes INTEGER NOT NULL,"      /* objects new, changed or gone since the last sample
					   * (when the recorder starts: all of them) */
	" data BLOB NOT NULL);"
	"CREATE INDEX samples_full ON samples (layout, time_ns) WHERE full;",
};

enum {
	ST_EVENT, ST_FIND_ID, ST_FIND_NAME, ST_NEW, ST_END, ST_REMOVER, ST_OPEN, ST_LAST, ST_KEY,
	ST_SAMPLE, ST_COUNT,
	/* the readers', prepared when first used */
	ST_CREATOR = ST_COUNT, ST_EXITED, ST_FULL_AT, ST_SAMPLES, ST_NEXT_SAMPLE, ST_PREV_SAMPLE,
	ST_ALL
};

static const char *const statements[ST_ALL] = {
	[ST_EVENT] = "INSERT INTO events (time_ns, oid, event, kind, source, pid, tid, ppid, uid, "
		     "comm, cmdline, cgroup, ipc_ns, key, id, name, size, addr, result, count) "
		     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_FIND_ID] = "SELECT oid FROM objects WHERE kind = ? AND ipc_ns = ? AND id = ? AND "
		       "ended_ns IS NULL ORDER BY oid DESC LIMIT 1",
	[ST_FIND_NAME] = "SELECT oid FROM objects WHERE kind = ? AND ipc_ns = ? AND name = ? AND "
			 "ended_ns IS NULL ORDER BY oid DESC LIMIT 1",
	[ST_NEW] = "INSERT INTO objects (kind, ipc_ns, id, key, name, created_ns, first_ns, "
		   "creator_pid, creator_uid, creator_comm, creator_cmdline, creator_cgroup, size) "
		   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_END] = "UPDATE objects SET ended_ns = ?1, removed_ns = coalesce(removed_ns, ?1) "
		   "WHERE oid = ?2",
	[ST_REMOVER] = "UPDATE objects SET removed_ns = ?, remover_pid = ?, remover_uid = ?, "
		       "remover_comm = ?, remover_cmdline = ? WHERE oid = ?",
	[ST_OPEN] = "SELECT oid, id, name, key FROM objects WHERE kind = ? AND ipc_ns = ? AND "
		    "ended_ns IS NULL",
	[ST_LAST] = "SELECT oid FROM objects WHERE kind = ? AND ipc_ns = ? AND id = ? "
		    "ORDER BY oid DESC LIMIT 1",
	[ST_KEY] = "UPDATE objects SET key = ? WHERE oid = ? AND key IS NULL",
	[ST_SAMPLE] = "INSERT OR REPLACE INTO samples (time_ns, full, layout, changes, data) "
		      "VALUES (?,?,?,?,?)",
	[ST_CREATOR] = "SELECT creator_pid, creator_uid, creator_comm, creator_cmdline, created_ns "
		       "FROM objects WHERE kind = ? AND ipc_ns = ? AND id = ? AND ended_ns IS NULL "
		       "AND created_ns IS NOT NULL AND creator_pid = ? ORDER BY oid DESC LIMIT 1",
	[ST_EXITED] = "SELECT max(time_ns) FROM events WHERE pid = ? AND time_ns >= ? AND "
		      "event IN ('exit-detach', 'exit')",
	/* through the index of the full ones (max() with these terms would scan every sample) */
	[ST_FULL_AT] = "SELECT time_ns FROM samples WHERE full AND layout = ?1 AND time_ns <= ?2 "
		       "ORDER BY time_ns DESC LIMIT 1",
	[ST_SAMPLES] = "SELECT time_ns, full, layout, data FROM samples WHERE time_ns >= ? AND "
		       "time_ns <= ? ORDER BY time_ns",
	[ST_NEXT_SAMPLE] = "SELECT time_ns FROM samples WHERE time_ns > ? AND changes > 0 "
			   "ORDER BY time_ns LIMIT 1",
	[ST_PREV_SAMPLE] = "SELECT time_ns FROM samples WHERE time_ns < ? AND changes > 0 "
			   "ORDER BY time_ns DESC LIMIT 1",
};

static int fail(struct histdb *h, int rc, const char *what)
{
	int code = rc & 0xff, e;

	switch (code) {
	case SQLITE_BUSY: case SQLITE_LOCKED: e = -EBUSY; break;
	case SQLITE_READONLY: e = -EROFS; break;
	case SQLITE_PERM: case SQLITE_AUTH: e = -EACCES; break;
	case SQLITE_CORRUPT: case SQLITE_NOTADB: e = -EPROTO; break;
	case SQLITE_FULL: e = -ENOSPC; break;
	case SQLITE_CANTOPEN: e = -ENOENT; break;
	case SQLITE_NOMEM: e = -ENOMEM; break;
	default: e = -EIO; break;
	}
	snprintf(h->err, sizeof(h->err), "%s: %s%s", h->path, what, "");
	{
		size_t n = strlen(h->err);

		snprintf(h->err + n, sizeof(h->err) - n, ": %s%s",
			 h->db ? sqlite3_errmsg(h->db) : sqlite3_errstr(rc),
			 e == -EPROTO ? " (not a shmtop history database, or a damaged one)" :
			 e == -ENOSPC ? " (the disk is full: what was recorded before stays)" : "");
	}
	return e;
}

int histdb_default_path(char *buf, size_t size)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	const char *env = getenv("SHMTOP_DB");
	int n;

	if (env)
		/* as SHMTOPRC: another database, or set but empty none */
		n = env[0] ? snprintf(buf, size, "%s", env) : -1;
	else if (geteuid() == 0)
		n = snprintf(buf, size, "/var/lib/shmtop/history.db");
	else if (state && state[0] == '/')
		n = snprintf(buf, size, "%s/shmtop/history.db", state);
	else if (home && home[0] == '/')
		n = snprintf(buf, size, "%s/.local/state/shmtop/history.db", home);
	else
		return -ENOENT;
	if (n < 0)
		return -ENOENT;
	return n > 0 && (size_t)n < size ? 0 : -ENAMETOOLONG;
}

/* mkdir -p the directories of path (0700: command lines are in there). */
static int make_dirs(struct histdb *h, const char *path)
{
	char dir[PATH_MAX];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			int e = errno;

			snprintf(h->err, sizeof(h->err), "cannot make %s: %s", dir, strerror(e));
			return -e;
		}
		*p = '/';
	}
	(void)st;
	return 0;
}

static int exec(struct histdb *h, const char *sql, const char *what)
{
	int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : fail(h, rc, what);
}

int histdb_meta_set(struct histdb *h, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h->db, "INSERT OR REPLACE INTO meta VALUES (?, ?)", -1, &st,
				    NULL);

	if (rc != SQLITE_OK)
		return fail(h, rc, "cannot write it");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail(h, rc, "cannot write it");
}

int histdb_meta_get(struct histdb *h, const char *key, char *buf, size_t size)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL),
	    e = -ENOENT;

	if (rc != SQLITE_OK)
		return fail(h, rc, "cannot read it");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);

		snprintf(buf, size, "%s", v ? (const char *)v : "");
		e = 0;
	} else if (rc != SQLITE_DONE) {
		e = fail(h, rc, "cannot read it");
	}
	sqlite3_finalize(st);
	return e;
}

/* One number from a query with no parameters, or -errno. */
static int64_t scalar(struct histdb *h, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return fail(h, rc, "cannot read it");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? v : fail(h, rc, "cannot read it");
}

/* Check that the database is one this shmtop reads (and, write, may change), nothing else's:
 * its schema's version into *versionp. */
static int check_schema(struct histdb *h, int write, int *versionp)
{
	int64_t version, tables = 0;

	h->err[0] = '\0';
	version = scalar(h, "PRAGMA user_version");
	if (version < 0 && h->err[0])
		return (int)version; /* -ENOENT: the read-only filesystem's case, see histdb_open */
	if (version > HISTDB_SCHEMA) {
		snprintf(h->err, sizeof(h->err), "%s: made by a newer shmtop (schema %lld; this one "
			 "knows up to %d)", h->path, (long long)version, HISTDB_SCHEMA);
		return -ENOTSUP;
	}
	if (version == 0 && (tables = scalar(h, "SELECT count(*) FROM sqlite_master")) < 0)
		return (int)tables;
	if ((version == 0 && tables) || version < 0) {
		/* another program's SQLite database: not taken over */
		snprintf(h->err, sizeof(h->err), "%s: not a shmtop history database (%s)", h->path,
			 version < 0 ? "its user_version is none of shmtop's" : "it holds other tables");
		return -EPROTO;
	}
	if (version == 0 && !write) {
		snprintf(h->err, sizeof(h->err), "%s: no history recorded in it yet", h->path);
		return -ENOENT;
	}
	/* a reader takes an older schema as it is: what it lacks, it has not recorded (the
	 * recorder brings it to this one when it starts) */
	*versionp = (int)version;
	h->version = (int)version;
	return 0;
}

/* Bring the schema from version to HISTDB_SCHEMA, a step at a time. */
static int migrate(struct histdb *h, int version)
{
	for (int v = version; v < HISTDB_SCHEMA; v++) {
		char sql[64];
		int e;

		if ((e = exec(h, "BEGIN IMMEDIATE", "cannot change its schema")) < 0)
			return e;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if ((e = exec(h, schema_steps[v], "cannot change its schema")) < 0 ||
		    (e = exec(h, sql, "cannot change its schema")) < 0 ||
		    (v == 0 && (e = exec(h, "INSERT INTO meta VALUES ('created_by', '" PACKAGE_STRING
					 "')", "cannot change its schema")) < 0) ||
		    (e = exec(h, "COMMIT", "cannot change its schema")) < 0) {
			sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
			return e;
		}
	}
	return 0;
}

/* "file:PATH?immutable=1", PATH's bytes other than [A-Za-z0-9/._~-] as %XX */
static void immutable_uri(const char *path, char *uri, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	n += (size_t)snprintf(uri, size, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p && n + 4 < size; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/._~-", *p)) {
			uri[n++] = (char)*p;
		} else {
			uri[n++] = '%';
			uri[n++] = hex[*p >> 4];
			uri[n++] = hex[*p & 15];
		}
	}
	snprintf(uri + n, size - n, "?immutable=1");
}

/* Whether a reader of path cannot have SQLite's write-ahead log index (PATH-shm): a read-only
 * filesystem, or no index there (a recorder would have made one) that SQLite could not make,
 * and no log whose records reading it as immutable would leave out. */
static int cannot_index(const char *path)
{
	char side[PATH_MAX + 8];
	struct stat st;

	if (access(path, W_OK) < 0 && errno == EROFS)
		return 1;
	snprintf(side, sizeof(side), "%s-shm", path);
	if (access(side, F_OK) == 0 || errno != ENOENT)
		return 0;
	snprintf(side, sizeof(side), "%s-wal", path);
	return stat(side, &st) < 0 ? errno == ENOENT : st.st_size == 0;
}

int histdb_open(struct histdb *h, const char *path, int write)
{
	int rc, e, version = 0;
	int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
	struct stat st;

	memset(h, 0, sizeof(*h));
	h->lock_fd = -1;
	snprintf(h->path, sizeof(h->path), "%s", path);
	if (sqliteload_open(h->err, sizeof(h->err)) < 0)
		return -ELIBACC;
	if (write && (e = make_dirs(h, path)) < 0)
		return e;
	/* a FIFO or a device where the database should be would hang or be written over; a
	 * symbolic link would send the writes elsewhere (directories may be links: $HOME often is) */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(h->err, sizeof(h->err), "%s: not a regular file%s", path,
			 S_ISLNK(st.st_mode) ? " but a symbolic link: give the file's own path" : "");
		return -EINVAL;
	}
	if (!write && access(path, F_OK) < 0) {
		e = errno;
		snprintf(h->err, sizeof(h->err), "%s: %s (shmtop --record makes it)", path,
			 strerror(e));
		return -e;
	}
	if (write) {
		/* one recorder per database: flock, which SQLite's own (fcntl) locks leave alone */
		mode_t old = umask(077);

		h->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		umask(old);
		if (h->lock_fd < 0) {
			e = errno;
			snprintf(h->err, sizeof(h->err), "%s: %s", path, strerror(e));
			return -e;
		}
		if (flock(h->lock_fd, LOCK_EX | LOCK_NB) < 0) {
			snprintf(h->err, sizeof(h->err), "%s: another shmtop --record writes it", path);
			close(h->lock_fd);
			h->lock_fd = -1;
			return -EBUSY;
		}
	}
	rc = sqlite3_open_v2(path, &h->db, flags, NULL);
	if (rc != SQLITE_OK) {
		e = fail(h, rc, "cannot open it");
		histdb_close(h);
		return e;
	}
	if (!write && ((e = check_schema(h, 0, &version)) == -ENOENT || e == -EROFS) &&
	    cannot_index(path)) {
		/* a recorded database on a read-only filesystem, or in a directory this user cannot
		 * write: its write-ahead log's index cannot be made there, and no recorder has it
		 * open (it would have made one): read it as immutable */
		char uri[PATH_MAX * 3 + 32];

		sqlite3_close(h->db);
		h->db = NULL;
		immutable_uri(path, uri, sizeof(uri));
		rc = sqlite3_open_v2(uri, &h->db, flags | SQLITE_OPEN_URI, NULL);
		if (rc != SQLITE_OK) {
			e = fail(h, rc, "cannot open it");
			histdb_close(h);
			return e;
		}
	}
	sqlite3_busy_timeout(h->db, 2000);
	sqlite3_extended_result_codes(h->db, 0);
	/* nothing is changed in a database that is not one this shmtop may write */
	if ((e = check_schema(h, write, &version)) < 0) {
		histdb_close(h);
		return e;
	}
	/* a new database gives the space of pruned records back: settable only before the first
	 * page is written (WAL writes it) */
	if (write && ((version == 0 &&
		       (e = exec(h, "PRAGMA auto_vacuum = INCREMENTAL", "cannot set it up")) < 0) ||
		      (e = exec(h, "PRAGMA journal_mode = WAL", "cannot use a write-ahead log")) < 0 ||
		      (e = exec(h, "PRAGMA synchronous = NORMAL", "cannot set it up")) < 0 ||
		      /* the write-ahead log holds a batch; cut back to 4 MiB after a checkpoint */
		      (e = exec(h, "PRAGMA journal_size_limit = 4194304", "cannot set it up")) < 0)) {
		histdb_close(h);
		return e;
	}
	if (write && (e = migrate(h, version)) < 0) {
		histdb_close(h);
		return e;
	}
	for (int i = 0; write && i < ST_COUNT; i++) {
		rc = sqlite3_prepare_v2(h->db, statements[i], -1, &h->st[i], NULL);
		if (rc != SQLITE_OK) {
			e = fail(h, rc, "cannot prepare its statements");
			histdb_close(h);
			return e;
		}
	}
	return 0;
}

void histdb_close(struct histdb *h)
{
	for (size_t i = 0; i < sizeof(h->st) / sizeof(h->st[0]); i++)
		if (h->st[i])
			sqlite3_finalize(h->st[i]);
	if (h->db)
		sqlite3_close(h->db);
	if (h->lock_fd >= 0)
		close(h->lock_fd);
	memset(h->st, 0, sizeof(h->st));
	h->db = NULL;
	h->lock_fd = -1;
}

int histdb_commit(struct histdb *h)
{
	int e;

	if (!h->in_tx)
		return 0;
	h->in_tx = 0;
	if ((e = exec(h, "COMMIT", "cannot write it")) < 0) {
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
		return e;
	}
	return 0;
}

/* ---------------------------------------------------------------- one record */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && s[0])
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_opt(sqlite3_stmt *st, int i, int known, int64_t v)
{
	if (known)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* Run a statement with no rows to give back. */
static int run(struct histdb *h, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : fail(h, rc, what);
}

static int is_sysv(const char *kind)
{
	return !strcmp(kind, "shm") || !strcmp(kind, "sem") || !strcmp(kind, "msg");
}

static int is_posix(const char *kind)
{
	return !strcmp(kind, "posix") || !strcmp(kind, "psem") || !strcmp(kind, "pmq");
}

/* The oid in the first row of bound statement st (then reset): 0 for none, or -errno. */
static int64_t first_oid(struct histdb *h, sqlite3_stmt *st)
{
	int64_t oid = 0;
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		oid = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? oid : fail(h, rc, "cannot read it");
}

/* The open lifetime of ev's object: its oid, 0 none, or -errno. */
static int64_t find_open(struct histdb *h, const struct trace_event *ev)
{
	int sysv = is_sysv(ev->kind);
	sqlite3_stmt *st = h->st[sysv ? ST_FIND_ID : ST_FIND_NAME];

	sqlite3_bind_text(st, 1, ev->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ev->ipc_ns);
	if (sysv)
		sqlite3_bind_int64(st, 3, ev->id);
	else
		sqlite3_bind_text(st, 3, ev->name, -1, SQLITE_TRANSIENT);
	return first_oid(h, st);
}

static int64_t new_life(struct histdb *h, const struct trace_event *ev, int created)
{
	sqlite3_stmt *st = h->st[ST_NEW];
	int e;

	sqlite3_bind_text(st, 1, ev->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ev->ipc_ns);
	bind_opt(st, 3, is_sysv(ev->kind), ev->id);
	bind_opt(st, 4, ev->have_key, ev->key);
	bind_text(st, 5, is_sysv(ev->kind) ? NULL : ev->name);
	bind_opt(st, 6, created, ev->time_ns);
	sqlite3_bind_int64(st, 7, ev->time_ns);
	if (created) {
		bind_opt(st, 8, ev->pid > 0, ev->pid);
		bind_opt(st, 9, ev->uid != (uint32_t)-1, ev->uid);
		bind_text(st, 10, ev->comm);
		bind_text(st, 11, ev->cmdline);
		bind_opt(st, 12, ev->cgroup_id != 0, (int64_t)ev->cgroup_id);
	}
	bind_opt(st, 13, ev->have_size && created, (int64_t)ev->size);
	if ((e = run(h, st, "cannot write it")) < 0)
		return e;
	return sqlite3_last_insert_rowid(h->db);
}

static int end_life(struct histdb *h, int64_t oid, int64_t t)
{
	sqlite3_stmt *st = h->st[ST_END];

	sqlite3_bind_int64(st, 1, t);
	sqlite3_bind_int64(st, 2, oid);
	return run(h, st, "cannot write it");
}

static int removed_by(struct histdb *h, int64_t oid, const struct trace_event *ev)
{
	sqlite3_stmt *st = h->st[ST_REMOVER];

	sqlite3_bind_int64(st, 1, ev->time_ns);
	bind_opt(st, 2, ev->pid > 0, ev->pid);
	bind_opt(st, 3, ev->pid > 0 && ev->uid != (uint32_t)-1, ev->uid);
	bind_text(st, 4, ev->comm);
	bind_text(st, 5, ev->cmdline);
	sqlite3_bind_int64(st, 6, oid);
	return run(h, st, "cannot write it");
}

static int is_hot(const char *event)
{
	return !strcmp(event, "semop") || !strcmp(event, "msgsnd") || !strcmp(event, "msgrcv");
}

/* The newest lifetime of ev's System V id, ended or not: its oid, 0 none, or -errno. */
static int64_t find_last(struct histdb *h, const struct trace_event *ev)
{
	sqlite3_stmt *st = h->st[ST_LAST];

	sqlite3_bind_text(st, 1, ev->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ev->ipc_ns);
	sqlite3_bind_int64(st, 3, ev->id);
	return first_oid(h, st);
}

/* The lifetime ev belongs to (beginning or ending it as it says): its oid, 0 for a record of no
 * object (a loss, a memfd), or -errno. */
static int64_t life_of(struct histdb *h, const struct trace_event *ev)
{
	int64_t oid;
	int e, sysv = is_sysv(ev->kind);

	if (!ev->kind || (!sysv && !is_posix(ev->kind)) || (sysv && ev->id < 0) ||
	    (!sysv && !ev->name[0]))
		return 0;
	if ((oid = find_open(h, ev)) < 0)
		return oid;
	/* a call that failed made, removed or changed nothing (an EEXIST create, an unlink of a
	 * name that is not there): it belongs to what is there, if anything */
	if (ev->err)
		return oid;
	/* a create, or glibc's link of a named semaphore's file to its name (sem_open) */
	if (!strcmp(ev->event, "create") || !strcmp(ev->event, "link")) {
		/* ids and names are reused: whatever had this one before has ended */
		if (oid > 0 && (e = end_life(h, oid, ev->time_ns)) < 0)
			return e;
		return new_life(h, ev, 1);
	}
	/* the counts of semop, msgsnd, msgrcv come up to a second late, maybe after the removal:
	 * they belong to the last lifetime of the id, and begin none */
	if (!oid && ev->count && is_hot(ev->event))
		return find_last(h, ev);
	if (!oid && (oid = new_life(h, ev, 0)) < 0)
		return oid;
	if (!strcmp(ev->event, "remove") || !strcmp(ev->event, "unlink")) {
		if ((e = removed_by(h, oid, ev)) < 0)
			return e;
		/* a segment stays while attached (its "gone" ends it); the others go now */
		if (strcmp(ev->kind, "shm") && (e = end_life(h, oid, ev->time_ns)) < 0)
			return e;
	} else if (!strcmp(ev->event, "gone") && (e = end_life(h, oid, ev->time_ns)) < 0) {
		return e;
	}
	return oid;
}

/* The recorder's batch: begun by the first write after a commit. */
static int begin(struct histdb *h)
{
	int e;

	if (h->in_tx)
		return 0;
	if ((e = exec(h, "BEGIN", "cannot write it")) < 0)
		return e;
	h->in_tx = 1;
	return 0;
}

int histdb_add(struct histdb *h, const struct trace_event *ev)
{
	sqlite3_stmt *st = h->st[ST_EVENT];
	int64_t oid;
	int e;

	if ((e = begin(h)) < 0)
		return e;
	if ((oid = life_of(h, ev)) < 0)
		return (int)oid;
	sqlite3_bind_int64(st, 1, ev->time_ns);
	bind_opt(st, 2, oid > 0, oid);
	sqlite3_bind_text(st, 3, ev->event, -1, SQLITE_STATIC);
	bind_text(st, 4, ev->kind);
	sqlite3_bind_text(st, 5, ev->source ? ev->source : "bpf", -1, SQLITE_STATIC);
	bind_opt(st, 6, ev->pid > 0, ev->pid);
	bind_opt(st, 7, ev->tid > 0, ev->tid);
	bind_opt(st, 8, ev->ppid >= 0, ev->ppid);
	bind_opt(st, 9, ev->uid != (uint32_t)-1, ev->uid);
	bind_text(st, 10, ev->comm);
	bind_text(st, 11, ev->cmdline);
	bind_opt(st, 12, ev->cgroup_id != 0, (int64_t)ev->cgroup_id);
	bind_opt(st, 13, 1, ev->ipc_ns);
	bind_opt(st, 14, ev->have_key, ev->key);
	bind_opt(st, 15, ev->id >= 0, ev->id);
	bind_text(st, 16, ev->name);
	bind_opt(st, 17, ev->have_size, (int64_t)ev->size);
	bind_opt(st, 18, ev->have_addr, (int64_t)ev->addr);
	sqlite3_bind_int64(st, 19, ev->result);
	bind_opt(st, 20, ev->count != 0, (int64_t)ev->count);
	return run(h, st, "cannot write it");
}

/* An open lifetime as the check of what is alive sees it. */
struct open_life {
	int64_t oid;
	int32_t id;
	int have_key;
};

static int cmp_open(const void *a, const void *b)
{
	int32_t x = ((const struct open_life *)a)->id, y = ((const struct open_life *)b)->id;

	return (x > y) - (x < y);
}

/* The index of id in ids (sorted, n), or -1. */
static long find_id(const int32_t *ids, size_t n, int32_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids[mid] == id)
			return (long)mid;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int histdb_alive(struct histdb *h, const char *kind, uint32_t ipc_ns, const int32_t *ids,
		 const int32_t *keys, size_t n, int64_t now_ns)
{
	sqlite3_stmt *st = h->st[ST_OPEN];
	struct open_life *open = NULL, *more;
	size_t nopen = 0, cap = 0;
	int rc, e = 0;

	if (!h->in_tx) {
		if ((e = exec(h, "BEGIN", "cannot write it")) < 0)
			return e;
		h->in_tx = 1;
	}
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ipc_ns);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;
		if (nopen == cap) {
			cap = cap ? cap * 2 : 256;
			if (!(more = realloc(open, cap * sizeof(*open)))) {
				e = -ENOMEM;
				snprintf(h->err, sizeof(h->err), "out of memory");
				break;
			}
			open = more;
		}
		open[nopen].oid = sqlite3_column_int64(st, 0);
		open[nopen].id = (int32_t)sqlite3_column_int64(st, 1);
		open[nopen].have_key = sqlite3_column_type(st, 3) != SQLITE_NULL;
		nopen++;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!e && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = fail(h, rc, "cannot read it");
	/* gone: ended now; there: its key, if no record gave it */
	for (size_t i = 0; !e && i < nopen; i++) {
		long at = find_id(ids, n, open[i].id);

		if (at < 0) {
			e = end_life(h, open[i].oid, now_ns);
		} else if (!open[i].have_key) {
			sqlite3_stmt *k = h->st[ST_KEY];

			sqlite3_bind_int64(k, 1, keys[at]);
			sqlite3_bind_int64(k, 2, open[i].oid);
			e = run(h, k, "cannot write it");
		}
	}
	/* there and not known: made before the recording, or while it was down: first seen now */
	if (open)
		qsort(open, nopen, sizeof(*open), cmp_open);
	for (size_t i = 0; !e && i < n; i++) {
		struct open_life key = { 0, ids[i], 0 };
		struct trace_event ev;
		int64_t oid;

		if (open && bsearch(&key, open, nopen, sizeof(*open), cmp_open))
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.kind = kind;
		ev.ipc_ns = ipc_ns;
		ev.id = ids[i];
		ev.have_key = 1;
		ev.key = keys[i];
		ev.time_ns = now_ns;
		if ((oid = new_life(h, &ev, 0)) < 0)
			e = (int)oid;
	}
	free(open);
	return e;
}


int histdb_check_path(struct histdb *h)
{
	struct stat a, b;

	if (h->lock_fd < 0 || fstat(h->lock_fd, &a) < 0)
		return 0;
	if (stat(h->path, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		snprintf(h->err, sizeof(h->err), "%s was removed or replaced while recording: what "
			 "would be written now would be lost", h->path);
		return -ESTALE;
	}
	return 0;
}

int64_t histdb_size(struct histdb *h)
{
	int64_t pages = scalar(h, "PRAGMA page_count"), free_pages, size;

	if (pages < 0)
		return pages;
	if ((free_pages = scalar(h, "PRAGMA freelist_count")) < 0)
		return free_pages;
	if ((size = scalar(h, "PRAGMA page_size")) < 0)
		return size;
	return (pages - free_pages) * size;
}

/* Run a deleting statement with one bound number: the rows it deleted, or -errno. */
static int64_t delete_rows(struct histdb *h, const char *sql, int64_t n)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return fail(h, rc, "cannot prune it");
	sqlite3_bind_int64(st, 1, n);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_changes(h->db) : fail(h, rc, "cannot prune it");
}

static const char sql_old_events[] = "DELETE FROM events WHERE time_ns < ?";
static const char sql_oldest_events[] = "DELETE FROM events WHERE rowid IN (SELECT rowid FROM "
					"events ORDER BY time_ns LIMIT ?)";
static const char sql_old_samples[] = "DELETE FROM samples WHERE time_ns < (SELECT time_ns FROM "
				     "samples WHERE time_ns <= ?1 AND full ORDER BY time_ns DESC "
				     "LIMIT 1)";
static const char sql_oldest_samples[] = "DELETE FROM samples WHERE ?1 = 0 AND time_ns < (SELECT "
	"time_ns FROM samples WHERE full ORDER BY time_ns LIMIT 1 OFFSET 1) AND time_ns < "
	"coalesce((SELECT min(time_ns) FROM events), 9223372036854775807)";
static const char sql_lives[] = "DELETE FROM objects WHERE ended_ns IS NOT NULL AND ended_ns < ? "
				"AND NOT EXISTS (SELECT 1 FROM events e WHERE e.oid = objects.oid)";

int histdb_prune(struct histdb *h, int64_t before_ns, int64_t max_bytes, int64_t *deleted)
{
	int64_t n, total = 0, size;
	int e;

	*deleted = 0;
	if ((e = histdb_commit(h)) < 0 || (e = exec(h, "BEGIN", "cannot prune it")) < 0)
		return e;
	h->in_tx = 1;
	if (before_ns > 0) {
		if ((n = delete_rows(h, sql_old_events, before_ns)) < 0)
			return (int)n;
		total += n;
		if ((n = delete_rows(h, sql_lives, before_ns)) < 0)
			return (int)n;
		/* the samples before it, but the full one a replay at before_ns starts from */
		if ((n = delete_rows(h, sql_old_samples, before_ns)) < 0)
			return (int)n;
	}
	/* too large: the oldest records, a thousand at a time (the free pages they leave are not
	 * counted), then the lifetimes they leave with nothing */
	while (max_bytes > 0 && (size = histdb_size(h)) > max_bytes) {
		int64_t lives, samples;

		if (size < 0)
			return (int)size;
		if ((lives = delete_rows(h, sql_lives, INT64_MAX)) < 0)
			return (int)lives;
		if (lives && (size = histdb_size(h)) <= max_bytes)
			break;
		if ((n = delete_rows(h, sql_oldest_events, 1000)) < 0)
			return (int)n;
		total += n;
		/* and the oldest samples up to the second full one, while they are older than the
		 * oldest record left (or no record is) */
		if ((samples = delete_rows(h, sql_oldest_samples, 0)) < 0)
			return (int)samples;
		total += samples;
		if (n == 0 && lives == 0 && samples == 0)
			break; /* only the lifetimes of what is still there: those stay */
	}
	if ((e = histdb_commit(h)) < 0)
		return e;
	*deleted = total;
	if ((e = exec(h, "PRAGMA incremental_vacuum", "cannot prune it")) < 0)
		return e;
	/* what the log held is in the database now, and the log as short as it can be */
	return total ? exec(h, "PRAGMA wal_checkpoint(TRUNCATE)", "cannot prune it") : 0;
}

int histdb_sample(struct histdb *h, int64_t time_ns, int full, uint32_t layout, size_t changes,
		  const void *data, size_t len)
{
	sqlite3_stmt *st = h->st[ST_SAMPLE];
	int e;

	if ((e = begin(h)) < 0)
		return e;
	sqlite3_bind_int64(st, 1, time_ns);
	sqlite3_bind_int(st, 2, !!full);
	sqlite3_bind_int64(st, 3, layout);
	sqlite3_bind_int64(st, 4, (int64_t)changes);
	sqlite3_bind_blob(st, 5, data, (int)len, SQLITE_STATIC);
	return run(h, st, "cannot write it");
}

/* ---------------------------------------------------------------- reading back */

static void col_text(sqlite3_stmt *st, int i, char *buf, size_t size);
static int64_t col_int(sqlite3_stmt *st, int i, int64_t unknown);
static int64_t col_time(sqlite3_stmt *st, int i);

/* Statement i, prepared now if it was not. */
static sqlite3_stmt *stmt(struct histdb *h, int i)
{
	if (!h->st[i] && sqlite3_prepare_v2(h->db, statements[i], -1, &h->st[i], NULL) != SQLITE_OK)
		h->st[i] = NULL;
	return h->st[i];
}

int histdb_creator(struct histdb *h, const char *kind, uint32_t ipc_ns, int32_t id, int32_t pid,
		   struct histdb_life *l, int64_t *exited_ns)
{
	sqlite3_stmt *st = stmt(h, ST_CREATOR), *ex = stmt(h, ST_EXITED);
	int rc;

	if (!st || !ex)
		return fail(h, sqlite3_errcode(h->db), "cannot read it");
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ipc_ns);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_int64(st, 4, pid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(l, 0, sizeof(*l));
		snprintf(l->kind, sizeof(l->kind), "%s", kind);
		l->ipc_ns = ipc_ns;
		l->id = id;
		l->creator.pid = (int32_t)col_int(st, 0, 0);
		l->creator.uid = (uint32_t)col_int(st, 1, -1);
		col_text(st, 2, l->creator.comm, sizeof(l->creator.comm));
		col_text(st, 3, l->creator.cmdline, sizeof(l->creator.cmdline));
		l->created_ns = col_time(st, 4);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_DONE)
		return -ENOENT;
	if (rc != SQLITE_ROW)
		return fail(h, rc, "cannot read it");
	*exited_ns = 0;
	sqlite3_bind_int64(ex, 1, pid);
	sqlite3_bind_int64(ex, 2, l->created_ns);
	if ((rc = sqlite3_step(ex)) == SQLITE_ROW)
		*exited_ns = col_time(ex, 0);
	sqlite3_reset(ex);
	sqlite3_clear_bindings(ex);
	return rc == SQLITE_ROW ? 0 : fail(h, rc, "cannot read it");
}

/* The window and object of q as SQL conditions on a table whose times are start and end
 * (lifetimes) or one time (records), bound from index *i on. */
static const char *const event_names[] = {
	"create", "get", "attach", "detach", "exit-detach", "exec-detach", "exit", "remove", "set", "lock",
	"unlock", "setval", "setall", "open", "unlink", "link", "truncate", "lost", "gone", "semop",
	"msgsnd", "msgrcv", NULL,
};
static const char *const kind_names[] = {
	"shm", "sem", "msg", "posix", "psem", "pmq", "memfd", NULL,
};

/* s as one of list's strings (the record keeps pointers to constants), or "?" */
static const char *intern(const unsigned char *s, const char *const *list)
{
	for (size_t i = 0; s && list[i]; i++)
		if (!strcmp((const char *)s, list[i]))
			return list[i];
	return "?";
}

static void col_text(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	snprintf(buf, size, "%s", s ? (const char *)s : "");
}

static int64_t col_int(sqlite3_stmt *st, int i, int64_t unknown)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? unknown : sqlite3_column_int64(st, i);
}

/* A time: before 1970 only in a damaged database, read as 0 (unknown), which every writer
 * prints as such (seconds.micro of a negative time would not be a number in JSON) */
static int64_t col_time(sqlite3_stmt *st, int i)
{
	int64_t t = col_int(st, i, 0);

	return t > 0 ? t : 0;
}

/* q's object as conditions on objects (o.) */
static void where_object(const struct histdb_query *q, char *sql, size_t size)
{
	size_t n = strlen(sql);

	if (!q->field)
		return;
	snprintf(sql + n, size - n, !strcmp(q->field, "name") ? " AND o.name = :name" :
		 !strcmp(q->field, "key") ? " AND o.key = :num" : " AND o.id = :num");
}

static void bind_query(sqlite3_stmt *st, const struct histdb_query *q)
{
	int i;

	if ((i = sqlite3_bind_parameter_index(st, ":name")))
		sqlite3_bind_text(st, i, q->name ? q->name : "", -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":num")))
		sqlite3_bind_int64(st, i, q->num);
	if ((i = sqlite3_bind_parameter_index(st, ":since")))
		sqlite3_bind_int64(st, i, q->since_ns);
	if ((i = sqlite3_bind_parameter_index(st, ":until")))
		sqlite3_bind_int64(st, i, q->has_until ? q->until_ns : INT64_MAX);
	if ((i = sqlite3_bind_parameter_index(st, ":oid")))
		sqlite3_bind_int64(st, i, 0);
}

int histdb_lives(struct histdb *h, const struct histdb_query *q,
		 int (*fn)(void *ctx, const struct histdb_life *l), void *ctx)
{
	char sql[1024] = "SELECT oid, kind, ipc_ns, id, key, name, created_ns, first_ns, removed_ns, "
			 "ended_ns, creator_pid, creator_uid, creator_comm, creator_cmdline, "
			 "remover_pid, remover_uid, remover_comm, remover_cmdline FROM objects o "
			 "WHERE coalesce(created_ns, first_ns) <= :until AND "
			 "coalesce(ended_ns, 9223372036854775807) >= :since";
	sqlite3_stmt *st;
	int rc, e = 0;

	where_object(q, sql, sizeof(sql));
	snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql),
		 " ORDER BY coalesce(created_ns, first_ns), oid");
	rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(h, rc, "cannot read it");
	bind_query(st, q);
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct histdb_life l;

		memset(&l, 0, sizeof(l));
		l.oid = sqlite3_column_int64(st, 0);
		/* one of the kinds this shmtop writes ("?" for anything else a file may hold) */
		snprintf(l.kind, sizeof(l.kind), "%s", intern(sqlite3_column_text(st, 1), kind_names));
		l.ipc_ns = (uint32_t)sqlite3_column_int64(st, 2);
		l.id = (int32_t)col_int(st, 3, -1);
		l.have_key = sqlite3_column_type(st, 4) != SQLITE_NULL;
		l.key = (int32_t)col_int(st, 4, 0);
		col_text(st, 5, l.name, sizeof(l.name));
		l.created_ns = col_time(st, 6);
		l.first_ns = col_time(st, 7);
		l.removed_ns = col_time(st, 8);
		l.ended_ns = col_time(st, 9);
		l.creator.pid = (int32_t)col_int(st, 10, 0);
		l.creator.uid = (uint32_t)col_int(st, 11, -1);
		col_text(st, 12, l.creator.comm, sizeof(l.creator.comm));
		col_text(st, 13, l.creator.cmdline, sizeof(l.creator.cmdline));
		l.remover.pid = (int32_t)col_int(st, 14, 0);
		l.remover.uid = (uint32_t)col_int(st, 15, -1);
		col_text(st, 16, l.remover.comm, sizeof(l.remover.comm));
		col_text(st, 17, l.remover.cmdline, sizeof(l.remover.cmdline));
		e = fn(ctx, &l);
	}
	if (!e && rc != SQLITE_DONE)
		e = fail(h, rc, "cannot read it");
	sqlite3_finalize(st);
	return e;
}

int histdb_events(struct histdb *h, int64_t oid, const struct histdb_query *q,
		  int (*fn)(void *ctx, const struct trace_event *ev), void *ctx)
{
	char sql[1024];
	sqlite3_stmt *st;
	int rc, e = 0;

	snprintf(sql, sizeof(sql), "SELECT time_ns, event, kind, source, pid, tid, ppid, uid, comm, "
		 "cmdline, cgroup, ipc_ns, key, id, name, size, addr, result, count FROM %s events "
		 "WHERE time_ns >= :since AND time_ns <= :until%s ORDER BY time_ns%s",
		 /* the newest n, in time order */
		 q->newest > 0 ? "(SELECT *, rowid AS r FROM" : "", oid ? " AND oid = :oid" : "",
		 q->newest > 0 ? " DESC, rowid DESC LIMIT :newest) ORDER BY time_ns, r" : ", rowid");
	rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(h, rc, "cannot read it");
	bind_query(st, q);
	if (oid)
		sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":oid"), oid);
	if (q->newest > 0)
		sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":newest"), q->newest);
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct trace_event ev;
		int64_t result;

		memset(&ev, 0, sizeof(ev));
		ev.time_ns = col_time(st, 0);
		ev.event = intern(sqlite3_column_text(st, 1), event_names);
		ev.kind = intern(sqlite3_column_text(st, 2), kind_names);
		ev.source = !strcmp(intern(sqlite3_column_text(st, 3), (const char *const[]){ "poll",
				    NULL }), "poll") ? "poll" : "bpf";
		ev.pid = (int32_t)col_int(st, 4, -1);
		ev.tid = (int32_t)col_int(st, 5, -1);
		ev.ppid = (int32_t)col_int(st, 6, -1);
		ev.uid = (uint32_t)col_int(st, 7, -1);
		col_text(st, 8, ev.comm, sizeof(ev.comm));
		col_text(st, 9, ev.cmdline, sizeof(ev.cmdline));
		ev.cgroup_id = (uint64_t)col_int(st, 10, 0);
		ev.ipc_ns = (uint32_t)col_int(st, 11, 0);
		ev.have_key = sqlite3_column_type(st, 12) != SQLITE_NULL;
		ev.key = (int32_t)col_int(st, 12, 0);
		ev.id = (int32_t)col_int(st, 13, -1);
		col_text(st, 14, ev.name, sizeof(ev.name));
		ev.have_size = sqlite3_column_type(st, 15) != SQLITE_NULL;
		ev.size = (uint64_t)col_int(st, 15, 0);
		ev.have_addr = sqlite3_column_type(st, 16) != SQLITE_NULL;
		ev.addr = (uint64_t)col_int(st, 16, 0);
		result = col_int(st, 17, 0);
		ev.result = result;
		ev.err = result < 0 && result >= -4095 ? (int)-result : 0;
		ev.count = (uint64_t)col_int(st, 18, 0);
		e = fn(ctx, &ev);
	}
	if (!e && rc != SQLITE_DONE)
		e = fail(h, rc, "cannot read it");
	sqlite3_finalize(st);
	return e;
}

/* ---------------------------------------------------------------- samples read back */

/* The time statement i gives into *v: 0, -ENOENT for none, or -errno (a time may be negative:
 * it is not the return value) */
static int stmt_scalar(struct histdb *h, int i, int64_t a, int64_t b, int nb, int64_t *v)
{
	sqlite3_stmt *st = stmt(h, i);
	int rc, e = -ENOENT;

	if (!st)
		return fail(h, sqlite3_errcode(h->db), "cannot read it");
	sqlite3_bind_int64(st, 1, a);
	if (nb > 1)
		sqlite3_bind_int64(st, 2, b);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*v = sqlite3_column_int64(st, 0);
		e = 0;
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		e = fail(h, rc, "cannot read it");
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return e;
}

static int no_samples(struct histdb *h)
{
	if (h->version >= 2)
		return 0;
	snprintf(h->err, sizeof(h->err), "%s: recorded by an older shmtop, without samples of the "
		 "objects (schema %d; the recorder brings it to %d when it starts)", h->path,
		 h->version, HISTDB_SCHEMA);
	return -ENOTSUP;
}

int histdb_replay(struct histdb *h, uint32_t layout, int64_t from_ns, int64_t at_ns,
		  int (*fn)(void *ctx, int64_t time_ns, int full, const void *data, size_t len),
		  void *ctx)
{
	sqlite3_stmt *st;
	int64_t from;
	int rc, e = 0;

	if ((e = no_samples(h)) < 0)
		return e;
	if ((e = stmt_scalar(h, ST_FULL_AT, layout, from_ns, 2, &from)) < 0)
		return e;
	if (!(st = stmt(h, ST_SAMPLES)))
		return fail(h, sqlite3_errcode(h->db), "cannot read it");
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, at_ns);
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((uint32_t)sqlite3_column_int64(st, 2) != layout) {
			snprintf(h->err, sizeof(h->err), "%s: a sample of another shmtop version's "
				 "recorder lies between the last full one and the time asked", h->path);
			e = -ESTALE;
			break;
		}
		e = fn(ctx, col_time(st, 0), sqlite3_column_int(st, 1),
		       sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3));
	}
	if (!e && rc != SQLITE_DONE)
		e = fail(h, rc, "cannot read it");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return e;
}

int histdb_change(struct histdb *h, int64_t t, int dir, int64_t *out)
{
	int64_t s;
	int e;

	if ((e = no_samples(h)) < 0)
		return e;
	if ((e = stmt_scalar(h, dir > 0 ? ST_NEXT_SAMPLE : ST_PREV_SAMPLE, t, 0, 1, &s)) < 0)
		return e;
	*out = s;
	return 0;
}

int histdb_sample_span(struct histdb *h, int64_t *first, int64_t *last)
{
	sqlite3_stmt *st;
	int rc, e = -ENOENT;

	if ((e = no_samples(h)) < 0)
		return e;
	/* one subquery each: min() and max() together would read every sample */
	if (sqlite3_prepare_v2(h->db, "SELECT (SELECT min(time_ns) FROM samples), (SELECT "
			       "max(time_ns) FROM samples)", -1, &st, NULL) != SQLITE_OK)
		return fail(h, sqlite3_errcode(h->db), "cannot read it");
	e = -ENOENT;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*first = sqlite3_column_int64(st, 0);
		*last = sqlite3_column_int64(st, 1);
		e = 0;
	} else if (rc != SQLITE_ROW) {
		e = fail(h, rc, "cannot read it");
	}
	sqlite3_finalize(st);
	return e;
}
