/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* options.c - getopt_long parsing of shmtop's command line into struct options. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kind.h"
#include "kinds.h"
#include "histtime.h"
#include "leak.h"
#include "options.h"

enum { OPT_SOURCE = 256, OPT_PROC, OPT_BYTES, OPT_NO_MOUSE, OPT_DUMP, OPT_DUMP_KEY, OPT_ATTACHERS,
       OPT_LEAKS, OPT_STALE, OPT_IPC_NS, OPT_LIST_NS, OPT_SHM_DIR, OPT_POSIX, OPT_COLUMNS,
       OPT_KINDS, OPT_PMQ_STATUS, OPT_PROM_OBJECTS, OPT_NOHEADINGS, OPT_TIME_FORMAT, OPT_KEY,
       OPT_NAME, OPT_COLORS, OPT_SHMEM, OPT_TRACE, OPT_ALL_NS, OPT_DURATION, OPT_TRACE_SOURCE, OPT_EVENTS,
       OPT_RECORD, OPT_HISTORY, OPT_DB, OPT_SINCE, OPT_UNTIL, OPT_RETENTION, OPT_MAX_DB_SIZE,
       OPT_REPLAY, OPT_AT };

static const struct option long_opts[] = {
	{ "batch", no_argument, NULL, 'b' },
	{ "iterations", required_argument, NULL, 'n' },
	{ "delay", required_argument, NULL, 'd' },
	{ "output", required_argument, NULL, 'o' },
	{ "sort", required_argument, NULL, 's' },
	{ "reverse", no_argument, NULL, 'r' },
	{ "user", required_argument, NULL, 'u' },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "proc", required_argument, NULL, OPT_PROC },
	{ "bytes", no_argument, NULL, OPT_BYTES },
	{ "read-only", no_argument, NULL, 'R' },
	{ "no-color", no_argument, NULL, 'C' },
	{ "no-colour", no_argument, NULL, 'C' },
	{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
	{ "dump", required_argument, NULL, OPT_DUMP },
	{ "dump-key", required_argument, NULL, OPT_DUMP_KEY },
	{ "attachers", no_argument, NULL, OPT_ATTACHERS },
	{ "leaks", no_argument, NULL, OPT_LEAKS },
	{ "stale", required_argument, NULL, OPT_STALE },
	{ "ipc-ns", required_argument, NULL, OPT_IPC_NS },
	{ "list-ns", no_argument, NULL, OPT_LIST_NS },
	{ "shm-dir", required_argument, NULL, OPT_SHM_DIR },
	{ "posix", no_argument, NULL, OPT_POSIX },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "kinds", required_argument, NULL, OPT_KINDS },
	{ "pmq-status", no_argument, NULL, OPT_PMQ_STATUS },
	{ "prom-objects", required_argument, NULL, OPT_PROM_OBJECTS },
	{ "noheadings", no_argument, NULL, OPT_NOHEADINGS },
	{ "time-format", required_argument, NULL, OPT_TIME_FORMAT },
	{ "id", required_argument, NULL, 'i' },
	{ "pid", required_argument, NULL, 'p' },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "colors", required_argument, NULL, OPT_COLORS },
	{ "shmem", no_argument, NULL, OPT_SHMEM },
	{ "trace", no_argument, NULL, OPT_TRACE },
	{ "all-namespaces", no_argument, NULL, OPT_ALL_NS },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "trace-source", required_argument, NULL, OPT_TRACE_SOURCE },
	{ "events", no_argument, NULL, OPT_EVENTS },
	{ "record", no_argument, NULL, OPT_RECORD },
	{ "history", no_argument, NULL, OPT_HISTORY },
	{ "replay", no_argument, NULL, OPT_REPLAY },
	{ "at", required_argument, NULL, OPT_AT },
	{ "db", required_argument, NULL, OPT_DB },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "retention", required_argument, NULL, OPT_RETENTION },
	{ "max-db-size", required_argument, NULL, OPT_MAX_DB_SIZE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char help_text[] =
	"Usage: shmtop [OPTION]...\n"
	"A live terminal dashboard for Linux IPC objects: System V shared memory segments,\n"
	"semaphore arrays and message queues; POSIX shared memory, message queues and named\n"
	"semaphores (--kinds).\n"
	"\n"
	"  -b, --batch             print snapshots to standard output and exit (no terminal needed)\n"
	"  -n, --iterations=N      stop after N snapshots (batch default 1; dashboard: N refreshes)\n"
	"  -d, --delay=SECS        seconds between snapshots, decimals allowed, at least 0.1 (default 1.0)\n"
	"  -o, --output=FORMAT     batch format: table (default), json (JSON Lines), csv or prometheus\n"
	"                          (--list-ns: table or json)\n"
	"  -i, --id=ID             print one object of the first kind, every field (a shmid, semid\n"
	"                          or msqid; -o json: its JSON object), like ipcs -i; implies -b\n"
	"      --key=KEY           the same for the object with KEY (0x2537 or decimal)\n"
	"      --name=/NAME        the same for a POSIX object, queue or semaphore (--kinds)\n"
	"      --noheadings        table and CSV: rows only, no titles or column headers\n"
	"      --time-format=FMT   the table's times: local (default), iso (with the zone), epoch\n"
	"                          or relative (12s ago); JSON and CSV write epoch seconds\n"
	"      --prom-objects=N    prometheus: per-object series for the N largest objects of each\n"
	"                          kind, 'all' or 'none' (default 500; the totals count every one)\n"
	"  -s, --sort=COLUMN       sort the segments by key, shmid, owner, group, perms, size, nattch,\n"
	"                          status, cpid, lpid, atime, dtime, ctime, rss or swap (default\n"
	"                          shmid); with --kinds, a column of the first kind\n"
	"  -r, --reverse           reverse the sort order\n"
	"      --columns=LIST      the columns of the table, the CSV or the dashboard, in order,\n"
	"                          comma-separated (lsipc's names work too: id, user, attach...);\n"
	"                          in batch mode, of the first kind written; --columns=help lists them\n"
	"  -u, --user=USER         show only objects owned by USER (name or uid)\n"
	"  -p, --pid=PID[,PID...]  show only objects these processes created, attach, map or last\n"
	"                          used (segments, POSIX objects and semaphores, queues), as htop -p\n"
	"      --source=SOURCE     where segments come from: 'proc' (/proc/sysvipc/shm, the only\n"
	"                          source of rss and swap), 'shmctl' (two to three times as fast),\n"
	"                          or 'auto' (default): shmctl for the batch table, proc otherwise\n"
	"      --proc=DIR          where procfs is mounted (default /proc)\n"
	"      --bytes             table sizes in bytes instead of human units\n"
	"      --attachers         list the processes attached to each segment (JSON; in the\n"
	"                          dashboard, start with the PROCESSES column shown)\n"
	"      --shmem             batch: also where /proc/meminfo's Shmem went (segments, each\n"
	"                          tmpfs such as every container's /dev/shm, memfds, the rest),\n"
	"                          in the table or as JSON's \"shmem\"\n"
	"      --trace             print the IPC operations of every process as they happen (eBPF,\n"
	"                          root): creates, attaches, detaches (also on exit), removals,\n"
	"                          unlinks, of every kind and memfds, with the command line;\n"
	"                          -o table or json, -n N events, -i ID, --key or --name for one\n"
	"                          object, --kinds for some kinds\n"
	"      --all-namespaces    --trace, --record: every IPC namespace, not just the one viewed\n"
	"      --events            dashboard: trace from the start (eBPF, root), so that the events\n"
	"                          screen (E) and each detail view have the history since then\n"
	"      --duration=SECS     --trace, --record: stop after SECS seconds\n"
	"      --record            keep the trace in the history database (a flight recorder:\n"
	"                          every object's creation, attaches, removal, with who did it),\n"
	"                          and what every object is like every -d seconds (for --replay)\n"
	"      --history [OBJECT]  what the history holds: OBJECT's lifetimes (a key 0x2537, an\n"
	"                          id, or /NAME) with who made, used and removed it, or every\n"
	"                          record; -o table or json\n"
	"      --replay            the dashboard as the history recorded it (--record's samples,\n"
	"                          every -d seconds): [ and ] step to the previous and next change,\n"
	"                          b goes to a time; nothing can be removed\n"
	"      --at=TIME           --replay: start at TIME (default: the newest sample)\n"
	"      --db=PATH           the history database (default /var/lib/shmtop/history.db for\n"
	"                          root, else $XDG_STATE_HOME/shmtop/history.db); the dashboard's\n"
	"                          detail view names a segment's creator as recorded there\n"
	"      --retention=DURATION  --record: keep records this long (default 30d)\n"
	"      --max-db-size=SIZE  --record: at most this large (64K, 500M, 2G): the oldest go\n"
	"      --since=TIME        --history: from TIME: Unix seconds, 2026-12-05T10:00, or a time\n"
	"      --until=TIME        ago (-2h, -30m, -3d); --until: up to TIME\n"
	"      --trace-source=SRC  --trace, --record and the events screen: bpf (the kernel\n"
	"                          tracer), poll (what polls every -d seconds see), or auto\n"
	"                          (default): bpf, else poll, saying why\n"
	"      --leaks             batch: only leak suspects (segments, POSIX objects, message\n"
	"                          queues), with reasons; exit status 0 none, 1 some\n"
	"      --stale=DURATION    unused this long counts as stale: 90s, 15m, 1h, 2d (default 1h)\n"
	"  -R, --read-only         never remove segments (the remove key is disabled)\n"
	"      --colors=SCHEME     the dashboard's colours: default (for dark terminals), light\n"
	"                          (for light ones) or mono; mono also with -C or NO_COLOR set\n"
	"  -C, --no-color          no colors: --colors=mono\n"
	"      --no-mouse          do not use the mouse\n"
	"      --kinds=LIST        the kinds of objects, comma-separated:\n"
	"                          shm (System V shared memory, the default in batch),\n"
	"                          posix (POSIX shared memory),\n"
	"                          sem (System V semaphore arrays), msg (System V message queues),\n"
	"                          pmq (POSIX message queues), psem (POSIX named semaphores), all;\n"
	"                          and proc (the processes that map them), which all leaves out;\n"
	"                          batch writes them in that order whatever the order of LIST (CSV\n"
	"                          takes one); the dashboard shows their tables (all by default)\n"
	"                          in that order too, opening on the first, and Tab goes through\n"
	"                          them\n"
	"      --pmq-status        batch: also read each POSIX message queue's QSIZE and\n"
	"                          notification, which sets the queue's atime and ctime to now\n"
	"      --posix             also POSIX shared memory objects: --kinds=shm,posix\n"
	"      --shm-dir=DIR       where POSIX objects live (default /dev/shm; with --ipc-ns,\n"
	"                          that process's /dev/shm, resolved inside its root; so is\n"
	"                          REST of /proc/PID/root/REST); warns unless it is a tmpfs\n"
	"      --ipc-ns=PID        view the IPC namespace of process PID (needs CAP_SYS_ADMIN)\n"
	"      --list-ns           list the IPC namespaces in use, with a sample process, and exit\n"
	"      --dump=SHMID        print the segment's bytes like hexdump -C and exit\n"
	"      --dump=/NAME        the same for the POSIX object NAME (under --shm-dir)\n"
	"      --dump-key=KEY      the same for the segment with KEY (0x2537 or decimal)\n"
	"  -h, --help              show this help and exit\n"
	"  -V, --version           show the version and exit\n"
	"\n"
	"Exit status: 0 success, 1 runtime error, 2 usage error; with --leaks, like grep:\n"
	"0 no suspects, 1 suspects found, 2 error.\n"
	"JSON fields are described in shmtop(1).\n"
	"Report bugs to <" PACKAGE_BUGREPORT ">; home page: <" PACKAGE_URL ">.\n";

const char *options_help(void)
{
	return help_text;
}

/* The writer --columns applies to: the batch table, CSV, or the dashboard. */
unsigned options_columns_writer(const struct options *o)
{
	if (!o->batch)
		return FW_DASH;
	return o->format == OUTPUT_CSV ? FW_CSV : FW_TABLE;
}

/* --columns=LIST for what is written; "help" lists the names (-EINVAL with the list as the
 * message, so it reaches the user the way every usage message does). */
static int parse_columns(struct options *o, const char *list, char *err, size_t errsz)
{
	if (o->batch && (o->format == OUTPUT_JSON || o->format == OUTPUT_PROMETHEUS)) {
		snprintf(err, errsz, "--columns chooses the columns of the table, the CSV and the "
			 "dashboard; JSON and Prometheus write every field");
		return -EINVAL;
	}
	if (o->list_ns || o->dump) {
		snprintf(err, errsz, "--columns is for the segment table, not --%s",
			 o->list_ns ? "list-ns" : "dump");
		return -EINVAL;
	}
	if (strcmp(list, "help") == 0) {
		o->columns_help = options_columns_writer(o);
		return 0;
	}
	if (field_list_parse(options_first_kind(o), list, options_columns_writer(o), o->columns,
			     sizeof(o->columns), err, errsz) < 0)
		return -EINVAL;
	o->columns_given = 1;
	for (size_t i = 0; !o->batch && o->columns[i] != FIELD_NONE; i++)
		if (options_first_kind(o)->fields[o->columns[i]].writers & FW_ATTACHERS)
			o->attachers = 1;       /* a column of attachers: scan them */
	return 0;
}

const struct kind *options_first_kind(const struct options *o)
{
	for (size_t k = 0; k < KIND_COUNT; k++)
		if (o->kinds & KIND_BIT(k))
			return kinds[k];
	return &kind_shm;
}

/* -i, --key, --name: whether an object of kind k can be named that way (-i: by its id field). */
static int one_field_known(const struct kind *k, const char *field)
{
	return field_find(k, field, 0) >= 0 ||
	       (strcmp(field, "id") == 0 && field_find(k, k->id_name, 0) >= 0);
}

/* Whether --columns shows rss or swap: only /proc/sysvipc/shm says them. */
static int columns_need_proc(const struct options *o)
{
	if (options_first_kind(o) != &kind_shm)
		return 0;
	for (size_t i = 0; o->columns_given && o->columns[i] != FIELD_NONE; i++) {
		const char *name = kind_shm.fields[o->columns[i]].name;

		if (strcmp(name, "rss") == 0 || strcmp(name, "swap") == 0)
			return 1;
	}
	return 0;
}

/* --source=auto: /proc/sysvipc/shm is the only source of per-segment rss and swap, and costs
 * two to three times what shmctl(SHM_STAT_ANY) does (the kernel formats every line as text).
 * So read it when the output shows rss or swap -- the dashboard, JSON, CSV, Prometheus, a sort
 * by either -- or when --proc names a procfs to read (test fixtures); the batch table, which
 * has no RSS or SWAP column without it, reads shmctl. */
static enum snapshot_source auto_source(const struct options *o)
{
	if (o->procroot_given || !o->batch || o->format != OUTPUT_TABLE || o->one_field || o->shmem)
		return SNAPSHOT_PROC; /* -i shows every field: rss and swap too; --shmem their sum */
	if ((options_first_kind(o) == &kind_shm && kind_shm.fields[o->sort].type == FIELD_MEM) ||
	    columns_need_proc(o))
		return SNAPSHOT_PROC;
	return SNAPSHOT_SHMCTL;
}

static int parse_long(const char *s, long min, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min)
		return -1;
	*out = v;
	return 0;
}

/* A key as ipcs shows it (0x2537), as /proc shows it (signed decimal), or unsigned decimal. */
static int parse_key(const char *s, int32_t *key)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (!*s || *end || errno || v < INT32_MIN || v > (long long)UINT32_MAX)
		return -1;
	*key = (int32_t)(uint32_t)(v < 0 ? (uint32_t)(int32_t)v : (uint32_t)v);
	return 0;
}

static int parse_delay(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(v) || v < 0.1 || v > 86400.0)
		return -1;
	*out = v;
	return 0;
}

/* getopt_long's optopt is a short option's letter, but for a long option the option's val
 * (possibly not a printable character) or 0, so long options are reported from their text. */
static int is_long(const char *arg)
{
	return arg[0] == '-' && arg[1] == '-' && arg[2];
}

/* How many distinct options the long option text arg (up to '=', len bytes) could mean, and
 * the val of the last one. */
static size_t long_matches(const char *arg, size_t len, int *val)
{
	size_t n = 0;

	for (const struct option *o = long_opts; len > 2 && o->name; o++) {
		if (strncmp(o->name, arg + 2, len - 2) != 0)
			continue;
		if (strlen(o->name) == len - 2) {
			*val = o->val;
			return 1;
		}
		if (o == long_opts || o->val != o[-1].val) {
			*val = o->val;
			n++;
		}
	}
	return n;
}

static void bad_option(const char *arg, char *err, size_t errsz)
{
	size_t len = 0, n = 0;
	int val = 0;

	/* For a long option optind has moved past it; for a short one in the middle of a
	 * cluster it has not, and arg is the argument before it (maybe a long option). */
	if (is_long(arg)) {
		len = strcspn(arg, "=");
		n = long_matches(arg, len, &val);
	}
	if (optopt && !(n == 1 && val == optopt)) {
		/* the byte as typed, even a control byte: the message is escaped where it is shown */
		snprintf(err, errsz, "unknown option '-%c'", (char)optopt);
	} else if (optopt) {
		snprintf(err, errsz, "option '%.*s' does not take an argument", (int)len, arg);
	} else if (n > 1) {
		snprintf(err, errsz, "ambiguous option '%.*s'", (int)len, arg);
	} else {
		snprintf(err, errsz, "unknown option '%.*s'", (int)len, arg);
	}
}

/* "500000", "64K", "500M", "2G" (powers of 1024) into *bytes: 0 or -EINVAL */
static int parse_size(const char *s, int64_t *bytes)
{
	char *end;
	long long v;
	int shift = 0;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case '\0': break;
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	default: return -EINVAL;
	}
	if (*end || v > (INT64_MAX >> shift))
		return -EINVAL;
	*bytes = (int64_t)v << shift;
	return 0;
}

int options_parse(int argc, char **argv, struct options *o, char *err, size_t errsz)
{
	const char *columns = NULL, *sort = NULL;
	long num;
	int c;

	memset(o, 0, sizeof(*o));
	o->delay = 1.0;
	o->iterations = -1;
	o->format = OUTPUT_TABLE;
	o->sort = kind_shm.sort_default;
	o->source = SNAPSHOT_AUTO;
	o->procroot = "/proc";
	o->stale_secs = LEAK_STALE_DEFAULT;
	o->retention_secs = 30 * 86400;
	o->prom_objects = OPTIONS_PROM_OBJECTS;
	err[0] = '\0';

	optind = 0; /* glibc: full re-initialisation, so tests can parse several times */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bn:d:o:s:ru:RChVi:p:", long_opts, NULL)) != -1) {
		switch (c) {
		case 'b': o->batch = 1; break;
		case 'n':
			if (parse_long(optarg, 1, &o->iterations) < 0) {
				snprintf(err, errsz, "invalid iteration count '%s': must be a whole number of at least 1", optarg);
				return -EINVAL;
			}
			break;
		case 'd':
			o->delay_given = 1;
			if (parse_delay(optarg, &o->delay) < 0) {
				snprintf(err, errsz, "invalid delay '%s': must be seconds from 0.1 to 86400", optarg);
				return -EINVAL;
			}
			break;
		case 'o':
			if (output_format_parse(optarg, &o->format) < 0) {
				snprintf(err, errsz, "invalid output format '%s': use table, json, csv or prometheus", optarg);
				return -EINVAL;
			}
			break;
		case 's':
			sort = optarg; /* a field of the first kind, known after every option */
			o->sort_given = 1;
			break;
		case 'r': o->reverse = 1; break;
		case 'u':
			if (!*optarg) {
				snprintf(err, errsz, "invalid user '': give a user name or uid");
				return -EINVAL;
			}
			o->user = optarg;
			break;
		case OPT_SOURCE:
			if (strcmp(optarg, "proc") == 0)
				o->source = SNAPSHOT_PROC;
			else if (strcmp(optarg, "shmctl") == 0)
				o->source = SNAPSHOT_SHMCTL;
			else if (strcmp(optarg, "auto") == 0)
				o->source = SNAPSHOT_AUTO;
			else {
				snprintf(err, errsz, "invalid source '%s': use auto, proc or shmctl", optarg);
				return -EINVAL;
			}
			break;
		case OPT_PROC:
			if (!*optarg) {
				snprintf(err, errsz, "invalid --proc '': give the directory where procfs is mounted");
				return -EINVAL;
			}
			o->procroot = optarg;
			o->procroot_given = 1;
			break;
		case OPT_BYTES: o->bytes = 1; break;
		case 'R': o->read_only = 1; break;
		case 'C':
			o->no_color = 1;
			o->scheme = PALETTE_MONO;
			o->scheme_given = 1;
			break;
		case OPT_SHMEM: o->shmem = 1; break;
		case OPT_TRACE: o->trace = 1; break;
		case OPT_ALL_NS: o->all_namespaces = 1; break;
		case OPT_EVENTS: o->events = 1; break;
		case OPT_RECORD: o->record = 1; break;
		case OPT_HISTORY: o->history = 1; break;
		case OPT_REPLAY: o->replay = 1; break;
		case OPT_DB:
			if (!optarg[0]) {
				snprintf(err, errsz, "--db needs a path");
				return -EINVAL;
			}
			o->db_path = optarg;
			break;
		case OPT_RETENTION:
			if (leak_parse_duration(optarg, &o->retention_secs) < 0) {
				snprintf(err, errsz, "invalid --retention '%s': e.g. 30d, 12h or 90m",
					 optarg);
				return -EINVAL;
			}
			o->retention_given = 1;
			break;
		case OPT_MAX_DB_SIZE:
			if (parse_size(optarg, &o->max_db_bytes) < 0 || o->max_db_bytes < 65536) {
				snprintf(err, errsz, "invalid --max-db-size '%s': bytes, or with K, M or "
					 "G, at least 64K", optarg);
				return -EINVAL;
			}
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
		case OPT_AT: {
			int64_t t;

			if (histtime_parse(optarg, 0, &t) < 0) {
				snprintf(err, errsz, "invalid %s '%s': Unix seconds, ISO 8601 "
					 "(2026-12-05T10:00) or a time ago (-2h, -30m, -3d)",
					 c == OPT_SINCE ? "--since" : c == OPT_AT ? "--at" : "--until",
					 optarg);
				return -EINVAL;
			}
			if (c == OPT_SINCE)
				o->since = optarg;
			else if (c == OPT_AT)
				o->replay_at = optarg;
			else
				o->until = optarg;
			break;
		}
		case OPT_TRACE_SOURCE:
			if (strcmp(optarg, "auto") && strcmp(optarg, "bpf") && strcmp(optarg, "poll")) {
				snprintf(err, errsz, "invalid --trace-source '%s': use auto, bpf or poll",
					 optarg);
				return -EINVAL;
			}
			o->trace_source = optarg;
			break;
		case OPT_DURATION:
			if (parse_delay(optarg, &o->trace_seconds) < 0) {
				snprintf(err, errsz, "invalid --duration '%s': seconds from 0.1 to 86400",
					 optarg);
				return -EINVAL;
			}
			break;
		case OPT_COLORS:
			if (palette_parse(optarg, &o->scheme) < 0) {
				snprintf(err, errsz, "invalid --colors '%s': use default, light or mono",
					 optarg);
				return -EINVAL;
			}
			o->scheme_given = 1;
			break;
		case OPT_NO_MOUSE: o->no_mouse = 1; break;
		case OPT_DUMP:
			if (optarg[0] == '/' && optarg[1] && !strchr(optarg + 1, '/')) {
				o->dump = 3; /* a POSIX object's name */
				o->dump_name = optarg;
				break;
			}
			if (parse_long(optarg, 0, &num) < 0 || num > INT32_MAX) {
				snprintf(err, errsz, "invalid shmid '%s' for --dump: a whole number, or /NAME for a POSIX object", optarg);
				return -EINVAL;
			}
			o->dump = 1;
			o->dump_id = (int32_t)num;
			break;
		case OPT_ATTACHERS: o->attachers = 1; break;
		case OPT_IPC_NS:
			if (parse_long(optarg, 1, &num) < 0 || num > INT32_MAX) {
				snprintf(err, errsz, "invalid pid '%s' for --ipc-ns: must be a process id", optarg);
				return -EINVAL;
			}
			o->ipc_ns_pid = (int32_t)num;
			break;
		case OPT_LIST_NS: o->list_ns = 1; break;
		case OPT_SHM_DIR:
			if (!*optarg) {
				snprintf(err, errsz, "invalid --shm-dir '': give the directory of POSIX shared memory");
				return -EINVAL;
			}
			o->shm_dir = optarg;
			break;
		case OPT_POSIX:
			o->kinds |= KIND_BIT(KIND_SHM) | KIND_BIT(KIND_POSIX);
			o->kinds_given = 1;
			break;
		case OPT_KINDS: {
			unsigned m;

			if (kinds_parse(optarg, &m, err, errsz) < 0)
				return -EINVAL;
			o->kinds |= m;
			o->kinds_given = 1;
			break;
		}
		case OPT_COLUMNS: columns = optarg; break;
		case OPT_PMQ_STATUS: o->pmq_status = 1; break;
		case OPT_NOHEADINGS: o->no_headings = 1; break;
		case 'p': {
			const char *q = optarg;

			o->npids = 0;
			while (*q) {
				char *end;
				long pid;

				errno = 0;
				pid = strtol(q, &end, 10);
				if (errno || end == q || pid <= 0 || pid > INT32_MAX ||
				    (*end && *end != ',') || o->npids == OPTIONS_PIDS_MAX) {
					snprintf(err, errsz, "invalid --pid '%s': pids separated by commas, "
						 "at most %d", optarg, OPTIONS_PIDS_MAX);
					return -EINVAL;
				}
				o->pids[o->npids++] = (int32_t)pid;
				q = *end ? end + 1 : end;
			}
			if (!o->npids) {
				snprintf(err, errsz, "invalid --pid '': give pids separated by commas");
				return -EINVAL;
			}
			break;
		}
		case 'i':
			if (parse_long(optarg, 0, &num) < 0 || num > INT32_MAX) {
				snprintf(err, errsz, "invalid id '%s' for --id: a whole number", optarg);
				return -EINVAL;
			}
			o->one_field = "id";
			o->one_value = optarg;
			o->one_num = num;
			break;
		case OPT_KEY: {
			int32_t key;

			if (parse_key(optarg, &key) < 0) {
				snprintf(err, errsz, "invalid key '%s' for --key: use 0x hex or decimal", optarg);
				return -EINVAL;
			}
			o->one_field = "key";
			o->one_value = optarg;
			o->one_num = key;
			break;
		}
		case OPT_NAME:
			if (optarg[0] != '/' || !optarg[1] || strchr(optarg + 1, '/')) {
				snprintf(err, errsz, "invalid name '%s' for --name: /NAME, one component", optarg);
				return -EINVAL;
			}
			o->one_field = "name";
			o->one_value = optarg;
			break;
		case OPT_TIME_FORMAT: {
			static const char *const names[] = { "local", "iso", "epoch", "relative" };
			size_t i;

			for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
				if (strcmp(optarg, names[i]) == 0)
					break;
			if (i == sizeof(names) / sizeof(names[0])) {
				snprintf(err, errsz, "invalid --time-format '%s': use local, iso, epoch or "
					 "relative", optarg);
				return -EINVAL;
			}
			o->time_format = (int)i; /* field.h's FIELD_TIME_* order */
			break;
		}
		case OPT_PROM_OBJECTS:
			if (strcmp(optarg, "all") == 0) {
				o->prom_objects = -1;
			} else if (strcmp(optarg, "none") == 0) {
				o->prom_objects = 0;
			} else if (parse_long(optarg, 0, &num) < 0) {
				snprintf(err, errsz, "invalid --prom-objects '%s': give a count, all or none",
					 optarg);
				return -EINVAL;
			} else {
				o->prom_objects = num;
			}
			break;
		case OPT_LEAKS: o->leaks = 1; break;
		case OPT_STALE:
			if (leak_parse_duration(optarg, &o->stale_secs) < 0) {
				snprintf(err, errsz, "invalid duration '%s' for --stale: use e.g. 90s, 15m, 1h or 2d", optarg);
				return -EINVAL;
			}
			break;
		case OPT_DUMP_KEY:
			if (parse_key(optarg, &o->dump_key) < 0) {
				snprintf(err, errsz, "invalid key '%s' for --dump-key: use 0x hex or decimal", optarg);
				return -EINVAL;
			}
			o->dump = 2;
			break;
		case 'h': o->help = 1; break;
		case 'V': o->version = 1; break;
		case ':':
			if (is_long(argv[optind - 1]))
				snprintf(err, errsz, "option '%s' needs an argument", argv[optind - 1]);
			else
				snprintf(err, errsz, "option '-%c' needs an argument", optopt);
			return -EINVAL;
		default:
			bad_option(argv[optind - 1], err, errsz);
			return -EINVAL;
		}
	}
	if (o->history && optind < argc) {
		/* --history's OBJECT: a key (0x...), an id, or a POSIX /NAME */
		const char *obj = argv[optind++];
		char *end;
		long long v;

		o->history_object = obj;
		errno = 0;
		if (obj[0] == '/' && obj[1]) {
			o->history_field = "name";
		} else if (!strncmp(obj, "0x", 2) || !strncmp(obj, "0X", 2)) {
			v = strtoll(obj + 2, &end, 16);
			if (errno || end == obj + 2 || *end || v < 0 || v > 0xffffffffLL)
				goto bad_object;
			o->history_field = "key";
			o->history_num = (int32_t)(uint32_t)v;
		} else {
			v = strtoll(obj, &end, 10);
			if (errno || end == obj || *end || v < 0 || v > INT32_MAX)
				goto bad_object;
			o->history_field = "id";
			o->history_num = v;
		}
	}
	if (optind < argc) {
		snprintf(err, errsz, "unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	if (o->leaks || o->one_field)
		o->batch = 1; /* --leaks and -i are for scripts and cron: they imply -b */
	if (o->list_ns && o->format != OUTPUT_TABLE && o->format != OUTPUT_JSON) {
		snprintf(err, errsz, "--list-ns prints a table or JSON: use -o table or -o json");
		return -EINVAL;
	}
	if (!o->kinds)
		o->kinds = KIND_BIT(KIND_SHM);
	o->posix = (o->kinds & KIND_BIT(KIND_POSIX)) != 0;
	if (o->batch && o->format == OUTPUT_CSV && (o->kinds & (o->kinds - 1))) {
		snprintf(err, errsz, "CSV holds one kind of row (one header): choose one kind with "
			 "--kinds (shm, posix, sem, msg, pmq or psem), or use -o json, table or "
			 "prometheus");
		return -EINVAL;
	}
	if (o->shmem && o->batch && o->format == OUTPUT_CSV) {
		snprintf(err, errsz, "--shmem is a breakdown, not rows of one kind: use -o table, "
			 "json or prometheus");
		return -EINVAL;
	}
	if (o->pmq_status && !(o->kinds & KIND_BIT(KIND_PMQ))) {
		snprintf(err, errsz, "--pmq-status reads the status of POSIX message queues: add pmq "
			 "to --kinds");
		return -EINVAL;
	}
	if (o->sort_given && sort && table_sort_parse(options_first_kind(o), sort, &o->sort) < 0) {
		const struct kind *k = options_first_kind(o);
		char known[512] = "";
		size_t len = 0;

		/* the columns it sorts by, which are not every column (the completions read them) */
		for (size_t j = 0; k->sort_columns[j] != FIELD_NONE && len < sizeof(known); j++)
			len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s",
						len ? ", " : "", k->fields[k->sort_columns[j]].name);
		snprintf(err, errsz, "invalid sort column '%s' for %s (sortable: %s)", sort, k->name,
			 known);
		return -EINVAL;
	}
	if (!o->sort_given)
		o->sort = options_first_kind(o)->sort_default;
	if (o->one_field && !o->trace && !one_field_known(options_first_kind(o), o->one_field)) {
		char with[64] = "";
		size_t len = 0;

		for (size_t k = 0; k < KIND_COUNT && len < sizeof(with); k++)
			if ((KINDS_ALL & KIND_BIT(k)) && one_field_known(kinds[k], o->one_field))
				len += (size_t)snprintf(with + len, sizeof(with) - len, "%s%s",
							len ? ", " : "", kinds[k]->name);
		snprintf(err, errsz, "%s prints one %s, which has no %s: use --kinds=%s",
			 strcmp(o->one_field, "id") == 0 ? "-i" : strcmp(o->one_field, "key") == 0 ?
			 "--key" : "--name", options_first_kind(o)->noun_one, o->one_field, with);
		return -EINVAL;
	}
	if (o->trace && o->format != OUTPUT_TABLE && o->format != OUTPUT_JSON) {
		snprintf(err, errsz, "--trace prints a table or JSON Lines: -o table or -o json");
		return -EINVAL;
	}
	if (o->trace + o->record + o->history + o->replay > 1) {
		snprintf(err, errsz, "--trace, --record, --history and --replay are ways to run: one "
			 "at a time");
		return -EINVAL;
	}
	if (o->replay && o->batch) {
		snprintf(err, errsz, "--replay is the dashboard of the past: not with -b (--history "
			 "prints the records)");
		return -EINVAL;
	}
	if (o->replay && o->events) {
		/* its records would be of now, shown among the recorded ones */
		snprintf(err, errsz, "--events traces the live dashboard: not with --replay (each "
			 "detail view lists its object's recorded records)");
		return -EINVAL;
	}
	if (o->replay_at && !o->replay) {
		snprintf(err, errsz, "--at is for --replay");
		return -EINVAL;
	}
	if ((o->all_namespaces || o->trace_seconds > 0) && !o->trace && !o->record) {
		snprintf(err, errsz, "%s is for --trace and --record", o->all_namespaces ?
			 "--all-namespaces" : "--duration");
		return -EINVAL;
	}
	if (o->trace_source && !o->trace && !o->record && o->batch) {
		snprintf(err, errsz, "--trace-source is for --trace, --record and the dashboard's "
			 "events");
		return -EINVAL;
	}
	if ((o->retention_given || o->max_db_bytes) && !o->record) {
		snprintf(err, errsz, "%s is for --record", o->retention_given ? "--retention" :
			 "--max-db-size");
		return -EINVAL;
	}
	if (o->db_path && o->trace) {
		snprintf(err, errsz, "--db is for --record, --history, --replay, the dashboard and "
			 "batch mode");
		return -EINVAL;
	}
	if ((o->since || o->until) && !o->history) {
		snprintf(err, errsz, "%s is for --history", o->since ? "--since" : "--until");
		return -EINVAL;
	}
	if (o->since && o->until) {
		/* both read against the same now, as run_history reads them */
		int64_t now = (int64_t)time(NULL) * 1000000000, since, until;

		if (histtime_parse(o->since, now, &since) == 0 &&
		    histtime_parse(o->until, now, &until) == 0 && since > until) {
			snprintf(err, errsz, "--since '%s' is after --until '%s': nothing is in "
				 "that time", o->since, o->until);
			return -EINVAL;
		}
	}
	if (o->history && o->format != OUTPUT_TABLE && o->format != OUTPUT_JSON) {
		snprintf(err, errsz, "--history prints a table or JSON Lines: -o table or -o json");
		return -EINVAL;
	}
	if (o->record && o->one_field) {
		snprintf(err, errsz, "--record keeps every object's records: -i, --key and --name "
			 "are for --trace");
		return -EINVAL;
	}
	if ((o->trace || o->record) && o->iterations < 0)
		o->iterations = 0; /* -n: events; without it, until stopped */
	if (o->iterations < 0)
		o->iterations = o->batch ? 1 : 0;
	if (columns && parse_columns(o, columns, err, errsz) < 0)
		return -EINVAL;
	if (o->source == SNAPSHOT_AUTO) {
		o->source = auto_source(o);
		o->source_auto = 1;
	}
	return 0;
bad_object:
	snprintf(err, errsz, "invalid --history object '%s': a key (0x2537), an id (5) or a POSIX "
		 "/NAME", o->history_object);
	return -EINVAL;
}
