/* columns.c - the dashboard's column table and cell formatters. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "columns.h"
#include "fmt.h"
#include "leak.h"
#include "track.h"

const struct column columns[COLUMN_COUNT] = {
	[COLUMN_KEY] = { "KEY", 10, 0, 0, TABLE_KEY, TRACK_F_KEY },
	[COLUMN_SHMID] = { "SHMID", 8, 1, 1, TABLE_SHMID, 0 },
	[COLUMN_OWNER] = { "OWNER", 8, 0, 4, TABLE_OWNER, TRACK_F_OWNER },
	[COLUMN_PERMS] = { "PERMS", 9, 0, 7, TABLE_PERMS, TRACK_F_MODE },
	[COLUMN_SIZE] = { "SIZE", 6, 1, 2, TABLE_SIZE, 0 },
	[COLUMN_NATTCH] = { "NATTCH", 6, 1, 3, TABLE_NATTCH, TRACK_F_NATTCH },
	[COLUMN_STATUS] = { "STATUS", 9, 0, 6, TABLE_STATUS, TRACK_F_MODE },
	[COLUMN_LEAK] = { "LEAK", 12, 0, 11, TABLE_NKEYS, 0 },
	[COLUMN_CPID] = { "CPID", 17, 0, 5, TABLE_CPID, 0 },
	[COLUMN_LPID] = { "LPID", 17, 0, 8, TABLE_LPID, TRACK_F_LPID },
	[COLUMN_ATIME] = { "ATTACHED", 8, 1, 9, TABLE_ATIME, TRACK_F_ATIME },
	[COLUMN_DTIME] = { "DETACHED", 8, 1, 10, TABLE_DTIME, TRACK_F_DTIME },
	[COLUMN_CTIME] = { "CHANGED", 8, 1, 12, TABLE_CTIME, TRACK_F_CTIME },
	[COLUMN_RSS] = { "RSS", 6, 1, 13, TABLE_RSS, TRACK_F_RSS },
	[COLUMN_SWAP] = { "SWAP", 6, 1, 14, TABLE_SWAP, TRACK_F_SWAP },
	[COLUMN_PROCS] = { "PROCESSES", 20, 0, 15, TABLE_NKEYS, TRACK_F_NATTCH },
};

static int is_time(enum column_id id)
{
	return id == COLUMN_ATIME || id == COLUMN_DTIME || id == COLUMN_CTIME;
}

int column_width(enum column_id id, const struct column_ctx *ctx)
{
	if (is_time(id) && ctx->abs_time)
		return FMT_TIME_LEN - 1;
	if ((id == COLUMN_SIZE || id == COLUMN_RSS || id == COLUMN_SWAP) && ctx->bytes)
		return 12;
	return columns[id].width;
}

static enum frame_style pid_cell(const struct column_ctx *ctx, int32_t pid, int64_t since,
				 char *buf, size_t size)
{
	const struct procinfo *pi = ctx->pids ? procinfo_cache_find(ctx->pids, pid) : NULL;

	if (pid <= 0) {
		snprintf(buf, size, "-");
		return STYLE_NORMAL;
	}
	if (pi && pi->comm[0]) {
		char comm[PROCINFO_COMM_MAX * 4];

		fmt_escape(comm, sizeof(comm), pi->comm);
		snprintf(buf, size, "%d %s", (int)pid, comm);
	} else {
		snprintf(buf, size, "%d", (int)pid);
	}
	return pi && procinfo_gone_since(pi, since) ? STYLE_DIM : STYLE_NORMAL;
}

static const char *const status_words[8] = {
	"", "dest", "locked", "dest,lock", "huge", "dest,huge", "lock,huge", "dest,lock,huge",
};

/* The first few command names attached to shmid, escaped, or "-" when none is visible. Only
 * whole names go in: a cut one could end in half of an escape. */
static void procs_cell(const struct column_ctx *ctx, int32_t shmid, char *buf, size_t size)
{
	size_t first, n = ctx->attachers ? attach_find(ctx->attachers, shmid, &first) : 0;
	size_t len = 0;

	buf[0] = '\0';
	if (!n) {
		snprintf(buf, size, "-");
		return;
	}
	/* one name per process (the records are per mapping, a process's consecutive); whole
	 * escaped names only */
	for (size_t i = first, end = first + n; i < end;) {
		char comm[sizeof(ctx->attachers->v[0].comm) * 4];
		size_t k = fmt_escape(comm, sizeof(comm), ctx->attachers->v[i].comm);

		if (len + (len ? 1 : 0) + k + 1 > size)
			break;
		if (len)
			buf[len++] = ',';
		memcpy(buf + len, comm, k + 1);
		len += k;
		i += attach_pid_run(ctx->attachers, i, end);
	}
}

static void mem_cell(const struct column_ctx *ctx, int64_t v, char *buf, size_t size)
{
	if (v < 0)
		snprintf(buf, size, "-");
	else if (ctx->bytes)
		snprintf(buf, size, "%lld", (long long)v);
	else
		fmt_size(buf, size, (uint64_t)v);
}

static void time_cell(const struct column_ctx *ctx, int64_t t, char *buf, size_t size)
{
	if (ctx->abs_time)
		fmt_time_abs(buf, size, t);
	else
		fmt_time_rel(buf, size, t, ctx->now);
}

enum frame_style column_format(enum column_id id, const struct shmseg *s, unsigned leak,
			       const struct column_ctx *ctx, char *buf, size_t size)
{
	int64_t last;

	switch (id) {
	case COLUMN_KEY:
		if (size >= FMT_KEY_LEN)
			fmt_key(buf, s->key);
		break;
	case COLUMN_SHMID: snprintf(buf, size, "%d", (int)s->shmid); break;
	case COLUMN_OWNER: {
		char num[NAMES_NUM_LEN];

		fmt_escape(buf, size, names_user_known(ctx->names, s->uid, num));
		break;
	}
	case COLUMN_PERMS:
		if (size >= FMT_PERMS_LEN)
			fmt_perms_rwx(buf, s->mode);
		break;
	case COLUMN_SIZE: mem_cell(ctx, (int64_t)s->size, buf, size); break;
	case COLUMN_NATTCH: snprintf(buf, size, "%llu", (unsigned long long)s->nattch); break;
	case COLUMN_STATUS:
		/* the batch table's words, shortened to fit its 9 columns */
		snprintf(buf, size, "%s", status_words[((s->mode & SHMSEG_MODE_DEST) ? 1 : 0) |
						       ((s->mode & SHMSEG_MODE_LOCKED) ? 2 : 0) |
						       (s->huge_page > 0 ? 4 : 0)]);
		break;
	case COLUMN_CPID: return pid_cell(ctx, s->cpid, s->ctime, buf, size);
	case COLUMN_LPID:
		last = s->atime > s->dtime ? s->atime : s->dtime;
		return pid_cell(ctx, s->lpid, last, buf, size);
	case COLUMN_ATIME: time_cell(ctx, s->atime, buf, size); break;
	case COLUMN_DTIME: time_cell(ctx, s->dtime, buf, size); break;
	case COLUMN_CTIME: time_cell(ctx, s->ctime, buf, size); break;
	case COLUMN_RSS: mem_cell(ctx, s->rss, buf, size); break;
	case COLUMN_SWAP: mem_cell(ctx, s->swap, buf, size); break;
	case COLUMN_LEAK: {
		unsigned r = leak;

		if (!leak_is_suspect(r)) {
			snprintf(buf, size, "%s", r & LEAK_ORPHAN ? "orphan" : "");
			break;
		}
		leak_format(r & ~(unsigned)LEAK_ORPHAN, buf, size); /* suspects are all orphans */
		return STYLE_LEAK;
	}
	case COLUMN_PROCS:
		procs_cell(ctx, s->shmid, buf, size);
		break;
	case COLUMN_COUNT: buf[0] = '\0'; break;
	}
	return STYLE_NORMAL;
}

int column_priority(enum column_id id, const struct column_ctx *ctx)
{
	int p = columns[id].priority;

	if (id == COLUMN_PROCS)
		return 6;
	return ctx->attachers && p >= 6 ? p + 1 : p;
}

size_t columns_layout(int width, const struct column_ctx *ctx, enum column_id *out)
{
	int keep[COLUMN_COUNT] = { 0 };
	int used = 1; /* the marker column */
	size_t n = 0;

	/* Greedy by priority: a column that does not fit is skipped, a narrower one may still. */
	for (int p = 0; p <= COLUMN_COUNT; p++) {
		for (int id = 0; id < COLUMN_COUNT; id++) {
			int w;

			if (column_priority((enum column_id)id, ctx) != p)
				continue;
			if (id == COLUMN_PROCS && !ctx->attachers)
				continue; /* optional: only when attachers were scanned for it */
			w = column_width((enum column_id)id, ctx) + 1;
			if (used + w <= width) {
				keep[id] = 1;
				used += w;
			}
		}
	}
	for (int id = 0; id < COLUMN_COUNT; id++)
		if (keep[id])
			out[n++] = (enum column_id)id;
	return n;
}
