/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* dlload.c - a shared library loaded on demand, its functions looked up (dlload.h). */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>

#include "dlload.h"

int dlload_open(void **lib, const char *soname, const char *package, const char *what,
		const struct dlload_sym *syms, size_t n, char *why, size_t whysz)
{
	void *h;
	size_t i;

	if (*lib)
		return 0;
	h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();

		snprintf(why, whysz, "cannot load %s (the %s package): %s", soname, package,
			 e ? e : "unknown error");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!(*syms[i].ptr = dlsym(h, syms[i].name))) {
			snprintf(why, whysz, "%s has no %s: %s older than the one shmtop was built with",
				 soname, syms[i].name, what);
			dlclose(h);
			return -1;
		}
	}
	*lib = h;
	return 0;
}
