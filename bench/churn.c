/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* churn.c - the workload of bench/trace: System V segments made and removed in pairs,
 * shmget(IPC_PRIVATE, 4096) then shmctl(IPC_RMID), the two operations the tracer records.
 *
 *   churn N            N pairs as fast as it can; prints the seconds they took and the CPU
 *                      seconds the process used (the tracer's BPF code runs in it)
 *   churn RATE SECS    RATE pairs a second for SECS seconds, paced every millisecond;
 *                      prints the pairs done and the seconds
 *   churn null N       N getppid calls, a system call the tracer does not record: prints
 *                      the nanoseconds one took (what tracing costs every other program)
 *
 * Exit status: 0, 1 when a call fails, 2 usage. */
#define _GNU_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int pair(void)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600);

	if (id < 0 || shmctl(id, IPC_RMID, NULL) < 0) {
		perror("churn");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	double t0, secs, rate;
	long n, done = 0;

	if (argc == 3 && strcmp(argv[1], "null") == 0) {
		n = strtol(argv[2], NULL, 10);
		if (n < 1)
			return 2;
		t0 = now();
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
		printf("%.1f\n", (now() - t0) * 1e9 / (double)n);
		return 0;
	}
	if (argc == 2) {
		n = strtol(argv[1], NULL, 10);
		if (n < 1)
			return 2;
		t0 = now();
		for (long i = 0; i < n; i++)
			if (pair() < 0)
				return 1;
		{
			struct rusage ru;

			getrusage(RUSAGE_SELF, &ru);
			printf("%.6f %.6f\n", now() - t0,
			       (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
			       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
		}
		return 0;
	}
	if (argc != 3)
		return 2;
	rate = strtod(argv[1], NULL);
	secs = strtod(argv[2], NULL);
	if (rate <= 0 || secs <= 0)
		return 2;
	t0 = now();
	for (;;) {
		double t = now() - t0;
		long due = (long)(t * rate);
		struct timespec ms = { 0, 1000000 };

		if (t >= secs)
			break;
		while (done < due) {
			if (pair() < 0)
				return 1;
			done++;
		}
		nanosleep(&ms, NULL);
	}
	printf("%ld %.6f\n", done, now() - t0);
	return 0;
}
