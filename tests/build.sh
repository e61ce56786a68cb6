#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# build.sh - what configure promises about the build, on fresh configurations of this source tree
# in scratch directories. --enable-debug compiles with -O0 -g3: on the compile line make runs the
# last -O is -O0 and the last -g is -g3, and so says the compiler's own record of the object it
# made (DW_AT_producer, where it lists the options: gcc does); an -O of CFLAGS given by the user
# wins over it, and configure warns; without --enable-debug the default is autoconf's -g -O2.
# Without pkg-config configure finds ncursesw itself and src/shmtop links; with no ncursesw, or
# with a curses library that has no wide characters, configure stops with a message instead of
# leaving a link error to make. A qsort_r declared the BSD way is refused.
#
# Each configuration costs a run of configure (a second or two). Skips where the source tree
# has been configured in place: configure refuses a second configuration of it out of tree.

# shellcheck disable=SC2016 # '$line' in single quotes is for eval
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

SRC=$(cd "$top_srcdir" && pwd)
[[ -f $SRC/config.status ]] &&
	skip "$SRC is configured in place, so configure refuses another configuration of it (build out of tree, as in README's Building)"
[[ -x $SRC/configure ]] || skip "$SRC/configure is missing (run autoreconf -fi)"

# The scratch builds see neither the caller's flags nor the make that runs this test.
unset CFLAGS CPPFLAGS LDFLAGS LIBS MAKEFLAGS MFLAGS MAKELEVEL

# conf DIR ARGS... : configure into $TEST_TMP/DIR (no unit tests: cmocka is not what is tested
# here); its output in DIR/out. Returns configure's status.
conf() {
	local dir=$TEST_TMP/$1
	shift
	mkdir -p "$dir" || hard_error "mkdir $dir"
	(cd "$dir" && "$SRC/configure" --disable-tests "$@" >out 2>&1)
}

# compile_line DIR : the command make runs to compile src/fmt.c, one option a line.
compile_line() {
	(cd "$TEST_TMP/$1" && make -n V=1 src/fmt.o 2>/dev/null) |
		grep -E -m1 -- ' -c .*src/fmt\.c' | tr -s ' \t' '\n'
}

# last O|g : the last of the options read on stdin that is an -O or a -g level, else "none".
last() {
	local o
	o=$(grep -E -- "^-$1[0-9a-z]*\$" | grep -Ev -- '^-g(dwarf|split|pubnames|column|record|no-)' |
		tail -n 1)
	printf '%s\n' "${o:-none}"
}

# recorded DIR : the options the compiler recorded in DIR's src/fmt.o, one a line, or nothing
# when it recorded none (clang) or readelf is missing.
recorded() {
	command -v readelf >/dev/null 2>&1 || return 0
	readelf --debug-dump=info "$TEST_TMP/$1/src/fmt.o" 2>/dev/null |
		sed -n 's/.*DW_AT_producer *:.*: //p' | head -n 1 | tr -s ' ' '\n' | grep -- '^-'
}

# ------------------------------------------------------------------ --enable-debug
if conf debug --enable-debug; then
	line=$(compile_line debug)
	check_eq "--enable-debug: the last -O on the compile line" -O0 "$(last O <<<"$line")"
	check_eq "--enable-debug: the last -g on the compile line" -g3 "$(last g <<<"$line")"
	check "--enable-debug: the summary says -O0 -g3" grep -Eq '^ *debug: +-O0 -g3$' "$TEST_TMP/debug/out"
	if ! (cd "$TEST_TMP/debug" && make src/fmt.o >make.out 2>&1); then
		bad "--enable-debug: make src/fmt.o failed: $(tail -n 5 "$TEST_TMP/debug/make.out")"
	elif rec=$(recorded debug) && [[ -n $rec ]]; then
		check_eq "--enable-debug: the compiler recorded -O0 last" -O0 "$(last O <<<"$rec")"
		check_eq "--enable-debug: the compiler recorded -g3 last" -g3 "$(last g <<<"$rec")"
	else
		note "the compiler recorded no options in src/fmt.o (not gcc, or no readelf): only the compile line is checked"
	fi
else
	bad "configure --enable-debug failed: $(tail -n 5 "$TEST_TMP/debug/out")"
fi

if conf debug-user --enable-debug CFLAGS='-O1 -g'; then
	line=$(compile_line debug-user)
	check_eq "--enable-debug CFLAGS='-O1 -g': the user's -O1 wins" -O1 "$(last O <<<"$line")"
	check_eq "--enable-debug CFLAGS='-O1 -g': the user's -g wins" -g "$(last g <<<"$line")"
	check "--enable-debug CFLAGS='-O1 -g': configure warns that they win" \
		grep -q 'WARNING: --enable-debug: CFLAGS comes after -O0 -g3 .* win: -O1 -g$' "$TEST_TMP/debug-user/out"
	check "--enable-debug CFLAGS='-O1 -g': the summary says so" \
		grep -Eq "^ *debug: +-O0 -g3, overridden by CFLAGS: -O1 -g$" "$TEST_TMP/debug-user/out"
else
	bad "configure --enable-debug CFLAGS='-O1 -g' failed: $(tail -n 5 "$TEST_TMP/debug-user/out")"
fi

if conf default; then
	line=$(compile_line default)
	check_eq "without --enable-debug: autoconf's default -O2" -O2 "$(last O <<<"$line")"
	check "without --enable-debug: no -O0 on the compile line" eval '! grep -qx -- -O0 <<<"$line"'
	check "without --enable-debug: the summary says no" grep -Eq '^ *debug: +no$' "$TEST_TMP/default/out"
else
	bad "configure failed: $(tail -n 5 "$TEST_TMP/default/out")"
fi

# ------------------------------------------------------------------ curses
# Without pkg-config, configure finds ncursesw by itself, and what it found links shmtop.
if PKG_CONFIG=/bin/false conf nopc; then
	check "no pkg-config: configure found ncursesw by itself" \
		grep -Eq '^ *curses: +ncursesw \(without pkg-config\) \(-lncursesw' "$TEST_TMP/nopc/out"
	if (cd "$TEST_TMP/nopc" && make -j"$(nproc 2>/dev/null || echo 2)" src/shmtop >make.out 2>&1); then
		good "no pkg-config: make links src/shmtop"
		check "no pkg-config: the program runs" "$TEST_TMP/nopc/src/shmtop" --version >/dev/null
	else
		bad "no pkg-config: make src/shmtop failed: $(tail -n 5 "$TEST_TMP/nopc/make.out")"
	fi
else
	bad "configure without pkg-config failed: $(tail -n 5 "$TEST_TMP/nopc/out")"
fi

# conf_refuses DESCRIPTION MESSAGE DIR ARGS... : configure fails, and says MESSAGE (an ERE).
conf_refuses() {
	local what=$1 msg=$2
	shift 2
	if conf "$@"; then
		bad "$what: configure succeeded"
	elif grep -Eq -- "configure: error: .*$msg" "$TEST_TMP/$1/out"; then
		good "$what: configure stops with a message"
	else
		bad "$what: configure failed without saying '$msg': $(tail -n 3 "$TEST_TMP/$1/out")"
	fi
}

# A system without ncursesw, as configure sees it: its search for the library (a cache variable
# given on the command line) found nothing.
PKG_CONFIG=/bin/false conf_refuses "no pkg-config, no ncursesw" "ncursesw was not found" \
	no-ncursesw ac_cv_search_mvaddnwstr=no
# A curses without wide characters (what a wrong ncursesw.pc, or the user, may name).
conf_refuses "the narrow ncurses library" "wide-character curses program .* does not compile and link" \
	narrow NCURSES_CFLAGS= NCURSES_LIBS=-lncurses

# ------------------------------------------------------------------ tests without cmocka
# ./bootstrap without --tests installs no cmocka: configure (tests=auto, the default) goes on
# without the unit tests and warns; make check then stops at once and says what to run, rather
# than passing on part of the suite.
if PKG_CONFIG=/bin/false conf nocmocka --enable-tests=auto; then
	check "no cmocka: configure warns that there are no unit tests" \
		grep -q 'WARNING: cmocka not found: no unit tests' "$TEST_TMP/nocmocka/out"
	if (cd "$TEST_TMP/nocmocka" && make check >check.out 2>&1); then
		bad "no cmocka: make check passed without the unit tests"
	else
		check "no cmocka: make check fails, naming ./bootstrap --tests" \
			grep -q 'run ./bootstrap --tests' "$TEST_TMP/nocmocka/check.out"
		check "no cmocka: ... having run no test" eval '! grep -q "^PASS:\|^FAIL:" "$TEST_TMP/nocmocka/check.out"'
	fi
else
	bad "configure without cmocka failed: $(tail -n 3 "$TEST_TMP/nocmocka/out")"
fi
PKG_CONFIG=/bin/false conf_refuses "--enable-tests=yes without cmocka" "cmocka not found" \
	cmocka-required --enable-tests=yes

# ------------------------------------------------------------------ qsort_r
# A C library that declares qsort_r the BSD way (the context before the comparison function), as
# a header forced in front of every test program declares it: configure stops, whereas a mere
# call would compile with a warning and sort with the arguments swapped.
cat >"$TEST_TMP/bsd-qsort-r.h" <<'EOF'
#define _GNU_SOURCE 1
#include <stdlib.h>
static inline void bsd_qsort_r(void *base, size_t n, size_t size, void *ctx,
			       int (*cmp)(void *, const void *, const void *))
{
	(void)base, (void)n, (void)size, (void)ctx, (void)cmp;
}
#define qsort_r bsd_qsort_r
EOF
conf_refuses "a BSD qsort_r" "qsort_r with the GNU argument order .* is required" \
	bsd-qsort-r CPPFLAGS="-include $TEST_TMP/bsd-qsort-r.h"
check "the GNU qsort_r of this system: configure found it" \
	grep -q '^checking for qsort_r with the GNU argument order\.\.\. yes$' "$TEST_TMP/default/out"

finish
