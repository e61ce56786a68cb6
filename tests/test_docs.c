/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_docs.c - the documentation against the registries: every kind's JSON members, CSV header
 * and Prometheus gauges are described in doc/json-schema.md and in shmtop(1), every kind name is
 * in shmtop(1)'s --kinds, every leak reason in both, in leak.c's order. A field, a kind or a reason
 * added without its documentation fails here. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "field.h"
#include "kind.h"
#include "kinds.h"
#include "leak.h"

/* Where each kind's objects are described: a heading of doc/json-schema.md (to the next "## ")
 * and a subsection of shmtop(1)'s JSON OUTPUT (to the next .SS or .SH). */
static const struct {
	const char *kind, *md, *man;
} sections[] = {
	{ "shm", "## Segment objects", ".SS Segment objects" },
	{ "posix", "## POSIX shared memory", ".SS POSIX objects" },
	{ "sem", "## Semaphore arrays", ".SS Semaphore arrays" },
	{ "msg", "## Message queues", ".SS Message queues" },
	{ "pmq", "### `posix_queues`", ".SS POSIX message queue objects" },
	{ "psem", "### `posix_semaphores`", ".SS POSIX named semaphore objects" },
	{ "proc", "## Processes", ".SS Process objects" },
};

static char *load(const char *rel)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	long size;
	char *text;

	snprintf(path, sizeof(path), "%s/%s", top && *top ? top : ".", rel);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	rewind(f);
	text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	text[size] = '\0';
	fclose(f);
	return text;
}

/* The man page as the words read: "\-" is "-", "\%" (no hyphenation) nothing. */
static char *load_man(void)
{
	char *t = load("doc/shmtop.1"), *w = t;

	for (const char *r = t; *r; r++) {
		if (r[0] == '\\' && r[1] == '-') {
			*w++ = '-';
			r++;
		} else if (r[0] == '\\' && r[1] == '%') {
			r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return t;
}

/* A copy of the part of text that starts at the line `start` and ends before the next line that
 * begins with one of the stops (or the end). NULL when there is no such line. */
static char *part(const char *text, const char *start, const char *const *stops)
{
	size_t n = strlen(start);
	const char *p = text, *end;
	char *out;

	for (;;) {
		p = strstr(p, start);
		if (!p)
			return NULL;
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			break;
		p += n;
	}
	end = p + strlen(p);
	for (const char *q = strchr(p, '\n'); q; q = strchr(q + 1, '\n'))
		for (const char *const *s = stops; *s; s++)
			if (strncmp(q + 1, *s, strlen(*s)) == 0 && q + 1 < end) {
				end = q + 1;
				goto found;
			}
found:
	out = strndup(p, (size_t)(end - p));
	assert_non_null(out);
	return out;
}

/* Whether word occurs in text on its own: not inside a longer name. */
static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		int before = p > text && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
					  (p[-1] >= '0' && p[-1] <= '9'));
		int after = p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9');

		if (!before && !after)
			return 1;
	}
	return 0;
}

/* The example lines of a man page part (.EX to .EE) joined without their line breaks: a CSV
 * header the page breaks over several lines reads whole. */
static char *examples_joined(const char *man)
{
	char *out = calloc(1, strlen(man) + 1), *w = out;
	int in = 0;

	assert_non_null(out);
	for (const char *l = man; *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		if (len == 3 && strncmp(l, ".EX", 3) == 0) {
			in = 1;
		} else if (len == 3 && strncmp(l, ".EE", 3) == 0) {
			in = 0;
			*w++ = '\n';
		} else if (in) {
			memcpy(w, l, len);
			w += len;
		}
		l += len + (nl != NULL);
	}
	*w = '\0';
	return out;
}

static const char *const md_stops[] = { "## ", NULL };
static const char *const man_stops[] = { ".SS", ".SH", NULL };

static void add_error(char *errors, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_error(char *errors, size_t size, const char *fmt, ...)
{
	size_t len = strlen(errors);
	va_list ap;

	if (len + 2 >= size)
		return;
	errors[len++] = '\n';
	va_start(ap, fmt);
	vsnprintf(errors + len, size - len, fmt, ap);
	va_end(ap);
}

/* Every JSON member of every kind: a row of its table in json-schema.md, a word of its
 * subsection of shmtop(1); its array at the top level of both. */
static void test_json_members(void **state)
{
	char *md = load("doc/json-schema.md"), *man = load_man(), errors[8192] = "";
	char *md_top = part(md, "## Top level", md_stops);
	char *man_top = part(man, ".SS Top level", man_stops);
	char row[128];

	(void)state;
	assert_non_null(md_top);
	assert_non_null(man_top);
	for (size_t k = 0; k < KIND_COUNT; k++) {
		const struct kind *kd = kinds[k];
		size_t s;
		char *mds, *mans;

		for (s = 0; s < sizeof(sections) / sizeof(sections[0]); s++)
			if (strcmp(sections[s].kind, kd->name) == 0)
				break;
		if (s == sizeof(sections) / sizeof(sections[0])) {
			add_error(errors, sizeof(errors), "kind %s: no section of the documents known "
				  "(add it to sections[] in tests/test_docs.c)", kd->name);
			continue;
		}
		mds = part(md, sections[s].md, md_stops);
		mans = part(man, sections[s].man, man_stops);
		if (!mds || !mans) {
			add_error(errors, sizeof(errors), "kind %s: no '%s' in json-schema.md or no "
				  "'%s' in shmtop.1", kd->name, sections[s].md, sections[s].man);
			free(mds);
			free(mans);
			continue;
		}
		snprintf(row, sizeof(row), "| `%s` | array |", kd->json_array);
		if (!strstr(md_top, row))
			add_error(errors, sizeof(errors), "json-schema.md, Top level: no row %s", row);
		if (!has_word(man_top, kd->json_array))
			add_error(errors, sizeof(errors), "shmtop.1, Top level: no %s", kd->json_array);
		for (size_t i = 0; i < kd->nfields; i++) {
			const struct field *f = &kd->fields[i];

			if (!(f->writers & FW_JSON))
				continue;
			snprintf(row, sizeof(row), "| `%s` |", f->name);
			if (!strstr(mds, row))
				add_error(errors, sizeof(errors), "json-schema.md, %s: no row %s",
					  sections[s].md, row);
			if (!has_word(mans, f->name))
				add_error(errors, sizeof(errors), "shmtop.1, %s: no %s", sections[s].man,
					  f->name);
		}
		free(mds);
		free(mans);
	}
	free(md_top);
	free(man_top);
	free(md);
	free(man);
	if (errors[0])
		fail_msg("the documents miss JSON members:%s", errors);
}

/* Every kind's default CSV header, whole, in json-schema.md and in shmtop(1)'s csv subsection. */
static void test_csv_headers(void **state)
{
	char *md = load("doc/json-schema.md"), *man = load_man(), errors[8192] = "";
	char *man_csv = part(man, ".SS csv", man_stops), *examples;

	(void)state;
	assert_non_null(man_csv);
	examples = examples_joined(man_csv);
	for (size_t k = 0; k < KIND_COUNT; k++) {
		const struct kind *kd = kinds[k];
		char header[4096] = "time";

		for (size_t i = 0; kd->csv_columns[i] != FIELD_NONE; i++)
			snprintf(header + strlen(header), sizeof(header) - strlen(header), ",%s",
				 kd->fields[kd->csv_columns[i]].name);
		strcat(header, "\n");
		if (!strstr(md, header))
			add_error(errors, sizeof(errors), "json-schema.md: no CSV header %s", header);
		if (!strstr(examples, header))
			add_error(errors, sizeof(errors), "shmtop.1, csv: no CSV header %s", header);
	}
	free(examples);
	free(man_csv);
	free(md);
	free(man);
	if (errors[0])
		fail_msg("the documents miss CSV headers:%s", errors);
}

/* Every kind's per-object gauges in both documents' Prometheus parts. */
static void test_prometheus_gauges(void **state)
{
	char *md = load("doc/json-schema.md"), *man = load_man(), errors[8192] = "";
	char *md_prom = part(md, "## Prometheus", md_stops);
	char *man_prom = part(man, ".SS prometheus", man_stops);

	(void)state;
	assert_non_null(md_prom);
	assert_non_null(man_prom);
	for (size_t k = 0; k < KIND_COUNT; k++) {
		const struct kind *kd = kinds[k];

		for (size_t i = 0; kd->prom_gauges[i] != FIELD_NONE; i++) {
			char name[128], row[160];

			snprintf(name, sizeof(name), "%s%s", kd->prom_prefix,
				 kd->fields[kd->prom_gauges[i]].prom);
			snprintf(row, sizeof(row), "| `%s` |", name);
			if (!strstr(md_prom, row))
				add_error(errors, sizeof(errors), "json-schema.md, Prometheus: no row %s",
					  row);
			if (!has_word(man_prom, name))
				add_error(errors, sizeof(errors), "shmtop.1, prometheus: no %s", name);
		}
	}
	free(md_prom);
	free(man_prom);
	free(md);
	free(man);
	if (errors[0])
		fail_msg("the documents miss gauges:%s", errors);
}

/* Every kind's name (and "all") is an item of shmtop(1)'s --kinds. */
static void test_kind_names(void **state)
{
	char *man = load_man(), *item, errors[2048] = "";
	static const char *const item_stops[] = { ".TP", ".SH", NULL };
	char line[64];

	(void)state;
	item = part(man, ".BI --kinds= LIST", item_stops);
	assert_non_null(item);
	for (size_t k = 0; k <= KIND_COUNT; k++) {
		const char *name = k < KIND_COUNT ? kinds[k]->name : "all";

		snprintf(line, sizeof(line), "\n.B %s\n", name);
		if (!strstr(item, line))
			add_error(errors, sizeof(errors), "shmtop.1, --kinds: no line '.B %s'", name);
	}
	free(item);
	free(man);
	if (errors[0])
		fail_msg("the man page misses kinds:%s", errors);
}

/* Every leak reason: a row of a json-schema.md reason table, a word of shmtop(1) (the segments'
 * and queues' reasons are terms of LEAK DETECTION, the POSIX objects' are told in POSIX SHARED
 * MEMORY), and the one order of all of them as leak_format writes it, in json-schema.md. */
static void test_leak_reasons(void **state)
{
	char *md = load("doc/json-schema.md"), *man = load_man(), errors[2048] = "";
	char order[512] = "", all[LEAK_FORMAT_LEN];

	(void)state;
	for (unsigned bit = 1; bit < 1u << LEAK_NREASONS; bit <<= 1) {
		const char *name = leak_reason_name((enum leak_reason)bit);
		char row[64], term[64];

		assert_non_null(name);
		snprintf(row, sizeof(row), "| `\"%s\"` |", name);
		snprintf(term, sizeof(term), ".B %s\n", name);
		if (!strstr(md, row))
			add_error(errors, sizeof(errors), "json-schema.md: no reason row %s", row);
		if (!strstr(man, term))
			add_error(errors, sizeof(errors), "shmtop.1: no reason %s in bold", name);
	}
	leak_format((1u << LEAK_NREASONS) - 1, all, sizeof(all));
	for (char *save = NULL, *w = strtok_r(all, ",", &save); w; w = strtok_r(NULL, ",", &save))
		snprintf(order + strlen(order), sizeof(order) - strlen(order), "%s`%s`",
			 order[0] ? ", " : "", w);
	for (char *c = md; *c; c++) /* the list may be broken over lines */
		if (*c == '\n')
			*c = ' ';
	if (!strstr(md, order))
		add_error(errors, sizeof(errors), "json-schema.md: the order of the reasons is not "
			  "given as %s", order);
	free(md);
	free(man);
	if (errors[0])
		fail_msg("the documents miss leak reasons:%s", errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_members),
		cmocka_unit_test(test_csv_headers),
		cmocka_unit_test(test_prometheus_gauges),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_leak_reasons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
