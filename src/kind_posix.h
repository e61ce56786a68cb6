/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* kind_posix.h - the fields of POSIX shared memory objects by index, for the code that knows
 * them (the unlink dialog, the writers' POSIX sections). */
#ifndef SHMTOP_KIND_POSIX_H
#define SHMTOP_KIND_POSIX_H

#include "kind.h"

enum posix_field {
	POSIX_F_NAME, POSIX_F_INODE, POSIX_F_SIZE, POSIX_F_UID, POSIX_F_GID, POSIX_F_OWNER,
	POSIX_F_GROUP, POSIX_F_MODE, POSIX_F_MTIME, POSIX_F_DELETED, POSIX_F_MAPPERS, POSIX_F_LEAK,
	POSIX_F_MAPPED_BY, POSIX_F_LEAK_SUSPECT, POSIX_F_LEAK_REASONS, POSIX_F_MODIFIED_TIMESTAMP,
	POSIX_F_COUNT
};

extern const struct kind kind_posix;

/* The model's key of an object: its device and inode mixed (an unlinked object keeps its key). */
uint64_t kind_posix_key(uint64_t dev, uint64_t ino);

/* The NAME field of the kinds whose unlinked objects live on while mapped (POSIX objects and
 * named semaphores): its text, the name escaped and " (deleted)" after an unlinked one's
 * (but where c->plain); its JSON member, the object's first (no comma); and its order, by
 * name (bytes), a listed object before an unlinked one of that name. */
enum frame_style kind_posix_name_text(const char *name, int deleted, const struct field_ctx *c,
				      char *buf, size_t size);
void kind_posix_name_json(const struct field *f, const char *name, struct outbuf *b);
int kind_posix_name_cmp(const char *a, int a_deleted, const char *b, int b_deleted);

struct posix_mapper;

/* Their mappers, the n processes at m: as JSON, ,"mappers":[{"pid":..,"comm":"..","uid":..,
 * "addr":"0x..","length":..,"access":"rw-s","count":1},...] (the attachers' shape; uid null
 * when unknown); and as the MAPPED BY column, "pid name,pid name" (a name alone cannot tell a
 * holder from a waiter), "-" for none, whole escaped entries only. */
void kind_posix_mappers_json(const struct posix_mapper *m, size_t n, struct outbuf *b);
void kind_posix_mapped_by(const struct posix_mapper *m, size_t n, char *buf, size_t size);

#endif
