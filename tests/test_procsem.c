/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_procsem.c - procsem_parse(), and through it the shared /proc/sysvipc reader (procipc.c):
 * fixtures in the kernel's own format (current, reordered with unknown columns, malformed lines of
 * every kind, empty), keys signed and unsigned, every field at its limit and one past, missing and
 * repeated columns, NUL bytes, blank and CRLF lines, read errors at the start and midway, and a
 * round trip of random arrays through the kernel's printf format. */
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

#include "procsem.h"

/* The kernel's header and line format (ipc/sem.c, sem_init and sysvipc_sem_proc_show). */
#define KHDR "       key      semid perms      nsems   uid   gid  cuid  cgid      otime" \
	"      ctime\n"
#define KFMT "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n"

/* Expected arrays, in the order of struct semset's fields. */
#define SET(key, semid, mode, uid, gid, cuid, cgid, nsems, otime, ctime) \
	{ (int32_t)(key), semid, mode, uid, gid, cuid, cgid, nsems, otime, ctime }

static void assert_set(const struct semset *want, const struct semset *got)
{
	assert_int_equal((uint32_t)got->key, (uint32_t)want->key);
	assert_int_equal(got->semid, want->semid);
	assert_int_equal(got->mode, want->mode);
	assert_int_equal(got->uid, want->uid);
	assert_int_equal(got->gid, want->gid);
	assert_int_equal(got->cuid, want->cuid);
	assert_int_equal(got->cgid, want->cgid);
	assert_int_equal(got->nsems, want->nsems);
	assert_int_equal(got->otime, want->otime);
	assert_int_equal(got->ctime, want->ctime);
}

static void assert_sets(const struct semset *want, size_t n, const struct semset_list *l)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_set(&want[i], &l->v[i]);
}

/* The arrays of procsem-current.txt. */
static const struct semset current[] = {
	SET(9527, 0, 0600, 1000, 1001, 1002, 1003, 1, 0, 1700000000),
	SET(0, 32769, 0666, 0, 5, 6, 7, 250, 1700000100, 1699999000),
	SET(-1, 65538, 0640, 65534, 65533, 999, 998, 32000, 1700000200, 1650000000),
	SET(INT32_MIN, INT32_MAX, 0777, 4294967294u, 4294967295u, 4294967293u, 0, INT32_MAX,
	    4102444800, 4102444800),
	SET(INT32_MAX, 98307, 0400, 12345, 12346, 12347, 12348, 3, 1700000400, 1700000300),
};

/* Fixtures live in $top_srcdir/tests/data (the test harness exports top_srcdir). */
static int parse_fixture(const char *name, struct semset_list *l, struct procsem_stats *st)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/tests/data/%s", top && *top ? top : ".", name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open fixture %s: %s", path, strerror(errno));
	rc = procsem_parse(f, l, st);
	fclose(f);
	return rc;
}

static int parse_mem(const char *text, size_t len, struct semset_list *l, struct procsem_stats *st)
{
	FILE *f = fmemopen((void *)(uintptr_t)text, len, "r");
	int rc;

	assert_non_null(f);
	rc = procsem_parse(f, l, st);
	fclose(f);
	return rc;
}

static int parse_text(const char *text, struct semset_list *l, struct procsem_stats *st)
{
	return parse_mem(text, strlen(text), l, st);
}

static void test_current(void **state)
{
	struct semset_list l = { 0 };
	struct procsem_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procsem-current.txt", &l, &st), 0);
	assert_int_equal(st.lines, 5);
	assert_int_equal(st.malformed, 0);
	assert_sets(current, 5, &l);
	semset_list_free(&l);
}

static void test_reordered(void **state)
{
	/* Columns in another order, unknown ones between and after: mapped by name. */
	struct semset_list l = { 0 };
	struct procsem_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procsem-reordered.txt", &l, &st), 0);
	assert_int_equal(st.lines, 3);
	assert_int_equal(st.malformed, 0);
	assert_sets(current, 3, &l);
	semset_list_free(&l);
}

static void test_malformed(void **state)
{
	/* Every bad line is counted and skipped; the good ones around them (space-, tab- and
	 * CRLF-separated) are kept; blank lines are not lines. */
	static const struct semset want[] = {
		SET(1, 1, 0600, 1, 1, 1, 1, 1, 1, 1),
		SET(2, 2, 0600, 2, 2, 2, 2, 2, 2, 2),
		SET(3, 3, 0600, 3, 3, 3, 3, 3, 3, 3),
	};
	struct semset_list l = { 0 };
	struct procsem_stats st;

	(void)state;
	assert_int_equal(parse_fixture("procsem-malformed.txt", &l, &st), 0);
	assert_int_equal(st.lines, 18);
	assert_int_equal(st.malformed, 15);
	assert_sets(want, 3, &l);
	semset_list_free(&l);
}

static void test_empty(void **state)
{
	struct semset_list l = { 0 };
	struct procsem_stats st = { 7, 7 };

	(void)state;
	assert_int_equal(parse_fixture("procsem-empty.txt", &l, &st), -ENODATA);
	assert_int_equal(l.n, 0);
	assert_int_equal(st.lines, 0);
	assert_int_equal(st.malformed, 0);
	/* the header alone: no arrays, not an error */
	assert_int_equal(parse_text(KHDR, &l, &st), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(st.lines, 0);
	/* nor with blank lines after it */
	assert_int_equal(parse_text(KHDR "\n \n\t\n", &l, &st), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(st.lines, 0);
	semset_list_free(&l);
}

static void test_columns(void **state)
{
	/* key, semid, perms and nsems are required; the rest read as 0 when missing; a column
	 * named twice, or a header with more fields than the reader allows, is not the kernel's. */
	static const char *const required[] = {
		"semid perms nsems\n1 600 1\n",
		"key perms nsems\n1 600 1\n",
		"key semid nsems\n1 1 1\n",
		"key semid perms\n1 1 600\n",
		"\n1 1 600 1\n",              /* a blank header */
		"KEY SEMID PERMS NSEMS\n",    /* names are case-sensitive, as the kernel's are */
	};
	struct semset_list l = { 0 };
	struct procsem_stats st;
	char big[1024];
	size_t len = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (parse_text(required[i], &l, &st) != -EINVAL)
			fail_msg("header %zu accepted", i);
	assert_int_equal(l.n, 0);
	/* the minimum */
	assert_int_equal(parse_text("key semid perms nsems\n-5 7 640 9\n", &l, &st), 0);
	assert_int_equal(l.n, 1);
	{
		static const struct semset want = SET(-5, 7, 0640, 0, 0, 0, 0, 9, 0, 0);

		assert_set(&want, &l.v[0]);
	}
	semset_list_clear(&l);
	assert_int_equal(parse_text("key semid perms nsems semid\n1 2 600 1 3\n", &l, &st),
			 -EINVAL);
	/* 64 fields are allowed, 65 are not */
	for (int i = 0; i < 60; i++)
		len += (size_t)snprintf(big + len, sizeof(big) - len, "x%d ", i);
	memcpy(big + len, "key semid perms nsems\n", 23);
	assert_int_equal(parse_text(big, &l, &st), 0);
	memcpy(big + len, "key semid perms nsems y\n", 25);
	assert_int_equal(parse_text(big, &l, &st), -EINVAL);
	assert_int_equal(l.n, 0);
	semset_list_free(&l);
}

static void test_keys(void **state)
{
	/* The kernel prints keys signed; the unsigned spelling of the same bits is the same key. */
	static const struct {
		const char *text;
		int32_t key;
	} cases[] = {
		{ "0", 0 }, { "1", 1 }, { "-1", -1 }, { "4294967295", -1 },
		{ "2147483647", INT32_MAX }, { "2147483648", INT32_MIN },
		{ "-2147483648", INT32_MIN },
		{ "1577058305", 0x5e000001 }, { "-559038737", (int32_t)0xdeadbeefu },
		{ "3735928559", (int32_t)0xdeadbeefu }, { "-0", 0 }, { "00042", 42 },
	};
	struct semset_list l = { 0 };
	struct procsem_stats st;
	char text[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), KHDR "%s 1 600 1 0 0 0 0 0 0\n", cases[i].text);
		semset_list_clear(&l);
		assert_int_equal(parse_text(text, &l, &st), 0);
		if (l.n != 1 || l.v[0].key != cases[i].key)
			fail_msg("key %s: got %zu arrays, key %d", cases[i].text, l.n,
				 l.n ? l.v[0].key : 0);
	}
	semset_list_free(&l);
}

static void test_field_limits(void **state)
{
	/* The largest value of each field parses; one more is a malformed line. */
	struct semset_list l = { 0 };
	struct procsem_stats st;

	(void)state;
	assert_int_equal(parse_text(KHDR
				    "1 2147483647 7777 2147483647 4294967295 4294967295 4294967295"
				    " 4294967295 9223372036854775807 9223372036854775807\n"
				    "1 2147483648 0 0 0 0 0 0 0 0\n"
				    "1 0 10000 0 0 0 0 0 0 0\n"
				    "1 0 0 2147483648 0 0 0 0 0 0\n"
				    "1 0 0 0 4294967296 0 0 0 0 0\n"
				    "1 0 0 0 0 4294967296 0 0 0 0\n"
				    "1 0 0 0 0 0 4294967296 0 0 0\n"
				    "1 0 0 0 0 0 0 4294967296 0 0\n"
				    "1 0 0 0 0 0 0 0 9223372036854775808 0\n"
				    "1 0 0 0 0 0 0 0 0 9223372036854775808\n"
				    "1 0 0 0 0 0 0 0 0 99999999999999999999999\n"
				    "1 0 0 0 0 0 0 0 -1 0\n"
				    "1 -1 0 0 0 0 0 0 0 0\n",
				    &l, &st), 0);
	assert_int_equal(st.lines, 13);
	assert_int_equal(st.malformed, 12);
	assert_int_equal(l.n, 1);
	{
		static const struct semset want = SET(1, INT32_MAX, 07777, UINT32_MAX, UINT32_MAX,
						      UINT32_MAX, UINT32_MAX, INT32_MAX, INT64_MAX,
						      INT64_MAX);

		assert_set(&want, &l.v[0]);
	}
	semset_list_free(&l);
}

static void test_nul_bytes(void **state)
{
	/* A NUL inside a line makes it malformed (not cut short into a valid-looking one); one in
	 * the header makes the file unreadable. */
	static const char text[] = KHDR "1 1 600 1 0 0 0 0 0 0\n"
		"2 2 600 1 0 0 0 0 0 0\0 garbage\n"
		"3 3 600 1 0 0 0 0 0 0\n";
	static const char header[] = "key semid perms nsems\0 x\n1 1 600 1\n";
	struct semset_list l = { 0 };
	struct procsem_stats st;

	(void)state;
	assert_int_equal(parse_mem(text, sizeof(text) - 1, &l, &st), 0);
	assert_int_equal(st.lines, 3);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].semid, 1);
	assert_int_equal(l.v[1].semid, 3);
	semset_list_clear(&l);
	assert_int_equal(parse_mem(header, sizeof(header) - 1, &l, &st), -EINVAL);
	assert_int_equal(l.n, 0);
	semset_list_free(&l);
}

static void test_appends(void **state)
{
	/* The parser appends: what the list held stays in front. */
	static const struct semset first = SET(7, 8, 0600, 1, 2, 3, 4, 5, 6, 7);
	struct semset_list l = { 0 };
	struct procsem_stats st;

	(void)state;
	assert_int_equal(semset_list_push(&l, &first), 0);
	assert_int_equal(parse_fixture("procsem-current.txt", &l, &st), 0);
	assert_int_equal(l.n, 6);
	assert_set(&first, &l.v[0]);
	assert_set(&current[4], &l.v[5]);
	semset_list_free(&l);
}

static uint64_t rnd(uint64_t *s)
{
	/* xorshift64*: reproducible, no dependence on libc's rand() */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static void test_roundtrip(void **state)
{
	/* Random arrays over each field's whole range, printed with the kernel's format. */
	enum { N = 3000 };
	struct semset *want = calloc(N, sizeof(*want));
	struct semset_list l = { 0 };
	struct procsem_stats st;
	uint64_t seed = 0x5e3a5e3a87654321ull;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(want);
	assert_non_null(f);
	fputs(KHDR, f);
	for (size_t i = 0; i < N; i++) {
		struct semset *s = &want[i];

		s->key = (int32_t)(uint32_t)rnd(&seed);
		s->semid = (int32_t)(rnd(&seed) & INT32_MAX);
		s->mode = (uint32_t)(rnd(&seed) & 0777);
		s->nsems = (uint32_t)(rnd(&seed) >> 33 >> (rnd(&seed) & 31));
		s->uid = (uint32_t)rnd(&seed);
		s->gid = (uint32_t)rnd(&seed);
		s->cuid = (uint32_t)rnd(&seed);
		s->cgid = (uint32_t)rnd(&seed);
		s->otime = (int64_t)(rnd(&seed) >> 1 >> (rnd(&seed) & 63));
		s->ctime = (int64_t)(rnd(&seed) >> 31);
		fprintf(f, KFMT, s->key, s->semid, s->mode, s->nsems, s->uid, s->gid, s->cuid,
			s->cgid, (unsigned long long)s->otime, (unsigned long long)s->ctime);
	}
	fclose(f);
	assert_int_equal(parse_text(text, &l, &st), 0);
	assert_int_equal(st.lines, N);
	assert_int_equal(st.malformed, 0);
	assert_sets(want, N, &l);
	semset_list_free(&l);
	free(text);
	free(want);
}

static void test_read_error_at_start(void **state)
{
	/* A directory opens as a FILE* but reading it fails: the read error, not "empty". */
	const char *top = getenv("top_srcdir");
	char path[4096];
	struct semset_list l = { 0 };
	struct procsem_stats st;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data", top && *top ? top : ".");
	f = fopen(path, "r");
	if (!f)
		skip();
	assert_int_equal(procsem_parse(f, &l, &st), -EISDIR);
	assert_int_equal(l.n, 0);
	fclose(f);
}

struct cookie {
	const char *text;
	size_t off, fail_at;
};

static ssize_t cookie_read(void *c, char *buf, size_t size)
{
	struct cookie *ck = c;
	size_t n = ck->fail_at - ck->off;

	if (n == 0) {
		errno = ENOLINK;
		return -1;
	}
	if (n > size)
		n = size;
	memcpy(buf, ck->text + ck->off, n);
	ck->off += n;
	return (ssize_t)n;
}

static void test_read_error_midway(void **state)
{
	/* The header and one line arrive, then the read fails: its errno, and the line kept. */
	static const char text[] = KHDR "9527 0 600 1 0 0 0 0 0 0\n9528 1 600 1 0 0 0 0 0 0\n";
	struct cookie ck = { text, 0, 0 };
	cookie_io_functions_t io = { .read = cookie_read };
	struct semset_list l = { 0 };
	struct procsem_stats st;
	FILE *f;

	(void)state;
	ck.fail_at = (size_t)(strchr(strchr(text, '\n') + 1, '\n') + 1 - text);
	f = fopencookie(&ck, "r", io);
	assert_non_null(f);
	assert_int_equal(procsem_parse(f, &l, &st), -ENOLINK);
	fclose(f);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].key, 9527);
	assert_int_equal(st.lines, 1);
	semset_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_current),
		cmocka_unit_test(test_reordered),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_field_limits),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_read_error_at_start),
		cmocka_unit_test(test_read_error_midway),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
