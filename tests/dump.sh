#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# dump.sh - `shmtop --dump` / `--dump-key` against real segments: byte-identical to `hexdump -C`
# of the same bytes for many sizes and contents, the segment unchanged afterwards, nattch back
# where it was; a segment's nattch, lpid, atime and dtime untouched by --dump, also while its
# output waits on a full pipe, with and without the privilege to read through map_files; and
# one-line errors with exit status 1 for missing ids and keys.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
command -v hexdump >/dev/null 2>&1 ||
	skip "hexdump is not installed (Debian: bsdextrautils); it is the reference for --dump"

DUMP=$TEST_TMP/dump
REF=$TEST_TMP/ref
BYTES=$TEST_TMP/bytes
AFTER=$TEST_TMP/after

# Sizes around the 16-byte line, a page, and 1 MiB; System V has no 0-byte segments
# (shmget refuses size 0), so the smallest is 1.
seed=1
for size in 1 15 16 17 31 32 33 4095 4096 4097 1048576; do
	for kind in zero random runs; do
		seg_create 0 "$size" 600 || fail "cannot create a $size-byte segment"
		id=$SEG_ID
		"$SEGTOOL" fill "$id" "$kind" "$seed" || fail "cannot fill shmid $id"
		seed=$((seed + 1))
		"$SEGTOOL" save "$id" "$BYTES" || fail "cannot save shmid $id"
		hexdump -C "$BYTES" >"$REF"
		nattch_before=$("$SEGTOOL" stat "$id" | sed 's/.*"nattch":\([0-9]*\).*/\1/')
		rc=0
		"$SHMTOP" --dump="$id" >"$DUMP" 2>"$TEST_TMP/err" || rc=$?
		check_eq "--dump of $size bytes ($kind): exit status" 0 "$rc"
		check "--dump of $size bytes ($kind) equals hexdump -C" cmp -s "$REF" "$DUMP" ||
			diff "$REF" "$DUMP" | head -n 10 >&2
		"$SEGTOOL" save "$id" "$AFTER"
		check "the $size-byte segment ($kind) is unchanged after --dump" cmp -s "$BYTES" "$AFTER"
		nattch_after=$("$SEGTOOL" stat "$id" | sed 's/.*"nattch":\([0-9]*\).*/\1/')
		check_eq "nattch of the $size-byte segment is back after --dump" "$nattch_before" "$nattch_after"
		"$SEGTOOL" rm "$id"
	done
done

# Repeated runs give the same output (nothing random or time-dependent in it).
seg_create 0 65536 600 || fail "cannot create a 64K segment"
"$SEGTOOL" fill "$SEG_ID" runs 99
"$SHMTOP" --dump="$SEG_ID" >"$TEST_TMP/d1"
"$SHMTOP" --dump="$SEG_ID" >"$TEST_TMP/d2"
check "two --dump runs print the same" cmp -s "$TEST_TMP/d1" "$TEST_TMP/d2"

# --dump-key, in hex and in the signed decimal /proc uses.
seg_create_keyed 100 600 || fail "cannot create a keyed segment"
"$SEGTOOL" write "$SEG_ID" "hello, key"
"$SEGTOOL" save "$SEG_ID" "$BYTES"
hexdump -C "$BYTES" >"$REF"
"$SHMTOP" --dump-key="$SEG_KEY" >"$DUMP"
check "--dump-key=$SEG_KEY equals hexdump -C" cmp -s "$REF" "$DUMP"
"$SHMTOP" --dump-key="$((SEG_KEY))" >"$DUMP"
check "--dump-key in decimal equals hexdump -C" cmp -s "$REF" "$DUMP"

# Looking changes nothing. A 4 MiB segment with an attacher: nattch, lpid, atime and dtime before,
# during (shmtop blocked writing into a full pipe, its reader stalled) and after --dump are the
# same. Its hexdump is about 17 MiB of text, far more than a pipe holds.
evidence() { "$SEGTOOL" evidence "$1"; }
seg_create 0 $((4 << 20)) 644 || fail "cannot create a 4 MiB segment"
held=$SEG_ID
"$SEGTOOL" fill "$held" random 7 || fail "cannot fill shmid $held"
hold_start "$held" 120 ro || fail "cannot attach a holder to shmid $held"
sleep 1 # so that an attach by --dump would show in atime and dtime
e0=$(evidence "$held")
stalled_dump() { # stalled_dump ID [COMMAND PREFIX...] : --dump into a reader that stalls 3 s
	local id=$1
	shift
	"$@" sh -c 'echo $$ >"$0"; exec "$@"' "$TEST_TMP/stall.pid" "$SHMTOP" --dump="$id" \
		2>"$TEST_TMP/stall.err" | { head -c 100 >/dev/null; sleep 3; cat >/dev/null; } &
	STALL_PID=$!
	sleep 1.5
}
stalled_dump "$held"
check "--dump is still running, blocked on the full pipe" \
	eval 'kill -0 "$(cat "$TEST_TMP/stall.pid")" 2>/dev/null'
check "... in write(2) on the pipe" \
	eval '[[ $(cat "/proc/$(cat "$TEST_TMP/stall.pid")/wchan" 2>/dev/null) == *pipe* ]]'
check_eq "while --dump waits on a full pipe, nattch lpid atime dtime are unchanged" "$e0" \
	"$(evidence "$held")"
wait "$STALL_PID"
check_eq "after --dump, nattch lpid atime dtime are unchanged" "$e0" "$(evidence "$held")"
check "--dump into a stalled pipe reported nothing" test ! -s "$TEST_TMP/stall.err"
# Nobody attached (and, as root, the privilege to follow map_files): shmtop attaches once for
# microseconds to open it, and is not attached while it writes.
seg_create 0 $((4 << 20)) 644 || fail "cannot create a 4 MiB segment"
alone=$SEG_ID
"$SEGTOOL" fill "$alone" random 8 || fail "cannot fill shmid $alone" # zeros would squeeze to '*'
stalled_dump "$alone"
check_eq "nobody attached: nattch stays 0 while --dump waits on a full pipe" 0 \
	"$(evidence "$alone" | cut -d' ' -f1)"
# removed while --dump waits: it stops at the next chunk instead of keeping the segment's memory
# allocated through its descriptor to the end
"$SEGTOOL" rm "$alone"
wait "$STALL_PID"
check "removed while --dump waited: it stops and says so" \
	grep -q "shmid $alone was removed while being read" "$TEST_TMP/stall.err"
# Without the privilege (nobody, reading root's 0644 segment that root's process holds): it
# attaches for each chunk and detaches before writing it, so a full pipe holds nothing attached.
if is_root && command -v setpriv >/dev/null 2>&1; then
	stalled_dump "$held" setpriv --reuid=65534 --regid=65534 --clear-groups
	check_eq "as nobody: nattch stays at the holder's 1 while --dump waits on a full pipe" 1 \
		"$(evidence "$held" | cut -d' ' -f1)"
	wait "$STALL_PID"
	"$SEGTOOL" save "$held" "$BYTES"
	hexdump -C "$BYTES" >"$REF"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$SHMTOP" --dump="$held" >"$DUMP"
	check "as nobody, --dump (attaching for each chunk) equals hexdump -C" cmp -s "$REF" "$DUMP"
else
	note "not root (or no setpriv): --dump without the privilege is not checked"
fi

# Errors: one line on stderr naming the problem, nothing on stdout, status 1.
# An id nobody has: a removed segment's id is free until the kernel reuses it.
seg_create 0 16 600
gone=$SEG_ID
"$SEGTOOL" rm "$gone"
rc=0
"$SHMTOP" --dump="$gone" >"$DUMP" 2>"$TEST_TMP/err" || rc=$?
check_eq "--dump of a missing id: exit status" 1 "$rc"
check "--dump of a missing id: nothing on stdout" test ! -s "$DUMP"
check_eq "--dump of a missing id: one line on stderr" 1 "$(wc -l <"$TEST_TMP/err")"
check "--dump of a missing id: the message says so" grep -q "shmid $gone: no such segment" "$TEST_TMP/err"
rc=0
"$SHMTOP" --dump-key=0x5dfffffe >"$DUMP" 2>"$TEST_TMP/err" || rc=$?
check_eq "--dump-key of a missing key: exit status" 1 "$rc"
check "--dump-key of a missing key: the message names the key" grep -q "0x5dfffffe" "$TEST_TMP/err"
rc=0
"$SHMTOP" --dump=abc >"$DUMP" 2>"$TEST_TMP/err" || rc=$?
check_eq "--dump=abc is a usage error" 2 "$rc"

# Permission: a segment with no read permission for others, dumped by nobody.
if is_root && command -v setpriv >/dev/null 2>&1; then
	seg_create 0 64 600
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups "$SHMTOP" --dump="$SEG_ID" >"$DUMP" \
		2>"$TEST_TMP/err" || rc=$?
	check_eq "--dump without read permission: exit status" 1 "$rc"
	check "--dump without read permission: says permission denied" grep -q "permission denied" "$TEST_TMP/err"
else
	note "not root (or no setpriv): the permission case is not checked"
fi

# A FIFO planted in /dev/shm must not hang --dump=/NAME in open(): refused at once.
if [[ -d /dev/shm && -w /dev/shm ]]; then
	fifo=/dev/shm/shmtop-dump-fifo-$$
	mkfifo "$fifo"
	rc=0
	timeout 10 "$SHMTOP" --dump="/${fifo##*/}" >"$DUMP" 2>"$TEST_TMP/err" || rc=$?
	rm -f "$fifo"
	check_eq "--dump of a FIFO in /dev/shm returns at once with status 1" 1 "$rc"
	check "--dump of a FIFO says it is not a regular file" grep -q "not a regular file" "$TEST_TMP/err"
fi

finish
