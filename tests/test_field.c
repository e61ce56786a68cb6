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
#include "kind_posix.h"
#include "kind_sem.h"

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
		if (f->type == FIELD_CUSTOM) {
			if ((f->writers & (FW_DASH | FW_TABLE) && !f->text) ||
			    (f->writers & FW_JSON && !f->json) || (f->writers & FW_CSV && !f->csv) ||
			    (f->writers & FW_PROM && !f->num))
				fail_msg("%s: custom field %s lacks a hook", k->name, f->name);
		}
	}
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
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_forms),
		cmocka_unit_test(test_pid_forms),
		cmocka_unit_test(test_json_csv_num_forms),
		cmocka_unit_test(test_find_and_parse),
		cmocka_unit_test(test_registries),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
