/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* columns.h - the dashboard's table of a kind: which of the columns asked for fit a terminal's
 * width, dropping the least important (the highest priority number) first. Pure. */
#ifndef SHMTOP_COLUMNS_H
#define SHMTOP_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "field.h"
#include "kind.h"

/* Whether column f can be shown at all under c: one that lists attachers (FW_ATTACHERS) only
 * while they are scanned (c->attachers). */
int columns_shown(const struct field *f, const struct field_ctx *c);

/* From cols (indexes into k->fields, FIELD_NONE-terminated), pick the columns that fit in width:
 * 1 marker column, then each column and a space. Strictly by priority: the first column that
 * does not fit ends the choice, so the kept ones are always the most important, and each column
 * is shown at every width from the one where it first fits (none comes and goes as a terminal
 * widens). Left and Right scroll to the rest. Writes the kept ones to out in cols' order (room
 * for FIELD_MAX); returns how many. */
size_t columns_layout(const struct kind *k, const uint8_t *cols, int width,
		      const struct field_ctx *c, uint8_t *out);

/* The widths of the n columns ids (as columns_layout kept them) in a table width wide: each its
 * field_width, and the FW_FILL columns (a POSIX object's NAME and MAPPED BY) share what the
 * others leave, in order, each up to want[i], the width its text needs (NULL, or a want below
 * the field's width: as much as there is). What no column wants stays blank at the right. */
void columns_widths(const struct kind *k, const uint8_t *ids, size_t n, int width,
		    const struct field_ctx *c, const int *want, int *widths);

#endif
