/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* ipctool.c - a test helper that makes real System V semaphore arrays and message queues for the
 * shell tests, uses them as programs do (SETALL, semop that may block, msgsnd, msgrcv), and prints
 * what shmtop's collection layer (semcollect, msgcollect, sysvsem_detail, the queue leak rule)
 * makes of them, one line per object with fixed field names, so a test can compare it with ipcs
 * and lsipc field by field.
 *
 * Unlike shmtop, this helper changes the objects it is given. It is never installed.
 *
 * Exit status: 0 ok, 1 the system call failed, 2 usage error, 3 "*-create" found the key in use,
 * 4 "sem-op" timed out. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <time.h>
#include <unistd.h>

#include "leak.h"
#include "msgcollect.h"
#include "procinfo.h"
#include "semcollect.h"
#include "sysvsem.h"

#define EXIT_USAGE 2
#define EXIT_EXISTS 3
#define EXIT_TIMEOUT 4
#define MAX_TEXT 8192

static const char usage_text[] =
	"Usage: ipctool COMMAND ARGS...\n"
	"  sem-create KEY NSEMS [MODE]  semget(IPC_CREAT|IPC_EXCL), print the semid; KEY is 0\n"
	"                         (IPC_PRIVATE), decimal or 0x hex; MODE octal (default 600)\n"
	"  sem-set ID VALUE...    semctl SETALL (one value per semaphore)\n"
	"  sem-op ID NUM OP [SECONDS]  print 'pid PID', then semop {NUM, OP} waiting at most\n"
	"                         SECONDS (default 600): OP < 0 may wait for an increase, 0 for\n"
	"                         zero\n"
	"  sem-chown ID UID GID   semctl IPC_SET the owner\n"
	"  sem-many N BEFORE AFTER  N private arrays of one semaphore ('made M'); BEFORE seconds\n"
	"                         later a semop on each ('operated M'); AFTER seconds later\n"
	"                         each removed\n"
	"  msg-create KEY [MODE]  msgget(IPC_CREAT|IPC_EXCL), print the msqid\n"
	"  msg-send ID TYPE TEXT  msgsnd one message (IPC_NOWAIT)\n"
	"  msg-recv ID [SECONDS]  msgrcv the first message (IPC_NOWAIT), print its text, and stay\n"
	"                         SECONDS (default 0) as a reader that is still there\n"
	"  rm-if sem|msg ID KEY   IPC_RMID, but only while ID still has KEY and we created it\n"
	"  collect sem|msg proc|ctl [PROCROOT [STALE]]  what semcollect_read or msgcollect_read\n"
	"                         see: one line per object, then 'limits', 'usage', 'source',\n"
	"                         'warn';\n"
	"                         a queue's leak reasons judged with STALE seconds (default 3600)\n"
	"  detail ID              sysvsem_detail: 'sem NUM value=V ncnt=N zcnt=Z pid=P' per\n"
	"                         semaphore\n";

static const char *prog = "ipctool";

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* Whole string as a number in base (0: C rules) within [min, max]; -1 if not. */
static int parse_ll(const char *s, int base, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (!*s || *s == ' ' || *s == '+')
		return -1;
	errno = 0;
	v = strtoll(s, &end, base);
	if (*end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_id(const char *s, int *id)
{
	long long v;

	if (parse_ll(s, 10, 0, INT32_MAX, &v) < 0)
		return -1;
	*id = (int)v;
	return 0;
}

static int parse_key(const char *s, key_t *key)
{
	long long v;

	if (parse_ll(s, 0, 0, 0xffffffffll, &v) < 0)
		return -1;
	*key = (key_t)(uint32_t)v;
	return 0;
}

static int created(int id, const char *what, const char *key)
{
	if (id < 0) {
		int rc = errno == EEXIST ? EXIT_EXISTS : 1;

		syserr(what, key);
		return rc;
	}
	printf("%d\n", id);
	return 0;
}

static int cmd_sem_create(int argc, char **argv)
{
	long long nsems, mode = 0600;
	key_t key;

	if (argc < 2 || argc > 3)
		return usage("sem-create needs KEY NSEMS [MODE]");
	if (parse_key(argv[0], &key) < 0)
		return usage("invalid key '%s'", argv[0]);
	if (parse_ll(argv[1], 10, 1, INT32_MAX, &nsems) < 0)
		return usage("invalid NSEMS '%s'", argv[1]);
	if (argc == 3 && parse_ll(argv[2], 8, 0, 0777, &mode) < 0)
		return usage("invalid mode '%s': give octal permissions like 600", argv[2]);
	return created(semget(key, (int)nsems, IPC_CREAT | IPC_EXCL | (int)mode), "semget key",
		       argv[0]);
}

static int cmd_sem_set(int argc, char **argv)
{
	unsigned short vals[256];
	union semun arg = { .array = vals };
	int id;

	if (argc < 2 || argc > 257)
		return usage("sem-set needs ID VALUE... (at most 256 values)");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid semid '%s'", argv[0]);
	for (int i = 1; i < argc; i++) {
		long long v;

		if (parse_ll(argv[i], 10, 0, 32767, &v) < 0)
			return usage("invalid value '%s': give 0 to 32767", argv[i]);
		vals[i - 1] = (unsigned short)v;
	}
	if (semctl(id, 0, SETALL, arg) < 0)
		return syserr("SETALL semid", argv[0]);
	return 0;
}

static int cmd_sem_op(int argc, char **argv)
{
	struct sembuf op = { 0 };
	struct timespec ts = { 600, 0 };
	long long num, v, secs;
	int id;

	if (argc < 3 || argc > 4)
		return usage("sem-op needs ID NUM OP [SECONDS]");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid semid '%s'", argv[0]);
	if (parse_ll(argv[1], 10, 0, 65535, &num) < 0)
		return usage("invalid semaphore number '%s'", argv[1]);
	if (parse_ll(argv[2], 10, -32767, 32767, &v) < 0)
		return usage("invalid operation '%s'", argv[2]);
	if (argc == 4) {
		if (parse_ll(argv[3], 10, 1, 86400, &secs) < 0)
			return usage("invalid seconds '%s'", argv[3]);
		ts.tv_sec = (time_t)secs;
	}
	op.sem_num = (unsigned short)num;
	op.sem_op = (short)v;
	printf("pid %d\n", (int)getpid());
	fflush(stdout);
	if (semtimedop(id, &op, 1, &ts) < 0) {
		if (errno == EAGAIN)
			return EXIT_TIMEOUT;
		return syserr("semop semid", argv[0]);
	}
	return 0;
}

static int cmd_sem_chown(int argc, char **argv)
{
	struct semid_ds ds;
	union semun arg = { .buf = &ds };
	long long uid, gid;
	int id;

	if (argc != 3)
		return usage("sem-chown needs ID UID GID");
	if (parse_id(argv[0], &id) < 0 || parse_ll(argv[1], 10, 0, UINT32_MAX, &uid) < 0 ||
	    parse_ll(argv[2], 10, 0, UINT32_MAX, &gid) < 0)
		return usage("invalid ID, UID or GID");
	if (semctl(id, 0, IPC_STAT, arg) < 0)
		return syserr("IPC_STAT semid", argv[0]);
	ds.sem_perm.uid = (uid_t)uid;
	ds.sem_perm.gid = (gid_t)gid;
	if (semctl(id, 0, IPC_SET, arg) < 0)
		return syserr("IPC_SET semid", argv[0]);
	return 0;
}

static int cmd_sem_many(int argc, char **argv)
{
	struct sembuf op = { 0, 1, 0 };
	long long n, before, after;
	int *ids, made = 0, done = 0;

	if (argc != 3 || parse_ll(argv[0], 10, 1, 1000000, &n) < 0 ||
	    parse_ll(argv[1], 10, 0, 86400, &before) < 0 ||
	    parse_ll(argv[2], 10, 0, 86400, &after) < 0)
		return usage("sem-many needs N (1 to 1000000) and two whole SECONDS");
	ids = calloc((size_t)n, sizeof(*ids));
	if (!ids)
		return syserr("calloc", argv[0]);
	for (long long i = 0; i < n; i++)
		if ((ids[i] = semget(IPC_PRIVATE, 1, 0600)) >= 0)
			made++;
	printf("made %d\n", made);
	fflush(stdout);
	sleep((unsigned)before);
	for (long long i = 0; i < n; i++)
		if (ids[i] >= 0 && semop(ids[i], &op, 1) == 0)
			done++;
	printf("operated %d\n", done);
	fflush(stdout);
	sleep((unsigned)after);
	for (long long i = 0; i < n; i++)
		if (ids[i] >= 0)
			semctl(ids[i], 0, IPC_RMID);
	free(ids);
	return 0;
}

static int cmd_msg_create(int argc, char **argv)
{
	long long mode = 0600;
	key_t key;

	if (argc < 1 || argc > 2)
		return usage("msg-create needs KEY [MODE]");
	if (parse_key(argv[0], &key) < 0)
		return usage("invalid key '%s'", argv[0]);
	if (argc == 2 && parse_ll(argv[1], 8, 0, 0777, &mode) < 0)
		return usage("invalid mode '%s': give octal permissions like 600", argv[1]);
	return created(msgget(key, IPC_CREAT | IPC_EXCL | (int)mode), "msgget key", argv[0]);
}

struct message {
	long mtype;
	char mtext[MAX_TEXT];
};

static int cmd_msg_send(int argc, char **argv)
{
	static struct message m;
	long long type;
	size_t len;
	int id;

	if (argc != 3)
		return usage("msg-send needs ID TYPE TEXT");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid msqid '%s'", argv[0]);
	if (parse_ll(argv[1], 10, 1, INT32_MAX, &type) < 0)
		return usage("invalid type '%s': give 1 or more", argv[1]);
	len = strlen(argv[2]);
	if (len > MAX_TEXT)
		return usage("text too long: at most %d bytes", MAX_TEXT);
	m.mtype = (long)type;
	memcpy(m.mtext, argv[2], len);
	if (msgsnd(id, &m, len, IPC_NOWAIT) < 0)
		return syserr("msgsnd msqid", argv[0]);
	return 0;
}

static int cmd_msg_recv(int argc, char **argv)
{
	static struct message m;
	long long hold = 0;
	ssize_t n;
	int id;

	if (argc < 1 || argc > 2)
		return usage("msg-recv needs ID [SECONDS]");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid msqid '%s'", argv[0]);
	if (argc == 2 && parse_ll(argv[1], 10, 0, 86400, &hold) < 0)
		return usage("invalid seconds '%s'", argv[1]);
	n = msgrcv(id, &m, MAX_TEXT, 0, IPC_NOWAIT | MSG_NOERROR);
	if (n < 0)
		return syserr("msgrcv msqid", argv[0]);
	printf("%.*s\n", (int)n, m.mtext);
	fflush(stdout);
	if (hold)
		sleep((unsigned)hold); /* a reader that stays */
	return 0;
}

static int cmd_rm_if(int argc, char **argv)
{
	key_t key, now;
	uid_t cuid;
	int id, sem;

	if (argc != 3 || (strcmp(argv[0], "sem") && strcmp(argv[0], "msg")))
		return usage("rm-if needs sem|msg ID KEY");
	sem = argv[0][0] == 's';
	if (parse_id(argv[1], &id) < 0 || parse_key(argv[2], &key) < 0)
		return usage("invalid ID or KEY");
	if (sem) {
		struct semid_ds ds;
		union semun arg = { .buf = &ds };

		if (semctl(id, 0, IPC_STAT, arg) < 0)
			return errno == EINVAL || errno == EIDRM ? 0 :
			       syserr("IPC_STAT semid", argv[1]);
		now = ds.sem_perm.__key;
		cuid = ds.sem_perm.cuid;
	} else {
		struct msqid_ds ds;

		if (msgctl(id, IPC_STAT, &ds) < 0)
			return errno == EINVAL || errno == EIDRM ? 0 :
			       syserr("IPC_STAT msqid", argv[1]);
		now = ds.msg_perm.__key;
		cuid = ds.msg_perm.cuid;
	}
	if (now != key || cuid != geteuid())
		return 0; /* another object has the id now: not ours */
	if ((sem ? semctl(id, 0, IPC_RMID, (union semun){ .val = 0 }) :
		   msgctl(id, IPC_RMID, NULL)) < 0)
		return syserr("IPC_RMID id", argv[1]);
	return 0;
}

/* A limit or usage figure, "?" when unknown. */
static const char *num(uint64_t v, char *buf, size_t n)
{
	if (v == UINT64_MAX)
		return "?";
	snprintf(buf, n, "%llu", (unsigned long long)v);
	return buf;
}

static void print_tail(const struct ipccollect_stats *st, const char *warn)
{
	printf("source %s\n", st->source == IPC_SOURCE_PROC ? "proc" : "ctl");
	printf("warn %s\n", warn);
}

static int collect_sem(const struct ipccollect_cfg *cfg)
{
	struct semcollect c;
	char warn[1024], b[5][24];
	int rc;

	semcollect_init(&c);
	rc = semcollect_read(cfg, &c, warn, sizeof(warn));
	for (size_t i = 0; i < c.sets.n; i++) {
		const struct semset *s = &c.sets.v[i];

		printf("sem semid=%d key=0x%08x perms=%o uid=%u gid=%u cuid=%u cgid=%u nsems=%u "
		       "otime=%lld ctime=%lld\n", s->semid, (unsigned)s->key, s->mode, s->uid,
		       s->gid, s->cuid, s->cgid, s->nsems, (long long)s->otime,
		       (long long)s->ctime);
	}
	printf("limits semmsl=%s semmns=%s semopm=%s semmni=%s semvmx=%s\n",
	       num(c.limits.semmsl, b[0], 24), num(c.limits.semmns, b[1], 24),
	       num(c.limits.semopm, b[2], 24), num(c.limits.semmni, b[3], 24),
	       num(c.limits.semvmx, b[4], 24));
	printf("usage arrays=%s sems=%s\n", num(c.usage.arrays, b[0], 24),
	       num(c.usage.sems, b[1], 24));
	print_tail(&c.st, warn);
	semcollect_free(&c);
	return rc < 0 ? 1 : 0;
}

/* Whether pid is gone since `when`, read from <procroot>/PID/stat; pid 0 is never gone. */
static int gone(const char *procroot, const struct procclock *clk, int32_t pid, int64_t when)
{
	struct procinfo pi;

	if (pid <= 0 || procinfo_read(procroot, pid, clk, &pi) < 0)
		return 0;
	return procinfo_gone_since(&pi, when);
}

static int collect_msg(const struct ipccollect_cfg *cfg, int64_t stale)
{
	struct msgcollect c;
	struct procclock clk;
	char warn[1024], b[3][24], reasons[LEAK_FORMAT_LEN];
	int64_t now = (int64_t)time(NULL);
	int rc;

	msgcollect_init(&c);
	procinfo_clock_read(cfg->procroot, sysconf(_SC_CLK_TCK), &clk);
	rc = msgcollect_read(cfg, &c, warn, sizeof(warn));
	msgcollect_qbytes(&c, NULL, 0);
	for (size_t i = 0; i < c.queues.n; i++) {
		const struct msgq *q = &c.queues.v[i];
		unsigned r = leak_msg_reasons(q, gone(cfg->procroot, &clk, q->lrpid, q->rtime),
					      gone(cfg->procroot, &clk, q->lspid, q->stime), now,
					      stale);

		leak_format(r, reasons, sizeof(reasons));
		printf("msg msqid=%d key=0x%08x perms=%o uid=%u gid=%u cuid=%u cgid=%u cbytes=%llu "
		       "qnum=%llu qbytes=%lld lspid=%d lrpid=%d stime=%lld rtime=%lld ctime=%lld "
		       "leak=%s suspect=%d\n", q->msqid, (unsigned)q->key, q->mode, q->uid, q->gid,
		       q->cuid, q->cgid, (unsigned long long)q->cbytes,
		       (unsigned long long)q->qnum, (long long)q->qbytes, q->lspid, q->lrpid,
		       (long long)q->stime, (long long)q->rtime, (long long)q->ctime, reasons,
		       leak_is_suspect(r));
	}
	printf("limits msgmax=%s msgmnb=%s msgmni=%s\n", num(c.limits.msgmax, b[0], 24),
	       num(c.limits.msgmnb, b[1], 24), num(c.limits.msgmni, b[2], 24));
	printf("usage queues=%s messages=%s bytes=%s\n", num(c.usage.queues, b[0], 24),
	       num(c.usage.messages, b[1], 24), num(c.usage.bytes, b[2], 24));
	print_tail(&c.st, warn);
	msgcollect_free(&c);
	return rc < 0 ? 1 : 0;
}

static int cmd_collect(int argc, char **argv)
{
	struct ipccollect_cfg cfg = { "/proc", IPC_SOURCE_PROC, 0 };
	long long stale = LEAK_STALE_DEFAULT;

	if (argc < 2 || argc > 4 || (strcmp(argv[0], "sem") && strcmp(argv[0], "msg")) ||
	    (strcmp(argv[1], "proc") && strcmp(argv[1], "ctl")))
		return usage("collect needs sem|msg proc|ctl [PROCROOT [STALE]]");
	if (argv[1][0] == 'c')
		cfg.source = IPC_SOURCE_CTL;
	if (argc >= 3)
		cfg.procroot = argv[2];
	if (argc == 4 && parse_ll(argv[3], 10, 1, INT64_MAX, &stale) < 0)
		return usage("invalid STALE '%s'", argv[3]);
	return argv[0][0] == 's' ? collect_sem(&cfg) : collect_msg(&cfg, stale);
}

static int cmd_detail(int argc, char **argv)
{
	struct semset s;
	struct semset_sem *sems;
	int id, rc;

	if (argc != 1)
		return usage("detail needs ID");
	if (parse_id(argv[0], &id) < 0)
		return usage("invalid semid '%s'", argv[0]);
	rc = sysvsem_stat(id, &s);
	if (rc < 0) {
		errno = -rc;
		return syserr("IPC_STAT semid", argv[0]);
	}
	sems = calloc(s.nsems ? s.nsems : 1, sizeof(*sems));
	if (!sems)
		return syserr("calloc for", argv[0]);
	rc = sysvsem_detail(id, &s, sems, s.nsems, NULL);
	if (rc < 0) {
		free(sems);
		errno = -rc;
		return syserr("sysvsem_detail semid", argv[0]);
	}
	for (uint32_t i = 0; i < s.nsems; i++)
		printf("sem %u value=%d ncnt=%d zcnt=%d pid=%d\n", i, sems[i].value, sems[i].ncnt,
		       sems[i].zcnt, sems[i].pid);
	free(sems);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "sem-create", cmd_sem_create }, { "sem-set", cmd_sem_set },
		{ "sem-op", cmd_sem_op }, { "sem-chown", cmd_sem_chown },
		{ "sem-many", cmd_sem_many },
		{ "msg-create", cmd_msg_create }, { "msg-send", cmd_msg_send },
		{ "msg-recv", cmd_msg_recv }, { "rm-if", cmd_rm_if },
		{ "collect", cmd_collect }, { "detail", cmd_detail },
	};

	if (argc < 2)
		return usage("no command given");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 2, argv + 2);
	return usage("unknown command '%s'", argv[1]);
}
