/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_leak.c - the leak rules of leak.c, each on its own and at its boundaries, with an injected
 * now: orphan, creator-gone, unreachable, stale (one second either side of the limit, from dtime
 * or ctime, clock set back, huge spans), the POSIX rules (unmapped, stale by mtime, the same
 * boundaries), the message queue rules (stuck by its last reader or, never read, its last sender;
 * pids nobody can see; stale from the later of stime and rtime), leak_segment's evidence
 * (shmtop's own attachments, an unseen creator, the default limit), the suspect rule over all 64
 * combinations of reasons, leak_format's order and truncation, and leak_parse_duration's accepted
 * and refused texts. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kind_msg.h"
#include "kind_posix.h"
#include "kind_sem.h"
#include "kind_shm.h"
#include "leak.h"
#include "posix.h"

#define NOW 1800000000LL
#define HOUR 3600

/* A keyed, unattached, not removed segment created, attached and detached long before NOW. */
static struct shmseg seg(void)
{
	struct shmseg s;

	memset(&s, 0, sizeof(s));
	s.key = 0x2537;
	s.shmid = 7;
	s.mode = 0600;
	s.size = 4096;
	s.nattch = 0;
	s.cpid = 100;
	s.lpid = 100;
	s.ctime = NOW - 10 * HOUR;
	s.atime = NOW - 9 * HOUR;
	s.dtime = NOW - 8 * HOUR;
	s.rss = s.swap = SHMSEG_UNKNOWN;
	return s;
}

/* ------------------------------------------------------------------ the rules one by one */

static void test_orphan(void **state)
{
	struct shmseg s = seg();

	(void)state;
	/* recent detach, keyed, creator alive: orphan only */
	s.dtime = NOW - 10;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN);
	/* one attachment: not an orphan, and none of the nattch-0 rules apply */
	s.nattch = 1;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), 0);
	s.nattch = UINT32_MAX;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), 0);
	/* marked for removal (the kernel keeps it only while attached, but trust nothing) */
	s.nattch = 0;
	s.mode = 0600 | SHMSEG_MODE_DEST;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR) & LEAK_ORPHAN, 0);
	/* locked is not dest */
	s.mode = 0600 | SHMSEG_MODE_LOCKED;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN);
}

static void test_creator_gone(void **state)
{
	struct shmseg s = seg();

	(void)state;
	s.dtime = NOW - 10;
	/* passed in as is, whatever nonzero value, attached or not */
	assert_int_equal(leak_reasons(&s, 1, NOW, HOUR), LEAK_ORPHAN | LEAK_CREATOR_GONE);
	assert_int_equal(leak_reasons(&s, 42, NOW, HOUR), LEAK_ORPHAN | LEAK_CREATOR_GONE);
	s.nattch = 3;
	assert_int_equal(leak_reasons(&s, 1, NOW, HOUR), LEAK_CREATOR_GONE);
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), 0);
}

static void test_unreachable(void **state)
{
	struct shmseg s = seg();

	(void)state;
	s.dtime = NOW - 10;
	s.key = 0;  /* IPC_PRIVATE */
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN | LEAK_UNREACHABLE);
	/* attached: its users have its id, so it is reachable */
	s.nattch = 1;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), 0);
	/* any other key, including the ones that print as negative in /proc */
	s.nattch = 0;
	s.key = -1;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN);
	s.key = 1;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN);
	s.key = INT32_MIN;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN);
}

static void test_stale_from_dtime(void **state)
{
	struct shmseg s = seg();

	(void)state;
	/* exactly the limit is not stale; one second more is */
	s.dtime = NOW - HOUR;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN);
	s.dtime = NOW - HOUR - 1;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN | LEAK_STALE);
	s.dtime = NOW - HOUR + 1;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN);
	/* the same boundary moved by now instead */
	s.dtime = NOW - HOUR;
	assert_int_equal(leak_reasons(&s, 0, NOW + 1, HOUR), LEAK_ORPHAN | LEAK_STALE);
	/* dtime wins over an older ctime and atime */
	s.ctime = NOW - 100 * HOUR;
	s.atime = NOW - 100 * HOUR;
	s.dtime = NOW - 10;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN);
	/* ... and over a newer ctime (IPC_SET after the last detach): unattached since dtime */
	s.ctime = NOW - 5;
	s.dtime = NOW - 2 * HOUR;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN | LEAK_STALE);
	assert_int_equal(leak_unattached_since(&s), NOW - 2 * HOUR);
	/* the smallest limit */
	s.dtime = NOW - 1;
	assert_int_equal(leak_reasons(&s, 0, NOW, 1), LEAK_ORPHAN);
	s.dtime = NOW - 2;
	assert_int_equal(leak_reasons(&s, 0, NOW, 1), LEAK_ORPHAN | LEAK_STALE);
	/* attached: never stale, however old its times */
	s.nattch = 1;
	assert_int_equal(leak_reasons(&s, 0, NOW, 1), 0);
}

static void test_stale_never_attached(void **state)
{
	struct shmseg s = seg();

	(void)state;
	/* created, never attached: counted from ctime */
	s.atime = 0;
	s.dtime = 0;
	s.ctime = NOW - HOUR;
	assert_int_equal(leak_unattached_since(&s), NOW - HOUR);
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN);
	s.ctime = NOW - HOUR - 1;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN | LEAK_STALE);
	/* a 2-day limit */
	s.ctime = NOW - 2 * 86400;
	assert_int_equal(leak_reasons(&s, 0, NOW, 2 * 86400), LEAK_ORPHAN);
	s.ctime = NOW - 2 * 86400 - 1;
	assert_int_equal(leak_reasons(&s, 0, NOW, 2 * 86400), LEAK_ORPHAN | LEAK_STALE);
	/* attached but never detached (nattch back to 0 without a detach time): ctime too */
	s.atime = NOW - 10;
	assert_int_equal(leak_unattached_since(&s), s.ctime);
}

static void test_stale_odd_times(void **state)
{
	struct shmseg s = seg();

	(void)state;
	/* the clock was set back: times in the future are not stale */
	s.dtime = NOW + 5 * HOUR;
	assert_int_equal(leak_reasons(&s, 0, NOW, HOUR), LEAK_ORPHAN);
	s.dtime = NOW;
	assert_int_equal(leak_reasons(&s, 0, NOW, 1), LEAK_ORPHAN);
	/* spans past INT64_MAX do not overflow into "not stale" */
	s.dtime = 0;
	s.ctime = INT64_MIN;
	assert_int_equal(leak_reasons(&s, 0, INT64_MAX, INT64_MAX), LEAK_ORPHAN | LEAK_STALE);
	s.ctime = -1;
	assert_int_equal(leak_reasons(&s, 0, INT64_MAX, INT64_MAX), LEAK_ORPHAN | LEAK_STALE);
	s.ctime = 0;
	assert_int_equal(leak_reasons(&s, 0, INT64_MAX, INT64_MAX), LEAK_ORPHAN);
	/* an injected now of 0 (the epoch) makes nothing stale */
	s.ctime = NOW - 100 * HOUR;
	assert_int_equal(leak_reasons(&s, 0, 0, HOUR), LEAK_ORPHAN);
	/* a limit of 0 or below turns the rule off */
	s.dtime = 1;
	assert_int_equal(leak_reasons(&s, 0, NOW, 0), LEAK_ORPHAN);
	assert_int_equal(leak_reasons(&s, 0, NOW, -1), LEAK_ORPHAN);
	assert_int_equal(leak_reasons(&s, 0, NOW, INT64_MIN), LEAK_ORPHAN);
}

static void test_all_reasons(void **state)
{
	struct shmseg s = seg();
	char buf[LEAK_FORMAT_LEN];

	(void)state;
	s.key = 0;
	s.dtime = NOW - 2 * HOUR;
	assert_int_equal(leak_reasons(&s, 1, NOW, HOUR),
			 LEAK_ORPHAN | LEAK_CREATOR_GONE | LEAK_UNREACHABLE | LEAK_STALE);
	assert_int_equal(leak_format(leak_reasons(&s, 1, NOW, HOUR), buf, sizeof(buf)),
			 strlen("orphan,creator-gone,unreachable,stale"));
	assert_string_equal(buf, "orphan,creator-gone,unreachable,stale");
	assert_true(leak_is_suspect(leak_reasons(&s, 1, NOW, HOUR)));
	/* a segment is never unmapped: that is a POSIX reason */
	s.nattch = 0;
	s.cpid = 0;
	assert_int_equal(leak_reasons(&s, 1, INT64_MAX, 1) & LEAK_UNMAPPED, 0);
}

/* ------------------------------------------------------------------ POSIX objects */

static void test_posix_unmapped(void **state)
{
	(void)state;
	/* modified just now: unmapped only, not a suspect */
	assert_int_equal(leak_posix_reasons(0, NOW, NOW, HOUR), LEAK_UNMAPPED);
	assert_false(leak_is_suspect(LEAK_UNMAPPED));
	/* one mapping process, or any number: nothing at all, however old */
	assert_int_equal(leak_posix_reasons(1, NOW, NOW, HOUR), 0);
	assert_int_equal(leak_posix_reasons(1, 0, NOW, 1), 0);
	assert_int_equal(leak_posix_reasons(UINT64_MAX, INT64_MIN, INT64_MAX, 1), 0);
	/* never any of the segment reasons */
	for (int64_t mtime = NOW - 100 * HOUR; mtime <= NOW + HOUR; mtime += HOUR)
		assert_int_equal(leak_posix_reasons(0, mtime, NOW, HOUR) &
				 (LEAK_ORPHAN | LEAK_CREATOR_GONE | LEAK_UNREACHABLE), 0);
}

static void test_posix_stale(void **state)
{
	(void)state;
	/* exactly the limit is not stale; one second more is */
	assert_int_equal(leak_posix_reasons(0, NOW - HOUR, NOW, HOUR), LEAK_UNMAPPED);
	assert_int_equal(leak_posix_reasons(0, NOW - HOUR - 1, NOW, HOUR),
			 LEAK_UNMAPPED | LEAK_STALE);
	assert_int_equal(leak_posix_reasons(0, NOW - HOUR + 1, NOW, HOUR), LEAK_UNMAPPED);
	/* the same boundary moved by now */
	assert_int_equal(leak_posix_reasons(0, NOW - HOUR, NOW + 1, HOUR),
			 LEAK_UNMAPPED | LEAK_STALE);
	/* the smallest limit, as --stale=1s gives it */
	assert_int_equal(leak_posix_reasons(0, NOW - 1, NOW, 1), LEAK_UNMAPPED);
	assert_int_equal(leak_posix_reasons(0, NOW - 2, NOW, 1), LEAK_UNMAPPED | LEAK_STALE);
	/* mapped: never stale, even far past the limit */
	assert_int_equal(leak_posix_reasons(1, NOW - 2, NOW, 1), 0);
	/* an mtime in the future (clock set back, or a touch -d) is not stale */
	assert_int_equal(leak_posix_reasons(0, NOW + 5 * HOUR, NOW, HOUR), LEAK_UNMAPPED);
	assert_int_equal(leak_posix_reasons(0, NOW, NOW, 1), LEAK_UNMAPPED);
	/* spans past INT64_MAX are stale, not wrapped around */
	assert_int_equal(leak_posix_reasons(0, INT64_MIN, INT64_MAX, INT64_MAX),
			 LEAK_UNMAPPED | LEAK_STALE);
	assert_int_equal(leak_posix_reasons(0, -1, INT64_MAX, INT64_MAX),
			 LEAK_UNMAPPED | LEAK_STALE);
	assert_int_equal(leak_posix_reasons(0, 0, INT64_MAX, INT64_MAX), LEAK_UNMAPPED);
	/* an mtime of 0 (the epoch) is just very old */
	assert_int_equal(leak_posix_reasons(0, 0, NOW, HOUR), LEAK_UNMAPPED | LEAK_STALE);
	/* a limit of 0 or below turns the rule off */
	assert_int_equal(leak_posix_reasons(0, 1, NOW, 0), LEAK_UNMAPPED);
	assert_int_equal(leak_posix_reasons(0, 1, NOW, -1), LEAK_UNMAPPED);
	assert_int_equal(leak_posix_reasons(0, 1, NOW, INT64_MIN), LEAK_UNMAPPED);
}

static void test_posix_suspect(void **state)
{
	char buf[LEAK_FORMAT_LEN];

	(void)state;
	/* unmapped and stale: a suspect, at the boundary */
	assert_false(leak_is_suspect(leak_posix_reasons(0, NOW - HOUR, NOW, HOUR)));
	assert_true(leak_is_suspect(leak_posix_reasons(0, NOW - HOUR - 1, NOW, HOUR)));
	/* mapped, or fresh: not */
	assert_false(leak_is_suspect(leak_posix_reasons(1, NOW - 100 * HOUR, NOW, HOUR)));
	assert_false(leak_is_suspect(leak_posix_reasons(0, NOW - 10, NOW, HOUR)));
	/* the text: unmapped before stale */
	assert_int_equal(leak_format(leak_posix_reasons(0, 0, NOW, HOUR), buf, sizeof(buf)), 14);
	assert_string_equal(buf, "unmapped,stale");
	assert_int_equal(leak_format(leak_posix_reasons(0, NOW, NOW, HOUR), buf, sizeof(buf)), 8);
	assert_string_equal(buf, "unmapped");
}

/* ------------------------------------------------------------------ message queues */

/* A queue holding two messages, sent to and read from long before NOW. */
static struct msgq queue(void)
{
	struct msgq q;

	memset(&q, 0, sizeof(q));
	q.key = 0x2538;
	q.msqid = 9;
	q.mode = 0600;
	q.cbytes = 20;
	q.qnum = 2;
	q.qbytes = 16384;
	q.lspid = 200;
	q.lrpid = 300;
	q.ctime = NOW - 10 * HOUR;
	q.stime = NOW - 9 * HOUR;
	q.rtime = NOW - 8 * HOUR;
	return q;
}

static void test_msg_stuck(void **state)
{
	struct msgq q = queue();

	(void)state;
	q.stime = q.rtime = NOW - 10; /* fresh: stale stays out of the way */
	/* read before: its reader decides, whatever the sender */
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, HOUR), 0);
	assert_int_equal(leak_msg_reasons(&q, 0, 1, NOW, HOUR), 0);
	assert_int_equal(leak_msg_reasons(&q, 1, 0, NOW, HOUR), LEAK_STUCK);
	assert_int_equal(leak_msg_reasons(&q, 1, 1, NOW, HOUR), LEAK_STUCK);
	assert_int_equal(leak_msg_reasons(&q, 42, 0, NOW, HOUR), LEAK_STUCK);
	/* one message is enough; none is nothing, whoever is gone */
	q.qnum = 1;
	assert_int_equal(leak_msg_reasons(&q, 1, 1, NOW, HOUR), LEAK_STUCK);
	q.qnum = 0;
	q.cbytes = 0;
	assert_int_equal(leak_msg_reasons(&q, 1, 1, NOW, HOUR), 0);
	assert_int_equal(leak_msg_reasons(&q, 1, 1, INT64_MAX, 1), 0);
	/* a reader this PID namespace cannot see (lrpid 0 although it was read) is no evidence */
	q = queue();
	q.stime = q.rtime = NOW - 10;
	q.lrpid = 0;
	assert_int_equal(leak_msg_reasons(&q, 1, 1, NOW, HOUR), 0);
	/* never read: then its sender decides, the only one who used it */
	q = queue();
	q.stime = NOW - 10;
	q.rtime = 0;
	q.lrpid = 0;
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, HOUR), 0);
	assert_int_equal(leak_msg_reasons(&q, 1, 0, NOW, HOUR), 0);
	assert_int_equal(leak_msg_reasons(&q, 0, 1, NOW, HOUR), LEAK_STUCK);
	/* ... and a sender nobody can see is no evidence either */
	q.lspid = 0;
	assert_int_equal(leak_msg_reasons(&q, 1, 1, NOW, HOUR), 0);
	/* never the segment or POSIX reasons */
	q = queue();
	q.key = 0;
	assert_int_equal(leak_msg_reasons(&q, 1, 1, NOW, HOUR) &
			 (LEAK_ORPHAN | LEAK_CREATOR_GONE | LEAK_UNREACHABLE | LEAK_UNMAPPED), 0);
}

static void test_msg_stale(void **state)
{
	struct msgq q = queue();

	(void)state;
	/* counted from the later of stime and rtime: exactly the limit is not stale, a second
	 * more is */
	q.stime = NOW - 2 * HOUR;
	q.rtime = NOW - HOUR;
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, HOUR), 0);
	q.rtime--;
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, HOUR), LEAK_STALE);
	/* the other way round: a recent send keeps it fresh although nobody reads */
	q.stime = NOW - HOUR;
	q.rtime = NOW - 5 * HOUR;
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, HOUR), 0);
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW + 1, HOUR), LEAK_STALE);
	/* never read: from stime */
	q.rtime = 0;
	q.stime = NOW - HOUR - 1;
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, HOUR), LEAK_STALE);
	q.stime = NOW - HOUR;
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, HOUR), 0);
	/* empty: never stale, however old */
	q = queue();
	q.qnum = 0;
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, HOUR), 0);
	/* times after now (clock set back) are not stale; spans past INT64_MAX are */
	q = queue();
	q.stime = NOW + HOUR;
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, 1), 0);
	q.stime = q.rtime = -1;
	assert_int_equal(leak_msg_reasons(&q, 0, 0, INT64_MAX, INT64_MAX), LEAK_STALE);
	q.stime = q.rtime = 0;
	assert_int_equal(leak_msg_reasons(&q, 0, 0, INT64_MAX, INT64_MAX), 0);
	/* a limit of 0 or below turns the rule off */
	q = queue();
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, 0), 0);
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, -1), 0);
	assert_int_equal(leak_msg_reasons(&q, 0, 0, NOW, INT64_MIN), 0);
}

static void test_msg_suspect(void **state)
{
	struct msgq q = queue();
	char buf[LEAK_FORMAT_LEN];

	(void)state;
	/* the case: messages left, reader gone, nothing for longer than the limit */
	assert_int_equal(leak_msg_reasons(&q, 1, 1, NOW, HOUR), LEAK_STUCK | LEAK_STALE);
	assert_true(leak_is_suspect(leak_msg_reasons(&q, 1, 1, NOW, HOUR)));
	assert_int_equal(leak_format(leak_msg_reasons(&q, 1, 1, NOW, HOUR), buf, sizeof(buf)), 11);
	assert_string_equal(buf, "stuck,stale");
	/* its reader alive (a slow consumer): stale, not a suspect */
	assert_int_equal(leak_msg_reasons(&q, 0, 1, NOW, HOUR), LEAK_STALE);
	assert_false(leak_is_suspect(leak_msg_reasons(&q, 0, 1, NOW, HOUR)));
	/* reader gone a moment ago: stuck, not yet a suspect, until the limit passes */
	q.stime = NOW - 2 * HOUR;
	q.rtime = NOW - HOUR;
	assert_false(leak_is_suspect(leak_msg_reasons(&q, 1, 1, NOW, HOUR)));
	assert_true(leak_is_suspect(leak_msg_reasons(&q, 1, 1, NOW + 1, HOUR)));
}

/* ------------------------------------------------------------------ suspect */

static void test_suspect_rule(void **state)
{
	(void)state;
	/* every combination: an orphan plus at least one of the other three segment reasons, or
	 * unmapped and stale, or stuck and stale */
	for (unsigned r = 0; r < 64; r++) {
		int want = ((r & LEAK_ORPHAN) && (r & 0xeu)) ||
			   ((r & LEAK_UNMAPPED) && (r & LEAK_STALE)) ||
			   ((r & LEAK_STUCK) && (r & LEAK_STALE));

		if (leak_is_suspect(r) != want)
			fail_msg("reasons 0x%x: suspect %d, want %d", r, leak_is_suspect(r), want);
	}
	assert_false(leak_is_suspect(0));
	assert_false(leak_is_suspect(LEAK_ORPHAN));
	assert_false(leak_is_suspect(LEAK_CREATOR_GONE | LEAK_UNREACHABLE | LEAK_STALE));
	assert_true(leak_is_suspect(LEAK_ORPHAN | LEAK_STALE));
	assert_true(leak_is_suspect(LEAK_UNMAPPED | LEAK_STALE));
	assert_true(leak_is_suspect(LEAK_STUCK | LEAK_STALE));
	/* stuck alone is not: its reader has the stale limit to come back */
	assert_false(leak_is_suspect(LEAK_STUCK));
	assert_false(leak_is_suspect(LEAK_STUCK | LEAK_CREATOR_GONE | LEAK_UNREACHABLE));
	assert_false(leak_is_suspect(LEAK_STUCK | LEAK_ORPHAN | LEAK_UNMAPPED));
	/* unmapped is no reason for a segment's orphan, nor the segment reasons for unmapped */
	assert_false(leak_is_suspect(LEAK_ORPHAN | LEAK_UNMAPPED));
	assert_false(leak_is_suspect(LEAK_UNMAPPED | LEAK_CREATOR_GONE | LEAK_UNREACHABLE));
	/* unknown bits are no reason */
	assert_false(leak_is_suspect(LEAK_ORPHAN | 0x100u));
	assert_false(leak_is_suspect(LEAK_UNMAPPED | 0x100u));
}

static void test_suspect_from_segments(void **state)
{
	struct shmseg s = seg();

	(void)state;
	/* the cases: an orphan whose creator died */
	s.dtime = NOW - 10;
	assert_true(leak_is_suspect(leak_reasons(&s, 1, NOW, HOUR)));
	/* a fresh orphan of a live creator is only an orphan */
	assert_false(leak_is_suspect(leak_reasons(&s, 0, NOW, HOUR)));
	/* its IPC_PRIVATE twin cannot be found again */
	s.key = 0;
	assert_true(leak_is_suspect(leak_reasons(&s, 0, NOW, HOUR)));
	/* attached with a dead creator: in use, not a leak */
	s.key = 0x2537;
	s.nattch = 1;
	assert_false(leak_is_suspect(leak_reasons(&s, 1, NOW, HOUR)));
	/* removed, still attached, private key: not a leak either */
	s.key = 0;
	s.mode |= SHMSEG_MODE_DEST;
	assert_false(leak_is_suspect(leak_reasons(&s, 1, NOW, HOUR)));
	/* stale alone makes an orphan a suspect, at the boundary */
	s = seg();
	s.dtime = NOW - HOUR;
	assert_false(leak_is_suspect(leak_reasons(&s, 0, NOW, HOUR)));
	s.dtime--;
	assert_true(leak_is_suspect(leak_reasons(&s, 0, NOW, HOUR)));
}

/* ------------------------------------------------------------------ names and format */

/* leak_segment, the one judgement every view and writer uses: shmtop's own attachments are not
 * use, a creator outside this PID namespace (cpid 0) is not evidence, 0 means the default limit. */
static void test_segment_evidence(void **state)
{
	struct shmseg s = seg();
	struct leak_evidence ev = { .now = NOW, .stale_secs = HOUR };

	(void)state;
	s.nattch = 2;
	assert_int_equal(leak_segment(&s, &ev), 0);
	ev.shmtop_mappings = 1;                      /* one of the two is a shmtop's */
	assert_int_equal(leak_segment(&s, &ev), 0);
	ev.shmtop_mappings = 2;                      /* both: nobody uses it, for 8 hours */
	assert_int_equal(leak_segment(&s, &ev), LEAK_ORPHAN | LEAK_STALE);
	ev.shmtop_mappings = 5;                      /* more than nattch (a stale scan): 0, not less */
	assert_int_equal(leak_segment(&s, &ev), LEAK_ORPHAN | LEAK_STALE);
	assert_int_equal(s.nattch, 2);               /* s itself untouched */
	ev.creator_gone = 1;
	assert_int_equal(leak_segment(&s, &ev), LEAK_ORPHAN | LEAK_STALE | LEAK_CREATOR_GONE);
	s.cpid = 0;                                  /* a creator this namespace cannot see */
	assert_int_equal(leak_segment(&s, &ev), LEAK_ORPHAN | LEAK_STALE);
	ev.stale_secs = 0;                           /* the default: 1h; 8h unattached is stale */
	assert_int_equal(leak_segment(&s, &ev), LEAK_ORPHAN | LEAK_STALE);
	ev.stale_secs = 9 * HOUR;
	assert_int_equal(leak_segment(&s, &ev), LEAK_ORPHAN);
	s.dtime = NOW - 2 * HOUR;                    /* default limit, detached 2h ago */
	ev.stale_secs = 0;
	assert_int_equal(leak_segment(&s, &ev), LEAK_ORPHAN | LEAK_STALE);
	s.dtime = NOW - HOUR / 2;
	assert_int_equal(leak_segment(&s, &ev), LEAK_ORPHAN);
}

static void test_reason_names(void **state)
{
	(void)state;
	assert_string_equal(leak_reason_name(LEAK_ORPHAN), "orphan");
	assert_string_equal(leak_reason_name(LEAK_CREATOR_GONE), "creator-gone");
	assert_string_equal(leak_reason_name(LEAK_UNREACHABLE), "unreachable");
	assert_string_equal(leak_reason_name(LEAK_STALE), "stale");
	assert_string_equal(leak_reason_name(LEAK_UNMAPPED), "unmapped");
	assert_string_equal(leak_reason_name(LEAK_STUCK), "stuck");
	assert_null(leak_reason_name((enum leak_reason)0));
	assert_null(leak_reason_name((enum leak_reason)(LEAK_ORPHAN | LEAK_STALE)));
	assert_null(leak_reason_name((enum leak_reason)(LEAK_UNMAPPED | LEAK_STALE)));
	assert_null(leak_reason_name((enum leak_reason)(LEAK_STUCK | LEAK_STALE)));
	assert_null(leak_reason_name((enum leak_reason)(1u << 6)));
	assert_null(leak_reason_name((enum leak_reason)(1u << 31)));
}

static void test_format(void **state)
{
	char buf[64], want[64];

	(void)state;
	/* the documented order: orphan, creator-gone, unreachable, unmapped, stuck, stale */
	static const unsigned order[6] = { LEAK_ORPHAN, LEAK_CREATOR_GONE, LEAK_UNREACHABLE,
					   LEAK_UNMAPPED, LEAK_STUCK, LEAK_STALE };
	const char *list[8];

	/* every combination, in that order, joined by commas, matching leak_reason_name; and the
	 * same names as a list */
	for (unsigned r = 0; r < 64; r++) {
		size_t n, k = 0;

		want[0] = '\0';
		for (size_t i = 0; i < 6; i++) {
			if (!(r & order[i]))
				continue;
			if (want[0])
				strcat(want, ",");
			strcat(want, leak_reason_name((enum leak_reason)order[i]));
		}
		memset(buf, 'X', sizeof(buf));
		n = leak_format(r, buf, sizeof(buf));
		assert_string_equal(buf, want);
		assert_int_equal(n, strlen(want));
		assert_true(n < LEAK_FORMAT_LEN);
		/* exactly big enough */
		memset(buf, 'X', sizeof(buf));
		assert_int_equal(leak_format(r, buf, n + 1), n);
		assert_string_equal(buf, want);
		/* leak_reason_list: the same names, the same order */
		n = leak_reason_list(r, list, 8);
		for (size_t i = 0; i < 6; i++)
			if (r & order[i]) {
				assert_true(k < n);
				assert_string_equal(list[k], leak_reason_name((enum leak_reason)order[i]));
				k++;
			}
		assert_int_equal(n, k);
		assert_true(n <= LEAK_NREASONS);
	}
	/* every reason at once fits LEAK_FORMAT_LEN exactly */
	assert_int_equal(leak_format(63, buf, LEAK_FORMAT_LEN), LEAK_FORMAT_LEN - 1);
	assert_string_equal(buf, "orphan,creator-gone,unreachable,unmapped,stuck,stale");
	assert_int_equal(leak_reason_list(63, list, 8), LEAK_NREASONS);
	/* a short list stops at max, keeping the order */
	assert_int_equal(leak_reason_list(31, list, 2), 2);
	assert_string_equal(list[0], "orphan");
	assert_string_equal(list[1], "creator-gone");
	assert_int_equal(leak_reason_list(LEAK_STALE | LEAK_UNMAPPED, list, 1), 1);
	assert_string_equal(list[0], "unmapped");
	assert_int_equal(leak_reason_list(LEAK_STALE | LEAK_STUCK, list, 1), 1);
	assert_string_equal(list[0], "stuck");
	assert_int_equal(leak_reason_list(31, list, 0), 0);
	assert_int_equal(leak_reason_list(0xffffffc0u, list, 8), 0);
	/* unknown bits are ignored */
	assert_int_equal(leak_format(LEAK_STALE | 0xffc0u, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "stale");
}

static void test_format_truncates(void **state)
{
	const unsigned all = LEAK_ORPHAN | LEAK_CREATOR_GONE | LEAK_UNREACHABLE | LEAK_STALE;
	/* size -> what fits: whole names only, never a dangling comma */
	static const struct {
		size_t size;
		const char *text;
	} cases[] = {
		{ 1, "" },
		{ 6, "" },                       /* "orphan" needs 7 with its NUL */
		{ 7, "orphan" },
		{ 19, "orphan" },                /* ",creator-gone" needs 20 in all */
		{ 20, "orphan,creator-gone" },
		{ 31, "orphan,creator-gone" },       /* ",unreachable" needs 32 */
		{ 32, "orphan,creator-gone,unreachable" },
		{ 37, "orphan,creator-gone,unreachable" },
		{ 38, "orphan,creator-gone,unreachable,stale" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(buf, 'X', sizeof(buf));
		assert_int_equal(leak_format(all, buf, cases[i].size), strlen(cases[i].text));
		assert_string_equal(buf, cases[i].text);
		/* nothing written past size */
		assert_int_equal(buf[cases[i].size], 'X');
	}
	/* a later name that fits after an earlier one that did not is not written either */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(leak_format(LEAK_CREATOR_GONE | LEAK_STALE, buf, 13), 12);
	assert_string_equal(buf, "creator-gone");
	assert_int_equal(leak_format(LEAK_CREATOR_GONE | LEAK_STALE, buf, 12), 0);
	assert_string_equal(buf, "");
	/* size 0: nothing touched */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(leak_format(all, buf, 0), 0);
	assert_int_equal(buf[0], 'X');
}

/* ------------------------------------------------------------------ durations */

static void test_duration_good(void **state)
{
	static const struct {
		const char *text;
		int64_t secs;
	} cases[] = {
		{ "90s", 90 },
		{ "15m", 900 },
		{ "1h", 3600 },
		{ "2d", 172800 },
		{ "45", 45 },
		{ "1", 1 },
		{ "1s", 1 },
		{ "60m", 3600 },
		{ "007m", 420 },                 /* decimal, not octal */
		{ "9223372036854775807", INT64_MAX },
		{ "9223372036854775807s", INT64_MAX },
		{ "153722867280912930m", 153722867280912930LL * 60 },
		{ "106751991167300d", 106751991167300LL * 86400 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t v = -7;

		if (leak_parse_duration(cases[i].text, &v) != 0)
			fail_msg("'%s' refused", cases[i].text);
		if (v != cases[i].secs)
			fail_msg("'%s': %" PRId64 ", want %" PRId64, cases[i].text, v, cases[i].secs);
	}
	/* the default is what --stale's documentation says */
	{
		int64_t v;

		assert_int_equal(leak_parse_duration("1h", &v), 0);
		assert_int_equal(v, LEAK_STALE_DEFAULT);
	}
}

static void test_duration_bad(void **state)
{
	static const char *const bad[] = {
		"", "0", "0s", "0d", "00", "-1", "-5m", "+5m", " 5m", "5m ", "5 m", "m", "s", "5x",
		"5M", "5H", "5D", "5S", "5ms", "5mm", "1h30m", "1.5h", "1e3", "0x10", "5w", "5y",
		"9223372036854775808",           /* INT64_MAX + 1 */
		"99999999999999999999999",
		"153722867280912931m",           /* just past INT64_MAX seconds */
		"2562047788015216h",
		"106751991167301d",
		"5\n", "5m\n", "\t5",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t v = 1234;

		if (leak_parse_duration(bad[i], &v) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
		if (v != 1234)
			fail_msg("'%s' changed the result on failure", bad[i]);
	}
}

/* The kinds' leak hooks, the one judgement of the dashboard and the writers: each applies its
 * kind's rules with ctx's facts, and a stale limit of 0 means the default (an hour) for every
 * kind alike, < 0 no stale rule. */
static void test_kind_hooks(void **state)
{
	struct leak_ctx c = { .now = NOW };
	struct shmseg seg = { .shmid = 5, .key = 0, .nattch = 0, .cpid = 0, .ctime = NOW - 7200 };
	struct msgq q = { .msqid = 3, .qnum = 2, .stime = NOW - 7200, .rtime = 0, .lspid = 0 };
	struct posixobj o = { .name = "/o", .mtime = NOW - 7200, .dev = 1, .ino = 2 };

	(void)state;
	assert_int_equal(kind_shm.leak(&seg, &c), LEAK_ORPHAN | LEAK_UNREACHABLE | LEAK_STALE);
	assert_int_equal(kind_msg.leak(&q, &c), LEAK_STALE);
	assert_int_equal(kind_posix.leak(&o, &c), LEAK_UNMAPPED | LEAK_STALE);
	/* two hours is not stale under a three-hour limit, for any kind */
	c.stale_secs = 3 * 3600;
	assert_int_equal(kind_shm.leak(&seg, &c), LEAK_ORPHAN | LEAK_UNREACHABLE);
	assert_int_equal(kind_msg.leak(&q, &c), 0);
	assert_int_equal(kind_posix.leak(&o, &c), LEAK_UNMAPPED);
	c.stale_secs = -1;
	assert_int_equal(kind_msg.leak(&q, &c), 0);
	assert_int_equal(kind_posix.leak(&o, &c), LEAK_UNMAPPED);
	/* an unlinked POSIX object goes with its last mapping: no reasons at all */
	o.deleted = 1;
	assert_int_equal(kind_posix.leak(&o, &c), 0);
	/* an attached segment is no orphan; the kinds without rules have no hook */
	seg.nattch = 1;
	assert_int_equal(kind_shm.leak(&seg, &c) & LEAK_ORPHAN, 0);
	assert_null(kind_sem.leak);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orphan),
		cmocka_unit_test(test_creator_gone),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_stale_from_dtime),
		cmocka_unit_test(test_stale_never_attached),
		cmocka_unit_test(test_stale_odd_times),
		cmocka_unit_test(test_all_reasons),
		cmocka_unit_test(test_posix_unmapped),
		cmocka_unit_test(test_posix_stale),
		cmocka_unit_test(test_posix_suspect),
		cmocka_unit_test(test_msg_stuck),
		cmocka_unit_test(test_msg_stale),
		cmocka_unit_test(test_msg_suspect),
		cmocka_unit_test(test_suspect_rule),
		cmocka_unit_test(test_suspect_from_segments),
		cmocka_unit_test(test_segment_evidence),
		cmocka_unit_test(test_kind_hooks),
		cmocka_unit_test(test_reason_names),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_truncates),
		cmocka_unit_test(test_duration_good),
		cmocka_unit_test(test_duration_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
