#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# e2e-procs.sh - the processes that hold IPC objects, with real holders: one attached to a
# segment under a PostgreSQL-like title ("postgres: checkpointer"), one mapping a POSIX object,
# one holding a memfd and shared anonymous memory. Batch: -b --kinds=proc -o json lists each
# with the right counts and the title as its name; CSV has the header the documents give. The
# dashboard (tmux): Tab reaches the processes table, which names the title; Enter on it shows
# the segment table with only its segment; Esc shows every row again. With --events, E lists a
# creator that exited at once, named by its command line, and Enter opens its segment, whose detail
# view ends with the traced history. With --trace-source=poll (or without BPF) the events screen
# says it polls, and lists what the polls see: a POSIX object made and unlinked, a segment made.

# shellcheck disable=SC2016 # jq programs and '$SCREEN' in single quotes
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_shmtop
need_segtool
command -v jq >/dev/null 2>&1 || skip "jq is not installed (bootstrap --tests installs it)"

seg_create_keyed 65536 600 || fail "cannot create a segment"
SEG=$SEG_ID
seg_create_keyed 4096 600 || fail "cannot create a second segment"
OTHER=$SEG_ID
"$SEGTOOL" posix-create /shmtop-procs 8192 hello >/dev/null || fail "cannot create a POSIX object"

# start_bg OUT COMMAND... : run COMMAND in the background until it prints 'attached'
start_bg() {
	local out=$1 _
	shift
	"$@" >"$out" &
	BG=$!
	echo "$BG" >>"$PID_LIST"
	for _ in $(seq 1 100); do grep -q '^attached' "$out" 2>/dev/null && return 0; sleep 0.05; done
	fail "$* did not start"
}
start_bg "$TEST_TMP/pg" bash -c 'exec -a "postgres: checkpointer" "$0" hold "$1" 120 ro' \
	"$SEGTOOL" "$SEG"
PG=$BG
start_bg "$TEST_TMP/px" "$SEGTOOL" posix-hold /shmtop-procs 120 ro
PX=$BG
start_bg "$TEST_TMP/mf" "$SEGTOOL" shmem-hold 16384 4096 120
MF=$BG

# ================================================================== batch
"$SHMTOP" -b --kinds=proc -o json >"$TEST_TMP/p.json" || fail "shmtop -b --kinds=proc failed"
proc() { jq -c --argjson p "$1" '.processes[] | select(.pid == $p)' "$TEST_TMP/p.json"; }
check_eq "the attacher is named by its title" "postgres: checkpointer" "$(proc "$PG" | jq -r .name)"
check_eq "... and maps one segment, 64K" "1 0 0 65536" \
	"$(proc "$PG" | jq -r '"\(.segments) \(.posix) \(.memfds) \(.mapped)"')"
check_eq "the POSIX mapper maps one POSIX object" "0 1 0" \
	"$(proc "$PX" | jq -r '"\(.segments) \(.posix) \(.memfds)"')"
check_eq "the memfd holder maps one memfd (its shared anonymous memory is none of them)" "0 0 1" \
	"$(proc "$MF" | jq -r '"\(.segments) \(.posix) \(.memfds)"')"
check "its resident share of shared memory covers the memfd's 4 pages it wrote" \
	test "$(proc "$MF" | jq -r .pss_shmem)" -ge 16384
check_eq "usage counts the processes" "$(jq '.processes | length' "$TEST_TMP/p.json")" \
	"$(jq '.usage.processes' "$TEST_TMP/p.json")"
check "a process that holds nothing (this shell) is not listed" test -z "$(proc $$)"
check_eq "CSV has the documented header" \
	"time,pid,uid,owner,name,segments,posix,memfds,mapped,pss_shmem,ipc_ns,mnt_ns,cgroup,cmdline" \
	"$("$SHMTOP" -b --kinds=proc -o csv | head -n 1 | tr -d '\r')"
"$SHMTOP" -b --kinds=all -o json >"$TEST_TMP/all.json" 2>/dev/null
check_eq "--kinds=all leaves the processes out" null "$(jq .processes "$TEST_TMP/all.json")"

# ================================================================== the dashboard
need_tmux
CUR=main
start main -d 0.5
expect main "$LIST_RE" "the dashboard starts" || fail "shmtop did not start"
seen=0
for _ in $(seq 1 8); do
	keys main Tab
	if wait_for main '^ +PID +OWNER +NAME +SEGS' 2; then
		seen=1
		break
	fi
done
check "Tab reaches the processes table" test "$seen" = 1
expect main "^[ +] +$PG +[^ ]+ +postgres: checkpointer +1 +0 +0 " \
	"its row: pid $PG, the title, one segment"
expect main "^[ +] +$PX +[^ ]+ +segtool +0 +1 +0 " "the POSIX mapper's row"
keys main /
type_text main "checkpointer"
keys main Enter
keys main Enter
expect main "the objects of pid $PG \\(postgres: checkpointer\\)" "Enter says whose objects are shown"
expect main "^ 0x[0-9a-f]+ +$SEG " "the segment table shows its segment"
capture main
check_screen "... and not the other one" eval '! grep -Eq "^.0x[0-9a-f]+ +$OTHER " <<<"$SCREEN"'
keys main Escape
expect main "^.0x[0-9a-f]+ +$OTHER " "Esc shows every row again"
keys main q
expect main '^EXIT=0$' "q exits 0"

# ================================================================== the events screen (E)
probe=$("$SHMTOP" --trace --trace-source=bpf --duration 0.2 2>&1 >/dev/null)
if [[ -n $probe && $probe != "shmtop: tracing"* ]]; then
	note "the events screen is left out: the tracer cannot run here: $probe"
else
	CUR=ev
	start ev -d 0.5 --events
	expect ev "$LIST_RE" "shmtop --events starts" || fail "no dashboard"
	sleep 0.5
	bash -c 'exec -a "make_shared_memory --key=0x5e7e0001" "$0" create 0x5e7e0001 1024 600' \
		"$SEGTOOL" >"$TEST_TMP/evid" || fail "cannot create a segment"
	EVID=$(cat "$TEST_TMP/evid")
	echo "$EVID 0 0" >>"$SEG_LIST"
	keys ev E
	expect ev "^Events: traced since" "E opens the events screen, tracing"
	expect ev "create +shm +$EVID +[0-9]+ +make_shared_memory --key=0x5e7e0001" \
		"the creator, gone at once, is there with its command line"
	# the newest record: the creator's exit, a process's record, with no object to open
	expect ev "^[0-9:.]+ exit +- +[0-9]+ +make_shared_memory --key=0x5e7e0001" \
		"... and its exit, a record of the process"
	keys ev Home Enter
	expect ev "an exit is a process's record: it has no object" "Enter on the exit: it has no object, saying so"
	keys ev Down Enter
	expect ev "^ Segment $EVID" "Enter on the create opens the segment's detail view"
	expect ev "Traced .*create .*make_shared_memory --key=0x5e7e0001" \
		"... which ends with its traced history"
	keys ev q
	keys ev q
	expect ev '^EXIT=0$' "q q quits"
fi

# ================================================================== ... without BPF: the polls
CUR=evp
start evp -d 0.3 --trace-source=poll
expect evp "$LIST_RE" "shmtop --trace-source=poll starts" || fail "no dashboard"
keys evp E
expect evp "^Events: polled every 0.3s \(no BPF: --trace-source=poll\) since" \
	"E: the events screen says it polls, how often, and why"
sleep 0.5 # the first poll after E, which the next are compared with
"$SEGTOOL" posix-create /shmtop-procs-ev 4096 x >/dev/null || fail "cannot create a POSIX object"
seg_create_keyed 2048 600 || fail "cannot create a segment"
expect evp "create +posix +/shmtop-procs-ev" "a poll's POSIX object appears on it"
expect evp "create +shm +$SEG_ID " "... and a poll's segment"
"$SEGTOOL" posix-unlink /shmtop-procs-ev >/dev/null
expect evp "unlink +posix +/shmtop-procs-ev" "... and the unlink"
keys evp q
keys evp q
expect evp '^EXIT=0$' "q q quits"

kill "$PG" "$PX" "$MF" 2>/dev/null
"$SEGTOOL" posix-unlink /shmtop-procs >/dev/null 2>&1
check_sanitizers
finish
