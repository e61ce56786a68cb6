/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* psem.c - POSIX named semaphores: the "sem.*" files of the shared memory directory and their
 * mappers through posix.c, each one's value decoded from one pread of its file. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "psem.h"
#include "shmdir.h"

#define SEM_PREFIX "sem."
#define SEM_PREFIX_LEN (sizeof(SEM_PREFIX) - 1)

/* More than any glibc semaphore, so that a larger file reads as larger. */
#define READ_MAX 64

void psem_list_init(struct psem_list *l)
{
	memset(l, 0, sizeof(*l));
	posix_list_init(&l->files);
	l->files.sems = 1;
}

void psem_list_free(struct psem_list *l)
{
	free(l->v);
	posix_list_free(&l->files);
	psem_list_init(l);
}

/* ------------------------------------------------------------ the value */

static uint32_t word32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

int psem_decode(const void *buf, size_t len, struct psem *s)
{
	const unsigned char *b = buf;
	uint64_t data;

	s->value_err = 0;
	s->value = s->nwaiters = 0;
	if (len == PSEM_SIZE_64 || (len == PSEM_SIZE_32 && word32(b + 4) != PSEM_FUTEX_SHARED &&
				    word32(b + 8) == PSEM_FUTEX_SHARED)) {
		memcpy(&data, b, sizeof(data));
		s->layout = PSEM_LAYOUT_DATA64;
		s->value = (uint32_t)data;
		s->nwaiters = (uint32_t)(data >> 32);
	} else if (len == PSEM_SIZE_32) {
		s->layout = PSEM_LAYOUT_VALUE32;
		s->value = word32(b) >> 1;
		s->nwaiters = word32(b + 12);
	} else {
		s->layout = PSEM_LAYOUT_UNKNOWN;
		s->value_state = PSEM_VALUE_BADSIZE;
		return -EINVAL;
	}
	s->value_state = s->value > PSEM_VALUE_MAX ? PSEM_VALUE_BADVALUE : PSEM_VALUE_OK;
	return 0;
}

/* "sem." + s->name after its '/' into file (room for POSIX_NAME_MAX + SEM_PREFIX_LEN). */
static void file_name(const struct psem *s, char *file)
{
	memcpy(file, SEM_PREFIX, SEM_PREFIX_LEN);
	memcpy(file + SEM_PREFIX_LEN, s->name + 1, strlen(s->name + 1) + 1);
}

/* Read and decode the value of the listed semaphore s, whose file is in d. */
static void read_value(const struct shmdir *d, struct psem *s)
{
	char file[POSIX_NAME_MAX + SEM_PREFIX_LEN];
	unsigned char buf[READ_MAX];
	struct stat st;
	ssize_t n;
	int fd;

	s->layout = PSEM_LAYOUT_UNKNOWN;
	s->value = s->nwaiters = 0;
	s->value_state = PSEM_VALUE_UNREAD;
	file_name(s, file);
	fd = shmdir_open_object(d, file, &st);
	if (fd < 0) {
		s->value_err = fd;
		return;
	}
	if ((uint64_t)st.st_dev != s->dev || (uint64_t)st.st_ino != s->ino) {
		s->value_err = -ESTALE;             /* another file under the name since listed */
	} else {
		n = pread(fd, buf, sizeof(buf), 0);
		if (n < 0)
			s->value_err = -errno;
		else
			psem_decode(buf, (size_t)n, s);
	}
	close(fd);
}

/* ------------------------------------------------------------ the list */

/* s from the file record o ("/sem.NAME" -> "/NAME"). */
static void from_file(struct psem *s, const struct posixobj *o)
{
	const char *n = o->name + 1;

	memset(s, 0, sizeof(*s));
	if (strncmp(n, SEM_PREFIX, SEM_PREFIX_LEN) == 0)
		n += SEM_PREFIX_LEN;
	s->name[0] = '/';
	memcpy(s->name + 1, n, strlen(n) + 1);
	s->size = o->size;
	s->uid = o->uid;
	s->gid = o->gid;
	s->mode = o->mode;
	s->mtime = o->mtime;
	s->ctime = o->ctime;
	s->ctime_ns = o->ctime_ns;
	s->dev = o->dev;
	s->ino = o->ino;
	s->deleted = (uint8_t)!!o->deleted;
	s->stat_known = (uint8_t)!!o->stat_known;
	s->value_state = PSEM_VALUE_UNREAD;
	s->value_err = o->deleted ? -ENOENT : 0;
}

/* The order of l->v, the order of l->files.v (posix.c: name, listed first, dev, ino). */
static int cmp_sem(const void *a, const void *b)
{
	const struct psem *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->deleted != y->deleted)
		return x->deleted - y->deleted;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* Make l->v from l->files.v: the listed ones' values read now (read) or carried over from the
 * record of the same semaphore in the old l->v (else read). Returns 0 or -ENOMEM (l->v empty). */
static int rebuild(const struct shmdir *d, struct psem_list *l, int read)
{
	size_t n = l->files.n;
	struct psem *v = malloc((n ? n : 1) * sizeof(*v));

	if (!v) {
		l->n = 0;
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const struct psem *old;

		from_file(&v[i], &l->files.v[i]);
		if (v[i].deleted)
			continue;
		old = read ? NULL : bsearch(&v[i], l->v, l->n, sizeof(*l->v), cmp_sem);
		if (old) {
			v[i].layout = old->layout;
			v[i].value_state = old->value_state;
			v[i].value_err = old->value_err;
			v[i].value = old->value;
			v[i].nwaiters = old->nwaiters;
		} else {
			read_value(d, &v[i]);
		}
	}
	free(l->v);
	l->v = v;
	l->n = n;
	l->cap = n ? n : 1;
	return 0;
}

int psem_list_dir(const struct shmdir *d, struct psem_list *l)
{
	int rc = posix_list_dir(d, &l->files);
	int rb = rebuild(d, l, 1);

	return rc < 0 ? rc : rb;
}

int psem_scan_mappers(const char *procroot, const struct shmdir *d, struct psem_list *l)
{
	int rc = posix_scan_mappers(procroot, d, &l->files);
	int rb = rebuild(d, l, 0);

	return rc < 0 ? rc : rb;
}

const struct posix_mapper *psem_mappers(const struct psem_list *l, const struct psem *s, size_t *n)
{
	size_t first;

	*n = posix_find_mappers(&l->files, s->dev, s->ino, &first);
	return *n ? &l->files.m[first] : NULL;
}

/* ------------------------------------------------------------ identity and removal */

int psem_same(const struct psem *a, const struct psem *b)
{
	return a->dev == b->dev && a->ino == b->ino && strcmp(a->name, b->name) == 0;
}

int psem_identical(const struct psem *expect, const struct psem *now)
{
	return psem_same(expect, now) && !expect->deleted && !now->deleted &&
	       expect->size == now->size && expect->ctime == now->ctime &&
	       expect->ctime_ns == now->ctime_ns;
}

/* The lstat immediately before unlinkat, as a record: psem_identical to the expected one. */
static int same_file(const struct stat *st, const void *ctx)
{
	const struct psem *expect = ctx;
	struct psem now = *expect;

	now.size = st->st_size > 0 ? (uint64_t)st->st_size : 0;
	now.ctime = (int64_t)st->st_ctim.tv_sec;
	now.ctime_ns = (uint32_t)st->st_ctim.tv_nsec;
	now.dev = (uint64_t)st->st_dev;
	now.ino = (uint64_t)st->st_ino;
	return psem_identical(expect, &now);
}

int psem_unlink(const struct shmdir *d, const struct psem *expect)
{
	char file[POSIX_NAME_MAX + SEM_PREFIX_LEN];

	if (d->fd >= 0 && (expect->deleted || expect->name[0] != '/'))
		return -EINVAL;
	file_name(expect, file);
	return shmdir_unlink_if(d, file, same_file, expect);
}
