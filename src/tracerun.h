/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracerun.h - shmtop --trace: print the IPC operations the BPF tracer sees as they happen, or
 * hand them to a sink (the recorder). */
#ifndef SHMTOP_TRACERUN_H
#define SHMTOP_TRACERUN_H

#include "options.h"

#include "trace.h"

/* Run until -n events, --duration, or a signal: the exit status (0; 1 when tracing cannot
 * start, with the reason on stderr). */
int run_trace(const struct options *opt);

/* Where the records go instead of stdout (shmtop --record). */
struct trace_sink {
	const char *verb;           /* what stderr says it is doing: "recording" */
	void (*record)(void *ctx, const struct trace_event *ev);
	/* every 100 ms or so while tracing, and once more at the end (last 1): non-zero stops
	 * the run with exit status 1 (the sink has said why) */
	int (*tick)(void *ctx, int last);
	void *ctx;
};

/* run_trace with the records handed to sink (NULL: printed), from the BPF tracer or, where it
 * cannot run, the polls (options: --trace-source, --kinds, -d, --duration, the object filter). */
int trace_run(const struct options *opt, const struct trace_sink *sink);

#endif
