#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# leaks.sh - who holds a segment and which look leaked, on real segments and processes: holders
# attaching read-only and read-write (one twice), the attachers list against them exactly, each
# mapping listed, then after they are killed: orphan + creator-gone; a shmtop attached to it does
# not make it look used; --leaks' output and exit status (0/1/2), --stale.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_jq

J=$TEST_TMP

# A creator that is gone: segtool create exits at once, so the segment's cpid is dead.
seg_create_keyed 8192 600 || fail "cannot create a segment"
ID=$SEG_ID
KEY=$SEG_KEY

# Three holders: read-only, read-write, and one process that attaches twice.
hold_start "$ID" 60 ro || fail "holder ro did not attach"
RO=$HOLD_PID
hold_start "$ID" 60 rw || fail "holder rw did not attach"
RW=$HOLD_PID
hold_start "$ID" 60 twice || fail "holder twice did not attach"
TW=$HOLD_PID

"$SHMTOP" -b --attachers -o json >"$J/a.json" 2>"$J/a.err" || fail "shmtop --attachers failed: $(cat "$J/a.err")"
seg() { jq -c --argjson id "$ID" '.segments[] | select(.shmid == $id)' "$J/a.json"; }
check_eq "nattch of the held segment: four attachments" 4 "$(seg | jq .nattch)"
check_eq "attachers_visible: all four attachments are visible" 4 "$(seg | jq .attachers_visible)"
check_eq "the attachers are exactly the three holders" \
	"$(printf '%s\n' "$RO" "$RW" "$TW" | sort -n | tr '\n' ' ')" \
	"$(seg | jq -r '.attachers[].pid' | sort -n | tr '\n' ' ')"
check_eq "the holder that attached twice counts 2" 2 \
	"$(seg | jq -r --argjson p "$TW" '.attachers[] | select(.pid == $p) | .count')"
check_eq "the read-only holder maps it r--s" "r--s" \
	"$(seg | jq -r --argjson p "$RO" '.attachers[] | select(.pid == $p) | .access')"
check_eq "the read-write holder maps it rw-s" "rw-s" \
	"$(seg | jq -r --argjson p "$RW" '.attachers[] | select(.pid == $p) | .access')"
check_eq "the other two attached once" "1 1" \
	"$(seg | jq -r --argjson p "$TW" '[.attachers[] | select(.pid != $p) | .count] | map(tostring) | join(" ")')"
check_eq "the command name is segtool" "segtool segtool segtool" \
	"$(seg | jq -r '[.attachers[].comm] | join(" ")')"
check "the mapped length covers the segment" \
	jq -e --argjson id "$ID" '.segments[] | select(.shmid == $id) | all(.attachers[]; .length >= 8192)' "$J/a.json"
check "addresses are 0x hex" \
	jq -e --argjson id "$ID" '.segments[] | select(.shmid == $id) | all(.attachers[]; .addr | test("^0x[0-9a-f]+$"))' "$J/a.json"
check_eq "the holder that attached twice lists its two mappings, each r--s" "r--s r--s" \
	"$(seg | jq -r --argjson p "$TW" '.attachers[] | select(.pid == $p) | [.mappings[].access] | join(" ")')"
check_eq "the mappings of a holder sum to the segment's nattch" 4 \
	"$(seg | jq '[.attachers[].mappings | length] | add')"
check_eq "none of the holders is a shmtop" false "$(seg | jq '[.attachers[].shmtop] | any')"
check_eq "held: not a leak suspect" false "$(seg | jq .leak.suspect)"
check_eq "held: the creator is gone" '["creator-gone"]' "$(seg | jq -c .leak.reasons)"

# Kill the holders: nobody attached, creator gone: a suspect.
hold_stop "$RO"
hold_stop "$RW"
hold_stop "$TW"
"$SHMTOP" -b -o json >"$J/b.json"
seg() { jq -c --argjson id "$ID" '.segments[] | select(.shmid == $id)' "$J/b.json"; }
check_eq "after the holders died: orphan and creator-gone" '{"suspect":true,"reasons":["orphan","creator-gone"]}' \
	"$(seg | jq -c .leak)"

# A shmtop attached to it (another shmtop reading it, or an old one with its hex view open) is
# not use: a copy of segtool named shmtop holds it; the segment stays a suspect, and its
# attachment is listed but not counted as visible use.
cp "$SEGTOOL" "$TEST_TMP/shmtop" || fail "cannot copy segtool"
hold_start "$ID" 60 ro "$TEST_TMP/shmtop" || fail "the holder named shmtop did not attach"
SH=$HOLD_PID
"$SHMTOP" -b --attachers -o json >"$J/s.json"
seg() { jq -c --argjson id "$ID" '.segments[] | select(.shmid == $id)' "$J/s.json"; }
check_eq "held by a shmtop: nattch 1" 1 "$(seg | jq .nattch)"
check_eq "held by a shmtop: listed, marked as one" "$SH true" \
	"$(seg | jq -r '.attachers[] | "\(.pid) \(.shmtop)"')"
check_eq "held by a shmtop: attachers_visible 0" 0 "$(seg | jq .attachers_visible)"
check_eq "held by a shmtop: still orphan and creator-gone, a suspect" \
	'{"suspect":true,"reasons":["orphan","creator-gone"]}' "$(seg | jq -c .leak)"
rc=0
"$SHMTOP" -b --leaks -o json >"$J/s2.json" 2>&1 || rc=$?
check_eq "held by a shmtop: --leaks (which scans the attachers itself) exits 1" 1 "$rc"
check "held by a shmtop: --leaks lists it" \
	jq -e --argjson id "$ID" 'any(.segments[]; .shmid == $id)' "$J/s2.json"
hold_stop "$SH"
# A program that only calls itself shmtop (prctl PR_SET_NAME) is not one: its attachment is use.
"$SEGTOOL" hold "$ID" 60 ro shmtop >"$TEST_TMP/named.out" &
NAMED=$!
echo "$NAMED" >>"$PID_LIST"
for _ in $(seq 1 100); do grep -q '^attached ' "$TEST_TMP/named.out" && break; sleep 0.05; done
check_eq "a renamed holder's command name is shmtop" shmtop "$(cat "/proc/$NAMED/comm")"
"$SHMTOP" -b --attachers -o json >"$J/n.json"
seg() { jq -c --argjson id "$ID" '.segments[] | select(.shmid == $id)' "$J/n.json"; }
check_eq "renamed to shmtop, another program: not marked as a shmtop" "$NAMED false" \
	"$(seg | jq -r '.attachers[] | "\(.pid) \(.shmtop)"')"
check_eq "renamed to shmtop: its mapping is visible use" 1 "$(seg | jq .attachers_visible)"
check_eq "renamed to shmtop: not an orphan, not a suspect" '{"suspect":false,"reasons":["creator-gone"]}' \
	"$(seg | jq -c .leak)"
hold_stop "$NAMED"

# --leaks lists it with its reasons and exits 1; in every format.
rc=0
"$SHMTOP" -b --leaks -o json >"$J/l.json" 2>"$J/l.err" || rc=$?
check_eq "--leaks with a suspect exits 1" 1 "$rc"
check "--leaks lists our segment" jq -e --argjson id "$ID" 'any(.segments[]; .shmid == $id)' "$J/l.json"
check "--leaks lists only suspects" jq -e 'all(.segments[]; .leak.suspect)' "$J/l.json"
rc=0
"$SHMTOP" -b --leaks >"$J/l.txt" 2>&1 || rc=$?
check_eq "--leaks table exits 1" 1 "$rc"
check "--leaks table shows the reasons" grep -qE "^$KEY .*orphan,creator-gone" "$J/l.txt"
rc=0
"$SHMTOP" --leaks -o csv >"$J/l.csv" 2>&1 || rc=$?
check_eq "--leaks implies -b (csv) and exits 1" 1 "$rc"
check "--leaks csv row" grep -qE "^[0-9]+,$KEY,$ID,.*,true,orphan;creator-gone,[0-9]*"$'\r'"$" "$J/l.csv"
# Without --leaks, a table whose columns include LEAK says the same reasons (the creator being
# gone needs the process information the default table never reads).
"$SHMTOP" -b --columns=shmid,leak >"$J/c.txt" 2>&1 || bad "the table with --columns=shmid,leak failed"
check "--columns=shmid,leak: orphan,creator-gone as JSON says" grep -qE "^ *$ID +orphan,creator-gone *$" "$J/c.txt"

# No suspect at all: -u to a user that owns nothing.
rc=0
"$SHMTOP" -b --leaks -u 65533 >"$J/none.txt" 2>&1 || rc=$?
check_eq "--leaks with no suspect (a user owning nothing) exits 0" 0 "$rc"
# -p filters the suspects, and the status follows what it shows: pid 1 created, attached and
# last used none of ours; the segment's creator (gone, but its cpid stays) did.
rc=0
"$SHMTOP" -b --leaks -p 1 --kinds=all >"$J/p1.txt" 2>&1 || rc=$?
check_eq "--leaks -p 1 (no suspect of pid 1's) exits 0" 0 "$rc"
CPID=$("$SHMTOP" -b -o json | jq --argjson id "$ID" '.segments[] | select(.shmid == $id) | .cpid')
rc=0
"$SHMTOP" -b --leaks -p "1,$CPID" >"$J/pc.txt" 2>&1 || rc=$?
check_eq "--leaks -p 1,CPID (our suspect's creator) exits 1" 1 "$rc"
check "--leaks -p 1,CPID lists our segment" grep -qE "^$KEY " "$J/pc.txt"
rc=0
"$SHMTOP" -b --leaks --stale=0s >/dev/null 2>"$J/err" || rc=$?
check_eq "--leaks with a bad --stale exits 2" 2 "$rc"

# Stale by age: the segment is a few seconds old; with --stale=1s and a wait it is stale.
sleep 2
# With /proc missing, shmtop falls back to shmctl and still finds our suspect: orphan (nattch 0
# comes from shmctl) and stale, whatever a missing /proc says of its creator. So 1, not 0 (the
# fallback lost it) and not 2 (an error).
rc=0
"$SHMTOP" -b --leaks --stale=1s --proc=/nonexistent/proc --source=proc -o json >"$J/np.json" \
	2>"$J/np.err" || rc=$?
check_eq "--leaks with /proc missing still finds the suspect: exit 1" 1 "$rc"
check "--leaks with /proc missing: it fell back to shmctl, and said so" \
	grep -q 'cannot read /nonexistent/proc/sysvipc/shm .*using shmctl instead' "$J/np.err"
check "--leaks with /proc missing: our segment is listed, orphan and stale" \
	jq -e --argjson id "$ID" 'any(.segments[]; .shmid == $id and
		(.leak.reasons | index("orphan") != null and index("stale") != null))' "$J/np.json"
"$SHMTOP" -b --stale=1s -o json >"$J/s.json"
check "--stale=1s: our 2-second-old unattached segment is stale" \
	jq -e --argjson id "$ID" '.segments[] | select(.shmid == $id) | .leak.reasons | index("stale") != null' "$J/s.json"
"$SHMTOP" -b --stale=1h -o json >"$J/s.json"
check "--stale=1h: it is not stale" \
	jq -e --argjson id "$ID" '.segments[] | select(.shmid == $id) | .leak.reasons | index("stale") == null' "$J/s.json"

# A holder that set its title, as every PostgreSQL backend does (its command name stays
# segtool): the attachers name it by the title.
(exec -a "postgres: checkpointer" "$SEGTOOL" hold "$ID" 60 ro >"$J/title.out") &
PG=$!
echo "$PG" >>"$PID_LIST"
for _ in $(seq 1 100); do grep -q '^attached' "$J/title.out" 2>/dev/null && break; sleep 0.05; done
"$SHMTOP" -b --attachers -o json >"$J/t.json"
check_eq "a holder with a title is named by it, not by its command name" "postgres: checkpointer" \
	"$(jq -r --argjson id "$ID" --argjson p "$PG" \
		'.segments[] | select(.shmid == $id) | .attachers[] | select(.pid == $p) | .comm' "$J/t.json")"
kill "$PG" 2>/dev/null

finish
