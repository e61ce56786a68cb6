/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procipc.h - read a /proc/sysvipc table (sem, msg) whose columns are found by the header's names:
 * the line splitting and number parsing that procsem.c and procmsg.c share. */
#ifndef SHMTOP_PROCIPC_H
#define SHMTOP_PROCIPC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROCIPC_MAX_FIELDS 64 /* fields a header may have; columns nobody asked for are skipped */
#define PROCIPC_MAX_COLS 64   /* columns a caller may ask for (bits of a uint64_t) */

enum procipc_kind {
	PROCIPC_DEC, /* an unsigned decimal number, 0..max */
	PROCIPC_OCT, /* an unsigned octal number, 0..max (perms) */
	PROCIPC_KEY, /* a key_t: signed decimal as the kernel prints it, the unsigned spelling
		      * accepted too; the value is the int32_t it stands for */
};

/* One column a caller wants, found in the header by its name. */
struct procipc_col {
	const char *name;
	enum procipc_kind kind;
	uint64_t max;          /* the largest value (not for PROCIPC_KEY); at most INT64_MAX */
};

struct procipc {
	FILE *f;
	const struct procipc_col *cols;
	signed char map[PROCIPC_MAX_FIELDS]; /* field of a line -> index in cols, -1 to skip */
	size_t nfields;
	uint64_t seen;                       /* bit c: the header has column cols[c] */
	char *line;
	size_t cap;
};

/* Read the header line of f and map its fields to cols[0..ncols) by name. Returns 0, -ENODATA
 * for an empty file, -EINVAL when the header lacks a column whose bit is in `required`, names a
 * column twice or has more than PROCIPC_MAX_FIELDS fields, -ENOMEM, or -errno from reading.
 * procipc_close must follow in every case. */
int procipc_open(struct procipc *p, FILE *f, const struct procipc_col *cols, size_t ncols,
		 uint64_t required);

/* The next data line: v[c] for each column c that the header has (the others are left alone).
 * Blank lines are skipped. Returns 1 for a line, 0 at the end of the file, -EBADMSG for a
 * malformed line (a field missing, extra or not a number in range, a control byte; the caller
 * skips it and goes on), or -errno from reading. */
int procipc_next(struct procipc *p, int64_t *v);

/* Free the line buffer (the FILE stays open: it is the caller's). */
void procipc_close(struct procipc *p);

#endif
