/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* hexharness.c - time the hex view's own code in-process, for bench/hex. Linked against a build's
 * src/libshmtop.a (the objects the dashboard is made of), so what it times is shmtop's code without
 * a terminal, tmux or polling in the way.
 *
 *   hexharness open RUNS SHMID...          open the hex view and draw its first frame
 *   hexharness refresh RUNS SHMID...       one dashboard refresh with the hex view open
 *   hexharness search RUNS SHMID PATTERN...  search the whole segment for absent patterns
 *   hexharness frame 1 SHMID               print the first hex frame as text
 *
 * open: an app as the dashboard has it (app_init, app_set_proc("/proc"), a snapshot from
 *   collect_snapshot, app_update, the table drawn once into a 120x40 frame). Per run and segment
 *   (the segments take turns, the order rotating every run): select the segment (untimed), then
 *   time app_hex_open (the reader: a scan of the attachers, then a descriptor of an attacher's
 *   mapping, or shmtop's own brief attach, ...) and app_prepare + app_draw of the first hex frame,
 *   as the dashboard's loop does after the `x` key; then check the frame's title names the
 *   segment, and close the view untimed. Every run opens afresh. Prints one line per run and
 *   segment: "SHMID TOTAL_NS OPEN_NS DRAW_NS VIA ATTACH_NS", VIA the way the reader took
 *   (map_files, brief, vm, each) and ATTACH_NS how long its own attach lasted (0: none).
 * refresh: one app per segment with the hex view open; per run and segment (in turns, as open),
 *   times what the dashboard does once a second: collect_snapshot + app_update (which re-reads
 *   the visible window and updates the change marks) + app_prepare + app_draw. Prints
 *   "SHMID NS" per run.
 * search: attaches the segment read-only and touches every page once (untimed) for the
 *   reference, and opens the hex view on it as `open` does; then per run and pattern times three
 *   searches, in an order that rotates every run: memmem over the whole attached segment (the
 *   reference); the forward search the `/` and `n` keys run: app_work called until it is done,
 *   as the dashboard's loop calls it between keys (each call reads its part of the segment through
 *   the reader and searches it); the backward search of `N` likewise (from the last byte).
 *   Patterns use the view's syntax ("x:de ad", or text with \ escapes) and must be absent
 *   (checked with memmem; an error otherwise). Prints "PATTERN_INDEX KIND NS STEPS" with KIND
 *   memmem, forward or backward, STEPS the app_work calls.
 * frame: opens the view as `open` does and prints every row of the first frame as "ROW<TAB>TEXT"
 *   (trailing blanks cut, as tmux's capture-pane prints them), so bench/hex knows what the
 *   terminal must show once that frame is complete.
 *
 * All times are CLOCK_MONOTONIC, in ns. Exit status: 0 ok, 1 error (message on stderr), 2 usage. */
#include "config.h" /* _GNU_SOURCE (memmem), as the sources have it */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "collect.h"
#include "frame.h"
#include "hexdump.h"
#include "snapshot.h"
#include "sysv.h"

#define COLS 120
#define ROWS 40

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int parse_int(const char *s, long min, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min)
		return -1;
	*out = v;
	return 0;
}

static const struct app_config config = {
	.delay = 1.0, .read_only = 1, .mouse = 0, .sort = TABLE_SHMID, .reverse = 0,
	.by_uid = 0, .uid = 0, .hostname = "bench", .version = "bench", .bytes = 0,
};

/* An app with a fresh snapshot, its table drawn once, as the dashboard has it before a key. */
static int app_setup(struct app *a, struct frame *f, struct snapshot *snap,
		     const struct collect_cfg *cfg)
{
	struct procclock clk;
	char warn[512];

	procinfo_clock_read("/proc", sysconf(_SC_CLK_TCK), &clk);
	app_init(a, &config, NULL);
	app_set_proc(a, "/proc", &clk);
	if (collect_snapshot(cfg, (int64_t)time(NULL), snap, warn, sizeof(warn)) < 0) {
		fprintf(stderr, "hexharness: cannot take a snapshot: %s\n", warn);
		return -1;
	}
	if (app_update(a, snap) < 0) {
		fprintf(stderr, "hexharness: app_update: out of memory\n");
		return -1;
	}
	a->now = (int64_t)time(NULL);
	app_prepare(a);
	app_draw(a, f);
	return 0;
}

static int select_seg(struct app *a, int32_t id)
{
	a->sel_shmid = id;
	app_rebuild(a);
	if (!app_selected(a) || app_selected(a)->seg.shmid != id) {
		fprintf(stderr, "hexharness: shmid %d is not in the dashboard's table\n", (int)id);
		return -1;
	}
	return 0;
}

static const char *via_name(enum reader_via via)
{
	switch (via) {
	case READER_MAP_FILES: return "map_files";
	case READER_BRIEF_ATTACH: return "brief";
	case READER_VM: return "vm";
	case READER_ATTACH_EACH: return "each";
	default: return "other";
	}
}

static int check_title(struct app *a, struct frame *f, int32_t id)
{
	char row[4 * COLS], want[64];

	frame_row_text(f, 0, row, sizeof(row));
	snprintf(want, sizeof(want), "shmid %d ", (int)id);
	if (a->mode != MODE_HEX || strncmp(row, want, strlen(want)) != 0) {
		fprintf(stderr, "hexharness: the hex view of shmid %d did not open: status '%s', "
			"row 0 '%s'\n", (int)id, a->status, row);
		return -1;
	}
	return 0;
}

static int run_open(long runs, int nids, const int32_t *ids, const struct collect_cfg *cfg)
{
	struct snapshot snap;
	struct frame f = { 0 };
	struct app a;
	int rc = 1;

	snapshot_init(&snap);
	if (frame_resize(&f, COLS, ROWS) < 0)
		return 1;
	f.utf8 = 1;
	if (app_setup(&a, &f, &snap, cfg) < 0)
		goto out;
	for (long r = 0; r < (runs ? runs : 1); r++) {
		for (int j = 0; j < nids; j++) {
			int k = (int)((r + j) % nids); /* the order rotates every run */
			long long t0, t1, t2, attach_ns;
			enum reader_via via;

			if (select_seg(&a, ids[k]) < 0)
				goto out;
			a.now = (int64_t)time(NULL);
			t0 = now_ns();
			if (app_hex_open(&a) < 0) {
				fprintf(stderr, "hexharness: app_hex_open shmid %d: %s\n", (int)ids[k],
					a.status);
				goto out;
			}
			t1 = now_ns();
			app_prepare(&a);
			app_draw(&a, &f);
			t2 = now_ns();
			via = a.hex.rd.via;
			attach_ns = a.hex.rd.attaches ? (long long)a.hex.rd.attach_ns : 0;
			if (check_title(&a, &f, ids[k]) < 0)
				goto out;
			if (runs == 0) { /* frame */
				char row[8 * COLS];

				for (int y = 0; y < f.h; y++) {
					frame_row_text(&f, y, row, sizeof(row));
					printf("%d\t%s\n", y, row);
				}
				break;
			}
			app_hex_close(&a);
			app_draw(&a, &f); /* back to the table, as after the second `x` */
			printf("%d %lld %lld %lld %s %lld\n", (int)ids[k], t2 - t0, t1 - t0, t2 - t1,
			       via_name(via), attach_ns);
		}
	}
	rc = 0;
out:
	app_free(&a);
	snapshot_free(&snap);
	frame_free(&f);
	return rc;
}

static int run_refresh(long runs, int nids, const int32_t *ids, const struct collect_cfg *cfg)
{
	struct snapshot *snap = calloc((size_t)nids, sizeof(*snap));
	struct frame *f = calloc((size_t)nids, sizeof(*f));
	struct app *a = calloc((size_t)nids, sizeof(*a));
	int ready = 0, rc = 1;
	char warn[512];

	if (!snap || !f || !a) {
		fprintf(stderr, "hexharness: out of memory\n");
		goto out;
	}
	for (; ready < nids; ready++) {
		int k = ready;

		snapshot_init(&snap[k]);
		if (frame_resize(&f[k], COLS, ROWS) < 0)
			goto out;
		f[k].utf8 = 1;
		if (app_setup(&a[k], &f[k], &snap[k], cfg) < 0 || select_seg(&a[k], ids[k]) < 0)
			goto out;
		if (app_hex_open(&a[k]) < 0) {
			fprintf(stderr, "hexharness: app_hex_open shmid %d: %s\n", (int)ids[k], a[k].status);
			goto out;
		}
		app_prepare(&a[k]);
		app_draw(&a[k], &f[k]);
		if (check_title(&a[k], &f[k], ids[k]) < 0)
			goto out;
	}
	for (long r = 0; r < runs; r++) {
		for (int j = 0; j < nids; j++) {
			int k = (int)((r + j) % nids); /* the order rotates every run */
			long long t0 = now_ns(), t1;

			if (collect_snapshot(cfg, (int64_t)time(NULL), &snap[k], warn, sizeof(warn)) < 0 ||
			    app_update(&a[k], &snap[k]) < 0) {
				fprintf(stderr, "hexharness: refresh failed: %s\n", warn);
				goto out;
			}
			a[k].now = (int64_t)time(NULL);
			app_prepare(&a[k]);
			app_draw(&a[k], &f[k]);
			t1 = now_ns();
			if (check_title(&a[k], &f[k], ids[k]) < 0)
				goto out;
			printf("%d %lld\n", (int)ids[k], t1 - t0);
		}
	}
	rc = 0;
out:
	for (int k = 0; k < ready + (ready < nids); k++) {
		app_free(&a[k]);
		snapshot_free(&snap[k]);
		frame_free(&f[k]);
	}
	free(a);
	free(f);
	free(snap);
	return rc;
}

/* The search of / (or N, backward) as the dashboard runs it: the pattern set, then app_work
 * called until it is done, as the loop calls it between keys. Returns 1 found, 0 not. */
static int search_view(struct app *a, const struct hexdump_pattern *p, int backward, long *steps)
{
	struct app_hex *h = &a->hex;

	h->pat = *p;
	h->have_pat = 1;
	h->cursor = backward ? (h->size ? h->size - 1 : 0) : 0;
	hexdump_search_start(&h->search, p, h->cursor, backward);
	h->searching = 1;
	a->status[0] = '\0';
	*steps = 0;
	do
		(*steps)++;
	while (app_work(a));
	return strncmp(a->status, "found", 5) == 0;
}

static int run_search(long runs, int32_t id, int npat, char **texts,
		      const struct collect_cfg *cfg)
{
	struct hexdump_pattern *pats = calloc((size_t)npat, sizeof(*pats));
	struct snapshot snap;
	struct frame f = { 0 };
	struct app a;
	struct shmseg seg;
	const void *addr = NULL;
	const uint8_t *d;
	volatile uint8_t sink = 0;
	long steps;
	int rc, i, ready = 0;

	snapshot_init(&snap);
	if (!pats || frame_resize(&f, COLS, ROWS) < 0) {
		fprintf(stderr, "hexharness: out of memory\n");
		free(pats);
		return 1;
	}
	f.utf8 = 1;
	for (i = 0; i < npat; i++) {
		char err[200];

		if (hexdump_pattern_parse(texts[i], &pats[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "hexharness: pattern '%s': %s\n", texts[i], err);
			rc = 2;
			goto out;
		}
	}
	rc = sysv_stat(id, &seg);
	if (rc == 0)
		rc = sysv_attach_ro(id, &addr);
	if (rc < 0) {
		fprintf(stderr, "hexharness: cannot attach shmid %d: %s\n", (int)id, strerror(-rc));
		rc = 1;
		goto out;
	}
	d = addr;
	/* Map every page for the reference: its first pass would pay the page faults. */
	for (uint64_t off = 0; off < seg.size; off += 4096)
		sink ^= d[off];
	(void)sink;
	rc = 1;
	for (i = 0; i < npat; i++) {
		if (memmem(d, seg.size, pats[i].bytes, pats[i].len)) {
			fprintf(stderr, "hexharness: pattern '%s' occurs in the segment: pick an absent one\n",
				texts[i]);
			goto out;
		}
	}
	if (app_setup(&a, &f, &snap, cfg) < 0)
		goto out;
	ready = 1;
	if (select_seg(&a, id) < 0 || app_hex_open(&a) < 0) {
		fprintf(stderr, "hexharness: cannot open the hex view on shmid %d: %s\n", (int)id,
			a.status);
		goto out;
	}
	app_prepare(&a);
	app_draw(&a, &f);
	for (long r = 0; r < runs; r++) {
		for (i = 0; i < npat; i++) {
			/* the order rotates every run, so none of the three always runs first */
			for (int j = 0; j < 3; j++) {
				int kind = (int)((r + j) % 3); /* 0 memmem, 1 forward, 2 backward */
				long long t0, t1;

				if (kind == 0) {
					void *hit;

					t0 = now_ns();
					hit = memmem(d, seg.size, pats[i].bytes, pats[i].len);
					t1 = now_ns();
					if (hit)
						goto found;
					printf("%d memmem %lld 1\n", i, t1 - t0);
					continue;
				}
				t0 = now_ns();
				if (search_view(&a, &pats[i], kind == 2, &steps))
					goto found;
				t1 = now_ns();
				printf("%d %s %lld %ld\n", i, kind == 2 ? "backward" : "forward", t1 - t0,
				       steps);
			}
		}
	}
	rc = 0;
	goto out;
found:
	fprintf(stderr, "hexharness: a search found '%s', which memmem did not find before\n", texts[i]);
	rc = 1;
out:
	if (ready)
		app_free(&a);
	if (addr)
		sysv_detach(addr);
	snapshot_free(&snap);
	frame_free(&f);
	free(pats);
	return rc;
}

static int parse_ids(int n, char **argv, int32_t *ids)
{
	for (int i = 0; i < n; i++) {
		long v;

		if (parse_int(argv[i], 0, &v) < 0 || v > INT32_MAX) {
			fprintf(stderr, "hexharness: bad shmid '%s'\n", argv[i]);
			return -1;
		}
		ids[i] = (int32_t)v;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct collect_cfg cfg = { "/proc", SNAPSHOT_PROC, sysconf(_SC_PAGESIZE), 0 };
	int32_t ids[16];
	long runs;
	int rc;

	if (argc < 4 || parse_int(argv[2], 1, &runs) < 0)
		goto usage;
	if (strcmp(argv[1], "open") == 0 || strcmp(argv[1], "refresh") == 0) {
		int n = argc - 3;

		if (n > 16 || parse_ids(n, argv + 3, ids) < 0)
			goto usage;
		rc = argv[1][0] == 'o' ? run_open(runs, n, ids, &cfg) : run_refresh(runs, n, ids, &cfg);
	} else if (strcmp(argv[1], "frame") == 0 && argc == 4) {
		if (parse_ids(1, argv + 3, ids) < 0)
			goto usage;
		rc = run_open(0, 1, ids, &cfg); /* runs 0: print the frame instead of times */
	} else if (strcmp(argv[1], "search") == 0 && argc >= 5) {
		if (parse_ids(1, argv + 3, ids) < 0)
			goto usage;
		rc = run_search(runs, ids[0], argc - 4, argv + 4, &cfg);
	} else {
		goto usage;
	}
	if (fflush(stdout) != 0)
		return 1;
	return rc;
usage:
	fprintf(stderr, "usage: hexharness open|refresh RUNS SHMID... | hexharness search RUNS SHMID "
		"PATTERN... | hexharness frame 1 SHMID\n");
	return 2;
}
