/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_mountinfo.c - finding a filesystem's mount point in mountinfo text: the preferred place
 * over others, the last of several, optional fields, escaped paths, bind mounts of one file,
 * malformed lines, a mount point too long for the buffer; and the real file of this process. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mountinfo.h"

/* mountinfo_find over text; the result in out. */
static int find(const char *text, const char *type, const char *prefer, char *out, size_t size)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	assert_non_null(f);
	rc = mountinfo_find(f, type, prefer, out, size);
	fclose(f);
	return rc;
}

static const char base[] =
	"22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
	"23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
	"25 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw,size=4000k\n"
	"26 25 0:23 / /dev/shm rw,nosuid,nodev shared:3 - tmpfs tmpfs rw\n";

static void test_found_and_preferred(void **state)
{
	char out[PATH_MAX], text[4096];

	(void)state;
	/* none */
	assert_int_equal(find(base, "mqueue", "/dev/mqueue", out, sizeof(out)), -ENODEV);
	assert_int_equal(find("", "mqueue", NULL, out, sizeof(out)), -ENODEV);
	/* one, with no optional fields and with several */
	snprintf(text, sizeof(text), "%s%s", base,
		 "30 25 0:19 / /dev/mqueue rw,nosuid,nodev,noexec,relatime - mqueue mqueue rw\n");
	assert_int_equal(find(text, "mqueue", "/dev/mqueue", out, sizeof(out)), 0);
	assert_string_equal(out, "/dev/mqueue");
	assert_int_equal(find(text, "tmpfs", NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "/dev/shm");
	assert_int_equal(find(text, "proc", NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "/proc");
	/* the type is compared whole: neither a prefix nor the source field */
	assert_int_equal(find(text, "mq", NULL, out, sizeof(out)), -ENODEV);
	assert_int_equal(find(text, "udev", NULL, out, sizeof(out)), -ENODEV);
	assert_int_equal(find(text, "rw", NULL, out, sizeof(out)), -ENODEV);

	/* several: the preferred place, wherever it is listed; else the last one listed */
	snprintf(text, sizeof(text), "%s%s%s%s", base,
		 "30 22 0:19 / /run/mq rw shared:7 master:2 - mqueue mqueue rw\n",
		 "31 25 0:19 / /dev/mqueue rw - mqueue mqueue rw\n",
		 "32 22 0:40 / /srv/mq rw propagate_from:3 - mqueue none rw\n");
	assert_int_equal(find(text, "mqueue", "/dev/mqueue", out, sizeof(out)), 0);
	assert_string_equal(out, "/dev/mqueue");
	assert_int_equal(find(text, "mqueue", NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "/srv/mq");
	assert_int_equal(find(text, "mqueue", "/elsewhere", out, sizeof(out)), 0);
	assert_string_equal(out, "/srv/mq");
}

static void test_escapes_and_binds(void **state)
{
	char out[PATH_MAX], text[4096];

	(void)state;
	/* the kernel's escapes undone; a backslash without three octal digits kept as it is */
	snprintf(text, sizeof(text), "%s%s", base,
		 "30 22 0:19 / /tmp/a\\040b\\011c\\012d\\134e\\x\\08 rw - mqueue mqueue rw\n");
	assert_int_equal(find(text, "mqueue", NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "/tmp/a b\tc\nd\\e\\x\\08");
	/* the preferred place is compared unescaped */
	snprintf(text, sizeof(text), "%s%s%s", base,
		 "30 22 0:19 / /my\\040mq rw - mqueue mqueue rw\n",
		 "31 22 0:19 / /other rw - mqueue mqueue rw\n");
	assert_int_equal(find(text, "mqueue", "/my mq", out, sizeof(out)), 0);
	assert_string_equal(out, "/my mq");

	/* a bind mount of one queue (ROOT is not "/") is not the filesystem's directory */
	snprintf(text, sizeof(text), "%s%s%s", base,
		 "30 22 0:19 / /dev/mqueue rw - mqueue mqueue rw\n",
		 "31 22 0:19 /q1 /tmp/q1 rw - mqueue mqueue rw\n");
	assert_int_equal(find(text, "mqueue", NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "/dev/mqueue");
	snprintf(text, sizeof(text), "%s%s", base,
		 "31 22 0:19 /q1 /tmp/q1 rw - mqueue mqueue rw\n");
	assert_int_equal(find(text, "mqueue", NULL, out, sizeof(out)), -ENODEV);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"30 22 0:19 / /dev/mqueue rw mqueue mqueue rw\n",       /* no separator */
		"30 22 0:19 / /dev/mqueue rw -\n",                      /* nothing after it */
		"30 22 0:19 / /dev/mqueue rw - mqueue\n",               /* type without source */
		"30 22 0:19 / /dev/mqueue\n",                           /* cut short */
		"30  22 0:19 / /dev/mqueue rw - mqueue mqueue rw\n",    /* an empty field */
		"30 22 0:19 /  /dev/mqueue - mqueue mqueue rw\n",      /* an empty mount point */
		"30 22 0:19 / /dev/mqueue rw -- mqueue mqueue rw\n",    /* "--" is not "-" */
		"\n",
		"garbage\n",
		NULL,
	};
	char out[PATH_MAX], text[4096];

	(void)state;
	for (int i = 0; bad[i]; i++) {
		int rc = find(bad[i], "mqueue", NULL, out, sizeof(out));

		if (rc != -ENODEV)
			fail_msg("line %d: %d, want -ENODEV", i, rc);
	}
	/* skipped, not fatal: a good line after bad ones is found, and one without a newline */
	snprintf(text, sizeof(text), "%s%s%s", bad[0], bad[3],
		 "31 22 0:19 / /dev/mqueue rw - mqueue mqueue rw");
	assert_int_equal(find(text, "mqueue", NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "/dev/mqueue");
}

static void test_too_long(void **state)
{
	char out[12], text[4096];

	(void)state;
	snprintf(text, sizeof(text), "%s", "31 22 0:19 / /dev/mqueue rw - mqueue mqueue rw\n");
	assert_int_equal(find(text, "mqueue", NULL, out, sizeof(out)), 0);     /* 11 + NUL fit */
	assert_string_equal(out, "/dev/mqueue");
	assert_int_equal(find(text, "mqueue", NULL, out, 11), -ENAMETOOLONG);
	/* an escape counts as the one byte it stands for */
	snprintf(text, sizeof(text), "%s",
		 "31 22 0:19 / /a\\040b\\040cdefg rw - mqueue mqueue rw\n");
	assert_int_equal(find(text, "mqueue", NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "/a b cdefg");
}

/* The file of this process: "/" is a mount of something, found by its type (as stat says the
 * root's filesystem is, through /proc/self/mountinfo's own line for it). */
static void test_real_file(void **state)
{
	char out[PATH_MAX], type[64] = "";
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	(void)state;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f) {
		print_message("SKIP: no /proc/self/mountinfo\n");
		skip();
	}
	/* the type of the first mount of "/" that is the filesystem's root */
	while (getline(&line, &cap, f) >= 0) {
		char root[256], mnt[256];

		if (sscanf(line, "%*s %*s %*s %255s %255s", root, mnt) == 2 &&
		    strcmp(root, "/") == 0 && strcmp(mnt, "/proc") == 0) {
			char *sep = strstr(line, " - ");

			assert_non_null(sep);
			assert_int_equal(sscanf(sep + 3, "%63s", type), 1);
			break;
		}
	}
	free(line);
	fclose(f);
	if (!type[0]) {
		print_message("SKIP: /proc is not a mount of its own here\n");
		skip();
	}
	assert_int_equal(mountinfo_find_pid("/proc", 0, type, "/proc", out, sizeof(out)), 0);
	assert_string_equal(out, "/proc");
	assert_int_equal(mountinfo_find_pid("/proc", (int32_t)getpid(), type, "/proc", out,
					    sizeof(out)), 0);
	assert_string_equal(out, "/proc");
	assert_int_equal(mountinfo_find_pid("/proc", 0, "no-such-fs-type", NULL, out, sizeof(out)),
			 -ENODEV);
	assert_int_equal(mountinfo_find_pid("/nonexistent-proc", 0, type, NULL, out, sizeof(out)),
			 -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_and_preferred),
		cmocka_unit_test(test_escapes_and_binds),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_real_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
