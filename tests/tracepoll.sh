#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# tracepoll.sh - shmtop --trace without BPF (--trace-source=poll), on real objects in private
# IPC and mount namespaces: it says it polls and why; a segment seen to appear, be attached,
# be marked for removal and go, its attacher named by its command line; a semaphore array's and
# a queue's creation, change and removal; a POSIX object's creation, truncation, unlink while
# still mapped and end when its last mapping goes; a named semaphore's and a POSIX queue's
# creation and unlink; --kinds keeps those kinds only; --duration ends it also before the next
# poll; a reader gone (| head -1) stops it; a full stdout is an error, said. Needs no BPF, so it
# runs everywhere.

# shellcheck disable=SC2016 # jq programs in single quotes
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_ipctool
need_jq
. "${top_srcdir:-$(dirname "$0")/..}/tests/pmqlib.sh"

TRACE_PID=
# start_trace OUT ARGS... : shmtop --trace -o json --trace-source=poll ARGS in the background,
# writing OUT; returns once it says it is tracing
start_trace() {
	local out=$1
	shift
	start_until "$out" "$out.err" '^shmtop: tracing' "$SHMTOP" --trace -o json --trace-source=poll "$@"
	TRACE_PID=$STARTED_PID
}
stop_trace() {
	sleep 0.6 # a poll after the last change
	kill -INT "$TRACE_PID" 2>/dev/null
	wait "$TRACE_PID" 2>/dev/null
	TRACE_PID=
}
# wait_for FILE JQ-CONDITION : until a record that holds is in FILE (at most 10 s): a loaded
# machine polls late
wait_for() {
	local _
	for _ in $(seq 1 100); do
		[[ -n $(jq -c "select($2)" "$1" 2>/dev/null) ]] && return 0
		sleep 0.1
	done
	return 0 # the checks say what is missing
}
# events FILE JQ-CONDITION : the events of the records that hold, on one line
events() { jq -r "select($2) | .event" "$1" | tr '\n' ' ' | sed 's/ $//'; }

# the queues of this IPC namespace: lib.sh's mount on /dev/mqueue, or one of the test's own
findmnt -n -t mqueue /dev/mqueue >/dev/null 2>&1 || mq_mount "$TEST_TMP/mq"

# ================================================================== System V
T=$TEST_TMP/t1.json
start_trace "$T" -d 0.2
check "the poll source says so, and why" grep -q "tracing by polling every 0.2s (--trace-source=poll)" "$T.err"
seg_create_keyed 4096 600 || fail "cannot create a segment"
ID=$SEG_ID
hold_start "$ID" 2 ro || fail "cannot attach"
ipc_create_keyed sem 3 600 || fail "cannot create an array"
SEM=$IPC_ID SEM_KEY=$IPC_KEY
ipc_create_keyed msg 600 || fail "cannot create a queue"
MSG=$IPC_ID MSG_KEY=$IPC_KEY
sleep 1.1 # the array's ctime has whole seconds: the set must move it
wait_for "$T" '.kind == "shm" and .event == "attach"'
wait_for "$T" '.kind == "msg" and .event == "create"'
"$SEGTOOL" rm "$ID" >/dev/null
"$IPCTOOL" sem-set "$SEM" 1 2 3 >/dev/null || fail "cannot set the values"
sleep 0.6
"$IPCTOOL" rm-if sem "$SEM" "$SEM_KEY" >/dev/null || fail "cannot remove the array"
"$IPCTOOL" rm-if msg "$MSG" "$MSG_KEY" >/dev/null || fail "cannot remove the queue"
sleep 1 # the holder detaches: the segment goes
wait_for "$T" '.kind == "shm" and .event == "gone"'
wait_for "$T" '.kind == "sem" and .event == "remove"'
wait_for "$T" '.kind == "msg" and .event == "remove"'
stop_trace
check_eq "a poll sees the segment appear, attached, marked, and go" "create attach remove gone" \
	"$(events "$T" '.kind == "shm" and .id == '"$ID")"
check_eq "... every record says it came from a poll" poll "$(jq -r .source "$T" | sort -u)"
check_eq "... the attacher named by its command line, as it still ran" "$SEGTOOL hold $ID 2 ro" \
	"$(jq -r 'select(.id == '"$ID"' and .event == "attach") | .cmdline' "$T")"
check_eq "an array: made (its key and size), set, removed" "create set remove" \
	"$(events "$T" '.kind == "sem" and .id == '"$SEM")"
check_eq "... made with its key and nsems" "$SEM_KEY 3" \
	"$(jq -r 'select(.kind == "sem" and .event == "create") | "\(.key) \(.size)"' "$T")"
check_eq "a queue: made, removed" "create remove" "$(events "$T" '.kind == "msg" and .id == '"$MSG")"

# ================================================================== POSIX
P=$(posix_name)
Q=/shmtop-tracepoll-$$-q
S=/shmtop-tracepoll-$$-s
T=$TEST_TMP/t2.json
start_trace "$T" -d 0.2
posix_create "$P" 4096 x || fail "cannot create $P"
mq_create "$Q" 4 64
sem_create "$S" 1
wait_for "$T" '.kind == "posix" and .event == "create"'
truncate -s 65536 "/dev/shm${P}" || fail "cannot truncate $P"
wait_for "$T" '.kind == "posix" and .event == "truncate"'
posix_hold_start "$P" 1 ro || fail "cannot map $P"
"$SEGTOOL" posix-unlink "$P" || fail "cannot unlink $P"
"$PMQTOOL" mq-unlink "$Q" || fail "cannot unlink $Q"
rm -f "/dev/shm/sem.${S#/}"
sleep 0.6
hold_stop "$HOLD_PID"
wait_for "$T" '.kind == "posix" and .event == "gone"'
wait_for "$T" '.kind == "pmq" and .event == "unlink"'
wait_for "$T" '.kind == "psem" and .event == "unlink"'
stop_trace
check_eq "a POSIX object: made, truncated, unlinked while mapped, gone with its last mapping" \
	"create truncate unlink gone" "$(events "$T" '.kind == "posix" and .name == "'"$P"'"')"
check_eq "... its sizes: as made, as truncated" "4096 65536" \
	"$(jq -r 'select(.name == "'"$P"'" and .size != null) | .size' "$T" | tr '\n' ' ' | sed 's/ $//')"
check_eq "a POSIX queue: made, unlinked" "create unlink" "$(events "$T" '.kind == "pmq" and .name == "'"$Q"'"')"
check_eq "a named semaphore: made, unlinked" "create unlink" \
	"$(events "$T" '.kind == "psem" and .name == "'"$S"'"')"

# ================================================================== --kinds
T=$TEST_TMP/t3.json
start_trace "$T" -d 0.2 --kinds=pmq
posix_create "$P-2" 4096 x || fail "cannot create $P-2"
mq_create "$Q-2" 4 64
wait_for "$T" '.kind == "pmq" and .event == "create"'
stop_trace
check_eq "--kinds=pmq: the queue's record only" "pmq" "$(jq -r .kind "$T" | sort -u)"

# ================================================================== --duration shorter than -d
start=$(date +%s%N)
"$SHMTOP" --trace --trace-source=poll -d 5 --duration 0.5 >/dev/null 2>&1
took=$((($(date +%s%N) - start) / 1000000))
check "--duration 0.5 with -d 5 ends after half a second, not five (${took} ms)" test "$took" -lt 3000

# ================================================================== | head -1
# the reader gone, the polls stop at once, not at a next record that may never come
check_reader_gone "the polls stop" "$SHMTOP" --trace --trace-source=poll -d 0.2

# ================================================================== a full disk
if [[ -w /dev/full ]]; then
	rc=0
	"$SHMTOP" --trace --trace-source=poll -d 0.2 --duration 0.5 >/dev/full 2>"$TEST_TMP/full.err" ||
		rc=$?
	check_eq "--trace > /dev/full (its header) exits 1" 1 "$rc"
	check "... saying it cannot write" grep -q '^shmtop: cannot write output: No space' \
		"$TEST_TMP/full.err"
	start_until /dev/full "$TEST_TMP/full.err" '^shmtop: tracing' \
		"$SHMTOP" --trace --trace-source=poll -d 0.2 --duration 3 -o json
	seg_create_keyed 4096 600 || fail "cannot create a segment"
	rc=0
	wait "$STARTED_PID" || rc=$?
	check_eq "--trace -o json > /dev/full (a record) exits 1" 1 "$rc"
	check "... saying it cannot write" grep -q '^shmtop: cannot write output: No space' \
		"$TEST_TMP/full.err"
fi

finish
