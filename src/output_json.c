/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* output_json.c - JSON Lines: one object per snapshot with its limits, usage, the segments (each
 * the JSON members of the registry's fields, in registry order) and the POSIX objects. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "kind_posix.h"
#include "leak.h"
#include "output_int.h"
#include "shmem.h"

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

/* {"key":"0x..","shmid":..,...}: every JSON member of the kind's registry, in its order. */
static void json_object(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			const struct kind *k, const void *obj,
			int (*leak)(const struct output_ctx *, const struct snapshot *, const void *,
				    unsigned *),
			struct field_ctx *c)
{
	int first = 1;

	c->leak = 0;
	c->suspect = leak ? leak(o, snap, obj, &c->leak) : 0;
	outbuf_putc(b, '{');
	for (size_t i = 0; i < k->nfields; i++) {
		if (!(k->fields[i].writers & FW_JSON))
			continue;
		field_json(&k->fields[i], obj, c, b, first);
		first = 0;
	}
	outbuf_putc(b, '}');
}

void output_json_object(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			const struct kind *k, const void *obj,
			int (*leak)(const struct output_ctx *, const struct snapshot *, const void *,
				    unsigned *))
{
	struct field_ctx c;

	output_field_ctx(o, snap, &c);
	json_object(b, o, snap, k, obj, leak, &c);
	outbuf_putc(b, '\n');
}

/* ,"array":[objects...]: the objects objs[rows[i]] (rows NULL: all n). */
static void json_array(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		       const struct kind *k, const void *objs, const uint32_t *rows, size_t n,
		       int (*leak)(const struct output_ctx *, const struct snapshot *, const void *,
				   unsigned *))
{
	struct field_ctx c;

	output_field_ctx(o, snap, &c);
	outbuf_puts(b, ",\"");
	outbuf_puts(b, k->json_array);
	outbuf_puts(b, "\":[");
	for (size_t i = 0; i < n; i++) {
		const void *obj = (const char *)objs + (size_t)(rows ? rows[i] : i) * k->size;

		if (i)
			outbuf_putc(b, ',');
		json_object(b, o, snap, k, obj, leak, &c);
	}
	outbuf_putc(b, ']');
}

static int segment_leak(const struct output_ctx *o, const struct snapshot *snap, const void *obj,
			unsigned *reasons)
{
	return output_segment_leak(o, snap, obj, reasons);
}

static int posix_leak(const struct output_ctx *o, const struct snapshot *snap, const void *obj,
		      unsigned *reasons)
{
	return output_posix_leak(o, snap, obj, reasons);
}

/* The other kinds' limits (usage 0) or usage (1) members. */
static void json_totals(struct outbuf *b, const struct output_ctx *o, int usage)
{
	for (size_t k = 0; k < o->nkinds; k++) {
		for (size_t i = 0; i < o->kinds[k].ntotals; i++) {
			const struct output_total *t = &o->kinds[k].totals[i];

			if (!t->json || t->usage != usage)
				continue;
			outbuf_puts(b, ",\"");
			outbuf_puts(b, t->json);
			outbuf_puts(b, "\":");
			if (t->known)
				outbuf_u64(b, t->v);
			else
				outbuf_put(b, "null", 4);
		}
	}
}

/* "shmem": where /proc/meminfo's Shmem went, in bytes; null where a part is unknown. */
static void json_shmem(struct outbuf *b, const struct shmem_report *r)
{
	json_key(b, KEY("shmem"));
	outbuf_putc(b, '{');
	json_key(b, FIRST_KEY("total"));
	if (r->have_shmem)
		outbuf_u64(b, r->shmem);
	else
		outbuf_puts(b, "null");
	json_key(b, KEY("sysv"));
	outbuf_putc(b, '{');
	json_key(b, FIRST_KEY("resident"));
	if (r->have_sysv)
		outbuf_u64(b, r->sysv_rss);
	else
		outbuf_puts(b, "null");
	json_u64(b, KEY("swapped"), r->sysv_swap);
	json_u64(b, KEY("segments"), r->sysv_n);
	outbuf_putc(b, '}');
	json_key(b, KEY("tmpfs"));
	outbuf_putc(b, '[');
	for (size_t i = 0; i < r->nmounts; i++) {
		const struct shmem_mount *m = &r->mounts[i];

		outbuf_puts(b, i ? ",{" : "{");
		json_key(b, FIRST_KEY("mount"));
		field_json_str(b, m->point);
		json_u64(b, KEY("mnt_ns"), m->mnt_ns);
		json_int(b, KEY("pid"), m->pid, 0);
		json_key(b, KEY("comm"));
		field_json_str(b, m->comm);
		json_key(b, KEY("dev"));
		outbuf_putc(b, '"');
		outbuf_u64(b, m->major);
		outbuf_putc(b, ':');
		outbuf_u64(b, m->minor);
		outbuf_putc(b, '"');
		json_key(b, KEY("size"));
		if (m->known)
			outbuf_u64(b, m->size);
		else
			outbuf_puts(b, "null");
		json_key(b, KEY("used"));
		if (m->known)
			outbuf_u64(b, m->used);
		else
			outbuf_puts(b, "null");
		json_key(b, KEY("posix"));
		outbuf_puts(b, m->dev_shm ? "true" : "false");
		json_key(b, KEY("near_full"));
		outbuf_puts(b, shmem_near_full(m) ? "true" : "false");
		outbuf_putc(b, '}');
	}
	outbuf_putc(b, ']');
	json_key(b, KEY("memfd"));
	outbuf_putc(b, '{');
	json_u64(b, FIRST_KEY("bytes"), r->memfd_bytes);
	json_u64(b, KEY("count"), r->memfd_n);
	outbuf_putc(b, '}');
	json_key(b, KEY("remainder"));
	if (r->have_shmem)
		outbuf_i64(b, r->remainder);
	else
		outbuf_puts(b, "null");
	json_u64(b, KEY("procs"), r->procs);
	json_u64(b, KEY("procs_unreadable"), r->procs_unreadable);
	outbuf_putc(b, '}');
}

void output_json(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
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
	json_totals(b, o, 0);
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
	json_totals(b, o, 1);
	outbuf_putc(b, '}');
	json_int(b, KEY("malformed_lines"), (int64_t)snap->malformed, 0);
	if (!o->no_segments)
		json_array(b, o, snap, &kind_shm, snap->segs.v, rows, nrows, segment_leak);
	if (o->posix) {
		json_array(b, o, snap, &kind_posix, o->posix->v, o->posix_rows,
			   output_posix_nrows(o), posix_leak);
		json_key(b, KEY("shm_dir"));
		json_str(b, o->posix_dir ? o->posix_dir : "/dev/shm");
		json_int(b, KEY("posix_procs_unreadable"), (int64_t)o->posix->procs_unreadable, 0);
	}
	for (size_t k = 0; k < o->nkinds; k++) {
		const struct output_kind *ok = &o->kinds[k];

		json_array(b, o, snap, ok->kind, ok->objs, ok->rows, ok->rows ? ok->nrows : ok->nobjs,
			   ok->leak);
	}
	if (o->shmem)
		json_shmem(b, o->shmem);
	outbuf_puts(b, "}\n");
}

