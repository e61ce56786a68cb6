/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_histtime.c - the TIME of --since and --until: each form, and what is refused. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "histtime.h"

#define NS 1000000000LL
#define NOW (1796400000LL * NS + 500000000LL) /* 2026-12-04 16:00:00.5 UTC */

static int64_t parse(const char *s)
{
	int64_t t = -1;

	assert_int_equal(histtime_parse(s, NOW, &t), 0);
	return t;
}

static void test_forms(void **state)
{
	(void)state;
	assert_int_equal(parse("now"), NOW);
	assert_int_equal(parse("1796400000"), 1796400000LL * NS);
	assert_int_equal(parse("1796400000.25"), 1796400000LL * NS + 250000000LL);
	assert_int_equal(parse("0"), 0);
	/* ISO 8601 with a zone, in UTC or at an offset */
	assert_int_equal(parse("2026-12-04T16:00:00Z"), 1796400000LL * NS);
	assert_int_equal(parse("2026-12-04T16:00:00.5Z"), 1796400000LL * NS + 500000000LL);
	assert_int_equal(parse("2026-12-04T17:00:00+01:00"), 1796400000LL * NS);
	assert_int_equal(parse("2026-12-04T11:00:00-0500"), 1796400000LL * NS);
	/* local time (TZ=UTC here), with a space or a T, to the minute or the day */
	assert_int_equal(parse("2026-12-04 16:00:00"), 1796400000LL * NS);
	assert_int_equal(parse("2026-12-04T16:00"), 1796400000LL * NS);
	assert_int_equal(parse("2026-12-04"), (1796400000LL - 16 * 3600) * NS);
	/* a time ago */
	assert_int_equal(parse("-2h"), NOW - 2 * 3600 * NS);
	assert_int_equal(parse("-30m"), NOW - 30 * 60 * NS);
	assert_int_equal(parse("+2h"), NOW + 2 * 3600 * NS);
	assert_int_equal(parse("+90s"), NOW + 90 * NS);
	assert_int_equal(parse("-45s"), NOW - 45 * NS);
	assert_int_equal(parse("-3d"), NOW - 3 * 86400 * NS);
	assert_int_equal(parse("-1w"), NOW - 7 * 86400 * NS);
	assert_int_equal(parse("-0s"), NOW);
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"", "yesterday", "-2", "-h", "-2x", "-2hh", "--2h", "1796400000x", "1.2.3", "12:00",
		"2026-13-01", "2026-12-32", "2026-12-04T24:00", "2026-12-04T23:60", "2026-12-04T23",
		"2026-12-04T23:20:00+25:00", "2026-12-04 23:20:00 UTC", "2026/12/04",
		"99999999999999999999", "-99999999999999999w", "2026-02-31", "2026-04-31T10:00Z",
		"2300-01-01", "1600-01-01T00:00Z", "+-2h", "-+2h", "+ 2h", "+2", "+99999999999999999w",
		NULL,
	};
	int64_t t = 42;

	(void)state;
	for (size_t i = 0; bad[i]; i++) {
		assert_int_equal(histtime_parse(bad[i], NOW, &t), -EINVAL);
		assert_int_equal(t, 42); /* untouched */
	}
	assert_int_equal(histtime_parse(NULL, NOW, &t), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_refused),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
