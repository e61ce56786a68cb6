# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# lib.sh - shared helpers for the shell tests (cli.sh, integration.sh). Sourced, not run.
#
# Exit codes follow automake's test protocol: 0 pass, 1 fail, 77 skip, 99 hard error.
# Sourcing it first moves the test into IPC and mount namespaces of its own, with a private
# /dev/shm, wherever that is permitted (see "private namespaces" below), so a test never sees or
# touches the caller's segments and POSIX objects.
# Every segment a test creates goes through seg_create, every POSIX object through posix_create,
# every semaphore array and message queue through ipc_create, every background process through
# hold_start or posix_hold_start (or is written to PID_LIST), so the EXIT trap can undo all of
# them even when the test fails half-way.

set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
top_builddir=${top_builddir:-.}
SHMTOP=${SHMTOP:-$top_builddir/src/shmtop}
SEGTOOL=${SEGTOOL:-$top_builddir/tests/segtool}
IPCTOOL=${IPCTOOL:-$top_builddir/tests/ipctool}
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}

# Keep output stable whatever the caller's environment: C messages, no colors, UTC times.
export LC_ALL=C TZ=UTC NO_COLOR=1

TEST_FAILED=0
TEST_COUNT=0

# Print to stderr, which the automake harness keeps in the test's .log file.
note() { printf '# %s\n' "$*" >&2; }

hard_error() {
	printf 'ERROR: %s: %s\n' "$TEST_NAME" "$*" >&2
	exit 99
}

skip() {
	printf 'SKIP: %s: %s\n' "$TEST_NAME" "$*" >&2
	exit 77
}

# One failed check: report it and go on, so one run shows every broken check.
bad() {
	TEST_COUNT=$((TEST_COUNT + 1))
	TEST_FAILED=$((TEST_FAILED + 1))
	printf 'not ok %d - %s\n' "$TEST_COUNT" "$*" >&2
}

good() {
	TEST_COUNT=$((TEST_COUNT + 1))
	printf 'ok %d - %s\n' "$TEST_COUNT" "$*" >&2
}

# A failed check after which nothing else makes sense: stop now (cleanup still runs).
fail() {
	bad "$*"
	printf 'FAIL: %s: stopped after %d of %d checks failed\n' "$TEST_NAME" "$TEST_FAILED" \
		"$TEST_COUNT" >&2
	exit 1
}

# check DESCRIPTION COMMAND... : passes when the command succeeds; returns its verdict.
check() {
	local what=$1
	shift
	if "$@"; then
		good "$what"
	else
		bad "$what"
		return 1
	fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [[ "$2" == "$3" ]]; then
		good "$1"
	else
		bad "$1: expected '$2', got '$3'"
		return 1
	fi
}

finish() {
	if ((TEST_FAILED)); then
		printf 'FAIL: %s: %d of %d checks failed\n' "$TEST_NAME" "$TEST_FAILED" "$TEST_COUNT" >&2
		exit 1
	fi
	printf 'PASS: %s: %d checks\n' "$TEST_NAME" "$TEST_COUNT" >&2
	exit 0
}

need_shmtop() {
	[[ -x "$SHMTOP" ]] || hard_error "$SHMTOP is not built (run make first)"
}

need_segtool() {
	[[ -x "$SEGTOOL" ]] || hard_error "$SEGTOOL is not built (run 'make tests/segtool' or make check)"
}

need_ipctool() {
	[[ -x "$IPCTOOL" ]] || hard_error "$IPCTOOL is not built (run 'make tests/ipctool' or make check)"
}

need_jq() {
	command -v jq >/dev/null 2>&1 ||
		skip "jq is not installed; it validates shmtop's JSON (apt-get install jq, or ./bootstrap --tests as root)"
}

# Root for real: not the uid 0 of a user namespace (see below), where other uids are not mapped
# and setpriv to nobody fails.
is_root() { [[ $(id -u) == 0 && ${SHMTOP_TEST_NS:-} != user ]]; }

need_root() {
	is_root || skip "$* needs root"
}

# ------------------------------------------------------------------ private namespaces
# The test re-executes itself, once, under unshare: new IPC and mount namespaces (mounts private,
# so nothing propagates back), where it mounts a fresh tmpfs on /dev/shm and an mqueue filesystem
# on /dev/mqueue if there is one. Its segments, POSIX objects and the processes it starts (the
# e2e tests' tmux server and shmtop too) then live apart from the caller's, and the kernel
# destroys whatever is left when the test's last process exits; the EXIT trap still cleans up,
# inside. As root that needs nothing more; otherwise a user namespace in which the test is uid 0
# (--map-root-user: no privilege outside it, and is_root stays false). Where neither is permitted
# the test runs in the caller's namespaces as before, and its log says so. tests/private.sh does
# the same for the unit tests (automake's LOG_COMPILER), but only as root: a C test takes uid 0
# for root. SHMTOP_TEST_NS tells which: private (as root), user, or shared; set it to shared to
# run the tests in the caller's namespaces on purpose. SHMTOP_TEST_NS_CALLER_{IPC,MNT,SHM} record
# the caller's IPC and mount namespaces and its /dev/shm (device:inode), as they were before.

# ns_private : inside the new namespaces, mount the private filesystems (once per namespace).
# Never in the caller's mount namespace: a SHMTOP_TEST_NS inherited or set by hand must not make
# a test mount over the caller's /dev/shm.
ns_private() {
	local mnt err
	mnt=$(readlink "/proc/$$/ns/mnt") || hard_error "cannot read /proc/$$/ns/mnt"
	[[ -n ${SHMTOP_TEST_NS_CALLER_MNT:-} && $mnt != "$SHMTOP_TEST_NS_CALLER_MNT" ]] ||
		hard_error "SHMTOP_TEST_NS=$SHMTOP_TEST_NS, but this is not a mount namespace of the test's own ($mnt): unset SHMTOP_TEST_NS"
	[[ ${SHMTOP_TEST_NS_MOUNTED:-} == "$mnt" ]] && return 0
	export SHMTOP_TEST_NS_MOUNTED=$mnt
	if [[ -d /dev/shm ]] &&
		! err=$(mount -t tmpfs -o mode=1777,nosuid,nodev shmtop-test /dev/shm 2>&1); then
		note "cannot mount a private tmpfs on /dev/shm ($err): POSIX objects go to the caller's"
	fi
	if [[ -d /dev/mqueue ]] &&
		! err=$(mount -t mqueue -o nosuid,nodev,noexec mqueue /dev/mqueue 2>&1); then
		note "cannot mount a private mqueue filesystem on /dev/mqueue ($err)"
	fi
	note "in private IPC and mount namespaces ($SHMTOP_TEST_NS: $(readlink "/proc/$$/ns/ipc"), $mnt), /dev/shm: $(findmnt -n -o SOURCE /dev/shm 2>/dev/null | tail -n 1)"
}

case ${SHMTOP_TEST_NS:-} in
'')
	# what the caller's namespaces are, for ns_private and tests/isolation.sh
	export SHMTOP_TEST_NS=shared SHMTOP_TEST_NS_CALLER_IPC SHMTOP_TEST_NS_CALLER_MNT \
		SHMTOP_TEST_NS_CALLER_SHM
	SHMTOP_TEST_NS_CALLER_IPC=$(readlink "/proc/$$/ns/ipc")
	SHMTOP_TEST_NS_CALLER_MNT=$(readlink "/proc/$$/ns/mnt")
	SHMTOP_TEST_NS_CALLER_SHM=$(stat -c %d:%i /dev/shm 2>/dev/null)
	if ! command -v unshare >/dev/null 2>&1; then
		note "unshare (util-linux) is missing: this test runs in the caller's IPC namespace and /dev/shm"
	elif [[ $(id -u) == 0 ]] && unshare --ipc --mount --propagation private true 2>/dev/null; then
		SHMTOP_TEST_NS=private
		exec unshare --ipc --mount --propagation private -- "$BASH" "$0" "$@"
	elif [[ -n ${SHMTOP_TEST_NS_ONLY:-} ]]; then
		# a unit test takes uid 0 for root: in a user namespace it would be 0 without root's
		# powers over other uids
		note "not root: this program runs in the caller's IPC namespace and /dev/shm"
	elif unshare --user --map-root-user --ipc --mount --propagation private true 2>/dev/null; then
		SHMTOP_TEST_NS=user
		exec unshare --user --map-root-user --ipc --mount --propagation private -- "$BASH" "$0" "$@"
	else
		note "unshare --ipc --mount is not permitted here (not as root, nor in a user namespace): this test runs in the caller's IPC namespace and /dev/shm"
	fi
	;;
private | user) ns_private ;;
shared) note "SHMTOP_TEST_NS=shared: this test runs in the caller's IPC namespace and /dev/shm" ;;
*) hard_error "SHMTOP_TEST_NS=$SHMTOP_TEST_NS: expected private, user or shared" ;;
esac
# tests/private.sh wants only the namespaces, for a program it runs next.
[[ -n ${SHMTOP_TEST_NS_ONLY:-} ]] && return 0

# ------------------------------------------------------------------ scratch space and cleanup

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/shmtop-$TEST_NAME.XXXXXX") || hard_error "mktemp -d failed"
SEG_LIST=$TEST_TMP/segments   # "shmid cpid ctime" of every segment this test created
PID_LIST=$TEST_TMP/pids       # every background process this test started
POSIX_LIST=$TEST_TMP/posix    # "inode /NAME" of every POSIX object this test created
IPC_LIST=$TEST_TMP/ipc        # "sem|msg id key" of every array and queue this test created
POSIX_DIR=${POSIX_DIR:-/dev/shm}  # where shm_open puts them (glibc: always /dev/shm)
: >"$SEG_LIST"
: >"$PID_LIST"
: >"$POSIX_LIST"
: >"$IPC_LIST"

# The creator pid and ctime of shmid $1, from IPC_STAT, as "cpid ctime"; fails if it is gone.
seg_identity() {
	local out
	out=$("$SEGTOOL" stat "$1" 2>/dev/null) || return 1
	[[ $out =~ \"cpid\":([0-9]+).*\"ctime\":([0-9]+) ]] || return 1
	printf '%s %s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

# existing_keys : the keys of the segments that exist, as 8 hex digits, one a line.
existing_keys() {
	awk 'NR > 1 { k = $1 + 0; if (k < 0) k += 4294967296; printf "%08x\n", k }' /proc/sysvipc/shm
}

# seg_exists SHMID : the segment exists (its IPC_STAT succeeds).
seg_exists() { "$SEGTOOL" stat "$1" >/dev/null 2>&1; }

cleanup() {
	local rc=$? pid id cpid ctime now running
	trap - EXIT INT TERM HUP
	# Stop the holders first so removed segments really go away once detached. Only those still
	# running as this shell's jobs: the pid of one that hold_stop already ended may be another
	# test's process by now (pids wrap around quickly on a busy machine).
	running=" $(jobs -rp | tr '\n' ' ') "
	while read -r pid; do
		[[ $running == *" $pid "* ]] && kill -TERM "$pid" 2>/dev/null
	done <"$PID_LIST"
	while read -r pid; do
		wait "$pid" 2>/dev/null
	done <"$PID_LIST"
	# Ids are reused: remove an id only while it still names the segment we created.
	while read -r id cpid ctime; do
		now=$(seg_identity "$id") || continue
		if [[ $now == "$cpid $ctime" ]]; then
			"$SEGTOOL" rm "$id" || printf 'WARNING: could not remove shmid %s\n' "$id" >&2
		fi
	done <"$SEG_LIST"
	# Arrays and queues: removed only while the id still has the key this test gave it.
	while read -r kind id key; do
		"$IPCTOOL" rm-if "$kind" "$id" "$key" ||
			printf 'WARNING: could not remove %s id %s\n' "$kind" "$id" >&2
	done <"$IPC_LIST"
	# Names are reused too: unlink a name only while it is still the object we created.
	while read -r ino name; do
		[[ $(stat -c %i "$POSIX_DIR$name" 2>/dev/null) == "$ino" ]] || continue
		"$SEGTOOL" posix-unlink "$name" || printf 'WARNING: could not unlink %s\n' "$name" >&2
	done <"$POSIX_LIST"
	rm -rf "$TEST_TMP"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# seg_create KEY SIZE [MODE] : create a segment, record it for cleanup, set SEG_ID.
# Returns segtool's status (3: the key is in use) without recording anything on failure.
seg_create() {
	local rc=0
	SEG_ID=$("$SEGTOOL" create "$@") || rc=$?
	((rc == 0)) || return "$rc"
	printf '%s %s\n' "$SEG_ID" "$(seg_identity "$SEG_ID")" >>"$SEG_LIST"
}

# seg_create_keyed SIZE [MODE] : a segment with a random key nobody uses; sets SEG_ID, SEG_KEY.
seg_create_keyed() {
	local _ rc
	for _ in $(seq 1 50); do
		# 0x5e000000..0x5effffff, never 0 (IPC_PRIVATE)
		SEG_KEY=$(printf '0x5e%06x' $(((RANDOM << 9 ^ RANDOM) % 0xffffff + 1)))
		rc=0
		seg_create "$SEG_KEY" "$@" 2>/dev/null || rc=$?
		((rc == 0)) && return 0
		((rc == 3)) || break
	done
	"$SEGTOOL" create "$SEG_KEY" "$@" # once more, to show why on stderr
	return 1
}

# hold_start ID SECONDS [ro|rw] [PROGRAM] : attach in the background and wait until attached.
# PROGRAM is segtool itself or a copy/link of it under another name. Sets HOLD_PID.
hold_start() {
	local id=$1 secs=$2 how=${3:-ro} prog=${4:-$SEGTOOL} out _
	out=$TEST_TMP/hold.$id.$RANDOM
	"$prog" hold "$id" "$secs" "$how" >"$out" &
	HOLD_PID=$!
	echo "$HOLD_PID" >>"$PID_LIST"
	for _ in $(seq 1 100); do
		if grep -q '^attached ' "$out" 2>/dev/null; then
			return 0
		fi
		kill -0 "$HOLD_PID" 2>/dev/null || break
		sleep 0.05
	done
	bad "holder of shmid $id did not attach"
	return 1
}

# ipc_create sem|msg KEY ARGS... : create a semaphore array (ARGS: NSEMS [MODE]) or a message
# queue (ARGS: [MODE]) with ipctool, record it for cleanup, set IPC_ID. Returns ipctool's status
# (3: the key is in use) without recording anything on failure.
ipc_create() {
	local kind=$1 key=$2 rc=0
	shift 2
	IPC_ID=$("$IPCTOOL" "$kind-create" "$key" "$@") || rc=$?
	((rc == 0)) || return "$rc"
	printf '%s %s %s\n' "$kind" "$IPC_ID" "$key" >>"$IPC_LIST"
}

# ipc_create_keyed sem|msg ARGS... : the same with a random key nobody uses; sets IPC_ID and
# IPC_KEY (as 0x%08x).
ipc_create_keyed() {
	local kind=$1 _ rc
	shift
	for _ in $(seq 1 50); do
		# 0x5f000000..0x5fffffff, never 0 (IPC_PRIVATE); segments use 0x5e
		IPC_KEY=$(printf '0x5f%06x' $(((RANDOM << 9 ^ RANDOM) % 0xffffff + 1)))
		rc=0
		ipc_create "$kind" "$IPC_KEY" "$@" 2>/dev/null || rc=$?
		((rc == 0)) && return 0
		((rc == 3)) || break
	done
	"$IPCTOOL" "$kind-create" "$IPC_KEY" "$@" # once more, to show why on stderr
	return 1
}

# posix_create /NAME SIZE TEXT [MODE] : create a POSIX object with segtool, record it for cleanup.
# Returns segtool's status (3: the name is in use) without recording anything on failure.
posix_create() {
	local rc=0 ino
	"$SEGTOOL" posix-create "$@" || rc=$?
	((rc == 0)) || return "$rc"
	ino=$(stat -c %i "$POSIX_DIR$1") || return 1
	printf '%s %s\n' "$ino" "$1" >>"$POSIX_LIST"
}

# ipc_ns_inode : the inode of this test's IPC namespace (the ipc_namespace label of shmtop's
# Prometheus series).
ipc_ns_inode() { stat -L -c %i /proc/self/ns/ipc; }

# posix_name : print a fresh object name for this test, "/shmtop-TEST-PID-RANDOM".
posix_name() {
	printf '/shmtop-%s-%d-%d\n' "$TEST_NAME" "$$" "$RANDOM"
}

# posix_hold_start /NAME SECONDS [ro|rw|twice] : map the object in the background and wait until
# it is mapped. Sets HOLD_PID.
posix_hold_start() {
	local name=$1 secs=$2 how=${3:-ro} out _
	out=$TEST_TMP/phold.$RANDOM
	"$SEGTOOL" posix-hold "$name" "$secs" "$how" >"$out" &
	HOLD_PID=$!
	echo "$HOLD_PID" >>"$PID_LIST"
	for _ in $(seq 1 100); do
		if grep -q '^attached ' "$out" 2>/dev/null; then
			return 0
		fi
		kill -0 "$HOLD_PID" 2>/dev/null || break
		sleep 0.05
	done
	bad "holder of $name did not map it"
	return 1
}

# wait_ready FILE : wait up to 5 s for a line "ready PID" in FILE (a container's shell says so
# when it has made what the test needs); READY_PID is PID. Returns 1 when it never came.
wait_ready() {
	local _
	for _ in $(seq 1 100); do
		# shellcheck disable=SC2034 # READY_PID is for the caller
		[[ $(cat "$1" 2>/dev/null) =~ ready\ ([0-9]+) ]] && READY_PID=${BASH_REMATCH[1]} &&
			return 0
		sleep 0.05
	done
	return 1
}

# check_reader_gone WHAT CMD... : CMD (a tracer, its stderr saying "shmtop: tracing" when ready)
# writes into | head -1; after a segment is made, it must stop by itself within 6 s, quietly,
# exit 1, and the one line read be the create. WHAT names it in the checks.
check_reader_gone() {
	local what=$1 pid alive=no rc=0 _
	shift
	"$@" -o json 2>"$TEST_TMP/head.err" > >(head -1 >"$TEST_TMP/head.out") &
	pid=$!
	echo "$pid" >>"$PID_LIST"
	for _ in $(seq 1 100); do grep -q '^shmtop: tracing' "$TEST_TMP/head.err" && break; sleep 0.05; done
	seg_create_keyed 4096 600 || fail "cannot create a segment"
	for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$pid" 2>/dev/null && alive=yes
	check_eq "| head -1: $what once the reader has gone" no "$alive"
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || rc=$?
	check_eq "... exit 1" 1 "$rc"
	check "... quietly" test "$(grep -vc '^shmtop: tracing' "$TEST_TMP/head.err")" = 0
	check_eq "... after the one record read" create "$(jq -r .event "$TEST_TMP/head.out")"
}

# start_until OUT ERR PATTERN CMD... : run CMD in the background, its stdout to OUT and stderr to
# ERR, until ERR has a line matching PATTERN (grep) -- a tracer or recorder saying it is ready.
# STARTED_PID is its pid (recorded for the cleanup). Fails the test with what CMD said when it
# exits first or takes 5 s.
start_until() {
	local out=$1 err=$2 pat=$3 _
	shift 3
	# emptied here, not only by the redirection in the child: a file left by an earlier start
	# would say it started before the child has even run
	: >"$err"
	"$@" >"$out" 2>"$err" &
	STARTED_PID=$!
	echo "$STARTED_PID" >>"$PID_LIST"
	for _ in $(seq 1 100); do
		grep -q "$pat" "$err" 2>/dev/null && return 0
		kill -0 "$STARTED_PID" 2>/dev/null || break
		sleep 0.05
	done
	fail "$* did not start: $(cat "$err")"
}

# hold_stop PID : detach a holder now and wait for it.
hold_stop() {
	kill -TERM "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}
