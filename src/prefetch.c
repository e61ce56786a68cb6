/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* prefetch.c - a reader thread filling a ring of buffers, drained through fopencookie. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prefetch.h"

#define SLOTS 4
#define SLOT_SIZE (32 * 1024)

struct prefetch {
	int fd;
	pthread_t thread;
	int threaded;
	pthread_mutex_t mu;
	pthread_cond_t filled, drained;
	char *buf[SLOTS];
	size_t len[SLOTS];
	unsigned head, tail;   /* slots consumed / filled so far */
	int eof, err, stop;
	size_t off;            /* read offset in slot head */
};

/* Fill one slot with whole read()s; returns bytes, setting *eof or *err. */
static size_t fill(int fd, char *p, int *eof, int *err)
{
	size_t len = 0;

	while (len < SLOT_SIZE) {
		ssize_t n = read(fd, p + len, SLOT_SIZE - len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			*err = errno;
			break;
		}
		if (n == 0) {
			*eof = 1;
			break;
		}
		len += (size_t)n;
	}
	return len;
}

static void *reader(void *arg)
{
	struct prefetch *pf = arg;

	for (;;) {
		unsigned slot;
		size_t len;
		int eof = 0, err = 0;

		pthread_mutex_lock(&pf->mu);
		while (pf->tail - pf->head == SLOTS && !pf->stop)
			pthread_cond_wait(&pf->drained, &pf->mu);
		if (pf->stop) {
			pthread_mutex_unlock(&pf->mu);
			return NULL;
		}
		slot = pf->tail % SLOTS;
		pthread_mutex_unlock(&pf->mu);

		len = fill(pf->fd, pf->buf[slot], &eof, &err);

		pthread_mutex_lock(&pf->mu);
		pf->len[slot] = len;
		pf->tail++;
		pf->eof = eof;
		pf->err = err;
		pthread_cond_signal(&pf->filled);
		pthread_mutex_unlock(&pf->mu);
		if (eof || err)
			return NULL;
	}
}

static ssize_t pf_read(void *cookie, char *out, size_t size)
{
	struct prefetch *pf = cookie;
	size_t got = 0;

	if (!pf->threaded) { /* no thread: plain reads */
		ssize_t n;

		do
			n = read(pf->fd, out, size);
		while (n < 0 && errno == EINTR);
		return n;
	}
	pthread_mutex_lock(&pf->mu);
	while (got < size) {
		unsigned slot;
		size_t n;

		while (pf->head == pf->tail && !pf->eof && !pf->err)
			pthread_cond_wait(&pf->filled, &pf->mu);
		if (pf->head == pf->tail)
			break; /* all consumed, and the reader hit the end or an error */
		slot = pf->head % SLOTS;
		n = pf->len[slot] - pf->off;
		if (n > size - got)
			n = size - got;
		memcpy(out + got, pf->buf[slot] + pf->off, n);
		got += n;
		pf->off += n;
		if (pf->off == pf->len[slot]) {
			pf->off = 0;
			pf->head++;
			pthread_cond_signal(&pf->drained);
		}
		if (got)
			break; /* hand over what we have; stdio asks again */
	}
	if (!got && pf->err) {
		errno = pf->err;
		pthread_mutex_unlock(&pf->mu);
		return -1;
	}
	pthread_mutex_unlock(&pf->mu);
	return (ssize_t)got;
}

static void pf_free(struct prefetch *pf)
{
	for (int i = 0; i < SLOTS; i++)
		free(pf->buf[i]);
	close(pf->fd);
	free(pf);
}

static int pf_close(void *cookie)
{
	struct prefetch *pf = cookie;

	if (pf->threaded) {
		pthread_mutex_lock(&pf->mu);
		pf->stop = 1;
		pthread_cond_signal(&pf->drained);
		pthread_mutex_unlock(&pf->mu);
		pthread_join(pf->thread, NULL);
		pthread_mutex_destroy(&pf->mu);
		pthread_cond_destroy(&pf->filled);
		pthread_cond_destroy(&pf->drained);
	}
	pf_free(pf);
	return 0;
}

FILE *prefetch_open(const char *path)
{
	cookie_io_functions_t io = { .read = pf_read, .close = pf_close };
	struct prefetch *pf = calloc(1, sizeof(*pf));
	struct stat st = { 0 };
	FILE *f;
	int e;

	if (!pf)
		return NULL;
	pf->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not hang open() */
	if (pf->fd < 0) {
		e = errno;
		free(pf);
		errno = e;
		return NULL;
	}
	if (fstat(pf->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		e = S_ISREG(st.st_mode) ? errno : EINVAL; /* only regular files (as /proc's are) */
		close(pf->fd);
		free(pf);
		errno = e;
		return NULL;
	}
	for (int i = 0; i < SLOTS; i++) {
		pf->buf[i] = malloc(SLOT_SIZE);
		if (!pf->buf[i]) {
			pf_free(pf);
			errno = ENOMEM;
			return NULL;
		}
	}
	pthread_mutex_init(&pf->mu, NULL);
	pthread_cond_init(&pf->filled, NULL);
	pthread_cond_init(&pf->drained, NULL);
	pf->threaded = pthread_create(&pf->thread, NULL, reader, pf) == 0;
	if (!pf->threaded) {
		pthread_mutex_destroy(&pf->mu);
		pthread_cond_destroy(&pf->filled);
		pthread_cond_destroy(&pf->drained);
	}
	f = fopencookie(pf, "r", io);
	if (!f) {
		e = errno;
		pf_close(pf);
		errno = e;
		return NULL;
	}
	return f;
}
