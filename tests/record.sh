#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# record.sh - shmtop --record and --history on real processes, in private IPC and mount
# namespaces: the lifecycle of a segment (a creator that exits at once, a reader that attaches
# and exits, a third process that removes it) told by --history with their command lines, as a
# table and as JSON; two lifetimes of one key told apart; --leaks, JSON and CSV naming an exited
# creator as recorded (--db, SHMTOP_DB); --since/--until; a POSIX object's
# lifetime; the history read while the recorder writes; kill -9 of the recorder in the middle of
# a burst, then PRAGMA integrity_check "ok", nothing committed missing, and a restart that goes on
# in the same database; --retention and --max-db-size keep it within bounds; a damaged database, a FIFO, a missing one, a second recorder and a
# read-only filesystem give a clear error and exit status 1; usage errors exit 2. Where the
# kernel refuses BPF the recorder polls, and the checks that need the tracer say so.

# shellcheck disable=SC2016 # jq programs in single quotes
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_ipctool
need_jq
PMQTOOL=${PMQTOOL:-$top_builddir/tests/pmqtool}

DIR=$TEST_TMP/hist
mkdir -p "$DIR"
DB=$DIR/history.db
BPF=1
probe=$("$SHMTOP" --trace --trace-source=bpf --duration 0.2 2>&1 >/dev/null)
if [[ -n $probe && $probe != "shmtop: tracing"* ]]; then
	BPF=0
	note "the recorder polls here (the tracer cannot run: $probe): its creators and removers are not named"
fi

REC_PID=
# start_rec DB ARGS... : shmtop --record in the background; returns once it records
start_rec() {
	local db=$1
	shift
	start_until /dev/null "$TEST_TMP/rec.err" '^shmtop: recording \(the\|every\|by\)' \
		"$SHMTOP" --record --db="$db" "$@"
	REC_PID=$STARTED_PID
}
stop_rec() {
	sleep 0.5
	kill -TERM "$REC_PID" 2>/dev/null
	wait "$REC_PID" 2>/dev/null
	REC_PID=
}

# ================================================================== a segment's lifecycle
start_rec "$DB" -d 0.2
KEY=$(printf '0x5e%06x' $(((RANDOM << 9 ^ RANDOM) % 0xffffff + 1))) # this IPC namespace is the test's
ID=$(bash -c 'exec -a "make_shared_memory --key=$1" "$0" create "$1" 1024 666' "$SEGTOOL" "$KEY") ||
	fail "cannot create the segment"
echo "$ID" >>"$SEG_LIST"
sleep 0.3 # a poll sees it too
bash -c 'exec -a "reader --key=$1" "$0" hold "$2" 0.4 ro' "$SEGTOOL" "$KEY" "$ID" >/dev/null
bash -c 'exec -a "cleanup-job --rm=$1" "$0" rm "$1"' "$SEGTOOL" "$ID" >/dev/null
# a second segment under the same key: another lifetime
sleep 0.3
ID2=$(bash -c 'exec -a "leaky-writer --key=$1" "$0" create "$1" 2048 600' "$SEGTOOL" "$KEY") ||
	fail "cannot create the second segment"
echo "$ID2" >>"$SEG_LIST"
P=$(posix_name)
posix_create "$P" 4096 x || fail "cannot create $P"
"$SEGTOOL" posix-unlink "$P"
sleep 0.3
check "the history can be read while the recorder writes" \
	bash -c '"$0" --history --db="$1" "$2" >/dev/null' "$SHMTOP" "$DB" "$KEY"
stop_rec
check_eq "the recorder stops cleanly on SIGTERM" "" "$(grep -v '^shmtop: recording' "$TEST_TMP/rec.err")"

"$SHMTOP" --history --db="$DB" "$KEY" >"$TEST_TMP/h.txt"
"$SHMTOP" --history --db="$DB" -o json "$KEY" >"$TEST_TMP/h.json"
check_eq "two lifetimes of the key, oldest first" "$ID $ID2" \
	"$(jq -r .id "$TEST_TMP/h.json" | tr '\n' ' ' | sed 's/ $//')"
check "... the first one removed and gone" \
	test "$(jq -s '.[0] | (.removed != null and .ended != null)' "$TEST_TMP/h.json")" = true
if ((BPF)); then
	check_eq "its creator, gone at once, named by its command line" \
		"make_shared_memory --key=$KEY create $KEY 1024 666" \
		"$(jq -rs '.[0].creator.cmdline' "$TEST_TMP/h.json")"
	check_eq "... the reader's attach and detach" "reader --key=$KEY hold $ID 0.4 ro" \
		"$(jq -rs '.[0].events[] | select(.event == "attach") | .cmdline' "$TEST_TMP/h.json")"
	check_eq "... and who removed it" "cleanup-job --rm=$ID rm $ID" \
		"$(jq -rs '.[0].remover.cmdline' "$TEST_TMP/h.json")"
	check "the table says the same" grep -q "created .* by pid [0-9]*, uid 0: make_shared_memory --key=$KEY" "$TEST_TMP/h.txt"
	check "... and who removed it" grep -q "removed .* by pid [0-9]*, uid 0: cleanup-job --rm=$ID" "$TEST_TMP/h.txt"
else
	check_eq "(polls) the segment was created and removed" "create" \
		"$(jq -rs '.[0].events[0].event' "$TEST_TMP/h.json")"
fi
check_eq "a POSIX object's lifetime by its name: made and unlinked" "create unlink" \
	"$("$SHMTOP" --history --db="$DB" -o json "$P" | jq -r '[.events[].event | select(. == "create" or . == "unlink")] | join(" ")')"
rc=0
"$SHMTOP" --history --db="$DB" 0x5e7ace99 >/dev/null 2>"$TEST_TMP/err" || rc=$?
check_eq "an object never recorded: exit 1" 1 "$rc"
check "... saying so" grep -q "no object 0x5e7ace99 in the history" "$TEST_TMP/err"
# the window: nothing before the recording began, everything since a minute ago
check_eq "--until before the recording: nothing" "" \
	"$("$SHMTOP" --history --db="$DB" --until=-1h -o json)"
check "--since a minute ago: the records" test "$("$SHMTOP" --history --db="$DB" --since=-1m -o json | wc -l)" -ge 4
check "--since=0 (the epoch) is a --since: a segment's samples from then, not its last hour" \
	bash -c '"$0" --history --db="$1" --since=0 "$2" | grep -q "^  size, nattch and RSS as sampled:$"' \
	"$SHMTOP" "$DB" "$KEY"
# the leak hunt: a segment whose creator exited, named as the recorder saw it
"$SHMTOP" -b --leaks --db="$DB" >"$TEST_TMP/leaks.txt"
check "--leaks with a history database: a RECORDED CREATOR column" grep -q 'LEAK RECORDED CREATOR$' "$TEST_TMP/leaks.txt"
check "... naming the exited creator of the leaked segment" \
	grep -q "creator-gone *leaky-writer --key=$KEY create $KEY 2048 600" "$TEST_TMP/leaks.txt"
check_eq "JSON: its creator_recorded" "leaky-writer --key=$KEY create $KEY 2048 600" \
	"$("$SHMTOP" -b -o json --db="$DB" | jq -r '.segments[] | select(.shmid == '"$ID2"') | .creator_recorded.cmdline')"
if ((BPF)); then
	check "... and when that creator exited, from the record of its exit" test "$("$SHMTOP" -b -o json \
		--db="$DB" | jq -r '.segments[] | select(.shmid == '"$ID2"') | .creator_recorded.exited')" != null
fi
check_eq "... and no such member without a database (SHMTOP_DB empty)" false \
	"$(SHMTOP_DB= "$SHMTOP" -b -o json | jq '.segments[0] | has("creator_recorded")')"
check_eq "SHMTOP_DB names the database as --db does" "leaky-writer --key=$KEY create $KEY 2048 600" \
	"$(SHMTOP_DB="$DB" "$SHMTOP" -b -o csv --columns=shmid,creator_recorded | tr -d '\r' |
		sed -n "s/^[0-9]*,$ID2,//p")"
rc=0
"$SHMTOP" -b -o json --db="$DIR/missing.db" >/dev/null 2>"$TEST_TMP/err" || rc=$?
check_eq "a --db that cannot be read is a warning, not an error" 0 "$rc"
check "... that says why" grep -q "missing.db.*shmtop --record makes it" "$TEST_TMP/err"
"$SEGTOOL" rm "$ID2" >/dev/null

# ================================================================== what must not make or end a lifetime
DB5=$DIR/edges.db
KEY5=$(printf '0x5d%06x' $(((RANDOM << 9 ^ RANDOM) % 0xffffff + 1)))
PRE=$("$SEGTOOL" create "$KEY5" 4096 600) || fail "cannot create a segment" # before the recorder
echo "$PRE" >>"$SEG_LIST"
start_rec "$DB5" -d 0.2
P5=$(posix_name)
posix_create "$P5" 4096 a || fail "cannot create $P5"
bash -c 'exec -a intruder "$0" posix-create "$1" 4096 b' "$SEGTOOL" "$P5" >/dev/null 2>&1 # EEXIST
"$SEGTOOL" posix-unlink /shmtop-record-never-there >/dev/null 2>&1                   # ENOENT
"$SEGTOOL" rm 99999 >/dev/null 2>&1                                                    # EINVAL
ipc_create_keyed msg 600 || fail "cannot create a queue"
Q5=$IPC_ID
"$IPCTOOL" msg-send "$Q5" 1 hello >/dev/null
"$IPCTOOL" rm-if msg "$Q5" "$IPC_KEY" >/dev/null # its msgsnd count comes up to a second later
S5=/shmtop-record-$$-sem
HAVE_PMQ=0
[[ -x $PMQTOOL ]] && "$PMQTOOL" sem-create "$S5" 1 >/dev/null 2>&1 && HAVE_PMQ=1
"$SEGTOOL" hold "$PRE" 0.2 ro >/dev/null
sleep 2.5 # the check of what is alive: the segment made before begins a lifetime, with its key
stop_rec
check_eq "a failed create (EEXIST) neither ends the object's lifetime nor makes one" "1 null" \
	"$("$SHMTOP" --history --db="$DB5" -o json "$P5" | jq -rs '"\(length) \(.[0].removed)"')"
check "... its record is kept, as the failure it was" \
	test "$("$SHMTOP" --history --db="$DB5" -o json "$P5" | jq '[.events[] | select(.error == "EEXIST")] | length')" -eq 1
check_eq "an unlink of a name that is not there makes no lifetime" "" \
	"$("$SHMTOP" --history --db="$DB5" -o json /shmtop-record-never-there 2>/dev/null)"
check_eq "an IPC_RMID of an id that is not there makes no lifetime" "" \
	"$("$SHMTOP" --history --db="$DB5" -o json 99999 2>/dev/null)"
check_eq "a queue's msgsnd count after its removal: one lifetime, the count in it" "1 1" \
	"$("$SHMTOP" --history --db="$DB5" -o json "$Q5" | jq -rs '"\(length) \([.[0].events[] | select(.event == "msgsnd")] | length)"')"
check_eq "a segment made before the recording: found by its key, first seen" "$PRE null" \
	"$("$SHMTOP" --history --db="$DB5" -o json "$KEY5" | jq -r '"\(.id) \(.created)"')"
if ((HAVE_PMQ)); then
	check_eq "a named semaphore: its lifetime begins at the link to its name (sem_open)" "pmqtool" \
		"$("$SHMTOP" --history --db="$DB5" -o json "$S5" | jq -r '.creator.comm')"
	rm -f "/dev/shm/sem.${S5#/}"
fi
rc=0
"$SHMTOP" --history --db="$DB5" >/dev/full 2>"$TEST_TMP/err" || rc=$?
check_eq "--history into a full disk: exit 1" 1 "$rc"
check "... saying so" grep -q "cannot write" "$TEST_TMP/err"
check_eq "--until=0: nothing (0 is a bound)" "" "$("$SHMTOP" --history --db="$DB5" --until=0 -o json)"
# a retention longer than the epoch keeps everything
n=$("$SHMTOP" --history --db="$DB5" -o json | wc -l)
"$SHMTOP" --record --db="$DB5" --retention=200000d --duration 0.5 2>/dev/null
check "--retention=200000d keeps every record" test "$("$SHMTOP" --history --db="$DB5" -o json | wc -l)" -ge "$n"
# another program's SQLite file is not taken over
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$DIR/other.db" 'CREATE TABLE users (name TEXT)'
	rc=0
	"$SHMTOP" --record --db="$DIR/other.db" --duration 0.3 2>"$TEST_TMP/err" || rc=$?
	check_eq "another program's SQLite database: exit 1" 1 "$rc"
	check "... not a shmtop history database" grep -q "not a shmtop history database (it holds other tables)" "$TEST_TMP/err"
	# a negative schema version (user_version is signed) indexes no migration step
	sqlite3 "$DIR/negative.db" 'PRAGMA user_version = -1'
	rc=0
	"$SHMTOP" --record --db="$DIR/negative.db" --duration 0.3 2>"$TEST_TMP/err" || rc=$?
	check_eq "a database whose user_version is -1: exit 1, no crash" 1 "$rc"
	check "... not a shmtop history database" grep -q "its user_version is none of shmtop's" "$TEST_TMP/err"
	check_eq "... and left as it was (its tables, its journal)" "users delete" \
		"$(sqlite3 "$DIR/other.db" "SELECT group_concat(name) FROM sqlite_master; PRAGMA journal_mode" | tr '\n' ' ' | sed 's/ $//')"
fi
# removed while recording: said, exit 1
start_rec "$DIR/removed.db" -d 0.2
rm -f "$DIR/removed.db" "$DIR/removed.db-wal" "$DIR/removed.db-shm"
sleep 2
rc=0
kill -0 "$REC_PID" 2>/dev/null && rc=running
wait "$REC_PID" 2>/dev/null || rc=$?
check_eq "the database removed while recording: the recorder stops, exit 1" 1 "$rc"
check "... saying why" grep -q "removed or replaced while recording" "$TEST_TMP/rec.err"
REC_PID=

# ================================================================== kill -9 in a burst
DB2=$DIR/burst.db
start_rec "$DB2" -d 0.2
"$SEGTOOL" churn 2000000 >/dev/null 2>&1 &
CHURN=$!
echo "$CHURN" >>"$PID_LIST"
sleep 2.5
before=$("$SHMTOP" --history --db="$DB2" -o json | wc -l)
kill -KILL "$REC_PID"
wait "$REC_PID" 2>/dev/null
kill "$CHURN" 2>/dev/null
wait "$CHURN" 2>/dev/null
after=$("$SHMTOP" --history --db="$DB2" -o json | wc -l)
note "burst: $before records committed before kill -9, $after after it"
check "records were committed during the burst ($before)" test "$before" -gt 0
check "after kill -9 nothing committed is missing ($after >= $before)" test "$after" -ge "$before"
if command -v sqlite3 >/dev/null 2>&1; then
	check_eq "PRAGMA integrity_check" ok "$(sqlite3 "$DB2" 'PRAGMA integrity_check')"
else
	note "sqlite3 is not installed: PRAGMA integrity_check is left out (bootstrap --tests installs it)"
fi
start_rec "$DB2" -d 0.2
ID3=$("$SEGTOOL" create 0 4096 600) || fail "cannot create a segment"
stop_rec
"$SEGTOOL" rm "$ID3" >/dev/null
check "a restarted recorder goes on in the same database" \
	test "$("$SHMTOP" --history --db="$DB2" -o json | wc -l)" -gt "$after"

# ================================================================== retention and size
DB3=$DIR/retention.db
start_rec "$DB3" -d 0.2 --retention=2s
"$SEGTOOL" churn 500 >/dev/null
sleep 3.5
"$SEGTOOL" churn 5 >/dev/null
stop_rec
n=$("$SHMTOP" --history --db="$DB3" -o json | wc -l)
check "--retention=2s: the burst of 3.5 s ago is gone, the last operations stay ($n records)" \
	test "$n" -ge 10 -a "$n" -lt 100
check "... and the lifetimes it left with no record" \
	test "$("$SHMTOP" --history --db="$DB3" -o json 0 2>/dev/null | wc -l)" -le 1
DB4=$DIR/size.db
start_rec "$DB4" -d 0.2 --max-db-size=128K
"$SEGTOOL" churn 20000 >/dev/null
sleep 3
stop_rec
size=$(stat -c %s "$DB4")
check "--max-db-size=128K after 40000 records: the database stays small ($size bytes)" \
	test "$size" -le $((2 * 128 * 1024))

# ================================================================== bad databases
# expect_err WHAT PATTERN ARGS... : shmtop ARGS exits 1 saying PATTERN
expect_err() {
	local what=$1 pat=$2 rc=0
	shift 2
	timeout 10 "$SHMTOP" "$@" >/dev/null 2>"$TEST_TMP/err" || rc=$?
	check_eq "$what: exit 1" 1 "$rc"
	check "... saying why ($pat)" grep -q "$pat" "$TEST_TMP/err"
}
head -c 8192 /dev/urandom >"$DIR/damaged.db"
expect_err "a damaged database, recording" "not a shmtop history database, or a damaged one" \
	--record --db="$DIR/damaged.db" --duration 0.5
expect_err "... and reading" "not a shmtop history database, or a damaged one" \
	--history --db="$DIR/damaged.db"
if command -v sqlite3 >/dev/null 2>&1; then
	cp "$DB" "$DIR/garbled.db"
	sqlite3 "$DIR/garbled.db" "UPDATE samples SET data = X'01'"
	expect_err "a sample that does not decode, a segment's history" \
		"a sample of the segment does not decode (damaged)" --history --db="$DIR/garbled.db" "$KEY"
	# a time is not an error code: a full sample before 1970 is still the one to start from
	cp "$DB" "$DIR/early.db"
	sqlite3 "$DIR/early.db" "UPDATE samples SET time_ns = -1000000000 WHERE time_ns =
		(SELECT min(time_ns) FROM samples WHERE full)"
	rc=0
	"$SHMTOP" --history --db="$DIR/early.db" "$KEY" >"$TEST_TMP/early.txt" 2>"$TEST_TMP/err" || rc=$?
	check_eq "a full sample at a negative time: the history is read, exit 0" "0 " "$rc $(cat "$TEST_TMP/err")"
	check "... with its samples" grep -q "size 1.0K" "$TEST_TMP/early.txt"
	# a record and a lifetime before 1970 (damaged): JSON that still parses
	sqlite3 "$DIR/early.db" "UPDATE events SET time_ns = -1500000000; UPDATE objects SET
		created_ns = -1500000000, first_ns = -1500000000"
	check "a record before 1970: --history -o json stays JSON" bash -c '"$0" --history \
		--db="$1" --since=-100000d -o json | jq -e .time >/dev/null' "$SHMTOP" "$DIR/early.db"
	check "... and so does a lifetime's" bash -c '"$0" --history --db="$1" --since=-100000d \
		-o json "$2" | jq -e ".created, .events[0].time" >/dev/null' "$SHMTOP" "$DIR/early.db" "$KEY"
fi
mkfifo "$DIR/fifo.db"
expect_err "a FIFO where the database should be" "not a regular file" --history --db="$DIR/fifo.db"
ln -s "$DB" "$DIR/link.db"
expect_err "a symbolic link where the database should be" "but a symbolic link" \
	--record --db="$DIR/link.db" --duration 0.3
ln -s "$DIR" "$DIR/linked-dir"
check "a database in a directory reached through a symbolic link" \
	bash -c '"$0" --history --db="$1" >/dev/null' "$SHMTOP" "$DIR/linked-dir/history.db"
expect_err "a database that is not there" "shmtop --record makes it" --history --db="$DIR/none.db"
start_rec "$DB" -d 0.2
expect_err "a second recorder on one database" "another shmtop --record writes it" \
	--record --db="$DB" --duration 0.5
stop_rec
if mkdir -p "$DIR/ro" && mount -t tmpfs tmpfs "$DIR/ro" 2>/dev/null; then
	"$SHMTOP" --record --db="$DIR/ro/h.db" --duration 0.3 2>/dev/null
	mount -o remount,ro "$DIR/ro"
	expect_err "a read-only filesystem, recording" "Read-only file system" \
		--record --db="$DIR/ro/h.db" --duration 0.5
	check "... while reading it works" \
		bash -c '"$0" --history --db="$1" >/dev/null' "$SHMTOP" "$DIR/ro/h.db"
	umount "$DIR/ro"
else
	note "cannot mount a tmpfs here: the read-only filesystem is left out"
fi
if is_root && command -v setpriv >/dev/null 2>&1; then
	# a copy readable by all in a directory only root writes: SQLite cannot make its -shm there
	chmod a+x "$TEST_TMP" "$DIR"
	mkdir -m 755 "$DIR/rodir"
	cp "$DB" "$DIR/rodir/h.db"
	chmod 644 "$DIR/rodir/h.db"
	check "a database in a directory the reader cannot write: --history works" \
		bash -c 'setpriv --reuid=65534 --regid=65534 --clear-groups "$0" --history \
			--db="$1" >/dev/null' "$SHMTOP" "$DIR/rodir/h.db"
	check_eq "... and leaves nothing beside it" "h.db" "$(ls "$DIR/rodir")"
	# with a log beside it that has records (a copy of a database and its -wal) but no index:
	# an error, not a read that leaves the log's records out
	echo records >"$DIR/rodir/h.db-wal"
	chmod 644 "$DIR/rodir/h.db-wal"
	check "... but with a log it cannot index: an error" bash -c '! setpriv --reuid=65534 \
		--regid=65534 --clear-groups "$0" --history --db="$1" >/dev/null 2>&1' \
		"$SHMTOP" "$DIR/rodir/h.db"
else
	note "not root (or no setpriv): a directory the reader cannot write is not checked"
fi

# ================================================================== usage
for args in "--history --since=yesterday" "--history --until=2026-13-01" "--history 0xZZ" \
	"--history --db=$DB --since=now --until=-1h" \
	"--history --db=$DB --since=1796400001 --until=1796400000" \
	"--history /x /y" "--since=-1h" "--record -i 5" "--record --history" \
	"--history -o csv" "--record --retention=0" "--record --retention=1y" \
	"--record --max-db-size=1K" "--record --max-db-size=5T" "--history --retention=1d" \
	"--db=$DB --trace"; do
	rc=0
	# shellcheck disable=SC2086 # the words of args are the arguments
	"$SHMTOP" $args >/dev/null 2>&1 || rc=$?
	check_eq "shmtop $args: a usage error" 2 "$rc"
done

# a --db path longer than PATH_MAX: refused, not cut short into another file the recorder makes
LONG=$DIR/long
for _ in $(seq 17); do LONG=$LONG/$(printf 'd%.0s' $(seq 250)); done
for mode in --record --history; do
	rc=0
	# shellcheck disable=SC2046 # the recorder's duration: two words or none
	"$SHMTOP" "$mode" --db="$LONG/history.db" $([[ $mode == --record ]] && echo --duration 0.2) \
		>/dev/null 2>"$TEST_TMP/err" || rc=$?
	check_eq "$mode with a --db path of ${#LONG} bytes: exit 1" 1 "$rc"
	check "... saying it is too long" grep -q "^shmtop: $mode: the --db path is too long" "$TEST_TMP/err"
done
check "... and nothing made at a shorter path" test ! -e "$DIR/long"

finish
