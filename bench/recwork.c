/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* recwork.c - the workload of bench/record: N System V segments of 1 MiB, each attached once,
 * and RATE changes a second to them for SECS seconds, spread over all of them (segment i * 41
 * mod N), paced every 10 ms:
 *
 *   recwork N RATE SECS touch    a change writes a byte into the segment's next page: its RSS
 *                                grows by a page (what only a sample sees: no system call)
 *   recwork N RATE SECS attach   a change attaches the segment a second time, or detaches that
 *                                attachment: nattch, atime or dtime and lpid change, and the
 *                                tracer records each shmat and shmdt
 *
 * Prints "ready" once the segments exist (then waits for a line on stdin before changing them),
 * and at the end the changes made and the seconds taken; then waits for another line (or the
 * end of stdin) and removes the segments.
 * Exit status: 0, 1 when a call fails, 2 usage. */
#define _GNU_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>

#define SEG (1 << 20)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long n, rate, done = 0;
	double secs, t0, next;
	int *ids, touch, rc = 0;
	char **at, **extra, line[16];
	unsigned *page;

	if (argc != 5 || (n = atol(argv[1])) < 1 || (rate = atol(argv[2])) < 1 ||
	    (secs = atof(argv[3])) <= 0 || (strcmp(argv[4], "touch") && strcmp(argv[4], "attach"))) {
		fprintf(stderr, "usage: recwork N RATE SECS touch|attach\n");
		return 2;
	}
	touch = !strcmp(argv[4], "touch");
	ids = calloc((size_t)n, sizeof(*ids));
	at = calloc((size_t)n, sizeof(*at));
	extra = calloc((size_t)n, sizeof(*extra));
	page = calloc((size_t)n, sizeof(*page));
	if (!ids || !at || !extra || !page)
		return 1;
	for (long i = 0; i < n; i++) {
		ids[i] = shmget(IPC_PRIVATE, SEG, 0600);
		at[i] = ids[i] < 0 ? (void *)-1 : shmat(ids[i], NULL, 0);
		if (at[i] == (void *)-1) {
			perror("recwork: shmget/shmat");
			n = i + (ids[i] >= 0);
			rc = 1;
			goto out;
		}
		at[i][0] = 1; /* one page resident */
		page[i] = 1;
	}
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		goto out;
	t0 = next = now();
	while (now() - t0 < secs) {
		long due = (long)((now() - t0) * (double)rate);

		for (; done < due; done++) {
			long i = done * 41 % n;

			if (touch) {
				at[i][(size_t)(page[i] % (SEG / 4096)) * 4096] = 1;
				page[i]++;
			} else if (extra[i]) {
				shmdt(extra[i]);
				extra[i] = NULL;
			} else if ((extra[i] = shmat(ids[i], NULL, SHM_RDONLY)) == (void *)-1) {
				extra[i] = NULL;
				perror("recwork: shmat");
				rc = 1;
				goto out;
			}
		}
		next += 0.01;
		{
			double d = next - now();
			struct timespec ts = { 0, d > 0 ? (long)(d * 1e9) : 0 };

			nanosleep(&ts, NULL);
		}
	}
	printf("%ld %.3f\n", done, now() - t0);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin)) /* the removals wait until the caller has measured */
		goto out;
out:
	for (long i = 0; i < n; i++)
		if (ids[i] >= 0)
			shmctl(ids[i], IPC_RMID, NULL);
	return rc;
}
