/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_columns.c - the dashboard's table of segments over the registry: the column layout on
 * narrowing terminals, and every cell of kind_shm's dashboard columns, pids from a fake /proc. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "columns.h"
#include "kind_posix.h"
#include "kind_shm.h"
#include "leak.h"
#include "fmt.h"
#include "names.h"
#include "procinfo.h"
#include "shmseg.h"
#include "track.h"

#define NOW   1700000000          /* 2023-11-14 22:13:20 UTC */
#define BTIME 1699990000          /* boot, in the fake /proc/stat */
#define HZ    100

static int fake_lookup(uint32_t id, int group, char *buf, size_t size)
{
	if (group)
		return -ENOENT;
	if (id == 1000)
		snprintf(buf, size, "alice");
	else if (id == 0)
		snprintf(buf, size, "root");
	else
		return -ENOENT;
	return 0;
}

static struct names names;

/* The segment most cells are checked on: created 2h ago by pid 100, last attached 12s ago by 200. */
static struct shmseg known(void)
{
	struct shmseg s;

	memset(&s, 0, sizeof(s));
	s.key = 0x2537;
	s.shmid = 32769;
	s.mode = 0640;
	s.uid = s.cuid = 1000;
	s.gid = s.cgid = 1000;
	s.cpid = 100;
	s.lpid = 200;
	s.size = 1048576;
	s.nattch = 2;
	s.atime = NOW - 12;
	s.dtime = 0;
	s.ctime = NOW - 7200;
	s.rss = 4096;
	s.swap = SHMSEG_UNKNOWN;
	return s;
}

static struct field_ctx ctx_plain(void)
{
	struct field_ctx c = { .names = &names, .names_cached = 1, .pids = NULL, .now = NOW };

	return c;
}

/* The dashboard's default columns, in table order: COLUMN_COUNT of them, each named by its
 * position; F(id) is the registry field of the column at that position. */
#define COLUMN_COUNT ((int)(sizeof(order) / sizeof(order[0])))
static const char *const order[] = {
	"key", "shmid", "owner", "perms", "size", "nattch", "status", "leak", "cpid", "lpid",
	"atime", "dtime", "ctime", "rss", "swap", "processes",
};
enum column_id {
	COLUMN_KEY, COLUMN_SHMID, COLUMN_OWNER, COLUMN_PERMS, COLUMN_SIZE, COLUMN_NATTCH,
	COLUMN_STATUS, COLUMN_LEAK, COLUMN_CPID, COLUMN_LPID, COLUMN_ATIME, COLUMN_DTIME,
	COLUMN_CTIME, COLUMN_RSS, COLUMN_SWAP, COLUMN_PROCS,
};

static const struct field *F(int id)
{
	return &kind_shm.fields[kind_shm.dash_columns[id]];
}

static int column_width(int id, const struct field_ctx *ctx)
{
	return field_width(F(id), ctx);
}

static int column_priority(int id, const struct field_ctx *ctx)
{
	(void)ctx;
	return F(id)->priority;
}

/* The layout of the default columns, as positions  in table order. */
static size_t columns_layout_ids(int width, const struct field_ctx *ctx, int *ids)
{
	uint8_t out[FIELD_MAX];
	size_t n = columns_layout(&kind_shm, kind_shm.dash_columns, width, ctx, out);

	for (size_t i = 0; i < n; i++) {
		ids[i] = -1;
		for (int p = 0; p < COLUMN_COUNT; p++)
			if (kind_shm.dash_columns[p] == out[i])
				ids[i] = p;
		assert_true(ids[i] >= 0);
	}
	return n;
}

static const char *cell_leak(int id, const struct shmseg *s, struct field_ctx *ctx,
			     enum frame_style *style, unsigned leak)
{
	static char buf[256];
	enum frame_style st;

	memset(buf, 'X', sizeof(buf));
	ctx->leak = leak;
	ctx->suspect = leak_is_suspect(leak);
	st = field_text(F(id), s, ctx, buf, sizeof(buf));
	if (style)
		*style = st;
	return buf;
}

static const char *cell(int id, const struct shmseg *s, const struct field_ctx *ctx,
			enum frame_style *style)
{
	struct field_ctx c = *ctx;

	return cell_leak(id, s, &c, style, 0);
}

static int setup(void **state)
{
	(void)state;
	names_init(&names, fake_lookup);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	names_free(&names);
	return 0;
}

/* ---------------------------------------------------------------- the table */

static void test_column_table(void **state)
{
	int seen[COLUMN_COUNT] = { 0 };
	struct field_ctx ctx = ctx_plain();

	(void)state;
	/* the defaults are the columns named, in that order */
	assert_int_equal(kind_list_len(kind_shm.dash_columns), COLUMN_COUNT);
	for (int id = 0; id < COLUMN_COUNT; id++)
		assert_string_equal(F(id)->name, order[id]);
	/* priorities are a permutation: each width drops a well-defined column */
	for (int id = 0; id < COLUMN_COUNT; id++) {
		assert_true(F(id)->priority < COLUMN_COUNT);
		assert_int_equal(seen[F(id)->priority]++, 0);
		assert_non_null(F(id)->title);
		assert_true((int)strlen(F(id)->title) <= column_width(id, &ctx));
		assert_int_equal(column_width(id, &ctx), F(id)->width);
	}
	/* KEY and SHMID are the last to go */
	assert_int_equal(F(COLUMN_KEY)->priority, 0);
	assert_int_equal(F(COLUMN_SHMID)->priority, 1);
	/* the key column fits a whole key */
	assert_int_equal(F(COLUMN_KEY)->width, FMT_KEY_LEN - 1);
	assert_int_equal(F(COLUMN_PERMS)->width, FMT_PERMS_LEN - 1);
	assert_string_equal(F(COLUMN_ATIME)->title, "ATTACHED");
	assert_string_equal(F(COLUMN_DTIME)->title, "DETACHED");
	assert_string_equal(F(COLUMN_CTIME)->title, "CHANGED");
	/* the highlight of a cell follows its field */
	assert_int_equal(F(COLUMN_PROCS)->follows, SHM_F_NATTCH);
	assert_int_equal(F(COLUMN_STATUS)->follows, 0);      /* its own cmp tells its changes */
	assert_non_null(F(COLUMN_STATUS)->cmp);
}

/* ---------------------------------------------------------------- layout */

/* Whether column id can appear at all: PROCESSES only when attachers were scanned. */
static int shown(int id, const struct field_ctx *ctx)
{
	return columns_shown(F(id), ctx);
}

/* How many columns a wide enough terminal shows. */
static int all_count(const struct field_ctx *ctx)
{
	int n = 0;

	for (int id = 0; id < COLUMN_COUNT; id++)
		n += shown(id, ctx);
	return n;
}

/* 1 marker column plus every shown column and the space after it. */
static int all_width(const struct field_ctx *ctx)
{
	int w = 1;

	for (int id = 0; id < COLUMN_COUNT; id++)
		if (shown(id, ctx))
			w += column_width(id, ctx) + 1;
	return w;
}

static int used_width(const int *ids, size_t n, const struct field_ctx *ctx)
{
	int w = 1;

	for (size_t i = 0; i < n; i++)
		w += column_width(ids[i], ctx) + 1;
	return w;
}

static void check_layouts(const struct field_ctx *ctx);

static void test_layout_widest(void **state)
{
	struct field_ctx ctx = ctx_plain();
	int ids[FIELD_MAX];
	int full = all_width(&ctx);

	(void)state;
	for (int w = full; w < full + 100; w += 33) {
		assert_int_equal(columns_layout_ids(w, &ctx, ids), all_count(&ctx));
		for (int i = 0; i < all_count(&ctx); i++)
			assert_int_equal(ids[i], i); /* PROCESSES, hidden here, is the last id */
	}
	/* one column less: the one of highest priority number, SWAP, goes first */
	assert_int_equal(columns_layout_ids(full - 1, &ctx, ids), all_count(&ctx) - 1);
	for (int i = 0; i < all_count(&ctx) - 1; i++)
		assert_int_equal(ids[i], i);
	for (int id = 0; id < COLUMN_COUNT; id++)
		if (id != COLUMN_SWAP && shown(id, &ctx))
			assert_true(column_priority(id, &ctx) <
				    column_priority(COLUMN_SWAP, &ctx));
}

static void test_layout_processes(void **state)
{
	struct attach_list al;
	struct field_ctx ctx = ctx_plain();
	int ids[FIELD_MAX];
	size_t n;

	(void)state;
	attach_list_init(&al);
	ctx.attachers = &al;
	/* asked for, it is shown at full width, last in table order */
	n = columns_layout_ids(all_width(&ctx), &ctx, ids);
	assert_int_equal(n, COLUMN_COUNT);
	assert_int_equal(ids[n - 1], COLUMN_PROCS);
	/* and it ranks right after CPID: everything of a higher priority number goes first */
	for (int id = 0; id < COLUMN_COUNT; id++)
		if (id != COLUMN_PROCS)
			assert_true((column_priority(id, &ctx) <
				     column_priority(COLUMN_PROCS, &ctx)) ==
				    (F(id)->priority <= F(COLUMN_CPID)->priority));
	check_layouts(&ctx);
	attach_list_free(&al);
}

/* For every width: columns in table order, never wider than the terminal, and each missing
 * column is one that did not fit after every column of lower priority number was placed. */
static void check_layouts(const struct field_ctx *ctx)
{
	int full = all_width(ctx);
	int key_w = 1 + column_width(COLUMN_KEY, ctx) + 1;
	int shmid_w = key_w + column_width(COLUMN_SHMID, ctx) + 1;

	for (int width = -1; width <= full + 2; width++) {
		int ids[FIELD_MAX];
		int kept[COLUMN_COUNT] = { 0 };
		size_t n = columns_layout_ids(width, ctx, ids);

		for (size_t i = 0; i < n; i++) {
			if (i)
				assert_true(ids[i] > ids[i - 1]);
			kept[ids[i]] = 1;
		}
		if (n)
			assert_true(used_width(ids, n, ctx) <= width);
		assert_int_equal(kept[COLUMN_KEY], width >= key_w);
		/* SHMID is next: kept exactly when KEY and it fit */
		assert_int_equal(kept[COLUMN_SHMID], width >= shmid_w);
		assert_int_equal(n == (size_t)all_count(ctx), width >= full);
		/* strictly by priority: a column left out leaves out every less important one, and
		 * the first left out would not have fitted after the ones kept */
		{
			int used = 1, stop = -1;

			for (int k = 0; k < COLUMN_COUNT; k++)
				if (kept[k])
					used += column_width(k, ctx) + 1;
			for (int d = 0; d < COLUMN_COUNT; d++) {
				if (kept[d] || !shown(d, ctx))
					continue;
				for (int k = 0; k < COLUMN_COUNT; k++)
					if (kept[k] && column_priority(k, ctx) > column_priority(d, ctx))
						fail_msg("width %d: column %d kept after a more important "
							 "%d was left out", width, k, d);
				if (stop < 0 || column_priority(d, ctx) < column_priority(stop, ctx))
					stop = d;
			}
			if (stop >= 0)
				assert_true(used + column_width(stop, ctx) + 1 > width);
		}
	}
}

static void test_layout_narrowing(void **state)
{
	struct field_ctx ctx = ctx_plain();
	int ids[FIELD_MAX];

	(void)state;
	check_layouts(&ctx);
	ctx.abs_time = 1;
	check_layouts(&ctx);
	ctx.bytes = 1;
	check_layouts(&ctx);
	/* the smallest cases by hand: nothing until KEY fits, then KEY, then KEY and SHMID */
	ctx = ctx_plain();
	assert_int_equal(columns_layout_ids(0, &ctx, ids), 0);
	assert_int_equal(columns_layout_ids(11, &ctx, ids), 0); /* KEY needs 1 + 10 + 1 */
	assert_int_equal(columns_layout_ids(12, &ctx, ids), 1);
	assert_int_equal(ids[0], COLUMN_KEY);
	/* SHMID (8) does not fit in 20: nothing after it either, though SIZE (6) would */
	assert_int_equal(columns_layout_ids(20, &ctx, ids), 1);
	assert_int_equal(columns_layout_ids(21, &ctx, ids), 2);
	assert_int_equal(ids[1], COLUMN_SHMID);
}

/* The dashboard at 80 columns shows what a first look needs: key, id, owner, size, nattch and
 * status (the leak mark is the row's first cell); RSS shows at every width from where it first
 * fits. */
static void test_layout_80(void **state)
{
	struct field_ctx ctx = ctx_plain();
	int ids[FIELD_MAX], kept[COLUMN_COUNT] = { 0 }, first_rss = -1;
	size_t n;

	(void)state;
	n = columns_layout_ids(80, &ctx, ids);
	for (size_t i = 0; i < n; i++)
		kept[ids[i]] = 1;
	assert_true(kept[COLUMN_KEY] && kept[COLUMN_SHMID] && kept[COLUMN_OWNER] &&
		    kept[COLUMN_SIZE] && kept[COLUMN_NATTCH] && kept[COLUMN_STATUS]);
	for (int width = 20; width <= 400; width++) {
		int rss = 0;

		n = columns_layout_ids(width, &ctx, ids);
		for (size_t i = 0; i < n; i++)
			rss |= ids[i] == COLUMN_RSS;
		if (rss && first_rss < 0)
			first_rss = width;
		if (first_rss >= 0)
			assert_true(rss); /* once shown, shown at every wider width */
	}
	assert_true(first_rss > 0);
}

/* A POSIX object's NAME takes the width the other columns leave, so long names show whole; the
 * others keep theirs, and with no room to spare (or no FW_FILL column) nothing changes. */
static void test_layout_fill(void **state)
{
	struct field_ctx ctx = ctx_plain();
	uint8_t ids[FIELD_MAX];
	int widths[FIELD_MAX], min_total = 1;
	size_t n;

	(void)state;
	n = columns_layout(&kind_posix, kind_posix.dash_columns, 1000, &ctx, ids);
	assert_true(n >= 2);
	assert_int_equal(ids[0], POSIX_F_NAME);
	for (size_t i = 0; i < n; i++)
		min_total += field_width(&kind_posix.fields[ids[i]], &ctx) + 1;
	for (int width = min_total - 3; width <= min_total + 50; width++) {
		int used = 1;

		n = columns_layout(&kind_posix, kind_posix.dash_columns, width, &ctx, ids);
		columns_widths(&kind_posix, ids, n, width, &ctx, NULL, widths);
		for (size_t i = 0; i < n; i++) {
			used += widths[i] + 1;
			if (ids[i] != POSIX_F_NAME)
				assert_int_equal(widths[i], field_width(&kind_posix.fields[ids[i]], &ctx));
			else
				assert_true(widths[i] >= field_width(&kind_posix.fields[ids[i]], &ctx));
		}
		if (width >= min_total)
			assert_int_equal(used, width); /* the whole line, no more */
		else
			assert_true(used <= width);
	}
	/* with the widths their texts need, NAME grows only to its longest name and MAPPED BY,
	 * the next fill column, takes what is left up to its own; the rest stays blank */
	{
		int want[FIELD_MAX], used = 1, iname = -1, imap = -1;

		n = columns_layout(&kind_posix, kind_posix.dash_columns, 200, &ctx, ids);
		for (size_t i = 0; i < n; i++) {
			want[i] = -1;
			if (ids[i] == POSIX_F_NAME)
				want[i] = 30, iname = (int)i;
			if (ids[i] == POSIX_F_MAPPED_BY)
				want[i] = 60, imap = (int)i;
		}
		assert_true(iname >= 0 && imap >= 0);
		columns_widths(&kind_posix, ids, n, 200, &ctx, want, widths);
		assert_int_equal(widths[iname], 30);
		assert_int_equal(widths[imap], 60);
		for (size_t i = 0; i < n; i++)
			used += widths[i] + 1;
		assert_true(used < 200);
		/* too little room for both: NAME first, MAPPED BY what is left */
		n = columns_layout(&kind_posix, kind_posix.dash_columns, min_total + 25, &ctx, ids);
		for (size_t i = 0; i < n; i++)
			want[i] = ids[i] == POSIX_F_NAME ? 30 : ids[i] == POSIX_F_MAPPED_BY ? 60 : -1;
		columns_widths(&kind_posix, ids, n, min_total + 25, &ctx, want, widths);
		used = 1;
		for (size_t i = 0; i < n; i++)
			used += widths[i] + 1;
		assert_int_equal(used, min_total + 25);
		for (size_t i = 0; i < n; i++)
			if (ids[i] == POSIX_F_NAME)
				assert_int_equal(widths[i], 30);
	}
	/* segments have no FW_FILL column: every width is the field's */
	n = columns_layout(&kind_shm, kind_shm.dash_columns, 400, &ctx, ids);
	columns_widths(&kind_shm, ids, n, 400, &ctx, NULL, widths);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(widths[i], field_width(&kind_shm.fields[ids[i]], &ctx));
}

static void test_layout_absolute_times(void **state)
{
	struct field_ctx rel = ctx_plain(), abs = ctx_plain();
	int ids[FIELD_MAX];
	static const int times[] = { COLUMN_ATIME, COLUMN_DTIME, COLUMN_CTIME };

	(void)state;
	abs.abs_time = 1;
	for (int i = 0; i < 3; i++) {
		/* "2023-11-14 22:13:08" */
		assert_int_equal(column_width(times[i], &abs), FMT_TIME_LEN - 1);
		assert_true(column_width(times[i], &abs) > column_width(times[i], &rel));
	}
	assert_int_equal(column_width(COLUMN_KEY, &abs), column_width(COLUMN_KEY, &rel));
	assert_int_equal(all_width(&abs),
			 all_width(&rel) + 3 * (FMT_TIME_LEN - 1 - F(COLUMN_ATIME)->width));
	/* a width that shows everything in relative mode does not in absolute mode */
	assert_int_equal(columns_layout_ids(all_width(&rel), &rel, ids), all_count(&rel));
	assert_true(columns_layout_ids(all_width(&rel), &abs, ids) < (size_t)all_count(&abs));
	assert_int_equal(columns_layout_ids(all_width(&abs), &abs, ids), all_count(&abs));
	/* sizes in bytes widen the three size columns */
	abs.bytes = 1;
	assert_true(column_width(COLUMN_SIZE, &abs) >= (int)strlen("5368709120")); /* 5 GiB */
	assert_true(column_width(COLUMN_RSS, &abs) > F(COLUMN_RSS)->width);
	assert_true(column_width(COLUMN_SWAP, &abs) > F(COLUMN_SWAP)->width);
}

/* ---------------------------------------------------------------- cells */

static void test_format_cells(void **state)
{
	struct shmseg s = known();
	struct field_ctx ctx = ctx_plain();
	char want[64];
	enum frame_style st;

	(void)state;
	assert_string_equal(cell(COLUMN_KEY, &s, &ctx, &st), "0x00002537");
	assert_int_equal(st, STYLE_NORMAL);
	fmt_key(want, s.key);
	assert_string_equal(cell(COLUMN_KEY, &s, &ctx, NULL), want);
	assert_string_equal(cell(COLUMN_SHMID, &s, &ctx, NULL), "32769");
	/* the owner as far as the cache knows: formatting never looks a name up */
	assert_string_equal(cell(COLUMN_OWNER, &s, &ctx, NULL), "1000");
	assert_string_equal(names_user(&names, s.uid), "alice");
	assert_string_equal(cell(COLUMN_OWNER, &s, &ctx, NULL), "alice");
	assert_string_equal(cell(COLUMN_PERMS, &s, &ctx, NULL), "rw-r-----");
	fmt_size(want, sizeof(want), s.size);
	assert_string_equal(want, "1.0M");
	assert_string_equal(cell(COLUMN_SIZE, &s, &ctx, NULL), want);
	assert_string_equal(cell(COLUMN_NATTCH, &s, &ctx, NULL), "2");
	assert_string_equal(cell(COLUMN_STATUS, &s, &ctx, NULL), "");
	/* no process information at all: the pid alone, not dimmed */
	assert_string_equal(cell(COLUMN_CPID, &s, &ctx, &st), "100");
	assert_int_equal(st, STYLE_NORMAL);
	assert_string_equal(cell(COLUMN_LPID, &s, &ctx, &st), "200");
	assert_int_equal(st, STYLE_NORMAL);
	/* relative to ctx.now, not to the wall clock */
	assert_string_equal(cell(COLUMN_ATIME, &s, &ctx, NULL), "12s ago");
	assert_string_equal(cell(COLUMN_DTIME, &s, &ctx, NULL), "never");
	assert_string_equal(cell(COLUMN_CTIME, &s, &ctx, NULL), "2h ago");
	ctx.now = NOW + 3600;
	assert_string_equal(cell(COLUMN_ATIME, &s, &ctx, NULL), "1h ago");
	ctx.now = NOW;
	assert_string_equal(cell(COLUMN_RSS, &s, &ctx, NULL), "4.0K");
	assert_string_equal(cell(COLUMN_SWAP, &s, &ctx, NULL), "-"); /* unknown */
	s.swap = 0;
	assert_string_equal(cell(COLUMN_SWAP, &s, &ctx, NULL), "0B");

	/* every cell of the known segment fits its column */
	s = known();
	for (int id = 0; id < COLUMN_COUNT; id++)
		assert_true((int)strlen(cell(id, &s, &ctx, NULL)) <=
			    column_width(id, &ctx));
}

static void test_format_variants(void **state)
{
	struct shmseg s = known();
	struct field_ctx ctx = ctx_plain();

	(void)state;
	/* keys are shown unsigned; IPC_PRIVATE is 0 */
	s.key = -1;
	assert_string_equal(cell(COLUMN_KEY, &s, &ctx, NULL), "0xffffffff");
	s.key = 0;
	assert_string_equal(cell(COLUMN_KEY, &s, &ctx, NULL), "0x00000000");
	/* an owner without a name is shown by number */
	s.uid = 4242;
	(void)names_user(&names, s.uid);
	assert_string_equal(cell(COLUMN_OWNER, &s, &ctx, NULL), "4242");
	s.uid = 0;
	(void)names_user(&names, s.uid);
	assert_string_equal(cell(COLUMN_OWNER, &s, &ctx, NULL), "root");
	/* perms show only the permission bits, status the two flags */
	s.mode = 0666 | SHMSEG_MODE_DEST;
	assert_string_equal(cell(COLUMN_PERMS, &s, &ctx, NULL), "rw-rw-rw-");
	assert_string_equal(cell(COLUMN_STATUS, &s, &ctx, NULL), "dest");
	s.mode = 0600 | SHMSEG_MODE_LOCKED;
	assert_string_equal(cell(COLUMN_PERMS, &s, &ctx, NULL), "rw-------");
	assert_string_equal(cell(COLUMN_STATUS, &s, &ctx, NULL), "locked");
	s.mode = 0777 | SHMSEG_MODE_DEST | SHMSEG_MODE_LOCKED;
	assert_string_equal(cell(COLUMN_PERMS, &s, &ctx, NULL), "rwxrwxrwx");
	assert_true((int)strlen(cell(COLUMN_STATUS, &s, &ctx, NULL)) <=
		    column_width(COLUMN_STATUS, &ctx));
	assert_non_null(strstr(cell(COLUMN_STATUS, &s, &ctx, NULL), "dest"));
	assert_non_null(strstr(cell(COLUMN_STATUS, &s, &ctx, NULL), "lock"));
	/* a SHM_HUGETLB segment says huge, within the column; unknown or ordinary says nothing */
	s.mode = 0600;
	s.huge_page = 2097152;
	assert_string_equal(cell(COLUMN_STATUS, &s, &ctx, NULL), "huge");
	s.mode = 0600 | SHMSEG_MODE_DEST;
	assert_string_equal(cell(COLUMN_STATUS, &s, &ctx, NULL), "dest,huge");
	assert_true((int)strlen(cell(COLUMN_STATUS, &s, &ctx, NULL)) <=
		    column_width(COLUMN_STATUS, &ctx));
	s.mode = 0600 | SHMSEG_MODE_LOCKED;
	assert_string_equal(cell(COLUMN_STATUS, &s, &ctx, NULL), "lock,huge");
	s.huge_page = 0;
	assert_string_equal(cell(COLUMN_STATUS, &s, &ctx, NULL), "locked");
	s.huge_page = SHMSEG_UNKNOWN;
	s.mode = 0600;
	assert_string_equal(cell(COLUMN_STATUS, &s, &ctx, NULL), "");
	/* no pid: a dash */
	s.cpid = 0;
	s.lpid = 0;
	assert_string_equal(cell(COLUMN_CPID, &s, &ctx, NULL), "-");
	assert_string_equal(cell(COLUMN_LPID, &s, &ctx, NULL), "-");
	/* sizes: human, and in bytes when asked */
	s.size = 500;
	assert_string_equal(cell(COLUMN_SIZE, &s, &ctx, NULL), "500B");
	s.size = 5ull << 30;
	assert_string_equal(cell(COLUMN_SIZE, &s, &ctx, NULL), "5.0G");
	ctx.bytes = 1;
	assert_string_equal(cell(COLUMN_SIZE, &s, &ctx, NULL), "5368709120");
	assert_string_equal(cell(COLUMN_RSS, &s, &ctx, NULL), "4096");
	assert_string_equal(cell(COLUMN_SWAP, &s, &ctx, NULL), "-");
	ctx.bytes = 0;
	/* nattch is unsigned 32-bit (saturated when read) */
	s.nattch = UINT32_MAX;
	assert_string_equal(cell(COLUMN_NATTCH, &s, &ctx, NULL), "4294967295");
	/* a time in the future of now (clock skew) is "now", minutes and days round down */
	s.atime = NOW + 5;
	assert_string_equal(cell(COLUMN_ATIME, &s, &ctx, NULL), "now");
	s.dtime = NOW - 119;
	assert_string_equal(cell(COLUMN_DTIME, &s, &ctx, NULL), "1m ago");
	s.ctime = NOW - 3 * 86400 - 1;
	assert_string_equal(cell(COLUMN_CTIME, &s, &ctx, NULL), "3d ago");
	/* a small buffer is truncated, not overrun */
	{
		char small[4];

		memset(small, 'X', sizeof(small));
		field_text(F(COLUMN_SHMID), &s, &ctx, small, sizeof(small));
		assert_string_equal(small, "327");
	}
}

static void test_format_absolute_times(void **state)
{
	struct shmseg s = known();
	struct field_ctx ctx = ctx_plain();
	char want[FMT_TIME_LEN];

	(void)state;
	ctx.abs_time = 1;
	/* TZ=UTC (set in main) */
	assert_string_equal(cell(COLUMN_ATIME, &s, &ctx, NULL), "2023-11-14 22:13:08");
	fmt_time_abs(want, sizeof(want), s.ctime);
	assert_string_equal(want, "2023-11-14 20:13:20");
	assert_string_equal(cell(COLUMN_CTIME, &s, &ctx, NULL), want);
	/* never: a dash, not 1970 */
	assert_string_equal(cell(COLUMN_DTIME, &s, &ctx, NULL), "-");
	assert_int_equal((int)strlen(cell(COLUMN_ATIME, &s, &ctx, NULL)),
			 column_width(COLUMN_ATIME, &ctx));
}

/* ---------------------------------------------------------------- process names */

static char procroot[64];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* /proc/PID/stat as the kernel writes it; field 22 is the start time in clock ticks since boot. */
static void fake_pid(int pid, const char *comm, char state, unsigned long long start_ticks)
{
	char path[256], text[512];

	snprintf(path, sizeof(path), "%s/%d", procroot, pid);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/%d/stat", procroot, pid);
	snprintf(text, sizeof(text),
		 "%d (%s) %c 1 %d %d 0 -1 4194304 120 0 0 0 5 3 0 0 20 0 1 0 %llu 4321280 300 "
		 "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n",
		 pid, comm, state, pid, pid, start_ticks);
	write_file(path, text);
}

static void remove_tree(void)
{
	static const int pids[] = { 100, 200, 300, 500 };
	char path[256];

	for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]); i++) {
		snprintf(path, sizeof(path), "%s/%d/stat", procroot, pids[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%d", procroot, pids[i]);
		rmdir(path);
	}
	snprintf(path, sizeof(path), "%s/stat", procroot);
	unlink(path);
	rmdir(procroot);
}

/* The LEAK cell shows the row's reasons as given: suspects (all orphans) by why, in the leak
 * style; a mere orphan as "orphan"; nothing otherwise. */
static void test_format_leak(void **state)
{
	struct field_ctx ctx = ctx_plain();
	struct shmseg s = known();
	enum frame_style st;

	(void)state;

	assert_string_equal(cell_leak(COLUMN_LEAK, &s, &ctx, &st, LEAK_ORPHAN | LEAK_STALE |
				      LEAK_UNREACHABLE), "unreachable,stale");
	assert_int_equal(st, STYLE_LEAK);
	assert_string_equal(cell_leak(COLUMN_LEAK, &s, &ctx, &st, LEAK_ORPHAN), "orphan");
	assert_int_equal(st, STYLE_NORMAL);
	assert_string_equal(cell_leak(COLUMN_LEAK, &s, &ctx, &st, LEAK_CREATOR_GONE), "");
	assert_int_equal(st, STYLE_NORMAL);
	assert_string_equal(cell_leak(COLUMN_LEAK, &s, &ctx, &st, 0), "");
	assert_int_equal(st, STYLE_NORMAL);
}

static void test_format_pids(void **state)
{
	struct procclock clk;
	struct procinfo_cache cache;
	struct field_ctx ctx = ctx_plain();
	struct shmseg s = known();
	char path[256];
	enum frame_style st;

	(void)state;
	snprintf(procroot, sizeof(procroot), "/tmp/shmtop-test-columns-XXXXXX");
	assert_non_null(mkdtemp(procroot));
	snprintf(path, sizeof(path), "%s/stat", procroot);
	write_file(path, "cpu  10 0 10 1000 0 0 0 0 0 0\nintr 1 2 3\nctxt 99\nbtime 1699990000\n"
			 "processes 600\n");
	/* 100 started 10 s after boot and created the segment (2 h ago): alive */
	fake_pid(100, "writer", 'S', 10ull * HZ);
	/* 200 is a zombie */
	fake_pid(200, "reader", 'Z', 20ull * HZ);
	/* 300 started 9000 s after boot: after the segment's ctime, before its atime */
	fake_pid(300, "newproc", 'R', 9000ull * HZ);
	/* a name with spaces and parentheses, as prctl allows */
	fake_pid(500, "my (app) x", 'S', 30ull * HZ);
	/* 400 has no directory: it exited */

	assert_int_equal(procinfo_clock_read(procroot, HZ, &clk), 0);
	assert_int_equal(clk.btime, BTIME);
	procinfo_cache_init(&cache, procroot, &clk);
	ctx.pids = &cache;

	/* nothing cached yet: the formatter does no I/O and shows the bare pid */
	assert_string_equal(cell(COLUMN_CPID, &s, &ctx, &st), "100");
	assert_int_equal(st, STYLE_NORMAL);
	assert_null(procinfo_cache_find(&cache, 100));

	for (int pid = 100; pid <= 500; pid += 100)
		assert_non_null(procinfo_cache_get(&cache, pid));

	assert_string_equal(cell(COLUMN_CPID, &s, &ctx, &st), "100 writer");
	assert_int_equal(st, STYLE_NORMAL);
	/* the last pid is a zombie: named but dimmed */
	assert_string_equal(cell(COLUMN_LPID, &s, &ctx, &st), "200 reader");
	assert_int_equal(st, STYLE_DIM);

	/* 300 as creator: it started after the segment was created, so the pid was reused */
	s.cpid = 300;
	assert_string_equal(cell(COLUMN_CPID, &s, &ctx, &st), "300 newproc");
	assert_int_equal(st, STYLE_DIM);
	/* 300 as last pid: it was running at the last attach (12 s ago), so it is that process */
	s.lpid = 300;
	assert_string_equal(cell(COLUMN_LPID, &s, &ctx, &st), "300 newproc");
	assert_int_equal(st, STYLE_NORMAL);
	/* the last pid is judged by the later of atime and dtime */
	s.atime = 0;
	s.dtime = NOW - 1;
	assert_int_equal(field_text(F(COLUMN_LPID), &s, &ctx, path, sizeof(path)), STYLE_NORMAL);
	s.dtime = BTIME + 8000; /* before 300 started: another process of the same pid did it */
	assert_int_equal(field_text(F(COLUMN_LPID), &s, &ctx, path, sizeof(path)), STYLE_DIM);

	/* 400 is gone without a trace: the pid alone, dimmed */
	s.cpid = 400;
	assert_string_equal(cell(COLUMN_CPID, &s, &ctx, &st), "400");
	assert_int_equal(st, STYLE_DIM);

	s.cpid = 500;
	assert_string_equal(cell(COLUMN_CPID, &s, &ctx, &st), "500 my (app) x");
	assert_int_equal(st, STYLE_NORMAL);

	/* a pid that was never fetched: bare and not dimmed, as nothing is known of it */
	s.cpid = 600;
	assert_string_equal(cell(COLUMN_CPID, &s, &ctx, &st), "600");
	assert_int_equal(st, STYLE_NORMAL);

	procinfo_cache_free(&cache);
	remove_tree();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_column_table),
		cmocka_unit_test(test_format_leak),
		cmocka_unit_test(test_layout_widest),
		cmocka_unit_test(test_layout_processes),
		cmocka_unit_test(test_layout_narrowing),
		cmocka_unit_test(test_layout_80),
		cmocka_unit_test(test_layout_fill),
		cmocka_unit_test(test_layout_absolute_times),
		cmocka_unit_test(test_format_cells),
		cmocka_unit_test(test_format_variants),
		cmocka_unit_test(test_format_absolute_times),
		cmocka_unit_test(test_format_pids),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, setup, teardown);
}
