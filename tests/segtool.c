/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* segtool.c - a test helper that makes real System V shared memory segments for the shell tests
 * and reports what IPC_STAT says about them, in shmtop's own JSON field names, so a test can
 * compare shmtop's output with the kernel's field by field. It also makes POSIX shared memory
 * objects the way their usual writers do (shm_open O_CREAT|O_EXCL, ftruncate, mmap, write a
 * string), holds them mapped, and unlinks them; and stands in for a container's process: chroot
 * into a directory (the binary is loaded already), map files there, and wait.
 *
 * Unlike shmtop, this helper writes into segments (the "write" command). It is never installed.
 *
 * Exit status: 0 ok, 1 the system call failed, 2 usage error, 3 "create" found the key in use. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define EXIT_USAGE 2
#define EXIT_EXISTS 3

static const char usage_text[] =
	"Usage: segtool COMMAND ARGS...\n"
	"  get KEY SIZE             shmget(IPC_CREAT|0666), as the classic reader does: the segment of\n"
	"                           KEY, made if there is none; print the shmid\n"
	"  create KEY SIZE [MODE]   shmget(IPC_CREAT|IPC_EXCL), print the shmid; KEY is 0 (IPC_PRIVATE),\n"
	"                           decimal or 0x hex; MODE is octal (default 600); exit 3 if KEY exists\n"
	"  create-huge KEY SIZE [MODE]  the same with SHM_HUGETLB (the default huge page size)\n"
	"  stat ID                  shmctl(IPC_STAT): one JSON object with shmtop's field names\n"
	"  rm ID                    shmctl(IPC_RMID)\n"
	"  evidence ID              IPC_STAT: 'nattch lpid atime dtime' on one line\n"
	"  inuse ID                 PostgreSQL's start-up check: exit 1 saying so when the segment\n"
	"                           still has anything attached (nattch > 0), 0 when not or gone\n"
	"  hold ID SECONDS [ro|rw|twice [NAME]]  attach (default ro; twice: two read-only attachments),\n"
	"                           taking the command name NAME (prctl PR_SET_NAME) when given,\n"
	"                           print 'attached PID' and wait, then detach\n"
	"  lock ID | unlock ID      shmctl(SHM_LOCK / SHM_UNLOCK)\n"
	"  chown ID UID GID         shmctl(IPC_SET) the owner\n"
	"  write ID TEXT            attach read-write and copy TEXT to the start of the segment\n"
	"  fill ID KIND SEED        attach read-write and fill the whole segment: KIND is zero, random,\n"
	"                           or runs (16-byte lines repeated in runs of varying length)\n"
	"  save ID FILE             attach read-only and write the segment's bytes to FILE\n"
	"  posix-create NAME SIZE TEXT [MODE]  shm_open(O_CREAT|O_EXCL) the POSIX object NAME (\"/x\"),\n"
	"                           ftruncate to SIZE, mmap, copy TEXT to its start; MODE is octal\n"
	"                           (default 600, set with fchmod whatever the umask); exit 3 if it exists\n"
	"  posix-hold NAME SECONDS [ro|rw|twice]  map the object (default ro; twice: two read-only\n"
	"                           mappings), print 'attached PID' and wait, then unmap\n"
	"  posix-unlink NAME        shm_unlink\n"
	"  compat N                 N 32-bit system calls numbered 64 and 65 (int 0x80: getppid,\n"
	"                           getpgrp), the numbers of semget and semop on x86_64; exit 4\n"
	"                           where there is no 32-bit entry\n"
	"  churn N                  N times shmget(IPC_PRIVATE, 4096) and shmctl(IPC_RMID) it,\n"
	"                           as fast as it can; prints the seconds it took\n"
	"  shmem-hold MEMFD ANON SECONDS  a memfd of MEMFD bytes (kept open) and a shared anonymous\n"
	"                           mapping of ANON bytes, every page written, then print\n"
	"                           'attached PID' and wait: Shmem that no file or segment names\n"
	"  chroot-hold DIR SECONDS [FILE...]  chroot to DIR (needs root), map each FILE (a path\n"
	"                           inside DIR) read-only and shared, print 'attached PID' and wait\n";

static const char *prog = "segtool";

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line naming the problem, then the usage text, all on stderr. */
static int usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage_text);
	return EXIT_USAGE;
}

static int syserr(const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s %s: %s\n", prog, what, arg, strerror(errno));
	return 1;
}

/* Whole string as an unsigned number in base (0: C rules, so 0x.. is hex); -1 if not. */
static int parse_ull(const char *s, int base, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (*end || errno || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_id(const char *s, int *id)
{
	unsigned long long v;

	if (parse_ull(s, 10, 0x7fffffff, &v) < 0)
		return -1;
	*id = (int)v;
	return 0;
}

static int cmd_create(int argc, char **argv, int extra)
{
	unsigned long long key, size, mode = 0600;
	int id;

	if (argc < 2 || argc > 3)
		return usage("%s needs KEY SIZE [MODE]", extra < 0 ? "get" : extra ? "create-huge" :
			     "create");
	if (parse_ull(argv[0], 0, 0xffffffffull, &key) < 0)
		return usage("invalid key '%s': give 0, a decimal number or 0x hex", argv[0]);
	if (parse_ull(argv[1], 0, (unsigned long long)SIZE_MAX, &size) < 0 || size == 0)
		return usage("invalid size '%s': give a number of bytes of at least 1", argv[1]);
	if (argc == 3 && parse_ull(argv[2], 8, 0777, &mode) < 0)
		return usage("invalid mode '%s': give octal permissions like 600", argv[2]);
	if (extra < 0) /* get: no IPC_EXCL */
		id = shmget((key_t)(unsigned)key, (size_t)size, IPC_CREAT | 0666);
	else
		id = shmget((key_t)(unsigned)key, (size_t)size, IPC_CREAT | IPC_EXCL | extra |
			    (int)mode);
	if (id < 0) {
		int rc = errno == EEXIST ? EXIT_EXISTS : 1;

		syserr("shmget key", argv[0]);
		return rc;
	}
	printf("%d\n", id);
	return 0;
}

static int cmd_stat(int argc, char **argv)
{
	struct shmid_ds ds;
	unsigned mode;
	int id;

	if (argc != 1)
		return usage("stat needs ID");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid shmid '%s'", argv[0]);
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return syserr("IPC_STAT shmid", argv[0]);
	mode = (unsigned)ds.shm_perm.mode;
	printf("{\"key\":\"0x%08x\",\"shmid\":%d,\"perms\":\"0%03o\",\"size\":%llu,\"nattch\":%llu,"
	       "\"dest\":%s,\"locked\":%s,\"uid\":%u,\"gid\":%u,\"cuid\":%u,\"cgid\":%u,"
	       "\"cpid\":%d,\"lpid\":%d,\"atime\":%lld,\"dtime\":%lld,\"ctime\":%lld}\n",
	       (unsigned)ds.shm_perm.__key, id, mode & 0777u, (unsigned long long)ds.shm_segsz,
	       (unsigned long long)ds.shm_nattch, mode & SHM_DEST ? "true" : "false",
	       mode & SHM_LOCKED ? "true" : "false", (unsigned)ds.shm_perm.uid,
	       (unsigned)ds.shm_perm.gid, (unsigned)ds.shm_perm.cuid, (unsigned)ds.shm_perm.cgid,
	       (int)ds.shm_cpid, (int)ds.shm_lpid, (long long)ds.shm_atime, (long long)ds.shm_dtime,
	       (long long)ds.shm_ctime);
	return 0;
}

static int cmd_evidence(int argc, char **argv)
{
	struct shmid_ds ds;
	int id;

	if (argc != 1)
		return usage("evidence needs ID");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid shmid '%s'", argv[0]);
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return syserr("IPC_STAT shmid", argv[0]);
	printf("%llu %d %lld %lld\n", (unsigned long long)ds.shm_nattch, (int)ds.shm_lpid,
	       (long long)ds.shm_atime, (long long)ds.shm_dtime);
	return 0;
}

/* What PostgreSQL does before it reuses its old segment after a crash (PGSharedMemoryIsInUse):
 * anything still attached means a server may still be running, and it refuses to start. */
static int cmd_inuse(int argc, char **argv)
{
	struct shmid_ds ds;
	int id;

	if (argc != 1)
		return usage("inuse needs ID");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid shmid '%s'", argv[0]);
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return 0; /* gone: nothing in use */
	if (ds.shm_nattch) {
		fprintf(stderr, "FATAL: pre-existing shared memory block (key %u, ID %d) is still in "
			"use\n", (unsigned)ds.shm_perm.__key, id);
		return 1;
	}
	return 0;
}

static int cmd_simple(const char *name, int cmd, int argc, char **argv)
{
	int id;

	if (argc != 1)
		return usage("%s needs ID", name);
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid shmid '%s'", argv[0]);
	if (shmctl(id, cmd, NULL) < 0) {
		if (errno == EPERM && (cmd == SHM_LOCK || cmd == SHM_UNLOCK))
			fprintf(stderr, "%s: %s shmid %s: not permitted (needs CAP_IPC_LOCK or a "
				"large enough RLIMIT_MEMLOCK)\n", prog, name, argv[0]);
		else
			syserr(name, argv[0]);
		return 1;
	}
	return 0;
}

static int cmd_chown(int argc, char **argv)
{
	struct shmid_ds ds;
	unsigned long long uid, gid;
	int id;

	if (argc != 3)
		return usage("chown needs ID UID GID");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid shmid '%s'", argv[0]);
	if (parse_ull(argv[1], 10, 0xfffffffeull, &uid) < 0)
		return usage("invalid uid '%s'", argv[1]);
	if (parse_ull(argv[2], 10, 0xfffffffeull, &gid) < 0)
		return usage("invalid gid '%s'", argv[2]);
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return syserr("IPC_STAT shmid", argv[0]);
	ds.shm_perm.uid = (uid_t)uid;
	ds.shm_perm.gid = (gid_t)gid;
	if (shmctl(id, IPC_SET, &ds) < 0)
		return syserr("IPC_SET shmid", argv[0]);
	return 0;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int cmd_hold(int argc, char **argv)
{
	struct sigaction sa;
	struct timespec ts;
	char *end;
	double secs;
	void *addr, *addr2 = NULL;
	int id, flags = SHM_RDONLY, twice = 0;

	if (argc < 2 || argc > 4)
		return usage("hold needs ID SECONDS [ro|rw|twice [NAME]]");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid shmid '%s'", argv[0]);
	errno = 0;
	secs = strtod(argv[1], &end);
	if (!*argv[1] || *end || errno || !(secs >= 0.0 && secs <= 86400.0))
		return usage("invalid seconds '%s': give 0 to 86400", argv[1]);
	if (argc == 4 && prctl(PR_SET_NAME, argv[3], 0, 0, 0) < 0) /* a command name of its choosing */
		return syserr("prctl PR_SET_NAME", argv[3]);
	if (argc >= 3) {
		if (strcmp(argv[2], "rw") == 0)
			flags = 0;
		else if (strcmp(argv[2], "twice") == 0)
			twice = 1;
		else if (strcmp(argv[2], "ro") != 0)
			return usage("invalid attach mode '%s': use ro, rw or twice", argv[2]);
	}
	/* Detach cleanly on TERM/INT so the test's cleanup sees an ordinary shmdt. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	addr = shmat(id, NULL, flags);
	if (addr == (void *)-1)
		return syserr("shmat shmid", argv[0]);
	if (twice) {
		addr2 = shmat(id, NULL, flags);
		if (addr2 == (void *)-1)
			return syserr("second shmat shmid", argv[0]);
	}
	printf("attached %ld\n", (long)getpid());
	fflush(stdout);
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	if (shmdt(addr) < 0 || (addr2 && shmdt(addr2) < 0))
		return syserr("shmdt shmid", argv[0]);
	return 0;
}

static int cmd_write(int argc, char **argv)
{
	struct shmid_ds ds;
	size_t len;
	void *addr;
	int id;

	if (argc != 2)
		return usage("write needs ID TEXT");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid shmid '%s'", argv[0]);
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return syserr("IPC_STAT shmid", argv[0]);
	len = strlen(argv[1]);
	if (len > ds.shm_segsz) {
		fprintf(stderr, "%s: text of %zu bytes does not fit in shmid %s (%zu bytes)\n", prog,
			len, argv[0], (size_t)ds.shm_segsz);
		return 1;
	}
	addr = shmat(id, NULL, 0);
	if (addr == (void *)-1)
		return syserr("shmat shmid", argv[0]);
	memcpy(addr, argv[1], len);
	if (shmdt(addr) < 0)
		return syserr("shmdt shmid", argv[0]);
	return 0;
}

/* A small deterministic generator, so a failing case can be reproduced from its seed. */
static uint32_t next_rand(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

static int cmd_fill(int argc, char **argv)
{
	struct shmid_ds ds;
	unsigned char *p;
	uint32_t seed;
	size_t size;
	int id;

	if (argc != 3)
		return usage("fill needs ID KIND SEED");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid shmid '%s'", argv[0]);
	if (strcmp(argv[1], "zero") && strcmp(argv[1], "random") && strcmp(argv[1], "runs"))
		return usage("invalid fill kind '%s': use zero, random or runs", argv[1]);
	seed = (uint32_t)strtoul(argv[2], NULL, 10);
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return syserr("IPC_STAT shmid", argv[0]);
	size = ds.shm_segsz;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return syserr("shmat shmid", argv[0]);
	if (strcmp(argv[1], "zero") == 0) {
		memset(p, 0, size);
	} else if (strcmp(argv[1], "random") == 0) {
		for (size_t i = 0; i < size; i++)
			p[i] = (unsigned char)next_rand(&seed);
	} else {
		unsigned char line[16];
		size_t i = 0;

		while (i < size) {
			size_t run = 1 + next_rand(&seed) % 5;

			for (size_t k = 0; k < sizeof(line); k++)
				line[k] = (unsigned char)(next_rand(&seed) % 3 ? 0 : next_rand(&seed));
			for (size_t r = 0; r < run && i < size; r++)
				for (size_t k = 0; k < sizeof(line) && i < size; k++)
					p[i++] = line[k];
		}
	}
	if (shmdt(p) < 0)
		return syserr("shmdt shmid", argv[0]);
	return 0;
}

/* ------------------------------------------------------------------ POSIX objects */

static int cmd_posix_create(int argc, char **argv)
{
	unsigned long long size, mode = 0600;
	size_t len;
	void *p;
	int fd;

	if (argc < 3 || argc > 4)
		return usage("posix-create needs NAME SIZE TEXT [MODE]");
	if (argv[0][0] != '/' || !argv[0][1] || strchr(argv[0] + 1, '/'))
		return usage("invalid name '%s': give '/' and a name without another '/'", argv[0]);
	if (parse_ull(argv[1], 0, (unsigned long long)SIZE_MAX, &size) < 0)
		return usage("invalid size '%s': give a number of bytes", argv[1]);
	if (argc == 4 && parse_ull(argv[3], 8, 07777, &mode) < 0)
		return usage("invalid mode '%s': give octal permissions like 600", argv[3]);
	len = strlen(argv[2]);
	if (len > size) {
		fprintf(stderr, "%s: text of %zu bytes does not fit in %llu bytes\n", prog, len, size);
		return 1;
	}
	fd = shm_open(argv[0], O_RDWR | O_CREAT | O_EXCL, (mode_t)mode);
	if (fd < 0) {
		int rc = errno == EEXIST ? EXIT_EXISTS : 1;

		syserr("shm_open", argv[0]);
		return rc;
	}
	if (fchmod(fd, (mode_t)mode) < 0 || ftruncate(fd, (off_t)size) < 0) {
		syserr("fchmod/ftruncate", argv[0]);
		close(fd);
		shm_unlink(argv[0]);
		return 1;
	}
	if (size > 0) {
		p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			syserr("mmap", argv[0]);
			close(fd);
			shm_unlink(argv[0]);
			return 1;
		}
		memcpy(p, argv[2], len);
		munmap(p, (size_t)size);
	}
	close(fd);
	return 0;
}

static int cmd_posix_hold(int argc, char **argv)
{
	struct sigaction sa;
	struct timespec ts;
	struct stat st;
	char *end;
	double secs;
	void *p, *p2 = NULL;
	int fd, rw = 0, twice = 0;

	if (argc < 2 || argc > 3)
		return usage("posix-hold needs NAME SECONDS [ro|rw|twice]");
	errno = 0;
	secs = strtod(argv[1], &end);
	if (!*argv[1] || *end || errno || !(secs >= 0.0 && secs <= 86400.0))
		return usage("invalid seconds '%s': give 0 to 86400", argv[1]);
	if (argc == 4 && prctl(PR_SET_NAME, argv[3], 0, 0, 0) < 0) /* a command name of its choosing */
		return syserr("prctl PR_SET_NAME", argv[3]);
	if (argc >= 3) {
		if (strcmp(argv[2], "rw") == 0)
			rw = 1;
		else if (strcmp(argv[2], "twice") == 0)
			twice = 1;
		else if (strcmp(argv[2], "ro") != 0)
			return usage("invalid map mode '%s': use ro, rw or twice", argv[2]);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fd = shm_open(argv[0], rw ? O_RDWR : O_RDONLY, 0);
	if (fd < 0)
		return syserr("shm_open", argv[0]);
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		fprintf(stderr, "%s: %s: empty or unreadable, nothing to map\n", prog, argv[0]);
		close(fd);
		return 1;
	}
	p = mmap(NULL, (size_t)st.st_size, rw ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
	if (p != MAP_FAILED && twice) {
		p2 = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
		if (p2 == MAP_FAILED) {
			close(fd);
			return syserr("second mmap", argv[0]);
		}
	}
	close(fd);  /* the mapping keeps the object */
	if (p == MAP_FAILED)
		return syserr("mmap", argv[0]);
	printf("attached %ld\n", (long)getpid());
	fflush(stdout);
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	if (munmap(p, (size_t)st.st_size) < 0 || (p2 && munmap(p2, (size_t)st.st_size) < 0))
		return syserr("munmap", argv[0]);
	return 0;
}

static int cmd_posix_unlink(int argc, char **argv)
{
	if (argc != 1)
		return usage("posix-unlink needs NAME");
	if (shm_unlink(argv[0]) < 0)
		return syserr("shm_unlink", argv[0]);
	return 0;
}

/* A container's process as far as shmtop can tell: its root is DIR, and it maps files there. */
static int cmd_chroot_hold(int argc, char **argv)
{
	struct sigaction sa;
	struct timespec ts;
	struct stat st;
	char *end;
	double secs;
	void *p;
	int fd;

	if (argc < 2)
		return usage("chroot-hold needs DIR SECONDS [FILE...]");
	errno = 0;
	secs = strtod(argv[1], &end);
	if (!*argv[1] || *end || errno || !(secs >= 0.0 && secs <= 86400.0))
		return usage("invalid seconds '%s': give 0 to 86400", argv[1]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (chroot(argv[0]) < 0)
		return syserr("chroot", argv[0]);
	if (chdir("/") < 0)
		return syserr("chdir / in", argv[0]);
	for (int i = 2; i < argc; i++) {
		fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0 || st.st_size <= 0) {
			fprintf(stderr, "%s: %s: cannot open, or empty (nothing to map)\n", prog,
				argv[i]);
			return 1;
		}
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
		close(fd);      /* the mapping keeps the file */
		if (p == MAP_FAILED)
			return syserr("mmap", argv[i]);
	}
	printf("attached %ld\n", (long)getpid());
	fflush(stdout);
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}

static int cmd_compat(int argc, char **argv)
{
	long n;

	if (argc != 1 || (n = strtol(argv[0], NULL, 10)) < 1)
		return usage("compat needs N");
#if defined(__x86_64__)
	for (long i = 0; i < n; i++) {
		long r1, r2;

		__asm__ volatile("int $0x80" : "=a"(r1) : "a"(64L) : "memory");
		__asm__ volatile("int $0x80" : "=a"(r2) : "a"(65L) : "memory");
		if (r1 < 0 && r1 == -38)
			return 4; /* ENOSYS: no 32-bit entry here */
		(void)r2;
	}
	printf("done\n");
	return 0;
#else
	(void)n;
	return 4;
#endif
}

static int cmd_churn(int argc, char **argv)
{
	struct timespec a, b;
	char *end;
	long n;

	if (argc != 1)
		return usage("churn needs N");
	n = strtol(argv[0], &end, 10);
	if (*end || n < 1)
		return usage("invalid count '%s'", argv[0]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		int id = shmget(IPC_PRIVATE, 4096, 0600);

		if (id < 0)
			return syserr("shmget", argv[0]);
		if (shmctl(id, IPC_RMID, NULL) < 0)
			return syserr("shmctl IPC_RMID", argv[0]);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.6f\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	return 0;
}

static int cmd_shmem_hold(int argc, char **argv)
{
	struct sigaction sa;
	struct timespec ts;
	unsigned long long mb, ab;
	char *end, *p;
	double secs;
	int fd;

	if (argc != 3)
		return usage("shmem-hold needs MEMFD ANON SECONDS");
	mb = strtoull(argv[0], &end, 10);
	if (*end || !*argv[0])
		return usage("invalid size '%s'", argv[0]);
	ab = strtoull(argv[1], &end, 10);
	if (*end || !*argv[1])
		return usage("invalid size '%s'", argv[1]);
	secs = strtod(argv[2], &end);
	if (*end || !(secs >= 0.0 && secs <= 86400.0))
		return usage("invalid seconds '%s'", argv[2]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (mb) {
		fd = memfd_create("segtool-shmem", MFD_CLOEXEC);
		if (fd < 0)
			return syserr("memfd_create", argv[0]);
		if (ftruncate(fd, (off_t)mb) < 0)
			return syserr("ftruncate", argv[0]);
		p = mmap(NULL, (size_t)mb, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			return syserr("mmap", argv[0]);
		for (unsigned long long i = 0; i < mb; i += 4096)
			p[i] = 1;
		/* kept mapped and open: found in /proc/PID/maps and /proc/PID/fd */
	}
	if (ab) {
		p = mmap(NULL, (size_t)ab, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return syserr("mmap", argv[1]);
		for (unsigned long long i = 0; i < ab; i += 4096)
			p[i] = 1;
	}
	printf("attached %ld\n", (long)getpid());
	fflush(stdout);
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}

static int cmd_save(int argc, char **argv)
{
	struct shmid_ds ds;
	void *p;
	FILE *f;
	int id, rc = 0;

	if (argc != 2)
		return usage("save needs ID FILE");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid shmid '%s'", argv[0]);
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return syserr("IPC_STAT shmid", argv[0]);
	p = shmat(id, NULL, SHM_RDONLY);
	if (p == (void *)-1)
		return syserr("shmat shmid", argv[0]);
	f = fopen(argv[1], "wb");
	if (!f || fwrite(p, 1, ds.shm_segsz, f) != ds.shm_segsz || fclose(f) != 0) {
		fprintf(stderr, "%s: cannot write %s\n", prog, argv[1]);
		rc = 1;
	}
	shmdt(p);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2)
		return usage("no command given");
	cmd = argv[1];
	argc -= 2;
	argv += 2;
	if (strcmp(cmd, "create") == 0)
		return cmd_create(argc, argv, 0);
	if (strcmp(cmd, "get") == 0)
		return cmd_create(argc, argv, -1);
	if (strcmp(cmd, "create-huge") == 0)
		return cmd_create(argc, argv, SHM_HUGETLB);
	if (strcmp(cmd, "stat") == 0)
		return cmd_stat(argc, argv);
	if (strcmp(cmd, "rm") == 0)
		return cmd_simple("rm", IPC_RMID, argc, argv);
	if (strcmp(cmd, "evidence") == 0)
		return cmd_evidence(argc, argv);
	if (strcmp(cmd, "inuse") == 0)
		return cmd_inuse(argc, argv);
	if (strcmp(cmd, "hold") == 0)
		return cmd_hold(argc, argv);
	if (strcmp(cmd, "lock") == 0)
		return cmd_simple("lock", SHM_LOCK, argc, argv);
	if (strcmp(cmd, "unlock") == 0)
		return cmd_simple("unlock", SHM_UNLOCK, argc, argv);
	if (strcmp(cmd, "chown") == 0)
		return cmd_chown(argc, argv);
	if (strcmp(cmd, "write") == 0)
		return cmd_write(argc, argv);
	if (strcmp(cmd, "fill") == 0)
		return cmd_fill(argc, argv);
	if (strcmp(cmd, "save") == 0)
		return cmd_save(argc, argv);
	if (strcmp(cmd, "posix-create") == 0)
		return cmd_posix_create(argc, argv);
	if (strcmp(cmd, "posix-hold") == 0)
		return cmd_posix_hold(argc, argv);
	if (strcmp(cmd, "posix-unlink") == 0)
		return cmd_posix_unlink(argc, argv);
	if (strcmp(cmd, "chroot-hold") == 0)
		return cmd_chroot_hold(argc, argv);
	if (strcmp(cmd, "churn") == 0)
		return cmd_churn(argc, argv);
	if (strcmp(cmd, "compat") == 0)
		return cmd_compat(argc, argv);
	if (strcmp(cmd, "shmem-hold") == 0)
		return cmd_shmem_hold(argc, argv);
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	return usage("unknown command '%s'", cmd);
}
