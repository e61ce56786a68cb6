/* leak.c - the leak rules of shmtop(1) LEAK DETECTION, as pure functions of a segment, whether
 * its creator is gone, and the time. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "leak.h"

static const char *const reason_names[] = {
	"orphan", "creator-gone", "unreachable", "stale",
};
#define NREASONS (sizeof(reason_names) / sizeof(reason_names[0]))

int64_t leak_unattached_since(const struct shmseg *s)
{
	return s->dtime ? s->dtime : s->ctime;
}

unsigned leak_reasons(const struct shmseg *s, int creator_gone, int64_t now, int64_t stale_secs)
{
	unsigned r = 0;
	int64_t since, age;

	if (s->nattch == 0 && !(s->mode & SHMSEG_MODE_DEST))
		r |= LEAK_ORPHAN;
	if (creator_gone)
		r |= LEAK_CREATOR_GONE;
	if (s->nattch == 0 && s->key == 0)
		r |= LEAK_UNREACHABLE;
	since = leak_unattached_since(s);
	/* strictly longer than the limit; a time in the future (clock set back) is not stale, and
	 * a difference past INT64_MAX is */
	if (s->nattch == 0 && stale_secs > 0 && now > since &&
	    (__builtin_sub_overflow(now, since, &age) || age > stale_secs))
		r |= LEAK_STALE;
	return r;
}

int leak_is_suspect(unsigned reasons)
{
	return (reasons & LEAK_ORPHAN) &&
	       (reasons & (LEAK_CREATOR_GONE | LEAK_UNREACHABLE | LEAK_STALE));
}

const char *leak_reason_name(enum leak_reason r)
{
	for (size_t i = 0; i < NREASONS; i++)
		if ((unsigned)r == 1u << i)
			return reason_names[i];
	return NULL;
}

size_t leak_format(unsigned reasons, char *buf, size_t size)
{
	size_t n = 0;

	if (!size)
		return 0;
	for (size_t i = 0; i < NREASONS; i++) {
		size_t len;

		if (!(reasons & (1u << i)))
			continue;
		len = strlen(reason_names[i]);
		if (n + (n > 0) + len >= size)
			break;  /* whole names only */
		if (n > 0)
			buf[n++] = ',';
		memcpy(buf + n, reason_names[i], len);
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
