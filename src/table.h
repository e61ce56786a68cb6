/* table.h - the model's view of a snapshot: which rows a filter keeps and in what order. */
#ifndef SHMTOP_TABLE_H
#define SHMTOP_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "names.h"
#include "snapshot.h"

/* Sortable fields, in the order the table shows them. */
enum table_key {
	TABLE_KEY, TABLE_SHMID, TABLE_OWNER, TABLE_GROUP, TABLE_PERMS, TABLE_SIZE, TABLE_NATTCH,
	TABLE_STATUS, TABLE_CPID, TABLE_LPID, TABLE_ATIME, TABLE_DTIME, TABLE_CTIME, TABLE_RSS,
	TABLE_SWAP,
	TABLE_NKEYS
};

struct table_filter {
	int by_uid;        /* keep only segments owned by uid */
	uint32_t uid;
};

/* Parse a sort column name (case-insensitive; aliases: id, attached, detached, changed).
 * Returns 0 or -EINVAL. */
int table_key_parse(const char *name, enum table_key *key);
/* The canonical lower-case name of a key ("shmid", "atime", ...). */
const char *table_key_name(enum table_key key);

int table_filter_match(const struct table_filter *f, const struct shmseg *s);

/* Write the indexes of the segments that pass f into rows (room for snap->segs.n), sorted by key
 * (ties broken by shmid), reversed if asked. Returns the number of rows. */
size_t table_build(const struct snapshot *snap, const struct table_filter *f, enum table_key key,
		   int reverse, struct names *names, uint32_t *rows);

/* Sort rows (indexes of records of `stride` bytes starting at base, each beginning with a
 * struct shmseg) by key, ties by shmid, reversed if asked. Skips the sort when already in order,
 * so an unchanged table costs one linear pass per refresh. */
void table_sort(uint32_t *rows, size_t n, const void *base, size_t stride, enum table_key key,
		int reverse, struct names *names);

/* Case-insensitive substring test for search and filter. Empty needle matches. */
int table_text_match(const char *hay, const char *needle);

/* Compare two segments by key (without the shmid tie-break): <0, 0, >0. */
int table_compare(const struct shmseg *a, const struct shmseg *b, enum table_key key,
		  struct names *names);

#endif
