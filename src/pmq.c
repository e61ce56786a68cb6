/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* pmq.c - POSIX message queues: the files of an mqueue filesystem, each stated and opened by one
 * name relative to the directory's descriptor, mq_getattr'd (which changes nothing) and, when
 * asked, its status line read and parsed; removal by unlinkat after a re-check. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "mountinfo.h"
#include "pmq.h"
#include "shmdir.h"

/* The kernel's line is at most 79 bytes (FILENT_SIZE 80, NUL included); room for more shows
 * whether a file is longer than any status line. */
#define STATUS_BUF 128

void pmq_list_init(struct pmq_list *l)
{
	memset(l, 0, sizeof(*l));
}

void pmq_list_free(struct pmq_list *l)
{
	free(l->v);
	pmq_list_init(l);
}

static int is_mqueue(int fd)
{
	struct statfs sf;

	return fstatfs(fd, &sf) == 0 && (unsigned long)sf.f_type == PMQ_MQUEUE_MAGIC;
}

int pmq_dir_open(struct shmdir *d, const char *procroot, int32_t pid, const char *dir)
{
	char mnt[PATH_MAX];
	int rc;

	if (dir)
		return shmdir_open(d, procroot, dir);
	rc = mountinfo_find_pid(procroot, pid, "mqueue", PMQ_DIR, mnt, sizeof(mnt));
	if (rc < 0) {
		shmdir_init(d);
		return d->err = rc;
	}
	rc = pid > 0 ? shmdir_open_pid(d, procroot, pid, mnt) : shmdir_open(d, procroot, mnt);
	if (rc < 0)
		return rc;
	if (!is_mqueue(d->fd)) {
		/* listed in mountinfo, but something else is mounted over it */
		close(d->fd);
		d->fd = -1;
		return d->err = -ENODEV;
	}
	return 0;
}

/* ------------------------------------------------------------ the status line */

/* Skip the literal key at *p. Returns 0, or -EPROTO. */
static int expect_key(const char **p, const char *end, const char *key)
{
	size_t n = strlen(key);

	if ((size_t)(end - *p) < n || memcmp(*p, key, n) != 0)
		return -EPROTO;
	*p += n;
	return 0;
}

/* An unsigned decimal of at least one digit at *p, up to max. Returns 0, -EPROTO, -ERANGE. */
static int parse_u64(const char **p, const char *end, uint64_t max, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int range = 0;

	if (s == end || *s < '0' || *s > '9')
		return -EPROTO;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (max - d) / 10)
			range = 1;
		else
			v = v * 10 + d;
	}
	*p = s;
	*out = v;
	return range ? -ERANGE : 0;
}

/* A decimal int32, with an optional '-', at *p. Returns 0, -EPROTO, -ERANGE. */
static int parse_i32(const char **p, const char *end, int32_t *out)
{
	int neg = *p < end && **p == '-';
	uint64_t v;
	int rc;

	if (neg)
		(*p)++;
	rc = parse_u64(p, end, neg ? (uint64_t)INT32_MAX + 1 : (uint64_t)INT32_MAX, &v);
	if (rc < 0)
		return rc;
	*out = (int32_t)(neg ? -(int64_t)v : (int64_t)v);
	return 0;
}

/* The padding after a field: at least one space when another field follows (min 1). */
static int skip_spaces(const char **p, const char *end, int min)
{
	const char *s = *p;

	while (s < end && *s == ' ')
		s++;
	if (s - *p < min)
		return -EPROTO;
	*p = s;
	return 0;
}

int pmq_parse_status(const char *buf, size_t len, struct pmq_status *st)
{
	const char *p = buf, *end = buf + len;
	struct pmq_status s;
	int rc;

	memset(&s, 0, sizeof(s));
	if ((rc = expect_key(&p, end, "QSIZE:")) < 0 ||
	    (rc = parse_u64(&p, end, UINT64_MAX, &s.qsize)) < 0 ||
	    (rc = skip_spaces(&p, end, 1)) < 0 ||
	    (rc = expect_key(&p, end, "NOTIFY:")) < 0 ||
	    (rc = parse_i32(&p, end, &s.notify)) < 0 ||
	    (rc = skip_spaces(&p, end, 1)) < 0 ||
	    (rc = expect_key(&p, end, "SIGNO:")) < 0 ||
	    (rc = parse_i32(&p, end, &s.signo)) < 0 ||
	    (rc = skip_spaces(&p, end, 1)) < 0 ||
	    (rc = expect_key(&p, end, "NOTIFY_PID:")) < 0 ||
	    (rc = parse_i32(&p, end, &s.notify_pid)) < 0 ||
	    (rc = skip_spaces(&p, end, 0)) < 0)
		return rc;
	if (p < end && *p == '\n')
		p++;
	if (p != end)
		return -EPROTO;
	*st = s;
	return 0;
}

/* ------------------------------------------------------------ one queue */

static void fill_stat(struct pmq *q, const struct stat *st)
{
	q->uid = (uint32_t)st->st_uid;
	q->gid = (uint32_t)st->st_gid;
	q->mode = (uint32_t)st->st_mode & 07777;
	q->mtime = (int64_t)st->st_mtime;
	q->ctime = (int64_t)st->st_ctim.tv_sec;
	q->ctime_ns = (uint32_t)st->st_ctim.tv_nsec;
	q->dev = (uint64_t)st->st_dev;
	q->ino = (uint64_t)st->st_ino;
}

/* The status line of the queue open on fd into q. */
static void read_status(int fd, struct pmq *q)
{
	char buf[STATUS_BUF];
	ssize_t n = pread(fd, buf, sizeof(buf), 0);

	if (n < 0)
		q->status_err = -errno;
	else if ((size_t)n >= sizeof(buf))
		q->status_err = -EPROTO;
	else
		q->status_err = pmq_parse_status(buf, (size_t)n, &q->status) < 0 ? -EPROTO : 0;
}

int pmq_examine(const struct shmdir *d, const char *name, unsigned flags, struct pmq *q)
{
	const char *leaf;
	struct mq_attr a;
	struct stat st;
	int fd;

	if (d->fd < 0)
		return d->err ? d->err : -EBADF;
	if (shmdir_leaf(name, &leaf) < 0)
		return -EINVAL;
	if (fstatat(d->fd, leaf, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	memset(q, 0, sizeof(*q));
	q->name[0] = '/';
	memcpy(q->name + 1, leaf, strlen(leaf) + 1);
	fill_stat(q, &st);
	q->status_err = -ENODATA;
	fd = shmdir_open_object(d, leaf, &st);
	if (fd < 0) {
		if (fd == -ENOENT || fd == -EINVAL)
			return fd;                  /* gone, or no longer a regular file */
		q->attr_err = fd;
		if (flags & PMQ_READ_STATUS)
			q->status_err = fd;
		return 0;
	}
	fill_stat(q, &st);                          /* the file that was opened, before reading */
	if (mq_getattr(fd, &a) < 0) {
		q->attr_err = -errno;               /* EBADF: not a queue */
	} else {
		q->maxmsg = (int64_t)a.mq_maxmsg;
		q->msgsize = (int64_t)a.mq_msgsize;
		q->curmsgs = (int64_t)a.mq_curmsgs;
	}
	if (flags & PMQ_READ_STATUS) {
		if (q->attr_err == -EBADF)
			q->status_err = -EBADF;     /* any file's bytes are no status line */
		else
			read_status(fd, q);
	}
	close(fd);
	return 0;
}

/* ------------------------------------------------------------ the listing */

static int reserve(struct pmq_list *l)
{
	struct pmq *v;
	size_t c;

	if (l->n < l->cap)
		return 0;
	c = l->cap ? l->cap * 2 : 16;
	if (c > SIZE_MAX / sizeof(*v))
		return -ENOMEM;
	v = realloc(l->v, c * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->cap = c;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	const struct pmq *x = a, *y = b;

	return strcmp(x->name, y->name);
}

int pmq_list_dir(const struct shmdir *sd, struct pmq_list *l, unsigned flags)
{
	DIR *d;
	int fd, rc = 0;

	l->n = 0;
	if (sd->fd < 0)
		return sd->err ? sd->err : -EBADF;
	/* a new open file description of the same directory each time, read from its start */
	fd = openat(sd->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	l->mqueue = is_mqueue(fd);
	d = fdopendir(fd);
	if (!d) {
		rc = -errno;
		close(fd);
		return rc;
	}
	for (;;) {
		struct dirent *de;

		errno = 0;
		de = readdir(d);
		if (!de) {
			rc = -errno;
			break;
		}
		if ((de->d_type != DT_REG && de->d_type != DT_UNKNOWN) ||
		    strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		rc = reserve(l);
		if (rc < 0)
			break;
		rc = pmq_examine(sd, de->d_name, flags, &l->v[l->n]);
		if (rc == -ENOENT || rc == -EINVAL) {       /* gone since readdir, or not a file */
			rc = 0;
			continue;
		}
		if (rc < 0)
			break;
		l->n++;
	}
	closedir(d);
	if (rc < 0) {
		l->n = 0;
		return rc;
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_name);
	return 0;
}

/* ------------------------------------------------------------ identity and removal */

int pmq_same(const struct pmq *a, const struct pmq *b)
{
	if (a->dev != b->dev || a->ino != b->ino || strcmp(a->name, b->name) != 0)
		return 0;
	return a->attr_err || b->attr_err || (a->maxmsg == b->maxmsg && a->msgsize == b->msgsize);
}

int pmq_identical(const struct pmq *expect, const struct pmq *now)
{
	return pmq_same(expect, now) && expect->uid == now->uid && expect->gid == now->gid &&
	       expect->mode == now->mode && expect->attr_err == now->attr_err;
}

/* The lstat immediately before unlinkat: still the inode, owner, group and mode examined. */
static int same_file(const struct stat *st, const void *ctx)
{
	const struct pmq *q = ctx;

	return (uint64_t)st->st_dev == q->dev && (uint64_t)st->st_ino == q->ino &&
	       (uint32_t)st->st_uid == q->uid && (uint32_t)st->st_gid == q->gid &&
	       ((uint32_t)st->st_mode & 07777) == q->mode;
}

int pmq_unlink(const struct shmdir *d, const struct pmq *expect)
{
	const char *leaf;
	struct pmq now;
	int rc;

	if (d->fd < 0)
		return d->err ? d->err : -EBADF;
	if (shmdir_leaf(expect->name, &leaf) < 0)
		return -EINVAL;
	rc = pmq_examine(d, leaf, 0, &now);
	if (rc == -EINVAL)
		return -ESTALE;                     /* the name holds no regular file now */
	if (rc < 0)
		return rc;
	if (!pmq_identical(expect, &now))
		return -ESTALE;
	return shmdir_unlink_if(d, expect->name, same_file, &now);
}
