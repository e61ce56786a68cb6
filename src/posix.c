/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* posix.c - POSIX shared memory objects: the regular files of a directory (/dev/shm, through its
 * shmdir descriptor), each with one fstatat, and the processes that map them: the maps lines that
 * hold the directory's device as the kernel prints it (" 00:1b ", mappings.c); a line is a mapping
 * of an object when its device and inode are the object's, whatever its path says. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "mapfiles.h"
#include "maps.h"
#include "posix.h"
#include "mappings.h"
#include "shmdir.h"

#define SEM_PREFIX "sem."
#define SEM_PREFIX_LEN (sizeof(SEM_PREFIX) - 1)

void posix_list_init(struct posix_list *l)
{
	memset(l, 0, sizeof(*l));
}

void posix_list_free(struct posix_list *l)
{
	int sems = l->sems;

	free(l->v);
	free(l->m);
	posix_list_init(l);
	l->sems = sems;
}

/* p (capacity *cap elements of size bytes) with room for n + more, doubling; NULL when out of
 * memory (p is then still valid). */
static void *grow(void *p, size_t *cap, size_t n, size_t more, size_t size)
{
	size_t c;

	if (n + more <= *cap)
		return p;
	c = *cap ? *cap : 64;
	while (c < n + more) {
		if (c > SIZE_MAX / 2 / size)
			return NULL;
		c *= 2;
	}
	p = realloc(p, c * size);
	if (p)
		*cap = c;
	return p;
}

static int obj_reserve(struct posix_list *l, size_t more)
{
	struct posixobj *v = grow(l->v, &l->cap, l->n, more, sizeof(*v));

	if (!v)
		return -ENOMEM;
	l->v = v;
	return 0;
}

int posix_list_push(struct posix_list *l, const struct posixobj *o)
{
	if (obj_reserve(l, 1) < 0)
		return -ENOMEM;
	l->v[l->n++] = *o;
	return 0;
}

uint64_t posix_list_bytes(const struct posix_list *l)
{
	uint64_t bytes = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].stat_known && __builtin_add_overflow(bytes, l->v[i].size, &bytes))
			return UINT64_MAX;
	return bytes;
}

static int mapper_reserve(struct posix_list *l, size_t more)
{
	struct posix_mapper *m = grow(l->m, &l->mcap, l->nm, more, sizeof(*m));

	if (!m)
		return -ENOMEM;
	l->m = m;
	return 0;
}

static int is_sem(const char *name, size_t len)
{
	return len >= SEM_PREFIX_LEN && memcmp(name, SEM_PREFIX, SEM_PREFIX_LEN) == 0;
}

static int cmp_name(const void *a, const void *b)
{
	const struct posixobj *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->deleted != y->deleted)
		return x->deleted - y->deleted;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static void sort_objects(struct posix_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_name);
}

/* Keep only the objects whose deleted flag is `deleted`, in order. */
static void keep_only(struct posix_list *l, int deleted)
{
	size_t out = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].deleted == deleted) {
			if (out != i)
				l->v[out] = l->v[i];
			out++;
		}
	l->n = out;
}

/* ------------------------------------------------------------ (dev, ino) index */

struct devino {
	uint64_t dev, ino;
	size_t i;               /* index into l->v */
};

static int cmp_devino(const void *a, const void *b)
{
	const struct devino *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* Where (dev, ino) is or would go in the sorted v[0..n). */
static size_t devino_lower(const struct devino *v, size_t n, uint64_t dev, uint64_t ino)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].dev < dev || (v[mid].dev == dev && v[mid].ino < ino))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct devino *devino_find(const struct devino *v, size_t n, uint64_t dev, uint64_t ino)
{
	size_t i = devino_lower(v, n, dev, ino);

	return i < n && v[i].dev == dev && v[i].ino == ino ? &v[i] : NULL;
}

/* The listed (not deleted) objects of l by dev and ino, in a new array (*out, *nout). */
static int index_listed(const struct posix_list *l, struct devino **out, size_t *nout)
{
	struct devino *v = malloc((l->n ? l->n : 1) * sizeof(*v));
	size_t n = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i].deleted)
			v[n++] = (struct devino){ l->v[i].dev, l->v[i].ino, i };
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_devino);
	*out = v;
	*nout = n;
	return 0;
}

/* ------------------------------------------------------------ listing */

static void fill_stat(struct posixobj *o, const struct stat *st)
{
	o->size = st->st_size > 0 ? (uint64_t)st->st_size : 0;
	o->uid = (uint32_t)st->st_uid;
	o->gid = (uint32_t)st->st_gid;
	o->mode = (uint32_t)st->st_mode & 07777;
	o->mtime = (int64_t)st->st_mtime;
	o->ctime = (int64_t)st->st_ctim.tv_sec;
	o->ctime_ns = (uint32_t)st->st_ctim.tv_nsec;
	o->dev = (uint64_t)st->st_dev;
	o->ino = (uint64_t)st->st_ino;
	o->stat_known = 1;
}

/* Drop the kept deleted objects that are listed again (linked back with linkat). */
static int drop_relisted(struct posix_list *l, size_t nkept)
{
	struct devino *idx;
	size_t nidx, out = 0;

	if (!nkept)
		return 0;
	if (index_listed(l, &idx, &nidx) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < l->n; i++) {
		const struct posixobj *o = &l->v[i];

		if (o->deleted && devino_find(idx, nidx, o->dev, o->ino))
			continue;
		if (out != i)
			l->v[out] = l->v[i];
		out++;
	}
	l->n = out;
	free(idx);
	return 0;
}

int posix_list_dir(const struct shmdir *sd, struct posix_list *l)
{
	DIR *d;
	size_t nkept;
	int fd, rc = 0;

	if (sd->fd < 0)
		return sd->err ? sd->err : -EBADF;
	/* a new open file description of the same directory each time, read from its start */
	fd = openat(sd->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		rc = -errno;
		close(fd);
		return rc;
	}
	keep_only(l, 1);
	nkept = l->n;
	for (;;) {
		struct dirent *de;
		struct posixobj *o;
		struct stat st;
		size_t len;

		errno = 0;
		de = readdir(d);
		if (!de) {
			rc = -errno;
			break;
		}
		if (de->d_type != DT_REG && de->d_type != DT_UNKNOWN)
			continue;
		len = strlen(de->d_name);
		if (is_sem(de->d_name, len) != !!l->sems || (de->d_name[0] == '.' && (len == 1 ||
		    (len == 2 && de->d_name[1] == '.'))))
			continue;
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT)    /* unlinked since readdir */
				continue;
			rc = -errno;
			break;
		}
		if (!S_ISREG(st.st_mode) || len + 2 > POSIX_NAME_MAX)
			continue;
		rc = obj_reserve(l, 1);
		if (rc < 0)
			break;
		o = &l->v[l->n++];
		memset(o, 0, sizeof(*o));
		o->name[0] = '/';
		memcpy(o->name + 1, de->d_name, len + 1);
		fill_stat(o, &st);
	}
	closedir(d);
	if (rc == 0)
		rc = drop_relisted(l, nkept);
	if (rc < 0) {
		keep_only(l, 1);
		return rc;
	}
	sort_objects(l);
	return 0;
}

/* ------------------------------------------------------------ mappers */

/* The deleted objects of a scan by inode (they are all on dir's device): open addressing, so that
 * thousands of them (a browser's unlinked buffers) cost no more than a few. */
struct delhash {
	struct devino *slot;            /* i == SIZE_MAX: empty */
	size_t cap, n;                  /* cap a power of two, at most half full */
};

static size_t delhash_home(const struct delhash *h, uint64_t ino)
{
	return (size_t)((ino * 0x9e3779b97f4a7c15ull) >> 32) & (h->cap - 1);
}

static struct devino *delhash_slot(const struct delhash *h, uint64_t ino)
{
	size_t k = delhash_home(h, ino);

	while (h->slot[k].i != SIZE_MAX && h->slot[k].ino != ino)
		k = (k + 1) & (h->cap - 1);
	return &h->slot[k];
}

/* The index into l->v of the deleted object ino, or SIZE_MAX. */
static size_t delhash_find(const struct delhash *h, uint64_t ino)
{
	return h->cap ? delhash_slot(h, ino)->i : SIZE_MAX;
}

/* Room for one more. Returns 0 or -ENOMEM. */
static int delhash_reserve(struct delhash *h)
{
	struct delhash g;

	if (2 * (h->n + 1) <= h->cap)
		return 0;
	g.cap = h->cap ? 2 * h->cap : 64;
	g.n = h->n;
	if (g.cap > SIZE_MAX / sizeof(*g.slot) || !(g.slot = malloc(g.cap * sizeof(*g.slot))))
		return -ENOMEM;
	for (size_t k = 0; k < g.cap; k++)
		g.slot[k].i = SIZE_MAX;
	for (size_t k = 0; k < h->cap; k++)
		if (h->slot[k].i != SIZE_MAX)
			*delhash_slot(&g, h->slot[k].ino) = h->slot[k];
	free(h->slot);
	*h = g;
	return 0;
}

struct scan {
	struct posix_list *l;
	int procfd;                     /* the proc root, for PID/map_files */
	uint64_t dev;                   /* dir's filesystem */
	char needle[32];                /* " MAJ:MIN " as the kernel prints dev */
	const char *prefix;             /* the directory as the maps show it to us */
	struct devino *idx;             /* listed objects */
	size_t nidx;
	struct delhash del;             /* deleted objects found so far */
};

/* The name of an unlinked object from its maps path (len bytes): "/" + the part after prefix +
 * "/", which must be one path component, and a semaphore ("sem.*") exactly when sems is set.
 * Returns 0, or -1 when the path is not such an object. */
static int deleted_name(const char *prefix, int sems, const char *path, size_t len, char *name)
{
	struct maps_entry e = { .path = path, .path_len = len };
	size_t dlen = strlen(prefix), blen;
	const char *base;

	while (dlen && prefix[dlen - 1] == '/')
		dlen--;
	if (!maps_is_posix_shm(&e, prefix))
		return -1;
	base = path + dlen + 1;
	blen = len - dlen - 1;
	if (memchr(base, '/', blen) || is_sem(base, blen) != !!sems)
		return -1;
	if (name) {
		if (blen > POSIX_NAME_MAX - 2)
			blen = POSIX_NAME_MAX - 2;
		name[0] = '/';
		memcpy(name + 1, base, blen);
		name[blen + 1] = '\0';
	}
	return 0;
}

/* A maps line on the directory's filesystem of a listed object, or of an unlinked one. */
static int posix_match(void *ctx, const struct maps_entry *e)
{
	const struct scan *s = ctx;

	if (!e->path_len || (uint64_t)makedev(e->dev_major, e->dev_minor) != s->dev)
		return 0;
	return devino_find(s->idx, s->nidx, s->dev, e->inode) ||
	       (e->deleted && deleted_name(s->prefix, s->l->sems, e->path, e->path_len, NULL) == 0);
}

/* The deleted object that m, a kept mapping, shows: found, or added to l->v. Its stat comes from
 * procroot/PID/map_files/START-END when that link may be followed (the inode itself, unlinked or
 * not). */
static ssize_t deleted_object(struct scan *s, const struct mapping_list *raw, const struct mapping *m)
{
	size_t at = delhash_find(&s->del, m->inode);
	struct posixobj *o;
	char name[POSIX_NAME_MAX], path[64], pidname[16];
	struct stat st;

	if (at != SIZE_MAX)
		return (ssize_t)at;
	if (deleted_name(s->prefix, s->l->sems, mappings_path(raw, m), m->path_len, name) < 0)
		return -1;
	if (delhash_reserve(&s->del) < 0 || obj_reserve(s->l, 1) < 0)
		return -ENOMEM;
	o = &s->l->v[s->l->n];
	memset(o, 0, sizeof(*o));
	memcpy(o->name, name, sizeof(name));
	o->deleted = 1;
	o->dev = s->dev;
	o->ino = m->inode;
	o->uid = o->gid = POSIX_ID_UNKNOWN;
	snprintf(pidname, sizeof(pidname), "%d", (int)m->pid);
	mapfiles_path(path, sizeof(path), pidname, m->start, m->end);
	if (s->procfd >= 0 && fstatat(s->procfd, path, &st, 0) == 0 &&
	    (uint64_t)st.st_dev == s->dev && (uint64_t)st.st_ino == m->inode)
		fill_stat(o, &st);
	*delhash_slot(&s->del, m->inode) = (struct devino){ s->dev, m->inode, s->l->n };
	s->del.n++;
	return (ssize_t)s->l->n++;
}

static int cmp_mapper_addr(const void *a, const void *b)
{
	const struct posix_mapper *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int cmp_mapper_pid(const void *a, const void *b)
{
	const struct posix_mapper *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* Merge what e allows into access (see struct posix_mapper). */
static void add_access(char *access, const char *perms)
{
	if (perms[0] == 'r')
		access[0] = 'r';
	if (perms[1] == 'w' && perms[3] == 's')
		access[1] = 'w';
	if (perms[2] == 'x')
		access[2] = 'x';
	if (perms[3] == 's')
		access[3] = 's';
}

/* One record per mapping of one process (raw->v[from], n of them, in address order), appended
 * from l->nm on, then one per object. The pieces of a mapping that mprotect split are
 * consecutive: the next piece starts where the last ended, at the file offset where it ended. */
static int add_process(struct scan *s, const struct mapping_list *raw, size_t from, size_t n)
{
	struct posix_list *l = s->l;
	size_t base = l->nm, last = 0;
	const struct mapping *prev = NULL;

	for (size_t i = from; i < from + n; i++) {
		const struct mapping *e = &raw->v[i];
		struct posix_mapper *m;

		if (!devino_find(s->idx, s->nidx, s->dev, e->inode)) {
			ssize_t oi = deleted_object(s, raw, e);

			if (oi == -ENOMEM)
				return -ENOMEM;
			if (oi < 0)
				continue;
		}
		if (prev && e->inode == prev->inode && e->start == prev->end &&
		    e->offset == prev->offset + (prev->end - prev->start)) {
			m = &l->m[last];          /* another piece of the same mapping */
			m->length += e->end - e->start;
		} else {
			if (mapper_reserve(l, 1) < 0)
				return -ENOMEM;
			last = l->nm++;
			m = &l->m[last];
			memset(m, 0, sizeof(*m));
			m->dev = s->dev;
			m->ino = e->inode;
			m->pid = e->pid;
			m->uid = e->uid;
			m->addr = e->start;
			m->length = e->end - e->start;
			memcpy(m->access, "---p", 5);
			memcpy(m->comm, e->comm, sizeof(m->comm));
			m->count = 1;
		}
		add_access(m->access, e->perms);
		prev = e;
	}
	if (l->nm - base > 1) {          /* fold mappings of one object, lowest address first */
		size_t out = base;

		qsort(l->m + base, l->nm - base, sizeof(*l->m), cmp_mapper_addr);
		for (size_t i = base + 1; i < l->nm; i++) {
			struct posix_mapper *o = &l->m[out], *m = &l->m[i];

			if (m->dev == o->dev && m->ino == o->ino) {
				o->count += m->count;
				add_access(o->access, m->access);
			} else {
				l->m[++out] = *m;
			}
		}
		l->nm = out + 1;
	}
	return 0;
}

int posix_scan_mappers(const char *procroot, const struct shmdir *d, struct posix_list *l)
{
	struct mapping_list raw;
	struct mappings_query q;
	struct scan s;
	int rc;

	l->nm = 0;
	l->procs_scanned = l->procs_unreadable = 0;
	keep_only(l, 0);
	if (d->fd < 0)
		return d->err ? d->err : -EBADF;
	memset(&s, 0, sizeof(s));
	s.l = l;
	s.procfd = -1;
	s.dev = d->dev;
	s.prefix = d->maps_path;
	memset(&q, 0, sizeof(q));
	q.needle = s.needle;
	q.needle_len = (size_t)snprintf(s.needle, sizeof(s.needle), " %02x:%02x ",
					major((dev_t)d->dev), minor((dev_t)d->dev));
	q.match = posix_match;
	q.ctx = &s;
	q.keep_paths = 1;
	mappings_init(&raw);
	rc = index_listed(l, &s.idx, &s.nidx);
	if (rc == 0)
		rc = mappings_scan(procroot, &q, &raw);
	l->procs_scanned = raw.procs_scanned;
	l->procs_unreadable = raw.procs_unreadable;
	if (rc == 0) {
		s.procfd = open(procroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		for (size_t i = 0, run; rc == 0 && i < raw.n; i += run) {
			run = mappings_pid_run(&raw, i);
			rc = add_process(&s, &raw, i, run);
		}
		if (s.procfd >= 0)
			close(s.procfd);
	}
	mappings_free(&raw);
	free(s.idx);
	free(s.del.slot);
	if (rc < 0) {
		l->nm = 0;
		keep_only(l, 0);
		return rc;
	}
	sort_objects(l);
	if (l->nm > 1)
		qsort(l->m, l->nm, sizeof(*l->m), cmp_mapper_pid);
	return 0;
}

size_t posix_find_mappers(const struct posix_list *l, uint64_t dev, uint64_t ino, size_t *first)
{
	size_t lo = 0, hi = l->nm, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct posix_mapper *m = &l->m[mid];

		if (m->dev < dev || (m->dev == dev && m->ino < ino))
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (end = lo; end < l->nm && l->m[end].dev == dev && l->m[end].ino == ino; end++)
		;
	return end - lo;
}
