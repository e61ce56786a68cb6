#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# shmem.sh - where /proc/meminfo's Shmem went, against memory the test makes: a System V
# segment of 64 pages filled, a POSIX object of 48 pages in the private /dev/shm, a memfd of
# 32 pages held open and 16 pages of shared anonymous memory. shmtop -b -o json --shmem before
# and after: the segments' part grows by 64 pages and /dev/shm's by 48, each within a page, and
# the parts add up to Shmem; started and stopped, the holder of the memfd and the anonymous
# memory moves the memfds' part by 32 pages, Shmem by both and the remainder by the anonymous
# 16 (in a quiet moment: Shmem and the memfds are the whole machine's). A small tmpfs filled to 7/8 is
# "near_full". The table shows every part; CSV refuses --shmem. All of it goes when removed.

# shellcheck disable=SC2016 # jq programs in single quotes
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
command -v jq >/dev/null 2>&1 || skip "jq is not installed (bootstrap --tests installs it)"
[[ -r /proc/meminfo ]] || hard_error "/proc/meminfo is not readable"

PAGE=$(getconf PAGESIZE)
SHM_DEV=$(stat -c '%Hd:%Ld' /dev/shm) # the tmpfs on /dev/shm, as mountinfo names it

snap() { "$SHMTOP" -b -o json --shmem >"$TEST_TMP/$1.json" || fail "shmtop -b -o json --shmem failed"; }
# val SNAP JQ : one number of a snapshot's "shmem"
val() { jq -r ".shmem | $2" "$TEST_TMP/$1.json"; }
devshm() { val "$1" "(.tmpfs[] | select(.dev == \"$SHM_DEV\") | .used) // \"none\""; }
abs() { local v=$1; echo $((v < 0 ? -v : v)); }

# within DESCRIPTION EXPECTED ACTUAL TOLERANCE (bytes)
within() {
	local d
	d=$(abs $(($3 - $2)))
	if ((d <= $4)); then
		good "$1: $3 bytes, expected $2 (within $4)"
	else
		bad "$1: $3 bytes, expected $2 (off by $d, more than $4)"
	fi
}

# the machine's own movement of Shmem between two quiet readings: the tolerance of the totals
snap q1
sleep 0.5
snap q0
NOISE=$(abs $(($(val q0 .total) - $(val q1 .total))))
note "page $PAGE, /dev/shm is $SHM_DEV, Shmem moved $NOISE bytes between two quiet readings"
check "the JSON has every part" jq -e '.shmem | (.total and .sysv and .tmpfs and .memfd and
	(.remainder != null) and (.procs > 0))' "$TEST_TMP/q0.json" >/dev/null
check_eq "our private /dev/shm is listed as POSIX shared memory" true \
	"$(val q0 "[.tmpfs[] | select(.dev == \"$SHM_DEV\") | .posix] | first")"

# ------------------------------------------------------------------ make the memory
seg_create_keyed $((64 * PAGE)) 600 || fail "cannot create a segment"
"$SEGTOOL" fill "$SEG_ID" zero 1 >/dev/null || fail "cannot fill the segment"
dd if=/dev/zero of=/dev/shm/shmtop-shmem-test bs="$PAGE" count=48 status=none ||
	fail "cannot write a POSIX object into /dev/shm"
HOLD_OUT=$TEST_TMP/shmem-hold
"$SEGTOOL" shmem-hold $((32 * PAGE)) $((16 * PAGE)) 300 >"$HOLD_OUT" &
HOLDER=$!
echo "$HOLDER" >>"$PID_LIST"
for _ in $(seq 1 100); do grep -q '^attached' "$HOLD_OUT" && break; sleep 0.05; done
grep -q '^attached' "$HOLD_OUT" || fail "the memfd and anonymous memory holder did not start"
snap after

within "System V part grows by the 64 pages filled" $((64 * PAGE)) \
	$(($(val after .sysv.resident) - $(val q0 .sysv.resident))) "$PAGE"
within "/dev/shm's part grows by the 48-page object" $((48 * PAGE)) \
	$(($(devshm after) - $(devshm q0))) "$PAGE"
check "the parts add up: total = segments + tmpfs + memfds + remainder" \
	jq -e '.shmem | .total == .sysv.resident + ([.tmpfs[].used // 0] | add) + .memfd.bytes +
		.remainder' "$TEST_TMP/after.json" >/dev/null

# ------------------------------------------------------------------ Shmem itself
# Shmem is the whole machine's, and moves with whatever else runs (other tests in parallel);
# the kernel also folds its per-CPU counts into it only every vm.stat_interval (1 s). So the
# holder of the memfd and the anonymous memory is started and stopped, a reading taken 1.2 s
# after each, until one pair of readings is quiet: up to 10 tries. Shmem must then differ by
# the memfd and the anonymous pages, the remainder by the anonymous ones alone, and the memfds'
# part (every process's: other tests make memfds too) by the one memfd.
# sizes of this run's own (another test's memfd of the same size would look like ours)
MF=$((24 + RANDOM % 40)) AN=$((8 + RANDOM % 24))
tries=0 ok=0
while ((tries < 10 && !ok)); do
	tries=$((tries + 1))
	"$SEGTOOL" shmem-hold $((MF * PAGE)) $((AN * PAGE)) 300 >"$HOLD_OUT.2" &
	H2=$!
	echo "$H2" >>"$PID_LIST"
	for _ in $(seq 1 100); do grep -q '^attached' "$HOLD_OUT.2" && break; sleep 0.05; done
	sleep 1.2
	snap with
	kill "$H2" 2>/dev/null
	wait "$H2" 2>/dev/null
	sleep 1.2
	snap without
	dt=$(($(val with .total) - $(val without .total)))
	dr=$(($(val with .remainder) - $(val without .remainder)))
	dm=$(($(val with .memfd.bytes) - $(val without .memfd.bytes)))
	dc=$(($(val with .memfd.count) - $(val without .memfd.count)))
	if (($(abs $((dt - (MF + AN) * PAGE))) <= 2 * PAGE && $(abs $((dr - AN * PAGE))) <= 2 * PAGE &&
		$(abs $((dm - MF * PAGE))) <= PAGE && dc == 1)); then
		ok=1
	fi
done
if ((ok)); then
	good "the memfds' part moves by the $MF-page memfd ($dm bytes, $dc memfd, counted once though open and mapped), Shmem by it and the anonymous memory ($dt bytes), the remainder by the anonymous memory alone ($dr bytes) (try $tries)"
else
	bad "in the last of $tries tries the memfds' part moved by $dm bytes ($dc memfds; expected $((MF * PAGE)), 1), Shmem by $dt (expected $(((MF + AN) * PAGE))) and the remainder by $dr (expected $((AN * PAGE)))"
fi

# ------------------------------------------------------------------ a /dev/shm nearly full
SMALL=$TEST_TMP/small
mkdir -p "$SMALL"
if mount -t tmpfs -o size=$((16 * PAGE)) shmtop-small "$SMALL" 2>/dev/null; then
	dd if=/dev/zero of="$SMALL/fill" bs="$PAGE" count=14 status=none
	snap full
	SMALL_DEV=$(stat -c '%Hd:%Ld' "$SMALL")
	check_eq "a tmpfs filled to 14 of 16 pages is near_full" true \
		"$(val full "[.tmpfs[] | select(.dev == \"$SMALL_DEV\") | .near_full] | first")"
	check_eq "and its size is its limit" $((16 * PAGE)) \
		"$(val full "[.tmpfs[] | select(.dev == \"$SMALL_DEV\") | .size] | first")"
	rm -f "$SMALL/fill"
	snap notfull
	check_eq "emptied, it is not" false \
		"$(val notfull "[.tmpfs[] | select(.dev == \"$SMALL_DEV\") | .near_full] | first")"
	umount "$SMALL"
else
	note "cannot mount a small tmpfs here: the near_full check is left out"
fi

# ------------------------------------------------------------------ the table, CSV
"$SHMTOP" -b --shmem >"$TEST_TMP/table" 2>&1
for part in "Where the Shmem went" "Shmem (/proc/meminfo)" "  System V segments" \
	"  tmpfs /dev/shm" "  memfds" "  remainder"; do
	check "the table has '$part'" grep -qF -- "$part" "$TEST_TMP/table"
done
rc=0
"$SHMTOP" -b -o csv --shmem >/dev/null 2>"$TEST_TMP/csv.err" || rc=$?
check_eq "CSV refuses --shmem with the usage status" 2 "$rc"
check "and says why" grep -q "shmem" "$TEST_TMP/csv.err"

# ------------------------------------------------------------------ gone again
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null
rm -f /dev/shm/shmtop-shmem-test
"$SEGTOOL" rm "$SEG_ID" >/dev/null
snap gone
within "removed, the segments' part is back" "$(val q0 .sysv.resident)" "$(val gone .sysv.resident)" "$PAGE"
within "and /dev/shm's" "$(devshm q0)" "$(devshm gone)" "$PAGE"

finish
