# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# tmux.sh - what the tmux end-to-end tests share (e2e*.sh, escape.sh, container.sh), sourced right
# after lib.sh: a private tmux server with an EXIT trap that ends it, shmtop started in its
# sessions, and the screen helpers. A test that cannot run without tmux calls need_tmux; one with
# a part that can asks have_tmux. A test with more to undo than lib.sh's cleanup sets its own EXIT
# trap, which calls tmux_stop first. Sessions are named by the caller; SCREEN holds the last
# capture and CUR the session check_screen shows on failure.
# shellcheck shell=bash

SHMTOP_ABS=$(cd "$(dirname "$SHMTOP")" && pwd)/$(basename "$SHMTOP")
TIMEOUT=${E2E_TIMEOUT:-5} # seconds to wait for the screen to show something

# The tables are showing: their column titles are on screen.
# shellcheck disable=SC2034 # for the tests that source this
LIST_RE='KEY +SHMID +OWNER'
# shellcheck disable=SC2034
POSIX_RE='^ NAME +SIZE +OWNER +MODE +MODIFIED +MAPPED BY +LEAK'

have_tmux() { command -v tmux >/dev/null 2>&1; }

need_tmux() {
	have_tmux ||
		skip "tmux is not installed; the end-to-end test drives shmtop inside tmux (apt-get install tmux)"
}

# ------------------------------------------------------------------ a private tmux server
# Its own socket in the scratch directory and no configuration file, so a user's tmux (and
# $TMUX, when the test itself runs inside tmux) is never touched.
unset TMUX TMUX_PANE
TMUX_SOCK=$TEST_TMP/tmux.sock
tm() { tmux -u -S "$TMUX_SOCK" -f /dev/null "$@"; }

# tmux_stop : end the server. That hangs up every pane, so no shmtop outlives the test.
tmux_stop() { tm kill-server >/dev/null 2>&1; }

# shellcheck disable=SC2317 # runs from the EXIT trap
tmux_cleanup() {
	local rc=$?
	tmux_stop
	(exit "$rc")
	cleanup # lib.sh: stop the holders, remove the test's objects, exit with rc
}
trap tmux_cleanup EXIT

# start_cmd SESSION COMMAND... : run COMMAND in a new session of E2E_COLS x E2E_ROWS (default
# 120x30) with TERM=$E2E_TERM (default screen: what tmux emulates, so the keys tmux sends are the
# ones terminfo expects), a UTF-8 locale and colors on. When it ends the pane shows what it wrote
# on stderr (kept in $TEST_TMP/stderr.SESSION, so a sanitizer's report is not painted over) and
# EXIT=<status>, and stays, so the test can read the last screen. The redirection is made by the
# pane's shell, before COMMAND can drop privileges.
start_cmd() {
	local s=$1
	shift
	# shellcheck disable=SC2016 # '$@' is for sh -c
	tm new-session -d -s "$s" -x "${E2E_COLS:-120}" -y "${E2E_ROWS:-30}" \
		env -u NO_COLOR LC_ALL=C.UTF-8 TERM="${E2E_TERM:-screen}" E2E_ERR="$TEST_TMP/stderr.$s" \
		sh -c '"$@" 2>"$E2E_ERR"; rc=$?; cat "$E2E_ERR"; echo "EXIT=$rc"; exec sleep 300' \
		sh "$@" ||
		fail "tmux cannot start a session for $*"
}

# start SESSION ARGS... : shmtop ARGS in a new session, as start_cmd runs it.
start() {
	local s=$1
	shift
	start_cmd "$s" "$SHMTOP_ABS" "$@"
}

# shmtop_pid SESSION : the pid of the shmtop that the session runs (a child of the pane's sh).
shmtop_pid() {
	local ppid pid
	ppid=$(tm display-message -p -t "$1" '#{pane_pid}' 2>/dev/null) || return 1
	for pid in $(pgrep -P "$ppid" 2>/dev/null); do
		if [[ $(cat "/proc/$pid/comm" 2>/dev/null) == shmtop* ]]; then
			echo "$pid"
			return 0
		fi
	done
	return 1
}

# check_sanitizers : a sanitizer build reports on stderr, which the dashboard's screen would
# hide; every $TEST_TMP/stderr.* (each session's, and any the test keeps there) must hold none.
check_sanitizers() {
	local f n=0 found=0
	for f in "$TEST_TMP"/stderr.*; do
		[[ -e $f ]] || continue
		n=$((n + 1))
		if grep -Eq 'Sanitizer|runtime error' "$f"; then
			bad "shmtop (session ${f##*.}) reported memory or undefined-behaviour errors:"
			sed 's/^/#   /' "$f" >&2
			found=1
		fi
	done
	((n && !found)) && good "no memory or undefined-behaviour errors on the stderr of the sessions ($n files)"
	return 0
}

# ------------------------------------------------------------------ the screen
SCREEN=
capture() { SCREEN=$(tm capture-pane -p -t "$1" 2>/dev/null); }

show_screen() {
	printf '#   screen of session %s:\n' "$1" >&2
	printf '%s\n' "$SCREEN" | sed 's/^/#   |/' >&2
}

# wait_for SESSION ERE [SECONDS] : poll until the screen matches; SCREEN holds the last capture.
wait_for() {
	local i n=$(((${3:-$TIMEOUT}) * 10))
	for ((i = 0; i <= n; i++)); do
		capture "$1"
		grep -Eq -- "$2" <<<"$SCREEN" && return 0
		sleep 0.1
	done
	return 1
}

# wait_not SESSION ERE [SECONDS] : poll until the screen no longer matches.
wait_not() {
	local i n=$(((${3:-$TIMEOUT}) * 10))
	for ((i = 0; i <= n; i++)); do
		capture "$1"
		grep -Eq -- "$2" <<<"$SCREEN" || return 0
		sleep 0.1
	done
	return 1
}

# expect SESSION ERE DESCRIPTION : one check that the screen comes to match.
expect() {
	if wait_for "$1" "$2"; then
		good "$3"
		return 0
	fi
	bad "$3: the screen never matched /$2/ within ${TIMEOUT}s"
	show_screen "$1"
	return 1
}

# expect_not SESSION ERE DESCRIPTION : one check that the screen comes to not match.
expect_not() {
	if wait_not "$1" "$2"; then
		good "$3"
		return 0
	fi
	bad "$3: the screen still matches /$2/ after ${TIMEOUT}s"
	show_screen "$1"
	return 1
}

# check_screen DESCRIPTION COMMAND... : a check on the current SCREEN; shows it on failure.
check_screen() {
	local what=$1
	shift
	if "$@"; then
		good "$what"
	else
		bad "$what"
		show_screen "$CUR"
	fi
}

keys() { tm send-keys -t "$1" "${@:2}"; }
type_text() { tm send-keys -t "$1" -l -- "$2"; }

# select_key SESSION TEXT : incremental search for TEXT (/ TEXT Enter); the prompt is closed.
select_key() {
	keys "$1" /
	wait_for "$1" '^Search:' || { bad "/ opens no search prompt"; show_screen "$1"; return 1; }
	type_text "$1" "$2"
	keys "$1" Enter
	wait_not "$1" '^Search:' || { bad "Enter does not close the search prompt"; show_screen "$1"; return 1; }
}
