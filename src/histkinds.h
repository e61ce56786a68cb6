/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* histkinds.h - the kinds of object the recorder samples (every kind of IPC object; not the
 * processes) as the sample codec sees them, and the fingerprint of their layout that the
 * recorder stores with each sample and a replay checks. */
#ifndef SHMTOP_HISTKINDS_H
#define SHMTOP_HISTKINDS_H

#include <stdint.h>

#include "histsnap.h"
#include "kinds.h"

#define HISTKINDS KIND_PROC /* kinds[0 .. HISTKINDS-1] */

/* Fill hk from the kind descriptors; the layout fingerprint of their structs and fields. */
uint32_t histkinds_init(struct histsnap_kind hk[HISTKINDS]);

#endif
