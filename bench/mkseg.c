/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* mkseg.c - create or remove many small System V shared memory segments, for bench/scan.
 *
 *   mkseg create N IDFILE   create N IPC_PRIVATE segments of one page, mode 0600, and append
 *                           "SHMID CPID" for each to IDFILE as soon as it exists
 *   mkseg remove IDFILE     remove every segment listed in IDFILE whose creator pid still matches
 *
 * A shell loop over ipcmk needs minutes for 32000 segments; this takes well under a second.
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT are held while creating, so a segment is never created
 * without being recorded: an interrupted run stops between two segments and IDFILE lists every
 * segment made. Removal checks the creator pid because ids are reused: a segment that is gone
 * and whose id now belongs to someone else's segment is left alone.
 * Exit status: 0 ok, 1 error or interrupted (message on stderr), 2 usage. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

static int mkseg_create(long n, const char *idfile)
{
	long pagesize = sysconf(_SC_PAGESIZE);
	pid_t self = getpid();
	sigset_t hold, pending;
	long made = 0;
	int fd, err;

	fd = open(idfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "mkseg: %s: %s\n", idfile, strerror(errno));
		return 1;
	}
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGQUIT);
	sigprocmask(SIG_BLOCK, &hold, NULL);

	for (; made < n; made++) {
		char line[64];
		int id, len;

		if (sigpending(&pending) == 0 && (sigismember(&pending, SIGINT) ||
		    sigismember(&pending, SIGTERM) || sigismember(&pending, SIGHUP) ||
		    sigismember(&pending, SIGQUIT))) {
			fprintf(stderr, "mkseg: interrupted after %ld of %ld segments\n", made, n);
			close(fd);
			return 1;
		}
		id = shmget(IPC_PRIVATE, (size_t)pagesize, IPC_CREAT | 0600);
		if (id < 0) {
			err = errno;
			fprintf(stderr, "mkseg: shmget after %ld of %ld segments: %s%s\n", made, n,
				strerror(err),
				err == ENOSPC ? " (kernel.shmmni or kernel.shmall reached)" : "");
			close(fd);
			return 1;
		}
		len = snprintf(line, sizeof(line), "%d %ld\n", id, (long)self);
		err = write_all(fd, line, (size_t)len);
		if (err < 0) {
			/* Not recorded: remove it now rather than leak it. */
			shmctl(id, IPC_RMID, NULL);
			fprintf(stderr, "mkseg: %s: %s\n", idfile, strerror(-err));
			close(fd);
			return 1;
		}
	}
	if (close(fd) < 0) {
		fprintf(stderr, "mkseg: %s: %s\n", idfile, strerror(errno));
		return 1;
	}
	return 0;
}

static int mkseg_remove(const char *idfile)
{
	long removed = 0, gone = 0, foreign = 0, failed = 0;
	FILE *f = fopen(idfile, "re");
	int id;
	long cpid;

	if (!f) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "mkseg: %s: %s\n", idfile, strerror(errno));
		return 1;
	}
	while (fscanf(f, "%d %ld", &id, &cpid) == 2) {
		struct shmid_ds ds;

		if (shmctl(id, IPC_STAT, &ds) < 0) {
			if (errno == EINVAL || errno == EIDRM) {
				gone++;
			} else {
				fprintf(stderr, "mkseg: stat shmid %d: %s\n", id, strerror(errno));
				failed++;
			}
			continue;
		}
		if ((long)ds.shm_cpid != cpid) {
			foreign++;
			continue;
		}
		if (shmctl(id, IPC_RMID, NULL) < 0) {
			fprintf(stderr, "mkseg: remove shmid %d: %s\n", id, strerror(errno));
			failed++;
			continue;
		}
		removed++;
	}
	fclose(f);
	if (gone || foreign)
		fprintf(stderr, "mkseg: removed %ld; %ld already gone, %ld ids reused by other segments (left alone)\n",
			removed, gone, foreign);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "create") == 0) {
		char *end;
		long n;

		errno = 0;
		n = strtol(argv[2], &end, 10);
		if (errno || *end || end == argv[2] || n < 0) {
			fprintf(stderr, "mkseg: bad count '%s'\n", argv[2]);
			return 2;
		}
		return mkseg_create(n, argv[3]);
	}
	if (argc == 3 && strcmp(argv[1], "remove") == 0)
		return mkseg_remove(argv[2]);
	fprintf(stderr, "usage: mkseg create N IDFILE | mkseg remove IDFILE\n");
	return 2;
}
