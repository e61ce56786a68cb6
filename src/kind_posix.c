/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_posix.c - POSIX shared memory objects as a kind: the column registry of struct posixobj
 * (the stat fields unknown for an unlinked object whose inode is out of reach), its mappers, and
 * the columns each writer shows by default. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fmt.h"
#include "kind_posix.h"
#include "leak.h"
#include "posix.h"
#include "reader.h"
#include "shmdir.h"

#define AT(m) offsetof(struct posixobj, m)
#define DELETED " (deleted)"

static int stat_known(const void *obj)
{
	return ((const struct posixobj *)obj)->stat_known;
}

static int deleted(const void *obj)
{
	return ((const struct posixobj *)obj)->deleted;
}

/* The processes of c->posix that map o, as an index range into its m[]. */
static size_t mappers_of(const struct field_ctx *c, const struct posixobj *o, size_t *first)
{
	*first = 0;
	return c->posix ? posix_find_mappers(c->posix, o->dev, o->ino, first) : 0;
}

enum frame_style kind_posix_name_text(const char *name, int deleted, const struct field_ctx *c,
				      char *buf, size_t size)
{
	size_t n;

	if (size <= sizeof(DELETED))
		return STYLE_NORMAL;
	n = fmt_escape(buf, size - sizeof(DELETED) + 1, name);
	if (deleted && !c->plain)
		memcpy(buf + n, DELETED, sizeof(DELETED));
	return STYLE_NORMAL;
}

void kind_posix_name_json(const struct field *f, const char *name, struct outbuf *b)
{
	outbuf_putc(b, '"');
	outbuf_puts(b, f->name);
	outbuf_puts(b, "\":");
	field_json_str(b, name);
}

int kind_posix_name_cmp(const char *a, int a_deleted, const char *b, int b_deleted)
{
	int r = strcmp(a, b);

	return r ? r : (a_deleted > b_deleted) - (a_deleted < b_deleted);
}

static enum frame_style name_text(const struct field *f, const void *obj, const struct field_ctx *c,
				  char *buf, size_t size)
{
	const struct posixobj *o = obj;

	(void)f;
	return kind_posix_name_text(o->name, o->deleted, c, buf, size);
}

static void name_json(const struct field *f, const void *obj, const struct field_ctx *c,
		      struct outbuf *b)
{
	(void)c;
	kind_posix_name_json(f, ((const struct posixobj *)obj)->name, b);
}

static void name_csv(const struct field *f, const void *obj, const struct field_ctx *c,
		     struct outbuf *b)
{
	(void)f;
	(void)c;
	field_csv_str(b, ((const struct posixobj *)obj)->name);
}

static int name_cmp(const void *a, const void *b)
{
	const struct posixobj *x = a, *y = b;

	return kind_posix_name_cmp(x->name, x->deleted, y->name, y->deleted);
}

/* How many processes map it: the batch table's MAPPERS, CSV, a gauge. */
static enum frame_style mappers_text(const struct field *f, const void *obj,
				     const struct field_ctx *c, char *buf, size_t size)
{
	size_t first;

	(void)f;
	snprintf(buf, size, "%zu", mappers_of(c, obj, &first));
	return STYLE_NORMAL;
}

static void mappers_csv(const struct field *f, const void *obj, const struct field_ctx *c,
			struct outbuf *b)
{
	size_t first;

	(void)f;
	outbuf_u64(b, mappers_of(c, obj, &first));
}

static int mappers_num(const struct field *f, const void *obj, const struct field_ctx *c,
		       uint64_t *v)
{
	size_t first;

	(void)f;
	*v = mappers_of(c, obj, &first);
	return 0;
}

void kind_posix_mappers_json(const struct posix_mapper *m, size_t n, struct outbuf *b)
{
	outbuf_puts(b, ",\"mappers\":[");
	for (size_t i = 0; i < n; i++) {
		outbuf_puts(b, i ? ",{" : "{");
		field_json_mapping(b, m[i].pid, m[i].comm, m[i].uid, 1, m[i].addr, m[i].length,
				   m[i].access, m[i].count);
		outbuf_putc(b, '}');
	}
	outbuf_putc(b, ']');
}

void kind_posix_mapped_by(const struct posix_mapper *m, size_t n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	if (!n) {
		snprintf(buf, size, "-");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char comm[PROCINFO_COMM_MAX * 4], one[sizeof(comm) + 16];
		int k;

		fmt_escape(comm, sizeof(comm), m[i].comm);
		k = snprintf(one, sizeof(one), "%s%d %s", len ? "," : "", (int)m[i].pid, comm);
		if (k < 0 || len + (size_t)k + 1 > size)
			break; /* whole entries only: none cut inside an escape */
		memcpy(buf + len, one, (size_t)k + 1);
		len += (size_t)k;
	}
}

static void mappers_json(const struct field *f, const void *obj, const struct field_ctx *c,
			 struct outbuf *b)
{
	size_t first, n = mappers_of(c, obj, &first);

	(void)f;
	kind_posix_mappers_json(n ? &c->posix->m[first] : NULL, n, b);
}

static enum frame_style mapped_by_text(const struct field *f, const void *obj,
				       const struct field_ctx *c, char *buf, size_t size)
{
	size_t first, n = mappers_of(c, obj, &first);

	(void)f;
	kind_posix_mapped_by(n ? &c->posix->m[first] : NULL, n, buf, size);
	return STYLE_NORMAL;
}

static int modified_num(const struct field *f, const void *obj, const struct field_ctx *c,
			uint64_t *v)
{
	const struct posixobj *o = obj;

	(void)f;
	if (!o->stat_known)
		return -1;
	(void)c;
	*v = o->mtime > 0 ? (uint64_t)o->mtime : 0;
	return 0;
}

#define W_DATA (FW_JSON | FW_CSV)
#define W_COLUMN (FW_DASH | FW_TABLE | FW_JSON | FW_CSV)

/* In JSON member order. */
static const struct field posix_fields[POSIX_F_COUNT] = {
	[POSIX_F_NAME] = {
		.name = "name", .title = "NAME", .type = FIELD_CUSTOM,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH | FW_FILL, .width = 12, .bwidth = 48,
		.priority = 0, .text = name_text, .json = name_json, .csv = name_csv,
		.cmp = name_cmp },
	[POSIX_F_INODE] = {
		.name = "inode", .type = FIELD_COUNT, .writers = FW_LABEL, .offset = AT(ino) },
	[POSIX_F_SIZE] = {
		.name = "size", .title = "SIZE", .type = FIELD_SIZE, .writers = W_COLUMN | FW_PROM,
		.width = 6, .bwidth = 6, .right = 1, .priority = 1, .offset = AT(size),
		.known = stat_known, .prom = "size_bytes",
		.help = "Size of the POSIX shared memory object in bytes (absent when unknown)." },
	[POSIX_F_UID] = {
		.name = "uid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(uid),
		.known = stat_known },
	[POSIX_F_GID] = {
		.name = "gid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(gid),
		.known = stat_known },
	[POSIX_F_OWNER] = {
		.name = "owner", .alias = "user", .title = "OWNER", .type = FIELD_USER,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 8, .bwidth = 10,
		.priority = 3, .offset = AT(uid), .known = stat_known },
	[POSIX_F_GROUP] = {
		.name = "group", .title = "GROUP", .type = FIELD_GROUP, .writers = W_COLUMN,
		.width = 8, .bwidth = 10, .priority = 9, .offset = AT(gid), .known = stat_known },
	[POSIX_F_MODE] = {
		.name = "mode", .alias = "perms", .title = "MODE", .type = FIELD_PERMS,
		.writers = W_COLUMN, .width = 9, .bwidth = 4, .priority = 5, .offset = AT(mode),
		.bit = 07777, .known = stat_known },
	[POSIX_F_MTIME] = {
		.name = "mtime", .title = "MODIFIED", .btitle = "MTIME", .type = FIELD_TIME,
		.writers = W_COLUMN, .width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1,
		.priority = 6, .offset = AT(mtime), .known = stat_known },
	[POSIX_F_DELETED] = {
		.name = "deleted", .type = FIELD_FLAG, .writers = W_DATA | FW_PROM,
		.offset = AT(deleted), .bit = 1, .prom = "deleted",
		.help = "1 when the object was unlinked (shm_unlink) but is still mapped." },
	[POSIX_F_MAPPERS] = {
		.name = "mappers", .title = "MAPPERS", .type = FIELD_CUSTOM,
		.writers = FW_TABLE | FW_JSON | FW_CSV | FW_PROM, .bwidth = 7, .right = 1,
		.text = mappers_text, .json = mappers_json, .csv = mappers_csv, .num = mappers_num,
		.prom = "mappers",
		.help = "Processes mapping the object, among those whose maps shmtop can read." },
	[POSIX_F_LEAK] = {
		.name = "leak", .title = "LEAK", .type = FIELD_CUSTOM,
		.writers = FW_DASH | FW_TABLE | FW_JSON | FW_LEAK, .width = 14, .priority = 4,
		.text = field_leak_text, .json = field_leak_json },
	[POSIX_F_MAPPED_BY] = {
		.name = "mapped_by", .title = "MAPPED BY", .type = FIELD_CUSTOM,
		.writers = FW_DASH | FW_FILL, .width = 20, .priority = 2, .text = mapped_by_text,
		.follows = POSIX_F_MAPPERS },
	[POSIX_F_LEAK_SUSPECT] = {
		.name = "leak_suspect", .type = FIELD_CUSTOM, .writers = FW_CSV | FW_PROM | FW_LEAK,
		.csv = field_suspect_csv, .num = field_suspect_num, .prom = "leak_suspect",
		.help = "1 when the object is a leak suspect: no process maps it and it was not "
			"modified for longer than --stale (see shmtop(1))." },
	[POSIX_F_LEAK_REASONS] = {
		.name = "leak_reasons", .type = FIELD_CUSTOM, .writers = FW_CSV | FW_LEAK,
		.csv = field_reasons_csv },
	[POSIX_F_MODIFIED_TIMESTAMP] = {
		.name = "modification_timestamp", .type = FIELD_CUSTOM, .writers = FW_PROM,
		.num = modified_num, .prom = "modification_timestamp_seconds",
		.help = "When the object was last modified (its mtime), Unix time (absent when "
			"unknown)." },
};

static const uint8_t dash_columns[] = {
	POSIX_F_NAME, POSIX_F_SIZE, POSIX_F_OWNER, POSIX_F_MODE, POSIX_F_MTIME, POSIX_F_MAPPED_BY,
	POSIX_F_LEAK, FIELD_NONE,
};

static const uint8_t table_columns[] = {
	POSIX_F_NAME, POSIX_F_SIZE, POSIX_F_OWNER, POSIX_F_MODE, POSIX_F_MTIME, POSIX_F_MAPPERS,
	POSIX_F_LEAK, FIELD_NONE,
};

static const uint8_t csv_columns[] = {
	POSIX_F_NAME, POSIX_F_SIZE, POSIX_F_UID, POSIX_F_GID, POSIX_F_OWNER, POSIX_F_GROUP,
	POSIX_F_MODE, POSIX_F_MTIME, POSIX_F_DELETED, POSIX_F_MAPPERS, POSIX_F_LEAK_SUSPECT,
	POSIX_F_LEAK_REASONS, FIELD_NONE,
};

static const uint8_t prom_gauges[] = {
	POSIX_F_SIZE, POSIX_F_MAPPERS, POSIX_F_MODIFIED_TIMESTAMP, POSIX_F_DELETED,
	POSIX_F_LEAK_SUSPECT, FIELD_NONE,
};

static const uint8_t sort_columns[] = {
	POSIX_F_NAME, POSIX_F_SIZE, POSIX_F_OWNER, POSIX_F_GROUP, POSIX_F_MODE, POSIX_F_MTIME,
	FIELD_NONE,
};

uint64_t kind_posix_key(uint64_t dev, uint64_t ino)
{
	return ino * 0x9e3779b97f4a7c15ull ^ dev;
}

static uint64_t posix_key(const void *obj)
{
	const struct posixobj *o = obj;

	return kind_posix_key(o->dev, o->ino);
}

/* The same object: the same inode of the same filesystem, listed or unlinked, whatever its
 * name now (a rename keeps the object). */
static int posix_same(const void *was, const void *now)
{
	const struct posixobj *a = was, *b = now;

	return a->dev == b->dev && a->ino == b->ino;
}

static int unlink_obj(const struct kind_remove_ctx *ctx, const void *obj)
{
	return shmdir_unlink(ctx->shm, obj);
}

static void label(const void *obj, char *buf, size_t size)
{
	fmt_escape(buf, size, ((const struct posixobj *)obj)->name);
}

/* Unmapped, stale; an unlinked object is freed with its last mapping: it cannot leak. */
static unsigned leak_obj(const void *obj, const struct leak_ctx *ctx)
{
	const struct posixobj *o = obj;
	size_t first, n = ctx->posix ? posix_find_mappers(ctx->posix, o->dev, o->ino, &first) : 0;

	if (o->deleted)
		return 0;
	return leak_posix_reasons(n, o->mtime, ctx->now,
				  ctx->stale_secs ? ctx->stale_secs : LEAK_STALE_DEFAULT);
}

/* Opened read-only relative to the directory (a regular file only, O_NOATIME where permitted). */
static int open_obj(const struct kind_read_ctx *ctx, const void *obj, struct reader *rd)
{
	const struct posixobj *o = obj;
	struct stat st;
	int fd = shmdir_open_object(ctx->shm, o->name, &st);

	if (fd < 0)
		return fd;
	reader_open_fd(rd, fd, st.st_size > 0 ? (uint64_t)st.st_size : 0);
	return 0;
}

/* One of the processes that map it. */
static int held_obj(const void *obj, const struct kind_pid_ctx *ctx, int32_t pid)
{
	const struct posixobj *o = obj;
	size_t first, n = ctx->posix ? posix_find_mappers(ctx->posix, o->dev, o->ino, &first) : 0;

	for (size_t i = first; n && i < first + n; i++)
		if (ctx->posix->m[i].pid == pid)
			return 1;
	return 0;
}

const struct kind kind_posix = {
	.name = "posix",
	.title = "POSIX shared memory objects",
	.noun = "POSIX objects",
	.noun_one = "POSIX object",
	.id_name = "object",
	.json_array = "posix",
	.prom_prefix = "shmtop_posix_object_",
	.size = sizeof(struct posixobj),
	.fields = posix_fields,
	.nfields = POSIX_F_COUNT,
	.dash_columns = dash_columns,
	.table_columns = table_columns,
	.csv_columns = csv_columns,
	.prom_gauges = prom_gauges,
	.key = posix_key,
	.same = posix_same,
	.going = deleted,
	.use_field = FIELD_NONE,
	.sort_columns = sort_columns,
	.sort_default = POSIX_F_NAME,
	.prom_rank = POSIX_F_SIZE,
	.unlinks = 1,
	.leak = leak_obj,
	.remove = unlink_obj,
	.open_reader = open_obj,
	.held_by = held_obj,
	.label = label,
};
