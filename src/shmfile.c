/* shmfile.c - read-only access to a POSIX shared memory object, safe against truncation. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shmfile.h"

static sigjmp_buf guard_jmp;
static volatile sig_atomic_t guard_active;

static void on_sigbus(int sig)
{
	if (guard_active)
		siglongjmp(guard_jmp, 1);
	signal(sig, SIG_DFL); /* not ours: the default action, as if we had not been here */
	raise(sig);
}

int shmfile_guarded(int (*fn)(void *arg), void *arg)
{
	struct sigaction sa, old;
	int rc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(guard_jmp, 1)) {
		guard_active = 0;
		sigaction(SIGBUS, &old, NULL);
		return -EFAULT;
	}
	guard_active = 1;
	rc = fn(arg);
	guard_active = 0;
	sigaction(SIGBUS, &old, NULL);
	return rc;
}

int shmfile_open(const struct shmdir *d, const char *name, struct shmfile *f)
{
	struct stat st;
	void *p = NULL;
	int e;

	memset(f, 0, sizeof(*f));
	/* relative to the directory's descriptor, never a path the host resolves; a FIFO or a
	 * device planted in the directory is refused before it is opened */
	f->fd = shmdir_open_object(d, name, &st);
	if (f->fd < 0) {
		e = f->fd;
		f->fd = -1;
		return e;
	}
	if (st.st_size > 0) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, f->fd, 0);
		if (p == MAP_FAILED) {
			e = errno;
			close(f->fd);
			f->fd = -1;
			return -e;
		}
	}
	f->map = p;
	f->size = (uint64_t)st.st_size;
	f->ino = (uint64_t)st.st_ino;
	f->dev = (uint64_t)st.st_dev;
	return 0;
}

void shmfile_close(struct shmfile *f)
{
	if (f->map)
		munmap((void *)f->map, (size_t)f->size);
	if (f->fd >= 0)
		close(f->fd);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}

int shmfile_current_size(const struct shmfile *f, uint64_t *size)
{
	struct stat st;

	if (fstat(f->fd, &st) < 0)
		return -errno;
	*size = (uint64_t)st.st_size;
	return 0;
}

struct copy_args {
	const uint8_t *src;
	void *dst;
	size_t len;
};

static int do_copy(void *arg)
{
	struct copy_args *c = arg;

	memcpy(c->dst, c->src, c->len);
	return 0;
}

int shmfile_copy(const struct shmfile *f, uint64_t off, void *dst, size_t len)
{
	struct copy_args c = { NULL, dst, len };

	if (!len)
		return 0;
	if (!f->map || off > f->size || len > f->size - off)
		return -EINVAL;
	c.src = f->map + off;
	return shmfile_guarded(do_copy, &c);
}
