#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# dlload.sh - SQLite and libbpf are loaded only by the runs that need them: a batch table loads
# neither (the dynamic loader's own record of the files it opens, LD_DEBUG=files, says so), a
# --history run loads SQLite; an SQLite without the functions shmtop calls (a stand-in library
# found first through LD_LIBRARY_PATH) is a clear error, exit 1, not a crash.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop

# loaded WHAT ARGS... : the libraries the dynamic loader opened for shmtop ARGS..., one a line
loaded() {
	LD_DEBUG=files "$SHMTOP" "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) .*/\1/p' | sort -u
}

L=$(loaded -b -n 1)
check "the loader's record lists what shmtop -b loads (libc at least)" grep -q '^libc\.so' <<<"$L"
check_eq "a batch table loads no SQLite" "" "$(grep sqlite <<<"$L")"
check_eq "... and no libbpf" "" "$(grep libbpf <<<"$L")"
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

finish
