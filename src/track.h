/* track.h - mark-and-sweep tracking of segments across polls (as htop does for processes):
 * which rows are new, which cells changed, which segments vanished (kept briefly as "gone"
 * tombstones), tags, and a short nattch history per segment. */
#ifndef SHMTOP_TRACK_H
#define SHMTOP_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "shmseg.h"
#include "snapshot.h"

#define TRACK_HIGHLIGHT 3   /* refreshes a new row or a changed cell stays highlighted */
#define TRACK_GONE_KEEP 3   /* refreshes a vanished segment stays as a "gone" row */
#define TRACK_HIST_MAX 32   /* nattch changes remembered per segment */

/* Bits of track_row.changed: which fields changed at the last poll that changed them. */
enum track_field {
	TRACK_F_KEY = 1u << 0, TRACK_F_MODE = 1u << 1, TRACK_F_NATTCH = 1u << 2,
	TRACK_F_LPID = 1u << 3, TRACK_F_ATIME = 1u << 4, TRACK_F_DTIME = 1u << 5,
	TRACK_F_CTIME = 1u << 6, TRACK_F_RSS = 1u << 7, TRACK_F_SWAP = 1u << 8,
	TRACK_F_OWNER = 1u << 9,
};

struct track_hist {
	int64_t time;
	uint64_t nattch;
};

struct track_row {
	struct shmseg seg;        /* latest values (the last seen, for a gone row) */
	unsigned long born;       /* poll generation it first appeared in */
	unsigned long seen;       /* generation it was last present in */
	int64_t seen_time;        /* snapshot time of that generation */
	unsigned long gone;       /* generation it vanished in, 0 while present */
	unsigned long changed_at; /* generation of the last change */
	uint32_t changed;         /* TRACK_F_* bits of that change */
	int tagged;
	struct track_hist *hist;  /* nattch changes, allocated at the first change; ring */
	unsigned nhist, hist_start;
};

struct track {
	struct track_row *rows;
	size_t n, cap;
	unsigned long gen;        /* 1 after the first update */
	unsigned long nattch_gen; /* last generation in which any segment's nattch changed, or
				   * a segment appeared or vanished */
	int32_t *index;           /* open-addressing hash: shmid -> row index + 1 */
	size_t index_cap;
};

void track_init(struct track *t);
void track_free(struct track *t);

/* Merge a new snapshot: update present rows, add new ones, mark vanished ones gone and drop
 * tombstones older than TRACK_GONE_KEEP. Returns 0 or -ENOMEM. */
int track_update(struct track *t, const struct snapshot *snap);

/* Row index of a present or gone segment with this shmid, or -1. */
long track_find(const struct track *t, int32_t shmid);

/* Highlight state for display at the current generation. */
int track_is_new(const struct track *t, const struct track_row *r);
int track_is_gone(const struct track_row *r);
/* Nonzero when any of the fields in mask changed in the last TRACK_HIGHLIGHT polls. */
int track_changed(const struct track *t, const struct track_row *r, uint32_t mask);

/* The i-th oldest remembered nattch change of r (i < r->nhist). */
const struct track_hist *track_hist_at(const struct track_row *r, unsigned i);

size_t track_tagged_count(const struct track *t);
void track_untag_all(struct track *t);

#endif
