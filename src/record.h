/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* record.h - shmtop --record and --history: the trace (or, without BPF, the polls) kept in the
 * history database, and read back as the lifetimes of objects. */
#ifndef SHMTOP_RECORD_H
#define SHMTOP_RECORD_H

#include "options.h"

/* Record until --duration, -n records or a signal, committing at least once a second. The exit
 * status: 0; 1 when the database cannot be opened or written (the reason on stderr). */
int run_record(const struct options *opt);

/* Print what the database holds: OBJECT's lifetimes with their records, or every record, in
 * --since/--until. The exit status: 0; 1 when it cannot be read or holds no such object. */
int run_history(const struct options *opt);

#endif
