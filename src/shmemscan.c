/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* shmemscan.c - one walk of /proc for the Shmem breakdown (shmemscan.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "mountinfo.h"
#include "procinfo.h"
#include "rootfs.h"
#include "shmemscan.h"

void shmemscan_init(struct shmemscan *sc)
{
	memset(sc, 0, sizeof(*sc));
}

void shmemscan_free(struct shmemscan *sc)
{
	shmem_inodes_free(&sc->inodes);
	free(sc->mnt_ns);
	memset(sc, 0, sizeof(*sc));
}

/* The inode of a namespace link ("mnt:[4026531841]"): 0 when it cannot be read. */
static uint64_t ns_inode(int dirfd, const char *path)
{
	char link[64];
	ssize_t n = readlinkat(dirfd, path, link, sizeof(link) - 1);
	const char *p;

	if (n <= 0)
		return 0;
	link[n] = '\0';
	p = strchr(link, '[');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

/* Whether the mounts of mnt_ns were read. */
static int ns_done(const struct shmemscan *sc, uint64_t ns)
{
	for (size_t i = 0; i < sc->n_mnt_ns; i++)
		if (sc->mnt_ns[i] == ns)
			return 1;
	return 0;
}

/* Remember that they were: 0 or -ENOMEM. */
static int ns_mark(struct shmemscan *sc, uint64_t ns)
{
	if (sc->n_mnt_ns == sc->mnt_ns_cap) {
		size_t cap = sc->mnt_ns_cap ? sc->mnt_ns_cap * 2 : 16;
		uint64_t *v = realloc(sc->mnt_ns, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		sc->mnt_ns = v;
		sc->mnt_ns_cap = cap;
	}
	sc->mnt_ns[sc->n_mnt_ns++] = ns;
	return 0;
}

/* The size and use of the tmpfs at m->point inside the root rootfd, if what is there is that
 * very filesystem (a mount over it hides it). */
static void measure(int rootfd, struct shmem_mount *m, const char *point)
{
	struct statfs sf;
	struct stat st;
	int fd = rootfd < 0 ? -EBADF : rootfs_open(rootfd, point, O_PATH | O_DIRECTORY, NULL, 0);

	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && major(st.st_dev) == m->major && minor(st.st_dev) == m->minor &&
	    fstatfs(fd, &sf) == 0 && sf.f_blocks) {
		m->size = (uint64_t)sf.f_blocks * (uint64_t)sf.f_bsize;
		m->used = (uint64_t)(sf.f_blocks - sf.f_bfree) * (uint64_t)sf.f_bsize;
		m->known = 1;
	}
	close(fd);
}

/* The tmpfs mounts of the mount namespace ns that process pid (its directory pidfd) is in. */
static int scan_mounts(struct shmem_report *r, int pidfd, int32_t pid, uint64_t ns,
		       const char *comm)
{
	int fd = openat(pidfd, "mountinfo", O_RDONLY | O_CLOEXEC), rootfd;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	if (fd < 0)
		return -errno;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	rootfd = openat(pidfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	while (getline(&line, &cap, f) > 0) {
		struct mountinfo_mount mi;
		struct shmem_mount *m;
		int dev_shm;

		if (mountinfo_parse(line, &mi) < 0 ||
		    (strcmp(mi.type, "tmpfs") != 0 && strcmp(mi.type, "devtmpfs") != 0))
			continue;
		dev_shm = strcmp(mi.point, "/dev/shm") == 0;
		m = shmem_find_mount(r, mi.major, mi.minor);
		if (m && m->known && (m->dev_shm || !dev_shm))
			continue;    /* counted; a /dev/shm names it better than another place */
		if (!m && !(m = shmem_add_mount(r)))
			break;
		if (!m->point[0] || (dev_shm && !m->dev_shm)) {
			snprintf(m->point, sizeof(m->point), "%s", mi.point);
			m->major = mi.major;
			m->minor = mi.minor;
			m->mnt_ns = ns;
			m->pid = pid;
			snprintf(m->comm, sizeof(m->comm), "%s", comm);
			m->dev_shm = dev_shm;
		}
		if (!m->known)
			measure(rootfd, m, mi.point); /* one filesystem: the numbers of any mount */
	}
	free(line);
	fclose(f);
	if (rootfd < 0)
		return -EACCES; /* listed, not measured: another process of it may do better */
	close(rootfd);
	return 0;
}

/* The memfds among pid's open files (its directory pidfd), each inode once. */
static int scan_fds(struct shmemscan *sc, struct shmem_report *r, int pidfd)
{
	int fd = openat(pidfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *e;
	DIR *d;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	while ((e = readdir(d))) {
		char target[64];
		ssize_t n;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(d), e->d_name, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (!shmem_is_memfd(target))
			continue;
		/* stat follows the link to the memfd itself: its inode and allocated blocks */
		if (fstatat(dirfd(d), e->d_name, &st, 0) < 0)
			continue;
		if (shmem_inodes_add(&sc->inodes, (uint64_t)st.st_dev, (uint64_t)st.st_ino) == 1) {
			r->memfd_bytes += (uint64_t)st.st_blocks * 512;
			r->memfd_n++;
		}
	}
	closedir(d);
	return 0;
}

int shmemscan_run(struct shmemscan *sc, const char *procroot, struct shmem_report *r)
{
	char path[PATH_MAX], buf[8192];
	int procfd, rc = 0;
	struct dirent *e;
	DIR *d;

	shmem_report_clear(r);
	shmem_inodes_clear(&sc->inodes);
	sc->n_mnt_ns = 0;
	snprintf(path, sizeof(path), "%s/meminfo", procroot);
	{
		ssize_t n = procinfo_read_file(AT_FDCWD, path, buf, sizeof(buf));

		if (n < 0)
			rc = (int)n;
		else if (shmem_meminfo_parse(buf, &r->shmem) == 0)
			r->have_shmem = 1;
	}
	procfd = open(procroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	/* shmtop's own namespace first: its mounts are named as shmtop sees them */
	{
		int self = openat(procfd, "self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		uint64_t ns = self < 0 ? 0 : ns_inode(self, "ns/mnt");

		if (self >= 0 && ns && scan_mounts(r, self, 0, ns, "shmtop") == 0 &&
		    ns_mark(sc, ns) < 0) {
			close(self);
			close(procfd);
			return -ENOMEM;
		}
		if (self >= 0)
			close(self);
	}
	d = fdopendir(procfd);
	if (!d) {
		close(procfd);
		return -ENOMEM;
	}
	while ((e = readdir(d))) {
		char comm[32] = "";
		int pidfd, unreadable = 0;
		uint64_t ns;
		long pid;
		char *end;

		pid = strtol(e->d_name, &end, 10);
		if (*end || pid <= 0 || pid > INT32_MAX)
			continue;
		pidfd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pidfd < 0)
			continue;       /* gone */
		r->procs++;
		errno = 0;
		ns = ns_inode(pidfd, "ns/mnt");
		if (!ns) {
			unreadable = errno != ENOENT && errno != ESRCH; /* not just gone */
		} else if (!ns_done(sc, ns)) {
			int cfd = openat(pidfd, "comm", O_RDONLY | O_CLOEXEC);

			if (cfd >= 0) {
				ssize_t n = read(cfd, comm, sizeof(comm) - 1);

				comm[n > 0 ? n : 0] = '\0';
				comm[strcspn(comm, "\n")] = '\0';
				close(cfd);
			}
			if (scan_mounts(r, pidfd, (int32_t)pid, ns, comm) < 0)
				unreadable = 1;
			else if (ns_mark(sc, ns) < 0)
				rc = -ENOMEM;
		}
		if (scan_fds(sc, r, pidfd) == -EACCES)
			unreadable = 1;
		r->procs_unreadable += (size_t)unreadable;
		close(pidfd);
	}
	closedir(d);
	return rc;
}
