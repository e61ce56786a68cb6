/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* dlload.h - a shared library loaded on demand and its functions looked up, for the libraries
 * only some runs need (libbpf when tracing, SQLite for the history): every other run starts
 * without loading and relocating them. */
#ifndef SHMTOP_DLLOAD_H
#define SHMTOP_DLLOAD_H

#include <stddef.h>

struct dlload_sym {
	const char *name;
	void **ptr; /* where its address goes */
};

/* A library's functions as an X-macro list of X(ret, name, (params), (args)) expands, through
 * these, into a pointer for each (DLLOAD_POINTER), a forwarder of the function's own name that
 * calls through it (DLLOAD_FORWARD: the name in parentheses, as a header may define a macro of
 * it too; only ever called after the library was loaded) and the table that dlload_open fills
 * (DLLOAD_SYM, the entries of a struct dlload_sym array). */
#define DLLOAD_POINTER(ret, name, params, args) static ret(*p_##name) params;
#define DLLOAD_FORWARD(ret, name, params, args)                                                  \
	ret(name) params                                                                         \
	{                                                                                        \
		return p_##name args;                                                            \
	}
#define DLLOAD_SYM(ret, name, params, args) { #name, (void **)&p_##name },

/* Load soname (once: *lib kept) and fill each of syms' pointers. 0, or -1 with why in why (the
 * library missing: named with its package; a function missing: the library is older than the
 * one shmtop was built with, what names it). */
int dlload_open(void **lib, const char *soname, const char *package, const char *what,
		const struct dlload_sym *syms, size_t n, char *why, size_t whysz);

#endif
