/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_model.c - one kind's table (model.c) over the segments' kind: rows kept by a predicate,
 * sorted by any field and reversed, the selection following its object through re-sorts,
 * filters and vanishing, moves clamped and kept in view, and model_clamp at its edges. */
#include "config.h"

#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kind_shm.h"
#include "model.h"
#include "shmseg.h"

#define T0 1700000000

static struct shmseg seg(int32_t shmid, uint64_t size)
{
	struct shmseg s;

	memset(&s, 0, sizeof(s));
	s.shmid = shmid;
	s.key = shmid + 1;
	s.size = size;
	s.cpid = 100 + shmid;
	s.rss = s.swap = SHMSEG_UNKNOWN;
	return s;
}

static int32_t shmid_at(const struct model *m, size_t i)
{
	return ((const struct shmseg *)model_obj(m, i))->shmid;
}

static int32_t selected(struct model *m)
{
	struct track_row *r = model_selected(m);

	return r ? ((const struct shmseg *)track_obj(&m->track, r))->shmid : -1;
}

static int small_only(void *ctx, const struct track_row *r)
{
	const struct model *m = ctx;

	return ((const struct shmseg *)track_obj(&m->track, r))->size < 5000;
}

static void test_sort_filter_select(void **state)
{
	struct shmseg v[4] = { seg(30, 4096), seg(10, 8192), seg(20, 100), seg(40, 4096) };
	struct model m;

	(void)state;
	model_init(&m, &kind_shm);
	assert_int_equal(m.sort, SHM_F_SHMID);
	assert_true(m.columns == kind_shm.dash_columns);
	assert_null(model_selected(&m));
	assert_int_equal(model_update(&m, v, 4, T0), 0);
	assert_int_equal(model_rebuild(&m, NULL, NULL, NULL, 10), 0);
	assert_int_equal(m.nrows, 4);
	assert_int_equal(m.nrows_present, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(shmid_at(&m, i), 10 * (int32_t)(i + 1));
	assert_int_equal(selected(&m), 10);                 /* the first row when none was */
	model_move(&m, 1, 10);
	assert_int_equal(selected(&m), 20);
	/* by size, descending (ties by the key: 30 before 40); the selection follows shmid 20 */
	m.sort = SHM_F_SIZE;
	m.reverse = 1;
	assert_int_equal(model_rebuild(&m, NULL, NULL, NULL, 10), 0);
	assert_int_equal(shmid_at(&m, 0), 10);
	assert_int_equal(shmid_at(&m, 1), 40);
	assert_int_equal(shmid_at(&m, 2), 30);
	assert_int_equal(shmid_at(&m, 3), 20);
	assert_int_equal(m.sel, 3);
	assert_int_equal(selected(&m), 20);
	/* a filter that drops the selected row: the selection stays in range */
	model_move(&m, -3, 10);
	assert_int_equal(selected(&m), 10);
	assert_int_equal(model_rebuild(&m, small_only, &m, NULL, 10), 0);
	assert_int_equal(m.nrows, 3);
	assert_true(selected(&m) != 10 && selected(&m) != -1);
	model_free(&m);
}

/* The selected object vanishes: it stays selected as a gone row, then the selection moves on. */
static void test_selection_through_gone(void **state)
{
	struct shmseg v[3] = { seg(1, 1), seg(2, 2), seg(3, 3) };
	struct model m;

	(void)state;
	model_init(&m, &kind_shm);
	model_update(&m, v, 3, T0);
	model_rebuild(&m, NULL, NULL, NULL, 10);
	model_move(&m, 2, 10);
	assert_int_equal(selected(&m), 3);
	model_update(&m, v, 2, T0 + 1);                    /* 3 is gone */
	model_rebuild(&m, NULL, NULL, NULL, 10);
	assert_int_equal(m.nrows, 3);
	assert_int_equal(m.nrows_present, 2);
	assert_int_equal(selected(&m), 3);
	for (int k = 0; k < TRACK_GONE_KEEP; k++) {
		model_update(&m, v, 2, T0 + 2 + k);
		model_rebuild(&m, NULL, NULL, NULL, 10);
	}
	assert_int_equal(m.nrows, 2);
	assert_int_equal(selected(&m), 2);                  /* the last row, in range */
	model_free(&m);
}

/* A replay's jump: forgotten, the objects of another time are neither new nor gone, and the
 * selection stays on its object. */
static void test_forget(void **state)
{
	struct shmseg v[3] = { seg(1, 1), seg(2, 2), seg(3, 3) };
	struct model m;

	(void)state;
	model_init(&m, &kind_shm);
	model_update(&m, v, 2, T0);
	model_update(&m, v, 2, T0 + 1);
	model_rebuild(&m, NULL, NULL, NULL, 10);
	model_move(&m, 1, 10);
	assert_int_equal(selected(&m), 2);
	model_forget(&m);
	model_update(&m, v + 1, 2, T0 - 50);               /* earlier: 1 not yet, 3 already */
	model_rebuild(&m, NULL, NULL, NULL, 10);
	assert_int_equal(m.nrows, 2);
	assert_int_equal(m.nrows_present, 2);
	for (size_t i = 0; i < m.nrows; i++)
		assert_false(track_is_new(&m.track, &m.track.rows[m.rows[i]]));
	assert_int_equal(selected(&m), 2);
	model_free(&m);
}

/* Moving keeps the selection in view on a short screen. */
static void test_move_in_view(void **state)
{
	struct shmseg v[20];
	struct model m;

	(void)state;
	for (int i = 0; i < 20; i++)
		v[i] = seg(i, 1);
	model_init(&m, &kind_shm);
	model_update(&m, v, 20, T0);
	model_rebuild(&m, NULL, NULL, NULL, 5);
	model_move(&m, 7, 5);
	assert_int_equal(m.sel, 7);
	assert_int_equal(m.top, 3);
	model_move(&m, 100, 5);
	assert_int_equal(m.sel, 19);
	assert_int_equal(m.top, 15);
	model_move(&m, -100, 5);
	assert_int_equal(m.sel, 0);
	assert_int_equal(m.top, 0);
	model_free(&m);
}

static void test_clamp(void **state)
{
	long sel = 3, top = 2;

	(void)state;
	model_clamp(&sel, &top, 0, 0, 10);
	assert_int_equal(sel, -1);
	assert_int_equal(top, 0);
	sel = 5;
	top = 0;
	model_clamp(&sel, &top, 10, 0, 0);                 /* a height below 1 counts as 1 */
	assert_int_equal(sel, 5);
	assert_int_equal(top, 5);
	model_clamp(&sel, &top, 3, 0, 10);                 /* fewer rows than before */
	assert_int_equal(sel, 2);
	assert_int_equal(top, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_filter_select),
		cmocka_unit_test(test_selection_through_gone),
		cmocka_unit_test(test_forget),
		cmocka_unit_test(test_move_in_view),
		cmocka_unit_test(test_clamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
