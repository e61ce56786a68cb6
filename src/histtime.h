/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* histtime.h - the TIME of --since and --until: Unix seconds, ISO 8601, or a time relative to
 * now. Pure (local times follow TZ). */
#ifndef SHMTOP_HISTTIME_H
#define SHMTOP_HISTTIME_H

#include <stdint.h>

/* s into Unix nanoseconds in *out:
 *   "1796400000" or "1796400000.25"           Unix seconds
 *   "2026-12-05", "2026-12-05T01:40", "2026-12-05 01:40:05", "2026-12-05T01:40:05.5Z",
 *   "2026-12-05T01:40:05+01:00"               ISO 8601; local time without a zone
 *   "-2h", "-30m", "-45s", "-3d", "-1w"       that long before now_ns (one number and unit)
 *   "+2h", "+10m", ...                        that long after it (a replay's jump)
 *   "now"                                     now_ns
 * Returns 0, or -EINVAL for anything else (out unchanged). */
int histtime_parse(const char *s, int64_t now_ns, int64_t *out);

#endif
