#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# cli.sh - shmtop's command line: usage errors (status 2, one line naming the bad argument,
# nothing on stdout), --help, --version, the /proc fallback, write errors and repeated snapshots.
# Needs no root and creates no segments.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop

OUT=$TEST_TMP/out
ERR=$TEST_TMP/err
HINT="Try 'shmtop --help' for more information."

# run ARGS... : run shmtop with stdout/stderr captured, set RC.
run() {
	RC=0
	"$SHMTOP" "$@" >"$OUT" 2>"$ERR" </dev/null || RC=$?
}

# usage_error NEEDLE ARGS... : status 2, empty stdout, stderr is one "shmtop: " line containing
# NEEDLE (the bad argument), optionally followed by the --help hint, and nothing else.
usage_error() {
	local needle=$1 line1 nlines
	shift
	run "$@"
	local what="shmtop $* (a usage error naming '$needle')"
	if ((RC != 2)); then
		bad "$what: exit status $RC, expected 2; stderr: $(head -c 300 "$ERR")"
		return
	fi
	if [[ -s $OUT ]]; then
		bad "$what: printed on stdout: $(head -c 200 "$OUT")"
		return
	fi
	nlines=$(wc -l <"$ERR")
	line1=$(head -n 1 "$ERR")
	if [[ $line1 != "shmtop: "* || $line1 != *"$needle"* ]]; then
		bad "$what: first stderr line does not name it: '$line1'"
	elif ((nlines == 2)) && [[ $(sed -n 2p "$ERR") != "$HINT" ]]; then
		bad "$what: unexpected second stderr line: '$(sed -n 2p "$ERR")'"
	elif ((nlines < 1 || nlines > 2)); then
		bad "$what: $nlines stderr lines, expected the message (and the --help hint): $(cat "$ERR")"
	elif grep -q '[[:cntrl:]]' <(tr -d '\n' <"$ERR"); then
		bad "$what: control bytes in the message: $(cat -v "$ERR")"
	else
		good "$what"
	fi
}

# ------------------------------------------------------------------ usage errors
usage_error "-x" -x
usage_error "-x" -b -x
usage_error "-x" -bx                   # in a cluster
usage_error "-x" --batch -xb           # mid-cluster right after a long option
usage_error "--frobnicate" --frobnicate
usage_error "--frobnicate" -b --frobnicate=3
usage_error "--batch" --batch=1        # takes no argument
usage_error "--bytes" -b --bytes=yes   # ... and its val is not a printable letter
usage_error "--no-mouse" --no-mouse=1
usage_error "--no" --no                # ambiguous: --no-color, --no-mouse
usage_error "-n" -b -n
usage_error "-n" -bn
usage_error "-d" -b -d
usage_error "-o" -b -o
usage_error "-s" -b -s
usage_error "-u" -b -u
usage_error "--delay" -b --delay
usage_error "--source" -b --source
usage_error "--proc" -b --proc
usage_error "'0'" -b -n 0
usage_error "'-1'" -b -n -1
usage_error "'2x'" -b -n 2x
usage_error "'abc'" -b -n abc
usage_error "'99999999999999999999999'" -b -n 99999999999999999999999
usage_error "'0'" -b --iterations=0
usage_error "'0.05'" -b -d 0.05
usage_error "'0'" -b -d 0
usage_error "'-1'" -b -d -1
usage_error "'abc'" -b -d abc
usage_error "'nan'" -b -d nan
usage_error "'inf'" -b -d inf
usage_error "'1s'" -b -d 1s
usage_error "''" -b --delay=
usage_error "'xml'" -b -o xml
usage_error "'JSONX'" -b --output=JSONX
usage_error "'nosuch'" -b -s nosuch
usage_error "'nosuch'" -b --sort=nosuch
usage_error "'foo'" -b --source=foo
run -b --source=foo
check "--source=foo: the message lists auto, proc and shmctl" grep -q 'auto, proc or shmctl' "$ERR"
usage_error "''" -b --source=
usage_error "'no-such-user-xyz'" -b -u no-such-user-xyz
usage_error "'no-such-user-xyz'" -b --user=no-such-user-xyz
usage_error "''" -b --user=
usage_error "''" -b --proc=
usage_error "'stray'" -b stray
usage_error "'stray'" stray -b
usage_error "'-x'" -b -- -x

# ------------------------------------------------------------------ --help and --version
for help in -h --help; do
	run "$help"
	check_eq "shmtop $help exits 0" 0 "$RC"
	check "shmtop $help prints nothing on stderr" test ! -s "$ERR"
	check "shmtop $help starts with Usage:" grep -q '^Usage: shmtop' "$OUT"
done
run --help
for opt in -b --batch -n --iterations -d --delay -o --output -s --sort -r --reverse -u --user \
	--source --proc --bytes -R --read-only -C --no-color --no-mouse -h --help -V --version; do
	if grep -qE -- "(^|[[:space:],])$opt([[:space:],=]|$)" "$OUT"; then
		good "--help mentions $opt"
	else
		bad "--help does not mention $opt"
	fi
done
for word in table json csv proc shmctl key shmid size nattch cpid lpid ctime rss swap; do
	check "--help mentions '$word'" grep -qw -- "$word" "$OUT"
done
# The dashboard opens on the first kind in the registry's order, as the man page says and -s and
# --columns assume (--kinds=psem,pmq opens on the queues): --help must not promise LIST's order.
check "--help: the dashboard's tables in the kinds' order, not LIST's" \
	eval 'tr -s " \n" " " <"$OUT" | grep -q "the dashboard shows their tables (all by default) in that order too, opening on the first"'

version=
if [[ -f $top_builddir/config.h ]]; then
	version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
fi
for v in -V --version; do
	run "$v"
	check_eq "shmtop $v exits 0" 0 "$RC"
	check "shmtop $v prints nothing on stderr" test ! -s "$ERR"
	if [[ -n $version ]]; then
		check_eq "shmtop $v: its first line" "shmtop $version" "$(head -n 1 "$OUT")"
	else
		check "shmtop $v: its first line 'shmtop VERSION'" eval 'head -n 1 "$OUT" | grep -qxE "shmtop [0-9][^ ]*"'
	fi
	check "shmtop $v names the licence, GPL version 2 or later" \
		grep -q '^License GPLv2+: GNU GPL version 2 or later <https://www.gnu.org/licenses/old-licenses/gpl-2.0.html>\.$' "$OUT"
	check "... and the copyright holders" grep -qx 'Copyright (C) 2026 The shmtop developers' "$OUT"
done

# What --help, --version and --columns=help print must get out too: a closed or full stdout is
# status 1 with a message, as for batch output, not a silent 0.
for a in --help --version --columns=help; do
	RC=0
	"$SHMTOP" $a >&- 2>"$ERR" || RC=$?
	check_eq "shmtop $a with stdout closed exits 1" 1 "$RC"
	check "shmtop $a with stdout closed: a message" grep -q '^shmtop: .*write' "$ERR"
	if [[ -w /dev/full ]]; then
		RC=0
		"$SHMTOP" $a >/dev/full 2>"$ERR" || RC=$?
		check_eq "shmtop $a > /dev/full exits 1" 1 "$RC"
		check "shmtop $a > /dev/full: a message" grep -q '^shmtop: .*write' "$ERR"
	fi
done

# ------------------------------------------------------------------ batch basics
run -b
check_eq "shmtop -b exits 0" 0 "$RC"
check "shmtop -b: no stderr" test ! -s "$ERR"
check "shmtop -b: a table header" grep -q '^KEY  *SHMID  *OWNER  *PERMS  *SIZE  *NATTCH' "$OUT"

# A missing /proc falls back to shmctl with a single warning.
for fmt in table json csv; do
	run -b -o "$fmt" --proc=/nonexistent
	check_eq "-b -o $fmt --proc=/nonexistent exits 0" 0 "$RC"
	check_eq "-b -o $fmt --proc=/nonexistent: one warning line" 1 "$(wc -l <"$ERR")"
	check "-b -o $fmt --proc=/nonexistent: the warning names the path and shmctl" \
		grep -q '^shmtop: warning: .*/nonexistent.*shmctl' "$ERR"
	check "-b -o $fmt --proc=/nonexistent: something on stdout" test -s "$OUT"
done
run -b -o json --proc=/nonexistent
check "-b -o json --proc=/nonexistent says source shmctl" grep -q '"source":"shmctl"' "$OUT"
run -b --source=shmctl
check_eq "-b --source=shmctl exits 0" 0 "$RC"
check "-b --source=shmctl: no stderr" test ! -s "$ERR"

# --source=auto (the default): the batch table reads shmctl and has no RSS/SWAP columns; what
# shows rss or swap reads /proc; an explicit source wins.
# src_of ARGS... : the source the title line (table) or the JSON names.
src_of() {
	run "$@"
	if [[ $RC -gt 1 || -s $ERR ]]; then # --leaks exits 1 when it finds suspects
		echo "exit $RC: $(head -c 200 "$ERR")"
	elif [[ $(head -c 1 "$OUT") == "{" ]]; then
		jq -r .source "$OUT"
	else
		head -n 1 "$OUT" | sed -n 's/.*, source \([a-z]*\)$/\1/p'
	fi
}
check_eq "-b: source shmctl" shmctl "$(src_of -b)"
check "-b: no RSS or SWAP column" test -z "$(sed -n 2p "$OUT" | grep -E ' (RSS|SWAP)( |$)')"
check "-b: the header ends with CHANGED" grep -q ' CHANGED$' <(sed -n 2p "$OUT")
check_eq "-b --source=auto: source shmctl" shmctl "$(src_of -b --source=auto)"
check_eq "--leaks: source shmctl" shmctl "$(src_of --leaks --stale=1d)"
check_eq "-b -s rss: source proc" proc "$(src_of -b -s rss)"
check "-b -s rss: RSS and SWAP columns" grep -Eq ' RSS +SWAP$' <(sed -n 2p "$OUT")
check_eq "-b -s swap -r: source proc" proc "$(src_of -b -s swap -r)"
check_eq "-b --source=proc: source proc" proc "$(src_of -b --source=proc)"
check "-b --source=proc: RSS and SWAP columns" grep -Eq ' RSS +SWAP$' <(sed -n 2p "$OUT")
check_eq "-b --proc=/proc: source proc" proc "$(src_of -b --proc=/proc)"
check_eq "-b -o json: source proc" proc "$(src_of -b -o json)"
check_eq "-b -o json --source=shmctl: source shmctl" shmctl "$(src_of -b -o json --source=shmctl)"
run -b -o csv
check "-b -o csv: rss and swap columns" grep -q ',rss,swap' <(head -n 1 "$OUT")
# the columns follow the request: --source=proc that falls back to shmctl keeps RSS and SWAP
run -b --source=proc --proc=/nonexistent
check "-b --source=proc --proc=/nonexistent: fell back to shmctl" grep -q ', source shmctl$' <(head -n 1 "$OUT")
check "-b --source=proc --proc=/nonexistent: RSS and SWAP stay" grep -Eq ' RSS +SWAP$' <(sed -n 2p "$OUT")

# Writing to a closed or full stdout is a runtime error (status 1) with a message.
for fmt in table json csv; do
	RC=0
	"$SHMTOP" -b -o "$fmt" >&- 2>"$ERR" || RC=$?
	check_eq "-b -o $fmt with stdout closed exits 1" 1 "$RC"
	check "-b -o $fmt with stdout closed: a message" grep -q '^shmtop: .*write' "$ERR"
	if [[ -w /dev/full ]]; then
		RC=0
		"$SHMTOP" -b -o "$fmt" >/dev/full 2>"$ERR" || RC=$?
		check_eq "-b -o $fmt > /dev/full exits 1" 1 "$RC"
		check "-b -o $fmt > /dev/full: a message" grep -q '^shmtop: .*write' "$ERR"
	fi
done
# ... also when the error comes on a later snapshot: stop at once, do not wait out -n.
if [[ -w /dev/full ]]; then
	RC=0
	start=$(date +%s)
	"$SHMTOP" -b -n 100 -d 5 -o json >/dev/full 2>"$ERR" || RC=$?
	check_eq "-b -n 100 > /dev/full exits 1" 1 "$RC"
	check "-b -n 100 > /dev/full stops at the first failed write" test $(($(date +%s) - start)) -lt 4
fi

# Repeated snapshots: -n 2 -d 0.1 gives two JSON lines, a little apart.
start=$(date +%s%N)
run -b -n 2 -d 0.1 -o json
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check_eq "-b -n 2 -d 0.1 -o json exits 0" 0 "$RC"
check "-b -n 2 -d 0.1 -o json: no stderr" test ! -s "$ERR"
check_eq "-b -n 2 -d 0.1 -o json: two lines" 2 "$(wc -l <"$OUT")"
check_eq "-b -n 2 -d 0.1 -o json: both are snapshots" 2 "$(grep -c '^{"version":1,"time":[0-9]*,' "$OUT")"
check "-b -n 2 -d 0.1 waits about 0.1 s between snapshots ($elapsed_ms ms)" \
	test "$elapsed_ms" -ge 90 -a "$elapsed_ms" -lt 5000
if command -v jq >/dev/null 2>&1; then
	check "-b -n 2 -o json: every line parses with jq" jq -e . "$OUT" >/dev/null
	check_eq "-b -n 2 -o json: jq sees two objects" 2 "$(jq -s length "$OUT")"
else
	note "jq not installed: JSON lines checked by pattern only"
fi
run -b -n 3 -d 0.1 -o csv
check_eq "-b -n 3 -o csv exits 0" 0 "$RC"
check_eq "-b -n 3 -o csv: one header row" 1 "$(grep -c '^time,key,shmid,' "$OUT")"
check "-b -n 3 -o csv: the header is the first row" grep -q '^time,key,shmid,' <(head -n 1 "$OUT")
run -b -n 2 -d 0.1
check_eq "-b -n 2 table exits 0" 0 "$RC"
check_eq "-b -n 2 table: two headers" 2 "$(grep -c '^KEY ' "$OUT")"
run -b --iterations=2 --delay=0.1 --output=json --sort=size --reverse --bytes --source=proc --proc=/proc
check_eq "long forms with '=' are accepted" 0 "$RC"
run -b --iterations 2 --delay 0.1 --output json --sort size --user 0
check_eq "long forms with a separate argument are accepted" 0 "$RC"
check_eq "long forms with a separate argument: two JSON lines" 2 "$(wc -l <"$OUT")"
for col in key shmid owner group perms size nattch status cpid lpid atime dtime ctime rss swap; do
	run -b -s "$col" -o csv
	check_eq "-s $col is accepted" 0 "$RC"
done

finish
