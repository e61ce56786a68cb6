/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* tmuxpoll.c - send keys to a tmux pane and time how long until its screen shows something, for
 * bench/hex. It speaks tmux control mode over one connection, so a poll of the screen is one
 * command on a socket (a fraction of a millisecond) instead of a tmux client process per poll
 * (several milliseconds).
 *
 *   tmuxpoll TIMEOUT_MS -- TMUX_ARGV...        e.g. tmuxpoll 5000 -- tmux -L sock -C attach -t ctl
 *
 * TMUX_ARGV must start a control-mode client (-C). tmuxpoll reads a script on stdin, one command
 * per line, fields separated by tabs:
 *
 *   key  TARGET ARGS     run `send-keys -t TARGET ARGS` (ARGS verbatim, in tmux's syntax) and
 *                        start the clock: CLOCK_MONOTONIC just before the command is written
 *   wait TARGET LABEL COND...
 *                        poll `capture-pane -p -t TARGET` back to back until every COND holds,
 *                        then print "LABEL ELAPSED_NS POLLS WINDOW_NS RTT_NS" on stdout
 *   sleep MS             pause
 *
 * COND is ROW=TEXT (screen row ROW, 0 at the top, contains TEXT) or ROW!TEXT (does not); ROW *
 * means any row. Texts are compared with what capture-pane prints (trailing blanks cut). A frame
 * counts as shown when the capture that first satisfies every COND returns: ELAPSED_NS is from
 * the start of the clock to the reply of that capture, an upper bound. The screen got there after
 * the previous capture was taken, which was after that capture was sent; so WINDOW_NS (from the
 * sending of the previous, unsatisfied capture, or from the start of the clock if the first
 * capture was satisfied, to the reply of the satisfying one) bounds how far ELAPSED_NS can be
 * off: the method's resolution for that wait. RTT_NS is the round trip of the satisfying capture
 * alone. A wait that is not satisfied
 * within TIMEOUT_MS prints the pane's last capture on stderr and fails.
 * Exit status: 0 ok, 1 error or timeout (message on stderr), 2 usage. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINES 512
#define MAX_CONDS 64

static int to_tmux = -1, from_tmux = -1;
static pid_t tmux_pid = -1;
static char rbuf[1 << 16];
static size_t rlen, rpos;
static char *lines[MAX_LINES];
static int nlines;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* One line from tmux, without the newline, in a fresh allocation; NULL at EOF or error. */
static char *read_line(void)
{
	char *line = NULL;
	size_t len = 0;

	for (;;) {
		if (rpos == rlen) {
			ssize_t r = read(from_tmux, rbuf, sizeof(rbuf));

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				free(line);
				return NULL;
			}
			rlen = (size_t)r;
			rpos = 0;
		}
		char *nl = memchr(rbuf + rpos, '\n', rlen - rpos);
		size_t n = nl ? (size_t)(nl - (rbuf + rpos)) : rlen - rpos;
		char *grown = realloc(line, len + n + 1);

		if (!grown) {
			free(line);
			return NULL;
		}
		line = grown;
		memcpy(line + len, rbuf + rpos, n);
		len += n;
		line[len] = '\0';
		rpos += n + (nl ? 1 : 0);
		if (nl)
			return line;
	}
}

static void clear_lines(void)
{
	for (int i = 0; i < nlines; i++)
		free(lines[i]);
	nlines = 0;
}

/* Read the next reply block (%begin .. %end or %error) into lines. Returns 0, or -1 when tmux
 * reported an error (its message in lines) or the connection ended. */
static int read_block(void)
{
	int in_block = 0;

	clear_lines();
	for (;;) {
		char *l = read_line();

		if (!l) {
			fprintf(stderr, "tmuxpoll: tmux closed the connection\n");
			return -1;
		}
		if (!in_block) {
			/* Notifications (%output, %session-changed, ...) come between blocks. A block
			 * with flags 0 ("%begin TIME NUMBER 0") answers the attach on tmux's command
			 * line, not a command of ours: skip it. */
			if (strncmp(l, "%begin ", 7) == 0) {
				const char *flags = strrchr(l, ' ');

				in_block = strcmp(flags, " 0") == 0 ? 2 : 1;
			}
			free(l);
			continue;
		}
		if (strncmp(l, "%end ", 5) == 0 || strncmp(l, "%error ", 7) == 0) {
			int err = l[1] == 'e' && l[2] == 'r';

			free(l);
			if (in_block == 2) {
				in_block = 0;
				clear_lines();
				continue;
			}
			return err ? -1 : 0;
		}
		if (nlines < MAX_LINES)
			lines[nlines++] = l;
		else
			free(l);
	}
}

/* Run one tmux command and collect its output lines, as read_block. */
static int command(const char *cmd)
{
	size_t len = strlen(cmd);

	while (len) {
		ssize_t w = write(to_tmux, cmd, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			fprintf(stderr, "tmuxpoll: write to tmux: %s\n", strerror(errno));
			return -1;
		}
		cmd += w;
		len -= (size_t)w;
	}
	return read_block();
}

struct cond {
	int row, negate;
	const char *text;
};

/* Row c->row (any row when it is -1) contains c->text. */
static int cond_has(const struct cond *c)
{
	if (c->row >= 0)
		return c->row < nlines && strstr(lines[c->row], c->text) != NULL;
	for (int i = 0; i < nlines; i++)
		if (strstr(lines[i], c->text))
			return 1;
	return 0;
}

static int conds_hold(const struct cond *c, int n)
{
	for (int i = 0; i < n; i++)
		if (cond_has(&c[i]) == c[i].negate)
			return 0;
	return 1;
}

static void show_screen(const char *target, const struct cond *c, int n)
{
	for (int i = 0; i < n; i++) {
		if (cond_has(&c[i]) == c[i].negate)
			fprintf(stderr, "tmuxpoll: row %d %s '%s'\n", c[i].row,
				c[i].negate ? "still shows" : "does not show", c[i].text);
	}
	fprintf(stderr, "tmuxpoll: the last capture of %s:\n", target);
	for (int i = 0; i < nlines; i++)
		fprintf(stderr, "    | %s\n", lines[i]);
}

static int split_tabs(char *s, char **f, int max)
{
	int n = 0;

	while (n < max) {
		f[n++] = s;
		s = strchr(s, '\t');
		if (!s)
			break;
		*s++ = '\0';
	}
	return n;
}

static int start_tmux(char **argv)
{
	int in[2], out[2];

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0) {
		fprintf(stderr, "tmuxpoll: pipe: %s\n", strerror(errno));
		return -1;
	}
	tmux_pid = fork();
	if (tmux_pid < 0) {
		fprintf(stderr, "tmuxpoll: fork: %s\n", strerror(errno));
		return -1;
	}
	if (tmux_pid == 0) {
		if (dup2(in[0], STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "tmuxpoll: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	to_tmux = in[1];
	from_tmux = out[0];
	if (command("display-message -p tmuxpoll-ready\n") < 0 || nlines != 1 ||
	    strcmp(lines[0], "tmuxpoll-ready") != 0) {
		fprintf(stderr, "tmuxpoll: no control-mode reply from %s\n", argv[0]);
		return -1;
	}
	return 0;
}

static void stop_tmux(void)
{
	if (to_tmux >= 0)
		close(to_tmux); /* EOF on stdin: the control client detaches and exits */
	to_tmux = -1;
	if (tmux_pid > 0) {
		int st;

		while (waitpid(tmux_pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	tmux_pid = -1;
}

int main(int argc, char **argv)
{
	long long timeout_ns, t0 = 0;
	char *end, *script = NULL;
	size_t cap = 0;
	int rc = 0;

	if (argc < 4 || strcmp(argv[2], "--") != 0)
		goto usage;
	errno = 0;
	timeout_ns = strtoll(argv[1], &end, 10) * 1000000LL;
	if (errno || *end || end == argv[1] || timeout_ns <= 0)
		goto usage;
	signal(SIGPIPE, SIG_IGN);
	if (start_tmux(argv + 3) < 0) {
		stop_tmux();
		return 1;
	}
	while (getline(&script, &cap, stdin) > 0) {
		char *f[3 + MAX_CONDS], cmd[4096];
		int n;

		script[strcspn(script, "\n")] = '\0';
		if (!script[0])
			continue;
		n = split_tabs(script, f, 3 + MAX_CONDS);
		if (strcmp(f[0], "key") == 0 && n == 3) {
			snprintf(cmd, sizeof(cmd), "send-keys -t '%s' %s\n", f[1], f[2]);
			t0 = now_ns();
			if (command(cmd) < 0) {
				fprintf(stderr, "tmuxpoll: %s: %s\n", cmd, nlines ? lines[0] : "failed");
				rc = 1;
				break;
			}
		} else if (strcmp(f[0], "wait") == 0 && n >= 4) {
			struct cond c[MAX_CONDS];
			long long prev = t0, sent, got;
			long polls = 0;
			int nc = 0;

			for (int i = 3; i < n; i++) {
				char *p = f[i] + (f[i][0] == '*' ? 1 : strspn(f[i], "0123456789"));

				if (p == f[i] || (*p != '=' && *p != '!'))
					goto usage;
				c[nc].row = f[i][0] == '*' ? -1 : atoi(f[i]);
				c[nc].negate = *p == '!';
				c[nc].text = p + 1;
				nc++;
			}
			snprintf(cmd, sizeof(cmd), "capture-pane -p -t '%s'\n", f[1]);
			for (;;) {
				sent = now_ns();
				if (command(cmd) < 0) {
					fprintf(stderr, "tmuxpoll: capture-pane -t %s: %s\n", f[1],
						nlines ? lines[0] : "failed");
					rc = 1;
					break;
				}
				got = now_ns();
				polls++;
				if (conds_hold(c, nc)) {
					printf("%s %lld %ld %lld %lld\n", f[2], got - t0, polls, got - prev,
					       got - sent);
					fflush(stdout);
					break;
				}
				prev = sent;
				if (got - t0 > timeout_ns) {
					fprintf(stderr, "tmuxpoll: %s: the screen did not show what was waited "
						"for within %lld ms\n", f[2], timeout_ns / 1000000);
					show_screen(f[1], c, nc);
					rc = 1;
					break;
				}
			}
			if (rc)
				break;
		} else if (strcmp(f[0], "sleep") == 0 && n == 2) {
			long ms = atol(f[1]);
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

			while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
		} else {
			fprintf(stderr, "tmuxpoll: bad script line '%s'\n", f[0]);
			rc = 2;
			break;
		}
	}
	free(script);
	clear_lines();
	stop_tmux();
	return rc;
usage:
	fprintf(stderr, "usage: tmuxpoll TIMEOUT_MS -- TMUX_ARGV... (script on stdin; see the source)\n");
	stop_tmux();
	return 2;
}
