/* reader.c - read a segment or a POSIX object without changing it (see reader.h for the order of
 * the ways). Only sysv.c attaches; this module decides when, and for how long. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
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

/* The descriptor of the file behind a mapping, from dir/map_files/START-END; it must be the
 * segment's (inode = shmid, a regular file at least size bytes long). Returns it or -errno:
 * -EPERM when map_files may not be followed (no CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE). */
static int open_map_file(const char *dir, uint64_t start, uint64_t end, const struct shmseg *seg)
{
	char path[4096];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/map_files/%llx-%llx", dir, (unsigned long long)start,
		 (unsigned long long)end);
	/* O_NOATIME: not even the file's own atime moves (refused unless owner or CAP_FOWNER) */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
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

/* The end of our own mapping that starts at addr, from /proc/self/maps; 0 when not found. */
static uint64_t own_mapping_end(const char *procroot, uint64_t addr)
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

/* Privilege to follow map_files, tested on a file mapping of our own (opening it changes
 * nothing): every entry of /proc/self/map_files is one. */
static int may_follow_map_files(const char *procroot)
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
		break; /* EPERM: no privilege; anything else says nothing either way: try */
	}
	closedir(d);
	return ok;
}

/* Attach once, open the new mapping's file through /proc/self/map_files, detach at once. */
static int open_brief(struct reader *r)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t t0, len, end;
	struct shmseg now;
	const void *addr;
	char self[4096];
	int fd, rc;

	rc = still_same(&r->seg, &now);
	if (rc < 0)
		return rc;
	note_before(r, &now);
	snprintf(self, sizeof(self), "%s/self", r->procroot);
	t0 = now_ns();
	rc = sysv_attach_ro(r->seg.shmid, &addr);
	if (rc < 0)
		return rc;
	len = (r->seg.size + (uint64_t)page - 1) & ~((uint64_t)page - 1);
	fd = open_map_file(self, (uintptr_t)addr, (uintptr_t)addr + len, &r->seg);
	if (fd == -ENOENT && (end = own_mapping_end(r->procroot, (uintptr_t)addr)) != 0)
		fd = open_map_file(self, (uintptr_t)addr, end, &r->seg); /* hugetlb: larger pages */
	sysv_detach(addr);
	r->attach_ns = now_ns() - t0;
	r->attaches++;
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

/* Pick a way (see reader.h). r->seg, procroot and avoid are set. */
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
		fd = open_map_file(dir, a->addr, a->addr + a->length, &r->seg);
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
		uint8_t byte;
		struct iovec lo = { &byte, 1 }, re = { (void *)(uintptr_t)a->addr, 1 };

		/* the whole segment in one mapping, so every offset has an address */
		if (a->shmtop || a->offset != 0 || a->length < r->seg.size)
			continue;
		if (r->seg.size && process_vm_readv(a->pid, &lo, 1, &re, 1, 0) != 1)
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
	if (!(r->avoid & READER_AVOID_MAP_FILES) && !perm && may_follow_map_files(r->procroot)) {
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
		struct iovec lo = { buf, len };
		struct iovec re = { (void *)(uintptr_t)(r->addr + (off - r->map_off)), len };
		ssize_t n = process_vm_readv(r->pid, &lo, 1, &re, 1, 0);
		int rc;

		if (n == (ssize_t)len)
			return n;
		/* the attacher detached or exited: find another way, then read again */
		if ((rc = choose(r)) < 0)
			return rc;
		return reader_read(r, off, buf, len);
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
		snprintf(buf, size, "read from pid %d's memory: segment untouched", (int)r->pid);
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
