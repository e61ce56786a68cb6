/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* mkipc.c - create or remove many System V semaphore arrays or message queues, for bench/scan.
 *
 *   mkipc sem create N IDFILE   create N IPC_PRIVATE arrays of one semaphore, mode 0600
 *   mkipc msg create N IDFILE   create N IPC_PRIVATE empty message queues, mode 0600
 *                               and append "ID CTIME" for each to IDFILE as soon as it exists
 *   mkipc sem remove IDFILE     remove every array (queue) listed in IDFILE that is still the
 *   mkipc msg remove IDFILE     one created: same ctime, IPC_PRIVATE key, creator uid, mode 0600
 *                               (and one semaphore, for an array)
 *
 * The mkseg.c of segments, for the two other System V kinds: a shell loop over ipcmk -S/-Q would
 * take minutes at 32000 objects. SIGINT, SIGTERM, SIGHUP and SIGQUIT are held while creating, so
 * an object is never created without being recorded. Arrays and queues have no creator pid, so
 * removal checks what cannot change while they live and nobody calls IPC_SET or SETVAL on them:
 * ids are reused, and an id that now holds someone else's object is left alone. Nothing writes
 * into the objects: no semop, no msgsnd.
 * Exit status: 0 ok, 1 error or interrupted (message on stderr), 2 usage. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <time.h>
#include <unistd.h>

/* What identifies one of our objects; filled by IPC_STAT. */
struct ident {
	key_t key;
	uid_t cuid;
	unsigned short mode;
	unsigned long nsems; /* 1 for a queue */
	time_t ctime;
};

struct kind {
	const char *name, *what, *limit;
	int (*make)(void);
	int (*stat)(int id, struct ident *out);
	int (*remove)(int id);
};

static int sem_make(void)
{
	return semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
}

static int sem_stat(int id, struct ident *out)
{
	struct semid_ds ds;

	if (semctl(id, 0, IPC_STAT, &ds) < 0)
		return -errno;
	*out = (struct ident){ ds.sem_perm.__key, ds.sem_perm.cuid, ds.sem_perm.mode & 0777,
			       ds.sem_nsems, ds.sem_ctime };
	return 0;
}

static int sem_remove(int id)
{
	return semctl(id, 0, IPC_RMID) < 0 ? -errno : 0;
}

static int msg_make(void)
{
	return msgget(IPC_PRIVATE, IPC_CREAT | 0600);
}

static int msg_stat(int id, struct ident *out)
{
	struct msqid_ds ds;

	if (msgctl(id, IPC_STAT, &ds) < 0)
		return -errno;
	*out = (struct ident){ ds.msg_perm.__key, ds.msg_perm.cuid, ds.msg_perm.mode & 0777, 1,
			       ds.msg_ctime };
	return 0;
}

static int msg_remove(int id)
{
	return msgctl(id, IPC_RMID, NULL) < 0 ? -errno : 0;
}

static const struct kind kinds[] = {
	{ "sem", "arrays", "kernel.sem's semmni or semmns", sem_make, sem_stat, sem_remove },
	{ "msg", "queues", "kernel.msgmni", msg_make, msg_stat, msg_remove },
};

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

static int ours(const struct ident *id, time_t ctime)
{
	return id->key == IPC_PRIVATE && id->cuid == geteuid() && id->mode == 0600 &&
	       id->nsems == 1 && id->ctime == ctime;
}

static int mkipc_create(const struct kind *k, long n, const char *idfile)
{
	sigset_t hold, pending;
	long made = 0;
	int fd, err;

	fd = open(idfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "mkipc: %s: %s\n", idfile, strerror(errno));
		return 1;
	}
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGQUIT);
	sigprocmask(SIG_BLOCK, &hold, NULL);

	for (; made < n; made++) {
		struct ident st;
		char line[64];
		int id, len;

		if (sigpending(&pending) == 0 && (sigismember(&pending, SIGINT) ||
		    sigismember(&pending, SIGTERM) || sigismember(&pending, SIGHUP) ||
		    sigismember(&pending, SIGQUIT))) {
			fprintf(stderr, "mkipc: interrupted after %ld of %ld %s\n", made, n, k->what);
			close(fd);
			return 1;
		}
		id = k->make();
		if (id < 0) {
			err = errno;
			fprintf(stderr, "mkipc: %sget after %ld of %ld %s: %s%s%s%s\n", k->name, made,
				n, k->what, strerror(err), err == ENOSPC ? " (" : "",
				err == ENOSPC ? k->limit : "", err == ENOSPC ? " reached)" : "");
			close(fd);
			return 1;
		}
		err = k->stat(id, &st);
		if (err == 0) {
			len = snprintf(line, sizeof(line), "%d %lld\n", id, (long long)st.ctime);
			err = write_all(fd, line, (size_t)len);
		}
		if (err < 0) {
			/* Not recorded: remove it now rather than leak it. */
			k->remove(id);
			fprintf(stderr, "mkipc: %s: %s\n", idfile, strerror(-err));
			close(fd);
			return 1;
		}
	}
	if (close(fd) < 0) {
		fprintf(stderr, "mkipc: %s: %s\n", idfile, strerror(errno));
		return 1;
	}
	return 0;
}

static int mkipc_remove(const struct kind *k, const char *idfile)
{
	long removed = 0, gone = 0, foreign = 0, failed = 0;
	FILE *f = fopen(idfile, "re");
	long long ctime;
	int id, err;

	if (!f) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "mkipc: %s: %s\n", idfile, strerror(errno));
		return 1;
	}
	while (fscanf(f, "%d %lld", &id, &ctime) == 2) {
		struct ident st;

		err = k->stat(id, &st);
		if (err < 0) {
			if (err == -EINVAL || err == -EIDRM) {
				gone++;
			} else {
				fprintf(stderr, "mkipc: stat %s id %d: %s\n", k->name, id,
					strerror(-err));
				failed++;
			}
			continue;
		}
		if (!ours(&st, (time_t)ctime)) {
			foreign++;
			continue;
		}
		err = k->remove(id);
		if (err < 0) {
			fprintf(stderr, "mkipc: remove %s id %d: %s\n", k->name, id, strerror(-err));
			failed++;
			continue;
		}
		removed++;
	}
	fclose(f);
	if (gone || foreign)
		fprintf(stderr, "mkipc: removed %ld %s; %ld already gone, %ld ids reused by other objects (left alone)\n",
			removed, k->what, gone, foreign);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	const struct kind *k = NULL;

	if (argc >= 2) {
		for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			if (strcmp(argv[1], kinds[i].name) == 0)
				k = &kinds[i];
	}
	if (k && argc == 5 && strcmp(argv[2], "create") == 0) {
		char *end;
		long n;

		errno = 0;
		n = strtol(argv[3], &end, 10);
		if (errno || *end || end == argv[3] || n < 0) {
			fprintf(stderr, "mkipc: bad count '%s'\n", argv[3]);
			return 2;
		}
		return mkipc_create(k, n, argv[4]);
	}
	if (k && argc == 4 && strcmp(argv[2], "remove") == 0)
		return mkipc_remove(k, argv[3]);
	fprintf(stderr, "usage: mkipc sem|msg create N IDFILE | mkipc sem|msg remove IDFILE\n");
	return 2;
}
