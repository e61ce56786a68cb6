#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# completion.sh - the shell completion in contrib/: bash loads it (complete -p shmtop) and, asked
# as bash asks it (COMP_WORDS split at '=' the way bash splits them), completes the options, the
# formats, the kinds in a comma list, the columns and sort keys of the first kind on the line,
# and, for --dump and --dump-key, the ids, keys and POSIX names of the objects this test made;
# zsh parses _shmtop and compinit registers it for shmtop without a word on stderr.

# shellcheck disable=SC2016 # the single-quoted commands are for eval
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TOP=${top_srcdir:-$(dirname "$0")/..}
BASHCOMP=$TOP/contrib/bash-completion/shmtop
ZSHDIR=$TOP/contrib/zsh
need_shmtop
need_segtool
[[ -f $BASHCOMP && -f $ZSHDIR/_shmtop ]] || hard_error "contrib/ has no completion scripts"

# ------------------------------------------------------------------ bash: loading
check_eq "bash: sourcing it registers _shmtop for shmtop" "complete -F _shmtop shmtop" \
	"$(bash --norc --noprofile -c '. "$1" && complete -p shmtop' _ "$BASHCOMP" 2>&1)"

# comp WORD... : what the completion offers for the command line WORD... (the last word being
# completed, "" for a new one), one candidate a line, sorted.
comp() {
	bash --norc --noprofile -c '. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
		_shmtop; printf "%s\n" "${COMPREPLY[@]}"' _ "$BASHCOMP" "$SHMTOP_ABS" "$@" 2>&1 | sort
}
SHMTOP_ABS=$(cd "$(dirname "$SHMTOP")" && pwd)/$(basename "$SHMTOP")

check_eq "bash: -o offers the four formats" "csv json prometheus table" "$(comp -o "" | xargs)"
check_eq "bash: --output=j (split at '=') offers json" "json" "$(comp --output = j)"
check_eq "bash: --kinds=sem,p completes the last kind of the list" "sem,pmq sem,posix sem,proc sem,psem" \
	"$(comp --kinds = sem,p | xargs)"
check_eq "bash: --kinds=msg --columns=q offers the queues' columns" "qbytes qnum" \
	"$(comp --kinds = msg --columns = q | xargs)"
check "bash: -s offers the segments' sort keys without --kinds" eval 'comp -s n | grep -qx nattch'
# -s offers the columns each kind sorts by, which are not all its columns: every one offered
# is accepted, and leak (a column, not a sort key) is not offered.
for kind in shm posix sem msg pmq psem proc; do
	keys=$(comp --kinds="$kind" -s "")
	check "bash: --kinds=$kind -s offers sort keys" test -n "$keys"
	bad_keys=
	for key in $keys; do
		"$SHMTOP" -b --kinds="$kind" -s "$key" >/dev/null 2>&1 || bad_keys+=" $key"
	done
	check_eq "bash: --kinds=$kind -s: every key offered sorts" "" "$bad_keys"
done
check "bash: --kinds=posix -s does not offer leak" eval '! comp --kinds=posix -s "" | grep -qx leak'
check "bash: options: --so offers --sort= and --source=" \
	eval '[[ $(comp --so | xargs) == "--sort= --source=" ]]'
check "bash: an empty word offers every long option of --help, --dump-key= among them" \
	eval 'comp "" | grep -qx -- --dump-key='

# ------------------------------------------------------------------ bash: the objects present
seg_create_keyed 4096 600 || fail "cannot create a segment"
ID=$SEG_ID KEY=$(printf '0x%08x' "$SEG_KEY")
NAME=$(posix_name)
posix_create "$NAME" 4096 hello 600 || fail "cannot create the POSIX object $NAME"
check "bash: --dump= offers the segment's shmid $ID" eval 'comp --dump = "" | grep -qx "$ID"'
check "bash: --dump= offers the POSIX object $NAME" eval 'comp --dump = "" | grep -qxF -- "$NAME"'
check "bash: --dump-key= offers the segment's key $KEY" eval 'comp --dump-key = 0x5e | grep -qx "$KEY"'

# ------------------------------------------------------------------ zsh
if command -v zsh >/dev/null 2>&1; then
	check "zsh: _shmtop parses" zsh -n "$ZSHDIR/_shmtop"
	out=$(zsh -fc 'fpath=("$1" $fpath); autoload -Uz compinit && compinit -u -D &&
		print -r -- "${_comps[shmtop]}"' _ "$ZSHDIR" 2>&1)
	check_eq "zsh: compinit registers _shmtop for shmtop, silently" "_shmtop" "$out"
else
	note "zsh is not installed (apt-get install zsh, or ./bootstrap --tests): its checks skipped"
fi
finish
