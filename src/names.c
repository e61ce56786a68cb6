/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* names.c - cached uid/gid to name lookups (sorted arrays, binary search). */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

static int system_lookup(uint32_t id, int group, char *buf, size_t size)
{
	char tmp[4096];

	if (group) {
		struct group gr, *res = NULL;

		if (getgrgid_r((gid_t)id, &gr, tmp, sizeof(tmp), &res) != 0 || !res)
			return -ENOENT;
		snprintf(buf, size, "%s", gr.gr_name);
	} else {
		struct passwd pw, *res = NULL;

		if (getpwuid_r((uid_t)id, &pw, tmp, sizeof(tmp), &res) != 0 || !res)
			return -ENOENT;
		snprintf(buf, size, "%s", pw.pw_name);
	}
	return 0;
}

void names_init(struct names *n, names_lookup_fn lookup)
{
	memset(n, 0, sizeof(*n));
	n->lookup = lookup ? lookup : system_lookup;
}

void names_free(struct names *n)
{
	for (size_t i = 0; i < n->users.n; i++)
		free(n->users.v[i].name);
	for (size_t i = 0; i < n->groups.n; i++)
		free(n->groups.v[i].name);
	free(n->users.v);
	free(n->groups.v);
	n->users.v = n->groups.v = NULL;
	n->users.n = n->users.cap = n->groups.n = n->groups.cap = 0;
}

/* The index of id in t, or where it would go (*found 0). */
static size_t slot(const struct names_table *t, uint32_t id, int *found)
{
	size_t lo = 0, hi = t->n;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].id == id) {
			*found = 1;
			return mid;
		}
		if (t->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *known(const struct names_table *t, uint32_t id, char num[NAMES_NUM_LEN])
{
	int found;
	size_t i = slot(t, id, &found);

	if (found)
		return t->v[i].name;
	snprintf(num, NAMES_NUM_LEN, "%u", id);
	return num;
}

const char *names_user_known(const struct names *n, uint32_t uid, char num[NAMES_NUM_LEN])
{
	return known(&n->users, uid, num);
}

const char *names_group_known(const struct names *n, uint32_t gid, char num[NAMES_NUM_LEN])
{
	return known(&n->groups, gid, num);
}

static const char *find(struct names *n, struct names_table *t, uint32_t id, int group)
{
	struct names_entry e;
	char name[NAMES_MAX];
	int found;
	size_t lo = slot(t, id, &found);

	if (found)
		return t->v[lo].name;
	if (n->lookup(id, group, name, sizeof(name)) < 0 || !name[0])
		snprintf(name, sizeof(name), "%u", id);
	e.id = id;
	e.name = strdup(name);
	if (!e.name)
		return "?";
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct names_entry *v = realloc(t->v, cap * sizeof(*v));

		if (!v) {
			free(e.name);
			return "?";
		}
		t->v = v;
		t->cap = cap;
	}
	memmove(&t->v[lo + 1], &t->v[lo], (t->n - lo) * sizeof(*t->v));
	t->v[lo] = e;
	t->n++;
	return t->v[lo].name;
}

const char *names_user(struct names *n, uint32_t uid)
{
	return find(n, &n->users, uid, 0);
}

const char *names_group(struct names *n, uint32_t gid)
{
	return find(n, &n->groups, gid, 1);
}

int names_parse_user(const char *s, uint32_t *uid)
{
	char tmp[4096];
	struct passwd pw, *res = NULL;
	char *end;
	unsigned long v;

	if (!s || !*s)
		return -ENOENT;
	if (getpwnam_r(s, &pw, tmp, sizeof(tmp), &res) == 0 && res) {
		*uid = pw.pw_uid;
		return 0;
	}
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end || errno || v > UINT32_MAX || *s == '-' || *s == '+')
		return -ENOENT;
	*uid = (uint32_t)v;
	return 0;
}
