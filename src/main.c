/* main.c - options, then either batch mode (snapshots to stdout) or the interactive dashboard.
 * The only place (with ui.c) that decides to exit; exit status 0 ok, 1 runtime error, 2 usage. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "names.h"
#include "options.h"
#include "output.h"
#include "procinfo.h"
#include "snapshot.h"
#include "table.h"

#define EXIT_USAGE 2

static int stdout_sink(void *ctx, const char *data, size_t len)
{
	FILE *f = ctx;

	if (fwrite(data, 1, len, f) != len)
		return -(errno ? errno : EIO);
	return 0;
}

static void sleep_seconds(double secs)
{
	struct timespec ts = { (time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int run_batch(const struct options *opt, const struct table_filter *filter)
{
	struct collect_cfg cfg = { opt->procroot, opt->source, sysconf(_SC_PAGESIZE) };
	struct procclock clk;
	struct procinfo_cache pids;
	struct snapshot snap;
	struct names names;
	struct outbuf out;
	uint32_t *rows = NULL;
	size_t rows_cap = 0;
	int status = 0;
	char warn[512];

	procinfo_clock_read(opt->procroot, sysconf(_SC_CLK_TCK), &clk);
	procinfo_cache_init(&pids, opt->procroot, &clk);
	snapshot_init(&snap);
	names_init(&names, NULL);
	outbuf_init(&out, stdout_sink, stdout);

	for (long i = 0; i < opt->iterations; i++) {
		struct output_ctx octx = { opt->format, opt->bytes, &names, NULL };
		size_t n;

		if (i)
			sleep_seconds(opt->delay);
		if (collect_snapshot(&cfg, (int64_t)time(NULL), &snap, warn, sizeof(warn)) < 0) {
			fprintf(stderr, "shmtop: %s\n", warn);
			status = 1;
			break;
		}
		if (warn[0])
			fprintf(stderr, "shmtop: warning: %s\n", warn);
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
		if (output_needs_pids(opt->format)) {
			procinfo_cache_reset(&pids);
			collect_pids(&pids, &snap, rows, n);
			octx.pids = &pids;
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
	procinfo_cache_free(&pids);
	return status;
}

int main(int argc, char **argv)
{
	struct options opt;
	struct table_filter filter = { 0 };
	char err[512];

	if (options_parse(argc, argv, &opt, err, sizeof(err)) < 0) {
		fprintf(stderr, "shmtop: %s\nTry 'shmtop --help' for more information.\n", err);
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
	if (opt.batch)
		return run_batch(&opt, &filter);
	fprintf(stderr, "shmtop: the interactive dashboard is not built yet; use -b for batch mode\n");
	return 1;
}
