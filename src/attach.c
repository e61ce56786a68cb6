/* attach.c - who is attached to which segment: every procroot/PID/maps read with one open and a
 * read() loop into one buffer reused across processes; only the lines holding "/SYSV" are parsed
 * (memmem over the whole buffer, then back to the line start), so a scan costs little more than
 * reading the files. uid and comm are read only for the processes that hold an attachment. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attach.h"
#include "ipcns.h"
#include "maps.h"
#include "procscan.h"

#define SYSV_NEEDLE "/SYSV"

void attach_list_init(struct attach_list *l)
{
	memset(l, 0, sizeof(*l));
}

void attach_list_free(struct attach_list *l)
{
	free(l->v);
	attach_list_init(l);
}

static int reserve(struct attach_list *l, size_t more)
{
	size_t cap;
	struct attacher *v;

	if (l->n + more <= l->cap)
		return 0;
	cap = l->cap ? l->cap : 64;
	while (cap < l->n + more)
		cap *= 2;
	v = realloc(l->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->cap = cap;
	return 0;
}

static int cmp_shmid_addr(const void *a, const void *b)
{
	const struct attacher *x = a, *y = b;

	if (x->shmid != y->shmid)
		return x->shmid < y->shmid ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int cmp_shmid_pid(const void *a, const void *b)
{
	const struct attacher *x = a, *y = b;

	if (x->shmid != y->shmid)
		return x->shmid < y->shmid ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

void attach_sort(struct attach_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_shmid_pid);
}

/* One record per attachment of pid, appended from l->n on, then one per segment: the rest of the
 * row (uid, comm) is the caller's. Lines come in address order, so the pieces of an attachment
 * that mprotect (or a partial munmap at an end) split are consecutive, and the next piece starts
 * where the last ended at the file offset where it ended. */
static int add_maps(struct attach_list *l, int32_t pid, const char *buf, size_t len, int32_t only)
{
	const char *p = buf, *end = buf + len, *hit;
	size_t base = l->n, last = 0;
	uint64_t last_end = 0, last_off_end = 0;
	int32_t last_id = -1;
	struct maps_entry e;

	while (p < end && (hit = memmem(p, (size_t)(end - p), SYSV_NEEDLE, sizeof(SYSV_NEEDLE) - 1))) {
		const char *ls = memrchr(p, '\n', (size_t)(hit - p));
		const char *le = memchr(hit, '\n', (size_t)(end - hit));
		struct attacher *a;
		int32_t id;

		ls = ls ? ls + 1 : p;
		if (!le)
			le = end;
		p = le + (le < end);
		if (maps_parse_line(ls, (size_t)(le - ls), &e) < 0 || !maps_is_sysv(&e) ||
		    e.inode > INT32_MAX)
			continue;
		id = (int32_t)e.inode;
		if (only >= 0 && id != only)
			continue;
		if (id == last_id && e.start == last_end && e.offset == last_off_end) {
			a = &l->v[last];         /* another piece of the same attachment */
			a->length += e.end - e.start;
			a->vmas++;
		} else {
			if (reserve(l, 1) < 0)
				return -ENOMEM;
			last = l->n++;
			a = &l->v[last];
			memset(a, 0, sizeof(*a));
			a->shmid = id;
			a->pid = pid;
			a->addr = e.start;
			a->length = e.end - e.start;
			memcpy(a->access, "r--s", 5);
			a->count = 1;
			a->vmas = 1;
		}
		if (e.perms[1] == 'w')
			a->access[1] = 'w';
		last_id = id;
		last_end = e.end;
		last_off_end = e.offset + (e.end - e.start);
	}
	if (l->n - base > 1) {           /* fold attachments of one segment, lowest address first */
		size_t out = base;

		qsort(l->v + base, l->n - base, sizeof(*l->v), cmp_shmid_addr);
		for (size_t i = base + 1; i < l->n; i++) {
			struct attacher *o = &l->v[out], *a = &l->v[i];

			if (a->shmid == o->shmid) {
				o->count += a->count;
				o->vmas += a->vmas;
				if (a->access[1] == 'w')
					o->access[1] = 'w';
			} else {
				l->v[++out] = *a;
			}
		}
		l->n = out + 1;
	}
	return 0;
}

static void set_owner(struct attach_list *l, size_t from, uint32_t uid, const char *comm)
{
	size_t len = comm ? strnlen(comm, PROCINFO_COMM_MAX - 1) : 0;

	for (size_t i = from; i < l->n; i++) {
		l->v[i].uid = uid;
		if (len)
			memcpy(l->v[i].comm, comm, len);
		l->v[i].comm[len] = '\0';
	}
}

int attach_add_maps(struct attach_list *l, int32_t pid, uint32_t uid, const char *comm,
		    const char *buf, size_t len, int32_t only)
{
	size_t base = l->n;
	int rc = add_maps(l, pid, buf, len, only);

	set_owner(l, base, uid, comm);
	return rc;
}

struct scan_ctx {
	struct attach_list *l;
	int32_t only;
	const char *procroot;
	uint64_t viewed;                 /* the IPC namespace being viewed, 0: do not filter */
};

static int scan_one(void *arg, const struct procscan_proc *p)
{
	struct scan_ctx *c = arg;
	size_t base = c->l->n;
	char comm[PROCINFO_COMM_MAX];
	int rc = add_maps(c->l, p->pid, p->maps, p->len, c->only);

	if (rc < 0)
		return rc;
	if (c->l->n > base && c->viewed) {
		uint64_t ino;

		if (ipcns_inode(c->procroot, p->pid, &ino) < 0 || ino != c->viewed) {
			c->l->n = base; /* another namespace's segments, or it exited */
			return 0;
		}
	}
	if (c->l->n > base) { /* owner and name only for the processes that hold an attachment */
		procscan_comm(p, comm);
		set_owner(c->l, base, procscan_uid(p), comm);
	}
	return 0;
}

int attach_scan(const char *procroot, int32_t only, struct attach_list *l)
{
	struct scan_ctx c = { l, only, procroot, 0 };
	struct procscan_stats st;
	int rc;

	l->n = 0;
	/* A shmid names a segment only within one IPC namespace: the maps of a process in another
	 * (a container's, or the host's under --ipc-ns) show the same ids for other segments.
	 * Without a namespace to compare with (a fixture tree), every process counts. */
	if (ipcns_inode(procroot, 0, &c.viewed) < 0)
		c.viewed = 0;
	rc = procscan_maps(procroot, scan_one, &c, &st);
	l->procs_scanned = st.scanned;
	l->procs_unreadable = st.unreadable;
	if (rc < 0) {
		l->n = 0;
		return rc;
	}
	attach_sort(l);
	return 0;
}

size_t attach_find(const struct attach_list *l, int32_t shmid, size_t *first)
{
	size_t lo = 0, hi = l->n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].shmid < shmid)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (end = lo; end < l->n && l->v[end].shmid == shmid; end++)
		;
	return end - lo;
}
