/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_prefetch.c - the read-ahead FILE*: the same bytes in the same order for every size around
 * its buffer boundaries, whatever the caller's read sizes; errors; closing before the end. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "prefetch.h"

static char tmpl[64];

/* A file of n pseudo-random bytes; returns its contents (caller frees). */
static unsigned char *make_file(size_t n, uint32_t seed)
{
	unsigned char *data = malloc(n ? n : 1);
	FILE *f;

	assert_non_null(data);
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1664525u + 1013904223u;
		data[i] = (unsigned char)(seed >> 24);
	}
	f = fopen(tmpl, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return data;
}

static void read_back(size_t n, size_t chunk)
{
	unsigned char *want = make_file(n, (uint32_t)(n * 31 + chunk));
	unsigned char *got = malloc(n + 64);
	size_t total = 0, k;
	FILE *f = prefetch_open(tmpl);

	assert_non_null(f);
	assert_non_null(got);
	while ((k = fread(got + total, 1, chunk, f)) > 0) {
		total += k;
		assert_true(total <= n);
	}
	assert_false(ferror(f));
	assert_true(feof(f));
	assert_int_equal(total, n);
	assert_memory_equal(got, want, n);
	assert_int_equal(fclose(f), 0);
	free(got);
	free(want);
}

static void test_sizes(void **state)
{
	/* around the 32 KiB slots and the 8-slot ring */
	static const size_t sizes[] = { 0, 1, 4095, 4096, 32767, 32768, 32769, 262143, 262144,
					262145, 1000003 };
	static const size_t chunks[] = { 1, 7, 4096, 65536 };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++)
			if (sizes[i] < 300000 || chunks[c] >= 4096)
				read_back(sizes[i], chunks[c]);
}

static void test_getline(void **state)
{
	FILE *f, *g;
	char *line = NULL;
	size_t cap = 0, lines = 0;

	(void)state;
	g = fopen(tmpl, "w");
	assert_non_null(g);
	for (int i = 0; i < 20000; i++)
		fprintf(g, "%10d %10d line\n", i, i * 7);
	assert_int_equal(fclose(g), 0);
	f = prefetch_open(tmpl);
	assert_non_null(f);
	while (getline(&line, &cap, f) >= 0) {
		int a, b;

		assert_int_equal(sscanf(line, "%d %d", &a, &b), 2);
		assert_int_equal(a, (int)lines);
		assert_int_equal(b, (int)lines * 7);
		lines++;
	}
	assert_int_equal(lines, 20000);
	free(line);
	fclose(f);
}

static void test_missing(void **state)
{
	(void)state;
	errno = 0;
	assert_null(prefetch_open("/nonexistent/shmtop/prefetch"));
	assert_int_equal(errno, ENOENT);
}

static void test_close_early(void **state)
{
	unsigned char *want = make_file(2000000, 5);
	unsigned char buf[100];
	FILE *f = prefetch_open(tmpl);

	(void)state;
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof(buf), f), sizeof(buf));
	assert_memory_equal(buf, want, sizeof(buf));
	assert_int_equal(fclose(f), 0); /* the reader is blocked on a full ring: must stop */
	free(want);
}

/* Only regular files: a directory, or a FIFO that would block in open() or read(). */
static void test_not_regular(void **state)
{
	char dir[64], fifo[80];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/shmtop-prefetch-dir.XXXXXX");
	assert_non_null(mkdtemp(dir));
	errno = 0;
	assert_null(prefetch_open(dir));
	assert_int_equal(errno, EINVAL);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	errno = 0;
	assert_null(prefetch_open(fifo)); /* returns at once: no writer needed */
	assert_int_equal(errno, EINVAL);
	unlink(fifo);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_getline),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_close_early),
		cmocka_unit_test(test_not_regular),
	};
	int fd, rc;

	snprintf(tmpl, sizeof(tmpl), "/tmp/shmtop-prefetch.XXXXXX");
	fd = mkstemp(tmpl);
	if (fd < 0)
		return 99;
	close(fd);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(tmpl);
	return rc;
}
