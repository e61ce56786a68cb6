/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* hexseg.c - create one large System V shared memory segment filled with known bytes, or copy a
 * segment's bytes to a file, for bench/hex.
 *
 *   hexseg create SIZE KIND IDFILE   create a segment of SIZE bytes (K, M or G suffix: powers of
 *                                    1024) under a fresh key, mode 0600, append "SHMID CPID" to
 *                                    IDFILE as soon as it exists, fill it, and print
 *                                    "SHMID KEY" (KEY as 0x%08x, the way shmtop shows it)
 *   hexseg save SHMID FILE           write the segment's bytes to FILE (created or truncated)
 *   hexseg hold SHMID                attach it read-only, print "attached PID", and stay attached
 *                                    until a signal ends it: the attacher whose mapping shmtop
 *                                    reads through (as a database server's would be)
 *
 * KIND is what the segment holds:
 *   random   pseudo-random bytes (splitmix64 with a fixed seed, so every run has the same bytes):
 *            every line of a hexdump differs, nothing to squeeze
 *   sparse   mostly zero: one 16-byte record (its own offset as text) every 64 KiB, the rest zero,
 *            so `hexdump -C` prints "*" for the runs of zero lines
 *
 * The key is picked at random among the keys no segment has (IPC_CREAT | IPC_EXCL, retried), so
 * bench/hex can find its segment in the dashboard by filtering on the key. SIGINT, SIGTERM, SIGHUP
 * and SIGQUIT are held until the id is recorded, so a segment is never created without being
 * recorded; `mkseg remove IDFILE` removes it. Writing every page also makes the segment resident,
 * so no later measurement pays for first-touch page allocation.
 * Exit status: 0 ok, 1 error (message on stderr), 2 usage. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end || !v)
		return -1;
	*out = v;
	return 0;
}

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void fill_random(uint8_t *p, uint64_t size)
{
	uint64_t s = 0x53484d544f504845ULL; /* "SHMTOPHE" */
	uint64_t i = 0;

	for (; i + 8 <= size; i += 8) {
		uint64_t v = splitmix64(&s);

		memcpy(p + i, &v, 8);
	}
	if (i < size) {
		uint64_t v = splitmix64(&s);

		memcpy(p + i, &v, (size_t)(size - i));
	}
}

static void fill_sparse(uint8_t *p, uint64_t size)
{
	/* Pages of a new segment read as zero; write the records, and one byte per page so every
	 * page is allocated (resident like the random segment, not the shared zero page). */
	for (uint64_t off = 0; off < size; off += 4096)
		p[off] = 0;
	for (uint64_t off = 0; off + 16 <= size; off += 64 * 1024) {
		char rec[17];

		snprintf(rec, sizeof(rec), "@%014llx\n", (unsigned long long)off);
		memcpy(p + off, rec, 16);
	}
}

static int hexseg_create(const char *size_arg, const char *kind, const char *idfile)
{
	sigset_t hold;
	uint64_t size, seed;
	int fd, id = -1, key = 0, err;
	char line[64];
	void *addr;

	if (parse_size(size_arg, &size) < 0) {
		fprintf(stderr, "hexseg: bad size '%s'\n", size_arg);
		return 2;
	}
	if (strcmp(kind, "random") != 0 && strcmp(kind, "sparse") != 0) {
		fprintf(stderr, "hexseg: bad kind '%s' (random or sparse)\n", kind);
		return 2;
	}
	fd = open(idfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "hexseg: %s: %s\n", idfile, strerror(errno));
		return 1;
	}
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGQUIT);
	sigprocmask(SIG_BLOCK, &hold, NULL);

	seed = (uint64_t)getpid() ^ ((uint64_t)time(NULL) << 20);
	for (int tries = 0; tries < 1000; tries++) {
		/* keys 0x10000000..0x7fffffff: positive, and eight hex digits in the table */
		key = (int)(0x10000000u + (uint32_t)(splitmix64(&seed) % 0x70000000u));
		id = shmget((key_t)key, (size_t)size, IPC_CREAT | IPC_EXCL | 0600);
		if (id >= 0 || errno != EEXIST)
			break;
	}
	if (id < 0) {
		err = errno;
		fprintf(stderr, "hexseg: shmget of %llu bytes: %s%s\n", (unsigned long long)size,
			strerror(err), err == EINVAL ? " (above kernel.shmmax?)" :
			err == ENOSPC ? " (kernel.shmall or shmmni reached)" :
			err == ENOMEM ? " (not enough memory)" : "");
		close(fd);
		return 1;
	}
	snprintf(line, sizeof(line), "%d %ld\n", id, (long)getpid());
	err = write_all(fd, line, strlen(line));
	if (err < 0 || close(fd) < 0) {
		shmctl(id, IPC_RMID, NULL); /* not recorded: remove it now rather than leak it */
		fprintf(stderr, "hexseg: %s: %s\n", idfile, strerror(err < 0 ? -err : errno));
		return 1;
	}
	sigprocmask(SIG_UNBLOCK, &hold, NULL); /* recorded: the caller's cleanup removes it */

	addr = shmat(id, NULL, 0);
	if (addr == (void *)-1) {
		fprintf(stderr, "hexseg: shmat shmid %d: %s\n", id, strerror(errno));
		return 1;
	}
	if (kind[0] == 'r')
		fill_random(addr, size);
	else
		fill_sparse(addr, size);
	shmdt(addr);
	printf("%d 0x%08x\n", id, (unsigned)key);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int hexseg_save(const char *id_arg, const char *path)
{
	struct shmid_ds ds;
	char *end;
	long id;
	void *addr;
	int fd, err;

	errno = 0;
	id = strtol(id_arg, &end, 10);
	if (errno || *end || end == id_arg || id < 0) {
		fprintf(stderr, "hexseg: bad shmid '%s'\n", id_arg);
		return 2;
	}
	if (shmctl((int)id, IPC_STAT, &ds) < 0) {
		fprintf(stderr, "hexseg: stat shmid %ld: %s\n", id, strerror(errno));
		return 1;
	}
	addr = shmat((int)id, NULL, SHM_RDONLY);
	if (addr == (void *)-1) {
		fprintf(stderr, "hexseg: shmat shmid %ld: %s\n", id, strerror(errno));
		return 1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "hexseg: %s: %s\n", path, strerror(errno));
		shmdt(addr);
		return 1;
	}
	err = write_all(fd, addr, ds.shm_segsz);
	shmdt(addr);
	if (err < 0 || close(fd) < 0) {
		fprintf(stderr, "hexseg: %s: %s\n", path, strerror(err < 0 ? -err : errno));
		return 1;
	}
	return 0;
}

static int hexseg_hold(const char *idtext)
{
	char *end;
	long id = strtol(idtext, &end, 10);
	void *p;

	if (*end || end == idtext || id < 0) {
		fprintf(stderr, "hexseg: bad shmid '%s'\n", idtext);
		return 2;
	}
	p = shmat((int)id, NULL, SHM_RDONLY);
	if (p == (void *)-1) {
		fprintf(stderr, "hexseg: shmat %ld: %s\n", id, strerror(errno));
		return 1;
	}
	printf("attached %d\n", (int)getpid());
	fflush(stdout);
	for (;;)
		pause(); /* until a signal's default action ends the process, which detaches */
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "create") == 0)
		return hexseg_create(argv[2], argv[3], argv[4]);
	if (argc == 4 && strcmp(argv[1], "save") == 0)
		return hexseg_save(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "hold") == 0)
		return hexseg_hold(argv[2]);
	fprintf(stderr, "usage: hexseg create SIZE random|sparse IDFILE | hexseg save SHMID FILE | "
		"hexseg hold SHMID\n");
	return 2;
}
