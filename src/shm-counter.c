/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* shm-counter.c - the demo writer of the README's walkthrough: creates (or opens) a System V
 * segment, key 9527 (0x2537) by default, and writes an incrementing decimal counter string at
 * offset 0 once per interval, so shmtop's hex view has bytes that change in place.
 *
 * Unlike shmtop, this program attaches read-write: it is the one program of the project that
 * writes into a segment. It is never installed. Exit status: 0 ok (also after SIGINT/SIGTERM),
 * 1 runtime error, 2 usage error. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <time.h>

#include "fmt.h"

#define EXIT_USAGE 2
#define DEFAULT_KEY 9527
#define DEFAULT_SIZE 1024
/* The longest counter string: UINT64_MAX has 20 digits, plus the NUL. */
#define COUNTER_MAX_LEN 21

static const char help_text[] =
	"Usage: shm-counter [OPTION]...\n"
	"Create (or open) a System V shared memory segment and write an incrementing decimal\n"
	"counter string, NUL-terminated, at offset 0 once per interval: the demo writer for\n"
	"shmtop's hex view.\n"
	"\n"
	"      --key=KEY         segment key, decimal or 0x hex (default 9527 = 0x2537)\n"
	"      --size=BYTES      size when creating it, at least 21 (default 1024)\n"
	"      --interval=SECS   seconds between writes, decimals allowed, 0.01 to 86400 (default 1)\n"
	"      --count=N         stop after N writes (default: until SIGINT or SIGTERM)\n"
	"      --remove          on exit, mark the segment for removal (IPC_RMID)\n"
	"  -h, --help            show this help and exit\n"
	"      --version         show the version and exit\n"
	"\n"
	"An existing segment with the key is reused if it is at least --size bytes.\n"
	"Exit status: 0 success (also when stopped by SIGINT/SIGTERM), 1 runtime error, 2 usage error.\n";

enum { OPT_KEY = 256, OPT_SIZE, OPT_INTERVAL, OPT_COUNT, OPT_REMOVE, OPT_VERSION };

static const struct option long_opts[] = {
	{ "key", required_argument, NULL, OPT_KEY },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "remove", no_argument, NULL, OPT_REMOVE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

struct counter_opts {
	key_t key;
	size_t size;
	double interval;
	uint64_t count;             /* 0: forever */
	int remove;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line naming the bad argument, then where to look; returns EXIT_USAGE. The line quotes the
 * argument as typed: it is escaped as shmtop escapes names (its own words need no escaping). */
static int usage_error(const char *fmt, ...)
{
	char msg[1024], esc[sizeof(msg) * 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fmt_escape(esc, sizeof(esc), msg);
	fprintf(stderr, "shm-counter: %s\nTry 'shm-counter --help' for more information.\n", esc);
	return EXIT_USAGE;
}

/* Whole string as an unsigned number: decimal, or hex after 0x. -1 if not. */
static int parse_u64(const char *s, uint64_t *out)
{
	int base = 10;
	char *end;
	uint64_t v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (*end || errno)
		return -1;
	*out = v;
	return 0;
}

/* A key as the kernel stores it: 32 bits, given unsigned (0x2537, 9527) or as the signed
 * decimal /proc/sysvipc/shm prints. 0 is IPC_PRIVATE, which no second program could find. */
static int parse_key(const char *s, key_t *out)
{
	uint64_t v;

	if (s[0] == '-' && s[1] >= '0' && s[1] <= '9') {
		if (parse_u64(s + 1, &v) < 0 || v > (uint64_t)INT32_MAX + 1)
			return -1;
		*out = (key_t)(int32_t)(0 - (uint32_t)v);
	} else {
		if (parse_u64(s, &v) < 0 || v > UINT32_MAX)
			return -1;
		*out = (key_t)(int32_t)(uint32_t)v;
	}
	return *out == IPC_PRIVATE ? -1 : 0;
}

static int parse_interval(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(v) || v < 0.01 || v > 86400.0)
		return -1;
	*out = v;
	return 0;
}

/* Returns 0 to run, 1 to exit 0 (help, version), or EXIT_USAGE. */
static int parse_args(int argc, char **argv, struct counter_opts *o)
{
	uint64_t v;
	int c;

	o->key = DEFAULT_KEY;
	o->size = DEFAULT_SIZE;
	o->interval = 1.0;
	o->count = 0;
	o->remove = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_KEY:
			if (parse_key(optarg, &o->key) < 0)
				return usage_error("invalid key '%s': give a non-zero 32-bit number, "
						   "decimal or 0x hex", optarg);
			break;
		case OPT_SIZE:
			if (parse_u64(optarg, &v) < 0 || v < COUNTER_MAX_LEN || v > SIZE_MAX)
				return usage_error("invalid size '%s': must be a whole number of bytes, "
						   "at least 21 (the longest counter and its NUL)", optarg);
			o->size = (size_t)v;
			break;
		case OPT_INTERVAL:
			if (parse_interval(optarg, &o->interval) < 0)
				return usage_error("invalid interval '%s': must be seconds from 0.01 "
						   "to 86400", optarg);
			break;
		case OPT_COUNT:
			if (parse_u64(optarg, &v) < 0 || v < 1)
				return usage_error("invalid count '%s': must be a whole number of at "
						   "least 1", optarg);
			o->count = v;
			break;
		case OPT_REMOVE: o->remove = 1; break;
		case 'h':
			fputs(help_text, stdout);
			return 1;
		case OPT_VERSION:
			printf("shm-counter (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return 1;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			/* optopt: a short option's letter, a long option's val, or 0 if unknown */
			if (optopt > 0 && optopt < 0x100)
				return usage_error("unknown option '-%c'", optopt);
			if (optopt)
				return usage_error("option '%.*s' does not take an argument",
						   (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
			return usage_error("unknown option '%.*s'",
					   (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return 0;
}

/* "1.0", "0.2", "0.25": at least one decimal, no trailing zeros beyond it. */
static void fmt_interval(char *buf, size_t size, double secs)
{
	size_t len;

	snprintf(buf, size, "%.3f", secs);
	len = strlen(buf);
	while (len > 2 && buf[len - 1] == '0' && buf[len - 2] != '.')
		buf[--len] = '\0';
}

/* Create the segment, or open the existing one if it is large enough. Returns the shmid or
 * -1 after printing why. */
static int open_segment(const struct counter_opts *o, size_t *size)
{
	uint32_t key = (uint32_t)o->key;
	struct shmid_ds ds;
	int id = shmget(o->key, o->size, IPC_CREAT | IPC_EXCL | 0666);

	if (id < 0 && errno == EEXIST)
		id = shmget(o->key, 0, SHM_R | SHM_W); /* EACCES unless we may read and write it */
	if (id < 0) {
		const char *why = errno == EACCES ? "permission denied (its mode does not let you "
			"read and write it)" : errno == EINVAL ? "the size is outside the kernel's "
			"limits (shmmin, shmmax)" : strerror(errno);

		if (errno == EACCES)
			fprintf(stderr, "shm-counter: cannot open key 0x%08" PRIx32 ": %s\n", key, why);
		else
			fprintf(stderr, "shm-counter: cannot create key 0x%08" PRIx32 " with %zu bytes: "
				"%s\n", key, o->size, why);
		return -1;
	}
	if (shmctl(id, IPC_STAT, &ds) < 0) {
		fprintf(stderr, "shm-counter: cannot stat shmid %d: %s\n", id, strerror(errno));
		return -1;
	}
	if (ds.shm_segsz < COUNTER_MAX_LEN) {
		fprintf(stderr, "shm-counter: key 0x%08" PRIx32 " already exists (shmid %d) with %zu "
			"bytes, too small for the counter (%d bytes): remove it with 'ipcrm -M 0x%" PRIx32 "' "
			"or choose another --key\n", key, id, (size_t)ds.shm_segsz, COUNTER_MAX_LEN, key);
		return -1;
	}
	if (ds.shm_segsz < o->size) {
		fprintf(stderr, "shm-counter: key 0x%08" PRIx32 " already exists (shmid %d) with %zu "
			"bytes, smaller than the %zu asked for: give --size=%zu or less, or remove it "
			"with 'ipcrm -M 0x%" PRIx32 "'\n", key, id, (size_t)ds.shm_segsz, o->size,
			(size_t)ds.shm_segsz, key);
		return -1;
	}
	*size = ds.shm_segsz;
	return id;
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleep until the monotonic time deadline, or until SIGINT/SIGTERM/SIGHUP arrives. The signals
 * are blocked outside ppoll, so one that comes just before the wait still ends it at once. */
static void wait_until(double deadline, const sigset_t *unblocked)
{
	while (!stop_signal) {
		double left = deadline - mono_now();
		struct timespec ts;

		if (left <= 0)
			return;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		ppoll(NULL, 0, &ts, unblocked);
	}
}

int main(int argc, char **argv)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct counter_opts o;
	struct sigaction sa;
	sigset_t block, unblocked;
	char ival[32], text[COUNTER_MAX_LEN];
	size_t size = 0;
	uint64_t n = 0;
	double next;
	char *seg;
	int id, rc, status = 0;

	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&block, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &block, &unblocked);

	id = open_segment(&o, &size);
	if (id < 0)
		return 1;
	seg = shmat(id, NULL, 0); /* read-write: this is the demo writer */
	if (seg == (void *)-1) {
		fprintf(stderr, "shm-counter: cannot attach shmid %d read-write: %s\n", id,
			strerror(errno));
		if (o.remove)
			shmctl(id, IPC_RMID, NULL);
		return 1;
	}
	fmt_interval(ival, sizeof(ival), o.interval);
	fprintf(stderr, "shm-counter: key 0x%08" PRIx32 " shmid %d size %zu, writing every %s s "
		"(Ctrl-C to stop)\n", (uint32_t)o.key, id, size, ival);

	next = mono_now();
	while (!stop_signal) {
		int len = snprintf(text, sizeof(text), "%" PRIu64, ++n);

		memcpy(seg, text, (size_t)len + 1);
		if (o.count && n >= o.count)
			break;
		next += o.interval;
		if (next < mono_now()) /* fell behind (stopped, overloaded): do not catch up in a burst */
			next = mono_now();
		wait_until(next, &unblocked);
	}

	if (shmdt(seg) < 0) {
		fprintf(stderr, "shm-counter: cannot detach shmid %d: %s\n", id, strerror(errno));
		status = 1;
	}
	if (o.remove && shmctl(id, IPC_RMID, NULL) < 0) {
		fprintf(stderr, "shm-counter: cannot remove shmid %d: %s\n", id, strerror(errno));
		status = 1;
	}
	return status;
}
