/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* palette.h - the colour schemes: how each frame style is shown (colours and attributes) on a
 * dark terminal (default), a light one (light) or without colours (mono), and the contrast each
 * gives against its background under a model of the terminal's colours, so a test can hold
 * every style of every scheme to 4.5:1. Pure: ui.c turns a scheme into curses attributes. */
#ifndef SHMTOP_PALETTE_H
#define SHMTOP_PALETTE_H

#include <stdint.h>

#include "frame.h"

enum palette_scheme { PALETTE_DEFAULT, PALETTE_LIGHT, PALETTE_MONO, PALETTE_COUNT };

#define PALETTE_DEFAULT_COLOR (-1) /* the terminal's own foreground or background */

struct palette_style {
	int8_t fg, bg;              /* 0-7 (curses' COLOR_BLACK..COLOR_WHITE), or -1 */
	uint8_t bold, dim, reverse, underline;
};

/* How style is shown in scheme. */
const struct palette_style *palette_style(enum palette_scheme scheme, enum frame_style style);

/* "default", "light" or "mono" into *scheme: 0, or -1 for any other name. */
int palette_parse(const char *name, enum palette_scheme *scheme);
const char *palette_name(enum palette_scheme scheme);

/* The contrast ratio (WCAG 2: 1 to 21) of style's text against its background in scheme, with
 * xterm's default colours, bold as the bright colour, dim as half way to the background, and the
 * terminal's own colours light grey on black (default, mono) or black on white (light).
 * palette_contrast.c: for the tests (with -lm); shmtop does not link it. */
double palette_contrast(enum palette_scheme scheme, enum frame_style style);

#endif
