# tmux.sh - the screen helpers of the tmux end-to-end tests (e2e*.sh), sourced after lib.sh and
# after the test has defined tm() (its private tmux server) and TIMEOUT. Sessions are named by
# the caller; SCREEN holds the last capture and CUR the session check_screen shows on failure.

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
