/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* attachharness.c - time one attacher scan in-process, for bench/attach, against cat of the same
 * /proc/PID/maps files. Linked against a build's src/libshmtop.a, so what it times is the code
 * the dashboard and `shmtop --attachers` run: attach_scan(PROCROOT, -1, &list).
 *
 *   attachharness bench PROCROOT RUNS WARMUP
 *   attachharness loop PROCROOT N      N scans back to back (for perf record or callgrind)
 *
 * bench: WARMUP untimed rounds, then RUNS timed ones. A round runs four things, in an order that
 *   rotates every round (so none always runs right after another):
 *     scan  attach_scan(PROCROOT, -1, &l), with one attach_list reused across rounds, as the
 *           dashboard reuses its own
 *     read  the same files read in-process the way attach_scan reads them (opendir PROCROOT,
 *           every numeric entry, openat PID/maps, read() into a 64 KiB buffer until EOF, close)
 *           but not parsed: the kernel's part of a scan, plus the readdir
 *     cat   `cat PROCROOT/[0-9]*\/maps`, stdout /dev/null: the pattern is expanded with glob(3),
 *           as the shell does, before the timed interval; cat is timed from just before fork to
 *           just after wait4, as bench/measure.c does
 *     true  `true`, timed the same way: the fork, exec and exit part of cat's figure
 *   Prints one line per timed run: "scan NS", "read NS BYTES FILES", "cat NS STATUS FILES" and
 *   "true NS", then one summary line of the last scan:
 *   "result ATTACHERS ATTACHMENTS SCANNED UNREADABLE" (rows of the list, the sum of their count,
 *   processes whose maps were read, processes whose maps could not be).
 * loop: prints "loop N NS_TOTAL ATTACHERS".
 *
 * All times are CLOCK_MONOTONIC, in ns. Exit status: 0 ok, 1 error (message on stderr), 2 usage. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
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

static int is_pid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* What attach_scan reads, without the parsing: returns ns, sets bytes and files. */
static long long read_all_maps(const char *procroot, long long *bytes, long *files)
{
	static char *buf;
	static size_t cap = 64 * 1024;
	long long t0 = now_ns();
	struct dirent *de;
	DIR *dir;
	int procfd;

	*bytes = 0;
	*files = 0;
	if (!buf && !(buf = malloc(cap)))
		return -1;
	dir = opendir(procroot);
	if (!dir)
		return -1;
	procfd = dirfd(dir);
	while ((de = readdir(dir))) {
		char path[300];
		size_t len = 0;
		int fd;

		if ((de->d_type != DT_DIR && de->d_type != DT_UNKNOWN) || !is_pid_name(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/maps", de->d_name);
		fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		for (;;) {
			ssize_t n;

			if (len == cap) {
				char *b = realloc(buf, cap * 2);

				if (!b)
					break;
				buf = b;
				cap *= 2;
			}
			n = read(fd, buf + len, cap - len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			len += (size_t)n;
		}
		close(fd);
		*bytes += (long long)len;
		(*files)++;
	}
	closedir(dir);
	return now_ns() - t0;
}

/* Runs argv with stdin, stdout and stderr on /dev/null; ns from before fork to after wait4. */
static long long run_timed(char **argv, int *status)
{
	long long t0, t1;
	struct rusage ru;
	int wstatus;
	pid_t pid;

	fflush(stdout);
	t0 = now_ns();
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (wait4(pid, &wstatus, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	t1 = now_ns();
	*status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) :
		  WIFSIGNALED(wstatus) ? 128 + WTERMSIG(wstatus) : 255;
	return t1 - t0;
}

/* cat PROCROOT/[0-9]*\/maps, the glob expanded first (untimed). */
static long long run_cat(const char *procroot, int *status, long *files)
{
	char pattern[4200];
	glob_t g;
	char **argv;
	long long ns;

	snprintf(pattern, sizeof(pattern), "%s/[0-9]*/maps", procroot);
	if (glob(pattern, 0, NULL, &g) != 0)
		return -1;
	argv = malloc((g.gl_pathc + 2) * sizeof(*argv));
	if (!argv) {
		globfree(&g);
		return -1;
	}
	argv[0] = "cat";
	memcpy(argv + 1, g.gl_pathv, g.gl_pathc * sizeof(*argv));
	argv[g.gl_pathc + 1] = NULL;
	*files = (long)g.gl_pathc;
	ns = run_timed(argv, status);
	free(argv);
	globfree(&g);
	return ns;
}

static int bench(const char *procroot, long runs, long warmup)
{
	struct attach_list l;
	char *true_argv[] = { "true", NULL };
	unsigned long long attachments = 0;
	int rc;

	attach_list_init(&l);
	for (long r = 0; r < warmup + runs; r++) {
		int timed = r >= warmup;

		for (int k = 0; k < 4; k++) {
			long long ns, bytes;
			long files;
			int status;

			switch ((r + k) % 4) {
			case 0:
				ns = now_ns();
				rc = attach_scan(procroot, -1, &l);
				ns = now_ns() - ns;
				if (rc < 0) {
					fprintf(stderr, "attachharness: attach_scan(%s): %s\n", procroot,
						strerror(-rc));
					return 1;
				}
				if (timed)
					printf("scan %lld\n", ns);
				break;
			case 1:
				ns = read_all_maps(procroot, &bytes, &files);
				if (ns < 0) {
					fprintf(stderr, "attachharness: reading %s: %s\n", procroot,
						strerror(errno));
					return 1;
				}
				if (timed)
					printf("read %lld %lld %ld\n", ns, bytes, files);
				break;
			case 2:
				ns = run_cat(procroot, &status, &files);
				if (ns < 0) {
					fprintf(stderr, "attachharness: cannot run cat: %s\n", strerror(errno));
					return 1;
				}
				if (timed)
					printf("cat %lld %d %ld\n", ns, status, files);
				break;
			case 3:
				ns = run_timed(true_argv, &status);
				if (ns < 0) {
					fprintf(stderr, "attachharness: cannot run true: %s\n", strerror(errno));
					return 1;
				}
				if (timed)
					printf("true %lld\n", ns);
				break;
			}
		}
	}
	for (size_t i = 0; i < l.n; i++)
		attachments += l.v[i].count;
	printf("result %zu %llu %zu %zu\n", l.n, attachments, l.procs_scanned, l.procs_unreadable);
	attach_list_free(&l);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int loop(const char *procroot, long n)
{
	struct attach_list l;
	long long t0 = now_ns();
	size_t found = 0;

	attach_list_init(&l);
	for (long i = 0; i < n; i++) {
		int rc = attach_scan(procroot, -1, &l);

		if (rc < 0) {
			fprintf(stderr, "attachharness: attach_scan(%s): %s\n", procroot, strerror(-rc));
			return 1;
		}
		found = l.n;
	}
	printf("loop %ld %lld %zu\n", n, now_ns() - t0, found);
	attach_list_free(&l);
	return 0;
}

int main(int argc, char **argv)
{
	long runs, warmup;

	if (argc == 5 && strcmp(argv[1], "bench") == 0 && (runs = parse_count(argv[3], 1)) > 0 &&
	    (warmup = parse_count(argv[4], 0)) >= 0)
		return bench(argv[2], runs, warmup);
	if (argc == 4 && strcmp(argv[1], "loop") == 0 && (runs = parse_count(argv[3], 1)) > 0)
		return loop(argv[2], runs);
	fprintf(stderr, "usage: attachharness bench PROCROOT RUNS WARMUP | attachharness loop PROCROOT N\n");
	return 2;
}
