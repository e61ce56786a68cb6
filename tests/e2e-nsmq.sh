#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# e2e-nsmq.sh - N in the dashboard moves the POSIX message queues' table to the namespace entered.
# A container (unshare --ipc --mount --fork) mounts an mqueue filesystem of its own and makes one
# queue there; the test's namespace has another. After N with the container's pid, the queues'
# table lists the container's queue from its mqueue mount inside its root, never the queue of the
# namespace left, and F9 y unlinks the container's queue while the other one stays. Skips when
# not root or where unshare or mount are refused.

# shellcheck disable=SC2016 # "$1" and the like in single quotes are for sh -c
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_tmux
need_shmtop
need_segtool
need_root "making a container (unshare, mount)"
[[ $SHMTOP_TEST_NS != shared ]] ||
	skip "needs IPC and mount namespaces of its own: it mounts an mqueue filesystem"

T=$TEST_TMP
. "${top_srcdir:-$(dirname "$0")/..}/tests/pmqlib.sh"
# shellcheck disable=SC2317 # run by pmq_cleanup
pmq_cleanup_first() { tmux_stop; }

R=$$-$RANDOM
QH=/shmtop-nsmq-host-$R # this namespace's
QC=/shmtop-nsmq-ctr-$R  # the container's

if findmnt -n -t mqueue /dev/mqueue >/dev/null 2>&1; then
	mq_create "$QH" 2 16 600
	[[ -e /dev/mqueue$QH ]] || skip "/dev/mqueue shows another IPC namespace's queues"
else
	skip "no mqueue filesystem on /dev/mqueue"
fi

PMQTOOL_ABS=$(cd "$(dirname "$PMQTOOL")" && pwd)/$(basename "$PMQTOOL")
unshare --ipc --mount --propagation private --fork sh -c '
	mount -t mqueue -o nosuid,nodev,noexec mqueue /dev/mqueue || exit 1
	"$1" mq-create "$2" 4 32 600 || exit 1
	echo "ready $$"
	exec sleep 300' sh "$PMQTOOL_ABS" "$QC" >"$T/ctr.out" 2>&1 &
echo "$!" >>"$PID_LIST"
wait_ready "$T/ctr.out" || skip "cannot make the container (unshare or mount refused?): $(cat "$T/ctr.out")"
CONTAINER=$READY_PID
echo "$CONTAINER" >>"$PID_LIST"
[[ -e /proc/$CONTAINER/root/dev/mqueue$QC ]] || hard_error "no $QC in the container"

E2E_COLS=160 E2E_ROWS=40
start main -d 0.5 --kinds=shm,pmq
expect main '^ KEY +SHMID' "the dashboard starts on the segments" || fail "shmtop did not start"
keys main N
expect main "View the IPC namespace of pid:" "N asks for a pid"
type_text main "$CONTAINER"
keys main Enter
expect main "viewing the IPC namespace of pid $CONTAINER " "N $CONTAINER Enter enters its namespace"
keys main Tab
expect main "^ NAME +OWNER +MODE +MSGS" "Tab shows the queues' table"
expect main "^ ?$QC " "the container's queue is listed"
expect main "^1 of 1 POSIX message queue in /proc/$CONTAINER/root/dev/mqueue " \
	"... from its mqueue mount, inside its root"
check_screen "the queue of the namespace left is not" eval '! grep -q -- "$QH" <<<"$SCREEN"'
if grep -Eq -- "^ ?$QC " <<<"$SCREEN"; then
	keys main F9
	if expect main "Unlink message queue $QC\\? \\(mq_unlink\\)" "F9 asks to unlink $QC"; then
		keys main y
		expect main "^$QC unlinked *$" "y unlinks it"
	fi
	check "the container's queue is gone" eval '! [[ -e /proc/$CONTAINER/root/dev/mqueue$QC ]]'
fi
check "this namespace's queue is still there" test -e "/dev/mqueue$QH"
keys main q
expect main '^EXIT=0$' "q exits 0"
check_sanitizers
finish
