/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* palette.c - the colour schemes (palette.h); their contrast is palette_contrast.c's. */
#include "config.h"

#include <string.h>

#include "palette.h"

/* curses' colour numbers */
enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE };
#define DEF PALETTE_DEFAULT_COLOR

/* fg, bg, bold, dim, reverse, underline */
static const struct palette_style schemes[PALETTE_COUNT][STYLE_COUNT] = {
	[PALETTE_DEFAULT] = {
		[STYLE_NORMAL] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_TITLE] = { WHITE, BLUE, 1, 0, 0, 0 },
		[STYLE_HEADER] = { BLACK, GREEN, 0, 0, 0, 0 },
		[STYLE_HEADER_SORT] = { BLACK, CYAN, 0, 0, 0, 1 },
		[STYLE_SELECTED] = { BLACK, CYAN, 0, 0, 0, 0 },
		[STYLE_NEW] = { GREEN, DEF, 1, 0, 0, 0 },
		[STYLE_GONE] = { RED, DEF, 1, 0, 0, 0 },
		[STYLE_CHANGED] = { YELLOW, DEF, 1, 0, 0, 0 },
		[STYLE_DIM] = { CYAN, DEF, 0, 0, 0, 0 },
		[STYLE_TAGGED] = { YELLOW, DEF, 0, 0, 0, 1 },
		[STYLE_FKEY] = { WHITE, BLACK, 1, 0, 0, 0 },
		[STYLE_FLABEL] = { BLACK, CYAN, 0, 0, 0, 0 },
		[STYLE_FDISABLED] = { BLUE, CYAN, 0, 0, 0, 0 },
		[STYLE_METER] = { GREEN, DEF, 1, 0, 0, 0 },
		[STYLE_METER_HIGH] = { RED, DEF, 1, 0, 0, 0 },
		[STYLE_LABEL] = { CYAN, DEF, 1, 0, 0, 0 },
		[STYLE_STATUS] = { GREEN, DEF, 0, 0, 0, 0 },
		[STYLE_ERROR] = { RED, DEF, 1, 0, 0, 0 },
		[STYLE_DIALOG] = { BLACK, WHITE, 0, 0, 0, 0 },
		[STYLE_DIALOG_TITLE] = { WHITE, RED, 1, 0, 0, 0 },
		[STYLE_LEAK] = { MAGENTA, DEF, 1, 0, 0, 0 },
		[STYLE_HEX_ZERO] = { CYAN, DEF, 0, 0, 0, 0 },
		[STYLE_HEX_PRINT] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_HEX_SPACE] = { GREEN, DEF, 0, 0, 0, 0 },
		[STYLE_HEX_OTHER] = { YELLOW, DEF, 0, 0, 0, 0 },
		[STYLE_CURSOR] = { BLACK, YELLOW, 0, 0, 0, 0 },
		[STYLE_FADING] = { CYAN, DEF, 0, 0, 0, 1 },
	},
	/* dark text on a light terminal: the normal (not bright) colours, no yellow or cyan text */
	[PALETTE_LIGHT] = {
		[STYLE_NORMAL] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_TITLE] = { WHITE, BLUE, 1, 0, 0, 0 },
		[STYLE_HEADER] = { WHITE, BLACK, 1, 0, 0, 0 },
		[STYLE_HEADER_SORT] = { WHITE, BLUE, 1, 0, 0, 1 },
		[STYLE_SELECTED] = { WHITE, BLUE, 1, 0, 0, 0 },
		[STYLE_NEW] = { BLUE, DEF, 0, 0, 0, 1 },
		[STYLE_GONE] = { BLACK, DEF, 0, 0, 0, 0 },
		[STYLE_CHANGED] = { MAGENTA, DEF, 0, 0, 0, 1 },
		[STYLE_DIM] = { BLUE, DEF, 0, 0, 0, 0 },
		[STYLE_TAGGED] = { BLUE, DEF, 0, 0, 0, 1 },
		[STYLE_FKEY] = { WHITE, BLACK, 1, 0, 0, 0 },
		[STYLE_FLABEL] = { BLACK, DEF, 0, 0, 0, 0 },
		[STYLE_FDISABLED] = { BLUE, DEF, 0, 0, 0, 0 },
		[STYLE_METER] = { BLUE, DEF, 0, 0, 0, 0 },
		[STYLE_METER_HIGH] = { RED, DEF, 0, 0, 0, 0 },
		[STYLE_LABEL] = { BLUE, DEF, 0, 0, 0, 0 },
		[STYLE_STATUS] = { BLACK, DEF, 0, 0, 0, 0 },
		[STYLE_ERROR] = { RED, DEF, 0, 0, 0, 0 },
		[STYLE_DIALOG] = { WHITE, BLACK, 1, 0, 0, 0 },
		[STYLE_DIALOG_TITLE] = { WHITE, RED, 1, 0, 0, 0 },
		[STYLE_LEAK] = { MAGENTA, DEF, 0, 0, 0, 0 },
		[STYLE_HEX_ZERO] = { BLUE, DEF, 0, 0, 0, 0 },
		[STYLE_HEX_PRINT] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_HEX_SPACE] = { BLUE, DEF, 0, 0, 0, 0 },
		[STYLE_HEX_OTHER] = { MAGENTA, DEF, 0, 0, 0, 0 },
		[STYLE_CURSOR] = { WHITE, BLACK, 1, 0, 0, 0 },
		[STYLE_FADING] = { BLUE, DEF, 0, 0, 0, 1 },
	},
	/* no colours: the terminal's own, reversed, bold or underlined */
	[PALETTE_MONO] = {
		[STYLE_NORMAL] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_TITLE] = { DEF, DEF, 0, 0, 1, 0 },
		[STYLE_HEADER] = { DEF, DEF, 0, 0, 1, 0 },
		[STYLE_HEADER_SORT] = { DEF, DEF, 1, 0, 1, 1 },
		[STYLE_SELECTED] = { DEF, DEF, 1, 0, 1, 0 },
		[STYLE_NEW] = { DEF, DEF, 1, 0, 0, 0 },
		[STYLE_GONE] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_CHANGED] = { DEF, DEF, 1, 0, 0, 1 },
		[STYLE_DIM] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_TAGGED] = { DEF, DEF, 1, 0, 0, 0 },
		[STYLE_FKEY] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_FLABEL] = { DEF, DEF, 0, 0, 1, 0 },
		[STYLE_FDISABLED] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_METER] = { DEF, DEF, 1, 0, 0, 0 },
		[STYLE_METER_HIGH] = { DEF, DEF, 1, 0, 0, 0 },
		[STYLE_LABEL] = { DEF, DEF, 1, 0, 0, 0 },
		[STYLE_STATUS] = { DEF, DEF, 1, 0, 0, 0 },
		[STYLE_ERROR] = { DEF, DEF, 1, 0, 0, 0 },
		[STYLE_DIALOG] = { DEF, DEF, 0, 0, 1, 0 },
		[STYLE_DIALOG_TITLE] = { DEF, DEF, 1, 0, 1, 0 },
		[STYLE_LEAK] = { DEF, DEF, 1, 0, 0, 0 },
		[STYLE_HEX_ZERO] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_HEX_PRINT] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_HEX_SPACE] = { DEF, DEF, 0, 0, 0, 0 },
		[STYLE_HEX_OTHER] = { DEF, DEF, 1, 0, 0, 0 },
		[STYLE_CURSOR] = { DEF, DEF, 0, 0, 1, 0 },
		[STYLE_FADING] = { DEF, DEF, 0, 0, 0, 1 },
	},
};

static const char *const names[PALETTE_COUNT] = { "default", "light", "mono" };

const struct palette_style *palette_style(enum palette_scheme scheme, enum frame_style style)
{
	return &schemes[scheme][style];
}

int palette_parse(const char *name, enum palette_scheme *scheme)
{
	for (int i = 0; i < PALETTE_COUNT; i++)
		if (strcmp(name, names[i]) == 0) {
			*scheme = (enum palette_scheme)i;
			return 0;
		}
	return -1;
}

const char *palette_name(enum palette_scheme scheme)
{
	return names[scheme];
}
