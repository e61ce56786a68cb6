/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* rc.c - the shmtoprc settings to and from text (rc.h). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "kind.h"
#include "rc.h"
#include "table.h"

void rc_init(struct rc *rc)
{
	memset(rc, 0, sizeof(*rc));
	rc->scheme = -1;
	rc->meters = -1;
	for (size_t k = 0; k < KIND_COUNT; k++) {
		rc->tables[k].columns[0] = FIELD_NONE;
		rc->tables[k].sort = FIELD_NONE;
		rc->tables[k].reverse = -1;
	}
}

/* Report "before'raw'after", raw escaped. */
static void report_fmt(rc_report_fn report, void *ctx, unsigned line, const char *before,
		       const char *raw, const char *after)
{
	char esc[160], msg[256];

	if (!report)
		return;
	fmt_escape(esc, sizeof(esc), raw);
	snprintf(msg, sizeof(msg), "%s'%s'%s", before, esc, after);
	report(ctx, line, msg);
}

/* The kind named by the part of name before '.', its length in *len; NULL for none. */
static const struct kind *kind_of(const char *name, size_t len, size_t *id)
{
	for (size_t k = 0; k < KIND_COUNT; k++)
		if (strlen(kinds[k]->name) == len && strncmp(name, kinds[k]->name, len) == 0) {
			*id = k;
			return kinds[k];
		}
	return NULL;
}

/* One "name=value" setting, both trimmed. 0, -EINVAL (bad value: reported) or -ENOENT (not a
 * setting this version knows). */
static int set_one(struct rc *rc, const char *name, const char *value, unsigned line,
		   rc_report_fn report, void *ctx)
{
	const char *dot = strchr(name, '.');
	const struct kind *k;
	size_t id;

	if (strcmp(name, "delay") == 0) {
		char *end;
		double d;

		errno = 0;
		d = strtod(value, &end);
		if (!*value || *end || errno || !isfinite(d) || d < RC_DELAY_MIN || d > RC_DELAY_MAX) {
			report_fmt(report, ctx, line, "delay ", value, " is not seconds from 0.1 to 86400");
			return -EINVAL;
		}
		rc->delay = d;
		return 0;
	}
	if (strcmp(name, "colors") == 0) {
		enum palette_scheme s;

		if (palette_parse(value, &s) < 0) {
			report_fmt(report, ctx, line, "colors ", value, " is not default, light or mono");
			return -EINVAL;
		}
		rc->scheme = (int)s;
		return 0;
	}
	if (strcmp(name, "meters") == 0) {
		static const char *const words[] = { "segments", "memory", "history" };
		int m = 0;
		const char *p = value;

		if (strcmp(value, "none") == 0) {
			rc->meters = 0;
			return 0;
		}
		while (*p) {
			size_t len = strcspn(p, ","), i;

			for (i = 0; i < 3; i++)
				if (strlen(words[i]) == len && strncmp(p, words[i], len) == 0)
					break;
			if (i == 3 || !len) {
				report_fmt(report, ctx, line, "meters ", value, " is not a list of segments, "
					   "memory and history, or none");
				return -EINVAL;
			}
			m |= 1 << i;
			p += len + (p[len] == ',');
		}
		if (!m) {
			report_fmt(report, ctx, line, "meters ", value, " is empty: say none");
			return -EINVAL;
		}
		rc->meters = m;
		return 0;
	}
	if (!dot || !(k = kind_of(name, (size_t)(dot - name), &id)))
		return -ENOENT;
	if (strcmp(dot + 1, "columns") == 0) {
		char err[256];
		uint8_t cols[FIELD_MAX + 1];

		if (field_list_parse(k, value, FW_DASH, cols, FIELD_MAX + 1, err, sizeof(err)) < 0) {
			/* err quotes the bad word escaped already */
			if (report)
				report(ctx, line, err);
			return -EINVAL;
		}
		memcpy(rc->tables[id].columns, cols, sizeof(cols));
		return 0;
	}
	if (strcmp(dot + 1, "sort") == 0) {
		uint8_t f;

		if (table_sort_parse(k, value, &f) < 0) {
			report_fmt(report, ctx, line, "", value, " is not a column the table sorts by");
			return -EINVAL;
		}
		rc->tables[id].sort = f;
		return 0;
	}
	if (strcmp(dot + 1, "sort_order") == 0) {
		if (strcmp(value, "desc") == 0) {
			rc->tables[id].reverse = 1;
		} else if (strcmp(value, "asc") == 0) {
			rc->tables[id].reverse = 0;
		} else {
			report_fmt(report, ctx, line, "sort_order ", value, " is not asc or desc");
			return -EINVAL;
		}
		return 0;
	}
	return -ENOENT;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

void rc_parse(struct rc *rc, const char *text, size_t len, rc_report_fn report, void *ctx)
{
	char buf[RC_LINE_MAX];
	unsigned line = 0;

	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *name, *value, *eq, *end;

		line++;
		if (n >= sizeof(buf)) {
			if (report)
				report(ctx, line, "the line is too long");
			pos += n + 1;
			continue;
		}
		memcpy(buf, text + pos, n);
		buf[n] = '\0';
		pos += n + 1;
		if (strlen(buf) != n) {
			if (report)
				report(ctx, line, "the line holds a NUL byte");
			continue;
		}
		for (name = buf; blank(*name); name++)
			;
		if (!*name || *name == '#')
			continue;
		eq = strchr(name, '=');
		if (!eq) {
			report_fmt(report, ctx, line, "", name, " is not name=value");
			continue;
		}
		for (end = eq; end > name && blank(end[-1]); end--)
			;
		*end = '\0';
		for (value = eq + 1; blank(*value); value++)
			;
		for (end = value + strlen(value); end > value && blank(end[-1]); end--)
			;
		*end = '\0';
		if (set_one(rc, name, value, line, report, ctx) != -ENOENT)
			continue;
		if (rc->nunknown < RC_UNKNOWN_MAX) {
			snprintf(rc->unknown[rc->nunknown++], RC_LINE_MAX, "%s=%s", name, value);
			report_fmt(report, ctx, line, "unknown setting ", name, " (kept)");
		} else {
			report_fmt(report, ctx, line, "unknown setting ", name, " (skipped)");
		}
	}
}

/* Append to buf at *len what fmt makes; -ENOSPC once it does not fit. */
__attribute__((format(printf, 4, 5)))
static int put(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return -ENOSPC;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *len)
		return -ENOSPC;
	*len += (size_t)n;
	return 0;
}

int rc_format(const struct rc *rc, char *buf, size_t size)
{
	size_t len = 0;
	int r = put(buf, size, &len, "# shmtop settings, one name=value per line (see shmtop(1), "
		    "FILES).\n# shmtop rewrites this file when a setting changes in the dashboard; "
		    "lines it\n# does not know are kept, comments are not.\n");

	if (!r && rc->delay > 0)
		r = put(buf, size, &len, "delay=%g\n", rc->delay);
	if (!r && rc->scheme >= 0)
		r = put(buf, size, &len, "colors=%s\n",
			palette_name((enum palette_scheme)rc->scheme));
	if (!r && rc->meters >= 0)
		r = put(buf, size, &len, "meters=%s%s%s%s%s%s\n",
			rc->meters & RC_METER_SEGS ? "segments" : "",
			(rc->meters & RC_METER_SEGS) && (rc->meters & (RC_METER_MEM | RC_METER_HIST)) ?
			"," : "", rc->meters & RC_METER_MEM ? "memory" : "",
			(rc->meters & RC_METER_MEM) && (rc->meters & RC_METER_HIST) ? "," : "",
			rc->meters & RC_METER_HIST ? "history" : "", rc->meters ? "" : "none");
	for (size_t k = 0; !r && k < KIND_COUNT; k++) {
		const struct rc_table *t = &rc->tables[k];
		const struct kind *kd = kinds[k];

		if (t->columns[0] != FIELD_NONE) {
			r = put(buf, size, &len, "%s.columns=", kd->name);
			for (size_t i = 0; !r && t->columns[i] != FIELD_NONE; i++)
				r = put(buf, size, &len, "%s%s", i ? "," : "",
					kd->fields[t->columns[i]].name);
			if (!r)
				r = put(buf, size, &len, "\n");
		}
		if (!r && t->sort != FIELD_NONE)
			r = put(buf, size, &len, "%s.sort=%s\n", kd->name, kd->fields[t->sort].name);
		if (!r && t->reverse >= 0)
			r = put(buf, size, &len, "%s.sort_order=%s\n", kd->name,
				t->reverse ? "desc" : "asc");
	}
	for (size_t i = 0; !r && i < rc->nunknown; i++)
		r = put(buf, size, &len, "%s\n", rc->unknown[i]);
	return r ? r : (int)len;
}

int rc_equal(const struct rc *a, const struct rc *b)
{
	if (a->delay != b->delay || a->scheme != b->scheme || a->meters != b->meters ||
	    a->nunknown != b->nunknown)
		return 0;
	for (size_t k = 0; k < KIND_COUNT; k++) {
		const struct rc_table *x = &a->tables[k], *y = &b->tables[k];

		if (x->sort != y->sort || x->reverse != y->reverse ||
		    kind_list_len(x->columns) != kind_list_len(y->columns) ||
		    memcmp(x->columns, y->columns, kind_list_len(x->columns)) != 0)
			return 0;
	}
	for (size_t i = 0; i < a->nunknown; i++)
		if (strcmp(a->unknown[i], b->unknown[i]) != 0)
			return 0;
	return 1;
}
