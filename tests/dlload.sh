#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# dlload.sh - ncursesw, SQLite and libbpf are loaded only by the runs that need them: a batch
# table loads none, nor libm, which shmtop does not need (the dynamic loader's own record of the
# files it opens, LD_DEBUG=files, says so); a --history run loads SQLite, the dashboard (in tmux)
# the curses library; a library without the functions shmtop calls (a stand-in found first
# through LD_LIBRARY_PATH) is a clear error, exit 1, not a crash, and the runs that do not need
# it go on without it.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_shmtop

# loaded WHAT ARGS... : the libraries the dynamic loader opened for shmtop ARGS..., one a line
loaded() {
	LD_DEBUG=files "$SHMTOP" "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) .*/\1/p' | sort -u
}

L=$(loaded -b -n 1)
check "the loader's record lists what shmtop -b loads (libc at least)" grep -q '^libc\.so' <<<"$L"
check_eq "a batch table loads no SQLite" "" "$(grep sqlite <<<"$L")"
check_eq "... and no libbpf" "" "$(grep libbpf <<<"$L")"
check_eq "... and no curses library" "" "$(grep -E 'curses|tinfo' <<<"$L")"
if grep -q '^libasan' <<<"$L"; then
	note "a sanitizer build: its runtime loads the maths library itself"
else
	check_eq "... nor the maths library (only the tests' contrast model needs it)" "" \
		"$(grep '^libm\.so' <<<"$L")"
fi
check "shmtop --history loads SQLite" grep -q '^libsqlite3\.so\.0$' \
	<<<"$(loaded --history --db="$TEST_TMP/none.db")"

rc=0
"$SHMTOP" --history --db="$TEST_TMP/none.db" >/dev/null 2>"$TEST_TMP/err" || rc=$?
check_eq "a database that is not there: exit 1" 1 "$rc"
check "... saying so, SQLite loaded" grep -q 'none.db: No such file' "$TEST_TMP/err"

if command -v "${CC:-cc}" >/dev/null 2>&1; then
	mkdir -p "$TEST_TMP/lib"
	echo 'int shmtop_stand_in;' >"$TEST_TMP/stand-in.c"
	"${CC:-cc}" -shared -fPIC -o "$TEST_TMP/lib/libsqlite3.so.0" "$TEST_TMP/stand-in.c" ||
		hard_error "cannot build the stand-in library"
	rc=0
	LD_LIBRARY_PATH=$TEST_TMP/lib "$SHMTOP" --history --db="$TEST_TMP/none.db" >/dev/null \
		2>"$TEST_TMP/err" || rc=$?
	check_eq "an SQLite without its functions: exit 1" 1 "$rc"
	check "... saying which function it lacks" \
		grep -q '^shmtop: --history: libsqlite3.so.0 has no sqlite3_[a-z0-9_]*: an SQLite older' \
		"$TEST_TMP/err"
	rc=0
	LD_LIBRARY_PATH=$TEST_TMP/lib "$SHMTOP" -b -n 1 >/dev/null 2>"$TEST_TMP/err" || rc=$?
	check_eq "... while a batch table does not need it: exit 0" 0 "$rc"
else
	note "no C compiler (${CC:-cc}): the stand-in SQLite is left out"
fi

# the dashboard: the curses library, loaded when it starts
if have_tmux; then
	start_cmd dash env LD_DEBUG=files LD_DEBUG_OUTPUT="$TEST_TMP/ld" "$SHMTOP_ABS"
	expect dash "$LIST_RE" "the dashboard starts"
	keys dash q
	expect dash '^EXIT=0$' "... and quits"
	check "... having loaded the curses library" grep -q 'file=libncursesw\.so' "$TEST_TMP"/ld.*
	if [[ -e $TEST_TMP/lib/libsqlite3.so.0 ]]; then
		SONAME=$(sed -n 's/.*file=\(lib[^ ]*curses[^ ]*\) .*/\1/p' "$TEST_TMP"/ld.* | sed -n 1p)
		cp "$TEST_TMP/lib/libsqlite3.so.0" "$TEST_TMP/lib/$SONAME"
		CUR=stand-in
		start_cmd stand-in env LD_LIBRARY_PATH="$TEST_TMP/lib" "$SHMTOP_ABS"
		expect stand-in '^EXIT=1$' "a curses library without its functions: the dashboard exits 1"
		check_screen "... saying which function it lacks" \
			grep -Eq "^shmtop: $SONAME has no [a-z_]+: a curses library older" <<<"$SCREEN"
	fi
else
	note "tmux is not installed: the dashboard's part is left out"
fi
check_sanitizers

finish
