/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* ipcscan.h - the walk over the index space of one System V IPC kind with its *_STAT_ANY command,
 * falling back to *_STAT where the kernel lacks it (before Linux 4.17) or refuses it: the same
 * walk for semaphore arrays (sysvsem.c) and message queues (sysvmsg.c). */
#ifndef SHMTOP_IPCSCAN_H
#define SHMTOP_IPCSCAN_H

#include <stddef.h>

/* The kind's side of the walk; ctx is the caller's. */
struct ipcscan_ops {
	/* *_STAT_ANY (any != 0) or *_STAT on index idx, into the caller's scratch space: the
	 * object's id, or -errno of the call */
	int (*stat)(void *ctx, int idx, int any);
	/* append the object of the last successful stat to the caller's list: 0 or -ENOMEM */
	int (*keep)(void *ctx, int id);
	/* forget everything kept since the walk began */
	void (*rewind)(void *ctx);
};

struct ipcscan_stats {
	size_t skipped; /* objects that vanished (EIDRM) or were refused (EACCES, EPERM) mid-walk */
	int stat_any;   /* *_STAT_ANY was used (Linux >= 4.17); otherwise *_STAT, which lists only
			 * the objects we may read */
};

/* Stat every index 0..maxidx (the highest in use, as IPC_INFO returns it) and keep what answers.
 * An empty slot (EINVAL) is normal; EIDRM, EACCES and EPERM are counted as skipped; any other
 * error stops the walk. When *_STAT_ANY finds nothing but empty slots or refusals, the kernel may
 * not know it: *_STAT walks again, and a probe with *_STAT_ANY on an index *_STAT found tells an
 * old kernel from objects that came between the two walks. Returns 0, -ENOMEM, the -errno that
 * stopped the walk, or -EPERM when every index was refused; on an error nothing is kept. */
int ipcscan_walk(const struct ipcscan_ops *ops, void *ctx, int maxidx, struct ipcscan_stats *st);

#endif
