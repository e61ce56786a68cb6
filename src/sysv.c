/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* sysv.c - the only module that calls shmctl, shmat and shmdt (tests wrap them with -Wl,--wrap).
 * Converts struct shmid_ds to struct shmseg; segments that vanish mid-scan are skipped; removes a
 * segment only after re-checking that its id still names the one confirmed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mapfiles.h"
#include "sysv.h"

#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif

static void from_ds(const struct shmid_ds *ds, int shmid, struct shmseg *s)
{
	memset(s, 0, sizeof(*s));
	s->key = (int32_t)ds->shm_perm.__key;
	s->shmid = shmid;
	s->mode = (uint32_t)ds->shm_perm.mode & 07777u;
	s->uid = ds->shm_perm.uid;
	s->gid = ds->shm_perm.gid;
	s->cuid = ds->shm_perm.cuid;
	s->cgid = ds->shm_perm.cgid;
	s->cpid = ds->shm_cpid;
	s->lpid = ds->shm_lpid;
	s->size = ds->shm_segsz;
	s->nattch = ds->shm_nattch > UINT32_MAX ? UINT32_MAX : (uint32_t)ds->shm_nattch;
	s->atime = ds->shm_atime;
	s->dtime = ds->shm_dtime;
	s->ctime = ds->shm_ctime;
	s->rss = SHMSEG_UNKNOWN;
	s->swap = SHMSEG_UNKNOWN;
	s->huge_page = SHMSEG_UNKNOWN;
}

/* What a scan met besides segments. */
struct scan_count {
	size_t ok;      /* segments listed */
	size_t einval;  /* empty slots (or, before Linux 4.17, SHM_STAT_ANY itself) */
	size_t gone;    /* removed mid-scan (EIDRM) or not ours to read (EACCES) */
	size_t eperm;   /* refused (EPERM): a security module, or a filter refusing the command */
	int first_ok;   /* the index of the first segment listed, -1 when none was */
};

static int scan(int cmd, int maxidx, struct shmseg_list *out, struct scan_count *c)
{
	*c = (struct scan_count){ .first_ok = -1 };
	for (int i = 0; i <= maxidx; i++) {
		struct shmid_ds ds;
		struct shmseg s;
		int id = shmctl(i, cmd, &ds);

		if (id < 0) {
			if (errno == EINVAL)
				c->einval++;
			else if (errno == EIDRM || errno == EACCES)
				c->gone++;
			else if (errno == EPERM)
				c->eperm++;
			else
				return -errno;
			continue; /* an empty slot, or a segment that vanished: normal */
		}
		from_ds(&ds, id, &s);
		if (shmseg_list_push(out, &s) < 0)
			return -ENOMEM;
		if (!c->ok++)
			c->first_ok = i;
	}
	return 0;
}

/* Reserving room for every index up to the highest saves the list's regrowth (page faults and
 * copies); untouched room costs no memory. Capped: with ipcmni_extend indexes reach 2^24. */
#define RESERVE_MAX 32768

/* SHM_STAT_ANY listed nothing, and met only empty slots (EINVAL) or refusals (EPERM). That is an
 * empty namespace, a kernel before 4.17 that does not know SHM_STAT_ANY, or a filter refusing
 * it: SHM_STAT tells which, and lists what we may read. Returns 0 or -errno; *c is the count
 * to keep. */
static int scan_without_any(int maxidx, struct shmseg_list *out, size_t start,
			    struct scan_count *c, struct sysv_list_stats *st)
{
	struct scan_count old;
	struct shmid_ds ds;
	int rc;

	out->n = start;
	rc = scan(SHM_STAT, maxidx, out, &old);
	if (rc < 0)
		return rc;
	if (!old.ok && !old.gone)
		/* nothing there for SHM_STAT either: empty, unless everything was refused */
		return c->eperm || old.eperm ? -EPERM : 0;
	if (old.first_ok >= 0 && shmctl(old.first_ok, SHM_STAT_ANY, &ds) >= 0) {
		/* SHM_STAT_ANY works after all: the segments came between the two scans */
		out->n = start;
		return scan(SHM_STAT_ANY, maxidx, out, c);
	}
	st->stat_any = 0;
	*c = old;
	return 0;
}

int sysv_list(struct shmseg_list *out, struct sysv_list_stats *st)
{
	struct shminfo lim;
	struct scan_count c;
	size_t start = out->n;
	int maxidx, rc;

	memset(st, 0, sizeof(*st));
	/* IPC_INFO returns the highest index in use, as SHM_INFO does; SHM_INFO also sums the rss
	 * and swap of every segment, taking each one's shmem inode lock: a tenth of the scan. */
	maxidx = shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&lim);
	if (maxidx < 0)
		return -errno;
	if (shmseg_list_reserve(out, out->n + (maxidx < RESERVE_MAX ? (size_t)maxidx + 1 :
					      RESERVE_MAX)) < 0)
		return -ENOMEM;
	st->stat_any = 1;
	rc = scan(SHM_STAT_ANY, maxidx, out, &c);
	if (rc == 0 && !c.ok && !c.gone)
		rc = scan_without_any(maxidx, out, start, &c, st);
	if (rc < 0) {
		out->n = start;
		return rc;
	}
	st->skipped = c.gone + c.eperm;
	return 0;
}

int sysv_stat(int shmid, struct shmseg *out)
{
	struct shmid_ds ds;

	if (shmctl(shmid, IPC_STAT, &ds) < 0)
		return -errno;
	from_ds(&ds, shmid, out);
	return 0;
}

int sysv_info_read(struct sysv_info *info)
{
	struct shminfo lim;
	struct shm_info use;

	if (shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&lim) < 0)
		return -errno;
	if (shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&use) < 0)
		return -errno;
	info->shmmax = lim.shmmax;
	info->shmmin = lim.shmmin;
	info->shmmni = lim.shmmni;
	info->shmseg = lim.shmseg;
	info->shmall = lim.shmall;
	info->used_ids = (uint64_t)use.used_ids;
	info->shm_tot = use.shm_tot;
	info->shm_rss = use.shm_rss;
	info->shm_swp = use.shm_swp;
	return 0;
}

/* The kernel stamps a segment's ctime and its file's birth time from a clock that is read at
 * the last tick, so either can be a tick behind the time a poll reads at the same moment: a
 * replacement made just after a poll may carry the second before it. These are the margins. */
#define CTIME_SLACK_S 1
#define BTIME_SLACK_NS 100000000

/* When the segment attached at pin (size bytes) was created, from its file's birth time through
 * our own mapping in /proc/self/map_files (shmem records it to the nanosecond; hugetlbfs does
 * not; following map_files needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE): 1 surely before ns,
 * 0 at ns or after (another segment), -EAGAIN too close to tell, -errno when unknown. */
static int created_before(const void *pin, uint64_t size, int64_t ns)
{
	struct statx sx;
	int64_t born;
	int fd = mapfiles_open_own("/proc", pin, size), rc;

	if (fd < 0)
		return fd;
	rc = statx(fd, "", AT_EMPTY_PATH, STATX_BTIME, &sx);
	close(fd);
	if (rc < 0)
		return -errno;
	if (!(sx.stx_mask & STATX_BTIME))
		return -EOPNOTSUPP;
	born = (int64_t)sx.stx_btime.tv_sec * 1000000000 + sx.stx_btime.tv_nsec;
	if (born >= ns)
		return 0;
	return born + BTIME_SLACK_NS < ns ? 1 : -EAGAIN;
}

int sysv_remove(int shmid, const struct shmseg *expect, int64_t seen_ns)
{
	struct shmseg now;
	void *pin = NULL;
	int rc;

	rc = sysv_stat(shmid, &now);
	if (rc < 0)
		return rc;
	if (!shmseg_identical(&now, expect))
		return -ESTALE;
	/* attached, we hold the id: it cannot name another segment until we detach */
	pin = shmat(shmid, NULL, SHM_RDONLY);
	if (pin == (void *)-1) {
		if (errno != EACCES)
			return -errno; /* gone since the look (EINVAL, EIDRM): its id may be reused */
		pin = NULL; /* not readable by us: remove unpinned */
	} else if ((rc = sysv_stat(shmid, &now)) < 0 || !shmseg_identical(&now, expect)) {
		shmdt(pin);
		return rc < 0 ? rc : -ESTALE;
	}
	if (expect->ctime >= seen_ns / 1000000000 - CTIME_SLACK_S) {
		/* created (or changed) about when it was seen: a replacement made after the poll could
		 * agree on every field; only the creation time to the nanosecond can tell */
		rc = pin ? created_before(pin, expect->size, seen_ns) : -EOPNOTSUPP;
		if (rc != 1) {
			if (pin)
				shmdt(pin);
			return rc == 0 ? -ESTALE : -EAGAIN;
		}
	}
	rc = shmctl(shmid, IPC_RMID, NULL) < 0 ? -errno : 0;
	if (pin)
		shmdt(pin);
	return rc;
}

int sysv_id_of_key(int32_t key)
{
	int id;

	if (key == IPC_PRIVATE)
		return -ENOENT; /* IPC_PRIVATE names no segment: shmget would create one */
	id = shmget((key_t)key, 0, 0);
	return id < 0 ? -errno : id;
}

int sysv_attach_ro(int shmid, const void **addr)
{
	void *p = shmat(shmid, NULL, SHM_RDONLY);

	if (p == (void *)-1)
		return -errno;
	*addr = p;
	return 0;
}

int sysv_detach(const void *addr)
{
	if (shmdt(addr) < 0)
		return -errno;
	return 0;
}
