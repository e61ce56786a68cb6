/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* libbpfload.h - libbpf, loaded on demand: shmtop is not linked with it (nor with the libelf and
 * libz it brings), so only a run that traces pays for loading them. */
#ifndef SHMTOP_LIBBPFLOAD_H
#define SHMTOP_LIBBPFLOAD_H

#include <stddef.h>

/* Load libbpf (once). 0, or -1 with why it cannot be, in why (the tracer then cannot run). */
int libbpfload_open(char *why, size_t whysz);

#endif
