/* savefile.c - write bytes to a new (or, when confirmed, an existing) file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "savefile.h"

int savefile_write(const char *path, const void *data, size_t len, int overwrite)
{
	const char *p = data;
	struct stat st = { 0 };
	int fd, rc = 0;

	/* O_NOFOLLOW: a confirmed overwrite must not write through a symlink planted in /tmp */
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (overwrite ? 0 : O_EXCL), 0600);
	if (fd < 0)
		return errno == ELOOP ? -EPERM : -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (overwrite && ftruncate(fd, 0) < 0)) {
		rc = S_ISREG(st.st_mode) ? -errno : -EINVAL;
		close(fd);
		return rc;
	}
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0 && !rc)
		rc = -errno;
	return rc;
}
