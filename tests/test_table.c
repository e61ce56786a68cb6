/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_table.c - sort keys and row building in table.c: key names and aliases, the uid filter,
 * and the order table_build gives for every key, both checked pairwise with field_cmp and
 * against hand-built segments whose order is known in advance (unsigned keys, sizes over 4 GiB,
 * unknown rss, owners and groups by name rather than by number, ties by shmid). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "names.h"
#include "snapshot.h"
#include "kind_shm.h"
#include "table.h"

/* The columns of --help and the man page, in the sort chooser's order (kind_shm.sort_columns). */
#define TABLE_NKEYS 15
static const char *const canonical[TABLE_NKEYS] = {
	"key", "shmid", "owner", "group", "perms", "size", "nattch", "status", "cpid", "lpid",
	"atime", "dtime", "ctime", "rss", "swap",
};

/* Names whose alphabetical order differs from the numeric order of the ids. By name the users
 * are 7 ("7", no name) < 1000 alice < 1 bob < 500 carol < 0 zed, and the groups
 * 7 ("7") < 1 adm < 1000 staff < 0 wheel. */
static int fake_lookup(uint32_t id, int group, char *buf, size_t size)
{
	const char *name = NULL;

	if (!group) {
		switch (id) {
		case 0: name = "zed"; break;
		case 1: name = "bob"; break;
		case 500: name = "carol"; break;
		case 1000: name = "alice"; break;
		}
	} else {
		switch (id) {
		case 0: name = "wheel"; break;
		case 1: name = "adm"; break;
		case 1000: name = "staff"; break;
		}
	}
	if (!name)
		return -ENOENT;  /* shown as the number: "7" sorts before any letter */
	snprintf(buf, size, "%s", name);
	return 0;
}

static struct names names;

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

/* ------------------------------------------------------------------ names */

static void test_key_parse(void **state)
{
	uint8_t k;

	(void)state;
	for (int i = 0; i < TABLE_NKEYS; i++) {
		char upper[32], mixed[32];
		size_t j;

		k = FIELD_NONE;
		assert_int_equal(table_sort_parse(&kind_shm, canonical[i], &k), 0);
		assert_int_equal(k, kind_shm.sort_columns[i]);
		for (j = 0; canonical[i][j]; j++) {
			upper[j] = (char)(canonical[i][j] - 'a' + 'A');
			mixed[j] = j % 2 ? upper[j] : canonical[i][j];
		}
		upper[j] = mixed[j] = '\0';
		k = FIELD_NONE;
		assert_int_equal(table_sort_parse(&kind_shm, upper, &k), 0);
		assert_int_equal(k, kind_shm.sort_columns[i]);
		k = FIELD_NONE;
		assert_int_equal(table_sort_parse(&kind_shm, mixed, &k), 0);
		assert_int_equal(k, kind_shm.sort_columns[i]);
	}
	static const struct {
		const char *alias;
		uint8_t key;
	} aliases[] = {
		{ "id", SHM_F_SHMID }, { "ID", SHM_F_SHMID }, { "attached", SHM_F_ATIME },
		{ "Attached", SHM_F_ATIME }, { "detached", SHM_F_DTIME }, { "DETACHED", SHM_F_DTIME },
		{ "changed", SHM_F_CTIME }, { "cHaNgEd", SHM_F_CTIME }, { "attach", SHM_F_ATIME },
		{ "detach", SHM_F_DTIME }, { "user", SHM_F_OWNER }, { "uid", SHM_F_OWNER },
	};
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		k = FIELD_NONE;
		assert_int_equal(table_sort_parse(&kind_shm, aliases[i].alias, &k), 0);
		assert_int_equal(k, aliases[i].key);
	}
	static const char *const bad[] = {
		"", "bogus", "shmid2", " size", "size ", "sizes", "siz", "s", "-size", "key,size",
		"owner\n", "ATIME_", "cpid_comm", "leak", "processes", "dest",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		k = FIELD_NONE;
		assert_int_equal(table_sort_parse(&kind_shm, bad[i], &k), -EINVAL);
		assert_int_equal(k, FIELD_NONE); /* untouched on failure */
	}
}

static void test_key_name(void **state)
{
	(void)state;
	assert_int_equal(kind_list_len(kind_shm.sort_columns), TABLE_NKEYS);
	for (int i = 0; i < TABLE_NKEYS; i++) {
		const char *name = kind_shm.fields[kind_shm.sort_columns[i]].name;
		uint8_t k;

		assert_string_equal(name, canonical[i]);
		/* round trip */
		assert_int_equal(table_sort_parse(&kind_shm, name, &k), 0);
		assert_int_equal(k, kind_shm.sort_columns[i]);
		assert_int_equal(table_sort_pos(&kind_shm, k), i);
	}
	/* stepping through them, both ways, wraps */
	assert_int_equal(table_sort_step(&kind_shm, SHM_F_KEY, -1), SHM_F_SWAP);
	assert_int_equal(table_sort_step(&kind_shm, SHM_F_SWAP, 1), SHM_F_KEY);
	assert_int_equal(table_sort_step(&kind_shm, SHM_F_KEY, 2), SHM_F_OWNER);
	assert_int_equal(table_sort_step(&kind_shm, SHM_F_SHMID, -TABLE_NKEYS), SHM_F_SHMID);
}

/* ------------------------------------------------------------------ helpers */

static void push(struct snapshot *s, const struct shmseg *g)
{
	assert_int_equal(shmseg_list_push(&s->segs, g), 0);
}

/* A segment with every field distinct from its neighbours' by default. */
static struct shmseg seg(int32_t shmid)
{
	struct shmseg g;

	memset(&g, 0, sizeof(g));
	g.shmid = shmid;
	g.key = shmid + 100;
	g.mode = 0600;
	g.size = 4096;
	g.rss = g.swap = 0;
	return g;
}

/* Set the field that key sorts on from a rank: a higher rank sorts later. Ranks 0..5. */
static void set_rank(struct shmseg *g, uint8_t key, int rank)
{
	static const int32_t keys[] = { 0, 5, 0x2537, INT32_MAX, INT32_MIN, -1 }; /* unsigned order */
	static const uint64_t sizes[] = { 0, 1, 4096, 4294967296ull, 1ull << 40, UINT64_MAX };
	static const uint32_t perms[] = { 0, 0400 | 02000, 0444, 0600 | 01000, 0640, 0777 };
	static const uint32_t owners[] = { 7, 1000, 1, 500, 0 };   /* "7" alice bob carol zed */
	static const uint32_t groups[] = { 7, 1, 1000, 0 };        /* "7" adm staff wheel */
	static const int64_t mem[] = { SHMSEG_UNKNOWN, 0, 4096, 1ll << 33, INT64_MAX - 1, INT64_MAX };
	static const int64_t times[] = { 0, 1, 1000000, 2147483647, 2147483648ll, 9000000000ll };

	switch (key) {
	case SHM_F_KEY: g->key = keys[rank]; break;
	case SHM_F_SHMID: g->shmid = rank * 1000 + 3; break;
	case SHM_F_OWNER: g->uid = owners[rank % 5]; break;
	case SHM_F_GROUP: g->gid = groups[rank % 4]; break;
	case SHM_F_PERMS: g->mode = perms[rank]; break;
	case SHM_F_SIZE: g->size = sizes[rank]; break;
	case SHM_F_NATTCH: g->nattch = (uint64_t)rank * 3; break;
	case SHM_F_STATUS: g->mode = 0600 | (rank ? 01000u : 0); break; /* "-" before dest */
	case SHM_F_CPID: g->cpid = rank * 100 + 1; break;
	case SHM_F_LPID: g->lpid = rank * 100 + 1; break;
	case SHM_F_ATIME: g->atime = times[rank]; break;
	case SHM_F_DTIME: g->dtime = times[rank]; break;
	case SHM_F_CTIME: g->ctime = times[rank]; break;
	case SHM_F_RSS: g->rss = mem[rank]; break;  /* unknown sorts first */
	case SHM_F_SWAP: g->swap = mem[rank]; break;
	default: break;
	}
}

static int is_permutation(const uint32_t *rows, size_t n, size_t of)
{
	unsigned char seen[256] = { 0 };

	if (n != of || n > sizeof(seen))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (rows[i] >= n || seen[rows[i]])
			return 0;
		seen[rows[i]] = 1;
	}
	return 1;
}

/* ------------------------------------------------------------------ sorting */

/* The class a rank falls in for key: equal classes mean equal values. */
static int rank_class(uint8_t key, int rank)
{
	switch (key) {
	case SHM_F_OWNER: return rank % 5;
	case SHM_F_GROUP: return rank % 4;
	case SHM_F_STATUS: return rank != 0;
	default: return rank;
	}
}

/* For every key: six segments placed in the snapshot in a scrambled order, each given the rank
 * the key should put it at, with shmids in the opposite order so that neither the index nor
 * the shmid order can pass for the sort. Where ranks share a value (owner, group, status), the
 * lower shmid comes first. */
static void test_known_order(void **state)
{
	static const int place[6] = { 3, 0, 5, 1, 4, 2 };  /* snapshot index -> rank */

	(void)state;
	for (int p = 0; p < TABLE_NKEYS; p++) {
		uint8_t key = kind_shm.sort_columns[p];
		struct snapshot snap;
		uint32_t rows[6], want[6];

		snapshot_init(&snap);
		for (int i = 0; i < 6; i++) {
			struct shmseg g = seg(900 - 10 * place[i]);

			set_rank(&g, key, place[i]);
			push(&snap, &g);
		}
		/* the expected order: by class, then by shmid (insertion sort) */
		for (uint32_t i = 0; i < 6; i++) {
			uint32_t j = i;
			int ci = rank_class(key, place[i]);

			while (j > 0) {
				int cp = rank_class(key, place[want[j - 1]]);

				if (cp < ci || (cp == ci && snap.segs.v[want[j - 1]].shmid < snap.segs.v[i].shmid))
					break;
				want[j] = want[j - 1];
				j--;
			}
			want[j] = i;
		}
		for (int reverse = 0; reverse < 2; reverse++) {
			size_t n = table_build(&snap, NULL, key, reverse, &names, rows);

			assert_true(is_permutation(rows, n, 6));
			for (size_t i = 0; i < n; i++) {
				uint32_t w = want[reverse ? n - 1 - i : i];

				if (rows[i] != w)
					fail_msg("key %s%s: row %zu is shmid %d, want %d", canonical[p],
						 reverse ? " reversed" : "", i, snap.segs.v[rows[i]].shmid,
						 snap.segs.v[w].shmid);
			}
		}
		snapshot_free(&snap);
	}
}

/* Owner and group sort by the name shown, not by the number. */
static void test_owner_group_by_name(void **state)
{
	static const uint32_t uids[] = { 0, 1, 7, 500, 1000 };
	static const char *const want_users[] = { "7", "alice", "bob", "carol", "zed" };
	static const uint32_t gids[] = { 1000, 0, 7, 1 };
	static const char *const want_groups[] = { "7", "adm", "staff", "wheel" };
	struct snapshot snap;
	uint32_t rows[8];
	size_t n;

	(void)state;
	snapshot_init(&snap);
	for (size_t i = 0; i < 5; i++) {
		struct shmseg g = seg((int32_t)i);

		g.uid = uids[i];
		g.gid = gids[i % 4];
		push(&snap, &g);
	}
	n = table_build(&snap, NULL, SHM_F_OWNER, 0, &names, rows);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(names_user(&names, snap.segs.v[rows[i]].uid), want_users[i]);
	n = table_build(&snap, NULL, SHM_F_OWNER, 1, &names, rows);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(names_user(&names, snap.segs.v[rows[i]].uid), want_users[4 - i]);

	n = table_build(&snap, NULL, SHM_F_GROUP, 0, &names, rows);
	assert_int_equal(n, 5);
	/* gid 1000 appears twice (shmids 0 and 4): together, the lower shmid first */
	assert_string_equal(names_group(&names, snap.segs.v[rows[0]].gid), want_groups[0]);
	assert_string_equal(names_group(&names, snap.segs.v[rows[1]].gid), want_groups[1]);
	assert_string_equal(names_group(&names, snap.segs.v[rows[2]].gid), want_groups[2]);
	assert_int_equal(snap.segs.v[rows[2]].shmid, 0);
	assert_string_equal(names_group(&names, snap.segs.v[rows[3]].gid), want_groups[2]);
	assert_int_equal(snap.segs.v[rows[3]].shmid, 4);
	assert_string_equal(names_group(&names, snap.segs.v[rows[4]].gid), want_groups[3]);
	snapshot_free(&snap);
}

/* Equal values keep shmid order: ascending, and descending when reversed. */
static void test_ties_by_shmid(void **state)
{
	static const int32_t ids[] = { 42, 7, 1000, 0, 99, 3 };
	static const int32_t sorted[] = { 0, 3, 7, 42, 99, 1000 };
	struct snapshot snap;
	uint32_t rows[6];

	(void)state;
	snapshot_init(&snap);
	for (int i = 0; i < 6; i++) {
		struct shmseg g = seg(ids[i]);

		/* every sortable field equal */
		g.key = 1;
		g.uid = g.gid = 1000;
		push(&snap, &g);
	}
	for (int p = 0; p < TABLE_NKEYS; p++) {
		uint8_t key = kind_shm.sort_columns[p];
		size_t n;

		if (key == SHM_F_SHMID)
			continue;
		n = table_build(&snap, NULL, key, 0, &names, rows);
		assert_int_equal(n, 6);
		for (int i = 0; i < 6; i++)
			assert_int_equal(snap.segs.v[rows[i]].shmid, sorted[i]);
		n = table_build(&snap, NULL, key, 1, &names, rows);
		for (int i = 0; i < 6; i++)
			assert_int_equal(snap.segs.v[rows[i]].shmid, sorted[5 - i]);
	}
	snapshot_free(&snap);
}

static unsigned long rnd_state = 7;

static unsigned long rnd(unsigned long m)
{
	rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
	return (rnd_state >> 33) % m;
}

/* Many random segments with many repeated values: every adjacent pair of rows is in order by
 * field_cmp then shmid, and reversing gives exactly the reverse list. */
static void test_pairwise_order(void **state)
{
	enum { N = 200 };
	static const uint32_t uids[] = { 0, 1, 7, 500, 1000 };
	struct snapshot snap;
	uint32_t fwd[N], rev[N];

	(void)state;
	snapshot_init(&snap);
	for (int i = 0; i < N; i++) {
		struct shmseg g;

		memset(&g, 0, sizeof(g));
		g.shmid = (int32_t)(i * 7919 % 100003);          /* distinct, not in index order */
		g.key = (int32_t)((uint32_t)rnd(4) << 30 | (uint32_t)rnd(3));
		g.mode = (uint32_t)rnd(4) << 9 | (uint32_t)rnd(8) << 6 | (uint32_t)rnd(2);
		g.uid = uids[rnd(5)];
		g.gid = uids[rnd(5)];
		g.size = (uint64_t)rnd(5) << (rnd(2) ? 33 : 10);
		g.nattch = rnd(3);
		g.cpid = (int32_t)rnd(4);
		g.lpid = (int32_t)rnd(4);
		g.atime = (int64_t)rnd(3) * 1000000000;
		g.dtime = (int64_t)rnd(3);
		g.ctime = (int64_t)rnd(3) + 5000000000ll;
		g.rss = rnd(4) ? (int64_t)rnd(3) * 4096 : SHMSEG_UNKNOWN;
		g.swap = rnd(4) ? (int64_t)rnd(3) << 32 : SHMSEG_UNKNOWN;
		push(&snap, &g);
	}
	for (int p = 0; p < TABLE_NKEYS; p++) {
		uint8_t key = kind_shm.sort_columns[p];
		size_t n = table_build(&snap, NULL, key, 0, &names, fwd);

		assert_int_equal(n, N);
		assert_int_equal(table_build(&snap, NULL, key, 1, &names, rev), N);
		for (size_t i = 1; i < n; i++) {
			const struct shmseg *a = &snap.segs.v[fwd[i - 1]], *b = &snap.segs.v[fwd[i]];
			int c = field_cmp(&kind_shm.fields[key], a, b, &names);

			if (!(c < 0 || (c == 0 && a->shmid < b->shmid)))
				fail_msg("key %s: shmid %d before %d", canonical[p], a->shmid, b->shmid);
			/* field_cmp is antisymmetric */
			assert_int_equal(c < 0, field_cmp(&kind_shm.fields[key], b, a, &names) > 0);
		}
		for (size_t i = 0; i < n; i++)
			assert_int_equal(rev[i], fwd[n - 1 - i]);
	}
	snapshot_free(&snap);
}

/* field_cmp on its own, for the keys where a naive comparison would go wrong. */
static void test_compare(void **state)
{
	struct shmseg a = seg(1), b = seg(2);

	(void)state;
	/* keys compare as unsigned: 0xffffffff after 0x7fffffff */
	a.key = -1;
	b.key = INT32_MAX;
	assert_true(field_cmp(&kind_shm.fields[SHM_F_KEY], &a, &b, &names) > 0);
	/* sizes over 4 GiB */
	a.size = 1ull << 32;
	b.size = (1ull << 32) - 1;
	assert_true(field_cmp(&kind_shm.fields[SHM_F_SIZE], &a, &b, &names) > 0);
	a.size = UINT64_MAX;
	b.size = 0;
	assert_true(field_cmp(&kind_shm.fields[SHM_F_SIZE], &a, &b, &names) > 0);
	/* perms ignore SHM_DEST / SHM_LOCKED, status looks only at them */
	a.mode = 0600 | 01000;
	b.mode = 0600;
	assert_int_equal(field_cmp(&kind_shm.fields[SHM_F_PERMS], &a, &b, &names), 0);
	assert_true(field_cmp(&kind_shm.fields[SHM_F_STATUS], &a, &b, &names) > 0);
	a.mode = 0644;
	b.mode = 0600 | 02000;
	assert_true(field_cmp(&kind_shm.fields[SHM_F_PERMS], &a, &b, &names) > 0);
	assert_true(field_cmp(&kind_shm.fields[SHM_F_STATUS], &a, &b, &names) < 0);
	/* no tie-break inside field_cmp */
	a = seg(1);
	b = seg(2);
	b.key = a.key;
	for (int p = 0; p < TABLE_NKEYS; p++)
		if (kind_shm.sort_columns[p] != SHM_F_SHMID)
			assert_int_equal(field_cmp(&kind_shm.fields[kind_shm.sort_columns[p]], &a, &b,
						   &names), 0);
	/* owner by name: uid 0 "zed" after uid 1000 "alice" */
	a.uid = 0;
	b.uid = 1000;
	assert_true(field_cmp(&kind_shm.fields[SHM_F_OWNER], &a, &b, &names) > 0);
	assert_true(field_cmp(&kind_shm.fields[SHM_F_OWNER], &b, &a, &names) < 0);
	/* unknown rss before any known value */
	a.rss = SHMSEG_UNKNOWN;
	b.rss = 0;
	assert_true(field_cmp(&kind_shm.fields[SHM_F_RSS], &a, &b, &names) < 0);
}

/* ------------------------------------------------------------------ filter */

static void test_filter(void **state)
{
	static const uint32_t uids[] = { 1000, 0, 1000, 7, 1000, 0 };
	struct snapshot snap;
	struct table_filter f = { 1, 1000 };
	uint32_t rows[6];
	size_t n;

	(void)state;
	snapshot_init(&snap);
	for (int i = 0; i < 6; i++) {
		struct shmseg g = seg(60 - i);

		g.uid = uids[i];
		g.cuid = 1000;   /* the creator does not count: the owner does */
		push(&snap, &g);
	}
	assert_true(table_filter_match(NULL, &snap.segs.v[1]));
	assert_true(table_filter_match(&f, &snap.segs.v[0]));
	assert_false(table_filter_match(&f, &snap.segs.v[1]));

	n = table_build(&snap, &f, SHM_F_SHMID, 0, &names, rows);
	assert_int_equal(n, 3);
	/* indexes 4, 2, 0 (shmids 56, 58, 60) in shmid order */
	assert_int_equal(rows[0], 4);
	assert_int_equal(rows[1], 2);
	assert_int_equal(rows[2], 0);

	f.uid = 0;
	n = table_build(&snap, &f, SHM_F_SHMID, 1, &names, rows);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0], 1);
	assert_int_equal(rows[1], 5);

	f.uid = 12345;
	assert_int_equal(table_build(&snap, &f, SHM_F_SIZE, 0, &names, rows), 0);
	/* a filter that is off keeps everything */
	f.by_uid = 0;
	assert_int_equal(table_build(&snap, &f, SHM_F_SIZE, 0, &names, rows), 6);
	snapshot_free(&snap);

	/* an empty snapshot */
	snapshot_init(&snap);
	assert_int_equal(table_build(&snap, NULL, SHM_F_OWNER, 0, &names, rows), 0);
	snapshot_free(&snap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_parse),
		cmocka_unit_test(test_key_name),
		cmocka_unit_test_setup_teardown(test_known_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_owner_group_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ties_by_shmid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pairwise_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
