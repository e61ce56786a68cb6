/* procshm.c - parse /proc/sysvipc/shm into segments, mapping columns by the header's names.
 * The kernel prints the key as signed decimal and perms in octal (with SHM_DEST/SHM_LOCKED);
 * kernels before 4.14 have no rss/swap columns. A line that does not parse is counted, not fatal. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procshm.h"

enum col {
	COL_IGNORED, COL_KEY, COL_SHMID, COL_PERMS, COL_SIZE, COL_CPID, COL_LPID, COL_NATTCH,
	COL_UID, COL_GID, COL_CUID, COL_CGID, COL_ATIME, COL_DTIME, COL_CTIME, COL_RSS, COL_SWAP,
	COL_COUNT
};

static const char *const col_names[COL_COUNT] = {
	[COL_KEY] = "key", [COL_SHMID] = "shmid", [COL_PERMS] = "perms", [COL_SIZE] = "size",
	[COL_CPID] = "cpid", [COL_LPID] = "lpid", [COL_NATTCH] = "nattch", [COL_UID] = "uid",
	[COL_GID] = "gid", [COL_CUID] = "cuid", [COL_CGID] = "cgid", [COL_ATIME] = "atime",
	[COL_DTIME] = "dtime", [COL_CTIME] = "ctime", [COL_RSS] = "rss", [COL_SWAP] = "swap",
};

#define MAX_COLS 64

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Split line into at most max tokens in place; returns the count, or max + 1 if there were more. */
static size_t split(char *line, char **tok, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		while (is_space(*p))
			p++;
		if (!*p)
			return n;
		if (n == max)
			return max + 1;
		tok[n++] = p;
		while (*p && !is_space(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static enum col col_lookup(const char *name)
{
	for (int c = COL_KEY; c < COL_COUNT; c++)
		if (strcmp(name, col_names[c]) == 0)
			return (enum col)c;
	return COL_IGNORED;
}

/* Parse an unsigned number in base 8 or 10 covering all of s; 0 or -1. */
static int parse_u64(const char *s, unsigned base, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (d >= base)
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

static int parse_s64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int neg = *s == '-';
	uint64_t u;

	if (parse_u64(s + neg, 10, &u) < 0)
		return -1;
	if (neg) {
		if (u > (uint64_t)INT64_MAX + 1 || -(int64_t)(u - 1) - 1 < min)
			return -1;
		*out = -(int64_t)(u - 1) - 1;
	} else {
		if (u > (uint64_t)max)
			return -1;
		*out = (int64_t)u;
	}
	return 0;
}

static int parse_field(struct shmseg *s, enum col c, const char *t)
{
	uint64_t u;
	int64_t i;

	switch (c) {
	case COL_IGNORED:
		return 0;
	case COL_KEY:
		/* signed decimal; accept the unsigned spelling too */
		if (parse_s64(t, INT32_MIN, UINT32_MAX, &i) < 0)
			return -1;
		s->key = (int32_t)(uint32_t)i;
		return 0;
	case COL_SHMID:
	case COL_CPID:
	case COL_LPID:
		if (parse_s64(t, 0, INT32_MAX, &i) < 0)
			return -1;
		if (c == COL_SHMID)
			s->shmid = (int32_t)i;
		else if (c == COL_CPID)
			s->cpid = (int32_t)i;
		else
			s->lpid = (int32_t)i;
		return 0;
	case COL_PERMS:
		if (parse_u64(t, 8, &u) < 0 || u > 07777)
			return -1;
		s->mode = (uint32_t)u;
		return 0;
	default:
		break;
	}
	if (parse_u64(t, 10, &u) < 0)
		return -1;
	switch (c) {
	case COL_SIZE: s->size = u; break;
	case COL_NATTCH: s->nattch = u; break;
	case COL_UID: case COL_GID: case COL_CUID: case COL_CGID:
		if (u > UINT32_MAX)
			return -1;
		if (c == COL_UID)
			s->uid = (uint32_t)u;
		else if (c == COL_GID)
			s->gid = (uint32_t)u;
		else if (c == COL_CUID)
			s->cuid = (uint32_t)u;
		else
			s->cgid = (uint32_t)u;
		break;
	case COL_ATIME: case COL_DTIME: case COL_CTIME: case COL_RSS: case COL_SWAP:
		if (u > INT64_MAX)
			return -1;
		if (c == COL_ATIME)
			s->atime = (int64_t)u;
		else if (c == COL_DTIME)
			s->dtime = (int64_t)u;
		else if (c == COL_CTIME)
			s->ctime = (int64_t)u;
		else if (c == COL_RSS)
			s->rss = (int64_t)u;
		else
			s->swap = (int64_t)u;
		break;
	default:
		return -1;
	}
	return 0;
}

int procshm_parse(FILE *f, struct shmseg_list *out, struct procshm_stats *st)
{
	enum col map[MAX_COLS];
	char *tok[MAX_COLS];
	char *line = NULL;
	size_t cap = 0, ncols = 0;
	unsigned seen = 0;
	int rc = 0;
	ssize_t len;

	memset(st, 0, sizeof(*st));
	errno = 0;
	len = getline(&line, &cap, f);
	if (len < 0) {
		rc = ferror(f) ? -(errno ? errno : EIO) : -ENODATA;
		goto done;
	}
	ncols = split(line, tok, MAX_COLS);
	if (ncols > MAX_COLS) {
		rc = -EINVAL;
		goto done;
	}
	for (size_t i = 0; i < ncols; i++) {
		map[i] = col_lookup(tok[i]);
		if (map[i] != COL_IGNORED)
			seen |= 1u << map[i];
	}
	{
		unsigned need = 1u << COL_KEY | 1u << COL_SHMID | 1u << COL_PERMS | 1u << COL_SIZE;

		if ((seen & need) != need) {
			rc = -EINVAL;
			goto done;
		}
	}
	st->has_rss = (seen & (1u << COL_RSS)) && (seen & (1u << COL_SWAP));

	while ((len = getline(&line, &cap, f)) >= 0) {
		struct shmseg s = { .rss = SHMSEG_UNKNOWN, .swap = SHMSEG_UNKNOWN };
		size_t n = split(line, tok, MAX_COLS);
		size_t i;

		if (n == 0)
			continue; /* blank line */
		st->lines++;
		if (n != ncols) {
			st->malformed++;
			continue;
		}
		for (i = 0; i < n; i++)
			if (parse_field(&s, map[i], tok[i]) < 0)
				break;
		if (i < n) {
			st->malformed++;
			continue;
		}
		if (!(seen & (1u << COL_RSS)))
			s.rss = SHMSEG_UNKNOWN;
		if (!(seen & (1u << COL_SWAP)))
			s.swap = SHMSEG_UNKNOWN;
		rc = shmseg_list_push(out, &s);
		if (rc < 0)
			goto done;
	}
	if (ferror(f))
		rc = -(errno ? errno : EIO);
done:
	free(line);
	return rc;
}
