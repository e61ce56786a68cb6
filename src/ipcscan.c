/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* ipcscan.c - the *_STAT_ANY walk with its *_STAT fallback, for any System V IPC kind. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "ipcscan.h"

/* What a walk met besides objects. */
struct scan_count {
	size_t ok;     /* objects kept */
	size_t einval; /* empty slots (or, before Linux 4.17, *_STAT_ANY itself) */
	size_t gone;   /* removed mid-walk (EIDRM) or not ours to read (EACCES) */
	size_t eperm;  /* refused (EPERM): a security module, or a filter refusing the command */
	int first_ok;  /* the index of the first object kept, -1 when none was */
};

static int scan(const struct ipcscan_ops *ops, void *ctx, int any, int maxidx,
		struct scan_count *c)
{
	*c = (struct scan_count){ .first_ok = -1 };
	for (int i = 0; i <= maxidx; i++) {
		int id = ops->stat(ctx, i, any);

		if (id < 0) {
			if (id == -EINVAL)
				c->einval++;
			else if (id == -EIDRM || id == -EACCES)
				c->gone++;
			else if (id == -EPERM)
				c->eperm++;
			else
				return id;
			continue; /* an empty slot, or an object that vanished: normal */
		}
		if (ops->keep(ctx, id) < 0)
			return -ENOMEM;
		if (!c->ok++)
			c->first_ok = i;
	}
	return 0;
}

/* *_STAT_ANY kept nothing, and met only empty slots (EINVAL) or refusals (EPERM): an empty
 * namespace, a kernel before 4.17 that does not know the command, or a filter refusing it.
 * *_STAT tells which, and lists what we may read. Returns 0 or -errno; *c is the count to keep. */
static int scan_without_any(const struct ipcscan_ops *ops, void *ctx, int maxidx,
			    struct scan_count *c, struct ipcscan_stats *st)
{
	struct scan_count old;
	int rc;

	ops->rewind(ctx);
	rc = scan(ops, ctx, 0, maxidx, &old);
	if (rc < 0)
		return rc;
	if (!old.ok && !old.gone)
		/* nothing there for *_STAT either: empty, unless everything was refused */
		return c->eperm || old.eperm ? -EPERM : 0;
	if (old.first_ok >= 0 && ops->stat(ctx, old.first_ok, 1) >= 0) {
		/* *_STAT_ANY works after all: the objects came between the two walks */
		ops->rewind(ctx);
		return scan(ops, ctx, 1, maxidx, c);
	}
	st->stat_any = 0;
	*c = old;
	return 0;
}

int ipcscan_walk(const struct ipcscan_ops *ops, void *ctx, int maxidx, struct ipcscan_stats *st)
{
	struct scan_count c;
	int rc;

	memset(st, 0, sizeof(*st));
	st->stat_any = 1;
	rc = scan(ops, ctx, 1, maxidx, &c);
	if (rc == 0 && !c.ok && !c.gone)
		rc = scan_without_any(ops, ctx, maxidx, &c, st);
	if (rc < 0) {
		ops->rewind(ctx);
		return rc;
	}
	st->skipped = c.gone + c.eperm;
	return 0;
}
