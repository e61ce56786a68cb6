// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (C) 2026 The shmtop developers */
/* ipctrace.bpf.c - the kernel side of shmtop --trace: BTF raw tracepoints on every system
 * call's entry and exit (only the System V shared memory calls pass the first test) and on
 * process exec and exit, each writing one struct ipct_event to a ring buffer with the process's
 * command line read from its memory at that moment. CO-RE against the kernel's BTF, the way
 * bcc's libbpf-tools are written; no tracefs, kprobes or trampolines needed (kernels refuse
 * those in places). Only the IPC namespace asked for, unless all are. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "ipctrace.h"

/* x86_64's system call numbers */
#define NR_OPEN 2
#define NR_SHMGET 29
#define NR_SHMAT 30
#define NR_SHMCTL 31
#define NR_SEMGET 64
#define NR_SEMOP 65
#define NR_SEMCTL 66
#define NR_SHMDT 67
#define NR_MSGGET 68
#define NR_MSGSND 69
#define NR_MSGRCV 70
#define NR_LINK 86
#define NR_UNLINK 87
#define NR_MSGCTL 71
#define NR_TRUNCATE 76
#define NR_FTRUNCATE 77
#define NR_SEMTIMEDOP 220
#define NR_MQ_OPEN 240
#define NR_MQ_UNLINK 241
#define NR_OPENAT 257
#define NR_UNLINKAT 263
#define NR_LINKAT 265
#define NR_MEMFD_CREATE 319
#define TS_COMPAT 0x0002 /* thread_info.status: a 32-bit system call, numbered otherwise */
#define IPC_SEM_IDS 0
#define IPC_MSG_IDS 1
#define IPC_SHM_IDS 2

char LICENSE[] SEC("license") = "GPL";

/* set by user space before loading: the IPC namespace to trace (its inode), 0 all */
const volatile __u32 target_ipc_ns = 0;
/* the PID namespace whose numbers the records give (its inode: shmtop's own, where its /proc
 * is), 0 for the initial one, whose numbers the kernel's helpers give */
const volatile __u32 target_pid_ns = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22);
} events SEC(".maps");

/* records the ring buffer had no room for: user space reports them */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/* per IPC namespace and kind: its objects in use and newest index after the last traced call of
 * that kind, to tell whether a *get made its object (no entry program: it would run for every
 * system call of the machine) */
struct shmget_entry {
	int in_use, last_idx;
};
struct ids_key {
	__u32 ns, which;
};
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH); /* a namespace gone is forgotten in time */
	__uint(max_entries, 4096);
	__type(key, struct ids_key);
	__type(value, struct shmget_entry);
} seen_ids SEC(".maps");

/* the hot operations, counted per object: user space reads and resets them */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, struct ipct_hot_key);
	__type(value, __u64);
} hot SEC(".maps");

/* per process: attachments made and not undone, so that its exit or exec is reported; with
 * CREATOR, it made an IPC object, and its exit is reported also without attachments (who made a
 * leaked object, and when it went) */
#define CREATOR (1ull << 63)
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH); /* never full: the oldest go */
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u64);
} attached SEC(".maps");

/* where a record is made before it is copied into the ring buffer, only as long as it is */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ipct_event);
} scratch SEC(".maps");

/* Complete the record with the command line of the current process task, read from its own
 * memory now (it may exit a microsecond later), after the name, and hand it over: only the bytes
 * used (full: counted as lost). Waking the reader for each record would cost the traced process
 * a wakeup per operation: the reader looks every few milliseconds anyway, and is woken only
 * when a quarter of the buffer waits. */
static __always_inline void submit(struct ipct_event *e, struct task_struct *task)
{
	unsigned long arg_start = task->mm->arg_start, arg_end = task->mm->arg_end;
	__u32 len = arg_end > arg_start ? arg_end - arg_start : 0, off = e->name_len & 511;
	__u64 waiting, size, *n;
	__u32 zero = 0;

	e->name_len = off;
	if (len > IPCT_CMDLINE_LEN)
		len = IPCT_CMDLINE_LEN;
	if (!arg_start || !len)
		e->flags |= IPCT_F_NO_CMDLINE;
	else if (len == IPCT_CMDLINE_LEN &&
		 bpf_probe_read_user(e->tail + off, IPCT_CMDLINE_LEN, (void *)arg_start) == 0)
		e->cmdline_len = IPCT_CMDLINE_LEN;
	else if (len < IPCT_CMDLINE_LEN &&
		 bpf_probe_read_user(e->tail + off, len & (IPCT_CMDLINE_LEN - 1),
				     (void *)arg_start) == 0)
		e->cmdline_len = len;
	else
		e->flags |= IPCT_F_NO_CMDLINE;
	size = IPCT_HEAD_LEN + ((off + e->cmdline_len) & (IPCT_TAIL_LEN - 1));
	waiting = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	if (bpf_ringbuf_output(&events, e, size, waiting > (1 << 20) ? BPF_RB_FORCE_WAKEUP :
			       BPF_RB_NO_WAKEUP) < 0) {
		n = bpf_map_lookup_elem(&lost, &zero);
		if (n)
			__sync_fetch_and_add(n, 1);
	}
}

/* name (a user or kernel string already read into the tail) is n bytes with its NUL */
static __always_inline void named_len(struct ipct_event *e, long n)
{
	e->name_len = n > 1 ? (__u16)(n - 1) : 0;
}

/* Task t's number (thread: its own; else its thread group's) in the PID namespace of the records,
 * 0 when it has none there (a process of a namespace above). The struct pid's numbers run from
 * the initial namespace (level 0) down to the task's own: looked for from the deepest up. */
static __always_inline __u32 pid_seen(struct task_struct *t, int thread)
{
	__u64 pa = 0, at;
	unsigned int level;
	struct upid u;

	if (!target_pid_ns)
		return thread ? t->pid : t->tgid;
	if (bpf_probe_read_kernel(&pa, sizeof(pa), thread ? (void *)&t->thread_pid :
				  (void *)&t->group_leader->thread_pid) < 0 || !pa)
		return 0;
	level = BPF_CORE_READ((struct pid *)pa, level);
	for (int i = 0; i < 8; i++) {
		if (i > level)
			break;
		at = pa + bpf_core_field_offset(struct pid, numbers) +
		     (__u64)(level - i) * bpf_core_type_size(struct upid);
		if (bpf_probe_read_kernel(&u, sizeof(u), (void *)at) < 0)
			return 0;
		if (BPF_CORE_READ(u.ns, ns.inum) == target_pid_ns)
			return (__u32)u.nr;
	}
	return 0;
}

static __always_inline struct ipc_namespace *ns_of(struct task_struct *task)
{
	return task->nsproxy->ipc_ns;
}

static __always_inline int wanted(__u32 ns)
{
	return !target_ipc_ns || ns == target_ipc_ns;
}

/* A record for the current process, its fixed part filled, to be handed over by submit(); NULL
 * only if the scratch map could not be had. */
static __always_inline struct ipct_event *start(struct task_struct *task, __u16 op, __u32 ns)
{
	__u32 zero = 0;
	struct ipct_event *e = bpf_map_lookup_elem(&scratch, &zero);
	__u64 id = bpf_get_current_pid_tgid();

	if (!e)
		return NULL;
	e->time_ns = bpf_ktime_get_boot_ns();
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->size = 0;
	e->addr = 0;
	e->ret = 0;
	e->ipc_ns = ns;
	if (target_pid_ns) {
		e->pid = pid_seen(task, 0);
		e->tid = pid_seen(task, 1);
		e->ppid = pid_seen(task->real_parent, 0);
	} else {
		e->pid = id >> 32;
		e->tid = (__u32)id;
		e->ppid = task->real_parent->tgid;
	}
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->key = 0;
	e->id = -1;
	e->cmd = 0;
	e->shmflg = 0;
	e->op = op;
	e->flags = 0;
	e->name_len = 0;
	e->cmdline_len = 0;
	e->oflags = 0;
	e->pad2 = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	return e;
}

static __always_inline void count_attach(__u32 pid, long delta)
{
	__u64 *n = bpf_map_lookup_elem(&attached, &pid), one = 1;

	if (n) {
		if (delta > 0)
			__sync_fetch_and_add(n, 1);
		else if ((*n & ~CREATOR) > 1)
			__sync_fetch_and_sub(n, 1);
		else if (*n & CREATOR)
			*n = CREATOR;
		else
			bpf_map_delete_elem(&attached, &pid);
	} else if (delta > 0) {
		bpf_map_update_elem(&attached, &pid, &one, BPF_ANY);
	}
}

/* The current process made an IPC object: its exit is reported. */
static __always_inline void mark_creator(void)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 *n = bpf_map_lookup_elem(&attached, &pid), mark = CREATOR;

	if (n)
		*n |= CREATOR;
	else
		bpf_map_update_elem(&attached, &pid, &mark, BPF_NOEXIST);
}

/* The kind's objects in use and newest index now. */
static __always_inline struct shmget_entry ids_now(struct ipc_namespace *ns, int which)
{
	struct shmget_entry e;

	if (which == IPC_SHM_IDS) {
		e.in_use = ns->ids[IPC_SHM_IDS].in_use;
		e.last_idx = ns->ids[IPC_SHM_IDS].last_idx;
	} else if (which == IPC_SEM_IDS) {
		e.in_use = ns->ids[IPC_SEM_IDS].in_use;
		e.last_idx = ns->ids[IPC_SEM_IDS].last_idx;
	} else {
		e.in_use = ns->ids[IPC_MSG_IDS].in_use;
		e.last_idx = ns->ids[IPC_MSG_IDS].last_idx;
	}
	return e;
}

/* Keep a kind's state in place: an LRU map's update takes a new element each time, and would
 * cost every traced call several hundred nanoseconds. Two CPUs at once may leave either
 * state: the next call sets it again. */
static __always_inline void remember(struct ids_key *k, struct shmget_entry *now)
{
	struct shmget_entry *st = bpf_map_lookup_elem(&seen_ids, k);

	if (st)
		*st = *now;
	else
		bpf_map_update_elem(&seen_ids, k, now, BPF_NOEXIST);
}

/* Remember the kind's state after a traced call of it (a removal changes it too). */
static __always_inline void note_ids(struct ipc_namespace *ns, __u32 inum, int which)
{
	struct ids_key k = { inum, (__u32)which };
	struct shmget_entry now = ids_now(ns, which);

	remember(&k, &now);
}

/* Whether the *get call that returned ret made the object: the kind's newest object is the one
 * returned, and it was not after the last call of the kind, or there is one more. Before any
 * (the tracer just started): IPC_PRIVATE or IPC_CREAT|IPC_EXCL made it. */
static __always_inline int made(struct ipc_namespace *ns, __u32 inum, int which, long ret,
				int key, int flg)
{
	struct ids_key k = { inum, (__u32)which };
	struct shmget_entry *st = bpf_map_lookup_elem(&seen_ids, &k);
	struct shmget_entry now = ids_now(ns, which);
	/* IPC_PRIVATE, or IPC_CREAT 01000 | IPC_EXCL 02000, that worked, made it */
	int sure = ret >= 0 && (key == 0 || (flg & 03000) == 03000), m;

	if (!st) {
		/* the tracer just started: a get, as far as it can tell */
		bpf_map_update_elem(&seen_ids, &k, &now, BPF_NOEXIST);
		return sure;
	}
	m = sure || (ret >= 0 &&
		     (now.last_idx == (ret & 0x7fff) || now.last_idx == (ret & 0xffffff)) &&
		     (st->last_idx != now.last_idx || now.in_use > st->in_use));
	*st = now; /* in place: see remember() */
	return m;
}

/* A mount's root seen from above: while d is the root of mount *m, the directory *m is mounted
 * on, in the mount below (mounts stacked on one directory too). */
static __always_inline struct dentry *up_mounts(struct mount **m, struct dentry *d)
{
	for (int i = 0; i < 8; i++) {
		struct mount *pm = BPF_CORE_READ(*m, mnt_parent);

		if (pm == *m || d != BPF_CORE_READ(*m, mnt.mnt_root))
			break;
		d = BPF_CORE_READ(*m, mnt_mountpoint);
		*m = pm;
	}
	return d;
}

/* Whether dentry d is named name (len bytes and its NUL). */
static __always_inline int named(struct dentry *d, const char *name, int len)
{
	char buf[4] = {};

	if (bpf_probe_read_kernel_str(buf, sizeof(buf), BPF_CORE_READ(d, d_name.name)) != len + 1)
		return 0;
	for (int i = 0; i < len && i < 3; i++)
		if (buf[i] != name[i])
			return 0;
	return 1;
}

/* The file of descriptor fd when it is directly in a directory shm in a directory dev (/dev/shm,
 * whatever mounts are in the way: the process's root, its container's), else NULL. */
static __always_inline struct file *dev_shm_file(struct task_struct *task, int fd)
{
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds, *f = NULL;
	struct dentry *d;
	struct mount *m;

	if (fd < 0 || !fdt || (unsigned int)fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	if (bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]) < 0 || !f)
		return NULL;
	m = (struct mount *)((void *)BPF_CORE_READ(f, f_path.mnt) -
			     bpf_core_field_offset(struct mount, mnt));
	d = up_mounts(&m, BPF_CORE_READ(f, f_path.dentry, d_parent));
	if (!named(d, "shm", 3))
		return NULL;
	d = up_mounts(&m, BPF_CORE_READ(d, d_parent));
	return named(d, "dev", 3) ? f : NULL;
}

/* ftruncate of a file in /dev/shm (a POSIX object sized after shm_open). */
static __always_inline int ftruncate_exit(struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 inum = task->nsproxy->ipc_ns->ns.inum;
	struct ipct_event *e;
	struct file *f;
	long n;

	if (!wanted(inum) || !(f = dev_shm_file(task, (int)regs->di)))
		return 0;
	if (!(e = start(task, IPCT_OP_SHM_TRUNCATE, inum)))
		return 0;
	__builtin_memcpy(e->tail, "/dev/shm/", 9);
	n = bpf_probe_read_kernel_str(e->tail + 9, IPCT_NAME_LEN - 9,
				      BPF_CORE_READ(f, f_path.dentry, d_name.name));
	if (n <= 1)
		return 0;
	named_len(e, n + 9);
	e->size = regs->si;
	e->ret = ret;
	submit(e, task);
	return 0;
}

/* The POSIX calls: shm_open and sem_open (openat on /dev/shm), their unlinks, mq_open and
 * mq_unlink, memfd_create. */
static __always_inline int posix_exit(struct pt_regs *regs, long nr, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	const char *upath = NULL;
	__u32 inum = task->nsproxy->ipc_ns->ns.inum;
	struct ipct_event *e;
	__u16 op;

	if (!wanted(inum))
		return 0;
	/* the paths first: every open of the machine comes here, and only those under /dev/shm
	 * may cost a record */
	if (nr == NR_OPENAT || nr == NR_OPEN || nr == NR_UNLINKAT || nr == NR_UNLINK ||
	    nr == NR_LINKAT || nr == NR_LINK || nr == NR_TRUNCATE) {
		char head[9];

		upath = (const char *)(nr == NR_OPEN || nr == NR_UNLINK || nr == NR_TRUNCATE ?
				       regs->di :
				       nr == NR_LINKAT ? regs->r10 :
				       regs->si);
		if (bpf_probe_read_user(head, sizeof(head), upath) < 0 || head[0] != '/' ||
		    head[1] != 'd' || head[2] != 'e' || head[3] != 'v' || head[4] != '/' ||
		    head[5] != 's' || head[6] != 'h' || head[7] != 'm' || head[8] != '/')
			return 0;
	}
	op = nr == NR_OPENAT || nr == NR_OPEN ? IPCT_OP_SHM_OPEN :
	     nr == NR_UNLINKAT || nr == NR_UNLINK ? IPCT_OP_SHM_UNLINK :
	     nr == NR_LINKAT || nr == NR_LINK ? IPCT_OP_SHM_LINK :
	     nr == NR_TRUNCATE ? IPCT_OP_SHM_TRUNCATE :
	     nr == NR_MQ_OPEN ? IPCT_OP_MQ_OPEN : nr == NR_MQ_UNLINK ? IPCT_OP_MQ_UNLINK :
	     IPCT_OP_MEMFD_CREATE;
	if (!(e = start(task, op, inum)))
		return 0;
	if (op == IPCT_OP_SHM_OPEN || op == IPCT_OP_SHM_UNLINK || op == IPCT_OP_SHM_LINK ||
	    op == IPCT_OP_SHM_TRUNCATE) {
		/* the path (open, unlink: the first argument; openat, unlinkat, link: the second;
		 * linkat: the fourth, the new name), already known to be under /dev/shm/ */
		long n = bpf_probe_read_user_str(e->tail, IPCT_NAME_LEN, upath);

		if (n <= 9)
			return 0;
		named_len(e, n);
		e->oflags = nr == NR_OPENAT ? (__u32)regs->dx :
			    nr == NR_OPEN ? (__u32)regs->si : 0;
		if (nr == NR_TRUNCATE)
			e->size = regs->si;
	} else {
		upath = (const char *)regs->di;
		named_len(e, bpf_probe_read_user_str(e->tail, IPCT_NAME_LEN, upath));
		e->oflags = nr == NR_MQ_UNLINK ? 0 : (__u32)regs->si;
	}
	/* O_CREAT: it may have made the object (the records tell; its exit is reported) */
	if ((op == IPCT_OP_SHM_OPEN || op == IPCT_OP_MQ_OPEN) && ret >= 0 && (e->oflags & 0100))
		mark_creator();
	e->ret = ret;
	submit(e, task);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(on_exit, struct pt_regs *regs, long ret)
{
	long nr = regs->orig_ax;
	struct task_struct *cur;
	struct task_struct *task;
	struct ipc_namespace *ns;
	struct ipct_event *e;
	__u32 inum, pid;
	int cmd;

	if (nr != NR_SHMGET && nr != NR_SHMAT && nr != NR_SHMCTL && nr != NR_SHMDT &&
	    nr != NR_SEMGET && nr != NR_SEMCTL && nr != NR_SEMOP && nr != NR_SEMTIMEDOP &&
	    nr != NR_MSGGET && nr != NR_MSGCTL && nr != NR_MSGSND && nr != NR_MSGRCV &&
	    nr != NR_OPEN && nr != NR_OPENAT && nr != NR_UNLINK && nr != NR_UNLINKAT &&
	    nr != NR_LINK && nr != NR_LINKAT && nr != NR_MQ_OPEN && nr != NR_MQ_UNLINK &&
	    nr != NR_MEMFD_CREATE && nr != NR_TRUNCATE && nr != NR_FTRUNCATE)
		return 0;
	/* a 32-bit system call has other numbers: getppid would pass for semget */
	cur = bpf_get_current_task_btf();
	if (cur->thread_info.status & TS_COMPAT)
		return 0;
	if (nr == NR_SEMOP || nr == NR_SEMTIMEDOP || nr == NR_MSGSND || nr == NR_MSGRCV) {
		struct ipct_hot_key k = {};
		__u64 one = 1, *n;

		if (ret < 0)
			return 0;
		task = bpf_get_current_task_btf();
		k.ipc_ns = task->nsproxy->ipc_ns->ns.inum;
		if (!wanted(k.ipc_ns))
			return 0;
		k.id = (__s32)regs->di;
		k.op = nr == NR_MSGSND ? IPCT_HOT_MSGSND : nr == NR_MSGRCV ? IPCT_HOT_MSGRCV :
		       IPCT_HOT_SEMOP;
		n = bpf_map_lookup_elem(&hot, &k);
		if (n) {
			__sync_fetch_and_add(n, 1);
		} else if (bpf_map_update_elem(&hot, &k, &one, BPF_NOEXIST) < 0) {
			/* another CPU made the entry meanwhile: added to it; or the map is full (more
			 * objects busy in a second than it holds): a loss, reported as one */
			__u32 zero = 0;

			n = bpf_map_lookup_elem(&hot, &k);
			if (!n)
				n = bpf_map_lookup_elem(&lost, &zero);
			if (n)
				__sync_fetch_and_add(n, 1);
		}
		return 0;
	}
	/* openat, unlinkat: only those under /dev/shm, after the cheaper tests */
	if (nr == NR_OPENAT || nr == NR_UNLINKAT || nr == NR_MQ_OPEN || nr == NR_MQ_UNLINK ||
	    nr == NR_MEMFD_CREATE || nr == NR_OPEN || nr == NR_UNLINK || nr == NR_LINK ||
	    nr == NR_LINKAT || nr == NR_TRUNCATE)
		return posix_exit(regs, nr, ret);
	if (nr == NR_FTRUNCATE)
		return ftruncate_exit(regs, ret);
	if (nr == NR_SEMGET || nr == NR_MSGGET || nr == NR_SEMCTL || nr == NR_MSGCTL) {
		struct task_struct *t = bpf_get_current_task_btf();
		struct ipc_namespace *ins = ns_of(t);
		__u32 in = ins->ns.inum;
		int c, m = 0;

		if (!wanted(in))
			return 0;
		if (nr == NR_SEMGET)
			m = made(ins, in, IPC_SEM_IDS, ret, (int)regs->di,
				 (int)regs->dx);
		else if (nr == NR_MSGGET)
			m = made(ins, in, IPC_MSG_IDS, ret, (int)regs->di,
				 (int)regs->si);
		else
			note_ids(ins, in, nr == NR_SEMCTL ? IPC_SEM_IDS : IPC_MSG_IDS);
		if (nr == NR_SEMCTL) {
			/* IPC_RMID 0, IPC_SET 1, SETVAL 16, SETALL 17: the changes */
			c = (int)regs->dx;
			if (c != 0 && c != 1 && c != 16 && c != 17)
				return 0;
		} else if (nr == NR_MSGCTL) {
			c = (int)regs->si;
			if (c != 0 && c != 1)
				return 0;
		} else {
			c = 0;
		}
		if (!(e = start(t, nr == NR_SEMGET ? IPCT_OP_SEMGET : nr == NR_SEMCTL ?
				 IPCT_OP_SEMCTL : nr == NR_MSGGET ? IPCT_OP_MSGGET : IPCT_OP_MSGCTL, in)))
			return 0;
		if (nr == NR_SEMGET || nr == NR_MSGGET) {
			e->key = (__s32)regs->di;
			e->size = nr == NR_SEMGET ? regs->si : 0;
			e->shmflg = (__s32)(nr == NR_SEMGET ? regs->dx :
					    regs->si);
			e->id = ret >= 0 ? (__s32)ret : -1;
			if (m) {
				e->flags |= IPCT_F_CREATED;
				mark_creator();
			}
		} else {
			e->id = (__s32)regs->di;
			e->cmd = c;
		}
		e->ret = ret;
		submit(e, t);
		return 0;
	}
	if (nr != NR_SHMGET && nr != NR_SHMAT && nr != NR_SHMCTL && nr != NR_SHMDT)
		return 0;
	task = bpf_get_current_task_btf();
	ns = ns_of(task);
	inum = ns->ns.inum;
	pid = bpf_get_current_pid_tgid() >> 32;
	/* attachments are counted in every namespace: a process's exit is reported where it is */
	if (nr == NR_SHMAT && ret >= 0)
		count_attach(pid, 1);
	else if (nr == NR_SHMDT && ret == 0)
		count_attach(pid, -1);
	if (!wanted(inum))
		return 0;
	if (nr == NR_SHMGET) {
		int created = made(ns, inum, IPC_SHM_IDS, ret, (int)regs->di,
				   (int)regs->dx);

		if (!(e = start(task, IPCT_OP_SHMGET, inum)))
			return 0;
		e->key = (__s32)regs->di;
		e->size = regs->si;
		e->shmflg = (__s32)regs->dx;
		e->id = ret >= 0 ? (__s32)ret : -1;
		if (created) {
			e->flags |= IPCT_F_CREATED;
			mark_creator();
		}
	} else if (nr == NR_SHMAT) {
		if (!(e = start(task, IPCT_OP_SHMAT, inum)))
			return 0;
		e->id = (__s32)regs->di;
		e->shmflg = (__s32)regs->dx;
		e->addr = ret >= 0 ? (__u64)ret : 0;
	} else if (nr == NR_SHMDT) {
		note_ids(ns, inum, IPC_SHM_IDS); /* the last detach destroys a removed one */
		if (!(e = start(task, IPCT_OP_SHMDT, inum)))
			return 0;
		e->addr = regs->di;
	} else {
		/* IPC_RMID 0, IPC_SET 1, SHM_LOCK 11, SHM_UNLOCK 12 change a segment; the reads
		 * (IPC_STAT, SHM_STAT, SHM_INFO, ...) are not logged */
		cmd = (int)regs->si;
		if (cmd != 0 && cmd != 1 && cmd != 11 && cmd != 12)
			return 0;
		note_ids(ns, inum, IPC_SHM_IDS);
		if (!(e = start(task, IPCT_OP_SHMCTL, inum)))
			return 0;
		e->id = (__s32)regs->di;
		e->cmd = cmd;
	}
	e->ret = ret;
	submit(e, task);
	return 0;
}

/* A process with attachments leaves them: its exit (its last thread), or a new program; and a
 * process that made an IPC object exits (size 0: no attachment). */
static __always_inline void dropped(struct task_struct *task, __u16 op)
{
	__u32 pid = task->tgid, inum;
	__u64 *n = bpf_map_lookup_elem(&attached, &pid), count;
	struct ipct_event *e;

	if (!n)
		return;
	count = *n & ~CREATOR;
	if (op == IPCT_OP_EXEC) {
		/* the same process, a new program: it is still the creator it was */
		if (!count)
			return;
		if (*n & CREATOR)
			*n = CREATOR;
		else
			bpf_map_delete_elem(&attached, &pid);
	} else {
		bpf_map_delete_elem(&attached, &pid);
	}
	inum = task->nsproxy->ipc_ns->ns.inum;
	if (!wanted(inum) || !(e = start(task, op, inum)))
		return;
	e->size = count;
	submit(e, task);
}

/* Its last thread: the thread group is dead once live reaches 0 (the tracepoint's own
 * group_dead argument is recent: kernels before it would refuse a program that reads it). */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_process_exit, struct task_struct *task)
{
	if (task->signal->live.counter == 0)
		dropped(task, IPCT_OP_EXIT);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	dropped(task, IPCT_OP_EXEC);
	return 0;
}
