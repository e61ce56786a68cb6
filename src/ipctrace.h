/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* ipctrace.h - the raw record the BPF tracer (bpf/ipctrace.bpf.c) writes into its ring buffer
 * for each IPC operation it sees, shared by the kernel side and user space: fixed-size fields,
 * then a tail of only the bytes used (a name, a command line), so that a record of a System V
 * call is about 150 bytes, not 650 (every byte written is a cache line of the ring to fetch).
 * IPCT_VERSION changes whenever the layout does. */
#ifndef SHMTOP_IPCTRACE_H
#define SHMTOP_IPCTRACE_H

#ifndef __VMLINUX_H__
#include <stdint.h>
typedef uint8_t ipct_u8;
typedef uint16_t ipct_u16;
typedef uint32_t ipct_u32;
typedef int32_t ipct_s32;
typedef uint64_t ipct_u64;
typedef int64_t ipct_s64;
#else
typedef __u8 ipct_u8;
typedef __u16 ipct_u16;
typedef __u32 ipct_u32;
typedef __s32 ipct_s32;
typedef __u64 ipct_u64;
typedef __s64 ipct_s64;
#endif

#define IPCT_VERSION 4
#define IPCT_COMM_LEN 16
#define IPCT_CMDLINE_LEN 256     /* a power of two: the BPF side masks lengths with it */
#define IPCT_NAME_LEN 272        /* a POSIX object's path ("/dev/shm/" and NAME_MAX 255), a
				  * queue's or memfd's name, with its NUL */
#define IPCT_TAIL_LEN 1024       /* a power of two above where the masked offsets of the BPF side
				  * can reach: a name (< 512) and a command line (<= 256) */

/* What the process did. */
enum ipct_op {
	IPCT_OP_SHMGET = 1,      /* shmget(key, size, shmflg) = shmid */
	IPCT_OP_SHMAT,           /* shmat(shmid, addr, shmflg) = address */
	IPCT_OP_SHMDT,           /* shmdt(addr) = 0; id: the segment it detached, -1 unknown */
	IPCT_OP_SHMCTL,          /* shmctl(shmid, cmd, buf) = result */
	IPCT_OP_EXIT,            /* a process that had attachments, or had made an IPC object,
				  * exited: size = how many attachments (0: none) */
	IPCT_OP_EXEC,            /* one executed a program, which drops them: size = how many */
	IPCT_OP_SEMGET,          /* semget(key, nsems, semflg) = semid; size = nsems */
	IPCT_OP_SEMCTL,          /* semctl(semid, semnum, cmd) = result */
	IPCT_OP_MSGGET,          /* msgget(key, msgflg) = msqid */
	IPCT_OP_MSGCTL,          /* msgctl(msqid, cmd) = result */
	IPCT_OP_SHM_OPEN,        /* openat of /dev/shm/NAME (shm_open, sem_open) = fd; name: the path */
	IPCT_OP_SHM_UNLINK,      /* unlinkat of /dev/shm/NAME (shm_unlink, sem_unlink) */
	IPCT_OP_MQ_OPEN,         /* mq_open(name, oflag) = mqd; name without its '/' */
	IPCT_OP_MQ_UNLINK,       /* mq_unlink(name) */
	IPCT_OP_MEMFD_CREATE,    /* memfd_create(name, flags) = fd */
	IPCT_OP_SHM_LINK,        /* link(at) to /dev/shm/NAME: sem_open's temporary file named */
	IPCT_OP_SHM_TRUNCATE,    /* ftruncate of a file in /dev/shm, or truncate of its path:
				  * size = the length asked; name: the path */
	IPCT_OP_COUNT
};

enum {
	IPCT_F_CREATED = 1,      /* shmget made the segment (the namespace's newest, and one more) */
	IPCT_F_NO_CMDLINE = 4,   /* its command line could not be read (no mm any more) */
};

/* The hot operations (semop, msgsnd, msgrcv) are counted per object in a map, not recorded one
 * by one: the key and value of that map. */
enum { IPCT_HOT_SEMOP = 1, IPCT_HOT_MSGSND, IPCT_HOT_MSGRCV };
struct ipct_hot_key {
	ipct_u32 ipc_ns;
	ipct_s32 id;
	ipct_u32 op;             /* IPCT_HOT_* */
};

struct ipct_event {
	ipct_u64 time_ns;        /* CLOCK_BOOTTIME, nanoseconds */
	ipct_u64 cgroup_id;      /* the cgroup v2 id (the inode of its directory) */
	ipct_u64 size;           /* shmget's size; EXIT, EXEC: attachments dropped */
	ipct_u64 addr;           /* shmat's and shmdt's address */
	ipct_s64 ret;            /* the call's result: an id, an address, 0, or -errno */
	ipct_u32 ipc_ns;         /* the IPC namespace's inode */
	ipct_u32 pid, tid, ppid, uid;
	ipct_s32 key, id, cmd, shmflg;
	ipct_u16 op;             /* enum ipct_op */
	ipct_u16 flags;          /* IPCT_F_* */
	ipct_u16 cmdline_len;    /* bytes of the command line: NUL-separated arguments */
	ipct_u16 name_len;       /* bytes of the name, without a NUL; 0 when none */
	ipct_u32 oflags;         /* open's, mq_open's and memfd_create's flags */
	ipct_u32 pad2;
	char comm[IPCT_COMM_LEN];
	char tail[IPCT_TAIL_LEN]; /* name_len bytes of name, then cmdline_len bytes of command line:
				   * the record ends there (IPCT_HEAD_LEN + both) */
};
#define IPCT_HEAD_LEN __builtin_offsetof(struct ipct_event, tail)

#endif
