/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* pmq.h - POSIX message queues (mq_open): the queues of an mqueue filesystem (/dev/mqueue, or
 * wherever mountinfo says it is; a container's inside its root), each examined by one name
 * relative to the directory's descriptor without changing the queue, and removed with a re-check
 * of its identity. */
#ifndef SHMTOP_PMQ_H
#define SHMTOP_PMQ_H

#include <stddef.h>
#include <stdint.h>

#include "posix.h"

struct shmdir;

/* Where the mqueue filesystem is mounted by convention, and preferred where it is mounted at
 * several places. */
#define PMQ_DIR "/dev/mqueue"

/* statfs f_type of the mqueue filesystem (ipc/mqueue.c; not in the kernel's uapi headers) */
#define PMQ_MQUEUE_MAGIC 0x19800202

/* "/" + a file name of up to NAME_MAX bytes + NUL, as POSIX_NAME_MAX */
#define PMQ_NAME_MAX POSIX_NAME_MAX

/* What a queue's file reads as (ipc/mqueue.c, mqueue_read_file):
 * "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n". A notification is registered when
 * any of notify, signo and notify_pid is not 0 (SIGEV_SIGNAL is 0, so notify alone cannot tell;
 * a registration by a process the reader's pid namespace cannot see, with SIGEV_SIGNAL and
 * signal 0, reads as all zeros). */
struct pmq_status {
	uint64_t qsize;             /* bytes of message data queued */
	int32_t notify;             /* the registration's sigev_notify: 0 SIGEV_SIGNAL,
				     * 1 SIGEV_NONE, 2 SIGEV_THREAD (glibc: a netlink socket);
				     * 0 when none */
	int32_t signo;              /* its signal, with SIGEV_SIGNAL; else 0 */
	int32_t notify_pid;         /* the process that registered it, as the reader's pid namespace
				     * numbers it (pid_vnr); 0: none, or one it cannot see */
};

/* One queue. The stat fields are the file's before anything was read from it. */
struct pmq {
	char name[PMQ_NAME_MAX];    /* "/NAME" as mq_open takes it; raw bytes, escape for display */
	uint32_t uid, gid;          /* owner and group */
	uint32_t mode;              /* permission bits (& 07777) */
	int64_t mtime;              /* Unix seconds (the filesystem keeps whole seconds): when
				     * it was made or last had a message sent or received */
	int64_t ctime;              /* also set by mq_notify, mq_setattr, chmod, chown and by every
				     * read of its file, shmtop's status read (PMQ_READ_STATUS) or
				     * anyone's cat: neither its age nor part of its identity */
	uint32_t ctime_ns;
	uint64_t dev, ino;          /* st_dev (as makedev() encodes it) and st_ino: a queue is never
				     * renamed or linked, so its name and inode stay together */
	/* From mq_getattr on a descriptor of the file, which changes nothing: */
	int32_t attr_err;           /* 0: the three below are real; else -errno: -EACCES (shmtop may
				     * not read it), -EBADF (not a queue: the directory is not an
				     * mqueue filesystem) */
	int64_t maxmsg;             /* mq_maxmsg: messages it holds at most (fixed at creation) */
	int64_t msgsize;            /* mq_msgsize: bytes a message holds at most (fixed at
				     * creation) */
	int64_t curmsgs;            /* mq_curmsgs: messages queued now */
	/* From reading the file (only with PMQ_READ_STATUS: see there): */
	int32_t status_err;         /* 0: status is real; -ENODATA: not read; -EPROTO: the file
				     * did not read as the kernel's line; -EBADF: not a queue;
				     * else -errno */
	struct pmq_status status;
};

struct pmq_list {
	struct pmq *v;              /* sorted by name (bytes) */
	size_t n, cap;
	int mqueue;                 /* the directory is an mqueue filesystem (statfs), as of the
				     * last listing; when not, no file of it is a queue (attr_err
				     * -EBADF) */
};

/* pmq_list_dir and pmq_examine: also read each queue's status line (QSIZE, NOTIFY, SIGNO,
 * NOTIFY_PID), which only its file tells. The kernel sets the queue's atime and ctime to now
 * whenever its file is read (mqueue_read_file): the messages, the notification and mtime stay
 * as they were, but a listing that reads the status each poll makes ctime the time of the last
 * poll. Without it the queue is opened and mq_getattr'd only, which changes nothing at all. */
#define PMQ_READ_STATUS 1u

void pmq_list_init(struct pmq_list *l);
void pmq_list_free(struct pmq_list *l);

/* Open the directory of the queues into d (shmdir.h: a descriptor every queue is reached through,
 * by one name). dir as given (--shm-dir's rules: <procroot>/PID/root/REST is REST inside that
 * process's root), or, when dir is NULL, where the mqueue filesystem is mounted for process pid
 * (procroot/PID/mountinfo; pid 0: procroot/self), PMQ_DIR preferred, opened inside that process's
 * root (pid > 0) or shmtop's own (pid 0); it must then be an mqueue filesystem (not hidden by a
 * later mount over it). The mqueue filesystem shows the queues of the IPC namespace that
 * mounted it. Returns 0, or -errno, also kept in d->err: -ENODEV when no mqueue filesystem is
 * mounted there (d->shown "") or the place found holds another filesystem (d->shown says
 * where). */
int pmq_dir_open(struct shmdir *d, const char *procroot, int32_t pid, const char *dir);

/* List the regular files of d as queues into l, replacing its contents: each examined as
 * pmq_examine does (flags: PMQ_READ_STATUS or 0). Files that vanish meanwhile are left out.
 * Returns 0, or -errno (l emptied): d->err when d is not open, or d could not be read, or memory
 * ran out. */
int pmq_list_dir(const struct shmdir *d, struct pmq_list *l, unsigned flags);

/* Examine the queue name ("/NAME" or "NAME", one component) of d into *q: fstatat (no symlink
 * followed) for the stat fields; opened read-only relative to d (shmdir_open_object: a regular
 * file only, O_NONBLOCK) for mq_getattr and, with PMQ_READ_STATUS, one pread of its status line.
 * That descriptor is shmtop's own for the moment it is open: a queue counts no openers, and
 * closing it can drop a notification only of the process that registered it (mqueue_flush_file),
 * which shmtop never is. Returns 0 (attr_err and status_err say what could not be read), or
 * -errno: -EINVAL for a name that is not one component or a file that is not regular, -ENOENT. */
int pmq_examine(const struct shmdir *d, const char *name, unsigned flags, struct pmq *q);

/* Parse a queue's status line (buf, len bytes, not NUL-terminated; the trailing newline and the
 * padding optional) into *st. Returns 0, -EPROTO for text not of that form (a field missing, out
 * of order, or followed by anything but spaces), -ERANGE for a number too large (QSIZE above
 * 2^64-1, the others outside int32). */
int pmq_parse_status(const char *buf, size_t len, struct pmq_status *st);

/* Tracking across polls: a and b are the same queue: the same name, device and inode, and,
 * where both were read, the same maxmsg and msgsize (fixed for a queue's life: an inode number
 * given to a new queue of the same name is told apart). Nonzero when so. */
int pmq_same(const struct pmq *a, const struct pmq *b);

/* The removal re-check: pmq_same, and the same owner, group and mode and the same attr_err
 * (what the user confirmed, as they saw it). Not ctime, nor curmsgs or the status: every
 * message, notification and status read moves them, and the user confirmed a queue, not its
 * traffic. Nonzero when so. */
int pmq_identical(const struct pmq *expect, const struct pmq *now);

/* Remove the queue expect from d, only while its name still holds exactly that queue: examined
 * again (pmq_identical, without reading the status), then, immediately before unlinkat, an lstat
 * of the name must show the same inode, owner, group and mode (shmdir_unlink_if). unlinkat
 * relative to d's descriptor is what mq_unlink does in the root of its IPC namespace's mqueue
 * mount (vfs_unlink of the name, the same permission checks), but on the filesystem that was
 * listed, a container's included, never on whatever holds that name in shmtop's own namespace.
 * The queue lives on while descriptors of it are open. Returns 0, -ESTALE when it changed,
 * -EINVAL for a name that is not one component, or -errno (-ENOENT: gone already, -EACCES,
 * -EPERM: the directory's sticky bit). */
int pmq_unlink(const struct shmdir *d, const struct pmq *expect);

#endif
