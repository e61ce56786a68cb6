/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* leak.c - the leak rules of shmtop(1) LEAK DETECTION, as pure functions of a segment (whether its
 * creator is gone), of a POSIX object (how many processes map it) or of a message queue (whether
 * its reader and sender are gone), and the time. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "leak.h"

/* In the order they are listed: what a thing is first (orphan, unmapped, stuck), then why it
 * matters. */
static const struct {
	unsigned bit;
	const char *name;
} reasons_ordered[LEAK_NREASONS] = {
	{ LEAK_ORPHAN, "orphan" },
	{ LEAK_CREATOR_GONE, "creator-gone" },
	{ LEAK_UNREACHABLE, "unreachable" },
	{ LEAK_UNMAPPED, "unmapped" },
	{ LEAK_STUCK, "stuck" },
	{ LEAK_STALE, "stale" },
};
#define NREASONS (sizeof(reasons_ordered) / sizeof(reasons_ordered[0]))

/* Strictly longer than the limit since `since`; a time in the future (clock set back) is not
 * stale, a difference past INT64_MAX is, and a limit <= 0 turns the rule off. */
static int older_than(int64_t since, int64_t now, int64_t stale_secs)
{
	int64_t age;

	return stale_secs > 0 && now > since &&
	       (__builtin_sub_overflow(now, since, &age) || age > stale_secs);
}

int64_t leak_unattached_since(const struct shmseg *s)
{
	return s->dtime ? s->dtime : s->ctime;
}

unsigned leak_reasons(const struct shmseg *s, int creator_gone, int64_t now, int64_t stale_secs)
{
	unsigned r = 0;

	if (s->nattch == 0 && !(s->mode & SHMSEG_MODE_DEST))
		r |= LEAK_ORPHAN;
	if (creator_gone)
		r |= LEAK_CREATOR_GONE;
	if (s->nattch == 0 && s->key == 0)
		r |= LEAK_UNREACHABLE;
	if (s->nattch == 0 && older_than(leak_unattached_since(s), now, stale_secs))
		r |= LEAK_STALE;
	return r;
}

unsigned leak_segment(const struct shmseg *s, const struct leak_evidence *ev)
{
	struct shmseg used = *s;

	used.nattch -= ev->shmtop_mappings < used.nattch ? ev->shmtop_mappings : used.nattch;
	return leak_reasons(&used, ev->creator_gone && s->cpid > 0, ev->now,
			    ev->stale_secs ? ev->stale_secs : LEAK_STALE_DEFAULT);
}

unsigned leak_posix_reasons(uint64_t mappers, int64_t mtime, int64_t now, int64_t stale_secs)
{
	/* mtime stands in for "unused since": tmpfs does not update it for writes through a
	 * mapping, so a mapped object is never called stale however old its mtime */
	if (mappers)
		return 0;
	return LEAK_UNMAPPED | (older_than(mtime, now, stale_secs) ? LEAK_STALE : 0);
}

unsigned leak_msg_reasons(const struct msgq *q, int reader_gone, int sender_gone, int64_t now,
			  int64_t stale_secs)
{
	unsigned r = 0;

	if (!q->qnum)
		return 0;
	if (q->rtime ? q->lrpid > 0 && reader_gone : q->lspid > 0 && sender_gone)
		r |= LEAK_STUCK;
	if (older_than(q->stime > q->rtime ? q->stime : q->rtime, now, stale_secs))
		r |= LEAK_STALE;
	return r;
}

int leak_is_suspect(unsigned reasons)
{
	return ((reasons & LEAK_ORPHAN) &&
		(reasons & (LEAK_CREATOR_GONE | LEAK_UNREACHABLE | LEAK_STALE))) ||
	       ((reasons & LEAK_UNMAPPED) && (reasons & LEAK_STALE)) ||
	       ((reasons & LEAK_STUCK) && (reasons & LEAK_STALE));
}

const char *leak_reason_name(enum leak_reason r)
{
	for (size_t i = 0; i < NREASONS; i++)
		if ((unsigned)r == reasons_ordered[i].bit)
			return reasons_ordered[i].name;
	return NULL;
}

size_t leak_reason_list(unsigned reasons, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < NREASONS && n < max; i++)
		if (reasons & reasons_ordered[i].bit)
			names[n++] = reasons_ordered[i].name;
	return n;
}

size_t leak_format(unsigned reasons, char *buf, size_t size)
{
	size_t n = 0;

	if (!size)
		return 0;
	for (size_t i = 0; i < NREASONS; i++) {
		size_t len;

		if (!(reasons & reasons_ordered[i].bit))
			continue;
		len = strlen(reasons_ordered[i].name);
		if (n + (n > 0) + len >= size)
			break;  /* whole names only */
		if (n > 0)
			buf[n++] = ',';
		memcpy(buf + n, reasons_ordered[i].name, len);
		n += len;
	}
	buf[n] = '\0';
	return n;
}

int leak_parse_duration(const char *text, int64_t *secs)
{
	int64_t v = 0, mult = 1;
	const char *p = text;

	if (*p < '0' || *p > '9')
		return -EINVAL;  /* empty, sign, space */
	for (; *p >= '0' && *p <= '9'; p++) {
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *p - '0', &v))
			return -EINVAL;
	}
	switch (*p) {
	case '\0': break;
	case 's': mult = 1; break;
	case 'm': mult = 60; break;
	case 'h': mult = 3600; break;
	case 'd': mult = 86400; break;
	default: return -EINVAL;
	}
	if (*p && p[1] != '\0')
		return -EINVAL;
	if (v == 0 || __builtin_mul_overflow(v, mult, &v))
		return -EINVAL;
	*secs = v;
	return 0;
}
