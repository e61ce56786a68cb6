#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# replay.sh - the recorder's samples and shmtop --replay, on real processes in private IPC and
# mount namespaces, the dashboard driven in tmux: a segment made by a creator that exits at once,
# attached by a reader for a while, removed by a third process; the samples hold it, and
# --history shows its nattch over time from them; --replay
# --at a time in between shows it in the table (and, while the reader held it, with nattch 1),
# not at the newest sample; ] and [ step through the changes, b goes to a time; its detail view
# names the recorded create; removal and the hex view are refused, saying why; Tab to another
# table polls nothing (a segment of now stays out of it). A database of
# schema 1 (tests/data/history-v1.sql, made by shmtop 0.2.0) is read by --history as it is,
# refused by --replay (no samples), and migrated by the recorder, its records kept. Usage
# errors exit 2; a database that cannot be replayed exits 1; damaged samples are said on the
# status line. The live dashboard's detail view,
# with a history database, names a segment's creator that was killed as the recorder saw it, and
# how long the segment has been orphaned.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_shmtop
need_segtool
need_jq
command -v sqlite3 >/dev/null 2>&1 ||
	skip "sqlite3 is not installed: the samples are read with it (bootstrap --tests installs it)"

DIR=$TEST_TMP/replay
mkdir -p "$DIR"
DB=$DIR/history.db
now() { date +%s.%N; }

# ================================================================== a segment's lifecycle
start_until /dev/null "$TEST_TMP/rec.err" '^shmtop: recording \(the\|every\|by\)' \
	"$SHMTOP" --record --db="$DB" -d 0.2
REC=$STARTED_PID
sleep 0.5 # the first (full) sample: before the segment
T_BEFORE=$(now)
KEY=$(printf '0x5e%06x' $(((RANDOM << 9 ^ RANDOM) % 0xffffff + 1))) # this IPC namespace is the test's
ID=$(bash -c 'exec -a "make_shared_memory --key=$1" "$0" create "$1" 1024 666' "$SEGTOOL" "$KEY") ||
	fail "cannot create the segment"
echo "$ID" >>"$SEG_LIST"
sleep 0.6
T_MADE=$(now)
bash -c 'exec -a "reader --key=$1" "$0" hold "$2" 1.2 ro' "$SEGTOOL" "$KEY" "$ID" >/dev/null &
HOLDER=$!
sleep 0.7
T_HELD=$(now)
wait "$HOLDER"
sleep 0.6
bash -c 'exec -a "cleanup-job --rm=$1" "$0" rm "$1"' "$SEGTOOL" "$ID" >/dev/null
sleep 0.6
kill -TERM "$REC" 2>/dev/null
wait "$REC" 2>/dev/null

check_eq "the recorder's database is of schema 2" 2 "$(sqlite3 "$DB" 'PRAGMA user_version')"
check_eq "its first sample is a full one" 1 \
	"$(sqlite3 "$DB" 'SELECT full FROM samples ORDER BY time_ns LIMIT 1')"
check "the changes were sampled: the segment made, attached, detached, removed" \
	test "$(sqlite3 "$DB" 'SELECT count(*) FROM samples WHERE NOT full AND changes > 0')" -ge 3
n_all=$(awk -v a="$(sqlite3 "$DB" 'SELECT min(time_ns) FROM samples')" \
	-v b="$(sqlite3 "$DB" 'SELECT max(time_ns) FROM samples')" 'BEGIN { printf "%d", (b - a) / 2e8 }')
check "a second in which nothing changed costs no sample" \
	test "$(sqlite3 "$DB" 'SELECT count(*) FROM samples')" -lt "$n_all"

"$SHMTOP" --history --db="$DB" -o json "$KEY" >"$TEST_TMP/trend.json"
check_eq "--history: the segment's nattch over time, as sampled: 0, then 1 while the reader held it, then 0" \
	"0 1 0" "$(jq -r '[.samples[].nattch] | join(" ")' "$TEST_TMP/trend.json")"
check_eq "... with its size" 1024 "$(jq -r '.samples[0].size' "$TEST_TMP/trend.json")"
check_eq "... and its RSS in every sample (read every 5 s, kept in between)" 0 \
	"$(jq '[.samples[] | select(.rss == null)] | length' "$TEST_TMP/trend.json")"
check "... and in the table" bash -c '"$0" --history --db="$1" "$2" |
	grep -Eq "^  [0-9-]+ [0-9:.]+ +size 1\.0K +nattch 1 +rss"' "$SHMTOP" "$DB" "$KEY"

# ================================================================== the dashboard in the past
if have_tmux; then
	KEYRE="0x0*${KEY#0x}"
	start r --replay --db="$DB" --at="$T_MADE"
	CUR=r
	expect r "REPLAY of" "--replay: the header says it is a replay"
	expect r "^.$KEYRE +$ID " "--replay --at a time between creation and removal: the segment is there"
	check_screen "... with the time and its source" grep -q "source: recorded" <<<"$SCREEN"
	keys r d
	expect r "nothing can be removed in a replay" "d in a replay: refused, saying why"
	keys r x
	expect r "contents are not recorded" "x in a replay: the hex view explains it shows live objects only"
	keys r h
	expect r "A replay shows the past: nothing can be removed in it" "the help says why nothing can be removed"
	keys r q
	keys r Enter
	expect r "Recorded +[0-9:.]+ create +shm +$ID" "the detail view lists the recorded create of the segment"
	keys r Escape
	keys r b
	expect r "Go to" "b asks for a time"
	type_text r "${T_HELD%.*}.${T_HELD#*.}"
	keys r Enter
	expect r "^.$KEYRE +$ID +[a-z]+ +[-rw]+ +1\.0K +1 " "b: at a time the reader held it, nattch 1"
	# forward to the newest change: the removal, and no segment
	for _ in 1 2 3 4 5 6 7 8; do keys r ']'; sleep 0.2; done
	expect r "no change recorded after this" "] at the last change says there is none after it"
	expect_not r "^[ +!]$KEYRE " "... and the removed segment is no longer listed (or only as gone)"
	keys r '['
	expect r "^ $KEYRE +$ID " "[ steps back to before the removal: the segment as it was, not marked new"
	keys r b
	type_text r "$T_BEFORE"
	keys r Enter
	expect_not r "$KEYRE " "b to before the segment was made: not listed (not even as gone)"
	keys r q
	# a segment of now, never recorded: no replay shows it
	LIVE=$("$SEGTOOL" create 0 4096 600) || fail "cannot create the live segment"
	echo "$LIVE" >>"$SEG_LIST"
	start n --replay --db="$DB"
	CUR=n
	expect n "REPLAY of" "--replay without --at: the newest sample"
	check_screen "... where the removed segment is gone" bash -c '! grep -Eq "^.$1 " <<<"$2"' \
		_ "$KEYRE" "$SCREEN"
	check_screen "... and no segment counted" grep -Eq " shm 0 " <<<"$SCREEN"
	keys n Tab
	expect n "^ NAME +SIZE " "Tab: the next table"
	sleep 0.5
	capture n
	check_screen "... read from the recording, not polled: still no segment counted" \
		grep -Eq " shm 0 " <<<"$SCREEN"
	keys n q
	"$SEGTOOL" rm "$LIVE" >/dev/null
	# the header names where it was recorded, not where it is replayed: a copy of the database
	# says another host (its name escaped) and namespace
	cp "$DB" "$DIR/elsewhere.db"
	sqlite3 "$DIR/elsewhere.db" "UPDATE meta SET value = 'far'||char(27)||'[1m' WHERE key = 'host';
		UPDATE meta SET value = '4026599999' WHERE key = 'ipc_ns'"
	check_eq "the recorder wrote its IPC namespace into meta" "$(ipc_ns_inode)" \
		"$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'ipc_ns'")"
	start far --replay --db="$DIR/elsewhere.db"
	CUR=far
	expect far "shmtop [^ ]+ - far\\\\x1b\\[1m - REPLAY of" "--replay: the header names the recorded host, escaped"
	check_screen "... and the recorded IPC namespace" grep -q "ipc ns 4026599999" <<<"$SCREEN"
	keys far q
	# --at before anything was sampled: the first sample, and the status line says so
	start early --replay --db="$DB" --at=2001-01-01
	CUR=early
	expect early "REPLAY of" "--replay --at before the samples: a replay"
	expect early "--at is outside the samples: .*\\(the first sample" "... saying it shows the first sample"
	keys early q
	# damaged samples: said on the status line, still a replay (nothing removable), no crash
	cp "$DB" "$DIR/damaged.db"
	sqlite3 "$DIR/damaged.db" "UPDATE samples SET data = x'0105ff'"
	start dmg --replay --db="$DIR/damaged.db"
	CUR=dmg
	expect dmg "a sample does not decode \(damaged\)" "--replay of damaged samples says so"
	check_screen "... and stays a replay" grep -q "REPLAY of" <<<"$SCREEN"
	keys dmg '['
	expect dmg "damaged" "... also when [ steps"
	keys dmg q
	expect dmg "EXIT=0" "... and q quits it, exit 0"
	check_sanitizers
else
	note "tmux is not installed: the dashboard's replay is not driven (apt-get install tmux)"
fi

# ================================================================== the live detail view's recorded creator
# a writer that makes its segment, writes, and is killed (its attachment goes with its exit,
# which the tracer records): the dashboard's detail view names it from the history
COUNTER=${COUNTER:-$top_builddir/src/shm-counter}
BPF=1
probe=$("$SHMTOP" --trace --trace-source=bpf --duration 0.2 2>&1 >/dev/null)
[[ -n $probe && $probe != "shmtop: tracing"* ]] && BPF=0
if have_tmux && [[ -x $COUNTER ]]; then
	DB3=$DIR/live.db
	K3=$(printf '0x5f%06x' $(((RANDOM << 9 ^ RANDOM) % 0xffffff + 1)))
	start_until /dev/null "$TEST_TMP/rec3.err" '^shmtop: recording \(the\|every\|by\)' \
		"$SHMTOP" --record --db="$DB3" -d 0.2
	REC=$STARTED_PID
	bash -c 'exec -a "counter-writer --key=$1" "$0" --key="$1" --interval=0.1' "$COUNTER" "$K3" \
		>/dev/null 2>&1 &
	W=$!
	sleep 0.8
	kill -KILL "$W"
	wait "$W" 2>/dev/null
	sleep 0.6
	kill -TERM "$REC" 2>/dev/null
	wait "$REC" 2>/dev/null
	start live --db="$DB3"
	CUR=live
	expect live "$LIST_RE" "the dashboard with a history database starts"
	select_key live "${K3#0x}"
	keys live Enter
	if ((BPF)); then
		expect live "Recorded +created .* by counter-writer --key=$K3 .*\(pid [0-9]+\), exited" \
			"the detail view names the exited creator as recorded, and when it exited"
		expect live "Orphaned +since .*nothing attaches it and its creator has exited" \
			"... and how long the segment has been orphaned"
	else
		note "the tracer cannot run here ($probe): the recorder polls, so its creators are unnamed"
		expect live "Recorded +created .* \(pid [0-9]+\)" "the detail view shows the recorded creation"
	fi
	keys live q q
	ipcrm -M "$K3" 2>/dev/null
else
	note "tmux or src/shm-counter is missing: the live detail view's recorded creator is not driven"
fi

# ================================================================== usage and errors
"$SHMTOP" --replay --db="$DIR/missing.db" >/dev/null 2>"$TEST_TMP/err"
check_eq "--replay of a database that is not there: exit 1" 1 $?
check "... saying so" grep -q "missing.db.*shmtop --record makes it" "$TEST_TMP/err"
"$SHMTOP" --replay --db="$DIR/a"$'\e'"b.db" >/dev/null 2>"$TEST_TMP/err"
check "... its name escaped once, as --history escapes it" \
	grep -qF "/a\\x1bb.db: No such file" "$TEST_TMP/err"
"$SHMTOP" --at=-1h >/dev/null 2>&1
check_eq "--at without --replay: a usage error" 2 $?
"$SHMTOP" --replay -b >/dev/null 2>&1
check_eq "--replay with -b: a usage error" 2 $?
"$SHMTOP" --replay --at=yesterday >/dev/null 2>&1
check_eq "--replay --at with a time that is none: a usage error" 2 $?
"$SHMTOP" --replay --events --db="$DB" >/dev/null 2>&1
check_eq "--replay --events (live records among the recorded ones): a usage error" 2 $?

# ================================================================== a database of schema 1
V1=$DIR/v1.db
sqlite3 "$V1" <"$top_srcdir/tests/data/history-v1.sql"
check_eq "--history reads a database of schema 1 as it is" "0x5e1d0001 create remove" \
	"$("$SHMTOP" --history --db="$V1" -o json 0x5e1d0001 | jq -r '[.key, (.events[].event)] | join(" ")')"
"$SHMTOP" --replay --db="$V1" >/dev/null 2>"$TEST_TMP/err"
check_eq "--replay of a database without samples: exit 1" 1 $?
check "... saying it was recorded by an older shmtop" grep -q "older shmtop, without samples" "$TEST_TMP/err"
"$SHMTOP" --record --db="$V1" --duration 0.6 -d 0.2 2>"$TEST_TMP/err" >/dev/null
check_eq "the recorder migrates it" "0 2" "$? $(sqlite3 "$V1" 'PRAGMA user_version')"
check_eq "... keeping what it held" "0x5e1d0001 create remove" \
	"$("$SHMTOP" --history --db="$V1" -o json 0x5e1d0001 | jq -r '[.key, (.events[].event)] | join(" ")')"
check "... and sampling into it from then on" test "$(sqlite3 "$V1" 'SELECT count(*) FROM samples')" -ge 1
check_eq "PRAGMA integrity_check after the migration" ok "$(sqlite3 "$V1" 'PRAGMA integrity_check')"

# ================================================================== the wall clock stepped back
# The recorder runs with CLOCK_REALTIME 10 s behind from a moment on (a shim in LD_PRELOAD, as
# NTP or a hand would set it): its samples stay in the order they were taken, so the segment's
# changes on either side of the step still decode, and none is dated before the one it follows.
if command -v "${CC:-cc}" >/dev/null 2>&1; then
	cat >"$TEST_TMP/clockback.c" <<'SHIM'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
/* CLOCK_REALTIME 10 s behind once the file $CLOCK_BACK names exists */
int clock_gettime(clockid_t c, struct timespec *ts)
{
	static int (*real)(clockid_t, struct timespec *);
	const char *flag = getenv("CLOCK_BACK");
	int r;

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "clock_gettime");
	r = real(c, ts);
	if (r == 0 && c == CLOCK_REALTIME && flag && access(flag, F_OK) == 0)
		ts->tv_sec -= 10;
	return r;
}
SHIM
	"${CC:-cc}" -shared -fPIC -o "$TEST_TMP/clockback.so" "$TEST_TMP/clockback.c" -ldl ||
		hard_error "cannot build the clock shim"
	DBC=$DIR/clock.db
	rm -f "$TEST_TMP/back"
	# ASan wants its runtime first; the shim only moves a clock
	CLOCK_BACK=$TEST_TMP/back LD_PRELOAD=$TEST_TMP/clockback.so \
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
		start_until /dev/null "$TEST_TMP/recc.err" '^shmtop: recording \(the\|every\|by\)' \
		"$SHMTOP" --record --db="$DBC" -d 0.2
	RECC=$STARTED_PID
	KC=$(printf '0x5c%06x' $(((RANDOM << 9 ^ RANDOM) % 0xffffff + 1)))
	IDC=$("$SEGTOOL" create "$KC" 4096 600) || fail "cannot create the segment"
	echo "$IDC" >>"$SEG_LIST"
	"$SEGTOOL" hold "$IDC" 0.5 ro >/dev/null
	touch "$TEST_TMP/back"
	sleep 0.5
	"$SEGTOOL" hold "$IDC" 0.5 ro >/dev/null
	sleep 0.5
	kill -TERM "$RECC" 2>/dev/null
	wait "$RECC" 2>/dev/null
	# (samples are keyed by their time: a sample dated back would sort before the full one the
	# recorder starts with)
	check_eq "a clock stepped back: no sample dated before the first, full one" 1 \
		"$(sqlite3 "$DBC" 'SELECT full FROM samples ORDER BY time_ns LIMIT 1')"
	rc=0
	"$SHMTOP" --history --db="$DBC" -o json "$KC" >"$TEST_TMP/hc.json" 2>"$TEST_TMP/err" || rc=$?
	check_eq "... and --history of the segment decodes them: exit 0" 0 "$rc"
	check "... its nattch sampled as 1, 0, 1, 0 across the step (after a 0 if made first)" \
		grep -Eqx '(0 )?1 0 1 0' <<<"$(jq -r '[.samples[].nattch] | join(" ")' "$TEST_TMP/hc.json")"
else
	note "no C compiler (${CC:-cc}): the stepped clock is left out"
fi

finish
