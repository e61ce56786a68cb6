/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tracebpf.c - the BPF tracer's loader (tracebpf.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipctrace.h"
#include "libbpfload.h"
#include "tracebpf.h"

#ifdef HAVE_BPF

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ipctrace.skel.h"

struct tracebpf {
	struct ipctrace_bpf *skel;
	struct ring_buffer *rb;
	tracebpf_fn fn;
	void *ctx;
	long taken;             /* records handed over by this tracebpf_poll */
};

/* Records one tracebpf_poll hands over at most: under a flood the caller still gets its turn
 * (the recorder commits each second) and the rest waits in the buffer. */
#define TRACEBPF_BUDGET 4096

static int on_record(void *ctx, void *data, size_t len)
{
	struct tracebpf *t = ctx;

	t->fn(t->ctx, data, len);
	/* libbpf has consumed this record already: stopping here loses nothing */
	return ++t->taken >= TRACEBPF_BUDGET ? -EAGAIN : 0;
}

/* libbpf's own messages: only its warnings, and those only when asked (SHMTOP_BPF_DEBUG) */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || !getenv("SHMTOP_BPF_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void reason(char *why, size_t whysz, const char *what, int err)
{
	snprintf(why, whysz, "%s: %s%s", what, strerror(err),
		 err == EPERM || err == EACCES ? " (tracing needs root: CAP_BPF and CAP_PERFMON)" :
		 err == ENOENT || err == ESRCH ? " (the kernel lacks a traced function or BTF)" :
		 "");
}

/* The inode of shmtop's own PID namespace, whose numbers its /proc gives; 0 for the initial one
 * (PROC_PID_INIT_INO), where the kernel's numbers are already those. */
static uint32_t own_pid_ns(void)
{
	struct stat st;

	if (stat("/proc/self/ns/pid", &st) < 0 || st.st_ino == 0xEFFFFFFCu)
		return 0;
	return (uint32_t)st.st_ino;
}

int tracebpf_open(struct tracebpf **out, uint32_t ipc_ns, tracebpf_fn fn, void *ctx, char *why,
		  size_t whysz)
{
	struct tracebpf *t = calloc(1, sizeof(*t));
	int err;

	if (!t)
		return -ENOMEM;
	if (libbpfload_open(why, whysz) < 0) {
		free(t);
		return -ENOTSUP;
	}
	libbpf_set_print(quiet);
	if (access("/sys/kernel/btf/vmlinux", R_OK) < 0) {
		snprintf(why, whysz, "the kernel has no BTF (/sys/kernel/btf/vmlinux): the tracer "
			 "cannot be loaded");
		free(t);
		return -ENOTSUP;
	}
	t->fn = fn;
	t->ctx = ctx;
	t->skel = ipctrace_bpf__open();
	if (!t->skel) {
		err = errno ? errno : EINVAL;
		reason(why, whysz, "cannot open the BPF tracer", err);
		free(t);
		return -err;
	}
	t->skel->rodata->target_ipc_ns = ipc_ns;
	t->skel->rodata->target_pid_ns = own_pid_ns();
	err = ipctrace_bpf__load(t->skel);
	if (err) {
		reason(why, whysz, "the kernel refused the BPF tracer", -err);
		tracebpf_close(t);
		return err;
	}
	err = ipctrace_bpf__attach(t->skel);
	if (err) {
		reason(why, whysz, "cannot attach the BPF tracer", -err);
		tracebpf_close(t);
		return err;
	}
	t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), on_record, t, NULL);
	if (!t->rb) {
		err = -errno;
		reason(why, whysz, "cannot read the tracer's ring buffer", -err);
		tracebpf_close(t);
		return err;
	}
	*out = t;
	return 0;
}

int tracebpf_poll(struct tracebpf *t, int timeout_ms)
{
	/* the tracer wakes the reader only when much is waiting: what the wait did not bring is
	 * taken after it */
	int n, m;

	t->taken = 0;
	n = ring_buffer__poll(t->rb, timeout_ms);
	if (n == -EAGAIN)
		return (int)t->taken; /* the budget: more is waiting */
	if (n < 0 && n != -EINTR)
		return n;
	m = ring_buffer__consume(t->rb);
	if (m == -EAGAIN)
		return (int)t->taken;
	if (m < 0 && m != -EINTR)
		return m;
	return (int)t->taken;
}

int tracebpf_hot(struct tracebpf *t, tracebpf_hot_fn fn, void *ctx)
{
	int fd = bpf_map__fd(t->skel->maps.hot), n = 0;
	struct ipct_hot_key *keys, *prev = NULL;
	size_t nkeys = 0, cap = 16384; /* the map's max_entries */
	uint64_t v;

	/* the keys first, then each taken and deleted: a busy object counted meanwhile comes back
	 * under its key, and is read at the next call, not chased now */
	keys = malloc(cap * sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	while (nkeys < cap && bpf_map_get_next_key(fd, prev, &keys[nkeys]) == 0) {
		prev = &keys[nkeys];
		nkeys++;
	}
	for (size_t i = 0; i < nkeys; i++) {
		if (bpf_map_lookup_and_delete_elem(fd, &keys[i], &v) < 0 &&
		    (bpf_map_lookup_elem(fd, &keys[i], &v) < 0 || bpf_map_delete_elem(fd, &keys[i]) < 0))
			continue;
		if (v)
			fn(ctx, keys[i].ipc_ns, keys[i].id, keys[i].op, v);
		n++;
	}
	free(keys);
	return n;
}

uint64_t tracebpf_lost(struct tracebpf *t)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t *v, sum = 0;
	uint32_t zero = 0;

	if (ncpu <= 0 || !(v = calloc((size_t)ncpu, sizeof(*v))))
		return 0;
	if (bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.lost), &zero, v) == 0)
		for (int i = 0; i < ncpu; i++)
			sum += v[i];
	free(v);
	return sum;
}

void tracebpf_close(struct tracebpf *t)
{
	if (!t)
		return;
	ring_buffer__free(t->rb);
	ipctrace_bpf__destroy(t->skel);
	free(t);
}

#else /* no BPF in this build */

int tracebpf_open(struct tracebpf **out, uint32_t ipc_ns, tracebpf_fn fn, void *ctx, char *why,
		  size_t whysz)
{
	(void)out;
	(void)ipc_ns;
	(void)fn;
	(void)ctx;
	snprintf(why, whysz, "this shmtop was built without BPF (configure --enable-bpf: it needs "
		 "clang, libbpf and bpftool; ./bootstrap installs them)");
	return -ENOTSUP;
}

int tracebpf_poll(struct tracebpf *t, int timeout_ms)
{
	(void)t;
	(void)timeout_ms;
	return -ENOTSUP;
}

int tracebpf_hot(struct tracebpf *t, tracebpf_hot_fn fn, void *ctx)
{
	(void)t;
	(void)fn;
	(void)ctx;
	return -ENOTSUP;
}

uint64_t tracebpf_lost(struct tracebpf *t)
{
	(void)t;
	return 0;
}

void tracebpf_close(struct tracebpf *t)
{
	(void)t;
}

#endif
