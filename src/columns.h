/* columns.h - the dashboard's table columns: title, width, alignment, which ones survive on a
 * narrow terminal, and how each cell of a segment is formatted. Pure formatting. */
#ifndef SHMTOP_COLUMNS_H
#define SHMTOP_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "attach.h"
#include "frame.h"
#include "names.h"
#include "procinfo.h"
#include "shmseg.h"
#include "table.h"

enum column_id {
	COLUMN_KEY, COLUMN_SHMID, COLUMN_OWNER, COLUMN_PERMS, COLUMN_SIZE, COLUMN_NATTCH,
	COLUMN_STATUS, COLUMN_LEAK, COLUMN_CPID, COLUMN_LPID, COLUMN_ATIME, COLUMN_DTIME,
	COLUMN_CTIME, COLUMN_RSS, COLUMN_SWAP, COLUMN_PROCS,
	COLUMN_COUNT
};

struct column {
	const char *title;
	int width;          /* display columns (relative-time width for the time columns) */
	int right;          /* right-aligned */
	int priority;       /* lower survives longer on narrow terminals */
	enum table_key sort;
	uint32_t changed;   /* TRACK_F_* bits that highlight this cell */
};

extern const struct column columns[COLUMN_COUNT];

struct column_ctx {
	const struct names *names;  /* only what is cached is shown (app_prepare looks names up) */
	const struct procinfo_cache *pids; /* may lack entries: then no command name is shown */
	int64_t now;
	int abs_time;       /* absolute times instead of "12s ago" */
	int bytes;          /* sizes in bytes */
	const struct attach_list *attachers; /* for PROCESSES; NULL hides the column */
};

/* Width of column id under ctx (time columns are wider in absolute mode). */
int column_width(enum column_id id, const struct column_ctx *ctx);

/* Format one cell of segment s into buf, ready for frame_put: the names in it (owner, command
 * names) are escaped with fmt_escape. leak is the row's leak reasons (app_row_leak: the same
 * judgement as the row's mark), shown by the LEAK column. Returns STYLE_DIM where the cell names
 * a process that is gone, STYLE_LEAK for the LEAK cell of a suspect, STYLE_NORMAL otherwise. */
enum frame_style column_format(enum column_id id, const struct shmseg *s, unsigned leak,
			       const struct column_ctx *ctx, char *buf, size_t size);

/* Lower survives longer on a narrow terminal. The optional PROCESSES column (shown only when
 * ctx->attachers is set) ranks right after CPID. */
int column_priority(enum column_id id, const struct column_ctx *ctx);

/* Pick the columns that fit in width (1 marker column + a space between columns), dropping the
 * highest priorities first. Writes them in display order to out; returns how many. */
size_t columns_layout(int width, const struct column_ctx *ctx, enum column_id *out);

#endif
