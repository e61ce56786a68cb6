/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_proc.h - the processes that hold IPC objects as a table of the dashboard: the fields of
 * struct holder by index. */
#ifndef SHMTOP_KIND_PROC_H
#define SHMTOP_KIND_PROC_H

#include "kind.h"

enum proc_field {
	PROC_F_PID, PROC_F_UID, PROC_F_OWNER, PROC_F_NAME, PROC_F_SEGS, PROC_F_POSIX,
	PROC_F_MEMFDS, PROC_F_BYTES, PROC_F_PSS, PROC_F_IPCNS, PROC_F_MNTNS, PROC_F_CGROUP,
	PROC_F_CMDLINE, PROC_F_COUNT
};

extern const struct kind kind_proc;

#endif
