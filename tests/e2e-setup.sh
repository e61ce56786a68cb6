#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# e2e-setup.sh - an 80x24 terminal and the setup screen, in the real dashboard inside tmux:
# (a) at 80x24 the table shows key, id, owner, size, nattch, status and leak, and Right scrolls
# it sideways to LPID and the times, with '<' in the corner, Left back; (b) the help screen at
# 80x24 scrolls down to Ctrl-L, F10 and the legend of the row marks; (c) F2 hides OWNER and
# chooses the light colours, q quits, and the settings file holds both; started again, OWNER is
# still hidden and the title bar has the light scheme's colours; (d) a garbled settings file
# is named in the status line and the dashboard runs with what it could use; a FIFO in its
# place neither hangs the start nor is replaced; (e) m shows where the Shmem went.

# shellcheck disable=SC2016 # '$SCREEN' in single quotes is for eval
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_tmux
need_shmtop
need_segtool

E2E_COLS=80 E2E_ROWS=24
RCDIR=$TEST_TMP/config
RC=$RCDIR/shmtop/shmtoprc

# one segment, so the table has a row whose columns can be checked
seg_create 0x5e7 4096 600 || fail "cannot create a segment"


# shmtop with the test's settings file (XDG_CONFIG_HOME, as a user has it; SHMTOPRC unset)
start_rc() {
	local s=$1
	shift
	start_cmd "$s" env -u SHMTOPRC XDG_CONFIG_HOME="$RCDIR" "$SHMTOP_ABS" "$@"
}

# ================================================================== (a) 80x24, sideways
CUR=narrow
start_rc narrow -d 0.5
expect narrow "$LIST_RE" "shmtop starts at 80x24" || fail "shmtop did not start"
expect narrow "^ KEY +SHMID +OWNER +SIZE +NATTCH +STATUS +LEAK" \
	"at 80 columns: key, id, owner, size, nattch, status, leak, in that order"
capture narrow
check_screen "LPID is not among them at 80 columns" \
	eval '! grep -Eq "LPID|ATTACHED" <<<"$SCREEN"'
keys narrow Right Right Right Right Right Right Right Right Right Right
expect narrow "^<.*(LPID|ATTACHED|DETACHED|CHANGED)" \
	"Right scrolls sideways to the hidden columns, '<' in the corner"
keys narrow Left Left Left Left Left Left Left Left Left Left Left Left
expect narrow "^ KEY +SHMID +OWNER" "Left scrolls back to the start"

# ================================================================== (b) help at 80x24
keys narrow h
expect narrow "shmtop help: .*lines 1-" "the help at 80x24 says it has more lines" ||
	fail "no help screen"
expect narrow "Rows: \\+ new, - gone" "its first page has the legend of the row marks"
capture narrow
check_screen "Ctrl-L is not on the first page at 24 rows" eval '! grep -q "Ctrl-L" <<<"$SCREEN"'

# scroll_to SESSION ERE : Down, a line at a time, until the help shows ERE (at most 80 lines)
scroll_to() {
	local _
	for _ in $(seq 1 80); do
		capture "$1"
		grep -Eq -- "$2" <<<"$SCREEN" && return 0
		keys "$1" Down
		sleep 0.05
	done
	return 1
}
check "Down scrolls the help to Ctrl-L" scroll_to narrow "Ctrl-L +redraw the screen"
check "and on to F10 and q, quit" scroll_to narrow "F10 +q +quit"
check "and on to the setup screen's keys" scroll_to narrow "In the setup screen"
keys narrow End
expect narrow "lines [0-9]+-([0-9]+) of \\1\\)" "End shows the last line"
keys narrow Escape
expect narrow "$LIST_RE" "Esc leaves the help"

# ================================================================== the Shmem breakdown
keys narrow m
expect narrow "^Where the Shmem went \\(/proc/meminfo\\), scanned" "m opens the Shmem breakdown"
expect narrow "^ +System V segments +[0-9.]+[BKMGT]" "with the segments' part"
expect narrow "^ +tmpfs /dev/shm +[0-9.]+[BKMGT]" "and the private /dev/shm's"
keys narrow End
expect narrow "^ +remainder +-?[0-9.]+[BKMGT]" "End scrolls to the remainder"
keys narrow Escape
expect narrow "$LIST_RE" "Esc returns to the table"

# ================================================================== (c) F2, saved, restored
keys narrow F2
expect narrow "^Setup: saved to .*shmtop/shmtoprc" "F2 opens the setup screen, naming the file" ||
	fail "no setup screen"
expect narrow "Colours +< default >" "the colour scheme is the default"
keys narrow Right
expect narrow "Colours +< light >" "Right chooses the light scheme"
# down over delay, sort, order and the three meters (the columns' title is stepped over) to
# KEY, SHMID, OWNER
keys narrow Down Down Down Down Down Down Down Down Down
expect narrow "\\[x\\] OWNER" "OWNER is listed as shown"
keys narrow Space
expect narrow "\\[ \\] OWNER" "Space hides OWNER"
keys narrow Escape
expect narrow "^ KEY +SHMID +SIZE +NATTCH" "back in the table, OWNER is gone"
keys narrow q
expect narrow "EXIT=0" "q quits with status 0"
if [[ -f $RC ]]; then
	good "quitting wrote the settings file"
	check "it records the light colours" grep -qx "colors=light" "$RC"
	cols=$(sed -n 's/^shm\.columns=//p' "$RC")
	check "it records the columns, key and shmid first, without owner ($cols)" \
		eval '[[ $cols == key,shmid,* && ,$cols, != *,owner,* ]]'
	check "the file is private (0600)" test "$(stat -c %a "$RC")" = 600
else
	bad "quitting wrote no settings file at $RC"
fi

CUR=again
start_rc again -d 0.5
expect again "^ KEY +SHMID +SIZE +NATTCH +STATUS +LEAK" "started again, OWNER is still hidden"
# light: the header row is white on black (the default scheme's is black on green)
title=$(tm capture-pane -p -e -t again | grep -m1 "KEY.*SHMID")
check "the column titles have the light scheme's colours (white on black)" \
	grep -Eq $'\e\\[[0-9;]*(37|97)[;m].*\e\\[[0-9;]*40m|\e\\[[0-9;]*40[;m].*\e\\[[0-9;]*(37|97)m' <<<"$title"
keys again q
expect again "EXIT=0" "q quits again"

# ================================================================== (d) bad files
printf 'colors=purple\nshm.sort=size\n\001\033[2Jgarbage\n' >"$RC"
CUR=bad
start_rc bad -d 0.5
expect bad "shmtoprc line 1: colors 'purple' is not default, light or mono \\(and 1 more\\)" \
	"a bad line is named in the status line, with how many more"
expect bad "^ KEY +SHMID +OWNER" "the dashboard runs, with the default columns"
keys bad F2
expect bad "Sort by +< size >" "and with the line it could use (sort by size)"
keys bad Escape
capture bad
check_screen "no raw control byte from the file reaches the screen" \
	eval '! grep -q $'"'"'\001'"'"' <<<"$SCREEN"'
keys bad q
expect bad "EXIT=0" "q quits"

rm -f "$RC"
mkfifo "$RC"
CUR=fifo
start_rc fifo -d 0.5
expect fifo "$LIST_RE" "a FIFO as the settings file does not hang the start"
expect fifo "shmtoprc: not a regular file" "and the status line says what is wrong"
keys fifo S Right Escape q
expect fifo "EXIT=0" "q quits"
check "the FIFO is left alone (not replaced by a file)" test -p "$RC"

finish
