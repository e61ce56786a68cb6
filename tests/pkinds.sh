#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# pkinds.sh - shmtop --kinds=pmq,psem on real POSIX message queues and named semaphores, made and
# held by other processes (tests/pmqtool, as their users make them), compared field by field in
# JSON with what the C library, the queues' own files and stat say of the same objects:
#   queues: maxmsg, msgsize and curmsgs against mq_getattr; owner, group, mode, mtime, ctime and
#     inode against stat; QSIZE and the notification (SIGEV_SIGNAL by a live process, with its
#     command) unknown without --pmq-status and, with it, as the queue's file says; -u; a
#     container's queues with --ipc-ns, never the test's own; no mqueue filesystem at all;
#   semaphores: the value against sem_getvalue, a process blocked in sem_wait as a waiter, the
#     processes that map one, a semaphore unlinked while mapped (deleted, its mapper kept), size,
#     owner, mode and times against stat, a shared memory object left out;
# then the table, CSV (every value as JSON has it) and Prometheus forms. And the house rule:
# listing, in every format and several times, changes no queue's or semaphore's atime, mtime or
# ctime and takes no message; only --pmq-status, which reads the queues' files, moves their atime
# and ctime, as documented. Every JSON member and gauge written is in doc/json-schema.md and
# shmtop(1).
# Skips where the test cannot have namespaces of its own (it mounts an mqueue filesystem).

# shellcheck disable=SC2016 # $x in single quotes are jq's, or bash -c's
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_jq
[[ $SHMTOP_TEST_NS != shared ]] ||
	skip "needs IPC and mount namespaces of its own: it mounts an mqueue filesystem"

R=$$-$RANDOM
T=$TEST_TMP
. "${top_srcdir:-$(dirname "$0")/..}/tests/pmqlib.sh"


# q FILE NAME : the JSON object of queue NAME in FILE's posix_queues
q() { jq -c --arg n "$2" '.posix_queues[] | select(.name == $n)' "$1"; }
# s FILE NAME [DELETED] : the JSON object of semaphore NAME (the unlinked one with DELETED true)
s() {
	jq -c --arg n "$2" --argjson d "${3:-false}" \
		'.posix_semaphores[] | select(.name == $n and .deleted == $d)' "$1"
}
# times FILE... : atime, mtime and ctime of each file, to the nanosecond
times() { stat -c '%n %x|%y|%z' "$@"; }

# ------------------------------------------------------------------ the objects
A=/shmtop-pkinds-$R-a
B=/shmtop-pkinds-$R-b
C=/shmtop-pkinds-$R-c
E=/shmtop-pkinds-$R-e
mq_create "$A" 8 128 640
mq_create "$B" 2 16 600
mq_create "$C" 4 64 600
MSGS=("hello" "a somewhat longer message" "x")
bytes=0
for i in "${!MSGS[@]}"; do
	"$PMQTOOL" mq-send "$A" "$i" "${MSGS[$i]}" || fail "mq-send $A"
	bytes=$((bytes + ${#MSGS[$i]}))
done
bg "$PMQTOOL" registered mq-notify-hold "$C" 120 signal 10
NC=$BG_PID

# Where shmtop will look: /dev/mqueue when it is mounted (lib.sh mounts this IPC namespace's
# there); else a filesystem of the test's own, the only one mounted.
if findmnt -n -t mqueue /dev/mqueue >/dev/null 2>&1; then
	MQ=/dev/mqueue
	[[ -e $MQ$A ]] || skip "/dev/mqueue shows another IPC namespace's queues (no private mount)"
else
	MQ=$T/mq
	mq_mount "$MQ"
fi
QS=("$A" "$B" "$C")
chmod 1600 "$MQ$B" || fail "chmod $MQ$B" # a mode beyond 0777, as chmod can make it
if is_root; then # a queue of another owner, for -u
	mq_create "$E" 4 32 600
	chown 65534:65534 "$MQ$E" || fail "chown $MQ$E"
	QS+=("$E")
fi

S1=/shmtop-pkinds-$R-1
S2=/shmtop-pkinds-$R-2
S3=/shmtop-pkinds-$R-3
sem_create "$S1" 3 640
"$PMQTOOL" sem-post "$S1" || fail "sem-post $S1"
"$PMQTOOL" sem-post "$S1" || fail "sem-post $S1"
sem_create "$S2" 0 600
sem_create "$S3" 1 600
posix_create "/shmtop-pkinds-$R-notsem" 32 "" 600 || fail "cannot make a shared memory object"
bg "$PMQTOOL" attached sem-hold "$S2" 120
H2=$BG_PID
bg "$PMQTOOL" waiting sem-wait "$S2" 120
W2=$BG_PID
bg "$PMQTOOL" attached sem-hold "$S3" 120
H3=$BG_PID
SEMFILES=("/dev/shm/sem.${S1#/}" "/dev/shm/sem.${S2#/}")
S3INO=$(stat -c %i "/dev/shm/sem.${S3#/}")
"$PMQTOOL" sem-unlink "$S3" || fail "sem-unlink $S3"
# the waiter counts itself in just before it blocks
for _ in $(seq 1 100); do
	"$SHMTOP" -b --kinds=psem -o json >"$T/w.json" || fail "shmtop --kinds=psem -o json failed"
	[[ $(s "$T/w.json" "$S2" | jq .waiters) == 1 ]] && break
	sleep 0.05
done

# ------------------------------------------------------------------ every format, changing nothing
times "${QS[@]/#/$MQ}" "${SEMFILES[@]}" >"$T/times.before"
sleep 1.1 # the filesystems' clocks tick: a time set now differs from the one recorded
"$SHMTOP" -b --kinds=pmq,psem -o json >"$T/all.json" 2>"$T/all.err" ||
	fail "shmtop -b --kinds=pmq,psem -o json failed: $(cat "$T/all.err")"
check_eq "JSON: nothing on stderr" "" "$(cat "$T/all.err")"
"$SHMTOP" -b --kinds=pmq,psem >"$T/table.txt" || fail "shmtop -b --kinds=pmq,psem failed"
"$SHMTOP" -b --kinds=pmq -o csv >"$T/q.csv" || fail "shmtop --kinds=pmq -o csv failed"
"$SHMTOP" -b --kinds=psem -o csv >"$T/s.csv" || fail "shmtop --kinds=psem -o csv failed"
"$SHMTOP" -b --kinds=pmq,psem -o prometheus >"$T/prom.txt" || fail "-o prometheus failed"
"$SHMTOP" -b --kinds=all -n 3 -d 0.1 -o json >"$T/three.json" || fail "-n 3 -o json failed"
times "${QS[@]/#/$MQ}" "${SEMFILES[@]}" >"$T/times.after"
check_eq "listing changed no queue's or semaphore's atime, mtime or ctime" \
	"$(cat "$T/times.before")" "$(cat "$T/times.after")"
check_eq "$A: no message taken" "curmsgs=${#MSGS[@]}" \
	"$("$PMQTOOL" mq-attr "$A" | grep -o 'curmsgs=[0-9]*')"
check_eq "-n 3: three snapshots, each with both arrays" "3 3" \
	"$(jq -s '[.[] | select(.posix_queues and .posix_semaphores)] | length' "$T/three.json") $(wc -l <"$T/three.json")"

# ------------------------------------------------------------------ queues against the kernel
check "JSON: no segments array without shm" test "$(jq 'has("segments")' "$T/all.json")" = false
check_eq "only this IPC namespace's queues, every one" \
	"$(find "$MQ" -mindepth 1 -maxdepth 1 -printf '/%f\n' | LC_ALL=C sort | tr '\n' ' ')" \
	"$(jq -r '.posix_queues[].name' "$T/all.json" | tr '\n' ' ')"
check_eq "usage: the queues and their messages; bytes unknown without --pmq-status" \
	"${#QS[@]} ${#MSGS[@]} null" \
	"$(jq -r '.usage | "\(.posix_queues) \(.posix_queue_messages) \(.posix_queue_bytes)"' "$T/all.json")"
for n in "${QS[@]}"; do
	j=$(q "$T/all.json" "$n")
	[[ -n $j ]] || { bad "$n is not listed"; continue; }
	attr=$("$PMQTOOL" mq-attr "$n") || fail "mq-attr $n"
	check_eq "$n: maxmsg, msgsize, curmsgs as mq_getattr says" "$attr" \
		"$(jq -r '"maxmsg=\(.maxmsg) msgsize=\(.msgsize) curmsgs=\(.curmsgs)"' <<<"$j")"
	read -r uid gid user group mode mtime ctime ino < <(stat -c '%u %g %U %G %a %Y %Z %i' "$MQ$n")
	check_eq "$n: uid, gid, owner, group, mode, mtime, ctime, inode as stat says" \
		"$uid $gid $user $group $(printf '%04o' "0$mode") $mtime $ctime $ino" \
		"$(jq -r '"\(.uid) \(.gid) \(.owner) \(.group) \(.mode) \(.mtime) \(.ctime) \(.inode)"' <<<"$j")"
	check_eq "$n: qsize and the notification unknown without --pmq-status" \
		"null null null null null null" \
		"$(jq -r '"\(.qsize) \(.notify) \(.signo) \(.notify_pid) \(.notify_pid_comm) \(.notify_pid_alive)"' <<<"$j")"
done
check_eq "$A, $B: modes as made" "0640 1600" \
	"$(q "$T/all.json" "$A" | jq -r .mode) $(q "$T/all.json" "$B" | jq -r .mode)"

# --pmq-status: the status line, as the queue's own file says (read last: reading it moves ctime)
"$SHMTOP" -b --kinds=pmq --pmq-status -o json >"$T/st.json" || fail "--pmq-status -o json failed"
times "$MQ$A" >"$T/times.status"
check "--pmq-status moved $A's atime and ctime, as documented" \
	test "$(grep "^$MQ$A " "$T/times.before" | cut -d'|' -f1,3)" != \
	"$(cut -d'|' -f1,3 "$T/times.status")"
check_eq "... but not its mtime" "$(grep "^$MQ$A " "$T/times.before" | cut -d'|' -f2)" \
	"$(cut -d'|' -f2 "$T/times.status")"
for n in "${QS[@]}"; do
	line=$(cat "$MQ$n") || fail "cannot read $MQ$n"
	[[ $line =~ QSIZE:([0-9]+)\ +NOTIFY:([0-9-]+)\ +SIGNO:([0-9-]+)\ +NOTIFY_PID:([0-9-]+) ]] ||
		fail "$MQ$n: not a status line: $line"
	check_eq "$n: QSIZE, SIGNO, NOTIFY_PID as its file says" \
		"${BASH_REMATCH[1]} ${BASH_REMATCH[3]} ${BASH_REMATCH[4]}" \
		"$(q "$T/st.json" "$n" | jq -r '"\(.qsize) \(.signo) \(.notify_pid)"')"
done
check_eq "$A: QSIZE is the bytes sent" "$bytes" "$(q "$T/st.json" "$A" | jq .qsize)"
check_eq "$A: no notification" "null 0 false" \
	"$(q "$T/st.json" "$A" | jq -r '"\(.notify) \(.notify_pid) \(.notify_pid_alive)"')"
check_eq "$C: SIGEV_SIGNAL 10 by the live process that registered, with its command" \
	"signal 10 $NC pmqtool true" \
	"$(q "$T/st.json" "$C" | jq -r '"\(.notify) \(.signo) \(.notify_pid) \(.notify_pid_comm) \(.notify_pid_alive)"')"
check_eq "usage: the bytes of every queue with --pmq-status" "$bytes" \
	"$(jq .usage.posix_queue_bytes "$T/st.json")"

# -u: by owner
if is_root; then
	"$SHMTOP" -b --kinds=pmq,psem -u 65534 -o json >"$T/u.json" || fail "-u 65534 failed"
	check_eq "-u 65534: only the queue of that owner, no semaphore" "$E 0" \
		"$(jq -r '"\([.posix_queues[].name] | join(" ")) \(.posix_semaphores | length)"' "$T/u.json")"
	check_eq "-u 65534: the totals still count every queue" "${#QS[@]}" \
		"$(jq .usage.posix_queues "$T/u.json")"
	check_eq "$E: owner as chown made it" "65534 65534" \
		"$(q "$T/all.json" "$E" | jq -r '"\(.uid) \(.gid)"')"
fi
"$SHMTOP" -b --kinds=pmq -u 0 -o json >"$T/u0.json" || fail "-u 0 failed"
check "-u 0: the test's queue $A" test -n "$(q "$T/u0.json" "$A")"

# -s and -r: the first kind's rows in that order
"$SHMTOP" -b --kinds=pmq,psem -s maxmsg -o json >"$T/sorted.json" || fail "-s maxmsg failed"
check_eq "-s maxmsg: the smallest queue ($B) first, the largest ($A) last" "$B $A" \
	"$(jq -r '[.posix_queues[].name] | "\(first) \(last)"' "$T/sorted.json")"
check_eq "-s maxmsg: the semaphores by name still" "$S1 $S3" \
	"$(jq -r '[.posix_semaphores[].name] | "\(first) \(last)"' "$T/sorted.json")"
"$SHMTOP" -b --kinds=psem -s value -o json >"$T/sorted.json" || fail "-s value failed"
check_eq "--kinds=psem -s value: the largest value ($S1) last" "$S1" \
	"$(jq -r '.posix_semaphores[-1].name' "$T/sorted.json")"
"$SHMTOP" -b --kinds=psem -s value -r -o json >"$T/sorted.json" || fail "-s value -r failed"
check_eq "--kinds=psem -s value -r: the largest value ($S1) first" "$S1" \
	"$(jq -r '.posix_semaphores[0].name' "$T/sorted.json")"
RC=0
"$SHMTOP" -b --kinds=pmq -s value >/dev/null 2>"$T/err" || RC=$?
check_eq "-s of a field the first kind does not have: a usage error" 2 "$RC"

# ------------------------------------------------------------------ semaphores against glibc
check_eq "only the test's semaphores (no shared memory object), the unlinked one once" \
	"$S1 false,$S2 false,$S3 true" \
	"$(jq -r '[.posix_semaphores[] | "\(.name) \(.deleted)"] | join(",")' "$T/all.json")"
for n in "$S1" "$S2"; do
	j=$(s "$T/all.json" "$n")
	check_eq "$n: the value as sem_getvalue says, decoded" "$("$PMQTOOL" sem-value "$n") ok" \
		"$(jq -r '"value=\(.value) \(.value_state)"' <<<"$j")"
	read -r size uid gid user mode mtime ctime ino < <(stat -c '%s %u %g %U %a %Y %Z %i' \
		"/dev/shm/sem.${n#/}")
	check_eq "$n: size, uid, gid, owner, mode, mtime, ctime, inode as stat says" \
		"$size $uid $gid $user $(printf '%04o' "0$mode") $mtime $ctime $ino" \
		"$(jq -r '"\(.size) \(.uid) \(.gid) \(.owner) \(.mode) \(.mtime) \(.ctime) \(.inode)"' <<<"$j")"
done
check_eq "$S1: value 3 and two posts, nobody waits, nobody maps it" "5 0 0" \
	"$(s "$T/all.json" "$S1" | jq -r '"\(.value) \(.waiters) \(.mappers | length)"')"
check_eq "$S2: one waiter" 1 "$(s "$T/all.json" "$S2" | jq .waiters)"
check_eq "$S2: mapped by its holder and its waiter" \
	"$(printf '%s\n' "$H2" "$W2" | sort -n | tr '\n' ' ')" \
	"$(s "$T/all.json" "$S2" | jq -r '.mappers[].pid' | sort -n | tr '\n' ' ')"
check_eq "$S2: their command and access" "pmqtool rw-s,pmqtool rw-s" \
	"$(s "$T/all.json" "$S2" | jq -r '[.mappers[] | "\(.comm) \(.access)"] | join(",")')"
check_eq "$S3: unlinked, still mapped by its holder, its inode, its value unread" \
	"$H3 $S3INO null unread" \
	"$(s "$T/all.json" "$S3" true | jq -r '"\([.mappers[].pid] | join(",")) \(.inode) \(.value) \(.value_state)"')"
# its file has no name, but its inode is reachable through the holder's map_files as root
S3OWNER=$(s "$T/all.json" "$S3" true | jq -r '"\(.owner // "-") \(.mode // "-")"')
if is_root; then
	check_eq "$S3: owner and mode through its mapper's map_files" "root 0600" "$S3OWNER"
fi
check_eq "usage: three semaphores" 3 "$(jq .usage.posix_semaphores "$T/all.json")"

# ------------------------------------------------------------------ the table
check "table: the queues' section, titled with their directory" \
	grep -qE "^POSIX message queues in $MQ - ${#QS[@]} queues, ${#MSGS[@]} messages\$" "$T/table.txt"
check "table: the queues' columns" \
	grep -qE '^NAME +OWNER +MODE +MSGS +MAXMSG +MSGSIZE +BYTES +NOTIFY-PID +MTIME$' "$T/table.txt"
check "table: $A with 3 of 8 messages of at most 128 bytes, QSIZE unknown" \
	grep -qE "^$A +root +0640 +3 +8 +128B +- +- +[0-9]{4}-" "$T/table.txt"
check "table: $B, empty, with its sticky bit" \
	grep -qE "^$B +root +1600 +0 +2 +16B +- +- +[0-9]{4}-" "$T/table.txt"
check "table: the semaphores' section" \
	grep -qE "^POSIX named semaphores in /dev/shm - 3 semaphores" "$T/table.txt"
check "table: the semaphores' columns" \
	grep -qE '^NAME +VALUE +WAITERS +OWNER +MODE +MTIME +MAPPERS$' "$T/table.txt"
check "table: $S1: 5, nobody waiting or mapping" \
	grep -qE "^$S1 +5 +0 +root +0640 +[0-9-]+ [0-9:]+ +0$" "$T/table.txt"
check "table: $S2: 0, a waiter, two mappers" \
	grep -qE "^$S2 +0 +1 +root +0600 +[0-9-]+ [0-9:]+ +2$" "$T/table.txt"
check "table: $S3, deleted, value unknown, one mapper" \
	grep -qE "^$S3 \\(deleted\\) +- +- +${S3OWNER% *} +${S3OWNER#* } +([0-9-]+ [0-9:]+|-) +1$" \
	"$T/table.txt"

# ------------------------------------------------------------------ CSV: every value as JSON says
check_eq "csv: the queues' header" \
	"time,name,inode,uid,gid,owner,group,mode,maxmsg,msgsize,curmsgs,qsize,notify,signo,notify_pid,notify_pid_comm,notify_pid_alive,mtime,ctime" \
	"$(head -n 1 "$T/q.csv" | tr -d '\r')"
check_eq "csv: a row per queue, every value as JSON has it" \
	"$(jq -r '.posix_queues[] | [.name, .inode, .uid, .gid, .owner, .group, .mode, .maxmsg,
		.msgsize, .curmsgs, .qsize, .notify, .signo, .notify_pid, .notify_pid_comm,
		.notify_pid_alive, .mtime, .ctime] | map(if . == null then "" else tostring end) |
		join(",")' "$T/all.json")" \
	"$(tail -n +2 "$T/q.csv" | tr -d '\r' | cut -d, -f2-)"
check_eq "csv: the semaphores' header" \
	"time,name,inode,value,waiters,value_state,size,uid,gid,owner,group,mode,mtime,ctime,deleted,mappers" \
	"$(head -n 1 "$T/s.csv" | tr -d '\r')"
check_eq "csv: a row per semaphore, every value as JSON has it" \
	"$(jq -r '.posix_semaphores[] | [.name, .inode, .value, .waiters, .value_state, .size,
		.uid, .gid, .owner, .group, .mode, .mtime, .ctime, .deleted, (.mappers | length)] |
		map(if . == null then "" else tostring end) | join(",")' "$T/all.json")" \
	"$(tail -n +2 "$T/s.csv" | tr -d '\r' | cut -d, -f2-)"

# ------------------------------------------------------------------ Prometheus
NS=$(ipc_ns_inode)
check "prometheus: $A's messages" \
	grep -qx "shmtop_posix_queue_messages{ipc_namespace=\"$NS\",name=\"$A\",owner=\"root\"} 3" "$T/prom.txt"
check "prometheus: $A's capacity" \
	grep -qx "shmtop_posix_queue_max_messages{ipc_namespace=\"$NS\",name=\"$A\",owner=\"root\"} 8" "$T/prom.txt"
check_eq "prometheus: no bytes sample without --pmq-status" 0 \
	"$(grep -c '^shmtop_posix_queue_bytes{' "$T/prom.txt")"
check "prometheus: the queues counted" grep -qx "shmtop_posix_queues{ipc_namespace=\"$NS\"} ${#QS[@]}" "$T/prom.txt"
ino1=$(s "$T/all.json" "$S1" | jq .inode)
ino2=$(s "$T/all.json" "$S2" | jq .inode)
check "prometheus: $S1's value" \
	grep -qx "shmtop_posix_semaphore_value{ipc_namespace=\"$NS\",name=\"$S1\",inode=\"$ino1\",owner=\"root\"} 5" "$T/prom.txt"
check "prometheus: $S2's waiter" \
	grep -qx "shmtop_posix_semaphore_waiters{ipc_namespace=\"$NS\",name=\"$S2\",inode=\"$ino2\",owner=\"root\"} 1" "$T/prom.txt"
check "prometheus: $S2's mappers" \
	grep -qx "shmtop_posix_semaphore_mappers{ipc_namespace=\"$NS\",name=\"$S2\",inode=\"$ino2\",owner=\"root\"} 2" "$T/prom.txt"
check "prometheus: $S3 deleted, labelled by its inode" \
	grep -qx "shmtop_posix_semaphore_deleted{ipc_namespace=\"$NS\",name=\"$S3\",inode=\"$S3INO\",owner=\"$(s "$T/all.json" "$S3" true | jq -r '.owner // ""')\"} 1" \
	"$T/prom.txt"
if command -v promtool >/dev/null 2>&1; then
	check "promtool accepts it" promtool check metrics <"$T/prom.txt"
	"$SHMTOP" -b --kinds=pmq --pmq-status -o prometheus >"$T/prom-st.txt" ||
		fail "--pmq-status -o prometheus failed"
	check "promtool accepts it with --pmq-status" promtool check metrics <"$T/prom-st.txt"
fi

# ------------------------------------------------------------------ documented
# every member of both objects and of usage, and every gauge, in doc/json-schema.md and shmtop(1)
SCHEMA=$top_srcdir/doc/json-schema.md
MAN=$top_srcdir/doc/shmtop.1
for k in $(jq -r '(.posix_queues[0], .posix_semaphores[0]) | keys_unsorted[]' "$T/all.json") \
	posix_queue_messages posix_queue_bytes; do
	check "$k: in json-schema.md and shmtop(1)" \
		bash -c 'grep -q "\`$0\`" "$1" && grep -qw -- "$0" "$2"' "$k" "$SCHEMA" "$MAN"
done
while read -r m; do
	check "$m: in json-schema.md and shmtop(1)" \
		bash -c 'grep -q "\`$0\`" "$1" && grep -qw -- "$0" "$2"' "$m" "$SCHEMA" "$MAN"
done < <(grep -ho '^shmtop_posix_[a-z_]*' "$T/prom.txt" "$T/prom-st.txt" 2>/dev/null |
	grep -v '^shmtop_posix_object' | sort -u)

# ------------------------------------------------------------------ no mqueue filesystem
RC=0
unshare --mount --propagation private bash -c '
	findmnt -n -r -t mqueue -o TARGET | sort -r | while read -r m; do umount -l "$m"; done
	exec "$0" -b --kinds=pmq,psem -o json' "$SHMTOP" >"$T/nomq.json" 2>"$T/nomq.err" || RC=$?
check_eq "no mqueue filesystem: still exit 0" 0 "$RC"
check "... saying so on stderr" grep -q 'no mqueue filesystem is mounted' "$T/nomq.err"
check_eq "... no queues array, the semaphores still there" "false 3" \
	"$(jq -r '"\(has("posix_queues")) \(.posix_semaphores | length)"' "$T/nomq.json")"

# ------------------------------------------------------------------ a container's queues
if is_root; then
	INSIDE=/shmtop-pkinds-$R-inside
	CMQ=$T/cmq
	mkdir "$CMQ" || hard_error "mkdir $CMQ"
	# its own IPC namespace, and its own mqueue filesystem where shmtop would look for one
	P=$PMQTOOL I=$INSIDE C=$CMQ unshare --ipc --mount --propagation private --fork sh -c '
		if findmnt -n -t mqueue /dev/mqueue >/dev/null; then C=/dev/mqueue; fi
		mount -t mqueue mqueue "$C" && "$P" mq-create "$I" 3 24 600 &&
		exec "$P" mq-notify-hold "$I" 120 none' >"$T/c.out" 2>&1 &
	echo "$!" >>"$PID_LIST"
	for _ in $(seq 1 100); do
		[[ $(cat "$T/c.out") =~ registered\ ([0-9]+) ]] && CONTAINER=${BASH_REMATCH[1]} && break
		sleep 0.05
	done
	if [[ -z $CONTAINER ]]; then
		note "no container (unshare or mount refused?): $(cat "$T/c.out")"
	else
		"$SHMTOP" -b --kinds=pmq --ipc-ns="$CONTAINER" --pmq-status -o json >"$T/c.json" ||
			fail "--ipc-ns=$CONTAINER --kinds=pmq failed"
		check_eq "--ipc-ns: the container's queue, only it" "$INSIDE" \
			"$(jq -r '[.posix_queues[].name] | join(" ")' "$T/c.json")"
		check_eq "--ipc-ns: its attributes and notification (SIGEV_NONE by its process)" \
			"3 24 none $CONTAINER" \
			"$(q "$T/c.json" "$INSIDE" | jq -r '"\(.maxmsg) \(.msgsize) \(.notify) \(.notify_pid)"')"
	fi
else
	note "not root: no container"
fi

finish
