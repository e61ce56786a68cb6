#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# columns.sh - --columns on real segments: the batch table and the CSV show the columns asked for,
# in that order, by name, lsipc alias or title, each cell the value JSON gives for the same
# segment; --columns=help lists what each writer accepts (and every name listed is accepted);
# JSON and Prometheus refuse it.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_jq
[[ -r /proc/sysvipc/shm ]] || skip "/proc/sysvipc/shm is not readable (no SysV IPC in this kernel?)"

seg_create_keyed 12345 640 || fail "cannot create a keyed segment"
A=$SEG_ID
seg_create 0 4096 600 || fail "cannot create a private segment"
B=$SEG_ID
T=$TEST_TMP

"$SHMTOP" -b -o json --source=proc >"$T/all.json" || fail "shmtop -o json failed"
jfield() { # SHMID FIELD : the JSON value, as jq -r prints it
	jq -r --argjson id "$1" --arg f "$2" '.segments[] | select(.shmid == $id) | .[$f]' "$T/all.json"
}

# ------------------------------------------------------------------ the batch table
"$SHMTOP" -b --bytes --source=proc --columns=size,ID,user,nattch,rss,key >"$T/table.txt" ||
	fail "shmtop -b --columns failed"
check_eq "table: the titles in the order asked" "SIZE SHMID OWNER NATTCH RSS KEY" \
	"$(sed -n 2p "$T/table.txt" | xargs)"
for id in $A $B; do
	row=$(awk -v id="$id" 'NR > 2 && $2 == id' "$T/table.txt" | xargs)
	check_eq "table: segment $id cell by cell as JSON says" \
		"$(jfield "$id" size) $id $(jfield "$id" owner) $(jfield "$id" nattch) $(jfield "$id" rss) $(jfield "$id" key)" \
		"$row"
done
check_eq "table: nothing but the columns asked for" 6 \
	"$(awk -v id="$A" 'NR > 2 && $2 == id {print NF}' "$T/table.txt")"

# ------------------------------------------------------------------ CSV
"$SHMTOP" -b -o csv --columns=shmid,cpid_alive,perms,leak_suspect,owner >"$T/out.csv" ||
	fail "shmtop -o csv --columns failed"
check_eq "csv: time, then the columns asked for" "time,shmid,cpid_alive,perms,leak_suspect,owner" \
	"$(head -n 1 "$T/out.csv" | tr -d '\r')"
for id in $A $B; do
	line=$(tr -d '\r' <"$T/out.csv" | awk -F, -v id="$id" '$2 == id' | cut -d, -f2-)
	want="$id,$(jfield "$id" cpid_alive),$(jfield "$id" perms),$(jq -r --argjson id "$id" \
		'.segments[] | select(.shmid == $id) | .leak.suspect' "$T/all.json"),$(jfield "$id" owner)"
	check_eq "csv: segment $id as JSON says" "$want" "$line"
done

# ------------------------------------------------------------------ help and refusals
for w in "" "-b" "-b -o csv"; do
	# shellcheck disable=SC2086 # $w is words on purpose
	"$SHMTOP" $w --columns=help >"$T/help.txt" 2>&1
	rc=$?
	check_eq "--columns=help ($w): exit status 0" 0 "$rc"
	names=$(awk 'NR > 1 {print ($1 == "*") ? $2 : $1}' "$T/help.txt" | paste -sd, -)
	check "--columns=help ($w) lists names" test -n "$names"
	if [[ $w == -b* ]]; then
		# shellcheck disable=SC2086
		"$SHMTOP" $w -n 1 --columns="$names" >/dev/null 2>"$T/err"
		check_eq "every column --columns=help ($w) lists is accepted, all at once" "" "$(cat "$T/err")"
	fi
done
for fmt in json prometheus; do
	"$SHMTOP" -b -o $fmt --columns=key >/dev/null 2>"$T/err"
	rc=$?
	check_eq "-o $fmt --columns: a usage error" 2 "$rc"
done
"$SHMTOP" -b --columns=key,nope >/dev/null 2>"$T/err"
rc=$?
check_eq "an unknown column: a usage error" 2 "$rc"
check "an unknown column is named, and the known ones listed" \
	grep -q "unknown column 'nope' for shm (known: key, shmid" "$T/err"

finish
