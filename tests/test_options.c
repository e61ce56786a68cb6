/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_options.c - command-line parsing in options.c: defaults, every option in its short and long
 * spelling, and every kind of bad argument, which must fail with -EINVAL and a one-line message
 * naming the argument. Parses many times in one process, as options_parse resets getopt. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kind_pmq.h"
#include "kind_psem.h"
#include "kind_shm.h"
#include "kinds.h"
#include "options.h"

#define MAXARGS 16

/* argv must be writable and outlive the parse (options keep pointers into it). */
static char argstore[MAXARGS][256];
static char *argvec[MAXARGS + 1];
static char err[256];

/* Parse "shmtop" followed by the NULL-terminated arguments. */
static int parse(struct options *o, ...)
{
	va_list ap;
	const char *a;
	int argc = 0;

	snprintf(argstore[argc], sizeof(argstore[argc]), "shmtop");
	argvec[argc] = argstore[argc];
	argc++;
	va_start(ap, o);
	while ((a = va_arg(ap, const char *)) != NULL) {
		assert_true(argc < MAXARGS);
		snprintf(argstore[argc], sizeof(argstore[argc]), "%s", a);
		argvec[argc] = argstore[argc];
		argc++;
	}
	va_end(ap);
	argvec[argc] = NULL;
	memset(err, 'X', sizeof(err) - 1);
	err[sizeof(err) - 1] = '\0';
	return options_parse(argc, argvec, o, err, sizeof(err));
}

#define PARSE_OK(o, ...) do {                                   \
		int rc_ = parse((o), __VA_ARGS__, (const char *)NULL); \
		if (rc_ != 0)                                   \
			fail_msg("unexpected error: %s", err);  \
		assert_string_equal(err, "");                   \
	} while (0)

/* A bad command line: -EINVAL, and a one-line message that names `bad`. */
#define PARSE_BAD(bad, ...) do {                                        \
		struct options o_;                                      \
		int rc_ = parse(&o_, __VA_ARGS__, (const char *)NULL);   \
		assert_int_equal(rc_, -EINVAL);                         \
		if (!strstr(err, (bad)))                                \
			fail_msg("message '%s' does not name '%s'", err, (bad)); \
		assert_true(strlen(err) > strlen(bad));                 \
		assert_null(strchr(err, '\n'));                         \
		for (const char *p_ = err; *p_; p_++)                   \
			assert_true((unsigned char)*p_ >= 0x20);        \
	} while (0)

static void test_defaults(void **state)
{
	struct options o;

	(void)state;
	assert_int_equal(parse(&o, (const char *)NULL), 0);
	assert_string_equal(err, "");
	assert_int_equal(o.batch, 0);
	assert_int_equal(o.iterations, 0);     /* the dashboard runs until quit */
	assert_true(o.delay == 1.0);
	assert_int_equal(o.format, OUTPUT_TABLE);
	assert_int_equal(o.sort, SHM_F_SHMID);
	assert_int_equal(o.sort_given, 0);
	assert_int_equal(o.reverse, 0);
	assert_null(o.user);
	assert_int_equal(o.source, SNAPSHOT_PROC); /* auto: the dashboard shows RSS and SWAP */
	assert_int_equal(o.source_auto, 1);
	assert_string_equal(o.procroot, "/proc");
	assert_int_equal(o.bytes, 0);
	assert_int_equal(o.read_only, 0);
	assert_int_equal(o.no_color, 0);
	assert_int_equal(o.no_mouse, 0);
	assert_int_equal(o.help, 0);
	assert_int_equal(o.version, 0);

	/* batch alone prints one snapshot */
	PARSE_OK(&o, "-b");
	assert_int_equal(o.batch, 1);
	assert_int_equal(o.iterations, 1);
	assert_true(o.delay == 1.0);
	assert_int_equal(o.format, OUTPUT_TABLE);
	assert_int_equal(o.sort, SHM_F_SHMID);
	assert_string_equal(o.procroot, "/proc");
}

static void test_flags(void **state)
{
	struct options o;

	(void)state;
	PARSE_OK(&o, "--batch");
	assert_int_equal(o.batch, 1);
	PARSE_OK(&o, "-r");
	assert_int_equal(o.reverse, 1);
	PARSE_OK(&o, "--reverse");
	assert_int_equal(o.reverse, 1);
	PARSE_OK(&o, "--bytes");
	assert_int_equal(o.bytes, 1);
	PARSE_OK(&o, "-R");
	assert_int_equal(o.read_only, 1);
	PARSE_OK(&o, "--read-only");
	assert_int_equal(o.read_only, 1);
	PARSE_OK(&o, "-C");
	assert_int_equal(o.no_color, 1);
	PARSE_OK(&o, "--no-color");
	assert_int_equal(o.no_color, 1);
	PARSE_OK(&o, "--no-colour");
	assert_int_equal(o.no_color, 1);
	PARSE_OK(&o, "--no-mouse");
	assert_int_equal(o.no_mouse, 1);
	assert_int_equal(o.no_color, 0);
	PARSE_OK(&o, "-h");
	assert_int_equal(o.help, 1);
	PARSE_OK(&o, "--help");
	assert_int_equal(o.help, 1);
	PARSE_OK(&o, "-V");
	assert_int_equal(o.version, 1);
	assert_int_equal(o.help, 0);
	PARSE_OK(&o, "--version");
	assert_int_equal(o.version, 1);
	/* grouped short flags */
	PARSE_OK(&o, "-brRC");
	assert_int_equal(o.batch, 1);
	assert_int_equal(o.reverse, 1);
	assert_int_equal(o.read_only, 1);
	assert_int_equal(o.no_color, 1);
	assert_int_equal(o.help, 0);
	/* each flag sets only itself */
	PARSE_OK(&o, "-r");
	assert_int_equal(o.batch, 0);
	assert_int_equal(o.read_only, 0);
	assert_int_equal(o.bytes, 0);
}

static void test_values(void **state)
{
	struct options o;

	(void)state;
	PARSE_OK(&o, "-n", "5");
	assert_int_equal(o.iterations, 5);
	PARSE_OK(&o, "-n7", "-b");                /* an explicit count wins over batch's 1 */
	assert_int_equal(o.iterations, 7);
	PARSE_OK(&o, "--iterations", "3");
	assert_int_equal(o.iterations, 3);
	PARSE_OK(&o, "--iterations=1000000");
	assert_int_equal(o.iterations, 1000000);
	PARSE_OK(&o, "--iter=4");                 /* unambiguous abbreviation */
	assert_int_equal(o.iterations, 4);

	PARSE_OK(&o, "-d", "0.5");
	assert_true(o.delay == 0.5);
	PARSE_OK(&o, "-d0.1");                    /* the minimum is allowed */
	assert_true(o.delay == 0.1);
	PARSE_OK(&o, "--delay", "2");
	assert_true(o.delay == 2.0);
	PARSE_OK(&o, "--delay=2.25");
	assert_true(o.delay == 2.25);
	PARSE_OK(&o, "-d", "86400");
	assert_true(o.delay == 86400.0);

	PARSE_OK(&o, "-o", "json");
	assert_int_equal(o.format, OUTPUT_JSON);
	PARSE_OK(&o, "--output", "csv");
	assert_int_equal(o.format, OUTPUT_CSV);
	PARSE_OK(&o, "-o", "json", "--output=table");  /* the last one wins */
	assert_int_equal(o.format, OUTPUT_TABLE);

	PARSE_OK(&o, "-s", "size");
	assert_int_equal(o.sort, SHM_F_SIZE);
	assert_int_equal(o.sort_given, 1);
	PARSE_OK(&o, "--sort=RSS");
	assert_int_equal(o.sort, SHM_F_RSS);
	PARSE_OK(&o, "--sort", "attached");
	assert_int_equal(o.sort, SHM_F_ATIME);
	PARSE_OK(&o, "-sid");
	assert_int_equal(o.sort, SHM_F_SHMID);
	assert_int_equal(o.sort_given, 1);
	/* every column of --help */
	for (size_t k = 0; kind_shm.sort_columns[k] != FIELD_NONE; k++) {
		PARSE_OK(&o, "-s", kind_shm.fields[kind_shm.sort_columns[k]].name);
		assert_int_equal(o.sort, kind_shm.sort_columns[k]);
	}

	PARSE_OK(&o, "-u", "root");
	assert_string_equal(o.user, "root");
	PARSE_OK(&o, "--user=1000");
	assert_string_equal(o.user, "1000");
	PARSE_OK(&o, "--user", "nobody");
	assert_string_equal(o.user, "nobody");

	PARSE_OK(&o, "--source=shmctl");
	assert_int_equal(o.source, SNAPSHOT_SHMCTL);
	PARSE_OK(&o, "--source", "proc");
	assert_int_equal(o.source, SNAPSHOT_PROC);

	PARSE_OK(&o, "--proc=/tmp/fakeproc");
	assert_string_equal(o.procroot, "/tmp/fakeproc");
	PARSE_OK(&o, "--proc", "/x");
	assert_string_equal(o.procroot, "/x");

	/* everything at once, options after -- are not options */
	PARSE_OK(&o, "-b", "-n", "2", "-d", "0.2", "-o", "csv", "-s", "ctime", "-r", "-u", "0",
		 "--source=shmctl", "--proc=/p", "--bytes");
	assert_int_equal(o.batch, 1);
	assert_int_equal(o.iterations, 2);
	assert_true(o.delay == 0.2);
	assert_int_equal(o.format, OUTPUT_CSV);
	assert_int_equal(o.sort, SHM_F_CTIME);
	assert_int_equal(o.reverse, 1);
	assert_string_equal(o.user, "0");
	assert_int_equal(o.source, SNAPSHOT_SHMCTL);
	assert_string_equal(o.procroot, "/p");
	assert_int_equal(o.bytes, 1);
}

/* --source=auto (the default) reads /proc/sysvipc/shm only when the output shows what only it
 * has (rss, swap) or --proc names a procfs; the batch table reads shmctl. An explicit source wins. */
static void test_auto_source(void **state)
{
	static const struct {
		const char *args[5];
		enum snapshot_source want;
		int is_auto;
	} cases[] = {
		{ { "-b" }, SNAPSHOT_SHMCTL, 1 },
		{ { "-b", "--source=auto" }, SNAPSHOT_SHMCTL, 1 },
		{ { "-b", "-o", "table", "-s", "size" }, SNAPSHOT_SHMCTL, 1 },
		{ { "--leaks" }, SNAPSHOT_SHMCTL, 1 },
		{ { "-b", "--posix", "--bytes" }, SNAPSHOT_SHMCTL, 1 },
		{ { "-b", "-o", "json" }, SNAPSHOT_PROC, 1 },
		{ { "-b", "-o", "csv" }, SNAPSHOT_PROC, 1 },
		{ { "-b", "-o", "prometheus" }, SNAPSHOT_PROC, 1 },
		{ { "--leaks", "-o", "json" }, SNAPSHOT_PROC, 1 },
		{ { "-b", "-s", "rss" }, SNAPSHOT_PROC, 1 },
		{ { "-b", "--sort=swap", "-r" }, SNAPSHOT_PROC, 1 },
		{ { "-b", "--proc=/fixtures" }, SNAPSHOT_PROC, 1 },
		{ { "-b", "--proc", "/proc" }, SNAPSHOT_PROC, 1 },
		{ { "-d", "2" }, SNAPSHOT_PROC, 1 },              /* the dashboard */
		{ { "-b", "--source=proc" }, SNAPSHOT_PROC, 0 },
		{ { "-b", "-o", "json", "--source=shmctl" }, SNAPSHOT_SHMCTL, 0 },
		{ { "--source=shmctl" }, SNAPSHOT_SHMCTL, 0 },
		{ { "-b", "--source=proc", "--source=auto" }, SNAPSHOT_SHMCTL, 1 }, /* the last wins */
	};
	struct options o;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *const *a = cases[i].args;

		if (parse(&o, a[0], a[1], a[2], a[3], a[4], (const char *)NULL) != 0)
			fail_msg("case %zu: unexpected error: %s", i, err);
		if (o.source != cases[i].want || o.source_auto != cases[i].is_auto)
			fail_msg("case %zu (%s %s %s): source %s auto %d, want %s auto %d", i, a[0],
				 a[1] ? a[1] : "", a[1] && a[2] ? a[2] : "",
				 snapshot_source_name(o.source), o.source_auto,
				 snapshot_source_name(cases[i].want), cases[i].is_auto);
	}
}

/* --prom-objects: a count, all or none; 500 by default; anything else refused, naming it. */
static void test_prom_objects(void **state)
{
	struct options o;

	(void)state;
	PARSE_OK(&o, "-b");
	assert_int_equal(o.prom_objects, 500);
	PARSE_OK(&o, "-b", "--prom-objects=all");
	assert_int_equal(o.prom_objects, -1);
	PARSE_OK(&o, "-b", "--prom-objects=none");
	assert_int_equal(o.prom_objects, 0);
	PARSE_OK(&o, "-b", "--prom-objects", "7");
	assert_int_equal(o.prom_objects, 7);
	PARSE_BAD("'many'", "-b", "--prom-objects=many");
	PARSE_BAD("'-3'", "-b", "--prom-objects=-3");
}

/* -i, --key, --name: one object; they imply -b; bad values refused, naming them. */
static void test_one_object(void **state)
{
	struct options o;

	(void)state;
	PARSE_OK(&o, "-i", "5");
	assert_string_equal(o.one_field, "id");
	assert_int_equal(o.one_num, 5);
	assert_true(o.batch);
	PARSE_OK(&o, "--key=0x2537");
	assert_string_equal(o.one_field, "key");
	assert_int_equal(o.one_num, 0x2537);
	PARSE_OK(&o, "--kinds=posix", "--name=/shared");
	assert_string_equal(o.one_field, "name");
	assert_string_equal(o.one_value, "/shared");
	PARSE_BAD("'x5'", "-i", "x5");
	PARSE_BAD("'0xzz'", "--key=0xzz");
	PARSE_BAD("'a/b'", "--name=a/b");
}

/* --time-format: local by default, iso, epoch, relative; anything else refused, naming it. */
static void test_time_format(void **state)
{
	struct options o;

	(void)state;
	PARSE_OK(&o, "-b");
	assert_int_equal(o.time_format, FIELD_TIME_LOCAL);
	PARSE_OK(&o, "-b", "--time-format=iso");
	assert_int_equal(o.time_format, FIELD_TIME_ISO);
	PARSE_OK(&o, "-b", "--time-format", "epoch");
	assert_int_equal(o.time_format, FIELD_TIME_EPOCH);
	PARSE_OK(&o, "-b", "--time-format=relative");
	assert_int_equal(o.time_format, FIELD_TIME_RELATIVE);
	PARSE_BAD("'utc'", "-b", "--time-format=utc");
}

/* --colors: default unless given; -C is mono; the last one given wins; others refused. */
static void test_colors(void **state)
{
	struct options o;

	(void)state;
	PARSE_OK(&o, "-d", "1");
	assert_int_equal(o.scheme, PALETTE_DEFAULT);
	assert_false(o.scheme_given);
	PARSE_OK(&o, "--colors=light");
	assert_int_equal(o.scheme, PALETTE_LIGHT);
	assert_true(o.scheme_given);
	PARSE_OK(&o, "--colors", "mono");
	assert_int_equal(o.scheme, PALETTE_MONO);
	PARSE_OK(&o, "-C");
	assert_int_equal(o.scheme, PALETTE_MONO);
	assert_true(o.scheme_given);
	PARSE_OK(&o, "-C", "--colors=light");
	assert_int_equal(o.scheme, PALETTE_LIGHT);
	PARSE_BAD("'dark'", "--colors=dark");
}

static void test_bad_delay(void **state)
{
	(void)state;
	PARSE_BAD("0.09", "-d", "0.09");
	PARSE_BAD("0", "-d", "0");
	PARSE_BAD("-1", "-d", "-1");
	PARSE_BAD("abc", "-d", "abc");
	PARSE_BAD("1x", "--delay=1x");
	PARSE_BAD("1e999", "-d", "1e999");
	PARSE_BAD("nan", "-d", "nan");
	PARSE_BAD("inf", "--delay", "inf");
	PARSE_BAD("86401", "-d", "86401");
	PARSE_BAD("''", "-d", "");
}

static void test_bad_iterations(void **state)
{
	(void)state;
	PARSE_BAD("'0'", "-n", "0");
	PARSE_BAD("-1", "-n", "-1");
	PARSE_BAD("x", "-n", "x");
	PARSE_BAD("1.5", "--iterations=1.5");
	PARSE_BAD("99999999999999999999999", "-n", "99999999999999999999999");
	PARSE_BAD("''", "-n", "");
	PARSE_BAD("3 ", "-n", "3 ");
}

static void test_bad_choices(void **state)
{
	(void)state;
	PARSE_BAD("xml", "-o", "xml");
	PARSE_BAD("yaml", "--output=yaml");
	PARSE_BAD("bogus", "-s", "bogus");
	PARSE_BAD("sizes", "--sort", "sizes");
	PARSE_BAD("sysfs", "--source=sysfs");
	PARSE_BAD("''", "--source=");
	/* empty user and proc root: the message says which option */
	PARSE_BAD("user", "-u", "");
	PARSE_BAD("--proc", "--proc=");
}

static void test_bad_options(void **state)
{
	(void)state;
	PARSE_BAD("-x", "-x");
	PARSE_BAD("-x", "-bxr");              /* in the middle of a group */
	PARSE_BAD("-q", "-b", "-q");
	PARSE_BAD("--bogus", "--bogus");
	PARSE_BAD("--bogus", "-b", "--bogus=3");
	PARSE_BAD("--no", "--no");            /* ambiguous: --no-color, --no-mouse */
	/* a flag given a value it does not take */
	PARSE_BAD("--batch", "--batch=1");
	PARSE_BAD("--bytes", "--bytes=yes");
	PARSE_BAD("--no-mouse", "--no-mouse=1");
	/* a missing value, short and long */
	PARSE_BAD("-d", "-d");
	PARSE_BAD("-n", "-b", "-n");
	PARSE_BAD("--delay", "--delay");
	PARSE_BAD("--output", "--output");
	PARSE_BAD("--proc", "--proc");
	PARSE_BAD("--source", "--source");
	PARSE_BAD("-s", "-rs");
	/* stray positional arguments */
	PARSE_BAD("foo", "foo");
	PARSE_BAD("foo", "-b", "foo");
	PARSE_BAD("bar", "-n", "2", "bar", "-r");
}

static void test_reparse(void **state)
{
	struct options o;

	(void)state;
	/* an error in the middle of a group leaves getopt half-way through it; the next parse
	 * must start afresh and not pick up the rest of the old group */
	assert_int_equal(parse(&o, "-xr", (const char *)NULL), -EINVAL);
	PARSE_OK(&o, "-b");
	assert_int_equal(o.reverse, 0);
	assert_int_equal(o.batch, 1);
	assert_int_equal(parse(&o, "-bd", (const char *)NULL), -EINVAL);
	PARSE_OK(&o, "-n", "3");
	assert_int_equal(o.iterations, 3);
	assert_int_equal(o.batch, 0);
	/* a stray argument permuted to the end does not stick either */
	assert_int_equal(parse(&o, "x", "-b", (const char *)NULL), -EINVAL);
	PARSE_OK(&o, "-r");
	assert_int_equal(o.reverse, 1);
	assert_int_equal(o.batch, 0);
	for (int i = 0; i < 100; i++) {
		PARSE_OK(&o, "-b", "-n", "2");
		assert_int_equal(o.iterations, 2);
		PARSE_OK(&o, "-o", "json");
		assert_int_equal(o.format, OUTPUT_JSON);
		assert_int_equal(o.iterations, 0);
	}
}

/* --columns: for the writer in use (the batch table, CSV, or the dashboard), in the order given,
 * by name, lsipc alias or title; refused for JSON and Prometheus, for unknown or repeated names. */
static const char *col_name(const struct options *o, size_t i)
{
	return o->columns[i] == FIELD_NONE ? NULL : kind_shm.fields[o->columns[i]].name;
}

static void test_columns(void **state)
{
	struct options o;

	(void)state;
	assert_int_equal(parse(&o, "-b", "--columns=id,USER,size,attach", NULL), 0);
	assert_true(o.columns_given);
	assert_string_equal(col_name(&o, 0), "shmid");
	assert_string_equal(col_name(&o, 1), "owner");
	assert_string_equal(col_name(&o, 2), "size");
	assert_string_equal(col_name(&o, 3), "atime");
	assert_null(col_name(&o, 4));
	assert_int_equal(o.source, SNAPSHOT_SHMCTL);       /* no rss or swap asked for */
	assert_int_equal(parse(&o, "-b", "--columns", "shmid,rss", NULL), 0);
	assert_int_equal(o.source, SNAPSHOT_PROC);         /* only /proc says rss */
	/* CSV has its own columns: cpid_comm is one, status is not */
	assert_int_equal(parse(&o, "-b", "-o", "csv", "--columns=shmid,cpid_comm", NULL), 0);
	assert_string_equal(col_name(&o, 1), "cpid_comm");
	assert_int_equal(parse(&o, "-b", "-o", "csv", "--columns=status", NULL), -EINVAL);
	assert_non_null(strstr(err, "unknown column 'status'"));
	assert_int_equal(parse(&o, "-b", "--columns=cpid_comm", NULL), -EINVAL);
	/* the dashboard: PROCESSES turns the attacher scan on */
	assert_int_equal(parse(&o, "--columns=key,processes", NULL), 0);
	assert_true(o.attachers);
	assert_int_equal(parse(&o, "-b", "--columns=key,processes", NULL), -EINVAL);
	/* refused */
	assert_int_equal(parse(&o, "-b", "-o", "json", "--columns=key", NULL), -EINVAL);
	assert_non_null(strstr(err, "JSON and Prometheus write every field"));
	assert_int_equal(parse(&o, "-b", "-o", "prometheus", "--columns=key", NULL), -EINVAL);
	assert_int_equal(parse(&o, "-b", "--columns=key,key", NULL), -EINVAL);
	assert_non_null(strstr(err, "listed twice"));
	assert_int_equal(parse(&o, "-b", "--columns=", NULL), -EINVAL);
	assert_int_equal(parse(&o, "--list-ns", "--columns=key", NULL), -EINVAL);
	/* help: which writer's list, no error */
	assert_int_equal(parse(&o, "--columns=help", NULL), 0);
	assert_int_equal(o.columns_help, FW_DASH);
	assert_int_equal(parse(&o, "-b", "-o", "csv", "--columns=help", NULL), 0);
	assert_int_equal(o.columns_help, FW_CSV);
	assert_int_equal(parse(&o, "-b", NULL), 0);
	assert_false(o.columns_given);
	assert_int_equal(o.columns_help, 0);
}

/* --kinds with the POSIX queues and semaphores: their bits, the first kind's columns and sort,
 * CSV of one of them only, and --pmq-status only where queues are asked for. */
static void test_posix_kinds(void **state)
{
	struct options o;

	(void)state;
	assert_int_equal(parse(&o, "-b", "--kinds=psem,pmq", NULL), 0);
	assert_int_equal(o.kinds, KIND_BIT(KIND_PMQ) | KIND_BIT(KIND_PSEM));
	assert_false(o.posix);                   /* semaphores are not POSIX shared memory */
	assert_ptr_equal(options_first_kind(&o), &kind_pmq);
	assert_false(o.pmq_status);
	assert_int_equal(parse(&o, "-b", "--kinds=all", NULL), 0);
	assert_true(o.kinds & KIND_BIT(KIND_PMQ));
	assert_true(o.kinds & KIND_BIT(KIND_PSEM));
	/* the first kind's columns and sort */
	assert_int_equal(parse(&o, "-b", "--kinds=pmq", "--columns=name,messages,qsize",
			       "-s", "curmsgs", NULL), 0);
	assert_int_equal(o.columns[0], PMQ_F_NAME);
	assert_int_equal(o.columns[1], PMQ_F_CURMSGS);
	assert_int_equal(o.columns[2], PMQ_F_QSIZE);
	assert_int_equal(o.columns[3], FIELD_NONE);
	assert_int_equal(o.sort, PMQ_F_CURMSGS);
	assert_int_equal(parse(&o, "-b", "--kinds=psem", NULL), 0);
	assert_int_equal(o.sort, PSEM_F_NAME);
	assert_int_equal(parse(&o, "-b", "--kinds=psem", "-o", "csv", "--columns=name,waiters",
			       NULL), 0);
	assert_int_equal(o.columns[1], PSEM_F_WAITERS);
	PARSE_BAD("nattch", "-b", "--kinds=psem", "-s", "nattch");
	/* CSV holds one kind */
	PARSE_BAD("pmq or psem", "-b", "--kinds=pmq,psem", "-o", "csv");
	/* the queues' status lines: asked for explicitly, and only with the queues */
	assert_int_equal(parse(&o, "-b", "--kinds=pmq", "--pmq-status", NULL), 0);
	assert_true(o.pmq_status);
	PARSE_BAD("--pmq-status", "-b", "--kinds=psem", "--pmq-status");
	PARSE_BAD("--pmq-status", "-b", "--pmq-status");
}

static void test_help_text(void **state)
{
	const char *h = options_help();

	(void)state;
	/* every long option and every sort column is documented */
	static const char *const opts[] = {
		"--batch", "--iterations", "--delay", "--output", "--sort", "--reverse", "--user",
		"--source", "--proc", "--bytes", "--read-only", "--no-color", "--no-mouse", "--help",
		"--version", "--kinds", "--pmq-status",
	};
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		assert_non_null(strstr(h, opts[i]));
	for (size_t k = 0; kind_shm.sort_columns[k] != FIELD_NONE; k++)
		assert_non_null(strstr(h, kind_shm.fields[kind_shm.sort_columns[k]].name));
	/* and every kind --kinds takes */
	for (size_t k = 0; k < KIND_COUNT; k++) {
		char word[32];

		snprintf(word, sizeof(word), " %s (", kinds[k]->name);
		if (!strstr(h, word))
			fail_msg("--help does not explain the kind %s", kinds[k]->name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_auto_source),
		cmocka_unit_test(test_prom_objects),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_colors),
		cmocka_unit_test(test_one_object),
		cmocka_unit_test(test_bad_delay),
		cmocka_unit_test(test_bad_iterations),
		cmocka_unit_test(test_bad_choices),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_reparse),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_posix_kinds),
		cmocka_unit_test(test_help_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
