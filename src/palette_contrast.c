/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* palette_contrast.c - the contrast of each style of a colour scheme under a model of the
 * terminal's colours (palette.h), which a test holds to 4.5:1. shmtop itself never calls it, so
 * it is not linked in, nor the maths library its pow() needs. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "palette.h"

#define DEF PALETTE_DEFAULT_COLOR

/* xterm's 16 colours: the normal 8, then the bright ones */
static const uint8_t xterm[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 }, { 0, 0, 238 },
	{ 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 }, { 127, 127, 127 }, { 255, 0, 0 },
	{ 0, 255, 0 }, { 255, 255, 0 }, { 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 },
	{ 255, 255, 255 },
};

static double channel(double c)
{
	c /= 255.0;
	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(const double rgb[3])
{
	return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

/* The RGB of colour c (or the terminal's own foreground or background), bright if asked. */
static void rgb_of(enum palette_scheme scheme, int c, int bright, int background, double out[3])
{
	int light = scheme == PALETTE_LIGHT, i;

	if (c == DEF)
		i = background ? (light ? 15 : 0) : (light ? 0 : 7);
	else
		i = c;
	if (bright && i < 8 && c != DEF)
		i += 8;
	else if (bright && c == DEF && !background && !light)
		i = 15; /* the default light grey in bold: white */
	for (int k = 0; k < 3; k++)
		out[k] = xterm[i][k];
}

double palette_contrast(enum palette_scheme scheme, enum frame_style style)
{
	const struct palette_style *s = palette_style(scheme, style);
	double fg[3], bg[3], lf, lb;

	rgb_of(scheme, s->fg, s->bold, 0, fg);
	rgb_of(scheme, s->bg, 0, 1, bg);
	if (s->reverse) {
		double t[3];

		memcpy(t, fg, sizeof(t));
		memcpy(fg, bg, sizeof(t));
		memcpy(bg, t, sizeof(t));
	}
	if (s->dim)
		for (int k = 0; k < 3; k++)
			fg[k] = (fg[k] + bg[k]) / 2;
	lf = luminance(fg);
	lb = luminance(bg);
	return lf > lb ? (lf + 0.05) / (lb + 0.05) : (lb + 0.05) / (lf + 0.05);
}
