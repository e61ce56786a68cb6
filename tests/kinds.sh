#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# kinds.sh - shmtop --kinds=sem,msg on real semaphore arrays and message queues, compared field
# by field with what util-linux's ipcs and lsipc say of the same objects: each array's key, id,
# perms, owner and nsems (lsipc -s) and every semaphore's value, waiters and last pid (ipcs -s
# -i), with a process blocked in semop; each queue's bytes, messages and last pids (lsipc -q) and
# qbytes (ipcs -q -i); the limits (ipcs -l) and usage (ipcs -u) in JSON; a queue whose sender
# exited before anyone read it judged stuck, and with --stale a suspect for --leaks; the table,
# CSV and Prometheus forms; --kinds errors.

# shellcheck disable=SC2016 # $x in single quotes are jq's
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_ipctool
need_jq
command -v ipcs >/dev/null 2>&1 && command -v lsipc >/dev/null 2>&1 ||
	skip "ipcs and lsipc (util-linux) are needed to compare with"
[[ -r /proc/sysvipc/sem && -r /proc/sysvipc/msg ]] ||
	skip "/proc/sysvipc/sem or msg is not readable (no System V IPC in this kernel?)"
T=$TEST_TMP

# ------------------------------------------------------------------ the objects
ipc_create_keyed sem 3 640 || fail "cannot create a semaphore array"
A=$IPC_ID
"$IPCTOOL" sem-set "$A" 4 0 7 || fail "cannot SETALL array $A"
"$IPCTOOL" sem-op "$A" 0 -9 600 >/dev/null & # waits for an increase: ncnt 1
echo $! >>"$PID_LIST"
"$IPCTOOL" sem-op "$A" 2 -1 1 >/dev/null  # completes at once (7 to 6): otime and pid set
ipc_create_keyed msg 600 || fail "cannot create a message queue"
Q=$IPC_ID
"$IPCTOOL" msg-send "$Q" 1 hello || fail "cannot send to queue $Q"
"$IPCTOOL" msg-send "$Q" 2 "world!" || fail "cannot send to queue $Q"
for _ in $(seq 1 50); do # the waiter is in semop once ncnt says so
	[[ $(ipcs -s -i "$A" | awk '$1 == 0 {print $3}') == 1 ]] && break
	sleep 0.1
done

"$SHMTOP" -b --kinds=sem,msg -o json >"$T/all.json" || fail "shmtop --kinds=sem,msg -o json failed"
check "JSON: no segments array without shm" test "$(jq 'has("segments")' "$T/all.json")" = false
check "JSON: semaphores and queues arrays" \
	test "$(jq '(.semaphores | type) + (.queues | type)' "$T/all.json")" = '"arrayarray"'

# ------------------------------------------------------------------ arrays against lsipc, ipcs
lsipc -s --json -o KEY,ID,OWNER,NSEMS >"$T/lsipc-s.json" || fail "lsipc -s failed"
want=$(jq -r --arg id "$A" '.semaphores[] | select(.id == $id) | "\(.key) \(.owner) \(.nsems)"' \
	"$T/lsipc-s.json")
got=$(jq -r --argjson id "$A" '.semaphores[] | select(.semid == $id) | "\(.key) \(.owner) \(.nsems)"' \
	"$T/all.json")
check_eq "array $A: key, owner, nsems as lsipc -s says" "$want" "$got"
check_eq "array $A: perms as ipcs -s -i says" \
	"$(ipcs -s -i "$A" | sed -n 's/.*access_perms=\(0[0-7]*\).*/\1/p')" \
	"$(jq -r --argjson id "$A" '.semaphores[] | select(.semid == $id) | .perms' "$T/all.json")"
want=$(ipcs -s -i "$A" | awk '$1 ~ /^[0-9]+$/ && NF == 5 {print $2, $3, $4, $5}')
got=$(jq -r --argjson id "$A" '.semaphores[] | select(.semid == $id) | .sems[] |
	"\(.value) \(.ncnt) \(.zcnt) \(.pid)"' "$T/all.json")
check_eq "array $A: every semaphore's value, ncnt, zcnt, pid as ipcs -s -i says" "$want" "$got"
check "array $A: one process waits for an increase (the test's waiter)" \
	test "$(jq --argjson id "$A" '.semaphores[] | select(.semid == $id) | .sems[0].ncnt' \
		"$T/all.json")" = 1
check "array $A: otime set by the semop" \
	test "$(jq --argjson id "$A" '.semaphores[] | select(.semid == $id) | .otime > 0' \
		"$T/all.json")" = true

# ------------------------------------------------------------------ queues against lsipc, ipcs
lsipc -q --json -b -o ID,USEDBYTES,MSGS,LSPID,LRPID >"$T/lsipc-q.json" || fail "lsipc -q failed"
want=$(jq -r --arg id "$Q" '.messages[] | select(.id == $id) |
	"\(.usedbytes) \(.msgs) \(.lspid) \(.lrpid)"' "$T/lsipc-q.json")
got=$(jq -r --argjson id "$Q" '.queues[] | select(.msqid == $id) |
	"\(.cbytes) \(.qnum) \(.lspid) \(.lrpid)"' "$T/all.json")
check_eq "queue $Q: cbytes, qnum, lspid, lrpid as lsipc -q says" "$want" "$got"
check_eq "queue $Q: qbytes as ipcs -q -i says" \
	"$(ipcs -q -i "$Q" | sed -n 's/.*qbytes=\([0-9]*\).*/\1/p')" \
	"$(jq -r --argjson id "$Q" '.queues[] | select(.msqid == $id) | .qbytes' "$T/all.json")"
check "queue $Q: its sender exited before anyone read it: stuck" \
	test "$(jq --argjson id "$Q" '.queues[] | select(.msqid == $id) | .leak.reasons | index("stuck") != null' \
		"$T/all.json")" = true
check "queue $Q: the sender is known gone" \
	test "$(jq --argjson id "$Q" '.queues[] | select(.msqid == $id) | .lspid_alive' "$T/all.json")" = false

# ------------------------------------------------------------------ limits and usage
ipcs -l >"$T/ipcs-l" || fail "ipcs -l failed"
lim() { awk -F' = ' -v k="$1" '$1 == k {print $2}' "$T/ipcs-l"; }
check_eq "limits as ipcs -l says (semmsl semmns semopm semmni semvmx msgmax msgmnb msgmni)" \
	"$(lim 'max semaphores per array') $(lim 'max semaphores system wide') $(lim 'max ops per semop call') $(lim 'max number of arrays') $(lim 'semaphore max value') $(lim 'max size of message (bytes)') $(lim 'default max size of queue (bytes)') $(lim 'max queues system wide')" \
	"$(jq -r '.limits | "\(.semmsl) \(.semmns) \(.semopm) \(.semmni) \(.semvmx) \(.msgmax) \(.msgmnb) \(.msgmni)"' "$T/all.json")"
ipcs -u >"$T/ipcs-u" || fail "ipcs -u failed"
use() { awk -F' = ' -v k="$1" '$1 == k {print $2 + 0}' "$T/ipcs-u"; }
check_eq "usage as ipcs -u says (arrays, semaphores, queues, messages, bytes)" \
	"$(use 'used arrays') $(use 'allocated semaphores') $(use 'allocated queues') $(use 'used headers') $(use 'used space')" \
	"$(jq -r '.usage | "\(.semaphore_arrays) \(.semaphores) \(.message_queues) \(.messages) \(.message_bytes)"' "$T/all.json")"

# ------------------------------------------------------------------ the other forms
"$SHMTOP" -b --kinds=sem,msg >"$T/table.txt" || fail "shmtop -b --kinds=sem,msg failed"
check "table: a section of arrays" grep -qE '^KEY +SEMID OWNER +PERMS +NSEMS' "$T/table.txt"
check "table: the test's array in it" grep -qE "^0x[0-9a-f]{8} +$A +[^ ]+ +0640 +3 " "$T/table.txt"
check "table: a section of queues" grep -qE '^KEY +MSQID OWNER +PERMS +MSGS +BYTES' "$T/table.txt"
# the titles count in words that agree with their numbers: "1 array", "2 arrays"
agree() { # FILE: every "N word(s)" of the section titles is singular exactly when N is 1
	grep -E '^System V (semaphore arrays|message queues) - ' "$1" | grep -oE '[0-9]+ [a-z]+' |
		awk '{ s = $2 !~ /s$/; if (($1 == 1) != s) bad = 1 } END { exit bad }'
}
check "table: the section titles' counts agree in number" agree "$T/table.txt"
ipc_create_keyed sem 1 600 >/dev/null || fail "cannot create a second array"
"$SHMTOP" -b --kinds=sem,msg >"$T/table2.txt" || fail "shmtop -b --kinds=sem,msg failed"
check "... also with another array" agree "$T/table2.txt"
"$SHMTOP" -b --kinds=msg -o csv >"$T/q.csv" || fail "shmtop --kinds=msg -o csv failed"
check "csv: the queues' header" grep -q '^time,key,msqid,perms,cbytes,qnum,qbytes,' "$T/q.csv"
check "csv: the test's queue: its bytes and 2 messages, as JSON says" grep -qE \
	"^[0-9]+,0x[0-9a-f]{8},$Q,0600,$(jq --argjson id "$Q" '.queues[] | select(.msqid == $id) | .cbytes' "$T/all.json"),2," "$T/q.csv"
"$SHMTOP" -b --kinds=sem,msg -o prometheus >"$T/prom.txt" || fail "-o prometheus failed"
NS=$(ipc_ns_inode)
check "prometheus: the array's nsems" \
	grep -qE "^shmtop_semaphore_array_nsems\{ipc_namespace=\"$NS\",key=\"0x[0-9a-f]{8}\",semid=\"$A\",owner=\"[^\"]*\"\} 3$" "$T/prom.txt"
check "prometheus: the queue's messages" \
	grep -qE "^shmtop_message_queue_messages\{ipc_namespace=\"$NS\",key=\"0x[0-9a-f]{8}\",msqid=\"$Q\",owner=\"[^\"]*\"\} 2$" "$T/prom.txt"
check "prometheus: a limit, labelled with the namespace" \
	grep -qE "^shmtop_limit_semmni\\{ipc_namespace=\"$NS\"\\} [0-9]+$" "$T/prom.txt"
if command -v promtool >/dev/null 2>&1; then
	check "promtool accepts it" promtool check metrics <"$T/prom.txt"
fi

# ------------------------------------------------------------------ --leaks
sleep 2
RC=0
"$SHMTOP" --leaks --stale=1s --kinds=msg >"$T/leaks.txt" || RC=$?
check_eq "--leaks --kinds=msg: a stuck, stale queue is a suspect (exit 1)" 1 "$RC"
check "--leaks: the queue listed as stuck and stale" grep -qE " $Q .*stuck,stale" "$T/leaks.txt"

# ------------------------------------------------------------------ errors
RC=0
"$SHMTOP" -b --kinds=sem,msg -o csv >/dev/null 2>"$T/err" || RC=$?
check_eq "CSV of two kinds: a usage error" 2 "$RC"
check "... saying CSV holds one kind" grep -q 'CSV holds one kind of row' "$T/err"
RC=0
"$SHMTOP" -b --kinds=sem,nope >/dev/null 2>"$T/err" || RC=$?
check_eq "an unknown kind: a usage error" 2 "$RC"
check "... naming it and the kinds there are" grep -q "unknown kind 'nope' (kinds: shm, posix, sem, msg, pmq, psem, proc, all)" "$T/err"

finish
