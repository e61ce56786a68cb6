#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# hugetlb.sh - SHM_HUGETLB segments, on real huge pages reserved for the test: the kernel's
# /proc/sysvipc/shm counts a touched huge page's base pages once per base page (1 GiB for one
# 2 MiB page of a 4 MiB segment); shmtop never shows an RSS larger than the segment, marks the
# segment as hugetlb with its page size in JSON, CSV and the table's STATUS while a process maps
# it, and shows the real RSS (one huge page) as root. Needs root
# (to reserve huge pages); skipped, saying why, where they cannot be had.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_jq
need_root "reserving huge pages (/proc/sys/vm/nr_hugepages)"

NR=/proc/sys/vm/nr_hugepages
[[ -w $NR ]] || skip "$NR is not writable (a container?): no huge pages for the test"
HP=$(awk '/^Hugepagesize:/ { print $2 * 1024 }' /proc/meminfo)
[[ -n $HP && $HP -gt 0 ]] || skip "this kernel reports no default huge page size"
# The pool is the machine's, not the namespace's, and other tests may change it meanwhile: add 4
# pages and take back exactly what was added, never set an absolute value.
OLD=$(cat "$NR")
ADDED=0
hugetlb_cleanup() {
	local rc=$?
	((ADDED > 0)) && echo $(($(cat "$NR") - ADDED)) >"$NR" 2>/dev/null
	(exit "$rc")
	cleanup
}
trap hugetlb_cleanup EXIT
echo $((OLD + 4)) >"$NR" 2>/dev/null
ADDED=$(($(cat "$NR") - OLD))
FREE=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
((FREE >= 2)) || skip "could not reserve 2 huge pages (memory too fragmented?): $FREE free"
note "huge page size $HP bytes; pool $OLD -> $(cat "$NR") (added $ADDED)"

SIZE=$((2 * HP))
id=$("$SEGTOOL" create-huge 0 "$SIZE" 600) || fail "shmget(SHM_HUGETLB) of $SIZE bytes failed"
printf '%s %s\n' "$id" "$(seg_identity "$id")" >>"$SEG_LIST"
hold_start "$id" 60 rw || fail "cannot attach a holder to the hugetlb segment"
"$SEGTOOL" write "$id" "one huge page touched" || fail "cannot write into the hugetlb segment"

kernel_rss=$(awk -v id="$id" '$2 == id { print $15 }' /proc/sysvipc/shm)
note "the kernel's /proc/sysvipc/shm says rss $kernel_rss for $SIZE bytes with one page touched"

J=$TEST_TMP
"$SHMTOP" -b -o json >"$J/h.json" 2>"$J/h.err" || fail "shmtop -b -o json failed: $(cat "$J/h.err")"
seg() { jq -c --argjson id "$id" '.segments[] | select(.shmid == $id)' "$J/h.json"; }
check_eq "JSON: huge_page_size is the huge page size" "$HP" "$(seg | jq .huge_page_size)"
check_eq "JSON: rss is the one huge page touched (its file's blocks)" "$HP" "$(seg | jq .rss)"
check "JSON: rss is never larger than the segment" \
	jq -e --argjson id "$id" '.segments[] | select(.shmid == $id) | .rss == null or .rss <= .size' \
	"$J/h.json" >/dev/null
"$SHMTOP" -b >"$J/h.txt" || fail "shmtop -b failed"
check "table: STATUS says huge" grep -Eq "^0x00000000 +$id .* huge " "$J/h.txt"
"$SHMTOP" -b -o csv >"$J/h.csv" || fail "shmtop -b -o csv failed"
check_eq "CSV: the last column, huge_page_size" "$HP" \
	"$(awk -F, -v id="$id" '$3 == id { sub(/\r$/, "", $NF); print $NF }' "$J/h.csv")"
"$SHMTOP" -b --source=shmctl -o json >"$J/hs.json" || fail "shmtop --source=shmctl failed"
check_eq "JSON from shmctl: marked too" "$HP" \
	"$(jq --argjson id "$id" '.segments[] | select(.shmid == $id) | .huge_page_size' "$J/hs.json")"

# Nobody maps it any more: its hugeness cannot be told, and the kernel's impossible RSS is not
# shown.
hold_stop "$HOLD_PID"
"$SHMTOP" -b -o json >"$J/u.json" || fail "shmtop -b -o json failed"
useg() { jq -c --argjson id "$id" '.segments[] | select(.shmid == $id)' "$J/u.json"; }
check_eq "unmapped: huge_page_size unknown (null)" null "$(useg | jq .huge_page_size)"
if ((kernel_rss > SIZE)); then
	check_eq "unmapped: the kernel's impossible rss ($kernel_rss > $SIZE) is shown as unknown" null \
		"$(useg | jq .rss)"
else
	check "unmapped: rss at most the segment's size" \
		jq -e '.rss == null or .rss <= .size' <<<"$(useg)" >/dev/null
fi
# An ordinary segment that a process maps is known not to be hugetlb.
seg_create 0 8192 600 || fail "cannot create an ordinary segment"
plain=$SEG_ID
hold_start "$plain" 60 ro || fail "cannot attach a holder to the ordinary segment"
"$SHMTOP" -b -o json >"$J/p.json" || fail "shmtop -b -o json failed"
check_eq "an ordinary segment a process maps: huge_page_size 0" 0 \
	"$(jq --argjson id "$plain" '.segments[] | select(.shmid == $id) | .huge_page_size' "$J/p.json")"

finish
