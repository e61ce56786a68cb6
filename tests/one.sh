#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# one.sh - the batch options that scripts use on real objects: -i/--id, --key and --name print
# one object with every field (as ipcs -i, or its JSON object) and fail with status 1 on an id
# that names nothing; --noheadings leaves the rows alone; --time-format writes the times as asked.

# shellcheck disable=SC2016 # the single-quoted commands are for eval
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_jq

seg_create_keyed 4096 640 || fail "cannot create a segment"
ID=$SEG_ID KEY=$(printf '0x%08x' "$SEG_KEY")
NAME=$(posix_name)
posix_create "$NAME" 8192 hello 600 || fail "cannot create the POSIX object $NAME"
stat=$("$SEGTOOL" stat "$ID")
[[ $stat =~ \"ctime\":([0-9]+) ]] && CTIME=${BASH_REMATCH[1]}

# ------------------------------------------------------------------ -i, --key, --name
out=$("$SHMTOP" -i "$ID" 2>&1)
check_eq "-i $ID exits 0" 0 "$?"
check "-i: a title naming the segment" grep -qx "System V shared memory segments: shmid $ID" <<<"$out"
check "-i: its key" grep -qE "^key +$KEY\$" <<<"$out"
check "-i: its size" grep -qE '^size +4\.0K$' <<<"$out"
check "-i: its perms" grep -qE '^perms +0640$' <<<"$out"
check "-i: its rss (read from /proc for every field)" grep -qE '^rss +[0-9.]+[BKMG]$' <<<"$out"
check_eq "--key=$KEY -o json: the same segment" "$ID" \
	"$("$SHMTOP" --key="$KEY" -o json | jq -r .shmid)"
check_eq "--key -o json: one object, its size in bytes" 4096 \
	"$("$SHMTOP" --key="$KEY" -o json | jq -r .size)"
check_eq "--id and -i agree" "$("$SHMTOP" -i "$ID")" "$("$SHMTOP" --id="$ID")"
out=$("$SHMTOP" --kinds=posix --name="$NAME" 2>&1)
check "--kinds=posix --name: the object, by name" grep -qE "^name +$NAME\$" <<<"$out"
check "--name: its size" grep -qE '^size +8\.0K$' <<<"$out"
"$SHMTOP" -i 2147483647 >"$TEST_TMP/none.out" 2>"$TEST_TMP/none.err"
check_eq "-i of an id that names nothing exits 1" 1 "$?"
check "... and says so" grep -qx "shmtop: no segment with shmid 2147483647" "$TEST_TMP/none.err"
check "... with nothing on stdout" test ! -s "$TEST_TMP/none.out"

# ------------------------------------------------------------------ -p
seg_create_keyed 4096 600 || fail "cannot create a second segment"
ID2=$SEG_ID KEY2=$(printf '0x%08x' "$SEG_KEY")
hold_start "$ID2" 30 ro || fail "cannot attach to $ID2"
HOLDER=$HOLD_PID
posix_hold_start "$NAME" 30 ro || fail "cannot map $NAME"
MAPPER=$HOLD_PID
"$SHMTOP" -b --noheadings -p "$HOLDER" >"$TEST_TMP/p.out"
check "-p $HOLDER: the segment it attaches, $KEY2" grep -q "^$KEY2 " "$TEST_TMP/p.out"
check "-p $HOLDER: not the other one, $KEY" eval '! grep -q "^$KEY " "$TEST_TMP/p.out"'
check_eq "-p $HOLDER,$MAPPER --kinds=posix: the object the second maps" "$NAME" \
	"$("$SHMTOP" -b --kinds=posix -o json -p "$HOLDER,$MAPPER" | jq -r '.posix[].name')"
check_eq "-p of a process holding nothing: no segment" 0 \
	"$("$SHMTOP" -b -o json -p 1 | jq '.segments | length')"
"$SHMTOP" -b -p 12x >/dev/null 2>"$TEST_TMP/p.err"
check_eq "-p 12x: a usage error" 2 "$?"

# -i of a process is its pid; -i, --key and --name of a kind that has no such thing are usage
# errors that say which kinds have one, not "no POSIX object with object 0" (status 1).
check_eq "--kinds=proc -i $HOLDER: that process" "$HOLDER" \
	"$("$SHMTOP" --kinds=proc -i "$HOLDER" -o json | jq -r .pid)"
for a in "--kinds=posix -i $ID" "--kinds=pmq --key=$KEY" "--kinds=shm --name=$NAME" \
	"--kinds=sem --name=$NAME" "--kinds=proc --key=$KEY"; do
	# shellcheck disable=SC2086 # split on purpose
	"$SHMTOP" $a >/dev/null 2>"$TEST_TMP/k.err"
	check_eq "$a: a usage error" 2 "$?"
	check "$a: says which kinds to use" grep -q 'which has no .*: use --kinds=' "$TEST_TMP/k.err"
done

# ------------------------------------------------------------------ --noheadings, --time-format
"$SHMTOP" -b --noheadings >"$TEST_TMP/rows"
hold_stop "$HOLDER"
check_eq "--noheadings: one line per segment, no header" \
	"$(awk 'NR > 1 { n++ } END { print n + 0 }' /proc/sysvipc/shm)" "$(wc -l <"$TEST_TMP/rows")"
check "--noheadings: the segment's row" grep -q "^$KEY " "$TEST_TMP/rows"
check "--time-format=epoch: its ctime in seconds" \
	grep -qE "^$KEY .* $CTIME( |\$)" <("$SHMTOP" -b --time-format=epoch)
iso=$(TZ=UTC date -d "@$CTIME" +%Y-%m-%dT%H:%M:%S+00:00)
check "--time-format=iso: its ctime as $iso (TZ=UTC)" \
	grep -qF " $iso" <(TZ=UTC "$SHMTOP" -b --time-format=iso)
finish
