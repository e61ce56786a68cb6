/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_sem.c - System V semaphore arrays as a kind: the column registry of struct semset (the
 * names of /proc/sysvipc/sem), each array's semaphores in JSON, the default columns. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fmt.h"
#include "kind_sem.h"
#include "source.h"
#include "sysvsem.h"

#define AT(m) offsetof(struct semset, m)

/* "sems":[{"value":..,"ncnt":..,"zcnt":..,"pid":..},...] when the values were read; null when
 * they could not be (no read permission, or the array changed while being read). */
static void sems_json(const struct field *f, const void *obj, const struct field_ctx *c,
		      struct outbuf *b)
{
	const struct semset *s = obj;
	size_t i, first;

	(void)f;
	if (!c->sems)
		return; /* not asked for */
	i = (size_t)(s - c->sems->base);
	first = c->sems->first[i];
	outbuf_puts(b, ",\"sems\":");
	if (first == SIZE_MAX) {
		outbuf_puts(b, "null");
		return;
	}
	outbuf_putc(b, '[');
	for (uint32_t k = 0; k < s->nsems; k++) {
		const struct semset_sem *v = &c->sems->v[first + k];

		outbuf_puts(b, k ? ",{\"value\":" : "{\"value\":");
		outbuf_i64(b, v->value);
		outbuf_puts(b, ",\"ncnt\":");
		outbuf_i64(b, v->ncnt);
		outbuf_puts(b, ",\"zcnt\":");
		outbuf_i64(b, v->zcnt);
		outbuf_puts(b, ",\"pid\":");
		outbuf_i64(b, v->pid);
		outbuf_putc(b, '}');
	}
	outbuf_putc(b, ']');
}

#define W_DATA (FW_JSON | FW_CSV)
#define W_COLUMN (FW_DASH | FW_TABLE | FW_JSON | FW_CSV)

/* In JSON member order. */
static const struct field sem_fields[SEM_F_COUNT] = {
	[SEM_F_KEY] = {
		.name = "key", .title = "KEY", .type = FIELD_KEY,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 10, .bwidth = 10,
		.priority = 0, .offset = AT(key) },
	[SEM_F_SEMID] = {
		.name = "semid", .alias = "id", .title = "SEMID", .type = FIELD_INT,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 8, .bwidth = 10, .right = 1,
		.priority = 1, .offset = AT(semid) },
	[SEM_F_PERMS] = {
		.name = "perms", .title = "PERMS", .type = FIELD_PERMS, .writers = W_COLUMN,
		.width = 9, .bwidth = 5, .priority = 4, .offset = AT(mode) },
	[SEM_F_NSEMS] = {
		.name = "nsems", .title = "NSEMS", .type = FIELD_UINT,
		.writers = W_COLUMN | FW_PROM, .width = 6, .bwidth = 6, .right = 1, .priority = 2,
		.offset = AT(nsems), .prom = "nsems", .help = "Semaphores in the array." },
	[SEM_F_UID] = { .name = "uid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(uid) },
	[SEM_F_GID] = { .name = "gid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(gid) },
	[SEM_F_CUID] = { .name = "cuid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(cuid) },
	[SEM_F_CGID] = { .name = "cgid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(cgid) },
	[SEM_F_OWNER] = {
		.name = "owner", .alias = "user", .title = "OWNER", .type = FIELD_USER,
		.writers = W_COLUMN | FW_LABEL | FW_SEARCH, .width = 8, .bwidth = 10,
		.priority = 3, .offset = AT(uid) },
	[SEM_F_GROUP] = {
		.name = "group", .title = "GROUP", .type = FIELD_GROUP, .writers = W_COLUMN,
		.width = 8, .bwidth = 10, .priority = 7, .offset = AT(gid) },
	[SEM_F_OTIME] = {
		.name = "otime", .title = "LAST-OP", .type = FIELD_TIME,
		.writers = W_COLUMN, .width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1,
		.priority = 5, .offset = AT(otime) },
	[SEM_F_CTIME] = {
		.name = "ctime", .title = "CHANGED", .type = FIELD_TIME, .writers = W_COLUMN,
		.width = 8, .bwidth = FMT_TIME_LEN - 1, .right = 1, .priority = 6,
		.offset = AT(ctime) },
	[SEM_F_SEMS] = {
		.name = "sems", .type = FIELD_CUSTOM, .writers = FW_JSON, .json = sems_json },
};

static const uint8_t dash_columns[] = {
	SEM_F_KEY, SEM_F_SEMID, SEM_F_OWNER, SEM_F_PERMS, SEM_F_NSEMS, SEM_F_OTIME, SEM_F_CTIME,
	FIELD_NONE,
};

static const uint8_t csv_columns[] = {
	SEM_F_KEY, SEM_F_SEMID, SEM_F_PERMS, SEM_F_NSEMS, SEM_F_UID, SEM_F_GID, SEM_F_CUID,
	SEM_F_CGID, SEM_F_OWNER, SEM_F_GROUP, SEM_F_OTIME, SEM_F_CTIME, FIELD_NONE,
};

static const uint8_t prom_gauges[] = { SEM_F_NSEMS, FIELD_NONE };

static const uint8_t sort_columns[] = {
	SEM_F_KEY, SEM_F_SEMID, SEM_F_OWNER, SEM_F_GROUP, SEM_F_PERMS, SEM_F_NSEMS, SEM_F_OTIME,
	SEM_F_CTIME, FIELD_NONE,
};

uint64_t kind_sem_key(int32_t semid)
{
	return (uint32_t)semid;
}

static uint64_t sem_key(const void *obj)
{
	return kind_sem_key(((const struct semset *)obj)->semid);
}

static int sem_same(const void *was, const void *now)
{
	return semset_same(was, now);
}

static int remove_array(const struct kind_remove_ctx *ctx, const void *obj)
{
	const struct semset *s = obj;

	return sysvsem_remove(s->semid, s, ctx->seen_ns);
}

static void label(const void *obj, char *buf, size_t size)
{
	snprintf(buf, size, "semid %d", (int)((const struct semset *)obj)->semid);
}

static int collect(struct source *src, const void **objs, size_t *n, char *warn, size_t warnsz)
{
	int rc = semcollect_read(&src->ipc, &src->sem, warn, warnsz);

	*objs = src->sem.sets.v;
	*n = rc < 0 ? 0 : src->sem.sets.n;
	return rc;
}

const struct kind kind_sem = {
	.name = "sem",
	.title = "System V semaphore arrays",
	.noun = "semaphore arrays",
	.noun_one = "semaphore array",
	.id_name = "semid",
	.json_array = "semaphores",
	.prom_prefix = "shmtop_semaphore_array_",
	.size = sizeof(struct semset),
	.fields = sem_fields,
	.nfields = SEM_F_COUNT,
	.dash_columns = dash_columns,
	.table_columns = dash_columns,
	.csv_columns = csv_columns,
	.prom_gauges = prom_gauges,
	.collect = collect,
	.key = sem_key,
	.same = sem_same,
	.use_field = FIELD_NONE,
	.sort_columns = sort_columns,
	.sort_default = SEM_F_SEMID,
	.prom_rank = SEM_F_NSEMS,
	.remove = remove_array,
	.label = label,
};
