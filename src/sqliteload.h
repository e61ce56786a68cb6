/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* sqliteload.h - SQLite, loaded on demand: shmtop is not linked with it, so only a run that
 * records or reads the history pays for loading it. */
#ifndef SHMTOP_SQLITELOAD_H
#define SHMTOP_SQLITELOAD_H

#include <stddef.h>

/* Load SQLite (once). 0, or -1 with why it cannot be, in why (no history then). */
int sqliteload_open(char *why, size_t whysz);

#endif
