#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# pmq.sh - POSIX message queues and named semaphores made and held for real by other processes
# (tests/pmqtool, as their users make them), against what the collection layer reports of them
# (pmqtool collect-*, the same pmq.c and psem.c calls shmtop makes), field by field:
#   queues, in an mqueue filesystem mounted in the test's own namespaces: maxmsg, msgsize and
#     curmsgs against mq_getattr in another process; QSIZE, NOTIFY, SIGNO and NOTIFY_PID
#     against the queue's own file and the processes that registered (SIGEV_SIGNAL and
#     SIGEV_NONE), and after one of them exits; owner, mode, mtime and inode against stat; the
#     messages all still there after the listing; the filesystem found through mountinfo; removal
#     of an idle queue and of one a process holds open; and, as root, a container (its own IPC
#     and mount namespaces, chroot'ed, its own mqueue filesystem) whose queues are listed and
#     removed inside its root, never the test's own of the same name;
#   semaphores, in the test's own /dev/shm: the value against sem_getvalue, the waiters while a
#     process is blocked in sem_wait and after it is woken, the processes that map them against
#     those holding them open, size, owner and mode against stat, shared memory objects left out,
#     and a semaphore unlinked while mapped shown as deleted with its mapper.
# Skips where the test cannot have namespaces of its own (it mounts an mqueue filesystem).

# shellcheck disable=SC2016 # '$0' and "$1" in single quotes are for bash -c
# shellcheck disable=SC2317 # helpers run through check and eval
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_segtool
[[ $SHMTOP_TEST_NS != shared ]] ||
	skip "needs IPC and mount namespaces of its own: it mounts an mqueue filesystem"

. "${top_srcdir:-$(dirname "$0")/..}/tests/pmqlib.sh"

R=$$-$RANDOM
MQ=$TEST_TMP/mq
mq_mount "$MQ"


# field FILE NAME KEY : KEY's value on the line of object NAME in FILE ("" when absent)
field() {
	awk -v n="$2" -v k="$3" '$1 == n { for (i = 2; i <= NF; i++) { j = index($i, "=");
		if (substr($i, 1, j - 1) == k) print substr($i, j + 1) } }' "$1"
}

# listed FILE NAME : whether NAME has a line in FILE
listed() { awk -v n="$2" '$1 == n { f = 1 } END { exit !f }' "$1"; }

# status NAME KEY : KEY (QSIZE, NOTIFY, SIGNO, NOTIFY_PID) of the queue's own file
status() {
	local line
	line=$(cat "$MQ$1") || return 1
	[[ $line =~ $2:([0-9-]+) ]] && printf '%s\n' "${BASH_REMATCH[1]}"
}

# ------------------------------------------------------------------ queues against the kernel
A=/shmtop-pmq-$R-a
B=/shmtop-pmq-$R-b
C=/shmtop-pmq-$R-c
D=/shmtop-pmq-$R-d
mq_create "$A" 8 128 640
mq_create "$B" 2 16 600
mq_create "$C" 4 64 600
mq_create "$D" 4 64 604
MSGS=("hello" "a somewhat longer message" "x")
bytes=0
for i in "${!MSGS[@]}"; do
	"$PMQTOOL" mq-send "$A" "$i" "${MSGS[$i]}" || fail "mq-send $A"
	bytes=$((bytes + ${#MSGS[$i]}))
done
bg "$PMQTOOL" registered mq-notify-hold "$C" 60 signal 10
NC=$BG_PID
NC_JOB=$BG_JOB
bg "$PMQTOOL" registered mq-notify-hold "$D" 60 none
ND=$BG_PID

"$PMQTOOL" collect-mq -s "$MQ" >"$TEST_TMP/q1" || fail "collect-mq -s $MQ failed"
check "the directory is an mqueue filesystem" grep -q ' mqueue=1$' "$TEST_TMP/q1"
check_eq "only this test's queues (a filesystem of its own IPC namespace)" 4 \
	"$(grep -vc '^#' "$TEST_TMP/q1")"
for q in "$A" "$B" "$C" "$D"; do
	attr=$("$PMQTOOL" mq-attr "$q") || fail "mq-attr $q"
	for k in maxmsg msgsize curmsgs; do
		[[ $attr =~ $k=([0-9]+) ]] || fail "mq-attr $q: no $k in '$attr'"
		check_eq "$q: $k as mq_getattr says" "${BASH_REMATCH[1]}" "$(field "$TEST_TMP/q1" "$q" $k)"
	done
	check_eq "$q: QSIZE as its file says" "$(status "$q" QSIZE)" "$(field "$TEST_TMP/q1" "$q" qsize)"
	check_eq "$q: NOTIFY as its file says" "$(status "$q" NOTIFY)" "$(field "$TEST_TMP/q1" "$q" notify)"
	check_eq "$q: SIGNO as its file says" "$(status "$q" SIGNO)" "$(field "$TEST_TMP/q1" "$q" signo)"
	check_eq "$q: NOTIFY_PID as its file says" "$(status "$q" NOTIFY_PID)" \
		"$(field "$TEST_TMP/q1" "$q" notify_pid)"
	read -r uid gid mode mtime ino < <(stat -c '%u %g %a %Y %i' "$MQ$q")
	check_eq "$q: uid as stat says" "$uid" "$(field "$TEST_TMP/q1" "$q" uid)"
	check_eq "$q: gid as stat says" "$gid" "$(field "$TEST_TMP/q1" "$q" gid)"
	check_eq "$q: mode as stat says" "$(printf '%04o' "0$mode")" "$(field "$TEST_TMP/q1" "$q" mode)"
	check_eq "$q: mtime as stat says" "$mtime" "$(field "$TEST_TMP/q1" "$q" mtime)"
	check_eq "$q: inode as stat says" "$ino" "$(field "$TEST_TMP/q1" "$q" ino)"
done
check_eq "$A: the messages sent" "${#MSGS[@]}" "$(field "$TEST_TMP/q1" "$A" curmsgs)"
check_eq "$A: QSIZE is the bytes sent" "$bytes" "$(field "$TEST_TMP/q1" "$A" qsize)"
check_eq "$A: mode as made" 0640 "$(field "$TEST_TMP/q1" "$A" mode)"
check_eq "$B: maxmsg as made" 2 "$(field "$TEST_TMP/q1" "$B" maxmsg)"
check_eq "$B: no notification" 0 "$(field "$TEST_TMP/q1" "$B" notify_pid)"
check_eq "$C: NOTIFY_PID is the process that registered" "$NC" "$(field "$TEST_TMP/q1" "$C" notify_pid)"
check_eq "$C: SIGNO is its signal" 10 "$(field "$TEST_TMP/q1" "$C" signo)"
check_eq "$C: NOTIFY is SIGEV_SIGNAL" 0 "$(field "$TEST_TMP/q1" "$C" notify)"
check_eq "$D: NOTIFY_PID is the process that registered" "$ND" "$(field "$TEST_TMP/q1" "$D" notify_pid)"
check_eq "$D: NOTIFY is SIGEV_NONE" 1 "$(field "$TEST_TMP/q1" "$D" notify)"
check_eq "$A: the messages are all still there" "curmsgs=${#MSGS[@]}" \
	"$("$PMQTOOL" mq-attr "$A" | grep -o 'curmsgs=[0-9]*')"

# without the status: the same attributes, and the status not read
"$PMQTOOL" collect-mq "$MQ" >"$TEST_TMP/q2" || fail "collect-mq $MQ failed"
check_eq "$A: maxmsg without the status" 8 "$(field "$TEST_TMP/q2" "$A" maxmsg)"
check_eq "$A: the status not read (-ENODATA)" -61 "$(field "$TEST_TMP/q2" "$A" status_err)"

# the registration goes with the process that made it
hold_stop "$NC_JOB"
"$PMQTOOL" collect-mq -s "$MQ" >"$TEST_TMP/q3" || fail "collect-mq -s $MQ failed"
check_eq "$C: NOTIFY_PID 0 once its process exited" 0 "$(field "$TEST_TMP/q3" "$C" notify_pid)"
check_eq "$C: as its file says" "$(status "$C" NOTIFY_PID)" "$(field "$TEST_TMP/q3" "$C" notify_pid)"
check_eq "$D: still registered" "$ND" "$(field "$TEST_TMP/q3" "$D" notify_pid)"

# the filesystem as mountinfo names it (this test's mount, or lib.sh's on /dev/mqueue: either
# shows this IPC namespace's queues)
"$PMQTOOL" collect-mq self >"$TEST_TMP/q4" || fail "collect-mq self failed: is it in mountinfo?"
note "found through mountinfo: $(head -n 1 "$TEST_TMP/q4")"
for q in "$A" "$B" "$C" "$D"; do
	check "$q found through mountinfo" listed "$TEST_TMP/q4" "$q"
done

# removal: an idle queue, and one a process holds open (it keeps it until it closes it)
check "rm-mq $A" "$PMQTOOL" rm-mq "$MQ" "$A"
check "$A is gone for mq_open" bash -c '! "$0" mq-attr "$1" 2>/dev/null' "$PMQTOOL" "$A"
check "rm-mq $D, held open" "$PMQTOOL" rm-mq "$MQ" "$D"
check "$D is gone for mq_open" bash -c '! "$0" mq-attr "$1" 2>/dev/null' "$PMQTOOL" "$D"
check "its holder is still running" kill -0 "$ND"
"$PMQTOOL" collect-mq "$MQ" >"$TEST_TMP/q5" || fail "collect-mq $MQ failed"
check_eq "the others are still listed" "$B $C" \
	"$(grep -v '^#' "$TEST_TMP/q5" | awk '{ print $1 }' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"

# ------------------------------------------------------------------ a container's queues
if is_root && command -v unshare >/dev/null 2>&1; then
	SAME=/shmtop-pmq-$R-same
	INSIDE=/shmtop-pmq-$R-inside
	mq_create "$SAME" 5 16 600             # the test's own, of the container's queue's name
	ROOTDIR=$TEST_TMP/c
	mkdir -p "$ROOTDIR/dev/mqueue" || hard_error "mkdir $ROOTDIR/dev/mqueue"
	SEGTOOL_ABS=$(cd "$(dirname "$SEGTOOL")" && pwd)/$(basename "$SEGTOOL")
	PMQTOOL_ABS=$(cd "$(dirname "$PMQTOOL")" && pwd)/$(basename "$PMQTOOL")
	ROOT=$ROOTDIR P=$PMQTOOL_ABS S=$SAME I=$INSIDE unshare --ipc --mount --fork sh -c '
		mount -t mqueue mqueue "$ROOT/dev/mqueue" &&
		"$P" mq-create "$S" 3 32 600 && "$P" mq-create "$I" 2 8 600 &&
		exec "$0" chroot-hold "$ROOT" 600' "$SEGTOOL_ABS" >"$TEST_TMP/c.out" 2>&1 &
	echo "$!" >>"$PID_LIST"
	for _ in $(seq 1 100); do
		[[ $(cat "$TEST_TMP/c.out") =~ attached\ ([0-9]+) ]] && CONTAINER=${BASH_REMATCH[1]} && break
		sleep 0.05
	done
	if [[ -z $CONTAINER ]]; then
		note "no container (unshare, mount or chroot refused?): $(cat "$TEST_TMP/c.out")"
	else
		"$PMQTOOL" collect-mq "pid:$CONTAINER" >"$TEST_TMP/c1" ||
			fail "collect-mq pid:$CONTAINER failed"
		check_eq "the container's mqueue, inside its root" \
			"# /proc/$CONTAINER/root/dev/mqueue mqueue=1" "$(head -n 1 "$TEST_TMP/c1")"
		check "its own queue is listed" listed "$TEST_TMP/c1" "$INSIDE"
		check_eq "the queue of the shared name is its own" 3 "$(field "$TEST_TMP/c1" "$SAME" maxmsg)"
		check "none of the test's own is" bash -c '! grep -q "^$0" "$1"' "$B" "$TEST_TMP/c1"
		check "rm-mq of the container's queue" "$PMQTOOL" rm-mq "pid:$CONTAINER" "$SAME"
		"$PMQTOOL" collect-mq "pid:$CONTAINER" >"$TEST_TMP/c2" || fail "collect-mq failed"
		check "gone from the container" bash -c '! grep -q "^$0 " "$1"' "$SAME" "$TEST_TMP/c2"
		check_eq "the test's own of that name is still there" "maxmsg=5" \
			"$("$PMQTOOL" mq-attr "$SAME" | grep -o 'maxmsg=[0-9]*')"
	fi
else
	note "not root: no container"
fi

# ------------------------------------------------------------------ semaphores against glibc
S1=/shmtop-psem-$R-1
S2=/shmtop-psem-$R-2
sem_create "$S1" 3 640
"$PMQTOOL" sem-post "$S1" || fail "sem-post $S1"
"$PMQTOOL" sem-post "$S1" || fail "sem-post $S1"
sem_create "$S2" 0 600
posix_create "/shmtop-psem-$R-notsem" 32 "" 600 || fail "cannot make a shared memory object"
bg "$PMQTOOL" attached sem-hold "$S2" 60
H=$BG_PID
bg "$PMQTOOL" waiting sem-wait "$S2" 60
W=$BG_PID
W_JOB=$BG_JOB
# the waiter counts itself in just before it blocks
for _ in $(seq 1 100); do
	"$PMQTOOL" collect-sem /dev/shm >"$TEST_TMP/s1" || fail "collect-sem failed"
	[[ $(field "$TEST_TMP/s1" "$S2" nwaiters) == 1 ]] && break
	sleep 0.05
done
check_eq "only this test's semaphores, no shared memory object" "$S1 $S2" \
	"$(awk '{ print $1 }' "$TEST_TMP/s1" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
for s in "$S1" "$S2"; do
	check_eq "$s: the value as sem_getvalue says" "$("$PMQTOOL" sem-value "$s")" \
		"value=$(field "$TEST_TMP/s1" "$s" value)"
	read -r size uid gid mode ino < <(stat -c '%s %u %g %a %i' "/dev/shm/sem.${s#/}")
	check_eq "$s: size as stat says" "$size" "$(field "$TEST_TMP/s1" "$s" size)"
	check_eq "$s: uid as stat says" "$uid" "$(field "$TEST_TMP/s1" "$s" uid)"
	check_eq "$s: gid as stat says" "$gid" "$(field "$TEST_TMP/s1" "$s" gid)"
	check_eq "$s: mode as stat says" "$(printf '%04o' "0$mode")" "$(field "$TEST_TMP/s1" "$s" mode)"
	check_eq "$s: inode as stat says" "$ino" "$(field "$TEST_TMP/s1" "$s" ino)"
	check_eq "$s: decoded" 0 "$(field "$TEST_TMP/s1" "$s" state)"
done
check_eq "$S1: value 3 and two posts" 5 "$(field "$TEST_TMP/s1" "$S1" value)"
check_eq "$S1: nobody maps it" "" "$(field "$TEST_TMP/s1" "$S1" mappers)"
check_eq "$S2: one waiter" 1 "$(field "$TEST_TMP/s1" "$S2" nwaiters)"
check_eq "$S2: mapped by its holder and its waiter" \
	"$(printf '%s\n' "$H" "$W" | sort -n | tr '\n' ',' | sed 's/,$//')" \
	"$(field "$TEST_TMP/s1" "$S2" mappers)"

# a post wakes the waiter, which takes it and exits
"$PMQTOOL" sem-post "$S2" || fail "sem-post $S2"
wait "$W_JOB"
check_eq "the waiter took the post" 0 "$?"
"$PMQTOOL" collect-sem /dev/shm >"$TEST_TMP/s2" || fail "collect-sem failed"
check_eq "$S2: no waiter left" 0 "$(field "$TEST_TMP/s2" "$S2" nwaiters)"
check_eq "$S2: the value as sem_getvalue says" "$("$PMQTOOL" sem-value "$S2")" \
	"value=$(field "$TEST_TMP/s2" "$S2" value)"
check_eq "$S2: mapped by its holder only" "$H" "$(field "$TEST_TMP/s2" "$S2" mappers)"

# unlinked while its holder maps it: deleted, with that mapper
"$PMQTOOL" sem-unlink "$S2" || fail "sem-unlink $S2"
"$PMQTOOL" collect-sem /dev/shm >"$TEST_TMP/s3" || fail "collect-sem failed"
check_eq "$S2: deleted" 1 "$(field "$TEST_TMP/s3" "$S2" deleted)"
check_eq "$S2: its holder still maps it" "$H" "$(field "$TEST_TMP/s3" "$S2" mappers)"
check_eq "$S2: its value is not read without a name (-ENOENT)" -2 \
	"$(field "$TEST_TMP/s3" "$S2" value_err)"
check_eq "$S1: still listed" 0 "$(field "$TEST_TMP/s3" "$S1" deleted)"

finish
