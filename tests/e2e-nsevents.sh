#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# e2e-nsevents.sh - the events screen follows N to the namespace entered. The dashboard runs with
# --events (the poll tracer, and the kernel tracer too where BPF can be loaded); N enters a
# container's IPC namespace (unshare --ipc --fork). Then a segment made in the container is an
# event and one made in the namespace left is not (the kernel tracer would go on tracing the
# old namespace, its shmids shown as the container's), and the switch itself is no event (the
# poll tracer would take it for the old namespace's segments removed and the container's made).
# Skips when not root or where unshare is refused.

# shellcheck disable=SC2016 # '$SCREEN' and "$1" in single quotes are for eval and sh -c
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_tmux
need_shmtop
need_segtool
need_root "making a container (unshare)"

T=$TEST_TMP
SEGTOOL_ABS=$(cd "$(dirname "$SEGTOOL")" && pwd)/$(basename "$SEGTOOL")
HOSTMAKER=$T/hostmaker # copies of segtool: the kernel tracer's COMMAND tells who made what
CTRMAKER=$T/ctrmaker
cp "$SEGTOOL_ABS" "$HOSTMAKER" || hard_error "cp $SEGTOOL"
cp "$SEGTOOL_ABS" "$CTRMAKER" || hard_error "cp $SEGTOOL"
CONTAINER=

# shellcheck disable=SC2317 # runs from the EXIT trap
nsev_cleanup() {
	local rc=$?
	tmux_stop
	[[ -n $CONTAINER ]] && kill -TERM "$CONTAINER" 2>/dev/null
	(exit "$rc")
	cleanup
}
trap nsev_cleanup EXIT

seg_create 0 4096 600 || fail "cannot make a segment here"
unshare --ipc --fork sh -c '"$1" create 0 8192 600 >/dev/null || exit 1
	echo "ready $$"
	exec sleep 300' sh "$SEGTOOL_ABS" >"$T/ctr.out" 2>&1 &
echo "$!" >>"$PID_LIST"
wait_ready "$T/ctr.out" || skip "cannot make the container (unshare refused?): $(cat "$T/ctr.out")"
CONTAINER=$READY_PID

E2E_COLS=160 E2E_ROWS=40
for src in poll auto; do
	CUR=$src
	start "$src" -d 0.3 --events --trace-source="$src"
	expect "$src" '^ KEY +SHMID' "$src: the dashboard starts" || continue
	sleep 0.7 # a few polls of this namespace
	keys "$src" N
	expect "$src" "View the IPC namespace of pid:" "$src: N asks for a pid"
	type_text "$src" "$CONTAINER"
	keys "$src" Enter
	expect "$src" "viewing the IPC namespace of pid $CONTAINER " "$src: N enters the container's"
	sleep 0.7
	id=$(nsenter --ipc -t "$CONTAINER" "$CTRMAKER" create 0 4096 600) ||
		fail "cannot make a segment in the container"
	"$HOSTMAKER" create 0 4096 600 >"$T/host.id" || fail "cannot make a segment here"
	printf '%s %s\n' "$(cat "$T/host.id")" "$(seg_identity "$(cat "$T/host.id")")" >>"$SEG_LIST"
	sleep 1
	keys "$src" E
	expect "$src" "^Events: " "$src: E shows the events"
	expect "$src" "create +shm +$id " "$src: the container's new segment $id is an event"
	check_screen "$src: the switch is no removal" eval '! grep -qE " remove +shm " <<<"$SCREEN"'
	check_screen "$src: the segment made in the namespace left is no event" \
		eval '! grep -q hostmaker <<<"$SCREEN"'
	check_screen "$src: nor is the container's first segment, made before N" \
		eval '! grep -qE "create +shm +0 " <<<"$SCREEN"'
	keys "$src" q
	keys "$src" q
	expect "$src" '^EXIT=0$' "$src: q exits 0"
done
check_sanitizers
finish
