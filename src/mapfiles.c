/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* mapfiles.c - open the file behind a mapping through /proc/PID/map_files (see mapfiles.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "mapfiles.h"

void mapfiles_path(char *buf, size_t size, const char *piddir, uint64_t start, uint64_t end)
{
	snprintf(buf, size, "%s/map_files/%llx-%llx", piddir, (unsigned long long)start,
		 (unsigned long long)end);
}

int mapfiles_may_follow(const char *procroot)
{
	char path[4096];
	struct dirent *de;
	int ok = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/self/map_files", procroot);
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		int fd;

		if (de->d_name[0] == '.')
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			ok = 1;
		}
		break; /* the first entry tells: EPERM without the privilege */
	}
	closedir(d);
	return ok;
}

int mapfiles_open(const char *piddir, uint64_t start, uint64_t end)
{
	char path[4096];
	int fd;

	mapfiles_path(path, sizeof(path), piddir, start, end);
	/* O_NOATIME: not even the file's own atime moves (refused unless owner or CAP_FOWNER) */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* The end of our own mapping that starts at addr, from procroot/self/maps; 0 when not found. */
static uint64_t own_end(const char *procroot, uintptr_t addr)
{
	char path[4096], line[512];
	uint64_t end = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/self/maps", procroot);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long s, e;

		if (sscanf(line, "%llx-%llx", &s, &e) == 2 && s == addr) {
			end = e;
			break;
		}
	}
	fclose(f);
	return end;
}

int mapfiles_open_own(const char *procroot, const void *addr, uint64_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t len = (size + (uint64_t)page - 1) & ~((uint64_t)page - 1), end;
	char self[4096];
	int fd;

	snprintf(self, sizeof(self), "%s/self", procroot);
	fd = mapfiles_open(self, (uintptr_t)addr, (uintptr_t)addr + len);
	if (fd == -ENOENT && (end = own_end(procroot, (uintptr_t)addr)) != 0)
		fd = mapfiles_open(self, (uintptr_t)addr, end); /* hugetlb: larger pages */
	return fd;
}
