/* track.c - mark-and-sweep of segments across polls, with a shmid hash so a poll costs O(n). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "track.h"

void track_init(struct track *t)
{
	memset(t, 0, sizeof(*t));
}

void track_free(struct track *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i].hist);
	free(t->rows);
	free(t->index);
	memset(t, 0, sizeof(*t));
}

/* Fibonacci hashing: the product's high bits depend on every bit of the id. */
static size_t hash_slot(const struct track *t, int32_t shmid)
{
	uint64_t h = (uint64_t)(uint32_t)shmid * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 32) & (t->index_cap - 1);
}

static int index_rebuild(struct track *t, size_t want)
{
	size_t cap = 64;

	while (cap < want * 2)
		cap *= 2;
	if (cap != t->index_cap) {
		int32_t *idx = malloc(cap * sizeof(*idx));

		if (!idx)
			return -ENOMEM;
		free(t->index);
		t->index = idx;
		t->index_cap = cap;
	}
	memset(t->index, 0, t->index_cap * sizeof(*t->index));
	for (size_t i = 0; i < t->n; i++) {
		size_t s = hash_slot(t, t->rows[i].seg.shmid);

		while (t->index[s])
			s = (s + 1) & (t->index_cap - 1);
		t->index[s] = (int32_t)i + 1;
	}
	return 0;
}

long track_find(const struct track *t, int32_t shmid)
{
	size_t s;

	if (!t->index_cap)
		return -1;
	for (s = hash_slot(t, shmid); t->index[s]; s = (s + 1) & (t->index_cap - 1))
		if (t->rows[t->index[s] - 1].seg.shmid == shmid)
			return t->index[s] - 1;
	return -1;
}

static uint32_t diff_fields(const struct shmseg *a, const struct shmseg *b)
{
	uint32_t m = 0;

	if (a->key != b->key)
		m |= TRACK_F_KEY;
	if (a->mode != b->mode)
		m |= TRACK_F_MODE;
	if (a->nattch != b->nattch)
		m |= TRACK_F_NATTCH;
	if (a->lpid != b->lpid)
		m |= TRACK_F_LPID;
	if (a->atime != b->atime)
		m |= TRACK_F_ATIME;
	if (a->dtime != b->dtime)
		m |= TRACK_F_DTIME;
	if (a->ctime != b->ctime)
		m |= TRACK_F_CTIME;
	if (a->rss != b->rss)
		m |= TRACK_F_RSS;
	if (a->swap != b->swap)
		m |= TRACK_F_SWAP;
	if (a->uid != b->uid || a->gid != b->gid)
		m |= TRACK_F_OWNER;
	return m;
}

static int hist_push(struct track_row *r, int64_t time, uint64_t nattch)
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
	r->hist[slot].nattch = nattch;
	return 0;
}

const struct track_hist *track_hist_at(const struct track_row *r, unsigned i)
{
	return &r->hist[(r->hist_start + i) % TRACK_HIST_MAX];
}

/* The same segment, as far as tracking goes: ids are reused, so the creator pid must match too.
 * (key and ctime change with IPC_RMID and IPC_SET; those are changes, not a new segment.) */
static int same_segment(const struct shmseg *a, const struct shmseg *b)
{
	return a->shmid == b->shmid && a->cpid == b->cpid;
}

static void row_reset(struct track_row *r, const struct shmseg *s, unsigned long gen)
{
	free(r->hist);
	memset(r, 0, sizeof(*r));
	r->seg = *s;
	r->born = gen;
	r->seen = gen;
}

static int row_add(struct track *t, const struct shmseg *s, unsigned long gen)
{
	size_t sl;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct track_row *v = realloc(t->rows, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		t->rows = v;
		t->cap = cap;
	}
	t->rows[t->n].hist = NULL;
	row_reset(&t->rows[t->n], s, gen);
	t->n++;
	if ((t->n + 1) * 2 > t->index_cap)
		return index_rebuild(t, t->n + 1);
	for (sl = hash_slot(t, s->shmid); t->index[sl]; sl = (sl + 1) & (t->index_cap - 1))
		;
	t->index[sl] = (int32_t)t->n;
	return 0;
}

static void row_merge(struct track *t, struct track_row *r, const struct shmseg *s, int64_t now,
		      unsigned long gen)
{
	uint32_t m = diff_fields(&r->seg, s);

	if (m & TRACK_F_NATTCH)
		t->nattch_gen = gen;
	if (m) {
		r->changed = m;
		r->changed_at = gen;
		if (m & TRACK_F_NATTCH) {
			if (r->nhist == 0)
				hist_push(r, r->seen_time, r->seg.nattch);
			hist_push(r, now, s->nattch);
		}
	}
	r->seg = *s;
	r->seen = gen;
	r->seen_time = now;
	r->gone = 0;
}

int track_update(struct track *t, const struct snapshot *snap)
{
	unsigned long gen = ++t->gen;
	size_t w = 0, n_before;
	int rc;

	for (size_t i = 0; i < snap->segs.n; i++) {
		const struct shmseg *s = &snap->segs.v[i];
		long at = track_find(t, s->shmid);

		if (at < 0) {
			t->nattch_gen = gen;
			rc = row_add(t, s, gen);
			if (rc < 0)
				return rc;
			t->rows[t->n - 1].seen_time = snap->time;
		} else if (!same_segment(&t->rows[at].seg, s)) {
			row_reset(&t->rows[at], s, gen); /* the id was reused by a new segment */
			t->nattch_gen = gen;
			t->rows[at].seen_time = snap->time;
		} else {
			row_merge(t, &t->rows[at], s, snap->time, gen);
		}
	}
	/* sweep: what was not seen is gone; tombstones expire */
	n_before = t->n;
	for (size_t i = 0; i < t->n; i++) {
		struct track_row *r = &t->rows[i];

		if (r->seen != gen && !r->gone) {
			r->gone = gen;
			t->nattch_gen = gen;
		}
		if (r->gone && gen - r->gone >= TRACK_GONE_KEEP) {
			free(r->hist);
			continue;
		}
		if (w != i)
			t->rows[w] = *r;
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

int track_changed(const struct track *t, const struct track_row *r, uint32_t mask)
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
