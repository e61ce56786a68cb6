/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracerun.h - shmtop --trace: print the IPC operations the BPF tracer sees as they happen. */
#ifndef SHMTOP_TRACERUN_H
#define SHMTOP_TRACERUN_H

#include "options.h"

/* Run until -n events, --duration, or a signal: the exit status (0; 1 when tracing cannot
 * start, with the reason on stderr). */
int run_trace(const struct options *opt);

#endif
