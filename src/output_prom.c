/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* output_prom.c - the Prometheus text exposition format (version 0.0.4): one gauge family per
 * registry field a kind exports (kind.prom_gauges), one series per object labelled by the kind's
 * label fields; then the totals and limits; then the POSIX objects' families. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "kind_posix.h"
#include "leak.h"
#include "output_int.h"

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

static void prom_labels_of(const struct kind *k, const void *obj, const struct field_ctx *c,
			   struct prom_labels *pl)
{
	struct row r = { pl->text, pl->text + sizeof(pl->text) };
	char text[POSIX_NAME_MAX * 4 + 64], esc[sizeof(text) * 2];
	int first = 1;

	row_put(&r, "{", 1);
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		if (!(f->writers & FW_LABEL))
			continue;
		if (f->known && !f->known(obj))
			text[0] = '\0';                /* unknown: an empty value */
		else
			field_text(f, obj, c, text, sizeof(text));
		if (!first)
			row_put(&r, ",", 1);
		first = 0;
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

/* The per-object gauges of one kind: a family per gauge field, a series per object, its labels
 * made again for each family (keeping them all would cost kilobytes per object). Returns the
 * suspects among them. */
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
	char name[128];

	output_field_ctx(o, snap, &c);
	c.plain = 1;
	for (size_t g = 0; gauges[g] != FIELD_NONE; g++) {
		const struct field *f = &k->fields[gauges[g]];

		snprintf(name, sizeof(name), "%s%s", k->prom_prefix, f->prom);
		prom_family(b, name, f->help);
		for (size_t i = 0; i < nrows; i++) {
			const void *obj = (const char *)objs + (size_t)(rows ? rows[i] : i) * k->size;
			uint64_t v;

			c.leak = 0;
			c.suspect = 0;
			if ((f->writers & FW_LEAK) && leak) {
				c.suspect = leak(o, snap, obj, &c.leak);
				suspects += c.suspect != 0;
			}
			if (field_num(f, obj, &c, &v) < 0)
				continue; /* unknown: no sample */
			prom_labels_of(k, obj, &c, &pl);
			outbuf_puts(b, name);
			outbuf_put(b, pl.text, pl.len);
			outbuf_u64(b, v);
			outbuf_putc(b, '\n');
		}
	}
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
	uint64_t suspects, bytes = 0;

	suspects = prom_objects(b, o, snap, &kind_posix, l->v, o->posix_rows, output_posix_nrows(o),
				posix_leak);
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

void output_prom(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		 const uint32_t *rows, size_t nrows)
{
	const struct shm_limits *l = &snap->limits;
	const struct shm_usage *u = &snap->usage;
	uint64_t suspects = 0;

	if (!o->no_segments)
		suspects = prom_objects(b, o, snap, &kind_shm, snap->segs.v, rows, nrows,
					segment_leak);
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
		prom_posix(b, o, snap);
	for (size_t k = 0; k < o->nkinds; k++) {
		const struct output_kind *ok = &o->kinds[k];

		prom_objects(b, o, snap, ok->kind, ok->objs, ok->rows, ok->rows ? ok->nrows : ok->nobjs,
			     ok->leak);
		for (size_t i = 0; i < ok->ntotals; i++)
			prom_single(b, ok->totals[i].prom, ok->totals[i].help, ok->totals[i].v,
				    ok->totals[i].known);
	}
}

