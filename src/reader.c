/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* reader.c - read a segment or a POSIX object without changing it (see reader.h for the order of
 * the ways). Only sysv.c attaches; this module decides when, and for how long. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
#include "mapfiles.h"
#include "reader.h"
#include "sysv.h"

/* The segment at shmid is still seg (shmseg_same_object: marked for removal since is still
 * seg). 0, -ESTALE, or stat's -errno. */
static int still_same(const struct shmseg *seg, struct shmseg *now)
{
	int rc = sysv_stat(seg->shmid, now);

	if (rc < 0)
		return rc;
	return shmseg_same_object(seg, now) ? 0 : -ESTALE;
}

/* The descriptor of the file behind a mapping (mapfiles.h), checked to be the segment's: its
 * inode is the shmid, a regular file at least size bytes long. Returns it or -errno: -EPERM
 * when map_files may not be followed, -ESTALE when it is another file. */
static int checked_file(int fd, const struct shmseg *seg)
{
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_ino != (uint64_t)seg->shmid ||
	    (uint64_t)st.st_size < seg->size) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Remember what the segment's users left in lpid, atime and dtime, before shmtop's own attach
 * rewrites them: now is a fresh IPC_STAT, taken before attaching. */
static void note_before(struct reader *r, const struct shmseg *now)
{
	if (r->attaches && now->lpid == (int32_t)getpid())
		return; /* these are still our own last attach's */
	r->lpid_before = now->lpid;
	r->atime_before = now->atime;
	r->dtime_before = now->dtime;
}

/* Attach once, open the new mapping's file through /proc/self/map_files, detach at once. */
static int open_brief(struct reader *r)
{
	struct shmseg now;
	const void *addr;
	uint64_t t0;
	int fd, rc;

	rc = still_same(&r->seg, &now);
	if (rc < 0)
		return rc;
	note_before(r, &now);
	t0 = now_ns();
	rc = sysv_attach_ro(r->seg.shmid, &addr);
	if (rc < 0)
		return rc;
	fd = mapfiles_open_own(r->procroot, addr, r->seg.size);
	sysv_detach(addr);
	r->attach_ns = now_ns() - t0;
	r->attaches++;
	fd = checked_file(fd, &r->seg);
	if (fd < 0)
		return fd;
	/* the attach pinned the id: the file is the segment the id named then; is that still seg? */
	rc = still_same(&r->seg, &now);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	r->fd = fd;
	r->via = READER_BRIEF_ATTACH;
	return 0;
}

/* Pick a way (see reader.h), not one that r->avoid rules out. r->seg, procroot and avoid are
 * set; nothing is open. */
static int choose(struct reader *r)
{
	struct attach_list l;
	struct shmseg now;
	size_t first, n;
	int rc, perm = 0;

	r->via = READER_CLOSED;
	r->fd = -1;
	attach_list_init(&l);
	n = attach_scan(r->procroot, r->seg.shmid, &l) == 0 ? attach_find(&l, r->seg.shmid, &first)
							  : 0;
	for (size_t i = 0; i < n && !(r->avoid & READER_AVOID_MAP_FILES) && !perm; i++) {
		const struct attacher *a = &l.v[first + i];
		char dir[4096];
		int fd;

		if (a->shmtop)
			continue; /* another shmtop's attach lasts microseconds */
		snprintf(dir, sizeof(dir), "%s/%d", r->procroot, (int)a->pid);
		fd = checked_file(mapfiles_open(dir, a->addr, a->addr + a->length), &r->seg);
		if (fd == -EPERM || fd == -EACCES) {
			perm = 1; /* no privilege: no other attacher will do better */
		} else if (fd >= 0) {
			if ((rc = still_same(&r->seg, &now)) < 0) {
				close(fd);
				attach_list_free(&l);
				return rc;
			}
			r->fd = fd;
			r->pid = a->pid;
			r->via = READER_MAP_FILES;
			attach_list_free(&l);
			return 0;
		}
	}
	for (size_t i = 0; i < n && !(r->avoid & READER_AVOID_VM); i++) {
		const struct attacher *a = &l.v[first + i];

		/* the whole segment in one mapping, so every offset has an address; whether this
		 * process may be read is learnt at the first read (a test read here would fault a
		 * page of the segment in) */
		if (a->shmtop || a->offset != 0 || a->length < r->seg.size)
			continue;
		if ((rc = still_same(&r->seg, &now)) < 0) {
			attach_list_free(&l);
			return rc;
		}
		r->pid = a->pid;
		r->addr = a->addr;
		r->map_off = a->offset;
		r->map_len = a->length;
		r->via = READER_VM;
		attach_list_free(&l);
		return 0;
	}
	attach_list_free(&l);
	if (!(r->avoid & READER_AVOID_MAP_FILES) && !perm && mapfiles_may_follow(r->procroot)) {
		rc = open_brief(r);
		if (rc != -EPERM && rc != -EACCES && rc != -ENOENT)
			return rc; /* opened, or the segment is gone, changed or unreadable */
	}
	rc = still_same(&r->seg, &now);
	if (rc < 0)
		return rc;
	r->via = READER_ATTACH_EACH;
	return 0;
}

int reader_open_sysv(struct reader *r, const char *procroot, const struct shmseg *seg,
		     unsigned avoid)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->procroot = procroot;
	r->avoid = avoid;
	r->seg = *seg;
	r->size = seg->size;
	rc = choose(r);
	if (rc < 0)
		reader_close(r);
	return rc;
}

void reader_open_fd(struct reader *r, int fd, uint64_t size)
{
	memset(r, 0, sizeof(*r));
	r->via = READER_FILE;
	r->fd = fd;
	r->size = size;
}

void reader_open_memory(struct reader *r, const void *mem, uint64_t size)
{
	memset(r, 0, sizeof(*r));
	r->via = READER_MEMORY;
	r->fd = -1;
	r->mem = mem;
	r->size = size;
}

int reader_linked(struct reader *r)
{
	struct stat st;

	if (r->via != READER_FILE)
		return 1;
	if (fstat(r->fd, &st) < 0)
		return -errno;
	return st.st_nlink > 0;
}

/* Whether pid still maps the segment at r->addr as it did when chosen: one read of its maps. */
static int vm_still_mapped(const struct reader *r)
{
	char path[4096], *buf = NULL;
	size_t len = 0, cap = 0;
	struct attach_list l;
	int ok = 0, fd;

	snprintf(path, sizeof(path), "%s/%d/maps", r->procroot, (int)r->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *b = realloc(buf, cap ? cap * 2 : 65536);

			if (!b)
				break;
			buf = b;
			cap = cap ? cap * 2 : 65536;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			attach_list_init(&l);
			if (n == 0 && attach_add_maps(&l, r->pid, 0, NULL, buf, len, r->seg.shmid) == 0)
				for (size_t i = 0; i < l.n && !ok; i++)
					ok = l.v[i].addr == r->addr && l.v[i].offset == r->map_off &&
					     l.v[i].length == r->map_len;
			attach_list_free(&l);
			break;
		}
		len += (size_t)n;
	}
	close(fd);
	free(buf);
	return ok;
}

/* From the attacher's memory; the mapping is checked after the copy, so bytes that came from
 * anything else (the process detached and mapped something there, or exited and its pid went to
 * another) are never returned. -EAGAIN: choose another way. */
static ssize_t read_vm(struct reader *r, uint64_t off, void *buf, size_t len)
{
	struct iovec lo = { buf, len };
	struct iovec re = { (void *)(uintptr_t)(r->addr + (off - r->map_off)), len };
	ssize_t n = process_vm_readv(r->pid, &lo, 1, &re, 1, 0);

	if (n != (ssize_t)len || !vm_still_mapped(r))
		return -EAGAIN;
	return n;
}

static ssize_t read_fd(int fd, uint64_t off, uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, (off_t)(off + got));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return got ? (ssize_t)got : -errno;
		}
		if (n == 0)
			break; /* the end: a POSIX object shrank */
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Attach, copy, detach. The attach pins the id, so the stat after it tells whether it is still
 * the segment we read. MADV_POPULATE_READ faults the range in with one call, and fails instead
 * of raising SIGBUS where a hugetlb page cannot be had. */
static ssize_t read_attached(struct reader *r, uint64_t off, void *buf, size_t len)
{
	struct shmseg now;
	const void *addr;
	int rc = still_same(&r->seg, &now);

	if (rc < 0)
		return rc;
	note_before(r, &now);
	rc = sysv_attach_ro(r->seg.shmid, &addr);
	if (rc < 0)
		return rc;
	r->attaches++;
	rc = still_same(&r->seg, &now);
	if (rc == 0) {
		const uint8_t *p = (const uint8_t *)addr + off;
#ifdef MADV_POPULATE_READ
		long page = sysconf(_SC_PAGESIZE);
		uintptr_t lo = (uintptr_t)p & ~(uintptr_t)(page - 1);

		if (madvise((void *)lo, (size_t)((uintptr_t)p + len - lo), MADV_POPULATE_READ) < 0 &&
		    errno != EINVAL)
			rc = -EIO; /* a page that cannot be had (a hugetlb pool run dry) */
#endif
		if (rc == 0)
			memcpy(buf, p, len);
	}
	sysv_detach(addr);
	return rc < 0 ? rc : (ssize_t)len;
}

ssize_t reader_read(struct reader *r, uint64_t off, void *buf, size_t len)
{
	if (r->via == READER_CLOSED)
		return -EBADF;
	if (r->via != READER_FILE) { /* a segment's size is fixed */
		if (off >= r->size)
			return 0;
		if (len > r->size - off)
			len = (size_t)(r->size - off);
	}
	if (!len)
		return 0;
	switch (r->via) {
	case READER_MAP_FILES:
	case READER_BRIEF_ATTACH:
	case READER_FILE:
		return read_fd(r->fd, off, buf, len);
	case READER_VM: {
		ssize_t n = read_vm(r, off, buf, len);
		int rc;

		if (n != -EAGAIN)
			return n;
		/* the process is gone, may not be read, or no longer maps the segment there: never
		 * again from another process's memory for this reader; the next way, once */
		r->avoid |= READER_AVOID_VM;
		if ((rc = choose(r)) < 0)
			return rc;
		return r->via == READER_VM ? -EIO : reader_read(r, off, buf, len);
	}
	case READER_ATTACH_EACH:
		return read_attached(r, off, buf, len);
	case READER_MEMORY:
		memcpy(buf, r->mem + off, len);
		return (ssize_t)len;
	default:
		return -EBADF;
	}
}

int reader_check(struct reader *r)
{
	struct shmseg now;

	if (r->via == READER_CLOSED)
		return -EBADF;
	if (r->via == READER_FILE || r->via == READER_MEMORY)
		return 0;
	return still_same(&r->seg, &now);
}

int reader_size(struct reader *r, uint64_t *size)
{
	struct stat st;

	if (r->via != READER_FILE) {
		*size = r->size;
		return 0;
	}
	if (fstat(r->fd, &st) < 0)
		return -errno;
	*size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	return 0;
}

void reader_describe(const struct reader *r, char *buf, size_t size)
{
	switch (r->via) {
	case READER_MAP_FILES:
		snprintf(buf, size, "read through pid %d's mapping: segment untouched", (int)r->pid);
		break;
	case READER_BRIEF_ATTACH:
		snprintf(buf, size, "attached for %llu \xc2\xb5s when opened: atime, dtime and lpid "
			 "changed once", (unsigned long long)((r->attach_ns + 500) / 1000));
		break;
	case READER_VM:
		snprintf(buf, size, "read from pid %d's memory: nattch, times and lpid untouched (pages "
			 "never written are allocated as they are read)", (int)r->pid);
		break;
	case READER_ATTACH_EACH:
		snprintf(buf, size, "attached for each read (%lu so far): nattch, atime, dtime and "
			 "lpid change each time (as root they would not)", r->attaches);
		break;
	case READER_FILE:
		snprintf(buf, size, "read through a read-only descriptor");
		break;
	case READER_MEMORY:
		snprintf(buf, size, "read from memory");
		break;
	default:
		snprintf(buf, size, "not open");
		break;
	}
}

void reader_close(struct reader *r)
{
	if (r->via != READER_CLOSED && r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	r->via = READER_CLOSED;
}
