/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* settings.h - the dashboard's settings file for main: which file (SHMTOPRC, XDG_CONFIG_HOME,
 * HOME), loading it with what was wrong kept for the status line, and saving it when the
 * dashboard quits if a setting changed. */
#ifndef SHMTOP_SETTINGS_H
#define SHMTOP_SETTINGS_H

#include <limits.h>

#include "rc.h"

struct settings {
	char path[PATH_MAX];        /* the file; "" when there is none (SHMTOPRC empty, no HOME) */
	int may_save;               /* it was read, or there was none: a save loses nothing */
	struct rc rc;               /* what the dashboard uses and changes */
	struct rc loaded;           /* as read: saved only when rc differs */
	char complaint[640];       /* the first problem with the file (escaped), "" none */
	unsigned ncomplaints;
};

/* Find and read the file into s->rc. Never fails: a bad file means defaults and a complaint. */
void settings_load(struct settings *s);

/* Write s->rc to the file if it changed and may be replaced: 0 (also when there was nothing
 * to do), or -errno with a one-line reason (escaped) in err. */
int settings_save(struct settings *s, char *err, size_t errsz);

#endif
