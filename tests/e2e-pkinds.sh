#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# e2e-pkinds.sh - the POSIX message queues' and named semaphores' tables of the real dashboard,
# in tmux, on objects made and held by tests/pmqtool as their users make them:
#   1. Tab from the segments reaches the queues' table: its titles, each queue's MSGS, MAXMSG
#      and MSGSIZE as mq_getattr says, the status line "N of M POSIX message queues in DIR";
#   2. looking changes nothing: several refreshes of the table, the sort, the filter and the
#      detail view leave every queue's atime, mtime and ctime as they were (reading a queue's
#      file would set them), and the semaphores' files' likewise;
#   3. > and I sort (by MSGS, descending), a filter keeps one queue, Enter shows its detail
#      view, Esc goes back and Esc clears the filter;
#   4. F9 asks (No by default): n keeps the queue, y unlinks it (gone from the mqueue
#      filesystem, its row '-' and then gone); a name unlinked and made again while the
#      question is open is not unlinked;
#   5. Tab to the named semaphores: VALUE as sem_getvalue says, a blocked sem_wait as WAITERS,
#      the process that maps one in MAPPED BY as "PID comm"; one unlinked while it is mapped
#      comes back as "/NAME (deleted)", marked '-', and F9 on it refuses;
#   6. --kinds=pmq opens on the queues' table; with -R, F9 is dashed and refuses;
#   7. without any mqueue filesystem (a mount namespace with them unmounted), Tab never shows
#      a queues' table and nothing crashes; --kinds=pmq there says why its table is empty.
# The mqueue filesystem is the test's own: lib.sh's private one on /dev/mqueue where the machine
# has that directory, else one it mounts in its scratch directory (never under the host's /dev).
# Skips where the test cannot have namespaces of its own.

# shellcheck disable=SC2016 # '$SCREEN' in single quotes is for eval
# shellcheck disable=SC1003 # '\' is the filter key, not an escaped quote
# shellcheck disable=SC2317 # helpers run through check and eval
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_tmux
need_shmtop
need_segtool # lib.sh's cleanup unlinks the semaphores' files with it
[[ $SHMTOP_TEST_NS != shared ]] ||
	skip "needs IPC and mount namespaces of its own: it mounts an mqueue filesystem"

E2E_COLS=160 E2E_ROWS=40

T=$TEST_TMP
. "${top_srcdir:-$(dirname "$0")/..}/tests/pmqlib.sh"
# shellcheck disable=SC2317 # run by pmq_cleanup
pmq_cleanup_first() { tmux_stop; }


# times FILE... : atime, mtime and ctime of each file, to the nanosecond
times() { stat -c '%n %x|%y|%z' "$@"; }
# ere TEXT : TEXT quoted for an extended regular expression
# shellcheck disable=SC2001 # one sed over a class of characters
ere() { sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$1"; }
# line_of ERE : the first line of SCREEN that matches (1-based), or 0
line_of() { grep -nE -- "$1" <<<"$SCREEN" | head -n 1 | cut -d: -f1 | grep . || echo 0; }

# ------------------------------------------------------------------ the objects
R=$$-$RANDOM
P=/shmtop-e2ep-$R
QA=$P-a # F9 n, then y
QB=$P-b # its name made again while the question is open
QM=$P-m # three messages: sorted first by MSGS descending
mq_create "$QA" 2 16 600
mq_create "$QB" 4 32 600
mq_create "$QM" 8 128 640
for m in one two three; do
	"$PMQTOOL" mq-send "$QM" 0 "$m" || fail "mq-send $QM"
done

# Where shmtop will find the queues: /dev/mqueue when it is mounted (lib.sh mounts this IPC
# namespace's there), else a filesystem of the test's own, the only one mounted.
if findmnt -n -t mqueue /dev/mqueue >/dev/null 2>&1; then
	MQ=/dev/mqueue
	[[ -e $MQ$QA ]] || skip "/dev/mqueue shows another IPC namespace's queues (no private mount)"
else
	MQ=$T/mq
	mq_mount "$MQ"
fi
MQ_RE=$(ere "$MQ")

# The semaphores' processes run as copies under names of their own: "PID pkq-holder".
HOLDER=$T/pkq-holder
WAITER=$T/pkq-waiter
cp "$PMQTOOL" "$HOLDER" || hard_error "cannot copy $PMQTOOL"
cp "$PMQTOOL" "$WAITER" || hard_error "cannot copy $PMQTOOL"
S1=$P-1 # value 5, mapped by a holder
S2=$P-2 # value 0, a process blocked in sem_wait
S3=$P-3 # unlinked while its holder maps it
sem_create "$S1" 3 640
"$PMQTOOL" sem-post "$S1" || fail "sem-post $S1"
"$PMQTOOL" sem-post "$S1" || fail "sem-post $S1"
sem_create "$S2" 0 600
sem_create "$S3" 1 600
bg "$HOLDER" attached sem-hold "$S1" 120
H1=$BG_PID
bg "$WAITER" waiting sem-wait "$S2" 120
W2=$BG_PID
bg "$HOLDER" attached sem-hold "$S3" 120
H3=$BG_PID
SEMFILES=("/dev/shm/sem.${S1#/}" "/dev/shm/sem.${S2#/}")
OWNER=$(id -un)
OWNER=${OWNER:0:8} # the OWNER column is 8 wide
note "queues $QA $QB $QM in $MQ; semaphores $S1 (held by $H1), $S2 (awaited by $W2), $S3 (held by $H3); tmux $(tmux -V)"

times "$MQ$QA" "$MQ$QB" "$MQ$QM" >"$T/qtimes.before"
times "${SEMFILES[@]}" >"$T/stimes.before"
sleep 1.1 # the clocks tick: a time set from now on differs from the one recorded

PMQ_RE='^ NAME +OWNER +MODE +MSGS +MAXMSG +MSGSIZE +BYTES +NOTIFY-PID +MODIFIED'
PSEM_RE='^ NAME +VALUE +WAITERS +OWNER +MODE +MODIFIED +MAPPED BY'

# ================================================================== 1. the queues' table
note "step 1: Tab reaches the POSIX message queues' table"
CUR=main
start main -d 0.5
expect main "$LIST_RE" "shmtop starts and shows the segments" || fail "shmtop did not start"
expect main "Hist .*  pmq 3  psem 3( |$)" "the header counts the queues and the semaphores"
keys main Tab
expect main "$POSIX_RE" "Tab: the POSIX objects first"
keys main Tab
expect main '^ KEY +SEMID +OWNER' "... the semaphore arrays"
keys main Tab
expect main '^ KEY +MSQID +OWNER' "... the System V message queues"
keys main Tab
expect main "$PMQ_RE" "... then the POSIX message queues: NAME OWNER MODE MSGS MAXMSG MSGSIZE BYTES NOTIFY-PID MODIFIED" ||
	fail "no table of POSIX message queues"
expect main "^3 of 3 POSIX message queues in $MQ_RE  sort: name asc" \
	"the status line: 3 of 3 POSIX message queues in $MQ"
for q in "$QA" "$QB" "$QM"; do
	attr=$("$PMQTOOL" mq-attr "$q") || fail "mq-attr $q"
	[[ $attr =~ maxmsg=([0-9]+)\ msgsize=([0-9]+)\ curmsgs=([0-9]+) ]] || fail "mq-attr: $attr"
	mode=rw-------
	[[ $q == "$QM" ]] && mode=rw-r-----
	expect main "^[ +]$q +$OWNER +$mode +${BASH_REMATCH[3]} +${BASH_REMATCH[1]} +${BASH_REMATCH[2]}B +- +- " \
		"$q: $OWNER, $mode, MSGS MAXMSG MSGSIZE as mq_getattr says ($attr), no BYTES or notification read"
done

# ================================================================== 3. sort, filter, detail
note "step 3: > and I sort, a filter keeps one queue, Enter shows it"
capture main
check_screen "sorted by name: $QA above $QM" eval '(( $(line_of "^[ +]$QA ") < $(line_of "^[ +]$QM ") ))'
keys main '>'
expect main "sort: owner asc" "> sorts by the next column (owner)"
keys main '>' '>' '>'
expect main "sort: curmsgs desc" "> three times more: by MSGS, largest first (a count)"
keys main I
expect main "sort: curmsgs asc" "I reverses the sort"
keys main I
expect main "sort: curmsgs desc" "I again: largest first"
capture main
check_screen "by MSGS descending: $QM (3 messages) above $QA (none)" \
	eval '(( $(line_of "^[ +]$QM ") > 0 && $(line_of "^[ +]$QM ") < $(line_of "^[ +]$QA ") ))'
keys main '\'
wait_for main '^Filter:' >/dev/null
type_text main "$R-m"
keys main Enter
expect main "^1 of 3 POSIX message queues in $MQ_RE .*filter: $R-m" "a filter keeps only $QM"
capture main
check_screen "... and not $QA or $QB" eval '! grep -Eq "^[ +]($QA|$QB) " <<<"$SCREEN"'
keys main Enter
expect main "^ POSIX message queues: queue $QM *$" "Enter: the detail view, titled with its name" ||
	fail "no detail view"
expect main "^ NAME +$QM *$" "... its NAME"
expect main "^ MSGS +3 *$" "... MSGS 3"
expect main "^ MAXMSG +8 *$" "... MAXMSG 8"
expect main "^ MSGSIZE +128B *$" "... MSGSIZE 128B"
expect main "^ MODE +rw-r----- *$" "... MODE rw-r-----"
expect main "^ OWNER +$OWNER *$" "... OWNER $OWNER"
expect main "F9Unlink" "... and F9 unlinks from there too"
keys main Escape
expect main "$PMQ_RE" "Esc: back to the table"
keys main Escape
expect main "^3 of 3 POSIX message queues in $MQ_RE  sort: curmsgs desc( |$)" "Esc clears the filter"

# ================================================================== 2. looking changes nothing
note "step 2: the refreshes, the sort, the filter and the detail view changed no queue"
sleep 1.5 # three more refreshes of the table on screen
times "$MQ$QA" "$MQ$QB" "$MQ$QM" >"$T/qtimes.after"
check_eq "no queue's atime, mtime or ctime moved (its file is never read)" \
	"$(cat "$T/qtimes.before")" "$(cat "$T/qtimes.after")"
check_eq "$QM: no message taken" "curmsgs=3" "$("$PMQTOOL" mq-attr "$QM" | grep -o 'curmsgs=[0-9]*')"

# ================================================================== 4. unlinking
note "step 4: F9 then n keeps $QA, F9 then y unlinks it; a name made again is not unlinked"
INO_A=$(stat -c %i "$MQ$QA")
select_key main "$QA"
keys main F9
if expect main "Unlink message queue $QA\\? \\(mq_unlink\\)" "F9 asks: Unlink message queue $QA? (mq_unlink)"; then
	expect main "owner $OWNER  0 messages queued" "... naming its owner and its messages"
	expect main "Unlink\\? y = yes, anything else = No" "... and saying that only y unlinks"
	keys main n
	expect main "^nothing unlinked *$" "n: nothing unlinked"
	check_eq "$QA is still there, the same queue" "$INO_A" "$(stat -c %i "$MQ$QA" 2>/dev/null)"
	keys main F9
	if expect main "Unlink message queue $QA\\?" "F9 asks again"; then
		keys main y
		expect main "^$QA unlinked *$" "y: $QA unlinked"
		check "$QA is gone from $MQ" test ! -e "$MQ$QA"
		expect main "^-$QA +$OWNER " "its row turns '-'"
		expect_not main "^[-+! ]$QA +" "... and goes after a few refreshes"
	else
		keys main n
	fi
else
	keys main n # never y to a question that names another queue
fi
INO_B=$(stat -c %i "$MQ$QB")
select_key main "$QB"
keys main F9
if expect main "Unlink message queue $QB\\? \\(mq_unlink\\)" "F9 on $QB asks"; then
	"$PMQTOOL" mq-unlink "$QB" || fail "mq-unlink $QB"
	"$PMQTOOL" mq-create "$QB" 4 32 600 || fail "cannot make $QB again"
	INO_B2=$(stat -c %i "$MQ$QB")
	check "... meanwhile $QB is unlinked and made again, the same attributes, another queue" \
		test "$INO_B" != "$INO_B2"
	keys main y
	expect main "^not unlinked: $QB: (changed since you confirmed|it no longer exists) *$" \
		"y: not unlinked, the status line says it changed"
	check_eq "the new $QB is still there" "$INO_B2" "$(stat -c %i "$MQ$QB" 2>/dev/null)"
else
	keys main n
fi

# ================================================================== 5. the semaphores
note "step 5: Tab to the named semaphores"
keys main Tab
expect main "$PSEM_RE" "Tab: the named semaphores' table: NAME VALUE WAITERS OWNER MODE MODIFIED MAPPED BY" ||
	fail "no table of named semaphores"
expect main "^3 of 3 POSIX semaphores in /dev/shm  sort: name asc" \
	"the status line: 3 of 3 POSIX semaphores in /dev/shm"
V1=$("$PMQTOOL" sem-value "$S1") || fail "sem-value $S1"
V2=$("$PMQTOOL" sem-value "$S2") || fail "sem-value $S2"
expect main "^[ +]$S1 +${V1#value=} +0 +$OWNER +rw-r----- .* $H1 pkq-holder *$" \
	"$S1: VALUE as sem_getvalue says ($V1), no waiter, mapped by $H1 pkq-holder"
expect main "^[ +]$S2 +${V2#value=} +1 +$OWNER +rw------- .* $W2 pkq-waiter *$" \
	"$S2: VALUE as sem_getvalue says ($V2), the blocked sem_wait as a waiter, mapped by $W2 pkq-waiter"
times "${SEMFILES[@]}" >"$T/stimes.after"
check_eq "no semaphore's atime, mtime or ctime moved (values read without a mapping)" \
	"$(cat "$T/stimes.before")" "$(cat "$T/stimes.after")"
select_key main "$S3"
keys main F9
if expect main "Unlink named semaphore $S3\\? \\(sem_unlink\\)" "F9 asks: Unlink named semaphore $S3? (sem_unlink)"; then
	keys main y
	expect main "^$S3 unlinked *$" "y: $S3 unlinked"
	check "its file is gone from /dev/shm" test ! -e "/dev/shm/sem.${S3#/}"
	# the mappers are scanned again at most every 5 seconds
	TIMEOUT=8 expect main "^-$S3 \\(deleted\\) +- +- +.* $H3 pkq-holder *$" \
		"'-$S3 (deleted)' while $H3 pkq-holder maps it"
	check "$H3 is alive and maps it still" \
		grep -q "/dev/shm/sem.${S3#/} (deleted)" "/proc/$H3/maps"
	select_key main "$S3 (deleted)"
	keys main F9
	expect main "that one is already unlinked" "F9 on the deleted one: already unlinked"
else
	keys main n
fi
keys main q
expect main '^EXIT=0$' "q exits with status 0"

# ================================================================== 6. --kinds=pmq, -R
note "step 6: --kinds=pmq opens on the queues; -R refuses to unlink"
CUR=only
start only -d 0.5 --kinds=pmq
expect only "$PMQ_RE" "--kinds=pmq: the queues' table first"
expect only "^[ +]$QM +$OWNER " "... listing $QM"
keys only q
expect only '^EXIT=0$' "... q exits 0"
CUR=ro
start ro -R -d 0.5 --kinds=pmq
expect ro "$PMQ_RE" "-R --kinds=pmq: the queues' table"
capture ro
check_screen "the function bar dashes Unlink: F9------" \
	eval 'grep -q "F9------" <<<"$SCREEN" && ! grep -q "F9Unlink" <<<"$SCREEN"'
INO_M=$(stat -c %i "$MQ$QM")
select_key ro "$QM"
keys ro F9
expect ro "unlinking is disabled: shmtop was started with --read-only \\(-R\\)" \
	"F9 says unlinking is disabled"
capture ro
check_screen "no question is asked" eval '! grep -q "Unlink message queue" <<<"$SCREEN"'
keys ro d
keys ro y
sleep 0.3
check_eq "$QM is untouched" "$INO_M" "$(stat -c %i "$MQ$QM" 2>/dev/null)"
keys ro q
expect ro '^EXIT=0$' "shmtop -R exits 0"

# ================================================================== 7. no mqueue filesystem
note "step 7: no mqueue filesystem mounted"
# shellcheck disable=SC2016 # for bash -c
NOMQ='findmnt -n -r -t mqueue -o TARGET | sort -r | while read -r m; do umount -l "$m"; done
	! grep -q " - mqueue " /proc/self/mountinfo || exit 3 # none left (findmnt -t says 0 anyway)
	exec "$0" "$@"'
CUR=nomq
start_cmd nomq unshare --mount --propagation private bash -c "$NOMQ" "$SHMTOP_ABS" -d 0.5
expect nomq "$LIST_RE" "shmtop starts without any mqueue filesystem" || fail "it did not start"
capture nomq
check_screen "the status line counts no queues" eval '! grep -q "pmq" <<<"$SCREEN"'
seen_pmq=0
for want in "$POSIX_RE" '^ KEY +SEMID +OWNER' '^ KEY +MSQID +OWNER' "$PSEM_RE" \
	'^ +PID +OWNER +NAME +SEGS' "$LIST_RE"; do
	keys nomq Tab
	expect nomq "$want" "Tab: /$want/" || break
	grep -Eq "$PMQ_RE" <<<"$SCREEN" && seen_pmq=1
done
check_eq "Tab went round every table but the queues'" 0 "$seen_pmq"
capture nomq
check_screen "shmtop is still running" eval '! grep -q "^EXIT=" <<<"$SCREEN"'
keys nomq q
expect nomq '^EXIT=0$' "q exits 0"
CUR=nomq2
start_cmd nomq2 unshare --mount --propagation private bash -c "$NOMQ" "$SHMTOP_ABS" -d 0.5 \
	--kinds=pmq,psem
expect nomq2 "^ no mqueue filesystem is mounted \\(mount -t mqueue none /dev/mqueue\\): no POSIX message queues listed" \
	"--kinds=pmq,psem: the queues' table says that no mqueue filesystem is mounted"
expect nomq2 "^0 of 0 POSIX message queues  sort: name asc" "... its status line names no directory"
keys nomq2 Tab
expect nomq2 "$PSEM_RE" "Tab: the named semaphores"
keys nomq2 Tab
sleep 0.5
capture nomq2
check_screen "... and Tab stays there" eval 'grep -Eq "$PSEM_RE" <<<"$SCREEN"'
keys nomq2 q
expect nomq2 '^EXIT=0$' "q exits 0"

check_sanitizers
note "took ${SECONDS}s"
finish
