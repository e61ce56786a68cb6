# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# pmqlib.sh - what the tests of POSIX message queues and named semaphores share (pmq.sh,
# pkinds.sh, e2e-pkinds.sh), sourced after lib.sh: tests/pmqtool, the queues a test made and
# the mqueue filesystem it mounted, all undone at exit; making queues and semaphores; holders in
# the background.
# shellcheck shell=bash
# shellcheck disable=SC2317 # pmq_cleanup runs from the EXIT trap
# shellcheck disable=SC2034 # BG_PID, BG_JOB and MQ_MOUNTED are for the test that sources this

PMQTOOL=${PMQTOOL:-$top_builddir/tests/pmqtool}
[[ -x "$PMQTOOL" ]] || hard_error "$PMQTOOL is not built (run 'make tests/pmqtool' or make check)"

PMQ_QUEUES=$TEST_TMP/queues # every queue mq_create made
MQ_MOUNTED=                 # an mqueue filesystem the test mounted, if it did
CONTAINER=                  # a container's process, when the test made one
: >"$PMQ_QUEUES"

# pmq_cleanup : the EXIT trap. A test's own pmq_cleanup_first (if it defines one) runs first;
# then the container goes, the queues are unlinked, the mqueue filesystem unmounted, and
# lib.sh's cleanup runs with the test's status in $?: holders, then the semaphores' files.
pmq_cleanup() {
	local rc=$? name
	declare -F pmq_cleanup_first >/dev/null && pmq_cleanup_first
	[[ -n $CONTAINER ]] && kill -TERM "$CONTAINER" 2>/dev/null
	while read -r name; do
		"$PMQTOOL" mq-unlink "$name" 2>/dev/null
	done <"$PMQ_QUEUES"
	[[ -n $MQ_MOUNTED ]] && umount "$MQ_MOUNTED" 2>/dev/null
	(exit "$rc")
	cleanup
}
trap pmq_cleanup EXIT

# mq_mount DIR : an mqueue filesystem of the test's own at DIR (made), unmounted at exit; skips
# the test where none can be mounted.
mq_mount() {
	local err
	mkdir -p "$1" || hard_error "mkdir $1"
	err=$(mount -t mqueue -o nosuid,nodev,noexec mqueue "$1" 2>&1) ||
		skip "cannot mount an mqueue filesystem here: $err"
	MQ_MOUNTED=$1
}

# mq_create NAME MAXMSG MSGSIZE [MODE] : a queue, recorded for the cleanup
mq_create() {
	"$PMQTOOL" mq-create "$@" || fail "cannot make the queue $1"
	echo "$1" >>"$PMQ_QUEUES"
}

# sem_create NAME VALUE [MODE] : a semaphore, its file recorded for lib.sh's cleanup
sem_create() {
	local ino
	"$PMQTOOL" sem-create "$@" || fail "cannot make the semaphore $1"
	ino=$(stat -c %i "/dev/shm/sem.${1#/}") || fail "no file for the semaphore $1"
	printf '%s /sem.%s\n' "$ino" "${1#/}" >>"$POSIX_LIST"
}

# bg TOOL WORD CMD... : run TOOL CMD (pmqtool, or a copy of it under another name) in the
# background until it prints "WORD PID"; BG_PID is that pid (the tool's own), BG_JOB the job.
bg() {
	local tool=$1 word=$2 out=$TEST_TMP/bg.$RANDOM _
	shift 2
	"$tool" "$@" >"$out" &
	BG_JOB=$!
	echo "$BG_JOB" >>"$PID_LIST"
	for _ in $(seq 1 100); do
		if [[ $(cat "$out" 2>/dev/null) =~ $word\ ([0-9]+) ]]; then
			BG_PID=${BASH_REMATCH[1]}
			return 0
		fi
		kill -0 "$BG_JOB" 2>/dev/null || break
		sleep 0.05
	done
	fail "$tool $* did not say '$word'"
}
