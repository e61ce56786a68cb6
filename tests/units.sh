#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# units.sh - the exporter's systemd units (contrib/systemd), and its cron line (contrib/cron);
# the recorder's unit (it verifies, its command line runs):
# systemd-analyze verify passes on both units
# (where systemd is installed); the service names the installed program; and its ExecStart lines,
# run in order as systemd runs them (with the build's shmtop in the program's place, into a
# scratch textfile directory), write a complete shmtop.prom (promtool check metrics, where
# installed) and nothing else, while a failed run leaves the last good file as it was and, after
# ExecStopPost, no temporary file.

# shellcheck disable=SC2016 # the single-quoted commands are for eval
# shellcheck disable=SC2317 # run_unit runs through check
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TOP=${top_srcdir:-$(dirname "$0")/..}
SERVICE=$top_builddir/contrib/systemd/shmtop-exporter.service
TIMER=$TOP/contrib/systemd/shmtop-exporter.timer
need_shmtop
[[ -f $SERVICE ]] || hard_error "$SERVICE is not built (make)"
SHMTOP_ABS=$(cd "$(dirname "$SHMTOP")" && pwd)/$(basename "$SHMTOP")
BINDIR=$(sed -n 's/^bindir = //p' "$top_builddir/Makefile")
PREFIX=$(sed -n 's/^prefix = //p' "$top_builddir/Makefile")
BINDIR=${BINDIR//\$\{exec_prefix\}/$PREFIX}

check "the service runs the installed program, $BINDIR/shmtop" \
	grep -qF "exec $BINDIR/shmtop -b -o prometheus --kinds=all" "$SERVICE"
check "the timer runs every 15 seconds" grep -qx 'OnUnitActiveSec=15s' "$TIMER"

if command -v systemd-analyze >/dev/null 2>&1; then
	out=$(systemd-analyze verify --man=no "$SERVICE" "$TIMER" 2>&1)
	check_eq "systemd-analyze verify: no complaint about either unit" "" "$out"
else
	note "systemd-analyze is not installed: the units are not verified"
fi

# run_unit DIR PROGRAM : the service's ExecStart lines in order (stop at the first that fails),
# then ExecStopPost, as systemd runs them: ${VAR} replaced, the environment set, UMask applied,
# with PROGRAM in the installed program's place. Returns the ExecStart status.
run_unit() {
	local dir=$1 prog=$2 line rc=0
	while IFS= read -r line; do
		line=${line//\$\{SHMTOP_TEXTFILE_DIR\}/$dir}
		line=${line//$BINDIR\/shmtop/$prog}
		(umask 0022 && SHMTOP_TEXTFILE_DIR=$dir eval "set -- $line" && SHMTOP_TEXTFILE_DIR=$dir "$@") ||
			{ rc=$?; break; }
	done < <(sed -n 's/^ExecStart=//p' "$SERVICE")
	while IFS= read -r line; do
		line=${line//\$\{SHMTOP_TEXTFILE_DIR\}/$dir}
		(eval "set -- $line" && "$@")
	done < <(sed -n 's/^ExecStopPost=//p' "$SERVICE")
	return "$rc"
}

D=$TEST_TMP/textfile
mkdir -p "$D"
check "a run succeeds" run_unit "$D" "$SHMTOP_ABS"
check "... and leaves shmtop.prom" test -s "$D/shmtop.prom"
check_eq "... and nothing else in the directory" "shmtop.prom" "$(ls -A "$D")"
check_eq "... readable by the node exporter's user (mode 0644)" "644" "$(stat -c %a "$D/shmtop.prom")"
check "... holding the segments' totals" grep -q '^shmtop_' "$D/shmtop.prom"
if command -v promtool >/dev/null 2>&1; then
	check "... which promtool accepts" eval 'promtool check metrics <"$D/shmtop.prom" >/dev/null 2>&1'
fi
cp "$D/shmtop.prom" "$TEST_TMP/good.prom"
FAILING=$TEST_TMP/failing
printf '#!/bin/sh\necho "shmtop_partial 1"\nexit 1\n' >"$FAILING"
chmod +x "$FAILING"
check "a failing run fails" eval '! run_unit "$D" "$FAILING"'
check "... and leaves the last good shmtop.prom as it was" cmp -s "$TEST_TMP/good.prom" "$D/shmtop.prom"
check_eq "... and no temporary file" "shmtop.prom" "$(ls -A "$D")"

# ------------------------------------------------------------------ the cron line
# Its command, run by sh as cron runs it, with the build's shmtop in the program's place and a
# scratch directory in the textfile directory's.
CRON=$TOP/contrib/cron/shmtop
line=$(grep -E '^[*0-9]' "$CRON" | sed -E 's/^([^ ]+ +){6}//')
check "the cron line names the program in full" grep -q ' /usr/local/bin/shmtop -b -o prometheus' "$CRON"
run_cron() { # DIR PROGRAM
	local cmd=${line//\/var\/lib\/prometheus\/node-exporter/$1}
	cmd=${cmd//\/usr\/local\/bin\/shmtop/$2}
	(umask 0022 && sh -c "$cmd")
}
C=$TEST_TMP/cron
mkdir -p "$C"
check "cron: a run succeeds" run_cron "$C" "$SHMTOP_ABS"
check_eq "cron: ... and leaves shmtop.prom alone" "shmtop.prom" "$(ls -A "$C")"
check "cron: ... a complete export" grep -q '^shmtop_scrape_timestamp_seconds{' "$C/shmtop.prom"
cp "$C/shmtop.prom" "$TEST_TMP/cron-good.prom"
check "cron: a failing run fails" eval '! run_cron "$C" "$FAILING"'
check "cron: ... and leaves the last good file" cmp -s "$TEST_TMP/cron-good.prom" "$C/shmtop.prom"
check_eq "cron: ... and no temporary file" "shmtop.prom" "$(ls -A "$C")"
# ------------------------------------------------------------------ the recorder's unit
RECORDER=$top_builddir/contrib/systemd/shmtop-recorder.service
[[ -f $RECORDER ]] || hard_error "$RECORDER is not built (make)"
check "the recorder's unit runs the installed program with --record" \
	grep -qF "ExecStart=$BINDIR/shmtop --record --db=/var/lib/shmtop/history.db" "$RECORDER"
check "... into the state directory systemd makes for it, 0700" \
	grep -qx 'StateDirectoryMode=0700' "$RECORDER"
if command -v systemd-analyze >/dev/null 2>&1; then
	# verified with the build's shmtop in the installed one's place (systemd checks it exists)
	sed "s|$BINDIR/shmtop|$SHMTOP_ABS|" "$RECORDER" >"$TEST_TMP/shmtop-recorder.service"
	out=$(systemd-analyze verify --man=no "$TEST_TMP/shmtop-recorder.service" 2>&1)
	check_eq "systemd-analyze verify: no complaint about the recorder's unit" "" "$out"
fi
# its ExecStart as systemd runs it (the environment's defaults put in), for a second
cmd=$(sed -n 's/^ExecStart=//p' "$RECORDER" | sed "s|$BINDIR/shmtop|$SHMTOP_ABS|; s|/var/lib/shmtop/history.db|$TEST_TMP/state/history.db|; s|\${SHMTOP_RETENTION}|30d|; s|\${SHMTOP_MAX_DB_SIZE}|1G|")
rc=0
# shellcheck disable=SC2086 # the words of the unit's command line
$cmd --duration 1 --trace-source=poll 2>"$TEST_TMP/rec.err" || rc=$?
check_eq "the recorder's ExecStart runs (with --duration 1) and exits 0" 0 "$rc"
check "... having made its database" test -s "$TEST_TMP/state/history.db"
finish
