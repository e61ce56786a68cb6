/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* procsem.c - parse /proc/sysvipc/sem: the kernel's sysvipc_sem_proc_show prints, after its header,
 * "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu" (key signed, perms octal) per array. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "procipc.h"
#include "procsem.h"

enum col { C_KEY, C_SEMID, C_PERMS, C_NSEMS, C_UID, C_GID, C_CUID, C_CGID, C_OTIME, C_CTIME,
	   C_COUNT };

static const struct procipc_col cols[C_COUNT] = {
	[C_KEY] = { "key", PROCIPC_KEY, 0 },
	[C_SEMID] = { "semid", PROCIPC_DEC, INT32_MAX },
	[C_PERMS] = { "perms", PROCIPC_OCT, 07777 },
	[C_NSEMS] = { "nsems", PROCIPC_DEC, INT32_MAX },
	[C_UID] = { "uid", PROCIPC_DEC, UINT32_MAX },
	[C_GID] = { "gid", PROCIPC_DEC, UINT32_MAX },
	[C_CUID] = { "cuid", PROCIPC_DEC, UINT32_MAX },
	[C_CGID] = { "cgid", PROCIPC_DEC, UINT32_MAX },
	[C_OTIME] = { "otime", PROCIPC_DEC, INT64_MAX },
	[C_CTIME] = { "ctime", PROCIPC_DEC, INT64_MAX },
};

#define REQUIRED (1u << C_KEY | 1u << C_SEMID | 1u << C_PERMS | 1u << C_NSEMS)

int procsem_parse(FILE *f, struct semset_list *out, struct procsem_stats *st)
{
	struct procipc p;
	int64_t v[C_COUNT];
	int rc;

	memset(st, 0, sizeof(*st));
	rc = procipc_open(&p, f, cols, C_COUNT, REQUIRED);
	while (rc == 0) {
		struct semset s;

		memset(v, 0, sizeof(v));
		rc = procipc_next(&p, v);
		if (rc <= 0 && rc != -EBADMSG)
			break;
		st->lines++;
		if (rc == -EBADMSG) {
			st->malformed++;
			rc = 0;
			continue;
		}
		s.key = (int32_t)v[C_KEY];
		s.semid = (int32_t)v[C_SEMID];
		s.mode = (uint32_t)v[C_PERMS];
		s.nsems = (uint32_t)v[C_NSEMS];
		s.uid = (uint32_t)v[C_UID];
		s.gid = (uint32_t)v[C_GID];
		s.cuid = (uint32_t)v[C_CUID];
		s.cgid = (uint32_t)v[C_CGID];
		s.otime = v[C_OTIME];
		s.ctime = v[C_CTIME];
		rc = semset_list_push(out, &s);
	}
	procipc_close(&p);
	return rc;
}
