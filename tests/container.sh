#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# container.sh - a container's /dev/shm never leads shmtop out of the container. Two containers are
# made for real, each a process chroot'ed into a directory of this test inside its own IPC and
# mount namespaces (unshare --ipc --mount --fork, then tests/segtool chroot-hold):
#   C1's dev/shm is a symlink to an absolute host path, /tmp/shmtop-host-bait-XXXXXX, a host
#      directory of bait files that does not exist inside C1's root;
#   C2's dev/shm is a relative symlink that climbs with ../../.. to that same path: inside its
#      root it stays at the root, where that path is C2's own tmpfs (mounted in C2's namespace
#      only), holding C2's objects, one of them named like a host bait file, one mapped by C2's
#      process and one unlinked while it maps it.
# Checked, for --ipc-ns=PID and for --shm-dir=/proc/PID/root/dev/shm: the batch listing
# (-b --posix -o json) shows nothing of the host's bait, and C2's own objects with their
# mapper; --dump=/NAME of a bait file fails with status 1 and prints none of its bytes, while
# C2's own object is dumped; in the dashboard (tmux), N with the pid then Tab shows none of the
# bait, and unlinking C2's object of the bait's name removes C2's, not the host's. Every bait
# file is still there, unchanged, at the end. Skips when not root or where unshare, mount or
# chroot are refused; the dashboard part when tmux is missing.

# shellcheck disable=SC2016 # '$@' and "$1" in single quotes are for sh -c
# shellcheck disable=SC2317 # container_cleanup runs from the EXIT trap
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_shmtop
need_segtool
need_jq
need_root "making containers (unshare, mount, chroot)"
command -v unshare >/dev/null 2>&1 || skip "unshare (util-linux) is not installed"
if ! unshare --ipc --mount true 2>"$TEST_TMP/unshare.err"; then
	skip "unshare --ipc --mount is refused here: $(cat "$TEST_TMP/unshare.err")"
fi

SEGTOOL_ABS=$(cd "$(dirname "$SEGTOOL")" && pwd)/$(basename "$SEGTOOL")
R=$$-$RANDOM
HOLDERS=()     # the unshare processes, each the parent of one container's process
CPIDS=()       # the containers' processes (chroot-hold), which the unshares wait for

# ------------------------------------------------------------------ the host's bait
BAIT=$(mktemp -d /tmp/shmtop-host-bait-XXXXXX) || hard_error "mktemp -d in /tmp failed"
SECRET="HOST-BAIT-SECRET-$R"
printf '%s' "$SECRET" >"$BAIT/bait-$R"
printf '%s' "$SECRET" >"$BAIT/inside-$R"     # the name of one of C2's objects
BAIT_FILES=("bait-$R" "inside-$R")
bait_state() { # name, inode and content of every bait file, one a line
	local f
	for f in "${BAIT_FILES[@]}"; do
		printf '%s %s %s\n' "$f" "$(stat -c %i "$BAIT/$f" 2>/dev/null)" \
			"$(cat "$BAIT/$f" 2>/dev/null)"
	done
}
BAIT_BEFORE=$(bait_state)

container_cleanup() {
	local rc=$? pid
	tmux_stop
	# the containers' processes first (they are not this shell's jobs, so lib.sh's cleanup
	# would not stop them); each unshare then exits, and its mount namespace, C2's tmpfs with
	# it, goes with its last process
	for pid in "${CPIDS[@]}" "${HOLDERS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	rm -rf -- "$BAIT"
	(exit "$rc")
	cleanup # with the test's status in $?
}
trap container_cleanup EXIT

# start_container NAME ROOT SETUP FILE... : in new IPC and mount namespaces, run SETUP (sh, before
# the chroot: $ROOT, $BAITP, $RR and $TEXT are set) and then segtool chroot-hold ROOT 600 FILE...,
# in the background; set CPID to the container's process (the pid shmtop sees). Skips when the
# kernel refuses.
start_container() {
	local name=$1 root=$2 setup=$3 out=$TEST_TMP/$1.out _
	shift 3
	ROOT=$root BAITP=$BAIT RR=$R TEXT=${C2TEXT:-} unshare --ipc --mount --fork \
		sh -c "$setup"'
		exec "$0" chroot-hold "$ROOT" 600 "$@"' "$SEGTOOL_ABS" "$@" >"$out" 2>&1 &
	HOLDERS+=("$!")
	echo "$!" >>"$PID_LIST"
	for _ in $(seq 1 100); do
		if [[ $(cat "$out") =~ attached\ ([0-9]+) ]]; then
			CPID=${BASH_REMATCH[1]}
			CPIDS+=("$CPID")
			echo "$CPID" >>"$PID_LIST"
			return 0
		fi
		kill -0 "${HOLDERS[-1]}" 2>/dev/null || break
		sleep 0.05
	done
	skip "cannot make container $name (unshare, mount or chroot refused?): $(cat "$out")"
}

# C1: dev/shm -> the host's bait directory, by its absolute path
C1=$TEST_TMP/c1
mkdir -p "$C1/dev" || hard_error "mkdir $C1/dev"
ln -s "$BAIT" "$C1/dev/shm"
start_container c1 "$C1" ':'
P1=$CPID

# C2: dev/shm -> ../../../../.. up to the root and down to that same path, which in C2's
# namespace is a tmpfs of its own; its process maps two objects, and one is then unlinked
C2=$TEST_TMP/c2
mkdir -p "$C2/dev" "$C2$BAIT" || hard_error "mkdir in $C2"
ln -s "../../../../../../../../../../..$BAIT" "$C2/dev/shm"
C2TEXT="CONTAINER-OWN-$R"
start_container c2 "$C2" '
	mount -t tmpfs -o size=1m,mode=1777 shmtop-c2 "$ROOT$BAITP" || exit 1
	printf %s "$TEXT" >"$ROOT$BAITP/inside-$RR" && printf gone >"$ROOT$BAITP/gone-$RR" || exit 1
	' "$BAIT/inside-$R" "$BAIT/gone-$R"
P2=$CPID
C2SHM=/proc/$P2/root$BAIT # C2's objects, from here (a path this test controls)
rm -f "$C2SHM/gone-$R" || hard_error "cannot unlink $C2SHM/gone-$R"
note "bait $BAIT; C1 pid $P1 in $C1; C2 pid $P2 in $C2"

# The old way of finding a container's /dev/shm does lead to the bait (so the test can fail).
check_eq "(setup) /proc/$P1/root/dev/shm, resolved by the host, is the bait" "$SECRET" \
	"$(cat "/proc/$P1/root/dev/shm/bait-$R" 2>/dev/null)"
check_eq "(setup) /proc/$P2/root/dev/shm, resolved by the host, is the bait" "$SECRET" \
	"$(cat "/proc/$P2/root/dev/shm/inside-$R" 2>/dev/null)"

# ================================================================== batch: --posix
J=$TEST_TMP
names() { jq -c '[.posix[] | .name + (if .deleted then " (deleted)" else "" end)] | sort' "$1"; }
# mappers NAME FILE : the pids that map NAME, as a JSON array
mappers() {
	jq -c --arg n "$1" '[.posix[] | select(.name == $n) | .mappers[].pid]' "$2"
}

rc=0
"$SHMTOP" --ipc-ns="$P1" -b --posix -o json >"$J/c1.json" 2>"$J/c1.err" || rc=$?
check_eq "C1: --ipc-ns=$P1 -b --posix exits 0" 0 "$rc"
check_eq "C1: no object at all: its /dev/shm leads nowhere inside its root" '[]' "$(names "$J/c1.json")"
check "C1: nothing of the bait in the output" eval '! grep -q "bait-$R\|$SECRET" "$J/c1.json"'
check "C1: the warning says the directory cannot be read" grep -q \
	"warning: cannot list POSIX shared memory in /proc/$P1/root/dev/shm: No such file" "$J/c1.err"

for how in "--ipc-ns=$P2" "--shm-dir=/proc/$P2/root/dev/shm"; do
	rc=0
	"$SHMTOP" "$how" -b --posix -o json >"$J/c2.json" 2>"$J/c2.err" || rc=$?
	check_eq "C2 ($how): exits 0" 0 "$rc"
	check_eq "C2 ($how): its own objects only, the unlinked one as deleted" \
		"[\"/gone-$R (deleted)\",\"/inside-$R\"]" "$(names "$J/c2.json")"
	check_eq "C2 ($how): /inside-$R is C2's: its size, not the bait's" "${#C2TEXT}" \
		"$(jq --arg n "/inside-$R" '.posix[] | select(.name == $n) | .size' "$J/c2.json")"
	check_eq "C2 ($how): mapped by C2's process" "[$P2]" "$(mappers "/inside-$R" "$J/c2.json")"
	check_eq "C2 ($how): the unlinked one too" "[$P2]" "$(mappers "/gone-$R" "$J/c2.json")"
	check "C2 ($how): nothing of the bait" eval '! grep -q "bait-$R\|$SECRET" "$J/c2.json"'
	check "C2 ($how): no warning (a tmpfs, readable)" eval '! grep -q warning "$J/c2.err"'
done

# ================================================================== batch: --dump
hexof() { printf '%s' "$1" | od -An -tx1 -N8 | sed 's/^ //'; } # the first 8 bytes as hexdump -C
for n in "bait-$R" "inside-$R"; do
	rc=0
	"$SHMTOP" --ipc-ns="$P1" --dump="/$n" >"$J/d1.out" 2>"$J/d1.err" || rc=$?
	check_eq "C1: --dump=/$n fails with status 1" 1 "$rc"
	check "C1: --dump=/$n prints none of the bait's bytes" \
		eval '! grep -q "$(hexof "$SECRET")\|HOST-BAI" "$J/d1.out"'
	check_eq "C1: --dump=/$n writes nothing on stdout" 0 "$(wc -c <"$J/d1.out")"
done
rc=0
"$SHMTOP" --ipc-ns="$P2" --dump="/bait-$R" >"$J/d2.out" 2>"$J/d2.err" || rc=$?
check_eq "C2: --dump=/bait-$R (the host's only) fails with status 1" 1 "$rc"
check "C2: ... saying there is no such object" \
	grep -q "cannot read POSIX object /bait-$R: no such object" "$J/d2.err"
check_eq "C2: ... and prints nothing" 0 "$(wc -c <"$J/d2.out")"
rc=0
"$SHMTOP" --ipc-ns="$P2" --dump="/inside-$R" >"$J/d3.out" 2>"$J/d3.err" || rc=$?
check_eq "C2: --dump=/inside-$R exits 0" 0 "$rc"
check "C2: ... and prints C2's bytes" grep -q "^00000000  .*  |${C2TEXT:0:16}|$" "$J/d3.out"
check "C2: ... none of the bait's" eval '! grep -q "HOST-BAI" "$J/d3.out"'

# ================================================================== the dashboard: N, Tab, F9
E2E_COLS=160 E2E_ROWS=40 # the sessions' size

# enter SESSION PID : N, the pid, Enter, then Tab to the POSIX table.
enter() {
	keys "$1" N
	expect "$1" "View the IPC namespace of pid:" "N asks for a pid" || return 1
	type_text "$1" "$2"
	keys "$1" Enter
	expect "$1" "viewing the IPC namespace of pid $2 " "N $2 Enter enters its namespace" || return 1
	keys "$1" Tab
	expect "$1" "$POSIX_RE" "Tab shows the POSIX table"
}

if ! have_tmux; then
	note "tmux is not installed: the dashboard part is skipped"
else
	CUR=c1
	start c1 -d 0.5
	expect c1 "$LIST_RE" "the dashboard starts" || fail "shmtop did not start"
	if enter c1 "$P1"; then
		expect c1 "cannot read /proc/$P1/root/dev/shm: No such file or directory" \
			"C1: the POSIX table says its /dev/shm cannot be read"
		capture c1
		check_screen "C1: no bait on screen" eval '! grep -q "bait-$R\|inside-$R" <<<"$SCREEN"'
		keys c1 F9
		keys c1 y
		sleep 0.5
		capture c1
		check_screen "C1: F9 y has nothing to unlink" eval '! grep -q "unlinked" <<<"$SCREEN"'
	fi
	keys c1 q
	expect c1 '^EXIT=0$' "C1: q exits 0"

	CUR=c2
	start c2 -d 0.5
	expect c2 "$LIST_RE" "the dashboard starts again" || fail "shmtop did not start"
	if enter c2 "$P2"; then
		expect c2 "^ ?/inside-$R +[0-9.]+B " "C2: its own /inside-$R is listed"
		expect c2 "^-/gone-$R \(deleted\) .* $P2 segtool" \
			"C2: the unlinked /gone-$R is listed as deleted, mapped by $P2"
		expect c2 "^2 of 2 POSIX objects in /proc/$P2/root/dev/shm " "C2: two objects, no more"
		capture c2
		check_screen "C2: no bait on screen" eval '! grep -q "bait-$R" <<<"$SCREEN"'
		keys c2 End
		keys c2 F9
		if expect c2 "Unlink /inside-$R\? \(shm_unlink\)" "C2: F9 on /inside-$R asks to unlink it"; then
			keys c2 y
			expect c2 "^/inside-$R unlinked *$" "C2: y unlinks it"
			check "C2: its /inside-$R is gone from its own /dev/shm" \
				eval '! [[ -e $C2SHM/inside-$R ]]'
			expect c2 "^-/inside-$R \(deleted\) .* $P2 segtool" \
				"C2: and comes back as deleted, still mapped by $P2"
		else
			keys c2 n
		fi
	fi
	keys c2 q
	expect c2 '^EXIT=0$' "C2: q exits 0"
	check_sanitizers
fi

# ================================================================== the bait is untouched
check_eq "every bait file is still there, the same inode and bytes" "$BAIT_BEFORE" "$(bait_state)"
check_eq "and nothing was added to the bait directory" "$(printf '%s\n' "${BAIT_FILES[@]}" | sort)" \
	"$(find "$BAIT" -mindepth 1 -printf '%f\n' | sort)"

finish
