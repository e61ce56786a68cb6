/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* posixobjs.c - create or remove many POSIX shared memory objects, for bench/posix.
 *
 *   posixobjs create N PREFIX LISTFILE   create /PREFIX-00000 ... as their writers do (shm_open
 *                                        O_CREAT|O_EXCL, mode 0600, ftruncate to one page, mmap,
 *                                        write a line, munmap) and append "INODE NAME" for each to
 *                                        LISTFILE as soon as it exists
 *   posixobjs remove LISTFILE            shm_unlink every object of LISTFILE whose inode in
 *                                        /dev/shm is still the one recorded
 *
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT are held while creating, so an object is never created
 * without being recorded: an interrupted run stops between two objects and LISTFILE lists every
 * object made. Removal checks the inode because names can be reused: an object that is gone and
 * whose name now belongs to someone else's object is left alone.
 * Exit status: 0 ok, 1 error or interrupted (message on stderr), 2 usage. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHM_DIR "/dev/shm"

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

/* One object like a seed-style writer makes it; its inode in *ino. Returns 0 or -errno (the
 * object removed again on a failure after shm_open). */
static int make_object(const char *name, size_t size, unsigned long long *ino)
{
	struct stat st;
	char text[NAME_MAX + 32];
	void *p;
	int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600), err;

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0 || fstat(fd, &st) < 0)
		goto fail;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	snprintf(text, sizeof(text), "bench/posix object %s\n", name);
	memcpy(p, text, strlen(text));
	munmap(p, size);
	close(fd);
	*ino = (unsigned long long)st.st_ino;
	return 0;
fail:
	err = errno;
	close(fd);
	shm_unlink(name);
	return -err;
}

static int objs_create(long n, const char *prefix, const char *listfile)
{
	size_t size = (size_t)sysconf(_SC_PAGESIZE);
	sigset_t hold, pending;
	long made = 0;
	int fd, err;

	fd = open(listfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "posixobjs: %s: %s\n", listfile, strerror(errno));
		return 1;
	}
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGQUIT);
	sigprocmask(SIG_BLOCK, &hold, NULL);

	for (; made < n; made++) {
		char name[NAME_MAX + 2], line[NAME_MAX + 32];
		unsigned long long ino = 0;
		int len;

		if (sigpending(&pending) == 0 && (sigismember(&pending, SIGINT) ||
		    sigismember(&pending, SIGTERM) || sigismember(&pending, SIGHUP) ||
		    sigismember(&pending, SIGQUIT))) {
			fprintf(stderr, "posixobjs: interrupted after %ld of %ld objects\n", made, n);
			close(fd);
			return 1;
		}
		snprintf(name, sizeof(name), "/%s-%05ld", prefix, made);
		err = make_object(name, size, &ino);
		if (err < 0) {
			fprintf(stderr, "posixobjs: %s after %ld of %ld objects: %s%s\n", name, made, n,
				strerror(-err), err == -ENOSPC ? " (" SHM_DIR " is full)" : "");
			close(fd);
			return 1;
		}
		len = snprintf(line, sizeof(line), "%llu %s\n", ino, name);
		err = write_all(fd, line, (size_t)len);
		if (err < 0) {
			/* Not recorded: remove it now rather than leak it. */
			shm_unlink(name);
			fprintf(stderr, "posixobjs: %s: %s\n", listfile, strerror(-err));
			close(fd);
			return 1;
		}
	}
	if (close(fd) < 0) {
		fprintf(stderr, "posixobjs: %s: %s\n", listfile, strerror(errno));
		return 1;
	}
	return 0;
}

static int objs_remove(const char *listfile)
{
	long removed = 0, gone = 0, foreign = 0, failed = 0;
	FILE *f = fopen(listfile, "re");
	unsigned long long ino;
	char name[NAME_MAX + 2];

	if (!f) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "posixobjs: %s: %s\n", listfile, strerror(errno));
		return 1;
	}
	while (fscanf(f, "%llu %256s", &ino, name) == 2) {
		char path[sizeof(SHM_DIR) + NAME_MAX + 2];
		struct stat st;

		snprintf(path, sizeof(path), SHM_DIR "%s", name);
		if (lstat(path, &st) < 0) {
			if (errno == ENOENT) {
				gone++;
			} else {
				fprintf(stderr, "posixobjs: stat %s: %s\n", path, strerror(errno));
				failed++;
			}
			continue;
		}
		if ((unsigned long long)st.st_ino != ino) {
			foreign++;
			continue;
		}
		if (shm_unlink(name) < 0) {
			fprintf(stderr, "posixobjs: unlink %s: %s\n", name, strerror(errno));
			failed++;
			continue;
		}
		removed++;
	}
	fclose(f);
	if (gone || foreign)
		fprintf(stderr, "posixobjs: removed %ld; %ld already gone, %ld names reused by other "
			"objects (left alone)\n", removed, gone, foreign);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	char *end;
	long n;

	if (argc == 5 && strcmp(argv[1], "create") == 0) {
		errno = 0;
		n = strtol(argv[2], &end, 10);
		if (errno || *end || n < 1 || n > 99999) {
			fprintf(stderr, "posixobjs: bad count '%s' (1 to 99999)\n", argv[2]);
			return 2;
		}
		if (!*argv[3] || strchr(argv[3], '/') || strlen(argv[3]) > 200) {
			fprintf(stderr, "posixobjs: bad prefix '%s' (no '/', at most 200 bytes)\n", argv[3]);
			return 2;
		}
		return objs_create(n, argv[3], argv[4]);
	}
	if (argc == 3 && strcmp(argv[1], "remove") == 0)
		return objs_remove(argv[2]);
	fprintf(stderr, "usage: posixobjs create N PREFIX LISTFILE | remove LISTFILE\n");
	return 2;
}
