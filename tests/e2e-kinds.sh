#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# e2e-kinds.sh - the semaphore arrays' and message queues' tables of the real dashboard, in tmux:
# Tab goes from the segments (and the POSIX objects) to them, the status line counts the other tables' objects, each
# table sorts (> and I), filters and searches like the segments'; Enter shows an array's
# semaphores (values and a blocked waiter, as ipcs -s -i says) and a queue's fields; F9 asks
# before removing (No by default: n keeps it, y removes it, checked with ipcs).

# shellcheck disable=SC2016 # '$SCREEN' in single quotes is for eval
# shellcheck disable=SC1003 # '\' is the filter key, not an escaped quote
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_tmux
need_shmtop
need_ipctool
[[ -r /proc/sysvipc/sem && -r /proc/sysvipc/msg ]] ||
	hard_error "/proc/sysvipc/sem or msg is not readable (no System V IPC in this kernel?)"

E2E_COLS=160 E2E_ROWS=50

ipc_create_keyed sem 3 640 || fail "cannot create a semaphore array"
A=$IPC_ID
KA=$IPC_KEY
"$IPCTOOL" sem-set "$A" 4 0 7 || fail "cannot SETALL array $A"
"$IPCTOOL" sem-op "$A" 0 -9 600 >/dev/null & # blocked: waits for an increase
echo $! >>"$PID_LIST"
ipc_create_keyed sem 1 600 || fail "cannot create a second array"
B=$IPC_ID
KB=$IPC_KEY
ipc_create_keyed msg 600 || fail "cannot create a message queue"
Q=$IPC_ID
KQ=$IPC_KEY
"$IPCTOOL" msg-send "$Q" 1 hello || fail "cannot send to queue $Q"
note "arrays $A ($KA) and $B ($KB), queue $Q ($KQ)"
# An object made in the second of the poll that listed it cannot be told from a replacement
# made at its id yet (removal asks to confirm after a later poll): let that second pass.
sleep 2

CUR=main
start main -d 0.5 --kinds=shm,posix,sem,msg # Tab goes through these, in this order
expect main "$LIST_RE" "shmtop starts and shows the segments" || fail "shmtop did not start"
expect main "Hist .*  shm [0-9]+  posix [0-9]+  sem 2  msg 1( |$)" "the header counts the objects of every kind"

# ================================================================== the arrays
keys main Tab
expect main "$POSIX_RE" "Tab: the POSIX objects first"
keys main Tab
expect main '^ KEY +SEMID +OWNER +PERMS +NSEMS' "Tab: the semaphore arrays' table" ||
	fail "no table of semaphore arrays"
expect main "$KA +$A +[^ ]+ +rw-r----- +3 " "array $A: key, semid, perms, 3 semaphores"
expect main "$KB +$B " "array $B listed"
expect main "^2 of [0-9]+ semaphore arrays" "the status line counts the arrays"
keys main '\'
wait_for main '^Filter:' >/dev/null
type_text main "${KA#0x}"
keys main Enter
expect main "^1 of [0-9]+ semaphore arrays .*filter: ${KA#0x}" "a filter keeps only array $A"
capture main
check_screen "... and not array $B" eval '! grep -q "$KB" <<<"$SCREEN"'
keys main Escape
keys main '\'
wait_for main '^Filter:' >/dev/null
keys main C-u Enter
expect main "^2 of [0-9]+ semaphore arrays" "the filter cleared"
# Enter: the semaphores, as ipcs -s -i says
while read -r num value ncount zcount pid; do
	WANT[num]="$num +$value +$ncount +$zcount +$pid"
done < <(ipcs -s -i "$A" | awk '$1 ~ /^[0-9]+$/ && NF == 5')
select_key main "$KA"
keys main Enter
expect main "semid $A" "Enter: the array's detail view" || fail "no detail view"
for n in 0 1 2; do
	expect main "${WANT[n]}\$" "semaphore $n: value, waiters and pid as ipcs -s -i says"
done
keys main Escape
# F9: n keeps it, y removes it
select_key main "$KB"
keys main F9
expect main "Remove semaphore array $B\\? \\(IPC_RMID\\)" "F9 asks before removing array $B"
keys main n
expect main "nothing removed" "n keeps it"
check "array $B still exists (ipcs)" eval 'ipcs -s | awk "{print \$2}" | grep -qx "$B"'
keys main F9
expect main "Remove semaphore array $B\\?" "F9 asks again"
keys main y
expect main "semid $B removed" "y removes it"
check "array $B is gone (ipcs)" eval '! ipcs -s | awk "{print \$2}" | grep -qx "$B"'

# ================================================================== the queues
keys main Tab
expect main '^ KEY +MSQID +OWNER +PERMS +MSGS +BYTES' "Tab: the message queues' table" ||
	fail "no table of message queues"
expect main "$KQ +$Q +[^ ]+ +rw------- +1 +5B" "queue $Q: one message of 5 bytes"
keys main '>'
expect main "sort: owner asc" "> sorts by the next column (after msqid, owner)"
keys main I
expect main "sort: owner desc" "I reverses the sort"
select_key main "$KQ"
keys main F9
expect main "Remove message queue $Q\\? \\(IPC_RMID\\)" "F9 asks before removing queue $Q"
expect main "1 message, 5 bytes" "... naming what would be lost"
keys main y
expect main "msqid $Q removed" "y removes it"
check "queue $Q is gone (ipcs)" eval '! ipcs -q | awk "{print \$2}" | grep -qx "$Q"'
keys main Tab
expect main "$LIST_RE" "Tab: back to the segments"
# L: the limits and usage of every System V kind, as ipcs -l and -u say
read -r _ _ _ SEMMNI </proc/sys/kernel/sem
keys main L
expect main "arrays \\(semmni\\) +$(ipcs -u | awk -F' = ' '$1 == "used arrays" {print $2 + 0}') / $SEMMNI " \
	"L: the arrays in use and semmni, as ipcs -u and /proc/sys/kernel/sem say"
expect main "queues \\(msgmni\\) +[0-9]+ / $(cat /proc/sys/kernel/msgmni) " "... and the queues' msgmni"
keys main Escape
keys main q
expect main '^EXIT=0$' "q exits with status 0"
check_sanitizers
finish
