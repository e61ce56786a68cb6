/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* names.h - a uid -> user name and gid -> group name cache: one lookup per distinct id, ever,
 * instead of one per row (ipcs reads /etc/passwd once per segment, which is why it is slow). */
#ifndef SHMTOP_NAMES_H
#define SHMTOP_NAMES_H

#include <stddef.h>
#include <stdint.h>

#define NAMES_MAX 64

struct names_entry {
	uint32_t id;
	char *name; /* its own allocation, so it stays put while the table grows */
};

struct names_table {
	struct names_entry *v;
	size_t n, cap;
};

/* Looks up one id; writes the name into buf and returns 0, or -ENOENT when the id has no name.
 * Replaceable so tests need no /etc/passwd. */
typedef int (*names_lookup_fn)(uint32_t id, int group, char *buf, size_t size);

struct names {
	struct names_table users, groups;
	names_lookup_fn lookup;
};

/* lookup NULL means the system's getpwuid_r/getgrgid_r. */
void names_init(struct names *n, names_lookup_fn lookup);
void names_free(struct names *n);

/* The name of uid/gid, or its number as text when it has none. The string lives in the cache
 * until names_free. Never NULL. */
const char *names_user(struct names *n, uint32_t uid);
const char *names_group(struct names *n, uint32_t gid);

/* The name of uid/gid as far as the cache already knows, without a lookup (for drawing, which
 * must not wait on NSS): the cached name, or else the number written into num. */
#define NAMES_NUM_LEN 11
const char *names_user_known(const struct names *n, uint32_t uid, char num[NAMES_NUM_LEN]);
const char *names_group_known(const struct names *n, uint32_t gid, char num[NAMES_NUM_LEN]);

/* Resolve a user given as a name or a number. Returns 0 or -ENOENT. */
int names_parse_user(const char *s, uint32_t *uid);

#endif
