/* output_json.c - JSON Lines: one object per snapshot with its limits, usage, the segments (each
 * the JSON members of the registry's fields, in registry order) and the POSIX objects. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "leak.h"
#include "output_int.h"

static void json_str(struct outbuf *b, const char *raw)
{
	field_json_str(b, raw);
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

static void json_mapping(struct outbuf *b, int32_t pid, const char *comm, uint32_t uid,
			 int uid_nullable, uint64_t addr, uint64_t length, const char *access,
			 unsigned count)
{
	outbuf_putc(b, '{');
	field_json_mapping(b, pid, comm, uid, uid_nullable, addr, length, access, count);
	outbuf_putc(b, '}');
}

/* "mappers":[{"pid":..,"comm":"..","uid":..,"addr":"0x..","length":..,"access":"rw-s",
 * "count":1},...]: the attachers' shape; uid null when unknown */
static void json_posix_mappers(struct outbuf *b, const struct output_ctx *o,
			       const struct posixobj *p)
{
	size_t first, n = output_posix_mappers(o, p, &first);

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
	size_t n = output_posix_nrows(o);

	json_key(b, KEY("posix"));
	outbuf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			outbuf_putc(b, ',');
		json_posix_object(b, o, snap, output_posix_row(o, i));
	}
	outbuf_putc(b, ']');
	json_key(b, KEY("shm_dir"));
	json_str(b, o->posix_dir ? o->posix_dir : "/dev/shm");
	json_int(b, KEY("posix_procs_unreadable"), (int64_t)o->posix->procs_unreadable, 0);
}

/* {"key":"0x..","shmid":..,...}: every JSON member of the registry, in its order. */
static void json_object(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			const struct shmseg *s, struct field_ctx *c)
{
	const struct kind *k = &kind_shm;
	int first = 1;

	c->suspect = output_segment_leak(o, snap, s, &c->leak);
	outbuf_putc(b, '{');
	for (size_t i = 0; i < k->nfields; i++) {
		if (!(k->fields[i].writers & FW_JSON))
			continue;
		field_json(&k->fields[i], s, c, b, first);
		first = 0;
	}
	outbuf_putc(b, '}');
}

void output_json(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		 const uint32_t *rows, size_t nrows)
{
	const struct shm_limits *l = &snap->limits;
	const struct shm_usage *u = &snap->usage;
	struct field_ctx c;

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
	output_field_ctx(o, snap, &c);
	for (size_t i = 0; i < nrows; i++) {
		if (i)
			outbuf_putc(b, ',');
		json_object(b, o, snap, &snap->segs.v[rows[i]], &c);
	}
	outbuf_putc(b, ']');
	if (o->posix)
		json_posix(b, o, snap);
	outbuf_puts(b, "}\n");
}

