#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# escape.sh - escaping is injective on real objects and on stderr. Two POSIX objects are made with
# segtool, one whose name holds a real ESC byte and one whose name holds the four characters \x1b;
# they must print differently in the -b --posix table, in JSON (jq sees two different strings, and
# printf %b of each gives back the name's bytes) and in the dashboard's POSIX table in tmux, and
# no raw ESC may reach any of them. Then messages on stderr that quote something from outside
# (-u, --shm-dir, --proc, --dump=/NAME, option values, the warnings built from paths) must show
# it escaped: \x1b for ESC, \\ for a backslash, never a raw control byte.
#
# The names start with "/!" so that they sort before nearly anything else in /dev/shm and show on
# the dashboard's first page however busy the directory is.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_shmtop
need_segtool
need_jq
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (the table's alignment is measured with it)"
[[ -d /dev/shm && -w /dev/shm ]] || skip "/dev/shm is not a writable directory (no POSIX shared memory here)"

J=$TEST_TMP
ESC=$'\e'
BASE=/!shmtop-$TEST_NAME-$$-$RANDOM
REAL=$BASE-e${ESC}[1m       # a real ESC: a terminal would turn the rest bold
TEXT=$BASE-e'\x1b[1m'       # the four characters \x1b: harmless text
REAL_SHOWN=$BASE-e'\x1b[1m' # how each must be shown: ESC as \x1b ...
TEXT_SHOWN=$BASE-e'\\x1b[1m' # ... and the backslash doubled

posix_create "$REAL" 4096 "real ESC" || fail "cannot create a POSIX object named with ESC"
posix_create "$TEXT" 4096 "text" || fail "cannot create a POSIX object named with the text \\x1b"

# no_esc FILE : FILE holds no raw ESC byte.
no_esc() { ! grep -q "$ESC" "$1"; }

# ------------------------------------------------------------------ the table
"$SHMTOP" -b --posix >"$J/table" 2>"$J/table.err" || fail "shmtop -b --posix failed: $(cat "$J/table.err")"
check "table: no raw ESC" no_esc "$J/table"
check "table: the name with ESC shows it as \\x1b" grep -qF -- "$REAL_SHOWN " "$J/table"
check "table: the name with the text \\x1b shows its backslash doubled" \
	grep -qF -- "$TEXT_SHOWN " "$J/table"
check_eq "table: the two rows differ" 2 "$(grep -F -- "$BASE-e" "$J/table" | sort -u | wc -l)"

# ------------------------------------------------------------------ JSON
"$SHMTOP" -b --posix -o json >"$J/json" 2>"$J/json.err" || fail "shmtop -b --posix -o json failed: $(cat "$J/json.err")"
check "json: no raw ESC" no_esc "$J/json"
names=$(jq -r --arg b "$BASE" '[.posix[] | select(.name | startswith($b)) | .name] | sort | .[]' "$J/json")
check_eq "json: two objects, two different strings" 2 "$(sort -u <<<"$names" | wc -l)"
check_eq "json: the name with ESC is the string $REAL_SHOWN" 1 \
	"$(jq --arg s "$REAL_SHOWN" '[.posix[] | select(.name == $s)] | length' "$J/json")"
check_eq "json: the name with the text \\x1b is the string $TEXT_SHOWN" 1 \
	"$(jq --arg s "$TEXT_SHOWN" '[.posix[] | select(.name == $s)] | length' "$J/json")"
check "json: the raw line carries \\\\\\\\ for the doubled backslash" \
	grep -qF -- "\"name\":\"$BASE-e\\\\\\\\x1b[1m\"" "$J/json"
# printf %b undoes the escaping: a backslash appears only as \\ or \xNN
check_eq "json: printf %b gives back the name with ESC" "$REAL" "$(printf '%b' "$REAL_SHOWN")"
check_eq "json: printf %b gives back the name with the text \\x1b" "$TEXT" "$(printf '%b' "$TEXT_SHOWN")"
for n in "$REAL" "$TEXT"; do
	if [[ -e /dev/shm/${n#/} ]]; then
		good "the name given back opens the object: $(printf '%q' "$n")"
	else
		bad "no object $(printf '%q' "$n") in /dev/shm"
	fi
done

# ------------------------------------------------------------------ Prometheus
"$SHMTOP" -b --posix -o prometheus >"$J/prom" 2>"$J/prom.err" || fail "shmtop -o prometheus failed: $(cat "$J/prom.err")"
check "prometheus: no raw ESC" no_esc "$J/prom"
check "prometheus: ESC as \\\\x1b in the label" grep -qF -- ",name=\"$BASE-e\\\\x1b[1m\"," "$J/prom"
check "prometheus: the text \\x1b as \\\\\\\\x1b in the label" \
	grep -qF -- ",name=\"$BASE-e\\\\\\\\x1b[1m\"," "$J/prom"

# ------------------------------------------------------------------ the dashboard, in tmux
if have_tmux; then
	E2E_COLS=160 E2E_ROWS=40 start dash -d 0.5
	CUR=dash
	expect dash "$LIST_RE" "dashboard: the segment table shows"
	keys dash Tab
	expect dash "$POSIX_RE" "dashboard: Tab shows the POSIX table"
	# ERE of a shown name: the base has no ERE metacharacters; \ and [ are quoted here
	expect dash "^[ +!]$BASE-e\\\\x1b\\[1m +[0-9.]+[BK] " \
		"dashboard: the name with ESC is drawn with the text \\x1b"
	expect dash "^[ +!]$BASE-e\\\\\\\\x1b\\[1m +[0-9.]+[BK] " \
		"dashboard: the name with the text \\x1b is drawn with its backslash doubled"
	capture dash
	check_screen "dashboard: the two rows differ" \
		test "$(grep -cF -- "$BASE-e" <<<"$SCREEN")" -eq 2
	# A raw ESC would have been obeyed by tmux, not shown, and would have pulled the rest of
	# its row left: both rows' SIZE cells start in the same column as the title's.
	# (the name through the environment: awk -v would read its backslashes as escapes)
	sizecol() {
		P=$1 awk '{ i = index($0, ENVIRON["P"]); if (i) { print index(substr($0, i), " 4.0K ") + i; exit } }' <<<"$SCREEN"
	}
	c1=$(sizecol "$REAL_SHOWN ") c2=$(sizecol "$TEXT_SHOWN ")
	check_screen "dashboard: both rows keep the table's columns ($c1, $c2)" \
		test -n "$c1" -a "$c1" = "$c2"
	keys dash q
	expect dash '^EXIT=0' "dashboard: q exits 0"
	check_sanitizers
else
	note "tmux is not installed: the dashboard's part is not run"
fi

# ------------------------------------------------------------------ stderr
# err_check DESCRIPTION WANT ARGS... : shmtop ARGS fails; its stderr holds WANT (a fixed string)
# and no control byte but the newlines.
err_check() {
	local what=$1 want=$2 rc=0
	shift 2
	"$SHMTOP" "$@" >"$J/out" 2>"$J/err" </dev/null || rc=$?
	if ((rc == 0)); then
		bad "$what: exit status 0"
	elif grep -q '[[:cntrl:]]' <(tr -d '\n' <"$J/err"); then
		bad "$what: a raw control byte on stderr: $(cat -v "$J/err")"
	elif ! grep -qF -- "$want" "$J/err"; then
		bad "$what: stderr does not say '$want': $(cat -v "$J/err")"
	else
		good "$what"
	fi
}

err_check "-u with ESC" "unknown user '\\x1b[31mx'" -u "${ESC}[31mx"
err_check "-u with the text \\x1b: a different message" "unknown user '\\\\x1b[31mx'" -u '\x1b[31mx'
err_check "an option value with ESC" "invalid iteration count '\\x1b[2J'" -b -n "${ESC}[2J"
err_check "an unknown short option that is ESC" "unknown option '-\\x1b'" "-$ESC"
err_check "an unknown long option with a bell" "unknown option '--x\\x07'" --x$'\a'
err_check "--dump=/NAME with ESC and a bell" "cannot read POSIX object /\\x1b]0;x\\x07:" \
	--dump=/"${ESC}]0;x"$'\a'
err_check "--list-ns with a --proc holding ESC" "cannot list IPC namespaces under /nonexistent/\\x1b[31m\\\\:" \
	--list-ns --proc=/nonexistent/"${ESC}[31m\\"
err_check "--attachers with a --proc holding ESC" "cannot scan /nonexistent/\\x1b[31m for attached" \
	-b --attachers --source=shmctl --proc=/nonexistent/"${ESC}[31m"

# Warnings, after which shmtop goes on: exit 0, the warning escaped.
warn_check() {
	local what=$1 want=$2 rc=0
	shift 2
	"$SHMTOP" "$@" >"$J/out" 2>"$J/err" </dev/null || rc=$?
	if grep -q '[[:cntrl:]]' <(tr -d '\n' <"$J/err"); then
		bad "$what: a raw control byte on stderr: $(cat -v "$J/err")"
	elif ! grep -qF -- "$want" "$J/err"; then
		bad "$what: stderr does not say '$want' (exit $rc): $(cat -v "$J/err")"
	else
		good "$what"
	fi
}

warn_check "--shm-dir with ESC" "cannot list POSIX shared memory in /tmp/\\x1b[31m\\\\nope:" \
	-b --posix --shm-dir=/tmp/"${ESC}[31m\\nope"
# collect.c's fallback warning quotes the proc root
warn_check "a --proc with ESC in collect's warning" "cannot read /nonexistent/\\x1b[31m/sysvipc/shm" \
	-b --source=proc --proc=/nonexistent/"${ESC}[31m"

# A terminal whose character set is not UTF-8 (LC_ALL=C): a UTF-8 name's bytes would show as
# others there, or act (0xc4 0x9b is U+011B, and 0x9b alone is CSI in an 8-bit set), so on a
# terminal they are escaped; in a pipe or a file, and on a UTF-8 terminal, UTF-8 stays itself.
U8=$BASE-u$'\xc4\x9b'
posix_create "$U8" 4096 "utf-8" || fail "cannot create a POSIX object named with U+011B"
check "LC_ALL=C into a pipe: the UTF-8 name as it is" \
	grep -qF -- "$U8" <(LC_ALL=C "$SHMTOP" -b --posix)
check "LC_ALL=C.UTF-8 into a pipe: the same" grep -qF -- "$U8" <(LC_ALL=C.UTF-8 "$SHMTOP" -b --posix)
# The batch table pads by the columns a name takes on a terminal, not by its bytes: é is two
# bytes and one column, 日本 six bytes and four columns; every row's SIZE starts in one column.
for w in ab $'a\xc3\xa9' $'\xe6\x97\xa5\xe6\x9c\xac'; do
	posix_create "$BASE-w$w" 4096 "width" || fail "cannot create $BASE-w$w"
done
check_eq "UTF-8 names: the SIZE column aligned in every row (display columns before it)" "1" \
	"$(LC_ALL=C.UTF-8 "$SHMTOP" -b --posix | grep -F -- "$BASE-w" | python3 -c '
import sys, unicodedata
def width(t):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in t)
cols = {width(line.split(" 4.0K")[0]) for line in sys.stdin.read().splitlines()}
print(len(cols))')"
if have_tmux; then
	E2E_COLS=160 start_cmd tty-c env LC_ALL=C "$SHMTOP_ABS" -b --posix
	CUR=tty-c
	expect tty-c '^EXIT=0$' "LC_ALL=C on a terminal: shmtop -b --posix exits 0"
	check_screen "... the name's bytes escaped" grep -qF -- "$BASE-u\\xc4\\x9b" <<<"$SCREEN"
	E2E_COLS=160 start_cmd tty-u env LC_ALL=C.UTF-8 "$SHMTOP_ABS" -b --posix
	CUR=tty-u
	expect tty-u '^EXIT=0$' "LC_ALL=C.UTF-8 on a terminal: exits 0"
	check_screen "... the name as it is" grep -qF -- "$U8" <<<"$SCREEN"
fi

finish
