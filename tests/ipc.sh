#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# ipc.sh - the collection of System V semaphore arrays and message queues on the real kernel,
# compared field by field with what util-linux's ipcs and lsipc (an independent reader) say about
# the same objects, for both sources (/proc/sysvipc and the *ctl walk): arrays keyed, private,
# owned by another user, one with processes blocked in semop waiting for an increase and for
# zero (GETNCNT/GETZCNT), one used by a semop (otime, GETPID); queues holding messages whose
# sender and reader have exited (stuck), one never read whose sender exited, one whose reader is
# still there, an empty one; the limits of ipcs -l (set to odd values first where the test owns
# its IPC namespace) and the usage of ipcs -u; and, as root, what an unprivileged user sees.
# Objects are made with tests/ipctool, which prints what the collection layer makes of them.

# shellcheck disable=SC2016 # $x in single quotes are jq's
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_ipctool
need_jq
command -v ipcs >/dev/null 2>&1 && command -v lsipc >/dev/null 2>&1 ||
	skip "ipcs and lsipc (util-linux) are needed to compare with"
[[ -r /proc/sysvipc/sem && -r /proc/sysvipc/msg ]] ||
	skip "/proc/sysvipc/sem or msg is not readable (no System V IPC in this kernel?)"

# field LINE NAME : the value of NAME=... in a line of ipctool's
field() { [[ " $1 " =~ \ $2=([^ ]*)\  ]] && printf '%s\n' "${BASH_REMATCH[1]}"; }

# ------------------------------------------------------------------ limits first
# In an IPC namespace of the test's own (as root), odd limits prove they are read, not assumed;
# they belong to the namespace and go with it.
ODD_LIMITS=0
if [[ $SHMTOP_TEST_NS == private ]] && is_root &&
	echo "250 32000 32 128" >/proc/sys/kernel/sem 2>/dev/null; then
	echo 4056 >/proc/sys/kernel/msgmax && echo 20000 >/proc/sys/kernel/msgmnb &&
		echo 77 >/proc/sys/kernel/msgmni || fail "cannot set the message queue limits"
	ODD_LIMITS=1
else
	note "not in an IPC namespace of our own as root: the limits are compared as they are"
fi

# ------------------------------------------------------------------ semaphore arrays
ipc_create_keyed sem 3 640 || fail "cannot create a semaphore array"
A=$IPC_ID
"$IPCTOOL" sem-set "$A" 0 5 32767 || fail "cannot SETALL array $A"
ipc_create sem 0 1 600 || fail "cannot create an IPC_PRIVATE array"
P=$IPC_ID
ipc_create_keyed sem 2 600 || fail "cannot create the array for the waiters"
W=$IPC_ID
"$IPCTOOL" sem-set "$W" 0 1 || fail "cannot SETALL array $W"
OTHER=
if is_root; then
	ipc_create_keyed sem 1 600 || fail "cannot create the array to give away"
	OTHER=$IPC_ID
	"$IPCTOOL" sem-chown "$OTHER" 65534 65534 || fail "cannot IPC_SET the owner of $OTHER"
fi

# waiter SEMID NUM OP : a process blocked in semop; sets WAIT_PID
waiter() {
	"$IPCTOOL" sem-op "$1" "$2" "$3" 600 >/dev/null &
	WAIT_PID=$!
	echo "$WAIT_PID" >>"$PID_LIST"
}
waiter "$W" 0 -1 # waits for semaphore 0 (value 0) to increase
waiter "$W" 1 0  # two wait for semaphore 1 (value 1) to become zero
waiter "$W" 1 0

# ipcs_sems ID : ipcs -s -i's table as ipctool detail prints it
ipcs_sems() {
	ipcs -s -i "$1" | awk '/^semnum/ { t = 1; next }
		t && NF == 5 { printf "sem %s value=%s ncnt=%s zcnt=%s pid=%s\n", $1, $2, $3, $4, $5 }'
}
for _ in $(seq 1 100); do
	[[ $(ipcs_sems "$W" | awk '{ print $3, $4 }' | tr '\n' ' ') == "ncnt=1 zcnt=0 ncnt=0 zcnt=2 " ]] &&
		break
	sleep 0.05
done

# a semop that completes: otime, and semaphore 1's last pid
"$IPCTOOL" sem-op "$A" 1 -1 >"$TEST_TMP/op" || fail "semop on array $A failed"
OP_PID=$(awk '/^pid / { print $2 }' "$TEST_TMP/op")

# ------------------------------------------------------------------ message queues
ipc_create_keyed msg 620 || fail "cannot create a message queue"
Q=$IPC_ID # stuck: three sent, one read, sender and reader gone
for text in one two three; do
	"$IPCTOOL" msg-send "$Q" 1 "$text" & SENDER=$!
	wait "$SENDER" || fail "msgsnd to $Q failed"
done
"$IPCTOOL" msg-recv "$Q" >/dev/null & READER=$!
wait "$READER" || fail "msgrcv from $Q failed"
ipc_create msg 0 666 || fail "cannot create an IPC_PRIVATE queue"
N=$IPC_ID # never read, its sender gone
"$IPCTOOL" msg-send "$N" 7 "nobody reads this" & NSENDER=$!
wait "$NSENDER" || fail "msgsnd to $N failed"
ipc_create_keyed msg 600 || fail "cannot create a message queue"
L=$IPC_ID # its reader is still there
"$IPCTOOL" msg-send "$L" 1 a && "$IPCTOOL" msg-send "$L" 1 b || fail "msgsnd to $L failed"
"$IPCTOOL" msg-recv "$L" 600 >"$TEST_TMP/live" & LIVE=$!
echo "$LIVE" >>"$PID_LIST"
for _ in $(seq 1 100); do
	[[ -s $TEST_TMP/live ]] && break
	sleep 0.05
done
ipc_create_keyed msg 600 || fail "cannot create a message queue"
E=$IPC_ID # empty

# ------------------------------------------------------------------ the collection against lsipc
lsipc_sems() {
	lsipc -s -J -P --notruncate --time-format=iso -o ID,KEY,PERMS,UID,GID,CUID,CGID,NSEMS,OTIME,CTIME |
		jq -r 'def t: if . == null then 0 else sub("\\+00:00$"; "Z") | fromdateiso8601 end;
			.semaphores[] | "sem semid=\(.id) key=\(.key) perms=\(.perms | tonumber) uid=\(.uid) gid=\(.gid) cuid=\(.cuid) cgid=\(.cgid) nsems=\(.nsems) otime=\(.otime | t) ctime=\(.ctime | t)"' |
		sort
}
# lsipc -q has no qbytes, and with -P no perms (util-linux 2.38): those come from ipcs -q -i
lsipc_msgs() {
	lsipc -q -J -b --notruncate --time-format=iso \
		-o ID,KEY,UID,GID,CUID,CGID,USEDBYTES,MSGS,LSPID,LRPID,SEND,RECV,CTIME |
		jq -r 'def t: if . == null then 0 else sub("\\+00:00$"; "Z") | fromdateiso8601 end;
			.messages[] | "msg msqid=\(.id) key=\(.key) uid=\(.uid) gid=\(.gid) cuid=\(.cuid) cgid=\(.cgid) cbytes=\(.usedbytes) qnum=\(.msgs) lspid=\(.lspid) lrpid=\(.lrpid) stime=\(.send | t) rtime=\(.recv | t) ctime=\(.ctime | t)"' |
		sort
}
# the fields lsipc_msgs has, from a line of ipctool's
msg_common() {
	sed -E 's/ perms=[^ ]*//; s/ qbytes=[^ ]*//; s/ leak=[^ ]*//; s/ suspect=[^ ]*//' | sort
}

WANT_SEMS=$(lsipc_sems)
WANT_MSGS=$(lsipc_msgs)
for src in proc ctl; do
	"$IPCTOOL" collect sem "$src" >"$TEST_TMP/sem.$src" || fail "collect sem $src failed"
	"$IPCTOOL" collect msg "$src" >"$TEST_TMP/msg.$src" || fail "collect msg $src failed"
	check_eq "$src: the source" "source $src" "$(grep '^source ' "$TEST_TMP/sem.$src")"
	check_eq "$src: no warning" "warn " "$(grep '^warn' "$TEST_TMP/sem.$src")"
	check_eq "$src: every array as lsipc -s shows it" "$WANT_SEMS" \
		"$(grep '^sem ' "$TEST_TMP/sem.$src" | sort)"
	check_eq "$src: every queue as lsipc -q shows it" "$WANT_MSGS" \
		"$(grep '^msg ' "$TEST_TMP/msg.$src" | msg_common)"
	while read -r line; do
		id=$(field "$line" msqid)
		info=$(ipcs -q -i "$id")
		[[ $info =~ mode=([0-7]+) ]] && mode=$(printf '%o' $((8#${BASH_REMATCH[1]})))
		[[ $info =~ qbytes=([0-9]+) ]] && qbytes=${BASH_REMATCH[1]}
		check_eq "$src: queue $id's perms and qbytes as ipcs -q -i shows them" \
			"perms=$mode qbytes=$qbytes" \
			"perms=$(field "$line" perms) qbytes=$(field "$line" qbytes)"
	done < <(grep '^msg ' "$TEST_TMP/msg.$src")
done
NSETS=$( (is_root && echo 4) || echo 3)
check_eq "every array was listed" "$NSETS" "$(grep -c '^sem ' "$TEST_TMP/sem.proc")"
check_eq "every queue was listed" 4 "$(grep -c '^msg ' "$TEST_TMP/msg.proc")"

# ------------------------------------------------------------------ each semaphore against ipcs -s -i
for id in "$A" "$P" "$W"; do
	"$IPCTOOL" detail "$id" >"$TEST_TMP/detail" || bad "detail of array $id failed"
	check_eq "array $id: each semaphore as ipcs -s -i shows it" "$(ipcs_sems "$id")" \
		"$(cat "$TEST_TMP/detail")"
done
# and what the test did to them
detail_of() { "$IPCTOOL" detail "$1" | sed -n "$(($2 + 1))p"; }
check_eq "the waiters: one for an increase of semaphore 0" 1 "$(field "$(detail_of "$W" 0)" ncnt)"
check_eq "the waiters: two for semaphore 1 to become zero" 2 "$(field "$(detail_of "$W" 1)" zcnt)"
check_eq "SETALL's values, less the semop" "0 4 32767" \
	"$(for i in 0 1 2; do field "$(detail_of "$A" "$i")" value; done | tr '\n' ' ' | sed 's/ $//')"
check_eq "the last pid of semaphore 1 is the semop's" "$OP_PID" "$(field "$(detail_of "$A" 1)" pid)"
LINE_A=$(grep "^sem semid=$A " "$TEST_TMP/sem.proc")
check "the semop set otime" test "$(field "$LINE_A" otime)" -gt 0
check_eq "the waiters' array was never operated on" 0 \
	"$(field "$(grep "^sem semid=$W " "$TEST_TMP/sem.proc")" otime)"
# looking changed nothing: the same lines again, and the waiters still wait
"$IPCTOOL" collect sem proc | grep '^sem ' | sort >"$TEST_TMP/sem.again"
check_eq "looking at the arrays changed none of them" "$(grep '^sem ' "$TEST_TMP/sem.proc" | sort)" \
	"$(cat "$TEST_TMP/sem.again")"
check_eq "the waiters still wait" "$(ipcs_sems "$W")" "$("$IPCTOOL" detail "$W")"

# ------------------------------------------------------------------ queues: pids and leaks
LINE_Q=$(grep "^msg msqid=$Q " "$TEST_TMP/msg.proc")
check_eq "stuck queue: what is left" "qnum=2 cbytes=8" \
	"qnum=$(field "$LINE_Q" qnum) cbytes=$(field "$LINE_Q" cbytes)"
check_eq "stuck queue: the last sender" "$SENDER" "$(field "$LINE_Q" lspid)"
check_eq "stuck queue: the last reader" "$READER" "$(field "$LINE_Q" lrpid)"
check_eq "stuck queue: stuck, not yet a suspect" "leak=stuck suspect=0" \
	"leak=$(field "$LINE_Q" leak) suspect=$(field "$LINE_Q" suspect)"
LINE_N=$(grep "^msg msqid=$N " "$TEST_TMP/msg.proc")
check_eq "never read, its sender gone: stuck" "lrpid=0 leak=stuck" \
	"lrpid=$(field "$LINE_N" lrpid) leak=$(field "$LINE_N" leak)"
LINE_L=$(grep "^msg msqid=$L " "$TEST_TMP/msg.proc")
check_eq "its reader still there: not stuck" "lrpid=$LIVE leak=" \
	"lrpid=$(field "$LINE_L" lrpid) leak=$(field "$LINE_L" leak)"
check_eq "empty: nothing" "qnum=0 leak=" \
	"qnum=$(field "$(grep "^msg msqid=$E " "$TEST_TMP/msg.proc")" qnum) leak=$(field "$(grep "^msg msqid=$E " "$TEST_TMP/msg.proc")" leak)"
sleep 2 # a stale limit of 1 s has passed since the last send or receive
"$IPCTOOL" collect msg proc /proc 1 >"$TEST_TMP/msg.stale" || fail "collect msg failed"
check_eq "stuck and stale: a suspect" "leak=stuck,stale suspect=1" \
	"leak=$(field "$(grep "^msg msqid=$Q " "$TEST_TMP/msg.stale")" leak) suspect=$(field "$(grep "^msg msqid=$Q " "$TEST_TMP/msg.stale")" suspect)"
check_eq "a live reader's queue: stale, not a suspect" "leak=stale suspect=0" \
	"leak=$(field "$(grep "^msg msqid=$L " "$TEST_TMP/msg.stale")" leak) suspect=$(field "$(grep "^msg msqid=$L " "$TEST_TMP/msg.stale")" suspect)"

# ------------------------------------------------------------------ limits and usage against ipcs
# ipcs_value TEXT : the number after "TEXT = " in ipcs -l / -u
ipcs_value() { grep -F "$1" | sed -E 's/.*= *([0-9]+).*/\1/'; }
LIMITS=$(ipcs -l)
USAGE=$(ipcs -u)
WANT="limits semmsl=$(ipcs_value 'max semaphores per array' <<<"$LIMITS")"
WANT+=" semmns=$(ipcs_value 'max semaphores system wide' <<<"$LIMITS")"
WANT+=" semopm=$(ipcs_value 'max ops per semop call' <<<"$LIMITS")"
WANT+=" semmni=$(ipcs_value 'max number of arrays' <<<"$LIMITS")"
WANT+=" semvmx=$(ipcs_value 'semaphore max value' <<<"$LIMITS")"
check_eq "semaphore limits as ipcs -l shows them" "$WANT" "$(grep '^limits' "$TEST_TMP/sem.proc")"
WANT="limits msgmax=$(ipcs_value 'max size of message' <<<"$LIMITS")"
WANT+=" msgmnb=$(ipcs_value 'default max size of queue' <<<"$LIMITS")"
WANT+=" msgmni=$(ipcs_value 'max queues system wide' <<<"$LIMITS")"
check_eq "message queue limits as ipcs -l shows them" "$WANT" "$(grep '^limits' "$TEST_TMP/msg.proc")"
if ((ODD_LIMITS)); then
	check_eq "the odd limits were read" "limits semmsl=250 semmns=32000 semopm=32 semmni=128 semvmx=32767" \
		"$(grep '^limits' "$TEST_TMP/sem.ctl")"
	check_eq "a new queue's qbytes is msgmnb" 20000 "$(field "$LINE_Q" qbytes)"
fi
WANT="usage arrays=$(ipcs_value 'used arrays' <<<"$USAGE")"
WANT+=" sems=$(ipcs_value 'allocated semaphores' <<<"$USAGE")"
for src in proc ctl; do
	check_eq "$src: semaphore usage as ipcs -u shows it" "$WANT" "$(grep '^usage' "$TEST_TMP/sem.$src")"
done
WANT="usage queues=$(ipcs_value 'allocated queues' <<<"$USAGE")"
WANT+=" messages=$(ipcs_value 'used headers' <<<"$USAGE")"
WANT+=" bytes=$(ipcs_value 'used space' <<<"$USAGE")"
for src in proc ctl; do
	check_eq "$src: message queue usage as ipcs -u shows it" "$WANT" "$(grep '^usage' "$TEST_TMP/msg.$src")"
done

# ------------------------------------------------------------------ as a user without privilege
if is_root && command -v setpriv >/dev/null 2>&1; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	for src in proc ctl; do
		check_eq "as nobody, $src: every array, also those it may not read" \
			"$(grep '^sem ' "$TEST_TMP/sem.proc" | sort)" \
			"$(as_nobody "$IPCTOOL" collect sem "$src" | grep '^sem ' | sort)"
	done
	check_eq "as nobody: its own array's semaphores" "$("$IPCTOOL" detail "$OTHER")" \
		"$(as_nobody "$IPCTOOL" detail "$OTHER")"
	if as_nobody "$IPCTOOL" detail "$A" >/dev/null 2>"$TEST_TMP/denied"; then
		bad "as nobody: the semaphores of root's 0640 array were read"
	else
		check "as nobody: root's 0640 array is not readable" grep -q 'Permission denied' "$TEST_TMP/denied"
	fi
else
	note "not root (or no setpriv): what an unprivileged user sees is not checked"
fi

finish
