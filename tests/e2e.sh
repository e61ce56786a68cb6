#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# e2e.sh - the real dashboard in a real terminal: shmtop runs inside tmux at 120x30, the test
# types keys with send-keys and reads the screen with capture-pane, and checks what the kernel
# says with tests/segtool. Covered: a segment created during the run appears; filter, sort and
# search; the detail view; F9 then n / Esc / y (removed, or only marked when attached);
# --read-only; resizing to 20x5 and 1x1 and back; q exits 0 and leaves the alternate screen;
# TERM=dumb, an unknown TERM and no tty are refused with a hint to use -b; SIGTERM, SIGINT and
# SIGHUP (and SIGQUIT, Ctrl-\) restore the terminal.
#
# Robust against a busy system: other segments may come and go, so the test only looks at its
# own (keys 0x5dRRRRnn with a random RRRR, which also lets a filter keep the table short), polls
# the screen with a timeout instead of sleeping, never answers y to a confirmation that does not
# name its own segment, and removes everything it made (segments, holders, the private tmux
# server) even when it fails half-way.

# shellcheck disable=SC2016 # '$SCREEN' in single quotes is for eval
# shellcheck disable=SC1003 # '\' is the filter key, not an escaped quote
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_tmux
need_shmtop
need_segtool
[[ -r /proc/sysvipc/shm ]] || skip "/proc/sysvipc/shm is not readable (no SysV IPC in this kernel?)"

# line_of ERE : the number of the first SCREEN line matching, or 0.
line_of() {
	local n
	n=$(grep -En -m1 -- "$1" <<<"$SCREEN" | cut -d: -f1)
	echo "${n:-0}"
}

# ------------------------------------------------------------------ the test's keys
# All the test's segments share the prefix 0x5dRRRR (RRRR random, unused by anyone), so a
# filter on "5dRRRR" shows exactly them; the hex contains a "d", so no shmid can match it. The
# decoy's key has another prefix: the filter must hide it.
for _ in $(seq 1 20); do
	PFX=$(printf '5d%04x' $((RANDOM % 0x10000)))
	existing_keys | grep -Eq "^(5c|5d)${PFX#5d}" || break
done
KA=${PFX}01 KB=${PFX}02 KC=${PFX}03 KD=${PFX}04 KX=5c${PFX#5d}01
declare -A ID # A: 2000 bytes, B: 300000, C: 10000 (removed), D: 50000 (attached, marked), X decoy

mk() { # NAME KEY SIZE
	seg_create "0x$2" "$3" 600 || fail "cannot create a segment with key 0x$2 ($3 bytes)"
	ID[$1]=$SEG_ID
}

# The shmid shown by the detail view of the selected segment (Enter, read, Esc), or nothing.
selected_id() {
	local id=
	keys "$1" Enter
	if wait_for "$1" '^ Segment [0-9]+'; then
		id=$(grep -Eo -m1 '^ Segment [0-9]+' <<<"$SCREEN" | grep -Eo '[0-9]+')
	fi
	keys "$1" Escape
	wait_for "$1" "$LIST_RE" >/dev/null
	echo "$id"
}

note "keys 0x${PFX}01..04 (decoy 0x$KX); tmux $(tmux -V)"

# ================================================================== a segment appears
CUR=main
note "step: a segment created while shmtop runs appears"
# Newest first, so a crowded table cannot push the new segment off screen.
start main -d 0.5 -s ctime -r
expect main 'every 0\.5s' "shmtop starts in tmux and shows its header" ||
	fail "shmtop did not start"
expect main "$LIST_RE" "the table header is shown"
expect main 'segments +sort: ctime desc' "the status line names the sort from -s ctime -r"
mk A "$KA" 2000
if expect main "0x$KA +${ID[A]} " "segment 0x$KA (shmid ${ID[A]}) created after the start appears"; then
	check_screen "a new segment is marked + for a few refreshes" grep -Eq "^\+0x$KA " <<<"$SCREEN"
fi

mk B "$KB" 300000
mk C "$KC" 10000
mk D "$KD" 50000
hold_start "${ID[D]}" 600 ro || fail "cannot attach to shmid ${ID[D]}"
HOLD_D=$HOLD_PID
mk X "$KX" 1000
expect main "0x$KX +${ID[X]} " "the decoy segment 0x$KX appears too"

# ================================================================== filter
note "step: filter (\\ then text; Enter keeps it, Esc clears it)"
keys main '\'
expect main '^Filter:' "\\ opens the filter prompt"
type_text main "$PFX"
keys main Enter
if expect main "^4 of [0-9]+ segments +sort: ctime desc +filter: $PFX" \
	"the filter keeps exactly the test's 4 segments (status line)"; then
	rows=$(grep -Eo '^.0x[0-9a-f]{8} ' <<<"$SCREEN" | cut -c2-11 | sort | tr '\n' ' ')
	check_screen "only the rows matching '$PFX' remain" \
		test "$rows" == "0x$KA 0x$KB 0x$KC 0x$KD "
fi
keys main Escape
expect_not main 'filter: ' "Esc in the list clears the filter"
expect main "0x$KX +${ID[X]} " "the decoy is back after the filter is cleared"
expect main '^([0-9]+) of \1 segments' "the status line counts every segment again"
keys main '\'
wait_for main '^Filter:' >/dev/null
type_text main "$PFX"
expect main "0x$KA " "the filter applies while it is typed"
keys main Escape
expect_not main 'filter: |^Filter: ' "Esc in the filter prompt closes it and clears the filter"
# The rest works inside the filter: a crowded system cannot push the test's rows off screen.
keys main '\'
wait_for main '^Filter:' >/dev/null
type_text main "$PFX"
keys main Enter
expect main "^4 of [0-9]+ segments .*filter: $PFX" "the filter is set again for the next steps" ||
	fail "cannot filter the table to the test's segments"

# ================================================================== sort
note "step: sort (F6 chooser, I inverts, < and > step through the columns)"
keys main F6
if expect main 'Sort by' "F6 opens the sort chooser"; then
	keys main Home
	for _ in 1 2 3 4 5; do keys main Down; done # key shmid owner group perms [size]
	keys main Enter
fi
# Another column starts as htop starts it: a quantity largest first.
if expect main 'sort: size desc' "choosing 'size' sorts by size, largest first"; then
	a=$(line_of "0x$KA ") b=$(line_of "0x$KB ")
	check_screen "descending: 0x$KB (300000 bytes, line $b) above 0x$KA (2000 bytes, line $a)" \
		test "$a" -gt 0 -a "$b" -gt 0 -a "$b" -lt "$a"
fi
keys main I
if expect main 'sort: size asc' "I inverts the order"; then
	a=$(line_of "0x$KA ") b=$(line_of "0x$KB ")
	check_screen "ascending: 0x$KA (line $a) now above 0x$KB (line $b)" \
		test "$a" -gt 0 -a "$b" -gt 0 -a "$a" -lt "$b"
	# In a different style from its neighbours: the title is a run of its own in capture -e.
	header=$(tm capture-pane -p -e -t main | grep -m1 'SHMID')
	esc=$'\e'
	if [[ $header =~ ${esc}\[[0-9\;]*mSIZE${esc} && ! $header =~ ${esc}\[[0-9\;]*mSHMID${esc} ]]; then
		good "the SIZE column title is marked as the sorted one"
	else
		bad "the SIZE column title is not marked as the sorted one: $(cat -v <<<"$header")"
	fi
fi
keys main '>'
expect main 'sort: nattch desc' "> moves the sort to the next column, largest first (a count)"
keys main '<'
expect main 'sort: size desc' "< moves it back, largest first again"
keys main I
expect main 'sort: size asc' "I: ascending, for the search below"

# ================================================================== search
note "step: search (/ text Enter, n for the next match, a miss is reported)"
select_key main "$KA"
check_eq "/ $KA selects 0x$KA" "${ID[A]}" "$(selected_id main)"
keys main n
check_eq "n with a single match stays on it" "${ID[A]}" "$(selected_id main)"
select_key main "$PFX"
check_eq "/ $PFX stays on the selected match 0x$KA" "${ID[A]}" "$(selected_id main)"
# size asc: A 2000, C 10000, D 50000, B 300000; from A the next matches are C, D, B, then A.
keys main n
check_eq "n moves to the next match (0x$KC)" "${ID[C]}" "$(selected_id main)"
keys main n
check_eq "n again moves on to 0x$KD" "${ID[D]}" "$(selected_id main)"
keys main n n
check_eq "n at the last match wraps to the top (0x$KA)" "${ID[A]}" "$(selected_id main)"
select_key main "zz-absent-zz"
expect main "nothing matches 'zz-absent-zz'" "a search without a match says so"
check_eq "a failed search keeps the selection" "${ID[A]}" "$(selected_id main)"

# ================================================================== detail
note "step: Enter shows the detail view, Esc returns"
select_key main "$KA"
keys main Enter
expect main "^ Segment ${ID[A]}( |\$)" "Enter shows 'Segment ${ID[A]}'"
expect main "Key +0x$KA +\($((0x$KA)) decimal\)" "the detail view shows the key in hex and decimal"
expect main "Size +2000 bytes" "the detail view shows the size in bytes"
# Esc must act at once (a short ESCDELAY), not after the curses default of one second.
t0=$(date +%s%N)
keys main Escape
if expect main "$LIST_RE" "Esc returns to the list"; then
	ms=$((($(date +%s%N) - t0) / 1000000))
	check "Esc acts at once ($ms ms, the curses default would be 1000 ms)" test "$ms" -lt 800
fi

# ================================================================== remove
note "step: F9 asks; n and Esc keep the segment, y removes it (or only marks it when attached)"
CONFIRM_RE='Remove 1 segment\? \(IPC_RMID\)'

# confirm_open SESSION KEY ID : select the segment, press F9, and check the confirmation names
# exactly that one. If it does not, answer No: the test must never remove anyone else's segment.
confirm_open() {
	select_key "$1" "$2" || return 1
	keys "$1" F9
	if wait_for "$1" "$CONFIRM_RE" && wait_for "$1" "key 0x$2 +shmid $3 "; then
		return 0
	fi
	bad "F9 does not open a confirmation for exactly key 0x$2 shmid $3"
	show_screen "$1"
	keys "$1" n
	wait_for "$1" "$LIST_RE" >/dev/null
	return 1
}

if confirm_open main "$KC" "${ID[C]}"; then
	good "F9 opens a confirmation naming the key and shmid"
	expect main "Nobody is attached: destroyed at once, and its contents are lost" \
		"it says an unattached segment goes at once"
	expect main "Remove\? y = yes, anything else = No" "it says that only y removes"
	keys main n
	expect_not main "$CONFIRM_RE" "n closes the confirmation"
	expect main "nothing removed" "the status line says nothing was removed"
	check "after F9 n, shmid ${ID[C]} still exists (IPC_STAT)" seg_exists "${ID[C]}"
fi
if confirm_open main "$KC" "${ID[C]}"; then
	keys main Escape
	expect_not main "$CONFIRM_RE" "Esc closes the confirmation"
	check "after F9 Esc, shmid ${ID[C]} still exists (IPC_STAT)" seg_exists "${ID[C]}"
fi
if confirm_open main "$KC" "${ID[C]}"; then
	keys main y
	expect main "shmid ${ID[C]} removed" "after F9 y the status line says the segment was removed"
	if seg_exists "${ID[C]}"; then
		bad "after F9 y, shmid ${ID[C]} still exists: $("$SEGTOOL" stat "${ID[C]}")"
	else
		good "after F9 y, IPC_STAT on shmid ${ID[C]} fails: it is gone"
	fi
fi
if confirm_open main "$KD" "${ID[D]}"; then
	expect main "key 0x$KD +shmid ${ID[D]} .*nattch 1" "the confirmation shows nattch 1 for the held segment"
	expect main "Attached: 1 process" "it counts the processes attached"
	expect main "pid $HOLD_D  $SEGTOOL hold ${ID[D]} 600 ro" \
		"it names the holder by pid and command line"
	expect main "Attached: IPC_RMID only marks it: the process above keeps reading and writing it" \
		"it says an attached one is only marked, and what that means for its process"
	expect main "Its key is freed now: shmget\(\) with it makes a new, empty segment" \
		"it says the key is freed"
	keys main y
	expect main "shmid ${ID[D]} marked for removal: it goes when the last process attached to it" \
		"after F9 y the status line says the attached segment is only marked"
	st=$("$SEGTOOL" stat "${ID[D]}" 2>&1)
	if [[ $st == *'"key":"0x00000000"'* && $st == *'"dest":true'* ]]; then
		good "IPC_STAT: shmid ${ID[D]} still exists, key 0, marked for removal (dest)"
	else
		bad "IPC_STAT on the attached shmid ${ID[D]} after F9 y: expected key 0 and dest: $st"
	fi
fi

# ================================================================== resize
note "step: resize to 20x5 and 1x1 and back"
PID=$(shmtop_pid main) || fail "cannot find the shmtop process of session main"
tm resize-window -t main -x 20 -y 5
expect main 'terminal too small' "at 20x5 it says the terminal is too small"
tm resize-window -t main -x 1 -y 1
sleep 0.3 # nothing to poll for at 1x1: give it a few refreshes to crash, if it would
tm resize-window -t main -x 120 -y 30
expect main "$LIST_RE" "back at 120x30 the table is shown again"
expect main "0x$KA " "... with the test's rows"
check "shmtop (pid $PID) survived the resizes" kill -0 "$PID"
capture main
check_screen "no EXIT line: shmtop did not exit while resized" eval '! grep -q "^EXIT=" <<<"$SCREEN"'

# ================================================================== quit
note "step: q exits with status 0 and leaves the alternate screen"
keys main q
expect main '^EXIT=0$' "q exits with status 0"
check_screen "the table is gone: the terminal's own screen is back" \
	eval '! grep -Eq "$LIST_RE|every 0\\.5s" <<<"$SCREEN"'
check "the shmtop process (pid $PID) is gone" eval '! kill -0 "$PID" 2>/dev/null'

# ================================================================== read-only
CUR=ro
note "step: --read-only refuses F9"
start ro -R -d 0.5 -s ctime -r
wait_for ro "$LIST_RE" >/dev/null
keys ro '\'
wait_for ro '^Filter:' >/dev/null
type_text ro "$PFX"
keys ro Enter
expect ro "0x$KA " "shmtop -R shows the test's segment"
expect ro "segments .*filter: $PFX +read-only" "the status line says read-only"
expect ro '^F1Help.*F9-{6}F10' "the function bar shows F9 disabled"
select_key ro "$KA"
keys ro F9
expect ro 'removal is disabled: shmtop was started with --read-only \(-R\)' \
	"F9 refuses with a message naming --read-only"
capture ro
check_screen "no confirmation is opened" eval '! grep -q "IPC_RMID" <<<"$SCREEN"'
keys ro Enter
wait_for ro '^ Segment ' >/dev/null
keys ro d
expect ro 'removal is disabled: .*--read-only' "d in the detail view refuses too"
keys ro Escape
check "shmid ${ID[A]} still exists after -R refused (IPC_STAT)" seg_exists "${ID[A]}"
keys ro q
expect ro '^EXIT=0$' "shmtop -R exits with status 0 on q"

# ================================================================== --columns
CUR=cols
note "step: --columns chooses the table's columns and their order"
start cols -d 0.5 --columns=size,id,processes,user
expect cols '^ +SIZE +SHMID +PROCESSES +OWNER *$' \
	"--columns=size,id,processes,user: those titles, in that order, and no others"
expect cols "^. +[0-9.]+[BKMGTPE] +${ID[A]} +[^ ]+ +[^ ]+ *\$" "... the test's segment shown in them"
keys cols q
expect cols '^EXIT=0$' "shmtop --columns exits with status 0 on q"

# ================================================================== no usable terminal
note "step: TERM=dumb, an unknown TERM and no tty are refused with a hint to use -b"
for term in dumb no-such-terminal-e2e; do
	CUR=t-$term
	E2E_TERM=$term start "t-$term" -d 0.5
	if expect "t-$term" '^EXIT=' "TERM=$term: shmtop exits"; then
		check_screen "TERM=$term: exit status 1" grep -q '^EXIT=1$' <<<"$SCREEN"
		check_screen "TERM=$term: the message suggests -b" grep -q 'use -b' <<<"$SCREEN"
	fi
done
RC=0
"$SHMTOP" -d 0.5 </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/stderr.no-tty" || RC=$?
check_eq "no tty (stdin /dev/null, stdout a file): exit status 1" 1 "$RC"
check "no tty: the message suggests -b ($(head -n 1 "$TEST_TMP/stderr.no-tty"))" \
	grep -q 'use -b' "$TEST_TMP/stderr.no-tty"
check "no tty: nothing on stdout (no escape sequences)" test ! -s "$TEST_TMP/out"

# ================================================================== signals
note "step: SIGTERM, SIGINT, SIGHUP and SIGQUIT restore the terminal"
for sig in TERM INT HUP QUIT; do
	CUR=sig-$sig
	start "sig-$sig" -d 0.5
	wait_for "sig-$sig" "$LIST_RE" || { bad "SIG$sig: shmtop did not start"; show_screen "$CUR"; continue; }
	PID=$(shmtop_pid "sig-$sig") || { bad "SIG$sig: cannot find the shmtop process"; continue; }
	kill -s "$sig" "$PID"
	expect "sig-$sig" "^EXIT=$((128 + $(kill -l "$sig")))\$" \
		"SIG$sig ends shmtop by the signal (status $((128 + $(kill -l "$sig"))))"
	check_screen "SIG$sig: the table is gone: the terminal's own screen is back" \
		eval '! grep -Eq "$LIST_RE" <<<"$SCREEN"'
	check "SIG$sig: the process is gone" eval '! kill -0 "$PID" 2>/dev/null'
done

# ================================================================== sanitizers
check_sanitizers

note "took ${SECONDS}s"
finish
