/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_palette.c - every style of every colour scheme is readable: a contrast of at least 4.5:1
 * against its background (WCAG AA) under xterm's colours, the dark default and mono on a dark
 * terminal, light on a white one; the model itself against known ratios; the names. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "palette.h"

static void test_contrast_everywhere(void **state)
{
	char bad[4096] = "";

	(void)state;
	for (int s = 0; s < PALETTE_COUNT; s++)
		for (int st = 0; st < STYLE_COUNT; st++) {
			double r = palette_contrast((enum palette_scheme)s, (enum frame_style)st);

			if (r < 4.5)
				snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad), " %s/%d:%.2f",
					 palette_name((enum palette_scheme)s), st, r);
		}
	if (bad[0])
		fail_msg("styles below 4.5:1 (scheme/style:ratio):%s", bad);
}

/* The model: white on black is 21:1, a colour on itself 1:1, bold takes the bright colour,
 * reverse swaps, dim halves the way to the background. */
static void test_model(void **state)
{
	double r;

	(void)state;
	/* the default scheme's NORMAL: light grey on black, about 17:1 */
	r = palette_contrast(PALETTE_DEFAULT, STYLE_NORMAL);
	assert_true(r > 16.5 && r < 17.0);
	/* light's NORMAL: black on white, 21:1 */
	r = palette_contrast(PALETTE_LIGHT, STYLE_NORMAL);
	assert_true(r > 20.9 && r <= 21.0);
	/* mono's reversed title: the same pair the other way round */
	r = palette_contrast(PALETTE_MONO, STYLE_TITLE);
	assert_true(r > 16.5 && r < 17.0);
}

static void test_names(void **state)
{
	enum palette_scheme s;

	(void)state;
	assert_int_equal(palette_parse("light", &s), 0);
	assert_int_equal(s, PALETTE_LIGHT);
	assert_string_equal(palette_name(PALETTE_MONO), "mono");
	assert_int_equal(palette_parse("dark", &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contrast_everywhere),
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
