/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_shm.c - System V shared memory segments as a kind: the column registry of struct shmseg
 * and the columns each writer shows by default. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "fmt.h"
#include "kind.h"
#include "leak.h"
#include "procinfo.h"
#include "reader.h"
#include "shmseg.h"
#include "kind_shm.h"
#include "sysv.h"

#define AT(m) offsetof(struct shmseg, m)

static int64_t since_ctime(const void *obj)
{
	return ((const struct shmseg *)obj)->ctime;
}

/* lpid did its last attach or detach at the later of atime and dtime (ctime when neither). */
static int64_t since_last_use(const void *obj)
{
	const struct shmseg *s = obj;
	int64_t t = s->atime > s->dtime ? s->atime : s->dtime;

	return t > s->ctime ? t : s->ctime;
}

/* What STATUS says, as three bits: removed, locked, huge. */
static unsigned status_bits(const struct shmseg *s)
{
	return (s->mode & SHMSEG_MODE_DEST ? 1u : 0u) | (s->mode & SHMSEG_MODE_LOCKED ? 2u : 0u) |
	       (s->huge_page > 0 ? 4u : 0u);
}

static int status_cmp(const void *a, const void *b)
{
	unsigned x = status_bits(a), y = status_bits(b);

	return x < y ? -1 : x > y;
}

static enum frame_style status_text(const struct field *f, const void *obj,
				    const struct field_ctx *c, char *buf, size_t size)
{
	/* the dashboard's words are shortened to fit its 9 columns; "" rather than "-" */
	static const char *const dash[8] = {
		"", "dest", "locked", "dest,lock", "huge", "dest,huge", "lock,huge", "dest,lock,huge",
	};
	const struct shmseg *s = obj;

	(void)f;
	if (c->batch)
		fmt_status(buf, size, s->mode, s->huge_page);
	else
		snprintf(buf, size, "%s", dash[status_bits(s)]);
	return STYLE_NORMAL;
}

/* When it was last detached (dtime), or created (ctime) when never: Unix seconds. */
static int detach_time_num(const struct field *f, const void *obj, const struct field_ctx *c,
			   uint64_t *v)
{
	int64_t since = leak_unattached_since(obj);

	(void)f;
	(void)c;
	*v = since > 0 ? (uint64_t)since : 0;
	return 0;
}

/* "attachers":[{"pid":..,"comm":"..","uid":..,"addr":"0x..","length":..,"access":"r--s",
 * "count":2,"shmtop":false,"mappings":[{"addr":"0x..","length":..,"access":"r--s"},...]},...],
 * "attachers_visible":M; only when the attachers were scanned (--attachers). One object per
 * process; count is its mappings (what nattch counts), each listed with its own access; addr and
 * length outside the list are the first (lowest) mapping's, access "rw-s" when any mapping is
 * writable. attachers_visible counts the mappings of processes that are not shmtop. */
static void attachers_json(const struct field *f, const void *obj, const struct field_ctx *c,
			   struct outbuf *b)
{
	const struct attach_list *l = c->attachers;
	const struct shmseg *s = obj;
	size_t first = 0, n, end;
	uint64_t visible = 0;

	(void)f;
	if (!l)
		return;
	n = attach_find(l, s->shmid, &first);
	end = first + n;
	outbuf_puts(b, ",\"attachers\":[");
	for (size_t i = first; i < end;) {
		const struct attacher *a = &l->v[i];
		size_t run = attach_pid_run(l, i, end);
		char access[5];

		if (i > first)
			outbuf_putc(b, ',');
		memcpy(access, a->access, sizeof(access));
		for (size_t k = i; k < i + run; k++)
			if (l->v[k].access[1] == 'w')
				access[1] = 'w';
		outbuf_putc(b, '{');
		field_json_mapping(b, a->pid, a->comm, a->uid, 0, a->addr, a->length, access,
				   (unsigned)run);
		outbuf_puts(b, a->shmtop ? ",\"shmtop\":true" : ",\"shmtop\":false");
		outbuf_puts(b, ",\"mappings\":[");
		for (size_t k = i; k < i + run; k++) {
			outbuf_puts(b, k > i ? ",{\"addr\":" : "{\"addr\":");
			field_json_hex(b, l->v[k].addr);
			outbuf_puts(b, ",\"length\":");
			outbuf_u64(b, l->v[k].length);
			outbuf_puts(b, ",\"access\":");
			field_json_str(b, l->v[k].access);
			outbuf_putc(b, '}');
		}
		outbuf_puts(b, "]}");
		if (!a->shmtop)
			visible += run;
		i += run;
	}
	/* the kernel's nattch counts mappings: nattch above attachers_visible (plus shmtop's own)
	 * means some attachers are hidden from us */
	outbuf_puts(b, "],\"attachers_visible\":");
	outbuf_u64(b, visible);
}

/* The first few command names attached to the segment, escaped, or "-" when none is visible.
 * Only whole names go in: a cut one could end in half of an escape. */
static enum frame_style procs_text(const struct field *f, const void *obj,
				   const struct field_ctx *c, char *buf, size_t size)
{
	const struct shmseg *s = obj;
	size_t first, n = c->attachers ? attach_find(c->attachers, s->shmid, &first) : 0;
	size_t len = 0;

	(void)f;
	buf[0] = '\0';
	if (!n) {
		snprintf(buf, size, "-");
		return STYLE_NORMAL;
	}
	/* one name per process (the records are per mapping, a process's consecutive) */
	for (size_t i = first, end = first + n; i < end;) {
		char comm[sizeof(c->attachers->v[0].comm) * 4];
		size_t k = fmt_escape(comm, sizeof(comm), c->attachers->v[i].comm);

		if (len + (len ? 1 : 0) + k + 1 > size)
			break;
		if (len)
			buf[len++] = ',';
		memcpy(buf + len, comm, k + 1);
		len += k;
		i += attach_pid_run(c->attachers, i, end);
	}
	return STYLE_NORMAL;
}

#define W_DATA (FW_JSON | FW_CSV)
#define W_COLUMN (FW_DASH | FW_TABLE | FW_JSON | FW_CSV)

/* In JSON member order. Dashboard priorities: lower survives longer on a narrow terminal. */
/* The creator shmtop --record recorded (field_ctx.recorded). */
static enum frame_style recorded_text(const struct field *f, const void *obj,
				      const struct field_ctx *c, char *buf, size_t size)
{
	const struct field_recorded *r = c->recorded ? c->recorded(c->rctx, obj) : NULL;
	char cmd[FIELD_RECORDED_CMDLINE * 4];

	(void)f;
	if (!r) {
		snprintf(buf, size, "-");
		return STYLE_NORMAL;
	}
	fmt_escape(cmd, sizeof(cmd), r->cmdline[0] ? r->cmdline : "?");
	snprintf(buf, size, "%s%s", cmd, r->exited_ns ? " (exited)" : "");
	return r->exited_ns ? STYLE_DIM : STYLE_NORMAL;
}

static void recorded_json(const struct field *f, const void *obj, const struct field_ctx *c,
			  struct outbuf *b)
{
	const struct field_recorded *r;
	char num[160];

	if (!c->recorded)
		return; /* no history database: no member */
	outbuf_puts(b, ",\"");
	outbuf_puts(b, f->name);
	outbuf_puts(b, "\":");
	if (!(r = c->recorded(c->rctx, obj))) {
		outbuf_puts(b, "null");
		return;
	}
	snprintf(num, sizeof(num), "{\"pid\":%d,\"uid\":", (int)r->pid);
	outbuf_puts(b, num);
	if (r->uid != (uint32_t)-1)
		snprintf(num, sizeof(num), "%u", (unsigned)r->uid);
	else
		snprintf(num, sizeof(num), "null");
	outbuf_puts(b, num);
	outbuf_puts(b, ",\"cmdline\":");
	if (r->cmdline[0])
		field_json_str(b, r->cmdline);
	else
		outbuf_puts(b, "null");
	snprintf(num, sizeof(num), ",\"created\":%lld.%06lld", (long long)(r->created_ns / 1000000000),
		 (long long)(r->created_ns % 1000000000 / 1000));
	outbuf_puts(b, num);
	if (r->exited_ns)
		snprintf(num, sizeof(num), ",\"exited\":%lld.%06lld}",
			 (long long)(r->exited_ns / 1000000000),
			 (long long)(r->exited_ns % 1000000000 / 1000));
	else
		snprintf(num, sizeof(num), ",\"exited\":null}");
	outbuf_puts(b, num);
}

static void recorded_csv(const struct field *f, const void *obj, const struct field_ctx *c,
			 struct outbuf *b)
{
	const struct field_recorded *r = c->recorded ? c->recorded(c->rctx, obj) : NULL;

	(void)f;
	if (r && r->cmdline[0])
		field_csv_str(b, r->cmdline);
}

static const struct field shm_fields[SHM_F_COUNT] = {
	[SHM_F_KEY] = {
		.name = "key", .title = "KEY", .type = FIELD_KEY,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH,
		.width = 10, .bwidth = 10, .priority = 0, .offset = AT(key) },
	[SHM_F_SHMID] = {
		.name = "shmid", .alias = "id", .title = "SHMID", .type = FIELD_INT,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 8, .bwidth = 10, .right = 1, .priority = 1,
		.offset = AT(shmid) },
	[SHM_F_PERMS] = {
		.name = "perms", .title = "PERMS", .type = FIELD_PERMS, .writers = W_COLUMN,
		.width = 9, .bwidth = 5, .priority = 9, .offset = AT(mode) },
	[SHM_F_SIZE] = {
		.name = "size", .title = "SIZE", .type = FIELD_SIZE, .writers = W_COLUMN | FW_PROM,
		.width = 6, .bwidth = 6, .right = 1, .priority = 3, .offset = AT(size),
		.prom = "size_bytes", .help = "Size of the segment in bytes." },
	[SHM_F_NATTCH] = {
		.name = "nattch", .title = "NATTCH", .type = FIELD_UINT, .writers = W_COLUMN | FW_PROM,
		.width = 6, .bwidth = 6, .right = 1, .priority = 4, .offset = AT(nattch),
		.prom = "attachments",
		.help = "Attachments to the segment (nattch); a process attached twice counts twice." },
	[SHM_F_DEST] = {
		.name = "dest", .type = FIELD_FLAG, .writers = W_DATA, .offset = AT(mode),
		.bit = SHMSEG_MODE_DEST },
	[SHM_F_LOCKED] = {
		.name = "locked", .type = FIELD_FLAG, .writers = W_DATA, .offset = AT(mode),
		.bit = SHMSEG_MODE_LOCKED },
	[SHM_F_UID] = { .name = "uid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(uid) },
	[SHM_F_GID] = { .name = "gid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(gid) },
	[SHM_F_CUID] = { .name = "cuid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(cuid) },
	[SHM_F_CGID] = { .name = "cgid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(cgid) },
	[SHM_F_OWNER] = {
		.name = "owner", .alias = "user", .title = "OWNER", .type = FIELD_USER,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 8, .bwidth = 10, .priority = 2,
		.offset = AT(uid) },
	[SHM_F_GROUP] = {
		.name = "group", .title = "GROUP", .type = FIELD_GROUP, .writers = W_COLUMN,
		.width = 8, .bwidth = 10, .priority = 16, .offset = AT(gid) },
	[SHM_F_CPID] = {
		.name = "cpid", .title = "CPID", .type = FIELD_PID, .writers = W_COLUMN | FW_SEARCH,
		.width = 17,
		.bwidth = 7, .priority = 7, .offset = AT(cpid), .since = since_ctime },
	[SHM_F_CPID_COMM] = {
		.name = "cpid_comm", .type = FIELD_PID_COMM, .writers = W_DATA, .offset = AT(cpid),
		.since = since_ctime },
	[SHM_F_CPID_ALIVE] = {
		.name = "cpid_alive", .type = FIELD_PID_ALIVE, .writers = W_DATA, .offset = AT(cpid),
		.since = since_ctime },
	[SHM_F_LPID] = {
		.name = "lpid", .title = "LPID", .type = FIELD_PID, .writers = W_COLUMN | FW_SEARCH,
		.width = 17,
		.bwidth = 7, .priority = 10, .offset = AT(lpid), .since = since_last_use },
	[SHM_F_LPID_COMM] = {
		.name = "lpid_comm", .type = FIELD_PID_COMM, .writers = W_DATA, .offset = AT(lpid),
		.since = since_last_use },
	[SHM_F_LPID_ALIVE] = {
		.name = "lpid_alive", .type = FIELD_PID_ALIVE, .writers = W_DATA, .offset = AT(lpid),
		.since = since_last_use },
	[SHM_F_ATIME] = {
		.name = "atime", .alias = "attach", .title = "ATTACHED", .type = FIELD_TIME,
		.writers = W_COLUMN, .width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1,
		.priority = 11, .offset = AT(atime) },
	[SHM_F_DTIME] = {
		.name = "dtime", .alias = "detach", .title = "DETACHED", .type = FIELD_TIME,
		.writers = W_COLUMN, .width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1,
		.priority = 12, .offset = AT(dtime) },
	[SHM_F_CTIME] = {
		.name = "ctime", .title = "CHANGED", .type = FIELD_TIME, .writers = W_COLUMN,
		.width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1, .priority = 13,
		.offset = AT(ctime) },
	[SHM_F_RSS] = {
		.name = "rss", .title = "RSS", .type = FIELD_MEM, .writers = W_COLUMN | FW_PROM,
		.width = 6, .bwidth = 7, .right = 1, .priority = 14, .offset = AT(rss),
		.prom = "rss_bytes",
		.help = "Resident bytes of the segment (absent when the kernel does not say)." },
	[SHM_F_SWAP] = {
		.name = "swap", .title = "SWAP", .type = FIELD_MEM, .writers = W_COLUMN | FW_PROM,
		.width = 6, .bwidth = 7, .right = 1, .priority = 15, .offset = AT(swap),
		.prom = "swap_bytes",
		.help = "Swapped-out bytes of the segment (absent when the kernel does not say)." },
	[SHM_F_HUGE] = {
		.name = "huge_page_size", .type = FIELD_MEM, .writers = W_DATA,
		.offset = AT(huge_page) },
	[SHM_F_LEAK] = {
		.name = "leak", .title = "LEAK", .type = FIELD_CUSTOM,
		.writers = FW_DASH | FW_TABLE | FW_JSON | FW_LEAK, .width = 12, .bwidth = 0,
		.priority = 6, .text = field_leak_text, .json = field_leak_json },
	[SHM_F_ATTACHERS] = {
		.name = "attachers", .type = FIELD_CUSTOM, .writers = FW_JSON,
		.json = attachers_json },
	[SHM_F_STATUS] = {
		.name = "status", .title = "STATUS", .type = FIELD_CUSTOM,
		.writers = FW_DASH | FW_TABLE, .width = 9, .bwidth = 11, .priority = 5,
		.text = status_text, .cmp = status_cmp },
	[SHM_F_LEAK_SUSPECT] = {
		.name = "leak_suspect", .type = FIELD_CUSTOM, .writers = FW_CSV | FW_PROM | FW_LEAK,
		.csv = field_suspect_csv, .num = field_suspect_num, .prom = "leak_suspect",
		.help = "1 when the segment is a leak suspect: nattch 0, not removed, and its "
			"creator gone, its key IPC_PRIVATE or unattached longer than --stale (see "
			"shmtop(1))." },
	[SHM_F_LEAK_REASONS] = {
		.name = "leak_reasons", .type = FIELD_CUSTOM, .writers = FW_CSV | FW_LEAK,
		.csv = field_reasons_csv },
	[SHM_F_PROCS] = {
		.name = "processes", .title = "PROCESSES", .type = FIELD_CUSTOM,
		.writers = FW_DASH | FW_ATTACHERS, .width = 20, .priority = 8, .text = procs_text,
		.follows = SHM_F_NATTCH },
	[SHM_F_DETACH_TIMESTAMP] = {
		.name = "detach_timestamp", .type = FIELD_CUSTOM, .writers = FW_PROM,
		.num = detach_time_num, .prom = "detach_timestamp_seconds",
		.help = "When the segment was last detached (dtime), or created (ctime) when never "
			"detached, Unix time; time() minus it is how long it has been unused while "
			"shmtop_segment_attachments is 0." },
	[SHM_F_RECORDED] = {
		.name = "creator_recorded", .title = "RECORDED CREATOR", .type = FIELD_CUSTOM,
		.writers = FW_TABLE | FW_JSON | FW_CSV, .bwidth = 0, .text = recorded_text,
		.json = recorded_json, .csv = recorded_csv },
};

static const uint8_t dash_columns[] = {
	SHM_F_KEY, SHM_F_SHMID, SHM_F_OWNER, SHM_F_PERMS, SHM_F_SIZE, SHM_F_NATTCH, SHM_F_STATUS, SHM_F_LEAK, SHM_F_CPID, SHM_F_LPID,
	SHM_F_ATIME, SHM_F_DTIME, SHM_F_CTIME, SHM_F_RSS, SHM_F_SWAP, SHM_F_PROCS, FIELD_NONE,
};

static const uint8_t table_columns[] = {
	SHM_F_KEY, SHM_F_SHMID, SHM_F_OWNER, SHM_F_PERMS, SHM_F_SIZE, SHM_F_NATTCH, SHM_F_STATUS, SHM_F_CPID, SHM_F_LPID, SHM_F_ATIME,
	SHM_F_DTIME, SHM_F_CTIME, SHM_F_RSS, SHM_F_SWAP, FIELD_NONE,
};

static const uint8_t csv_columns[] = {
	SHM_F_KEY, SHM_F_SHMID, SHM_F_PERMS, SHM_F_SIZE, SHM_F_NATTCH, SHM_F_DEST, SHM_F_LOCKED, SHM_F_UID, SHM_F_GID, SHM_F_CUID, SHM_F_CGID,
	SHM_F_OWNER, SHM_F_GROUP, SHM_F_CPID, SHM_F_CPID_COMM, SHM_F_CPID_ALIVE, SHM_F_LPID, SHM_F_LPID_COMM, SHM_F_LPID_ALIVE,
	SHM_F_ATIME, SHM_F_DTIME, SHM_F_CTIME, SHM_F_RSS, SHM_F_SWAP, SHM_F_LEAK_SUSPECT, SHM_F_LEAK_REASONS, SHM_F_HUGE, FIELD_NONE,
};

static const uint8_t prom_gauges[] = {
	SHM_F_SIZE, SHM_F_NATTCH, SHM_F_RSS, SHM_F_SWAP, SHM_F_DETACH_TIMESTAMP, SHM_F_LEAK_SUSPECT, FIELD_NONE,
};

static const uint8_t sort_columns[] = {
	SHM_F_KEY, SHM_F_SHMID, SHM_F_OWNER, SHM_F_GROUP, SHM_F_PERMS, SHM_F_SIZE, SHM_F_NATTCH,
	SHM_F_STATUS, SHM_F_CPID, SHM_F_LPID, SHM_F_ATIME, SHM_F_DTIME, SHM_F_CTIME, SHM_F_RSS,
	SHM_F_SWAP, FIELD_NONE,
};

uint64_t kind_shm_key(int32_t shmid)
{
	return (uint32_t)shmid;
}

static uint64_t shm_key(const void *obj)
{
	return kind_shm_key(((const struct shmseg *)obj)->shmid);
}

/* The same segment, as far as tracking goes: ids are reused, so the creator pid must match too
 * (key and ctime change with IPC_RMID and IPC_SET: those are changes, not a new segment). */
static int shm_same(const void *was, const void *now)
{
	const struct shmseg *a = was, *b = now;

	return a->shmid == b->shmid && a->cpid == b->cpid;
}

static int remove_seg(const struct kind_remove_ctx *ctx, const void *obj)
{
	const struct shmseg *s = obj;

	return sysv_remove(s->shmid, s, ctx->seen_ns);
}

static void label(const void *obj, char *buf, size_t size)
{
	snprintf(buf, size, "shmid %d", (int)((const struct shmseg *)obj)->shmid);
}

/* Orphan, creator gone, unreachable, stale: judged on the segment as given (the dashboard passes
 * it as its users left it), without the attachments of shmtop processes that ctx's scan saw. */
static unsigned leak_seg(const void *obj, const struct leak_ctx *ctx)
{
	const struct shmseg *s = obj;
	struct leak_evidence ev = { .now = ctx->now, .stale_secs = ctx->stale_secs };

	ev.creator_gone = procinfo_cache_gone(ctx->pids, s->cpid, s->ctime);
	if (ctx->evidence && s->nattch) { /* a shmtop's attachment is not use */
		struct attach_summary sum;

		attach_summarize(ctx->evidence, s->shmid, &sum);
		ev.shmtop_mappings = sum.shmtop_mappings;
	}
	return leak_segment(s, &ev);
}

/* Through an attacher's mapping where there is one, else attached only for each copy. */
static int open_seg(const struct kind_read_ctx *ctx, const void *obj, struct reader *rd)
{
	return reader_open_sysv(rd, ctx->procroot, obj, 0);
}

/* Its creator, its last attacher or detacher, or one attached now. */
static int held_seg(const void *obj, const struct kind_pid_ctx *ctx, int32_t pid)
{
	const struct shmseg *s = obj;
	size_t first, n;

	if (s->cpid == pid || s->lpid == pid)
		return 1;
	n = ctx->attachers ? attach_find(ctx->attachers, s->shmid, &first) : 0;
	for (size_t i = first; n && i < first + n; i++)
		if (ctx->attachers->v[i].pid == pid)
			return 1;
	return 0;
}

const struct kind kind_shm = {
	.name = "shm",
	.title = "System V shared memory segments",
	.noun = "segments",
	.noun_one = "segment",
	.id_name = "shmid",
	.json_array = "segments",
	.prom_prefix = "shmtop_segment_",
	.size = sizeof(struct shmseg),
	.fields = shm_fields,
	.nfields = SHM_F_COUNT,
	.dash_columns = dash_columns,
	.table_columns = table_columns,
	.csv_columns = csv_columns,
	.prom_gauges = prom_gauges,
	.key = shm_key,
	.same = shm_same,
	.use_field = SHM_F_NATTCH,
	.sort_columns = sort_columns,
	.sort_default = SHM_F_SHMID,
	.prom_rank = SHM_F_SIZE,
	.leak = leak_seg,
	.remove = remove_seg,
	.open_reader = open_seg,
	.held_by = held_seg,
	.label = label,
};
