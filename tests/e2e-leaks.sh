#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# e2e-leaks.sh - who holds a segment and which ones leaked, in the real dashboard: shmtop runs
# inside tmux at 220x40 (wide enough for the LEAK and PROCESSES columns), the test types keys
# with send-keys and reads the screen with capture-pane. Covered: the detail view of a segment
# held by two segtool processes (read-only and read-write) says "nattch 2, visible 2" and lists
# both, with pid, command and r--s / rw-s; once they are killed the segment is an orphan whose
# creator is gone (segtool create exited): its row is marked '!' and its LEAK column and detail
# view say why; l shows only leak suspects (ours stays, our other, still held segment goes) and
# l again shows everything; L opens the limits panel with the kernel's shmmni and Esc returns;
# a shows the PROCESSES column with the holder's command on the held segment's row.
#
# Robust against a busy system: the test only looks at its own segments (keys 0x5aRRRRnn with a
# random RRRR nobody uses, which a filter isolates), polls the screen with a timeout instead of
# sleeping, and removes everything it made (segments, holders, the private tmux server) even
# when it fails half-way.

# shellcheck disable=SC2016 # '$SCREEN' in single quotes is for eval
# shellcheck disable=SC1003 # '\' is the filter key, not an escaped quote
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_tmux
need_shmtop
need_segtool
[[ -r /proc/sysvipc/shm ]] || hard_error "/proc/sysvipc/shm is not readable (no SysV IPC in this kernel?)"
[[ -r /proc/sys/kernel/shmmni ]] || hard_error "/proc/sys/kernel/shmmni is not readable"

E2E_COLS=220 E2E_ROWS=40 # wide enough for the LEAK and PROCESSES columns

# ------------------------------------------------------------------ the test's segments
# All the test's keys share the prefix 0x5aRRRR (RRRR random, unused by anyone), so a filter on
# "5aRRRR" shows exactly them; the hex contains an "a", so no shmid can match it.
for _ in $(seq 1 20); do
	PFX=$(printf '5a%04x' $((RANDOM % 0x10000)))
	existing_keys | grep -q "^$PFX" || break
done
KL=${PFX}01 KH=${PFX}02 # L: will leak; H: stays held
declare -A ID

mk() { # NAME KEY SIZE
	seg_create "0x$2" "$3" 600 || fail "cannot create a segment with key 0x$2 ($3 bytes)"
	ID[$1]=$SEG_ID
}

note "keys 0x$KL (to leak) and 0x$KH (held); tmux $(tmux -V)"
# segtool create exits at once: both segments' creators are gone from the start. Created
# before shmtop starts, so no row is marked new (+) and the marks seen are the leak marks.
mk L "$KL" 4096
mk H "$KH" 8192
hold_start "${ID[L]}" 300 ro || fail "cannot attach read-only to shmid ${ID[L]}"
RO=$HOLD_PID
hold_start "${ID[L]}" 300 rw || fail "cannot attach read-write to shmid ${ID[L]}"
RW=$HOLD_PID
hold_start "${ID[H]}" 300 ro || fail "cannot attach to shmid ${ID[H]}"
HELD=$HOLD_PID

CUR=main
start main -d 0.5
expect main "$LIST_RE" "shmtop starts in tmux and shows the table" || fail "shmtop did not start"
keys main '\'
wait_for main '^Filter:' >/dev/null || { show_screen main; fail "\\ opens no filter prompt"; }
type_text main "$PFX"
keys main Enter
expect main "^2 of [0-9]+ segments .*filter: $PFX" "the filter '$PFX' keeps exactly the test's 2 segments" ||
	fail "cannot filter the table to the test's segments"
expect main "0x$KL +${ID[L]} " "segment 0x$KL (shmid ${ID[L]}) is listed"
expect main "0x$KH +${ID[H]} " "segment 0x$KH (shmid ${ID[H]}) is listed"

# ================================================================== (a) the attachers
note "step: the detail view lists the two holders (pids $RO r--s, $RW rw-s)"
select_key main "$KL" || fail "cannot select 0x$KL"
keys main Enter
expect main "^ Segment ${ID[L]}( |\$)" "Enter shows the detail view of shmid ${ID[L]}" ||
	fail "no detail view"
expect main "Attached by +nattch 2, visible 2( |\$)" "'Attached by' says nattch 2, visible 2"
expect main "^ +pid $RO +segtool +[^ ]+ +at 0x[0-9a-f]+ +4\\.0K +r--s *\$" \
	"the read-only holder is listed: pid $RO, segtool, r--s"
expect main "^ +pid $RW +segtool +[^ ]+ +at 0x[0-9a-f]+ +4\\.0K +rw-s *\$" \
	"the read-write holder is listed: pid $RW, segtool, rw-s"
capture main
n=$(grep -Ec '^ +pid [0-9]+ ' <<<"$SCREEN")
check_screen "exactly one line per holder ($n)" test "$n" -eq 2
keys main Escape
expect main "$LIST_RE" "Esc returns to the table"

# ================================================================== (b) the leak
note "step: the holders of 0x$KL are killed: it becomes an orphan whose creator is gone"
hold_stop "$RO"
hold_stop "$RW"
check_eq "IPC_STAT: nattch of shmid ${ID[L]} is 0 now" 0 \
	"$("$SEGTOOL" stat "${ID[L]}" | sed -n 's/.*"nattch":\([0-9]*\).*/\1/p')"
expect main "^!0x$KL +${ID[L]} " "the leaked segment's row is marked '!' in column 0"
expect main "^!0x$KL +${ID[L]} .* creator-gone " "its LEAK column says creator-gone"
capture main
check_screen "the held segment's row is not marked" grep -Eq "^ 0x$KH +${ID[H]} " <<<"$SCREEN"
keys main Enter
expect main "^ Segment ${ID[L]}( |\$)" "Enter shows the detail view of the leaked segment"
expect main "Leak +SUSPECT: orphan,creator-gone" "the detail view calls it a suspect: orphan, creator-gone"
expect main "Attached by +nattch 0, visible 0( |\$)" "'Attached by' says nattch 0, visible 0"
keys main Escape
expect main "$LIST_RE" "Esc returns to the table"

note "step: l shows only leak suspects, l again shows all"
keys main l
expect main "showing only the leak suspects among segments" "l says it shows only leak suspects"
expect main "^!0x$KL +${ID[L]} " "the suspect 0x$KL stays"
expect_not main "0x$KH " "the held segment 0x$KH (not a suspect) disappears"
keys main l
expect main "showing all segments" "l again says it shows all segments"
expect main "^ 0x$KH +${ID[H]} " "the held segment 0x$KH is back"
expect main "^!0x$KL +${ID[L]} " "the suspect 0x$KL is still there"

# ================================================================== (c) the limits panel
note "step: L opens the limits panel, Esc returns"
SHMMNI=$(cat /proc/sys/kernel/shmmni)
keys main L
expect main "System V IPC limits and usage" "L opens the limits panel"
expect main "max number of segments \\(shmmni\\) +$SHMMNI( |\$)" \
	"it shows max number of segments (shmmni) $SHMMNI, as /proc/sys/kernel/shmmni says"
keys main Escape
expect main "$LIST_RE" "Esc returns to the table"
expect_not main "System V IPC limits and usage" "the limits panel is gone"

# ================================================================== (d) the PROCESSES column
note "step: a shows the PROCESSES column"
keys main a
expect main "$LIST_RE.* PROCESSES( |\$)" "a adds the PROCESSES column"
# The last column, so at the end of the row (LPID names segtool too, further left).
expect main "^ 0x$KH +${ID[H]} .* segtool *\$" "the held segment's row shows segtool under PROCESSES"
# (Not "no segtool on the row": its LPID column may name the killed holder for a few refreshes,
# from shmtop's process cache.)
expect main "^!0x$KL +${ID[L]} .* - *\$" "the leaked segment's row shows - (nobody) under PROCESSES"
keys main a
expect main "PROCESSES column off" "a again says the column is off"
expect_not main "$LIST_RE.* PROCESSES( |\$)" "a again removes the column"

# ================================================================== the end
note "step: q exits with status 0"
hold_stop "$HELD"
keys main q
expect main '^EXIT=0$' "q exits with status 0"

check_sanitizers

note "took ${SECONDS}s"
finish
