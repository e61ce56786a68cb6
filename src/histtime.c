/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* histtime.c - parsing the TIME of --since and --until (histtime.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "histtime.h"

#define NS 1000000000LL

/* n decimal digits at *p into *v (advancing *p): 0, or -1 when they are not there. */
static int digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		*v = *v * 10 + (**p - '0');
	}
	return 0;
}

/* ".fff" (any number of digits) at *p: nanoseconds, advancing *p */
static int64_t fraction(const char **p)
{
	int64_t ns = 0, scale = NS / 10;

	if (**p != '.')
		return 0;
	for ((*p)++; isdigit((unsigned char)**p); (*p)++, scale /= 10)
		ns += (**p - '0') * scale;
	return ns;
}

static int relative(const char *s, int64_t now_ns, int64_t *out)
{
	char *end;
	long long n;
	int64_t unit;

	if (!isdigit((unsigned char)s[1]))
		return -EINVAL;
	errno = 0;
	n = strtoll(s + 1, &end, 10);
	if (errno || end == s + 1 || n < 0 || !end[0] || end[1])
		return -EINVAL;
	switch (end[0]) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return -EINVAL;
	}
	if (n > INT64_MAX / NS / unit || (s[0] == '+' && now_ns > INT64_MAX - n * unit * NS))
		return -EINVAL;
	*out = s[0] == '+' ? now_ns + n * unit * NS : now_ns - n * unit * NS;
	return 0;
}

static int iso(const char *s, int64_t *out)
{
	const char *p = s;
	struct tm tm;
	int v, zone = 0, offset = 0;
	int64_t ns = 0;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (digits(&p, 4, &v) < 0 || *p++ != '-')
		return -EINVAL;
	tm.tm_year = v - 1900;
	if (digits(&p, 2, &v) < 0 || *p++ != '-' || v < 1 || v > 12)
		return -EINVAL;
	tm.tm_mon = v - 1;
	if (digits(&p, 2, &v) < 0 || v < 1 || v > 31)
		return -EINVAL;
	tm.tm_mday = v;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(&p, 2, &v) < 0 || v > 23 || *p++ != ':')
			return -EINVAL;
		tm.tm_hour = v;
		if (digits(&p, 2, &v) < 0 || v > 59)
			return -EINVAL;
		tm.tm_min = v;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &v) < 0 || v > 60)
				return -EINVAL;
			tm.tm_sec = v;
			ns = fraction(&p);
		}
	}
	if (*p == 'Z') {
		zone = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, h, m;

		if (digits(&p, 2, &h) < 0 || h > 23)
			return -EINVAL;
		if (*p == ':')
			p++;
		if (digits(&p, 2, &m) < 0 || m > 59)
			return -EINVAL;
		zone = 1;
		offset = sign * (h * 3600 + m * 60);
	}
	if (*p)
		return -EINVAL;
	{
		int year = tm.tm_year, mon = tm.tm_mon, mday = tm.tm_mday;

		if (zone) {
			t = timegm(&tm);
			t -= offset;
		} else {
			tm.tm_isdst = -1;
			t = mktime(&tm);
		}
		/* a day the month does not have (2026-02-31) comes back as another */
		if (tm.tm_year != year || tm.tm_mon != mon || tm.tm_mday != mday)
			return -EINVAL;
	}
	/* nanoseconds in 64 bits: 1677 to 2262 */
	if (t >= INT64_MAX / NS || t <= INT64_MIN / NS)
		return -EINVAL;
	*out = (int64_t)t * NS + ns;
	return 0;
}

int histtime_parse(const char *s, int64_t now_ns, int64_t *out)
{
	const char *p = s;
	int64_t sec = 0, ns;

	if (!s || !*s)
		return -EINVAL;
	if (!strcmp(s, "now")) {
		*out = now_ns;
		return 0;
	}
	if (s[0] == '-' || s[0] == '+')
		return relative(s, now_ns, out);
	if (strlen(s) >= 10 && s[4] == '-')
		return iso(s, out);
	for (; isdigit((unsigned char)*p); p++) {
		if (sec > (INT64_MAX / NS - 9) / 10)
			return -EINVAL;
		sec = sec * 10 + (*p - '0');
	}
	if (p == s)
		return -EINVAL;
	ns = fraction(&p);
	if (*p)
		return -EINVAL;
	*out = sec * NS + ns;
	return 0;
}
