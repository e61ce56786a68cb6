/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_ipccollect.c - semcollect_read and msgcollect_read: the choice of source and the fallbacks
 * of ipccollect.c with their warnings, the limits from /proc/sys/kernel or IPC_INFO, the usage
 * counted from a complete list or taken from SEM_INFO/MSG_INFO, and msgcollect_qbytes. semctl and
 * msgctl are faked through the linker's --wrap; /proc is a fixture directory
 * (tests/data/ipccollect: proc as the kernel writes it, odd with a malformed line, a foreign
 * header and broken sysctls, empty with empty files). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "msgcollect.h"
#include "semcollect.h"

#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif
#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif

/* ------------------------------------------------------------ the fake kernel */

enum kernel {
	K_NEW,     /* Linux >= 4.17: *_STAT_ANY lists index 0 */
	K_OLD,     /* before 4.17: *_STAT_ANY unknown; *_STAT lists index 0, EACCES on 1 */
	K_REFUSED, /* every call fails with EPERM (a seccomp filter, say) */
	K_GONE,    /* Linux >= 4.17, and the object at index 1 is removed during the walk */
};

static enum kernel kernel;
static unsigned calls, stat_calls, info_calls; /* all calls; the *_STAT ones; the info ones */

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *info;
};

int __wrap_semctl(int semid, int semnum, int cmd, ...);
int __wrap_msgctl(int msqid, int cmd, struct msqid_ds *buf);

int __wrap_semctl(int semid, int semnum, int cmd, ...)
{
	union semun arg;
	va_list ap;

	(void)semnum;
	va_start(ap, cmd);
	arg = va_arg(ap, union semun);
	va_end(ap);
	calls++;
	stat_calls += cmd == SEM_STAT;
	if (kernel == K_REFUSED) {
		errno = EPERM;
		return -1;
	}
	if (cmd == IPC_INFO || cmd == SEM_INFO) {
		info_calls++;
		memset(arg.info, 0, sizeof(*arg.info));
		arg.info->semmsl = 11;
		arg.info->semmns = 22;
		arg.info->semopm = 33;
		arg.info->semmni = 44;
		arg.info->semvmx = 32767;
		arg.info->semusz = cmd == SEM_INFO ? 5 : 0;
		arg.info->semaem = cmd == SEM_INFO ? 9 : 0;
		return kernel == K_OLD || kernel == K_GONE ? 1 : 0; /* the highest index in use */
	}
	if (cmd == SEM_STAT_ANY && kernel == K_GONE && semid == 1) {
		errno = EIDRM;
		return -1;
	}
	if ((cmd == SEM_STAT_ANY && kernel != K_OLD && semid == 0) ||
	    (cmd == SEM_STAT && semid == 0)) {
		memset(arg.buf, 0, sizeof(*arg.buf));
		arg.buf->sem_perm.__key = 0x77;
		arg.buf->sem_perm.mode = 0600;
		arg.buf->sem_nsems = 2;
		arg.buf->sem_ctime = 1700000000;
		return 7;
	}
	errno = cmd == SEM_STAT && semid == 1 ? EACCES : EINVAL;
	return -1;
}

static void fake_queue(struct msqid_ds *buf)
{
	memset(buf, 0, sizeof(*buf));
	buf->msg_perm.__key = 0x88;
	buf->msg_perm.mode = 0600;
	buf->msg_qnum = 1;
	buf->msg_cbytes = 10;
	buf->msg_qbytes = 512;
	buf->msg_ctime = 1700000000;
}

int __wrap_msgctl(int msqid, int cmd, struct msqid_ds *buf)
{
	calls++;
	stat_calls += cmd == MSG_STAT;
	if (kernel == K_REFUSED) {
		errno = EPERM;
		return -1;
	}
	if (cmd == IPC_INFO || cmd == MSG_INFO) {
		struct msginfo *info = (struct msginfo *)(void *)buf;

		info_calls++;
		memset(info, 0, sizeof(*info));
		info->msgmax = 101;
		info->msgmnb = 202;
		info->msgmni = 303;
		info->msgpool = cmd == MSG_INFO ? 6 : 0;
		info->msgmap = cmd == MSG_INFO ? 7 : 0;
		info->msgtql = cmd == MSG_INFO ? 8 : 0;
		return kernel == K_OLD ? 1 : 0;
	}
	if ((cmd == MSG_STAT_ANY && kernel == K_NEW && msqid == 0) ||
	    (cmd == MSG_STAT && msqid == 0)) {
		fake_queue(buf);
		return 8;
	}
	if (cmd == IPC_STAT && msqid == 0) { /* the fixture's queue 0 has its qbytes here */
		fake_queue(buf);
		buf->msg_perm.__key = 9528;
		buf->msg_perm.cuid = 1002;
		buf->msg_perm.cgid = 1003;
		buf->msg_ctime = 1700000000;
		buf->msg_stime = 1700000100;
		buf->msg_qbytes = 4096;
		return 0;
	}
	errno = cmd == MSG_STAT && msqid == 1 ? EACCES : EINVAL;
	return -1;
}

/* ------------------------------------------------------------ helpers */

static char root_proc[4096], root_odd[4096], root_empty[4096];

static int setup(void **state)
{
	const char *top = getenv("top_srcdir");

	(void)state;
	if (!top || !*top)
		top = ".";
	snprintf(root_proc, sizeof(root_proc), "%s/tests/data/ipccollect/proc", top);
	snprintf(root_odd, sizeof(root_odd), "%s/tests/data/ipccollect/odd", top);
	snprintf(root_empty, sizeof(root_empty), "%s/tests/data/ipccollect/empty", top);
	return 0;
}

static char warn[512];

static int sem(struct semcollect *c, enum kernel k, enum ipc_source src, int is_auto,
	       const char *root)
{
	struct ipccollect_cfg cfg = { root, src, is_auto };

	kernel = k;
	calls = stat_calls = info_calls = 0;
	memset(warn, 'X', sizeof(warn) - 1);
	warn[sizeof(warn) - 1] = '\0';
	return semcollect_read(&cfg, c, warn, sizeof(warn));
}

static int msg(struct msgcollect *c, enum kernel k, enum ipc_source src, int is_auto,
	       const char *root)
{
	struct ipccollect_cfg cfg = { root, src, is_auto };

	kernel = k;
	calls = stat_calls = info_calls = 0;
	memset(warn, 'X', sizeof(warn) - 1);
	warn[sizeof(warn) - 1] = '\0';
	return msgcollect_read(&cfg, c, warn, sizeof(warn));
}

/* The arrays of the fixture's sysvipc/sem. */
static void assert_sem_fixture(const struct semcollect *c)
{
	assert_int_equal(c->st.source, IPC_SOURCE_PROC);
	assert_int_equal(c->sets.n, 3);
	assert_int_equal(c->sets.v[0].key, 9527);
	assert_int_equal(c->sets.v[1].nsems, 250);
	assert_int_equal(c->sets.v[2].key, -1);
}

/* The fake kernel's one array. */
static void assert_sem_fake(const struct semcollect *c)
{
	assert_int_equal(c->st.source, IPC_SOURCE_CTL);
	assert_int_equal(c->sets.n, 1);
	assert_int_equal(c->sets.v[0].semid, 7);
	assert_int_equal(c->sets.v[0].key, 0x77);
}

/* ------------------------------------------------------------ semaphore arrays */

static void test_sem_proc(void **state)
{
	struct semcollect c;

	(void)state;
	semcollect_init(&c);
	for (int is_auto = 0; is_auto < 2; is_auto++) {
		assert_int_equal(sem(&c, K_NEW, IPC_SOURCE_PROC, is_auto, root_proc), 0);
		assert_sem_fixture(&c);
		assert_string_equal(warn, "");
		/* limits from sys/kernel/sem, usage counted from the complete list: no semctl */
		assert_int_equal(calls, 0);
		assert_int_equal(c.limits.semmsl, 250);
		assert_int_equal(c.limits.semmns, 32000);
		assert_int_equal(c.limits.semopm, 32);
		assert_int_equal(c.limits.semmni, 128);
		assert_int_equal(c.limits.semvmx, 32767);
		assert_int_equal(c.usage.arrays, 3);
		assert_int_equal(c.usage.sems, 1 + 250 + 5);
	}
	/* the next poll empties the list first and reuses its memory */
	{
		struct semset *mem = c.sets.v;

		assert_int_equal(sem(&c, K_NEW, IPC_SOURCE_PROC, 0, root_proc), 0);
		assert_int_equal(c.sets.n, 3);
		assert_ptr_equal(c.sets.v, mem);
	}
	semcollect_free(&c);
}

static void test_sem_proc_fallbacks(void **state)
{
	struct semcollect c;

	(void)state;
	semcollect_init(&c);
	/* no /proc: the walk, with a warning naming the path; limits from IPC_INFO; usage from
	 * the list, which SEM_STAT_ANY made complete */
	assert_int_equal(sem(&c, K_NEW, IPC_SOURCE_PROC, 0, "/nonexistent"), 0);
	assert_sem_fake(&c);
	assert_string_equal(warn, "cannot read /nonexistent/sysvipc/sem (No such file or "
			    "directory); using semctl instead");
	assert_int_equal(c.limits.semmsl, 11);
	assert_int_equal(c.limits.semmni, 44);
	assert_int_equal(c.usage.arrays, 1);
	assert_int_equal(c.usage.sems, 2);
	/* an empty file is no list either */
	assert_int_equal(sem(&c, K_NEW, IPC_SOURCE_PROC, 0, root_empty), 0);
	assert_sem_fake(&c);
	assert_non_null(strstr(warn, "/sysvipc/sem (the file is empty); using semctl instead"));
	/* and on an old kernel, both warnings, and usage from SEM_INFO: the walk missed one */
	assert_int_equal(sem(&c, K_OLD, IPC_SOURCE_PROC, 0, "/nonexistent"), 0);
	assert_sem_fake(&c);
	assert_non_null(strstr(warn, "using semctl instead; SEM_STAT_ANY is not available"));
	assert_non_null(strstr(warn, "arrays you cannot read are not listed; 1 array vanished or "
			       "could not be read during the scan"));
	assert_int_equal(c.usage.arrays, 5);
	assert_int_equal(c.usage.sems, 9);
	semcollect_free(&c);
}

static void test_sem_odd(void **state)
{
	/* A malformed line: skipped with a warning, and the list is no longer complete, so usage
	 * comes from SEM_INFO; a broken sys/kernel/sem: limits from IPC_INFO. */
	struct semcollect c;

	(void)state;
	semcollect_init(&c);
	assert_int_equal(sem(&c, K_NEW, IPC_SOURCE_PROC, 0, root_odd), 0);
	assert_int_equal(c.st.source, IPC_SOURCE_PROC);
	assert_int_equal(c.sets.n, 2);
	assert_int_equal(c.st.malformed, 1);
	{
		char want[4200];

		snprintf(want, sizeof(want), "skipped 1 malformed line in %s/sysvipc/sem",
			 root_odd);
		assert_string_equal(warn, want);
	}
	assert_int_equal(c.usage.arrays, 5);
	assert_int_equal(c.usage.sems, 9);
	assert_int_equal(c.limits.semmsl, 11);
	assert_int_equal(c.limits.semopm, 33);
	assert_int_equal(info_calls, 2);
	/* nothing works: the limits are unknown but the kernel constant */
	assert_int_equal(sem(&c, K_REFUSED, IPC_SOURCE_PROC, 0, root_odd), 0);
	assert_int_equal(c.limits.semmsl, SEMSET_LIMIT_UNKNOWN);
	assert_int_equal(c.limits.semmni, SEMSET_LIMIT_UNKNOWN);
	assert_int_equal(c.limits.semvmx, 32767);
	assert_int_equal(c.usage.arrays, SEMSET_LIMIT_UNKNOWN);
	semcollect_free(&c);
}

static void test_sem_ctl(void **state)
{
	struct semcollect c;

	(void)state;
	semcollect_init(&c);
	/* chosen by shmtop, and the walk sees everything: kept, quietly */
	assert_int_equal(sem(&c, K_NEW, IPC_SOURCE_CTL, 1, root_proc), 0);
	assert_sem_fake(&c);
	assert_string_equal(warn, "");
	/* chosen by shmtop on an old kernel: /proc instead, quietly */
	assert_int_equal(sem(&c, K_OLD, IPC_SOURCE_CTL, 1, root_proc), 0);
	assert_sem_fixture(&c);
	assert_string_equal(warn, "");
	assert_int_equal(c.usage.arrays, 3);
	/* refused: /proc instead, quietly */
	assert_int_equal(sem(&c, K_REFUSED, IPC_SOURCE_CTL, 1, root_proc), 0);
	assert_sem_fixture(&c);
	assert_string_equal(warn, "");
	/* asked for by the user: kept, with the warning */
	assert_int_equal(sem(&c, K_OLD, IPC_SOURCE_CTL, 0, root_proc), 0);
	assert_sem_fake(&c);
	assert_non_null(strstr(warn, "SEM_STAT_ANY is not available"));
	/* an array removed during the walk: a warning, and usage from SEM_INFO, which counts
	 * what the walk could not */
	assert_int_equal(sem(&c, K_GONE, IPC_SOURCE_CTL, 0, root_proc), 0);
	assert_sem_fake(&c);
	assert_string_equal(warn, "1 array vanished or could not be read during the scan");
	assert_int_equal(c.usage.arrays, 5);
	assert_int_equal(c.usage.sems, 9);
	/* old kernel, no /proc: the walk's list stands, not walked again */
	assert_int_equal(sem(&c, K_OLD, IPC_SOURCE_CTL, 1, "/nonexistent"), 0);
	assert_sem_fake(&c);
	assert_int_equal(stat_calls, 2);
	assert_non_null(strstr(warn, "SEM_STAT_ANY is not available"));
	/* nothing at all: both reasons */
	assert_int_equal(sem(&c, K_REFUSED, IPC_SOURCE_CTL, 1, "/nonexistent"), -EPERM);
	assert_int_equal(c.sets.n, 0);
	assert_string_equal(warn, "cannot list semaphore arrays: semctl: Operation not permitted; "
			    "/nonexistent/sysvipc/sem: No such file or directory");
	assert_int_equal(sem(&c, K_REFUSED, IPC_SOURCE_CTL, 0, root_proc), -EPERM);
	assert_string_equal(warn, "cannot list semaphore arrays: Operation not permitted");
	semcollect_free(&c);
}

/* ------------------------------------------------------------ message queues */

static void test_msg_proc(void **state)
{
	struct msgcollect c;

	(void)state;
	msgcollect_init(&c);
	assert_int_equal(msg(&c, K_NEW, IPC_SOURCE_PROC, 0, root_proc), 0);
	assert_int_equal(c.st.source, IPC_SOURCE_PROC);
	assert_int_equal(c.queues.n, 2);
	assert_string_equal(warn, "");
	assert_int_equal(calls, 0);
	assert_int_equal(c.limits.msgmax, 4056);
	assert_int_equal(c.limits.msgmnb, 20000);
	assert_int_equal(c.limits.msgmni, 77);
	assert_int_equal(c.usage.queues, 2);
	assert_int_equal(c.usage.messages, 3);
	assert_int_equal(c.usage.bytes, 300);
	assert_int_equal(c.queues.v[0].qbytes, MSGQ_UNKNOWN);
	/* qbytes for the rows wanted: row 0 is the queue the fake's IPC_STAT knows; row 1's id
	 * is gone (EINVAL), left unknown */
	{
		const uint32_t rows[] = { 1, 0, 5 };

		assert_int_equal(msgcollect_qbytes(&c, rows, 3), 1);
		assert_int_equal(c.queues.v[0].qbytes, 4096);
		assert_int_equal(c.queues.v[1].qbytes, MSGQ_UNKNOWN);
		/* known ones are not asked again */
		calls = 0;
		assert_int_equal(msgcollect_qbytes(&c, NULL, 0), 0);
		assert_int_equal(calls, 1);
	}
	msgcollect_free(&c);
}

static void test_msg_fallbacks(void **state)
{
	struct msgcollect c;

	(void)state;
	msgcollect_init(&c);
	/* a header that is not the queues': the walk, with the reason; msgmax from IPC_INFO (its
	 * file is missing), msgmni too (negative), msgmnb from its file; IPC_INFO asked once */
	assert_int_equal(msg(&c, K_NEW, IPC_SOURCE_PROC, 0, root_odd), 0);
	assert_int_equal(c.st.source, IPC_SOURCE_CTL);
	assert_int_equal(c.queues.n, 1);
	assert_int_equal(c.queues.v[0].msqid, 8);
	assert_int_equal(c.queues.v[0].qbytes, 512);
	assert_non_null(strstr(warn, "/sysvipc/msg (its header has no key/msqid/perms/cbytes/qnum "
			       "columns); using msgctl instead"));
	assert_int_equal(c.limits.msgmax, 101);
	assert_int_equal(c.limits.msgmnb, 20000);
	assert_int_equal(c.limits.msgmni, 303);
	assert_int_equal(info_calls, 2); /* one for the walk, one for both limits */
	assert_int_equal(c.usage.queues, 1);
	assert_int_equal(c.usage.messages, 1);
	assert_int_equal(c.usage.bytes, 10);
	/* old kernel, by the user's choice: usage from MSG_INFO */
	assert_int_equal(msg(&c, K_OLD, IPC_SOURCE_CTL, 0, root_proc), 0);
	assert_int_equal(c.st.source, IPC_SOURCE_CTL);
	assert_non_null(strstr(warn, "MSG_STAT_ANY is not available (Linux < 4.17, or refused): "
			       "queues you cannot read are not listed; 1 queue vanished"));
	assert_int_equal(c.usage.queues, 6);
	assert_int_equal(c.usage.messages, 7);
	assert_int_equal(c.usage.bytes, 8);
	/* refused, chosen by shmtop: /proc, quietly */
	assert_int_equal(msg(&c, K_REFUSED, IPC_SOURCE_CTL, 1, root_proc), 0);
	assert_int_equal(c.st.source, IPC_SOURCE_PROC);
	assert_int_equal(c.queues.n, 2);
	assert_string_equal(warn, "");
	/* nothing readable */
	assert_int_equal(msg(&c, K_REFUSED, IPC_SOURCE_PROC, 0, root_empty), -EPERM);
	assert_non_null(strstr(warn, "cannot list message queues: "));
	assert_int_equal(c.limits.msgmax, MSGQ_LIMIT_UNKNOWN);
	assert_int_equal(c.usage.queues, MSGQ_LIMIT_UNKNOWN);
	msgcollect_free(&c);
}

static void test_sysctl(void **state)
{
	/* ipccollect_sysctl: n numbers separated by blanks, nothing else */
	static const struct {
		const char *text;
		size_t n;
		int ok;
		uint64_t v[4];
	} cases[] = {
		{ "250\t32000\t32\t128\n", 4, 1, { 250, 32000, 32, 128 } },
		{ "  7 8\t 9  10  \n\n", 4, 1, { 7, 8, 9, 10 } },
		{ "8192\n", 1, 1, { 8192 } },
		{ "18446744073709551615\n", 1, 1, { UINT64_MAX } },
		{ "18446744073709551616\n", 1, 0, { 0 } },
		{ "8192", 1, 1, { 8192 } },
		{ "1 2 3\n", 4, 0, { 0 } },      /* too few */
		{ "1 2 3 4 5\n", 4, 0, { 0 } },  /* too many */
		{ "8192x\n", 1, 0, { 0 } },
		{ "1,2 3 4\n", 4, 0, { 0 } },
		{ "-1\n", 1, 0, { 0 } },
		{ "+1\n", 1, 0, { 0 } },
		{ "\n", 1, 0, { 0 } },
		{ "", 1, 0, { 0 } },
	};
	char dir[] = "/tmp/shmtop-test-sysctl.XXXXXX", path[4200];
	uint64_t v[4];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sys", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/sys/kernel", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/sys/kernel/x", dir);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *f = fopen(path, "w");
		int rc;

		assert_non_null(f);
		fputs(cases[i].text, f);
		fclose(f);
		memset(v, 0x5a, sizeof(v));
		rc = ipccollect_sysctl(dir, "x", v, cases[i].n);
		if (cases[i].ok) {
			assert_int_equal(rc, 0);
			assert_memory_equal(v, cases[i].v, cases[i].n * sizeof(v[0]));
		} else {
			if (rc != -EINVAL)
				fail_msg("\"%s\": %d", cases[i].text, rc);
			assert_int_equal(v[0], 0x5a5a5a5a5a5a5a5aull); /* untouched */
		}
	}
	assert_int_equal(ipccollect_sysctl(dir, "missing", v, 1), -ENOENT);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/sys/kernel", dir);
	assert_int_equal(rmdir(path), 0);
	snprintf(path, sizeof(path), "%s/sys", dir);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void test_warn_fits(void **state)
{
	/* a small warning buffer is cut, never overrun, also when sentences are added to it */
	struct semcollect c;
	struct ipccollect_cfg cfg = { "/nonexistent", IPC_SOURCE_PROC, 0 };
	char small[24];

	(void)state;
	semcollect_init(&c);
	kernel = K_OLD;
	memset(small, 'X', sizeof(small));
	assert_int_equal(semcollect_read(&cfg, &c, small, 16), 0);
	assert_int_equal(strlen(small), 15);
	assert_int_equal(small[16], 'X');
	cfg.source = IPC_SOURCE_CTL;
	memset(small, 'X', sizeof(small));
	assert_int_equal(semcollect_read(&cfg, &c, small, 16), 0);
	assert_string_equal(small, "SEM_STAT_ANY is");
	assert_int_equal(small[16], 'X');
	semcollect_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sem_proc),
		cmocka_unit_test(test_sem_proc_fallbacks),
		cmocka_unit_test(test_sem_odd),
		cmocka_unit_test(test_sem_ctl),
		cmocka_unit_test(test_msg_proc),
		cmocka_unit_test(test_msg_fallbacks),
		cmocka_unit_test(test_sysctl),
		cmocka_unit_test(test_warn_fits),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
