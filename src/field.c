/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* field.c - the forms of a registry field by its type: table text, JSON, CSV, Prometheus value;
 * finding fields by name and parsing --columns lists. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "field.h"
#include "ipctrace.h"
#include "fmt.h"
#include "kind.h"
#include "leak.h"

static int32_t get_i32(const struct field *f, const void *obj)
{
	int32_t v;

	memcpy(&v, field_at(f, obj), sizeof(v));
	return v;
}

static uint32_t get_u32(const struct field *f, const void *obj)
{
	uint32_t v;

	memcpy(&v, field_at(f, obj), sizeof(v));
	return v;
}

static uint64_t get_u64(const struct field *f, const void *obj)
{
	uint64_t v;

	memcpy(&v, field_at(f, obj), sizeof(v));
	return v;
}

static int64_t get_i64(const struct field *f, const void *obj)
{
	int64_t v;

	memcpy(&v, field_at(f, obj), sizeof(v));
	return v;
}

static const char *user_of(const struct field_ctx *c, uint32_t id, int group,
			   char num[NAMES_NUM_LEN])
{
	if (c->names_cached)
		return group ? names_group_known(c->names, id, num) : names_user_known(c->names, id, num);
	return group ? names_group(c->names, id) : names_user(c->names, id);
}

/* A pid's process as far as the cache knows: its info (or NULL) and whether it is gone since
 * the field's time (a pid not cached counts as gone, as procinfo_gone_since says; callers
 * decide what an unknown means). */
static const struct procinfo *pid_info(const struct field *f, const void *obj,
				       const struct field_ctx *c, int32_t pid, int *gone)
{
	const struct procinfo *pi = c->pids ? procinfo_cache_find(c->pids, pid) : NULL;

	*gone = procinfo_gone_since(pi, f->since ? f->since(obj) : 0);
	return pi;
}

/* The octal permission bits of mode that f shows: "0640", or "4755" with the setuid bits. */
static void perms_octal(const struct field *f, uint32_t mode, char buf[FMT_PERMS_LEN])
{
	uint32_t mask = f->bit ? f->bit : 0777u;

	fmt_perms_octal(buf, mode);
	buf[0] = (char)('0' + ((mode & mask) >> 9 & 7));
}

static int unknown(const struct field *f, const void *obj)
{
	return f->known && !f->known(obj);
}

enum frame_style field_text(const struct field *f, const void *obj, const struct field_ctx *c,
			    char *buf, size_t size)
{
	char num[NAMES_NUM_LEN];
	uint64_t u;
	int64_t t;

	if (!size)
		return STYLE_NORMAL;
	buf[0] = '\0';
	if (unknown(f, obj)) {
		snprintf(buf, size, "-");
		return STYLE_NORMAL;
	}
	switch ((enum field_type)f->type) {
	case FIELD_KEY:
		if (size >= FMT_KEY_LEN)
			fmt_key(buf, get_i32(f, obj));
		break;
	case FIELD_INT:
		snprintf(buf, size, "%" PRId32, get_i32(f, obj));
		break;
	case FIELD_UINT:
		snprintf(buf, size, "%" PRIu32, get_u32(f, obj));
		break;
	case FIELD_COUNT:
		snprintf(buf, size, "%" PRIu64, get_u64(f, obj));
		break;
	case FIELD_MEM:
		t = get_i64(f, obj);
		if (t < 0) {
			snprintf(buf, size, "-");
			break;
		}
		u = (uint64_t)t;
		goto size;
	case FIELD_SIZE:
		u = get_u64(f, obj);
	size:
		if (c->bytes)
			snprintf(buf, size, "%" PRIu64, u);
		else
			fmt_size(buf, size, u);
		break;
	case FIELD_TIME:
		t = get_i64(f, obj);
		if (c->batch && c->time_format == FIELD_TIME_ISO)
			fmt_time_iso(buf, size, t);
		else if (c->batch && c->time_format == FIELD_TIME_EPOCH && t > 0)
			snprintf(buf, size, "%" PRId64, t);
		else if (c->batch && c->time_format == FIELD_TIME_EPOCH)
			snprintf(buf, size, "-");
		else if ((c->batch && c->time_format != FIELD_TIME_RELATIVE) || (!c->batch && c->abs_time))
			fmt_time_abs(buf, size, t);
		else
			fmt_time_rel(buf, size, t, c->now);
		break;
	case FIELD_PID: {
		int32_t pid = get_i32(f, obj);
		int gone;
		const struct procinfo *pi;

		if (c->batch) {
			snprintf(buf, size, "%" PRId32, pid);
			break;
		}
		if (pid <= 0) {
			snprintf(buf, size, "-");
			break;
		}
		pi = pid_info(f, obj, c, pid, &gone);
		if ((!pi || gone || !pi->comm[0]) && c->traced && c->traced(c->tctx, pid)) {
			/* gone, but traced: named as it was, dimmed */
			char cmd[(IPCT_CMDLINE_LEN + 1) * 4];

			fmt_escape(cmd, sizeof(cmd), c->traced(c->tctx, pid));
			snprintf(buf, size, "%" PRId32 " %s", pid, cmd);
			return STYLE_DIM;
		}
		if (pi && pi->comm[0]) {
			char comm[PROCINFO_COMM_MAX * 4];

			fmt_escape(comm, sizeof(comm), pi->comm);
			snprintf(buf, size, "%" PRId32 " %s", pid, comm);
		} else {
			snprintf(buf, size, "%" PRId32, pid);
		}
		return pi && gone ? STYLE_DIM : STYLE_NORMAL;
	}
	case FIELD_PID_COMM: {
		int gone;
		const struct procinfo *pi = pid_info(f, obj, c, get_i32(f, obj), &gone);

		if (pi && pi->comm[0] && !gone)
			fmt_escape(buf, size, pi->comm);
		break;
	}
	case FIELD_PID_ALIVE: {
		int32_t pid = get_i32(f, obj);
		int gone;
		const struct procinfo *pi = pid_info(f, obj, c, pid, &gone);

		if (pid <= 0 || pi || c->pids)
			snprintf(buf, size, "%s", pid > 0 && !gone ? "true" : "false");
		break;
	}
	case FIELD_USER:
	case FIELD_GROUP:
		fmt_escape(buf, size, user_of(c, get_u32(f, obj), f->type == FIELD_GROUP, num));
		break;
	case FIELD_PERMS:
		if (size >= FMT_PERMS_LEN) {
			if (c->batch)
				perms_octal(f, get_u32(f, obj), buf);
			else
				fmt_perms_rwx(buf, get_u32(f, obj));
		}
		break;
	case FIELD_FLAG:
		snprintf(buf, size, "%s", get_u32(f, obj) & f->bit ? "true" : "false");
		break;
	case FIELD_TEXT:
		fmt_escape(buf, size, (const char *)field_at(f, obj));
		break;
	case FIELD_CUSTOM:
		if (f->text)
			return f->text(f, obj, c, buf, size);
		break;
	}
	return STYLE_NORMAL;
}

int field_width(const struct field *f, const struct field_ctx *c)
{
	if (f->type == FIELD_TIME && c->abs_time)
		return FMT_TIME_LEN - 1;
	if ((f->type == FIELD_SIZE || f->type == FIELD_MEM) && c->bytes)
		return 12;
	return f->width;
}

int field_batch_width(const struct field *f, const struct field_ctx *c)
{
	if ((f->type == FIELD_SIZE || f->type == FIELD_MEM) && c->bytes)
		return 12;
	if (f->type == FIELD_TIME && c->time_format == FIELD_TIME_ISO)
		return FMT_TIME_ISO_LEN - 1;
	if (f->type == FIELD_TIME && c->time_format == FIELD_TIME_EPOCH)
		return 10;
	if (f->type == FIELD_TIME && c->time_format == FIELD_TIME_RELATIVE)
		return f->width;
	return f->bwidth;
}

/* ------------------------------------------------------------------ JSON */

void field_json_str(struct outbuf *b, const char *raw)
{
	size_t need = strlen(raw) * 4 + 1;     /* each byte at worst \xNN */
	char stack[1024], *esc = need > sizeof(stack) ? malloc(need) : NULL;
	const char *p, *q;

	if (!esc) {
		esc = stack;
		need = sizeof(stack);       /* cut short rather than fail (ENOMEM) */
	}
	fmt_escape(esc, need, raw);
	outbuf_putc(b, '"');
	for (p = q = esc; *q; q++) {
		if (*q == '"' || *q == '\\') {
			outbuf_put(b, p, (size_t)(q - p));
			outbuf_putc(b, '\\');
			p = q;
		}
	}
	outbuf_puts(b, p);
	outbuf_putc(b, '"');
	if (esc != stack)
		free(esc);
}

void field_json(const struct field *f, const void *obj, const struct field_ctx *c,
		struct outbuf *b, int first)
{
	char buf[FMT_U64_LEN + 4], num[NAMES_NUM_LEN];
	int64_t t;

	if (f->type == FIELD_CUSTOM) {
		if (f->json)
			f->json(f, obj, c, b);
		return;
	}
	if (!first)
		outbuf_putc(b, ',');
	outbuf_putc(b, '"');
	outbuf_puts(b, f->name);
	outbuf_put(b, "\":", 2);
	if (unknown(f, obj)) {
		outbuf_put(b, "null", 4);
		return;
	}
	switch ((enum field_type)f->type) {
	case FIELD_KEY:
		outbuf_putc(b, '"');
		fmt_key(buf, get_i32(f, obj));
		outbuf_put(b, buf, FMT_KEY_LEN - 1);
		outbuf_putc(b, '"');
		break;
	case FIELD_INT:
	case FIELD_PID:
		outbuf_i64(b, get_i32(f, obj));
		break;
	case FIELD_UINT:
		outbuf_u64(b, get_u32(f, obj));
		break;
	case FIELD_COUNT:
	case FIELD_SIZE:
		outbuf_u64(b, get_u64(f, obj));
		break;
	case FIELD_MEM:
		t = get_i64(f, obj);
		if (t < 0)
			outbuf_put(b, "null", 4);
		else
			outbuf_i64(b, t);
		break;
	case FIELD_TIME:
		outbuf_i64(b, get_i64(f, obj));
		break;
	case FIELD_PID_COMM: {
		int gone;
		const struct procinfo *pi = pid_info(f, obj, c, get_i32(f, obj), &gone);

		if (pi && pi->comm[0] && !gone)
			field_json_str(b, pi->comm);
		else
			outbuf_put(b, "null", 4);
		break;
	}
	case FIELD_PID_ALIVE: {
		int32_t pid = get_i32(f, obj);
		int gone;
		const struct procinfo *pi = pid_info(f, obj, c, pid, &gone);

		if (pid <= 0 || (!pi && !c->pids))
			outbuf_puts(b, pid <= 0 ? "false" : "null");
		else
			outbuf_puts(b, gone ? "false" : "true");
		break;
	}
	case FIELD_USER:
	case FIELD_GROUP:
		field_json_str(b, user_of(c, get_u32(f, obj), f->type == FIELD_GROUP, num));
		break;
	case FIELD_PERMS:
		outbuf_putc(b, '"');
		perms_octal(f, get_u32(f, obj), buf);
		outbuf_puts(b, buf);
		outbuf_putc(b, '"');
		break;
	case FIELD_FLAG:
		outbuf_puts(b, get_u32(f, obj) & f->bit ? "true" : "false");
		break;
	case FIELD_TEXT:
		field_json_str(b, (const char *)field_at(f, obj));
		break;
	case FIELD_CUSTOM:
		break;
	}
}

void field_json_hex(struct outbuf *b, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[2 + 16];
	size_t n = sizeof(buf);

	do {
		buf[--n] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	buf[--n] = 'x';
	buf[--n] = '0';
	outbuf_putc(b, '"');
	outbuf_put(b, buf + n, sizeof(buf) - n);
	outbuf_putc(b, '"');
}

void field_json_mapping(struct outbuf *b, int32_t pid, const char *comm, uint32_t uid,
			int uid_nullable, uint64_t addr, uint64_t length, const char *access,
			unsigned count)
{
	outbuf_puts(b, "\"pid\":");
	outbuf_i64(b, pid);
	outbuf_puts(b, ",\"comm\":");
	field_json_str(b, comm);
	outbuf_puts(b, ",\"uid\":");
	if (uid_nullable && uid == (uint32_t)-1)
		outbuf_put(b, "null", 4);
	else
		outbuf_u64(b, uid);
	outbuf_puts(b, ",\"addr\":");
	field_json_hex(b, addr);
	outbuf_puts(b, ",\"length\":");
	outbuf_u64(b, length);
	outbuf_puts(b, ",\"access\":");
	field_json_str(b, access);
	outbuf_puts(b, ",\"count\":");
	outbuf_u64(b, count);
}

/* ------------------------------------------------------------------ CSV */

void field_csv_str(struct outbuf *b, const char *raw)
{
	char esc[1024];
	const char *p;

	fmt_escape(esc, sizeof(esc), raw);
	if (!strpbrk(esc, ",\"\r\n")) {
		outbuf_puts(b, esc);
		return;
	}
	outbuf_putc(b, '"');
	for (p = esc; *p; p++) {
		if (*p == '"')
			outbuf_putc(b, '"');
		outbuf_putc(b, *p);
	}
	outbuf_putc(b, '"');
}

void field_csv(const struct field *f, const void *obj, const struct field_ctx *c,
	       struct outbuf *b)
{
	char buf[FMT_U64_LEN + 4], num[NAMES_NUM_LEN];
	int64_t t;

	if (unknown(f, obj))
		return;
	switch ((enum field_type)f->type) {
	case FIELD_KEY:
		fmt_key(buf, get_i32(f, obj));
		outbuf_put(b, buf, FMT_KEY_LEN - 1);
		break;
	case FIELD_INT:
	case FIELD_PID:
		outbuf_i64(b, get_i32(f, obj));
		break;
	case FIELD_UINT:
		outbuf_u64(b, get_u32(f, obj));
		break;
	case FIELD_COUNT:
	case FIELD_SIZE:
		outbuf_u64(b, get_u64(f, obj));
		break;
	case FIELD_MEM:
		t = get_i64(f, obj);
		if (t >= 0)
			outbuf_i64(b, t);
		break;
	case FIELD_TIME:
		outbuf_i64(b, get_i64(f, obj));
		break;
	case FIELD_PID_COMM: {
		int gone;
		const struct procinfo *pi = pid_info(f, obj, c, get_i32(f, obj), &gone);

		if (pi && pi->comm[0] && !gone)
			field_csv_str(b, pi->comm);
		break;
	}
	case FIELD_PID_ALIVE: {
		int32_t pid = get_i32(f, obj);
		int gone;
		const struct procinfo *pi = pid_info(f, obj, c, pid, &gone);

		if (pid <= 0)
			outbuf_puts(b, "false");
		else if (pi || c->pids)
			outbuf_puts(b, gone ? "false" : "true");
		break;
	}
	case FIELD_USER:
	case FIELD_GROUP:
		field_csv_str(b, user_of(c, get_u32(f, obj), f->type == FIELD_GROUP, num));
		break;
	case FIELD_PERMS:
		perms_octal(f, get_u32(f, obj), buf);
		outbuf_puts(b, buf);
		break;
	case FIELD_FLAG:
		outbuf_puts(b, get_u32(f, obj) & f->bit ? "true" : "false");
		break;
	case FIELD_TEXT:
		field_csv_str(b, (const char *)field_at(f, obj));
		break;
	case FIELD_CUSTOM:
		if (f->csv)
			f->csv(f, obj, c, b);
		break;
	}
}

/* ------------------------------------------------------------------ Prometheus */

int field_num(const struct field *f, const void *obj, const struct field_ctx *c, uint64_t *v)
{
	int64_t t;

	if (unknown(f, obj))
		return -1;
	switch ((enum field_type)f->type) {
	case FIELD_INT:
	case FIELD_PID:
		*v = (uint64_t)(int64_t)get_i32(f, obj);
		return get_i32(f, obj) < 0 ? -1 : 0;
	case FIELD_KEY:
	case FIELD_UINT:
	case FIELD_USER:
	case FIELD_GROUP:
	case FIELD_PERMS:
		*v = get_u32(f, obj);
		return 0;
	case FIELD_COUNT:
	case FIELD_SIZE:
		*v = get_u64(f, obj);
		return 0;
	case FIELD_MEM:
	case FIELD_TIME:
		t = get_i64(f, obj);
		*v = (uint64_t)t;
		return t < 0 ? -1 : 0;
	case FIELD_FLAG:
		*v = (get_u32(f, obj) & f->bit) != 0;
		return 0;
	case FIELD_CUSTOM:
		return f->num ? f->num(f, obj, c, v) : -1;
	case FIELD_PID_COMM:
	case FIELD_PID_ALIVE:
	case FIELD_TEXT:
		break;
	}
	return -1;
}

/* ------------------------------------------------------------------ order */

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

int field_cmp(const struct field *f, const void *a, const void *b, struct names *names)
{
	switch ((enum field_type)f->type) {
	case FIELD_KEY:
		return CMP((uint32_t)get_i32(f, a), (uint32_t)get_i32(f, b));
	case FIELD_INT:
	case FIELD_PID:
	case FIELD_PID_COMM:
	case FIELD_PID_ALIVE:
		return CMP(get_i32(f, a), get_i32(f, b));
	case FIELD_UINT:
		return CMP(get_u32(f, a), get_u32(f, b));
	case FIELD_USER:
	case FIELD_GROUP: {
		uint32_t x = get_u32(f, a), y = get_u32(f, b);

		if (x == y || !names)
			return CMP(x, y);
		return f->type == FIELD_GROUP ? strcmp(names_group(names, x), names_group(names, y)) :
		       strcmp(names_user(names, x), names_user(names, y));
	}
	case FIELD_PERMS: {
		uint32_t mask = f->bit ? f->bit : 0777u;

		return CMP(get_u32(f, a) & mask, get_u32(f, b) & mask);
	}
	case FIELD_TEXT:
		return strcmp((const char *)field_at(f, a), (const char *)field_at(f, b));
	case FIELD_FLAG:
		return CMP(get_u32(f, a) & f->bit, get_u32(f, b) & f->bit);
	case FIELD_COUNT:
	case FIELD_SIZE:
		return CMP(get_u64(f, a), get_u64(f, b));
	case FIELD_MEM:
	case FIELD_TIME:
		return CMP(get_i64(f, a), get_i64(f, b));
	case FIELD_CUSTOM:
		return f->cmp ? f->cmp(a, b) : 0;
	}
	return 0;
}

int field_sortable(const struct field *f)
{
	return f->type != FIELD_CUSTOM || f->cmp;
}

int field_desc_first(const struct field *f)
{
	switch (f->type) {
	case FIELD_UINT: case FIELD_COUNT: case FIELD_SIZE: case FIELD_MEM: case FIELD_TIME:
		return 1;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------ the leak judgement */

/* The LEAK cell: the batch table shows the reasons, "-" for none; the dashboard a suspect's
 * reasons but "orphan" (a suspect segment is always one), and for an object that is not a
 * suspect only what it is (orphan, unmapped), not why it would matter. */
enum frame_style field_leak_text(const struct field *f, const void *obj, const struct field_ctx *c,
				  char *buf, size_t size)
{
	(void)f;
	(void)obj;
	if (c->batch) {
		if (!leak_format(c->leak, buf, size))
			snprintf(buf, size, "-");
		return STYLE_NORMAL;
	}
	if (!c->suspect) {
		leak_format(c->leak & (LEAK_ORPHAN | LEAK_UNMAPPED), buf, size);
		return STYLE_NORMAL;
	}
	leak_format(c->leak & ~(unsigned)LEAK_ORPHAN, buf, size);
	return STYLE_LEAK;
}

/* "leak":{"suspect":true,"reasons":["orphan","creator-gone"]} */
void field_leak_json(const struct field *f, const void *obj, const struct field_ctx *c,
		      struct outbuf *b)
{
	const char *names[LEAK_NREASONS];
	size_t n = leak_reason_list(c->leak, names, LEAK_NREASONS);

	(void)f;
	(void)obj;
	outbuf_puts(b, c->suspect ? ",\"leak\":{\"suspect\":true,\"reasons\":[" :
		    ",\"leak\":{\"suspect\":false,\"reasons\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			outbuf_putc(b, ',');
		outbuf_putc(b, '"');
		outbuf_puts(b, names[i]);
		outbuf_putc(b, '"');
	}
	outbuf_puts(b, "]}");
}

void field_suspect_csv(const struct field *f, const void *obj, const struct field_ctx *c,
			struct outbuf *b)
{
	(void)f;
	(void)obj;
	outbuf_puts(b, c->suspect ? "true" : "false");
}

int field_suspect_num(const struct field *f, const void *obj, const struct field_ctx *c,
		       uint64_t *v)
{
	(void)f;
	(void)obj;
	*v = c->suspect != 0;
	return 0;
}

/* "orphan;creator-gone": the JSON reasons joined by ';' (never quoted). */
void field_reasons_csv(const struct field *f, const void *obj, const struct field_ctx *c,
			struct outbuf *b)
{
	const char *names[LEAK_NREASONS];
	size_t n = leak_reason_list(c->leak, names, LEAK_NREASONS);

	(void)f;
	(void)obj;
	for (size_t i = 0; i < n; i++) {
		if (i)
			outbuf_putc(b, ';');
		outbuf_puts(b, names[i]);
	}
}

/* ------------------------------------------------------------------ names */

int field_find(const struct kind *k, const char *name, unsigned writers)
{
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		if ((f->writers & writers) != writers)
			continue;
		if (strcasecmp(f->name, name) == 0 || (f->alias && strcasecmp(f->alias, name) == 0) ||
		    (f->title && strcasecmp(f->title, name) == 0))
			return (int)i;
	}
	return -1;
}

/* "key, shmid, ..." : the names of the fields of k for writers, into buf. */
static void names_for(const struct kind *k, unsigned writers, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < k->nfields && len + 1 < size; i++) {
		if ((k->fields[i].writers & writers) != writers)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
					k->fields[i].name);
		if (len >= size)
			len = size - 1;
	}
}

int field_list_parse(const struct kind *k, const char *list, unsigned writers, uint8_t *out,
		     size_t max, char *err, size_t errsz)
{
	char word[64], esc[sizeof(word) * 4], known[1024];
	const char *p = list;
	size_t n = 0;

	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int i;

		if (!len || len >= sizeof(word)) {
			snprintf(err, errsz, "%s in the column list", len ? "a column name too long" :
				 "an empty column name");
			return -EINVAL;
		}
		memcpy(word, p, len);
		word[len] = '\0';
		i = field_find(k, word, writers);
		if (i < 0) {
			fmt_escape(esc, sizeof(esc), word);
			names_for(k, writers, known, sizeof(known));
			snprintf(err, errsz, "unknown column '%s' for %s (known: %s)", esc, k->name,
				 known);
			return -EINVAL;
		}
		for (size_t j = 0; j < n; j++) {
			if (out[j] == (uint8_t)i) {
				fmt_escape(esc, sizeof(esc), word);
				snprintf(err, errsz, "column '%s' is listed twice", esc);
				return -EINVAL;
			}
		}
		if (n + 1 >= max) {
			snprintf(err, errsz, "too many columns");
			return -EINVAL;
		}
		out[n++] = (uint8_t)i;
		if (!end)
			break;
		p = end + 1;
	}
	out[n] = FIELD_NONE;
	return (int)n;
}

int kind_held_by_any(const struct kind *k, const void *obj, const struct kind_pid_ctx *ctx,
		     const int32_t *pids, size_t n)
{
	for (size_t i = 0; k->held_by && i < n; i++)
		if (k->held_by(obj, ctx, pids[i]))
			return 1;
	return 0;
}

size_t kind_keep_held(const struct kind *k, const void *objs, uint32_t *rows, size_t n,
		      const struct kind_pid_ctx *ctx, const int32_t *pids, size_t npids)
{
	size_t kept = 0;

	for (size_t i = 0; i < n; i++)
		if (kind_held_by_any(k, (const char *)objs + (size_t)rows[i] * k->size, ctx, pids,
				     npids))
			rows[kept++] = rows[i];
	return kept;
}

size_t kind_list_len(const uint8_t *list)
{
	size_t n = 0;

	while (list[n] != FIELD_NONE)
		n++;
	return n;
}
