/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* track.c - mark-and-sweep of one kind's objects across polls, with an id hash so a poll costs
 * O(n). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "track.h"

void track_init(struct track *t, const struct kind *kind)
{
	memset(t, 0, sizeof(*t));
	t->kind = kind;
}

void track_free(struct track *t)
{
	const struct kind *kind = t->kind;

	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i].hist);
	free(t->rows);
	free(t->objs);
	free(t->index);
	track_init(t, kind);
}

/* Fibonacci hashing: the product's high bits depend on every bit of the id. */
static size_t hash_slot(const struct track *t, uint64_t id)
{
	uint64_t h = (id ^ (id >> 32)) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 32) & (t->index_cap - 1);
}

static int index_rebuild(struct track *t, size_t want)
{
	size_t cap = 64;

	while (cap < want * 2)
		cap *= 2;
	if (cap != t->index_cap) {
		uint32_t *idx = malloc(cap * sizeof(*idx));

		if (!idx)
			return -ENOMEM;
		free(t->index);
		t->index = idx;
		t->index_cap = cap;
	}
	memset(t->index, 0, t->index_cap * sizeof(*t->index));
	for (size_t i = 0; i < t->n; i++) {
		size_t s = hash_slot(t, t->rows[i].id);

		while (t->index[s])
			s = (s + 1) & (t->index_cap - 1);
		t->index[s] = (uint32_t)i + 1;
	}
	return 0;
}

long track_find(const struct track *t, uint64_t id)
{
	size_t s;

	if (!t->index_cap)
		return -1;
	for (s = hash_slot(t, id); t->index[s]; s = (s + 1) & (t->index_cap - 1))
		if (t->rows[t->index[s] - 1].id == id)
			return (long)t->index[s] - 1;
	return -1;
}

uint64_t track_diff(const struct kind *k, const void *a, const void *b)
{
	uint64_t m = 0;

	if (memcmp(a, b, k->size) == 0)
		return 0; /* the usual case: nothing changed */
	for (size_t i = 0; i < k->nfields; i++)
		if (field_cmp(&k->fields[i], a, b, NULL) != 0)
			m |= 1ull << i;
	return m;
}

/* The kind's use count of obj (its use_field as a number), 0 when it has none. */
static uint64_t use_of(const struct kind *k, const void *obj)
{
	uint64_t v = 0;

	if (k->use_field != FIELD_NONE)
		field_num(&k->fields[k->use_field], obj, NULL, &v);
	return v;
}

static int hist_push(struct track_row *r, int64_t time, uint64_t value)
{
	unsigned slot;

	if (!r->hist) {
		r->hist = calloc(TRACK_HIST_MAX, sizeof(*r->hist));
		if (!r->hist)
			return -ENOMEM;
	}
	if (r->nhist < TRACK_HIST_MAX) {
		slot = (r->hist_start + r->nhist) % TRACK_HIST_MAX;
		r->nhist++;
	} else {
		slot = r->hist_start;
		r->hist_start = (r->hist_start + 1) % TRACK_HIST_MAX;
	}
	r->hist[slot].time = time;
	r->hist[slot].value = value;
	return 0;
}

const struct track_hist *track_hist_at(const struct track_row *r, unsigned i)
{
	return &r->hist[(r->hist_start + i) % TRACK_HIST_MAX];
}

/* Row r starts over as a new object obj. */
static void row_reset(struct track *t, struct track_row *r, const void *obj, unsigned long gen,
		      int64_t time)
{
	free(r->hist);
	memset(r, 0, sizeof(*r));
	r->id = t->kind->key(obj);
	r->born = gen;
	r->seen = gen;
	r->seen_time = time;
	memcpy(track_obj(t, r), obj, t->kind->size);
}

static int row_add(struct track *t, const void *obj, unsigned long gen, int64_t time)
{
	size_t sl;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct track_row *v = realloc(t->rows, cap * sizeof(*v));
		char *o;

		if (!v)
			return -ENOMEM;
		t->rows = v;
		o = realloc(t->objs, cap * t->kind->size);
		if (!o)
			return -ENOMEM;
		t->objs = o;
		t->cap = cap;
	}
	t->rows[t->n].hist = NULL;
	row_reset(t, &t->rows[t->n], obj, gen, time);
	t->n++;
	if ((t->n + 1) * 2 > t->index_cap)
		return index_rebuild(t, t->n + 1);
	for (sl = hash_slot(t, t->rows[t->n - 1].id); t->index[sl];
	     sl = (sl + 1) & (t->index_cap - 1))
		;
	t->index[sl] = (uint32_t)t->n;
	return 0;
}

static void row_merge(struct track *t, struct track_row *r, const void *obj, int64_t now,
		      unsigned long gen)
{
	const struct kind *k = t->kind;
	void *was = track_obj(t, r);
	uint64_t m = track_diff(k, was, obj);

	if (k->use_field != FIELD_NONE && (m & (1ull << k->use_field))) {
		t->use_gen = gen;
		if (r->nhist == 0)
			hist_push(r, r->seen_time, use_of(k, was));
		hist_push(r, now, use_of(k, obj));
	}
	if (m) {
		r->changed = m;
		r->changed_at = gen;
	}
	memcpy(was, obj, k->size);
	r->seen = gen;
	r->seen_time = now;
	r->gone = 0;
}

int track_update(struct track *t, const void *objs, size_t n, int64_t time)
{
	const struct kind *k = t->kind;
	unsigned long gen = ++t->gen;
	size_t w = 0, n_before;
	int rc;

	for (size_t i = 0; i < n; i++) {
		const void *obj = (const char *)objs + i * k->size;
		long at = track_find(t, k->key(obj));

		if (at < 0) {
			t->use_gen = gen;
			rc = row_add(t, obj, gen, time);
			if (rc < 0)
				return rc;
		} else if (!k->same(track_obj(t, &t->rows[at]), obj)) {
			/* the id was reused by a new object */
			row_reset(t, &t->rows[at], obj, gen, time);
			t->use_gen = gen;
		} else {
			row_merge(t, &t->rows[at], obj, time, gen);
		}
	}
	/* sweep: what was not seen is gone; tombstones expire */
	n_before = t->n;
	for (size_t i = 0; i < t->n; i++) {
		struct track_row *r = &t->rows[i];

		if (r->seen != gen && !r->gone) {
			r->gone = gen;
			t->use_gen = gen;
		}
		if (r->gone && gen - r->gone >= TRACK_GONE_KEEP) {
			free(r->hist);
			continue;
		}
		if (w != i) {
			t->rows[w] = *r;
			memcpy(t->objs + w * k->size, t->objs + i * k->size, k->size);
		}
		w++;
	}
	t->n = w;
	if (t->n != n_before)
		return index_rebuild(t, t->n + 1);
	return 0;
}

int track_is_new(const struct track *t, const struct track_row *r)
{
	return r->born > 1 && t->gen - r->born < TRACK_HIGHLIGHT && !r->gone;
}

int track_is_gone(const struct track_row *r)
{
	return r->gone != 0;
}

int track_changed(const struct track *t, const struct track_row *r, uint64_t mask)
{
	return r->changed_at && (r->changed & mask) && t->gen - r->changed_at < TRACK_HIGHLIGHT;
}

size_t track_tagged_count(const struct track *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += t->rows[i].tagged != 0;
	return n;
}

void track_untag_all(struct track *t)
{
	for (size_t i = 0; i < t->n; i++)
		t->rows[i].tagged = 0;
}
