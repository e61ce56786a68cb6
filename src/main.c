/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* main.c - options, then either batch mode (snapshots to stdout) or the interactive dashboard.
 * The only place (with ui.c) that decides to exit; exit status 0 ok, 1 runtime error, 2 usage. */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <sys/mman.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "attach.h"
#include "batchkinds.h"
#include "collect.h"
#include "fmt.h"
#include "histdb.h"
#include "histtime.h"
#include "hugetlb.h"
#include "hexdump.h"
#include "ipcns.h"
#include "kind.h"
#include "kind_posix.h"
#include "kind_shm.h"
#include "kinds.h"
#include "leak.h"
#include "names.h"
#include "options.h"
#include "refresh.h"
#include "settings.h"
#include "tracedash.h"
#include "record.h"
#include "replay.h"
#include "recorded.h"
#include "tracerun.h"
#include "shmem.h"
#include "shmemscan.h"
#include "shmdir.h"
#include "output.h"
#include "procinfo.h"
#include "reader.h"
#include "snapshot.h"
#include "sysv.h"
#include "table.h"
#include "ui.h"

#define EXIT_USAGE 2
#define HELP_HINT "Try 'shmtop --help' for more information.\n"

/* "shmtop: " and the message on stderr. The message is escaped as a whole with fmt_escape: it
 * quotes paths, names and option values as they were given (raw: pass nothing escaped already),
 * and shmtop's own words hold no backslash and no control byte, so only what came from outside
 * changes, escaped exactly once. */
static void complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void complain(const char *fmt, ...)
{
	char msg[8192], esc[sizeof(msg) * 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fmt_escape(esc, sizeof(esc), msg);
	fprintf(stderr, "shmtop: %s\n", esc);
}

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

/* Whether any segment has something attached: only then can a shmtop be among its attachers. */
static int any_attached(const struct snapshot *snap)
{
	for (size_t i = 0; i < snap->segs.n; i++)
		if (snap->segs.v[i].nattch)
			return 1;
	return 0;
}

/* The attachers scan of one batch snapshot, when something needs it: --attachers; huge pages in
 * use (which segments are SHM_HUGETLB, and their real RSS); --leaks while anything is attached (a
 * shmtop's own attachment is not use). Marks the hugetlb segments. Returns 0, or -1 after a
 * message when --attachers asked for a scan that failed. */
static int batch_attachers(const struct options *opt, struct snapshot *snap, struct attach_list *al,
			   struct output_ctx *octx)
{
	int rc;

	if (!opt->attachers && !opt->npids && hugetlb_in_use(HUGETLB_SYSFS) <= 0 &&
	    !(opt->leaks && any_attached(snap)))
		return 0;
	rc = attach_scan(opt->procroot, -1, al);
	if (rc < 0) {
		if (!opt->attachers && !opt->npids)
			return 0; /* not asked for: shown as before, unknown where it would tell */
		complain("cannot scan %s for attached processes: %s", opt->procroot, strerror(-rc));
		return -1;
	}
	attach_apply(al, snap->segs.v, snap->segs.n);
	octx->evidence = al;
	if (opt->attachers)
		octx->attachers = al;
	return 0;
}

static int one_segment_leak(const struct output_ctx *o, const struct snapshot *snap,
			    const void *obj, unsigned *reasons)
{
	return output_segment_leak(o, snap, obj, reasons);
}

static int one_posix_leak(const struct output_ctx *o, const struct snapshot *snap, const void *obj,
			  unsigned *reasons)
{
	return output_posix_leak(o, snap, obj, reasons);
}

/* -i, --key, --name: the object of the first kind they name, every field (output_object); when
 * there is none, say so and return -ENOENT. */
static int write_one(const struct options *opt, struct outbuf *out, const struct output_ctx *o,
		     const struct snapshot *snap, const struct posix_list *pl)
{
	const struct kind *k = options_first_kind(opt);
	int (*leak)(const struct output_ctx *, const struct snapshot *, const void *,
		    unsigned *) = NULL;
	const void *objs = NULL;
	size_t nobjs = 0;

	if (k == &kind_shm) {
		objs = snap->segs.v;
		nobjs = snap->segs.n;
		leak = one_segment_leak;
	} else if (k == &kind_posix) {
		objs = pl->v;
		nobjs = pl->n;
		leak = one_posix_leak;
	} else {
		for (size_t j = 0; j < o->nkinds; j++)
			if (o->kinds[j].kind == k) {
				objs = o->kinds[j].objs;
				nobjs = o->kinds[j].nobjs;
				leak = o->kinds[j].leak;
			}
	}
	for (size_t i = 0; i < nobjs; i++) {
		const void *obj = (const char *)objs + i * k->size;

		if (output_object_matches(k, obj, opt->one_field, opt->one_num, opt->one_value)) {
			output_object(out, o, snap, k, obj, leak);
			return 0;
		}
	}
	complain("no %s with %s %s", k->noun_one, strcmp(opt->one_field, "id") == 0 ?
		 k->id_name : opt->one_field, opt->one_value);
	return -ENOENT;
}

/* The POSIX directory, opened once: --shm-dir (<procroot>/PID/root/REST resolved inside that
 * root), else with --ipc-ns that process's /dev/shm inside its root, else /dev/shm. A failure
 * stays in d->err, for whatever reads objects to report. warn gets a one-line warning when a
 * --shm-dir is not a tmpfs, else "" (raw: it quotes the directory as given). */
static void open_shm_dir(const struct options *opt, struct shmdir *d, char *warn, size_t size)
{
	warn[0] = '\0';
	shmdir_open_viewed(d, opt->procroot, opt->shm_dir, opt->ipc_ns_pid);
	if (opt->shm_dir && d->fd >= 0 && !d->tmpfs)
		snprintf(warn, size, "--shm-dir %s is not a tmpfs (where shm_open keeps objects); "
			 "listing its regular files anyway", d->shown);
}

/* Whether what the batch run writes can show the segments' recorded creators: JSON, --leaks, -i,
 * the column asked for, or --db given. */
static int wants_recorded(const struct options *opt)
{
	int asked = 0;

	if (!(opt->kinds & KIND_BIT(KIND_SHM)))
		return 0;
	for (size_t i = 0; opt->columns_given && options_first_kind(opt) == &kind_shm &&
			   opt->columns[i] != FIELD_NONE; i++)
		asked |= opt->columns[i] == SHM_F_RECORDED;
	return asked || opt->db_path || opt->format == OUTPUT_JSON || opt->leaks || opt->one_field;
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
	struct batchkinds bk;
	struct shmdir sd;
	struct shmemscan shsc;
	struct shmem_report shrep;
	static struct recorded rec;
	uint32_t *rows = NULL, *prows = NULL;
	size_t rows_cap = 0, prows_cap = 0;
	int status = 0, suspects = 0, posix_warned = 0, pids_ready = 0;
	uint64_t ipc_ns;
	char warn[PATH_MAX + 512], last_warn[sizeof(warn)] = "", last_kinds_warn[sizeof(warn)] = "";

	if (ipcns_inode(opt->procroot, 0, &ipc_ns) < 0)
		ipc_ns = 0; /* the ipc_namespace label says "" */
	posix_list_init(&pl);
	shmemscan_init(&shsc);
	shmem_report_init(&shrep);
	batchkinds_init(&bk, opt->kinds, opt->procroot, opt->stale_secs);
	bk.ipc_ns = ipc_ns; /* the processes of the namespace viewed: their shmids are its */
	shmdir_init(&sd);
	if (opt->posix || (opt->kinds & KIND_BIT(KIND_PSEM))) { /* named semaphores live there too */
		open_shm_dir(opt, &sd, warn, sizeof(warn));
		if (warn[0])
			complain("warning: %s", warn);
	}
	batchkinds_posix(&bk, (opt->kinds & KIND_BIT(KIND_PSEM)) ? &sd : NULL, opt->ipc_ns_pid,
			 opt->pmq_status ? PMQ_READ_STATUS : 0);
	batchkinds_sort(&bk, options_first_kind(opt), opt->sort, opt->reverse);
	snapshot_init(&snap);
	names_init(&names, NULL);
	outbuf_init(&out, stdout_sink, stdout);
	attach_list_init(&al);
	/* the history database (shmtop --record), where what is written can name a gone creator */
	if (wants_recorded(opt) && recorded_open(&rec, opt->db_path, (uint32_t)ipc_ns, warn,
						 sizeof(warn)) < 0)
		complain("warning: %s", warn);

	for (long i = 0; i < opt->iterations; i++) {
		struct output_ctx octx = {
			.format = opt->format, .bytes = opt->bytes, .names = &names, .pids = NULL,
			.attachers = NULL, .now = 0, .stale_secs = opt->stale_secs, .leaks = opt->leaks,
			.no_mem_columns = opt->source != SNAPSHOT_PROC,
			.columns = opt->columns_given ? opt->columns : NULL,
			.no_segments = !(opt->kinds & KIND_BIT(KIND_SHM)),
			.ipc_ns = ipc_ns, .version = PACKAGE_VERSION, .no_headings = opt->no_headings,
			.time_format = opt->time_format,
			/* --prom-objects: all (-1) is no bound (0), none (0) keeps none (-1) */
			.prom_bound = opt->prom_objects < 0 ? 0 : opt->prom_objects ? opt->prom_objects : -1,
			.recorded = rec.on ? recorded_segment : NULL, .rctx = &rec,
		};
		size_t n;
		int more, found_before = suspects;

		if (i)
			sleep_seconds(opt->delay);
		if (octx.no_segments && !opt->shmem &&
		    (opt->format == OUTPUT_TABLE || opt->format == OUTPUT_CSV)) {
			/* --kinds without shm: these formats show nothing of the segments but the
			 * time (JSON and Prometheus still write their limits and totals), so they
			 * are not read: a shmctl per index of a host's thousands of segments */
			snapshot_clear(&snap);
			snap.time = (int64_t)time(NULL);
			warn[0] = '\0';
		} else if (collect_snapshot(&cfg, (int64_t)time(NULL), &snap, warn, sizeof(warn)) < 0) {
			complain("%s", warn);
			status = 1;
			break;
		}
		if (warn[0] && strcmp(warn, last_warn) != 0) /* once, not once per snapshot */
			complain("warning: %s", warn);
		snprintf(last_warn, sizeof(last_warn), "%s", warn);
		if (batch_attachers(opt, &snap, &al, &octx) < 0) {
			status = 1;
			break;
		}
		if (opt->shmem) {
			/* the whole namespace's segments, whatever -u or --leaks keep */
			shmemscan_run(&shsc, opt->procroot, &shrep);
			shmem_add_segments(&shrep, snap.segs.v, snap.segs.n);
			shmem_compute(&shrep);
			octx.shmem = &shrep;
		}
		if (snap.segs.n > rows_cap) {
			uint32_t *r = realloc(rows, snap.segs.n * sizeof(*rows));

			if (!r) {
				complain("out of memory");
				status = 1;
				break;
			}
			rows = r;
			rows_cap = snap.segs.n;
		}
		n = table_build(&snap, filter, opt->sort, opt->reverse, &names, rows);
		octx.now = snap.time;
		if (output_needs_pids(opt->format, options_first_kind(opt),
				      opt->columns_given ? opt->columns : NULL) || opt->leaks ||
		    opt->one_field) {
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
		if (opt->posix) {
			int rc = posix_list_dir(&sd, &pl);
			size_t np = 0;

			if (rc < 0) { /* none to show, but not fatal: the segments still are */
				if (!posix_warned++)
					complain("warning: cannot list POSIX shared memory in %s: %s",
						 sd.shown, strerror(-rc));
				posix_list_free(&pl);
			} else if ((rc = posix_scan_mappers(opt->procroot, &sd, &pl)) < 0) {
				complain("cannot scan %s for POSIX shared memory mappings: %s",
					 opt->procroot, strerror(-rc));
				status = 1;
				break;
			}
			if (pl.n > prows_cap) {
				uint32_t *r = realloc(prows, pl.n * sizeof(*prows));

				if (!r) {
					complain("out of memory");
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
			if (options_first_kind(opt) == &kind_posix) /* -s and -r name its field */
				table_sort(prows, np, &kind_posix, pl.v, opt->sort, opt->reverse, &names);
			octx.posix_rows = prows;
			octx.posix_nrows = np;
			suspects |= opt->leaks && np > 0;
		}
		more = batchkinds_collect(&bk, &octx, filter->by_uid, filter->uid, opt->leaks,
					  opt->format == OUTPUT_JSON, octx.pids ? &pids : NULL, snap.time, warn,
					  sizeof(warn));
		if (more < 0) {
			complain("out of memory");
			status = 1;
			break;
		}
		if (warn[0] && strcmp(warn, last_kinds_warn) != 0)
			complain("warning: %s", warn);
		snprintf(last_kinds_warn, sizeof(last_kinds_warn), "%s", warn);
		suspects |= more > 0;
		if (octx.no_segments)
			n = 0;
		if (opt->npids) { /* -p: what those processes hold, of every kind */
			struct kind_pid_ctx pc = { octx.evidence, opt->posix ? &pl : NULL, octx.psems };

			n = kind_keep_held(&kind_shm, snap.segs.v, rows, n, &pc, opt->pids, opt->npids);
			if (octx.posix && octx.posix_rows)
				octx.posix_nrows = kind_keep_held(&kind_posix, pl.v, prows,
								  octx.posix_nrows, &pc, opt->pids,
								  opt->npids);
			for (size_t j = 0; j < bk.nout; j++)
				bk.out[j].nrows = kind_keep_held(bk.out[j].kind, bk.out[j].objs,
								 (uint32_t *)bk.out[j].rows,
								 bk.out[j].nrows, &pc, opt->pids,
								 opt->npids);
			if (opt->leaks) { /* the status counts the suspects -p leaves, as it shows */
				int held = (!octx.no_segments && n > 0) ||
					   (octx.posix && octx.posix_rows && octx.posix_nrows > 0);

				for (size_t j = 0; j < bk.nout; j++)
					held |= bk.out[j].nrows > 0;
				suspects = found_before | held;
			}
		}
		if (opt->one_field) {
			if (write_one(opt, &out, &octx, &snap, &pl) < 0) {
				status = 1;
				break;
			}
		} else {
			output_snapshot(&out, &octx, &snap, rows, n, (unsigned long)i);
		}
		if (outbuf_flush(&out) < 0 || fflush(stdout) != 0) {
			complain("cannot write output: %s", strerror(out.err ? -out.err : errno));
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
	recorded_close(&rec);
	posix_list_free(&pl);
	shmemscan_free(&shsc);
	shmem_report_free(&shrep);
	batchkinds_free(&bk);
	shmdir_close(&sd);
	free(prows);
	if (opt->leaks) /* like grep: 0 none, 1 some, 2 trouble */
		return status ? 2 : suspects ? 1 : 0;
	return status;
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
		complain("cannot write output: %s", strerror(out->err ? -out->err : errno));
		status = 1;
	}
	outbuf_free(out);
	return status;
}

#define DUMP_CHUNK (1u << 20)

/* The size bytes that rd reads, as hexdump -C prints them, to stdout: a chunk is copied, then
 * written, so nothing is attached while the output waits (a full pipe). Closes rd. Returns 0, or
 * 1 after a message naming `what`. */
static int dump_reader(struct reader *rd, uint64_t size, const char *what)
{
	struct outbuf out;
	struct hexdump_c hd;
	uint8_t *buf = malloc(DUMP_CHUNK);
	int rc = 0, status;

	if (!buf) {
		reader_close(rd);
		complain("out of memory");
		return 1;
	}
	dump_out_init(&out);
	hexdump_c_init(&hd);
	for (uint64_t off = 0; off < size && !out.err;) {
		ssize_t n;

		/* the last chunk's write may have waited long (a full pipe): a segment removed
		 * meanwhile is let go, not kept allocated by our descriptor to the end */
		if (off && (rc = reader_check(rd)) < 0)
			break;
		n = reader_read(rd, off, buf, size - off < DUMP_CHUNK ? (size_t)(size - off) :
				DUMP_CHUNK);

		if (n < 0) {
			rc = (int)n;
			break;
		}
		if (n == 0) {
			rc = -EFAULT; /* it shrank underneath */
			break;
		}
		hexdump_c_feed(&hd, buf, (size_t)n, &out);
		off += (uint64_t)n;
	}
	if (!rc)
		hexdump_c_finish(&hd, &out);
	reader_close(rd);
	free(buf);
	status = dump_out_done(&out); /* what was formatted before a failure still goes out */
	if (rc < 0) {
		complain("%s %s", what, rc == -EFAULT ? "was truncated while being read" :
			 rc == -ESTALE || rc == -EINVAL || rc == -EIDRM ? "was removed while being read" :
			 strerror(-rc));
		return 1;
	}
	return status;
}

/* --dump=/NAME: a POSIX object of the POSIX directory (inside the container's root with
 * --ipc-ns), read through a read-only descriptor. */
static int run_dump_posix(const struct options *opt)
{
	struct shmdir sd;
	struct reader rd;
	struct stat st;
	char warn[PATH_MAX + 128];
	int fd;

	open_shm_dir(opt, &sd, warn, sizeof(warn));
	if (warn[0])
		complain("warning: %s", warn);
	if (sd.fd < 0) {
		complain("cannot read POSIX object %s: cannot open %s: %s", opt->dump_name, sd.shown,
			 strerror(-sd.err));
		return 1;
	}
	fd = shmdir_open_object(&sd, opt->dump_name, &st);
	shmdir_close(&sd);
	if (fd < 0) {
		complain("cannot read POSIX object %s: %s", opt->dump_name,
			 fd == -EACCES ? "permission denied" : fd == -ENOENT ? "no such object" :
			 fd == -EINVAL ? "not a regular file" :
			 fd == -ESTALE ? "it changed while being opened" : strerror(-fd));
		return 1;
	}
	reader_open_fd(&rd, fd, st.st_size > 0 ? (uint64_t)st.st_size : 0);
	return dump_reader(&rd, rd.size, opt->dump_name);
}

/* --dump / --dump-key: a segment's bytes, read without staying attached (reader.h). */
static int run_dump(const struct options *opt)
{
	struct shmseg seg;
	struct reader rd;
	int32_t id = opt->dump_id;
	char what[32];
	int rc;

	if (opt->dump == 2) {
		rc = sysv_id_of_key(opt->dump_key);
		if (rc < 0) {
			complain("no segment with key 0x%08x%s", (unsigned)opt->dump_key,
				 rc == -EACCES ? " that you may read (permission denied)" : "");
			return 1;
		}
		id = rc;
	}
	rc = sysv_stat(id, &seg);
	if (rc == 0)
		rc = reader_open_sysv(&rd, opt->procroot, &seg, 0);
	if (rc < 0) {
		complain("cannot read shmid %d: %s", (int)id,
			 rc == -EACCES ? "permission denied" : rc == -EINVAL || rc == -EIDRM ||
			 rc == -ESTALE ? "no such segment" : strerror(-rc));
		return 1;
	}
	snprintf(what, sizeof(what), "shmid %d", (int)id);
	return dump_reader(&rd, seg.size, what);
}

/* --list-ns: the IPC namespaces in use, like lsns -t ipc, with their System V segment counts. */
static int run_list_ns(const struct options *opt)
{
	struct ipcns_list l = { 0 };
	struct procclock clk;
	uint64_t self = 0;
	int rc = ipcns_list(opt->procroot, 1, &l);

	if (rc < 0) {
		complain("cannot list IPC namespaces under %s: %s", opt->procroot, strerror(-rc));
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
		complain("cannot write output: %s", strerror(errno));
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
	complain("cannot enter the IPC namespace of pid %d: %s", (int)opt->ipc_ns_pid,
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

/* The dashboard's history database (the default one, or --db), for the detail view's recorded
 * creator; the namespace asked about is the one viewed, which N changes. */
static struct recorded dash_rec;
static const struct app *dash_app;

static const struct field_recorded *dash_recorded(const void *rctx, const void *obj)
{
	dash_rec.ipc_ns = (uint32_t)dash_app->cfg.ipc_ns;
	return recorded_segment(rctx, obj);
}

/* --replay: the database opened, and the time to start at (--at, else the newest sample).
 * 0, or -1 with why on stderr. */
static int replay_begin(const struct options *opt, struct replay *rp, int64_t *at)
{
	char path[PATH_MAX];
	struct timespec ts;

	if (opt->db_path) {
		snprintf(path, sizeof(path), "%s", opt->db_path);
	} else if (histdb_default_path(path, sizeof(path)) < 0) {
		complain("--replay: no history database (SHMTOP_DB is empty, or no $HOME): use "
			 "--db=PATH");
		return -1;
	}
	if (replay_open(rp, path) < 0) {
		complain("--replay: %s", rp->err); /* which escapes it */
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	*at = rp->last_ns;
	if (opt->replay_at &&
	    histtime_parse(opt->replay_at, (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec, at) < 0)
		*at = rp->last_ns; /* checked by the options already */
	return 0;
}

/* Why the replay could not show a time, on the status line. */
static void say_replay(struct app *a, const struct replay *rp)
{
	char esc[sizeof(rp->err) * 4];

	fmt_escape(esc, sizeof(esc), rp->err);
	app_status(a, 1, esc);
}

/* The time shown, on the status line, and whether it is the first or last sample instead of
 * the time t asked for (what says before shows --at's). */
static void say_shown(struct app *a, const struct replay *rp, int64_t t, const char *what)
{
	char when[FMT_TIME_LEN], msg[FMT_TIME_LEN + 96];

	fmt_time_abs(when, sizeof(when), a->replay_ns / 1000000000);
	snprintf(msg, sizeof(msg), "%s%s%s", what, when,
		 t < rp->first_ns ? " (the first sample: nothing was sampled before it)" :
		 t > rp->last_ns ? " (the last sample: nothing was sampled after it)" : "");
	app_status(a, 0, msg);
}

/* [, ] or b: the time asked for, shown. */
static void replay_move(struct app *a, struct replay *rp)
{
	int64_t t = a->replay_want;

	if (a->replay_step && replay_step(rp, a->replay_step, &t) < 0) {
		say_replay(a, rp);
		return;
	}
	if (replay_show(rp, a, t, a->replay_step > 0) < 0) {
		say_replay(a, rp);
		return;
	}
	say_shown(a, rp, t, "");
}

static int run_dashboard(const struct options *opt, const struct table_filter *filter)
{
	struct collect_cfg cfg = { opt->procroot, opt->source, sysconf(_SC_PAGESIZE),
				   opt->source_auto };
	static struct settings settings;
	const char *nc = getenv("NO_COLOR");
	struct ui_options uo = { opt->scheme, !opt->no_mouse };
	struct app_config ac = {
		.delay = opt->delay, .read_only = opt->read_only, .mouse = !opt->no_mouse,
		.pids = opt->pids, .npids = opt->npids, .sort_given = opt->sort_given,
		.sort = opt->sort, .reverse = opt->reverse, .by_uid = filter->by_uid,
		.uid = filter->uid, .version = PACKAGE_VERSION, .bytes = opt->bytes,
		.stale_secs = opt->stale_secs, .show_procs = opt->attachers,
		.columns = opt->columns_given ? opt->columns : NULL,
		.kinds = opt->kinds_given ? opt->kinds : 0,
	};
	static struct tracedash tracer;
	static struct replay rp;
	int64_t replay_at = 0;
	struct procclock clk;
	struct refresh refresh;
	struct frame frame = { 0 };
	struct app app;
	struct shmdir sd;
	char host[256] = "?", err[PATH_MAX * 4 + 128];
	double next_poll;
	long polls = 0;
	int repaint = 0, quit = 0, sig, drawn = 0;

	/* each setting from the command line, then the settings file, then (colours) NO_COLOR
	 * (https://no-color.org: a configuration file wins over it), then the default */
	settings_load(&settings);
	ac.rc = &settings.rc;
	ac.rc_path = settings.path;
	if (!opt->delay_given && settings.rc.delay > 0)
		ac.delay = settings.rc.delay;
	if (!opt->scheme_given)
		uo.scheme = settings.rc.scheme >= 0 ? (enum palette_scheme)settings.rc.scheme :
			    nc && *nc ? PALETTE_MONO : PALETTE_DEFAULT;
	ac.scheme = uo.scheme;
	if (settings.rc.meters >= 0)
		ac.no_meters = (unsigned)~settings.rc.meters & 7u; /* view.h's VIEW_METERS_ALL */
	if (gethostname(host, sizeof(host) - 1) < 0)
		snprintf(host, sizeof(host), "?");
	if (ipcns_inode(opt->procroot, 0, &ac.ipc_ns) < 0)
		ac.ipc_ns = 0;
	ac.hostname = host;
	if (opt->replay && replay_begin(opt, &rp, &replay_at) < 0)
		return 1;
	if (opt->replay) {
		/* the header names where it was recorded, which may be another machine; a database
		 * an older recorder made does not say: "?" and no namespace */
		ac.hostname = rp.host[0] ? rp.host : "?";
		ac.ipc_ns = rp.ipc_ns;
	}
	if (ui_start(&uo, err, sizeof(err)) < 0) {
		complain("%s", err);
		if (opt->replay)
			replay_close(&rp);
		return 1;
	}
	procinfo_clock_read(opt->procroot, sysconf(_SC_CLK_TCK), &clk);
	app_init(&app, &ac, NULL);
	app.self_pid = (int32_t)getpid();
	/* a replay reads no process of now: the pids it shows are the past's */
	if (!opt->replay)
		app_set_proc(&app, opt->procroot, &clk);
	open_shm_dir(opt, &sd, err, sizeof(err));
	app_set_shm(&app, &sd);
	if (!opt->kinds_given || (opt->kinds & KIND_BIT(KIND_PMQ))) {
		/* the queues of the namespace viewed: its mqueue mount, inside its root; none
		 * mounted: no queues' table */
		pmq_dir_open(&sd, opt->procroot, opt->ipc_ns_pid, NULL);
		app_set_mq(&app, &sd);
	}
	if (err[0]) {
		char esc[sizeof(err) * 4];

		fmt_escape(esc, sizeof(esc), err); /* it quotes --shm-dir as given */
		app_status(&app, 1, esc);
	} else if (settings.complaint[0]) {
		app_status(&app, 1, settings.complaint);
	}
	refresh_init(&refresh, &cfg);
	refresh.polled = tracedash_polled; /* the events screen without BPF */
	refresh.polled_ctx = &tracer;
	next_poll = mono_now();
	if (opt->replay) {
		ac.read_only = app.cfg.read_only = 1;
		next_poll = HUGE_VAL; /* nothing is polled: the tables change with [, ] and b */
		if (replay_show(&rp, &app, replay_at, 0) < 0) {
			say_replay(&app, &rp);
			/* still a replay (of nothing shown): its keys, its header, no removal */
			app.replay_ns = rp.shown_ns = replay_at > 0 ? replay_at : 1;
		} else if (opt->replay_at && (replay_at < rp.first_ns || replay_at > rp.last_ns)) {
			say_shown(&app, &rp, replay_at, "--at is outside the samples: ");
		}
	}
	if (!opt->replay) {
		char warn[PATH_MAX + 256];

		if (recorded_open(&dash_rec, opt->db_path, (uint32_t)ac.ipc_ns, warn,
				  sizeof(warn)) < 0) {
			char esc[sizeof(warn) * 4];

			fmt_escape(esc, sizeof(esc), warn);
			app_status(&app, 1, esc);
		} else if (dash_rec.on) {
			dash_app = &app;
			app.recorded = dash_recorded;
			app.rctx = &dash_rec;
		}
	}
	if (opt->events) /* from the start: every object's history since shmtop started */
		tracedash_start(&tracer, &app, (uint32_t)app.cfg.ipc_ns, opt->trace_source);

	while (!quit && !ui_stop_signal) {
		int w, h, key, flags, timeout_ms;
		double t = mono_now();

		uint64_t seen = app.events.added;

		tracedash_poll(&tracer); /* what the tracer saw, before the frame shows it */
		if (!app.paused && t >= next_poll) {
			refresh_run(&refresh, &app);
			polls++;
			next_poll = t + app.cfg.delay; /* s changes it */
			drawn = 0;
		}
		/* woken only to read the tracer, and it had nothing: the screen is as it was */
		if (drawn && app.events.added == seen && !repaint)
			goto wait;
		app.now = opt->replay ? app.replay_ns / 1000000000 : (int64_t)time(NULL);
		ui_size(&w, &h);
		if ((w != frame.w || h != frame.h) && frame_resize(&frame, w, h) < 0)
			break;
		if (w != app.frame_w || h != app.frame_h)
			app_set_size(&app, w, h); /* the layout, before prepare reads what is on screen */
		frame.utf8 = ui_utf8();
		refresh_screen(&app);
		app_draw(&app, &frame);
		ui_present(&frame, repaint);
		repaint = 0;
		drawn = 1;
		if (opt->iterations && polls >= opt->iterations)
			break;
wait:
		/* paused, or a replay (nothing to poll): only a key wakes it */
		timeout_ms = app.paused || opt->replay ? -1 :
			     (int)((next_poll - mono_now()) * 1000.0);
		if (timeout_ms < 0 && !app.paused && !opt->replay)
			timeout_ms = 0;
		if (app_work(&app))
			timeout_ms = 0; /* a search in progress: keep the keys answered between steps */
		else if (app.events.on && (timeout_ms < 0 || timeout_ms > 100))
			timeout_ms = 100; /* tracing: the ring buffer read often, also when paused */
		key = ui_getkey(timeout_ms, &app.mouse_y, &app.mouse_x);
		if (key < 0)
			continue;
		drawn = 0;
		flags = app_key(&app, key);
		if (flags & APP_QUIT)
			quit = 1;
		if (flags & APP_REPAINT)
			repaint = 1;
		/* a replay polls nothing: its tables are the recorded ones (Tab, the next table,
		 * would fill them with the objects of now) */
		if ((flags & APP_POLL_NOW) && !opt->replay)
			next_poll = 0;
		if ((flags & APP_REPLAY) && opt->replay)
			replay_move(&app, &rp);
		if (flags & APP_TRACE)
			tracedash_start(&tracer, &app, (uint32_t)app.cfg.ipc_ns, opt->trace_source);
		if ((tracer.t || tracer.polling) && tracer.ipc_ns != (uint32_t)app.cfg.ipc_ns) {
			/* N entered another namespace: trace that one, from now (a poll tracer
			 * would take the switch for every object removed and made) */
			tracedash_stop(&tracer);
			tracedash_start(&tracer, &app, (uint32_t)app.cfg.ipc_ns, opt->trace_source);
		}
		if (flags & APP_RESTYLE) {
			ui_set_scheme(app.cfg.scheme);
			repaint = 1;
		}
	}
	sig = ui_stop_signal;
	tracedash_stop(&tracer);
	ui_stop();
	/* as htop saves htoprc: on the way out, also after SIGTERM or SIGHUP */
	if (settings_save(&settings, err, sizeof(err)) < 0)
		complain("%s", err);
	app_free(&app);
	refresh_free(&refresh);
	frame_free(&frame);
	if (opt->replay)
		replay_close(&rp);
	recorded_close(&dash_rec);
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return 0;
}

/* What --help, --version and --columns=help printed must have reached stdout: a full disk or a
 * closed stdout is a runtime error with a message, as for batch output. */
static int finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		complain("cannot write output: %s", strerror(errno ? errno : EIO));
		return 1;
	}
	return 0;
}

/* --columns=help: the columns the writer can show, their lsipc names and titles. */
static int print_columns(const struct kind *k, unsigned writer)
{
	const uint8_t *defaults = writer == FW_DASH ? k->dash_columns :
				  writer == FW_CSV ? k->csv_columns : k->table_columns;

	printf("Columns of the %s of %s (--columns=NAME,NAME,...; * shown by default):\n",
	       writer == FW_DASH ? "dashboard's table" : writer == FW_CSV ? "CSV" : "batch table",
	       k->title);
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];
		int dflt = 0;

		if (!(f->writers & writer))
			continue;
		for (size_t j = 0; defaults[j] != FIELD_NONE; j++)
			dflt |= defaults[j] == i;
		printf("  %c %-22s %-10s %s\n", dflt ? '*' : ' ', f->name, f->alias ? f->alias : "",
		       f->title ? f->title : "");
	}
	return finish_stdout();
}

int main(int argc, char **argv)
{
	struct options opt;
	struct table_filter filter = { 0 };
	char err[512];

	/* The character set only, as htop does: what a name's bytes mean and how wide they are.
	 * Numbers stay C (-d 0.5 parses, JSON and the screen use '.') and messages English. */
	setlocale(LC_CTYPE, "");
	/* A terminal whose character set is not UTF-8 would show a UTF-8 name's bytes as other
	 * characters, or obey them (0x9b is CSI in an 8-bit set): they are escaped there, as the
	 * bytes of no character. Pipes and files keep UTF-8 as it is. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0 && isatty(STDOUT_FILENO))
		fmt_escape_set_ascii(1);
	if (options_parse(argc, argv, &opt, err, sizeof(err)) < 0) {
		complain("%s", err); /* it quotes what was typed */
		fputs(HELP_HINT, stderr);
		return EXIT_USAGE;
	}
	if (opt.help) {
		fputs(options_help(), stdout);
		return finish_stdout();
	}
	if (opt.version) {
		printf("shmtop %s\n"
		       "Copyright (C) 2026 The shmtop developers\n"
		       "License GPLv2+: GNU GPL version 2 or later "
		       "<https://www.gnu.org/licenses/old-licenses/gpl-2.0.html>.\n"
		       "This is free software: you are free to change and redistribute it.\n"
		       "There is NO WARRANTY, to the extent permitted by law.\n", PACKAGE_VERSION);
		return finish_stdout();
	}
	if (opt.columns_help)
		return print_columns(options_first_kind(&opt), opt.columns_help);
	if (opt.user) {
		if (names_parse_user(opt.user, &filter.uid) < 0) {
			complain("unknown user '%s'", opt.user);
			fputs(HELP_HINT, stderr);
			return EXIT_USAGE;
		}
		filter.by_uid = 1;
	}
	if (opt.ipc_ns_pid && enter_namespace(&opt) < 0)
		return opt.leaks ? 2 : 1; /* --leaks: like grep, 1 means "found" */
	if (opt.trace)
		return run_trace(&opt);
	if (opt.record)
		return run_record(&opt);
	if (opt.history)
		return run_history(&opt);
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
