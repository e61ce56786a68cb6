/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_psem.c - POSIX named semaphores as a kind: the column registry of struct psem (the value
 * and waiters decoded from its file, unknown where they could not be; the stat fields, unknown
 * for an unlinked one whose inode is out of reach), the processes that map it, and the default
 * columns. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "kind_posix.h"
#include "kind_psem.h"
#include "psem.h"
#include "shmdir.h"
#include "source.h"

#define AT(m) offsetof(struct psem, m)

static int stat_known(const void *obj)
{
	return ((const struct psem *)obj)->stat_known;
}

/* value and waiters: decoded, and a value glibc could have written */
static int value_known(const void *obj)
{
	return ((const struct psem *)obj)->value_state == PSEM_VALUE_OK;
}

/* The processes of c->psems that map s; NULL and 0 when not scanned or none. */
static const struct posix_mapper *mappers_of(const struct field_ctx *c, const struct psem *s,
					     size_t *n)
{
	*n = 0;
	return c->psems ? psem_mappers(c->psems, s, n) : NULL;
}

static int deleted(const void *obj)
{
	return ((const struct psem *)obj)->deleted;
}

/* The NAME field, as the POSIX objects' (kind_posix.h). */
static enum frame_style name_text(const struct field *f, const void *obj, const struct field_ctx *c,
				  char *buf, size_t size)
{
	const struct psem *s = obj;

	(void)f;
	return kind_posix_name_text(s->name, s->deleted, c, buf, size);
}

static void name_json(const struct field *f, const void *obj, const struct field_ctx *c,
		      struct outbuf *b)
{
	(void)c;
	kind_posix_name_json(f, ((const struct psem *)obj)->name, b);
}

static void name_csv(const struct field *f, const void *obj, const struct field_ctx *c,
		     struct outbuf *b)
{
	(void)f;
	(void)c;
	field_csv_str(b, ((const struct psem *)obj)->name);
}

static int name_cmp(const void *a, const void *b)
{
	const struct psem *x = a, *y = b;

	return kind_posix_name_cmp(x->name, x->deleted, y->name, y->deleted);
}

/* What became of the value: "ok", "unread" (not readable, or unlinked: its file has no name to
 * open), "bad-size" (not a glibc semaphore's size), "bad-value" (above SEM_VALUE_MAX). */
static const char *value_state_name(const struct psem *s)
{
	switch (s->value_state) {
	case PSEM_VALUE_OK:
		return "ok";
	case PSEM_VALUE_BADSIZE:
		return "bad-size";
	case PSEM_VALUE_BADVALUE:
		return "bad-value";
	default:
		return "unread";
	}
}

static void value_state_json(const struct field *f, const void *obj, const struct field_ctx *c,
			     struct outbuf *b)
{
	(void)c;
	outbuf_puts(b, ",\"");
	outbuf_puts(b, f->name);
	outbuf_puts(b, "\":\"");
	outbuf_puts(b, value_state_name(obj));
	outbuf_putc(b, '"');
}

static void value_state_csv(const struct field *f, const void *obj, const struct field_ctx *c,
			    struct outbuf *b)
{
	(void)f;
	(void)c;
	outbuf_puts(b, value_state_name(obj));
}

/* deleted is one byte: a flag field reads four */
static void deleted_json(const struct field *f, const void *obj, const struct field_ctx *c,
			 struct outbuf *b)
{
	(void)c;
	outbuf_puts(b, ",\"");
	outbuf_puts(b, f->name);
	outbuf_puts(b, ((const struct psem *)obj)->deleted ? "\":true" : "\":false");
}

static void deleted_csv(const struct field *f, const void *obj, const struct field_ctx *c,
			struct outbuf *b)
{
	(void)f;
	(void)c;
	outbuf_puts(b, ((const struct psem *)obj)->deleted ? "true" : "false");
}

static int deleted_num(const struct field *f, const void *obj, const struct field_ctx *c,
		       uint64_t *v)
{
	(void)f;
	(void)c;
	*v = ((const struct psem *)obj)->deleted != 0;
	return 0;
}

/* How many processes map it: the batch table's MAPPERS, CSV, a gauge. */
static enum frame_style mappers_text(const struct field *f, const void *obj,
				     const struct field_ctx *c, char *buf, size_t size)
{
	size_t n;

	(void)f;
	mappers_of(c, obj, &n);
	snprintf(buf, size, "%zu", n);
	return STYLE_NORMAL;
}

static void mappers_csv(const struct field *f, const void *obj, const struct field_ctx *c,
			struct outbuf *b)
{
	size_t n;

	(void)f;
	mappers_of(c, obj, &n);
	outbuf_u64(b, n);
}

static int mappers_num(const struct field *f, const void *obj, const struct field_ctx *c,
		       uint64_t *v)
{
	size_t n = 0;

	(void)f;
	if (c)
		mappers_of(c, obj, &n);
	*v = n;
	return 0;
}

/* The mappers and MAPPED BY as the POSIX objects' (kind_posix.h). */
static void mappers_json(const struct field *f, const void *obj, const struct field_ctx *c,
			 struct outbuf *b)
{
	size_t n;
	const struct posix_mapper *m = mappers_of(c, obj, &n);

	(void)f;
	kind_posix_mappers_json(m, n, b);
}

static enum frame_style mapped_by_text(const struct field *f, const void *obj,
				       const struct field_ctx *c, char *buf, size_t size)
{
	size_t n;
	const struct posix_mapper *m = mappers_of(c, obj, &n);

	(void)f;
	kind_posix_mapped_by(m, n, buf, size);
	return STYLE_NORMAL;
}

#define W_DATA (FW_JSON | FW_CSV)
#define W_COLUMN (FW_DASH | FW_TABLE | FW_JSON | FW_CSV)

/* In JSON member order. */
static const struct field psem_fields[PSEM_F_COUNT] = {
	[PSEM_F_NAME] = {
		.name = "name", .title = "NAME", .type = FIELD_CUSTOM,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH | FW_FILL, .width = 12, .bwidth = 48,
		.priority = 0, .text = name_text, .json = name_json, .csv = name_csv,
		.cmp = name_cmp },
	/* a label too: an unlinked semaphore and a new one may share a name */
	[PSEM_F_INODE] = {
		.name = "inode", .type = FIELD_COUNT, .writers = W_DATA | FW_LABEL,
		.offset = AT(ino) },
	[PSEM_F_VALUE] = {
		.name = "value", .title = "VALUE", .type = FIELD_UINT,
		.writers = W_COLUMN | FW_PROM, .width = 6, .bwidth = 6, .right = 1, .priority = 1,
		.offset = AT(value), .known = value_known, .prom = "value",
		.help = "The semaphore's value, as sem_getvalue says (absent when it could not be "
			"read)." },
	[PSEM_F_WAITERS] = {
		.name = "waiters", .alias = "nwaiters", .title = "WAITERS", .type = FIELD_UINT,
		.writers = W_COLUMN | FW_PROM, .width = 7, .bwidth = 7, .right = 1, .priority = 2,
		.offset = AT(nwaiters), .known = value_known, .prom = "waiters",
		.help = "Threads blocked in sem_wait on the semaphore, as glibc counts them (absent "
			"when it could not be read)." },
	[PSEM_F_VALUE_STATE] = {
		.name = "value_state", .type = FIELD_CUSTOM, .writers = W_DATA,
		.json = value_state_json, .csv = value_state_csv },
	[PSEM_F_SIZE] = {
		.name = "size", .title = "SIZE", .type = FIELD_SIZE, .writers = W_COLUMN,
		.width = 6, .bwidth = 6, .right = 1, .priority = 9, .offset = AT(size),
		.known = stat_known },
	[PSEM_F_UID] = {
		.name = "uid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(uid),
		.known = stat_known },
	[PSEM_F_GID] = {
		.name = "gid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(gid),
		.known = stat_known },
	[PSEM_F_OWNER] = {
		.name = "owner", .alias = "user", .title = "OWNER", .type = FIELD_USER,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 8, .bwidth = 10,
		.priority = 4, .offset = AT(uid), .known = stat_known },
	[PSEM_F_GROUP] = {
		.name = "group", .title = "GROUP", .type = FIELD_GROUP, .writers = W_COLUMN,
		.width = 8, .bwidth = 10, .priority = 8, .offset = AT(gid), .known = stat_known },
	[PSEM_F_MODE] = {
		.name = "mode", .alias = "perms", .title = "MODE", .type = FIELD_PERMS,
		.writers = W_COLUMN, .width = 9, .bwidth = 4, .priority = 6, .offset = AT(mode),
		.bit = 07777, .known = stat_known },
	[PSEM_F_MTIME] = {
		.name = "mtime", .title = "MODIFIED", .btitle = "MTIME", .type = FIELD_TIME,
		.writers = W_COLUMN, .width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1,
		.priority = 7, .offset = AT(mtime), .known = stat_known },
	[PSEM_F_CTIME] = {
		.name = "ctime", .title = "CHANGED", .type = FIELD_TIME, .writers = W_COLUMN,
		.width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1, .priority = 10,
		.offset = AT(ctime), .known = stat_known },
	[PSEM_F_DELETED] = {
		.name = "deleted", .type = FIELD_CUSTOM, .writers = W_DATA | FW_PROM,
		.json = deleted_json, .csv = deleted_csv, .num = deleted_num, .prom = "deleted",
		.help = "1 when the semaphore was unlinked (sem_unlink) but is still mapped." },
	[PSEM_F_MAPPERS] = {
		.name = "mappers", .title = "MAPPERS", .type = FIELD_CUSTOM,
		.writers = FW_TABLE | FW_JSON | FW_CSV | FW_PROM, .bwidth = 7, .right = 1,
		.text = mappers_text, .json = mappers_json, .csv = mappers_csv, .num = mappers_num,
		.prom = "mappers",
		.help = "Processes mapping the semaphore (sem_open), among those whose maps shmtop "
			"can read." },
	[PSEM_F_MAPPED_BY] = {
		.name = "mapped_by", .title = "MAPPED BY", .type = FIELD_CUSTOM,
		.writers = FW_DASH | FW_FILL, .width = 20, .priority = 3, .text = mapped_by_text,
		.follows = PSEM_F_MAPPERS },
};

static const uint8_t dash_columns[] = {
	PSEM_F_NAME, PSEM_F_VALUE, PSEM_F_WAITERS, PSEM_F_OWNER, PSEM_F_MODE, PSEM_F_MTIME,
	PSEM_F_MAPPED_BY, FIELD_NONE,
};

static const uint8_t table_columns[] = {
	PSEM_F_NAME, PSEM_F_VALUE, PSEM_F_WAITERS, PSEM_F_OWNER, PSEM_F_MODE, PSEM_F_MTIME,
	PSEM_F_MAPPERS, FIELD_NONE,
};

static const uint8_t csv_columns[] = {
	PSEM_F_NAME, PSEM_F_INODE, PSEM_F_VALUE, PSEM_F_WAITERS, PSEM_F_VALUE_STATE, PSEM_F_SIZE,
	PSEM_F_UID, PSEM_F_GID, PSEM_F_OWNER, PSEM_F_GROUP, PSEM_F_MODE, PSEM_F_MTIME,
	PSEM_F_CTIME, PSEM_F_DELETED, PSEM_F_MAPPERS, FIELD_NONE,
};

static const uint8_t prom_gauges[] = {
	PSEM_F_VALUE, PSEM_F_WAITERS, PSEM_F_MAPPERS, PSEM_F_DELETED, FIELD_NONE,
};

static const uint8_t sort_columns[] = {
	PSEM_F_NAME, PSEM_F_VALUE, PSEM_F_WAITERS, PSEM_F_OWNER, PSEM_F_GROUP, PSEM_F_MODE,
	PSEM_F_SIZE, PSEM_F_MTIME, PSEM_F_CTIME, FIELD_NONE,
};

uint64_t kind_psem_key(uint64_t dev, uint64_t ino)
{
	return kind_posix_key(dev, ino);
}

static uint64_t psem_key(const void *obj)
{
	const struct psem *s = obj;

	return kind_psem_key(s->dev, s->ino);
}

static int psem_same_obj(const void *was, const void *now)
{
	return psem_same(was, now);
}

static int unlink_sem(const struct kind_remove_ctx *ctx, const void *obj)
{
	return psem_unlink(ctx->shm, obj);
}

static void label(const void *obj, char *buf, size_t size)
{
	fmt_escape(buf, size, ((const struct psem *)obj)->name);
}

/* The directory's sem.* files, and with src->psem_mappers the processes that map them (a failed
 * scan is src->psem_mappers_err: the listing stands, its mappers are those of the last scan). */
static int collect(struct source *src, const void **objs, size_t *n, char *warn, size_t warnsz)
{
	int rc = src->shm ? psem_list_dir(src->shm, &src->psem) : -ENOENT;

	*objs = src->psem.v;
	*n = 0;
	src->psem_mappers_err = 0;
	if (rc < 0) {
		snprintf(warn, warnsz, "cannot list POSIX named semaphores in %s: %s",
			 src->shm ? src->shm->shown : "/dev/shm", strerror(-rc));
		return rc;
	}
	if (src->psem_mappers) {
		src->psem_mappers_err = psem_scan_mappers(src->procroot, src->shm, &src->psem);
		*objs = src->psem.v; /* the deleted ones it adds may move the array */
	}
	*n = src->psem.n;
	return 0;
}

/* One of the processes that have it open. */
static int held_sem(const void *obj, const struct kind_pid_ctx *ctx, int32_t pid)
{
	size_t n = 0;
	const struct posix_mapper *m = ctx->psems ? psem_mappers(ctx->psems, obj, &n) : NULL;

	for (size_t i = 0; i < n; i++)
		if (m[i].pid == pid)
			return 1;
	return 0;
}

const struct kind kind_psem = {
	.name = "psem",
	.title = "POSIX named semaphores",
	.noun = "POSIX semaphores",
	.noun_one = "POSIX semaphore",
	.id_name = "semaphore",
	.json_array = "posix_semaphores",
	.prom_prefix = "shmtop_posix_semaphore_",
	.size = sizeof(struct psem),
	.fields = psem_fields,
	.nfields = PSEM_F_COUNT,
	.dash_columns = dash_columns,
	.table_columns = table_columns,
	.csv_columns = csv_columns,
	.prom_gauges = prom_gauges,
	.collect = collect,
	.key = psem_key,
	.same = psem_same_obj,
	.use_field = FIELD_NONE,
	.sort_columns = sort_columns,
	.going = deleted,
	.sort_default = PSEM_F_NAME,
	.prom_rank = FIELD_NONE,
	.unlinks = 1,
	.remove = unlink_sem,
	.held_by = held_sem,
	.label = label,
};
