/* savefile.c - write bytes to a new (or, when confirmed, an existing) file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "savefile.h"

#define CHUNK (1u << 20)

int savefile_write(const char *path, uint64_t size, savefile_read_fn read, void *ctx,
		   int overwrite, struct savefile_result *res)
{
	struct stat st = { 0 };
	uint8_t *buf;
	uint64_t off = 0;
	int fd, rc = 0;

	res->written = 0;
	res->truncated = 0;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
		  (overwrite ? 0 : O_EXCL), 0600);
	if (fd < 0)
		return errno == ELOOP ? -EPERM : -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (overwrite && ftruncate(fd, 0) < 0)) {
		rc = S_ISREG(st.st_mode) ? -errno : -EINVAL;
		close(fd);
		return rc;
	}
	buf = malloc(CHUNK);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (off < size && !rc) {
		size_t want = size - off < CHUNK ? (size_t)(size - off) : CHUNK, done = 0;
		ssize_t n = read(ctx, off, buf, want);

		if (n < 0) {
			rc = (int)n;
			break;
		}
		while ((size_t)done < (size_t)n) {
			ssize_t w = write(fd, buf + done, (size_t)n - done);

			if (w < 0) {
				if (errno == EINTR)
					continue;
				rc = -errno;
				break;
			}
			done += (size_t)w;
		}
		off += done;
		res->written = off;
		if ((size_t)n < want) {
			res->truncated = 1;
			break;
		}
	}
	free(buf);
	if (close(fd) < 0 && !rc)
		rc = -errno;
	return rc;
}
