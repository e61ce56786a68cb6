/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* posixharness.c - posix.c's listing timed in-process, for bench/posix. Linked against a build's
 * src/libshmtop.a (see bench/posix for the command line).
 *
 *   posixharness once DIR
 *       posix_list_dir(DIR) once and exit: a process doing nothing but the listing, for timing
 *       from outside against ls -l (exit 1 if it fails or lists nothing)
 *   posixharness time DIR RUNS PROCROOT
 *       RUNS times each, CLOCK_MONOTONIC around the call alone, one line per call:
 *         fresh NS N      posix_list_dir into a new list (its allocations included)
 *         reused NS N     posix_list_dir into the list of the previous call, as a refresh does
 *         mappers NS M    posix_scan_mappers(PROCROOT, DIR) after the listing: every process's maps
 *       N is the objects listed, M the mappings found.
 * Exit status: 0 ok, 1 a call failed, 2 usage. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "posix.h"

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int fail(const char *what, const char *dir, int rc)
{
	fprintf(stderr, "posixharness: %s %s: %s\n", what, dir, strerror(-rc));
	return 1;
}

int main(int argc, char **argv)
{
	struct posix_list l, reused;
	long runs;
	char *end;
	int rc;

	if (argc == 3 && strcmp(argv[1], "once") == 0) {
		posix_list_init(&l);
		rc = posix_list_dir(argv[2], &l);
		if (rc < 0)
			return fail("posix_list_dir", argv[2], rc);
		printf("%zu\n", l.n);
		rc = l.n ? 0 : 1;
		posix_list_free(&l);
		return rc;
	}
	if (argc != 5 || strcmp(argv[1], "time") != 0) {
		fprintf(stderr, "usage: posixharness once DIR | time DIR RUNS PROCROOT\n");
		return 2;
	}
	errno = 0;
	runs = strtol(argv[3], &end, 10);
	if (errno || *end || runs < 1) {
		fprintf(stderr, "posixharness: bad RUNS '%s'\n", argv[3]);
		return 2;
	}
	posix_list_init(&reused);
	for (long r = 0; r < runs; r++) {
		long long t0, t1;

		posix_list_init(&l);
		t0 = now_ns();
		rc = posix_list_dir(argv[2], &l);
		t1 = now_ns();
		if (rc < 0)
			return fail("posix_list_dir", argv[2], rc);
		printf("fresh %lld %zu\n", t1 - t0, l.n);
		posix_list_free(&l);

		t0 = now_ns();
		rc = posix_list_dir(argv[2], &reused);
		t1 = now_ns();
		if (rc < 0)
			return fail("posix_list_dir", argv[2], rc);
		printf("reused %lld %zu\n", t1 - t0, reused.n);

		t0 = now_ns();
		rc = posix_scan_mappers(argv[4], argv[2], &reused);
		t1 = now_ns();
		if (rc < 0)
			return fail("posix_scan_mappers", argv[4], rc);
		printf("mappers %lld %zu\n", t1 - t0, reused.nm);
	}
	posix_list_free(&reused);
	return 0;
}
