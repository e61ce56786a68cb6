/* main.c - options, then either batch mode (snapshots to stdout) or the interactive dashboard.
 * The only place (with ui.c) that decides to exit; exit status 0 ok, 1 runtime error, 2 usage. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <sys/mman.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "attach.h"
#include "collect.h"
#include "fmt.h"
#include "hexdump.h"
#include "ipcns.h"
#include "leak.h"
#include "names.h"
#include "options.h"
#include "shmdir.h"
#include "shmfile.h"
#include "output.h"
#include "procinfo.h"
#include "snapshot.h"
#include "sysv.h"
#include "table.h"
#include "ui.h"

#define EXIT_USAGE 2

static int stdout_sink(void *ctx, const char *data, size_t len)
{
	FILE *f = ctx;

	if (fwrite(data, 1, len, f) != len || fflush(f) != 0)
		return -(errno ? errno : EIO);
	return 0;
}

static void sleep_seconds(double secs)
{
	struct timespec ts = { (time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Keep only the leak suspects among rows (the rule of output_segment_leak, which every format
 * reports); returns how many remain. */
static size_t keep_suspects(const struct output_ctx *o, const struct snapshot *snap, uint32_t *rows,
			    size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		if (output_segment_leak(o, snap, &snap->segs.v[rows[i]], NULL))
			rows[w++] = rows[i];
	return w;
}

/* The POSIX directory, opened once: --shm-dir (<procroot>/PID/root/REST resolved inside that
 * root), else with --ipc-ns that process's /dev/shm inside its root, else /dev/shm. A failure
 * stays in d->err, for whatever reads objects to report. warn gets a one-line warning when a
 * --shm-dir is not a tmpfs, else "". */
static void open_shm_dir(const struct options *opt, struct shmdir *d, char *warn, size_t size)
{
	char esc[PATH_MAX * 4];

	warn[0] = '\0';
	if (opt->shm_dir)
		shmdir_open(d, opt->procroot, opt->shm_dir);
	else if (opt->ipc_ns_pid)
		shmdir_open_pid(d, opt->procroot, opt->ipc_ns_pid, "/dev/shm");
	else
		shmdir_open(d, opt->procroot, "/dev/shm");
	if (opt->shm_dir && d->fd >= 0 && !d->tmpfs) {
		fmt_escape(esc, sizeof(esc), d->shown);
		snprintf(warn, size, "--shm-dir %s is not a tmpfs (where shm_open keeps objects); "
			 "listing its regular files anyway", esc);
	}
}

static int run_batch(const struct options *opt, const struct table_filter *filter)
{
	struct collect_cfg cfg = { opt->procroot, opt->source, sysconf(_SC_PAGESIZE),
				   opt->source_auto };
	struct procclock clk;
	struct procinfo_cache pids;
	struct snapshot snap;
	struct names names;
	struct outbuf out;
	struct attach_list al;
	struct posix_list pl;
	struct shmdir sd;
	uint32_t *rows = NULL, *prows = NULL;
	size_t rows_cap = 0, prows_cap = 0;
	int status = 0, suspects = 0, posix_warned = 0, pids_ready = 0;
	char warn[512], last_warn[512] = "";

	if (opt->posix && opt->format == OUTPUT_CSV) { /* one header, one kind of row (RFC 4180) */
		fprintf(stderr, "shmtop: --posix cannot be written as CSV: use -o json, table or "
			"prometheus\nTry 'shmtop --help' for more information.\n");
		return EXIT_USAGE;
	}
	posix_list_init(&pl);
	shmdir_init(&sd);
	if (opt->posix) {
		open_shm_dir(opt, &sd, warn, sizeof(warn));
		if (warn[0])
			fprintf(stderr, "shmtop: warning: %s\n", warn);
	}
	snapshot_init(&snap);
	names_init(&names, NULL);
	outbuf_init(&out, stdout_sink, stdout);
	attach_list_init(&al);

	for (long i = 0; i < opt->iterations; i++) {
		struct output_ctx octx = {
			.format = opt->format, .bytes = opt->bytes, .names = &names, .pids = NULL,
			.attachers = NULL, .now = 0, .stale_secs = opt->stale_secs, .leaks = opt->leaks,
			.no_mem_columns = opt->source != SNAPSHOT_PROC,
		};
		size_t n;

		if (i)
			sleep_seconds(opt->delay);
		if (collect_snapshot(&cfg, (int64_t)time(NULL), &snap, warn, sizeof(warn)) < 0) {
			fprintf(stderr, "shmtop: %s\n", warn);
			status = 1;
			break;
		}
		if (warn[0] && strcmp(warn, last_warn) != 0) /* once, not once per snapshot */
			fprintf(stderr, "shmtop: warning: %s\n", warn);
		snprintf(last_warn, sizeof(last_warn), "%s", warn);
		if (snap.segs.n > rows_cap) {
			uint32_t *r = realloc(rows, snap.segs.n * sizeof(*rows));

			if (!r) {
				fprintf(stderr, "shmtop: out of memory\n");
				status = 1;
				break;
			}
			rows = r;
			rows_cap = snap.segs.n;
		}
		n = table_build(&snap, filter, opt->sort, opt->reverse, &names, rows);
		octx.now = snap.time;
		if (output_needs_pids(opt->format) || opt->leaks) {
			if (!pids_ready) { /* /proc/stat only when pids are shown: the table has none */
				procinfo_clock_read(opt->procroot, sysconf(_SC_CLK_TCK), &clk);
				procinfo_cache_init(&pids, opt->procroot, &clk);
				pids_ready = 1;
			}
			procinfo_cache_reset(&pids);
			collect_pids(&pids, &snap, rows, n);
			octx.pids = &pids;
		}
		if (opt->leaks)
			n = keep_suspects(&octx, &snap, rows, n);
		suspects |= n > 0;
		if (opt->attachers) {
			int arc = attach_scan(opt->procroot, -1, &al);

			if (arc < 0) {
				fprintf(stderr, "shmtop: cannot scan %s for attached processes: %s\n",
					opt->procroot, strerror(-arc));
				status = 1;
				break;
			}
			octx.attachers = &al;
		}
		if (opt->posix) {
			int rc = posix_list_dir(&sd, &pl);
			size_t np = 0;

			if (rc < 0) { /* none to show, but not fatal: the segments still are */
				if (!posix_warned++)
					fprintf(stderr, "shmtop: warning: cannot list POSIX shared memory "
						"in %s: %s\n", sd.shown, strerror(-rc));
				posix_list_free(&pl);
			} else if ((rc = posix_scan_mappers(opt->procroot, &sd, &pl)) < 0) {
				fprintf(stderr, "shmtop: cannot scan %s for POSIX shared memory mappings: "
					"%s\n", opt->procroot, strerror(-rc));
				status = 1;
				break;
			}
			if (pl.n > prows_cap) {
				uint32_t *r = realloc(prows, pl.n * sizeof(*prows));

				if (!r) {
					fprintf(stderr, "shmtop: out of memory\n");
					status = 1;
					break;
				}
				prows = r;
				prows_cap = pl.n;
			}
			octx.posix = &pl;
			octx.posix_dir = sd.shown;
			for (size_t k = 0; k < pl.n; k++) /* -u and --leaks as for the segments */
				if ((!filter->by_uid || (pl.v[k].stat_known && pl.v[k].uid == filter->uid)) &&
				    (!opt->leaks || output_posix_leak(&octx, &snap, &pl.v[k], NULL)))
					prows[np++] = (uint32_t)k;
			octx.posix_rows = prows;
			octx.posix_nrows = np;
			suspects |= opt->leaks && np > 0;
		}
		output_snapshot(&out, &octx, &snap, rows, n, (unsigned long)i);
		if (outbuf_flush(&out) < 0 || fflush(stdout) != 0) {
			fprintf(stderr, "shmtop: cannot write output: %s\n",
				strerror(out.err ? -out.err : errno));
			status = 1;
			break;
		}
	}
	free(rows);
	outbuf_free(&out);
	names_free(&names);
	snapshot_free(&snap);
	if (pids_ready)
		procinfo_cache_free(&pids);
	attach_list_free(&al);
	posix_list_free(&pl);
	shmdir_close(&sd);
	free(prows);
	if (opt->leaks) /* like grep: 0 none, 1 some, 2 trouble */
		return status ? 2 : suspects ? 1 : 0;
	return status;
}

/* --dump / --dump-key: the segment's bytes exactly as hexdump -C prints them. */
/* The bytes as hexdump -C prints them, into out; the caller flushes. */
static void dump_feed(struct outbuf *out, const uint8_t *p, uint64_t size)
{
	struct hexdump_c hd;

	hexdump_c_init(&hd);
	for (uint64_t off = 0; off < size && !out->err; off += 1u << 20) {
		uint64_t n = size - off < (1u << 20) ? size - off : (1u << 20);

		hexdump_c_feed(&hd, p + off, (size_t)n, out);
	}
	hexdump_c_finish(&hd, out);
}

static void dump_out_init(struct outbuf *out)
{
	outbuf_init(out, stdout_sink, stdout);
	out->chunk = 1u << 20; /* fewer, larger writes: a pipe is the usual reader */
}

/* Flush and free out; 0, or 1 with a message when the output could not be written. */
static int dump_out_done(struct outbuf *out)
{
	int status = 0;

	if (outbuf_flush(out) < 0 || fflush(stdout) != 0) {
		fprintf(stderr, "shmtop: cannot write output: %s\n", strerror(out->err ? -out->err : errno));
		status = 1;
	}
	outbuf_free(out);
	return status;
}

struct dump_args {
	const struct shmfile *f;
	struct outbuf *out;
};

static int dump_guarded(void *arg)
{
	struct dump_args *d = arg;

	dump_feed(d->out, d->f->map, d->f->size);
	return 0;
}

/* --dump=/NAME: a POSIX object of the POSIX directory (inside the container's root with
 * --ipc-ns), read through a guarded read-only mapping. */
static int run_dump_posix(const struct options *opt)
{
	struct shmfile f;
	struct shmdir sd;
	struct outbuf out;
	struct dump_args d = { &f, &out };
	char warn[PATH_MAX * 4 + 128], name[POSIX_NAME_MAX * 4], dir[PATH_MAX * 4];
	int rc, status;

	open_shm_dir(opt, &sd, warn, sizeof(warn));
	if (warn[0])
		fprintf(stderr, "shmtop: warning: %s\n", warn);
	if (sd.fd < 0) {
		fmt_escape(name, sizeof(name), opt->dump_name);
		fmt_escape(dir, sizeof(dir), sd.shown);
		fprintf(stderr, "shmtop: cannot read POSIX object %s: cannot open %s: %s\n", name,
			dir, strerror(-sd.err));
		return 1;
	}
	rc = shmfile_open(&sd, opt->dump_name, &f);
	shmdir_close(&sd);
	if (rc < 0) {
		fprintf(stderr, "shmtop: cannot read POSIX object %s: %s\n", opt->dump_name,
			rc == -EACCES ? "permission denied" : rc == -ENOENT ? "no such object" :
			rc == -EINVAL ? "not a regular file" :
			rc == -ESTALE ? "it changed while being opened" : strerror(-rc));
		return 1;
	}
	dump_out_init(&out);
	rc = shmfile_guarded(dump_guarded, &d);
	shmfile_close(&f);
	status = dump_out_done(&out); /* what was formatted before a truncation still goes out */
	if (rc == -EFAULT) {
		fprintf(stderr, "shmtop: %s was truncated while being read\n", opt->dump_name);
		return 1;
	}
	return status;
}

static int run_dump(const struct options *opt)
{
	struct shmseg seg;
	struct outbuf out;
	const void *addr;
	int32_t id = opt->dump_id;
	int rc;

	if (opt->dump == 2) {
		rc = sysv_id_of_key(opt->dump_key);
		if (rc < 0) {
			fprintf(stderr, "shmtop: no segment with key 0x%08x%s\n", (unsigned)opt->dump_key,
				rc == -EACCES ? " that you may read (permission denied)" : "");
			return 1;
		}
		id = rc;
	}
	rc = sysv_stat(id, &seg);
	if (rc == 0)
		rc = sysv_attach_ro(id, &addr);
	if (rc < 0) {
		fprintf(stderr, "shmtop: cannot read shmid %d: %s\n", (int)id,
			rc == -EACCES ? "permission denied" : rc == -EINVAL || rc == -EIDRM ?
			"no such segment" : strerror(-rc));
		return 1;
	}
#ifdef MADV_POPULATE_READ
	/* fault the mapping in with one call instead of one fault per page (Linux >= 5.14) */
	if (seg.size)
		(void)madvise((void *)(uintptr_t)addr, (size_t)seg.size, MADV_POPULATE_READ);
#endif
	dump_out_init(&out);
	dump_feed(&out, addr, seg.size);
	sysv_detach(addr);
	return dump_out_done(&out);
}

/* --list-ns: the IPC namespaces in use, like lsns -t ipc, with their System V segment counts. */
static int run_list_ns(const struct options *opt)
{
	struct ipcns_list l = { 0 };
	struct procclock clk;
	uint64_t self = 0;
	int rc = ipcns_list(opt->procroot, 1, &l);

	if (rc < 0) {
		fprintf(stderr, "shmtop: cannot list IPC namespaces under %s: %s\n", opt->procroot,
			strerror(-rc));
		return 1;
	}
	ipcns_inode(opt->procroot, 0, &self);
	procinfo_clock_read(opt->procroot, sysconf(_SC_CLK_TCK), &clk);
	if (opt->format == OUTPUT_JSON)
		printf("{\"version\":1,\"namespaces\":[");
	else
		printf("%-12s %6s %9s %8s  %s\n", "IPC-NS", "PROCS", "SEGMENTS", "PID", "COMMAND");
	for (size_t i = 0; i < l.n; i++) {
		const struct ipcns_entry *e = &l.v[i];
		struct procinfo pi;
		char comm[PROCINFO_COMM_MAX * 4], segs[32];

		procinfo_read(opt->procroot, e->sample_pid, &clk, &pi);
		fmt_escape(comm, sizeof(comm), pi.comm);
		if (e->segments < 0)
			snprintf(segs, sizeof(segs), opt->format == OUTPUT_JSON ? "null" : "?");
		else
			snprintf(segs, sizeof(segs), "%ld", e->segments);
		if (opt->format == OUTPUT_JSON) {
			printf("%s{\"inode\":%llu,\"current\":%s,\"processes\":%zu,\"segments\":%s,"
			       "\"sample_pid\":%d,\"sample_comm\":\"", i ? "," : "", (unsigned long long)e->ino,
			       e->ino == self ? "true" : "false", e->nprocs, segs, (int)e->sample_pid);
			for (const char *c = comm; *c; c++)
				printf(*c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
			printf("\"}");
		} else {
			printf("%-12llu %6zu %9s %8d  %s%s\n", (unsigned long long)e->ino, e->nprocs, segs,
			       (int)e->sample_pid, comm, e->ino == self ? "  (shmtop's own)" : "");
		}
	}
	if (opt->format == OUTPUT_JSON)
		printf("]}\n");
	ipcns_list_free(&l);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "shmtop: cannot write output: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

/* --ipc-ns: move into another process's IPC namespace before anything reads System V state. */
static int enter_namespace(const struct options *opt)
{
	int rc = ipcns_enter(opt->procroot, opt->ipc_ns_pid);

	if (rc == 0)
		return 0;
	fprintf(stderr, "shmtop: cannot enter the IPC namespace of pid %d: %s\n", (int)opt->ipc_ns_pid,
		rc == -EPERM ? "permission denied (entering a namespace needs CAP_SYS_ADMIN: run as root)" :
		rc == -ENOENT || rc == -ESRCH ? "no such process" : strerror(-rc));
	return -1;
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int poll_once(struct app *app, const struct collect_cfg *cfg, struct snapshot *snap)
{
	char warn[512];
	int rc = collect_snapshot(cfg, (int64_t)time(NULL), snap, warn, sizeof(warn));

	if (rc < 0) {
		app_status(app, 1, warn);
		return rc;
	}
	if (app_update(app, snap) < 0) {
		app_status(app, 1, "out of memory");
		return -ENOMEM;
	}
	if (warn[0])
		app_status(app, 1, warn);
	return 0;
}

static int run_dashboard(const struct options *opt, const struct table_filter *filter)
{
	struct collect_cfg cfg = { opt->procroot, opt->source, sysconf(_SC_PAGESIZE),
				   opt->source_auto };
	const char *nc = getenv("NO_COLOR");
	struct ui_options uo = { !opt->no_color && !(nc && *nc), !opt->no_mouse };
	struct app_config ac = {
		.delay = opt->delay, .read_only = opt->read_only, .mouse = !opt->no_mouse,
		.sort = opt->sort, .reverse = opt->reverse, .by_uid = filter->by_uid,
		.uid = filter->uid, .version = PACKAGE_VERSION, .bytes = opt->bytes,
		.stale_secs = opt->stale_secs, .show_procs = opt->attachers,
	};
	struct procclock clk;
	struct snapshot snap;
	struct frame frame = { 0 };
	struct app app;
	struct shmdir sd;
	char host[256] = "?", err[PATH_MAX * 4 + 128];
	double next_poll;
	long polls = 0;
	int repaint = 0, first = 1, quit = 0, sig;

	if (gethostname(host, sizeof(host) - 1) < 0)
		snprintf(host, sizeof(host), "?");
	if (ipcns_inode(opt->procroot, 0, &ac.ipc_ns) < 0)
		ac.ipc_ns = 0;
	ac.hostname = host;
	if (ui_start(&uo, err, sizeof(err)) < 0) {
		fprintf(stderr, "shmtop: %s\n", err);
		return 1;
	}
	procinfo_clock_read(opt->procroot, sysconf(_SC_CLK_TCK), &clk);
	app_init(&app, &ac, NULL);
	app.self_pid = (int32_t)getpid();
	app_set_proc(&app, opt->procroot, &clk);
	open_shm_dir(opt, &sd, err, sizeof(err));
	app_set_shm(&app, &sd);
	if (err[0])
		app_status(&app, 1, err);
	snapshot_init(&snap);
	next_poll = mono_now();

	while (!quit && !ui_stop_signal) {
		int w, h, key, flags, timeout_ms;
		double t = mono_now();

		if (!app.paused && t >= next_poll) {
			poll_once(&app, &cfg, &snap);
			polls++;
			next_poll = t + opt->delay;
		}
		app.now = (int64_t)time(NULL);
		ui_size(&w, &h);
		if ((w != frame.w || h != frame.h) && frame_resize(&frame, w, h) < 0)
			break;
		frame.utf8 = ui_utf8();
		if (first) {
			app_draw(&app, &frame); /* lays out the table so prepare knows the rows */
			first = 0;
		}
		app_prepare(&app);
		app_draw(&app, &frame);
		ui_present(&frame, repaint);
		repaint = 0;
		if (opt->iterations && polls >= opt->iterations)
			break;
		timeout_ms = app.paused ? -1 : (int)((next_poll - mono_now()) * 1000.0);
		if (timeout_ms < 0 && !app.paused)
			timeout_ms = 0;
		if (app_work(&app))
			timeout_ms = 0; /* a search in progress: keep the keys answered between steps */
		key = ui_getkey(timeout_ms, &app.mouse_y, &app.mouse_x);
		if (key < 0)
			continue;
		flags = app_key(&app, key);
		if (flags & APP_QUIT)
			quit = 1;
		if (flags & APP_REPAINT)
			repaint = 1;
		if (flags & APP_POLL_NOW)
			next_poll = 0;
	}
	sig = ui_stop_signal;
	ui_stop();
	app_free(&app);
	snapshot_free(&snap);
	frame_free(&frame);
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options opt;
	struct table_filter filter = { 0 };
	char err[512];

	setlocale(LC_ALL, "");
	if (options_parse(argc, argv, &opt, err, sizeof(err)) < 0) {
		char esc[sizeof(err) * 4];

		fmt_escape(esc, sizeof(esc), err); /* the message quotes what was typed */
		fprintf(stderr, "shmtop: %s\nTry 'shmtop --help' for more information.\n", esc);
		return EXIT_USAGE;
	}
	if (opt.help) {
		fputs(options_help(), stdout);
		return 0;
	}
	if (opt.version) {
		printf("shmtop %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (opt.user) {
		if (names_parse_user(opt.user, &filter.uid) < 0) {
			fprintf(stderr, "shmtop: unknown user '%s'\nTry 'shmtop --help' for more information.\n",
				opt.user);
			return EXIT_USAGE;
		}
		filter.by_uid = 1;
	}
	if (opt.ipc_ns_pid && enter_namespace(&opt) < 0)
		return opt.leaks ? 2 : 1; /* --leaks: like grep, 1 means "found" */
	if (opt.list_ns)
		return run_list_ns(&opt);
	if (opt.dump == 3)
		return run_dump_posix(&opt);
	if (opt.dump)
		return run_dump(&opt);
	if (opt.batch || opt.leaks) /* --leaks is for scripts: it implies -b */
		return run_batch(&opt, &filter);
	return run_dashboard(&opt, &filter);
}
