#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# e2e-hex.sh - the live hex view in a real terminal: shmtop runs inside tmux at 120x30 while
# src/shm-counter writes an incrementing decimal string into its own segment. Covered: x opens the
# view on the selected segment; the counter's digits at offset 0 increase between two captures and
# the changing byte is drawn unlike the zero bytes, a light it loses once the writes stop. Looking
# changes nothing: while the view is open shmtop has no mapping of the segment, and its nattch,
# lpid, atime and dtime are what they were (read through the counter's mapping as root, from its
# memory otherwise), and the status line says how the bytes are read; a segment nobody is attached
# to is viewed with nattch staying 0. Text and hex search, n, a missing pattern, g goto; the
# segment's bytes are unchanged by viewing; w saves exactly the segment's bytes, asks before
# overwriting, and refuses a FIFO at once. With the view open, the counter (its creator) is
# killed: PostgreSQL's start-up check (segtool inuse) passes and --leaks reports the segment;
# marked for removal while another process holds it, the title says so, and when that one
# detaches the segment goes at once: the view says GONE and holds no descriptor of it. An attach
# refused for permissions (shmtop run as nobody, when the test runs as root) is reported and the
# table stays; as nobody a readable segment of root's is read by attaching for each copy, which
# the status line says, and nothing stays attached; q leaves the view, q again exits 0 with
# nothing of ours left attached.
#
# Robust against a busy system: all the test's keys are 0x5bRRRRnn with a random RRRR nobody
# uses, every screen it reads is filtered down to its own segments, it polls the screen with a
# timeout instead of sleeping (the one fixed sleep lets the counter count), and it removes what
# it made (segments, the counter, the private tmux server) even when it fails half-way.

# shellcheck disable=SC2016 # '$SCREEN' and '$PID' in single quotes are for eval
# shellcheck disable=SC1003 # '\' is the filter key, not an escaped quote
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_tmux
need_shmtop
need_segtool
need_jq
COUNTER=${COUNTER:-$top_builddir/src/shm-counter}
[[ -x "$COUNTER" ]] || hard_error "$COUNTER is not built (run make first)"
[[ -r /proc/sysvipc/shm ]] || hard_error "/proc/sysvipc/shm is not readable (no SysV IPC in this kernel?)"

# maps_perms PID SHMID : the permissions of PID's mappings of the segment (in /proc/PID/maps a
# SysV segment's inode column is its shmid; the name carries the key it was created with).
maps_perms() {
	awk -v id="$2" '$5 == id && $6 ~ /^\/SYSV/ { print $2 }' "/proc/$1/maps" | sort -u
}

# evidence ID : "nattch lpid atime dtime" from IPC_STAT: what looking must not change.
evidence() { "$SEGTOOL" evidence "$1" 2>/dev/null; }

# sysv_fds PID KEY : PID's open descriptors of a segment created with KEY (8 hex digits): the
# links of /proc/PID/fd that name "/SYSVKEY".
sysv_fds() {
	local fd t
	for fd in /proc/"$1"/fd/*; do
		t=$(readlink "$fd" 2>/dev/null) || continue
		[[ $t == "/SYSV$2"* ]] && echo "$t"
	done
}

# nattch_of ID : the kernel's attach count (IPC_STAT), or nothing if the segment is gone.
nattch_of() {
	local out
	out=$("$SEGTOOL" stat "$1" 2>/dev/null) || return 1
	[[ $out =~ \"nattch\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}

# wait_nattch ID N : poll until nattch of ID is N (shmtop detaches within one key press).
wait_nattch() {
	local i
	for ((i = 0; i <= TIMEOUT * 10; i++)); do
		[[ $(nattch_of "$1") == "$2" ]] && return 0
		sleep 0.1
	done
	return 1
}

# set_filter SESSION TEXT : in the table, replace the filter by TEXT (Esc clears, \ TEXT Enter).
set_filter() {
	keys "$1" Escape
	wait_not "$1" 'filter: ' >/dev/null
	keys "$1" '\'
	wait_for "$1" '^Filter:' || { bad "\\ opens no filter prompt"; show_screen "$1"; return 1; }
	type_text "$1" "$2"
	keys "$1" Enter
	wait_for "$1" "segments? .*filter: $2" ||
		{ bad "the filter '$2' is not set"; show_screen "$1"; return 1; }
}

# hex_prompt SESSION KEY PROMPT-ERE TEXT : press KEY in the hex view, wait for its prompt, type
# TEXT and Enter.
hex_prompt() {
	keys "$1" "$2"
	wait_for "$1" "$3" || { bad "$2 opens no prompt /$3/"; show_screen "$1"; return 1; }
	type_text "$1" "$4"
	keys "$1" Enter
}

# sgr_cells ROW : reads `capture-pane -p -e` on stdin and prints one line per cell of screen row
# ROW (0-based): "COLUMN<tab>CHARACTER<tab>STYLE", where STYLE is the SGR state in force there,
# normalized (attributes 1..9, foreground, background), so two cells drawn alike compare equal.
# tmux writes only the changes, and they carry over from row to row.
sgr_cells() {
	awk -v want="$1" '
	function reset() { at = "........."; fg = "-"; bg = "-" }
	function setat(i, v) { at = substr(at, 1, i - 1) v substr(at, i + 1) }
	function apply(seq,   n, p, i, k, v) {
		if (seq == "") { reset(); return }
		n = split(seq, p, /[;:]/)
		for (i = 1; i <= n; i++) {
			k = p[i] + 0
			if (k == 0) reset()
			else if (k >= 1 && k <= 9) setat(k, "x")
			else if (k == 22) { setat(1, "."); setat(2, ".") }
			else if (k >= 23 && k <= 29) setat(k - 20, ".")
			else if ((k >= 30 && k <= 37) || (k >= 90 && k <= 97)) fg = k
			else if (k == 39) fg = "-"
			else if ((k >= 40 && k <= 47) || (k >= 100 && k <= 107)) bg = k
			else if (k == 49) bg = "-"
			else if (k == 38 || k == 48) {
				v = "?"
				if (p[i + 1] == 5) { v = "5:" p[i + 2]; i += 2 }
				else if (p[i + 1] == 2) { v = "2:" p[i + 2] ":" p[i + 3] ":" p[i + 4]; i += 4 }
				if (k == 38) fg = v; else bg = v
			}
		}
	}
	BEGIN { ESC = sprintf("%c", 27); reset() }
	{
		s = $0; col = 0
		while (s != "") {
			if (substr(s, 1, 2) == ESC "[") {
				j = 3
				while (j <= length(s) && substr(s, j, 1) !~ /[@-~]/) j++
				if (substr(s, j, 1) == "m") apply(substr(s, 3, j - 3))
				s = substr(s, j + 1)
				continue
			}
			if (NR - 1 == want) printf "%d\t%s\t%s/%s/%s\n", col, substr(s, 1, 1), at, fg, bg
			col++
			s = substr(s, 2)
		}
	}'
}

# occurrences FILE HEX : the offsets (decimal, ascending) where the bytes HEX ("de ad be ef")
# occur in FILE.
occurrences() {
	od -An -v -tx1 "$1" | tr -d ' \n' | awk -v pat="${2// /}" '{
		s = $0; base = 0
		while ((i = index(s, pat)) > 0) {
			if ((base + i) % 2 == 1) print (base + i - 1) / 2
			base += i; s = substr(s, i + 1)
		}
	}'
}

# next_match FROM OFFSETS... : where shmtop's forward search from FROM lands: the first offset
# at or after FROM, else (wrapping) the first of all.
next_match() {
	local from=$1 o
	shift
	for o in "$@"; do
		((o >= from)) && { echo "$o"; return; }
	done
	echo "$1"
}

# ------------------------------------------------------------------ the test's keys
# All the test's segments share the prefix 0x5bRRRR (RRRR random, unused by anyone), so a
# filter on the full key shows exactly one of them. The hex contains a "b", so no shmid matches.
for _ in $(seq 1 20); do
	PFX=$(printf '5b%04x' $((RANDOM % 0x10000)))
	existing_keys | grep -q "^$PFX" || break
done
# shm-counter would reuse a segment that has its key: the prefix must be nobody's.
existing_keys | grep -q "^$PFX" && hard_error "no unused key prefix 0x5bRRRR found in 20 tries"
KC=${PFX}01 KS=${PFX}02 KR=${PFX}03 # counter, search (64 KiB), root's 0600 segment
note "keys 0x${PFX}01..03; tmux $(tmux -V)"

# ================================================================== a. live digits
CUR=main
note "step a: the counter's digits change live in the hex view, changed bytes lit"
"$COUNTER" --key="0x$KC" --interval=0.2 2>"$TEST_TMP/counter.err" &
COUNTER_PID=$!
echo "$COUNTER_PID" >>"$PID_LIST"
CID=
for _ in $(seq 1 50); do
	if [[ $(cat "$TEST_TMP/counter.err" 2>/dev/null) =~ shmid\ ([0-9]+) ]]; then
		CID=${BASH_REMATCH[1]}
		break
	fi
	kill -0 "$COUNTER_PID" 2>/dev/null || break
	sleep 0.1
done
[[ -n $CID ]] || fail "shm-counter --key=0x$KC did not start: $(cat "$TEST_TMP/counter.err")"
printf '%s %s\n' "$CID" "$(seg_identity "$CID")" >>"$SEG_LIST" # removed by cleanup
CN0=$(nattch_of "$CID")
check_eq "shm-counter alone is attached to its shmid $CID" 1 "$CN0"
CE0=$(evidence "$CID") # nattch lpid atime dtime, before shmtop looks

start main -d 0.5
expect main "$LIST_RE" "shmtop starts in tmux and shows the table" || fail "shmtop did not start"
set_filter main "$KC" || fail "cannot filter the table to the counter's segment"
expect main "0x$KC +$CID " "the filter shows the counter's segment (shmid $CID)" ||
	fail "the counter's segment is not in the table"
keys main x
expect main "^shmid $CID  key 0x$KC  1024 bytes .* read-only" \
	"x opens the hex view: its title names shmid $CID and key 0x$KC" ||
	fail "x did not open the hex view on the counter's segment"
expect main '^00000000  3[0-9] ' "the first line is offset 00000000 and starts with a digit"

# counter_value : the decimal digits at offset 0, from the ASCII column of the first line.
counter_value() {
	local line re='\|([0-9]+)\.'
	line=$(grep -m1 '^00000000  ' <<<"$SCREEN")
	[[ $line =~ $re ]] && echo "${BASH_REMATCH[1]}"
}
V1=$(counter_value)
if [[ -z $V1 ]]; then
	bad "no counter digits in the ASCII column of offset 00000000"
	show_screen main
fi
sleep 2 # the counter counts; the only fixed wait
V2=
for _ in $(seq 1 $((TIMEOUT * 10))); do
	capture main
	V2=$(counter_value)
	[[ -n $V1 && -n $V2 ]] && ((V2 > V1)) && break
	sleep 0.1
done
if [[ -n $V1 && -n $V2 ]] && ((V2 > V1)); then
	good "two captures about 2 s apart show the counter increasing ($V1 -> $V2)"
else
	bad "the counter's digits did not increase between two captures ('$V1' -> '$V2')"
	show_screen main
fi

# The counter's line in colors: capture -e of row 1, parsed into cells. Sets DIGITS (the ASCII
# column's digits), LAST (the index of the last digit) and LIT_HEX/LIT_ASCII, ZERO_HEX/ZERO_ASCII:
# the styles of the last digit's cells and of byte 15's (a zero byte past the counter's NUL).
# Byte i's hex is at column 10 + 3i + i/8, its ASCII character at 61 + i (16 bytes a line).
counter_styles() {
	local c t row1='' re='\|([0-9]+)\.' hk hz=$((10 + 3 * 15 + 1)) ak az=$((61 + 15))
	DIGITS='' LAST='' LIT_HEX='' LIT_ASCII='' ZERO_HEX='' ZERO_ASCII=''
	mapfile -t CELLS < <(tm capture-pane -p -e -t main | sgr_cells 1)
	for c in "${CELLS[@]}"; do
		t=${c#*$'\t'}
		row1+=${t%%$'\t'*}
	done
	[[ $row1 == 00000000* && $row1 =~ $re ]] || return 1
	DIGITS=${BASH_REMATCH[1]}
	LAST=$((${#DIGITS} - 1))
	hk=$((10 + 3 * LAST + LAST / 8)) ak=$((61 + LAST))
	[[ ${row1:hk:2} == "$(printf '%02x' "'${DIGITS:LAST:1}")" ]] || return 1
	LIT_HEX=${CELLS[hk]##*$'\t'} LIT_ASCII=${CELLS[ak]##*$'\t'}
	ZERO_HEX=${CELLS[hz]##*$'\t'} ZERO_ASCII=${CELLS[az]##*$'\t'}
}

# The last digit changes at every refresh (the counter writes 2 or 3 times per 0.5 s), the bytes
# past the NUL never do: their cells must differ. That the last digit's style is the changed
# bytes' light, not just the look of a digit, step f checks: it fades once the counter stops.
if counter_styles && ((LAST > 0)); then
	A_LIT_HEX=$LIT_HEX A_LIT_ASCII=$LIT_ASCII
	if [[ $LIT_HEX != "$ZERO_HEX" && $LIT_ASCII != "$ZERO_ASCII" ]]; then
		good "capture -e: the changing last digit (byte $LAST, $LIT_HEX) is drawn unlike the zero bytes ($ZERO_HEX)"
	else
		bad "capture -e: the changing byte $LAST is drawn like the zero bytes: hex $LIT_HEX vs $ZERO_HEX, ascii $LIT_ASCII vs $ZERO_ASCII"
		tm capture-pane -p -e -t main | sed -n 2p | cat -v | sed 's/^/#   /' >&2
	fi
else
	A_LIT_HEX='' A_LIT_ASCII=''
	bad "capture -e: row 1 is not the counter's line of two digits or more"
	tm capture-pane -p -e -t main | sed -n 2p | cat -v | sed 's/^/#   /' >&2
fi

# ================================================================== b. looking changes nothing
note "step b: the view reads the counter's segment without attaching: nattch, lpid, atime, dtime unchanged"
PID=$(shmtop_pid main) || fail "cannot find the shmtop process of session main"
check_eq "/proc/$PID/maps has no mapping of shmid $CID" "" "$(maps_perms "$PID" "$CID")"
check_eq "nattch while viewing is the counter's alone" "$CN0" "$(nattch_of "$CID")"
check_eq "nattch, lpid, atime, dtime while viewing are those from before the view" \
	"$CE0" "$(evidence "$CID")"
if is_root; then
	expect main "read through pid $COUNTER_PID's mapping: segment untouched" \
		"the status line says the bytes come through the counter's mapping, untouched"
else
	expect main "read from pid $COUNTER_PID's memory: nattch, times and lpid untouched" \
		"the status line says the bytes come from the counter's memory, untouched"
fi
keys main Escape
expect main "$LIST_RE" "Esc leaves the hex view for the table"
check_eq "after Esc nattch, lpid, atime, dtime are still those from before the view" \
	"$CE0" "$(evidence "$CID")"
check_eq "after Esc shmtop holds no descriptor of the segment" "" "$(sysv_fds "$PID" "$KC")"

# ================================================================== c. search and goto
note "step c: / finds text and x: hex bytes, n the next, a missing pattern is reported, g goes"
seg_create "0x$KS" 65536 600 || fail "cannot create a 64 KiB segment with key 0x$KS"
SID=$SEG_ID
SEED=$((RANDOM + 1))
"$SEGTOOL" fill "$SID" runs "$SEED" || fail "cannot fill shmid $SID"
"$SEGTOOL" write "$SID" "HELLO-shmtop-e2e" || fail "cannot write into shmid $SID"
BEFORE=$TEST_TMP/before.bin
"$SEGTOOL" save "$SID" "$BEFORE" || fail "cannot save shmid $SID"
SN0=$(nattch_of "$SID")
note "shmid $SID: 64 KiB, runs seed $SEED"

# The hex pattern: 4 bytes from a repeated 16-byte line (fill runs repeats lines), starting with
# a non-zero byte, so it has at least two matches and n has somewhere to go.
mapfile -t B < <(od -An -v -tx1 -w1 "$BEFORE")
HEXPAT='' HEXOCC=()
for ((o = 0x400; o < 65536 - 32; o += 16)); do
	[[ ${B[o]} == " 00" ]] && continue
	p="${B[o]# } ${B[o + 1]# } ${B[o + 2]# } ${B[o + 3]# }"
	mapfile -t occ < <(occurrences "$BEFORE" "$p")
	if ((${#occ[@]} >= 2)); then
		HEXPAT=$p HEXOCC=("${occ[@]}")
		break
	fi
done
[[ -n $HEXPAT ]] || fail "no repeated 4-byte pattern in the filled segment (seed $SEED)"
mapfile -t TEXTOCC < <(occurrences "$BEFORE" "$(printf 'shmtop-e2e' | od -An -tx1 | tr -d '\n')")
ABSENT="de ad be ef 5b 00 ff 17"
mapfile -t ABSOCC < <(occurrences "$BEFORE" "$ABSENT")
((${#ABSOCC[@]} == 0)) || fail "the 'absent' pattern $ABSENT is in the segment (seed $SEED)"

set_filter main "$KS" || fail "cannot filter the table to shmid $SID"
expect main "0x$KS +$SID " "the filter shows the 64 KiB segment (shmid $SID)"
keys main x
expect main "^shmid $SID  key 0x$KS  65536 bytes" "x opens the hex view on shmid $SID" ||
	fail "x did not open the hex view on shmid $SID"
check_eq "viewing a segment nobody is attached to leaves its nattch at $SN0" "$SN0" "$(nattch_of "$SID")"
if is_root; then
	expect main "attached for [0-9]+ [^ ]+ when opened: atime, dtime and lpid changed once" \
		"the status line says shmtop attached once, briefly, to open it"
else
	expect main "attached for each read \([0-9]+ so far\)" \
		"the status line says shmtop attaches for each read (no privilege to do better)"
fi

# expect_found WHAT OFFSET : the status line reports OFFSET and the cursor is on it.
expect_found() {
	local x
	x=$(printf '%x' "$2")
	expect main "found at offset 0x$x \($2\)" "$1: the status line says found at offset 0x$x" &&
		check_screen "$1: the inspector line is at the cursor, @0x$x" \
			grep -Eq "^@0x$x LE " <<<"$SCREEN" &&
		check_screen "$1: the line holding offset 0x$x is on screen" \
			grep -Eq "^$(printf '%08x' $(($2 & ~15)))  " <<<"$SCREEN"
}

SEARCH_RE='^Search \(text with'
at=$(next_match 1 "${TEXTOCC[@]}")
hex_prompt main / "$SEARCH_RE" "shmtop-e2e"
if expect_found "/ shmtop-e2e" "$at"; then
	check_screen "the string at the cursor is the one searched for" \
		grep -q '^string "shmtop-e2e' <<<"$SCREEN"
fi
at=$(next_match $((at + 1)) "${HEXOCC[@]}")
hex_prompt main / "$SEARCH_RE" "x:$HEXPAT"
expect_found "/ x:$HEXPAT" "$at"
at=$(next_match $((at + 1)) "${HEXOCC[@]}")
keys main n
expect_found "n finds the next match of x:$HEXPAT" "$at"
hex_prompt main / "$SEARCH_RE" "x:$ABSENT"
expect main "pattern not found in the segment" "/ x:$ABSENT (absent) says not found"
check_screen "a failed search leaves the cursor where it was (@0x$(printf %x "$at"))" \
	grep -Eq "^@0x$(printf %x "$at") LE " <<<"$SCREEN"
hex_prompt main g '^Go to offset' "0x100"
expect main '^@0x100 LE ' "g 0x100 moves the cursor: the inspector line starts with @0x100"
check_screen "... and the line at 00000100 is on screen" grep -q '^00000100  ' <<<"$SCREEN"

# ================================================================== e. save
note "step e: w saves the segment's bytes, asks before overwriting, n keeps, y overwrites"
SAVED=$TEST_TMP/saved.bin
SAVE_RE='^Save the whole segment to file:'
hex_prompt main w "$SAVE_RE" "$SAVED"
expect main "wrote 65536 bytes to '$SAVED'" "w PATH says it wrote 65536 bytes"
check "the saved file equals the segment's bytes" cmp -s "$BEFORE" "$SAVED"
printf 'sentinel\n' >"$SAVED"
touch -d '2001-02-03 04:05:06' "$SAVED"
mtime0=$(stat -c %y "$SAVED")
hex_prompt main w "$SAVE_RE" "$SAVED"
expect main "'$SAVED' exists\. Overwrite it\? y = yes" "w to an existing file asks to overwrite"
keys main n
expect main "nothing saved" "n answers No: nothing saved"
check_eq "after n the file's contents are untouched" "sentinel" "$(cat "$SAVED")"
check_eq "after n the file's mtime is untouched" "$mtime0" "$(stat -c %y "$SAVED")"
hex_prompt main w "$SAVE_RE" "$SAVED"
expect main "'$SAVED' exists\. Overwrite it\?" "w to the same file asks again"
keys main y
expect main "wrote 65536 bytes to '$SAVED'" "y overwrites it"
check "the overwritten file equals the segment's bytes" cmp -s "$BEFORE" "$SAVED"
# A FIFO is refused at once, asked or not: no writer blocks the dashboard waiting for a reader.
FIFO=$TEST_TMP/save.fifo
mkfifo "$FIFO" || fail "mkfifo $FIFO failed"
hex_prompt main w "$SAVE_RE" "$FIFO"
expect main "cannot write '$FIFO': not a regular file" "w onto a FIFO says at once: not a regular file"
check "the FIFO is still a FIFO" test -p "$FIFO"
hex_prompt main g '^Go to offset' "0x10"
expect main '^@0x10 LE ' "... and the dashboard still answers keys"

# ================================================================== d. unchanged
note "step d: viewing changed none of the segment's bytes"
keys main Escape
expect main "$LIST_RE" "Esc returns to the table"
if wait_nattch "$SID" "$SN0"; then
	good "after Esc nattch of shmid $SID is back to $SN0"
else
	bad "after Esc nattch of shmid $SID is $(nattch_of "$SID"), not $SN0"
fi
"$SEGTOOL" save "$SID" "$TEST_TMP/after.bin"
check "shmid $SID holds the same bytes after viewing, searching and saving" \
	cmp -s "$BEFORE" "$TEST_TMP/after.bin"

# ================================================================== f. creator killed, removal
note "step f: the counter is killed while viewed: PostgreSQL's check passes, --leaks sees the leak; removal, GONE"
set_filter main "$KC" || fail "cannot filter the table to the counter's segment"
keys main x
expect main "^shmid $CID  key 0x$KC " "x opens the hex view on the counter's segment again"
kill -KILL "$COUNTER_PID" 2>/dev/null
wait "$COUNTER_PID" 2>/dev/null
if wait_nattch "$CID" 0; then
	good "the counter killed, shmid $CID has nattch 0 although the hex view is open"
else
	bad "the counter killed, shmid $CID has nattch '$(nattch_of "$CID")' with the hex view open"
fi
rc=0
"$SEGTOOL" inuse "$CID" 2>"$TEST_TMP/inuse.err" || rc=$?
check_eq "PostgreSQL's start-up check (segtool inuse) passes with the hex view open" 0 "$rc" ||
	sed 's/^/#   /' "$TEST_TMP/inuse.err" >&2
rc=0
"$SHMTOP_ABS" --leaks -o json >"$TEST_TMP/leaks.json" 2>&1 || rc=$?
check_eq "--leaks finds a suspect with the hex view open (exit 1)" 1 "$rc"
check_eq "--leaks reports shmid $CID as a suspect: orphan, creator gone" "true orphan,creator-gone" \
	"$(jq -r --argjson id "$CID" '.segments[] | select(.shmid == $id) |
		"\(.leak.suspect) \(.leak.reasons | join(","))"' "$TEST_TMP/leaks.json" 2>&1)"
# No more changes: within HEXDUMP_FADE refreshes the last digit loses its light.
faded=0
for _ in $(seq 1 $((TIMEOUT * 10))); do
	if counter_styles && [[ $LIT_HEX != "$A_LIT_HEX" && $LIT_ASCII != "$A_LIT_ASCII" ]]; then
		faded=1
		break
	fi
	sleep 0.1
done
if ((faded)) && [[ -n $A_LIT_HEX && $LIT_HEX != "$ZERO_HEX" ]]; then
	good "the counter stopped: its last digit loses the changed light of step a ($A_LIT_HEX, now $LIT_HEX)"
else
	bad "the last digit's light did not fade after the counter stopped: step a $A_LIT_HEX, now $LIT_HEX (zero bytes $ZERO_HEX)"
	tm capture-pane -p -e -t main | sed -n 2p | cat -v | sed 's/^/#   /' >&2
fi
capture main
check_screen "the view still shows the counter's last value" grep -Eq '^00000000  3[0-9] ' <<<"$SCREEN"
# Marked for removal while another process holds it: said in the title; it goes with that one.
hold_start "$CID" 30 ro || fail "cannot attach a holder to shmid $CID"
HOLDER=$HOLD_PID
"$SEGTOOL" rm "$CID" || bad "segtool rm $CID failed"
expect main "^shmid $CID  key 0x00000000 .*MARKED FOR REMOVAL" \
	"after IPC_RMID the title says MARKED FOR REMOVAL (and the key is 0)"
hold_stop "$HOLDER"
gone=0
for _ in $(seq 1 $((TIMEOUT * 10))); do
	seg_exists "$CID" || { gone=1; break; }
	sleep 0.1
done
check_eq "its last holder gone, the segment goes at once with the view open: IPC_STAT fails" 1 "$gone"
expect main "^shmid $CID .*GONE from the kernel's list" "the title says GONE"
check_eq "shmtop let go of its descriptor: its memory is freed" "" "$(sysv_fds "$PID" 00000000)"
capture main
check_screen "the last bytes read stay on screen" grep -Eq '^00000000  3[0-9] ' <<<"$SCREEN"
keys main Escape
expect main "$LIST_RE" "Esc leaves the view of the removed segment"

# ================================================================== g. attach refused
note "step g: an attach refused for permissions is reported and the table stays"
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if ! is_root; then
	note "step g skipped: it needs root (a root-owned 0600 segment and setpriv to nobody)"
elif ! command -v setpriv >/dev/null 2>&1; then
	note "step g skipped: setpriv is not installed (util-linux)"
elif ! "${NOBODY[@]}" "$SHMTOP_ABS" --version >/dev/null 2>&1; then
	note "step g skipped: nobody cannot run $SHMTOP_ABS (a directory on its path is private?)"
else
	CUR=nobody
	seg_create "0x$KR" 4096 600 || fail "cannot create a 0600 segment with key 0x$KR"
	RID=$SEG_ID
	start_cmd nobody "${NOBODY[@]}" "$SHMTOP_ABS" -d 0.5
	expect nobody "$LIST_RE" "shmtop runs as nobody"
	set_filter nobody "$KR"
	if expect nobody "0x$KR +$RID +root " "nobody's table shows root's shmid $RID"; then
		keys nobody x
		expect nobody "cannot view shmid $RID: permission denied" \
			"x on root's 0600 segment: the status line says permission denied"
		check_screen "the table stays (no hex view)" \
			eval 'grep -Eq "$LIST_RE" <<<"$SCREEN" && ! grep -q "^shmid $RID  key" <<<"$SCREEN"'
		check_eq "nothing attached to shmid $RID" 0 "$(nattch_of "$RID")"
	fi
	# root's segment that others may read, held by a root process: nobody may neither follow
	# map_files nor read the holder's memory, so it attaches for each copy and detaches at once
	seg_create "0x${PFX}04" 4096 644 || fail "cannot create a 0644 segment"
	OID=$SEG_ID
	"$SEGTOOL" write "$OID" "readable by all" || bad "cannot write into shmid $OID"
	hold_start "$OID" 60 ro || fail "cannot attach a holder to shmid $OID"
	set_filter nobody "${PFX}04"
	expect nobody "0x${PFX}04 +$OID +root " "nobody's table shows root's shmid $OID"
	keys nobody x
	expect nobody "^shmid $OID  key 0x${PFX}04 " "nobody opens the hex view on root's 0644 segment"
	expect nobody "attached for each read \([0-9]+ so far\): nattch, atime, dtime and lpid change" \
		"the status line says nobody's shmtop attaches for each read, and what that changes"
	expect nobody '^00000000  72 65 61 64 61 62 6c 65' "the bytes are read"
	check_eq "between reads nothing of nobody's shmtop stays attached (nattch 1: the holder)" 1 \
		"$(nattch_of "$OID")"
	keys nobody Escape
	expect nobody "$LIST_RE" "Esc returns nobody's shmtop to the table"
	keys nobody q
	expect nobody '^EXIT=0$' "shmtop as nobody exits 0 on q"
	CUR=main
fi

# ================================================================== h. quit
note "step h: q leaves the hex view, q again exits 0, nothing of ours stays attached"
set_filter main "$KS"
keys main x
expect main "^shmid $SID  key 0x$KS " "x opens the hex view on shmid $SID once more"
check_eq "nattch of shmid $SID while viewing" "$SN0" "$(nattch_of "$SID")"
keys main q
expect main "$LIST_RE" "q in the hex view returns to the table"
keys main q
expect main '^EXIT=0$' "q in the table exits with status 0"
check "the shmtop process (pid $PID) is gone" eval '! kill -0 "$PID" 2>/dev/null'
check_eq "nattch of shmid $SID is still $SN0" "$SN0" "$(nattch_of "$SID")"

# ================================================================== sanitizers
check_sanitizers

note "took ${SECONDS}s"
finish
