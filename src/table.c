/* table.c - filter and sort a snapshot's segments into a list of row indexes. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "table.h"

static const char *const key_names[TABLE_NKEYS] = {
	[TABLE_KEY] = "key", [TABLE_SHMID] = "shmid", [TABLE_OWNER] = "owner",
	[TABLE_GROUP] = "group", [TABLE_PERMS] = "perms", [TABLE_SIZE] = "size",
	[TABLE_NATTCH] = "nattch", [TABLE_STATUS] = "status", [TABLE_CPID] = "cpid",
	[TABLE_LPID] = "lpid", [TABLE_ATIME] = "atime", [TABLE_DTIME] = "dtime",
	[TABLE_CTIME] = "ctime", [TABLE_RSS] = "rss", [TABLE_SWAP] = "swap",
};

static const struct {
	const char *alias;
	enum table_key key;
} aliases[] = {
	{ "id", TABLE_SHMID }, { "attached", TABLE_ATIME }, { "detached", TABLE_DTIME },
	{ "changed", TABLE_CTIME }, { "user", TABLE_OWNER }, { "uid", TABLE_OWNER },
};

int table_key_parse(const char *name, enum table_key *key)
{
	for (int k = 0; k < TABLE_NKEYS; k++) {
		if (strcasecmp(name, key_names[k]) == 0) {
			*key = (enum table_key)k;
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		if (strcasecmp(name, aliases[i].alias) == 0) {
			*key = aliases[i].key;
			return 0;
		}
	}
	return -EINVAL;
}

const char *table_key_name(enum table_key key)
{
	return (unsigned)key < TABLE_NKEYS ? key_names[key] : "?";
}

int table_filter_match(const struct table_filter *f, const struct shmseg *s)
{
	if (f && f->by_uid && s->uid != f->uid)
		return 0;
	return 1;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

int table_compare(const struct shmseg *a, const struct shmseg *b, enum table_key key,
		  struct names *names)
{
	switch (key) {
	case TABLE_KEY: return CMP((uint32_t)a->key, (uint32_t)b->key);
	case TABLE_SHMID: return CMP(a->shmid, b->shmid);
	case TABLE_OWNER:
		return a->uid == b->uid ? 0 :
		       strcmp(names_user(names, a->uid), names_user(names, b->uid));
	case TABLE_GROUP:
		return a->gid == b->gid ? 0 :
		       strcmp(names_group(names, a->gid), names_group(names, b->gid));
	case TABLE_PERMS: return CMP(a->mode & SHMSEG_MODE_PERMS, b->mode & SHMSEG_MODE_PERMS);
	case TABLE_SIZE: return CMP(a->size, b->size);
	case TABLE_NATTCH: return CMP(a->nattch, b->nattch);
	case TABLE_STATUS:
		return CMP(a->mode & (SHMSEG_MODE_DEST | SHMSEG_MODE_LOCKED),
			   b->mode & (SHMSEG_MODE_DEST | SHMSEG_MODE_LOCKED));
	case TABLE_CPID: return CMP(a->cpid, b->cpid);
	case TABLE_LPID: return CMP(a->lpid, b->lpid);
	case TABLE_ATIME: return CMP(a->atime, b->atime);
	case TABLE_DTIME: return CMP(a->dtime, b->dtime);
	case TABLE_CTIME: return CMP(a->ctime, b->ctime);
	case TABLE_RSS: return CMP(a->rss, b->rss);
	case TABLE_SWAP: return CMP(a->swap, b->swap);
	case TABLE_NKEYS: break;
	}
	return 0;
}

struct sort_ctx {
	const char *base;
	size_t stride;
	enum table_key key;
	int reverse;
	struct names *names;
};

static const struct shmseg *seg_at(const struct sort_ctx *c, uint32_t i)
{
	return (const struct shmseg *)(const void *)(c->base + (size_t)i * c->stride);
}

static int row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *c = arg;
	const struct shmseg *a = seg_at(c, *(const uint32_t *)pa);
	const struct shmseg *b = seg_at(c, *(const uint32_t *)pb);
	int r = table_compare(a, b, c->key, c->names);

	if (r == 0)
		r = CMP(a->shmid, b->shmid);
	return c->reverse ? -r : r;
}

void table_sort(uint32_t *rows, size_t n, const void *base, size_t stride, enum table_key key,
		int reverse, struct names *names)
{
	struct sort_ctx ctx = { base, stride, key, reverse, names };
	size_t i;

	/* Names are resolved before sorting so the comparator does no lookups of its own. */
	if (key == TABLE_OWNER || key == TABLE_GROUP)
		for (i = 0; i < n; i++)
			(void)(key == TABLE_OWNER ? names_user(names, seg_at(&ctx, rows[i])->uid)
						  : names_group(names, seg_at(&ctx, rows[i])->gid));
	for (i = 1; i < n; i++)
		if (row_cmp(&rows[i - 1], &rows[i], &ctx) > 0)
			break;
	if (i < n)
		qsort_r(rows, n, sizeof(*rows), row_cmp, &ctx);
}

int table_text_match(const char *hay, const char *needle)
{
	return !*needle || strcasestr(hay, needle) != NULL;
}

size_t table_build(const struct snapshot *snap, const struct table_filter *f, enum table_key key,
		   int reverse, struct names *names, uint32_t *rows)
{
	size_t n = 0;

	for (size_t i = 0; i < snap->segs.n; i++)
		if (table_filter_match(f, &snap->segs.v[i]))
			rows[n++] = (uint32_t)i;
	table_sort(rows, n, snap->segs.v, sizeof(*snap->segs.v), key, reverse, names);
	return n;
}
