/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* ipcns.c - IPC namespaces: the inode that names one (procroot/PID/ns/ipc), entering another
 * process's with setns(), and listing the namespaces in use with their segment counts.
 *
 * Counting the segments of a namespace means being in it: SHM_INFO's used_ids is per namespace.
 * The namespace shmtop is in is counted directly; for the others one forked child enters each in
 * turn (setns needs CAP_SYS_ADMIN) and reports the counts through a pipe, so shmtop itself never
 * leaves the namespace it is viewing. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipcns.h"
#include "sysv.h"

/* procroot/PID/ns/ipc, or procroot/self/ns/ipc for pid <= 0. Returns 0 or -ENAMETOOLONG. */
static int ns_path(const char *procroot, int32_t pid, char *buf, size_t size)
{
	int n;

	if (pid > 0)
		n = snprintf(buf, size, "%s/%" PRId32 "/ns/ipc", procroot, pid);
	else
		n = snprintf(buf, size, "%s/self/ns/ipc", procroot);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

/* The N of a link text "ipc:[N]". Returns 0 or -EINVAL. */
static int parse_link(const char *text, uint64_t *ino)
{
	char *end;
	unsigned long long v;

	if (strncmp(text, "ipc:[", 5) != 0 || text[5] < '0' || text[5] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(text + 5, &end, 10);
	if (errno || end[0] != ']' || end[1] != '\0')
		return -EINVAL;
	*ino = v;
	return 0;
}

int ipcns_inode(const char *procroot, int32_t pid, uint64_t *ino)
{
	char path[PATH_MAX], link[64];
	struct stat st;
	ssize_t n;
	int rc = ns_path(procroot, pid, path, sizeof(path));

	if (rc < 0)
		return rc;
	if (stat(path, &st) == 0) {
		*ino = (uint64_t)st.st_ino;
		return 0;
	}
	rc = -errno;
	if (rc != -ENOENT)
		return rc;
	/* A link whose target does not resolve (a copied proc tree, a fixture): read its text. */
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return rc;
	link[n] = '\0';
	return parse_link(link, ino) == 0 ? 0 : rc;
}

/* Open pid's namespace file and, when expect is not 0, check it is still that namespace (the pid
 * may have been reused since it was listed). Returns the descriptor or -errno. */
static int open_ns(const char *procroot, int32_t pid, uint64_t expect)
{
	char path[PATH_MAX];
	struct stat st;
	int fd, rc = ns_path(procroot, pid, path, sizeof(path));

	if (rc < 0)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (expect) {
		if (fstat(fd, &st) < 0 || (uint64_t)st.st_ino != expect) {
			close(fd);
			return -ESRCH;
		}
	}
	return fd;
}

static int enter_fd(int fd)
{
	int rc = 0;

	if (setns(fd, CLONE_NEWIPC) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

int ipcns_enter(const char *procroot, int32_t pid)
{
	int fd;

	if (pid <= 0)
		return -EINVAL;
	fd = open_ns(procroot, pid, 0);
	if (fd == -EACCES)
		return -EPERM; /* another user's process: opening it needs ptrace access, root's CAP_SYS_PTRACE */
	if (fd < 0)
		return fd;
	return enter_fd(fd);
}

/* The number of segments in the namespace the caller is in. */
static long count_here(void)
{
	struct sysv_info info;

	if (sysv_info_read(&info) < 0 || info.used_ids > LONG_MAX)
		return -1;
	return (long)info.used_ids;
}

void ipcns_list_free(struct ipcns_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
	l->unreadable = 0;
}

const struct ipcns_entry *ipcns_list_find(const struct ipcns_list *l, uint64_t ino)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].ino == ino)
			return &l->v[mid];
		if (l->v[mid].ino < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct nspid {
	uint64_t ino;
	int32_t pid;
};

static int cmp_nspid(const void *a, const void *b)
{
	const struct nspid *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* A directory name that is a pid: digits only, no leading zero, fits in int32_t. */
static int32_t dir_pid(const char *name)
{
	int64_t v = 0;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
		if (v > INT32_MAX)
			return 0;
	}
	return (int32_t)v;
}

/* (inode, pid) of every process under procroot whose ns/ipc can be read. */
static int scan_procs(const char *procroot, struct nspid **out, size_t *nout, size_t *unreadable)
{
	struct nspid *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d = opendir(procroot);

	*unreadable = 0;
	if (!d)
		return -errno;
	while ((errno = 0, de = readdir(d)) != NULL) {
		int32_t pid = dir_pid(de->d_name);
		uint64_t ino;
		int rc;

		if (pid <= 0)
			continue;
		rc = ipcns_inode(procroot, pid, &ino);
		if (rc < 0) {
			if (rc != -ENOENT && rc != -ESRCH)
				(*unreadable)++; /* ENOENT: it exited (or is a zombie) */
			continue;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct nspid *nv = realloc(v, ncap * sizeof(*v));

			if (!nv) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = nv;
			cap = ncap;
		}
		v[n].ino = ino;
		v[n].pid = pid;
		n++;
	}
	if (errno) {
		int rc = -errno;

		free(v);
		closedir(d);
		return rc;
	}
	closedir(d);
	*out = v;
	*nout = n;
	return 0;
}

static ssize_t write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t w = write(fd, p + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return (ssize_t)done;
}

/* What the counting child sends per namespace. */
struct count_msg {
	size_t idx;
	long segments;
};

/* The child: enter each namespace still marked -2 through its sample, count, report. Only system
 * calls and snprintf between fork and _exit, so a parent with threads is no problem. */
static void count_child(const char *procroot, const struct ipcns_list *l, int wfd)
{
	for (size_t i = 0; i < l->n; i++) {
		struct count_msg m = { .idx = i, .segments = -1 };
		int fd;

		if (l->v[i].segments != -2)
			continue;
		fd = open_ns(procroot, l->v[i].sample_pid, l->v[i].ino);
		if (fd >= 0 && enter_fd(fd) == 0)
			m.segments = count_here();
		if (write_all(wfd, &m, sizeof(m)) < 0)
			break;
	}
	_exit(0);
}

/* Count the segments of every namespace marked -2 in a forked child; -1 where it could not. */
static void count_others(const char *procroot, struct ipcns_list *l)
{
	struct count_msg m;
	size_t got = 0;
	int p[2], status;
	pid_t child;

	if (pipe2(p, O_CLOEXEC) < 0)
		goto fail;
	child = fork();
	if (child < 0) {
		close(p[0]);
		close(p[1]);
		goto fail;
	}
	if (child == 0) {
		close(p[0]);
		count_child(procroot, l, p[1]);
	}
	close(p[1]);
	for (;;) {
		ssize_t r = read(p[0], (char *)&m + got, sizeof(m) - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		if (got < sizeof(m))
			continue;
		got = 0;
		if (m.idx < l->n && l->v[m.idx].segments == -2)
			l->v[m.idx].segments = m.segments >= 0 ? m.segments : -1;
	}
	close(p[0]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
fail:
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].segments == -2)
			l->v[i].segments = -1;
}

int ipcns_list(const char *procroot, int count_segments, struct ipcns_list *l)
{
	struct nspid *v = NULL;
	size_t n = 0, unreadable = 0, others = 0;
	uint64_t self = 0;
	int rc;

	l->n = 0;
	l->unreadable = 0;
	rc = scan_procs(procroot, &v, &n, &unreadable);
	if (rc < 0)
		return rc;
	l->unreadable = unreadable;
	if (n)
		qsort(v, n, sizeof(*v), cmp_nspid);
	for (size_t i = 0; i < n; i++) {
		struct ipcns_entry *e;

		if (l->n && l->v[l->n - 1].ino == v[i].ino) {
			l->v[l->n - 1].nprocs++;
			continue;
		}
		if (l->n == l->cap) {
			size_t ncap = l->cap ? l->cap * 2 : 16;
			struct ipcns_entry *nv = realloc(l->v, ncap * sizeof(*nv));

			if (!nv) {
				free(v);
				l->n = 0;
				return -ENOMEM;
			}
			l->v = nv;
			l->cap = ncap;
		}
		e = &l->v[l->n++];
		e->ino = v[i].ino;
		e->sample_pid = v[i].pid; /* sorted by pid within an inode: the lowest */
		e->nprocs = 1;
		e->segments = -1;
	}
	free(v);
	if (!count_segments)
		return 0;
	if (ipcns_inode(procroot, 0, &self) < 0)
		self = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (self && l->v[i].ino == self) {
			l->v[i].segments = count_here();
		} else {
			l->v[i].segments = -2; /* to be counted by the child */
			others++;
		}
	}
	if (others)
		count_others(procroot, l);
	return 0;
}
