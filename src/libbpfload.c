/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* libbpfload.c - libbpf loaded when the tracer starts, not with every shmtop (libbpfload.h): each
 * libbpf function the tracer and its skeleton call is defined here as a forwarder to the library
 * that libbpfload_open() dlopens. libbpf brings libelf and libz with it; loading the three cost
 * every run, a batch table of a few segments included, about 0.3 ms. */
#include "config.h"

#include <stdio.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dlload.h"
#include "libbpfload.h"

#define LIBBPF_SONAME "libbpf.so.1"

/* Each function: a pointer, its forwarder, and its entry in the table libbpfload_open fills. */
#define LIBBPF_FUNCTIONS(X)                                                                      \
	X(libbpf_print_fn_t, libbpf_set_print, (libbpf_print_fn_t fn), (fn))                    \
	X(int, libbpf_num_possible_cpus, (void), ())                                             \
	X(int, bpf_map__fd, (const struct bpf_map *map), (map))                                 \
	X(int, bpf_map_lookup_elem, (int fd, const void *key, void *value), (fd, key, value))   \
	X(int, bpf_map_lookup_and_delete_elem, (int fd, const void *key, void *value),          \
	  (fd, key, value))                                                                      \
	X(int, bpf_map_delete_elem, (int fd, const void *key), (fd, key))                       \
	X(int, bpf_map_get_next_key, (int fd, const void *key, void *next_key),                 \
	  (fd, key, next_key))                                                                   \
	X(struct ring_buffer *, ring_buffer__new,                                                \
	  (int map_fd, ring_buffer_sample_fn sample_cb, void *ctx,                               \
	   const struct ring_buffer_opts *opts), (map_fd, sample_cb, ctx, opts))                \
	X(int, ring_buffer__poll, (struct ring_buffer *rb, int timeout_ms), (rb, timeout_ms))   \
	X(int, ring_buffer__consume, (struct ring_buffer *rb), (rb))                            \
	X(int, bpf_object__open_skeleton,                                                        \
	  (struct bpf_object_skeleton *s, const struct bpf_object_open_opts *opts), (s, opts))  \
	X(int, bpf_object__load_skeleton, (struct bpf_object_skeleton *s), (s))                 \
	X(int, bpf_object__attach_skeleton, (struct bpf_object_skeleton *s), (s))               \
	X(void, bpf_object__detach_skeleton, (struct bpf_object_skeleton *s), (s))              \
	X(void, ring_buffer__free, (struct ring_buffer *rb), (rb))                              \
	X(void, bpf_object__destroy_skeleton, (struct bpf_object_skeleton *s), (s))

LIBBPF_FUNCTIONS(DLLOAD_POINTER)
/* the forwarders: only ever called after the library was loaded (tracebpf.c opens first) */
LIBBPF_FUNCTIONS(DLLOAD_FORWARD)

static const struct dlload_sym syms[] = { LIBBPF_FUNCTIONS(DLLOAD_SYM) };

int libbpfload_open(char *why, size_t whysz)
{
	static void *lib;

	return dlload_open(&lib, LIBBPF_SONAME, "libbpf1", "a libbpf", syms,
			   sizeof(syms) / sizeof(syms[0]), why, whysz);
}
