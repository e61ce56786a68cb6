/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracebpf.h - load the BPF tracer (bpf/ipctrace.bpf.c through its libbpf skeleton), hand each
 * raw record to a callback, and count what the kernel had no room for. Without BPF in the build
 * (configure --enable-bpf=no, or no clang, libbpf or bpftool), tracebpf_open says so. */
#ifndef SHMTOP_TRACEBPF_H
#define SHMTOP_TRACEBPF_H

#include <stddef.h>
#include <stdint.h>

struct tracebpf;

/* Called with each raw record (a struct ipct_event) and its length. */
typedef void (*tracebpf_fn)(void *ctx, const void *raw, size_t len);

/* Load and attach the tracer, its records filtered in the kernel to the IPC namespace of inode
 * ipc_ns (0: every namespace). 0 with *out set, or -errno with a one-line reason in why (not
 * built with BPF, not permitted, the kernel refuses). */
int tracebpf_open(struct tracebpf **out, uint32_t ipc_ns, tracebpf_fn fn, void *ctx, char *why,
		  size_t whysz);
/* Wait up to timeout_ms for records (the kernel wakes the reader only when a quarter of the
 * buffer waits) and hand the records there are to the callback, at most 4096 (call again for
 * the rest: a flood never keeps the caller from its other work): how many, or -errno. */
int tracebpf_poll(struct tracebpf *t, int timeout_ms);
/* The hot operations counted since the last call, each (object, operation) with its count,
 * handed to fn and reset: how many, or -errno. */
typedef void (*tracebpf_hot_fn)(void *ctx, uint32_t ipc_ns, int32_t id, unsigned op,
				uint64_t count);
int tracebpf_hot(struct tracebpf *t, tracebpf_hot_fn fn, void *ctx);
/* Records dropped so far because the ring buffer was full. */
uint64_t tracebpf_lost(struct tracebpf *t);
void tracebpf_close(struct tracebpf *t);

#endif
