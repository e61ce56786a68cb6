#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# ns.sh - IPC namespaces for real. Two new namespaces made with unshare --ipc, each holding one
# segment attached by a process kept in it (the second also in a new PID namespace, where its
# holder is pid 1): --ipc-ns=PID sees exactly that namespace's segment, with its attacher and its
# pids as seen from shmtop's own PID namespace, even though both segments have the same shmid;
# the host's default view sees neither; --list-ns lists both by inode (stat -L of
# /proc/PID/ns/ipc) with one segment each; nobody gets exit 1 and a message about CAP_SYS_ADMIN;
# a namespace whose last process is gone is gone from --list-ns. Skips only where unsharing an
# IPC namespace is not permitted.
#
# "The host" below is the namespace the test itself runs in: lib.sh's private one wherever it
# could make one, so even this test's "host" segment is not the caller's. A and B are made inside
# it, as two more namespaces, and the checks mean what they meant outside.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_jq
command -v unshare >/dev/null 2>&1 || skip "unshare (util-linux) is not installed"
command -v stat >/dev/null 2>&1 || skip "stat (coreutils) is not installed"
if ! unshare --ipc true 2>"$TEST_TMP/unshare.err"; then
	skip "unshare --ipc is not permitted here (it needs CAP_SYS_ADMIN: run as root): $(cat "$TEST_TMP/unshare.err")"
fi

J=$TEST_TMP
NSA=
NSB=
HB=

# The holders in the namespaces: A's is segtool itself (lib.sh's cleanup stops it, as a pid in
# PID_LIST); B's unshare waits for its child, pid 1 of a new PID namespace, so stop that child
# first (segtool handles TERM, so even an init gets it) and then unshare. Each namespace, and the
# segment in it, is destroyed by the kernel when its last process exits.
ns_cleanup() {
	local rc=$?
	if [[ -n $HB ]]; then
		kill -TERM "$HB" 2>/dev/null
	fi
	if [[ -n $NSB ]]; then
		for _ in $(seq 1 40); do
			kill -0 "$NSB" 2>/dev/null || break
			sleep 0.05
		done
		kill -KILL "$NSB" 2>/dev/null
		wait "$NSB" 2>/dev/null
	fi
	(exit "$rc")
	cleanup
}
trap ns_cleanup EXIT

# A key nobody uses on the host (new namespaces start empty).
free_key() {
	local k
	for _ in $(seq 1 50); do
		k=$(printf '0x5f%06x' $(((RANDOM << 9 ^ RANDOM) % 0xffffff + 1)))
		if ! "$SHMTOP" -b -o json | jq -e --arg k "$k" 'any(.segments[]; .key == $k)' >/dev/null; then
			printf '%s\n' "$k"
			return 0
		fi
	done
	return 1
}

# wait_for FILE PATTERN PID : until FILE has a line matching PATTERN, while PID lives.
wait_for() {
	for _ in $(seq 1 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		kill -0 "$3" 2>/dev/null || break
		sleep 0.05
	done
	return 1
}

# In namespace A: create a segment, write its id to a file, then hold it (exec, so the holder is
# the very process unshare started).
KA=$(free_key) || fail "no free key"
KB=$(free_key) || fail "no free key"
unshare --ipc sh -c 'id=$("$1" create "$2" 4096 600) || exit 1
echo "$id" >"$3.tmp" && mv "$3.tmp" "$3"
exec "$1" hold "$id" 600 ro' sh "$SEGTOOL" "$KA" "$J/a.id" >"$J/a.hold" 2>"$J/a.err" &
NSA=$!
echo "$NSA" >>"$PID_LIST"
wait_for "$J/a.hold" '^attached ' "$NSA" || fail "the holder in namespace A did not attach: $(cat "$J/a.err")"
IDA=$(cat "$J/a.id")

# Namespace B, also a new PID namespace: unshare forks the holder, pid 1 in there.
unshare --ipc --pid --fork --kill-child sh -c 'id=$("$1" create "$2" 8192 600) || exit 1
echo "$id" >"$3.tmp" && mv "$3.tmp" "$3"
exec "$1" hold "$id" 600 ro' sh "$SEGTOOL" "$KB" "$J/b.id" >"$J/b.hold" 2>"$J/b.err" &
NSB=$!
wait_for "$J/b.hold" '^attached ' "$NSB" || fail "the holder in namespace B did not attach: $(cat "$J/b.err")"
IDB=$(cat "$J/b.id")
HB=$(cat "/proc/$NSB/task/$NSB/children" 2>/dev/null | awk '{print $1}')
[[ -n $HB ]] || HB=$(pgrep -P "$NSB" | head -n 1)
[[ -n $HB ]] || fail "cannot find the holder in namespace B (child of $NSB)"
check_eq "B's holder is pid 1 in its PID namespace" "attached 1" "$(head -n 1 "$J/b.hold")"

SELF=$(stat -L -c %i /proc/self/ns/ipc)
INOA=$(stat -L -c %i "/proc/$NSA/ns/ipc")
INOB=$(stat -L -c %i "/proc/$NSB/ns/ipc")
check_eq "B's holder is in B's IPC namespace" "$INOB" "$(stat -L -c %i "/proc/$HB/ns/ipc")"
check "namespace A is not ours" test "$INOA" != "$SELF"
check "namespaces A and B differ" test "$INOA" != "$INOB"
# The first segment of a new IPC namespace is shmid 0 whatever the kernel: the namespace's id
# allocator starts at index 0 with sequence number 0 (ipc/util.c), and its shm_next_id starts
# unset. So A's and B's segments have the same shmid, which is what makes attachers ambiguous:
# the attacher checks below mean something only because B's holder maps a segment with A's
# shmid, and a shmtop that matched attachers by shmid alone would list it under A's segment.
check_eq "A's and B's segments both have shmid 0, the first of each new namespace" "0 0" "$IDA $IDB"

# A segment of the host's own, which the namespaces' views must not show.
seg_create_keyed 4096 600 || fail "cannot create a host segment"
KH=$SEG_KEY

# ------------------------------------------------------------------ --ipc-ns

seg_in() { jq -c --arg k "$2" '.segments[] | select(.key == $k)' "$1"; }

rc=0
"$SHMTOP" -b --ipc-ns="$NSA" --attachers -o json >"$J/a.json" 2>"$J/a.stderr" || rc=$?
check_eq "--ipc-ns=A exits 0" 0 "$rc" || note "$(cat "$J/a.stderr")"
check "--ipc-ns=A: valid JSON" jq -e . "$J/a.json" >/dev/null
check_eq "--ipc-ns=A: exactly one segment, A's" "$KA $IDA 4096" \
	"$(jq -r '[.segments[] | "\(.key) \(.shmid) \(.size)"] | join(",")' "$J/a.json")"
check_eq "--ipc-ns=A: nattch 1" 1 "$(seg_in "$J/a.json" "$KA" | jq .nattch)"
check_eq "--ipc-ns=A: the attacher is A's holder, and only it" "$NSA" \
	"$(seg_in "$J/a.json" "$KA" | jq -r '[.attachers[].pid] | map(tostring) | join(" ")')"
check_eq "--ipc-ns=A: the last attach was A's holder" "$NSA" "$(seg_in "$J/a.json" "$KA" | jq .lpid)"
check_eq "--ipc-ns=A: attached, creator gone (it exited): not a suspect" \
	'{"suspect":false,"reasons":["creator-gone"]}' "$(seg_in "$J/a.json" "$KA" | jq -c .leak)"
check "--ipc-ns=A: not the host's segment" test -z "$(seg_in "$J/a.json" "$KH")"

rc=0
"$SHMTOP" -b --ipc-ns="$NSB" --attachers -o json >"$J/b.json" 2>"$J/b.stderr" || rc=$?
check_eq "--ipc-ns=B exits 0" 0 "$rc" || note "$(cat "$J/b.stderr")"
check_eq "--ipc-ns=B: exactly one segment, B's" "$KB $IDB 8192" \
	"$(jq -r '[.segments[] | "\(.key) \(.shmid) \(.size)"] | join(",")' "$J/b.json")"
check_eq "--ipc-ns=B: the attacher is B's holder by its pid here, not 1" "$HB" \
	"$(seg_in "$J/b.json" "$KB" | jq -r '[.attachers[].pid] | map(tostring) | join(" ")')"
check_eq "--ipc-ns=B: lpid as seen from shmtop's PID namespace" "$HB" "$(seg_in "$J/b.json" "$KB" | jq .lpid)"
check_eq "--ipc-ns=B: the holder's name" segtool "$(seg_in "$J/b.json" "$KB" | jq -r .lpid_comm)"

"$SHMTOP" -b --attachers -o json >"$J/host.json" 2>"$J/host.stderr" || fail "shmtop -b failed: $(cat "$J/host.stderr")"
check "host view: not A's segment" test -z "$(seg_in "$J/host.json" "$KA")"
check "host view: not B's segment" test -z "$(seg_in "$J/host.json" "$KB")"
check "host view: the host's segment" test -n "$(seg_in "$J/host.json" "$KH")"
check "host view: no namespace holder is an attacher of a host segment" \
	jq -e --argjson a "$NSA" --argjson b "$HB" \
	'all(.segments[]; all(.attachers[]?; .pid != $a and .pid != $b))' "$J/host.json"

# The table too, and the view leaves the host alone: A's key is still not on the host.
rc=0
"$SHMTOP" -b --ipc-ns="$NSA" >"$J/a.txt" 2>&1 || rc=$?
check_eq "--ipc-ns=A table exits 0" 0 "$rc"
check "--ipc-ns=A table: A's key" grep -q "^$KA " "$J/a.txt"
check "--ipc-ns=A table: not the host's key" test -z "$(grep "^$KH " "$J/a.txt")"

# ------------------------------------------------------------------ --list-ns

rc=0
"$SHMTOP" -b --list-ns -o json >"$J/ns.json" 2>"$J/ns.stderr" || rc=$?
check_eq "--list-ns -o json exits 0" 0 "$rc" || note "$(cat "$J/ns.stderr")"
ns() { jq -c --argjson i "$2" '.namespaces[] | select(.inode == $i)' "$1"; }
check_eq "--list-ns: A by inode, 1 process (its holder as sample), 1 segment, not current" \
	"{\"processes\":1,\"segments\":1,\"sample_pid\":$NSA,\"current\":false}" \
	"$(ns "$J/ns.json" "$INOA" | jq -c '{processes, segments, sample_pid, current}')"
LOWB=$((NSB < HB ? NSB : HB))
check_eq "--list-ns: B by inode, 2 processes (unshare, holder), 1 segment" \
	"{\"processes\":2,\"segments\":1,\"sample_pid\":$LOWB,\"current\":false}" \
	"$(ns "$J/ns.json" "$INOB" | jq -c '{processes, segments, sample_pid, current}')"
check_eq "--list-ns: ours is current" true "$(ns "$J/ns.json" "$SELF" | jq .current)"
check "--list-ns: ours holds at least the host segment" \
	jq -e --argjson i "$SELF" 'any(.namespaces[]; .inode == $i and .segments >= 1)' "$J/ns.json"
check "--list-ns: sorted by inode, one entry each" \
	jq -e '[.namespaces[].inode] | . == (sort | unique)' "$J/ns.json"

rc=0
"$SHMTOP" -b --list-ns >"$J/ns.txt" 2>&1 || rc=$?
check_eq "--list-ns table exits 0" 0 "$rc"
check_eq "--list-ns table: A's line has 1 process, 1 segment, its holder" "1 1 $NSA" \
	"$(awk -v i="$INOA" '$1 == i { print $2, $3, $4 }' "$J/ns.txt")"

rc=0
"$SHMTOP" -b --ipc-ns="$NSA" --list-ns -o json >"$J/ns-a.json" 2>&1 || rc=$?
check_eq "--ipc-ns=A --list-ns exits 0" 0 "$rc"
check_eq "--ipc-ns=A --list-ns: A is the current one" "$INOA" \
	"$(jq '.namespaces[] | select(.current) | .inode' "$J/ns-a.json")"

# ------------------------------------------------------------------ not permitted

if setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$SHMTOP" 2>/dev/null; then
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups "$SHMTOP" -b --ipc-ns="$NSA" \
		>"$J/nobody.out" 2>"$J/nobody.err" || rc=$?
	check_eq "as nobody, --ipc-ns exits 1" 1 "$rc"
	check "as nobody, the message names CAP_SYS_ADMIN" grep -q "CAP_SYS_ADMIN" "$J/nobody.err" ||
		note "it said: $(cat "$J/nobody.err")"
	check "as nobody, nothing on stdout" test ! -s "$J/nobody.out"
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups "$SHMTOP" -b -o json \
		>"$J/nobody.json" 2>&1 || rc=$?
	check_eq "as nobody, the default view still works" 0 "$rc"
	check "as nobody, the default view does not show A's segment" test -z "$(seg_in "$J/nobody.json" "$KA")"
else
	note "setpriv or a nobody-executable $SHMTOP is missing: the unprivileged checks are skipped"
fi

# ------------------------------------------------------------------ gone

# When A's last process exits, A and its segment are gone.
hold_stop "$NSA"
"$SHMTOP" -b --list-ns -o json >"$J/ns2.json" 2>&1 || bad "--list-ns after A's end failed"
check "after its holder exited, A is not listed" \
	jq -e --argjson i "$INOA" 'all(.namespaces[]; .inode != $i)' "$J/ns2.json"
check "B still is" jq -e --argjson i "$INOB" 'any(.namespaces[]; .inode == $i)' "$J/ns2.json"
rc=0
"$SHMTOP" -b --ipc-ns="$NSA" >"$J/gone.out" 2>"$J/gone.err" || rc=$?
check_eq "--ipc-ns of an exited process exits 1" 1 "$rc"
check "and says there is no such process" grep -qi "no such process" "$J/gone.err" ||
	note "it said: $(cat "$J/gone.err")"

finish
