/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* field.h - the column registry: one entry per field of a kind of IPC object, used by the
 * dashboard's table and by every batch writer alike (table, JSON, CSV, Prometheus). Most fields
 * are a typed value at an offset in the object's struct, so adding one is one entry; the type
 * says how it is shown, written, compared and checked for change. Pure formatting: names and
 * process information come from caches the caller filled. */
#ifndef SHMTOP_FIELD_H
#define SHMTOP_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "attach.h"
#include "frame.h"
#include "names.h"
#include "outbuf.h"
#include "procinfo.h"

struct kind;
struct posix_list;
struct psem_list;
struct sem_values;

enum field_type {
	FIELD_KEY,          /* int32 key_t: 0x0000abcd */
	FIELD_INT,          /* int32 (ids): decimal */
	FIELD_UINT,         /* uint32 (uids, gids as numbers): decimal */
	FIELD_COUNT,        /* uint64: decimal */
	FIELD_SIZE,         /* uint64 bytes: human in tables (decimal with --bytes) */
	FIELD_MEM,          /* int64 bytes, < 0 unknown: as SIZE, and "-", null or empty */
	FIELD_TIME,         /* int64 Unix seconds, 0 never: relative or absolute in tables */
	FIELD_PID,          /* int32 pid: on the dashboard with its command name, dim when gone */
	FIELD_PID_COMM,     /* the command name of the pid at offset (writers only) */
	FIELD_PID_ALIVE,    /* whether the pid at offset is still its process (writers only) */
	FIELD_USER,         /* uint32 uid, shown as the user's name */
	FIELD_GROUP,        /* uint32 gid, shown as the group's name */
	FIELD_PERMS,        /* uint32 mode: rw-r----- on the dashboard, 0640 elsewhere (bit: the
			     * bits shown, 0777 when 0; 07777 adds setuid, setgid, sticky) */
	FIELD_FLAG,         /* bit `bit` of the uint32 at offset: true or false */
	FIELD_TEXT,         /* a NUL-terminated char array at offset (a name): escaped */
	FIELD_CUSTOM,       /* the entry's hooks say everything */
};

/* How the batch table writes times (--time-format). */
enum { FIELD_TIME_LOCAL, FIELD_TIME_ISO, FIELD_TIME_EPOCH, FIELD_TIME_RELATIVE };

/* Where a field appears (field.writers), and in which forms. */
enum {
	FW_DASH = 1u << 0,   /* a column the dashboard's table can show */
	FW_TABLE = 1u << 1,  /* a column the batch table can show */
	FW_JSON = 1u << 2,   /* a member of the object in JSON */
	FW_CSV = 1u << 3,    /* a CSV column */
	FW_PROM = 1u << 4,   /* a per-object Prometheus gauge (prom: its name after the kind's
			      * prefix) */
	FW_LABEL = 1u << 5,  /* a label of the per-object Prometheus series */
	FW_LEAK = 1u << 6,   /* its forms need the object's leak judgement (field_ctx.leak) */
	FW_ATTACHERS = 1u << 7, /* a dashboard column of who maps the object: shown only while
				 * they are scanned (field_ctx.attachers) */
	FW_SEARCH = 1u << 8, /* search and filter match its text */
	FW_FILL = 1u << 9,   /* a dashboard column that takes the width the others leave */
};

/* What the forms of a field are made with. */
struct field_ctx {
	struct names *names;                 /* user and group names */
	int names_cached;                    /* read only what names holds (the dashboard: a
					      * lookup can wait on NSS); else look up */
	const struct procinfo_cache *pids;   /* command names and liveness; NULL: unknown */
	const struct attach_list *attachers; /* who maps what, when scanned; NULL: not */
	const struct posix_list *posix;      /* POSIX objects' mappers, when scanned; NULL: not */
	const struct sem_values *sems;       /* semaphore arrays' values, when read; NULL: not */
	const struct psem_list *psems;       /* POSIX semaphores' mappers, when scanned; NULL: not */
	int64_t now;                         /* for relative times and ages */
	int abs_time;                        /* dashboard: absolute times */
	int time_format;                     /* batch table: FIELD_TIME_LOCAL, ..._ISO, ..._EPOCH,
					      * ..._RELATIVE (--time-format) */
	int bytes;                           /* sizes in bytes, not human */
	int batch;                           /* the batch table's forms (octal perms, absolute
					      * times, plain pids) rather than the dashboard's */
	int plain;                           /* the value alone, without what tables add to it (a
					      * Prometheus label: no " (deleted)" after a name) */
	unsigned leak;                       /* the object's leak reasons (LEAK_* bits) */
	int suspect;                         /* and whether that makes it a suspect */
	/* the dashboard while tracing: the command line a traced record gave pid (raw), or NULL;
	 * a pid column shows it for a process that has gone */
	const char *(*traced)(const void *tctx, int32_t pid);
	const void *tctx;
	/* with a history database (shmtop --record): what it recorded of the object's creator, or
	 * NULL; no hook: no database, and the fields that show it are left out of JSON */
	const struct field_recorded *(*recorded)(const void *rctx, const void *obj);
	const void *rctx;
};

/* The creator of an object as shmtop --record recorded it. */
#define FIELD_RECORDED_CMDLINE 257
struct field_recorded {
	int32_t pid;
	uint32_t uid;                        /* (uint32_t)-1 unknown */
	int64_t created_ns;                  /* Unix ns */
	int64_t exited_ns;                   /* when its exit was recorded, 0 not */
	char cmdline[FIELD_RECORDED_CMDLINE]; /* raw; "" unknown */
};

struct field {
	const char *name;       /* JSON member, CSV column, --columns and --sort name */
	const char *alias;      /* lsipc's name for it where that differs, or NULL (the title is
				 * accepted too) */
	const char *title;      /* column title in tables; NULL: not a table column */
	const char *btitle;     /* the batch table's title where it differs, or NULL */
	uint8_t type;           /* enum field_type */
	uint16_t writers;       /* FW_* */
	uint8_t width;          /* dashboard width (time: relative width) */
	uint8_t bwidth;         /* batch table width */
	uint8_t right;          /* right-aligned in tables */
	uint8_t priority;       /* dashboard: lower survives longer on a narrow terminal */
	uint32_t bit;           /* FIELD_FLAG: the bit of the uint32 at offset */
	size_t offset;          /* where the value is in the object */
	const char *prom;       /* FW_PROM: the gauge's name after the kind's prefix */
	const char *help;       /* FW_PROM: its HELP text */
	/* FIELD_PID, _COMM, _ALIVE: the time the process must have started by to still be the one
	 * the object knew (a later start is a reused pid); NULL: any */
	int64_t (*since)(const void *obj);
	/* Whether the object's value of this field is known (NULL: always): an unknown one is "-"
	 * in tables, null in JSON, empty in CSV and no Prometheus sample. */
	int (*known)(const void *obj);
	/* FIELD_CUSTOM: table text (and its style), JSON (writes ",\"name\":value" itself, or
	 * nothing), CSV value, Prometheus value (0, or -1 for no sample). A NULL hook: the field
	 * has no such form. */
	enum frame_style (*text)(const struct field *f, const void *obj, const struct field_ctx *c,
				 char *buf, size_t size);
	void (*json)(const struct field *f, const void *obj, const struct field_ctx *c,
		     struct outbuf *b);
	void (*csv)(const struct field *f, const void *obj, const struct field_ctx *c,
		    struct outbuf *b);
	int (*num)(const struct field *f, const void *obj, const struct field_ctx *c, uint64_t *v);
	/* FIELD_CUSTOM: the order of two objects by this field (<0, 0, >0); NULL: it does not
	 * sort, and never counts as changed */
	int (*cmp)(const void *a, const void *b);
	uint8_t follows;        /* another field whose change highlights this one too (STATUS
				 * follows the mode's flags), 0: none (field 0 is always the kind's
				 * own key, which follows nothing) */
};

#define FIELD_NONE 0xff     /* ends a list of field indexes */
#define FIELD_MAX 64        /* fields a kind may have (indexes fit a uint8_t, bits a uint64_t) */

/* The text of f for obj in a table cell, into buf (escaped: ready for a terminal), and its style
 * (STYLE_DIM for a process that is gone, STYLE_LEAK for a suspect's leak cell, else
 * STYLE_NORMAL). */
enum frame_style field_text(const struct field *f, const void *obj, const struct field_ctx *c,
			    char *buf, size_t size);

/* Its width in the dashboard's table, and in the batch table. */
int field_width(const struct field *f, const struct field_ctx *c);
int field_batch_width(const struct field *f, const struct field_ctx *c);

/* ",\"name\":value" (without the comma when first): the JSON member of f for obj. */
void field_json(const struct field *f, const void *obj, const struct field_ctx *c,
		struct outbuf *b, int first);

/* The CSV value of f for obj (RFC 4180 quoting), without a separator. */
void field_csv(const struct field *f, const void *obj, const struct field_ctx *c,
	       struct outbuf *b);

/* The Prometheus sample value of f for obj: 0, or -1 when there is none (unknown). */
int field_num(const struct field *f, const void *obj, const struct field_ctx *c, uint64_t *v);

/* The order of a and b by field f: numbers as numbers (a key unsigned), users and groups by name
 * when names is given (by id otherwise), perms by their permission bits, a flag by its bit;
 * a custom field by its cmp hook (0 without one). */
int field_cmp(const struct field *f, const void *a, const void *b, struct names *names);

/* Whether f can order a table: a custom field only with a cmp hook. */
int field_sortable(const struct field *f);

/* Whether the first sort by f is largest first, as htop and top sort quantities: sizes, counts,
 * bytes and times; names, ids, keys, pids, owners and modes go up from the smallest. */
int field_desc_first(const struct field *f);

/* The index of the field of k named name (or its lsipc alias, or its title; ASCII case ignored)
 * that appears in all of writers, or -1. */
int field_find(const struct kind *k, const char *name, unsigned writers);

/* Parse a comma-separated list of field names for writers into out (room for max indexes,
 * FIELD_NONE-terminated). Returns how many, or -EINVAL with a message in err naming the word
 * that is not one (escaped) and what is allowed. Repeats and empty lists are refused too. */
int field_list_parse(const struct kind *k, const char *list, unsigned writers, uint8_t *out,
		     size_t max, char *err, size_t errsz);

/* The hooks of a kind's leak fields, from the judgement in c (leak, suspect): the LEAK column
 * (the batch table: the reasons or "-"; the dashboard: a suspect's reasons in the leak style, an
 * orphan or unmapped one as such), the JSON member "leak":{"suspect":..,"reasons":[..]}, the
 * CSV's leak_suspect and leak_reasons (joined by ';'), and the suspect as a gauge. */
enum frame_style field_leak_text(const struct field *f, const void *obj, const struct field_ctx *c,
				 char *buf, size_t size);
void field_leak_json(const struct field *f, const void *obj, const struct field_ctx *c,
		     struct outbuf *b);
void field_suspect_csv(const struct field *f, const void *obj, const struct field_ctx *c,
		       struct outbuf *b);
void field_reasons_csv(const struct field *f, const void *obj, const struct field_ctx *c,
		       struct outbuf *b);
int field_suspect_num(const struct field *f, const void *obj, const struct field_ctx *c,
		      uint64_t *v);

/* Writing primitives the writers share: a JSON string (escaped with fmt_escape, then JSON's
 * quoting), a CSV value (fmt_escape, then RFC 4180 quoting when needed). */
void field_json_str(struct outbuf *b, const char *raw);
/* "0x7f00..." with its quotes. */
void field_json_hex(struct outbuf *b, uint64_t v);
/* "pid":..,"comm":"..","uid":..,"addr":"0x..","length":..,"access":"r--s","count":1 (no braces):
 * one process's mappings of an object (a segment's attachers, a POSIX object's mappers). With
 * uid_nullable, an unknown uid ((uint32_t)-1) is written as null. */
void field_json_mapping(struct outbuf *b, int32_t pid, const char *comm, uint32_t uid,
			int uid_nullable, uint64_t addr, uint64_t length, const char *access,
			unsigned count);
void field_csv_str(struct outbuf *b, const char *raw);

/* The raw values at a field's offset. */
static inline const void *field_at(const struct field *f, const void *obj)
{
	return (const char *)obj + f->offset;
}

#endif
