/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kinds.c - the registry of kinds, in Tab's order, and --kinds lists. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fmt.h"
#include "kind_msg.h"
#include "kind_pmq.h"
#include "kind_proc.h"
#include "kind_posix.h"
#include "kind_psem.h"
#include "kind_sem.h"
#include "kinds.h"

const struct kind *const kinds[KIND_COUNT] = {
	[KIND_SHM] = &kind_shm,
	[KIND_POSIX] = &kind_posix,
	[KIND_SEM] = &kind_sem,
	[KIND_MSG] = &kind_msg,
	[KIND_PMQ] = &kind_pmq,
	[KIND_PSEM] = &kind_psem,
	[KIND_PROC] = &kind_proc,
};

int kinds_parse(const char *list, unsigned *mask, char *err, size_t errsz)
{
	char word[32], esc[sizeof(word) * 4], known[128] = "";
	const char *p = list;
	unsigned m = 0;

	for (size_t k = 0; k < KIND_COUNT; k++)
		snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s, ",
			 kinds[k]->name);
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p), k;

		if (!len || len >= sizeof(word)) {
			snprintf(err, errsz, "%s in the list of kinds", len ? "a kind name too long" :
				 "an empty kind name");
			return -EINVAL;
		}
		memcpy(word, p, len);
		word[len] = '\0';
		for (k = 0; k < KIND_COUNT; k++)
			if (strcasecmp(word, kinds[k]->name) == 0)
				break;
		if (k < KIND_COUNT) {
			m |= KIND_BIT(k);
		} else if (strcasecmp(word, "all") == 0) {
			m |= KINDS_ALL;
		} else {
			fmt_escape(esc, sizeof(esc), word);
			snprintf(err, errsz, "unknown kind '%s' (kinds: %sall)", esc, known);
			return -EINVAL;
		}
		if (!end)
			break;
		p = end + 1;
	}
	*mask = m;
	return 0;
}
