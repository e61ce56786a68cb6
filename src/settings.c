/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* settings.c - the dashboard's settings file for main (settings.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "rcfile.h"
#include "settings.h"

static void complain(void *ctx, unsigned line, const char *why)
{
	struct settings *s = ctx;
	char where[256]; /* the path, escaped, cut short if need be */

	const char *base = strrchr(s->path, '/');

	if (s->ncomplaints++)
		return;
	/* the file's name alone, so the reason fits the status line; F2's title has the path */
	fmt_escape(where, sizeof(where), base ? base + 1 : s->path);
	if (line)
		snprintf(s->complaint, sizeof(s->complaint), "%s line %u: %s", where, line, why);
	else
		snprintf(s->complaint, sizeof(s->complaint), "%s: %s", where, why);
}

void settings_load(struct settings *s)
{
	const char *env = getenv("SHMTOPRC");
	int r;

	memset(s, 0, sizeof(*s));
	rc_init(&s->rc);
	if (env) {
		/* as htop's HTOPRC: this file; empty: none at all */
		if (!*env || snprintf(s->path, sizeof(s->path), "%s", env) >= (int)sizeof(s->path))
			s->path[0] = '\0';
	} else if (rcfile_path(s->path, sizeof(s->path), getenv("XDG_CONFIG_HOME"),
			       getenv("HOME")) < 0) {
		s->path[0] = '\0';
	}
	if (s->path[0]) {
		r = rcfile_load(s->path, &s->rc, complain, s);
		s->may_save = r == 0 || r == -ENOENT;
		if (r < 0 && r != -ENOENT)
			complain(s, 0, s->path[0] != '/' ? "not an absolute path: settings not read, "
				 "not saved" : r == -EINVAL ? "not a regular file: settings not read, "
				 "not saved" : r == -EFBIG ? "larger than 64 KiB: settings not read, "
				 "not saved" : r == -EPERM ? "it, or a directory on the way to it, "
				 "belongs to another user or is writable by others: settings not read, "
				 "not saved" : strerror(-r));
	}
	if (s->ncomplaints > 1) {
		size_t len = strlen(s->complaint);

		snprintf(s->complaint + len, sizeof(s->complaint) - len, " (and %u more)",
			 s->ncomplaints - 1);
	}
	s->loaded = s->rc;
}

int settings_save(struct settings *s, char *err, size_t errsz)
{
	char where[PATH_MAX * 4];
	int r;

	if (!s->path[0] || !s->may_save || rc_equal(&s->rc, &s->loaded))
		return 0;
	r = rcfile_save(s->path, &s->rc);
	if (r < 0) {
		fmt_escape(where, sizeof(where), s->path);
		snprintf(err, errsz, "settings not saved to %s: %s", where,
			 r == -EPERM ? "it, or a directory on the way to it, belongs to another user "
			 "or is writable by others" : r == -EINVAL ? "not an absolute path to a "
			 "regular file" : strerror(-r));
		return r;
	}
	s->loaded = s->rc;
	return 0;
}
