/* output.c - batch writers for table, JSON Lines, CSV (RFC 4180) and the Prometheus text
 * exposition format (version 0.0.4), segments and POSIX objects. Every string that comes from
 * outside (user, group, process and object names, the directory) goes through fmt_escape first. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "leak.h"
#include "output.h"

int output_format_parse(const char *name, enum output_format *fmt)
{
	if (strcmp(name, "table") == 0)
		*fmt = OUTPUT_TABLE;
	else if (strcmp(name, "json") == 0)
		*fmt = OUTPUT_JSON;
	else if (strcmp(name, "csv") == 0)
		*fmt = OUTPUT_CSV;
	else if (strcmp(name, "prometheus") == 0)
		*fmt = OUTPUT_PROMETHEUS;
	else
		return -EINVAL;
	return 0;
}

int output_needs_pids(enum output_format fmt)
{
	return fmt == OUTPUT_JSON || fmt == OUTPUT_CSV || fmt == OUTPUT_PROMETHEUS;
}

static int64_t ctx_now(const struct output_ctx *o, const struct snapshot *snap)
{
	return o->now ? o->now : snap->time;
}

int output_segment_leak(const struct output_ctx *o, const struct snapshot *snap,
			const struct shmseg *s, unsigned *reasons)
{
	struct leak_evidence ev = { .now = ctx_now(o, snap), .stale_secs = o->stale_secs };
	unsigned r;

	ev.creator_gone = procinfo_cache_gone(o->pids, s->cpid, s->ctime);
	if (o->evidence && s->nattch) { /* a shmtop's attachment is not use */
		struct attach_summary sum;

		attach_summarize(o->evidence, s->shmid, &sum);
		ev.shmtop_mappings = sum.shmtop_mappings;
	}
	r = leak_segment(s, &ev);

	if (reasons)
		*reasons = r;
	return leak_is_suspect(r);
}

/* fmt_escape of raw into stack (stacksize bytes) when it surely fits, else into a heap buffer
 * that the caller frees when it is not stack (a path of --shm-dir can be long; on ENOMEM the text
 * is cut short in stack instead). Sets *len. */
static char *escape_any(const char *raw, char *stack, size_t stacksize, size_t *len)
{
	size_t need = strlen(raw) * 4 + 1;  /* each byte at worst \xNN */
	char *esc = stack;

	if (need > stacksize && (esc = malloc(need)) != NULL)
		stacksize = need;
	else
		esc = stack;
	*len = fmt_escape(esc, stacksize, raw);
	return esc;
}

static size_t posix_mappers_of(const struct output_ctx *o, const struct posixobj *p,
			       size_t *first)
{
	*first = 0;
	return o->posix ? posix_find_mappers(o->posix, p->dev, p->ino, first) : 0;
}

int output_posix_leak(const struct output_ctx *o, const struct snapshot *snap,
		      const struct posixobj *p, unsigned *reasons)
{
	size_t first, n = posix_mappers_of(o, p, &first);
	/* an unlinked object is freed with its last mapping: it cannot leak */
	unsigned r = p->deleted ? 0 : leak_posix_reasons(n, p->mtime, ctx_now(o, snap),
							 o->stale_secs ? o->stale_secs :
							 LEAK_STALE_DEFAULT);

	if (reasons)
		*reasons = r;
	return leak_is_suspect(r);
}

/* How many POSIX objects are written, and the i-th of them. */
static size_t posix_nrows(const struct output_ctx *o)
{
	return o->posix_rows ? o->posix_nrows : o->posix->n;
}

static const struct posixobj *posix_row(const struct output_ctx *o, size_t i)
{
	return &o->posix->v[o->posix_rows ? o->posix_rows[i] : i];
}

/* ------------------------------------------------------------------ table */

/* RSS and SWAP: human sizes fit 7 columns; --bytes needs as many as SIZE has. */
#define MEM_WIDTH(o) ((o)->bytes ? 12 : 7)

/* Only /proc/sysvipc/shm reports rss and swap: the table that reads shmctl has no such columns.
 * By the request, not the snapshot's source, so the columns do not come and go with a fallback
 * (they show "-" when the values are unknown). */
static int table_has_mem(const struct output_ctx *o)
{
	return !o->no_mem_columns;
}

static void table_header(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			 size_t nrows)
{
	char when[FMT_TIME_LEN], size[16];

	fmt_time_abs(when, sizeof(when), snap->time);
	fmt_size(size, sizeof(size), snap->usage.bytes);
	outbuf_puts(b, "shmtop - ");
	outbuf_puts(b, when);
	outbuf_puts(b, " - ");
	outbuf_u64(b, snap->usage.segments);
	outbuf_puts(b, snap->usage.segments == 1 ? " segment, " : " segments, ");
	outbuf_puts(b, size);
	if (nrows != snap->segs.n) {
		outbuf_puts(b, ", ");
		outbuf_u64(b, nrows);
		outbuf_puts(b, " shown");
	}
	outbuf_puts(b, ", source ");
	outbuf_puts(b, snapshot_source_name(snap->source));
	outbuf_putc(b, '\n');
	outbuf_puts(b, "KEY        ");
	outbuf_pad(b, "SHMID", 10, 1);
	outbuf_puts(b, " OWNER      PERMS ");
	outbuf_pad(b, "SIZE", o->bytes ? 12 : 6, 1);
	outbuf_puts(b, " NATTCH STATUS         CPID    LPID ATTACHED            DETACHED            "
		       "CHANGED");
	if (table_has_mem(o) || o->leaks)
		outbuf_puts(b, "            "); /* CHANGED is 19 wide */
	if (table_has_mem(o)) {
		outbuf_putc(b, ' ');
		outbuf_pad(b, "RSS", MEM_WIDTH(o), 1);
		outbuf_putc(b, ' ');
		outbuf_pad(b, "SWAP", MEM_WIDTH(o), 1);
	}
	if (o->leaks)
		outbuf_puts(b, " LEAK");
	outbuf_putc(b, '\n');
}

/* A table row is assembled in one stack buffer and appended once. */
struct row {
	char *p, *end;
};

static inline void row_put(struct row *r, const char *s, size_t n)
{
	if (n > (size_t)(r->end - r->p))
		n = (size_t)(r->end - r->p);
	memcpy(r->p, s, n);
	r->p += n;
}

/* The last human size of one column: consecutive rows often repeat it (one-page segments,
 * rss 0, swap 0). */
struct size_cell {
	uint64_t v;
	size_t len;               /* 0: nothing cached yet */
	char text[16];
};

/* What consecutive rows share: the time cache, the last owner's escaped name, the last human
 * sizes and the status texts. */
struct row_cache {
	struct fmt_timecache time;
	uint32_t owner_uid;
	size_t owner_len;
	char owner[NAMES_MAX * 4 + 1];
	struct size_cell size, rss, swap;
	size_t status_len[8];     /* by the SHM_DEST and SHM_LOCKED bits and hugetlb; 0: not yet */
	char status[8][24];
};

/* A segment row is written in place in the output buffer, which has room for the widest row
 * plus ROW_SLACK: cells are stored with fixed-size copies (a run of spaces, a block of digits)
 * and the pointer moves by what counts. These rows are most of what `shmtop -b` does in user
 * space, tens of thousands of them per snapshot. */
#define ROW_SLACK 32
#define ROW_ROOM 1024  /* the widest row is about 560 bytes: a 256-byte owner, 20-digit numbers */

static const char row_spaces[ROW_SLACK + 1] = "                                ";

/* n spaces; the room must have ROW_SLACK bytes past them. */
static inline char *put_pad(char *p, size_t n)
{
	for (; n > ROW_SLACK; n -= ROW_SLACK, p += ROW_SLACK) /* only POSIX names are that wide */
		memcpy(p, row_spaces, ROW_SLACK);
	memcpy(p, row_spaces, ROW_SLACK);
	return p + n;
}

/* s (n bytes) padded to width, right-aligned or not, then one space. */
static inline char *put_cell(char *p, const char *s, size_t n, size_t width, int right)
{
	size_t pad = n < width ? width - n : 0;

	if (right)
		p = put_pad(p, pad);
	memcpy(p, s, n);
	p += n;
	if (!right)
		p = put_pad(p, pad);
	*p++ = ' ';
	return p;
}

/* v right-aligned in width, then one space. */
static inline char *put_num(char *p, uint64_t v, size_t width)
{
	char tmp[2 * 24], *end = tmp + 24, *q = end;
	size_t n;

	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	n = (size_t)(end - q);
	p = put_pad(p, n < width ? width - n : 0);
	memcpy(p, q, 24); /* the digits and what follows them in tmp: only n bytes count */
	p += n;
	*p++ = ' ';
	return p;
}

static inline char *put_time(char *p, struct fmt_timecache *c, int64_t t)
{
	const char *prefix = fmt_timecache_prefix(c, t);
	char buf[FMT_TIME_LEN];
	int sec = (int)(t % 60);

	if (!prefix) { /* "-", or a zone fmt_timecache cannot serve */
		fmt_time_abs(buf, sizeof(buf), t);
		return put_cell(p, buf, strlen(buf), FMT_TIME_LEN - 1, 0);
	}
	memcpy(p, prefix, FMT_TIME_PREFIX_LEN);
	p[FMT_TIME_PREFIX_LEN] = (char)('0' + sec / 10);
	p[FMT_TIME_PREFIX_LEN + 1] = (char)('0' + sec % 10);
	p[FMT_TIME_PREFIX_LEN + 2] = ' ';
	return p + FMT_TIME_LEN;
}

/* A size, rss or swap cell: bytes with --bytes, else human (fmt_size, through the cell's cache). */
static char *put_size(char *p, const struct output_ctx *o, struct size_cell *c, uint64_t v,
		      size_t width)
{
	if (o->bytes)
		return put_num(p, v, width);
	if (!c->len || c->v != v) {
		fmt_size(c->text, sizeof(c->text), v);
		c->len = strlen(c->text);
		c->v = v;
	}
	return put_cell(p, c->text, c->len, width, 1);
}

/* rss or swap: "-" when unknown. */
static char *put_mem(char *p, const struct output_ctx *o, struct size_cell *c, int64_t v)
{
	if (v < 0)
		return put_cell(p, "-", 1, MEM_WIDTH(o), 1);
	return put_size(p, o, c, (uint64_t)v, MEM_WIDTH(o));
}

/* The OWNER cell, through the cache of the last owner's escaped name. */
static char *put_owner(char *p, const struct output_ctx *o, struct row_cache *tc, uint32_t uid)
{
	if (uid != tc->owner_uid || !tc->owner_len) {
		tc->owner_len = fmt_escape(tc->owner, sizeof(tc->owner), names_user(o->names, uid));
		tc->owner_uid = uid;
	}
	return put_cell(p, tc->owner, tc->owner_len, 10, 0);
}

/* The leak reasons, or "-"; the last cell of a row. */
static char *put_leak(char *p, unsigned reasons)
{
	char buf[128];

	if (!reasons)
		return put_cell(p, "-", 1, 0, 0);
	return put_cell(p, buf, leak_format(reasons, buf, sizeof(buf)), 0, 0);
}

/* Close a row built at line and ending at p: trim the last cell's space (and its padding when
 * it is left-aligned), end the line, keep it. */
static void row_end(struct outbuf *b, char *line, char *p)
{
	while (p > line && p[-1] == ' ')
		p--;
	*p++ = '\n';
	outbuf_commit(b, (size_t)(p - line));
}

static void table_row(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		      const struct shmseg *s, struct row_cache *tc)
{
	char *line = outbuf_room(b, ROW_ROOM), *p = line;
	unsigned st = (s->mode & SHMSEG_MODE_DEST ? 1u : 0u) | (s->mode & SHMSEG_MODE_LOCKED ? 2u : 0u) |
		      (s->huge_page > 0 ? 4u : 0u);

	if (!line)
		return; /* out of memory or the sink failed: outbuf keeps the error */
	fmt_key(p, s->key);
	p[FMT_KEY_LEN - 1] = ' ';
	p += FMT_KEY_LEN;
	p = put_num(p, (uint64_t)s->shmid, 10);
	p = put_owner(p, o, tc, s->uid);
	fmt_perms_octal(p, s->mode);
	memcpy(p + 4, "  ", 2);
	p += 6;
	p = put_size(p, o, &tc->size, s->size, o->bytes ? 12 : 6);
	p = put_num(p, s->nattch, 6);
	if (!tc->status_len[st]) {
		fmt_status(tc->status[st], sizeof(tc->status[st]), s->mode, s->huge_page);
		tc->status_len[st] = strlen(tc->status[st]);
	}
	p = put_cell(p, tc->status[st], tc->status_len[st], 11, 0);
	p = put_num(p, (uint64_t)s->cpid, 7);
	p = put_num(p, (uint64_t)s->lpid, 7);
	p = put_time(p, &tc->time, s->atime);
	p = put_time(p, &tc->time, s->dtime);
	p = put_time(p, &tc->time, s->ctime);
	if (table_has_mem(o)) {
		p = put_mem(p, o, &tc->rss, s->rss);
		p = put_mem(p, o, &tc->swap, s->swap);
	}
	if (o->leaks) {
		unsigned reasons;

		p = put_leak(p, output_segment_leak(o, snap, s, &reasons) ? reasons : 0);
	}
	row_end(b, line, p);
}

#define POSIX_NAME_WIDTH_MAX 48     /* longer names push the row's later columns right */
#define POSIX_DELETED " (deleted)"

/* The name cell: escaped, and marked when unlinked. Returns its length. */
static size_t posix_name_cell(const struct posixobj *p, char *buf, size_t size)
{
	size_t n = fmt_escape(buf, size - sizeof(POSIX_DELETED) + 1, p->name);

	if (p->deleted) {
		memcpy(buf + n, POSIX_DELETED, sizeof(POSIX_DELETED));
		n += sizeof(POSIX_DELETED) - 1;
	}
	return n;
}

/* The second section: "POSIX shared memory in DIR - N objects, SIZE", then NAME SIZE OWNER MODE
 * MTIME MAPPERS LEAK. Unknown values (a deleted object whose inode was out of reach) are "-". */
static void table_posix(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			struct row_cache *tc)
{
	const struct posix_list *l = o->posix;
	size_t nrows = posix_nrows(o), width = 4, len;
	char name[POSIX_NAME_MAX * 4 + sizeof(POSIX_DELETED)], buf[NAMES_MAX * 4 + 1], *dir;
	/* the widest row: its name, an owner, the narrow cells and the leak reasons */
	const size_t room = sizeof(name) + sizeof(tc->owner) + 256 + ROW_SLACK;
	uint64_t bytes = 0;

	for (size_t i = 0; i < l->n; i++)
		bytes += l->v[i].stat_known ? l->v[i].size : 0;
	for (size_t i = 0; i < nrows; i++) {
		len = posix_name_cell(posix_row(o, i), name, sizeof(name));
		if (len > width)
			width = len < POSIX_NAME_WIDTH_MAX ? len : POSIX_NAME_WIDTH_MAX;
	}
	dir = escape_any(o->posix_dir ? o->posix_dir : "/dev/shm", name, sizeof(name), &len);
	outbuf_puts(b, "\nPOSIX shared memory in ");
	outbuf_put(b, dir, len);
	if (dir != name)
		free(dir);
	outbuf_puts(b, " - ");
	outbuf_u64(b, l->n);
	outbuf_puts(b, l->n == 1 ? " object, " : " objects, ");
	fmt_size(buf, sizeof(buf), bytes);
	outbuf_puts(b, buf);
	if (nrows != l->n) {
		outbuf_puts(b, ", ");
		outbuf_u64(b, nrows);
		outbuf_puts(b, " shown");
	}
	if (l->procs_unreadable) {
		outbuf_puts(b, ", maps of ");
		outbuf_u64(b, l->procs_unreadable);
		outbuf_puts(b, l->procs_unreadable == 1 ? " process unreadable" :
			    " processes unreadable");
	}
	outbuf_putc(b, '\n');
	outbuf_pad(b, "NAME", width, 0);
	outbuf_putc(b, ' ');
	outbuf_pad(b, "SIZE", o->bytes ? 12 : 6, 1);
	outbuf_puts(b, " OWNER      MODE MTIME               MAPPERS LEAK\n");

	for (size_t i = 0; i < nrows; i++) {
		const struct posixobj *p = posix_row(o, i);
		char *line = outbuf_room(b, room), *q = line;
		size_t first, nmap = posix_mappers_of(o, p, &first);
		unsigned reasons;

		if (!line)
			return; /* out of memory or the sink failed: outbuf keeps the error */
		q = put_cell(q, name, posix_name_cell(p, name, sizeof(name)), width, 0);
		if (p->stat_known) {
			q = put_size(q, o, &tc->size, p->size, o->bytes ? 12 : 6);
			q = put_owner(q, o, tc, p->uid);
			snprintf(buf, sizeof(buf), "%04o", (unsigned)(p->mode & 07777));
			q = put_cell(q, buf, 4, 4, 0);
			q = put_time(q, &tc->time, p->mtime);
		} else {
			q = put_cell(q, "-", 1, o->bytes ? 12 : 6, 1);
			q = put_cell(q, "-", 1, 10, 0);
			q = put_cell(q, "-", 1, 4, 0);
			q = put_cell(q, "-", 1, FMT_TIME_LEN - 1, 0);
		}
		q = put_num(q, nmap, 7);
		output_posix_leak(o, snap, p, &reasons);
		q = put_leak(q, reasons);
		row_end(b, line, q);
	}
}

/* ------------------------------------------------------------------ json */

static void json_str(struct outbuf *b, const char *raw)
{
	char stack[POSIX_NAME_MAX * 4], *esc;
	const char *p;
	size_t len;

	p = esc = escape_any(raw, stack, sizeof(stack), &len);
	outbuf_putc(b, '"');
	for (const char *q = p; *q; q++) {
		if (*q == '"' || *q == '\\') {
			outbuf_put(b, p, (size_t)(q - p));
			outbuf_putc(b, '\\');
			p = q;
		}
	}
	outbuf_puts(b, p);
	outbuf_putc(b, '"');
	if (esc != stack)
		free(esc);
}

/* A member's key with its comma and colon, as one constant string and its length, so a member
 * costs one copy of known size: KEY("shmid") is ",\"shmid\":", 9; FIRST_KEY has no comma. */
#define KEY(name) ",\"" name "\":", sizeof(",\"" name "\":") - 1
#define FIRST_KEY(name) "\"" name "\":", sizeof("\"" name "\":") - 1

static inline void json_key(struct outbuf *b, const char *key, size_t len)
{
	outbuf_put(b, key, len);
}

static void json_int(struct outbuf *b, const char *key, size_t len, int64_t v, int nullable)
{
	json_key(b, key, len);
	if (nullable && v < 0)
		outbuf_put(b, "null", 4);
	else
		outbuf_i64(b, v);
}

/* Sizes and counts are unsigned 64-bit: never printed as negative numbers. */
static void json_u64(struct outbuf *b, const char *key, size_t len, uint64_t v)
{
	json_key(b, key, len);
	outbuf_u64(b, v);
}

static void json_limit(struct outbuf *b, const char *key, size_t len, uint64_t v)
{
	json_key(b, key, len);
	if (v == SHM_LIMIT_UNKNOWN)
		outbuf_put(b, "null", 4);
	else
		outbuf_u64(b, v);
}

static void json_bool(struct outbuf *b, const char *key, size_t len, int v)
{
	json_key(b, key, len);
	if (v)
		outbuf_put(b, "true", 4);
	else
		outbuf_put(b, "false", 5);
}

/* A process is named only while it is the one the segment knew: a dead pid, or one the kernel
 * reused for a newer process, is reported as gone with no name. */
static void json_pid(struct outbuf *b, const struct output_ctx *o, int creator, int32_t pid,
		     int64_t since)
{
	const struct procinfo *pi = o->pids ? procinfo_cache_find(o->pids, pid) : NULL;
	int gone = procinfo_gone_since(pi, since);

	if (creator)
		json_int(b, KEY("cpid"), pid, 0);
	else
		json_int(b, KEY("lpid"), pid, 0);
	outbuf_puts(b, creator ? ",\"cpid_comm\":" : ",\"lpid_comm\":");
	if (pi && pi->comm[0] && !gone)
		json_str(b, pi->comm);
	else
		outbuf_puts(b, "null");
	outbuf_puts(b, creator ? ",\"cpid_alive\":" : ",\"lpid_alive\":");
	if (pid <= 0 || (!pi && !o->pids))
		outbuf_puts(b, pid <= 0 ? "false" : "null");
	else
		outbuf_puts(b, gone ? "false" : "true");
}

static int64_t last_use(const struct shmseg *s)
{
	int64_t t = s->atime > s->dtime ? s->atime : s->dtime;

	return t > s->ctime ? t : s->ctime;
}

/* "leak":{"suspect":true,"reasons":["orphan","creator-gone"]} */
static void json_leak_of(struct outbuf *b, int suspect, unsigned reasons)
{
	const char *names[LEAK_NREASONS];
	size_t n = leak_reason_list(reasons, names, LEAK_NREASONS);

	json_key(b, KEY("leak"));
	outbuf_puts(b, suspect ? "{\"suspect\":true,\"reasons\":[" : "{\"suspect\":false,\"reasons\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			outbuf_putc(b, ',');
		outbuf_putc(b, '"');
		outbuf_puts(b, names[i]);
		outbuf_putc(b, '"');
	}
	outbuf_puts(b, "]}");
}

static void json_leak(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		      const struct shmseg *s)
{
	unsigned reasons;
	int suspect = output_segment_leak(o, snap, s, &reasons);

	json_leak_of(b, suspect, reasons);
}

static void json_hex(struct outbuf *b, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[2 + 16];
	size_t n = sizeof(buf);

	do {
		buf[--n] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	buf[--n] = 'x';
	buf[--n] = '0';
	outbuf_putc(b, '"');
	outbuf_put(b, buf + n, sizeof(buf) - n);
	outbuf_putc(b, '"');
}

/* "pid":..,"comm":"..","uid":..,"addr":"0x..","length":..,"access":"r--s","count":1 (no braces):
 * one process's mappings of a segment (attachers) or of a POSIX object (mappers). With
 * uid_nullable, an unknown uid ((uint32_t)-1) is written as null. */
static void json_mapping_fields(struct outbuf *b, int32_t pid, const char *comm, uint32_t uid,
				int uid_nullable, uint64_t addr, uint64_t length, const char *access,
				unsigned count)
{
	outbuf_puts(b, "\"pid\":");
	outbuf_i64(b, pid);
	json_key(b, KEY("comm"));
	json_str(b, comm);
	json_int(b, KEY("uid"), uid_nullable && uid == (uint32_t)-1 ? -1 : (int64_t)uid, uid_nullable);
	json_key(b, KEY("addr"));
	json_hex(b, addr);
	json_key(b, KEY("length"));
	outbuf_u64(b, length);
	json_key(b, KEY("access"));
	json_str(b, access);
	json_key(b, KEY("count"));
	outbuf_u64(b, count);
}

static void json_mapping(struct outbuf *b, int32_t pid, const char *comm, uint32_t uid,
			 int uid_nullable, uint64_t addr, uint64_t length, const char *access,
			 unsigned count)
{
	outbuf_putc(b, '{');
	json_mapping_fields(b, pid, comm, uid, uid_nullable, addr, length, access, count);
	outbuf_putc(b, '}');
}

/* "attachers":[{"pid":..,"comm":"..","uid":..,"addr":"0x..","length":..,"access":"r--s",
 * "count":2,"shmtop":false,"mappings":[{"addr":"0x..","length":..,"access":"r--s"},...]},...],
 * "attachers_visible":M. One object per process; count is its mappings (what nattch counts),
 * listed each with its own access; addr and length outside the list are the first (lowest)
 * mapping's, access "rw-s" when any mapping is writable. attachers_visible counts the mappings
 * of processes that are not shmtop. */
static void json_attachers(struct outbuf *b, const struct attach_list *l, const struct shmseg *s)
{
	size_t first = 0, n = attach_find(l, s->shmid, &first), end = first + n;
	uint64_t visible = 0;

	json_key(b, KEY("attachers"));
	outbuf_putc(b, '[');
	for (size_t i = first; i < end;) {
		const struct attacher *a = &l->v[i];
		size_t run = attach_pid_run(l, i, end);

		if (i > first)
			outbuf_putc(b, ',');
		char access[5];

		/* the process's access, as before the list: "rw-s" when any mapping is writable */
		memcpy(access, a->access, sizeof(access));
		for (size_t k = i; k < i + run; k++)
			if (l->v[k].access[1] == 'w')
				access[1] = 'w';
		outbuf_putc(b, '{');
		json_mapping_fields(b, a->pid, a->comm, a->uid, 0, a->addr, a->length, access,
				    (unsigned)run);
		json_bool(b, KEY("shmtop"), a->shmtop);
		json_key(b, KEY("mappings"));
		outbuf_putc(b, '[');
		for (size_t k = i; k < i + run; k++) {
			outbuf_puts(b, k > i ? ",{\"addr\":" : "{\"addr\":");
			json_hex(b, l->v[k].addr);
			json_key(b, KEY("length"));
			outbuf_u64(b, l->v[k].length);
			json_key(b, KEY("access"));
			json_str(b, l->v[k].access);
			outbuf_putc(b, '}');
		}
		outbuf_puts(b, "]}");
		if (!a->shmtop)
			visible += run;
		i += run;
	}
	outbuf_putc(b, ']');
	/* the kernel's nattch counts mappings: nattch above attachers_visible (plus shmtop's own)
	 * means some attachers are hidden from us */
	json_key(b, KEY("attachers_visible"));
	outbuf_u64(b, visible);
}

static void json_segment(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			 const struct shmseg *s)
{
	char buf[FMT_KEY_LEN];

	outbuf_puts(b, "{\"key\":\"");
	fmt_key(buf, s->key);
	outbuf_puts(b, buf);
	outbuf_putc(b, '"');
	json_int(b, KEY("shmid"), s->shmid, 0);
	json_key(b, KEY("perms"));
	fmt_perms_octal(buf, s->mode);
	outbuf_putc(b, '"');
	outbuf_puts(b, buf);
	outbuf_putc(b, '"');
	json_u64(b, KEY("size"), s->size);
	json_u64(b, KEY("nattch"), s->nattch);
	json_bool(b, KEY("dest"), (s->mode & SHMSEG_MODE_DEST) != 0);
	json_bool(b, KEY("locked"), (s->mode & SHMSEG_MODE_LOCKED) != 0);
	json_int(b, KEY("uid"), s->uid, 0);
	json_int(b, KEY("gid"), s->gid, 0);
	json_int(b, KEY("cuid"), s->cuid, 0);
	json_int(b, KEY("cgid"), s->cgid, 0);
	json_key(b, KEY("owner"));
	json_str(b, names_user(o->names, s->uid));
	json_key(b, KEY("group"));
	json_str(b, names_group(o->names, s->gid));
	json_pid(b, o, 1, s->cpid, s->ctime);
	json_pid(b, o, 0, s->lpid, last_use(s));
	json_int(b, KEY("atime"), s->atime, 0);
	json_int(b, KEY("dtime"), s->dtime, 0);
	json_int(b, KEY("ctime"), s->ctime, 0);
	json_int(b, KEY("rss"), s->rss, 1);
	json_int(b, KEY("swap"), s->swap, 1);
	json_int(b, KEY("huge_page_size"), s->huge_page, 1);
	json_leak(b, o, snap, s);
	if (o->attachers)
		json_attachers(b, o->attachers, s);
	outbuf_putc(b, '}');
}

/* "mappers":[{"pid":..,"comm":"..","uid":..,"addr":"0x..","length":..,"access":"rw-s",
 * "count":1},...]: the attachers' shape; uid null when unknown */
static void json_posix_mappers(struct outbuf *b, const struct output_ctx *o,
			       const struct posixobj *p)
{
	size_t first, n = posix_mappers_of(o, p, &first);

	json_key(b, KEY("mappers"));
	outbuf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		const struct posix_mapper *m = &o->posix->m[first + i];

		if (i)
			outbuf_putc(b, ',');
		json_mapping(b, m->pid, m->comm, m->uid, 1, m->addr, m->length, m->access, m->count);
	}
	outbuf_putc(b, ']');
}

/* {"name":"/shared","size":..,"uid":..,"gid":..,"owner":"..","group":"..","mode":"0666",
 * "mtime":..,"deleted":false,"mappers":[...],"leak":{...}}; the stat fields null when unknown */
static void json_posix_object(struct outbuf *b, const struct output_ctx *o,
			      const struct snapshot *snap, const struct posixobj *p)
{
	unsigned reasons;
	int suspect = output_posix_leak(o, snap, p, &reasons), known = p->stat_known;
	char mode[8];

	outbuf_puts(b, "{\"name\":");
	json_str(b, p->name);
	json_int(b, KEY("size"), known ? (int64_t)p->size : -1, 1);
	json_int(b, KEY("uid"), known ? (int64_t)p->uid : -1, 1);
	json_int(b, KEY("gid"), known ? (int64_t)p->gid : -1, 1);
	json_key(b, KEY("owner"));
	if (known)
		json_str(b, names_user(o->names, p->uid));
	else
		outbuf_puts(b, "null");
	json_key(b, KEY("group"));
	if (known)
		json_str(b, names_group(o->names, p->gid));
	else
		outbuf_puts(b, "null");
	json_key(b, KEY("mode"));
	if (known) {
		snprintf(mode, sizeof(mode), "\"%04o\"", (unsigned)(p->mode & 07777));
		outbuf_puts(b, mode);
	} else {
		outbuf_puts(b, "null");
	}
	json_key(b, KEY("mtime"));
	if (known)
		outbuf_i64(b, p->mtime);
	else
		outbuf_puts(b, "null");
	json_bool(b, KEY("deleted"), p->deleted != 0);
	json_posix_mappers(b, o, p);
	json_leak_of(b, suspect, reasons);
	outbuf_putc(b, '}');
}

static void json_posix(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap)
{
	size_t n = posix_nrows(o);

	json_key(b, KEY("posix"));
	outbuf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			outbuf_putc(b, ',');
		json_posix_object(b, o, snap, posix_row(o, i));
	}
	outbuf_putc(b, ']');
	json_key(b, KEY("shm_dir"));
	json_str(b, o->posix_dir ? o->posix_dir : "/dev/shm");
	json_int(b, KEY("posix_procs_unreadable"), (int64_t)o->posix->procs_unreadable, 0);
}

static void json_snapshot(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			  const uint32_t *rows, size_t nrows)
{
	const struct shm_limits *l = &snap->limits;
	const struct shm_usage *u = &snap->usage;

	outbuf_puts(b, "{\"version\":");
	outbuf_u64(b, OUTPUT_JSON_VERSION);
	json_int(b, KEY("time"), snap->time, 0);
	json_key(b, KEY("source"));
	json_str(b, snapshot_source_name(snap->source));
	json_key(b, KEY("limits"));
	outbuf_putc(b, '{');
	json_limit(b, FIRST_KEY("shmmax"), l->shmmax);
	json_limit(b, KEY("shmall"), l->shmall);
	json_limit(b, KEY("shmmni"), l->shmmni);
	json_limit(b, KEY("shmmin"), l->shmmin);
	json_limit(b, KEY("shm_rmid_forced"), l->shm_rmid_forced);
	json_limit(b, KEY("page_size"), l->page_size);
	outbuf_putc(b, '}');
	json_key(b, KEY("usage"));
	outbuf_putc(b, '{');
	json_key(b, FIRST_KEY("segments"));
	outbuf_u64(b, u->segments);
	json_u64(b, KEY("bytes"), u->bytes);
	json_u64(b, KEY("largest"), u->largest);
	json_int(b, KEY("attached"), (int64_t)u->attached, 0);
	json_int(b, KEY("unattached"), (int64_t)u->unattached, 0);
	json_int(b, KEY("dest"), (int64_t)u->dest, 0);
	json_int(b, KEY("locked"), (int64_t)u->locked, 0);
	json_int(b, KEY("rss"), u->rss, 1);
	json_int(b, KEY("swap"), u->swap, 1);
	outbuf_putc(b, '}');
	json_int(b, KEY("malformed_lines"), (int64_t)snap->malformed, 0);
	json_key(b, KEY("segments"));
	outbuf_putc(b, '[');
	for (size_t i = 0; i < nrows; i++) {
		if (i)
			outbuf_putc(b, ',');
		json_segment(b, o, snap, &snap->segs.v[rows[i]]);
	}
	outbuf_putc(b, ']');
	if (o->posix)
		json_posix(b, o, snap);
	outbuf_puts(b, "}\n");
}

/* ------------------------------------------------------------------ csv */

static const char csv_header[] =
	"time,key,shmid,perms,size,nattch,dest,locked,uid,gid,cuid,cgid,owner,group,"
	"cpid,cpid_comm,cpid_alive,lpid,lpid_comm,lpid_alive,atime,dtime,ctime,rss,swap,"
	"leak_suspect,leak_reasons,huge_page_size\r\n";

/* RFC 4180: quote when the field has a comma, quote or line break; double inner quotes. */
static void csv_str(struct outbuf *b, const char *raw)
{
	char esc[PROCINFO_COMM_MAX * 4 + NAMES_MAX * 4];
	const char *p;

	fmt_escape(esc, sizeof(esc), raw);
	if (!strpbrk(esc, ",\"\r\n")) {
		outbuf_puts(b, esc);
		return;
	}
	outbuf_putc(b, '"');
	for (p = esc; *p; p++) {
		if (*p == '"')
			outbuf_putc(b, '"');
		outbuf_putc(b, *p);
	}
	outbuf_putc(b, '"');
}

static void csv_num(struct outbuf *b, int64_t v, int nullable)
{
	outbuf_putc(b, ',');
	if (!(nullable && v < 0))
		outbuf_i64(b, v);
}

static void csv_pid(struct outbuf *b, const struct output_ctx *o, int32_t pid, int64_t since)
{
	const struct procinfo *pi = o->pids ? procinfo_cache_find(o->pids, pid) : NULL;

	int gone = procinfo_gone_since(pi, since);

	csv_num(b, pid, 0);
	outbuf_putc(b, ',');
	if (pi && pi->comm[0] && !gone)
		csv_str(b, pi->comm);
	outbuf_putc(b, ',');
	if (pid <= 0)
		outbuf_puts(b, "false");
	else if (pi || o->pids)
		outbuf_puts(b, gone ? "false" : "true");
}

/* ",true,orphan;creator-gone": the JSON leak object, reasons joined by ';' (never quoted). */
static void csv_leak(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		     const struct shmseg *s)
{
	const char *names[LEAK_NREASONS];
	unsigned reasons;
	size_t n;

	outbuf_puts(b, output_segment_leak(o, snap, s, &reasons) ? ",true," : ",false,");
	n = leak_reason_list(reasons, names, LEAK_NREASONS);
	for (size_t i = 0; i < n; i++) {
		if (i)
			outbuf_putc(b, ';');
		outbuf_puts(b, names[i]);
	}
}

static void csv_row(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		    const struct shmseg *s)
{
	char buf[FMT_KEY_LEN];

	outbuf_i64(b, snap->time);
	outbuf_putc(b, ',');
	fmt_key(buf, s->key);
	outbuf_puts(b, buf);
	csv_num(b, s->shmid, 0);
	outbuf_putc(b, ',');
	fmt_perms_octal(buf, s->mode);
	outbuf_puts(b, buf);
	outbuf_putc(b, ',');
	outbuf_u64(b, s->size);
	outbuf_putc(b, ',');
	outbuf_u64(b, s->nattch);
	outbuf_puts(b, s->mode & SHMSEG_MODE_DEST ? ",true" : ",false");
	outbuf_puts(b, s->mode & SHMSEG_MODE_LOCKED ? ",true" : ",false");
	csv_num(b, s->uid, 0);
	csv_num(b, s->gid, 0);
	csv_num(b, s->cuid, 0);
	csv_num(b, s->cgid, 0);
	outbuf_putc(b, ',');
	csv_str(b, names_user(o->names, s->uid));
	outbuf_putc(b, ',');
	csv_str(b, names_group(o->names, s->gid));
	csv_pid(b, o, s->cpid, s->ctime);
	csv_pid(b, o, s->lpid, last_use(s));
	csv_num(b, s->atime, 0);
	csv_num(b, s->dtime, 0);
	csv_num(b, s->ctime, 0);
	csv_num(b, s->rss, 1);
	csv_num(b, s->swap, 1);
	csv_leak(b, o, snap, s);
	csv_num(b, s->huge_page, 1);
	outbuf_puts(b, "\r\n");
}

/* ------------------------------------------------------------------ prometheus */

/* Label values: fmt_escape first (control bytes become the text \xNN, so no newline is left),
 * then the exposition format's escapes for backslash and double quote. */
static size_t prom_escape(char *out, size_t size, const char *raw)
{
	char esc[POSIX_NAME_MAX * 4];
	size_t n = 0;

	fmt_escape(esc, sizeof(esc), raw);
	for (const char *p = esc; *p && n + 2 < size; p++) {
		if (*p == '\\' || *p == '"')
			out[n++] = '\\';
		out[n++] = *p;
	}
	out[n] = '\0';
	return n;
}

/* {key="0x00002537",shmid="0",owner="root"} and one space, built once per row and family; the
 * owner's escaped name is kept while consecutive rows share it. */
struct prom_labels {
	uint32_t owner_uid;
	size_t owner_len;
	char owner[NAMES_MAX * 8 + 1];
};

static void prom_series(struct outbuf *b, const struct output_ctx *o, const struct shmseg *s,
			struct prom_labels *pl, const char *name)
{
	char line[128 + sizeof(pl->owner)], num[FMT_U64_LEN];
	struct row r = { line, line + sizeof(line) };

	if (s->uid != pl->owner_uid || !pl->owner_len) {
		pl->owner_len = prom_escape(pl->owner, sizeof(pl->owner), names_user(o->names, s->uid));
		pl->owner_uid = s->uid;
	}
	row_put(&r, name, strlen(name));
	row_put(&r, "{key=\"", 6);
	fmt_key(num, s->key);
	row_put(&r, num, FMT_KEY_LEN - 1);
	row_put(&r, "\",shmid=\"", 9);
	row_put(&r, num, fmt_i64(num, s->shmid));
	row_put(&r, "\",owner=\"", 9);
	row_put(&r, pl->owner, pl->owner_len);
	row_put(&r, "\"} ", 3);
	outbuf_put(b, line, (size_t)(r.p - line));
}

static void prom_family(struct outbuf *b, const char *name, const char *help)
{
	outbuf_puts(b, "# HELP ");
	outbuf_puts(b, name);
	outbuf_putc(b, ' ');
	outbuf_puts(b, help);
	outbuf_puts(b, "\n# TYPE ");
	outbuf_puts(b, name);
	outbuf_puts(b, " gauge\n");
}

/* One gauge with one unlabelled sample; nothing at all when the value is unknown. */
static void prom_single(struct outbuf *b, const char *name, const char *help, uint64_t v,
			int known)
{
	if (!known)
		return;
	prom_family(b, name, help);
	outbuf_puts(b, name);
	outbuf_putc(b, ' ');
	outbuf_u64(b, v);
	outbuf_putc(b, '\n');
}

enum prom_seg_value { PV_SIZE, PV_NATTCH, PV_RSS, PV_SWAP, PV_DETACH, PV_LEAK };

static const struct {
	const char *name, *help;
} prom_seg[] = {
	[PV_SIZE] = { "shmtop_segment_size_bytes", "Size of the segment in bytes." },
	[PV_NATTCH] = { "shmtop_segment_attached_processes",
			"Attachments to the segment (nattch); a process attached twice counts twice." },
	[PV_RSS] = { "shmtop_segment_rss_bytes",
		     "Resident bytes of the segment (absent when the kernel does not say)." },
	[PV_SWAP] = { "shmtop_segment_swap_bytes",
		      "Swapped-out bytes of the segment (absent when the kernel does not say)." },
	[PV_DETACH] = { "shmtop_segment_seconds_since_detach",
			"Seconds since the last detach (dtime), or since ctime when never detached; "
			"an idle time only while attached_processes is 0." },
	[PV_LEAK] = { "shmtop_segment_leak_suspect",
		      "1 when the segment is a leak suspect: nattch 0, not removed, and its creator "
		      "gone, its key IPC_PRIVATE or unattached longer than --stale (see shmtop(1))." },
};

enum prom_posix_value { PP_SIZE, PP_MAPPERS, PP_MODIFIED, PP_DELETED, PP_LEAK };

static const struct {
	const char *name, *help;
} prom_posix[] = {
	[PP_SIZE] = { "shmtop_posix_object_size_bytes",
		      "Size of the POSIX shared memory object in bytes (absent when unknown)." },
	[PP_MAPPERS] = { "shmtop_posix_object_mappers",
			 "Processes mapping the object, among those whose maps shmtop can read." },
	[PP_MODIFIED] = { "shmtop_posix_object_seconds_since_modification",
			  "Seconds since the object's mtime, 0 when that is in the future (absent "
			  "when unknown)." },
	[PP_DELETED] = { "shmtop_posix_object_deleted",
			 "1 when the object was unlinked (shm_unlink) but is still mapped." },
	[PP_LEAK] = { "shmtop_posix_object_leak_suspect",
		      "1 when the object is a leak suspect: no process maps it and it was not modified "
		      "for longer than --stale (see shmtop(1))." },
};

/* {name="/shared",inode="1234",owner="root"} and one space; owner "" when unknown. */
static void prom_posix_series(struct outbuf *b, const struct output_ctx *o,
			      const struct posixobj *p, struct prom_labels *pl, const char *name)
{
	char line[256 + POSIX_NAME_MAX * 8 + sizeof(pl->owner)], num[FMT_U64_LEN];
	struct row r = { line, line + sizeof(line) };

	if (p->stat_known && (p->uid != pl->owner_uid || !pl->owner_len)) {
		pl->owner_len = prom_escape(pl->owner, sizeof(pl->owner), names_user(o->names, p->uid));
		pl->owner_uid = p->uid;
	}
	row_put(&r, name, strlen(name));
	row_put(&r, "{name=\"", 7);
	r.p += prom_escape(r.p, (size_t)(r.end - r.p), p->name);
	row_put(&r, "\",inode=\"", 9);
	row_put(&r, num, fmt_u64(num, p->ino));
	row_put(&r, "\",owner=\"", 9);
	if (p->stat_known)
		row_put(&r, pl->owner, pl->owner_len);
	row_put(&r, "\"} ", 3);
	outbuf_put(b, line, (size_t)(r.p - line));
}

/* The POSIX families, then their totals: after everything else, so a consumer of the segment
 * families sees the same text as before. */
static void prom_posix_objects(struct outbuf *b, const struct output_ctx *o,
			       const struct snapshot *snap)
{
	const struct posix_list *l = o->posix;
	size_t nrows = posix_nrows(o);
	struct prom_labels pl;
	int64_t now = ctx_now(o, snap);
	uint64_t suspects = 0, bytes = 0;

	memset(&pl, 0, sizeof(pl));
	for (size_t f = 0; f < sizeof(prom_posix) / sizeof(prom_posix[0]); f++) {
		prom_family(b, prom_posix[f].name, prom_posix[f].help);
		for (size_t i = 0; i < nrows; i++) {
			const struct posixobj *p = posix_row(o, i);
			size_t first;
			uint64_t v = 0;

			switch ((enum prom_posix_value)f) {
			case PP_SIZE:
				if (!p->stat_known)
					continue;
				v = p->size;
				break;
			case PP_MAPPERS: v = posix_mappers_of(o, p, &first); break;
			case PP_MODIFIED:
				if (!p->stat_known)
					continue;
				v = now > p->mtime ? (uint64_t)now - (uint64_t)p->mtime : 0;
				break;
			case PP_DELETED: v = p->deleted != 0; break;
			case PP_LEAK:
				v = (uint64_t)output_posix_leak(o, snap, p, NULL);
				suspects += v;
				break;
			}
			prom_posix_series(b, o, p, &pl, prom_posix[f].name);
			outbuf_u64(b, v);
			outbuf_putc(b, '\n');
		}
	}
	for (size_t i = 0; i < l->n; i++)
		bytes += l->v[i].stat_known ? l->v[i].size : 0;
	prom_single(b, "shmtop_posix_objects",
		    "POSIX shared memory objects: the directory's, and unlinked ones still mapped.",
		    l->n, 1);
	prom_single(b, "shmtop_posix_bytes", "Total size of the POSIX objects (those known) in bytes.",
		    bytes, 1);
	prom_single(b, "shmtop_posix_leak_suspects",
		    "Leak suspects among the POSIX objects listed (the sum of "
		    "shmtop_posix_object_leak_suspect).", suspects, 1);
}

static void prom_snapshot(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			  const uint32_t *rows, size_t nrows)
{
	const struct shm_limits *l = &snap->limits;
	const struct shm_usage *u = &snap->usage;
	struct prom_labels pl;
	int64_t now = ctx_now(o, snap);
	uint64_t suspects = 0;

	memset(&pl, 0, sizeof(pl));
	for (size_t f = 0; f < sizeof(prom_seg) / sizeof(prom_seg[0]); f++) {
		prom_family(b, prom_seg[f].name, prom_seg[f].help);
		for (size_t i = 0; i < nrows; i++) {
			const struct shmseg *s = &snap->segs.v[rows[i]];
			int64_t since;
			uint64_t v = 0;

			switch ((enum prom_seg_value)f) {
			case PV_SIZE: v = s->size; break;
			case PV_NATTCH: v = s->nattch; break;
			case PV_RSS:
				if (s->rss < 0)
					continue;
				v = (uint64_t)s->rss;
				break;
			case PV_SWAP:
				if (s->swap < 0)
					continue;
				v = (uint64_t)s->swap;
				break;
			case PV_DETACH:
				since = leak_unattached_since(s);
				v = now > since ? (uint64_t)now - (uint64_t)since : 0;
				break;
			case PV_LEAK:
				v = (uint64_t)output_segment_leak(o, snap, s, NULL);
				suspects += v;
				break;
			}
			prom_series(b, o, s, &pl, prom_seg[f].name);
			outbuf_u64(b, v);
			outbuf_putc(b, '\n');
		}
	}
	prom_single(b, "shmtop_segments", "Segments in the IPC namespace.", u->segments, 1);
	prom_single(b, "shmtop_bytes", "Total size of all segments in bytes.", u->bytes, 1);
	prom_single(b, "shmtop_rss_bytes", "Resident bytes of all segments.", (uint64_t)u->rss,
		    u->rss >= 0);
	prom_single(b, "shmtop_swap_bytes", "Swapped-out bytes of all segments.", (uint64_t)u->swap,
		    u->swap >= 0);
	prom_single(b, "shmtop_leak_suspects",
		    "Leak suspects among the segments listed (the sum of shmtop_segment_leak_suspect).",
		    suspects, 1);
	prom_single(b, "shmtop_limit_shmmax_bytes", "Largest segment size allowed (kernel.shmmax).",
		    l->shmmax, l->shmmax != SHM_LIMIT_UNKNOWN);
	prom_single(b, "shmtop_limit_shmall_pages",
		    "Most shared memory the system may have in segments, in pages (kernel.shmall).",
		    l->shmall, l->shmall != SHM_LIMIT_UNKNOWN);
	prom_single(b, "shmtop_limit_shmmni", "Most segments the system may have (kernel.shmmni).",
		    l->shmmni, l->shmmni != SHM_LIMIT_UNKNOWN);
	prom_single(b, "shmtop_page_size_bytes", "The page size, the unit of shmall.", l->page_size,
		    l->page_size != SHM_LIMIT_UNKNOWN);
	prom_single(b, "shmtop_shm_rmid_forced",
		    "1 when the kernel removes segments at their last detach (kernel.shm_rmid_forced).",
		    l->shm_rmid_forced, l->shm_rmid_forced != SHM_LIMIT_UNKNOWN);
	prom_single(b, "shmtop_scrape_timestamp_seconds", "When shmtop took this snapshot, Unix time.",
		    (uint64_t)snap->time, snap->time >= 0);
	if (o->posix)
		prom_posix_objects(b, o, snap);
}

/* ------------------------------------------------------------------ entry point */

void output_snapshot(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		     const uint32_t *rows, size_t nrows, unsigned long index)
{
	struct row_cache tc;

	switch (o->format) {
	case OUTPUT_TABLE:
		memset(&tc, 0, sizeof(tc));
		if (index)
			outbuf_putc(b, '\n');
		table_header(b, o, snap, nrows);
		for (size_t i = 0; i < nrows; i++)
			table_row(b, o, snap, &snap->segs.v[rows[i]], &tc);
		if (o->posix)
			table_posix(b, o, snap, &tc);
		break;
	case OUTPUT_JSON:
		json_snapshot(b, o, snap, rows, nrows);
		break;
	case OUTPUT_CSV:
		if (!index)
			outbuf_puts(b, csv_header);
		for (size_t i = 0; i < nrows; i++)
			csv_row(b, o, snap, &snap->segs.v[rows[i]]);
		break;
	case OUTPUT_PROMETHEUS:
		prom_snapshot(b, o, snap, rows, nrows);
		break;
	}
}
