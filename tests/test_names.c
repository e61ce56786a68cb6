/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_names.c - the uid/gid name cache of names.c: one lookup per distinct id, numbers for ids
 * without a name, pointers that survive the table growing, cache-only reads, and
 * names_parse_user. */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "names.h"

#define MAXID 5000

/* calls[group][id]: how often the fake was asked about an id */
static unsigned calls[2][MAXID];

/* Users are "u<id>" and groups "g<id>"; ids divisible by 7 have no name; id 13 has an empty one;
 * id 4243 has one longer than the cache keeps. */
static int fake_lookup(uint32_t id, int group, char *buf, size_t size)
{
	assert_true(id < MAXID);
	calls[group != 0][id]++;
	if (id % 7 == 0)
		return -ENOENT;
	if (id == 13) {
		buf[0] = '\0';
		return 0;
	}
	if (id == 4243) {
		memset(buf, 'L', size - 1);
		buf[size - 1] = '\0';
		return 0;
	}
	snprintf(buf, size, "%c%u", group ? 'g' : 'u', id);
	return 0;
}

static int setup(void **state)
{
	struct names *n = calloc(1, sizeof(*n));

	if (!n)
		return -1;
	memset(calls, 0, sizeof(calls));
	names_init(n, fake_lookup);
	*state = n;
	return 0;
}

static int teardown(void **state)
{
	names_free(*state);
	free(*state);
	return 0;
}

static unsigned total_calls(void)
{
	unsigned t = 0;

	for (int g = 0; g < 2; g++)
		for (int i = 0; i < MAXID; i++)
			t += calls[g][i];
	return t;
}

static void test_one_lookup_per_id(void **state)
{
	struct names *n = *state;
	unsigned long seed = 12345;

	/* 20000 rows drawn from 300 distinct uids and gids, in a scrambled order */
	for (int i = 0; i < 20000; i++) {
		uint32_t id;

		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		id = (uint32_t)(seed >> 33) % 300 + 1;
		names_user(n, id);
		names_group(n, id);
	}
	for (uint32_t id = 1; id <= 300; id++) {
		assert_int_equal(calls[0][id], 1);
		assert_int_equal(calls[1][id], 1);
	}
	assert_int_equal(total_calls(), 600);
	assert_int_equal(n->users.n, 300);
	assert_int_equal(n->groups.n, 300);
	/* and asking again costs nothing */
	names_user(n, 1);
	names_group(n, 300);
	assert_int_equal(total_calls(), 600);
}

static void test_names_and_numbers(void **state)
{
	struct names *n = *state;
	char want[32];

	assert_string_equal(names_user(n, 1), "u1");
	assert_string_equal(names_group(n, 1), "g1");   /* users and groups are separate */
	assert_int_equal(calls[0][1], 1);
	assert_int_equal(calls[1][1], 1);
	/* no name: the number, as text */
	assert_string_equal(names_user(n, 0), "0");
	assert_string_equal(names_user(n, 14), "14");
	assert_string_equal(names_group(n, 4998), "4998");
	/* an empty name is no name */
	assert_string_equal(names_user(n, 13), "13");
	/* a long name is cut to the cache's size, not overflowing it */
	assert_int_equal(strlen(names_user(n, 4243)), NAMES_MAX - 1);
	/* unknown ids are cached too: the number is not looked up again */
	names_user(n, 14);
	names_user(n, 13);
	assert_int_equal(calls[0][14], 1);
	assert_int_equal(calls[0][13], 1);
	for (uint32_t id = 1; id < 60; id++) {
		if (id % 7 == 0 || id == 13)
			snprintf(want, sizeof(want), "%u", id);
		else
			snprintf(want, sizeof(want), "g%u", id);
		assert_string_equal(names_group(n, id), want);
	}
}

static void test_pointers_stay_valid(void **state)
{
	struct names *n = *state;
	const char *first[8];
	static const uint32_t ids[8] = { 2500, 1, 4999, 3, 1234, 2, 4000, 7 };
	char want[32];

	for (int i = 0; i < 8; i++)
		first[i] = names_user(n, ids[i]);
	/* thousands more ids, inserted before, between and after: the table reallocates
	 * and shifts many times */
	for (int id = MAXID - 1; id > 0; id -= 3)
		names_user(n, (uint32_t)id);
	for (uint32_t id = 0; id < MAXID; id += 2)
		names_user(n, id);
	assert_true(n->users.n > 3000);
	for (int i = 0; i < 8; i++) {
		if (ids[i] % 7 == 0)
			snprintf(want, sizeof(want), "%u", ids[i]);
		else
			snprintf(want, sizeof(want), "u%u", ids[i]);
		assert_string_equal(first[i], want);
		/* still the same string, not a copy */
		assert_ptr_equal(names_user(n, ids[i]), first[i]);
	}
	/* the cache stays sorted by id, so lookups keep finding every entry */
	for (size_t i = 1; i < n->users.n; i++)
		assert_true(n->users.v[i - 1].id < n->users.v[i].id);
	for (uint32_t id = 0; id < MAXID; id++)
		assert_true(calls[0][id] <= 1);
}

static void test_free_and_reuse(void **state)
{
	struct names *n = *state;

	names_user(n, 5);
	names_free(n);
	assert_int_equal(n->users.n, 0);
	/* after free the cache starts empty: the id is looked up again */
	assert_string_equal(names_user(n, 5), "u5");
	assert_int_equal(calls[0][5], 2);
}

static void test_system_lookup(void **state)
{
	struct names n;

	(void)state;
	names_init(&n, NULL);
	assert_string_equal(names_user(&n, 0), "root");
	assert_string_equal(names_group(&n, 0), "root");
	/* an id no system has a name for */
	assert_string_equal(names_user(&n, 3999999999u), "3999999999");
	names_free(&n);
}

static void test_parse_user(void **state)
{
	uint32_t uid;
	struct passwd *pw;

	(void)state;
	uid = 77;
	assert_int_equal(names_parse_user("root", &uid), 0);
	assert_int_equal(uid, 0);
	uid = 77;
	assert_int_equal(names_parse_user("0", &uid), 0);
	assert_int_equal(uid, 0);
	/* a number with no user is still a uid to filter on */
	assert_int_equal(names_parse_user("54321", &uid), 0);
	assert_int_equal(uid, 54321);
	assert_int_equal(names_parse_user("4294967295", &uid), 0);
	assert_int_equal(uid, UINT32_MAX);
	/* a real user of this system other than root, by name, if there is one */
	setpwent();
	while ((pw = getpwent()) != NULL) {
		if (pw->pw_uid != 0 && strspn(pw->pw_name, "0123456789") != strlen(pw->pw_name)) {
			char name[256];
			uint32_t want = pw->pw_uid;

			snprintf(name, sizeof(name), "%s", pw->pw_name);
			endpwent();
			assert_int_equal(names_parse_user(name, &uid), 0);
			assert_int_equal(uid, want);
			break;
		}
	}
	endpwent();

	uid = 77;
	assert_int_equal(names_parse_user("no-such-user-xyz", &uid), -ENOENT);
	assert_int_equal(names_parse_user("-1", &uid), -ENOENT);
	assert_int_equal(names_parse_user("", &uid), -ENOENT);
	assert_int_equal(names_parse_user("4294967296", &uid), -ENOENT);
	assert_int_equal(names_parse_user("99999999999999999999999", &uid), -ENOENT);
	assert_int_equal(names_parse_user("12abc", &uid), -ENOENT);
	assert_int_equal(names_parse_user("+5", &uid), -ENOENT);
	assert_int_equal(names_parse_user(NULL, &uid), -ENOENT);
	assert_int_equal(uid, 77); /* untouched on failure */
}

/* names_*_known: what the cache holds, without ever asking; the number otherwise. */
static void test_known_only(void **state)
{
	struct names *n = *state;
	char num[NAMES_NUM_LEN];

	assert_string_equal(names_user_known(n, 44, num), "44");
	assert_string_equal(names_group_known(n, 44, num), "44");
	assert_string_equal(names_user_known(n, UINT32_MAX, num), "4294967295");
	assert_int_equal(calls[0][44] + calls[1][44], 0);
	assert_string_equal(names_user(n, 44), "u44");
	assert_string_equal(names_user_known(n, 44, num), "u44");
	assert_string_equal(names_group_known(n, 44, num), "44");   /* users and groups apart */
	assert_string_equal(names_group(n, 45), "g45");
	assert_string_equal(names_group_known(n, 45, num), "g45");
	assert_string_equal(names_user_known(n, 45, num), "45");
	assert_int_equal(calls[0][44], 1);
	assert_int_equal(calls[1][45], 1);
	assert_int_equal(calls[0][45] + calls[1][44], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_lookup_per_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_and_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pointers_stay_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_and_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_known_only, setup, teardown),
		cmocka_unit_test(test_system_lookup),
		cmocka_unit_test(test_parse_user),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
