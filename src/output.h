/* output.h - batch writers: a snapshot as an aligned table, JSON Lines or CSV. Pure formatting:
 * process names come from an already-filled procinfo cache, never from /proc directly. */
#ifndef SHMTOP_OUTPUT_H
#define SHMTOP_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "names.h"
#include "outbuf.h"
#include "procinfo.h"
#include "snapshot.h"

enum output_format { OUTPUT_TABLE, OUTPUT_JSON, OUTPUT_CSV };

#define OUTPUT_JSON_VERSION 1

struct output_ctx {
	enum output_format format;
	int bytes;                          /* table: sizes in bytes, not human */
	struct names *names;
	const struct procinfo_cache *pids;  /* filled by collect_pids for json/csv; may be NULL */
};

/* "table", "json" or "csv". Returns 0 or -EINVAL. */
int output_format_parse(const char *name, enum output_format *fmt);
/* Nonzero when the format shows process names, so the caller must fill the pid cache first. */
int output_needs_pids(enum output_format fmt);

/* Write one snapshot (rows are indexes into snap->segs). index counts snapshots from 0: the CSV
 * header is written only for the first, and table snapshots are separated by a blank line. */
void output_snapshot(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		     const uint32_t *rows, size_t nrows, unsigned long index);

#endif
