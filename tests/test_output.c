/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_output.c - the batch writers of output.c and the chunked buffer of outbuf.c. A snapshot
 * built by hand, fake user/group names, a process cache read from a temporary proc tree, a
 * hand-made list of attached processes and a hand-made list of POSIX objects with their mappers
 * are written as JSON, CSV, table and Prometheus text; the JSON, CSV and Prometheus text are
 * parsed back (by small strict parsers here) and every field compared with what
 * doc/json-schema.md and shmtop(1) say it should be, leak reasons derived here from the
 * documented rules, not from leak.c; the table's columns are located from its header lines.
 * Hostile names (ESC, newline, quotes, backslash, invalid UTF-8, C1 controls; object names of
 * 255 control bytes) must never reach any output raw. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "attach.h"
#include "fmt.h"
#include "names.h"
#include "outbuf.h"
#include "kind_shm.h"
#include "output.h"
#include "posix.h"
#include "procinfo.h"
#include "snapshot.h"

/* ================================================================== fixture */

#define BTIME 1700000000LL
#define HZ 100
#define SNAP_TIME 1700086400LL
#define STALE_DEFAULT 3600      /* --stale's documented default, 1h */

/* The processes of the fake proc tree. start is Unix seconds; exists 0: no /proc/PID at all. */
static const struct fake_proc {
	int32_t pid;
	const char *comm;       /* raw, as the kernel would have it */
	const char *comm_json;  /* what it must decode to: control bytes as the text \xNN */
	char state;
	int64_t start;
	int exists;
} procs[] = {
	{ 100, "counter", "counter", 'S', BTIME + 100, 1 },
	/* the example of doc/json-schema.md */
	{ 200, "a,\"b\x1b[1mc", "a,\"b\\x1b[1mc", 'R', BTIME + 700, 1 },
	{ 300, "zombie", "zombie", 'Z', BTIME + 300, 1 },
	{ 400, NULL, NULL, 0, 0, 0 },
	{ 500, "reused", "reused", 'S', BTIME + 10000, 1 },
	{ 600, "x\ny\\z\xff\xc0\xaf\xc2\x9b\x7f\t\xc3\xa9", "x\\x0ay\\\\z\\xff\\xc0\\xaf\\xc2\\x9b\\x7f\\x09\xc3\xa9",
	  'S', BTIME + 300, 1 },
	/* started after its segment's ctime, before its last attach */
	{ 700, "late", "late", 'S', BTIME + 450, 1 },
	/* ESC, and the four characters \x1b: they must never look alike */
	{ 800, "p\x1b", "p\\x1b", 'S', BTIME + 100, 1 },
	{ 801, "p\\x1b", "p\\\\x1b", 'S', BTIME + 100, 1 },
};

static const struct fake_proc *find_proc(int32_t pid)
{
	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++)
		if (procs[i].pid == pid)
			return &procs[i];
	return NULL;
}

#define C8(x) x x x x x x x x
#define C63(x) C8(x) C8(x) C8(x) C8(x) C8(x) C8(x) C8(x) x x x x x x x

/* Users and groups, with what their names must look like once escaped. */
static const struct fake_name {
	int group;
	uint32_t id;
	const char *raw, *shown;
} fake_names[] = {
	{ 0, 0, "root", "root" },
	{ 0, 1000, "ev,il\"na\\me\x1b[1m", "ev,il\"na\\\\me\\x1b[1m" },
	{ 0, 1001, "bob", "bob" },
	{ 1, 0, "root", "root" },
	{ 1, 1000, "staff\n", "staff\\x0a" },
	{ 1, 1001, "us,ers", "us,ers" },
	/* the longest name (NAMES_MAX - 1 bytes), every byte escaped: 4 times as wide */
	{ 0, 31337, C63("\x01"), C63("\\x01") },
	/* ESC, and the four characters \x1b */
	{ 0, 2000, "n\x1b", "n\\x1b" },
	{ 0, 2001, "n\\x1b", "n\\\\x1b" },
};

static unsigned lookups;

static int fake_lookup(uint32_t id, int group, char *buf, size_t size)
{
	lookups++;
	for (size_t i = 0; i < sizeof(fake_names) / sizeof(fake_names[0]); i++) {
		if (fake_names[i].group == (group != 0) && fake_names[i].id == id) {
			snprintf(buf, size, "%s", fake_names[i].raw);
			return 0;
		}
	}
	return -ENOENT;
}

/* The name output must show for an id: the escaped name, or the number. */
static const char *shown_name(int group, uint32_t id, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(fake_names) / sizeof(fake_names[0]); i++)
		if (fake_names[i].group == group && fake_names[i].id == id)
			return fake_names[i].shown;
	snprintf(buf, size, "%" PRIu32, id);
	return buf;
}

struct fixture {
	char root[256];
	struct procclock clk;
	struct procinfo_cache pids;
	struct names names;
	struct snapshot snap;
	uint32_t rows[16];
	size_t nrows;
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void add_seg(struct snapshot *s, int32_t shmid, int32_t key, uint32_t mode, uint64_t size,
		    uint64_t nattch, uint32_t uid, uint32_t gid, int32_t cpid, int32_t lpid,
		    int64_t atime, int64_t dtime, int64_t ctime, int64_t rss, int64_t swap)
{
	struct shmseg g;

	memset(&g, 0, sizeof(g));
	g.shmid = shmid;
	g.key = key;
	g.mode = mode;
	g.size = size;
	g.nattch = nattch;
	g.uid = uid;
	g.gid = gid;
	g.cuid = uid + 1;
	g.cgid = gid + 2;
	g.cpid = cpid;
	g.lpid = lpid;
	g.atime = atime;
	g.dtime = dtime;
	g.ctime = ctime;
	g.rss = rss;
	g.swap = swap;
	g.huge_page = SHMSEG_UNKNOWN; /* nothing mapped it that told */
	assert_int_equal(shmseg_list_push(&s->segs, &g), 0);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char text[512], dir[300];

	assert_non_null(fx);
	setenv("TZ", "UTC", 1);
	tzset();

	/* a proc tree: stat with btime, and PID/stat for the processes that exist */
	snprintf(fx->root, sizeof(fx->root), "%s/test_output.XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(fx->root));
	write_file(fx->root, "stat", "cpu  1 2 3 4\nintr 0\nbtime 1700000000\nprocesses 1\n");
	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		if (!procs[i].exists)
			continue;
		snprintf(dir, sizeof(dir), "%s/%d", fx->root, (int)procs[i].pid);
		assert_int_equal(mkdir(dir, 0700), 0);
		snprintf(text, sizeof(text),
			 "%d (%s) %c 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 %lld 0 0\n",
			 (int)procs[i].pid, procs[i].comm, procs[i].state,
			 (long long)((procs[i].start - BTIME) * HZ));
		write_file(dir, "stat", text);
	}
	assert_int_equal(procinfo_clock_read(fx->root, HZ, &fx->clk), 0);
	assert_true(fx->clk.btime == BTIME);
	procinfo_cache_init(&fx->pids, fx->root, &fx->clk);
	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		const struct procinfo *pi = procinfo_cache_get(&fx->pids, procs[i].pid);

		/* the fixture is what it claims to be */
		assert_non_null(pi);
		assert_int_equal(pi->alive, procs[i].exists && procs[i].state != 'Z');
		assert_string_equal(pi->comm, procs[i].exists ? procs[i].comm : "");
	}

	names_init(&fx->names, fake_lookup);
	snapshot_init(&fx->snap);
	fx->snap.time = SNAP_TIME;
	fx->snap.source = SNAPSHOT_PROC;
	fx->snap.limits.shmmax = 18446744073692774399ull;
	fx->snap.limits.shmall = SHM_LIMIT_UNKNOWN;
	fx->snap.limits.shmmni = 4096;
	fx->snap.limits.shmmin = 1;
	fx->snap.limits.shm_rmid_forced = 0;
	fx->snap.limits.page_size = 4096;
	fx->snap.malformed = 2;
	/*      shmid  key     mode           size           nattch uid  gid   cpid lpid */
	add_seg(&fx->snap, 0, 9527, 0666, 1024, 1, 0, 0, 100, 200,
		BTIME + 1000, 0, BTIME + 500, 4096, 0);
	add_seg(&fx->snap, 32769, -1, 0600 | 01000, 5ull << 30, 2, 1000, 1000, 300, 400,
		BTIME + 2000, BTIME + 3000, BTIME + 600, SHMSEG_UNKNOWN, SHMSEG_UNKNOWN);
	add_seg(&fx->snap, 65538, 0, 0640 | 02000, 1048575, 0, 7, 7, 500, 0,
		0, 0, BTIME + 5000, 123456789, 12288);
	/* pid 700 started after ctime and atime, before dtime: a reused pid as the creator, the
	 * real last user */
	add_seg(&fx->snap, 5, 0x1234, 0604 | 03000, 0, 3, 1001, 1001, 700, 700,
		BTIME + 300, BTIME + 800, BTIME + 350, 0, 0);
	/* changed (IPC_SET) after its last attach */
	add_seg(&fx->snap, 77, 0x4321, 0600, 4096, 1, 1001, 0, 600, 200,
		BTIME + 100, 0, BTIME + 900, 8192, 0);
	/* unattached for exactly the default stale limit, creator alive: an orphan, no suspect */
	add_seg(&fx->snap, 9, 0x5eed, 0600, 8192, 0, 1001, 1001, 100, 100,
		SNAP_TIME - 4000, SNAP_TIME - STALE_DEFAULT, SNAP_TIME - 7200, 0, 0);
	/* detached seconds ago by a creator that no longer exists: orphan + creator-gone; rss known,
	 * swap not */
	add_seg(&fx->snap, 11, 0x5eee, 0644, 65536, 0, 0, 0, 400, 400,
		SNAP_TIME - 20, SNAP_TIME - 10, SNAP_TIME - 30, 4096, SHMSEG_UNKNOWN);
	fx->snap.segs.v[0].huge_page = 0;        /* mapped: an ordinary segment */
	fx->snap.segs.v[2].huge_page = 2097152;  /* mapped: SHM_HUGETLB, 2 MiB pages */
	snapshot_usage_compute(&fx->snap);
	for (size_t i = 0; i < fx->snap.segs.n; i++)
		fx->rows[i] = (uint32_t)i;
	fx->nrows = fx->snap.segs.n;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char path[512];

	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		if (!procs[i].exists)
			continue;
		snprintf(path, sizeof(path), "%s/%d/stat", fx->root, (int)procs[i].pid);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%d", fx->root, (int)procs[i].pid);
		rmdir(path);
	}
	snprintf(path, sizeof(path), "%s/stat", fx->root);
	unlink(path);
	rmdir(fx->root);
	procinfo_cache_free(&fx->pids);
	names_free(&fx->names);
	snapshot_free(&fx->snap);
	free(fx);
	return 0;
}

/* Render into memory with a full context. The returned string is the caller's. */
static char *render_ctx(struct fixture *fx, const struct output_ctx *o, const uint32_t *rows,
			size_t nrows, unsigned long index)
{
	struct outbuf b;
	char *s;

	outbuf_init(&b, NULL, NULL);
	output_snapshot(&b, o, &fx->snap, rows, nrows, index);
	assert_int_equal(outbuf_flush(&b), 0);
	assert_int_equal(b.err, 0);
	s = strndup(b.p ? b.p : "", b.len);
	assert_non_null(s);
	assert_int_equal(strlen(s), b.len);  /* no NUL inside */
	outbuf_free(&b);
	return s;
}

/* Render with only the fields of the first version of output.h; the rest zero (now: the
 * snapshot's time, the default stale limit, no attachers, no --leaks). */
static char *render(struct fixture *fx, enum output_format fmt, int bytes, int with_pids,
		    const uint32_t *rows, size_t nrows, unsigned long index)
{
	struct output_ctx o = {
		.format = fmt, .bytes = bytes, .names = &fx->names, .pids = with_pids ? &fx->pids : NULL,
	};

	return render_ctx(fx, &o, rows, nrows, index);
}

/* ================================================================== expected values */

enum vkind { K_NUM, K_STR, K_BOOL, K_NULL };

struct vfield {
	const char *name;
	enum vkind kind;
	char text[160];
};

#define NSEGFIELDS 25

static const char *const seg_field_names[NSEGFIELDS] = {
	"key", "shmid", "perms", "size", "nattch", "dest", "locked", "uid", "gid", "cuid", "cgid",
	"owner", "group", "cpid", "cpid_comm", "cpid_alive", "lpid", "lpid_comm", "lpid_alive",
	"atime", "dtime", "ctime", "rss", "swap", "huge_page_size",
};

static void set_num(struct vfield *f, const char *name, int64_t v)
{
	f->name = name;
	f->kind = K_NUM;
	snprintf(f->text, sizeof(f->text), "%" PRId64, v);
}

static void set_unum(struct vfield *f, const char *name, uint64_t v)
{
	f->name = name;
	f->kind = K_NUM;
	snprintf(f->text, sizeof(f->text), "%" PRIu64, v);
}

static void set_str(struct vfield *f, const char *name, const char *s)
{
	f->name = name;
	f->kind = K_STR;
	snprintf(f->text, sizeof(f->text), "%s", s);
}

static void set_bool(struct vfield *f, const char *name, int v)
{
	f->name = name;
	f->kind = K_BOOL;
	snprintf(f->text, sizeof(f->text), "%s", v ? "true" : "false");
}

static void set_null(struct vfield *f, const char *name)
{
	f->name = name;
	f->kind = K_NULL;
	f->text[0] = '\0';
}

/* From the schema: *_alive is true when the process exists, is no zombie and started no later
 * than `since`; *_comm is its name only then (a dead or reused pid is gone: null). Without a
 * process cache the liveness is unknown (null), except for pid 0, which never is alive. */
static void set_pid(struct vfield f[3], const char *names[3], int32_t pid, int64_t since,
		    int with_pids)
{
	const struct fake_proc *p = find_proc(pid);
	int alive = p && p->exists && p->state != 'Z' && p->start <= since;

	set_num(&f[0], names[0], pid);
	if (with_pids && alive)
		set_str(&f[1], names[1], p->comm_json);
	else
		set_null(&f[1], names[1]);
	if (pid <= 0)
		set_bool(&f[2], names[2], 0);
	else if (!with_pids)
		set_null(&f[2], names[2]);
	else
		set_bool(&f[2], names[2], alive);
}

static void expect_segment(const struct shmseg *s, int with_pids, struct vfield f[NSEGFIELDS])
{
	static const char *cnames[3] = { "cpid", "cpid_comm", "cpid_alive" };
	static const char *lnames[3] = { "lpid", "lpid_comm", "lpid_alive" };
	char buf[32], num[32];
	int64_t last = s->atime;

	if (s->dtime > last)
		last = s->dtime;
	if (s->ctime > last)
		last = s->ctime;
	snprintf(buf, sizeof(buf), "0x%08" PRIx32, (uint32_t)s->key);
	set_str(&f[0], "key", buf);
	set_num(&f[1], "shmid", s->shmid);
	snprintf(buf, sizeof(buf), "%04o", s->mode & 0777);
	set_str(&f[2], "perms", buf);
	set_unum(&f[3], "size", s->size);
	set_unum(&f[4], "nattch", s->nattch);
	set_bool(&f[5], "dest", (s->mode & 01000) != 0);
	set_bool(&f[6], "locked", (s->mode & 02000) != 0);
	set_unum(&f[7], "uid", s->uid);
	set_unum(&f[8], "gid", s->gid);
	set_unum(&f[9], "cuid", s->cuid);
	set_unum(&f[10], "cgid", s->cgid);
	set_str(&f[11], "owner", shown_name(0, s->uid, num, sizeof(num)));
	set_str(&f[12], "group", shown_name(1, s->gid, num, sizeof(num)));
	set_pid(&f[13], cnames, s->cpid, s->ctime, with_pids);
	set_pid(&f[16], lnames, s->lpid, last, with_pids);
	set_num(&f[19], "atime", s->atime);
	set_num(&f[20], "dtime", s->dtime);
	set_num(&f[21], "ctime", s->ctime);
	if (s->rss < 0)
		set_null(&f[22], "rss");
	else
		set_num(&f[22], "rss", s->rss);
	if (s->swap < 0)
		set_null(&f[23], "swap");
	else
		set_num(&f[23], "swap", s->swap);
	if (s->huge_page < 0)
		set_null(&f[24], "huge_page_size");
	else
		set_num(&f[24], "huge_page_size", s->huge_page);
	for (int i = 0; i < NSEGFIELDS; i++)
		assert_string_equal(f[i].name, seg_field_names[i]);
}

/* What a text rendered with a given context must show beyond the plain segment fields. */
struct want {
	int with_pids;
	int64_t now;                    /* the time leaks and ages are judged at */
	int64_t stale;                  /* the stale limit in force, <= 0: none */
	const struct attach_list *al;   /* NULL: no attachers fields */
	const struct posix_list *posix; /* NULL: no POSIX section, fields or metrics */
	const char *posix_dir;          /* the directory named, as given (raw) */
	const uint32_t *posix_rows;     /* the objects written, in order */
	size_t posix_nrows;
	const struct output_ctx *o;     /* the context it was made from */
};

/* The every-object row order when a context gives none. */
static uint32_t all_posix_rows[64];

/* The documented meaning of each context field, spelled out here once. */
static struct want want_of(const struct fixture *fx, const struct output_ctx *o)
{
	struct want w;

	memset(&w, 0, sizeof(w));
	w.o = o;
	w.with_pids = o->pids != NULL;
	w.now = o->now ? o->now : fx->snap.time;
	w.stale = o->stale_secs ? o->stale_secs : STALE_DEFAULT;
	w.al = o->attachers;
	w.posix = o->posix;
	if (o->posix) {
		/* no directory named: /dev/shm; no rows: every object, in the list's order */
		w.posix_dir = o->posix_dir ? o->posix_dir : "/dev/shm";
		w.posix_rows = o->posix_rows;
		w.posix_nrows = o->posix_nrows;
		if (!o->posix_rows) {
			assert_true(o->posix->n <= 64);
			for (size_t i = 0; i < o->posix->n; i++)
				all_posix_rows[i] = (uint32_t)i;
			w.posix_rows = all_posix_rows;
			w.posix_nrows = o->posix->n;
		}
	}
	return w;
}

static struct want want_plain(int with_pids)
{
	struct want w = { .with_pids = with_pids, .now = SNAP_TIME, .stale = STALE_DEFAULT };

	return w;
}

static const char *const reason_names[4] = { "orphan", "creator-gone", "unreachable", "stale" };

struct leak_want {
	int suspect;
	size_t n;
	const char *reasons[4];  /* in the documented order */
};

/* shmtop(1) LEAK DETECTION, read independently of leak.c: orphan = nattch 0 and not dest;
 * creator-gone = cpid dead, a zombie or started after ctime (unknown, so not gone, without a
 * process cache, except pid 0, which never is alive); unreachable = key 0 and nattch 0; stale = nattch 0 and now minus dtime (ctime
 * when never detached) strictly more than the limit. Suspect: orphan and any other. */
static struct leak_want expect_leak(const struct shmseg *s, const struct want *w)
{
	const struct fake_proc *p = find_proc(s->cpid);
	int alive = p && p->exists && p->state != 'Z' && p->start <= s->ctime;
	int64_t since = s->dtime ? s->dtime : s->ctime;
	int is[4];
	struct leak_want lw;

	is[0] = s->nattch == 0 && !(s->mode & 01000);
	is[1] = s->cpid > 0 && w->with_pids && !alive; /* cpid_alive false, but pid 0 is unknown */
	is[2] = s->nattch == 0 && s->key == 0;
	is[3] = s->nattch == 0 && w->stale > 0 && w->now - since > w->stale;
	memset(&lw, 0, sizeof(lw));
	for (int i = 0; i < 4; i++)
		if (is[i])
			lw.reasons[lw.n++] = reason_names[i];
	lw.suspect = is[0] && (is[1] || is[2] || is[3]);
	return lw;
}

/* The reasons joined by sep, as CSV (';') and the table (',') show them. */
static void leak_text(const struct leak_want *lw, char sep, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < lw->n; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? (char[]){ sep, 0 } : "",
				      lw->reasons[i]);
}

/* No raw control byte: nothing below 0x20 but the allowed separators, no DEL, and none of the
 * invalid UTF-8 or C1 bytes the hostile names carry. */
static void assert_clean(const char *out, int crlf)
{
	for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
		if (*p == '\n')
			continue;
		if (crlf && *p == '\r' && p[1] == '\n')
			continue;
		if (*p < 0x20 || *p == 0x7f)
			fail_msg("raw control byte 0x%02x at offset %td", *p, (const char *)p - out);
		if (*p == 0xff || *p == 0xc0 || (*p == 0xc2 && p[1] == 0x9b))
			fail_msg("raw invalid or C1 byte 0x%02x at offset %td", *p, (const char *)p - out);
	}
}

/* ================================================================== POSIX objects */

#define POSIX_DEV 0x1bULL
#define NO_ID 4294967295u   /* an unknown uid, gid or mapper owner */

/* The objects of the fake POSIX list, by index: raw name, what it must look like escaped. */
static char long_raw[POSIX_NAME_MAX], long_shown[POSIX_NAME_MAX * 4];

static const struct fake_obj {
	const char *raw, *shown;
	uint64_t size;
	uint32_t uid, gid, mode;
	int64_t mtime;
	uint64_t ino;
	int deleted, stat_known;
} fake_objs[] = {
	/* 0: mapped by two processes, fresh */
	{ "/shared", "/shared", 4096, 0, 0, 0666, SNAP_TIME - 10, 11, 0, 1 },
	/* 1: unmapped one second past the default limit: a suspect */
	{ "/old", "/old", 8192, 1001, 1001, 0600, SNAP_TIME - STALE_DEFAULT - 1, 12, 0, 1 },
	/* 2: unmapped exactly the default limit: not stale yet */
	{ "/edge", "/edge", 1, 1001, 0, 0640, SNAP_TIME - STALE_DEFAULT, 13, 0, 1 },
	/* 3: a hostile name and owner, setuid and sticky bits, an mtime of 0: a suspect */
	{ "/ev\x1b[1m\"il\\\n\xff\xc2\x9b,x", "/ev\\x1b[1m\"il\\\\\\x0a\\xff\\xc2\\x9b,x",
	  5ull << 30, 1000, 1000, 05644, 0, 14, 0, 1 },
	/* 4: unlinked, still mapped, old: never a leak */
	{ "/gone", "/gone", 65536, 0, 0, 0600, 1, 15, 1, 1 },
	/* 5: unlinked, its inode out of reach: nothing known but its name (the same again) */
	{ "/gone", "/gone", 0, NO_ID, NO_ID, 0, 0, 16, 1, 0 },
	/* 6: 255 control bytes; an mtime in the future: not stale */
	{ long_raw, long_shown, 12, 0, 0, 0644, SNAP_TIME + 100, 17, 0, 1 },
	/* 7: quote, comma and spaces; an owner with no name; stale at the default, empty */
	{ "/a \"b\", c", "/a \"b\", c", 0, 4242, 4242, 0, SNAP_TIME - 7200, 18, 0, 1 },
	/* 8: unlinked and mapped by nobody (it would be freed; never a leak, whatever its age) */
	{ "/freed", "/freed", 4096, 0, 0, 0600, 0, 19, 1, 1 },
};
#define NFAKE_OBJS (sizeof(fake_objs) / sizeof(fake_objs[0]))

/* Their mappers, sorted by dev, ino and pid as posix.h promises. */
static const struct fake_mapper {
	uint64_t ino;
	int32_t pid;
	uint32_t uid;
	uint64_t addr, length;
	const char *access;
	unsigned count;
	const char *comm, *comm_json;
} fake_mappers[] = {
	{ 11, 100, 0, 0x7f0000001000ull, 4096, "r--s", 1, "counter", "counter" },
	{ 11, 600, NO_ID, 0xffffffffff600000ull, UINT64_MAX, "rw-s", 2,
	  "x\ny\\z\xff\xc0\xaf\xc2\x9b\x7f\t\xc3\xa9",
	  "x\\x0ay\\\\z\\xff\\xc0\\xaf\\xc2\\x9b\\x7f\\x09\xc3\xa9" },
	{ 15, 700, 1001, 0x1000, 65536, "rw-s", 1, "late", "late" },
	{ 16, 200, 1000, 0, 1, "r--p", UINT32_MAX, "a,\"b\x1b[1mc", "a,\"b\\x1b[1mc" },
	{ 99, 1, 0, 0x2000, 4096, "r--s", 1, "init", "init" },  /* no such object */
};
#define NFAKE_MAPPERS (sizeof(fake_mappers) / sizeof(fake_mappers[0]))
#define FAKE_UNREADABLE 3

static void fake_posix_list(struct posix_list *l)
{
	static struct posixobj v[NFAKE_OBJS];
	static struct posix_mapper m[NFAKE_MAPPERS];

	long_raw[0] = long_shown[0] = '/';
	memset(long_raw + 1, 0x01, POSIX_NAME_MAX - 2);
	long_raw[POSIX_NAME_MAX - 1] = '\0';
	for (size_t i = 0; i < POSIX_NAME_MAX - 2; i++)
		memcpy(long_shown + 1 + 4 * i, "\\x01", 5);
	assert_int_equal(strlen(long_raw), 256);
	assert_int_equal(strlen(long_shown), 1 + 255 * 4);

	memset(l, 0, sizeof(*l));
	memset(v, 0, sizeof(v));
	memset(m, 0, sizeof(m));
	for (size_t i = 0; i < NFAKE_OBJS; i++) {
		const struct fake_obj *f = &fake_objs[i];

		snprintf(v[i].name, sizeof(v[i].name), "%s", f->raw);
		v[i].size = f->size;
		v[i].uid = f->uid;
		v[i].gid = f->gid;
		v[i].mode = f->mode;
		v[i].mtime = f->mtime;
		v[i].dev = POSIX_DEV;
		v[i].ino = f->ino;
		v[i].deleted = f->deleted;
		v[i].stat_known = f->stat_known;
	}
	for (size_t i = 0; i < NFAKE_MAPPERS; i++) {
		const struct fake_mapper *f = &fake_mappers[i];

		m[i].dev = POSIX_DEV;
		m[i].ino = f->ino;
		m[i].pid = f->pid;
		m[i].uid = f->uid;
		m[i].addr = f->addr;
		m[i].length = f->length;
		snprintf(m[i].access, sizeof(m[i].access), "%s", f->access);
		m[i].count = f->count;
		snprintf(m[i].comm, sizeof(m[i].comm), "%s", f->comm);
	}
	l->v = v;
	l->n = l->cap = NFAKE_OBJS;
	l->m = m;
	l->nm = l->mcap = NFAKE_MAPPERS;
	l->procs_scanned = 40;
	l->procs_unreadable = FAKE_UNREADABLE;
}

static size_t fake_nmappers(uint64_t ino)
{
	size_t n = 0;

	for (size_t i = 0; i < NFAKE_MAPPERS; i++)
		n += fake_mappers[i].ino == ino;
	return n;
}

/* The POSIX rules of shmtop(1) LEAK DETECTION, read independently of leak.c: an object that is
 * not deleted and that no process maps is unmapped; stale when also unmapped and now minus its
 * mtime is strictly more than the limit; a suspect when unmapped and stale. Reasons in the order
 * unmapped, stale. */
static struct leak_want expect_posix_leak(const struct fake_obj *f, const struct want *w)
{
	struct leak_want lw;
	int unmapped = !f->deleted && fake_nmappers(f->ino) == 0;
	int stale = unmapped && w->stale > 0 && w->now - f->mtime > w->stale;

	memset(&lw, 0, sizeof(lw));
	if (unmapped)
		lw.reasons[lw.n++] = "unmapped";
	if (stale)
		lw.reasons[lw.n++] = "stale";
	lw.suspect = unmapped && stale;
	return lw;
}

/* ================================================================== a strict JSON parser */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jtype t;
	char *s;          /* string (decoded) or number text; "true"/"false" for booleans */
	size_t n;
	char **keys;      /* objects, in order */
	struct jv *v;     /* members or elements */
};

static const char *jp;

static void jv_free(struct jv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		if (v->keys)
			free(v->keys[i]);
		jv_free(&v->v[i]);
	}
	free(v->keys);
	free(v->v);
	free(v->s);
	memset(v, 0, sizeof(*v));
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int j_string(char **out)
{
	char *s = malloc(strlen(jp) + 1);
	size_t n = 0;

	if (!s || *jp != '"')
		goto bad;
	jp++;
	while (*jp != '"') {
		unsigned char c = (unsigned char)*jp++;

		if (c == '\0' || c < 0x20)
			goto bad;       /* raw control bytes are not JSON */
		if (c != '\\') {
			s[n++] = (char)c;
			continue;
		}
		c = (unsigned char)*jp++;
		switch (c) {
		case '"': case '\\': case '/': s[n++] = (char)c; break;
		case 'b': s[n++] = '\b'; break;
		case 'f': s[n++] = '\f'; break;
		case 'n': s[n++] = '\n'; break;
		case 'r': s[n++] = '\r'; break;
		case 't': s[n++] = '\t'; break;
		case 'u': {
			unsigned cp = 0;

			for (int i = 0; i < 4; i++) {
				int h = hexval(*jp++);

				if (h < 0)
					goto bad;
				cp = cp << 4 | (unsigned)h;
			}
			if (cp < 0x80) {
				s[n++] = (char)cp;
			} else if (cp < 0x800) {
				s[n++] = (char)(0xc0 | cp >> 6);
				s[n++] = (char)(0x80 | (cp & 0x3f));
			} else {
				s[n++] = (char)(0xe0 | cp >> 12);
				s[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
				s[n++] = (char)(0x80 | (cp & 0x3f));
			}
			break;
		}
		default:
			goto bad;
		}
	}
	jp++;
	s[n] = '\0';
	*out = s;
	return 0;
bad:
	free(s);
	return -1;
}

static int j_value(struct jv *v);

static int j_number(struct jv *v)
{
	const char *start = jp;

	if (*jp == '-')
		jp++;
	if (*jp == '0')
		jp++;
	else if (*jp >= '1' && *jp <= '9')
		while (*jp >= '0' && *jp <= '9')
			jp++;
	else
		return -1;
	if (*jp == '.') {
		jp++;
		if (!(*jp >= '0' && *jp <= '9'))
			return -1;
		while (*jp >= '0' && *jp <= '9')
			jp++;
	}
	if (*jp == 'e' || *jp == 'E') {
		jp++;
		if (*jp == '+' || *jp == '-')
			jp++;
		if (!(*jp >= '0' && *jp <= '9'))
			return -1;
		while (*jp >= '0' && *jp <= '9')
			jp++;
	}
	v->t = J_NUM;
	v->s = strndup(start, (size_t)(jp - start));
	return v->s ? 0 : -1;
}

static int j_push(struct jv *v, char *key)
{
	struct jv *nv = realloc(v->v, (v->n + 1) * sizeof(*nv));

	if (!nv)
		return -1;
	v->v = nv;
	memset(&v->v[v->n], 0, sizeof(*nv));
	if (v->t == J_OBJ) {
		char **nk = realloc(v->keys, (v->n + 1) * sizeof(*nk));

		if (!nk)
			return -1;
		v->keys = nk;
		v->keys[v->n] = key;
	}
	v->n++;
	return 0;
}

static int j_value(struct jv *v)
{
	memset(v, 0, sizeof(*v));
	switch (*jp) {
	case '{':
		v->t = J_OBJ;
		jp++;
		if (*jp == '}') {
			jp++;
			return 0;
		}
		for (;;) {
			char *key;

			if (j_string(&key) < 0)
				return -1;
			for (size_t i = 0; i < v->n; i++)
				if (strcmp(v->keys[i], key) == 0) {
					free(key);
					return -1;      /* duplicate member */
				}
			if (*jp++ != ':' || j_push(v, key) < 0 || j_value(&v->v[v->n - 1]) < 0)
				return -1;
			if (*jp == ',') {
				jp++;
				continue;
			}
			if (*jp++ != '}')
				return -1;
			return 0;
		}
	case '[':
		v->t = J_ARR;
		jp++;
		if (*jp == ']') {
			jp++;
			return 0;
		}
		for (;;) {
			if (j_push(v, NULL) < 0 || j_value(&v->v[v->n - 1]) < 0)
				return -1;
			if (*jp == ',') {
				jp++;
				continue;
			}
			if (*jp++ != ']')
				return -1;
			return 0;
		}
	case '"':
		v->t = J_STR;
		return j_string(&v->s);
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };

		for (int i = 0; i < 3; i++) {
			size_t len = strlen(words[i]);

			if (strncmp(jp, words[i], len) == 0) {
				jp += len;
				v->t = i < 2 ? J_BOOL : J_NULL;
				v->s = strdup(words[i]);
				return 0;
			}
		}
		return -1;
	}
	default:
		return j_number(v);
	}
}

/* Parse exactly one JSON value that fills text up to a final newline. */
static void json_parse_line(const char *text, struct jv *root)
{
	jp = text;
	if (j_value(root) < 0)
		fail_msg("invalid JSON at offset %td: %.40s", jp - text, jp);
	assert_int_equal(*jp, '\n');
	assert_int_equal(jp[1], '\0');
}

static const struct jv *jget(const struct jv *obj, const char *key)
{
	assert_int_equal(obj->t, J_OBJ);
	for (size_t i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return &obj->v[i];
	fail_msg("no member '%s'", key);
	return NULL;
}

static void assert_keys(const struct jv *obj, const char *const *names, size_t n)
{
	assert_int_equal(obj->t, J_OBJ);
	assert_int_equal(obj->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(obj->keys[i], names[i]);
}

static void assert_jfield(const struct jv *v, const struct vfield *f)
{
	static const enum jtype of_kind[] = { [K_NUM] = J_NUM, [K_STR] = J_STR, [K_BOOL] = J_BOOL,
					      [K_NULL] = J_NULL };

	if (v->t != of_kind[f->kind])
		fail_msg("field %s: JSON type %d, want kind %d", f->name, (int)v->t, (int)f->kind);
	if (f->kind != K_NULL)
		assert_string_equal(v->s, f->text);
}

static void assert_jnum(const struct jv *v, uint64_t want)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, want);
	assert_int_equal(v->t, J_NUM);
	assert_string_equal(v->s, buf);
}

/* ================================================================== a strict CSV parser */

struct csv {
	size_t nrec;
	size_t nfield[64];
	char *field[64][32];
};

static void csv_free(struct csv *c)
{
	for (size_t r = 0; r < c->nrec; r++)
		for (size_t i = 0; i < c->nfield[r]; i++)
			free(c->field[r][i]);
	memset(c, 0, sizeof(*c));
}

/* RFC 4180: records end in CRLF; a field is quoted ("" inside for ") or contains none of
 * , " CR LF. Fails on anything else, such as a bare LF or a stray quote. */
static void csv_parse(const char *p, struct csv *c)
{
	memset(c, 0, sizeof(*c));
	while (*p) {
		size_t r = c->nrec++;

		assert_true(r < 64);
		for (;;) {
			char *f = malloc(strlen(p) + 1);
			size_t n = 0;

			assert_non_null(f);
			assert_true(c->nfield[r] < 32);
			if (*p == '"') {
				p++;
				for (;;) {
					if (*p == '\0')
						fail_msg("unterminated quoted field");
					if (*p == '"' && p[1] == '"') {
						f[n++] = '"';
						p += 2;
					} else if (*p == '"') {
						p++;
						break;
					} else {
						f[n++] = *p++;
					}
				}
			} else {
				while (*p && !strchr(",\"\r\n", *p))
					f[n++] = *p++;
				if (*p == '"')
					fail_msg("quote inside an unquoted field");
			}
			f[n] = '\0';
			c->field[r][c->nfield[r]++] = f;
			if (*p == ',') {
				p++;
				continue;
			}
			if (p[0] == '\r' && p[1] == '\n') {
				p += 2;
				break;
			}
			fail_msg("record %zu: expected , or CRLF, got 0x%02x", r, (unsigned char)*p);
		}
	}
}

/* ================================================================== JSON */

static const char *const top_names[] = {
	"version", "time", "source", "limits", "usage", "malformed_lines", "segments",
};
static const char *const limit_names[] = {
	"shmmax", "shmall", "shmmni", "shmmin", "shm_rmid_forced", "page_size",
};
static const char *const usage_names[] = {
	"segments", "bytes", "largest", "attached", "unattached", "dest", "locked", "rss", "swap",
};

/* The hand-made attachers of the fixture, sorted by shmid then pid as attach.h promises: each
 * process has count mappings, the first at addr with access, the k-th at addr + 2k * length with
 * access alternating "r--s" / "rw-s" (one read-only and one writable attach of one process are
 * two records). The one named "shmtop" is a shmtop process: not counted as visible use. */
static const struct fake_attacher {
	int32_t shmid, pid;
	uint32_t uid;
	uint64_t addr, length;
	const char *access;
	unsigned count;
	const char *comm, *comm_json;
} fake_attachers[] = {
	{ 0, 100, 0, 0x7f0000001000ull, 4096, "r--s", 1, "counter", "counter" },
	{ 0, 600, 1001, 0x7fffff600000ull, 1048576, "rw-s", 2,
	  "x\ny\\z\xff\xc0\xaf\xc2\x9b\x7f\t\xc3\xa9",
	  "x\\x0ay\\\\z\\xff\\xc0\\xaf\\xc2\\x9b\\x7f\\x09\xc3\xa9" },
	{ 0, 700, 1001, 0, 1, "rw-s", 3, "a,\"b\x1b[1mc", "a,\"b\\x1b[1mc" },
	{ 0, 800, 0, 0x7e0000000000ull, 4096, "r--s", 1, "shmtop", "shmtop" },
	{ 5, 700, 1001, 0x1000, 8192, "rw-s", 1, "late", "late" },
	{ 9, 1, 0, UINT64_MAX, UINT64_MAX, "r--s", 1, "", "" },
	{ 99999, 1, 0, 0x2000, 4096, "r--s", 1, "init", "init" },  /* no such segment */
};
#define NFAKE_ATTACHERS (sizeof(fake_attachers) / sizeof(fake_attachers[0]))

static uint64_t fake_addr(const struct fake_attacher *f, unsigned k)
{
	return f->addr + 2 * (uint64_t)k * f->length;
}

static const char *fake_access(const struct fake_attacher *f, unsigned k)
{
	return !k ? f->access : k % 2 ? "r--s" : "rw-s";
}

static int fake_is_shmtop(const struct fake_attacher *f)
{
	return strcmp(f->comm, "shmtop") == 0;
}

static size_t fake_nmaps(void)
{
	size_t n = 0;

	for (size_t i = 0; i < NFAKE_ATTACHERS; i++)
		n += fake_attachers[i].count;
	return n;
}

static void fake_attach_list(struct attach_list *l)
{
	static struct attacher v[64];
	size_t n = 0;

	memset(l, 0, sizeof(*l));
	memset(v, 0, sizeof(v));
	for (size_t i = 0; i < NFAKE_ATTACHERS; i++) {
		const struct fake_attacher *f = &fake_attachers[i];

		for (unsigned k = 0; k < f->count; k++, n++) {
			assert_true(n < sizeof(v) / sizeof(v[0]));
			v[n].shmid = f->shmid;
			v[n].pid = f->pid;
			v[n].uid = f->uid;
			v[n].addr = fake_addr(f, k);
			v[n].length = f->length;
			v[n].file_bytes = -1;
			v[n].shmtop = (uint8_t)fake_is_shmtop(f);
			snprintf(v[n].access, sizeof(v[n].access), "%s", fake_access(f, k));
			snprintf(v[n].comm, sizeof(v[n].comm), "%s", f->comm);
		}
	}
	l->v = v;
	l->n = l->cap = n;
}

static const char *const attacher_names[] = {
	"pid", "comm", "uid", "addr", "length", "access", "count", "shmtop", "mappings",
};
static const char *const mapper_names[] = {
	"pid", "comm", "uid", "addr", "length", "access", "count",
};

/* "leak":{"suspect":...,"reasons":[...]} as expect_leak says */
static void check_jleak(const struct jv *v, const struct shmseg *s, const struct want *w)
{
	static const char *const names[] = { "suspect", "reasons" };
	struct leak_want lw = expect_leak(s, w);
	const struct jv *r;

	assert_keys(v, names, 2);
	assert_int_equal(v->v[0].t, J_BOOL);
	assert_string_equal(v->v[0].s, lw.suspect ? "true" : "false");
	r = &v->v[1];
	assert_int_equal(r->t, J_ARR);
	if (r->n != lw.n)
		fail_msg("shmid %d: %zu reasons, want %zu", (int)s->shmid, r->n, lw.n);
	for (size_t i = 0; i < lw.n; i++) {
		assert_int_equal(r->v[i].t, J_STR);
		assert_string_equal(r->v[i].s, lw.reasons[i]);
	}
}

/* "attachers":[...] and "attachers_visible": every fake attacher of the segment, in order (none
 * when the list given was empty), each with its mappings. */
static void check_jattachers(const struct jv *arr, const struct jv *visible,
			     const struct attach_list *al, int32_t shmid)
{
	static const char *const map_names[] = { "addr", "length", "access" };
	size_t n = 0;
	uint64_t mappings = 0;
	char buf[64];

	assert_int_equal(arr->t, J_ARR);
	assert_true(al->n == 0 || al->n == fake_nmaps());
	for (size_t i = 0; i < NFAKE_ATTACHERS && al->n; i++) {
		const struct fake_attacher *f = &fake_attachers[i];
		const struct jv *a, *m;

		if (f->shmid != shmid)
			continue;
		assert_true(n < arr->n);
		a = &arr->v[n++];
		assert_keys(a, attacher_names, sizeof(attacher_names) / sizeof(attacher_names[0]));
		assert_jnum(jget(a, "pid"), (uint64_t)f->pid);
		assert_int_equal(jget(a, "comm")->t, J_STR);
		assert_string_equal(jget(a, "comm")->s, f->comm_json);
		assert_jnum(jget(a, "uid"), f->uid);
		snprintf(buf, sizeof(buf), "0x%" PRIx64, f->addr);
		assert_int_equal(jget(a, "addr")->t, J_STR);
		assert_string_equal(jget(a, "addr")->s, buf);
		assert_jnum(jget(a, "length"), f->length);
		assert_int_equal(jget(a, "access")->t, J_STR);
		/* the process's: writable when any of its mappings is */
		{
			int w = 0;

			for (unsigned k = 0; k < f->count; k++)
				w |= fake_access(f, k)[1] == 'w';
			assert_string_equal(jget(a, "access")->s, w ? "rw-s" : "r--s");
		}
		assert_jnum(jget(a, "count"), f->count);
		assert_int_equal(jget(a, "shmtop")->t, J_BOOL);
		assert_string_equal(jget(a, "shmtop")->s, fake_is_shmtop(f) ? "true" : "false");
		m = jget(a, "mappings");
		assert_int_equal(m->t, J_ARR);
		assert_int_equal(m->n, f->count);
		for (unsigned k = 0; k < f->count; k++) {
			assert_keys(&m->v[k], map_names, 3);
			snprintf(buf, sizeof(buf), "0x%" PRIx64, fake_addr(f, k));
			assert_string_equal(jget(&m->v[k], "addr")->s, buf);
			assert_jnum(jget(&m->v[k], "length"), f->length);
			assert_string_equal(jget(&m->v[k], "access")->s, fake_access(f, k));
		}
		if (!fake_is_shmtop(f))
			mappings += f->count; /* nattch counts mappings; a shmtop's are not use */
	}
	assert_int_equal(arr->n, n);
	assert_jnum(visible, mappings);
}

static const char *const posix_field_names[] = {
	"name", "size", "uid", "gid", "owner", "group", "mode", "mtime", "deleted", "mappers", "leak",
};

/* "leak" of a POSIX object, as expect_posix_leak says */
static void check_jposix_leak(const struct jv *v, const struct fake_obj *f, const struct want *w)
{
	static const char *const names[] = { "suspect", "reasons" };
	struct leak_want lw = expect_posix_leak(f, w);
	const struct jv *r;

	assert_keys(v, names, 2);
	assert_int_equal(v->v[0].t, J_BOOL);
	assert_string_equal(v->v[0].s, lw.suspect ? "true" : "false");
	r = &v->v[1];
	assert_int_equal(r->t, J_ARR);
	if (r->n != lw.n)
		fail_msg("object %s: %zu reasons, want %zu", f->shown, r->n, lw.n);
	for (size_t i = 0; i < lw.n; i++) {
		assert_int_equal(r->v[i].t, J_STR);
		assert_string_equal(r->v[i].s, lw.reasons[i]);
	}
}

/* A number, or null when the object's stat is unknown. */
static void assert_jnum_or_null(const struct jv *v, int known, uint64_t want)
{
	if (known)
		assert_jnum(v, want);
	else
		assert_int_equal(v->t, J_NULL);
}

/* The top-level "posix", "shm_dir" and "posix_procs_unreadable": the objects asked for, in
 * order, every field as doc/json-schema.md says. */
static void check_jposix(const struct jv *root, const struct want *w)
{
	const struct jv *arr = jget(root, "posix"), *v;
	char buf[64], num[32];

	v = jget(root, "shm_dir");
	assert_int_equal(v->t, J_STR);
	assert_string_equal(v->s, w->posix_dir);
	assert_jnum(jget(root, "posix_procs_unreadable"), FAKE_UNREADABLE);
	assert_int_equal(arr->t, J_ARR);
	assert_int_equal(arr->n, w->posix_nrows);
	for (size_t i = 0; i < w->posix_nrows; i++) {
		const struct fake_obj *f = &fake_objs[w->posix_rows[i]];
		const struct jv *o = &arr->v[i], *mp;
		size_t k = 0;

		assert_keys(o, posix_field_names, sizeof(posix_field_names) / sizeof(posix_field_names[0]));
		assert_int_equal(jget(o, "name")->t, J_STR);
		assert_string_equal(jget(o, "name")->s, f->shown);
		assert_jnum_or_null(jget(o, "size"), f->stat_known, f->size);
		assert_jnum_or_null(jget(o, "uid"), f->stat_known, f->uid);
		assert_jnum_or_null(jget(o, "gid"), f->stat_known, f->gid);
		assert_jnum_or_null(jget(o, "mtime"), f->stat_known, (uint64_t)f->mtime);
		if (f->stat_known) {
			assert_int_equal(jget(o, "owner")->t, J_STR);
			assert_string_equal(jget(o, "owner")->s, shown_name(0, f->uid, num, sizeof(num)));
			assert_int_equal(jget(o, "group")->t, J_STR);
			assert_string_equal(jget(o, "group")->s, shown_name(1, f->gid, num, sizeof(num)));
			/* 4 octal digits, the setuid/setgid/sticky ones first */
			snprintf(buf, sizeof(buf), "%o%o%o%o", (f->mode >> 9) & 7, (f->mode >> 6) & 7,
				 (f->mode >> 3) & 7, f->mode & 7);
			assert_int_equal(jget(o, "mode")->t, J_STR);
			assert_string_equal(jget(o, "mode")->s, buf);
		} else {
			assert_int_equal(jget(o, "owner")->t, J_NULL);
			assert_int_equal(jget(o, "group")->t, J_NULL);
			assert_int_equal(jget(o, "mode")->t, J_NULL);
		}
		assert_int_equal(jget(o, "deleted")->t, J_BOOL);
		assert_string_equal(jget(o, "deleted")->s, f->deleted ? "true" : "false");
		/* the mappers of this object, in pid order, shaped like attachers */
		mp = jget(o, "mappers");
		assert_int_equal(mp->t, J_ARR);
		for (size_t m = 0; m < NFAKE_MAPPERS; m++) {
			const struct fake_mapper *fm = &fake_mappers[m];
			const struct jv *a;

			if (fm->ino != f->ino)
				continue;
			assert_true(k < mp->n);
			a = &mp->v[k++];
			assert_keys(a, mapper_names, sizeof(mapper_names) / sizeof(mapper_names[0]));
			assert_jnum(jget(a, "pid"), (uint64_t)fm->pid);
			assert_int_equal(jget(a, "comm")->t, J_STR);
			assert_string_equal(jget(a, "comm")->s, fm->comm_json);
			assert_jnum_or_null(jget(a, "uid"), fm->uid != NO_ID, fm->uid);
			snprintf(buf, sizeof(buf), "0x%" PRIx64, fm->addr);
			assert_string_equal(jget(a, "addr")->s, buf);
			assert_jnum(jget(a, "length"), fm->length);
			assert_string_equal(jget(a, "access")->s, fm->access);
			assert_jnum(jget(a, "count"), fm->count);
		}
		assert_int_equal(mp->n, k);
		check_jposix_leak(jget(o, "leak"), f, w);
	}
}

static void check_json_want(struct fixture *fx, const char *out, const uint32_t *rows,
			    size_t nrows, const struct want *w)
{
	const struct snapshot *s = &fx->snap;
	const uint64_t *lim = &s->limits.shmmax;
	struct jv root;
	const struct jv *v;
	uint64_t bytes = 0, largest = 0, att = 0, dest = 0, locked = 0;
	int64_t rss = 0, swap = 0;

	/* one line per snapshot */
	assert_non_null(strchr(out, '\n'));
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	json_parse_line(out, &root);
	{
		const char *keys[16];
		size_t nkeys = sizeof(top_names) / sizeof(top_names[0]);

		/* the first version's, then the POSIX ones when asked for */
		memcpy(keys, top_names, sizeof(top_names));
		if (w->posix) {
			keys[nkeys++] = "posix";
			keys[nkeys++] = "shm_dir";
			keys[nkeys++] = "posix_procs_unreadable";
		}
		assert_keys(&root, keys, nkeys);
	}
	assert_jnum(jget(&root, "version"), 1);
	assert_jnum(jget(&root, "time"), (uint64_t)s->time);
	v = jget(&root, "source");
	assert_int_equal(v->t, J_STR);
	assert_string_equal(v->s, s->source == SNAPSHOT_PROC ? "proc" : "shmctl");
	assert_jnum(jget(&root, "malformed_lines"), s->malformed);

	/* limits: exact 64-bit numbers, null where unknown */
	v = jget(&root, "limits");
	assert_keys(v, limit_names, 6);
	for (size_t i = 0; i < 6; i++) {
		if (lim[i] == SHM_LIMIT_UNKNOWN)
			assert_int_equal(v->v[i].t, J_NULL);
		else
			assert_jnum(&v->v[i], lim[i]);
	}

	/* usage: totals over every segment, computed here from the segments themselves */
	for (size_t i = 0; i < s->segs.n; i++) {
		const struct shmseg *g = &s->segs.v[i];

		bytes += g->size;
		largest = g->size > largest ? g->size : largest;
		att += g->nattch > 0;
		dest += (g->mode & 01000) != 0;
		locked += (g->mode & 02000) != 0;
		if (g->rss < 0 || rss < 0)
			rss = -1;
		else
			rss += g->rss;
		if (g->swap < 0 || swap < 0)
			swap = -1;
		else
			swap += g->swap;
	}
	v = jget(&root, "usage");
	assert_keys(v, usage_names, 9);
	assert_jnum(jget(v, "segments"), s->segs.n);
	assert_jnum(jget(v, "bytes"), bytes);
	assert_jnum(jget(v, "largest"), largest);
	assert_jnum(jget(v, "attached"), att);
	assert_jnum(jget(v, "unattached"), s->segs.n - att);
	assert_jnum(jget(v, "dest"), dest);
	assert_jnum(jget(v, "locked"), locked);
	if (rss < 0)
		assert_int_equal(jget(v, "rss")->t, J_NULL);
	else
		assert_jnum(jget(v, "rss"), (uint64_t)rss);
	if (swap < 0)
		assert_int_equal(jget(v, "swap")->t, J_NULL);
	else
		assert_jnum(jget(v, "swap"), (uint64_t)swap);

	/* the segments shown, in the given order, every field as the schema says */
	v = jget(&root, "segments");
	assert_int_equal(v->t, J_ARR);
	assert_int_equal(v->n, nrows);
	for (size_t i = 0; i < nrows; i++) {
		const struct shmseg *g = &s->segs.v[rows[i]];
		const char *keys[NSEGFIELDS + 3];
		struct vfield f[NSEGFIELDS];
		size_t nkeys = NSEGFIELDS;

		/* the plain fields, then leak, then the attachers when asked for */
		memcpy(keys, seg_field_names, sizeof(seg_field_names));
		keys[nkeys++] = "leak";
		if (w->al) {
			keys[nkeys++] = "attachers";
			keys[nkeys++] = "attachers_visible";
		}
		expect_segment(g, w->with_pids, f);
		assert_keys(&v->v[i], keys, nkeys);
		for (int k = 0; k < NSEGFIELDS; k++)
			assert_jfield(&v->v[i].v[k], &f[k]);
		check_jleak(&v->v[i].v[NSEGFIELDS], g, w);
		if (w->al)
			check_jattachers(&v->v[i].v[NSEGFIELDS + 1], &v->v[i].v[NSEGFIELDS + 2],
					 w->al, g->shmid);
	}
	if (w->posix)
		check_jposix(&root, w);
	jv_free(&root);
}

static void check_json(struct fixture *fx, const char *out, const uint32_t *rows, size_t nrows,
		       int with_pids)
{
	struct want w = want_plain(with_pids);

	check_json_want(fx, out, rows, nrows, &w);
}

static void test_json(void **state)
{
	struct fixture *fx = *state;
	char *out = render(fx, OUTPUT_JSON, 0, 1, fx->rows, fx->nrows, 0);

	check_json(fx, out, fx->rows, fx->nrows, 1);
	assert_clean(out, 0);
	/* the raw text of the documented examples */
	assert_non_null(strstr(out, "{\"version\":1,\"time\":1700086400,\"source\":\"proc\","));
	assert_non_null(strstr(out, "\"shmmax\":18446744073692774399,\"shmall\":null,"));
	assert_non_null(strstr(out, "\"key\":\"0x00002537\""));
	assert_non_null(strstr(out, "\"key\":\"0xffffffff\""));
	assert_non_null(strstr(out, "\"perms\":\"0666\""));
	assert_non_null(strstr(out, "\"lpid_comm\":\"a,\\\"b\\\\x1b[1mc\""));
	assert_non_null(strstr(out, "\"rss\":null,\"swap\":null}"));
	assert_non_null(strstr(out, "\"lpid\":0,\"lpid_comm\":null,\"lpid_alive\":false"));
	free(out);

	/* index does not matter for JSON: each snapshot is its own line */
	out = render(fx, OUTPUT_JSON, 0, 1, fx->rows, fx->nrows, 3);
	check_json(fx, out, fx->rows, fx->nrows, 1);
	free(out);
}

static void test_json_subset_and_no_pids(void **state)
{
	struct fixture *fx = *state;
	static const uint32_t rows[2] = { 2, 0 };
	char *out;

	/* only the rows asked for, in that order; totals still over everything */
	out = render(fx, OUTPUT_JSON, 0, 1, rows, 2, 0);
	check_json(fx, out, rows, 2, 1);
	free(out);
	/* no rows */
	out = render(fx, OUTPUT_JSON, 0, 1, rows, 0, 0);
	check_json(fx, out, rows, 0, 1);
	assert_non_null(strstr(out, "\"segments\":[]}"));
	free(out);
	/* no process cache: names unknown, liveness unknown */
	out = render(fx, OUTPUT_JSON, 0, 0, fx->rows, fx->nrows, 0);
	check_json(fx, out, fx->rows, fx->nrows, 0);
	assert_clean(out, 0);
	free(out);
}

static void test_json_all_known(void **state)
{
	struct fixture *fx = *state;
	char *out;

	/* every rss/swap known: totals are numbers; every limit known */
	for (size_t i = 0; i < fx->snap.segs.n; i++) {
		fx->snap.segs.v[i].rss = (int64_t)(i + 1) << 32;
		fx->snap.segs.v[i].swap = (int64_t)i * 4096;
	}
	fx->snap.limits.shmall = 18446744073692774399ull;
	fx->snap.source = SNAPSHOT_SHMCTL;
	fx->snap.malformed = 0;
	snapshot_usage_compute(&fx->snap);
	out = render(fx, OUTPUT_JSON, 0, 1, fx->rows, fx->nrows, 0);
	check_json(fx, out, fx->rows, fx->nrows, 1);
	assert_null(strstr(out, "\"rss\":null"));
	assert_null(strstr(out, "\"swap\":null"));
	assert_null(strstr(out, "\"shmall\":null"));
	assert_non_null(strstr(out, "\"source\":\"shmctl\""));
	free(out);
}

/* The shmids expect_leak calls suspects under w, as a bit set over the fixture's rows. */
static unsigned expected_suspects(const struct fixture *fx, const struct want *w)
{
	unsigned set = 0;

	for (size_t i = 0; i < fx->snap.segs.n; i++)
		if (expect_leak(&fx->snap.segs.v[i], w).suspect)
			set |= 1u << i;
	return set;
}

static void test_json_leak(void **state)
{
	struct fixture *fx = *state;
	struct output_ctx o = { .format = OUTPUT_JSON, .names = &fx->names, .pids = &fx->pids };
	struct want w;
	char *out;
	/* the boundary of seg 9 (unattached exactly STALE_DEFAULT seconds at SNAP_TIME) and the
	 * other ways to set the stale limit and the time */
	static const struct {
		int64_t now, stale;
		unsigned suspects;      /* rows: 2 = shmid 65538, 5 = shmid 9, 6 = shmid 11 */
	} cases[] = {
		{ 0, 0, 1u << 2 | 1u << 6 },                    /* snapshot time, default limit */
		{ SNAP_TIME, STALE_DEFAULT, 1u << 2 | 1u << 6 },
		{ SNAP_TIME, STALE_DEFAULT - 1, 1u << 2 | 1u << 5 | 1u << 6 },
		{ SNAP_TIME + 1, 0, 1u << 2 | 1u << 5 | 1u << 6 },
		{ SNAP_TIME, -1, 1u << 2 | 1u << 6 },           /* no stale rule */
		{ SNAP_TIME, 1, 1u << 2 | 1u << 5 | 1u << 6 },
	};

	/* the rules of the man page, derived here, hold for every segment */
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	w = want_of(fx, &o);
	check_json_want(fx, out, fx->rows, fx->nrows, &w);
	assert_clean(out, 0);
	/* the raw text: every reason of the private, reused-creator, never-attached segment; none
	 * of an attached one with its creator */
	assert_non_null(strstr(out, "\"swap\":12288,\"huge_page_size\":2097152,\"leak\":{\"suspect\":true,\"reasons\":"
				    "[\"orphan\",\"creator-gone\",\"unreachable\",\"stale\"]}}"));
	assert_non_null(strstr(out, "\"swap\":0,\"huge_page_size\":0,\"leak\":{\"suspect\":false,"
				    "\"reasons\":[]}}"));
	free(out);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		o.now = cases[i].now;
		o.stale_secs = cases[i].stale;
		w = want_of(fx, &o);
		/* the fixture exercises what the case says it does */
		assert_int_equal(expected_suspects(fx, &w), cases[i].suspects);
		out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
		check_json_want(fx, out, fx->rows, fx->nrows, &w);
		free(out);
	}

	/* no process cache: a creator's fate is unknown, so nobody is creator-gone */
	o.pids = NULL;
	o.now = 0;
	o.stale_secs = 0;
	w = want_of(fx, &o);
	assert_int_equal(expected_suspects(fx, &w), 1u << 2);
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	check_json_want(fx, out, fx->rows, fx->nrows, &w);
	assert_null(strstr(out, "creator-gone"));
	free(out);
	/* a creator pid of 0 is one this PID namespace cannot see: never alive, but not evidence of a
	 * leak either, with or without the cache */
	fx->snap.segs.v[6].cpid = 0;
	for (int pids = 0; pids < 2; pids++) {
		o.pids = pids ? &fx->pids : NULL;
		w = want_of(fx, &o);
		assert_int_equal(expected_suspects(fx, &w) & (1u << 6), 0);
		out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
		check_json_want(fx, out, fx->rows, fx->nrows, &w);
		assert_non_null(strstr(out, "\"cpid\":0,\"cpid_comm\":null,\"cpid_alive\":false,"));
		free(out);
	}
}

static void test_segment_leak(void **state)
{
	struct fixture *fx = *state;
	struct output_ctx o = { .format = OUTPUT_TABLE, .names = &fx->names, .pids = &fx->pids };
	static const int64_t stales[] = { 0, -5, 1, STALE_DEFAULT - 1, STALE_DEFAULT, 86400 };
	static const unsigned bits[4] = { 1u << 0, 1u << 1, 1u << 2, 1u << 3 };

	/* the helper main filters --leaks with agrees with what every format prints; a creator pid
	 * of 0 (never a live process) too */
	fx->snap.segs.v[6].cpid = 0;
	for (int pids = 0; pids < 2; pids++) {
		o.pids = pids ? &fx->pids : NULL;
		for (size_t k = 0; k < sizeof(stales) / sizeof(stales[0]); k++) {
			o.stale_secs = stales[k];
			for (int64_t dt = -1; dt <= 1; dt++) {
				struct want w;

				o.now = dt < 0 ? 0 : SNAP_TIME + dt;
				w = want_of(fx, &o);
				for (size_t i = 0; i < fx->snap.segs.n; i++) {
					const struct shmseg *s = &fx->snap.segs.v[i];
					struct leak_want lw = expect_leak(s, &w);
					unsigned reasons = 0xdead, want = 0;

					for (size_t r = 0; r < lw.n; r++)
						for (int b = 0; b < 4; b++)
							if (strcmp(lw.reasons[r], reason_names[b]) == 0)
								want |= bits[b];
					assert_int_equal(output_segment_leak(&o, &fx->snap, s, &reasons) != 0,
							 lw.suspect);
					assert_int_equal(reasons, want);
					assert_int_equal(output_segment_leak(&o, &fx->snap, s, NULL) != 0,
							 lw.suspect);
				}
			}
		}
	}
}

static void test_json_attachers(void **state)
{
	struct fixture *fx = *state;
	struct attach_list al, empty;
	struct output_ctx o = { .format = OUTPUT_JSON, .names = &fx->names, .pids = &fx->pids };
	static const uint32_t rows[3] = { 3, 0, 5 };  /* shmids 5, 0, 9 */
	struct want w;
	char *out;

	fake_attach_list(&al);
	o.attachers = &al;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	w = want_of(fx, &o);
	check_json_want(fx, out, fx->rows, fx->nrows, &w);
	assert_clean(out, 0);
	/* the documented shape, raw */
	assert_non_null(strstr(out, "\"attachers\":[{\"pid\":100,\"comm\":\"counter\",\"uid\":0,"
				    "\"addr\":\"0x7f0000001000\",\"length\":4096,\"access\":\"r--s\","
				    "\"count\":1,\"shmtop\":false,\"mappings\":[{\"addr\":"
				    "\"0x7f0000001000\",\"length\":4096,\"access\":\"r--s\"}]},"));
	/* one process with a read-only and a writable mapping: two records, each its own access */
	assert_non_null(strstr(out, "\"count\":2,\"shmtop\":false,\"mappings\":[{\"addr\":"
				    "\"0x7fffff600000\",\"length\":1048576,\"access\":\"rw-s\"},"
				    "{\"addr\":\"0x7fffff800000\",\"length\":1048576,"
				    "\"access\":\"r--s\"}]}"));
	assert_non_null(strstr(out, "\"addr\":\"0xffffffffffffffff\",\"length\":18446744073709551615,"));
	assert_non_null(strstr(out, "\"addr\":\"0x0\","));
	assert_non_null(strstr(out, "\"attachers\":[],\"attachers_visible\":0}"));
	/* mappings of shmid 0: 1 + 2 + 3, and shmtop's own 1, which is not use */
	assert_non_null(strstr(out, "\"comm\":\"shmtop\",\"uid\":0,\"addr\":\"0x7e0000000000\","
				    "\"length\":4096,\"access\":\"r--s\",\"count\":1,\"shmtop\":true,"));
	assert_non_null(strstr(out, "\"access\":\"r--s\"}]}],\"attachers_visible\":6}"));
	assert_null(strstr(out, "99999"));
	free(out);

	/* a subset, in its order */
	out = render_ctx(fx, &o, rows, 3, 0);
	check_json_want(fx, out, rows, 3, &w);
	free(out);

	/* a scan that found nobody: every list empty, but present */
	memset(&empty, 0, sizeof(empty));
	o.attachers = &empty;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	w = want_of(fx, &o);
	check_json_want(fx, out, fx->rows, fx->nrows, &w);
	free(out);

	/* not asked: no attachers fields at all (check_json_want checks the exact keys) */
	o.attachers = NULL;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	w = want_of(fx, &o);
	check_json_want(fx, out, fx->rows, fx->nrows, &w);
	assert_null(strstr(out, "attachers"));
	free(out);
}

/* ================================================================== CSV */

/* time, the JSON segment fields up to swap, the leak object as two columns, then the fields
 * added since (huge_page_size): new columns go at the end, so a reader by position still reads */
#define NCSV_BEFORE_LEAK (NSEGFIELDS - 1)
#define NCSVFIELDS (1 + NSEGFIELDS + 2)

static void check_csv_rows_want(struct fixture *fx, const struct csv *c, size_t first,
				const uint32_t *rows, size_t nrows, const struct want *w)
{
	assert_int_equal(c->nrec, first + nrows);
	for (size_t i = 0; i < nrows; i++) {
		const struct shmseg *s = &fx->snap.segs.v[rows[i]];
		struct leak_want lw = expect_leak(s, w);
		struct vfield f[NSEGFIELDS];
		char t[64];

		expect_segment(s, w->with_pids, f);
		assert_int_equal(c->nfield[first + i], NCSVFIELDS);
		snprintf(t, sizeof(t), "%" PRId64, fx->snap.time);
		assert_string_equal(c->field[first + i][0], t);
		/* the JSON values; a JSON null is an empty field */
		for (int k = 0; k < NCSV_BEFORE_LEAK; k++)
			assert_string_equal(c->field[first + i][k + 1], f[k].text);
		/* leak_suspect, and leak_reasons joined by ';' (empty for none) */
		assert_string_equal(c->field[first + i][NCSV_BEFORE_LEAK + 1],
				    lw.suspect ? "true" : "false");
		leak_text(&lw, ';', t, sizeof(t));
		assert_string_equal(c->field[first + i][NCSV_BEFORE_LEAK + 2], t);
		for (int k = NCSV_BEFORE_LEAK; k < NSEGFIELDS; k++)
			assert_string_equal(c->field[first + i][k + 3], f[k].text);
	}
}

static void check_csv_rows(struct fixture *fx, const struct csv *c, size_t first,
			   const uint32_t *rows, size_t nrows, int with_pids)
{
	struct want w = want_plain(with_pids);

	check_csv_rows_want(fx, c, first, rows, nrows, &w);
}

static void test_csv(void **state)
{
	struct fixture *fx = *state;
	static const uint32_t rows[2] = { 3, 1 };
	char *out = render(fx, OUTPUT_CSV, 0, 1, fx->rows, fx->nrows, 0);
	struct csv c;

	assert_clean(out, 1);
	csv_parse(out, &c);
	/* the header: time, then the JSON segment fields in the same order, then the leak columns */
	assert_int_equal(c.nfield[0], NCSVFIELDS);
	assert_string_equal(c.field[0][0], "time");
	for (int k = 0; k < NCSV_BEFORE_LEAK; k++)
		assert_string_equal(c.field[0][k + 1], seg_field_names[k]);
	assert_string_equal(c.field[0][NCSV_BEFORE_LEAK + 1], "leak_suspect");
	assert_string_equal(c.field[0][NCSV_BEFORE_LEAK + 2], "leak_reasons");
	for (int k = NCSV_BEFORE_LEAK; k < NSEGFIELDS; k++)
		assert_string_equal(c.field[0][k + 3], seg_field_names[k]);
	check_csv_rows(fx, &c, 1, fx->rows, fx->nrows, 1);
	csv_free(&c);
	/* quoting as RFC 4180 and the schema's example show it */
	assert_non_null(strstr(out, ",\"a,\"\"b\\x1b[1mc\","));
	assert_non_null(strstr(out, ",\"ev,il\"\"na\\\\me\\x1b[1m\","));
	assert_non_null(strstr(out, ",bob,\"us,ers\","));
	assert_non_null(strstr(out, ",root,root,"));  /* plain fields unquoted */
	assert_non_null(strstr(out, ",12288,true,orphan;creator-gone;unreachable;stale,2097152\r\n"));
	assert_non_null(strstr(out, ",0,false,,0\r\n"));  /* known ordinary */
	assert_non_null(strstr(out, ",false,,\r\n"));     /* unknown: empty */
	/* every line ends in CRLF */
	for (const char *p = strchr(out, '\n'); p; p = strchr(p + 1, '\n'))
		assert_int_equal(p[-1], '\r');
	free(out);

	/* later snapshots: no header, rows only */
	out = render(fx, OUTPUT_CSV, 0, 1, rows, 2, 1);
	assert_clean(out, 1);
	assert_null(strstr(out, "time,key"));
	csv_parse(out, &c);
	check_csv_rows(fx, &c, 0, rows, 2, 1);
	csv_free(&c);
	free(out);

	/* a first snapshot with no rows is just the header */
	out = render(fx, OUTPUT_CSV, 0, 1, rows, 0, 0);
	csv_parse(out, &c);
	assert_int_equal(c.nrec, 1);
	assert_string_equal(c.field[0][0], "time");
	csv_free(&c);
	free(out);

	/* no process cache */
	out = render(fx, OUTPUT_CSV, 0, 0, fx->rows, fx->nrows, 0);
	csv_parse(out, &c);
	check_csv_rows(fx, &c, 1, fx->rows, fx->nrows, 0);
	csv_free(&c);
	free(out);
}

static void test_csv_leak(void **state)
{
	struct fixture *fx = *state;
	struct attach_list al;
	struct output_ctx o = { .format = OUTPUT_CSV, .names = &fx->names, .pids = &fx->pids };
	static const int64_t stales[] = { 0, STALE_DEFAULT - 1, -1 };
	struct want w;
	struct csv c;
	char *out;

	/* the stale limit moves seg 9 in and out; the attachers never change the columns */
	fake_attach_list(&al);
	for (size_t k = 0; k < sizeof(stales) / sizeof(stales[0]); k++) {
		o.stale_secs = stales[k];
		o.attachers = k == 1 ? &al : NULL;
		w = want_of(fx, &o);
		out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
		assert_clean(out, 1);
		csv_parse(out, &c);
		assert_int_equal(c.nfield[0], NCSVFIELDS);
		check_csv_rows_want(fx, &c, 1, fx->rows, fx->nrows, &w);
		csv_free(&c);
		free(out);
	}
	/* no process cache */
	o.pids = NULL;
	o.stale_secs = 0;
	w = want_of(fx, &o);
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	csv_parse(out, &c);
	check_csv_rows_want(fx, &c, 1, fx->rows, fx->nrows, &w);
	csv_free(&c);
	free(out);
}

/* ================================================================== table */

static const struct column {
	const char *title;
	int right;
} columns[] = {
	{ "KEY", 0 }, { "SHMID", 1 }, { "OWNER", 0 }, { "PERMS", 0 }, { "SIZE", 1 },
	{ "NATTCH", 1 }, { "STATUS", 0 }, { "CPID", 1 }, { "LPID", 1 }, { "ATTACHED", 0 },
	{ "DETACHED", 0 }, { "CHANGED", 0 }, { "RSS", 1 }, { "SWAP", 1 },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static void time_text(char *buf, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0) {
		snprintf(buf, size, "-");
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}

static void mem_text(char *buf, size_t size, int64_t v, int bytes)
{
	if (v < 0)
		snprintf(buf, size, "-");
	else if (bytes)
		snprintf(buf, size, "%" PRId64, v);
	else
		fmt_size(buf, size, (uint64_t)v);
}

/* What each column of a row must show. */
static void cell_text(const struct shmseg *s, size_t col, int bytes, char *buf, size_t size)
{
	static const char *const status[8] = { "-", "dest", "locked", "dest,locked", "huge",
					       "dest,huge", "locked,huge", "dest,locked,huge" };
	char num[32];

	switch (col) {
	case 0: snprintf(buf, size, "0x%08" PRIx32, (uint32_t)s->key); break;
	case 1: snprintf(buf, size, "%" PRId32, s->shmid); break;
	case 2: snprintf(buf, size, "%s", shown_name(0, s->uid, num, sizeof(num))); break;
	case 3: snprintf(buf, size, "%04o", s->mode & 0777); break;
	case 4: mem_text(buf, size, (int64_t)s->size, bytes); break;
	case 5: snprintf(buf, size, "%" PRIu32, s->nattch); break;
	case 6: snprintf(buf, size, "%s", status[((s->mode >> 9) & 3) | (s->huge_page > 0 ? 4 : 0)]);
		break;
	case 7: snprintf(buf, size, "%" PRId32, s->cpid); break;
	case 8: snprintf(buf, size, "%" PRId32, s->lpid); break;
	case 9: time_text(buf, size, s->atime); break;
	case 10: time_text(buf, size, s->dtime); break;
	case 11: time_text(buf, size, s->ctime); break;
	case 12: mem_text(buf, size, s->rss, bytes); break;
	case 13: mem_text(buf, size, s->swap, bytes); break;
	}
}

/* Split out into lines (without their '\n'); returns the count. */
static size_t split_lines(char *out, char **lines, size_t max)
{
	size_t n = 0;

	for (char *p = out; *p && n < max;) {
		char *nl = strchr(p, '\n');

		assert_non_null(nl);    /* every line ends in a newline */
		*nl = '\0';
		lines[n++] = p;
		p = nl + 1;
	}
	return n;
}

/* Where a whole-word title starts in the header line. */
static size_t title_offset(const char *hdr, const char *title)
{
	size_t len = strlen(title);

	for (const char *p = strstr(hdr, title); p; p = strstr(p + 1, title))
		if ((p == hdr || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
			return (size_t)(p - hdr);
	fail_msg("no column %s in '%s'", title, hdr);
	return 0;
}

/* A cell is where its title is: right-aligned cells end where the title ends, left-aligned ones
 * start where it starts, with a space (or the line's end) on either side. Columns from `upto` on
 * are skipped (after a cell wider than its column, later columns may shift). */
static void check_table_rows(char **lines, size_t nlines, const struct snapshot *snap,
			     const uint32_t *rows, size_t nrows, int bytes, size_t upto)
{
	const char *hdr = lines[0];

	assert_int_equal(nlines, nrows + 1);
	for (size_t r = 0; r < nrows; r++) {
		const char *line = lines[r + 1];
		size_t linelen = strlen(line);

		for (size_t c = 0; c < NCOLUMNS && c < upto; c++) {
			char text[128];
			size_t off = title_offset(hdr, columns[c].title), len, at;

			cell_text(&snap->segs.v[rows[r]], c, bytes, text, sizeof(text));
			len = strlen(text);
			at = columns[c].right ? off + strlen(columns[c].title) - len : off;
			if (at + len > linelen || memcmp(line + at, text, len) != 0 ||
			    (at > 0 && line[at - 1] != ' ') ||
			    (line[at + len] != ' ' && line[at + len] != '\0'))
				fail_msg("row %zu column %s: want '%s' at %zu in\n%s\n%s", r,
					 columns[c].title, text, at, hdr, line);
		}
	}
}

static void check_summary(const char *line, const struct snapshot *snap, size_t nrows)
{
	char want[256], when[32], size[32];

	time_text(when, sizeof(when), snap->time);
	fmt_size(size, sizeof(size), snap->usage.bytes);
	snprintf(want, sizeof(want), "shmtop - %s - %zu segment%s, %s", when, snap->segs.n,
		 snap->segs.n == 1 ? "" : "s", size);
	assert_memory_equal(line, want, strlen(want));
	if (nrows != snap->segs.n) {
		snprintf(want, sizeof(want), ", %zu shown", nrows);
		assert_non_null(strstr(line, want));
	} else {
		assert_null(strstr(line, "shown"));
	}
	assert_non_null(strstr(line, snap->source == SNAPSHOT_PROC ? "source proc" : "source shmctl"));
}

static void test_table(void **state)
{
	struct fixture *fx = *state;
	static const uint32_t rows[3] = { 0, 2, 3 };  /* the short owner names */
	char *out, *lines[16];
	size_t n;

	for (int bytes = 0; bytes < 2; bytes++) {
		out = render(fx, OUTPUT_TABLE, bytes, 0, rows, 3, 0);
		assert_clean(out, 0);
		n = split_lines(out, lines, 16);
		assert_int_equal(n, 5);
		check_summary(lines[0], &fx->snap, 3);
		for (size_t c = 0; c < NCOLUMNS; c++)
			title_offset(lines[1], columns[c].title);
		check_table_rows(lines + 1, n - 1, &fx->snap, rows, 3, bytes, NCOLUMNS);
		free(out);
	}
	/* sizes: human by default, exact with --bytes */
	out = render(fx, OUTPUT_TABLE, 0, 0, rows, 3, 0);
	assert_non_null(strstr(out, " 1.0M "));       /* 1048575 bytes */
	assert_null(strstr(out, "1048575"));
	free(out);
	out = render(fx, OUTPUT_TABLE, 1, 0, rows, 3, 0);
	assert_non_null(strstr(out, " 1048575 "));
	assert_non_null(strstr(out, " 123456789 "));  /* rss in bytes, too */
	free(out);
}

static void test_table_hostile_owner(void **state)
{
	struct fixture *fx = *state;
	char *out, *lines[16];
	size_t n;

	/* every row, one with an owner wider than its column: still escaped, still aligned up to
	 * the owner; the summary counts all */
	out = render(fx, OUTPUT_TABLE, 0, 1, fx->rows, fx->nrows, 0);
	assert_clean(out, 0);
	assert_non_null(strstr(out, " ev,il\"na\\\\me\\x1b[1m "));
	n = split_lines(out, lines, 16);
	assert_int_equal(n, 2 + fx->nrows);
	check_summary(lines[0], &fx->snap, fx->nrows);
	check_table_rows(lines + 1, n - 1, &fx->snap, fx->rows, fx->nrows, 0, 3);
	free(out);
	/* the next snapshot is set apart by an empty line */
	out = render(fx, OUTPUT_TABLE, 0, 1, fx->rows, 1, 1);
	assert_int_equal(out[0], '\n');
	assert_memory_equal(out + 1, "shmtop - ", 9);
	free(out);
}

static void test_table_leaks(void **state)
{
	struct fixture *fx = *state;
	/* the short owner names; suspects and not, as a caller that did not filter would pass them */
	static const uint32_t rows[6] = { 0, 2, 3, 4, 5, 6 };
	struct output_ctx o = { .format = OUTPUT_TABLE, .names = &fx->names, .pids = &fx->pids };
	char *out, *lines[16];
	size_t n, leak_at;

	/* without --leaks the table is what it always was: no LEAK column */
	out = render_ctx(fx, &o, rows, 6, 0);
	n = split_lines(out, lines, 16);
	assert_null(strstr(lines[1], "LEAK"));
	free(out);

	for (int bytes = 0; bytes < 2; bytes++) {
		struct want w;

		o.leaks = 1;
		o.bytes = bytes;
		o.stale_secs = bytes ? STALE_DEFAULT - 1 : 0;
		w = want_of(fx, &o);
		out = render_ctx(fx, &o, rows, 6, 0);
		assert_clean(out, 0);
		assert_non_null(strstr(out, " orphan,creator-gone,unreachable,stale\n"));
		n = split_lines(out, lines, 16);
		assert_int_equal(n, 8);
		check_summary(lines[0], &fx->snap, 6);
		/* every other column where it was, and LEAK last */
		check_table_rows(lines + 1, n - 1, &fx->snap, rows, 6, bytes, NCOLUMNS);
		leak_at = title_offset(lines[1], "LEAK");
		assert_string_equal(lines[1] + leak_at, "LEAK");
		assert_true(leak_at > title_offset(lines[1], "SWAP"));
		for (size_t r = 0; r < 6; r++) {
			struct leak_want lw = expect_leak(&fx->snap.segs.v[rows[r]], &w);
			char want[64];

			/* the reasons, suspect or not (--leaks passes only suspects; --columns
			 * may show the column for all), a dash for none */
			if (lw.n)
				leak_text(&lw, ',', want, sizeof(want));
			else
				snprintf(want, sizeof(want), "-");
			assert_true(strlen(lines[2 + r]) > leak_at);
			assert_int_equal(lines[2 + r][leak_at - 1], ' ');
			if (strcmp(lines[2 + r] + leak_at, want) != 0)
				fail_msg("row %zu: LEAK '%s', want '%s'", r, lines[2 + r] + leak_at, want);
		}
		free(out);
	}
}

/* The table that reads shmctl has no rss or swap: it drops those two columns instead of showing
 * dashes, and a line never ends in padding (CHANGED, left-aligned, is last). */
static void test_table_shmctl(void **state)
{
	struct fixture *fx = *state;
	static const uint32_t rows[3] = { 0, 2, 3 };
	struct output_ctx o = { .format = OUTPUT_TABLE, .names = &fx->names, .pids = &fx->pids,
				.no_mem_columns = 1 };
	char *out, *lines[16];
	size_t n;

	fx->snap.source = SNAPSHOT_SHMCTL;
	for (int leaks = 0; leaks < 2; leaks++) {
		for (int bytes = 0; bytes < 2; bytes++) {
			o.bytes = bytes;
			o.leaks = leaks;
			out = render_ctx(fx, &o, rows, 3, 0);
			assert_clean(out, 0);
			n = split_lines(out, lines, 16);
			assert_int_equal(n, 5);
			check_summary(lines[0], &fx->snap, 3);
			assert_null(strstr(lines[1], "RSS"));
			assert_null(strstr(lines[1], "SWAP"));
			check_table_rows(lines + 1, n - 1, &fx->snap, rows, 3, bytes, NCOLUMNS - 2);
			for (size_t i = 1; i < n; i++) {
				size_t len = strlen(lines[i]);

				assert_true(len > 0 && lines[i][len - 1] != ' ');
			}
			if (leaks) {
				size_t at = title_offset(lines[1], "LEAK");

				assert_true(at > title_offset(lines[1], "CHANGED"));
				assert_string_equal(lines[1] + at, "LEAK");
			} else {
				char when[32];

				/* the row ends with its ctime */
				time_text(when, sizeof(when), fx->snap.segs.v[rows[0]].ctime);
				assert_string_equal(lines[2] + strlen(lines[2]) - strlen(when), when);
				assert_string_equal(lines[1] + title_offset(lines[1], "CHANGED"), "CHANGED");
			}
			free(out);
		}
	}
	/* --source=proc that fell back to shmctl: the columns asked for stay, with dashes */
	for (size_t i = 0; i < fx->snap.segs.n; i++)
		fx->snap.segs.v[i].rss = fx->snap.segs.v[i].swap = SHMSEG_UNKNOWN;
	snapshot_usage_compute(&fx->snap);
	o.no_mem_columns = 0;
	o.leaks = 0;
	out = render_ctx(fx, &o, rows, 3, 0);
	n = split_lines(out, lines, 16);
	assert_int_equal(n, 5);
	assert_non_null(strstr(lines[0], "source shmctl"));
	check_table_rows(lines + 1, n - 1, &fx->snap, rows, 3, 1, NCOLUMNS);
	assert_string_equal(lines[2] + strlen(lines[2]) - 2, " -");
	free(out);
	fx->snap.source = SNAPSHOT_PROC;
}

/* The widest row there is: every number at its maximum, the longest owner name escaped to four
 * times its length, all three times, RSS and SWAP in bytes, the leak reasons. Nothing is cut or
 * lost (rows are built in place with fixed-size stores: ASan watches the slack). */
static void test_table_extremes(void **state)
{
	struct fixture *fx = *state;
	struct output_ctx o = { .format = OUTPUT_TABLE, .names = &fx->names, .pids = &fx->pids,
				.bytes = 1, .leaks = 1, .stale_secs = 1 };
	const int64_t t = SNAP_TIME - 86400;
	uint32_t row;
	char *out, *lines[4], want[1024], when[32];
	size_t n;

	add_seg(&fx->snap, INT32_MAX, INT32_MIN, 0777 | 02000, UINT64_MAX, 0, 31337, 31337,
		INT32_MAX, INT32_MAX, t, t, t, INT64_MAX, INT64_MAX);
	snapshot_usage_compute(&fx->snap);
	row = (uint32_t)(fx->snap.segs.n - 1);
	/* the creator read as the batch does before writing (no such process: gone) */
	assert_non_null(procinfo_cache_get(&fx->pids, INT32_MAX));
	out = render_ctx(fx, &o, &row, 1, 0);
	assert_clean(out, 0);
	n = split_lines(out, lines, 4);
	assert_int_equal(n, 3);
	time_text(when, sizeof(when), t);
	/* SIZE overflows its 12 columns, so everything after it moves right */
	snprintf(want, sizeof(want), "0x80000000 2147483647 %s 0777  18446744073709551615      0 "
		 "locked      2147483647 2147483647 %s %s %s 9223372036854775807 9223372036854775807 "
		 "orphan,creator-gone,stale", C63("\\x01"), when, when, when);
	assert_string_equal(lines[2], want);
	free(out);
	/* in human units the largest size is 16E (it once showed "-", read as a signed number) */
	o.bytes = 0;
	out = render_ctx(fx, &o, &row, 1, 0);
	n = split_lines(out, lines, 4);
	assert_int_equal(n, 3);
	assert_non_null(strstr(lines[2], " 0777     16E      0 locked "));
	free(out);
}

/* ================================================================== Prometheus */

/* One parsed sample. Every sample is labelled ipc_namespace first; then the object's labels must
 * be exactly key, shmid, owner in that order, or for the shmtop_posix_object_* families name,
 * inode, owner, and shmtop_build_info's version. */
struct psample {
	char name[64];
	int labelled;
	char ns[24], version[32];
	char key[16], shmid[16], owner[256];   /* label values, unescaped */
	char pname[POSIX_NAME_MAX * 4], inode[24];
	char value[64];
};

#define PROM_POSIX_OBJECT "shmtop_posix_object_"

struct prom {
	size_t n, nfam;
	struct psample s[256];
	char fam[32][64];    /* family names in order */
};

static int metric_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       (!first && c >= '0' && c <= '9');
}

/* A metric name at p; returns its length, failing on anything that is not one. */
static size_t prom_name(const char *p, char *out, size_t size)
{
	size_t n = 0;

	while (metric_char(p[n], n == 0))
		n++;
	if (n == 0 || n >= size)
		fail_msg("bad metric name at '%.30s'", p);
	memcpy(out, p, n);
	out[n] = '\0';
	return n;
}

/* name="value" at *pp, the value unescaped (only \\, \" and \n are escapes). */
static void prom_label(const char **pp, const char *want_name, char *out, size_t size)
{
	const char *p = *pp;
	size_t len = strlen(want_name), n = 0;

	if (strncmp(p, want_name, len) != 0 || p[len] != '=' || p[len + 1] != '"')
		fail_msg("expected label %s at '%.30s'", want_name, p);
	for (p += len + 2; *p != '"'; p++) {
		char c = *p;

		if (c == '\0' || c == '\n')
			fail_msg("unterminated label value");
		if (c == '\\') {
			p++;
			if (*p == '\\' || *p == '"')
				c = *p;
			else if (*p == 'n')
				c = '\n';
			else
				fail_msg("bad escape \\%c in a label value", *p);
		}
		assert_true(n + 1 < size);
		out[n++] = c;
	}
	out[n] = '\0';
	*pp = p + 1;
}

/* The text exposition format as shmtop writes it: per family "# HELP name text", then
 * "# TYPE name gauge", then its samples, families never repeated or interleaved; values are
 * non-negative integers; no timestamps (the textfile collector refuses them). */
static void prom_parse(const char *text, struct prom *pr)
{
	const char *p = text;
	char cur[64] = "";

	memset(pr, 0, sizeof(*pr));
	while (*p) {
		const char *nl = strchr(p, '\n');
		char name[64];

		if (!nl)
			fail_msg("last line without a newline");
		if (strncmp(p, "# HELP ", 7) == 0) {
			p += 7;
			p += prom_name(p, name, sizeof(name));
			if (*p != ' ' || p + 1 >= nl)
				fail_msg("HELP of %s without text", name);
			for (size_t f = 0; f < pr->nfam; f++)
				if (strcmp(pr->fam[f], name) == 0)
					fail_msg("family %s repeated", name);
			assert_true(pr->nfam < 32);
			snprintf(pr->fam[pr->nfam++], sizeof(pr->fam[0]), "%s", name);
			/* TYPE follows at once */
			p = nl + 1;
			nl = strchr(p, '\n');
			assert_non_null(nl);
			if (strncmp(p, "# TYPE ", 7) != 0)
				fail_msg("HELP of %s not followed by TYPE", name);
			p += 7;
			p += prom_name(p, cur, sizeof(cur));
			assert_string_equal(cur, name);
			if (strncmp(p, " gauge\n", 7) != 0)
				fail_msg("%s is not a gauge", name);
			p = nl + 1;
			continue;
		}
		if (*p == '#')
			fail_msg("unexpected comment '%.40s'", p);
		{
			struct psample *sm;
			size_t n = 0;

			assert_true(pr->n < sizeof(pr->s) / sizeof(pr->s[0]));
			sm = &pr->s[pr->n++];
			p += prom_name(p, sm->name, sizeof(sm->name));
			if (strcmp(sm->name, cur) != 0)
				fail_msg("sample of %s outside its family (%s)", sm->name, cur);
			if (*p != '{')
				fail_msg("%s: no ipc_namespace label", sm->name);
			p++;
			prom_label(&p, "ipc_namespace", sm->ns, sizeof(sm->ns));
			if (*p == '}') {
				p++; /* a total: the namespace alone */
			} else if (strcmp(sm->name, "shmtop_build_info") == 0) {
				assert_int_equal(*p++, ',');
				prom_label(&p, "version", sm->version, sizeof(sm->version));
				assert_int_equal(*p++, '}');
			} else if (strncmp(sm->name, PROM_POSIX_OBJECT, strlen(PROM_POSIX_OBJECT)) == 0) {
				sm->labelled = 2;
				assert_int_equal(*p++, ',');
				prom_label(&p, "name", sm->pname, sizeof(sm->pname));
				assert_int_equal(*p++, ',');
				prom_label(&p, "inode", sm->inode, sizeof(sm->inode));
				assert_int_equal(*p++, ',');
				prom_label(&p, "owner", sm->owner, sizeof(sm->owner));
				assert_int_equal(*p++, '}');
			} else {
				sm->labelled = 1;
				assert_int_equal(*p++, ',');
				prom_label(&p, "key", sm->key, sizeof(sm->key));
				assert_int_equal(*p++, ',');
				prom_label(&p, "shmid", sm->shmid, sizeof(sm->shmid));
				assert_int_equal(*p++, ',');
				prom_label(&p, "owner", sm->owner, sizeof(sm->owner));
				assert_int_equal(*p++, '}');
			}
			assert_int_equal(*p++, ' ');
			while (*p >= '0' && *p <= '9' && n + 1 < sizeof(sm->value))
				sm->value[n++] = *p++;
			sm->value[n] = '\0';
			if (n == 0 || p != nl)
				fail_msg("%s: bad value or a timestamp: '%.*s'", sm->name,
					 (int)(nl - p), p);
			p = nl + 1;
		}
	}
}

/* The sample of name for a shmid (NULL: the unlabelled one), or NULL when there is none;
 * fails when there are two. */
static const struct psample *prom_find(const struct prom *pr, const char *name, const char *shmid)
{
	const struct psample *found = NULL;

	for (size_t i = 0; i < pr->n; i++) {
		const struct psample *sm = &pr->s[i];

		if (strcmp(sm->name, name) != 0 || (shmid != NULL) != (sm->labelled != 0))
			continue;
		if (shmid && strcmp(sm->shmid, shmid) != 0)
			continue;
		if (found)
			fail_msg("two samples of %s{shmid=%s}", name, shmid ? shmid : "");
		found = sm;
	}
	return found;
}

static void prom_expect(const struct prom *pr, const char *name, const char *shmid, int known,
			uint64_t v)
{
	const struct psample *sm = prom_find(pr, name, shmid);
	char buf[32];

	if (!known) {
		if (sm)
			fail_msg("%s{shmid=%s}: a sample for an unknown value", name, shmid ? shmid : "");
		return;
	}
	if (!sm)
		fail_msg("no %s{shmid=%s}", name, shmid ? shmid : "");
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	if (strcmp(sm->value, buf) != 0)
		fail_msg("%s{shmid=%s} = %s, want %s", name, shmid ? shmid : "", sm->value, buf);
}

static const char *const prom_seg_families[] = {
	"shmtop_segment_size_bytes", "shmtop_segment_attachments",
	"shmtop_segment_rss_bytes", "shmtop_segment_swap_bytes",
	"shmtop_segment_detach_timestamp_seconds", "shmtop_segment_leak_suspect",
};

static const char *const prom_posix_families[] = {
	"shmtop_posix_object_size_bytes", "shmtop_posix_object_mappers",
	"shmtop_posix_object_modification_timestamp_seconds", "shmtop_posix_object_deleted",
	"shmtop_posix_object_leak_suspect",
};
#define NPOSIXFAM 5

/* The POSIX object's sample of a family, or NULL; fails when there are two. */
static const struct psample *prom_find_posix(const struct prom *pr, const char *name,
					     uint64_t ino)
{
	const struct psample *found = NULL;
	char id[24];

	snprintf(id, sizeof(id), "%" PRIu64, ino);
	for (size_t i = 0; i < pr->n; i++) {
		const struct psample *sm = &pr->s[i];

		if (sm->labelled != 2 || strcmp(sm->name, name) != 0 || strcmp(sm->inode, id) != 0)
			continue;
		if (found)
			fail_msg("two samples of %s{inode=%s}", name, id);
		found = sm;
	}
	return found;
}

/* The POSIX families from pr->fam[first] on: the five per object with a sample for each object
 * written (size and age only where known), labelled name (escaped), inode, owner ("" when
 * unknown), and nothing else; then the three totals. Returns the index after them. */
static size_t check_prom_posix(const struct prom *pr, size_t first, const struct want *w)
{
	static const char *const totals[] = {
		"shmtop_posix_objects", "shmtop_posix_bytes", "shmtop_posix_leak_suspects",
	};
	size_t per_family[NPOSIXFAM] = { 0 }, f;
	uint64_t bytes = 0, suspects = 0;
	char num[32];

	for (size_t i = 0; i < NPOSIXFAM; i++) {
		assert_true(first + i < pr->nfam);
		assert_string_equal(pr->fam[first + i], prom_posix_families[i]);
	}
	for (size_t i = 0; i < w->posix_nrows; i++) {
		const struct fake_obj *o = &fake_objs[w->posix_rows[i]];
		struct leak_want lw = expect_posix_leak(o, w);
		uint64_t v[NPOSIXFAM];
		int known[NPOSIXFAM] = { o->stat_known, 1, o->stat_known, 1, 1 };

		v[0] = o->size;
		v[1] = fake_nmappers(o->ino);
		v[2] = o->mtime > 0 ? (uint64_t)o->mtime : 0;
		v[3] = (uint64_t)o->deleted;
		v[4] = (uint64_t)lw.suspect;
		suspects += (uint64_t)lw.suspect;
		for (f = 0; f < NPOSIXFAM; f++) {
			const struct psample *sm = prom_find_posix(pr, prom_posix_families[f], o->ino);

			if (!known[f]) {
				if (sm)
					fail_msg("%s{inode=%" PRIu64 "}: a sample for an unknown value",
						 prom_posix_families[f], o->ino);
				continue;
			}
			if (!sm)
				fail_msg("no %s{inode=%" PRIu64 "}", prom_posix_families[f], o->ino);
			assert_string_equal(sm->pname, o->shown);
			assert_string_equal(sm->owner, o->stat_known ? shown_name(0, o->uid, num, sizeof(num)) : "");
			snprintf(num, sizeof(num), "%" PRIu64, v[f]);
			if (strcmp(sm->value, num) != 0)
				fail_msg("%s{inode=%" PRIu64 "} = %s, want %s", prom_posix_families[f],
					 o->ino, sm->value, num);
			per_family[f]++;
		}
	}
	/* no sample for objects not written */
	for (size_t k = 0; k < pr->n; k++) {
		if (pr->s[k].labelled != 2)
			continue;
		for (f = 0; f < NPOSIXFAM; f++)
			if (strcmp(pr->s[k].name, prom_posix_families[f]) == 0)
				break;
		assert_true(f < NPOSIXFAM);
		assert_true(per_family[f] > 0);
		per_family[f]--;
	}
	for (f = 0; f < NPOSIXFAM; f++)
		assert_int_equal(per_family[f], 0);
	/* the totals: every object and its known size; the suspects among those written */
	for (size_t i = 0; i < w->posix->n; i++)
		bytes += fake_objs[i].stat_known ? fake_objs[i].size : 0;
	prom_expect(pr, totals[0], NULL, 1, w->posix->n);
	prom_expect(pr, totals[1], NULL, 1, bytes);
	prom_expect(pr, totals[2], NULL, 1, suspects);
	for (size_t i = 0; i < 3; i++) {
		assert_true(first + NPOSIXFAM + i < pr->nfam);
		assert_string_equal(pr->fam[first + NPOSIXFAM + i], totals[i]);
	}
	return first + NPOSIXFAM + 3;
}

static void check_prom(struct fixture *fx, const char *out, const uint32_t *rows, size_t nrows,
		       const struct want *w)
{
	const struct snapshot *snap = &fx->snap;
	const struct shm_limits *l = &snap->limits;
	static struct prom pr;   /* large */
	static const char *const totals[] = {
		"shmtop_segments", "shmtop_bytes", "shmtop_rss_bytes", "shmtop_swap_bytes",
		"shmtop_leak_suspects", "shmtop_limit_shmmax_bytes", "shmtop_limit_shmall_bytes",
		"shmtop_limit_shmmni", "shmtop_page_size_bytes", "shmtop_shm_rmid_forced",
		"shmtop_scrape_timestamp_seconds",
	};
	int known[11];
	uint64_t bytes = 0, suspects = 0, per_family[6] = { 0 };
	int64_t rss = 0, swap = 0;
	size_t f, nfam;

	prom_parse(out, &pr);
	assert_clean(out, 0);
	/* shmtop_build_info, then the segment families, always, in the documented order; every
	 * sample labelled with the namespace the writer was given */
	assert_true(pr.nfam >= 7);
	assert_string_equal(pr.fam[0], "shmtop_build_info");
	assert_string_equal(pr.s[0].version, w->o->version ? w->o->version : "");
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(pr.fam[1 + i], prom_seg_families[i]);
	for (size_t k = 0; k < pr.n; k++) {
		char ns[24] = "";

		if (w->o->ipc_ns)
			snprintf(ns, sizeof(ns), "%" PRIu64, w->o->ipc_ns);
		assert_string_equal(pr.s[k].ns, ns);
	}
	for (size_t i = 0; i < nrows; i++) {
		const struct shmseg *s = &snap->segs.v[rows[i]];
		int64_t since = s->dtime ? s->dtime : s->ctime;
		int suspect = expect_leak(s, w).suspect;
		char id[16], key[16], num[32];
		const char *owner = shown_name(0, s->uid, num, sizeof(num));

		snprintf(id, sizeof(id), "%" PRId32, s->shmid);
		snprintf(key, sizeof(key), "0x%08" PRIx32, (uint32_t)s->key);
		prom_expect(&pr, prom_seg_families[0], id, 1, s->size);
		prom_expect(&pr, prom_seg_families[1], id, 1, s->nattch);
		prom_expect(&pr, prom_seg_families[2], id, s->rss >= 0, (uint64_t)s->rss);
		prom_expect(&pr, prom_seg_families[3], id, s->swap >= 0, (uint64_t)s->swap);
		prom_expect(&pr, prom_seg_families[4], id, 1, since > 0 ? (uint64_t)since : 0);
		prom_expect(&pr, prom_seg_families[5], id, 1, (uint64_t)suspect);
		per_family[0]++;
		per_family[1]++;
		per_family[2] += s->rss >= 0;
		per_family[3] += s->swap >= 0;
		per_family[4]++;
		per_family[5]++;
		suspects += (uint64_t)suspect;
		/* every sample of the segment carries the same labels */
		for (size_t k = 0; k < pr.n; k++) {
			if (!pr.s[k].labelled || strcmp(pr.s[k].shmid, id) != 0)
				continue;
			assert_string_equal(pr.s[k].key, key);
			assert_string_equal(pr.s[k].owner, owner);
		}
	}
	/* and no sample for rows not asked for */
	for (size_t k = 0; k < pr.n; k++) {
		if (pr.s[k].labelled != 1)
			continue;
		for (f = 0; f < 6; f++)
			if (strcmp(pr.s[k].name, prom_seg_families[f]) == 0)
				break;
		assert_true(f < 6);
		assert_true(per_family[f] > 0);
		per_family[f]--;
	}
	for (f = 0; f < 6; f++)
		assert_int_equal(per_family[f], 0);

	/* totals over every segment (the suspects over the rows), limits, the time: a family only
	 * when its value is known */
	for (size_t i = 0; i < snap->segs.n; i++) {
		const struct shmseg *s = &snap->segs.v[i];

		bytes += s->size;
		rss = s->rss < 0 || rss < 0 ? -1 : rss + s->rss;
		swap = s->swap < 0 || swap < 0 ? -1 : swap + s->swap;
	}
	known[0] = known[1] = known[4] = known[10] = 1;
	known[2] = rss >= 0;
	known[3] = swap >= 0;
	known[5] = l->shmmax != SHM_LIMIT_UNKNOWN;
	known[6] = l->shmall != SHM_LIMIT_UNKNOWN && l->page_size != SHM_LIMIT_UNKNOWN;
	known[7] = l->shmmni != SHM_LIMIT_UNKNOWN;
	known[8] = l->page_size != SHM_LIMIT_UNKNOWN;
	known[9] = l->shm_rmid_forced != SHM_LIMIT_UNKNOWN;
	prom_expect(&pr, totals[0], NULL, 1, snap->segs.n);
	prom_expect(&pr, totals[1], NULL, 1, bytes);
	prom_expect(&pr, totals[2], NULL, known[2], (uint64_t)rss);
	prom_expect(&pr, totals[3], NULL, known[3], (uint64_t)swap);
	prom_expect(&pr, totals[4], NULL, 1, suspects);
	prom_expect(&pr, totals[5], NULL, known[5], l->shmmax);
	prom_expect(&pr, totals[6], NULL, known[6], l->shmall * l->page_size);
	prom_expect(&pr, totals[7], NULL, known[7], l->shmmni);
	prom_expect(&pr, totals[8], NULL, known[8], l->page_size);
	prom_expect(&pr, totals[9], NULL, known[9], l->shm_rmid_forced);
	prom_expect(&pr, totals[10], NULL, 1, (uint64_t)snap->time);
	/* the families present, in order: build info, the six, then each known single, then the
	 * POSIX ones */
	nfam = 7;
	for (size_t i = 0; i < 11; i++) {
		if (!known[i])
			continue;
		assert_true(nfam < pr.nfam);
		assert_string_equal(pr.fam[nfam], totals[i]);
		nfam++;
	}
	if (w->posix)
		nfam = check_prom_posix(&pr, nfam, w);
	else
		for (size_t k = 0; k < pr.n; k++)
			assert_true(strncmp(pr.s[k].name, "shmtop_posix", 12) != 0);
	assert_int_equal(pr.nfam, nfam);
}

static void test_prometheus(void **state)
{
	struct fixture *fx = *state;
	struct output_ctx o = { .format = OUTPUT_PROMETHEUS, .names = &fx->names, .pids = &fx->pids };
	static const uint32_t rows[2] = { 6, 2 };
	struct attach_list al;
	struct want w;
	char *out, *again;

	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	w = want_of(fx, &o);
	check_prom(fx, out, fx->rows, fx->nrows, &w);
	/* the raw text: labels in order, the hostile owner escaped twice (control bytes as \xNN,
	 * then backslash and quote for the exposition format), the unknown shmall absent */
	assert_non_null(strstr(out, "\nshmtop_segment_size_bytes{ipc_namespace=\"\",key=\"0x00002537\","
				    "shmid=\"0\",owner=\"root\"} 1024\n"));
	assert_non_null(strstr(out, ",key=\"0xffffffff\",shmid=\"32769\",owner=\"ev,il\\\"na\\\\\\\\me"
				    "\\\\x1b[1m\"} 5368709120\n"));
	assert_non_null(strstr(out, "\nshmtop_limit_shmmax_bytes{ipc_namespace=\"\"} "
				    "18446744073692774399\n"));
	assert_null(strstr(out, "shmtop_limit_shmall_"));
	assert_non_null(strstr(out, "\nshmtop_scrape_timestamp_seconds{ipc_namespace=\"\"} 1700086400\n"));
	assert_memory_equal(out, "# HELP shmtop_build_info ", 25);
	/* several snapshots: each a complete exposition, whatever its index */
	again = render_ctx(fx, &o, fx->rows, fx->nrows, 5);
	assert_string_equal(again, out);
	free(again);
	free(out);

	/* the attachers and --leaks change nothing but what the caller passes */
	fake_attach_list(&al);
	o.attachers = &al;
	o.leaks = 1;
	out = render_ctx(fx, &o, rows, 2, 0);
	check_prom(fx, out, rows, 2, &w);
	free(out);

	/* another time and limit: ages and suspects follow */
	o.now = SNAP_TIME + 100;
	o.stale_secs = 60;
	w = want_of(fx, &o);
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	check_prom(fx, out, fx->rows, fx->nrows, &w);
	free(out);

	/* no rows, no process cache, every limit unknown, every rss known */
	o.pids = NULL;
	o.now = 0;
	o.stale_secs = 0;
	fx->snap.limits.shmmax = fx->snap.limits.shmmni = SHM_LIMIT_UNKNOWN;
	fx->snap.limits.page_size = fx->snap.limits.shm_rmid_forced = SHM_LIMIT_UNKNOWN;
	for (size_t i = 0; i < fx->snap.segs.n; i++)
		fx->snap.segs.v[i].rss = fx->snap.segs.v[i].swap = (int64_t)i << 40;
	snapshot_usage_compute(&fx->snap);
	w = want_of(fx, &o);
	out = render_ctx(fx, &o, rows, 0, 0);
	check_prom(fx, out, rows, 0, &w);
	assert_null(strstr(out, "limit"));
	assert_non_null(strstr(out, "\nshmtop_leak_suspects{ipc_namespace=\"\"} 0\n"));
	free(out);
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	check_prom(fx, out, fx->rows, fx->nrows, &w);
	free(out);
}

/* ================================================================== POSIX output */

static void test_posix_leak(void **state)
{
	struct fixture *fx = *state;
	struct posix_list pl;
	struct output_ctx o = { .format = OUTPUT_JSON, .names = &fx->names, .pids = &fx->pids };
	static const int64_t stales[] = { 0, -1, 1, STALE_DEFAULT - 1, STALE_DEFAULT, 7199, 7200 };

	/* what main filters --leaks with and counts for the exit status agrees with the rules, at
	 * every boundary the fixture has */
	fake_posix_list(&pl);
	o.posix = &pl;
	for (size_t k = 0; k < sizeof(stales) / sizeof(stales[0]); k++) {
		o.stale_secs = stales[k];
		for (int64_t dt = -1; dt <= 1; dt++) {
			struct want w;

			o.now = dt < 0 ? 0 : SNAP_TIME + dt;
			w = want_of(fx, &o);
			for (size_t i = 0; i < NFAKE_OBJS; i++) {
				struct leak_want lw = expect_posix_leak(&fake_objs[i], &w);
				unsigned reasons = 0xdead, want = 0;

				for (size_t r = 0; r < lw.n; r++)
					want |= strcmp(lw.reasons[r], "unmapped") == 0 ? 1u << 4 : 1u << 3;
				assert_int_equal(output_posix_leak(&o, &fx->snap, &pl.v[i], &reasons) != 0,
						 lw.suspect);
				assert_int_equal(reasons, want);
				assert_int_equal(output_posix_leak(&o, &fx->snap, &pl.v[i], NULL) != 0,
						 lw.suspect);
			}
		}
	}
	/* the fixture has what it claims: at the default limit, the suspects are 1, 3 and 7 */
	o.now = 0;
	o.stale_secs = 0;
	for (size_t i = 0; i < NFAKE_OBJS; i++)
		assert_int_equal(output_posix_leak(&o, &fx->snap, &pl.v[i], NULL) != 0,
				 i == 1 || i == 3 || i == 7);
	/* a mapper of another object (inode 99) maps none of these; take the two of /shared away and
	 * it is unmapped too */
	pl.m += 2;
	pl.nm -= 2;
	{
		unsigned reasons;

		assert_false(output_posix_leak(&o, &fx->snap, &pl.v[0], &reasons));
		assert_int_equal(reasons, 1u << 4);
	}
}

static void test_json_posix(void **state)
{
	struct fixture *fx = *state;
	struct posix_list pl, empty;
	struct output_ctx o = { .format = OUTPUT_JSON, .names = &fx->names, .pids = &fx->pids };
	static const uint32_t some[3] = { 7, 3, 0 };
	char *out, *longdir;
	struct want w;

	fake_posix_list(&pl);
	o.posix = &pl;
	/* every object, no directory named: /dev/shm */
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	w = want_of(fx, &o);
	check_json_want(fx, out, fx->rows, fx->nrows, &w);
	assert_clean(out, 0);
	/* the documented shape, raw: after "segments", in this order */
	assert_non_null(strstr(out, "]}}],\"posix\":[{\"name\":\"/shared\",\"size\":4096,\"uid\":0,"
				    "\"gid\":0,\"owner\":\"root\",\"group\":\"root\",\"mode\":\"0666\","
				    "\"mtime\":1700086390,\"deleted\":false,\"mappers\":[{\"pid\":100,"
				    "\"comm\":\"counter\",\"uid\":0,\"addr\":\"0x7f0000001000\","
				    "\"length\":4096,\"access\":\"r--s\",\"count\":1},"));
	assert_non_null(strstr(out, "\"mode\":\"5644\""));
	assert_non_null(strstr(out, "{\"name\":\"/gone\",\"size\":null,\"uid\":null,\"gid\":null,"
				    "\"owner\":null,\"group\":null,\"mode\":null,\"mtime\":null,"
				    "\"deleted\":true,"));
	assert_non_null(strstr(out, "\"leak\":{\"suspect\":true,\"reasons\":[\"unmapped\",\"stale\"]}}"));
	assert_non_null(strstr(out, "\"leak\":{\"suspect\":false,\"reasons\":[\"unmapped\"]}}"));
	assert_non_null(strstr(out, "],\"shm_dir\":\"/dev/shm\",\"posix_procs_unreadable\":3}\n"));
	assert_null(strstr(out, "\"init\""));  /* the mapper of no listed object */
	free(out);

	/* a subset in its order (as -u or --leaks leave it), a hostile directory; the segments'
	 * attachers alongside */
	o.posix_rows = some;
	o.posix_nrows = 3;
	o.posix_dir = "/proc/42/root/dev/shm\n\x1b[2J\"\\";
	o.stale_secs = 1;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	w = want_of(fx, &o);
	w.posix_dir = "/proc/42/root/dev/shm\\x0a\\x1b[2J\"\\\\";
	check_json_want(fx, out, fx->rows, fx->nrows, &w);
	assert_clean(out, 0);
	free(out);

	/* a directory longer than any name (the heap path of the escaping), every byte kept */
	longdir = malloc(3001);
	assert_non_null(longdir);
	memset(longdir, 'd', 3000);
	longdir[0] = '/';
	longdir[3000] = '\0';
	o.posix_dir = longdir;
	out = render_ctx(fx, &o, fx->rows, 1, 0);
	w = want_of(fx, &o);
	check_json_want(fx, out, fx->rows, 1, &w);
	free(out);
	free(longdir);

	/* none written, or none listed: an empty array, the other fields still there */
	o.posix_dir = NULL;
	o.posix_nrows = 0;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	w = want_of(fx, &o);
	check_json_want(fx, out, fx->rows, fx->nrows, &w);
	assert_non_null(strstr(out, "\"posix\":[],\"shm_dir\":\"/dev/shm\","));
	free(out);
	memset(&empty, 0, sizeof(empty));
	empty.procs_unreadable = FAKE_UNREADABLE;
	o.posix = &empty;
	o.posix_rows = NULL;
	out = render_ctx(fx, &o, fx->rows, 0, 0);
	w = want_of(fx, &o);
	check_json_want(fx, out, fx->rows, 0, &w);
	assert_non_null(strstr(out, "\"segments\":[],\"posix\":[],"));
	free(out);
}

static void test_csv_posix_unchanged(void **state)
{
	struct fixture *fx = *state;
	struct posix_list pl;
	struct output_ctx o = { .format = OUTPUT_CSV, .names = &fx->names, .pids = &fx->pids };
	char *plain, *with;

	/* CSV has one header for one kind of row: the objects are not in it (main refuses --posix
	 * with -o csv), and asking changes nothing */
	plain = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	fake_posix_list(&pl);
	o.posix = &pl;
	with = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	assert_string_equal(with, plain);
	free(with);
	free(plain);
}

/* The POSIX section's columns, as the header names them. */
static const struct column posix_columns[] = {
	{ "NAME", 0 }, { "SIZE", 1 }, { "OWNER", 0 }, { "MODE", 0 }, { "MTIME", 0 },
	{ "MAPPERS", 1 }, { "LEAK", 0 },
};
#define NPOSIXCOLUMNS (sizeof(posix_columns) / sizeof(posix_columns[0]))

/* What each POSIX column must show: unknown stat fields are "-", a deleted name is marked, LEAK
 * has every reason (not only a suspect's), "-" for none. */
static void posix_cell_text(const struct fake_obj *f, size_t col, int bytes, const struct want *w,
			    char *buf, size_t size)
{
	struct leak_want lw;
	char num[32];

	if (!f->stat_known && col >= 1 && col <= 4) {
		snprintf(buf, size, "-");
		return;
	}
	switch (col) {
	case 0: snprintf(buf, size, "%s%s", f->shown, f->deleted ? " (deleted)" : ""); break;
	case 1: mem_text(buf, size, (int64_t)f->size, bytes); break;
	case 2: snprintf(buf, size, "%s", shown_name(0, f->uid, num, sizeof(num))); break;
	case 3: snprintf(buf, size, "%o%o%o%o", (f->mode >> 9) & 7, (f->mode >> 6) & 7,
			 (f->mode >> 3) & 7, f->mode & 7); break;
	case 4: time_text(buf, size, f->mtime); break;
	case 5: snprintf(buf, size, "%zu", fake_nmappers(f->ino)); break;
	case 6:
		lw = expect_posix_leak(f, w);
		if (lw.n)
			leak_text(&lw, ',', buf, size);
		else
			snprintf(buf, size, "-");
		break;
	}
}

/* Every cell where its title is (as check_table_rows), for rows whose cells all fit; LEAK is the
 * rest of the line. */
static void check_posix_rows(char **lines, size_t nrows, const struct want *w, int bytes)
{
	const char *hdr = lines[0];

	for (size_t r = 0; r < nrows; r++) {
		const struct fake_obj *f = &fake_objs[w->posix_rows[r]];
		const char *line = lines[r + 1];
		size_t linelen = strlen(line);

		for (size_t c = 0; c < NPOSIXCOLUMNS; c++) {
			char text[2048];
			size_t off = title_offset(hdr, posix_columns[c].title), len, at;

			posix_cell_text(f, c, bytes, w, text, sizeof(text));
			len = strlen(text);
			at = posix_columns[c].right ? off + strlen(posix_columns[c].title) - len : off;
			if (at + len > linelen || memcmp(line + at, text, len) != 0 ||
			    (at > 0 && line[at - 1] != ' ') ||
			    (line[at + len] != ' ' && line[at + len] != '\0') ||
			    (c == NPOSIXCOLUMNS - 1 && line[at + len] != '\0'))
				fail_msg("object %zu column %s: want '%s' at %zu in\n%s\n%s", r,
					 posix_columns[c].title, text, at, hdr, line);
		}
	}
}

/* --noheadings: the table is its rows alone (the same rows, without the title and the column
 * headers), one snapshot running into the next; CSV drops its header line. */
static void test_noheadings(void **state)
{
	struct fixture *fx = *state;
	struct output_ctx o = { .format = OUTPUT_TABLE, .names = &fx->names, .pids = &fx->pids };
	char *with, *without, *again;
	const char *rows;
	size_t lines = 0;

	with = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	o.no_headings = 1;
	without = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	rows = strstr(with, "\nKEY");
	assert_non_null(rows);
	rows = strchr(rows + 1, '\n');
	assert_non_null(rows);
	assert_string_equal(without, rows + 1);
	for (const char *p = without; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, fx->nrows);
	again = render_ctx(fx, &o, fx->rows, fx->nrows, 1);
	assert_string_equal(again, without); /* no blank line before a later snapshot */
	free(with);
	free(without);
	free(again);
	o.format = OUTPUT_CSV;
	o.no_headings = 0;
	with = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	o.no_headings = 1;
	without = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	assert_true(strncmp(with, "time,", 5) == 0);
	assert_string_equal(without, strstr(with, "\r\n") + 2);
	free(with);
	free(without);
}

/* --time-format: the table writes each time as asked (the CHANGED column of the first row
 * shown), in a column as wide as the form; JSON and CSV keep epoch seconds whatever it says. */
static void test_time_formats(void **state)
{
	struct fixture *fx = *state;
	struct output_ctx o = { .format = OUTPUT_TABLE, .names = &fx->names, .pids = &fx->pids };
	const struct shmseg *s = &fx->snap.segs.v[fx->rows[0]];
	char want[64], *out;

	o.time_format = FIELD_TIME_ISO;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	fmt_time_iso(want, sizeof(want), s->ctime);
	assert_non_null(strstr(out, want));
	assert_non_null(strchr(want, 'T'));
	free(out);
	o.time_format = FIELD_TIME_EPOCH;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	snprintf(want, sizeof(want), " %lld ", (long long)s->ctime);
	assert_non_null(strstr(out, want));
	free(out);
	o.time_format = FIELD_TIME_RELATIVE;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	fmt_time_rel(want, sizeof(want), s->ctime, fx->snap.time);
	assert_non_null(strstr(out, want));
	free(out);
	/* CSV: epoch, as without the option */
	o.format = OUTPUT_CSV;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	snprintf(want, sizeof(want), ",%lld,", (long long)s->ctime);
	assert_non_null(strstr(out, want));
	free(out);
}

static int u64_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y) - (x > y);
}

/* The namespace label carries the inode given, shmtop_build_info the version; --prom-objects
 * keeps the per-object series of the N largest segments only, while the totals still count
 * every one; none keeps the families' headers and no object at all. */
static void test_prometheus_bound(void **state)
{
	struct fixture *fx = *state;
	struct output_ctx o = { .format = OUTPUT_PROMETHEUS, .names = &fx->names, .pids = &fx->pids,
				.ipc_ns = 4026531839, .version = "9.9" };
	static struct prom all, two;
	const struct psample *sm;
	uint64_t sizes[64], second = 0;
	char *out;
	size_t n = 0;

	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	prom_parse(out, &all);
	assert_non_null(strstr(out, "\nshmtop_build_info{ipc_namespace=\"4026531839\",version=\"9.9\"} 1\n"));
	for (size_t k = 0; k < all.n; k++)
		assert_string_equal(all.s[k].ns, "4026531839");
	free(out);
	/* the two largest of the rows, by size */
	assert_true(fx->nrows > 2 && fx->nrows <= 64);
	for (size_t i = 0; i < fx->nrows; i++)
		sizes[i] = fx->snap.segs.v[fx->rows[i]].size;
	qsort(sizes, fx->nrows, sizeof(sizes[0]), u64_desc);
	second = sizes[1];
	o.prom_bound = 2;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	prom_parse(out, &two);
	for (size_t k = 0; k < two.n; k++) {
		if (strcmp(two.s[k].name, "shmtop_segment_size_bytes") != 0)
			continue;
		n++;
		assert_true(strtoull(two.s[k].value, NULL, 10) >= second);
	}
	assert_int_equal(n, 2);
	/* the totals are the unbounded export's */
	for (size_t t = 0; t < 2; t++) {
		const char *name = t ? "shmtop_leak_suspects" : "shmtop_segments";

		sm = prom_find(&two, name, NULL);
		assert_non_null(sm);
		assert_string_equal(sm->value, prom_find(&all, name, NULL)->value);
	}
	free(out);
	o.prom_bound = -1;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	assert_non_null(strstr(out, "# TYPE shmtop_segment_size_bytes gauge\n"));
	assert_null(strstr(out, "\nshmtop_segment_size_bytes{"));
	free(out);
}

/* "POSIX shared memory in DIR - N objects, SIZE[, K shown], maps of U processes unreadable" */
static void check_posix_title(const char *line, const struct want *w, const char *dir_shown)
{
	char want[256], size[32];
	uint64_t bytes = 0;
	size_t n = w->posix->n;

	for (size_t i = 0; i < n; i++)
		bytes += fake_objs[i].stat_known ? fake_objs[i].size : 0;
	fmt_size(size, sizeof(size), bytes);
	snprintf(want, sizeof(want), "POSIX shared memory in %s - %zu object%s, %s", dir_shown, n,
		 n == 1 ? "" : "s", size);
	if (w->posix_nrows != n)
		snprintf(want + strlen(want), sizeof(want) - strlen(want), ", %zu shown",
			 w->posix_nrows);
	if (w->posix->procs_unreadable)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 ", maps of %zu processes unreadable", w->posix->procs_unreadable);
	assert_string_equal(line, want);
}

static void test_table_posix(void **state)
{
	struct fixture *fx = *state;
	struct posix_list pl;
	struct output_ctx o = { .format = OUTPUT_TABLE, .names = &fx->names, .pids = &fx->pids };
	static const uint32_t segs[3] = { 0, 2, 3 };     /* the short owner names */
	static const uint32_t fitting[7] = { 0, 1, 2, 4, 5, 7, 8 };
	char *out, *lines[32];
	size_t n;
	struct want w;

	fake_posix_list(&pl);
	o.posix = &pl;
	/* the objects whose cells all fit: every column where the header says, after the segments
	 * and an empty line */
	for (int bytes = 0; bytes < 2; bytes++) {
		o.bytes = bytes;
		o.posix_rows = fitting;
		o.posix_nrows = 7;
		out = render_ctx(fx, &o, segs, 3, 0);
		assert_clean(out, 0);
		n = split_lines(out, lines, 32);
		assert_int_equal(n, 2 + 3 + 1 + 2 + 7);
		check_summary(lines[0], &fx->snap, 3);
		check_table_rows(lines + 1, 4, &fx->snap, segs, 3, bytes, NCOLUMNS);
		assert_string_equal(lines[5], "");
		w = want_of(fx, &o);
		check_posix_title(lines[6], &w, "/dev/shm");
		check_posix_rows(lines + 7, 7, &w, bytes);
		free(out);
	}
	/* --bytes: exact sizes (the last render) */
	out = render_ctx(fx, &o, segs, 3, 0);
	assert_non_null(strstr(out, " 8192 "));
	free(out);

	/* every object and a hostile directory: nothing raw, each row starting with its name and
	 * ending with its LEAK text, the section counted in the title */
	o.bytes = 0;
	o.posix_rows = NULL;
	o.posix_dir = "/srv/\x1b]0;pwned\x07shm";
	o.stale_secs = 1;
	out = render_ctx(fx, &o, segs, 3, 0);
	assert_clean(out, 0);
	/* the setuid and sticky bits of the hostile one, as JSON and CSV show them */
	assert_non_null(strstr(out, " 5644 "));
	/* the 1021-character name whole, past the width cap, and followed by its size */
	assert_non_null(strstr(out, long_shown));
	{
		char after[1100];

		snprintf(after, sizeof(after), "%s    12B root ", long_shown);
		assert_non_null(strstr(out, after));
	}
	n = split_lines(out, lines, 32);
	assert_int_equal(n, 2 + 3 + 1 + 2 + NFAKE_OBJS);
	w = want_of(fx, &o);
	check_posix_title(lines[6], &w, "/srv/\\x1b]0;pwned\\x07shm");
	for (size_t r = 0; r < NFAKE_OBJS; r++) {
		char name[2048], leak[64];
		const char *line = lines[8 + r];

		posix_cell_text(&fake_objs[r], 0, 0, &w, name, sizeof(name));
		posix_cell_text(&fake_objs[r], 6, 0, &w, leak, sizeof(leak));
		assert_memory_equal(line, name, strlen(name));
		assert_int_equal(line[strlen(name)], ' ');
		assert_true(strlen(line) > strlen(leak) + 1);
		assert_int_equal(line[strlen(line) - strlen(leak) - 1], ' ');
		assert_string_equal(line + strlen(line) - strlen(leak), leak);
	}
	free(out);

	/* --leaks as main filters it: only the suspects written; the title says how many */
	{
		static const uint32_t suspects[3] = { 1, 3, 7 };

		o.posix_rows = suspects;
		o.posix_nrows = 3;
		o.stale_secs = 0;
		o.posix_dir = NULL;
		o.leaks = 1;
		out = render_ctx(fx, &o, segs, 0, 0);
		n = split_lines(out, lines, 32);
		assert_int_equal(n, 2 + 1 + 2 + 3);
		w = want_of(fx, &o);
		check_posix_title(lines[3], &w, "/dev/shm");
		assert_non_null(strstr(lines[3], ", 3 shown,"));
		for (size_t r = 0; r < 3; r++)
			assert_string_equal(lines[5 + r] + strlen(lines[5 + r]) - 15, " unmapped,stale");
		free(out);
	}
	/* a later snapshot: still one empty line before each section */
	out = render_ctx(fx, &o, segs, 1, 1);
	assert_memory_equal(out, "\nshmtop - ", 10);
	assert_non_null(strstr(out, "\n\nPOSIX shared memory in /dev/shm - "));
	free(out);
}

static void test_prometheus_posix(void **state)
{
	struct fixture *fx = *state;
	struct posix_list pl;
	struct output_ctx o = { .format = OUTPUT_PROMETHEUS, .names = &fx->names, .pids = &fx->pids };
	static const uint32_t some[4] = { 6, 5, 3, 1 };
	struct want w;
	char *out;

	fake_posix_list(&pl);
	o.posix = &pl;
	out = render_ctx(fx, &o, fx->rows, fx->nrows, 0);
	w = want_of(fx, &o);
	check_prom(fx, out, fx->rows, fx->nrows, &w);
	/* raw: labels name, inode, owner; the hostile name escaped twice; unknown owner empty; the
	 * unknown size and age absent */
	assert_non_null(strstr(out, "\nshmtop_posix_object_size_bytes{ipc_namespace=\"\",name=\"/shared\",inode=\"11\","
				    "owner=\"root\"} 4096\n"));
	assert_non_null(strstr(out, ",name=\"/ev\\\\x1b[1m\\\"il\\\\\\\\\\\\x0a\\\\xff\\\\xc2\\\\x9b,x\","
				    "inode=\"14\",owner=\"ev,il\\\"na\\\\\\\\me\\\\x1b[1m\"} 5368709120\n"));
	assert_non_null(strstr(out, "\nshmtop_posix_object_deleted{ipc_namespace=\"\",name=\"/gone\",inode=\"16\","
				    "owner=\"\"} 1\n"));
	assert_null(strstr(out, "shmtop_posix_object_size_bytes{ipc_namespace=\"\",name=\"/gone\",inode=\"16\""));
	assert_non_null(strstr(out, "\nshmtop_posix_objects{ipc_namespace=\"\"} 9\n"));
	assert_non_null(strstr(out, "\nshmtop_posix_bytes{ipc_namespace=\"\"} 5368791053\n"));
	assert_non_null(strstr(out, "\nshmtop_posix_leak_suspects{ipc_namespace=\"\"} 3\n"));
	free(out);

	/* a subset, another time and limit */
	o.posix_rows = some;
	o.posix_nrows = 4;
	o.now = SNAP_TIME + 200;
	o.stale_secs = 60;
	out = render_ctx(fx, &o, fx->rows, 2, 0);
	w = want_of(fx, &o);
	check_prom(fx, out, fx->rows, 2, &w);
	free(out);
	/* none written: the families and totals all the same */
	o.posix_nrows = 0;
	out = render_ctx(fx, &o, fx->rows, 0, 0);
	w = want_of(fx, &o);
	check_prom(fx, out, fx->rows, 0, &w);
	assert_non_null(strstr(out, "\nshmtop_posix_leak_suspects{ipc_namespace=\"\"} 0\n"));
	free(out);
}

/* ================================================================== outbuf */

/* ================================================================== ESC against the text \x1b */

/* A name with ESC and a name with the four characters \x1b, as owners, creators and POSIX objects:
 * every format writes them differently, each as fmt_escape has it (then in the format's own
 * quoting), and fmt_unescape of what a reader decodes gives back the original bytes. */
static void check_unescapes_to(const char *shown, const char *raw)
{
	char back[256];

	assert_int_equal(fmt_unescape(back, sizeof(back), shown), (ssize_t)strlen(raw));
	assert_string_equal(back, raw);
}

static void test_escape_distinct(void **state)
{
	struct fixture *fx = *state;
	static const char *const raw_owner[2] = { "n\x1b", "n\\x1b" };
	static const char *const raw_comm[2] = { "p\x1b", "p\\x1b" };
	static const char *const raw_name[2] = { "/o\x1b", "/o\\x1b" };
	struct output_ctx o = {
		.names = &fx->names, .pids = &fx->pids, .posix_dir = "/d\\\x1b",
	};
	struct posix_list pl;
	struct posixobj v[2];
	struct snapshot snap;
	uint32_t rows[2] = { 0, 1 };
	struct outbuf b;
	char *out;

	snapshot_init(&snap);
	snap.time = SNAP_TIME;
	snap.source = SNAPSHOT_PROC;
	snap.limits = fx->snap.limits;
	add_seg(&snap, 1, 0x100, 0600, 4096, 0, 2000, 2000, 800, 800, 0, 0, BTIME + 500, 0, 0);
	add_seg(&snap, 2, 0x101, 0600, 4096, 0, 2001, 2001, 801, 801, 0, 0, BTIME + 500, 0, 0);
	snapshot_usage_compute(&snap);
	memset(&pl, 0, sizeof(pl));
	memset(v, 0, sizeof(v));
	for (int i = 0; i < 2; i++) {
		snprintf(v[i].name, sizeof(v[i].name), "%s", raw_name[i]);
		v[i].uid = 2000 + (uint32_t)i;
		v[i].ino = 40 + (uint64_t)i;
		v[i].mtime = SNAP_TIME;
		v[i].stat_known = 1;
	}
	pl.v = v;
	pl.n = 2;
	o.posix = &pl;

	for (enum output_format fmt = OUTPUT_TABLE; fmt <= OUTPUT_PROMETHEUS; fmt++) {
		o.format = fmt;
		o.posix = fmt == OUTPUT_CSV ? NULL : &pl; /* CSV has no POSIX rows */
		outbuf_init(&b, NULL, NULL);
		output_snapshot(&b, &o, &snap, rows, 2, 0);
		assert_int_equal(outbuf_flush(&b), 0);
		out = strndup(b.p ? b.p : "", b.len);
		assert_non_null(out);
		outbuf_free(&b);
		assert_clean(out, fmt == OUTPUT_CSV);
		if (fmt == OUTPUT_TABLE) {
			/* owner, object names and the directory as fmt_escape writes them */
			assert_non_null(strstr(out, " n\\x1b "));
			assert_non_null(strstr(out, " n\\\\x1b "));
			assert_non_null(strstr(out, "\n/o\\x1b "));
			assert_non_null(strstr(out, "\n/o\\\\x1b "));
			assert_non_null(strstr(out, "POSIX shared memory in /d\\\\\\x1b - "));
		} else if (fmt == OUTPUT_JSON) {
			struct jv root;
			const struct jv *segs, *objs;

			/* the raw text: fmt_escape's \\ JSON-encoded as \\\\ */
			assert_non_null(strstr(out, "\"owner\":\"n\\\\x1b\""));
			assert_non_null(strstr(out, "\"owner\":\"n\\\\\\\\x1b\""));
			memset(&root, 0, sizeof(root));
			json_parse_line(out, &root);
			segs = jget(&root, "segments");
			objs = jget(&root, "posix");
			assert_int_equal(segs->n, 2);
			assert_int_equal(objs->n, 2);
			assert_string_equal(jget(&segs->v[0], "owner")->s, "n\\x1b");
			assert_string_equal(jget(&segs->v[1], "owner")->s, "n\\\\x1b");
			assert_string_equal(jget(&segs->v[0], "cpid_comm")->s, "p\\x1b");
			assert_string_equal(jget(&segs->v[1], "cpid_comm")->s, "p\\\\x1b");
			assert_string_equal(jget(&objs->v[0], "name")->s, "/o\\x1b");
			assert_string_equal(jget(&objs->v[1], "name")->s, "/o\\\\x1b");
			assert_string_equal(jget(&root, "shm_dir")->s, "/d\\\\\\x1b");
			for (int i = 0; i < 2; i++) {
				check_unescapes_to(jget(&segs->v[i], "owner")->s, raw_owner[i]);
				check_unescapes_to(jget(&segs->v[i], "cpid_comm")->s, raw_comm[i]);
				check_unescapes_to(jget(&segs->v[i], "lpid_comm")->s, raw_comm[i]);
				check_unescapes_to(jget(&objs->v[i], "name")->s, raw_name[i]);
				check_unescapes_to(jget(&objs->v[i], "owner")->s, raw_owner[i]);
			}
			check_unescapes_to(jget(&root, "shm_dir")->s, "/d\\\x1b");
			jv_free(&root);
		} else if (fmt == OUTPUT_CSV) {
			struct csv c;
			size_t fo = 0, fc = 0, fl = 0;

			csv_parse(out, &c);
			assert_int_equal(c.nrec, 3);
			for (size_t k = 0; k < c.nfield[0]; k++) {
				fo = strcmp(c.field[0][k], "owner") ? fo : k;
				fc = strcmp(c.field[0][k], "cpid_comm") ? fc : k;
				fl = strcmp(c.field[0][k], "lpid_comm") ? fl : k;
			}
			assert_true(fo && fc && fl);
			for (int i = 0; i < 2; i++) {
				check_unescapes_to(c.field[1 + i][fo], raw_owner[i]);
				check_unescapes_to(c.field[1 + i][fc], raw_comm[i]);
				check_unescapes_to(c.field[1 + i][fl], raw_comm[i]);
			}
			assert_string_equal(c.field[1][fo], "n\\x1b");
			assert_string_equal(c.field[2][fo], "n\\\\x1b");
			csv_free(&c);
		} else {
			struct prom *pr = calloc(1, sizeof(*pr));
			const struct psample *sm;

			assert_non_null(pr);
			/* the raw text: fmt_escape's \ and \\ written again as the format escapes */
			assert_non_null(strstr(out, "shmid=\"1\",owner=\"n\\\\x1b\"}"));
			assert_non_null(strstr(out, "shmid=\"2\",owner=\"n\\\\\\\\x1b\"}"));
			assert_non_null(strstr(out, ",name=\"/o\\\\x1b\",inode=\"40\""));
			assert_non_null(strstr(out, ",name=\"/o\\\\\\\\x1b\",inode=\"41\""));
			prom_parse(out, pr);
			for (int i = 0; i < 2; i++) {
				char id[8];

				snprintf(id, sizeof(id), "%d", 1 + i);
				sm = prom_find(pr, "shmtop_segment_size_bytes", id);
				assert_non_null(sm);
				check_unescapes_to(sm->owner, raw_owner[i]);
				sm = prom_find_posix(pr, "shmtop_posix_object_size_bytes", 40 + (uint64_t)i);
				assert_non_null(sm);
				check_unescapes_to(sm->pname, raw_name[i]);
				check_unescapes_to(sm->owner, raw_owner[i]);
			}
			free(pr);
		}
		free(out);
	}
	snapshot_free(&snap);
}

struct recorder {
	char *data;
	size_t len, cap;
	unsigned calls, fail_from;  /* calls numbered from 1; fail_from 0 = never fail */
	size_t max_chunk;
};

static int record_sink(void *ctx, const char *data, size_t len)
{
	struct recorder *r = ctx;

	r->calls++;
	assert_true(len > 0);   /* no empty writes */
	if (r->fail_from && r->calls >= r->fail_from)
		return -EIO;
	if (r->len + len > r->cap) {
		r->cap = (r->len + len) * 2;
		r->data = realloc(r->data, r->cap);
		assert_non_null(r->data);
	}
	memcpy(r->data + r->len, data, len);
	r->len += len;
	if (len > r->max_chunk)
		r->max_chunk = len;
	return 0;
}

static void test_outbuf_memory(void **state)
{
	struct outbuf b;
	char want[256];

	(void)state;
	outbuf_init(&b, NULL, NULL);
	assert_int_equal(outbuf_flush(&b), 0);   /* nothing to do */
	assert_int_equal(b.len, 0);
	outbuf_puts(&b, "ab");
	outbuf_putc(&b, 'c');
	outbuf_put(&b, "dexx", 2);
	outbuf_u64(&b, UINT64_MAX);
	outbuf_putc(&b, '|');
	outbuf_i64(&b, INT64_MIN);
	outbuf_putc(&b, '|');
	outbuf_pad(&b, "l", 4, 0);
	outbuf_putc(&b, '|');
	outbuf_pad(&b, "r", 4, 1);
	outbuf_putc(&b, '|');
	outbuf_pad(&b, "toolong", 3, 1);
	outbuf_putc(&b, '|');
	outbuf_pad(&b, "", 0, 0);
	snprintf(want, sizeof(want), "abcde%" PRIu64 "|%" PRId64 "|l   |   r|toolong|", UINT64_MAX,
		 INT64_MIN);
	assert_int_equal(b.len, strlen(want));
	assert_string_equal(b.p, want);
	/* flushing without a sink keeps everything */
	assert_int_equal(outbuf_flush(&b), 0);
	assert_string_equal(b.p, want);
	outbuf_free(&b);

	/* padding wider than any internal run of spaces */
	outbuf_init(&b, NULL, NULL);
	for (size_t w = 0; w < 200; w += 7) {
		size_t start = b.len;

		outbuf_pad(&b, "x", w, 1);
		assert_int_equal(b.len - start, w ? w : 1);
		for (size_t i = start; i + 1 < b.len; i++)
			assert_int_equal(b.p[i], ' ');
		assert_int_equal(b.p[b.len - 1], 'x');
	}
	assert_int_equal(b.err, 0);
	outbuf_free(&b);
}

/* Fill a big snapshot so the JSON runs to megabytes. */
static void big_snapshot(struct snapshot *s, size_t n)
{
	snapshot_init(s);
	s->time = SNAP_TIME;
	for (size_t i = 0; i < n; i++)
		add_seg(s, (int32_t)i, (int32_t)(i * 2654435761u), 0600, i << 12, i % 3, 0, 0, 100,
			200, BTIME + 1, BTIME + 2, BTIME + 3, (int64_t)i, 0);
	snapshot_usage_compute(s);
}

static void test_outbuf_chunks(void **state)
{
	struct fixture *fx = *state;
	struct snapshot big;
	struct output_ctx o = { .format = OUTPUT_JSON, .names = &fx->names, .pids = &fx->pids };
	struct outbuf mem, chunked;
	struct recorder rec = { 0 };
	uint32_t *rows;
	size_t n = 20000;

	big_snapshot(&big, n);
	rows = calloc(n, sizeof(*rows));
	assert_non_null(rows);
	for (size_t i = 0; i < n; i++)
		rows[i] = (uint32_t)(n - 1 - i);
	outbuf_init(&mem, NULL, NULL);
	outbuf_init(&chunked, record_sink, &rec);
	for (unsigned long k = 0; k < 3; k++) {
		o.format = k == 2 ? OUTPUT_TABLE : k ? OUTPUT_CSV : OUTPUT_JSON;
		output_snapshot(&mem, &o, &big, rows, n, k);
		output_snapshot(&chunked, &o, &big, rows, n, k);
	}
	/* one put far bigger than any chunk */
	{
		size_t len = 300000;
		char *huge = malloc(len);

		assert_non_null(huge);
		for (size_t i = 0; i < len; i++)
			huge[i] = (char)('a' + i % 26);
		outbuf_put(&mem, huge, len);
		outbuf_put(&chunked, huge, len);
		free(huge);
	}
	outbuf_puts(&mem, "end\n");
	outbuf_puts(&chunked, "end\n");
	/* nothing reached the sink that was not asked for, and the buffer stayed small */
	assert_true(rec.calls > 10);
	assert_true(chunked.cap < mem.len / 4);
	assert_int_equal(outbuf_flush(&chunked), 0);
	assert_int_equal(chunked.len, 0);
	assert_int_equal(outbuf_flush(&chunked), 0);   /* nothing left: no empty write */
	/* the same bytes, in the same order */
	assert_true(mem.len > 3000000);
	assert_int_equal(rec.len, mem.len);
	assert_memory_equal(rec.data, mem.p, mem.len);
	assert_int_equal(chunked.err, 0);
	outbuf_free(&mem);
	outbuf_free(&chunked);
	free(rec.data);
	free(rows);
	snapshot_free(&big);
}

static void test_outbuf_sink_fails(void **state)
{
	(void)state;
	for (unsigned fail_from = 1; fail_from <= 3; fail_from++) {
		struct recorder rec = { 0 };
		struct outbuf b;
		char line[100];
		unsigned calls;
		size_t len;

		rec.fail_from = fail_from;
		memset(line, 'z', sizeof(line) - 1);
		line[sizeof(line) - 1] = '\n';
		outbuf_init(&b, record_sink, &rec);
		for (int i = 0; i < 10000; i++)    /* about 1 MB */
			outbuf_put(&b, line, sizeof(line));
		/* the error is kept, and after it nothing more is sent or buffered */
		assert_int_equal(b.err, -EIO);
		assert_int_equal(rec.calls, fail_from);
		assert_true(b.len <= sizeof(line) * 1000);
		calls = rec.calls;
		len = b.len;
		outbuf_puts(&b, "more");
		outbuf_u64(&b, 42);
		assert_int_equal(b.len, len);
		assert_int_equal(outbuf_flush(&b), -EIO);
		assert_int_equal(outbuf_flush(&b), -EIO);
		assert_int_equal(b.err, -EIO);
		assert_int_equal(rec.calls, calls);
		/* what got through is a prefix of what was written */
		for (size_t i = 0; i < rec.len; i++)
			assert_int_equal(rec.data[i], line[i % sizeof(line)]);
		outbuf_free(&b);
		free(rec.data);
	}
	/* a failure on the final flush is reported by it */
	{
		struct recorder rec = { 0 };
		struct outbuf b;

		rec.fail_from = 1;
		outbuf_init(&b, record_sink, &rec);
		outbuf_puts(&b, "short");
		assert_int_equal(b.err, 0);
		assert_int_equal(rec.calls, 0);
		assert_int_equal(outbuf_flush(&b), -EIO);
		assert_int_equal(rec.calls, 1);
		outbuf_free(&b);
	}
}

/* ================================================================== misc */

static void test_format_parse(void **state)
{
	enum output_format f = OUTPUT_CSV;

	(void)state;
	assert_int_equal(output_format_parse("table", &f), 0);
	assert_int_equal(f, OUTPUT_TABLE);
	assert_int_equal(output_format_parse("json", &f), 0);
	assert_int_equal(f, OUTPUT_JSON);
	assert_int_equal(output_format_parse("csv", &f), 0);
	assert_int_equal(f, OUTPUT_CSV);
	assert_int_equal(output_format_parse("prometheus", &f), 0);
	assert_int_equal(f, OUTPUT_PROMETHEUS);
	assert_int_equal(output_format_parse("prom", &f), -EINVAL);
	assert_int_equal(output_format_parse("Prometheus", &f), -EINVAL);
	f = OUTPUT_CSV;
	assert_int_equal(output_format_parse("xml", &f), -EINVAL);
	assert_int_equal(output_format_parse("", &f), -EINVAL);
	assert_int_equal(output_format_parse("jsonl", &f), -EINVAL);
	assert_int_equal(f, OUTPUT_CSV);
	/* JSON and CSV show process names, Prometheus the leak status; the table neither */
	assert_true(output_needs_pids(OUTPUT_JSON, &kind_shm, NULL));
	assert_true(output_needs_pids(OUTPUT_CSV, &kind_shm, NULL));
	assert_true(output_needs_pids(OUTPUT_PROMETHEUS, &kind_shm, NULL));
	assert_false(output_needs_pids(OUTPUT_TABLE, &kind_shm, NULL));
	{ /* the table's columns: with LEAK, whether a creator is gone must be known */
		static const uint8_t plain[] = { SHM_F_SHMID, SHM_F_NATTCH, FIELD_NONE };
		static const uint8_t leak[] = { SHM_F_SHMID, SHM_F_LEAK, FIELD_NONE };

		assert_false(output_needs_pids(OUTPUT_TABLE, &kind_shm, plain));
		assert_true(output_needs_pids(OUTPUT_TABLE, &kind_shm, leak));
	}
}

static void test_names_cached(void **state)
{
	struct fixture *fx = *state;
	char *out;
	unsigned before;

	/* owner and group are looked up once per id, not once per row or per format */
	out = render(fx, OUTPUT_JSON, 0, 1, fx->rows, fx->nrows, 0);
	free(out);
	before = lookups;
	for (int i = 0; i <= OUTPUT_PROMETHEUS; i++) {
		out = render(fx, (enum output_format)i, 0, 1, fx->rows, fx->nrows, 0);
		free(out);
	}
	assert_int_equal(lookups, before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_subset_and_no_pids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_all_known, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_leak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_segment_leak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_attachers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_leak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_hostile_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_shmctl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_extremes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_leaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prometheus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_posix_leak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_posix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_posix_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_posix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prometheus_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_noheadings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_formats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prometheus_posix, setup, teardown),
		cmocka_unit_test(test_outbuf_memory),
		cmocka_unit_test_setup_teardown(test_outbuf_chunks, setup, teardown),
		cmocka_unit_test(test_outbuf_sink_fails),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test_setup_teardown(test_names_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape_distinct, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
