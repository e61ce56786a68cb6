/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* view_menu.c - the two choosers: sort column (F6) and user (u), as side panels like htop's. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "view.h"

static int menu_move(struct app *a, enum key_action act, long n)
{
	long top = 0;

	switch (act) {
	case ACT_UP: view_move(&a->menu_sel, &top, n, -1, (int)n); return 1;
	case ACT_DOWN: view_move(&a->menu_sel, &top, n, 1, (int)n); return 1;
	case ACT_HOME: a->menu_sel = 0; return 1;
	case ACT_END: a->menu_sel = n - 1; return 1;
	default: return 0;
	}
}

/* The items from the first_name-th on are names from outside (user names): drawn escaped. */
static void menu_draw(struct app *a, struct frame *f, const char *title, const char *const *items,
		      long n, long first_name)
{
	int w = 24, h = f->h - 2, y = 1;
	long top = 0, sel = a->menu_sel;

	view_draw_box(f, 0, 0, f->h - 1, w, title);
	view_move(&sel, &top, n, 0, h - 1);
	for (long i = top; i < n && y < h; i++, y++) {
		enum frame_style st = i == a->menu_sel ? STYLE_SELECTED : STYLE_DIALOG;

		if (i >= first_name)
			frame_put_name(f, y, 1, w - 2, st, items[i]);
		else
			frame_put(f, y, 1, w - 2, st, items[i]);
	}
}

/* ---------------------------------------------------------------- sort */

static void sort_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "Enter", "Sort  ", "Esc", "Cancel", NULL, NULL };
	const uint8_t *cols = a->m->kind->sort_columns;
	const char *items[FIELD_MAX];
	long n = 0;

	view_list.draw(a, f);
	for (; cols[n] != FIELD_NONE; n++)
		items[n] = a->m->kind->fields[cols[n]].name;
	menu_draw(a, f, "Sort by", items, n, n);
	view_draw_fbar(a, f, fbar);
}

static int sort_key(struct app *a, int key)
{
	enum key_action act = keys_action(MODE_SORT, key);

	long n = (long)kind_list_len(a->m->kind->sort_columns);

	if (menu_move(a, act, n))
		return APP_REDRAW;
	if (act == ACT_CHOOSE) {
		uint8_t sort = a->m->kind->sort_columns[a->menu_sel];

		/* another column starts in its first direction (largest first for a quantity);
		 * choosing the one in force keeps its direction */
		if (sort != a->m->sort)
			a->m->reverse = field_desc_first(&a->m->kind->fields[sort]);
		a->m->sort = sort;
		app_remember_sort(a);
		app_rebuild(a);
	} else if (act == ACT_QUIT) {
		return APP_QUIT;
	} else if (act != ACT_BACK) {
		return APP_DONE;
	}
	a->mode = MODE_LIST;
	return APP_REDRAW;
}

const struct view view_sort = { "sort", sort_draw, sort_key };

/* ---------------------------------------------------------------- user */

static void user_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "Enter", "Show  ", "Esc", "Cancel", NULL, NULL };
	const char **items;
	char (*num)[NAMES_NUM_LEN];

	view_list.draw(a, f);
	items = calloc(a->menu_n + 1, sizeof(*items));
	num = calloc(a->menu_n + 1, sizeof(*num));
	if (items && num) {
		items[0] = "All users";
		for (size_t i = 0; i < a->menu_n; i++)
			items[i + 1] = names_user_known(&a->names, a->menu_uids[i], num[i]);
		menu_draw(a, f, "Show user", items, (long)a->menu_n + 1, 1);
	}
	free(items);
	free(num);
	view_draw_fbar(a, f, fbar);
}

static int user_key(struct app *a, int key)
{
	enum key_action act = keys_action(MODE_USER, key);

	if (menu_move(a, act, (long)a->menu_n + 1))
		return APP_REDRAW;
	if (act == ACT_CHOOSE) {
		if (a->menu_sel == 0) {
			a->cfg.by_uid = 0;
		} else if ((size_t)a->menu_sel <= a->menu_n) {
			a->cfg.by_uid = 1;
			a->cfg.uid = a->menu_uids[a->menu_sel - 1];
		}
		app_rebuild(a);
	} else if (act == ACT_QUIT) {
		return APP_QUIT;
	} else if (act != ACT_BACK) {
		return APP_DONE;
	}
	a->menu_n = 0;
	a->mode = MODE_LIST;
	return APP_REDRAW;
}

const struct view view_user = { "user", user_draw, user_key };
