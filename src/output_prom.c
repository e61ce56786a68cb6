/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* output_prom.c - the Prometheus text exposition format (version 0.0.4): one gauge family per
 * registry field a kind exports (kind.prom_gauges), one series per object (the --prom-objects
 * largest) labelled by the kind's label fields; then the totals and limits; then the POSIX
 * objects' families. Every series carries the IPC namespace's inode (ipc_namespace), so exports
 * of several namespaces can share one textfile directory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "kind_posix.h"
#include "leak.h"
#include "output_int.h"
#include "table.h"

/* A line is assembled in one stack buffer and appended once. */
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

/* Label values: fmt_escape first (control bytes become the text \xNN, so no newline is left),
 * then the exposition format's escapes for backslash and double quote. */
/* The exposition format's quoting of text that is already escaped. */
static size_t prom_quote(char *out, size_t size, const char *esc)
{
	size_t n = 0;

	for (const char *p = esc; *p && n + 2 < size; p++) {
		if (*p == '\\' || *p == '"')
			out[n++] = '\\';
		out[n++] = *p;
	}
	out[n] = '\0';
	return n;
}

/* A series' labels, {key="0x00002537",shmid="0",owner="root"} and one space: the kind's label
 * fields, built once per object and kept while the writer goes through the families. */
struct prom_labels {
	size_t len;
	char text[8192];
};

/* {ipc_namespace="4026531839" and no closing brace: the start of every series' labels. */
static size_t prom_ns_label(const struct output_ctx *o, char *buf, size_t size)
{
	int n = o->ipc_ns ? snprintf(buf, size, "{ipc_namespace=\"%llu\"", (unsigned long long)o->ipc_ns) :
			    snprintf(buf, size, "{ipc_namespace=\"\"");

	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

static void prom_labels_of(const struct output_ctx *o, const struct kind *k, const void *obj,
			   const struct field_ctx *c, struct prom_labels *pl)
{
	struct row r = { pl->text, pl->text + sizeof(pl->text) };
	char text[POSIX_NAME_MAX * 4 + 64], esc[sizeof(text) * 2];

	r.p += prom_ns_label(o, pl->text, sizeof(pl->text));
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		if (!(f->writers & FW_LABEL))
			continue;
		if (f->known && !f->known(obj))
			text[0] = '\0';                /* unknown: an empty value */
		else
			field_text(f, obj, c, text, sizeof(text));
		row_put(&r, ",", 1);
		row_put(&r, f->name, strlen(f->name));
		row_put(&r, "=\"", 2);
		row_put(&r, esc, prom_quote(esc, sizeof(esc), text));
		row_put(&r, "\"", 1);
	}
	row_put(&r, "} ", 2);
	pl->len = (size_t)(r.p - pl->text);
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

/* One gauge with one sample, labelled with the namespace alone; nothing at all when the value is
 * unknown. */
static void prom_single(struct outbuf *b, const struct output_ctx *o, const char *name,
			const char *help, uint64_t v, int known)
{
	char ns[64];

	if (!known)
		return;
	prom_family(b, name, help);
	outbuf_puts(b, name);
	outbuf_put(b, ns, prom_ns_label(o, ns, sizeof(ns)));
	outbuf_puts(b, "} ");
	outbuf_u64(b, v);
	outbuf_putc(b, '\n');
}

/* The rows --prom-objects keeps of nrows (rows, or 0..nrows-1 when NULL): all of them, or a new
 * array (*owned, which the caller frees) of the limit's largest by the kind's prom_rank field.
 * NULL with *n 0 when none are kept. */
static const uint32_t *prom_kept(const struct output_ctx *o, const struct kind *k,
				  const void *objs, const uint32_t *rows, size_t *n, uint32_t **owned)
{
	size_t keep = o->prom_bound == 0 ? *n : o->prom_bound < 0 ? 0 : (size_t)o->prom_bound;
	uint32_t *r;

	*owned = NULL;
	if (keep >= *n)
		return rows;
	r = malloc((*n ? *n : 1) * sizeof(*r));
	if (!r) {
		*n = keep < *n ? keep : *n; /* the first ones, unranked, rather than none */
		return rows;
	}
	for (size_t i = 0; i < *n; i++)
		r[i] = rows ? rows[i] : (uint32_t)i;
	if (k->prom_rank != FIELD_NONE)
		table_sort(r, *n, k, objs, k->prom_rank, 1, o->names);
	*owned = r;
	*n = keep;
	return r;
}

/* The per-object gauges of one kind: a family per gauge field, a series per object kept by
 * --prom-objects, its labels made again for each family (keeping them all would cost kilobytes
 * per object). Returns the suspects among all of them, kept or not. */
static uint64_t prom_objects(struct outbuf *b, const struct output_ctx *o,
			     const struct snapshot *snap, const struct kind *k, const void *objs,
			     const uint32_t *rows, size_t nrows,
			     int (*leak)(const struct output_ctx *, const struct snapshot *,
					 const void *, unsigned *))
{
	const uint8_t *gauges = k->prom_gauges;
	struct prom_labels pl;
	struct field_ctx c;
	uint64_t suspects = 0;
	uint32_t *owned;
	size_t nkept = nrows;
	const uint32_t *kept;
	char name[128];

	for (size_t i = 0; leak && i < nrows; i++)
		suspects += leak(o, snap, (const char *)objs + (size_t)(rows ? rows[i] : i) * k->size,
				 NULL) != 0;
	kept = prom_kept(o, k, objs, rows, &nkept, &owned);
	output_field_ctx(o, snap, &c);
	c.plain = 1;
	for (size_t g = 0; gauges[g] != FIELD_NONE; g++) {
		const struct field *f = &k->fields[gauges[g]];

		snprintf(name, sizeof(name), "%s%s", k->prom_prefix, f->prom);
		prom_family(b, name, f->help);
		for (size_t i = 0; i < nkept; i++) {
			const void *obj = (const char *)objs + (size_t)(kept ? kept[i] : i) * k->size;
			uint64_t v;

			c.leak = 0;
			c.suspect = 0;
			if ((f->writers & FW_LEAK) && leak)
				c.suspect = leak(o, snap, obj, &c.leak);
			if (field_num(f, obj, &c, &v) < 0)
				continue; /* unknown: no sample */
			prom_labels_of(o, k, obj, &c, &pl);
			outbuf_puts(b, name);
			outbuf_put(b, pl.text, pl.len);
			outbuf_u64(b, v);
			outbuf_putc(b, '\n');
		}
	}
	free(owned);
	return suspects;
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

/* The POSIX families, then their totals: after everything else, so a consumer of the segment
 * families sees the same text as before. */
static void prom_posix(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap)
{
	const struct posix_list *l = o->posix;
	uint64_t suspects, bytes = posix_list_bytes(l);

	suspects = prom_objects(b, o, snap, &kind_posix, l->v, o->posix_rows, output_posix_nrows(o),
				posix_leak);
	prom_single(b, o, "shmtop_posix_objects",
		    "POSIX shared memory objects: the directory's, and unlinked ones still mapped.",
		    l->n, 1);
	prom_single(b, o, "shmtop_posix_bytes", "Total size of the POSIX objects (those known) in bytes.",
		    bytes, 1);
	prom_single(b, o, "shmtop_posix_leak_suspects",
		    "Leak suspects among the POSIX objects listed (the sum of "
		    "shmtop_posix_object_leak_suspect).", suspects, 1);
}

void output_prom(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		 const uint32_t *rows, size_t nrows)
{
	const struct shm_limits *l = &snap->limits;
	const struct shm_usage *u = &snap->usage;
	uint64_t suspects = 0;
	char ns[64], ver[64];

	prom_family(b, "shmtop_build_info", "Always 1: the version of shmtop that wrote this.");
	outbuf_puts(b, "shmtop_build_info");
	outbuf_put(b, ns, prom_ns_label(o, ns, sizeof(ns)));
	outbuf_puts(b, ",version=\"");
	outbuf_put(b, ver, prom_quote(ver, sizeof(ver), o->version ? o->version : ""));
	outbuf_puts(b, "\"} 1\n");
	if (!o->no_segments)
		suspects = prom_objects(b, o, snap, &kind_shm, snap->segs.v, rows, nrows,
					segment_leak);
	prom_single(b, o, "shmtop_segments", "Segments in the IPC namespace.", u->segments, 1);
	prom_single(b, o, "shmtop_bytes", "Total size of all segments in bytes.", u->bytes, 1);
	prom_single(b, o, "shmtop_rss_bytes", "Resident bytes of all segments.", (uint64_t)u->rss,
		    u->rss >= 0);
	prom_single(b, o, "shmtop_swap_bytes", "Swapped-out bytes of all segments.", (uint64_t)u->swap,
		    u->swap >= 0);
	prom_single(b, o, "shmtop_leak_suspects",
		    "Leak suspects among the segments listed (the sum of shmtop_segment_leak_suspect).",
		    suspects, 1);
	prom_single(b, o, "shmtop_limit_shmmax_bytes", "Largest segment size allowed (kernel.shmmax).",
		    l->shmmax, l->shmmax != SHM_LIMIT_UNKNOWN);
	if (l->shmall != SHM_LIMIT_UNKNOWN && l->page_size != SHM_LIMIT_UNKNOWN) {
		/* the default is close to 2^64 pages: the bytes need a float */
		char v[40];

		prom_family(b, "shmtop_limit_shmall_bytes",
			    "Most shared memory the system may have in segments, in bytes "
			    "(kernel.shmall pages times the page size).");
		outbuf_puts(b, "shmtop_limit_shmall_bytes");
		outbuf_put(b, ns, prom_ns_label(o, ns, sizeof(ns)));
		outbuf_puts(b, "} ");
		if (l->shmall <= UINT64_MAX / (l->page_size ? l->page_size : 1)) {
			outbuf_u64(b, l->shmall * l->page_size);
		} else {
			snprintf(v, sizeof(v), "%.17g", (double)l->shmall * (double)l->page_size);
			outbuf_puts(b, v);
		}
		outbuf_putc(b, '\n');
	}
	prom_single(b, o, "shmtop_limit_shmmni", "Most segments the system may have (kernel.shmmni).",
		    l->shmmni, l->shmmni != SHM_LIMIT_UNKNOWN);
	prom_single(b, o, "shmtop_page_size_bytes", "The page size, the unit of kernel.shmall.",
		    l->page_size, l->page_size != SHM_LIMIT_UNKNOWN);
	prom_single(b, o, "shmtop_shm_rmid_forced",
		    "1 when the kernel removes segments at their last detach (kernel.shm_rmid_forced).",
		    l->shm_rmid_forced, l->shm_rmid_forced != SHM_LIMIT_UNKNOWN);
	prom_single(b, o, "shmtop_scrape_timestamp_seconds", "When shmtop took this snapshot, Unix time.",
		    (uint64_t)snap->time, snap->time >= 0);
	if (o->posix)
		prom_posix(b, o, snap);
	for (size_t k = 0; k < o->nkinds; k++) {
		const struct output_kind *ok = &o->kinds[k];

		prom_objects(b, o, snap, ok->kind, ok->objs, ok->rows, ok->rows ? ok->nrows : ok->nobjs,
			     ok->leak);
		for (size_t i = 0; i < ok->ntotals; i++)
			prom_single(b, o, ok->totals[i].prom, ok->totals[i].help, ok->totals[i].v,
				    ok->totals[i].known);
	}
}

