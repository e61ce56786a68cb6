/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procinfo.c - read and cache /proc/PID/stat: command name, liveness, start time. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procinfo.h"

ssize_t procinfo_read_file(int dirfd, const char *path, char *buf, size_t size)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	size_t len = 0;
	ssize_t n = 0;

	if (fd < 0)
		return -errno;
	while (len + 1 < size) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	buf[len] = '\0';
	return (ssize_t)len;
}

static ssize_t read_small(const char *path, char *buf, size_t size)
{
	return procinfo_read_file(AT_FDCWD, path, buf, size);
}

/* btime comes after a line per CPU and the intr line: tens of KiB on a big machine, so read by line. */
int procinfo_clock_read(const char *procroot, long hz, struct procclock *clk)
{
	char path[4096];
	char *line = NULL;
	size_t cap = 0;
	int rc = -ENOENT;
	FILE *f;

	clk->btime = -1;
	clk->hz = hz > 0 ? hz : 100;
	snprintf(path, sizeof(path), "%s/stat", procroot);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (getline(&line, &cap, f) >= 0) {
		if (strncmp(line, "btime ", 6) == 0) {
			clk->btime = strtoll(line + 6, NULL, 10);
			rc = 0;
			break;
		}
	}
	free(line);
	fclose(f);
	return rc;
}

int procinfo_parse_stat(const char *text, const struct procclock *clk, struct procinfo *out)
{
	const char *open = strchr(text, '(');
	const char *close = strrchr(text, ')');
	const char *p;
	unsigned long long start;
	char state;
	size_t len;
	int field;

	out->alive = 0;
	out->start = -1;
	out->comm[0] = '\0';
	if (!open || !close || close < open || close[1] != ' ')
		return -EINVAL;
	len = (size_t)(close - open - 1);
	if (len >= sizeof(out->comm))
		len = sizeof(out->comm) - 1;
	memcpy(out->comm, open + 1, len);
	out->comm[len] = '\0';
	p = close + 2;
	state = *p;
	if (!state)
		return -EINVAL;
	/* fields after ')' : 3 state, 4 ppid, ... 22 starttime */
	for (field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -EINVAL;
		p++;
	}
	if (sscanf(p, "%llu", &start) != 1)
		return -EINVAL;
	out->alive = state != 'Z' && state != 'X' && state != 'x';
	if (clk->btime >= 0 && clk->hz > 0)
		out->start = clk->btime + (int64_t)(start / (unsigned long long)clk->hz);
	return 0;
}

int procinfo_read(const char *procroot, int32_t pid, const struct procclock *clk,
		  struct procinfo *out)
{
	char path[4096], buf[1024];
	ssize_t n;

	memset(out, 0, sizeof(*out));
	out->pid = pid;
	out->start = -1;
	if (pid <= 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/%d/stat", procroot, (int)pid);
	n = read_small(path, buf, sizeof(buf));
	if (n < 0)
		return n == -ENOENT || n == -ESRCH ? 0 : (int)n;
	if (procinfo_parse_stat(buf, clk, out) < 0) {
		out->alive = 0;
		return -EINVAL;
	}
	out->pid = pid;
	return 0;
}

int procinfo_cmdline(const char *procroot, int32_t pid, char *buf, size_t size)
{
	char path[4096];
	ssize_t n;

	if (!size)
		return -EINVAL;
	buf[0] = '\0';
	if (pid <= 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/%d/cmdline", procroot, (int)pid);
	n = read_small(path, buf, size);
	if (n < 0)
		return (int)n;
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return 0;
}

int procinfo_gone_since(const struct procinfo *pi, int64_t when)
{
	if (!pi || !pi->alive)
		return 1;
	return pi->start >= 0 && when > 0 && pi->start > when;
}

int procinfo_cache_gone(const struct procinfo_cache *c, int32_t pid, int64_t when)
{
	const struct procinfo *pi = c ? procinfo_cache_find(c, pid) : NULL;

	return pi && procinfo_gone_since(pi, when);
}

void procinfo_cache_init(struct procinfo_cache *c, const char *procroot, const struct procclock *clk)
{
	memset(c, 0, sizeof(*c));
	c->procroot = procroot;
	c->clk = *clk;
}

void procinfo_cache_reset(struct procinfo_cache *c)
{
	if (c->used)
		memset(c->used, 0, c->cap);
	c->n = 0;
}

void procinfo_cache_free(struct procinfo_cache *c)
{
	free(c->slot);
	free(c->used);
	c->slot = NULL;
	c->used = NULL;
	c->cap = c->n = 0;
}

static size_t slot_of(const struct procinfo_cache *c, int32_t pid)
{
	uint64_t h = (uint64_t)(uint32_t)pid * 0x9e3779b97f4a7c15ull; /* high bits: all of pid */
	size_t i = (size_t)(h >> 32) & (c->cap - 1);

	while (c->used[i] && c->slot[i].pid != pid)
		i = (i + 1) & (c->cap - 1);
	return i;
}

static int grow(struct procinfo_cache *c)
{
	size_t cap = c->cap ? c->cap * 2 : 64;
	struct procinfo *slot = calloc(cap, sizeof(*slot));
	unsigned char *used = calloc(cap, 1);
	struct procinfo_cache old = *c;

	if (!slot || !used) {
		free(slot);
		free(used);
		return -ENOMEM;
	}
	c->slot = slot;
	c->used = used;
	c->cap = cap;
	for (size_t i = 0; i < old.cap; i++) {
		if (old.used[i]) {
			size_t j = slot_of(c, old.slot[i].pid);

			c->slot[j] = old.slot[i];
			c->used[j] = 1;
		}
	}
	free(old.slot);
	free(old.used);
	return 0;
}

const struct procinfo *procinfo_cache_get(struct procinfo_cache *c, int32_t pid)
{
	size_t i;

	if (pid <= 0)
		return NULL;
	if ((c->n + 1) * 2 > c->cap && grow(c) < 0)
		return NULL;
	i = slot_of(c, pid);
	if (!c->used[i]) {
		procinfo_read(c->procroot, pid, &c->clk, &c->slot[i]);
		c->slot[i].pid = pid;
		c->used[i] = 1;
		c->n++;
	}
	return &c->slot[i];
}

const struct procinfo *procinfo_cache_find(const struct procinfo_cache *c, int32_t pid)
{
	size_t i;

	if (pid <= 0 || !c->cap)
		return NULL;
	i = slot_of(c, pid);
	return c->used[i] ? &c->slot[i] : NULL;
}
