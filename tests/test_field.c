/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_field.c - the column registry: every form of every field type over a test struct (table
 * text on the dashboard and in the batch table, JSON, CSV, Prometheus value, widths), names and
 * aliases, --columns parsing and its errors, and the registries of the real kinds checked for
 * what a new entry could get wrong (names, titles, widths, writers, hooks, default lists). */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "field.h"
#include "fmt.h"
#include "kind.h"
#include "kind_msg.h"
#include "kind_pmq.h"
#include "kind_posix.h"
#include "kind_psem.h"
#include "kind_sem.h"
#include "pmq.h"
#include "psem.h"

struct thing {
	int32_t key, id;
	uint32_t uid, gid, mode;
	uint64_t count, size;
	int64_t mem, when;
	int32_t pid;
};

static int64_t since_when(const void *obj)
{
	return ((const struct thing *)obj)->when;
}

#define AT(m) offsetof(struct thing, m)
static const struct field fields[] = {
	{ .name = "key", .title = "KEY", .type = FIELD_KEY, .writers = FW_DASH | FW_JSON | FW_CSV,
	  .width = 10, .bwidth = 10, .offset = AT(key) },
	{ .name = "id", .alias = "ident", .title = "ID", .type = FIELD_INT,
	  .writers = FW_DASH | FW_TABLE | FW_JSON | FW_CSV, .width = 5, .bwidth = 7, .right = 1,
	  .offset = AT(id) },
	{ .name = "uid", .type = FIELD_UINT, .writers = FW_JSON | FW_CSV, .offset = AT(uid) },
	{ .name = "count", .type = FIELD_COUNT, .writers = FW_JSON | FW_CSV | FW_PROM,
	  .offset = AT(count), .prom = "count", .help = "h" },
	{ .name = "size", .title = "SIZE", .type = FIELD_SIZE, .writers = FW_DASH | FW_JSON,
	  .width = 6, .bwidth = 6, .offset = AT(size) },
	{ .name = "mem", .title = "MEM", .type = FIELD_MEM, .writers = FW_DASH | FW_JSON | FW_CSV,
	  .width = 6, .bwidth = 7, .offset = AT(mem) },
	{ .name = "when", .title = "WHEN", .type = FIELD_TIME, .writers = FW_DASH | FW_JSON | FW_CSV,
	  .width = 8, .bwidth = 19, .offset = AT(when) },
	{ .name = "pid", .title = "PID", .type = FIELD_PID, .writers = FW_DASH | FW_JSON | FW_CSV,
	  .width = 17, .bwidth = 7, .offset = AT(pid), .since = since_when },
	{ .name = "pid_comm", .type = FIELD_PID_COMM, .writers = FW_JSON | FW_CSV, .offset = AT(pid),
	  .since = since_when },
	{ .name = "pid_alive", .type = FIELD_PID_ALIVE, .writers = FW_JSON | FW_CSV,
	  .offset = AT(pid), .since = since_when },
	{ .name = "owner", .title = "OWNER", .type = FIELD_USER, .writers = FW_DASH | FW_JSON,
	  .width = 8, .bwidth = 10, .offset = AT(uid) },
	{ .name = "group", .type = FIELD_GROUP, .writers = FW_JSON | FW_CSV, .offset = AT(gid) },
	{ .name = "perms", .title = "PERMS", .type = FIELD_PERMS, .writers = FW_DASH | FW_JSON,
	  .width = 9, .bwidth = 5, .offset = AT(mode) },
	{ .name = "dest", .type = FIELD_FLAG, .writers = FW_JSON | FW_CSV, .offset = AT(mode),
	  .bit = 01000 },
};

static const uint8_t none[] = { FIELD_NONE };
static const struct kind thing_kind = {
	.name = "thing", .fields = fields, .nfields = sizeof(fields) / sizeof(fields[0]),
	.dash_columns = none, .table_columns = none, .csv_columns = none, .prom_gauges = none,
};

enum { K_KEY, K_ID, K_UID, K_COUNT, K_SIZE, K_MEM, K_WHEN, K_PID, K_COMM, K_ALIVE, K_OWNER,
       K_GROUP, K_PERMS, K_DEST };

#define NOW 1700000000LL

static int fake_lookup(uint32_t id, int group, char *buf, size_t size)
{
	if (id == 1000) {
		snprintf(buf, size, "%s", group ? "staff" : "al\"ice");
		return 0;
	}
	return -ENOENT;
}

static struct names names;
static struct procinfo_cache pids;
static char procroot[64];

static const struct thing thing1 = {
	.key = 0x2537, .id = 42, .uid = 1000, .gid = 1000, .mode = 0640 | 01000,
	.count = 3, .size = 1048576, .mem = -1, .when = NOW - 90, .pid = 0,
};

static char *json_of(const struct field *f, const void *obj, const struct field_ctx *c, int first)
{
	static char out[512];
	struct outbuf b;

	outbuf_init(&b, NULL, NULL);
	field_json(f, obj, c, &b, first);
	assert_int_equal(b.err, 0);
	assert_true(b.len < sizeof(out));
	if (b.len)                              /* a hook that writes nothing leaves no buffer */
		memcpy(out, b.p, b.len);
	out[b.len] = '\0';
	outbuf_free(&b);
	return out;
}

static char *csv_of(const struct field *f, const void *obj, const struct field_ctx *c)
{
	static char out[512];
	struct outbuf b;

	outbuf_init(&b, NULL, NULL);
	field_csv(f, obj, c, &b);
	assert_true(b.len < sizeof(out));
	if (b.len)                              /* an empty value leaves no buffer at all */
		memcpy(out, b.p, b.len);
	out[b.len] = '\0';
	outbuf_free(&b);
	return out;
}

static const char *text_of(const struct field *f, const void *obj, const struct field_ctx *c,
			   enum frame_style *st)
{
	static char buf[256];
	enum frame_style s;

	memset(buf, 'X', sizeof(buf));
	s = field_text(f, obj, c, buf, sizeof(buf));
	if (st)
		*st = s;
	return buf;
}

static struct field_ctx dash_ctx(void)
{
	struct field_ctx c = { .names = &names, .now = NOW };

	return c;
}

/* A proc tree with process 300 ("writer", started at NOW - 1000) alive. */
static int setup(void **state)
{
	char path[128];
	FILE *f;
	struct procclock clk = { .btime = NOW - 100000, .hz = 100 };

	(void)state;
	names_init(&names, fake_lookup);
	snprintf(procroot, sizeof(procroot), "/tmp/shmtop-field-XXXXXX");
	if (!mkdtemp(procroot))
		return -1;
	snprintf(path, sizeof(path), "%s/300", procroot);
	if (mkdir(path, 0700) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/300/stat", procroot);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "300 (writer) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 %lld 0 0\n",
		(long long)((NOW - 1000 - clk.btime) * clk.hz));
	fclose(f);
	procinfo_cache_init(&pids, procroot, &clk);
	procinfo_cache_get(&pids, 300);
	procinfo_cache_get(&pids, 301);          /* no such process: cached as gone */
	return 0;
}

static int teardown(void **state)
{
	char cmd[160];

	(void)state;
	names_free(&names);
	procinfo_cache_free(&pids);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", procroot);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_text_forms(void **state)
{
	struct field_ctx c = dash_ctx();
	struct thing t = thing1;
	enum frame_style st;

	(void)state;
	assert_string_equal(text_of(&fields[K_KEY], &t, &c, NULL), "0x00002537");
	assert_string_equal(text_of(&fields[K_ID], &t, &c, NULL), "42");
	assert_string_equal(text_of(&fields[K_COUNT], &t, &c, NULL), "3");
	assert_string_equal(text_of(&fields[K_SIZE], &t, &c, NULL), "1.0M");
	assert_string_equal(text_of(&fields[K_MEM], &t, &c, NULL), "-");
	assert_string_equal(text_of(&fields[K_WHEN], &t, &c, NULL), "1m ago");
	assert_string_equal(text_of(&fields[K_PID], &t, &c, &st), "-");   /* pid 0 */
	assert_int_equal(st, STYLE_NORMAL);
	assert_string_equal(text_of(&fields[K_PERMS], &t, &c, NULL), "rw-r-----");
	assert_string_equal(text_of(&fields[K_DEST], &t, &c, NULL), "true");
	/* names only from the cache on the dashboard; the batch looks them up */
	c.names_cached = 1;
	assert_string_equal(text_of(&fields[K_OWNER], &t, &c, NULL), "1000");
	c.names_cached = 0;
	assert_string_equal(text_of(&fields[K_OWNER], &t, &c, NULL), "al\"ice");
	c.names_cached = 1;
	assert_string_equal(text_of(&fields[K_OWNER], &t, &c, NULL), "al\"ice");
	/* --bytes, absolute times, the batch table's forms */
	c.bytes = 1;
	t.mem = 4096;
	assert_string_equal(text_of(&fields[K_SIZE], &t, &c, NULL), "1048576");
	assert_string_equal(text_of(&fields[K_MEM], &t, &c, NULL), "4096");
	assert_int_equal(field_width(&fields[K_SIZE], &c), 12);
	assert_int_equal(field_batch_width(&fields[K_MEM], &c), 12);
	c.bytes = 0;
	assert_int_equal(field_width(&fields[K_SIZE], &c), 6);
	assert_int_equal(field_batch_width(&fields[K_MEM], &c), 7);
	assert_int_equal(field_width(&fields[K_WHEN], &c), 8);
	c.abs_time = 1;
	assert_int_equal(field_width(&fields[K_WHEN], &c), FMT_TIME_LEN - 1);
	c.abs_time = 0;
	c.batch = 1;
	assert_string_equal(text_of(&fields[K_PERMS], &t, &c, NULL), "0640");
	assert_int_equal(strlen(text_of(&fields[K_WHEN], &t, &c, NULL)), FMT_TIME_LEN - 1);
	assert_string_equal(text_of(&fields[K_PID], &t, &c, NULL), "0");
	/* a negative key is shown unsigned, an id signed */
	t.key = -1;
	t.id = -5;
	assert_string_equal(text_of(&fields[K_KEY], &t, &c, NULL), "0xffffffff");
	assert_string_equal(text_of(&fields[K_ID], &t, &c, NULL), "-5");
}

/* A pid's name and liveness: named while alive and started by the field's time, dim when gone,
 * unknown (not gone) when not cached on the dashboard. */
static void test_pid_forms(void **state)
{
	struct field_ctx c = dash_ctx();
	struct thing t = thing1;
	enum frame_style st;

	(void)state;
	c.pids = &pids;
	t.pid = 300;
	assert_string_equal(text_of(&fields[K_PID], &t, &c, &st), "300 writer");
	assert_int_equal(st, STYLE_NORMAL);
	assert_string_equal(json_of(&fields[K_COMM], &t, &c, 0), ",\"pid_comm\":\"writer\"");
	assert_string_equal(json_of(&fields[K_ALIVE], &t, &c, 0), ",\"pid_alive\":true");
	assert_string_equal(csv_of(&fields[K_COMM], &t, &c), "writer");
	assert_string_equal(csv_of(&fields[K_ALIVE], &t, &c), "true");
	/* the process started after the object's time: the pid was reused */
	t.when = NOW - 2000;
	assert_string_equal(text_of(&fields[K_PID], &t, &c, &st), "300 writer");
	assert_int_equal(st, STYLE_DIM);
	assert_string_equal(json_of(&fields[K_COMM], &t, &c, 0), ",\"pid_comm\":null");
	assert_string_equal(json_of(&fields[K_ALIVE], &t, &c, 0), ",\"pid_alive\":false");
	assert_string_equal(csv_of(&fields[K_COMM], &t, &c), "");
	assert_string_equal(csv_of(&fields[K_ALIVE], &t, &c), "false");
	/* dead, cached */
	t.pid = 301;
	assert_string_equal(text_of(&fields[K_PID], &t, &c, &st), "301");
	assert_int_equal(st, STYLE_DIM);
	/* not cached: no name, not dim; with no cache at all liveness is unknown (null, empty) */
	t.pid = 302;
	assert_string_equal(text_of(&fields[K_PID], &t, &c, &st), "302");
	c.pids = NULL;
	assert_string_equal(text_of(&fields[K_PID], &t, &c, &st), "302");
	assert_int_equal(st, STYLE_NORMAL);
	assert_string_equal(json_of(&fields[K_ALIVE], &t, &c, 0), ",\"pid_alive\":null");
	assert_string_equal(csv_of(&fields[K_ALIVE], &t, &c), "");
	t.pid = 0;
	assert_string_equal(json_of(&fields[K_ALIVE], &t, &c, 0), ",\"pid_alive\":false");
	assert_string_equal(csv_of(&fields[K_ALIVE], &t, &c), "false");
}

static void test_json_csv_num_forms(void **state)
{
	struct field_ctx c = dash_ctx();
	struct thing t = thing1;
	uint64_t v;

	(void)state;
	assert_string_equal(json_of(&fields[K_KEY], &t, &c, 1), "\"key\":\"0x00002537\"");
	assert_string_equal(json_of(&fields[K_ID], &t, &c, 0), ",\"id\":42");
	assert_string_equal(json_of(&fields[K_UID], &t, &c, 0), ",\"uid\":1000");
	assert_string_equal(json_of(&fields[K_MEM], &t, &c, 0), ",\"mem\":null");
	assert_string_equal(json_of(&fields[K_WHEN], &t, &c, 0), ",\"when\":1699999910");
	assert_string_equal(json_of(&fields[K_OWNER], &t, &c, 0), ",\"owner\":\"al\\\"ice\"");
	assert_string_equal(json_of(&fields[K_PERMS], &t, &c, 0), ",\"perms\":\"0640\"");
	assert_string_equal(json_of(&fields[K_DEST], &t, &c, 0), ",\"dest\":true");
	assert_string_equal(csv_of(&fields[K_MEM], &t, &c), "");
	assert_string_equal(csv_of(&fields[K_GROUP], &t, &c), "staff");
	assert_string_equal(csv_of(&fields[K_KEY], &t, &c), "0x00002537");
	/* RFC 4180: a quote doubles and quotes the value */
	t.gid = 1000;
	t.uid = 1000;
	assert_string_equal(json_of(&fields[K_GROUP], &t, &c, 0), ",\"group\":\"staff\"");
	{
		struct field owner_csv = fields[K_OWNER];

		assert_string_equal(csv_of(&owner_csv, &t, &c), "\"al\"\"ice\"");
	}
	/* numbers for Prometheus; unknown is no sample */
	assert_int_equal(field_num(&fields[K_COUNT], &t, &c, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(field_num(&fields[K_MEM], &t, &c, &v), -1);
	t.mem = 77;
	assert_int_equal(field_num(&fields[K_MEM], &t, &c, &v), 0);
	assert_int_equal(v, 77);
	assert_int_equal(field_num(&fields[K_DEST], &t, &c, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(field_num(&fields[K_COMM], &t, &c, &v), -1);
	/* a name that needs escaping is escaped once, then quoted for JSON */
	assert_string_equal(json_of(&fields[K_OWNER], &(struct thing){ .uid = 4242 }, &c, 0),
			    ",\"owner\":\"4242\"");
}

static void test_find_and_parse(void **state)
{
	uint8_t out[8];
	char err[1200];

	(void)state;
	assert_int_equal(field_find(&thing_kind, "ID", 0), K_ID);
	assert_int_equal(field_find(&thing_kind, "ident", FW_TABLE), K_ID);
	assert_int_equal(field_find(&thing_kind, "Perms", 0), K_PERMS);  /* the title too */
	assert_int_equal(field_find(&thing_kind, "key", FW_TABLE), -1);   /* not a table column */
	assert_int_equal(field_find(&thing_kind, "nope", 0), -1);
	assert_int_equal(field_list_parse(&thing_kind, "when,Ident,key", FW_DASH, out, sizeof(out),
					  err, sizeof(err)), 3);
	assert_int_equal(out[0], K_WHEN);
	assert_int_equal(out[1], K_ID);
	assert_int_equal(out[2], K_KEY);
	assert_int_equal(out[3], FIELD_NONE);
	assert_int_equal(field_list_parse(&thing_kind, "key,bad\x1b", FW_DASH, out, sizeof(out),
					  err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown column 'bad\\x1b' for thing (known: key, id, size,"));
	assert_null(strchr(err, '\x1b'));
	assert_int_equal(field_list_parse(&thing_kind, "key,,id", FW_DASH, out, sizeof(out), err,
					  sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "empty column name"));
	assert_int_equal(field_list_parse(&thing_kind, "", FW_DASH, out, sizeof(out), err,
					  sizeof(err)), -EINVAL);
	assert_int_equal(field_list_parse(&thing_kind, "id,ident", FW_DASH, out, sizeof(out), err,
					  sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "listed twice"));
	assert_int_equal(field_list_parse(&thing_kind, "key,id,size,mem,when,pid,owner,perms",
					  FW_DASH, out, sizeof(out), err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "too many"));
}

/* The JSON members of a zeroed object of k (no caches: the hooks must cope) are the registry's
 * JSON fields, in its order, under their names: a custom hook writes its member itself, or
 * nothing. */
static void check_json_names(const struct kind *k)
{
	struct field_ctx c = { .names = &names, .now = NOW, .batch = 1 };
	void *obj = calloc(1, k->size);
	int first = 1;

	assert_non_null(obj);
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];
		char want[80];
		const char *got;

		if (!(f->writers & FW_JSON))
			continue;
		got = json_of(f, obj, &c, first);
		snprintf(want, sizeof(want), "%s\"%s\":", first ? "" : ",", f->name);
		if (*got && strncmp(got, want, strlen(want)) != 0)
			fail_msg("%s: the JSON of %s is %s", k->name, f->name, got);
		first = 0;
	}
	free(obj);
}

/* What a new registry entry could get wrong, for every real kind. */
static void check_kind(const struct kind *k)
{
	const uint8_t *lists[] = { k->dash_columns, k->table_columns, k->csv_columns,
				   k->prom_gauges };
	const unsigned need[] = { FW_DASH, FW_TABLE, FW_CSV, FW_PROM };

	assert_true(k->nfields > 0 && k->nfields <= FIELD_MAX);
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		assert_non_null(f->name);
		/* each of its names (name, alias, title) finds it and no other */
		if (field_find(k, f->name, 0) != (int)i ||
		    (f->alias && field_find(k, f->alias, 0) != (int)i) ||
		    (f->title && field_find(k, f->title, 0) != (int)i))
			fail_msg("%s: a name of field %s is another field's too", k->name, f->name);
		if (f->writers & (FW_DASH | FW_TABLE) && !f->title)
			fail_msg("%s: column %s has no title", k->name, f->name);
		if (f->writers & FW_DASH && (!f->width || strlen(f->title) > f->width))
			fail_msg("%s: column %s is narrower than its title", k->name, f->name);
		if (f->follows >= k->nfields || (f->follows && f->follows == i))
			fail_msg("%s: %s follows no field of the kind", k->name, f->name);
		if (f->writers & FW_PROM && (!f->prom || !f->help))
			fail_msg("%s: gauge %s has no name or help", k->name, f->name);
		if (f->writers & FW_FILL && !f->title)
			fail_msg("%s: column %s fills the width but has no title", k->name, f->name);
		if (f->writers & FW_PROM) {
			for (const char *p = f->prom; p && *p; p++)
				if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
					fail_msg("%s: gauge %s is not a metric name", k->name, f->prom);
			for (size_t j = 0; j < i; j++)
				if (k->fields[j].writers & FW_PROM && f->prom && k->fields[j].prom &&
				    strcmp(k->fields[j].prom, f->prom) == 0)
					fail_msg("%s: two gauges named %s", k->name, f->prom);
		}
		if (f->type == FIELD_CUSTOM) {
			if ((f->writers & (FW_DASH | FW_TABLE) && !f->text) ||
			    (f->writers & FW_JSON && !f->json) || (f->writers & FW_CSV && !f->csv) ||
			    (f->writers & FW_PROM && !f->num))
				fail_msg("%s: custom field %s lacks a hook", k->name, f->name);
		}
	}
	/* a custom JSON hook writes its own member: under the field's name, with the comma of
	 * every member but the first */
	check_json_names(k);
	/* identity, and what the model sorts by */
	assert_non_null(k->key);
	assert_non_null(k->same);
	assert_true(k->use_field == FIELD_NONE || k->use_field < k->nfields);
	for (size_t i = 0; k->sort_columns[i] != FIELD_NONE; i++)
		if (!field_sortable(&k->fields[k->sort_columns[i]]))
			fail_msg("%s: %s cannot sort", k->name, k->fields[k->sort_columns[i]].name);
	assert_true(k->sort_default < k->nfields && field_sortable(&k->fields[k->sort_default]));
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		for (size_t i = 0; lists[l][i] != FIELD_NONE; i++) {
			assert_true(lists[l][i] < k->nfields);
			if (!(k->fields[lists[l][i]].writers & need[l]))
				fail_msg("%s: %s is in a default list it cannot be written in",
					 k->name, k->fields[lists[l][i]].name);
		}
	}
}

static void test_registries(void **state)
{
	(void)state;
	check_kind(&kind_shm);
	check_kind(&kind_posix);
	check_kind(&kind_sem);
	check_kind(&kind_msg);
	check_kind(&kind_pmq);
	check_kind(&kind_psem);
}

/* The forms of a POSIX message queue: mq_getattr's attributes unknown when the queue could not be
 * opened, the status line's unknown unless read, the notification as mq_notify registered it,
 * its process named like any other pid. */
static void test_pmq_forms(void **state)
{
	struct field_ctx c = dash_ctx();
	const struct field *f = kind_pmq.fields;
	struct pmq q = {
		.name = "/q\x1b", .uid = 1000, .gid = 1000, .mode = 01640, .mtime = NOW - 90,
		.ctime = NOW - 10, .dev = 5, .ino = 77, .attr_err = 0, .maxmsg = 10,
		.msgsize = 8192, .curmsgs = 3, .status_err = -ENODATA,
	};
	uint64_t v;

	(void)state;
	c.pids = &pids;
	/* the name escaped everywhere, first in JSON */
	assert_string_equal(text_of(&f[PMQ_F_NAME], &q, &c, NULL), "/q\\x1b");
	assert_string_equal(json_of(&f[PMQ_F_NAME], &q, &c, 1), "\"name\":\"/q\\\\x1b\"");
	assert_string_equal(csv_of(&f[PMQ_F_NAME], &q, &c), "/q\\x1b");
	/* the sticky bit and the others beyond 0777 are shown */
	assert_string_equal(json_of(&f[PMQ_F_MODE], &q, &c, 0), ",\"mode\":\"1640\"");
	assert_string_equal(json_of(&f[PMQ_F_MAXMSG], &q, &c, 0), ",\"maxmsg\":10");
	assert_string_equal(json_of(&f[PMQ_F_MSGSIZE], &q, &c, 0), ",\"msgsize\":8192");
	assert_string_equal(text_of(&f[PMQ_F_MSGSIZE], &q, &c, NULL), "8.0K");
	assert_string_equal(text_of(&f[PMQ_F_CURMSGS], &q, &c, NULL), "3");
	assert_int_equal(field_num(&f[PMQ_F_CURMSGS], &q, &c, &v), 0);
	assert_int_equal(v, 3);
	/* the status not read: unknown, whatever the struct holds */
	q.status = (struct pmq_status){ .qsize = 99, .notify = 0, .signo = 10, .notify_pid = 300 };
	assert_string_equal(json_of(&f[PMQ_F_QSIZE], &q, &c, 0), ",\"qsize\":null");
	assert_string_equal(csv_of(&f[PMQ_F_QSIZE], &q, &c), "");
	assert_string_equal(text_of(&f[PMQ_F_QSIZE], &q, &c, NULL), "-");
	assert_int_equal(field_num(&f[PMQ_F_QSIZE], &q, &c, &v), -1);
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY], &q, &c, 0), ",\"notify\":null");
	assert_string_equal(csv_of(&f[PMQ_F_NOTIFY], &q, &c), "");
	assert_string_equal(text_of(&f[PMQ_F_NOTIFY], &q, &c, NULL), "-");
	assert_string_equal(json_of(&f[PMQ_F_SIGNO], &q, &c, 0), ",\"signo\":null");
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY_PID], &q, &c, 0), ",\"notify_pid\":null");
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY_PID_COMM], &q, &c, 0),
			    ",\"notify_pid_comm\":null");
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY_PID_ALIVE], &q, &c, 0),
			    ",\"notify_pid_alive\":null");
	assert_string_equal(text_of(&f[PMQ_F_NOTIFY_PID], &q, &c, NULL), "-");
	/* read: a signal registered by a live process */
	q.status_err = 0;
	assert_string_equal(json_of(&f[PMQ_F_QSIZE], &q, &c, 0), ",\"qsize\":99");
	assert_int_equal(field_num(&f[PMQ_F_QSIZE], &q, &c, &v), 0);
	assert_int_equal(v, 99);
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY], &q, &c, 0), ",\"notify\":\"signal\"");
	assert_string_equal(csv_of(&f[PMQ_F_NOTIFY], &q, &c), "signal");
	assert_string_equal(text_of(&f[PMQ_F_NOTIFY], &q, &c, NULL), "signal 10");
	assert_string_equal(json_of(&f[PMQ_F_SIGNO], &q, &c, 0), ",\"signo\":10");
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY_PID], &q, &c, 0), ",\"notify_pid\":300");
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY_PID_COMM], &q, &c, 0),
			    ",\"notify_pid_comm\":\"writer\"");
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY_PID_ALIVE], &q, &c, 0),
			    ",\"notify_pid_alive\":true");
	assert_string_equal(text_of(&f[PMQ_F_NOTIFY_PID], &q, &c, NULL), "300 writer");
	/* SIGEV_NONE and SIGEV_THREAD; no registration at all; a process that is gone */
	q.status.notify = 1;
	q.status.signo = 0;
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY], &q, &c, 0), ",\"notify\":\"none\"");
	q.status.notify = 2;
	assert_string_equal(text_of(&f[PMQ_F_NOTIFY], &q, &c, NULL), "thread");
	q.status.notify = 7;
	assert_string_equal(csv_of(&f[PMQ_F_NOTIFY], &q, &c), "7");
	q.status.notify_pid = 301;
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY_PID_ALIVE], &q, &c, 0),
			    ",\"notify_pid_alive\":false");
	q.status = (struct pmq_status){ .qsize = 0 };
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY], &q, &c, 0), ",\"notify\":null");
	assert_string_equal(text_of(&f[PMQ_F_NOTIFY], &q, &c, NULL), "-");
	assert_string_equal(json_of(&f[PMQ_F_NOTIFY_PID_ALIVE], &q, &c, 0),
			    ",\"notify_pid_alive\":false");
	/* mq_getattr refused: its three unknown, the rest still there */
	q.attr_err = -EACCES;
	assert_string_equal(json_of(&f[PMQ_F_MAXMSG], &q, &c, 0), ",\"maxmsg\":null");
	assert_string_equal(csv_of(&f[PMQ_F_MSGSIZE], &q, &c), "");
	assert_string_equal(text_of(&f[PMQ_F_CURMSGS], &q, &c, NULL), "-");
	assert_int_equal(field_num(&f[PMQ_F_CURMSGS], &q, &c, &v), -1);
	assert_string_equal(json_of(&f[PMQ_F_INODE], &q, &c, 0), ",\"inode\":77");
	/* identity: the same queue by name, device and inode (pmq_same) */
	{
		struct pmq r = q;

		assert_true(kind_pmq.same(&q, &r));
		assert_int_equal(kind_pmq.key(&q), kind_pmq.key(&r));
		r.ino = 78;
		assert_false(kind_pmq.same(&q, &r));
		assert_int_not_equal(kind_pmq.key(&q), kind_pmq.key(&r));
	}
}

/* The forms of a POSIX named semaphore: its value and waiters only when decoded, the state of
 * the value, the processes that map it (from the psem list in the context), deleted ones. */
static void test_psem_forms(void **state)
{
	struct field_ctx c = dash_ctx();
	const struct field *f = kind_psem.fields;
	struct posix_mapper m[3] = {
		{ .dev = 5, .ino = 7, .pid = 300, .uid = 1000, .addr = 0x7f0000001000, .length = 4096,
		  .access = "rw-s", .count = 1, .comm = "writer" },
		{ .dev = 5, .ino = 7, .pid = 302, .uid = (uint32_t)-1, .addr = 0x7f0000002000,
		  .length = 4096, .access = "rw-s", .count = 2, .comm = "re\x1b" },
		{ .dev = 5, .ino = 8, .pid = 303, .uid = 0, .access = "r--s", .count = 1,
		  .comm = "other" },
	};
	struct psem_list l;
	struct psem s = {
		.name = "/s", .size = 32, .uid = 1000, .gid = 1000, .mode = 0640, .mtime = NOW - 90,
		.ctime = NOW - 90, .dev = 5, .ino = 7, .stat_known = 1,
		.value_state = PSEM_VALUE_OK, .value = 4, .nwaiters = 2,
	};
	uint64_t v;

	(void)state;
	psem_list_init(&l);
	l.files.m = m;
	l.files.nm = 3;
	/* not scanned: no mappers */
	assert_string_equal(json_of(&f[PSEM_F_MAPPERS], &s, &c, 0), ",\"mappers\":[]");
	assert_string_equal(text_of(&f[PSEM_F_MAPPED_BY], &s, &c, NULL), "-");
	c.psems = &l;
	assert_string_equal(text_of(&f[PSEM_F_MAPPERS], &s, &c, NULL), "2");
	assert_string_equal(csv_of(&f[PSEM_F_MAPPERS], &s, &c), "2");
	assert_int_equal(field_num(&f[PSEM_F_MAPPERS], &s, &c, &v), 0);
	assert_int_equal(v, 2);
	assert_string_equal(text_of(&f[PSEM_F_MAPPED_BY], &s, &c, NULL), "300 writer,302 re\\x1b");
	assert_string_equal(json_of(&f[PSEM_F_MAPPERS], &s, &c, 0),
			    ",\"mappers\":[{\"pid\":300,\"comm\":\"writer\",\"uid\":1000,"
			    "\"addr\":\"0x7f0000001000\",\"length\":4096,\"access\":\"rw-s\","
			    "\"count\":1},{\"pid\":302,\"comm\":\"re\\\\x1b\",\"uid\":null,"
			    "\"addr\":\"0x7f0000002000\",\"length\":4096,\"access\":\"rw-s\","
			    "\"count\":2}]");
	/* the value */
	assert_string_equal(json_of(&f[PSEM_F_VALUE], &s, &c, 0), ",\"value\":4");
	assert_string_equal(json_of(&f[PSEM_F_WAITERS], &s, &c, 0), ",\"waiters\":2");
	assert_string_equal(json_of(&f[PSEM_F_VALUE_STATE], &s, &c, 0), ",\"value_state\":\"ok\"");
	assert_int_equal(field_num(&f[PSEM_F_VALUE], &s, &c, &v), 0);
	assert_int_equal(v, 4);
	s.value_state = PSEM_VALUE_BADVALUE;
	s.value = 0x80000000u;
	assert_string_equal(json_of(&f[PSEM_F_VALUE], &s, &c, 0), ",\"value\":null");
	assert_string_equal(text_of(&f[PSEM_F_WAITERS], &s, &c, NULL), "-");
	assert_int_equal(field_num(&f[PSEM_F_VALUE], &s, &c, &v), -1);
	assert_string_equal(csv_of(&f[PSEM_F_VALUE_STATE], &s, &c), "bad-value");
	s.value_state = PSEM_VALUE_BADSIZE;
	assert_string_equal(csv_of(&f[PSEM_F_VALUE_STATE], &s, &c), "bad-size");
	assert_string_equal(csv_of(&f[PSEM_F_VALUE], &s, &c), "");
	/* unlinked, its inode out of reach: named as deleted, its stat unknown, still mapped */
	s.value_state = PSEM_VALUE_UNREAD;
	s.deleted = 1;
	s.stat_known = 0;
	assert_string_equal(json_of(&f[PSEM_F_VALUE_STATE], &s, &c, 0),
			    ",\"value_state\":\"unread\"");
	assert_string_equal(text_of(&f[PSEM_F_NAME], &s, &c, NULL), "/s (deleted)");
	c.plain = 1;
	assert_string_equal(text_of(&f[PSEM_F_NAME], &s, &c, NULL), "/s");
	c.plain = 0;
	assert_string_equal(json_of(&f[PSEM_F_NAME], &s, &c, 1), "\"name\":\"/s\"");
	assert_string_equal(json_of(&f[PSEM_F_DELETED], &s, &c, 0), ",\"deleted\":true");
	assert_string_equal(csv_of(&f[PSEM_F_DELETED], &s, &c), "true");
	assert_int_equal(field_num(&f[PSEM_F_DELETED], &s, &c, &v), 0);
	assert_int_equal(v, 1);
	assert_string_equal(json_of(&f[PSEM_F_UID], &s, &c, 0), ",\"uid\":null");
	assert_string_equal(json_of(&f[PSEM_F_MODE], &s, &c, 0), ",\"mode\":null");
	assert_string_equal(text_of(&f[PSEM_F_OWNER], &s, &c, NULL), "-");
	assert_string_equal(text_of(&f[PSEM_F_MAPPERS], &s, &c, NULL), "2");
	/* a listed one of the same name sorts first, and is not the same semaphore */
	{
		struct psem live = s;

		live.deleted = 0;
		live.ino = 8;
		assert_true(field_cmp(&f[PSEM_F_NAME], &live, &s, NULL) < 0);
		assert_false(kind_psem.same(&live, &s));
		assert_string_equal(json_of(&f[PSEM_F_DELETED], &live, &c, 0), ",\"deleted\":false");
		assert_string_equal(text_of(&f[PSEM_F_MAPPED_BY], &live, &c, NULL), "303 other");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_forms),
		cmocka_unit_test(test_pid_forms),
		cmocka_unit_test(test_json_csv_num_forms),
		cmocka_unit_test(test_find_and_parse),
		cmocka_unit_test(test_registries),
		cmocka_unit_test(test_pmq_forms),
		cmocka_unit_test(test_psem_forms),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
