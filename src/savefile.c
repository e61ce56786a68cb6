/* savefile.c - write bytes to a new (or, when confirmed, an existing) file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "savefile.h"

int savefile_write(const char *path, const void *data, size_t len, int overwrite)
{
	const char *p = data;
	int fd, rc = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL), 0600);
	if (fd < 0)
		return -errno;
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
