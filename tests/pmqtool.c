/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* pmqtool.c - a test helper for POSIX message queues and named semaphores. One half makes and
 * holds real ones the way their users do (mq_open, mq_send, mq_notify; sem_open, sem_post,
 * sem_wait) and reports what the C library says of them (mq_getattr, sem_getvalue); the other
 * half prints what shmtop's collection layer (pmq.c, psem.c) reports, one line per object, so a
 * shell test can compare the two field by field.
 *
 * Unlike shmtop, this helper sends messages and posts to semaphores. It is never installed.
 *
 * Exit status: 0 ok, 1 a call failed, 2 usage error, 3 a create found the name in use. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pmq.h"
#include "psem.h"
#include "shmdir.h"

#define EXIT_USAGE 2
#define EXIT_EXISTS 3

static const char usage_text[] =
	"Usage: pmqtool COMMAND ARGS...\n"
	"Made and seen as their users do:\n"
	"  mq-create NAME MAXMSG MSGSIZE [MODE]  mq_open(O_CREAT|O_EXCL); MODE octal (default\n"
	"                           600, set with fchmod whatever the umask); exit 3 if it exists\n"
	"  mq-send NAME PRIO TEXT   mq_send TEXT (without a NUL) with priority PRIO\n"
	"  mq-attr NAME             mq_getattr: 'maxmsg=M msgsize=S curmsgs=C'\n"
	"  mq-notify-hold NAME SECONDS signal SIGNO|none  mq_notify (SIGEV_SIGNAL with SIGNO,\n"
	"                           or SIGEV_NONE), print 'registered PID' and wait with the\n"
	"                           queue open\n"
	"  mq-unlink NAME           mq_unlink\n"
	"  sem-create NAME VALUE [MODE]  sem_open(O_CREAT|O_EXCL), then sem_close; exit 3 if\n"
	"                           it exists\n"
	"  sem-post NAME            sem_open, sem_post, sem_close\n"
	"  sem-value NAME           sem_getvalue: 'value=V'\n"
	"  sem-hold NAME SECONDS    sem_open (which maps it), print 'attached PID', wait,\n"
	"                           sem_close\n"
	"  sem-wait NAME SECONDS    sem_open, print 'waiting PID', then sem_timedwait for at most\n"
	"                           SECONDS: a waiter while the value is 0\n"
	"  sem-unlink NAME          sem_unlink\n"
	"Seen as shmtop's collection layer sees them:\n"
	"  collect-mq [-s] DIR|pid:PID|self  pmq_list_dir (-s: PMQ_READ_STATUS) of DIR, or of the\n"
	"                           mqueue filesystem that procroot/PID/mountinfo names, inside\n"
	"                           that process's root ('self': this process's): one line per\n"
	"                           queue, '/NAME key=value ...'\n"
	"  rm-mq DIR|pid:PID|self NAME  pmq_examine, then pmq_unlink with that record\n"
	"  collect-sem DIR          psem_list_dir and psem_scan_mappers(/proc): one line per\n"
	"                           semaphore, '/NAME key=value ... mappers=PID,PID'\n"
	"Names are printed with bytes outside printable ASCII, space and backslash as \\ooo.\n";

static const char *prog = "pmqtool";
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

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

static int fail(const char *what, const char *arg, int err)
{
	fprintf(stderr, "%s: %s %s: %s\n", prog, what, arg, strerror(-err));
	return 1;
}

/* Whole string as an unsigned number in base, up to max; -1 if not. */
static int parse_ul(const char *s, int base, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoul(s, &end, base);
	if (*end || errno || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_secs(const char *s, struct timespec *ts)
{
	unsigned long v;

	if (parse_ul(s, 10, 86400, &v) < 0)
		return -1;
	ts->tv_sec = (time_t)v;
	ts->tv_nsec = 0;
	return 0;
}

/* Wait for ts or a signal. */
static void wait_for(struct timespec ts)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void announce(const char *what)
{
	printf("%s %ld\n", what, (long)getpid());
	fflush(stdout);
}

/* ------------------------------------------------------------ queues, as their users see them */

static int cmd_mq_create(int argc, char **argv)
{
	unsigned long maxmsg, msgsize, mode = 0600;
	struct mq_attr a;
	mqd_t q;

	if (argc < 3 || argc > 4)
		return usage("mq-create needs NAME MAXMSG MSGSIZE [MODE]");
	if (parse_ul(argv[1], 10, 1u << 20, &maxmsg) < 0 || !maxmsg ||
	    parse_ul(argv[2], 10, 1u << 24, &msgsize) < 0 || !msgsize)
		return usage("invalid MAXMSG '%s' or MSGSIZE '%s'", argv[1], argv[2]);
	if (argc == 4 && parse_ul(argv[3], 8, 07777, &mode) < 0)
		return usage("invalid mode '%s': give octal", argv[3]);
	memset(&a, 0, sizeof(a));
	a.mq_maxmsg = (long)maxmsg;
	a.mq_msgsize = (long)msgsize;
	q = mq_open(argv[0], O_CREAT | O_EXCL | O_RDWR, (mode_t)mode, &a);
	if (q == (mqd_t)-1)
		return errno == EEXIST ? EXIT_EXISTS : syserr("mq_open", argv[0]);
	if (fchmod(q, (mode_t)mode) < 0)
		return syserr("fchmod", argv[0]);
	mq_close(q);
	return 0;
}

static int cmd_mq_send(int argc, char **argv)
{
	unsigned long prio;
	mqd_t q;

	if (argc != 3)
		return usage("mq-send needs NAME PRIO TEXT");
	if (parse_ul(argv[1], 10, 31, &prio) < 0)
		return usage("invalid priority '%s'", argv[1]);
	q = mq_open(argv[0], O_WRONLY | O_NONBLOCK);
	if (q == (mqd_t)-1)
		return syserr("mq_open", argv[0]);
	if (mq_send(q, argv[2], strlen(argv[2]), (unsigned)prio) < 0)
		return syserr("mq_send", argv[0]);
	mq_close(q);
	return 0;
}

static int cmd_mq_attr(int argc, char **argv)
{
	struct mq_attr a;
	mqd_t q;

	if (argc != 1)
		return usage("mq-attr needs NAME");
	q = mq_open(argv[0], O_RDONLY);
	if (q == (mqd_t)-1)
		return syserr("mq_open", argv[0]);
	if (mq_getattr(q, &a) < 0)
		return syserr("mq_getattr", argv[0]);
	printf("maxmsg=%ld msgsize=%ld curmsgs=%ld\n", (long)a.mq_maxmsg, (long)a.mq_msgsize,
	       (long)a.mq_curmsgs);
	mq_close(q);
	return 0;
}

static int cmd_mq_notify_hold(int argc, char **argv)
{
	struct sigevent ev;
	struct timespec ts;
	unsigned long signo;
	mqd_t q;

	if (argc < 3 || parse_secs(argv[1], &ts) < 0)
		return usage("mq-notify-hold needs NAME SECONDS signal SIGNO|none");
	memset(&ev, 0, sizeof(ev));
	if (strcmp(argv[2], "none") == 0 && argc == 3) {
		ev.sigev_notify = SIGEV_NONE;
	} else if (strcmp(argv[2], "signal") == 0 && argc == 4 &&
		   parse_ul(argv[3], 10, 64, &signo) == 0) {
		ev.sigev_notify = SIGEV_SIGNAL;
		ev.sigev_signo = (int)signo;
		signal((int)signo, SIG_IGN);    /* a message arriving must not end the holder */
	} else {
		return usage("mq-notify-hold: give 'signal SIGNO' or 'none'");
	}
	q = mq_open(argv[0], O_RDONLY);
	if (q == (mqd_t)-1)
		return syserr("mq_open", argv[0]);
	if (mq_notify(q, &ev) < 0)
		return syserr("mq_notify", argv[0]);
	announce("registered");
	wait_for(ts);
	mq_close(q);
	return 0;
}

static int cmd_mq_unlink(int argc, char **argv)
{
	if (argc != 1)
		return usage("mq-unlink needs NAME");
	if (mq_unlink(argv[0]) < 0)
		return syserr("mq_unlink", argv[0]);
	return 0;
}

/* ------------------------------------------------------------ semaphores, likewise */

static int cmd_sem_create(int argc, char **argv)
{
	unsigned long value, mode = 0600;
	char path[PATH_MAX];
	sem_t *s;

	if (argc < 2 || argc > 3 || parse_ul(argv[1], 10, SEM_VALUE_MAX, &value) < 0)
		return usage("sem-create needs NAME VALUE [MODE]");
	if (argc == 3 && parse_ul(argv[2], 8, 07777, &mode) < 0)
		return usage("invalid mode '%s': give octal", argv[2]);
	s = sem_open(argv[0], O_CREAT | O_EXCL, (mode_t)mode, (unsigned)value);
	if (s == SEM_FAILED)
		return errno == EEXIST ? EXIT_EXISTS : syserr("sem_open", argv[0]);
	/* whatever the umask: its file, as glibc names it */
	snprintf(path, sizeof(path), "/dev/shm/sem.%s", argv[0] + (argv[0][0] == '/'));
	if (chmod(path, (mode_t)mode) < 0)
		return syserr("chmod", path);
	sem_close(s);
	return 0;
}

static sem_t *open_existing(const char *name)
{
	sem_t *s = sem_open(name, 0);

	if (s == SEM_FAILED)
		syserr("sem_open", name);
	return s;
}

static int cmd_sem_post(int argc, char **argv)
{
	sem_t *s;

	if (argc != 1)
		return usage("sem-post needs NAME");
	if ((s = open_existing(argv[0])) == SEM_FAILED)
		return 1;
	if (sem_post(s) < 0)
		return syserr("sem_post", argv[0]);
	sem_close(s);
	return 0;
}

static int cmd_sem_value(int argc, char **argv)
{
	sem_t *s;
	int v;

	if (argc != 1)
		return usage("sem-value needs NAME");
	if ((s = open_existing(argv[0])) == SEM_FAILED)
		return 1;
	if (sem_getvalue(s, &v) < 0)
		return syserr("sem_getvalue", argv[0]);
	printf("value=%d\n", v);
	sem_close(s);
	return 0;
}

static int cmd_sem_hold(int argc, char **argv, int waiter)
{
	struct timespec ts, until;
	sem_t *s;

	if (argc != 2 || parse_secs(argv[1], &ts) < 0)
		return usage("%s needs NAME SECONDS", waiter ? "sem-wait" : "sem-hold");
	if ((s = open_existing(argv[0])) == SEM_FAILED)
		return 1;
	if (!waiter) {
		announce("attached");
		wait_for(ts);
	} else {
		announce("waiting");
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += ts.tv_sec;
		if (sem_timedwait(s, &until) < 0)
			return syserr("sem_timedwait", argv[0]);
		announce("woken");
	}
	sem_close(s);
	return 0;
}

static int cmd_sem_unlink(int argc, char **argv)
{
	if (argc != 1)
		return usage("sem-unlink needs NAME");
	if (sem_unlink(argv[0]) < 0)
		return syserr("sem_unlink", argv[0]);
	return 0;
}

/* ------------------------------------------------------------ as shmtop collects them */

/* name, escaped: bytes outside printable ASCII, space and backslash as \ooo */
static void put_name(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p <= ' ' || *p >= 0x7f || *p == '\\')
			printf("\\%03o", *p);
		else
			putchar(*p);
	}
}

/* The queues' directory from "DIR", "pid:PID" or "self". */
static int open_mq_dir(struct shmdir *d, const char *where)
{
	unsigned long pid;

	if (strcmp(where, "self") == 0)
		return pmq_dir_open(d, "/proc", 0, NULL);
	if (strncmp(where, "pid:", 4) == 0) {
		if (parse_ul(where + 4, 10, INT32_MAX, &pid) < 0 || !pid)
			return -EINVAL;
		return pmq_dir_open(d, "/proc", (int32_t)pid, NULL);
	}
	return pmq_dir_open(d, "/proc", 0, where);
}

static int cmd_collect_mq(int argc, char **argv)
{
	unsigned flags = 0;
	struct pmq_list l;
	struct shmdir d;
	int rc;

	if (argc == 2 && strcmp(argv[0], "-s") == 0) {
		flags = PMQ_READ_STATUS;
		argc--;
		argv++;
	}
	if (argc != 1)
		return usage("collect-mq needs [-s] DIR|pid:PID|self");
	rc = open_mq_dir(&d, argv[0]);
	if (rc < 0)
		return fail("pmq_dir_open", argv[0], rc);
	printf("# %s mqueue=", d.shown);
	pmq_list_init(&l);
	rc = pmq_list_dir(&d, &l, flags);
	if (rc < 0)
		return fail("pmq_list_dir", d.shown, rc);
	printf("%d\n", l.mqueue);
	for (size_t i = 0; i < l.n; i++) {
		const struct pmq *q = &l.v[i];

		put_name(q->name);
		printf(" uid=%u gid=%u mode=%04o mtime=%lld dev=%llu ino=%llu attr_err=%d",
		       q->uid, q->gid, q->mode, (long long)q->mtime, (unsigned long long)q->dev,
		       (unsigned long long)q->ino, q->attr_err);
		if (!q->attr_err)
			printf(" maxmsg=%lld msgsize=%lld curmsgs=%lld", (long long)q->maxmsg,
			       (long long)q->msgsize, (long long)q->curmsgs);
		printf(" status_err=%d", q->status_err);
		if (!q->status_err)
			printf(" qsize=%llu notify=%d signo=%d notify_pid=%d",
			       (unsigned long long)q->status.qsize, q->status.notify,
			       q->status.signo, q->status.notify_pid);
		putchar('\n');
	}
	pmq_list_free(&l);
	shmdir_close(&d);
	return 0;
}

static int cmd_rm_mq(int argc, char **argv)
{
	struct shmdir d;
	struct pmq q;
	int rc;

	if (argc != 2)
		return usage("rm-mq needs DIR|pid:PID|self NAME");
	rc = open_mq_dir(&d, argv[0]);
	if (rc < 0)
		return fail("pmq_dir_open", argv[0], rc);
	rc = pmq_examine(&d, argv[1], 0, &q);
	if (rc < 0)
		return fail("pmq_examine", argv[1], rc);
	rc = pmq_unlink(&d, &q);
	if (rc < 0)
		return fail("pmq_unlink", argv[1], rc);
	shmdir_close(&d);
	return 0;
}

static int cmd_collect_sem(int argc, char **argv)
{
	struct psem_list l;
	struct shmdir d;
	int rc;

	if (argc != 1)
		return usage("collect-sem needs DIR");
	rc = shmdir_open(&d, "/proc", argv[0]);
	if (rc < 0)
		return fail("shmdir_open", argv[0], rc);
	psem_list_init(&l);
	rc = psem_list_dir(&d, &l);
	if (rc == 0)
		rc = psem_scan_mappers("/proc", &d, &l);
	if (rc < 0)
		return fail("psem_list_dir", argv[0], rc);
	for (size_t i = 0; i < l.n; i++) {
		const struct psem *s = &l.v[i];
		const struct posix_mapper *m;
		size_t n;

		put_name(s->name);
		printf(" deleted=%u size=%llu uid=%u gid=%u mode=%04o mtime=%lld ino=%llu state=%u "
		       "value_err=%d value=%u nwaiters=%u mappers=", s->deleted,
		       (unsigned long long)s->size, s->uid, s->gid, s->mode, (long long)s->mtime,
		       (unsigned long long)s->ino, s->value_state, s->value_err, s->value,
		       s->nwaiters);
		m = psem_mappers(&l, s, &n);
		for (size_t k = 0; k < n; k++)
			printf("%s%d", k ? "," : "", (int)m[k].pid);
		putchar('\n');
	}
	psem_list_free(&l);
	shmdir_close(&d);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} cmds[] = {
		{ "mq-create", cmd_mq_create },
		{ "mq-send", cmd_mq_send },
		{ "mq-attr", cmd_mq_attr },
		{ "mq-notify-hold", cmd_mq_notify_hold },
		{ "mq-unlink", cmd_mq_unlink },
		{ "sem-create", cmd_sem_create },
		{ "sem-post", cmd_sem_post },
		{ "sem-value", cmd_sem_value },
		{ "sem-unlink", cmd_sem_unlink },
		{ "collect-mq", cmd_collect_mq },
		{ "rm-mq", cmd_rm_mq },
		{ "collect-sem", cmd_collect_sem },
	};

	if (argc < 2)
		return usage("no command given");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(argv[1], "sem-hold") == 0)
		return cmd_sem_hold(argc - 2, argv + 2, 0);
	if (strcmp(argv[1], "sem-wait") == 0)
		return cmd_sem_hold(argc - 2, argv + 2, 1);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].run(argc - 2, argv + 2);
	return usage("unknown command '%s'", argv[1]);
}
