/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* holders.c - fork many processes that each attach a few System V shared memory segments and
 * then sleep, for bench/attach: the processes whose /proc/PID/maps an attacher scan reads.
 *
 *   holders IDFILE N PER PIDFILE
 *
 * IDFILE lists segments as mkseg writes them ("SHMID CPID" per line). holders forks N children;
 * child i attaches the PER segments listed at positions (i*PER + j) mod M, j = 0..PER-1, of the
 * M in IDFILE (so N*PER = M covers every segment exactly once), the first read-write and the
 * others read-only, then sleeps. Each child's pid goes to PIDFILE (one a line) the moment it is
 * forked. When every child has attached, holders prints "ready N" on stdout and waits.
 *
 * On SIGTERM, SIGINT or SIGHUP holders kills its children (SIGKILL), reaps them and exits 0.
 * The children die with it in any case (PR_SET_PDEATHSIG), also when it is killed with SIGKILL,
 * so no child outlives a benchmark that is interrupted. Children are named "holder" (comm).
 * Exit status: 0 after a signal once ready, 1 on error (a child could not attach or fork
 * failed: every child started is killed first), 2 usage. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t *kids;
static long nkids;

static void kill_all(void)
{
	for (long i = 0; i < nkids; i++)
		kill(kids[i], SIGKILL);
	for (long i = 0; i < nkids; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
	nkids = 0;
}

static long parse_count(const char *s, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min)
		return -1;
	return v;
}

/* The child: attach, report one byte ('+' attached, '!' failed), sleep until killed. */
static void child(const int *ids, long nids, long i, long per, pid_t parent, int wfd)
{
	char c = '+';
	sigset_t none;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)        /* the parent died before PDEATHSIG was armed */
		_exit(1);
	prctl(PR_SET_NAME, "holder");
	for (long j = 0; j < per; j++) {
		int id = ids[(i * per + j) % nids];

		if (shmat(id, NULL, j == 0 ? 0 : SHM_RDONLY) == (void *)-1) {
			fprintf(stderr, "holders: child %ld: shmat shmid %d: %s\n", i, id, strerror(errno));
			c = '!';
			break;
		}
	}
	if (write(wfd, &c, 1) != 1 || c != '+')
		_exit(1);
	close(wfd);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	long n, per, nids = 0, cap = 1024, ready = 0;
	int *ids, fds[2], sig, pidfd, id;
	sigset_t hold;
	long cpid;
	pid_t self = getpid();
	FILE *f;

	if (argc != 5 || (n = parse_count(argv[2], 1)) < 0 || (per = parse_count(argv[3], 1)) < 0) {
		fprintf(stderr, "usage: holders IDFILE N PER PIDFILE\n");
		return 2;
	}
	f = fopen(argv[1], "re");
	if (!f) {
		fprintf(stderr, "holders: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	ids = malloc((size_t)cap * sizeof(*ids));
	kids = calloc((size_t)n, sizeof(*kids));
	if (!ids || !kids) {
		fprintf(stderr, "holders: out of memory\n");
		return 1;
	}
	while (fscanf(f, "%d %ld", &id, &cpid) == 2) {
		if (nids == cap) {
			int *v = realloc(ids, (size_t)cap * 2 * sizeof(*ids));

			if (!v) {
				fprintf(stderr, "holders: out of memory\n");
				return 1;
			}
			ids = v;
			cap *= 2;
		}
		ids[nids++] = id;
	}
	fclose(f);
	if (!nids) {
		fprintf(stderr, "holders: %s lists no segments\n", argv[1]);
		return 1;
	}
	pidfd = open(argv[4], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (pidfd < 0 || pipe2(fds, O_CLOEXEC) < 0) {
		fprintf(stderr, "holders: %s: %s\n", argv[4], strerror(errno));
		return 1;
	}
	/* Held until ready and then taken with sigwait: a signal during the forks is acted on
	 * after the last one, with every child known. */
	sigemptyset(&hold);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGHUP);
	sigprocmask(SIG_BLOCK, &hold, NULL);

	for (long i = 0; i < n; i++) {
		char line[32];
		int len;
		pid_t p = fork();

		if (p < 0) {
			fprintf(stderr, "holders: fork after %ld of %ld: %s\n", i, n, strerror(errno));
			kill_all();
			return 1;
		}
		if (p == 0) {
			close(fds[0]);
			child(ids, nids, i, per, self, fds[1]);
		}
		kids[nkids++] = p;
		len = snprintf(line, sizeof(line), "%ld\n", (long)p);
		if (write(pidfd, line, (size_t)len) != len) {
			fprintf(stderr, "holders: %s: %s\n", argv[4], strerror(errno));
			kill_all();
			return 1;
		}
	}
	close(pidfd);
	close(fds[1]);
	while (ready < n) {
		char buf[256];
		ssize_t r = read(fds[0], buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			fprintf(stderr, "holders: only %ld of %ld children attached\n", ready, n);
			kill_all();
			return 1;
		}
		for (ssize_t k = 0; k < r; k++) {
			if (buf[k] != '+') {
				kill_all();
				return 1;
			}
		}
		ready += r;
	}
	printf("ready %ld\n", n);
	fflush(stdout);
	while (sigwait(&hold, &sig) != 0)
		;
	kill_all();
	return 0;
}
