/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_confirm.c - the IPC_RMID confirmation: names what would be removed and who is attached,
 * says exactly what removing does to them, defaults to No, and only 'y' proceeds (app.c re-checks
 * each segment before it removes it). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "kind_msg.h"
#include "kind_posix.h"
#include "kind_pmq.h"
#include "kind_psem.h"
#include "kind_sem.h"
#include "view.h"

#define LINES_MAX 64
#define LINE_LEN 256

struct lines {
	char text[LINES_MAX][LINE_LEN];
	int title[LINES_MAX];       /* drawn as the dialog's title style */
	int n;
};

static void add(struct lines *l, int title, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add(struct lines *l, int title, const char *fmt, ...)
{
	va_list ap;

	if (l->n >= LINES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(l->text[l->n], LINE_LEN, fmt, ap);
	va_end(ap);
	l->title[l->n++] = title;
}

/* What the dialog says, line by line; at most `room` lines for the segments and processes. */
static void compose(struct app *a, struct lines *l, int room)
{
	size_t attached = 0, unattached = 0, keyed = 0, listed = 0, nproc = 0;
	char key[FMT_KEY_LEN], size[16], who[PROCINFO_COMM_MAX * 4], cmd[160 * 4];
	char num[NAMES_NUM_LEN];

	for (size_t i = 0; i < a->confirm_n; i++) {
		const struct shmseg *s = &a->confirm[i];

		if (s->nattch)
			attached++;
		else
			unattached++;
		keyed += s->key != 0;
	}
	for (size_t i = 0; i < a->confirm_n && (int)listed < room; i++) {
		const struct shmseg *s = &a->confirm[i];

		if (listed + 1 == (size_t)room && a->confirm_n > listed + 1) {
			add(l, 0, "... and %zu more", a->confirm_n - listed);
			listed++;
			break;
		}
		fmt_key(key, s->key);
		fmt_size(size, sizeof(size), s->size);
		fmt_escape(who, sizeof(who), names_user_known(&a->names, s->uid, num));
		add(l, 0, "key %s%s  shmid %d  owner %s  size %s  nattch %llu", key,
		    s->key ? "" : " (IPC_PRIVATE)", (int)s->shmid, who, size,
		    (unsigned long long)s->nattch);
		listed++;
	}
	if (a->confirm_marked)
		add(l, 0, "(%zu tagged already marked for removal: left out)", a->confirm_marked);
	nproc = a->confirm_procs_total - a->confirm_procs_shmtop;
	if (attached && a->confirm_procs_known) {
		add(l, 0, "Attached: %zu process%s", nproc, nproc == 1 ? "" : "es");
		for (size_t i = 0; i < a->confirm_nprocs; i++) {
			const struct app_confirm_proc *p = &a->confirm_procs[i];
			char where[32] = "";

			if ((int)listed >= room || (i + 1 == a->confirm_nprocs &&
						    a->confirm_procs_total > a->confirm_nprocs)) {
				add(l, 0, "  ... and %zu more", a->confirm_procs_total - i);
				break;
			}
			if (a->confirm_n > 1)
				snprintf(where, sizeof(where), "  (shmid %d)", (int)p->shmid);
			fmt_escape(cmd, sizeof(cmd), p->cmdline);
			add(l, 0, "  pid %d  %s%s%s", (int)p->pid, cmd, where,
			    p->shmtop ? "  [a shmtop: reading it briefly]" : "");
			listed++;
		}
		if (attached && !nproc)
			add(l, 0, "  none that shmtop can see (other users' or containers')");
	}
	if (attached) {
		add(l, 0, "%s IPC_RMID only marks %s: %s keep%s reading and writing it,",
		    a->confirm_n == 1 ? "Attached:" : "Those attached:", a->confirm_n == 1 ? "it" : "them",
		    nproc == 1 ? "the process above" : nproc ? "the processes above" :
		    "its processes", nproc == 1 ? "s" : "");
		add(l, 0, "and it is destroyed when the last of them detaches.");
		if (keyed && a->confirm_n == 1)
			add(l, 0, "Its key is freed now: shmget() with it makes a new, empty segment.");
		else if (keyed)
			add(l, 0, "Their keys are freed now: shmget() with one makes a new segment.");
		else
			add(l, 0, "Its key is already 0 (IPC_PRIVATE): only processes holding its id reach it.");
	}
	if (unattached)
		add(l, 0, "%s: destroyed at once, and %s contents are lost.",
		    attached ? "Those not attached" : "Nobody is attached", unattached == 1 ? "its" : "their");
	add(l, 0, "Each is re-checked first (ids are reused): one that changed is kept.");
	add(l, 1, "Remove? y = yes, anything else = No");
}

/* The question about any other kind: which one, what removing or unlinking it does. */
static void compose_other(struct app *a, struct lines *l, char *title, size_t size)
{
	const struct kind *k = kinds[a->confirm_kind];
	char key[FMT_KEY_LEN], who[NAMES_MAX * 4], num[NAMES_NUM_LEN];

	if (k == &kind_posix) {
		const struct posixobj *o = &a->confirm_other.posix;
		char name[POSIX_NAME_MAX * 4], sz[16];
		size_t first, n = posix_find_mappers(&a->posix, o->dev, o->ino, &first);

		fmt_escape(name, sizeof(name), o->name);
		fmt_escape(who, sizeof(who), names_user_known(&a->names, o->uid, num));
		fmt_size(sz, sizeof(sz), o->size);
		snprintf(title, size, "Unlink %s? (shm_unlink)", name);
		add(l, 0, "size %s  owner %s  mapped by %zu process%s", sz, who, n, n == 1 ? "" : "es");
		if (n) {
			add(l, 0, "Its name goes at once; the processes that map it keep their mappings,");
			add(l, 0, "and its memory is freed when the last of them unmaps it.");
		} else {
			add(l, 0, "Its name goes at once and, as nothing maps it, so does its memory.");
		}
		add(l, 0, "It is re-checked first: the same object, with the same size and ctime.");
		add(l, 1, "Unlink? y = yes, anything else = No");
		return;
	}
	if (k == &kind_pmq) {
		const struct pmq *q = &a->confirm_other.pmq;
		char name[POSIX_NAME_MAX * 4];

		fmt_escape(name, sizeof(name), q->name);
		fmt_escape(who, sizeof(who), names_user_known(&a->names, q->uid, num));
		snprintf(title, size, "Unlink message queue %s? (mq_unlink)", name);
		if (q->attr_err)
			add(l, 0, "owner %s  messages unknown (%s)", who, strerror(-q->attr_err));
		else
			add(l, 0, "owner %s  %lld message%s queued, at most %lld of %lld bytes", who,
			    (long long)q->curmsgs, q->curmsgs == 1 ? "" : "s", (long long)q->maxmsg,
			    (long long)q->msgsize);
		add(l, 0, "Its name goes at once; processes that have it open keep using it, and it");
		add(l, 0, "and its messages are freed when the last of them closes it.");
		add(l, 0, "It is re-checked first (names are reused): the same queue, with the same");
		add(l, 0, "owner, group and mode.");
		add(l, 1, "Unlink? y = yes, anything else = No");
		return;
	}
	if (k == &kind_psem) {
		const struct psem *p = &a->confirm_other.psem;
		char name[POSIX_NAME_MAX * 4];

		fmt_escape(name, sizeof(name), p->name);
		fmt_escape(who, sizeof(who), names_user_known(&a->names, p->uid, num));
		snprintf(title, size, "Unlink named semaphore %s? (sem_unlink)", name);
		if (p->value_state == PSEM_VALUE_OK)
			add(l, 0, "owner %s  value %u  waiters %u", who, p->value, p->nwaiters);
		else
			add(l, 0, "owner %s  value unknown", who);
		add(l, 0, "Its name goes at once; processes that have it open keep using it until");
		add(l, 0, "they close it; a later sem_open of the name makes a new one.");
		add(l, 0, "It is re-checked first (names are reused): the same semaphore, with the");
		add(l, 0, "same size and ctime.");
		add(l, 1, "Unlink? y = yes, anything else = No");
		return;
	}
	if (k == &kind_sem) {
		const struct semset *s = &a->confirm_other.sem;

		fmt_key(key, s->key);
		fmt_escape(who, sizeof(who), names_user_known(&a->names, s->uid, num));
		snprintf(title, size, "Remove semaphore array %d? (IPC_RMID)", (int)s->semid);
		add(l, 0, "key %s%s  semid %d  owner %s  %u semaphore%s", key,
		    s->key ? "" : " (IPC_PRIVATE)", (int)s->semid, who, s->nsems,
		    s->nsems == 1 ? "" : "s");
		add(l, 0, "It is destroyed at once: processes blocked in semop on it wake with EIDRM,");
		add(l, 0, "and its values, and the undo adjustments processes hold, are lost.");
		add(l, 0, "It is re-checked first (ids are reused): one whose owner, mode or values");
		add(l, 0, "changed since it was listed is kept.");
	} else {
		const struct msgq *q = &a->confirm_other.msg;

		fmt_key(key, q->key);
		fmt_escape(who, sizeof(who), names_user_known(&a->names, q->uid, num));
		snprintf(title, size, "Remove message queue %d? (IPC_RMID)", (int)q->msqid);
		add(l, 0, "key %s%s  msqid %d  owner %s  %llu message%s, %llu bytes", key,
		    q->key ? "" : " (IPC_PRIVATE)", (int)q->msqid, who,
		    (unsigned long long)q->qnum, q->qnum == 1 ? "" : "s",
		    (unsigned long long)q->cbytes);
		add(l, 0, "It is destroyed at once: its messages are lost, and processes blocked in");
		add(l, 0, "msgsnd or msgrcv on it wake with EIDRM.");
		add(l, 0, "It is re-checked first (ids are reused): one whose owner or mode changed");
		add(l, 0, "since it was listed is kept.");
	}
	add(l, 1, "Remove? y = yes, anything else = No");
}

static void confirm_draw(struct app *a, struct frame *f)
{
	const char *const fbar[] = { "y", kinds[a->confirm_kind]->unlinks ? "Unlink  " : "Remove  ",
				     "n/Esc", "Keep (default)", NULL, NULL };
	int w = f->w - 4 > 90 ? 90 : f->w - 4, x = (f->w - w) / 2, h, y, fixed;
	struct lines l = { .n = 0 };
	char title[POSIX_NAME_MAX * 4 + 64];

	view_list.draw(a, f);
	if (kinds[a->confirm_kind] != &kind_shm) {
		compose_other(a, &l, title, sizeof(title));
	} else {
		/* the consequences take up to 7 lines; the rest of the screen lists what and who */
		fixed = 8;
		compose(a, &l, f->h - 4 - fixed > 2 ? f->h - 4 - fixed : 2);
		snprintf(title, sizeof(title), "Remove %zu segment%s? (IPC_RMID)", a->confirm_n,
			 a->confirm_n == 1 ? "" : "s");
	}
	h = l.n + 2 < f->h - 2 ? l.n + 2 : f->h - 2;
	y = (f->h - 1 - h) / 2;
	view_draw_box(f, y, x, h, w, title);
	for (int i = 0; i < l.n && i < h - 2; i++) {
		/* the question is the last line, always shown */
		int k = i == h - 3 ? l.n - 1 : i;

		frame_put(f, y + 1 + i, x + 2, w - 3, l.title[k] ? STYLE_DIALOG_TITLE : STYLE_DIALOG,
			  l.text[k]);
	}
	view_draw_fbar(a, f, fbar);
}

/* Every key answers: only a yes removes (keys.c: any other key is No). */
static int confirm_key(struct app *a, int key)
{
	enum key_action act = keys_action(MODE_CONFIRM, key);

	app_confirm_answer(a, act == ACT_YES);
	return act == ACT_QUIT ? APP_QUIT : APP_REDRAW | APP_POLL_NOW;
}

const struct view view_confirm = { "confirm", confirm_draw, confirm_key };
