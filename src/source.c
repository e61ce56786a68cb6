/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* source.c - the state of one read of every kind beside the segments, for the batch and the
 * dashboard alike. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "source.h"

void source_init(struct source *s, const char *procroot)
{
	memset(s, 0, sizeof(*s));
	s->procroot = procroot;
	s->ipc.procroot = procroot;
	s->ipc.source = strcmp(procroot, "/proc") == 0 ? IPC_SOURCE_CTL : IPC_SOURCE_PROC;
	s->ipc.source_auto = 1; /* quietly /proc where the walk is refused */
	semcollect_init(&s->sem);
	msgcollect_init(&s->msg);
	pmq_list_init(&s->pmq);
	psem_list_init(&s->psem);
	holders_init(&s->holders);
}

void source_free(struct source *s)
{
	semcollect_free(&s->sem);
	msgcollect_free(&s->msg);
	pmq_list_free(&s->pmq);
	psem_list_free(&s->psem);
	holders_free(&s->holders);
}

void source_pmq_warn(const struct shmdir *d, int err, char *warn, size_t warnsz)
{
	if (err == -ENODEV && (!d || !d->shown[0]))
		snprintf(warn, warnsz, "no mqueue filesystem is mounted (mount -t mqueue none %s): "
			 "no POSIX message queues listed", PMQ_DIR);
	else if (err == -ENODEV)
		snprintf(warn, warnsz, "%s is not an mqueue filesystem (another is mounted over it): "
			 "no POSIX message queues listed", d->shown);
	else
		snprintf(warn, warnsz, "cannot list POSIX message queues in %s: %s",
			 d ? d->shown : PMQ_DIR, strerror(-err));
}
