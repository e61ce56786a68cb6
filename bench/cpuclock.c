/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* cpuclock.c - print the CPU time processes have used, in ns, for bench/hex.
 *
 *   cpuclock PID...     one line "PID NS" per process
 *
 * NS is the process's CPU clock (clock_getcpuclockid + clock_gettime): user plus system time of
 * all its threads, also those that have exited, to the nanosecond. /proc/PID/stat has the same in
 * clock ticks (10 ms), too coarse for a process that uses a fraction of a millisecond a second;
 * /proc/PID/schedstat has nanoseconds but for one thread only, and the dashboard reads
 * /proc/sysvipc/shm on a second thread that lives for one poll.
 * Exit status: 0 ok, 1 a process is gone or its clock cannot be read (message on stderr), 2 usage. */
#define _GNU_SOURCE

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: cpuclock PID...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct timespec ts;
		clockid_t clk;
		char *end;
		long pid;
		int rc;

		errno = 0;
		pid = strtol(argv[i], &end, 10);
		if (errno || *end || end == argv[i] || pid <= 0) {
			fprintf(stderr, "cpuclock: bad pid '%s'\n", argv[i]);
			return 2;
		}
		rc = clock_getcpuclockid((pid_t)pid, &clk);
		if (rc == 0 && clock_gettime(clk, &ts) < 0)
			rc = errno;
		if (rc) {
			fprintf(stderr, "cpuclock: pid %ld: %s\n", pid, strerror(rc));
			return 1;
		}
		printf("%ld %lld\n", pid, (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
