/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* histkinds.c - the sampled kinds and their layout (histkinds.h). */
#include "config.h"

#include <stdio.h>

#include "field.h"
#include "histkinds.h"
#include "kind.h"

uint32_t histkinds_init(struct histsnap_kind hk[HISTKINDS])
{
	char fields[16384];
	size_t len = 0;

	fields[0] = '\0';
	for (int id = 0; id < HISTKINDS; id++) {
		hk[id] = (struct histsnap_kind){ kinds[id]->size, kinds[id]->key };
		for (size_t i = 0; i < kinds[id]->nfields && len < sizeof(fields) - 64; i++) {
			const struct field *f = &kinds[id]->fields[i];

			len += (size_t)snprintf(fields + len, sizeof(fields) - len, "%s:%zu:%u;",
						f->name, f->offset, f->type);
		}
	}
	return histsnap_layout(hk, HISTKINDS, fields);
}
