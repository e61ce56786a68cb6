/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procscan.c - the shared walk over /proc/PID/maps of every process. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procscan.h"

#define MAPS_BUF_INIT (64 * 1024)

/* "PID/name" into path; name is short and PID at most 10 digits. */
static void pid_path(char *path, const char *pid, size_t pidlen, const char *name)
{
	memcpy(path, pid, pidlen);
	path[pidlen] = '/';
	strcpy(path + pidlen + 1, name);
}

/* The whole of fd into *buf (grown as needed). Returns the length or -errno. */
static ssize_t read_all(int fd, char **buf, size_t *cap)
{
	size_t len = 0;

	for (;;) {
		ssize_t n;

		if (len == *cap) {
			char *b = realloc(*buf, *cap * 2);

			if (!b)
				return -ENOMEM;
			*buf = b;
			*cap *= 2;
		}
		n = read(fd, *buf + len, *cap - len);
		if (n == 0)
			return (ssize_t)len;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		len += (size_t)n;
	}
}

/* A pid from a directory entry name: digits only, 1..INT32_MAX. 0 when not a pid. */
static int32_t name_pid(const char *name, size_t *len)
{
	int64_t v = 0;
	size_t i;

	for (i = 0; name[i]; i++) {
		if (name[i] < '0' || name[i] > '9' || i >= 10)
			return 0;
		v = v * 10 + (name[i] - '0');
	}
	*len = i;
	return v > 0 && v <= INT32_MAX ? (int32_t)v : 0;
}

uint32_t procscan_uid(const struct procscan_proc *p)
{
	struct stat st;

	return fstat(p->mapsfd, &st) == 0 ? (uint32_t)st.st_uid : (uint32_t)-1;
}

void procscan_comm(const struct procscan_proc *p, char comm[PROCINFO_COMM_MAX])
{
	static const struct procclock noclock = { .btime = -1, .hz = 100 };
	struct procinfo pi;
	char path[32], text[1024];
	ssize_t n;
	int fd;

	comm[0] = '\0';
	pid_path(path, p->name, p->namelen, "stat");
	fd = openat(p->procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	do
		n = read(fd, text, sizeof(text) - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n <= 0)
		return;
	text[n] = '\0';
	if (procinfo_parse_stat(text, &noclock, &pi) == 0)
		memcpy(comm, pi.comm, sizeof(pi.comm));
}

int procscan_is_title(const char *argv0)
{
	const char *colon = strchr(argv0, ':');

	if (colon && colon > argv0 && colon[1] == ' ')
		return 1;
	return argv0[0] && argv0[0] != '/' && strchr(argv0, ' ') != NULL;
}

void procscan_title(const struct procscan_proc *p, char name[PROCINFO_COMM_MAX])
{
	char path[32], text[PROCINFO_COMM_MAX];
	ssize_t n;
	int fd;

	pid_path(path, p->name, p->namelen, "cmdline");
	fd = openat(p->procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	do
		n = read(fd, text, sizeof(text) - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n <= 0)
		return;
	text[n] = '\0';   /* argv[0] ends at its NUL; a long title is cut at the buffer */
	n = (ssize_t)strlen(text);
	while (n > 0 && text[n - 1] == ' ')
		text[--n] = '\0'; /* PostgreSQL pads its title */
	if (procscan_is_title(text))
		memcpy(name, text, (size_t)n + 1);
}

int procscan_maps(const char *procroot, procscan_fn fn, void *ctx, struct procscan_stats *st)
{
	size_t cap = MAPS_BUF_INIT;
	char *buf;
	DIR *dir;
	int procfd, rc = 0;

	st->scanned = st->unreadable = 0;
	dir = opendir(procroot);
	if (!dir)
		return -errno;
	procfd = dirfd(dir);
	buf = malloc(cap);
	if (!buf) {
		closedir(dir);
		return -ENOMEM;
	}
	for (;;) {
		struct procscan_proc p;
		char path[32];
		struct dirent *de;
		ssize_t len;

		errno = 0;
		de = readdir(dir);
		if (!de) {
			rc = -errno;
			break;
		}
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		p.pid = name_pid(de->d_name, &p.namelen);
		if (!p.pid)
			continue;
		pid_path(path, de->d_name, p.namelen, "maps");
		p.mapsfd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
		if (p.mapsfd < 0) {
			if (errno != ENOENT && errno != ESRCH)   /* not a process that just exited */
				st->unreadable++;
			continue;
		}
		len = read_all(p.mapsfd, &buf, &cap);
		if (len < 0) {
			close(p.mapsfd);
			if (len == -ENOMEM) {
				rc = -ENOMEM;
				break;
			}
			if (len != -ESRCH && len != -ENOENT)
				st->unreadable++;
			continue;
		}
		st->scanned++;
		p.maps = buf;
		p.len = (size_t)len;
		p.procfd = procfd;
		p.name = de->d_name;
		rc = fn(ctx, &p);
		close(p.mapsfd);
		if (rc < 0)
			break;
	}
	free(buf);
	closedir(dir);
	return rc;
}
