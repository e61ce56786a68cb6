/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* rc.h - the dashboard's settings as the shmtoprc file holds them (one "name=value" per line):
 * parsed from text, where a bad line is reported and skipped and a line of a setting this
 * version does not know is kept to be written back, and formatted back into text. Pure: the
 * file itself is rcfile.c's. */
#ifndef SHMTOP_RC_H
#define SHMTOP_RC_H

#include <stddef.h>
#include <stdint.h>

#include "field.h"
#include "kinds.h"
#include "palette.h"

#define RC_DELAY_MIN 0.1
#define RC_DELAY_MAX 86400.0
#define RC_UNKNOWN_MAX 32    /* lines of unknown settings kept */
#define RC_LINE_MAX 1024     /* longer lines are reported and skipped */
#define RC_FILE_MAX 65536    /* bytes of the file read at most */

/* One kind's table. */
struct rc_table {
	uint8_t columns[FIELD_MAX + 1]; /* FIELD_NONE-ended; columns[0] FIELD_NONE: not set */
	uint8_t sort;                   /* the field sorted by; FIELD_NONE: not set */
	int8_t reverse;                 /* 1 descending, 0 ascending, -1 not set */
};

/* The header's meters (the same bits as view.h's VIEW_METER_*). */
enum { RC_METER_SEGS = 1, RC_METER_MEM = 2, RC_METER_HIST = 4 };

struct rc {
	double delay;                   /* seconds; 0: not set */
	int scheme;                     /* enum palette_scheme, -1: not set */
	int meters;                     /* RC_METER_* bits shown, -1: not set */
	struct rc_table tables[KIND_COUNT];
	char unknown[RC_UNKNOWN_MAX][RC_LINE_MAX]; /* settings of another version, as written */
	size_t nunknown;
};

/* Called for each line rc_parse skips: its number (from 1) and why (raw text of the file
 * escaped: the message can be shown as it is). */
typedef void (*rc_report_fn)(void *ctx, unsigned line, const char *why);

/* Nothing set. */
void rc_init(struct rc *rc);

/* Read the settings of text (len bytes, any content) into rc over what it holds. Blank lines
 * and lines starting with '#' are comments; every other line is "name=value" (blanks around
 * either ignored). A line with a bad value, no '=', or too long is reported and skipped; an
 * unknown name is kept in rc->unknown (and reported when there is no room). */
void rc_parse(struct rc *rc, const char *text, size_t len, rc_report_fn report, void *ctx);

/* rc as the file's text, in buf: the length, or -ENOSPC when size is too small. Only the
 * settings that are set, then the unknown lines, after a comment saying what the file is. */
int rc_format(const struct rc *rc, char *buf, size_t size);

/* Whether a and b hold the same settings. */
int rc_equal(const struct rc *a, const struct rc *b);

#endif
