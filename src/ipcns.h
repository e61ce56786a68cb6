/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* ipcns.h - IPC namespaces: which one shmtop is viewing, entering another process's (setns, needs
 * CAP_SYS_ADMIN), and listing the namespaces in use with a sample process for each.
 * A namespace is named by the inode of its procroot/PID/ns/ipc link, as `ls -Li` and lsns show it. */
#ifndef SHMTOP_IPCNS_H
#define SHMTOP_IPCNS_H

#include <stddef.h>
#include <stdint.h>

/* The inode of procroot/PID/ns/ipc (pid 0 or less: procroot/self/ns/ipc): stat() of the link's
 * target, or the N of its text "ipc:[N]" when the target does not resolve (a copied proc tree).
 * Returns 0, or -errno: -ENOENT when there is no such process, -EACCES for another user's process
 * (reading it needs ptrace access). */
int ipcns_inode(const char *procroot, int32_t pid, uint64_t *ino);

/* setns() into the IPC namespace of pid. Only the calling thread moves, so call it before starting
 * threads (a thread inherits its creator's namespace); /proc/sysvipc/shm shows the namespace of
 * whoever opens it, so open it afterwards. POSIX objects are not in the IPC namespace: use
 * procroot/PID/root/dev/shm for those. Returns 0, or -errno: -EPERM when not permitted (setns needs
 * CAP_SYS_ADMIN; a process of another user, whose ns/ipc cannot even be opened, also gives -EPERM),
 * -ENOENT when there is no such process, -EINVAL for pid <= 0 or when the file is not an IPC
 * namespace. */
int ipcns_enter(const char *procroot, int32_t pid);

struct ipcns_entry {
	uint64_t ino;
	int32_t sample_pid;      /* the lowest pid in it */
	size_t nprocs;           /* processes seen in it */
	long segments;           /* System V segments in it (SHM_INFO's used_ids, all of them whatever
				  * their permissions), -1 if they could not be counted */
};

struct ipcns_list {
	struct ipcns_entry *v;   /* sorted by inode */
	size_t n, cap;
	size_t unreadable;       /* processes skipped because their ns/ipc could not be read
				  * (EACCES: another user's, or not dumpable) */
};

void ipcns_list_free(struct ipcns_list *l);
/* Every IPC namespace of the processes under procroot (start with a zeroed list; its contents are
 * replaced, its memory reused). Processes whose ns/ipc cannot be read are skipped and counted in
 * unreadable. With count_segments, the namespace the caller is in is counted directly and the
 * others by one forked child that enters each through its sample process (needs CAP_SYS_ADMIN;
 * -1 otherwise, or when the sample exited meanwhile); the caller never leaves its namespace.
 * Returns 0 or -errno (-ENOMEM, or why procroot could not be read). */
int ipcns_list(const char *procroot, int count_segments, struct ipcns_list *l);

/* The entry for namespace ino, or NULL. */
const struct ipcns_entry *ipcns_list_find(const struct ipcns_list *l, uint64_t ino);

#endif
