#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# isolation.sh - make check never sees or touches the caller's IPC objects: lib.sh has moved
# this test into IPC and mount namespaces other than the caller's, with a /dev/shm that is not the
# caller's; shmtop there lists exactly the segment and the POSIX object this test made, nothing of
# the caller's, and the object is not in the caller's /dev/shm. Skips where lib.sh could not make
# the namespaces (its note in every test's log says so).

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_jq
[[ $SHMTOP_TEST_NS != shared ]] ||
	skip "the tests run in the caller's namespaces here (SHMTOP_TEST_NS=shared): nothing to check"

J=$TEST_TMP
# What the caller's namespaces were, as lib.sh saw them before it left them.
check "another IPC namespace than the caller's ($SHMTOP_TEST_NS_CALLER_IPC)" \
	test "$(readlink /proc/$$/ns/ipc)" != "$SHMTOP_TEST_NS_CALLER_IPC"
check "another mount namespace than the caller's ($SHMTOP_TEST_NS_CALLER_MNT)" \
	test "$(readlink /proc/$$/ns/mnt)" != "$SHMTOP_TEST_NS_CALLER_MNT"
check "/dev/shm is another filesystem than the caller's (device:inode $SHMTOP_TEST_NS_CALLER_SHM)" \
	test "$(stat -c %d:%i /dev/shm)" != "$SHMTOP_TEST_NS_CALLER_SHM"
# The harness that started this test is in the caller's namespaces; its /dev/shm is the caller's
# (only readable where we may look into that process: as root).
CALLER_SHM=/proc/$PPID/root/dev/shm
[[ -r $CALLER_SHM/. ]] || CALLER_SHM=

seg_create_keyed 4096 600 || fail "cannot create a segment"
NAME=$(posix_name)
posix_create "$NAME" 4096 "isolation" 600 || fail "cannot create the POSIX object $NAME"

"$SHMTOP" -b --posix -o json >"$J/all.json" 2>"$J/all.err" || fail "shmtop -b --posix failed: $(cat "$J/all.err")"
check_eq "shmtop lists our segment and nothing of the caller's" "$SEG_KEY" \
	"$(jq -r '[.segments[].key] | join(" ")' "$J/all.json")"
check_eq "shmtop lists our POSIX object and nothing of the caller's" "$NAME" \
	"$(jq -r '[.posix[].name] | join(" ")' "$J/all.json")"
check_eq "/dev/shm holds only our object" "${NAME#/}" "$(ls -A /dev/shm)"
if [[ -n $CALLER_SHM ]]; then
	check "the object is not in the caller's /dev/shm ($CALLER_SHM)" test ! -e "$CALLER_SHM/${NAME#/}"
fi

finish
