/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_histsnap.c - the recorder's samples: what a chain of samples decodes to is what was
 * encoded, object for object; what they cost; and what does not decode is refused whole. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "histsnap.h"

struct obj {
	int32_t id;
	uint32_t nattch;
	int64_t atime;
	uint64_t size;
	char name[24];
};

static uint64_t obj_key(const void *o)
{
	return (uint32_t)((const struct obj *)o)->id;
}

struct other {
	uint64_t ino;
	uint32_t mode, pad;
};

static uint64_t other_key(const void *o)
{
	return ((const struct other *)o)->ino * 0x9e3779b97f4a7c15ull;
}

static const struct histsnap_kind test_kinds[2] = {
	{ sizeof(struct obj), obj_key },
	{ sizeof(struct other), other_key },
};

static int cmp_obj(const void *a, const void *b)
{
	uint64_t x = obj_key(a), y = obj_key(b);

	return (x > y) - (x < y);
}

/* the decoder holds exactly objs (any order given) of kind 0 */
static void assert_holds(const struct histsnap *d, const struct obj *objs, size_t n)
{
	struct obj *sorted = malloc((n ? n : 1) * sizeof(*sorted));

	memcpy(sorted, objs, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_obj);
	assert_int_equal(d->set[0].n, n);
	assert_memory_equal(d->set[0].objs, sorted, n * sizeof(*sorted));
	free(sorted);
}

static void mutate(struct obj *o, size_t *n, int64_t t, unsigned *seed)
{
	for (int k = 0; k < 8; k++) {
		size_t i = *n ? (size_t)rand_r(seed) % *n : 0;

		switch (rand_r(seed) % 6) {
		case 0: /* a new one, with a new id */
			if (*n < 200) {
				memset(&o[*n], 0, sizeof(o[*n]));
				o[*n].id = (int32_t)(rand_r(seed) % 100000);
				for (size_t j = 0; j < *n; j++)
					if (o[j].id == o[*n].id)
						goto skip;
				o[*n].size = (uint64_t)rand_r(seed) << 12;
				o[*n].atime = t;
				snprintf(o[*n].name, sizeof(o[*n].name), "/n%d", rand_r(seed));
				(*n)++;
			}
		skip:
			break;
		case 1: /* gone */
			if (*n)
				o[i] = o[--*n];
			break;
		case 2: /* attached now */
			if (*n) {
				o[i].nattch++;
				o[i].atime = t;
			}
			break;
		case 3: /* detached */
			if (*n && o[i].nattch)
				o[i].nattch--;
			break;
		case 4: /* any bytes at all */
			if (*n)
				((unsigned char *)&o[i])[4 + rand_r(seed) % (sizeof(*o) - 4)] =
					(unsigned char)rand_r(seed);
			break;
		default: /* its id reused by another object */
			if (*n) {
				o[i].size = (uint64_t)rand_r(seed);
				o[i].atime = -(int64_t)rand_r(seed);
			}
			break;
		}
	}
}

static void test_chain(void **state)
{
	struct histsnap enc, dec;
	struct histsnap_buf b = { 0 };
	struct obj o[210];
	struct other q[3] = { { 7, 0600, 0 }, { 9, 0644, 0 }, { 1, 0, 0 } };
	size_t n = 0, qn = 0, changed;
	unsigned seed = 1;

	(void)state;
	histsnap_init(&enc, test_kinds, 2);
	histsnap_init(&dec, test_kinds, 2);
	for (int step = 0; step < 2000; step++) {
		int64_t t = 1796400000 + step;
		int full = step % 97 == 0;
		const void *objs[2] = { o, step % 3 ? NULL : q };
		size_t ns[2] = { 0, 3 };

		mutate(o, &n, t, &seed);
		ns[0] = n;
		q[step % 3].mode ^= (uint32_t)step;
		b.len = 0;
		assert_int_equal(histsnap_encode(&enc, objs, ns, full, t, &b, &changed), 0);
		assert_int_equal(histsnap_apply(&dec, b.p, b.len, full, t), 0);
		assert_holds(&dec, o, n);
		/* kind 1 read every third sample: a full one without it has none */
		qn = objs[1] ? 3 : full ? 0 : qn;
		assert_int_equal(dec.set[1].n, qn);
	}
	/* a full sample decodes on its own, onto anything */
	{
		const void *objs[2] = { o, q };
		size_t ns[2] = { n, 3 };
		struct histsnap fresh;

		b.len = 0;
		assert_int_equal(histsnap_encode(&enc, objs, ns, 1, 1796500000, &b, &changed), 0);
		assert_int_equal(changed, n + 3);
		histsnap_init(&fresh, test_kinds, 2);
		assert_int_equal(histsnap_apply(&fresh, b.p, b.len, 1, 1796500000), 0);
		assert_holds(&fresh, o, n);
		assert_int_equal(histsnap_apply(&dec, b.p, b.len, 1, 1796500000), 0);
		assert_holds(&dec, o, n);
		histsnap_free(&fresh);
	}
	histsnap_free(&enc);
	histsnap_free(&dec);
	histsnap_buf_free(&b);
}

/* What a sample costs: nothing changed, one byte; an attach now (nattch and atime), five bytes
 * a segment; a page more, four. */
static void test_compact(void **state)
{
	static struct obj o[4096];
	struct histsnap enc;
	struct histsnap_buf b = { 0 };
	const void *objs[1] = { o };
	size_t ns[1] = { 4096 }, changed;
	int64_t t = 1796400000;

	(void)state;
	for (int i = 0; i < 4096; i++) {
		o[i].id = 3 * 32768 + i; /* as the kernel numbers them */
		o[i].size = 1 << 20;
		o[i].atime = t - 86400;
		o[i].nattch = 1;
	}
	histsnap_init(&enc, test_kinds, 1);
	assert_int_equal(histsnap_encode(&enc, objs, ns, 1, t, &b, &changed), 0);
	assert_int_equal(changed, 4096);
	b.len = 0;
	assert_int_equal(histsnap_encode(&enc, objs, ns, 0, t + 1, &b, &changed), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(b.len, 1);
	/* 100 segments attached once more, now */
	for (int i = 0; i < 4096; i += 41) {
		o[i].nattch++;
		o[i].atime = t + 2;
	}
	b.len = 0;
	assert_int_equal(histsnap_encode(&enc, objs, ns, 0, t + 2, &b, &changed), 0);
	assert_int_equal(changed, 100);
	assert_in_range(b.len, 100 * 4, 100 * 5 + 8);
	/* 100 segments one page larger (RSS moves by pages): four bytes each */
	for (int i = 7; i < 4096; i += 41)
		o[i].size += 4096;
	b.len = 0;
	assert_int_equal(histsnap_encode(&enc, objs, ns, 0, t + 3, &b, &changed), 0);
	assert_int_equal(changed, 100);
	assert_in_range(b.len, 100 * 3, 100 * 4 + 8);
	histsnap_free(&enc);
	histsnap_buf_free(&b);
}

/* A new object that is all zeros is still an object; two objects with one key: the first. */
static void test_zero_and_duplicates(void **state)
{
	struct obj o[3] = { { 0 }, { 4, 1, 0, 0, "a" }, { 4, 2, 0, 0, "b" } };
	struct histsnap enc, dec;
	struct histsnap_buf b = { 0 };
	const void *objs[1] = { o };
	size_t ns[1] = { 3 }, changed;

	(void)state;
	histsnap_init(&enc, test_kinds, 1);
	histsnap_init(&dec, test_kinds, 1);
	assert_int_equal(histsnap_encode(&enc, objs, ns, 0, 5, &b, &changed), 0);
	assert_int_equal(changed, 2);
	assert_int_equal(histsnap_apply(&dec, b.p, b.len, 0, 5), 0);
	assert_holds(&dec, o, 2);
	histsnap_free(&enc);
	histsnap_free(&dec);
	histsnap_buf_free(&b);
}

/* Every truncation and every single corrupted byte of a sample: refused (-EPROTO) or decoded,
 * never read past its end; refused leaves nothing half applied. */
static void test_malformed(void **state)
{
	struct obj o[40];
	struct histsnap enc, dec;
	struct histsnap_buf b = { 0 };
	const void *objs[1] = { o };
	size_t ns[1] = { 40 }, changed;
	unsigned char *copy;

	(void)state;
	memset(o, 0, sizeof(o));
	for (int i = 0; i < 40; i++) {
		o[i].id = i * 3;
		o[i].size = (uint64_t)i << 20;
		snprintf(o[i].name, sizeof(o[i].name), "/x%d", i);
	}
	histsnap_init(&enc, test_kinds, 1);
	histsnap_init(&dec, test_kinds, 1);
	assert_int_equal(histsnap_encode(&enc, objs, ns, 1, 9, &b, &changed), 0);
	for (size_t len = 0; len < b.len; len++) {
		copy = malloc(len ? len : 1);
		memcpy(copy, b.p, len);
		assert_int_equal(histsnap_apply(&dec, copy, len, 1, 9), -EPROTO);
		assert_int_equal(dec.set[0].n, 0);
		free(copy);
	}
	copy = malloc(b.len);
	for (size_t i = 0; i < b.len; i++) {
		for (int v = 0; v < 256; v += 51) {
			int e;

			memcpy(copy, b.p, b.len);
			copy[i] = (unsigned char)v;
			e = histsnap_apply(&dec, copy, b.len, 1, 9);
			assert_true(e == 0 || e == -EPROTO);
			if (e)
				assert_int_equal(dec.set[0].n, 0);
		}
	}
	free(copy);
	/* a section of a kind this reader does not have, or another size of object */
	{
		unsigned char bad_kind[] = { 3, 6, 0, 0 }, bad_words[] = { 1, 5, 0, 0 };

		assert_int_equal(histsnap_apply(&dec, bad_kind, sizeof(bad_kind), 0, 9), -EPROTO);
		assert_int_equal(histsnap_apply(&dec, bad_words, sizeof(bad_words), 0, 9), -EPROTO);
	}
	histsnap_free(&enc);
	histsnap_free(&dec);
	histsnap_buf_free(&b);
}

static void test_layout(void **state)
{
	struct histsnap_kind k2[2] = { test_kinds[0], { 24, other_key } };

	(void)state;
	assert_int_equal(histsnap_layout(test_kinds, 2, "a:0:1"), histsnap_layout(test_kinds, 2, "a:0:1"));
	assert_int_not_equal(histsnap_layout(test_kinds, 2, "a:0:1"), histsnap_layout(k2, 2, "a:0:1"));
	assert_int_not_equal(histsnap_layout(test_kinds, 2, "a:0:1"), histsnap_layout(test_kinds, 2, "a:4:1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_zero_and_duplicates),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
