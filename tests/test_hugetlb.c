/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* test_hugetlb.c - which devices are hugetlbfs: the page sizes read from a directory like
 * /sys/kernel/mm/hugepages (powers of two in kB, anything else skipped), meminfo's Hugetlb line,
 * and, on the real kernel, that the probed device of the default huge page size is the one a
 * real SHM_HUGETLB segment's mapping shows in /proc/self/maps. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hugetlb.h"

static char dir[256];

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "%s/test_hugetlb.XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void make(const char *name, const char *text)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!text) {
		assert_int_equal(mkdir(path, 0700), 0);
		return;
	}
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void test_sizes(void **state)
{
	uint64_t sizes[8];
	size_t n;

	(void)state;
	make("hugepages-1048576kB", NULL);
	make("hugepages-2048kB", NULL);
	make("hugepages-3000kB", NULL);  /* not a power of two */
	make("hugepages-kB", NULL);
	make("hugepages-2048", NULL);    /* no unit */
	make("hugepages-64kBx", NULL);
	make("other", NULL);
	n = hugetlb_sizes(dir, sizes, 8);
	assert_int_equal(n, 2);
	assert_int_equal(sizes[0], 2097152);       /* ascending */
	assert_int_equal(sizes[1], 1073741824);
	assert_int_equal(hugetlb_sizes(dir, sizes, 1), 1); /* room for one: one */
	strcat(dir, "/missing");
	assert_int_equal(hugetlb_sizes(dir, sizes, 8), 0);
	dir[strlen(dir) - strlen("/missing")] = '\0';
}

/* dir/name holding text, creating dir when needed. */
static void count(const char *sub, const char *name, const char *text)
{
	char d[600];

	snprintf(d, sizeof(d), "%s/%s", dir, sub);
	mkdir(d, 0700);
	snprintf(d, sizeof(d), "%s/%s", sub, name);
	make(d, text);
}

static void test_in_use(void **state)
{
	char missing[300];

	(void)state;
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	assert_int_equal(hugetlb_in_use(missing), -ENOENT);
	assert_int_equal(hugetlb_in_use(dir), 0);            /* no sizes at all */
	/* a pool set aside, none allocated or reserved: not in use */
	count("hugepages-2048kB", "nr_hugepages", "4\n");
	count("hugepages-2048kB", "free_hugepages", "4\n");
	count("hugepages-2048kB", "resv_hugepages", "0\n");
	count("hugepages-1048576kB", "nr_hugepages", "0\n");
	count("hugepages-1048576kB", "free_hugepages", "0\n");
	count("hugepages-1048576kB", "resv_hugepages", "0\n");
	assert_int_equal(hugetlb_in_use(dir), 0);
	/* reserved by a segment nobody touched yet */
	count("hugepages-2048kB", "resv_hugepages", "2\n");
	assert_int_equal(hugetlb_in_use(dir), 1);
	count("hugepages-2048kB", "resv_hugepages", "0\n");
	/* one page allocated, of the other size (surplus pages count in nr_hugepages) */
	count("hugepages-1048576kB", "nr_hugepages", "1\n");
	assert_int_equal(hugetlb_in_use(dir), 1);
}

static void test_page_of(void **state)
{
	struct hugetlb_devs d = { .probed = 1, .n = 2 };

	(void)state;
	d.v[0].dev = makedev(0, 0x11);
	d.v[0].page = 2097152;
	d.v[1].dev = makedev(0, 0x12);
	d.v[1].page = 1073741824;
	assert_int_equal(hugetlb_page_of(&d, makedev(0, 0x11)), 2097152);
	assert_int_equal(hugetlb_page_of(&d, makedev(0, 0x12)), 1073741824);
	assert_int_equal(hugetlb_page_of(&d, makedev(0, 0x01)), 0);
}

/* The device of the mapping at addr in /proc/self/maps, or 0. */
static uint64_t mapping_dev(const void *addr)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	uint64_t dev = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long s;
		unsigned maj, min;

		if (sscanf(line, "%llx-%*x %*s %*x %x:%x", &s, &maj, &min) == 3 &&
		    s == (uintptr_t)addr)
			dev = makedev(maj, min);
	}
	fclose(f);
	return dev;
}

static void test_probe_real(void **state)
{
	struct hugetlb_devs d;
	uint64_t sizes[8];
	long dflt = 0;
	void *p;
	int id;

	(void)state;
	if (!hugetlb_sizes(HUGETLB_SYSFS, sizes, 8))
		skip(); /* no huge pages in this kernel */
	hugetlb_probe(&d, HUGETLB_SYSFS);
	assert_true(d.probed);
	{
		FILE *f = fopen("/proc/meminfo", "r");
		char line[128];

		assert_non_null(f);
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "Hugepagesize: %ld kB", &dflt) == 1)
				break;
		fclose(f);
	}
	/* a real SHM_HUGETLB segment (no pages reserved: nothing is allocated until touched) */
	id = shmget(IPC_PRIVATE, (size_t)dflt * 1024, IPC_CREAT | 0600 | SHM_HUGETLB | SHM_NORESERVE);
	if (id < 0)
		skip(); /* refused here */
	p = shmat(id, NULL, SHM_RDONLY);
	assert_true(p != (void *)-1);
	assert_int_equal(hugetlb_page_of(&d, mapping_dev(p)), (uint64_t)dflt * 1024);
	assert_true(hugetlb_sysv_dev(&d, mapping_dev(p)));
	assert_int_equal(shmdt(p), 0);
	/* and an ordinary one is not on a hugetlbfs */
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
	id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	assert_true(id >= 0);
	p = shmat(id, NULL, SHM_RDONLY);
	assert_true(p != (void *)-1);
	assert_int_equal(hugetlb_page_of(&d, mapping_dev(p)), 0);
	/* it is on the internal tmpfs, which a plain memfd shares; /dev/shm's tmpfs is not */
	if (d.complete) {
		struct stat st;

		assert_int_equal(mapping_dev(p), d.shmem_dev);
		assert_true(hugetlb_sysv_dev(&d, mapping_dev(p)));
		if (stat("/dev/shm", &st) == 0)
			assert_false(hugetlb_sysv_dev(&d, (uint64_t)st.st_dev));
	}
	assert_int_equal(shmdt(p), 0);
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_use, setup, teardown),
		cmocka_unit_test(test_page_of),
		cmocka_unit_test(test_probe_real),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
