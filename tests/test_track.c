/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_track.c - mark-and-sweep across polls over the segments' kind: new/changed/gone rows, which
 * fields changed, id reuse, the nattch history, tags, the hash. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "shmseg.h"
#include "kind_shm.h"
#include "track.h"

#define T0 1700000000

#define B(f) (1ull << SHM_F_##f)
#define ALL_FIELDS ((1ull << SHM_F_COUNT) - 1)
#define SEG(t, r) ((const struct shmseg *)track_obj((t), (r)))

/* A plain unattached segment; every field is distinct per shmid so a wrong row shows. */
static struct shmseg mkseg(int32_t shmid, int32_t cpid)
{
	struct shmseg s;

	memset(&s, 0, sizeof(s));
	s.key = 0x1000 + shmid;
	s.shmid = shmid;
	s.mode = 0600;
	s.uid = s.gid = s.cuid = s.cgid = 1000;
	s.cpid = cpid;
	s.lpid = cpid;
	s.size = 4096 * (uint64_t)(shmid + 1);
	s.ctime = T0 - 100;
	s.rss = 4096;
	s.swap = 0;
	return s;
}

/* Merge one poll of n segments taken at `time`. */
static void poll(struct track *t, int64_t time, const struct shmseg *v, size_t n)
{
	assert_int_equal(track_update(t, v, n, time), 0);
}

static struct track_row *row_of(struct track *t, int32_t shmid)
{
	long i = track_find(t, kind_shm_key(shmid));

	if (i < 0)
		return NULL;
	assert_true((size_t)i < t->n);
	assert_int_equal(SEG(t, &t->rows[i])->shmid, shmid);
	return &t->rows[i];
}

/* ---------------------------------------------------------------- new and gone */

static void test_empty(void **state)
{
	struct track t;

	(void)state;
	track_init(&t, &kind_shm);
	assert_int_equal(track_find(&t, kind_shm_key(0)), -1);
	assert_int_equal(track_tagged_count(&t), 0);
	poll(&t, T0, NULL, 0);
	assert_int_equal(t.gen, 1);
	assert_int_equal(t.n, 0);
	assert_int_equal(track_find(&t, kind_shm_key(0)), -1);
	track_free(&t);
}

static void test_first_poll_not_new(void **state)
{
	struct shmseg v[3] = { mkseg(0, 100), mkseg(32769, 101), mkseg(65538, 102) };
	struct track t;

	(void)state;
	track_init(&t, &kind_shm);
	poll(&t, T0, v, 3);
	assert_int_equal(t.gen, 1);
	assert_int_equal(t.n, 3);
	for (int i = 0; i < 3; i++) {
		struct track_row *r = row_of(&t, v[i].shmid);

		assert_non_null(r);
		assert_memory_equal(SEG(&t, r), &v[i], sizeof(v[i]));
		assert_int_equal(r->born, 1);
		assert_int_equal(r->seen, 1);
		assert_int_equal(r->seen_time, T0);
		/* what was there when shmtop started is not news */
		assert_false(track_is_new(&t, r));
		assert_false(track_is_gone(r));
		assert_false(track_changed(&t, r, ALL_FIELDS));
		assert_int_equal(r->nhist, 0);
		assert_int_equal(r->tagged, 0);
	}
	track_free(&t);
}

static void test_new_highlighted_for_a_while(void **state)
{
	struct shmseg v[2] = { mkseg(1, 100), mkseg(2, 200) };
	struct track t;
	int64_t now = T0;

	(void)state;
	track_init(&t, &kind_shm);
	poll(&t, now++, v, 1);
	/* the poll it appears in and the next TRACK_HIGHLIGHT - 1 */
	for (int k = 0; k < TRACK_HIGHLIGHT; k++) {
		poll(&t, now++, v, 2);
		assert_true(track_is_new(&t, row_of(&t, 2)));
		assert_false(track_is_new(&t, row_of(&t, 1)));
		assert_int_equal(row_of(&t, 2)->born, 2);
		assert_int_equal(row_of(&t, 2)->seen_time, now - 1);
	}
	poll(&t, now++, v, 2);
	assert_false(track_is_new(&t, row_of(&t, 2)));
	assert_false(track_is_gone(row_of(&t, 2)));
	assert_int_equal(t.n, 2);
	track_free(&t);
}

static void test_gone_kept_then_dropped(void **state)
{
	struct shmseg v[3] = { mkseg(1, 100), mkseg(2, 200), mkseg(3, 300) };
	struct track t;
	int64_t now = T0;
	struct track_row *r;

	(void)state;
	track_init(&t, &kind_shm);
	v[1].nattch = 2;
	poll(&t, now++, v, 3);
	/* 2 vanishes: v[1] is replaced by v[2] */
	v[1] = v[2];
	for (int k = 0; k < TRACK_GONE_KEEP; k++) {
		poll(&t, now++, v, 2);
		assert_int_equal(t.n, 3);
		r = row_of(&t, 2);
		assert_non_null(r);
		assert_true(track_is_gone(r));
		assert_false(track_is_new(&t, r));
		assert_int_equal(r->gone, 2);
		/* the tombstone keeps the last values seen and when they were seen */
		assert_int_equal(SEG(&t, r)->nattch, 2);
		assert_int_equal(SEG(&t, r)->cpid, 200);
		assert_int_equal(r->seen, 1);
		assert_int_equal(r->seen_time, T0);
		assert_false(track_is_gone(row_of(&t, 1)));
		assert_false(track_is_gone(row_of(&t, 3)));
	}
	poll(&t, now++, v, 2);
	assert_int_equal(t.n, 2);
	assert_null(row_of(&t, 2));
	assert_non_null(row_of(&t, 1));
	assert_non_null(row_of(&t, 3));
	track_free(&t);
}

/* A segment new at one poll and gone at the next is shown gone, not new. */
static void test_new_then_gone(void **state)
{
	struct shmseg v[2] = { mkseg(1, 100), mkseg(2, 200) };
	struct track t;

	(void)state;
	track_init(&t, &kind_shm);
	poll(&t, T0, v, 1);
	poll(&t, T0 + 1, v, 2);
	assert_true(track_is_new(&t, row_of(&t, 2)));
	poll(&t, T0 + 2, v, 1);
	assert_true(track_is_gone(row_of(&t, 2)));
	assert_false(track_is_new(&t, row_of(&t, 2)));
	track_free(&t);
}

/* Missing from one poll (the shmctl source skips ids that vanish mid-scan) and back with the same
 * creator: the same row, present again, with its history intact. */
static void test_gone_and_back(void **state)
{
	struct shmseg v[1] = { mkseg(7, 700) };
	struct track t;
	struct track_row *r;

	(void)state;
	track_init(&t, &kind_shm);
	poll(&t, T0, v, 1);
	v[0].nattch = 1;
	poll(&t, T0 + 1, v, 1);
	poll(&t, T0 + 2, v, 0);
	assert_true(track_is_gone(row_of(&t, 7)));
	poll(&t, T0 + 3, v, 1);
	r = row_of(&t, 7);
	assert_false(track_is_gone(r));
	assert_false(track_is_new(&t, r));
	assert_int_equal(r->born, 1);
	assert_int_equal(r->nhist, 2);
	assert_int_equal(r->seen_time, T0 + 3);
	/* and it is not dropped later by the old tombstone's age */
	for (int k = 0; k < TRACK_GONE_KEEP + 1; k++)
		poll(&t, T0 + 4 + k, v, 1);
	assert_non_null(row_of(&t, 7));
	track_free(&t);
}

/* ---------------------------------------------------------------- changed cells */

struct change_case {
	const char *what;
	void (*apply)(struct shmseg *s);
	uint64_t mask;
};

static void ch_attach(struct shmseg *s)
{
	s->nattch++;
	s->lpid = 4242;
	s->atime = T0 + 1;
}
static void ch_nattch(struct shmseg *s) { s->nattch += 3; }
static void ch_lpid(struct shmseg *s) { s->lpid = 999; }
static void ch_atime(struct shmseg *s) { s->atime = T0 + 1; }
static void ch_dtime(struct shmseg *s) { s->dtime = T0 + 1; }
static void ch_ctime(struct shmseg *s) { s->ctime = T0 + 1; }
/* IPC_RMID on an attached segment: the key becomes IPC_PRIVATE and SHM_DEST is set. */
static void ch_rmid(struct shmseg *s)
{
	s->key = 0;
	s->mode |= SHMSEG_MODE_DEST;
}
static void ch_lock(struct shmseg *s) { s->mode |= SHMSEG_MODE_LOCKED; }
static void ch_chmod(struct shmseg *s) { s->mode = (s->mode & ~SHMSEG_MODE_PERMS) | 0644; }
static void ch_rss(struct shmseg *s) { s->rss += 8192; }
static void ch_swap(struct shmseg *s) { s->swap = 4096; }
static void ch_uid(struct shmseg *s) { s->uid = 0; }
static void ch_gid(struct shmseg *s) { s->gid = 5; }
/* Fields that cannot change under a live segment: still fields, still compared. */
static void ch_creator(struct shmseg *s)
{
	s->cuid = 1;
	s->cgid = 1;
}

static const struct change_case change_cases[] = {
	/* lpid's name and liveness are fields of lpid too */
	{ "attach", ch_attach, B(NATTCH) | B(LPID) | B(LPID_COMM) | B(LPID_ALIVE) | B(ATIME) },
	{ "nattch", ch_nattch, B(NATTCH) },
	{ "lpid", ch_lpid, B(LPID) | B(LPID_COMM) | B(LPID_ALIVE) },
	{ "atime", ch_atime, B(ATIME) },
	{ "dtime", ch_dtime, B(DTIME) },
	{ "ctime", ch_ctime, B(CTIME) },
	/* the perms themselves do not change; the flags and STATUS (by its own cmp) do */
	{ "IPC_RMID", ch_rmid, B(KEY) | B(DEST) | B(STATUS) },
	{ "SHM_LOCK", ch_lock, B(LOCKED) | B(STATUS) },
	{ "chmod", ch_chmod, B(PERMS) },
	{ "rss", ch_rss, B(RSS) },
	{ "swap", ch_swap, B(SWAP) },
	{ "uid", ch_uid, B(UID) | B(OWNER) },
	{ "gid", ch_gid, B(GID) | B(GROUP) },
	{ "creator", ch_creator, B(CUID) | B(CGID) },
	{ "nothing", NULL, 0 },
};

static void test_changed_fields(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof(change_cases) / sizeof(change_cases[0]); c++) {
		const struct change_case *cc = &change_cases[c];
		struct shmseg v[2] = { mkseg(10, 100), mkseg(11, 110) };
		struct track t;
		struct track_row *r;
		int64_t now = T0;

		print_message("change: %s\n", cc->what);
		track_init(&t, &kind_shm);
		poll(&t, now++, v, 2);
		if (cc->apply)
			cc->apply(&v[0]);
		poll(&t, now++, v, 2);
		r = row_of(&t, 10);
		assert_non_null(r);
		assert_int_equal(SEG(&t, r)->key, v[0].key); /* the latest values */
		assert_int_equal(SEG(&t, r)->mode, v[0].mode);
		assert_false(track_is_new(&t, r));
		assert_int_equal(r->born, 1);
		if (!cc->mask) {
			assert_false(track_changed(&t, r, ALL_FIELDS));
			assert_int_equal(r->changed_at, 0);
			track_free(&t);
			continue;
		}
		assert_int_equal(r->changed, cc->mask);
		assert_int_equal(r->changed_at, 2);
		/* highlighted for the poll of the change and TRACK_HIGHLIGHT - 1 more */
		for (int k = 0; k < TRACK_HIGHLIGHT; k++) {
			assert_true(track_changed(&t, r, cc->mask));
			for (uint64_t bit = 1; bit & ALL_FIELDS; bit <<= 1)
				assert_int_equal(track_changed(&t, r, bit) != 0, (cc->mask & bit) != 0);
			assert_false(track_changed(&t, row_of(&t, 11), ALL_FIELDS));
			poll(&t, now++, v, 2);
			r = row_of(&t, 10);
		}
		assert_false(track_changed(&t, r, ALL_FIELDS));
		track_free(&t);
	}
}

/* A later change replaces the marks of an earlier one and restarts the highlight. */
static void test_changed_again(void **state)
{
	struct shmseg v[1] = { mkseg(3, 30) };
	struct track t;
	struct track_row *r;

	(void)state;
	track_init(&t, &kind_shm);
	poll(&t, T0, v, 1);
	v[0].lpid = 31;
	poll(&t, T0 + 1, v, 1);
	poll(&t, T0 + 2, v, 1);
	v[0].dtime = T0 + 3;
	poll(&t, T0 + 3, v, 1);
	r = row_of(&t, 3);
	assert_int_equal(r->changed, B(DTIME));
	assert_int_equal(r->changed_at, 4);
	assert_false(track_changed(&t, r, B(LPID)));
	assert_true(track_changed(&t, r, B(DTIME)));
	track_free(&t);
}

/* ---------------------------------------------------------------- id reuse */

static void test_id_reused_is_new_row(void **state)
{
	struct shmseg v[2] = { mkseg(5, 100), mkseg(6, 600) };
	struct track t;
	struct track_row *r;

	(void)state;
	track_init(&t, &kind_shm);
	poll(&t, T0, v, 2);
	r = row_of(&t, 5);
	r->tagged = 1;
	v[0].nattch = 1;
	poll(&t, T0 + 1, v, 2);
	assert_int_equal(row_of(&t, 5)->nhist, 2);
	/* the segment is removed and the kernel hands shmid 5 to another creator */
	v[0] = mkseg(5, 200);
	v[0].key = 0x7777;
	v[0].ctime = T0 + 2;
	poll(&t, T0 + 2, v, 2);
	assert_int_equal(t.n, 2);
	r = row_of(&t, 5);
	assert_non_null(r);
	assert_int_equal(SEG(&t, r)->cpid, 200);
	assert_int_equal(SEG(&t, r)->key, 0x7777);
	assert_int_equal(r->born, 3);
	assert_true(track_is_new(&t, r));
	assert_false(track_is_gone(r));
	/* nothing of the old segment carries over: no change marks, history or tag */
	assert_false(track_changed(&t, r, ALL_FIELDS));
	assert_int_equal(r->nhist, 0);
	assert_int_equal(r->tagged, 0);
	assert_int_equal(track_tagged_count(&t), 0);
	assert_int_equal(r->seen_time, T0 + 2);
	track_free(&t);
}

/* The old segment vanished a poll earlier (a tombstone), then the id comes back with a new creator. */
static void test_id_reused_after_gone(void **state)
{
	struct shmseg v[1] = { mkseg(9, 900) };
	struct track t;
	struct track_row *r;

	(void)state;
	track_init(&t, &kind_shm);
	poll(&t, T0, v, 1);
	poll(&t, T0 + 1, v, 0);
	assert_true(track_is_gone(row_of(&t, 9)));
	v[0] = mkseg(9, 901);
	poll(&t, T0 + 2, v, 1);
	assert_int_equal(t.n, 1);
	r = row_of(&t, 9);
	assert_false(track_is_gone(r));
	assert_true(track_is_new(&t, r));
	assert_int_equal(SEG(&t, r)->cpid, 901);
	track_free(&t);
}

/* ---------------------------------------------------------------- nattch history */

static void test_hist_records_old_and_new(void **state)
{
	struct shmseg v[1] = { mkseg(4, 40) };
	struct track t;
	struct track_row *r;
	const struct track_hist *h;

	(void)state;
	track_init(&t, &kind_shm);
	poll(&t, T0, v, 1);
	poll(&t, T0 + 5, v, 1);
	assert_int_equal(row_of(&t, 4)->nhist, 0);
	v[0].nattch = 2;
	poll(&t, T0 + 7, v, 1);
	r = row_of(&t, 4);
	assert_int_equal(r->nhist, 2);
	/* the old value at the time it was last seen, then the new one */
	h = track_hist_at(r, 0);
	assert_int_equal(h->time, T0 + 5);
	assert_int_equal(h->value, 0);
	h = track_hist_at(r, 1);
	assert_int_equal(h->time, T0 + 7);
	assert_int_equal(h->value, 2);
	/* other changes do not add to the nattch history */
	v[0].lpid = 41;
	v[0].atime = T0 + 8;
	poll(&t, T0 + 8, v, 1);
	assert_int_equal(row_of(&t, 4)->nhist, 2);
	v[0].nattch = 1;
	poll(&t, T0 + 9, v, 1);
	r = row_of(&t, 4);
	assert_int_equal(r->nhist, 3);
	assert_int_equal(track_hist_at(r, 2)->time, T0 + 9);
	assert_int_equal(track_hist_at(r, 2)->value, 1);
	track_free(&t);
}

static void test_hist_ring(void **state)
{
	enum { CHANGES = TRACK_HIST_MAX + 13 };
	struct track_hist want[CHANGES + 1];
	struct shmseg v[1] = { mkseg(8, 80) };
	struct track t;
	struct track_row *r;
	size_t nwant = 0;

	(void)state;
	track_init(&t, &kind_shm);
	poll(&t, T0, v, 1);
	want[nwant++] = (struct track_hist){ T0, 0 };
	for (int i = 1; i <= CHANGES; i++) {
		v[0].nattch = (uint64_t)(i % 2 ? i * 10 : i); /* every poll changes it */
		poll(&t, T0 + i, v, 1);
		want[nwant++] = (struct track_hist){ T0 + i, v[0].nattch };
		r = row_of(&t, 8);
		assert_int_equal(r->nhist, nwant < TRACK_HIST_MAX ? nwant : TRACK_HIST_MAX);
	}
	r = row_of(&t, 8);
	assert_int_equal(r->nhist, TRACK_HIST_MAX);
	/* the oldest are forgotten; the rest stay in order, oldest first */
	for (unsigned i = 0; i < TRACK_HIST_MAX; i++) {
		const struct track_hist *h = track_hist_at(r, i);
		const struct track_hist *w = &want[nwant - TRACK_HIST_MAX + i];

		assert_int_equal(h->time, w->time);
		assert_int_equal(h->value, w->value);
	}
	track_free(&t);
}

/* ---------------------------------------------------------------- tags */

static void test_tags(void **state)
{
	struct shmseg v[4] = { mkseg(1, 10), mkseg(2, 20), mkseg(3, 30), mkseg(4, 40) };
	struct track t;
	int64_t now = T0;

	(void)state;
	track_init(&t, &kind_shm);
	poll(&t, now++, v, 4);
	row_of(&t, 2)->tagged = 1;
	row_of(&t, 4)->tagged = 1;
	assert_int_equal(track_tagged_count(&t), 2);
	/* changes and more polls keep the tags */
	v[1].nattch = 5;
	v[3].lpid = 99;
	poll(&t, now++, v, 4);
	poll(&t, now++, v, 4);
	assert_int_equal(track_tagged_count(&t), 2);
	assert_true(row_of(&t, 2)->tagged);
	assert_true(row_of(&t, 4)->tagged);
	assert_false(row_of(&t, 1)->tagged);
	assert_false(row_of(&t, 3)->tagged);
	/* 1 and 2 vanish: the tagged tombstone stays tagged until it is dropped */
	poll(&t, now++, v + 2, 2);
	assert_int_equal(track_tagged_count(&t), 2);
	assert_true(row_of(&t, 2)->tagged);
	for (int k = 1; k < TRACK_GONE_KEEP; k++)
		poll(&t, now++, v + 2, 2);
	assert_int_equal(track_tagged_count(&t), 2);
	poll(&t, now++, v + 2, 2);
	assert_int_equal(t.n, 2);
	assert_int_equal(track_tagged_count(&t), 1);
	/* 4 moved down when the tombstones were swept; its tag moved with it */
	assert_true(row_of(&t, 4)->tagged);
	assert_false(row_of(&t, 3)->tagged);
	track_untag_all(&t);
	assert_int_equal(track_tagged_count(&t), 0);
	assert_false(row_of(&t, 4)->tagged);
	track_free(&t);
}

/* ---------------------------------------------------------------- the shmid hash */

/* Kernel-like ids: sequence * 32768 + slot index. */
static int32_t kernel_id(int i)
{
	return (int32_t)((i % 5) * 32768 + i);
}

static void check_all_found(struct track *t, const int32_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		long at = track_find(t, kind_shm_key(ids[i]));

		assert_true(at >= 0);
		assert_int_equal(SEG(t, &t->rows[at])->shmid, ids[i]);
	}
}

static void test_find_many(void **state)
{
	enum { N = 5000, MORE = 1500 };
	struct shmseg *v = calloc(N + MORE, sizeof(*v)), *keep = calloc(N + MORE, sizeof(*v));
	int32_t *ids = calloc(N + MORE, sizeof(*ids));
	struct track t;
	size_t nkeep = 0;
	int64_t now = T0;

	(void)state;
	assert_non_null(v);
	assert_non_null(keep);
	assert_non_null(ids);
	track_init(&t, &kind_shm);
	for (int i = 0; i < N + MORE; i++) {
		v[i] = mkseg(kernel_id(i), 1000 + i);
		ids[i] = v[i].shmid;
	}
	poll(&t, now++, v, N);
	assert_int_equal(t.n, N);
	check_all_found(&t, ids, N);
	assert_int_equal(track_find(&t, kind_shm_key(kernel_id(N + MORE))), -1);
	assert_int_equal(track_find(&t, kind_shm_key(-1)), -1);

	/* every third vanishes while MORE appear: the hash grows in mid-update */
	for (int i = 0; i < N + MORE; i++)
		if (i >= N || i % 3)
			keep[nkeep++] = v[i];
	poll(&t, now++, keep, nkeep);
	assert_int_equal(t.n, N + MORE);
	check_all_found(&t, ids, N + MORE);
	for (int i = 0; i < N; i += 3)
		assert_true(track_is_gone(&t.rows[track_find(&t, kind_shm_key(ids[i]))]));
	for (int i = N; i < N + MORE; i++)
		assert_true(track_is_new(&t, &t.rows[track_find(&t, kind_shm_key(ids[i]))]));

	/* once swept, the vanished ones are not found and every other one still is */
	for (int k = 1; k < TRACK_GONE_KEEP; k++)
		poll(&t, now++, keep, nkeep);
	assert_int_equal(t.n, N + MORE);
	poll(&t, now++, keep, nkeep);
	assert_int_equal(t.n, nkeep);
	for (int i = 0; i < N + MORE; i++) {
		long at = track_find(&t, kind_shm_key(ids[i]));

		if (i < N && i % 3 == 0) {
			assert_int_equal(at, -1);
		} else {
			assert_true(at >= 0);
			assert_memory_equal(SEG(&t, &t.rows[at]), &v[i], sizeof(v[i]));
		}
	}
	/* and everything vanishing leaves an empty but usable table */
	for (int k = 0; k < TRACK_GONE_KEEP; k++)
		poll(&t, now++, NULL, 0);
	assert_int_equal(t.n, nkeep);
	poll(&t, now++, NULL, 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(track_find(&t, kind_shm_key(ids[1])), -1);
	poll(&t, now++, v, 1);
	assert_int_equal(track_find(&t, kind_shm_key(ids[0])), 0);
	track_free(&t);
	free(v);
	free(keep);
	free(ids);
}

/* Ids that all share their low bits (the worst case for a hash of the low bits): still correct. */
static void test_find_colliding(void **state)
{
	enum { N = 1500 };
	struct shmseg *v = calloc(N, sizeof(*v));
	struct track t;

	(void)state;
	assert_non_null(v);
	track_init(&t, &kind_shm);
	for (int i = 0; i < N; i++)
		v[i] = mkseg((int32_t)((i + 1) * 65536), i + 1);
	/* arrive one poll at a time, so the table also grows row by row */
	for (int i = 1; i <= N; i += 100)
		poll(&t, T0 + i, v, (size_t)i);
	poll(&t, T0 + N + 1, v, N);
	assert_int_equal(t.n, N);
	for (int i = 0; i < N; i++) {
		long at = track_find(&t, kind_shm_key(v[i].shmid));

		assert_true(at >= 0);
		assert_int_equal(SEG(&t, &t.rows[at])->cpid, i + 1);
	}
	assert_int_equal(track_find(&t, kind_shm_key(65536 * (N + 1))), -1);
	track_free(&t);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_first_poll_not_new),
		cmocka_unit_test(test_new_highlighted_for_a_while),
		cmocka_unit_test(test_gone_kept_then_dropped),
		cmocka_unit_test(test_new_then_gone),
		cmocka_unit_test(test_gone_and_back),
		cmocka_unit_test(test_changed_fields),
		cmocka_unit_test(test_changed_again),
		cmocka_unit_test(test_id_reused_is_new_row),
		cmocka_unit_test(test_id_reused_after_gone),
		cmocka_unit_test(test_hist_records_old_and_new),
		cmocka_unit_test(test_hist_ring),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_find_many),
		cmocka_unit_test(test_find_colliding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
