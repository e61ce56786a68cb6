/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* histsnap.h - the recorder's samples in compact form: each kind's objects as what changed
 * since the last sample (or all of them: a full sample, which a replay starts from), every
 * object's struct encoded as the 32-bit words that differ from what it was, each XOR-, time- or
 * difference-coded as a varint; and a sample decoded back onto the state it was made from. Pure:
 * the structs are plain data (no pointers), their layout fingerprinted so that a shmtop whose
 * structs differ does not read another's samples. */
#ifndef SHMTOP_HISTSNAP_H
#define SHMTOP_HISTSNAP_H

#include <stddef.h>
#include <stdint.h>

#define HISTSNAP_MAX_KINDS 8
#define HISTSNAP_CODEC 1 /* the encoding's version: part of the layout fingerprint */

/* One kind as the codec sees it: its objects' size (a multiple of 4) and identity. */
struct histsnap_kind {
	size_t size;
	uint64_t (*key)(const void *obj);
};

/* What the next sample is relative to (the encoder's) or what the samples so far decoded to (a
 * replay's): each kind's objects, sorted by key. */
struct histsnap_set {
	unsigned char *objs;
	uint64_t *keys;
	size_t n, cap;
};

struct histsnap {
	const struct histsnap_kind *kinds;
	size_t nkinds;
	struct histsnap_set set[HISTSNAP_MAX_KINDS];
	uint32_t *order;            /* the encoder's scratch: the objects given, sorted by key */
	uint64_t *okeys;
	size_t ocap;
};

/* A growing byte buffer (the encoder's output). */
struct histsnap_buf {
	unsigned char *p;
	size_t len, cap;
};

void histsnap_init(struct histsnap *h, const struct histsnap_kind *kinds, size_t nkinds);
void histsnap_free(struct histsnap *h);
/* Forget every object (a replay's seek). */
void histsnap_reset(struct histsnap *h);

/* The fingerprint of the kinds' layout: the encoding's version, their sizes and fields (a
 * recorder stores it with each sample; a reader with another one cannot decode it). fields: each
 * kind's field names, offsets and types, as a string the caller makes; NULL for the sizes only. */
uint32_t histsnap_layout(const struct histsnap_kind *kinds, size_t nkinds, const char *fields);

/* Encode the objects of each kind (objs[i], n[i]; objs[i] NULL: kind i was not read this time
 * and counts as unchanged) into out (appended), relative to h's state, or with full relative to
 * nothing (every object; a kind not read is then empty); h becomes the state they make. time_s:
 * the sample's time in Unix seconds (times equal to it cost no bytes). *changed: how many
 * objects were added, changed or gone. 0 or -ENOMEM (h is then reset: the next sample must be
 * full). */
int histsnap_encode(struct histsnap *h, const void *const *objs, const size_t *n, int full,
		    int64_t time_s, struct histsnap_buf *out, size_t *changed);

/* Apply a sample encoded so (full: h is reset first) onto h. 0, -EPROTO when it does not decode
 * (h is then reset), or -ENOMEM. */
int histsnap_apply(struct histsnap *h, const void *data, size_t len, int full, int64_t time_s);

/* The object of kind with key in h's state, or NULL. */
const void *histsnap_find(const struct histsnap *h, size_t kind, uint64_t key);

void histsnap_buf_free(struct histsnap_buf *b);

#endif
