/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_mappings.c - the shared maps walk: which lines a query keeps (needle, then match), every
 * field of a kept line, paths kept only when asked and " (deleted)" taken off, the owner and
 * command name per process, shmtop told by name, per-process runs, and mappings_scan over a proc
 * tree written at test time (non-pid entries, processes without maps, processes that hold nothing,
 * a maps file without a final newline, a missing proc root). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fstree.h"
#include "mappings.h"
#include "procscan.h"

/* Lines of one process: two SysV mappings (one deleted), a /dev/shm object, a library, an
 * anonymous mapping, and a file whose name holds the SysV needle but is not a segment. */
static const char maps_text[] =
	"7f0000000000-7f0000001000 rw-s 00000000 00:01 32768                      /SYSV00002537\n"
	"7f0000001000-7f0000003000 r--s 00001000 00:01 65537                      /SYSV00000000 (deleted)\n"
	"7f0000004000-7f0000005000 rw-s 00000000 00:1a 4242                       /dev/shm/a b\n"
	"7f0000006000-7f0000007000 r-xp 00002000 fd:01 1311                       /usr/lib/libc.so.6\n"
	"7f0000008000-7f0000009000 rw-p 00000000 00:00 0 \n"
	"7f000000a000-7f000000b000 rw-s 00000000 fd:01 77                         /tmp/SYSVnotes.txt\n";

static int only_sysv(void *ctx, const struct maps_entry *e)
{
	(*(int *)ctx)++;
	return maps_is_sysv(e);
}

static void sysv_query(struct mappings_query *q, int *calls)
{
	memset(q, 0, sizeof(*q));
	q->needle = "/SYSV";
	q->needle_len = 5;
	q->match = only_sysv;
	q->ctx = calls;
}

static void test_needle_and_match(void **state)
{
	struct mapping_list l;
	struct mappings_query q;
	int calls = 0;
	const struct mapping *m;

	(void)state;
	mappings_init(&l);
	sysv_query(&q, &calls);
	assert_int_equal(mappings_add_text(&l, &q, 300, 1000, "writer", maps_text,
					   strlen(maps_text)), 0);
	assert_int_equal(calls, 3);          /* only the lines holding the needle are parsed */
	assert_int_equal(l.n, 2);            /* and the look-alike is not kept */
	m = &l.v[0];
	assert_int_equal(m->pid, 300);
	assert_int_equal(m->uid, 1000);
	assert_string_equal(m->comm, "writer");
	assert_true(m->start == 0x7f0000000000ull && m->end == 0x7f0000001000ull);
	assert_int_equal(m->offset, 0);
	assert_true(m->dev == (uint64_t)makedev(0, 1));
	assert_int_equal(m->inode, 32768);
	assert_string_equal(m->perms, "rw-s");
	assert_int_equal(m->deleted, 0);
	assert_int_equal(m->path_len, 0);    /* paths not asked for */
	m = &l.v[1];
	assert_int_equal(m->inode, 65537);
	assert_int_equal(m->offset, 0x1000);
	assert_string_equal(m->perms, "r--s");
	assert_int_equal(m->deleted, 1);
	assert_int_equal(m->shmtop, 0);
	mappings_free(&l);
}

static void test_no_match_keeps_all_with_paths(void **state)
{
	struct mapping_list l;
	struct mappings_query q = { .needle = " 00:1a ", .needle_len = 7, .keep_paths = 1 };
	static const char del[] =
		"7f0000004000-7f0000005000 rw-s 00000000 00:1a 4243 /dev/shm/gone (deleted)";

	(void)state;
	mappings_init(&l);
	assert_int_equal(mappings_add_text(&l, &q, 1, 0, NULL, maps_text, strlen(maps_text)), 0);
	assert_int_equal(mappings_add_text(&l, &q, 2, 0, NULL, del, strlen(del)), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].inode, 4242);
	assert_int_equal(l.v[0].path_len, strlen("/dev/shm/a b"));
	assert_memory_equal(mappings_path(&l, &l.v[0]), "/dev/shm/a b", l.v[0].path_len);
	assert_string_equal(l.v[0].comm, "");
	assert_int_equal(l.v[1].deleted, 1);
	assert_int_equal(l.v[1].path_len, strlen("/dev/shm/gone"));
	assert_memory_equal(mappings_path(&l, &l.v[1]), "/dev/shm/gone", l.v[1].path_len);
	mappings_free(&l);
}

static void test_owner_runs_and_shmtop(void **state)
{
	struct mapping_list l;
	struct mappings_query q;
	int calls = 0;
	char longname[64];

	(void)state;
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	mappings_init(&l);
	sysv_query(&q, &calls);
	assert_int_equal(mappings_add_text(&l, &q, 5, 0, "shmtop", maps_text, strlen(maps_text)), 0);
	assert_int_equal(mappings_add_text(&l, &q, 6, 7, "shmtopx", maps_text, strlen(maps_text)), 0);
	assert_int_equal(mappings_add_text(&l, &q, 6, 7, longname, maps_text, strlen(maps_text)), 0);
	assert_int_equal(l.n, 6);
	assert_int_equal(mappings_pid_run(&l, 0), 2);
	assert_int_equal(mappings_pid_run(&l, 1), 1);
	assert_int_equal(mappings_pid_run(&l, 2), 4);
	assert_int_equal(l.v[0].shmtop, 1);
	assert_int_equal(l.v[1].shmtop, 1);
	assert_int_equal(l.v[2].shmtop, 0);  /* a longer name is not shmtop */
	assert_int_equal(strlen(l.v[4].comm), PROCINFO_COMM_MAX - 1);  /* cut, terminated */
	mappings_free(&l);
}

static void test_unterminated_and_empty(void **state)
{
	struct mapping_list l;
	struct mappings_query q;
	int calls = 0;
	static const char one[] =
		"1000-2000 rw-s 00000000 00:01 9                                  /SYSV00000009";

	(void)state;
	mappings_init(&l);
	sysv_query(&q, &calls);
	assert_int_equal(mappings_add_text(&l, &q, 1, 0, NULL, "", 0), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(mappings_add_text(&l, &q, 1, 0, NULL, one, strlen(one)), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].inode, 9);
	/* cut inside the line: not in the kernel's format, not kept */
	assert_int_equal(mappings_add_text(&l, &q, 1, 0, NULL, one, 20), 0);
	assert_int_equal(l.n, 1);
	mappings_free(&l);
}

/* ------------------------------------------------------------ a proc tree */

static void put_proc(const char *proc, int pid, const char *comm, const char *maps)
{
	char rel[64], text[512];

	snprintf(rel, sizeof(rel), "%d", pid);
	fstree_mkdir(proc, rel);
	snprintf(text, sizeof(text), "%d (%s) S 1 %d %d 0 -1 4194560 2570 8813 0 3 4 2 13 11 20 0 "
		 "1 0 123456 8429568 1280 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 "
		 "0 0\n", pid, comm, pid, pid);
	snprintf(rel, sizeof(rel), "%d/stat", pid);
	fstree_put(proc, rel, text, NULL);
	if (maps) {
		snprintf(rel, sizeof(rel), "%d/maps", pid);
		fstree_put(proc, rel, maps, NULL);
	}
}

static void test_scan_tree(void **state)
{
	char tmpl[] = "/tmp/shmtop-mappings-XXXXXX", proc[FSTREE_PATH];
	struct mapping_list l;
	struct mappings_query q;
	int calls = 0;
	uint64_t pids_seen = 0;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	fstree_join(proc, sizeof(proc), tmpl, "proc");
	fstree_mkdir(tmpl, "proc");
	put_proc(proc, 10, "writer", maps_text);
	put_proc(proc, 11, "reader",     /* no final newline */
		 "2000-3000 r--s 00000000 00:01 32768                          /SYSV00002537");
	put_proc(proc, 12, "bash", "400000-401000 r-xp 00000000 fd:01 5 /usr/bin/bash\n");
	put_proc(proc, 13, "exiting", NULL);  /* no maps: gone meanwhile */
	/* the writer set a title, the reader did not: a path and its arguments */
	fstree_put(proc, "10/cmdline", "postgres: checkpointer", NULL);
	fstree_put(proc, "11/cmdline", "/usr/bin/reader", NULL);
	fstree_mkdir(proc, "self");
	fstree_put(proc, "self/maps", maps_text, NULL);   /* not a pid: not walked */
	fstree_put(proc, "0", "", NULL);

	mappings_init(&l);
	sysv_query(&q, &calls);
	q.own_ipcns = 1;             /* a fixture has no namespace to compare: all count */
	assert_int_equal(mappings_scan(proc, &q, &l), 0);
	assert_int_equal(l.procs_scanned, 3);
	assert_int_equal(l.procs_unreadable, 0);
	assert_int_equal(l.n, 3);
	for (size_t i = 0, run; i < l.n; i += run) {
		run = mappings_pid_run(&l, i);
		if (l.v[i].pid == 10) {
			assert_int_equal(run, 2);
			assert_string_equal(l.v[i].comm, "postgres: checkpointer");
			assert_true(l.v[i].start < l.v[i + 1].start);   /* address order kept */
		} else {
			assert_int_equal(l.v[i].pid, 11);
			assert_int_equal(run, 1);
			assert_string_equal(l.v[i].comm, "reader");
			assert_int_equal(l.v[i].inode, 32768);
		}
		assert_int_equal(l.v[i].uid, getuid());
		pids_seen |= 1ull << l.v[i].pid;
	}
	assert_true(pids_seen == ((1ull << 10) | (1ull << 11)));

	/* the arrays are reused, the contents replaced */
	assert_int_equal(mappings_scan(proc, &q, &l), 0);
	assert_int_equal(l.n, 3);
	fstree_remove(tmpl);
	assert_int_equal(mappings_scan(proc, &q, &l), -ENOENT);
	assert_int_equal(l.n, 0);
	mappings_free(&l);
}

/* A title is "NAME: WHAT", or words that are not a path; a program name or path is not. */
static void test_titles(void **state)
{
	(void)state;
	assert_true(procscan_is_title("postgres: checkpointer"));
	assert_true(procscan_is_title("postgres: parallel worker for PID 3929"));
	assert_true(procscan_is_title("nginx: worker process"));
	assert_true(procscan_is_title("sshd: root@pts/0"));
	assert_true(procscan_is_title("php-fpm pool www"));
	assert_false(procscan_is_title("postgres"));
	assert_false(procscan_is_title("/usr/lib/postgresql/16/bin/postgres"));
	assert_false(procscan_is_title("/opt/My App/bin/app"));     /* a path with a space */
	assert_false(procscan_is_title("c:\\x"));                    /* no space after ':' */
	assert_false(procscan_is_title(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_needle_and_match),
		cmocka_unit_test(test_no_match_keeps_all_with_paths),
		cmocka_unit_test(test_owner_runs_and_shmtop),
		cmocka_unit_test(test_unterminated_and_empty),
		cmocka_unit_test(test_scan_tree),
		cmocka_unit_test(test_titles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
