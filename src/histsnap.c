/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* histsnap.c - the recorder's samples, encoded and decoded (histsnap.h).
 *
 * A sample:  section* 0
 * a section: varint(kind + 1) varint(words per object) varint(entries) entry*
 * an entry:  varint(key - the previous entry's key) code* 0   (no code: the object is gone)
 * a code:    varint((gap + 1) << 2 | mode) [varint payload]: gap words are unchanged, then one
 *            word is, by mode: 0 XOR payload, 1 the sample's time (no payload), 2 plus the
 *            zigzag-coded difference, 3 plus that many pages of 4096 bytes (zigzag-coded: RSS
 *            and sizes move by pages).
 * Entries are in ascending key order; a new object is decoded onto zeros (one that is all zeros
 * has a single code saying so: XOR 0). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "histsnap.h"

void histsnap_init(struct histsnap *h, const struct histsnap_kind *kinds, size_t nkinds)
{
	memset(h, 0, sizeof(*h));
	h->kinds = kinds;
	h->nkinds = nkinds < HISTSNAP_MAX_KINDS ? nkinds : HISTSNAP_MAX_KINDS;
}

void histsnap_free(struct histsnap *h)
{
	for (size_t i = 0; i < HISTSNAP_MAX_KINDS; i++) {
		free(h->set[i].objs);
		free(h->set[i].keys);
	}
	free(h->order);
	free(h->okeys);
	memset(h, 0, sizeof(*h));
}

void histsnap_reset(struct histsnap *h)
{
	for (size_t i = 0; i < HISTSNAP_MAX_KINDS; i++)
		h->set[i].n = 0;
}

void histsnap_buf_free(struct histsnap_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

uint32_t histsnap_layout(const struct histsnap_kind *kinds, size_t nkinds, const char *fields)
{
	uint32_t x = (2166136261u ^ HISTSNAP_CODEC) * 16777619u;

	for (size_t i = 0; i < nkinds; i++) {
		x = (x ^ (uint32_t)kinds[i].size) * 16777619u;
		x = (x ^ (uint32_t)(kinds[i].size >> 16)) * 16777619u;
	}
	for (const char *p = fields; p && *p; p++)
		x = (x ^ (unsigned char)*p) * 16777619u;
	return x;
}

/* ---------------------------------------------------------------- bytes */

static int reserve(struct histsnap_buf *b, size_t more)
{
	if (b->len + more > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		unsigned char *p;

		while (cap < b->len + more)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	return 0;
}

/* the caller reserved 10 bytes */
static void put_varint(struct histsnap_buf *b, uint64_t v)
{
	while (v >= 0x80) {
		b->p[b->len++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b->p[b->len++] = (unsigned char)v;
}

static size_t varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

struct cursor {
	const unsigned char *p, *end;
};

static int get_varint(struct cursor *c, uint64_t *v)
{
	uint64_t x = 0;

	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (c->p >= c->end)
			return -EPROTO;
		x |= (uint64_t)(*c->p & 0x7f) << shift;
		if (!(*c->p++ & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -EPROTO;
}

static uint32_t word(const unsigned char *obj, size_t w)
{
	uint32_t v;

	memcpy(&v, obj + 4 * w, 4);
	return v;
}

static uint32_t zigzag(uint32_t d)
{
	return (d << 1) ^ (uint32_t)-(int32_t)(d >> 31);
}

static uint32_t unzigzag(uint32_t z)
{
	return (z >> 1) ^ (uint32_t)-(int32_t)(z & 1);
}

/* ---------------------------------------------------------------- encoding */

/* The codes that make now from was (NULL: zeros), and the terminator. */
static int put_diff(struct histsnap_buf *b, const unsigned char *was, const unsigned char *now,
		    size_t words, uint32_t t)
{
	size_t pos = 0;
	int any = 0;

	for (size_t w = 0; w < words; w++) {
		uint32_t o = was ? word(was, w) : 0, v = word(now, w);
		uint32_t d = v - o;
		uint64_t payload[4] = { o ^ v, 0, zigzag(d), zigzag((uint32_t)((int32_t)d >> 12)) };
		size_t cost[4] = { varint_len(payload[0]), v == t ? 0 : 99, varint_len(payload[2]),
				   d & 4095 ? 99 : varint_len(payload[3]) };
		unsigned mode = 0;

		if (o == v)
			continue;
		for (unsigned m = 1; m < 4; m++)
			if (cost[m] < cost[mode])
				mode = m;
		if (reserve(b, 20) < 0)
			return -ENOMEM;
		put_varint(b, (uint64_t)(w - pos + 1) << 2 | mode);
		if (mode != 1)
			put_varint(b, payload[mode]);
		pos = w + 1;
		any = 1;
	}
	if (reserve(b, 3) < 0)
		return -ENOMEM;
	if (!any && !was) { /* a new object that is all zeros */
		put_varint(b, 1u << 2 | 0);
		put_varint(b, 0);
	}
	put_varint(b, 0);
	return 0;
}

static const struct histsnap *sort_ctx;

static int cmp_order(const void *x, const void *y)
{
	uint64_t a = sort_ctx->okeys[*(const uint32_t *)x], b = sort_ctx->okeys[*(const uint32_t *)y];

	return (a > b) - (a < b);
}

static int set_reserve(struct histsnap_set *s, size_t n, size_t size)
{
	if (n > s->cap) {
		unsigned char *o = realloc(s->objs, n * size);
		uint64_t *k = o ? realloc(s->keys, n * sizeof(*k)) : NULL;

		if (o)
			s->objs = o;
		if (!k)
			return -ENOMEM;
		s->keys = k;
		s->cap = n;
	}
	return 0;
}

/* The n objects given, by key (the first of equal keys), in h->order; how many are kept. */
static int order_objs(struct histsnap *h, const struct histsnap_kind *k, const unsigned char *o,
		      size_t n, size_t *kept)
{
	size_t m = 0;

	if (n > h->ocap) {
		uint32_t *ord = realloc(h->order, n * sizeof(*ord));
		uint64_t *keys = ord ? realloc(h->okeys, n * sizeof(*keys)) : NULL;

		if (ord)
			h->order = ord;
		if (!keys)
			return -ENOMEM;
		h->okeys = keys;
		h->ocap = n;
	}
	for (size_t i = 0; i < n; i++) {
		h->order[i] = (uint32_t)i;
		h->okeys[i] = k->key(o + i * k->size);
	}
	sort_ctx = h;
	if (n > 1)
		qsort(h->order, n, sizeof(*h->order), cmp_order);
	for (size_t i = 0; i < n; i++)
		if (!m || h->okeys[h->order[i]] != h->okeys[h->order[m - 1]])
			h->order[m++] = h->order[i];
	*kept = m;
	return 0;
}

static int encode_kind(struct histsnap *h, size_t i, const unsigned char *o, size_t n, int full,
		       uint32_t t, struct histsnap_buf *out, struct histsnap_buf *tmp,
		       size_t *changed)
{
	const struct histsnap_kind *k = &h->kinds[i];
	struct histsnap_set *s = &h->set[i];
	size_t words = k->size / 4, a = 0, b = 0, entries = 0, m;
	uint64_t last = 0;
	int e;

	if ((e = order_objs(h, k, o, n, &m)) < 0)
		return e;
	if (full)
		s->n = 0;
	tmp->len = 0;
	while (a < s->n || b < m) {
		uint64_t ka = a < s->n ? s->keys[a] : UINT64_MAX;
		uint64_t kb = b < m ? h->okeys[h->order[b]] : UINT64_MAX;
		const unsigned char *now = b < m ? o + (size_t)h->order[b] * k->size : NULL;
		const unsigned char *was = a < s->n ? s->objs + a * k->size : NULL;
		uint64_t key;

		if (a < s->n && (b >= m || ka < kb)) {          /* gone */
			key = ka;
			now = NULL;
			a++;
		} else if (b < m && (a >= s->n || kb < ka)) {   /* new */
			key = kb;
			was = NULL;
			b++;
		} else {                                        /* both: changed? */
			key = ka;
			a++;
			b++;
			if (!memcmp(was, now, k->size))
				continue;
		}
		if (reserve(tmp, 12) < 0)
			return -ENOMEM;
		put_varint(tmp, key - last);
		last = key;
		entries++;
		if (!now)
			put_varint(tmp, 0);
		else if ((e = put_diff(tmp, was, now, words, t)) < 0)
			return e;
	}
	*changed += entries;
	if (entries || full) {
		if (reserve(out, 30 + tmp->len) < 0)
			return -ENOMEM;
		put_varint(out, i + 1);
		put_varint(out, words);
		put_varint(out, entries);
		if (tmp->len)
			memcpy(out->p + out->len, tmp->p, tmp->len);
		out->len += tmp->len;
	}
	/* the state: the objects given, by key */
	if (set_reserve(s, m, k->size) < 0)
		return -ENOMEM;
	for (size_t j = 0; j < m; j++) {
		memcpy(s->objs + j * k->size, o + (size_t)h->order[j] * k->size, k->size);
		s->keys[j] = h->okeys[h->order[j]];
	}
	s->n = m;
	return 0;
}

int histsnap_encode(struct histsnap *h, const void *const *objs, const size_t *n, int full,
		    int64_t time_s, struct histsnap_buf *out, size_t *changed)
{
	struct histsnap_buf tmp = { 0 };
	int e = 0;

	*changed = 0;
	for (size_t i = 0; i < h->nkinds && !e; i++) {
		if (!objs[i] && !full)
			continue;
		e = encode_kind(h, i, objs[i], objs[i] ? n[i] : 0, full, (uint32_t)time_s, out,
				&tmp, changed);
	}
	histsnap_buf_free(&tmp);
	if (!e && reserve(out, 1) < 0)
		e = -ENOMEM;
	if (e < 0) {
		histsnap_reset(h);
		return e;
	}
	put_varint(out, 0);
	return 0;
}

/* ---------------------------------------------------------------- decoding */

static int apply_diff(struct cursor *c, unsigned char *obj, size_t words, uint32_t t, int *any)
{
	size_t pos = 0;
	uint64_t code, payload;

	*any = 0;
	for (;;) {
		uint32_t v;

		if (get_varint(c, &code) < 0)
			return -EPROTO;
		if (!code)
			return 0;
		if ((code >> 2) - 1 >= words - pos)
			return -EPROTO;
		pos += (size_t)(code >> 2) - 1;
		payload = 0;
		if ((code & 3) != 1 && (get_varint(c, &payload) < 0 || payload > UINT32_MAX))
			return -EPROTO;
		v = word(obj, pos);
		switch (code & 3) {
		case 0: v ^= (uint32_t)payload; break;
		case 1: v = t; break;
		case 2: v += unzigzag((uint32_t)payload); break;
		default: v += unzigzag((uint32_t)payload) << 12; break;
		}
		memcpy(obj + 4 * pos, &v, 4);
		pos++;
		*any = 1;
	}
}

/* the index of key in s, or where it would go (*found 0) */
static size_t find(const struct histsnap_set *s, uint64_t key, int *found)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < s->n && s->keys[lo] == key;
	return lo;
}

/* New objects and gone ones of a section: merged into s once it is read. */
struct pending {
	unsigned char *objs;       /* the new, in key order */
	uint64_t *keys;
	size_t n, cap;
	unsigned char *gone;       /* one flag per object of s */
	size_t ngone;
};

static int apply_section(struct histsnap *h, struct cursor *c, uint32_t t, struct pending *pd)
{
	uint64_t kind, words, entries, key = 0, delta;
	const struct histsnap_kind *k;
	struct histsnap_set *s;
	int e;

	if (get_varint(c, &kind) < 0 || kind - 1 >= h->nkinds || get_varint(c, &words) < 0 ||
	    get_varint(c, &entries) < 0)
		return -EPROTO;
	k = &h->kinds[kind - 1];
	s = &h->set[kind - 1];
	if (words != k->size / 4 || entries > (uint64_t)(c->end - c->p))
		return -EPROTO;
	pd->n = pd->ngone = 0;
	free(pd->gone);
	if (!(pd->gone = calloc(s->n + 1, 1)))
		return -ENOMEM;
	for (uint64_t j = 0; j < entries; j++) {
		size_t at;
		int found, any;

		if (get_varint(c, &delta) < 0 || (j && delta == 0) || key + delta < key)
			return -EPROTO;
		key += delta;
		at = find(s, key, &found);
		if (found) {
			if ((e = apply_diff(c, s->objs + at * k->size, (size_t)words, t, &any)) < 0)
				return e;
			if (!any) {
				pd->gone[at] = 1;
				pd->ngone++;
			}
			continue;
		}
		if (pd->n + 1 > pd->cap) {
			size_t cap = pd->cap ? pd->cap * 2 : 64;
			unsigned char *o = realloc(pd->objs, cap * k->size);
			uint64_t *ks = o ? realloc(pd->keys, cap * sizeof(*ks)) : NULL;

			if (o)
				pd->objs = o;
			if (!ks)
				return -ENOMEM;
			pd->keys = ks;
			pd->cap = cap;
		}
		memset(pd->objs + pd->n * k->size, 0, k->size);
		if ((e = apply_diff(c, pd->objs + pd->n * k->size, (size_t)words, t, &any)) < 0)
			return e;
		if (!any) /* gone, but it was not there */
			return -EPROTO;
		pd->keys[pd->n++] = key;
	}
	if (!pd->n && !pd->ngone)
		return 0;
	/* merge: what stays of s and the new, both in key order */
	{
		size_t total = s->n - pd->ngone + pd->n, a = 0, b = 0, out = 0;
		unsigned char *objs = malloc(total ? total * k->size : 1);
		uint64_t *keys = malloc(total ? total * sizeof(*keys) : 1);

		if (!objs || !keys) {
			free(objs);
			free(keys);
			return -ENOMEM;
		}
		while (a < s->n || b < pd->n) {
			if (a < s->n && pd->gone[a]) {
				a++;
				continue;
			}
			if (b >= pd->n || (a < s->n && s->keys[a] < pd->keys[b])) {
				memcpy(objs + out * k->size, s->objs + a * k->size, k->size);
				keys[out++] = s->keys[a++];
			} else {
				memcpy(objs + out * k->size, pd->objs + b * k->size, k->size);
				keys[out++] = pd->keys[b++];
			}
		}
		free(s->objs);
		free(s->keys);
		s->objs = objs;
		s->keys = keys;
		s->n = s->cap = total;
	}
	return 0;
}

const void *histsnap_find(const struct histsnap *h, size_t kind, uint64_t key)
{
	const struct histsnap_set *s;
	size_t at;
	int found;

	if (kind >= h->nkinds)
		return NULL;
	s = &h->set[kind];
	at = find(s, key, &found);
	return found ? s->objs + at * h->kinds[kind].size : NULL;
}

int histsnap_apply(struct histsnap *h, const void *data, size_t len, int full, int64_t time_s)
{
	struct cursor c = { data, (const unsigned char *)data + len };
	struct pending pd = { 0 };
	int e = 0;

	if (full)
		histsnap_reset(h);
	for (;;) {
		if (c.p >= c.end) {
			e = -EPROTO;
			break;
		}
		if (*c.p == 0) {
			e = c.p + 1 == c.end ? 0 : -EPROTO;
			break;
		}
		if ((e = apply_section(h, &c, (uint32_t)time_s, &pd)) < 0)
			break;
	}
	free(pd.objs);
	free(pd.keys);
	free(pd.gone);
	if (e < 0)
		histsnap_reset(h);
	return e;
}
