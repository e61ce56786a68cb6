/* output.h - batch writers: a snapshot as an aligned table, JSON Lines, CSV or the Prometheus text
 * exposition format. Pure formatting: process names and liveness come from an already-filled
 * procinfo cache and attached processes from an already-made scan, never from /proc directly. */
#ifndef SHMTOP_OUTPUT_H
#define SHMTOP_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "attach.h"
#include "names.h"
#include "outbuf.h"
#include "procinfo.h"
#include "snapshot.h"

enum output_format { OUTPUT_TABLE, OUTPUT_JSON, OUTPUT_CSV, OUTPUT_PROMETHEUS };

#define OUTPUT_JSON_VERSION 1

struct output_ctx {
	enum output_format format;
	int bytes;                          /* table: sizes in bytes, not human */
	struct names *names;
	const struct procinfo_cache *pids;  /* filled by collect_pids for json/csv/prometheus; may be
					     * NULL: names and liveness unknown, creators not gone */
	/* Added with leak detection. New fields go at the end; initialise with designated
	 * initializers (a short positional one is valid C, but -Wextra warns of the missing fields). */
	const struct attach_list *attachers; /* json: each segment's attached processes; NULL = not
					      * asked (no "attachers" fields at all) */
	int64_t now;                        /* leaks and ages are judged at this time; 0 = snap->time */
	int64_t stale_secs;                 /* --stale; 0 = LEAK_STALE_DEFAULT, < 0 = no stale rule */
	int leaks;                          /* --leaks: the table gains a LEAK column (the caller
					     * passes only the suspects, see output_segment_leak) */
};

/* "table", "json", "csv" or "prometheus". Returns 0 or -EINVAL. */
int output_format_parse(const char *name, enum output_format *fmt);
/* Nonzero when the format shows process names or leak status, so the caller must fill the pid
 * cache first. (The table needs it too when o->leaks is set.) */
int output_needs_pids(enum output_format fmt);

/* Whether s is a leak suspect as every format reports it, with its reasons (LEAK_* bits) in
 * *reasons unless NULL. Uses o->now (0: snap->time), o->stale_secs (0: the default) and o->pids
 * (the creator is gone when procinfo_gone_since says so; with no cache, it is not). For --leaks,
 * keep the rows for which this returns nonzero. */
int output_segment_leak(const struct output_ctx *o, const struct snapshot *snap,
			const struct shmseg *s, unsigned *reasons);

/* Write one snapshot (rows are indexes into snap->segs). index counts snapshots from 0: the CSV
 * header is written only for the first, and table snapshots are separated by a blank line.
 * Prometheus writes a complete exposition per snapshot, so several snapshots in one stream repeat
 * every metric family (a textfile collector wants exactly one: -n 1). */
void output_snapshot(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		     const uint32_t *rows, size_t nrows, unsigned long index);

#endif
