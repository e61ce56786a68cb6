/* attach.h - who is attached to which segment: a scan of every /proc/PID/maps for SysV mappings,
 * grouped per process and segment. About 40 us per process, so callers scan only when needed
 * (detail view open, the PROCESSES column shown, --attachers, or nattch changed). */
#ifndef SHMTOP_ATTACH_H
#define SHMTOP_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "procinfo.h"

struct attacher {
	int32_t shmid;
	int32_t pid;
	uint32_t uid;                    /* the process's owner (of /proc/PID) */
	uint64_t addr;                   /* start of its first (lowest) attachment */
	uint64_t length;                 /* bytes mapped by that attachment */
	char access[5];                  /* "r--s" or "rw-s" ("rw-s" if any attachment is) */
	unsigned count;                  /* how many times this process attached the segment: the
					  * pieces an mprotect split makes count once */
	unsigned vmas;                   /* mappings behind count, pieces included: what the kernel's
					  * nattch counts (an mprotect split adds one), so compare
					  * nattch with the sum of vmas, not of count */
	char comm[PROCINFO_COMM_MAX];    /* raw; escape before display */
};

struct attach_list {
	struct attacher *v;              /* sorted by shmid, then pid */
	size_t n, cap;
	size_t procs_scanned;            /* processes whose maps were read */
	size_t procs_unreadable;         /* processes whose maps could not be read (permissions) */
};

void attach_list_init(struct attach_list *l);
void attach_list_free(struct attach_list *l);

/* Scan procroot/[0-9]*\/maps. With only >= 0, keep only attachments of that shmid.
 * Replaces l's contents (its array is reused). Processes that exit during the scan are skipped
 * silently; maps that cannot be read (EACCES: another user's process) count in procs_unreadable.
 * uid is the owner of procroot/PID, comm comes from procroot/PID/stat ("" if it exited meanwhile).
 * Returns 0, or -errno (l emptied) when procroot itself cannot be read or memory runs out. */
int attach_scan(const char *procroot, int32_t only, struct attach_list *l);

/* The attachers of shmid (binary search; l sorted): *first is an index into l->v and the return
 * value how many follow, 0 when none. */
size_t attach_find(const struct attach_list *l, int32_t shmid, size_t *first);

/* Add the attachments found in one process's maps text (buf, len bytes), one row per segment,
 * appended unsorted; comm may be NULL. Returns 0 or -ENOMEM. Exposed for tests. */
int attach_add_maps(struct attach_list *l, int32_t pid, uint32_t uid, const char *comm,
		    const char *buf, size_t len, int32_t only);
/* Sort by shmid then pid (attach_scan does this). */
void attach_sort(struct attach_list *l);

#endif
