#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# trace.sh - shmtop --trace on real processes, in private IPC and mount namespaces: a creator
# that exits within a millisecond of shmget is named by its command line; an IPC_RMID by a
# second process is named too; a process killed with two attachments gives two exit-detach
# records naming the segment; a detach names the segment it left; events of a nested IPC
# namespace are absent by default and present with --all-namespaces; -i keeps one segment's
# events and -n stops after N; arrays, queues, POSIX objects (created with O_EXCL, unlinked),
# POSIX queues and memfds by id, key or name, and --name with --kinds; --key keeps its objects'
# records that carry no key; more busy arrays than the count map holds report the rest lost; a
# burst larger than the ring buffer reports its loss, and what is printed plus what is reported
# lost covers every operation; in a child PID namespace the numbers are that namespace's; the
# table has its header; -o csv is a usage error; a full stdout is an error, said; a reader gone
# (| head -1) stops it; so does Ctrl-C with the output blocked, quietly. Skipped, saying why, only
# where the kernel refuses BPF (or shmtop was built without it).

# shellcheck disable=SC2016 # jq programs in single quotes
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_ipctool
PMQTOOL=${PMQTOOL:-$top_builddir/tests/pmqtool}
command -v jq >/dev/null 2>&1 || skip "jq is not installed (bootstrap --tests installs it)"

probe=$("$SHMTOP" --trace --duration 0.2 2>&1 >/dev/null)
case $probe in
*"without BPF"*) skip "this shmtop was built without BPF: $probe" ;;
*refused* | *"no BTF"* | *"cannot attach"* | *"not permitted"*) skip "the kernel refuses the tracer here: $probe" ;;
esac

TRACE_PID=
# start_trace OUT ARGS... : shmtop --trace -o json ARGS in the background, writing OUT; returns
# once it says it is tracing
start_trace() {
	local out=$1
	shift
	start_until "$out" "$out.err" '^shmtop: tracing' "$SHMTOP" --trace -o json "$@"
	TRACE_PID=$STARTED_PID
}
stop_trace() {
	sleep 0.3 # what the last operations wrote into the ring buffer
	kill -INT "$TRACE_PID" 2>/dev/null
	wait "$TRACE_PID" 2>/dev/null
	TRACE_PID=
}
ev() { jq -c "select($2)" "$1"; }

# ================================================================== who did it
T=$TEST_TMP/t1.json
start_trace "$T"
KEY=0x5e7ace01
# a creator that exits at once, under the name of the classic example
bash -c 'exec -a "make_shared_memory --key=$1" "$0" create "$1" 1024 600' "$SEGTOOL" "$KEY" \
	>"$TEST_TMP/id" || fail "cannot create a segment"
ID=$(cat "$TEST_TMP/id")
echo "$ID 0 0" >>"$SEG_LIST"
# the classic reader: shmget(IPC_CREAT) of the key the writer made: a get, not a create
"$SEGTOOL" get "$KEY" 1024 >/dev/null || fail "cannot get the segment"
"$SEGTOOL" hold "$ID" 60 twice >"$TEST_TMP/hold" &
HOLDER=$!
echo "$HOLDER" >>"$PID_LIST"
for _ in $(seq 1 100); do grep -q '^attached' "$TEST_TMP/hold" && break; sleep 0.05; done
kill -9 "$HOLDER"
wait "$HOLDER" 2>/dev/null
"$SEGTOOL" hold "$ID" 0.1 rw >/dev/null
bash -c 'exec -a "cleanup-script --all" "$0" rm "$1"' "$SEGTOOL" "$ID" || fail "cannot remove it"
# a nested IPC namespace's segment: not this trace's
unshare --ipc "$SEGTOOL" create 0x5e7ace02 4096 600 >/dev/null
stop_trace

c=$(ev "$T" '.event == "create" and .key == "'"$KEY"'"')
check "the creator, gone at once, is named by its command line" \
	test "$(jq -r .cmdline <<<"$c")" = "make_shared_memory --key=$KEY create $KEY 1024 600"
check_eq "... with its command name, the size and the new shmid" "segtool 1024 $ID" \
	"$(jq -r '"\(.comm) \(.size) \(.id)"' <<<"$c")"
check_eq "... and its exit, a record of the process (no kind), with its command line" \
	"make_shared_memory --key=$KEY create $KEY 1024 600" \
	"$(ev "$T" '.event == "exit" and .kind == "" and .pid == '"$(jq -r .pid <<<"$c")" | jq -r .cmdline)"
check_eq "... from the BPF source, in this IPC namespace" \
	"bpf $(stat -L -c %i /proc/self/ns/ipc)" "$(jq -r '"\(.source) \(.ipc_ns)"' <<<"$c")"
check_eq "a shmget(IPC_CREAT) of the existing key is a get, not a create" "create get" \
	"$(ev "$T" '.key == "'"$KEY"'"' | jq -r .event | tr '\n' ' ' | sed 's/ $//')"
r=$(ev "$T" '.event == "remove" and .id == '"$ID")
check_eq "IPC_RMID by a second process is named" "cleanup-script --all rm $ID" "$(jq -r .cmdline <<<"$r")"
check "... another process than the creator" test "$(jq .pid <<<"$r")" != "$(jq .pid <<<"$c")"
check_eq "the killed holder's two attachments: two attach records" 2 \
	"$(ev "$T" '.event == "attach" and .pid == '"$HOLDER" | wc -l)"
check_eq "... and two exit-detach records naming the segment" "$ID $ID" \
	"$(ev "$T" '.event == "exit-detach" and .pid == '"$HOLDER" | jq -r .id | tr '\n' ' ' | sed 's/ $//')"
check_eq "a detach names the segment it left" 1 \
	"$(ev "$T" '.event == "detach" and .id == '"$ID" | wc -l)"
check_eq "the nested namespace's segment is not traced" 0 "$(ev "$T" '.key == "0x5e7ace02"' | wc -l)"

# ================================================================== what is not an IPC call
T=$TEST_TMP/t1b.json
start_trace "$T"
rc=0
"$SEGTOOL" compat 100 >/dev/null 2>&1 || rc=$?
# a record the moment it is made, and Ctrl-C at once: printed all the same
"$SEGTOOL" create 0x5e7ace0b 4096 600 >>"$TEST_TMP/ids_b"
kill -INT "$TRACE_PID"
wait "$TRACE_PID" 2>/dev/null
TRACE_PID=
if ((rc == 0)); then
	check_eq "32-bit calls numbered as x86_64's semget and semop are not taken for them" 0 \
		"$(ev "$T" '.kind == "sem"' | wc -l)"
else
	note "no 32-bit system calls here (segtool compat: $rc): that check is left out"
fi
check_eq "a record made just before Ctrl-C is printed" 1 "$(ev "$T" '.key == "0x5e7ace0b"' | wc -l)"
while read -r id; do echo "$id 0 0" >>"$SEG_LIST"; done <"$TEST_TMP/ids_b"

# ================================================================== every namespace, filters
T=$TEST_TMP/t2.json
start_trace "$T" --all-namespaces
unshare --ipc "$SEGTOOL" create 0x5e7ace03 4096 600 >/dev/null
stop_trace
n=$(ev "$T" '.event == "create" and .key == "0x5e7ace03"')
check "--all-namespaces: the nested namespace's create is there" test -n "$n"
check "... with its own namespace" test "$(jq .ipc_ns <<<"$n")" != "$(stat -L -c %i /proc/self/ns/ipc)"

ID2=$("$SEGTOOL" create 0x5e7ace04 4096 600)
echo "$ID2 0 0" >>"$SEG_LIST"
T=$TEST_TMP/t3.json
start_trace "$T" -i "$ID2" -n 2
"$SEGTOOL" create 0x5e7ace05 4096 600 >>"$TEST_TMP/other"
"$SEGTOOL" hold "$ID2" 0.1 ro >/dev/null
"$SEGTOOL" rm "$ID2" >/dev/null
for _ in $(seq 1 50); do kill -0 "$TRACE_PID" 2>/dev/null || break; sleep 0.1; done
check "-n 2 stops after two events" eval '! kill -0 "$TRACE_PID" 2>/dev/null'
stop_trace
check_eq "-i keeps that segment's events: its attach and detach" "attach detach" \
	"$(jq -r .event "$T" | tr '\n' ' ' | sed 's/ $//')"

# ================================================================== the other kinds
T=$TEST_TMP/t4.json
start_trace "$T"
SEM=$("$IPCTOOL" sem-create 0x5e7ace06 2) || fail "cannot create an array"
"$IPCTOOL" sem-set "$SEM" 1 2 >/dev/null
bash -c 'exec -a "sem-cleaner" "$0" rm-if sem "$1" 0x5e7ace06' "$IPCTOOL" "$SEM" >/dev/null
MSQ=$("$IPCTOOL" msg-create 0x5e7ace07) || fail "cannot create a queue"
"$IPCTOOL" rm-if msg "$MSQ" 0x5e7ace07 >/dev/null
bash -c 'exec -a "pg-like --shm" "$0" posix-create /shmtop-trace 4096 x' "$SEGTOOL" >/dev/null ||
	fail "cannot create a POSIX object"
(cd /dev/shm && truncate -s 100000 shmtop-trace) # ftruncate, through a relative path's descriptor
: >"$TEST_TMP/not-shm"
truncate -s 5000 "$TEST_TMP/not-shm" # a file elsewhere: no record
mkdir -p "$TEST_TMP/shm" && : >"$TEST_TMP/shm/notdevshm" && truncate -s 5001 "$TEST_TMP/shm/notdevshm"
"$SEGTOOL" posix-unlink /shmtop-trace
MQ=0
if [[ -x $PMQTOOL ]] && "$PMQTOOL" mq-create /shmtop-trace-q 4 64 >/dev/null 2>&1; then
	MQ=1
	"$PMQTOOL" mq-unlink /shmtop-trace-q
fi
"$SEGTOOL" shmem-hold 4096 0 0 >/dev/null
# the hot operations: counted per object, a record a second, not one each
HOT=$("$IPCTOOL" sem-create 0x5e7ace08 1) || fail "cannot create an array"
for _ in 1 2 3; do "$IPCTOOL" sem-op "$HOT" 0 1 1 >/dev/null; done
HOTQ=$("$IPCTOOL" msg-create 0x5e7ace09) || fail "cannot create a queue"
"$IPCTOOL" msg-send "$HOTQ" 1 one
"$IPCTOOL" msg-send "$HOTQ" 1 two
"$IPCTOOL" msg-recv "$HOTQ" >/dev/null
sleep 1.2
stop_trace
k() { ev "$T" "$1" | jq -r "$2" | tr '\n' ' ' | sed 's/ $//'; }
check_eq "a semaphore array's create, setall and remove, by id and key" \
	"create 0x5e7ace06 setall null remove null" \
	"$(k '.kind == "sem" and .id == '"$SEM" '"\(.event) \(.key)"')"
check_eq "... the remove named by its command line" "sem-cleaner rm-if sem $SEM 0x5e7ace06" \
	"$(k '.kind == "sem" and .event == "remove"' .cmdline)"
check_eq "a message queue's create and remove" "create remove" \
	"$(k '.kind == "msg" and .id == '"$MSQ" .event)"
check_eq "a POSIX object's create (O_CREAT|O_EXCL), truncates and unlink, by name" \
	"create truncate truncate unlink" \
	"$(k '.kind == "posix" and .name == "/shmtop-trace"' .event)"
check_eq "... its creator named" "pg-like --shm posix-create /shmtop-trace 4096 x" \
	"$(k '.kind == "posix" and .event == "create"' .cmdline)"
check_eq "... its ftruncates, by name, with their lengths" "segtool 4096 truncate 100000" \
	"$(k '.event == "truncate" and .name == "/shmtop-trace"' '"\(.comm) \(.size)"')"
check_eq "... and no truncate of a file outside /dev/shm" "" \
	"$(k '.event == "truncate" and (.size == 5000 or .size == 5001)' .size)"
if ((MQ)); then
	check_eq "a POSIX queue's create and unlink, by name" "create unlink" \
		"$(k '.kind == "pmq" and .name == "/shmtop-trace-q"' .event)"
else
	note "pmqtool is not built or mq_open fails here: the POSIX queue is left out"
fi
check_eq "three semops on the array: counted, not logged one by one" 3 \
	"$(jq -s '[.[] | select(.event == "semop" and .id == '"$HOT"') | .count] | add' "$T")"
check "... in at most two records (a count a second, not a record each)" \
	test "$(ev "$T" '.event == "semop" and .id == '"$HOT" | wc -l)" -le 2
check_eq "two msgsnd and one msgrcv on the queue" "2 1" \
	"$(jq -s '"\([.[] | select(.event == "msgsnd" and .id == '"$HOTQ"') | .count] | add) \([.[] | select(.event == "msgrcv" and .id == '"$HOTQ"') | .count] | add)"' -r "$T")"
"$IPCTOOL" rm-if sem "$HOT" 0x5e7ace08 >/dev/null
"$IPCTOOL" rm-if msg "$HOTQ" 0x5e7ace09 >/dev/null
check_eq "a memfd's create, by name" "create" "$(k '.kind == "memfd" and .name == "memfd:segtool-shmem"' .event)"
T=$TEST_TMP/t5.json
start_trace "$T" --name=/shmtop-trace2 --kinds=posix
"$SEGTOOL" posix-create /shmtop-trace3 4096 x >/dev/null
"$SEGTOOL" posix-create /shmtop-trace2 4096 x >/dev/null
"$SEGTOOL" posix-unlink /shmtop-trace2
"$SEGTOOL" posix-unlink /shmtop-trace3
stop_trace
check_eq "--name keeps that object's records" "create truncate unlink" "$(k 'true' .event)"

# ================================================================== a burst, and its loss
N=150000
"$SHMTOP" --trace -o json 2>"$TEST_TMP/burst.err" | { sleep 4; cat; } >"$TEST_TMP/burst.json" &
BURST=$!
for _ in $(seq 1 100); do grep -q '^shmtop: tracing' "$TEST_TMP/burst.err" && break; sleep 0.05; done
bash -c 'exec -a churner "$0" churn "$1"' "$SEGTOOL" "$N" >/dev/null || fail "the churn failed"
sleep 5
pkill -INT -f "$SHMTOP --trace -o json" 2>/dev/null
wait "$BURST" 2>/dev/null
seen=$(jq -c 'select(.cmdline == "churner churn '"$N"'")' "$TEST_TMP/burst.json" | wc -l)
lost=$(jq -s '[.[] | select(.event == "lost") | .count] | add // 0' "$TEST_TMP/burst.json")
note "burst of $((2 * N)) operations: $seen printed, $lost reported lost"
check "a burst beyond the ring buffer reports its loss" test "$lost" -gt 0
# the loss counts every process's records the buffer had no room for (this namespace's others
# too): at least the churner's that were not printed
check "printed plus reported lost covers every operation ($((seen + lost)) >= $((2 * N)))" \
	test $((seen + lost)) -ge $((2 * N))
check "... and the churner's records printed are at most its operations" test "$seen" -le $((2 * N))

# ================================================================== a child PID namespace
# shmtop in a container's PID namespace names processes by their numbers there, as its /proc does
if unshare --pid --fork --mount-proc true 2>/dev/null; then
	T=$TEST_TMP/t7.json
	unshare --pid --fork --mount-proc bash -c '
		"$0" --trace -o json --duration 2 >"$1" 2>"$1.err" &
		for _ in $(seq 1 100); do grep -q "^shmtop: tracing" "$1.err" && break; sleep 0.05; done
		bash -c "echo \$\$ \$PPID >$1.me; exec $2 create 0 4096 >$1.id"
		wait' "$SHMTOP" "$T" "$SEGTOOL"
	read -r ME PARENT <"$T.me"
	ID7=$(cat "$T.id")
	check_eq "in a child PID namespace, a process and its parent by their numbers there" \
		"$ME $PARENT" "$(ev "$T" '.id == '"$ID7"' and .event == "create"' | jq -r '"\(.pid) \(.ppid)"')"
	"$SEGTOOL" rm "$ID7" >/dev/null
else
	note "unshare --pid is refused here: the child PID namespace is left out"
fi

# ================================================================== --key
# a key's object: its records without a key too (attach, detach, remove), whether it was there
# before the trace or made during it; another key's not
KEYA=0x5e7ace1a KEYB=0x5e7ace1b
IDA=$("$SEGTOOL" create "$KEYA" 4096) || fail "cannot create a segment"
echo "$IDA 0 0" >>"$SEG_LIST"
T=$TEST_TMP/t8.json
start_trace "$T" --key "$KEYA"
"$SEGTOOL" hold "$IDA" 0.1 >/dev/null
"$SEGTOOL" rm "$IDA"
IDA2=$("$SEGTOOL" create "$KEYA" 4096) || fail "cannot create a segment"
echo "$IDA2 0 0" >>"$SEG_LIST"
IDB=$("$SEGTOOL" create "$KEYB" 4096) || fail "cannot create a segment"
echo "$IDB 0 0" >>"$SEG_LIST"
"$SEGTOOL" hold "$IDA2" 0.1 >/dev/null
"$SEGTOOL" hold "$IDB" 0.1 >/dev/null
"$SEGTOOL" rm "$IDB"
stop_trace
check_eq "--key: the records of the key's segment there before, and of the one made" \
	"attach $IDA detach $IDA remove $IDA create $IDA2 attach $IDA2 detach $IDA2" \
	"$(jq -r '"\(.event) \(.id)"' "$T" | tr '\n' ' ' | sed 's/ $//')"
"$SEGTOOL" rm "$IDA2"

# ================================================================== more busy objects than counted
# the hot operations are counted per object in a map of 16384: more objects busy in a second are
# reported lost, not left out (the arrays made before the trace and removed after it: no other
# record of theirs can be lost)
if echo "250 32000 32 32000" >/proc/sys/kernel/sem 2>/dev/null; then
	"$IPCTOOL" sem-many 20000 2 3 >"$TEST_TMP/many" &
	MANY=$!
	echo "$MANY" >>"$PID_LIST"
	for _ in $(seq 1 100); do grep -q '^made' "$TEST_TMP/many" && break; sleep 0.05; done
	T=$TEST_TMP/t9.json
	start_trace "$T" --kinds sem
	for _ in $(seq 1 100); do grep -q '^operated' "$TEST_TMP/many" && break; sleep 0.05; done
	sleep 1.3 # the counts, read each second
	stop_trace
	wait "$MANY"
	check_eq "20000 arrays busy at once: every semop counted or reported lost" \
		"$(sed -n 's/^operated //p' "$TEST_TMP/many")" \
		"$(jq -s '[.[] | select(.event == "semop" or .event == "lost") | .count] | add' "$T")"
else
	note "kernel.sem cannot be raised here: the busy arrays are left out"
fi

# ================================================================== | head -1
# the reader gone, the tracer stops at once, not at a next record that may never come
check_reader_gone "the tracer stops" "$SHMTOP" --trace

# ================================================================== Ctrl-C, its reader stuck
# a reader that takes nothing (the pipe full): Ctrl-C stops it at once and quietly
"$SHMTOP" --trace -o json 2>"$TEST_TMP/stuck.err" > >(sleep 8) &
STUCK_PID=$!
echo "$STUCK_PID" >>"$PID_LIST"
for _ in $(seq 1 100); do grep -q '^shmtop: tracing' "$TEST_TMP/stuck.err" && break; sleep 0.05; done
"$SEGTOOL" churn 3000 >/dev/null || fail "the churn failed"
sleep 0.5
kill -INT "$STUCK_PID"
for _ in $(seq 1 20); do kill -0 "$STUCK_PID" 2>/dev/null || break; sleep 0.1; done
alive=no
kill -0 "$STUCK_PID" 2>/dev/null && alive=yes
check_eq "Ctrl-C with the output blocked: it stops at once" no "$alive"
kill -KILL "$STUCK_PID" 2>/dev/null
wait "$STUCK_PID" 2>/dev/null
check "... quietly" test "$(grep -vc '^shmtop: tracing' "$TEST_TMP/stuck.err")" = 0

# ================================================================== the table, usage
"$SHMTOP" --trace --duration 0.3 >"$TEST_TMP/table" 2>/dev/null
check "the table starts with its header" grep -q '^TIME  *EVENT  *PID  *PPID  *UID  *KIND' "$TEST_TMP/table"
if [[ -w /dev/full ]]; then
	start_until /dev/full "$TEST_TMP/full.err" '^shmtop: tracing' "$SHMTOP" --trace -o json --duration 3
	seg_create_keyed 4096 600 || fail "cannot create a segment"
	rc=0
	wait "$STARTED_PID" || rc=$?
	check_eq "--trace > /dev/full exits 1" 1 "$rc"
	check "... saying it cannot write" grep -q '^shmtop: cannot write output: No space' "$TEST_TMP/full.err"
fi
rc=0
"$SHMTOP" -b --trace-source=poll >/dev/null 2>&1 || rc=$?
check_eq "--trace-source without --trace is a usage error" 2 "$rc"
rc=0
"$SHMTOP" --trace -o csv >/dev/null 2>&1 || rc=$?
check_eq "--trace -o csv is a usage error" 2 "$rc"
rc=0
"$SHMTOP" -b --duration 2 >/dev/null 2>&1 || rc=$?
check_eq "--duration without --trace is a usage error" 2 "$rc"

finish
