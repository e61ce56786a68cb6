/* output_prom.c - the Prometheus text exposition format (version 0.0.4): one gauge family per
 * registry field a kind exports (kind.prom_gauges), one series per object labelled by the kind's
 * label fields; then the totals and limits; then the POSIX objects' families. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
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

static size_t prom_escape(char *out, size_t size, const char *raw)
{
	char esc[POSIX_NAME_MAX * 4];

	fmt_escape(esc, sizeof(esc), raw);
	return prom_quote(out, size, esc);
}

/* A series' labels, {key="0x00002537",shmid="0",owner="root"} and one space: the kind's label
 * fields, built once per object and kept while the writer goes through the families. */
struct prom_labels {
	size_t len;
	char text[4096];
};

static void prom_labels_of(const struct kind *k, const void *obj, const struct field_ctx *c,
			   struct prom_labels *pl)
{
	struct row r = { pl->text, pl->text + sizeof(pl->text) };
	char text[NAMES_MAX * 4 + 64], esc[sizeof(text) * 2];
	int first = 1;

	row_put(&r, "{", 1);
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		if (!(f->writers & FW_LABEL))
			continue;
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

/* The escaped owner of the last POSIX object, kept while consecutive objects share it. */
struct prom_owner {
	uint32_t owner_uid;
	size_t owner_len;
	char owner[NAMES_MAX * 8 + 1];
};

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
			      const struct posixobj *p, struct prom_owner *pl, const char *name)
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
	size_t nrows = output_posix_nrows(o);
	struct prom_owner pl;
	int64_t now = output_now(o, snap);
	uint64_t suspects = 0, bytes = 0;

	memset(&pl, 0, sizeof(pl));
	for (size_t f = 0; f < sizeof(prom_posix) / sizeof(prom_posix[0]); f++) {
		prom_family(b, prom_posix[f].name, prom_posix[f].help);
		for (size_t i = 0; i < nrows; i++) {
			const struct posixobj *p = output_posix_row(o, i);
			size_t first;
			uint64_t v = 0;

			switch ((enum prom_posix_value)f) {
			case PP_SIZE:
				if (!p->stat_known)
					continue;
				v = p->size;
				break;
			case PP_MAPPERS: v = output_posix_mappers(o, p, &first); break;
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

/* The per-object gauges of the segments: a family per gauge field, a series per segment, its
 * labels made again for each family (keeping them all would cost kilobytes per segment). Adds
 * the suspects to *suspects. */
static void prom_objects(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
			 const uint32_t *rows, size_t nrows, uint64_t *suspects)
{
	const struct kind *k = &kind_shm;
	const uint8_t *gauges = k->prom_gauges;
	struct prom_labels pl;
	struct field_ctx c;
	char name[128];

	output_field_ctx(o, snap, &c);
	for (size_t g = 0; gauges[g] != FIELD_NONE; g++) {
		const struct field *f = &k->fields[gauges[g]];

		snprintf(name, sizeof(name), "%s%s", k->prom_prefix, f->prom);
		prom_family(b, name, f->help);
		for (size_t i = 0; i < nrows; i++) {
			const struct shmseg *s = &snap->segs.v[rows[i]];
			uint64_t v;

			if (f->writers & FW_LEAK) {
				c.suspect = output_segment_leak(o, snap, s, &c.leak);
				*suspects += c.suspect != 0;
			}
			if (field_num(f, s, &c, &v) < 0)
				continue; /* unknown: no sample */
			prom_labels_of(k, s, &c, &pl);
			outbuf_puts(b, name);
			outbuf_put(b, pl.text, pl.len);
			outbuf_u64(b, v);
			outbuf_putc(b, '\n');
		}
	}
}

void output_prom(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		 const uint32_t *rows, size_t nrows)
{
	const struct shm_limits *l = &snap->limits;
	const struct shm_usage *u = &snap->usage;
	uint64_t suspects = 0;

	prom_objects(b, o, snap, rows, nrows, &suspects);
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

