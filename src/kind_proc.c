/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_proc.c - the processes that hold IPC objects as a kind (the processes table): the column
 * registry of struct holder, identity by pid and name, the default columns, and its collect hook,
 * which walks every /proc/PID/maps only while the table is on screen (source.h). */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "holders.h"
#include "kind_proc.h"
#include "source.h"

#define AT(m) offsetof(struct holder, m)
#define W_DATA (FW_JSON | FW_CSV)
#define W_COLUMN (FW_DASH | FW_TABLE | FW_JSON | FW_CSV)

static int pss_known(const void *obj)
{
	return ((const struct holder *)obj)->pss_shmem >= 0;
}

static int ns_known_ipc(const void *obj)
{
	return ((const struct holder *)obj)->ipc_ns != 0;
}

static int ns_known_mnt(const void *obj)
{
	return ((const struct holder *)obj)->mnt_ns != 0;
}

/* In JSON member order. */
static const struct field proc_fields[PROC_F_COUNT] = {
	[PROC_F_PID] = {
		.name = "pid", .title = "PID", .type = FIELD_INT, .writers = W_COLUMN | FW_SEARCH,
		.width = 7, .bwidth = 7, .right = 1, .priority = 0, .offset = AT(pid) },
	[PROC_F_UID] = { .name = "uid", .type = FIELD_UINT, .writers = W_DATA, .offset = AT(uid) },
	[PROC_F_OWNER] = {
		.name = "owner", .alias = "user", .title = "OWNER", .type = FIELD_USER,
		.writers = W_COLUMN | FW_SEARCH, .width = 8, .bwidth = 10, .priority = 2,
		.offset = AT(uid) },
	[PROC_F_NAME] = {
		.name = "name", .alias = "command", .title = "NAME", .type = FIELD_TEXT,
		.writers = W_COLUMN | FW_SEARCH, .width = 22, .bwidth = 24, .priority = 1,
		.offset = AT(name) },
	[PROC_F_SEGS] = {
		.name = "segments", .title = "SEGS", .type = FIELD_COUNT, .writers = W_COLUMN,
		.width = 5, .bwidth = 5, .right = 1, .priority = 3, .offset = AT(segs) },
	[PROC_F_POSIX] = {
		.name = "posix", .title = "POSIX", .type = FIELD_COUNT, .writers = W_COLUMN,
		.width = 5, .bwidth = 5, .right = 1, .priority = 4, .offset = AT(posix) },
	[PROC_F_MEMFDS] = {
		.name = "memfds", .title = "MEMFD", .type = FIELD_COUNT, .writers = W_COLUMN,
		.width = 5, .bwidth = 5, .right = 1, .priority = 5, .offset = AT(memfds) },
	[PROC_F_BYTES] = {
		.name = "mapped", .title = "MAPPED", .type = FIELD_SIZE, .writers = W_COLUMN,
		.width = 6, .bwidth = 6, .right = 1, .priority = 6, .offset = AT(bytes) },
	[PROC_F_PSS] = {
		.name = "pss_shmem", .title = "PSS-SHM", .type = FIELD_MEM, .writers = W_COLUMN,
		.width = 7, .bwidth = 7, .right = 1, .priority = 7, .offset = AT(pss_shmem),
		.known = pss_known },
	[PROC_F_IPCNS] = {
		.name = "ipc_ns", .title = "IPCNS", .type = FIELD_COUNT, .writers = W_COLUMN,
		.width = 10, .bwidth = 10, .right = 1, .priority = 10, .offset = AT(ipc_ns),
		.known = ns_known_ipc },
	[PROC_F_MNTNS] = {
		.name = "mnt_ns", .title = "MNTNS", .type = FIELD_COUNT,
		.writers = W_COLUMN | FW_SEARCH, .width = 10, .bwidth = 10, .right = 1,
		.priority = 8, .offset = AT(mnt_ns), .known = ns_known_mnt },
	[PROC_F_CGROUP] = {
		.name = "cgroup", .title = "CGROUP", .type = FIELD_TEXT,
		.writers = W_COLUMN | FW_SEARCH | FW_FILL, .width = 16, .bwidth = 48, .priority = 9,
		.offset = AT(cgroup) },
	[PROC_F_CMDLINE] = {
		.name = "cmdline", .title = "COMMAND LINE", .type = FIELD_TEXT,
		.writers = W_COLUMN | FW_SEARCH | FW_FILL, .width = 20, .bwidth = 64,
		.priority = 11, .offset = AT(cmdline) },
};

static const uint8_t dash_columns[] = {
	PROC_F_PID, PROC_F_OWNER, PROC_F_NAME, PROC_F_SEGS, PROC_F_POSIX, PROC_F_MEMFDS,
	PROC_F_BYTES, PROC_F_PSS, PROC_F_MNTNS, PROC_F_CGROUP, PROC_F_CMDLINE, FIELD_NONE,
};

static const uint8_t table_columns[] = {
	PROC_F_PID, PROC_F_OWNER, PROC_F_NAME, PROC_F_SEGS, PROC_F_POSIX, PROC_F_MEMFDS,
	PROC_F_BYTES, PROC_F_PSS, PROC_F_MNTNS, PROC_F_CGROUP, FIELD_NONE,
};

static const uint8_t csv_columns[] = {
	PROC_F_PID, PROC_F_UID, PROC_F_OWNER, PROC_F_NAME, PROC_F_SEGS, PROC_F_POSIX,
	PROC_F_MEMFDS, PROC_F_BYTES, PROC_F_PSS, PROC_F_IPCNS, PROC_F_MNTNS, PROC_F_CGROUP,
	PROC_F_CMDLINE, FIELD_NONE,
};

static const uint8_t prom_gauges[] = { FIELD_NONE };

static const uint8_t sort_columns[] = {
	PROC_F_PID, PROC_F_OWNER, PROC_F_NAME, PROC_F_SEGS, PROC_F_POSIX, PROC_F_MEMFDS,
	PROC_F_BYTES, PROC_F_PSS, PROC_F_MNTNS, PROC_F_CGROUP, FIELD_NONE,
};

static uint64_t proc_key(const void *obj)
{
	return (uint64_t)(uint32_t)((const struct holder *)obj)->pid;
}

/* A pid is reused: the same process only while its command line is the same (a title change
 * makes it look new, which is what it is to a reader). */
static int proc_same(const void *was, const void *now)
{
	const struct holder *a = was, *b = now;

	return a->pid == b->pid && strcmp(a->cmdline, b->cmdline) == 0;
}

static void label(const void *obj, char *buf, size_t size)
{
	const struct holder *h = obj;
	char name[sizeof(h->name) * 4];

	fmt_escape(name, sizeof(name), h->name);
	snprintf(buf, size, "pid %d (%s)", (int)h->pid, name);
}

/* Every /proc/PID/maps, but only when src->holders_scan asks (the table is on screen and the
 * last scan is old); otherwise the list of the last scan. */
static int collect(struct source *src, const void **objs, size_t *n, char *warn, size_t warnsz)
{
	int rc = 0;

	if (src->holders_scan) {
		rc = holders_scan(src->procroot, src->holders_ipc_ns, &src->holders);
		if (rc < 0)
			snprintf(warn, warnsz, "cannot scan %s for the processes holding IPC objects: %s",
				 src->procroot, strerror(-rc));
	}
	*objs = src->holders.v;
	*n = src->holders.n;
	return rc;
}

/* A process holds itself. */
static int held_proc(const void *obj, const struct kind_pid_ctx *ctx, int32_t pid)
{
	(void)ctx;
	return ((const struct holder *)obj)->pid == pid;
}

const struct kind kind_proc = {
	.name = "proc",
	.title = "Processes holding IPC objects",
	.noun = "processes",
	.noun_one = "process",
	.id_name = "pid",
	.json_array = "processes",
	.prom_prefix = "shmtop_process_",
	.size = sizeof(struct holder),
	.fields = proc_fields,
	.nfields = PROC_F_COUNT,
	.dash_columns = dash_columns,
	.table_columns = table_columns,
	.csv_columns = csv_columns,
	.prom_gauges = prom_gauges,
	.collect = collect,
	.key = proc_key,
	.same = proc_same,
	.use_field = PROC_F_BYTES,
	.sort_columns = sort_columns,
	.sort_default = PROC_F_BYTES,
	.prom_rank = FIELD_NONE,
	.held_by = held_proc,
	.label = label,
};
