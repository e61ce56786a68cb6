/* test_savefile.c - the hex view's "save the segment": new files only unless the user confirmed
 * an overwrite, never through a symlink, never onto something that is not a regular file. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "savefile.h"

static char dir[64];

static ssize_t mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	memcpy(buf, (const char *)ctx + off, len);
	return (ssize_t)len;
}

static int save_mem(const char *path, const char *data, size_t len, int overwrite)
{
	struct savefile_result res;

	return savefile_write(path, len, mem_read, (void *)data, overwrite, &res);
}

static void path_of(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

static size_t read_back(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, size, f);
	fclose(f);
	return n;
}

static void test_new_and_overwrite(void **state)
{
	char p[128], buf[64];
	struct stat st;

	(void)state;
	path_of(p, sizeof(p), "seg.bin");
	assert_int_equal(save_mem(p, "hello, segment", 14, 0), 0);
	assert_int_equal(read_back(p, buf, sizeof(buf)), 14);
	assert_memory_equal(buf, "hello, segment", 14);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* a segment's bytes are nobody else's business */
	/* an existing file: refused unless confirmed; then replaced, shorter, not merged */
	assert_int_equal(save_mem(p, "other", 5, 0), -EEXIST);
	assert_int_equal(read_back(p, buf, sizeof(buf)), 14);
	assert_int_equal(save_mem(p, "other", 5, 1), 0);
	assert_int_equal(read_back(p, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "other", 5);
	unlink(p);
}

static void test_symlink_refused(void **state)
{
	char target[128], link[128], buf[64];

	(void)state;
	path_of(target, sizeof(target), "precious");
	path_of(link, sizeof(link), "planted");
	assert_int_equal(save_mem(target, "keep me", 7, 0), 0);
	assert_int_equal(symlink(target, link), 0);
	/* not even after the user said "overwrite": the link's target stays as it was */
	assert_int_equal(save_mem(link, "XXXX", 4, 0), -EEXIST);
	assert_int_equal(save_mem(link, "XXXX", 4, 1), -EPERM);
	assert_int_equal(read_back(target, buf, sizeof(buf)), 7);
	assert_memory_equal(buf, "keep me", 7);
	unlink(link);
	unlink(target);
}

static void test_not_regular_refused(void **state)
{
	char p[128];

	(void)state;
	path_of(p, sizeof(p), "adir");
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(save_mem(p, "x", 1, 0), -EEXIST);
	assert_true(save_mem(p, "x", 1, 1) < 0);
	rmdir(p);
	path_of(p, sizeof(p), "no/such/dir/file");
	assert_int_equal(save_mem(p, "x", 1, 0), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_overwrite),
		cmocka_unit_test(test_symlink_refused),
		cmocka_unit_test(test_not_regular_refused),
	};
	int rc;

	snprintf(dir, sizeof(dir), "/tmp/shmtop-savefile.XXXXXX");
	if (!mkdtemp(dir))
		return 99;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return rc;
}
