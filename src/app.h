/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* app.h - the dashboard's state. Knows nothing of curses: keys arrive as APP_KEY_* codes or
 * characters (keys.h), drawing goes into a struct frame. */
#ifndef SHMTOP_APP_H
#define SHMTOP_APP_H

#include <stddef.h>
#include <stdint.h>

#include "attach.h"
#include "collect.h"
#include "frame.h"
#include "hexdump.h"
#include "keys.h"
#include "names.h"
#include "pmq.h"
#include "posix.h"
#include "psem.h"
#include "shmdir.h"
#include "procinfo.h"
#include "rc.h"
#include "shmem.h"
#include "trace.h"
#include "shmemscan.h"
#include "reader.h"
#include "snapshot.h"
#include "table.h"
#include "kind_shm.h"
#include "kinds.h"
#include "model.h"
#include "msgcollect.h"
#include "semcollect.h"
#include "track.h"

/* What the caller must do after app_key. */
enum {
	APP_DONE = 0, APP_REDRAW = 1, APP_POLL_NOW = 2, APP_QUIT = 4, APP_REPAINT = 8,
	APP_RESTYLE = 16,           /* cfg.scheme changed: the terminal's colours follow */
	APP_TRACE = 32,             /* start the tracer (the events screen asks): app_events_on */
	APP_REPLAY = 64,            /* --replay: show another time (replay_step, replay_want) */
};

enum app_mode {
	MODE_LIST, MODE_DETAIL, MODE_HELP, MODE_SORT, MODE_USER, MODE_CONFIRM, MODE_HEX,
	MODE_LIMITS, MODE_SETUP, MODE_SHMEM, MODE_EVENTS,
};

enum hex_input { HEX_INPUT_NONE, HEX_INPUT_GOTO, HEX_INPUT_SEARCH, HEX_INPUT_SAVE,
		 HEX_INPUT_OVERWRITE };

/* The hex view of one segment or POSIX object, read through a struct reader: nothing stays
 * attached between refreshes. */
struct app_hex {
	int open;                   /* the view is showing an object (its reader may be closed: gone) */
	int posix;                  /* a POSIX object */
	struct reader rd;           /* how the bytes are read; closed once the object is gone */
	char how[160];              /* reader_describe, kept when the reader closes */
	char name[POSIX_NAME_MAX];  /* the POSIX object's name */
	uint64_t cur_size;          /* its size now; below size after a truncation */
	struct shmseg seg;          /* as last seen in a poll */
	uint64_t size;              /* the object's size when opened */
	uint64_t cursor, top;       /* byte offsets; top is a multiple of per_line */
	int per_line, rows, digits; /* layout for the frame (app_set_size) */
	int frozen;
	int gone;                   /* no longer in the kernel's list, or unlinked: the reader let go */
	enum app_mode back;         /* where leaving returns to */
	uint8_t *window;            /* the bytes on screen (and the inspector's after them), as of the
				     * last refresh */
	size_t window_len, window_cap;
	uint64_t window_base;
	struct hexdump_marks marks;
	struct hexdump_pattern pat;
	int have_pat, searching;
	struct hexdump_search search;
	uint8_t *chunk;             /* what a search step reads */
	size_t chunk_cap;
	enum hex_input input;
	char text[256];             /* the prompt's text */
	char save_path[256];
};

/* A process attached to a segment that the removal dialog names. */
#define APP_CONFIRM_PROCS_MAX 32
struct app_confirm_proc {
	int32_t shmid, pid;
	unsigned mappings;
	int shmtop;                 /* a shmtop process */
	char cmdline[160];          /* raw; escape before display; its command name if unreadable */
};

/* What shmtop's own brief attaches did to a segment's evidence, to judge it as it was: lpid,
 * atime and dtime before shmtop first attached. Kept for a few segments, newest first. */
#define APP_TOUCH_MAX 16
struct app_touch {
	int32_t shmid, key, cpid;
	int64_t ctime;
	int32_t lpid;
	int64_t atime, dtime;
};

enum app_input { INPUT_NONE, INPUT_SEARCH, INPUT_FILTER, INPUT_NS, INPUT_DELAY, INPUT_TIME };

#define APP_HIST_MAX 600   /* total-bytes samples kept for the sparkline */
#define APP_TEXT_MAX 64

struct app_config {
	double delay;
	int read_only;
	int mouse;
	uint8_t sort;               /* the field of the first table the table starts sorted by */
	int sort_given;             /* -s: sort and reverse win over the settings file's */
	int reverse;                /* -r (without -s: the settings' order reversed) */
	int by_uid;
	uint32_t uid;
	const char *hostname;
	const char *version;
	int bytes;
	uint64_t ipc_ns;            /* inode of the IPC namespace being viewed, 0 unknown */
	int64_t stale_secs;         /* --stale */
	int show_procs;             /* the PROCESSES column (a, or --attachers) */
	const uint8_t *columns;     /* --columns: the first table's columns (indexes into its
				     * kind's fields, FIELD_NONE-ended); NULL: the kind's own */
	unsigned kinds;             /* the tables Tab goes through (KIND_BITs); 0: all */
	const int32_t *pids;        /* -p: only what these processes hold (kind.held_by) */
	size_t npids;
	enum palette_scheme scheme; /* the colours in use (F2 changes them) */
	unsigned no_meters;         /* the header's meters left out (view.h VIEW_METER_*) */
	const char *rc_path;        /* the settings file, for the setup screen's title; NULL: none */
	struct rc *rc;              /* the settings (shmtoprc) the tables start from, and where a
				     * sort, a delay or a setup change is recorded to be saved;
				     * NULL: none */
};

/* Seconds a scan of /proc/PID/maps (attachers, mappers) is trusted when nothing says it changed. */
#define ATTACH_MAX_AGE 5

struct app {
	struct app_config cfg;
	struct model models[KIND_COUNT]; /* one table per kind (kinds.h), each shown by the table
				     * screen (MODE_LIST) */
	struct model *m;            /* the one on screen */
	struct snapshot snap;       /* the latest poll (limits, usage, source) */
	struct names names;
	struct procinfo_cache pids;
	int have_pids;              /* pids was initialised with a proc root */
	int64_t now;                /* injected clock: the time of the frame being drawn */

	/* The screen's layout, set by app_set_size (never by drawing): */
	int list_height;            /* table rows the screen shows */
	int list_y;                 /* screen row of the first table row */
	int header_y;               /* screen row of the column titles */

	enum app_mode mode;
	enum app_mode back;         /* where Esc/q returns to from help */
	long help_top;              /* the help's first line on screen */
	enum app_input input;
	char search[APP_TEXT_MAX], filter[APP_TEXT_MAX], nspid[APP_TEXT_MAX];
	char delay_text[APP_TEXT_MAX]; /* s: the new refresh delay being typed */
	/* --replay: the recorded time shown (Unix ns; 0: live, and the keys below do nothing),
	 * and what [, ] and b ask for: the previous (-1) or next (1) change, or (0) replay_want */
	int64_t replay_ns;
	int replay_step;
	int64_t replay_want;
	char time_text[APP_TEXT_MAX];  /* b: the time being typed */
	int hscroll;                /* Left/Right: cells the table is scrolled sideways */
	int body_top;               /* the detail view's or limits panel's first row shown */
	struct shmem_report shmem;  /* where the Shmem went (m), as of shmem_time (0: never) */
	struct shmemscan shmemscan;
	int64_t shmem_time;
	long setup_sel, setup_top;  /* the setup screen's selected row and first row shown */
	struct app_events {         /* the traced operations (E), newest last, a ring */
		struct trace_event *v;
		size_t cap, head, n;    /* head: the oldest */
		int on;                 /* the tracer runs: APP_TRACE_BPF, or APP_TRACE_POLL (what
					 * the polls tell; why says why not BPF); 0 not */
		int64_t since;          /* Unix time it started */
		char why[256];          /* why it does not, escaped ("" not asked yet) */
		long sel, top;          /* the screen's selected row, first row (0: newest) */
		int paused;             /* the screen holds still: new records wait */
		size_t held;            /* records that came while paused */
		uint64_t added;         /* records ever added (the ring's n stops growing) */
		int jump_pending;       /* Enter found no object: look once more after a poll */
		struct trace_event pick; /* the record Enter opens, as it was (the ring moves on) */
		char filter[64];        /* only the records whose line holds it (\ or F4) */
		int typing;             /* the filter is being typed */
	} events;
	int32_t jump_pid;           /* Enter on the processes table: the process whose objects
				     * the tables show (cfg.pids points at it while jumped) */
	int jumped;
	const int32_t *saved_pids;  /* -p's pids, given back when Esc ends the jump */
	size_t saved_npids;
	uint8_t columns[KIND_COUNT][FIELD_MAX + 1]; /* each table's columns once setup changed
				     * them (FIELD_NONE-ended) */
	int paused, abs_time;
	long refreshes;             /* polls merged so far */

	char status[1536];
	int status_error;

	uint64_t hist[APP_HIST_MAX];
	size_t hist_n, hist_start;

	long menu_sel;              /* sort / user chooser */
	uint32_t *menu_uids;
	size_t menu_n;

	enum kind_id confirm_kind;  /* what kind the confirmation dialog is about */
	union {
		struct posixobj posix;
		struct semset sem;
		struct msgq msg;
		struct pmq pmq;
		struct psem psem;
	} confirm_other;            /* the one other object it would remove, pinned as seen */
	struct shmseg *confirm;     /* the segments it would remove */
	size_t confirm_n;
	size_t confirm_marked;      /* tagged segments left out: already marked for removal */
	int64_t confirm_seen_ns;    /* when the poll that listed them began (sysv_remove) */
	struct app_confirm_proc confirm_procs[APP_CONFIRM_PROCS_MAX]; /* their attachers */
	size_t confirm_nprocs;      /* in confirm_procs */
	size_t confirm_procs_total; /* all of them, also those that did not fit */
	size_t confirm_procs_shmtop; /* of those, shmtop processes */
	int confirm_procs_known;    /* the attachers were scanned (a proc root to scan) */

	int mouse_y, mouse_x;       /* of the last APP_KEY_MOUSE_CLICK */

	char cmdline[2][512];       /* detail view: creator's and last process's command lines */
	/* With a history database (NULL hook: none): what shmtop --record recorded of a segment's
	 * creator; refresh_screen reads it for the detail view's segment into rec_creator
	 * (rec_valid 0: nothing recorded of it) */
	const struct field_recorded *(*recorded)(const void *rctx, const void *obj);
	const void *rctx;
	struct field_recorded rec_creator;
	int rec_valid;
	struct semset_sem *semvals; /* detail view of an array: its semaphores (semctl, read-only) */
	size_t semvals_n, semvals_cap;
	int semvals_err;            /* -errno of that read */

	struct app_hex hex;
	struct app_touch touch[APP_TOUCH_MAX];
	size_t ntouch;
	int frame_w, frame_h;       /* the size app_set_size was last given */

	struct attach_list attachers; /* from the last scan; scanned only when something shows it */
	unsigned long attach_gen;   /* track generation of that scan, 0 = never */
	int64_t attach_time;
	int leak_only;              /* l: show only leak suspects */
	int32_t self_pid;           /* to say "shmtop itself" among the attachers */
	/* the POSIX table (Tab) */
	struct shmdir shm;          /* where its objects live (shm.shown "": no POSIX table) */
	struct posix_list posix;
	int64_t posix_scan_time;    /* when the mappers were last scanned (refresh_posix), 0 never */

	/* the POSIX message queues' and named semaphores' tables (refresh.c lists them) */
	struct shmdir mq;           /* the mqueue filesystem (mq.shown "": no queues' table) */
	int list_err[KIND_COUNT];   /* -errno of a kind's last listing (0: listed) */
	char list_why[KIND_COUNT][256]; /* its collect hook's warning then (raw), "" if none */
	const struct psem_list *psems; /* the semaphores' mappers, as the poll last scanned */

	struct sem_limits sem_limits; /* the other System V kinds' limits and usage, as polled */
	struct sem_usage sem_usage;
	struct msg_limits msg_limits;
	struct msg_usage msg_usage;

	struct sysv_info_view {
		int valid;
		uint64_t used_ids, shm_tot, shm_rss, shm_swp; /* SHM_INFO: pages */
	} kinfo;                    /* for the limits panel */
};

void app_init(struct app *a, const struct app_config *cfg, names_lookup_fn lookup);
void app_free(struct app *a);
/* Use procroot for process names (the dashboard); tests that need none skip this. */
void app_set_proc(struct app *a, const char *procroot, const struct procclock *clk);
/* Take over the POSIX directory d (opened or not: its error is what the POSIX table then says),
 * closing the one before; d is left closed. The POSIX table starts afresh. */
void app_set_shm(struct app *a, struct shmdir *d);
/* Take over the mqueue directory d (pmq_dir_open) likewise, for the POSIX queues' table. */
void app_set_mq(struct app *a, struct shmdir *d);
/* Where kind id's objects are listed from (a directory, escaped into buf), or NULL for the
 * System V kinds, which the kernel lists, and for a POSIX kind whose directory was not found. */
const char *app_kind_dir(const struct app *a, enum kind_id id, char *buf, size_t size);

/* Merge a new snapshot (which the app copies) and rebuild the rows. Returns 0 or -ENOMEM. */
int app_update(struct app *a, const struct snapshot *snap);
/* Merge a poll of another kind's objects (n of the kind's structs) taken at time, into its
 * table. Returns 0 or -ENOMEM. */
int app_update_kind(struct app *a, enum kind_id id, const void *objs, size_t n, int64_t time);
/* Tab: the next table of the kinds shown (the POSIX objects' screen among them). */
void app_next_table(struct app *a);
/* Whether a kind's table is among those Tab goes through. */
int app_kind_shown(const struct app *a, enum kind_id id);
/* The user and group names and the process information the fields of obj show, into the
 * caches (I/O: NSS, /proc; refresh_screen and the search and filter call it). */
void app_warm_obj(struct app *a, const struct kind *k, const void *obj);

/* A key typed into a prompt's text (size bytes): Backspace deletes the last character; a
 * character that allowed accepts (given the text so far) is appended while it fits. */
void app_text_key(char *text, size_t size, int key, int (*allowed)(int key, const char *text));

/* Handle one key. Returns APP_* flags. */
int app_key(struct app *a, int key);

/* Draw the current mode into f (sized by the caller). */
void app_draw(struct app *a, struct frame *f);

/* The table of segments, and the segment of one of its rows. */
static inline struct model *app_sysv(struct app *a)
{
	return &a->models[KIND_SHM];
}

static inline const struct shmseg *app_seg(const struct app *a, const struct track_row *r)
{
	return track_obj(&a->models[KIND_SHM].track, r);
}

/* The selected row, or NULL. */
struct track_row *app_selected(struct app *a);

/* Set the status line. msg is drawn as shmtop's own text (frame_put): escape the names and
 * paths it quotes with fmt_escape when building it. */
void app_status(struct app *a, int error, const char *msg);

/* The frame's size, before refresh_screen: the hex view's layout (bytes per line, rows) follows
 * it, so refresh_screen reads the window the frame will show. app_draw calls it too. */
void app_set_size(struct app *a, int w, int h);

/* The hex view: open a reader on the selected object through its kind's open_reader (see
 * reader.h: never left attached) and switch to it (0 or -errno, with the reason on the status
 * line: a kind without bytes, a gone or unlinked object); close lets go of the reader. */
int app_hex_open(struct app *a);
void app_hex_close(struct app *a);
/* Read the visible window from the object and update the change marks (each poll). */
void app_hex_refresh(struct app *a);
/* Keep the cursor on screen: move top by whole lines, re-reading the window if it moved. */
void app_hex_follow(struct app *a);
/* Background work (a search over a large segment) in small steps; nonzero while more remains. */
int app_work(struct app *a);

/* Switch to the IPC namespace of pid (setns; needs CAP_SYS_ADMIN): the tables start afresh and
 * POSIX objects come from that process's /dev/shm, resolved inside its root (shmdir_open_pid).
 * 0 or -errno, with the reason on the status line either way. */
int app_enter_ns(struct app *a, int32_t pid);

/* seg as its own users left it: where shmtop's own brief attach rewrote lpid, atime and dtime,
 * the values from before (see struct app_touch). */
struct shmseg app_untouched(const struct app *a, const struct shmseg *seg);

/* Leak reasons of a row as far as the cached process info knows (see leak.h), judged on the
 * segment as its users left it (app_untouched) and without shmtop's own attachments. */
unsigned app_row_leak(struct app *a, const struct track_row *r);

/* F9: ask to remove what is selected. Segments: the selected one, or the tagged ones, those still
 * there and not already marked for removal, with their attachers (a scan of /proc/PID/maps and
 * their command lines). Any other kind: the selected object alone, pinned as it was listed (the
 * answer acts on it, not on whatever is selected then). Opens the confirmation (MODE_CONFIRM), or
 * says on the status line why not (read-only, gone, already marked or unlinked). */
void app_confirm_open(struct app *a);
/* The answer: yes removes each object still identical to what was confirmed, through its kind's
 * remove (IPC_RMID or an unlink, re-checked first), and says what happened; no keeps them all.
 * Back to the table either way. */
void app_confirm_answer(struct app *a, int yes);

/* u: the user chooser (MODE_USER) over the distinct owners of the tracked segments, sorted by
 * name (a->menu_uids, a->menu_n; their names looked up now). */
void app_user_menu_open(struct app *a);

/* Exported for the views. */
void app_rebuild(struct app *a);

enum { APP_TRACE_OFF, APP_TRACE_BPF, APP_TRACE_POLL };
/* The tracer started (on: APP_TRACE_BPF; APP_TRACE_POLL, the polls in its place, why BPF is
 * not used) or could not (APP_TRACE_OFF, why; raw): the events screen says which. */
void app_events_on(struct app *a, int on, const char *why, int64_t since);
/* One traced operation, into the ring (the oldest goes when it is full). */
void app_events_add(struct app *a, const struct trace_event *ev);
/* Enter on the events screen: the selected record's object in its kind's table, its detail
 * view; not found and may_wait: look again after the next poll (it may be that new). */
int app_events_jump(struct app *a, int may_wait);
/* The command line the newest traced record of pid gave, or NULL (for field_ctx.traced). */
const char *app_traced_cmdline(const void *app, int32_t pid);
/* The i-th newest record (0: the newest), or NULL. */
const struct trace_event *app_events_at(const struct app *a, size_t i);

/* Enter on the processes table: the table of the objects the selected process maps (its
 * segments, else its POSIX objects), keeping only that process's rows as -p does. Returns
 * APP_* flags. */
int app_proc_jump(struct app *a);
/* Esc after it: every row again (and -p's processes, if given). Returns whether it was on. */
int app_proc_unjump(struct app *a);

/* Record the table on screen's sort and direction in the settings (a key or a click chose
 * them: they persist). */
void app_remember_sort(struct app *a);
/* Refresh every d seconds from now on, and record it in the settings. */
void app_set_delay(struct app *a, double d);
int app_row_matches(struct app *a, const struct track_row *r, const char *text);

#endif
