#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# prometheus.sh - `shmtop -b -o prometheus` as a fleet would use it: the file passes
# `promtool check metrics`, and a real prometheus-node-exporter on 127.0.0.1, reading it from its
# textfile directory, serves shmtop's series for segments made here with the right values (size,
# nattch, leak suspect, owner label). Skips only when promtool, the exporter or curl is missing
# (./bootstrap --tests installs them: prometheus, prometheus-node-exporter, curl).

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
for tool in promtool prometheus-node-exporter curl; do
	command -v "$tool" >/dev/null 2>&1 ||
		skip "$tool is not installed; Debian: apt-get install prometheus prometheus-node-exporter curl (or ./bootstrap --tests as root)"
done

TEXTDIR=$TEST_TMP/textfile
PROM=$TEXTDIR/shmtop.prom
mkdir -p "$TEXTDIR"
me=$(id -un)

# Segments of our own: a keyed one held read-only by a running process (nattch 1, in use), a
# keyed one nobody holds (nattch 0, its creator, segtool, gone: a suspect) and an IPC_PRIVATE one.
seg_create_keyed 12345 600 || fail "cannot create a keyed segment"
held=$SEG_ID held_key=$SEG_KEY
seg_create_keyed 70000 640 || fail "cannot create a second keyed segment"
free_id=$SEG_ID free_key=$SEG_KEY
seg_create 0 4096 600 || fail "cannot create an IPC_PRIVATE segment"
private=$SEG_ID
hold_start "$held" 60 ro || fail "cannot attach shmid $held"

# The cron line of the man page: write aside, then rename, so the collector never sees half a file.
rc=0
"$SHMTOP" -b -o prometheus >"$PROM.$$" 2>"$TEST_TMP/err" && mv "$PROM.$$" "$PROM" || rc=$?
check_eq "shmtop -b -o prometheus: exit status" 0 "$rc" || cat "$TEST_TMP/err" >&2
check "nothing on stderr" test ! -s "$TEST_TMP/err"
check "promtool check metrics accepts the file" promtool check metrics <"$PROM" ||
	promtool check metrics <"$PROM" >&2

# What the file says about one segment: value of family for shmid, or nothing.
file_value() {
	grep -E "^$1\{.*shmid=\"$2\"" "$PROM" | awk '{ print $NF }'
}
check_eq "file: size of shmid $held" 12345 "$(file_value shmtop_segment_size_bytes "$held")"
check_eq "file: nattch of shmid $held" 1 "$(file_value shmtop_segment_attachments "$held")"
check_eq "file: labels of shmid $held" \
	"shmtop_segment_size_bytes{ipc_namespace=\"$(ipc_ns_inode)\",key=\"$held_key\",shmid=\"$held\",owner=\"$me\"} 12345" \
	"$(grep -E "^shmtop_segment_size_bytes\{.*shmid=\"$held\"" "$PROM")"

# The exporter, on a free port of 127.0.0.1, with only the textfile collector.
EXPORTER_PID=
stop_exporter() {
	[[ -n $EXPORTER_PID ]] || return 0
	kill -TERM "$EXPORTER_PID" 2>/dev/null
	wait "$EXPORTER_PID" 2>/dev/null
	EXPORTER_PID=
}
trap 'rc=$?; stop_exporter; (exit "$rc"); cleanup' EXIT # cleanup exits with $?

METRICS=$TEST_TMP/metrics
start_exporter() {
	local port _
	for _ in $(seq 1 20); do
		port=$((20000 + RANDOM % 40000))
		prometheus-node-exporter --web.listen-address="127.0.0.1:$port" \
			--collector.disable-defaults --collector.textfile \
			--collector.textfile.directory="$TEXTDIR" >"$TEST_TMP/exporter.log" 2>&1 &
		EXPORTER_PID=$!
		for _ in $(seq 1 100); do
			if curl -fsS "http://127.0.0.1:$port/metrics" -o "$METRICS" 2>/dev/null; then
				EXPORTER_URL=http://127.0.0.1:$port/metrics
				return 0
			fi
			kill -0 "$EXPORTER_PID" 2>/dev/null || break # port taken: try another
			sleep 0.05
		done
		stop_exporter
	done
	cat "$TEST_TMP/exporter.log" >&2
	return 1
}
start_exporter || fail "prometheus-node-exporter did not start"
note "exporter pid $EXPORTER_PID at $EXPORTER_URL"

# The exporter re-exposes the file: labels may be reordered (sorted by name) and values written as
# floats (1.2345e+04), so compare label by label and numerically.
scraped_value() {
	grep -E "^$1\{" "$METRICS" | grep -F "shmid=\"$2\"" | awk '{ printf "%.0f\n", $NF }'
}
# shellcheck disable=SC2317 # run through check
scraped_has() {
	grep -E "^$1\{" "$METRICS" | grep -F "shmid=\"$2\"" | grep -F "key=\"$3\"" |
		grep -qF "owner=\"$4\""
}

check_eq "the textfile collector read the file without error" 0 \
	"$(awk '/^node_textfile_scrape_error /{ printf "%.0f", $2 }' "$METRICS")"
check "the file's mtime is exported" grep -q '^node_textfile_mtime_seconds{file=".*shmtop.prom"}' "$METRICS"
check "the scraped page passes promtool too" promtool check metrics <"$METRICS"

for id in "$held" "$free_id" "$private"; do
	want=$("$SEGTOOL" stat "$id")
	[[ $want =~ \"size\":([0-9]+) ]] && size=${BASH_REMATCH[1]}
	[[ $want =~ \"nattch\":([0-9]+) ]] && nattch=${BASH_REMATCH[1]}
	check_eq "scraped: size of shmid $id" "$size" "$(scraped_value shmtop_segment_size_bytes "$id")"
	check_eq "scraped: nattch of shmid $id" "$nattch" \
		"$(scraped_value shmtop_segment_attachments "$id")"
done
check "scraped: labels of shmid $held" scraped_has shmtop_segment_size_bytes "$held" "$held_key" "$me"
check "scraped: labels of shmid $free_id" scraped_has shmtop_segment_size_bytes "$free_id" "$free_key" "$me"
check "scraped: labels of shmid $private" scraped_has shmtop_segment_size_bytes "$private" 0x00000000 "$me"
check_eq "scraped: size 12345 for shmid $held" 12345 "$(scraped_value shmtop_segment_size_bytes "$held")"
check_eq "scraped: 70000 bytes for shmid $free_id" 70000 "$(scraped_value shmtop_segment_size_bytes "$free_id")"

# Leaks: attached is no suspect; unattached with its creator gone is one, and so is the private one.
check_eq "scraped: held shmid $held is no leak suspect" 0 \
	"$(scraped_value shmtop_segment_leak_suspect "$held")"
check_eq "scraped: unattached shmid $free_id of a gone creator is a suspect" 1 \
	"$(scraped_value shmtop_segment_leak_suspect "$free_id")"
check_eq "scraped: unattached IPC_PRIVATE shmid $private is a suspect" 1 \
	"$(scraped_value shmtop_segment_leak_suspect "$private")"

# Totals agree with the segments and with the file's own time.
nseg=$(grep -c '^shmtop_segment_size_bytes{' "$METRICS")
check_eq "scraped: shmtop_segments counts every segment" "$nseg" \
	"$(awk '/^shmtop_segments\{/{ printf "%.0f", $2 }' "$METRICS")"
sum=$(awk '/^shmtop_segment_leak_suspect\{/{ s += $NF } END { printf "%.0f", s }' "$METRICS")
check_eq "scraped: shmtop_leak_suspects is the sum of the per-segment series" "$sum" \
	"$(awk '/^shmtop_leak_suspects\{/{ printf "%.0f", $2 }' "$METRICS")"
stamp=$(awk '/^shmtop_scrape_timestamp_seconds\{/{ printf "%.0f", $2 }' "$METRICS")
now=$(date +%s)
check "scraped: the snapshot time is recent ($stamp, now $now)" \
	test "$stamp" -le "$now" -a "$stamp" -ge $((now - 120))

# A new file is picked up at the next scrape: detach the holder, rewrite, scrape again.
hold_stop "$HOLD_PID"
"$SHMTOP" -b -o prometheus >"$PROM.$$" && mv "$PROM.$$" "$PROM"
curl -fsS "$EXPORTER_URL" -o "$METRICS" || fail "second scrape failed"
check_eq "rescraped: nattch of shmid $held back to 0" 0 \
	"$(scraped_value shmtop_segment_attachments "$held")"
check_eq "rescraped: shmid $held, unattached with its creator gone, is now a suspect" 1 \
	"$(scraped_value shmtop_segment_leak_suspect "$held")"

# -n 2 repeats every family, which the exposition format does not allow in one file: the man page
# says to use -n 1 for the textfile collector, and this is why.
"$SHMTOP" -b -o prometheus -n 2 -d 0.1 >"$TEST_TMP/two.prom"
check_eq "-n 2 writes two complete blocks" 2 \
	"$(grep -c '^# TYPE shmtop_segment_size_bytes gauge$' "$TEST_TMP/two.prom")"

# Two exports of two IPC namespaces in one textfile directory (the host and a container, as the
# README sets them up): the collector reads both without error and every series of both is there,
# told apart by ipc_namespace. Before the label, the second file's series were the first's and
# were dropped.
if unshare --ipc true 2>/dev/null; then
	NS1=$(ipc_ns_inode)
	"$SHMTOP" -b -o prometheus --kinds=all >"$PROM.tmp" 2>/dev/null && mv "$PROM.tmp" "$PROM"
	# shellcheck disable=SC2016 # for bash -c
	NS2=$(unshare --ipc bash -c '"$1" create 0x7e57 4096 600 >/dev/null &&
		"$2" -b -o prometheus --kinds=all >"$3" 2>/dev/null && stat -L -c %i /proc/self/ns/ipc' \
		_ "$SEGTOOL" "$SHMTOP" "$TEXTDIR/container.prom") || fail "cannot export another namespace"
	check "the second export is of another namespace ($NS1, $NS2)" test "$NS1" != "$NS2"
	curl -fsS "$EXPORTER_URL" -o "$METRICS" || fail "the scrape of two namespaces failed"
	check_eq "two namespaces: the collector read every file without error" 0 \
		"$(awk '/^node_textfile_scrape_error /{ printf "%.0f", $2 }' "$METRICS")"
	# shellcheck disable=SC2016 # for eval
	check "two namespaces: the exporter logged no duplicate series" \
		eval '! grep -qi "collected before" "$TEST_TMP/exporter.log"'
	check "two namespaces: shmtop_segments of $NS1" grep -qE "^shmtop_segments\\{ipc_namespace=\"$NS1\"\\} " "$METRICS"
	check_eq "two namespaces: shmtop_segments of $NS2 counts its one segment" 1 \
		"$(awk -v ns="ipc_namespace=\"$NS2\"" '$1 ~ /^shmtop_segments\{/ && index($1, ns) { printf "%.0f", $2 }' "$METRICS")"
	check "two namespaces: $NS2's segment has its series" \
		grep -qE "^shmtop_segment_size_bytes\\{.*ipc_namespace=\"$NS2\".*key=\"0x00007e57\"" "$METRICS"
	check_eq "two namespaces: one shmtop_build_info per namespace" 2 \
		"$(grep -c '^shmtop_build_info{' "$METRICS")"
else
	note "unshare --ipc is not permitted: the two-namespace export is not tested"
fi

stop_exporter
check "the exporter is stopped" test -z "$EXPORTER_PID"
finish
