/* attach.c - who is attached to which segment: every procroot/PID/maps read with one open and a
 * read() loop into one buffer reused across processes; only the lines holding "/SYSV" are parsed
 * (memmem over the whole buffer, then back to the line start), so a scan costs little more than
 * reading the files. uid and comm are read only for the processes that hold an attachment. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "attach.h"
#include "ipcns.h"
#include "mapfiles.h"
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

/* One record per SysV mapping of pid, appended from l->n on; the rest of the row (uid, comm,
 * the hugetlb facts) is the caller's. */
static int add_maps(struct attach_list *l, int32_t pid, const char *buf, size_t len, int32_t only)
{
	const char *p = buf, *end = buf + len, *hit;
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
		if (reserve(l, 1) < 0)
			return -ENOMEM;
		a = &l->v[l->n++];
		memset(a, 0, sizeof(*a));
		a->shmid = id;
		a->pid = pid;
		a->addr = e.start;
		a->length = e.end - e.start;
		a->offset = e.offset;
		a->dev = (uint64_t)makedev(e.dev_major, e.dev_minor);
		a->file_bytes = -1;
		memcpy(a->access, e.perms, sizeof(a->access));
	}
	return 0;
}

static void set_owner(struct attach_list *l, size_t from, uint32_t uid, const char *comm)
{
	size_t len = comm ? strnlen(comm, PROCINFO_COMM_MAX - 1) : 0;
	int shmtop = len && strcmp(comm, ATTACH_SHMTOP_COMM) == 0;

	for (size_t i = from; i < l->n; i++) {
		l->v[i].uid = uid;
		l->v[i].shmtop = (uint8_t)shmtop;
		if (len)
			memcpy(l->v[i].comm, comm, len);
		l->v[i].comm[len] = '\0';
	}
}

/* The hugetlb facts of the mappings from `from` on: the page size by device, and for those on a
 * hugetlbfs the blocks of the file behind procfd/PID/map_files/START-END (root or
 * CAP_CHECKPOINT_RESTORE; following that link opens nothing and touches no shm counter). */
static void set_huge(struct attach_list *l, size_t from, int procfd, const char *pidname)
{
	for (size_t i = from; i < l->n; i++) {
		struct attacher *a = &l->v[i];
		char path[80];
		struct stat st;

		a->huge_page = hugetlb_page_of(&l->huge, a->dev);
		if (!a->huge_page || procfd < 0)
			continue;
		mapfiles_path(path, sizeof(path), pidname, a->addr, a->addr + a->length);
		if (fstatat(procfd, path, &st, 0) == 0 && (uint64_t)st.st_ino == (uint64_t)a->shmid)
			a->file_bytes = (int64_t)st.st_blocks * 512;
	}
}

/* Whether the process's executable is a shmtop (/proc/PID/exe names a file "shmtop", perhaps
 * since deleted): a process that only renamed itself (prctl PR_SET_NAME) is not one. Unreadable
 * (another user's, without privilege): not one, so its attachments count as use. */
static int runs_shmtop(int procfd, const char *pidname)
{
	char path[32], exe[4096];
	const char *base;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/exe", pidname);
	n = readlinkat(procfd, path, exe, sizeof(exe) - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	base = strrchr(exe, '/');
	base = base ? base + 1 : exe;
	return strcmp(base, ATTACH_SHMTOP_COMM) == 0 ||
	       strcmp(base, ATTACH_SHMTOP_COMM " (deleted)") == 0;
}

int attach_add_maps(struct attach_list *l, int32_t pid, uint32_t uid, const char *comm,
		    const char *buf, size_t len, int32_t only)
{
	size_t base = l->n;
	int rc = add_maps(l, pid, buf, len, only);

	set_owner(l, base, uid, comm);
	set_huge(l, base, -1, NULL);
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
	char comm[PROCINFO_COMM_MAX], pidname[16];
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
		memcpy(pidname, p->name, p->namelen);
		pidname[p->namelen] = '\0';
		if (c->l->v[base].shmtop && !runs_shmtop(p->procfd, pidname))
			for (size_t i = base; i < c->l->n; i++)
				c->l->v[i].shmtop = 0; /* named so, but another program (prctl) */
		set_huge(c->l, base, p->procfd, pidname);
	}
	return 0;
}

int attach_scan(const char *procroot, int32_t only, struct attach_list *l)
{
	struct scan_ctx c = { l, only, procroot, 0 };
	struct procscan_stats st;
	int rc;

	l->n = 0;
	if (!l->huge.probed)
		hugetlb_probe(&l->huge, HUGETLB_SYSFS);
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

size_t attach_pid_run(const struct attach_list *l, size_t i, size_t end)
{
	size_t j = i;

	while (j < end && l->v[j].pid == l->v[i].pid && l->v[j].shmid == l->v[i].shmid)
		j++;
	return j - i;
}

void attach_summarize(const struct attach_list *l, int32_t shmid, struct attach_summary *s)
{
	size_t first, n = attach_find(l, shmid, &first), end = first + n;

	memset(s, 0, sizeof(*s));
	s->file_bytes = -1;
	for (size_t i = first; i < end;) {
		size_t run = attach_pid_run(l, i, end);
		const struct attacher *a = &l->v[i];

		if (a->shmtop) {
			s->shmtop_mappings += run;
		} else {
			s->mappings += run;
			s->procs++;
		}
		for (size_t k = i; k < i + run; k++) {
			if (l->v[k].huge_page)
				s->huge_page = l->v[k].huge_page;
			if (l->v[k].file_bytes >= 0)
				s->file_bytes = l->v[k].file_bytes;
		}
		i += run;
	}
}

void attach_apply(const struct attach_list *l, struct shmseg *segs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct shmseg *s = &segs[i];
		struct attach_summary sum;

		attach_summarize(l, s->shmid, &sum);
		if (!sum.mappings && !sum.shmtop_mappings)
			continue; /* nothing maps it: nothing told */
		s->huge_page = (int64_t)sum.huge_page;
		if (sum.huge_page) {
			s->rss = sum.file_bytes;   /* -1 (unknown) when map_files could not be read */
			if (s->swap != SHMSEG_UNKNOWN)
				s->swap = 0;       /* huge pages are never swapped */
		}
	}
}
