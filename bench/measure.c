/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* measure.c - run a command once and print its wall time and peak RSS, for bench/scan.
 *
 *   measure CMD [ARG]...
 *
 * CMD runs with stdin and stdout on /dev/null and stderr inherited. When it ends, measure prints
 * one line on its own stdout:
 *
 *   WALL_NS MAXRSS_KIB STATUS
 *
 * WALL_NS is CLOCK_MONOTONIC from just before fork to just after wait4, so every command pays the
 * same fork/exec cost and no `date` process sits inside the timed interval. MAXRSS_KIB is the
 * child's ru_maxrss from wait4 (what GNU time's %M reports; it can't go below the ~1 MiB the
 * forked copy of measure itself had before exec). STATUS is the exit status, 128+N for signal N,
 * or 127 if CMD could not be run.
 * Exit status of measure itself: 0 when it measured (whatever CMD's status), 1 on error, 2 usage. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	long long t0, t1;
	int null, wstatus, status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: measure CMD [ARG]...\n");
		return 2;
	}
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0) {
		fprintf(stderr, "measure: /dev/null: %s\n", strerror(errno));
		return 1;
	}
	fflush(stdout);

	t0 = now_ns();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		if (dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "measure: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &wstatus, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "measure: wait4: %s\n", strerror(errno));
			return 1;
		}
	}
	t1 = now_ns();

	if (WIFEXITED(wstatus))
		status = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		status = 128 + WTERMSIG(wstatus);
	else
		status = 255;
	printf("%lld %ld %d\n", t1 - t0, ru.ru_maxrss, status);
	return fflush(stdout) == 0 ? 0 : 1;
}
