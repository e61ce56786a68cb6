/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_fmt.c - the pure formatters of fmt.c: integers, keys, perms, status, human sizes, absolute
 * and relative times, and fmt_escape and fmt_sanitize, whose output is checked byte for byte against
 * an independent model built from the Unicode well-formedness table (Table 3-7) rather than against
 * their own code; fmt_unescape gives every escaped string back, and no two strings escape alike. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt.h"

/* A small deterministic generator, so failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* ------------------------------------------------------------------ integers and keys */

static void check_u64(uint64_t v)
{
	char got[FMT_U64_LEN], want[32];
	size_t n;

	memset(got, 'X', sizeof(got));
	n = fmt_u64(got, v);
	snprintf(want, sizeof(want), "%" PRIu64, v);
	assert_string_equal(got, want);
	assert_int_equal(n, strlen(want));
}

static void check_i64(int64_t v)
{
	char got[FMT_U64_LEN + 1], want[32];
	size_t n;

	memset(got, 'X', sizeof(got));
	n = fmt_i64(got, v);
	snprintf(want, sizeof(want), "%" PRId64, v);
	assert_string_equal(got, want);
	assert_int_equal(n, strlen(want));
}

static void test_u64(void **state)
{
	uint64_t p = 1;

	(void)state;
	check_u64(0);
	check_u64(1);
	check_u64(UINT64_MAX);
	check_u64(UINT64_MAX - 1);
	/* every power of ten and its neighbours: where the digit count changes */
	for (int i = 0; i < 20; i++, p *= 10) {
		check_u64(p);
		check_u64(p - 1);
		check_u64(p + 1);
	}
	for (int i = 0; i < 10000; i++)
		check_u64(rng() >> (rng() % 64));
}

static void test_i64(void **state)
{
	(void)state;
	check_i64(0);
	check_i64(1);
	check_i64(-1);
	check_i64(INT64_MAX);
	check_i64(INT64_MIN);
	check_i64(INT64_MIN + 1);
	for (int i = 0; i < 10000; i++)
		check_i64((int64_t)(rng() >> (rng() % 64)) * (i % 2 ? -1 : 1));
}

static void check_key(int32_t key)
{
	char got[FMT_KEY_LEN + 4], want[32];

	memset(got, 'X', sizeof(got));
	fmt_key(got, key);
	snprintf(want, sizeof(want), "0x%08" PRIx32, (uint32_t)key);
	assert_string_equal(got, want);
	assert_int_equal(strlen(got), FMT_KEY_LEN - 1);
	assert_int_equal(got[FMT_KEY_LEN], 'X'); /* nothing written past the documented size */
}

static void test_key(void **state)
{
	char buf[FMT_KEY_LEN];

	(void)state;
	/* the examples of the issue: /proc prints keys as signed decimal, shmtop as unsigned hex */
	fmt_key(buf, 0);
	assert_string_equal(buf, "0x00000000");
	fmt_key(buf, 9527);
	assert_string_equal(buf, "0x00002537");
	fmt_key(buf, -1);
	assert_string_equal(buf, "0xffffffff");
	fmt_key(buf, INT32_MIN);
	assert_string_equal(buf, "0x80000000");
	check_key(INT32_MAX);
	for (int i = 0; i < 32; i++)
		check_key((int32_t)(1u << i));
	for (int i = 0; i < 10000; i++)
		check_key((int32_t)rng());
}

/* ------------------------------------------------------------------ perms and status */

static void test_perms_octal(void **state)
{
	(void)state;
	/* every combination of the 12 low mode bits: only the 9 permission bits show */
	for (uint32_t mode = 0; mode < 010000; mode++) {
		char got[FMT_PERMS_LEN], want[8];

		fmt_perms_octal(got, mode);
		snprintf(want, sizeof(want), "0%o%o%o", (mode >> 6) & 7, (mode >> 3) & 7, mode & 7);
		assert_string_equal(got, want);
	}
	/* SHM_DEST, SHM_LOCKED and higher bits never leak into the digits */
	for (uint32_t mode = 0; mode < 01000; mode++) {
		char plain[FMT_PERMS_LEN], flagged[FMT_PERMS_LEN];

		fmt_perms_octal(plain, mode);
		fmt_perms_octal(flagged, mode | 01000u | 02000u | 0xfffff000u);
		assert_string_equal(plain, flagged);
	}
}

static void test_perms_rwx(void **state)
{
	char buf[FMT_PERMS_LEN];

	(void)state;
	/* each bit alone lights exactly its own position with its own letter */
	for (int bit = 0; bit < 9; bit++) {
		int pos = 8 - bit;

		fmt_perms_rwx(buf, 1u << bit);
		assert_int_equal(strlen(buf), 9);
		for (int i = 0; i < 9; i++)
			assert_int_equal(buf[i], i == pos ? "rwx"[pos % 3] : '-');
	}
	/* every mode: position i is set iff bit 8-i is, whatever SHM_DEST/SHM_LOCKED say */
	for (uint32_t mode = 0; mode < 010000; mode++) {
		fmt_perms_rwx(buf, mode);
		assert_int_equal(strlen(buf), 9);
		for (int i = 0; i < 9; i++)
			assert_int_equal(buf[i], (mode >> (8 - i)) & 1 ? "rwx"[i % 3] : '-');
	}
	fmt_perms_rwx(buf, 0666 | 01000 | 02000);
	assert_string_equal(buf, "rw-rw-rw-");
}

static void test_status(void **state)
{
	static const char *const want[8] = { "-", "dest", "locked", "dest,locked", "huge",
					     "dest,huge", "locked,huge", "dest,locked,huge" };
	static const int64_t huge[] = { 0, 2097152, 1073741824, -1 };
	char buf[32];

	(void)state;
	for (uint32_t flags = 0; flags < 4; flags++) {
		/* the permission bits around them make no difference */
		for (uint32_t perms = 0; perms < 01000; perms += 0111) {
			for (size_t h = 0; h < sizeof(huge) / sizeof(huge[0]); h++) {
				fmt_status(buf, sizeof(buf), flags << 9 | perms, huge[h]);
				/* any huge page size is huge; 0 (ordinary) and unknown are not */
				assert_string_equal(buf, want[flags | (huge[h] > 0 ? 4 : 0)]);
			}
		}
	}
	/* a short buffer truncates but stays a C string */
	memset(buf, 'X', sizeof(buf));
	fmt_status(buf, 5, 03000, 0);
	assert_string_equal(buf, "dest");
	assert_int_equal(buf[5], 'X');
}

/* ------------------------------------------------------------------ sizes */

/* The rules for n >= 1024, from the header's "like ls -h": the largest unit U (K..E) with
 * n >= U; one decimal while the value rounds below 10, whole units from 10 to 1023, and a value
 * that rounds up to 1024 units is shown as 1.0 of the next unit. Rounding is to nearest. */
static void check_size(uint64_t n, char *shown, size_t shownsz, unsigned __int128 *value)
{
	char buf[32], want[32], *p;
	unsigned __int128 unit = 1, tenths;
	uint64_t whole = 0, frac = 0;
	int decimal = 0, k;
	const char *units = "KMGTPE", *u;

	memset(buf, 'X', sizeof(buf));
	fmt_size(buf, 16, n);
	assert_true(memchr(buf, '\0', 16) != NULL);
	snprintf(shown, shownsz, "%s", buf);
	assert_true(strlen(buf) <= 5); /* fits the table's 6-wide column with a space */
	if (n < 1024) {
		snprintf(want, sizeof(want), "%" PRIu64 "B", n);
		assert_string_equal(buf, want);
		*value = n;
		return;
	}
	for (p = buf; *p >= '0' && *p <= '9'; p++)
		whole = whole * 10 + (uint64_t)(*p - '0');
	assert_true(p > buf);
	if (*p == '.') {
		decimal = 1;
		assert_true(p[1] >= '0' && p[1] <= '9');
		frac = (uint64_t)(p[1] - '0');
		p += 2;
	}
	assert_true(*p != '\0');
	u = strchr(units, *p);
	assert_non_null(u);
	assert_int_equal(p[1], '\0');
	k = (int)(u - units) + 1;
	for (int i = 0; i < k; i++)
		unit *= 1024;
	tenths = (unsigned __int128)whole * 10 + frac;
	*value = tenths * unit / 10;
	/* the shown value is at least 1.0 of its unit, and the unit is not too small */
	assert_true(tenths >= 10);
	if (k < 6)
		assert_true(tenths < 10240);
	if (decimal) {
		assert_true(whole <= 9);
		/* within half a tenth of the true value */
		assert_true(tenths * unit <= (unsigned __int128)n * 10 + unit / 2);
		assert_true((unsigned __int128)n * 10 <= tenths * unit + unit / 2);
		if ((unsigned __int128)n < unit) {
			/* only "1.0X" for what rounds to 1024 of the unit below */
			unsigned __int128 below = unit / 1024;

			assert_true(tenths == 10);
			assert_true((unsigned __int128)n * 2 + below >= unit * 2);
		}
	} else {
		assert_true(whole >= 10);
		if (k < 6)
			assert_true(whole <= 1023);
		assert_true(n >= unit);
		/* within half a unit, and one decimal would have rounded to 10.0 or more */
		assert_true((unsigned __int128)whole * unit <= (unsigned __int128)n + unit / 2);
		assert_true((unsigned __int128)n <= (unsigned __int128)whole * unit + unit / 2);
		assert_true((unsigned __int128)n * 20 + unit >= unit * 200);
	}
}

static void expect_size(uint64_t n, const char *want)
{
	char shown[32];
	unsigned __int128 v;

	check_size(n, shown, sizeof(shown), &v);
	assert_string_equal(shown, want);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void test_size(void **state)
{
	enum { NRAND = 100000 };
	uint64_t *v = calloc(NRAND + 200, sizeof(*v));
	size_t n = 0;
	unsigned __int128 prev = 0;
	char buf[16];

	(void)state;
	assert_non_null(v);
	expect_size(0, "0B");
	expect_size(1, "1B");
	expect_size(1023, "1023B");
	expect_size(1024, "1.0K");
	expect_size(1536, "1.5K");
	expect_size(10188, "9.9K");         /* 9.949 K */
	expect_size(10189, "10K");          /* 9.950 K rounds up to 10 */
	expect_size(10240, "10K");
	expect_size(1047551, "1023K");      /* 1022.999 K */
	expect_size(1048063, "1023K");      /* 1023.499 K */
	expect_size(1048064, "1.0M");       /* 1023.5 K rounds to 1024 K */
	expect_size(1048575, "1.0M");
	expect_size(1048576, "1.0M");
	expect_size(4294967295ull, "4.0G");
	expect_size(4294967296ull, "4.0G");
	expect_size(5ull << 30, "5.0G");
	expect_size(100ull << 30, "100G");
	expect_size(1ull << 40, "1.0T");
	expect_size(1ull << 50, "1.0P");
	expect_size(1ull << 60, "1.0E");
	expect_size(UINT64_MAX, "16E");     /* 15.99 E: no unit above E */

	/* boundaries of every unit, then random sizes of every magnitude */
	for (int k = 1; k <= 6; k++) {
		uint64_t u = 1ull << (10 * k);

		v[n++] = u - 1;
		v[n++] = u;
		v[n++] = u + 1;
		v[n++] = 10 * u - u / 20 - 1;
		v[n++] = 10 * u - u / 20;
		v[n++] = 10 * u - u / 20 + 1;
		v[n++] = 10 * u;
		if (k < 6) {
			v[n++] = 1024 * u - u / 2 - 1;
			v[n++] = 1024 * u - u / 2;
			v[n++] = 1024 * u - 1;
		}
	}
	v[n++] = UINT64_MAX;
	for (int i = 0; i < NRAND; i++)
		v[n++] = rng() >> (rng() % 64);
	qsort(v, n, sizeof(*v), cmp_u64);
	/* every size obeys the rules, and a bigger size never shows as a smaller one */
	for (size_t i = 0; i < n; i++) {
		char shown[32];
		unsigned __int128 val;

		check_size(v[i], shown, sizeof(shown), &val);
		assert_true(val >= prev);
		prev = val;
	}
	free(v);

	/* truncation keeps a NUL-terminated prefix */
	memset(buf, 'X', sizeof(buf));
	fmt_size(buf, 3, 1536);
	assert_string_equal(buf, "1.");
	assert_int_equal(buf[3], 'X');
	fmt_size(buf, 1, 5);
	assert_string_equal(buf, "");
}

/* ------------------------------------------------------------------ times */

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* Parse "YYYY-MM-DD HH:MM:SS" strictly and convert back as UTC. */
static int64_t parse_utc(const char *s)
{
	struct tm tm;
	static const char shape[] = "dddd-dd-dd dd:dd:dd";

	assert_int_equal(strlen(s), strlen(shape));
	for (size_t i = 0; shape[i]; i++) {
		if (shape[i] == 'd')
			assert_true(s[i] >= '0' && s[i] <= '9');
		else
			assert_int_equal(s[i], shape[i]);
	}
	memset(&tm, 0, sizeof(tm));
	assert_int_equal(sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
				&tm.tm_hour, &tm.tm_min, &tm.tm_sec), 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

/* ISO 8601 with the zone's offset, whole hours, half hours and west of Greenwich; "-" for never. */
static void test_time_iso(void **state)
{
	char buf[FMT_TIME_ISO_LEN + 4];

	(void)state;
	set_tz("UTC");
	fmt_time_iso(buf, sizeof(buf), 0);
	assert_string_equal(buf, "-");
	fmt_time_iso(buf, sizeof(buf), 951782400);
	assert_string_equal(buf, "2000-02-29T00:00:00+00:00");
	set_tz("IST-5:30");
	fmt_time_iso(buf, sizeof(buf), 1);
	assert_string_equal(buf, "1970-01-01T05:30:01+05:30");
	set_tz("EST5");
	fmt_time_iso(buf, sizeof(buf), 1);
	assert_string_equal(buf, "1969-12-31T19:00:01-05:00");
	fmt_time_iso(buf, 11, 1);                 /* cut short, still terminated */
	assert_string_equal(buf, "1969-12-31");
	set_tz("UTC");
}

static void test_time_abs(void **state)
{
	char buf[FMT_TIME_LEN + 4];

	(void)state;
	set_tz("UTC");
	fmt_time_abs(buf, sizeof(buf), 0);
	assert_string_equal(buf, "-");      /* never */
	fmt_time_abs(buf, sizeof(buf), -1);
	assert_string_equal(buf, "-");
	fmt_time_abs(buf, sizeof(buf), 1);
	assert_string_equal(buf, "1970-01-01 00:00:01");
	fmt_time_abs(buf, sizeof(buf), 951782400);
	assert_string_equal(buf, "2000-02-29 00:00:00");
	fmt_time_abs(buf, sizeof(buf), 2147483647);
	assert_string_equal(buf, "2038-01-19 03:14:07");
	fmt_time_abs(buf, sizeof(buf), 2147483648ll); /* past 32-bit time_t */
	assert_string_equal(buf, "2038-01-19 03:14:08");
	/* a POSIX object's mtime can be anything touch sets: past 9999 there is no 4-digit year */
	fmt_time_abs(buf, sizeof(buf), 253402300799ll);
	assert_string_equal(buf, "9999-12-31 23:59:59");
	fmt_time_abs(buf, sizeof(buf), 253402300800ll);
	assert_string_equal(buf, "-");
	fmt_time_abs(buf, sizeof(buf), 67767976233316800ll);
	assert_string_equal(buf, "-");

	/* any time up to the kernel's limit (year 2262) reads back as itself */
	for (int i = 0; i < 20000; i++) {
		int64_t t = (int64_t)(rng() % 9200000000ull) + 1;

		memset(buf, 'X', sizeof(buf));
		fmt_time_abs(buf, sizeof(buf), t);
		assert_true(parse_utc(buf) == t);
	}

	/* local time, not UTC: a zone without DST five hours west */
	set_tz("EST5");
	fmt_time_abs(buf, sizeof(buf), 86400);
	assert_string_equal(buf, "1970-01-01 19:00:00");
	set_tz("UTC");

	/* a short buffer: NUL-terminated prefix, nothing past size */
	memset(buf, 'X', sizeof(buf));
	fmt_time_abs(buf, 5, 1);
	assert_string_equal(buf, "1970");
	assert_int_equal(buf[5], 'X');
}

/* The cached form is fmt_time_abs, whatever the order of the times (slots are shared by minutes
 * 64 apart) and the zone; the prefix is either NULL or fmt_time_abs's first 17 bytes with t % 60
 * as the seconds, and NULL where the zone's offset has seconds of its own. */
static void test_time_cached(void **state)
{
	static const char *const zones[] = { "UTC", "EST5", "IST-5:30", "ODD-0:00:30" };
	char want[FMT_TIME_LEN], got[FMT_TIME_LEN + 4];

	(void)state;
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		struct fmt_timecache c;
		int seconds_offset = z == 3;
		int64_t base = 1700000000;

		set_tz(zones[z]);
		memset(&c, 0, sizeof(c));
		for (int i = 0; i < 20000; i++) {
			/* mostly near base, in minutes that collide in the cache; sometimes anywhere */
			int64_t t = i % 7 ? base + (int64_t)(rng() % (3 * 64 * 60)) - 64 * 60
					  : (int64_t)(rng() % 9200000000ull) - 10;
			const char *prefix = fmt_timecache_prefix(&c, t);

			fmt_time_abs(want, sizeof(want), t);
			memset(got, 'X', sizeof(got));
			fmt_time_abs_cached(&c, got, sizeof(got), t);
			assert_string_equal(got, want);
			if (t <= 0 || seconds_offset) {
				assert_null(prefix);
				continue;
			}
			assert_non_null(prefix);
			assert_memory_equal(prefix, want, FMT_TIME_PREFIX_LEN);
			assert_int_equal(want[17] - '0', (int)(t % 60) / 10);
			assert_int_equal(want[18] - '0', (int)(t % 60) % 10);
		}
	}
	set_tz("UTC");
}

static void test_time_rel(void **state)
{
	const int64_t now = 1795393887;
	char buf[32];

	(void)state;
	fmt_time_rel(buf, sizeof(buf), 0, now);
	assert_string_equal(buf, "never");
	fmt_time_rel(buf, sizeof(buf), -5, now);
	assert_string_equal(buf, "never");
	fmt_time_rel(buf, sizeof(buf), now, now);
	assert_string_equal(buf, "now");
	fmt_time_rel(buf, sizeof(buf), now + 100, now); /* clock skew: not "-100s ago" */
	assert_string_equal(buf, "now");

	/* the boundaries of each unit */
	static const struct {
		int64_t age;
		const char *want;
	} cases[] = {
		{ 1, "1s ago" }, { 59, "59s ago" }, { 60, "1m ago" }, { 119, "1m ago" },
		{ 120, "2m ago" }, { 3599, "59m ago" }, { 3600, "1h ago" }, { 86399, "23h ago" },
		{ 86400, "1d ago" }, { 172799, "1d ago" }, { 172800, "2d ago" },
		{ 999 * 86400, "999d ago" }, { 1000 * 86400, "2y ago" }, { 3652 * 86400, "10y ago" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fmt_time_rel(buf, sizeof(buf), now - cases[i].age, now);
		assert_string_equal(buf, cases[i].want);
	}

	/* every age: the unit is the largest that fits and the number is the whole count of it */
	for (int64_t age = 1; age < 3 * 86400; age += 1 + age / 50) {
		long long num;
		char unit, rest[16];
		int64_t secs;

		fmt_time_rel(buf, sizeof(buf), now - age, now);
		assert_int_equal(sscanf(buf, "%lld%c%15s", &num, &unit, rest), 3);
		assert_string_equal(rest, "ago");
		secs = age < 60 ? 1 : age < 3600 ? 60 : age < 86400 ? 3600 : 86400;
		assert_int_equal(unit, secs == 1 ? 's' : secs == 60 ? 'm' : secs == 3600 ? 'h' : 'd');
		assert_true(num == age / secs);
	}
}

/* ------------------------------------------------------------------ escaping */

/* Length of the well-formed UTF-8 sequence at s (Unicode Table 3-7), 0 if none. Written from
 * the table's byte ranges, not from code points, to be independent of fmt.c. */
static size_t ref_utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	unsigned lo = 0x80, hi = 0xbf;
	size_t len;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Is the sequence at s a character that may be shown raw: printable ASCII or well-formed
 * UTF-8 other than the C1 controls U+0080..U+009F (C2 80..C2 9F) and the characters that
 * rearrange or break the text around them? Returns its length or 0. */
static size_t ref_raw_len(const unsigned char *s)
{
	size_t len;

	if (s[0] >= 0x20 && s[0] < 0x7f)
		return 1;
	len = ref_utf8_len(s);
	if (len == 2 && s[0] == 0xc2 && s[1] <= 0x9f)
		return 0;
	/* bidirectional controls and separators, by their bytes: U+061C (D8 9C), U+200E/F
	 * (E2 80 8E/8F), U+2028..U+202E (E2 80 A8..AE), U+2066..U+2069 (E2 81 A6..A9) */
	if (len == 2 && s[0] == 0xd8 && s[1] == 0x9c)
		return 0;
	if (len == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] == 0x8e || s[2] == 0x8f || (s[2] >= 0xa8 && s[2] <= 0xae)))
		return 0;
	if (len == 3 && s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return 0;
	/* invisible: U+200B..U+200D (E2 80 8B..8D), U+2060..U+2064 (E2 81 A0..A4), U+FEFF
	 * (EF BB BF), the tags U+E0000..U+E007F (F3 A0 80..81 xx) */
	if (len == 3 && s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0x8b && s[2] <= 0x8d)
		return 0;
	if (len == 3 && s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa0 && s[2] <= 0xa4)
		return 0;
	if (len == 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 0;
	if (len == 4 && s[0] == 0xf3 && s[1] == 0xa0 && (s[2] == 0x80 || s[2] == 0x81))
		return 0;
	return len;
}

struct esc_model {
	char out[4096];
	size_t len;
	size_t ends[1024];   /* output length after each token */
	size_t in_ends[1024]; /* input length after each token */
	size_t ntok;
};

/* What fmt_escape (sanitize 0) or fmt_sanitize (sanitize 1) should produce, token by token. */
static void ref_filter(struct esc_model *m, const char *in, int sanitize)
{
	const unsigned char *s = (const unsigned char *)in;

	m->len = m->ntok = 0;
	while (*s) {
		size_t len = ref_raw_len(s);

		if (*s == '\\' && !sanitize) {
			memcpy(m->out + m->len, "\\\\", 2);
			m->len += 2;
			s++;
		} else if (len) {
			memcpy(m->out + m->len, s, len);
			m->len += len;
			s += len;
		} else {
			m->len += (size_t)snprintf(m->out + m->len, 5, "\\x%02x", *s);
			s++;
		}
		m->in_ends[m->ntok] = (size_t)((const char *)s - in);
		m->ends[m->ntok++] = m->len;
	}
	m->out[m->len] = '\0';
}

static void ref_escape(struct esc_model *m, const char *in)
{
	ref_filter(m, in, 0);
}

/* fmt_escape against the model, fmt_sanitize against its own, and fmt_unescape back. */
static void check_escape(const char *in)
{
	struct esc_model m;
	char got[4096], back[4096];
	size_t n;

	ref_escape(&m, in);
	n = fmt_escape(got, sizeof(got), in);
	assert_int_equal(n, m.len);
	assert_memory_equal(got, m.out, m.len + 1);
	assert_int_equal(fmt_unescape(back, sizeof(back), got), (ssize_t)strlen(in));
	assert_string_equal(back, in);
	ref_filter(&m, in, 1);
	n = fmt_sanitize(got, sizeof(got), in);
	assert_int_equal(n, m.len);
	assert_memory_equal(got, m.out, m.len + 1);
}

static void test_escape_single_bytes(void **state)
{
	char in[2] = { 0, 0 }, out[16], want[16];

	(void)state;
	/* every byte on its own: printable ASCII stays, everything else (C0, DEL, and high bytes,
	 * which can never be a whole UTF-8 character alone) becomes \xNN */
	for (int c = 1; c < 256; c++) {
		size_t n;

		in[0] = (char)c;
		n = fmt_escape(out, sizeof(out), in);
		if (c == '\\')
			snprintf(want, sizeof(want), "\\\\");
		else if (c >= 0x20 && c < 0x7f)
			snprintf(want, sizeof(want), "%c", c);
		else
			snprintf(want, sizeof(want), "\\x%02x", c);
		assert_string_equal(out, want);
		assert_int_equal(n, strlen(want));
	}
	assert_int_equal(fmt_escape(out, sizeof(out), ""), 0);
	assert_string_equal(out, "");
}

static void test_escape_named(void **state)
{
	char out[64];

	(void)state;
	/* well-formed characters of each length are kept */
	fmt_escape(out, sizeof(out), "caf\xc3\xa9");              /* é */
	assert_string_equal(out, "caf\xc3\xa9");
	fmt_escape(out, sizeof(out), "\xc2\xa0");                 /* U+00A0, first after C1 */
	assert_string_equal(out, "\xc2\xa0");
	fmt_escape(out, sizeof(out), "\xe2\x82\xac");             /* € */
	assert_string_equal(out, "\xe2\x82\xac");
	fmt_escape(out, sizeof(out), "\xf0\x9f\x98\x80");         /* U+1F600 */
	assert_string_equal(out, "\xf0\x9f\x98\x80");
	fmt_escape(out, sizeof(out), "\xf4\x8f\xbf\xbf");         /* U+10FFFF, the last */
	assert_string_equal(out, "\xf4\x8f\xbf\xbf");
	fmt_escape(out, sizeof(out), "\xef\xbf\xbd");             /* U+FFFD */
	assert_string_equal(out, "\xef\xbf\xbd");
	/* C1 controls: U+0080, U+009B (CSI, which a terminal obeys), U+009F */
	fmt_escape(out, sizeof(out), "\xc2\x80");
	assert_string_equal(out, "\\xc2\\x80");
	fmt_escape(out, sizeof(out), "a\xc2\x9b" "2J");
	assert_string_equal(out, "a\\xc2\\x9b2J");
	fmt_escape(out, sizeof(out), "\xc2\x9f");
	assert_string_equal(out, "\\xc2\\x9f");
	/* bidirectional controls and separators; their neighbours are kept */
	fmt_escape(out, sizeof(out), "ab\xe2\x80\xae" "cd");         /* U+202E RLO */
	assert_string_equal(out, "ab\\xe2\\x80\\xaecd");
	fmt_escape(out, sizeof(out), "\xe2\x81\xa6x\xe2\x81\xa9");     /* U+2066 LRI, U+2069 PDI */
	assert_string_equal(out, "\\xe2\\x81\\xa6x\\xe2\\x81\\xa9");
	fmt_escape(out, sizeof(out), "\xd8\x9c\xe2\x80\x8f\xe2\x80\xa8"); /* ALM, RLM, LS */
	assert_string_equal(out, "\\xd8\\x9c\\xe2\\x80\\x8f\\xe2\\x80\\xa8");
	fmt_escape(out, sizeof(out), "\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa"); /* next to them */
	assert_string_equal(out, "\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
	/* characters that show nothing: "/a" ZWSP "b" must not pass for "/ab" */
	fmt_escape(out, sizeof(out), "/a\xe2\x80\x8b" "b");                /* U+200B ZWSP */
	assert_string_equal(out, "/a\\xe2\\x80\\x8bb");
	fmt_escape(out, sizeof(out), "\xe2\x80\x8d\xe2\x81\xa0\xef\xbb\xbf"); /* ZWJ, WJ, BOM */
	assert_string_equal(out, "\\xe2\\x80\\x8d\\xe2\\x81\\xa0\\xef\\xbb\\xbf");
	fmt_escape(out, sizeof(out), "x\xf3\xa0\x81\x81");                 /* U+E0041 TAG A */
	assert_string_equal(out, "x\\xf3\\xa0\\x81\\x81");
	fmt_escape(out, sizeof(out), "\xe2\x80\x8a\xe2\x81\xa5\xef\xbb\xbe"); /* next to them */
	assert_string_equal(out, "\xe2\x80\x8a\xe2\x81\xa5\xef\xbb\xbe");
	/* ESC [ and friends */
	fmt_escape(out, sizeof(out), "\x1b[31mred\n\t\x7f");
	assert_string_equal(out, "\\x1b[31mred\\x0a\\x09\\x7f");
	/* overlong encodings of '/' and of U+0000, U+07FF, U+FFFF */
	fmt_escape(out, sizeof(out), "\xc0\xaf");
	assert_string_equal(out, "\\xc0\\xaf");
	fmt_escape(out, sizeof(out), "\xc1\xbf");
	assert_string_equal(out, "\\xc1\\xbf");
	fmt_escape(out, sizeof(out), "\xe0\x80\xaf");
	assert_string_equal(out, "\\xe0\\x80\\xaf");
	fmt_escape(out, sizeof(out), "\xe0\x9f\xbf");
	assert_string_equal(out, "\\xe0\\x9f\\xbf");
	fmt_escape(out, sizeof(out), "\xf0\x8f\xbf\xbf");
	assert_string_equal(out, "\\xf0\\x8f\\xbf\\xbf");
	/* surrogates U+D800 and U+DFFF */
	fmt_escape(out, sizeof(out), "\xed\xa0\x80");
	assert_string_equal(out, "\\xed\\xa0\\x80");
	fmt_escape(out, sizeof(out), "\xed\xbf\xbf");
	assert_string_equal(out, "\\xed\\xbf\\xbf");
	/* beyond U+10FFFF, and lead bytes that never start anything */
	fmt_escape(out, sizeof(out), "\xf4\x90\x80\x80");
	assert_string_equal(out, "\\xf4\\x90\\x80\\x80");
	fmt_escape(out, sizeof(out), "\xf5\x80\x80\x80");
	assert_string_equal(out, "\\xf5\\x80\\x80\\x80");
	/* a sequence cut short by the end of the string or by an ASCII byte */
	fmt_escape(out, sizeof(out), "x\xe2\x82");
	assert_string_equal(out, "x\\xe2\\x82");
	fmt_escape(out, sizeof(out), "\xe2\x82z\xc3\xa9");
	assert_string_equal(out, "\\xe2\\x82z\xc3\xa9");
	/* a backslash is doubled, so the text \x1b of a name is not the escape of ESC */
	fmt_escape(out, sizeof(out), "a\\b");
	assert_string_equal(out, "a\\\\b");
	fmt_escape(out, sizeof(out), "\\x1b");
	assert_string_equal(out, "\\\\x1b");
	fmt_escape(out, sizeof(out), "\x1b");
	assert_string_equal(out, "\\x1b");
	fmt_escape(out, sizeof(out), "\\\x1b\\");
	assert_string_equal(out, "\\\\\\x1b\\\\");
	/* fmt_sanitize keeps it as it is, and changes nothing in escaped text */
	fmt_sanitize(out, sizeof(out), "F4  \\");
	assert_string_equal(out, "F4  \\");
	fmt_sanitize(out, sizeof(out), "\\x1b\x1b");
	assert_string_equal(out, "\\x1b\\x1b");
	fmt_sanitize(out, sizeof(out), "\\\\x1b\\x1b");
	assert_string_equal(out, "\\\\x1b\\x1b");
}

/* For a terminal whose character set is not UTF-8: every byte above 0x7f as \xNN, well-formed
 * characters too (0x9b inside U+011B would be CSI in an 8-bit set); still reversible; and off
 * again, UTF-8 as before. */
static void test_escape_ascii(void **state)
{
	char out[64], back[64];

	(void)state;
	fmt_escape_set_ascii(1);
	fmt_escape(out, sizeof(out), "caf\xc3\xa9 \xc4\x9b\\");
	assert_string_equal(out, "caf\\xc3\\xa9 \\xc4\\x9b\\\\");
	assert_int_equal(fmt_unescape(back, sizeof(back), out), 9);
	assert_string_equal(back, "caf\xc3\xa9 \xc4\x9b\\");
	fmt_sanitize(out, sizeof(out), "\xe2\x82\xac");
	assert_string_equal(out, "\\xe2\\x82\\xac");
	fmt_escape_set_ascii(0);
	fmt_escape(out, sizeof(out), "caf\xc3\xa9");
	assert_string_equal(out, "caf\xc3\xa9");
}

/* The columns escaped text takes: ASCII one each, wcwidth for the rest (a UTF-8 locale), one
 * for a character it knows nothing of and for a stray byte. */
static void test_width(void **state)
{
	(void)state;
	assert_int_equal(fmt_width("\\x1b[1m", 8), 8);
	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		skip();
		return;
	}
	assert_int_equal(fmt_width("caf\xc3\xa9", 5), 4);                 /* é: 2 bytes, 1 column */
	assert_int_equal(fmt_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 4);     /* 日本: 2 columns each */
	assert_int_equal(fmt_width("e\xcc\x81", 3), 1);                    /* e and a combining acute */
	assert_int_equal(fmt_width("a\xff", 2), 2);                         /* a stray byte: 1 */
	assert_int_equal(fmt_width("\xe6\x97\xa5", 2), 2);                 /* cut inside: bytes */
	setlocale(LC_CTYPE, "C");
	assert_int_equal(fmt_width("\xe6\x97\xa5", 3), 1);                 /* unknown there: 1 */
}

static void test_escape_exhaustive(void **state)
{
	unsigned char in[8];

	(void)state;
	/* every pair of bytes */
	for (int a = 1; a < 256; a++) {
		for (int b = 1; b < 256; b++) {
			in[0] = (unsigned char)a;
			in[1] = (unsigned char)b;
			in[2] = 0;
			check_escape((const char *)in);
		}
	}
	/* every three-byte string with a three-byte lead */
	for (int a = 0xe0; a <= 0xef; a++) {
		for (int b = 1; b < 256; b++) {
			for (int c = 1; c < 256; c++) {
				in[0] = (unsigned char)a;
				in[1] = (unsigned char)b;
				in[2] = (unsigned char)c;
				in[3] = 0;
				check_escape((const char *)in);
			}
		}
	}
	/* four-byte leads (and the invalid F5..F7) against every second byte near the
	 * continuation range, the edges of the third, and every fourth */
	static const unsigned char third[] = { 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xff };
	for (int a = 0xf0; a <= 0xf7; a++) {
		for (int b = 0x70; b <= 0xc8; b++) {
			for (size_t t = 0; t < sizeof(third); t++) {
				for (int d = 1; d < 256; d++) {
					in[0] = (unsigned char)a;
					in[1] = (unsigned char)b;
					in[2] = third[t];
					in[3] = (unsigned char)d;
					in[4] = 'z';
					in[5] = 0;
					check_escape((const char *)in);
				}
			}
		}
	}
}

/* A random string mixing ASCII, controls, valid multibyte characters and stray high bytes. */
static void random_string(char *s, size_t max)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "\\", "\"", ",", "\x1b", "\n", "\r", "\t", "\x7f", "\x01",
		"\xc3\xa9", "\xc2\x9b", "\xc2\xa0", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\xa0\x80",
		"\xc0\xaf", "\xff", "\x80", "\xe2\x82", "\xf4\x90\x80\x80",
		/* the text of escapes next to what they stand for, and bidi controls */
		"x", "1", "b", "\\x1b", "x1b", "\\\\", "\\x", "\xe2\x80\xae", "\xe2\x81\xa6",
		"\xd8\x9c", "\xe2\x80\xa8",
	};
	size_t n = 0, want = (size_t)(rng() % (max / 4));

	while (n < want) {
		const char *p = pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
		size_t len = strlen(p);

		if (n + len >= max)
			break;
		memcpy(s + n, p, len);
		n += len;
	}
	s[n] = '\0';
}

static void test_escape_random(void **state)
{
	char in[128];

	(void)state;
	for (int i = 0; i < 20000; i++) {
		char out[1024];
		size_t n;

		random_string(in, sizeof(in));
		check_escape(in);
		/* whatever the model says: no control byte and no DEL ever comes out */
		n = fmt_escape(out, sizeof(out), in);
		for (size_t j = 0; j < n; j++) {
			unsigned char c = (unsigned char)out[j];

			assert_true(c >= 0x20 && c != 0x7f);
		}
	}
}

static void test_escape_truncation(void **state)
{
	static const char *const fixed[] = {
		"abc", "\x1b\x1b\x1b", "\xc3\xa9\xc3\xa9", "\xe2\x82\xac\xe2\x82\xac",
		"\xf0\x9f\x98\x80z\xf0\x9f\x98\x80", "a\x01\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xff",
	};
	char in[128];

	(void)state;
	for (int i = 0; i < 2000 + (int)(sizeof(fixed) / sizeof(fixed[0])); i++) {
		struct esc_model m;

		if (i < (int)(sizeof(fixed) / sizeof(fixed[0])))
			snprintf(in, sizeof(in), "%s", fixed[i]);
		else
			random_string(in, sizeof(in));
		ref_escape(&m, in);
		/* every buffer size from 1 to past the full length */
		for (size_t size = 1; size <= m.len + 2; size++) {
			char out[4096 + 8];
			size_t n, k = 0;

			memset(out, 0xaa, sizeof(out));
			n = fmt_escape(out, size, in);
			/* NUL-terminated, within size, nothing written past it */
			assert_true(n < size);
			assert_int_equal(out[n], '\0');
			for (size_t j = size; j < size + 8; j++)
				assert_int_equal((unsigned char)out[j], 0xaa);
			/* the output ends exactly after the last whole token that fits */
			while (k < m.ntok && m.ends[k] < size)
				k++;
			assert_int_equal(n, k ? m.ends[k - 1] : 0);
			assert_memory_equal(out, m.out, n);
			/* and what was cut gives back exactly the input's first whole characters */
			{
				char back[sizeof(in)];
				size_t plen = k ? m.in_ends[k - 1] : 0;

				assert_int_equal(fmt_unescape(back, sizeof(back), out), (ssize_t)plen);
				assert_memory_equal(back, in, plen);
				assert_int_equal(back[plen], '\0');
			}
		}
	}
	/* size 0 writes nothing at all */
	{
		char out[4];

		memset(out, 'X', sizeof(out));
		assert_int_equal(fmt_escape(out, 0, "abc"), 0);
		assert_int_equal(out[0], 'X');
		assert_int_equal(fmt_escape(out, 1, "abc"), 0);
		assert_string_equal(out, "");
		assert_int_equal(fmt_escape(out, 1, "\x1b"), 0);
		assert_string_equal(out, "");
	}
}

/* fmt_unescape gives back every string escaped: all bytes alone and in pairs, every three-byte
 * string that starts like a three-byte character (valid, overlong, surrogates, C1, bidi), the
 * bidirectional controls and separators, backslashes next to the text of an escape. */
static void test_unescape_round_trip(void **state)
{
	static const char *const named[] = {
		"\x1b", "\\x1b", "\\\x1b", "\\\\x1b", "\\\\\x1b", "x1b\\", "\\x1b\x1b\\x1b",
		"\\\\\\\\", "\\x", "\\x0", "\\xzz", "\\x00", "a\\", "\\\\x5c", "\xe2\x80\xae" "cba",
		"\xe2\x81\xa6x\xe2\x81\xa9", "\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\xa8\xe2\x80\xa9",
		"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "\xc2\x85\xc2\x9b" "31m",
		"\xed\xa0\x80\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xc0\xaf", "caf\xc3\xa9 \xe2\x82\xac",
	};
	unsigned char in[5];

	(void)state;
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		check_escape(named[i]);
	for (int a = 1; a < 256; a++) {
		in[0] = (unsigned char)a;
		in[1] = 0;
		check_escape((const char *)in);
		for (int b = 1; b < 256; b++) {
			in[1] = (unsigned char)b;
			in[2] = 0;
			check_escape((const char *)in);
		}
	}
	for (int a = 0xc2; a <= 0xef; a++) {
		for (int b = 1; b < 256; b++) {
			for (int c = 1; c < 256; c += (a <= 0xdf ? 17 : 1)) {
				in[0] = (unsigned char)a;
				in[1] = (unsigned char)b;
				in[2] = (unsigned char)c;
				in[3] = 0;
				check_escape((const char *)in);
			}
		}
	}
	for (int i = 0; i < 20000; i++) {
		char r[256];

		random_string(r, sizeof(r));
		check_escape(r);
	}
}

/* Text that no escaping produces is refused, never guessed at; too small a buffer is an error. */
static void test_unescape_errors(void **state)
{
	static const char *const bad[] = {
		"\\", "a\\", "\\q", "\\X1b", "\\x", "\\x1", "\\xg0", "\\x0g", "\\x\\x", "ab\\ncd",
		"\\x00", "ok\\x00ok", "\\\\\\",
	};
	char out[32];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out, 'X', sizeof(out));
		if (fmt_unescape(out, sizeof(out), bad[i]) != -EINVAL)
			fail_msg("'%s' was not refused", bad[i]);
		assert_string_equal(out, "");
	}
	/* hex digits in either case; a backslash pair; everything else as it is */
	assert_int_equal(fmt_unescape(out, sizeof(out), "\\x1B\\x1b\\\\x1b\xc3\xa9"), 8);
	assert_string_equal(out, "\x1b\x1b\\x1b\xc3\xa9");
	assert_int_equal(fmt_unescape(out, sizeof(out), ""), 0);
	assert_string_equal(out, "");
	/* strlen(in) + 1 always holds the result; one byte less does not when nothing shrinks */
	assert_int_equal(fmt_unescape(out, 4, "abc"), 3);
	assert_int_equal(fmt_unescape(out, 3, "abc"), -ENOSPC);
	assert_string_equal(out, "");
	assert_int_equal(fmt_unescape(out, 2, "\\x1b"), 1);
	assert_int_equal(fmt_unescape(out, 1, "\\x1b"), -ENOSPC);
	assert_int_equal(fmt_unescape(out, 0, "abc"), -ENOSPC);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Two different strings never escape to the same text, checked without fmt_unescape: escape
 * every string of one and two bytes, every string of up to four characters over an alphabet
 * made to collide (backslash, x, 1, b, ESC, the bytes of é and of U+202E), and random strings;
 * sort the escaped texts and compare the originals of equal neighbours. */
static void test_escape_injective(void **state)
{
	static const char alphabet[] = "\\x1b\x1b\xc3\xa9\xe2\x80\xae";
	const size_t na = sizeof(alphabet) - 1, nrand = 20000;
	size_t cap = 255 + 255 * 255 + na + na * na + na * na * na + na * na * na * na + nrand;
	char **v = calloc(cap, sizeof(*v)), raw[256], esc[1024];
	size_t n = 0;

	(void)state;
	assert_non_null(v);
#define ADD(s) do {                                                             \
		size_t l_ = strlen(s), e_ = fmt_escape(esc, sizeof(esc), (s));  \
		assert_true(e_ + 1 < sizeof(esc));                              \
		v[n] = malloc(e_ + 1 + l_ + 1);                                 \
		assert_non_null(v[n]);                                          \
		memcpy(v[n], esc, e_ + 1);  /* the escaped text, then the original */ \
		memcpy(v[n] + e_ + 1, (s), l_ + 1);                             \
		n++;                                                            \
	} while (0)
	for (int a = 1; a < 256; a++) {
		raw[0] = (char)a;
		raw[1] = '\0';
		ADD(raw);
		for (int b = 1; b < 256; b++) {
			raw[1] = (char)b;
			raw[2] = '\0';
			ADD(raw);
		}
	}
	for (size_t len = 1; len <= 4; len++) {
		size_t total = 1;

		for (size_t k = 0; k < len; k++)
			total *= na;
		for (size_t code = 0; code < total; code++) {
			size_t c = code;

			for (size_t k = 0; k < len; k++, c /= na)
				raw[k] = alphabet[c % na];
			raw[len] = '\0';
			ADD(raw);
		}
	}
	for (size_t i = 0; i < nrand; i++) {
		random_string(raw, sizeof(raw));
		ADD(raw);
	}
#undef ADD
	assert_int_equal(n, cap);
	qsort(v, n, sizeof(*v), str_cmp);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i - 1], v[i]) != 0)
			continue;
		/* the same text: it must come from the same string */
		if (strcmp(v[i - 1] + strlen(v[i - 1]) + 1, v[i] + strlen(v[i]) + 1) != 0)
			fail_msg("two strings escape to '%s'", v[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_i64),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_perms_octal),
		cmocka_unit_test(test_perms_rwx),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_time_abs),
		cmocka_unit_test(test_time_iso),
		cmocka_unit_test(test_time_cached),
		cmocka_unit_test(test_time_rel),
		cmocka_unit_test(test_escape_single_bytes),
		cmocka_unit_test(test_escape_named),
		cmocka_unit_test(test_escape_ascii),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_escape_exhaustive),
		cmocka_unit_test(test_escape_random),
		cmocka_unit_test(test_escape_truncation),
		cmocka_unit_test(test_unescape_round_trip),
		cmocka_unit_test(test_unescape_errors),
		cmocka_unit_test(test_escape_injective),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
