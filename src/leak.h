/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* leak.h - which segments, POSIX objects and message queues look leaked, and why. Pure: the caller
 * says whether the creator (or a queue's reader and sender) is gone, how many processes map an
 * object, and what time it is. The rules are documented in shmtop(1) under LEAK DETECTION and in
 * doc/json-schema.md. */
#ifndef SHMTOP_LEAK_H
#define SHMTOP_LEAK_H

#include <stddef.h>
#include <stdint.h>

#include "msgq.h"
#include "shmseg.h"

/* Each reason is judged on its own: an attached segment can be creator-gone, for example.
 * Segments get the first three and stale; POSIX objects get unmapped and stale; message queues
 * get stuck and stale. */
enum leak_reason {
	LEAK_ORPHAN = 1u << 0,       /* nattch 0 and not marked for removal */
	LEAK_CREATOR_GONE = 1u << 1, /* cpid dead, or reused (its process started after ctime) */
	LEAK_UNREACHABLE = 1u << 2,  /* key IPC_PRIVATE and nattch 0: nobody can find it by key */
	LEAK_STALE = 1u << 3,        /* segment: nattch 0 for strictly longer than the stale limit,
				      * counted from leak_unattached_since; POSIX object: unmapped
				      * and not modified for strictly longer than the limit */
	LEAK_UNMAPPED = 1u << 4,     /* POSIX object: no process (that shmtop can see) maps it */
	LEAK_STUCK = 1u << 5,        /* message queue: holds messages, and whoever read it is gone
				      * (leak_msg_reasons) */
};

#define LEAK_NREASONS 6
#define LEAK_STALE_DEFAULT 3600      /* --stale default: 1h */
#define LEAK_FORMAT_LEN 53           /* "orphan,creator-gone,unreachable,unmapped,stuck,stale"
				      * and a NUL */

/* The reasons that apply to s at now; creator_gone from procinfo_gone_since(cpid, ctime).
 * Stale means now - leak_unattached_since(s) > stale_secs: exactly stale_secs is not stale yet,
 * a since-time after now (clock set back) never is, and stale_secs <= 0 turns the rule off. */
unsigned leak_reasons(const struct shmseg *s, int creator_gone, int64_t now, int64_t stale_secs);

struct attach_list;
struct posix_list;
struct procinfo_cache;

/* What a kind's leak hook (kind.h) may know beside the object itself. */
struct leak_ctx {
	int64_t now;
	int64_t stale_secs;                 /* the stale limit; 0: LEAK_STALE_DEFAULT, < 0: none */
	const struct procinfo_cache *pids;  /* whether creators, senders and readers are gone;
					     * NULL: none is known to be */
	const struct attach_list *evidence; /* segments: a scan of the attachers newer than the
					     * nattch shown, whose shmtop attachments are not use;
					     * NULL: nattch as the kernel counts it */
	const struct posix_list *posix;     /* POSIX objects: their mappers; NULL: none known */
};

/* What the leak rules are told about a segment beyond its own fields. */
struct leak_evidence {
	int creator_gone;            /* procinfo_gone_since(cpid, ctime) says so; not counted for
				      * cpid 0, a creator this PID namespace cannot see (a process of
				      * another container), which is no evidence of a leak */
	uint64_t shmtop_mappings;    /* attachments that are shmtop's own (attach_summarize of a
				      * scan newer than the nattch shown), which are not use; 0 when
				      * not known */
	int64_t now;
	int64_t stale_secs;          /* the stale limit; 0: LEAK_STALE_DEFAULT */
};

/* The reasons of segment s (as its users left it: shmtop's own touches already undone) given ev:
 * the one judgement that the dashboard's row marks, its LEAK column, its detail view and every
 * batch writer share. nattch is taken less ev->shmtop_mappings (not below 0). */
unsigned leak_segment(const struct shmseg *s, const struct leak_evidence *ev);

/* Since when s has had nobody attached, as far as its times tell: dtime, or ctime when it was
 * never detached (never attached). Meaningful only while nattch is 0. */
int64_t leak_unattached_since(const struct shmseg *s);

/* The reasons that apply to a POSIX shared memory object mapped by `mappers` processes (those
 * shmtop can see), last modified at mtime: unmapped when mappers is 0; stale when also unmapped
 * and now - mtime > stale_secs, with the same boundaries as for segments (exactly stale_secs is
 * not stale, an mtime after now never is, stale_secs <= 0 turns the rule off). */
unsigned leak_posix_reasons(uint64_t mappers, int64_t mtime, int64_t now, int64_t stale_secs);

/* The reasons that apply to message queue q at now. Stuck: it holds messages (qnum > 0) and its
 * readers are gone, as far as the kernel tells, which remembers only the last one: when it was
 * ever read (rtime set), its last reader (lrpid) is gone; when it was never read, its last sender
 * (lspid) is gone too, so nobody who uses it is left to read it. reader_gone and sender_gone come
 * from procinfo_gone_since(lrpid, rtime) and procinfo_gone_since(lspid, stime) (a pid reused
 * since counts as gone); a pid of 0 (none, or a process this PID namespace cannot see) is no
 * evidence and never makes a queue stuck. A reader still blocked in msgrcv for another message
 * type is not seen: it is not the last reader until it reads. Stale: it holds messages and nobody
 * sent or received for strictly longer than stale_secs, counted from the later of stime and
 * rtime, with the boundaries of the other rules (exactly stale_secs is not stale, a time after now
 * never is, stale_secs <= 0 turns the rule off). An empty queue gets no reason. */
unsigned leak_msg_reasons(const struct msgq *q, int reader_gone, int sender_gone, int64_t now,
			  int64_t stale_secs);

/* A leak suspect: a segment that is an orphan and also creator-gone, unreachable or stale; a
 * POSIX object that is unmapped and stale; a message queue that is stuck and stale (its last
 * reader had stale_secs to come back, as a restarting daemon does). */
int leak_is_suspect(unsigned reasons);

/* "orphan,creator-gone" (in the order orphan, creator-gone, unreachable, unmapped, stuck,
 * stale), or "" for none. Only whole names are written: when the next one does not fit, the text
 * stops before it (LEAK_FORMAT_LEN always fits all). Always NUL-terminates when size > 0. Returns
 * the length written. */
size_t leak_format(unsigned reasons, char *buf, size_t size);

/* The names of the reasons in reasons, in leak_format's order, into names (room for max, at most
 * LEAK_NREASONS are ever needed); unknown bits are skipped. Returns how many were written. */
size_t leak_reason_list(unsigned reasons, const char **names, size_t max);

/* The name of one reason bit ("orphan", "creator-gone", "unreachable", "stale", "unmapped",
 * "stuck");
 * NULL for anything that is not exactly one known bit. */
const char *leak_reason_name(enum leak_reason r);

/* "90s", "15m", "1h", "2d" (a bare number is seconds): decimal digits and at most one unit
 * letter, nothing else (no sign, space or fraction). Returns 0, or -EINVAL (also for 0 and for
 * values past INT64_MAX seconds), leaving *secs unchanged. */
int leak_parse_duration(const char *text, int64_t *secs);

#endif
