/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_reader.c - reader.c on the real kernel, in the private IPC namespace the test suite gives
 * every unit test: each way of reading a segment gives its bytes, and what it does to the
 * segment's evidence (nattch, lpid, atime, dtime) is exactly what reader.h says. Through an
 * attacher's map_files and from its memory nothing changes, also after the attacher exits;
 * shmtop's own brief attach changes them once and is remembered; attaching for each read leaves
 * nothing attached between reads; a segment's id that names another segment is refused; reading
 * a sparse segment through a descriptor allocates none of it. The ways that need privilege
 * (map_files) are skipped where it is missing. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "reader.h"
#include "sysv.h"

struct evidence {
	uint64_t nattch;
	int32_t lpid;
	int64_t atime, dtime;
};

static struct evidence evidence_of(int id)
{
	struct shmseg s;

	assert_int_equal(sysv_stat(id, &s), 0);
	return (struct evidence){ s.nattch, s.lpid, s.atime, s.dtime };
}

static void assert_same_evidence(struct evidence a, struct evidence b)
{
	assert_int_equal(a.nattch, b.nattch);
	assert_int_equal(a.lpid, b.lpid);
	assert_int_equal(a.atime, b.atime);
	assert_int_equal(a.dtime, b.dtime);
}

/* Whether this process may follow /proc/self/map_files links (CAP_SYS_ADMIN or
 * CAP_CHECKPOINT_RESTORE): opening any entry of the directory, each a file mapping of ours. */
static int may_follow_map_files(void)
{
	DIR *d = opendir("/proc/self/map_files");
	struct dirent *de;
	int ok = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		int fd;

		if (de->d_name[0] == '.')
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY);
		ok = fd >= 0;
		if (fd >= 0)
			close(fd);
		break;
	}
	closedir(d);
	return ok;
}

/* A segment of size bytes, "hello, reader" at offset 0 and "tail" at size - 4, written by a child
 * that stays attached (read-write) until killed; or by us, detached, when holder is NULL. */
static int make_segment(size_t size, pid_t *holder)
{
	int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600), pfd[2];
	char c;

	assert_true(id >= 0);
	if (!holder) {
		char *p = shmat(id, NULL, 0);

		assert_true(p != (void *)-1);
		memcpy(p, "hello, reader", 13);
		memcpy(p + size - 4, "tail", 4);
		assert_int_equal(shmdt(p), 0);
		return id;
	}
	assert_int_equal(pipe(pfd), 0);
	*holder = fork();
	assert_true(*holder >= 0);
	if (*holder == 0) {
		char *p = shmat(id, NULL, 0);

		if (p == (void *)-1)
			_exit(1);
		memcpy(p, "hello, reader", 13);
		memcpy(p + size - 4, "tail", 4);
		if (write(pfd[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(pfd[1]);
	assert_int_equal(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	/* the attach and the writes are done; let a clock second pass so a change would show */
	return id;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void assert_bytes(struct reader *r, size_t size)
{
	char buf[16];

	assert_int_equal(reader_read(r, 0, buf, 13), 13);
	assert_memory_equal(buf, "hello, reader", 13);
	assert_int_equal(reader_read(r, size - 4, buf, 16), 4); /* short at the end */
	assert_memory_equal(buf, "tail", 4);
	assert_int_equal(reader_read(r, size, buf, 16), 0);
}

static struct shmseg listed(int id)
{
	struct shmseg s;

	assert_int_equal(sysv_stat(id, &s), 0);
	return s;
}

static void test_map_files_untouched(void **state)
{
	struct evidence e0, e1;
	struct reader r;
	struct shmseg s;
	pid_t holder;
	int id;

	(void)state;
	if (!may_follow_map_files())
		skip(); /* no CAP_SYS_ADMIN / CAP_CHECKPOINT_RESTORE */
	id = make_segment(65536, &holder);
	sleep(1);
	e0 = evidence_of(id);
	s = listed(id);
	assert_int_equal(reader_open_sysv(&r, "/proc", &s, 0), 0);
	assert_int_equal(r.via, READER_MAP_FILES);
	assert_int_equal(r.pid, holder);
	assert_bytes(&r, 65536);
	assert_int_equal(r.attaches, 0);
	e1 = evidence_of(id);
	assert_same_evidence(e0, e1);
	/* the attacher goes: the descriptor still reads, and it was not attached to */
	stop(holder);
	e1 = evidence_of(id);
	assert_int_equal(e1.nattch, 0);
	assert_int_equal(e1.lpid, holder);
	assert_bytes(&r, 65536);
	assert_same_evidence(e1, evidence_of(id));
	reader_close(&r);
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
}

static void test_vm_untouched(void **state)
{
	struct evidence e0;
	struct reader r;
	struct shmseg s;
	pid_t holder;
	int id;

	(void)state;
	id = make_segment(8192, &holder);
	e0 = evidence_of(id);
	s = listed(id);
	assert_int_equal(reader_open_sysv(&r, "/proc", &s, READER_AVOID_MAP_FILES), 0);
	assert_int_equal(r.via, READER_VM);
	assert_int_equal(r.pid, holder);
	assert_bytes(&r, 8192);
	assert_same_evidence(e0, evidence_of(id));
	/* the attacher goes: the next read finds another way (here: attach for each read) */
	stop(holder);
	assert_bytes(&r, 8192);
	assert_int_equal(r.via, READER_ATTACH_EACH);
	assert_int_equal(evidence_of(id).nattch, 0);
	reader_close(&r);
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
}

/* The attacher detaches and maps its own private memory at the same address: a read from its
 * memory must never pass that off as the segment's bytes. */
static void test_vm_mapping_replaced(void **state)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600), go[2], done[2];
	struct reader r;
	struct shmseg s;
	char buf[16], c;
	pid_t pid;

	(void)state;
	assert_true(id >= 0);
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(done), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *p = shmat(id, NULL, 0);

		if (p == (void *)-1)
			_exit(1);
		memcpy(p, "hello, reader", 13);
		if (write(done[1], "a", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		shmdt(p);
		if (mmap(p, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
			 0) != p)
			_exit(1);
		memcpy(p, "PRIVATE-SECRET", 14);
		if (write(done[1], "b", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	assert_int_equal(read(done[0], &c, 1), 1);
	s = listed(id);
	assert_int_equal(reader_open_sysv(&r, "/proc", &s, READER_AVOID_MAP_FILES), 0);
	assert_int_equal(r.via, READER_VM);
	assert_int_equal(reader_read(&r, 0, buf, 13), 13);
	assert_memory_equal(buf, "hello, reader", 13);
	assert_int_equal(write(go[1], "x", 1), 1);
	assert_int_equal(read(done[0], &c, 1), 1);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(reader_read(&r, 0, buf, 14), 14);
	assert_memory_equal(buf, "hello, reader", 13); /* the segment's, not PRIVATE-SECRET */
	assert_int_not_equal(r.via, READER_VM);
	reader_close(&r);
	stop(pid);
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
}

static void test_brief_attach(void **state)
{
	struct evidence e0, e1;
	struct reader r;
	struct shmseg s;
	int id;

	(void)state;
	if (!may_follow_map_files())
		skip();
	id = make_segment(65536, NULL);
	e0 = evidence_of(id);
	s = listed(id);
	sleep(1); /* so the attach's times differ from the setup's */
	assert_int_equal(reader_open_sysv(&r, "/proc", &s, 0), 0);
	assert_int_equal(r.via, READER_BRIEF_ATTACH);
	assert_int_equal(r.attaches, 1);
	assert_true(r.attach_ns > 0 && r.attach_ns < 100000000); /* microseconds, not a tenth of a second */
	/* once: nothing stays attached; lpid, atime and dtime are ours, and the old ones kept */
	e1 = evidence_of(id);
	assert_int_equal(e1.nattch, 0);
	assert_int_equal(e1.lpid, getpid());
	assert_true(e1.atime > e0.atime && e1.dtime > e0.dtime);
	assert_int_equal(r.lpid_before, e0.lpid);
	assert_int_equal(r.atime_before, e0.atime);
	assert_int_equal(r.dtime_before, e0.dtime);
	/* reading does not attach again */
	assert_bytes(&r, 65536);
	assert_same_evidence(e1, evidence_of(id));
	assert_int_equal(r.attaches, 1);
	reader_close(&r);
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
}

static void test_attach_each(void **state)
{
	struct reader r;
	struct shmseg s;
	int id;

	(void)state;
	id = make_segment(4096, NULL);
	s = listed(id);
	assert_int_equal(reader_open_sysv(&r, "/proc", &s, READER_AVOID_MAP_FILES | READER_AVOID_VM),
			 0);
	assert_int_equal(r.via, READER_ATTACH_EACH);
	assert_int_equal(r.attaches, 0); /* nothing until a read */
	assert_bytes(&r, 4096);
	assert_int_equal(r.attaches, 2); /* the two reads that had bytes to copy */
	assert_int_equal(evidence_of(id).nattch, 0);
	assert_int_equal(r.lpid_before, s.lpid);
	/* gone: the next read says so */
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
	{
		char buf[4];
		ssize_t n = reader_read(&r, 0, buf, sizeof(buf));

		assert_true(n == -EINVAL || n == -EIDRM || n == -ESTALE);
	}
	reader_close(&r);
}

static void test_identity(void **state)
{
	struct reader r;
	struct shmseg s;
	int id;

	(void)state;
	id = make_segment(4096, NULL);
	s = listed(id);
	s.ctime -= 10; /* an earlier segment that had this id */
	assert_int_equal(reader_open_sysv(&r, "/proc", &s, 0), -ESTALE);
	s = listed(id);
	s.size = 1u << 30; /* a listing that lies about the size */
	assert_int_equal(reader_open_sysv(&r, "/proc", &s, 0), -ESTALE);
	assert_int_equal(evidence_of(id).nattch, 0);
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
	s = listed(make_segment(4096, NULL)); /* and one that went */
	assert_int_equal(shmctl(s.shmid, IPC_RMID, NULL), 0);
	assert_true(reader_open_sysv(&r, "/proc", &s, 0) < 0);
}

static void test_marked_still_read(void **state)
{
	struct reader r;
	struct shmseg s;
	pid_t holder;
	int id;

	(void)state;
	id = make_segment(4096, &holder);
	s = listed(id);
	assert_int_equal(reader_open_sysv(&r, "/proc", &s, READER_AVOID_MAP_FILES | READER_AVOID_VM),
			 0);
	/* removed while attached: key 0, SHM_DEST; it is still the segment listed */
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
	assert_bytes(&r, 4096);
	stop(holder);
	reader_close(&r);
}

/* /proc/sysvipc/shm's rss of shmid, in bytes. */
static long long proc_rss(int id)
{
	FILE *f = fopen("/proc/sysvipc/shm", "r");
	char line[512];
	long long rss = -1;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		long long v[16];

		if (sscanf(line, "%lld %lld %llo %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld "
			   "%lld", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
			   &v[10], &v[11], &v[12], &v[13], &v[14]) == 15 && v[1] == id)
			rss = v[14];
	}
	fclose(f);
	return rss;
}

static void test_sparse_not_allocated(void **state)
{
	enum { SIZE = 64 << 20 };
	struct reader r;
	struct shmseg s;
	char *buf;
	int id;

	(void)state;
	if (!may_follow_map_files())
		skip();
	buf = malloc(1 << 20);
	assert_non_null(buf);
	id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
	assert_true(id >= 0);
	assert_int_equal(proc_rss(id), 0);
	s = listed(id);
	assert_int_equal(reader_open_sysv(&r, "/proc", &s, 0), 0);
	assert_int_equal(r.via, READER_BRIEF_ATTACH);
	for (uint64_t off = 0; off < SIZE; off += 1 << 20) {
		assert_int_equal(reader_read(&r, off, buf, 1 << 20), 1 << 20);
		for (int i = 0; i < 1 << 20; i += 4096)
			assert_int_equal(buf[i], 0);
	}
	assert_int_equal(proc_rss(id), 0); /* pread of a hole reads zeros and allocates nothing */
	reader_close(&r);
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_files_untouched),
		cmocka_unit_test(test_vm_untouched),
		cmocka_unit_test(test_vm_mapping_replaced),
		cmocka_unit_test(test_brief_attach),
		cmocka_unit_test(test_attach_each),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_marked_still_read),
		cmocka_unit_test(test_sparse_not_allocated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
