#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# posix.sh - POSIX shared memory on real objects, made the way their writers make them (segtool
# posix-create: shm_open O_CREAT|O_EXCL, ftruncate, mmap, write a string): shmtop -b --posix lists
# them with what stat(1) says (size, mode, owner, mtime), semaphores left out; their mappers while
# holders map them (pid, access, count); deleted:true after shm_unlink while still mapped; the leak
# reasons (unmapped; stale with --stale=1s), --posix --leaks and its exit status; the table's
# section; Prometheus (promtool when installed); --shm-dir (another directory, warned about when
# it is not a tmpfs, a missing one);
# --posix -o csv refused; and --dump=/NAME against hexdump -C of the object's bytes.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_jq
[[ -d /dev/shm && -w /dev/shm ]] || skip "/dev/shm is not a writable directory (no POSIX shared memory here)"

J=$TEST_TMP
SHMDIR=/dev/shm
TEXT="shmtop posix test: hello from the writer"

# obj NAME FILE : the object called NAME in FILE's .posix, compact; "" when absent.
obj() { jq -c --arg n "$1" '.posix[] | select(.name == $n)' "$2"; }
# live NAME FILE : the same, but only a listed (not deleted) object.
live() { jq -c --arg n "$1" '.posix[] | select(.name == $n and (.deleted | not))' "$2"; }

A=$(posix_name)
posix_create "$A" 8192 "$TEXT" 640 || fail "cannot create the POSIX object $A"
# what glibc's sem_open makes: a "sem." file in the same directory, never listed
S=/sem.shmtop-$TEST_NAME-$$
posix_create "$S" 32 "" 600 || fail "cannot create $S"

# ------------------------------------------------------------------ the listing against stat
"$SHMTOP" -b --posix -o json >"$J/a.json" 2>"$J/a.err" || fail "shmtop -b --posix -o json failed: $(cat "$J/a.err")"
check_eq "one JSON line" 1 "$(wc -l <"$J/a.json")"
check "the segments are still there" jq -e '.segments | type == "array"' "$J/a.json"
check_eq "shm_dir is /dev/shm by default" '"/dev/shm"' "$(jq -c .shm_dir "$J/a.json")"
check "posix_procs_unreadable is a number" jq -e '.posix_procs_unreadable | type == "number"' "$J/a.json"
check_eq "the object is listed once" 1 "$(jq --arg n "$A" '[.posix[] | select(.name == $n)] | length' "$J/a.json")"
check_eq "sem.* is left out" 0 "$(jq --arg n "$S" '[.posix[] | select(.name == $n)] | length' "$J/a.json")"
# Other tests may create and remove objects meanwhile: compare when find saw the same before and
# after shmtop's listing.
files() { find "$SHMDIR" -maxdepth 1 -type f ! -name 'sem.*' -printf '/%f\n' | LC_ALL=C sort | tr '\n' ' '; }
for _ in 1 2 3 4 5; do
	before=$(files)
	"$SHMTOP" -b --posix -o json >"$J/all.json"
	[[ $(files) == "$before" ]] && break
done
check_eq "every regular file of /dev/shm but sem.* is listed" "$before" \
	"$(jq -r '.posix[] | select(.deleted | not) | .name' "$J/all.json" | LC_ALL=C sort | tr '\n' ' ')"
o=$(obj "$A" "$J/a.json")
f=$SHMDIR$A
check_eq "size as stat says" "$(stat -c %s "$f")" "$(jq .size <<<"$o")"
check_eq "size is what was asked" 8192 "$(jq .size <<<"$o")"
check_eq "mode as stat says, 4 octal digits" "$(printf '%04o' "0$(stat -c %a "$f")")" "$(jq -r .mode <<<"$o")"
check_eq "mode is what was asked" 0640 "$(jq -r .mode <<<"$o")"
check_eq "uid as stat says" "$(stat -c %u "$f")" "$(jq .uid <<<"$o")"
check_eq "gid as stat says" "$(stat -c %g "$f")" "$(jq .gid <<<"$o")"
check_eq "owner as stat says" "$(stat -c %U "$f")" "$(jq -r .owner <<<"$o")"
check_eq "group as stat says" "$(stat -c %G "$f")" "$(jq -r .group <<<"$o")"
check_eq "mtime as stat says" "$(stat -c %Y "$f")" "$(jq .mtime <<<"$o")"
check_eq "not deleted" false "$(jq .deleted <<<"$o")"
check_eq "nobody maps it" '[]' "$(jq -c .mappers <<<"$o")"
check_eq "fresh and unmapped: unmapped, no suspect" '{"suspect":false,"reasons":["unmapped"]}' \
	"$(jq -c .leak <<<"$o")"
check_eq "the fields in the documented order" \
	'["name","size","uid","gid","owner","group","mode","mtime","deleted","mappers","leak"]' \
	"$(jq -c 'keys_unsorted' <<<"$o")"
check_eq "posix comes right after segments" '["segments","posix","shm_dir","posix_procs_unreadable"]' \
	"$(jq -c 'keys_unsorted | .[-4:]' "$J/a.json")"
"$SHMTOP" -b -o json >"$J/plain.json"
check "without --posix, no POSIX field at all" jq -e 'has("posix") or has("shm_dir") | not' "$J/plain.json"

# ------------------------------------------------------------------ the bytes: --dump=/NAME
hexdump -C "$f" >"$J/want.hex"
rc=0
"$SHMTOP" --dump="$A" >"$J/got.hex" 2>"$J/dump.err" || rc=$?
check_eq "--dump=/NAME exits 0" 0 "$rc" || note "stderr: $(cat "$J/dump.err")"
check "--dump=/NAME is hexdump -C of the object's bytes" cmp -s "$J/want.hex" "$J/got.hex"
check "the dump shows the text the writer wrote" grep -q '|shmtop posix tes|' "$J/got.hex"
rc=0
"$SHMTOP" --dump=/shmtop-no-such-object-$$ >/dev/null 2>"$J/dump.err" || rc=$?
check_eq "--dump of a missing object exits 1" 1 "$rc"
check "... saying so" grep -q "shmtop: " "$J/dump.err"

# ------------------------------------------------------------------ mappers while held
posix_hold_start "$A" 60 ro || fail "holder ro did not map $A"
RO=$HOLD_PID
posix_hold_start "$A" 60 rw || fail "holder rw did not map $A"
RW=$HOLD_PID
posix_hold_start "$A" 60 twice || fail "holder twice did not map $A"
TW=$HOLD_PID
"$SHMTOP" -b --posix -o json >"$J/h.json" || fail "shmtop --posix failed with holders"
o=$(live "$A" "$J/h.json")
check_eq "the mappers are exactly the three holders, by pid" \
	"$(printf '%s\n' "$RO" "$RW" "$TW" | sort -n | tr '\n' ' ')" \
	"$(jq -r '.mappers[].pid' <<<"$o" | tr '\n' ' ')"
m() { jq -c --argjson p "$1" '.mappers[] | select(.pid == $p)' <<<"$o"; }
check_eq "the read-only holder maps it r--s" r--s "$(m "$RO" | jq -r .access)"
check_eq "the read-write holder maps it rw-s" rw-s "$(m "$RW" | jq -r .access)"
check_eq "the read-only and read-write holders map it once" "1 1" "$(m "$RO" | jq .count) $(m "$RW" | jq .count)"
check_eq "the holder that mapped it twice counts 2" 2 "$(m "$TW" | jq .count)"
check_eq "the command name is segtool" "segtool segtool segtool" "$(jq -r '[.mappers[].comm] | join(" ")' <<<"$o")"
check_eq "their uid is ours" "$(id -u) $(id -u) $(id -u)" "$(jq -r '[.mappers[].uid | tostring] | join(" ")' <<<"$o")"
check "the length covers the object" jq -e 'all(.mappers[]; .length == 8192)' <<<"$o"
check "addresses are 0x hex" jq -e 'all(.mappers[]; .addr | test("^0x[0-9a-f]+$"))' <<<"$o"
check_eq "the read-write holder's address is its mapping's" \
	"$(awk -v i="$(stat -c %i "$f")" '$5 == i { print "0x" substr($1, 1, index($1, "-") - 1); exit }' "/proc/$RW/maps" | sed 's/0x0*/0x/')" \
	"$(m "$RW" | jq -r .addr)"
check_eq "mapped: no leak reason" '{"suspect":false,"reasons":[]}' "$(jq -c .leak <<<"$o")"

# the table's section
"$SHMTOP" -b --posix >"$J/t.txt" 2>&1 || fail "shmtop -b --posix (table) failed"
check "the table has the POSIX section" grep -q '^POSIX shared memory in /dev/shm - [0-9]* objects\?, ' "$J/t.txt"
check_eq "... set apart from the segments by an empty line" "" \
	"$(grep -B1 '^POSIX shared memory in' "$J/t.txt" | head -1)"
check "... with its header" grep -qE '^NAME +SIZE OWNER +MODE MTIME +MAPPERS LEAK$' "$J/t.txt"
row=$(grep -F -- "$A " "$J/t.txt" | grep -v '(deleted)')
check "the object's row: name, 8.0K, owner, 0640, 3 mappers, no leak" \
	grep -qE "^$A +8\.0K $(stat -c %U "$f") +0640 [0-9-]+ [0-9:]+ +3 -$" <<<"$row"
"$SHMTOP" -b --posix --bytes >"$J/tb.txt" 2>&1
check "--bytes: the exact size" grep -qE "^$A +8192 " "$J/tb.txt"

# Prometheus
"$SHMTOP" -b --posix -o prometheus >"$J/p.prom" 2>"$J/p.err" || fail "shmtop --posix -o prometheus failed: $(cat "$J/p.err")"
ino=$(stat -c %i "$f")
lab="ipc_namespace=\"$(ipc_ns_inode)\",name=\"$A\",inode=\"$ino\",owner=\"$(stat -c %U "$f")\""
check "prometheus: the size" grep -qxF "shmtop_posix_object_size_bytes{$lab} 8192" "$J/p.prom"
check "prometheus: three mappers" grep -qxF "shmtop_posix_object_mappers{$lab} 3" "$J/p.prom"
check "prometheus: not deleted" grep -qxF "shmtop_posix_object_deleted{$lab} 0" "$J/p.prom"
check "prometheus: no suspect" grep -qxF "shmtop_posix_object_leak_suspect{$lab} 0" "$J/p.prom"
check_eq "prometheus: the object count is the JSON's" "$(jq '.posix | length' "$J/h.json")" \
	"$(sed -n 's/^shmtop_posix_objects{[^}]*} //p' "$J/p.prom")"
check "prometheus: the segment metrics come first, as before" \
	test "$(grep -n '^# HELP shmtop_segment_size_bytes' "$J/p.prom" | cut -d: -f1)" -lt \
	"$(grep -n '^# HELP shmtop_posix_object_size_bytes' "$J/p.prom" | cut -d: -f1)"
if command -v promtool >/dev/null 2>&1; then
	check "promtool check metrics accepts it" promtool check metrics <"$J/p.prom"
else
	note "promtool not installed: the exposition was checked by the unit tests' parser only"
fi

# CSV has one header: segments and POSIX objects together are refused; POSIX objects alone are
# written, each row as JSON says
rc=0
"$SHMTOP" -b --posix -o csv >"$J/c.csv" 2>"$J/c.err" || rc=$?
check_eq "--posix -o csv (two kinds) is refused as a usage error" 2 "$rc"
check "... saying why" grep -q -- "CSV holds one kind of row" "$J/c.err"
"$SHMTOP" -b --kinds=posix -o csv >"$J/p.csv" 2>"$J/c.err" || fail "--kinds=posix -o csv failed"
check "--kinds=posix -o csv: the POSIX objects' header" \
	grep -q '^time,name,size,uid,gid,owner,group,mode,mtime,deleted,mappers,leak_suspect,leak_reasons' "$J/p.csv"
"$SHMTOP" -b --kinds=posix -o json >"$J/p.json" || fail "--kinds=posix -o json failed"
check_eq "--kinds=posix -o csv: a row per object JSON lists" \
	"$(jq '.posix | length' "$J/p.json")" "$(($(wc -l <"$J/p.csv") - 1))"
check_eq "--kinds=posix -o csv: each object's size, owner, mode, mappers as JSON says" \
	"$(jq -r '.posix | sort_by(.name)[] | "\(.name),\(.size // ""),\(.owner // ""),\(.mode // ""),\(.mappers | length)"' "$J/p.json")" \
	"$(tr -d '\r' <"$J/p.csv" | awk -F, 'NR > 1 {print $2 "," $3 "," $6 "," $8 "," $11}' | sort)"
check "... and writing nothing" test ! -s "$J/c.csv"
# -s and -r name a field of the first kind, here the POSIX objects'
B=$(posix_name) && posix_create "$B" 100 "" 600 || fail "cannot create $B"
C=$(posix_name) && posix_create "$C" 20000 "" 600 || fail "cannot create $C"
"$SHMTOP" -b --kinds=posix -s size -r -o json >"$J/s.json" || fail "--kinds=posix -s size -r failed"
check "... of objects of different sizes" jq -e '[.posix[].size] | unique | length > 2' "$J/s.json"
check_eq "--kinds=posix -s size -r: largest first" \
	"$(jq -c '[.posix[].size] | sort | reverse' "$J/s.json")" "$(jq -c '[.posix[].size]' "$J/s.json")"
"$SEGTOOL" posix-unlink "$B" && "$SEGTOOL" posix-unlink "$C" || fail "cannot unlink $B and $C"

# ------------------------------------------------------------------ unlinked while mapped
"$SEGTOOL" posix-unlink "$A" || fail "cannot unlink $A"
check "the file is gone from /dev/shm" test ! -e "$f"
"$SHMTOP" -b --posix -o json >"$J/d.json" || fail "shmtop --posix failed after the unlink"
check_eq "still listed once, as deleted" 1 "$(jq --arg n "$A" '[.posix[] | select(.name == $n and .deleted)] | length' "$J/d.json")"
check_eq "and not as a live object" "" "$(live "$A" "$J/d.json")"
o=$(obj "$A" "$J/d.json")
check_eq "deleted: the same three mappers" "$(printf '%s\n' "$RO" "$RW" "$TW" | sort -n | tr '\n' ' ')" \
	"$(jq -r '.mappers[].pid' <<<"$o" | tr '\n' ' ')"
check_eq "deleted: no leak reason" '{"suspect":false,"reasons":[]}' "$(jq -c .leak <<<"$o")"
if is_root; then
	# root reads the inode through /proc/PID/map_files
	check_eq "deleted, as root: the size is still known" 8192 "$(jq .size <<<"$o")"
	check_eq "deleted, as root: the mode too" 0640 "$(jq -r .mode <<<"$o")"
fi
"$SHMTOP" -b --posix >"$J/dt.txt" 2>&1
check "the table marks it (deleted)" grep -qE "^$A \(deleted\) " "$J/dt.txt"
hold_stop "$RO"
hold_stop "$RW"
hold_stop "$TW"
"$SHMTOP" -b --posix -o json >"$J/g.json"
check_eq "unmapped after the unlink: gone altogether" "" "$(obj "$A" "$J/g.json")"

# ------------------------------------------------------------------ leaks: unmapped, stale
B=$(posix_name)
posix_create "$B" 4096 "$TEXT" 600 || fail "cannot create $B"
"$SHMTOP" -b --posix --stale=1h -o json >"$J/l1.json"
check_eq "fresh: unmapped only" '{"suspect":false,"reasons":["unmapped"]}' "$(obj "$B" "$J/l1.json" | jq -c .leak)"
rc=0
"$SHMTOP" -b --posix --leaks --stale=1h -o json >"$J/l1l.json" 2>&1 || rc=$?
check_eq "--leaks does not list a fresh object" "" "$(obj "$B" "$J/l1l.json")"
check "--leaks lists only suspects" jq -e 'all(.posix[]; .leak.suspect) and all(.segments[]; .leak.suspect)' "$J/l1l.json"
sleep 2
"$SHMTOP" -b --posix --stale=1s -o json >"$J/l2.json"
check_eq "two seconds old, --stale=1s: unmapped and stale, a suspect" \
	'{"suspect":true,"reasons":["unmapped","stale"]}' "$(obj "$B" "$J/l2.json" | jq -c .leak)"
"$SHMTOP" -b --posix --stale=1h -o json >"$J/l3.json"
check_eq "--stale=1h: not stale" '["unmapped"]' "$(obj "$B" "$J/l3.json" | jq -c .leak.reasons)"
rc=0
"$SHMTOP" -b --posix --leaks --stale=1s -o json >"$J/l4.json" 2>"$J/l4.err" || rc=$?
check_eq "--posix --leaks with a POSIX suspect exits 1" 1 "$rc"
check "--posix --leaks lists it" test -n "$(obj "$B" "$J/l4.json")"
check "--posix --leaks lists only suspects" jq -e 'all(.posix[]; .leak.suspect)' "$J/l4.json"
rc=0
"$SHMTOP" -b --posix --leaks --stale=1s >"$J/l4.txt" 2>&1 || rc=$?
check_eq "--posix --leaks (table) exits 1" 1 "$rc"
check "the table shows its reasons" grep -qE "^$B +4\.0K .* +0 unmapped,stale$" "$J/l4.txt"
# held, it is no suspect any more
posix_hold_start "$B" 60 ro || fail "holder of $B did not map it"
HB=$HOLD_PID
"$SHMTOP" -b --posix --leaks --stale=1s -o json >"$J/l5.json" 2>&1
check_eq "mapped again: not listed by --leaks" "" "$(obj "$B" "$J/l5.json")"
hold_stop "$HB"
# only POSIX suspects: a user that owns nothing else (needs root to give the object away)
if is_root; then
	chown 65533:65533 "$SHMDIR$B" || fail "cannot chown $B"
	rc=0
	"$SHMTOP" -b --leaks --stale=1s -u 65533 >/dev/null 2>&1 || rc=$?
	check_eq "-u 65533 --leaks without --posix: nothing, exit 0" 0 "$rc"
	rc=0
	"$SHMTOP" -b --posix --leaks --stale=1s -u 65533 -o json >"$J/l6.json" 2>&1 || rc=$?
	check_eq "-u 65533 --posix --leaks: the POSIX suspect alone makes it exit 1" 1 "$rc"
	check_eq "-u keeps only that user's objects" "[\"$B\"]" "$(jq -c '[.posix[].name]' "$J/l6.json")"
	"$SHMTOP" -b --posix -u 65533 -o json >"$J/l7.json"
	check_eq "-u filters the POSIX objects too" "[\"$B\"]" "$(jq -c '[.posix[].name]' "$J/l7.json")"
else
	note "not root: the chown check of --posix --leaks -u is skipped"
fi

# ------------------------------------------------------------------ --shm-dir
D=$J/shmdir
mkdir "$D" || fail "mkdir $D"
printf 'hello' >"$D/plain"
printf 'x' >"$D/sem.lock"
mkdir "$D/subdir"
ln -s plain "$D/link"
"$SHMTOP" -b --posix --shm-dir="$D" -o json >"$J/s.json" 2>"$J/s.err" || fail "--shm-dir=$D failed: $(cat "$J/s.err")"
check_eq "--shm-dir: shm_dir says where" "\"$D\"" "$(jq -c .shm_dir "$J/s.json")"
check_eq "--shm-dir: only the regular file, not sem.*, a directory or a symlink" '["/plain"]' \
	"$(jq -c '[.posix[].name]' "$J/s.json")"
check_eq "--shm-dir: its size" 5 "$(obj /plain "$J/s.json" | jq .size)"
if [[ $(stat -f -c %T "$D") != tmpfs ]]; then
	check_eq "--shm-dir on $(stat -f -c %T "$D"), not a tmpfs: one warning line" 1 \
		"$(grep -c "^shmtop: warning: --shm-dir $D is not a tmpfs" "$J/s.err")"
else
	note "$D is on a tmpfs: the warning for another filesystem is not checked"
fi
if [[ $(stat -f -c %T /dev/shm) == tmpfs ]]; then
	"$SHMTOP" -b --posix --shm-dir=/dev/shm -o json >/dev/null 2>"$J/t.err"
	check "--shm-dir=/dev/shm, a tmpfs: no warning" eval '! grep -q "not a tmpfs" "$J/t.err"'
fi
"$SHMTOP" -b --posix --shm-dir="$D" >"$J/s.txt" 2>&1
check "--shm-dir: the table names the directory" grep -qF "POSIX shared memory in $D - 1 object, " "$J/s.txt"
rc=0
"$SHMTOP" -b --posix --shm-dir="$J/missing" -o json >"$J/m.json" 2>"$J/m.err" || rc=$?
check_eq "a missing --shm-dir is not fatal" 0 "$rc"
check_eq "... one warning line" 1 "$(grep -c 'warning: cannot list POSIX shared memory in' "$J/m.err")"
check_eq "... and no objects" '[]' "$(jq -c .posix "$J/m.json")"
rc=0
"$SHMTOP" -b --posix --shm-dir="$J/missing" -n 3 -d 0.1 -o json >"$J/m3.json" 2>"$J/m3.err" || rc=$?
check_eq "three snapshots: exit 0" 0 "$rc"
check_eq "three snapshots: the warning once" 1 "$(grep -c 'warning: cannot list POSIX' "$J/m3.err")"
check_eq "three snapshots: three lines" 3 "$(wc -l <"$J/m3.json")"

finish
