#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# e2e-posix.sh - the POSIX shared memory table in a real terminal: shmtop runs inside tmux at
# 160x40 over the real /dev/shm, where the test makes its own objects (shm_open O_CREAT|O_EXCL,
# ftruncate, mmap, a known text) and keeps processes mapping two of them. Covered: Tab switches
# from the System V table to the POSIX one and back; an object's row shows its size, owner, mode
# and the pid and command of the process that maps it, an unmapped one says "unmapped"; x opens
# the hex view on an object ("POSIX /name" title, the text in the ASCII column) read through a
# read-only descriptor, never mapped; the object truncated to 0 underneath (truncate -s 0) leaves
# shmtop running and the title saying TRUNCATED, and w then saves what is left and says the
# object shrank; Esc lets the descriptor go; F9 then y unlinks a mapped
# object (gone from /dev/shm, its row back as "(deleted)" with its mapper, whose mapping stays);
# F9 then n leaves another; with -R, F9 refuses; q exits 0; a --shm-dir that is not a tmpfs is
# warned about on the status line.
#
# Robust against a busy system: /dev/shm may hold anyone's objects, even thousands, so the test
# names its own /shmtop-e2e-PID-RANDOM-*, finds their rows by name and walks the selection to
# them with the arrows, reading which row is selected from the colors (capture-pane -e); it
# answers y only to a confirmation that names its own object, polls the screen with a timeout
# instead of sleeping, and removes what it made (objects, mappers, the private tmux server) even
# when it fails half-way.
#
# The objects are made and mapped with tests/segtool's posix-* commands; a segtool without them
# gets a small stand-in with the same commands, compiled into the scratch directory.

# shellcheck disable=SC2016 # '$SCREEN' and the like in single quotes are for eval
# shellcheck disable=SC2317 # e2e_cleanup runs from the EXIT trap
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

need_tmux
need_shmtop
need_segtool
SHM=/dev/shm
[[ -d $SHM && -w $SHM ]] || hard_error "$SHM is not a writable directory (no POSIX shared memory here?)"

E2E_COLS=160 E2E_ROWS=40 # the sessions' size

OBJ_LIST=$TEST_TMP/objects # every POSIX object this test created, "/name" a line
: >"$OBJ_LIST"

e2e_cleanup() {
	local rc=$? name
	tmux_stop
	# Only the test's own names: they carry its pid and a random number.
	while read -r name; do
		rm -f -- "$SHM/${name#/}"
	done <"$OBJ_LIST"
	(exit "$rc")
	cleanup # lib.sh: stop the mappers, remove the scratch directory, exit with rc
}
trap e2e_cleanup EXIT

# ------------------------------------------------------------------ the objects' tool
# segtool posix-create NAME SIZE TEXT [MODE] / posix-hold NAME SECONDS / posix-unlink NAME, or
# the same three in a stand-in when this segtool predates them.
if "$SEGTOOL" 2>&1 | grep -q 'posix-hold NAME'; then
	PTOOL=$SEGTOOL
else
	PTOOL=$TEST_TMP/posixtool
	cat >"$PTOOL.c" <<'EOF'
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void on_term(int sig) { (void)sig; _exit(0); }

int main(int argc, char **argv)
{
	struct stat st;
	size_t size;
	void *p;
	int fd;

	if (argc >= 5 && strcmp(argv[1], "posix-create") == 0) {
		size = strtoul(argv[3], NULL, 10);
		fd = shm_open(argv[2], O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd < 0) {
			perror("shm_open");
			return errno == EEXIST ? 3 : 1;
		}
		if (fchmod(fd, argc > 5 ? (mode_t)strtoul(argv[5], NULL, 8) : 0600) < 0 ||
		    ftruncate(fd, (off_t)size) < 0 || strlen(argv[4]) > size) {
			perror("posix-create");
			shm_unlink(argv[2]);
			return 1;
		}
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			shm_unlink(argv[2]);
			return 1;
		}
		memcpy(p, argv[4], strlen(argv[4]));
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "posix-hold") == 0) {
		signal(SIGTERM, on_term);
		fd = shm_open(argv[2], O_RDONLY, 0);
		if (fd < 0 || fstat(fd, &st) < 0 || st.st_size <= 0) {
			perror("posix-hold");
			return 1;
		}
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		close(fd);
		printf("attached %ld\n", (long)getpid());
		fflush(stdout);
		sleep((unsigned)atoi(argv[3]));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "posix-unlink") == 0)
		return shm_unlink(argv[2]) < 0 ? 1 : 0;
	fprintf(stderr, "usage: posixtool posix-create NAME SIZE TEXT [MODE] | "
		"posix-hold NAME SECONDS | posix-unlink NAME\n");
	return 2;
}
EOF
	${CC:-cc} -o "$PTOOL" "$PTOOL.c" 2>"$TEST_TMP/cc.err" ||
		${CC:-cc} -o "$PTOOL" "$PTOOL.c" -lrt 2>"$TEST_TMP/cc.err" ||
		hard_error "$SEGTOOL has no posix-* commands and the stand-in does not compile: $(cat "$TEST_TMP/cc.err")"
fi
# The mappers run as a copy under a name of their own: the table shows "PID pe2e-holder".
HOLDER=$TEST_TMP/pe2e-holder
cp "$PTOOL" "$HOLDER" || hard_error "cannot copy $PTOOL to $HOLDER"

# obj_create SUFFIX SIZE TEXT MODE : a new object /shmtop-e2e-PID-RANDOM-SUFFIX (another random
# number while the name is taken); records it for cleanup and sets OBJ to its name.
obj_create() {
	local _ rc name
	for _ in $(seq 1 20); do
		name=/shmtop-e2e-$$-$RANDOM-$1
		rc=0
		"$PTOOL" posix-create "$name" "$2" "$3" "$4" 2>"$TEST_TMP/create.err" || rc=$?
		if ((rc == 0)); then
			echo "$name" >>"$OBJ_LIST"
			OBJ=$name
			return 0
		fi
		((rc == 3)) || break
	done
	hard_error "cannot create a POSIX object $name: $(cat "$TEST_TMP/create.err")"
}

# obj_hold NAME : map NAME read-only in a background pe2e-holder and wait until it has; sets
# HOLD_PID. The holder is stopped by cleanup.
obj_hold() {
	local out=$TEST_TMP/hold.$RANDOM _
	"$HOLDER" posix-hold "$1" 600 >"$out" 2>&1 &
	HOLD_PID=$!
	echo "$HOLD_PID" >>"$PID_LIST"
	for _ in $(seq 1 100); do
		grep -q '^attached ' "$out" 2>/dev/null && return 0
		kill -0 "$HOLD_PID" 2>/dev/null || break
		sleep 0.05
	done
	hard_error "the holder of $1 did not map it: $(cat "$out")"
}

# ino_of NAME : the object's inode number, or nothing when it is not in /dev/shm.
ino_of() { stat -c %i -- "$SHM/${1#/}" 2>/dev/null; }

# fds_of PID NAME : PID's open descriptors of /dev/shm/NAME (the link targets), one a line.
fds_of() {
	local fd t
	for fd in /proc/"$1"/fd/*; do
		t=$(readlink "$fd" 2>/dev/null) || continue
		[[ $t == "$SHM$2" || $t == "$SHM$2 (deleted)" ]] && echo "$t"
	done
}

# maps_of PID NAME : PID's mappings of /dev/shm/NAME, "PERMS PATH" a line ("r--s /dev/shm/x").
maps_of() {
	awk -v p="$SHM$2" '{ i = index($0, " " p); path = i ? substr($0, i + 1) : "" }
		path == p || path == p " (deleted)" { print $2, path }' "/proc/$1/maps" 2>/dev/null
}

# ------------------------------------------------------------------ the screen
# snap_rows SESSION : one capture -e of the pane: ROWS[i] is the text of screen row i, HDR the row
# of the POSIX column titles (-1 when not shown) and SEL the table row drawn selected (-1: none).
# A selected row's first cell is black on cyan (STYLE_SELECTED), or reversed without colors; tmux
# writes only the changes of SGR state, which carry over from row to row.
snap_rows() {
	local line i=0
	ROWS=() HDR=-1 SEL=-1
	while IFS= read -r line; do
		ROWS+=("${line:2}")
		if ((HDR < 0)) && [[ ${line:2} =~ $POSIX_RE ]]; then
			HDR=$i
		elif ((HDR >= 0 && SEL < 0 && i < E2E_ROWS - 2)) && [[ ${line:0:1} == 1 ]]; then
			SEL=$i
		fi
		i=$((i + 1))
	done < <(tm capture-pane -p -e -t "$1" 2>/dev/null | awk '
	function reset() { rev = 0; fg = "-"; bg = "-" }
	function apply(seq,   n, p, i, k) {
		if (seq == "") { reset(); return }
		n = split(seq, p, /[;:]/)
		for (i = 1; i <= n; i++) {
			k = p[i] + 0
			if (k == 0) reset()
			else if (k == 7) rev = 1
			else if (k == 27) rev = 0
			else if ((k >= 30 && k <= 37) || (k >= 90 && k <= 97)) fg = k
			else if (k == 39) fg = "-"
			else if ((k >= 40 && k <= 47) || (k >= 100 && k <= 107)) bg = k
			else if (k == 49) bg = "-"
			else if ((k == 38 || k == 48) && p[i + 1] == 5) i += 2
			else if ((k == 38 || k == 48) && p[i + 1] == 2) i += 4
		}
	}
	BEGIN { ESC = sprintf("%c", 27); reset() }
	{
		s = $0; text = ""; first = -1
		while (s != "") {
			if (substr(s, 1, 2) == ESC "[") {
				j = 3
				while (j <= length(s) && substr(s, j, 1) !~ /[@-~]/) j++
				if (substr(s, j, 1) == "m") apply(substr(s, 3, j - 3))
				s = substr(s, j + 1)
				continue
			}
			if (first < 0) first = (fg == 30 && bg == 46) || rev
			text = text substr(s, 1, 1)
			s = substr(s, 2)
		}
		printf "%d %s\n", (first > 0), text
	}')
}

# row_of ERE : the first table row (below HDR) that matches, or -1.
row_of() {
	local i
	for ((i = HDR + 1; HDR >= 0 && i < ${#ROWS[@]} && i < E2E_ROWS - 2; i++)); do
		[[ ${ROWS[i]} =~ $1 ]] && { echo "$i"; return; }
	done
	echo -1
}

# settle SESSION : wait (up to a second) until the table's selection or contents move after a key.
settle() {
	local before="$SEL ${ROWS[*]}" _
	for _ in $(seq 1 10); do
		sleep 0.1
		snap_rows "$1"
		[[ "$SEL ${ROWS[*]}" != "$before" ]] && return
	done
}

# goto_row SESSION NAME : select NAME's live row in the POSIX table, as a user would: Home, and
# Down to it when it is on the first page; else End and Up; else page down from the top until it
# shows. Other objects may come and go meanwhile: each step is measured again from the screen.
goto_row() {
	local s=$1 re="^[ +!]$2 +[0-9.]+[BKMGTPE] " step=0 i t d
	for ((i = 0; i < 600; i++)); do
		snap_rows "$s"
		((HDR >= 0)) || return 1
		t=$(row_of "$re")
		if ((t > HDR && SEL > HDR)); then
			((t == SEL)) && return 0
			d=$((t - SEL))
			if ((d > 0)); then keys "$s" -N "$d" Down; else keys "$s" -N "$((-d))" Up; fi
			settle "$s"
			continue
		fi
		case $step in
		0 | 2) keys "$s" Home ;;
		1) keys "$s" End ;;
		*) keys "$s" PageDown ;;
		esac
		step=$((step + 1))
		settle "$s"
	done
	return 1
}

# select_obj SESSION NAME : goto_row, or fail with the screen.
select_obj() {
	if goto_row "$1" "$2"; then
		good "the selection walks to $2's row (row $SEL on screen)"
		return 0
	fi
	capture "$1"
	bad "cannot select the row of $2 in the POSIX table"
	show_screen "$1"
	return 1
}

# ------------------------------------------------------------------ the test's objects
R=$RANDOM
TEXT="POSIX-e2e-$R-hello" # at most 32 bytes: one line of the 160-column hex view
obj_create hex 4096 "$TEXT" 640
N1=$OBJ
obj_hold "$N1"
H1=$HOLD_PID
obj_create rm 8192 "unlink-me-$R" 600
N2=$OBJ
obj_hold "$N2"
H2=$HOLD_PID
obj_create keep 100 "keep-me-$R" 600
N3=$OBJ
N3_INO=$(ino_of "$N3")
OWNER=$(id -un)
OWNER=${OWNER:0:8} # the OWNER column is 8 wide
note "objects $N1 (mapped by $H1), $N2 (mapped by $H2), $N3; tool $PTOOL; tmux $(tmux -V)"

# ================================================================== a. Tab
CUR=main
note "step a: Tab switches to the POSIX table, which lists the test's objects and their mappers"
start main -d 0.5 --kinds=shm,posix,sem,msg # Tab goes through these, in this order
expect main "$LIST_RE" "shmtop starts in tmux and shows the System V table" ||
	fail "shmtop did not start"
PID=$(shmtop_pid main) || fail "cannot find the shmtop process of session main"
keys main Tab
expect main "$POSIX_RE" "Tab shows the POSIX table: NAME SIZE OWNER MODE MODIFIED MAPPED BY LEAK" ||
	fail "Tab did not show the POSIX table"
expect main "^[0-9]+ of [0-9]+ POSIX objects in $SHM  sort: name asc" \
	"the status line counts the objects of $SHM"
# Each row is checked once the selection is on it: with many objects it may be pages away.
select_obj main "$N1" &&
	expect main "^[ +!]$N1 +4\.0K +$OWNER +rw-r----- .* $H1 pe2e-holder *$" \
		"$N1's row: 4.0K, $OWNER, rw-r-----, mapped by $H1 pe2e-holder"
select_obj main "$N2" &&
	expect main "^[ +!]$N2 +8\.0K +$OWNER +rw------- .* $H2 pe2e-holder *$" \
		"$N2's row: 8.0K, $OWNER, rw-------, mapped by $H2 pe2e-holder"
select_obj main "$N3" &&
	expect main "^[ +!]$N3 +100B +$OWNER +rw------- .* - +unmapped *$" \
		"$N3's row: 100B, mapped by nobody: '-' and unmapped"

# ================================================================== b. hex view
note "step b: x opens the hex view on $N1: its title and its text"
select_obj main "$N1" || fail "cannot go on without $N1 selected"
keys main x
expect main "^POSIX $N1  4096 bytes \(4\.0K\)  read-only *$" \
	"x opens the hex view: the title says POSIX $N1, 4096 bytes, read-only" ||
	fail "x did not open the hex view on $N1"
expect main "^00000000  50 4f 53 49 58 2d .*\|$TEXT\.+\|" \
	"the first line holds the text: 'POSIX-' in hex and '$TEXT' in the ASCII column"
check_eq "shmtop does not map $N1 (nothing in /proc/$PID/maps)" "" "$(maps_of "$PID" "$N1")"
check "shmtop reads $N1 through a descriptor (a link in /proc/$PID/fd)" \
	eval 'fds_of "$PID" "$N1" | grep -q .'
expect main "read through a read-only descriptor" \
	"the status line says how the bytes are read"

# ================================================================== c. truncated underneath
note "step c: truncate -s 0 while the view shows it: no crash, the title says so"
truncate -s 0 "$SHM$N1" || fail "truncate -s 0 $SHM$N1 failed"
expect main "^POSIX $N1  4096 bytes \(4\.0K\)  read-only  \[TRUNCATED to 0 bytes underneath" \
	"the title says TRUNCATED to 0 bytes underneath"
sleep 1.2 # two more refreshes over the truncated object: the one fixed wait
capture main
check_screen "shmtop is still running: no exit status in the pane" \
	eval '! grep -q "^EXIT=" <<<"$SCREEN"'
check "... and its process (pid $PID) is alive" kill -0 "$PID"
check_screen "... still in the hex view, which shows none of the bytes that went" \
	eval 'grep -q "^POSIX $N1 .*TRUNCATED" <<<"$SCREEN" && ! grep -q "$TEXT" <<<"$SCREEN"'
# Saving now writes what the object still has, and says that it is less than the view shows.
SAVED=$TEST_TMP/saved.bin
keys main w
if wait_for main '^Save the whole segment to file:'; then
	type_text main "$SAVED"
	keys main Enter
	expect main "wrote 0 of 4096 bytes to '$SAVED': the object shrank underneath" \
		"w after the truncation says it wrote 0 of 4096 bytes: the object shrank"
	check_eq "... and the file holds what is left: nothing" 0 "$(stat -c %s "$SAVED" 2>/dev/null)"
else
	bad "w opens no save prompt"
	show_screen main
fi
check "no SIGBUS or sanitizer report on shmtop's stderr" \
	eval '! grep -Eq "Bus error|SIGBUS|Sanitizer|runtime error" "$TEST_TMP/stderr.main"'

# ================================================================== d. Esc, Tab
note "step d: Esc returns to the POSIX table and lets the descriptor go; Tab goes on through the semaphore arrays and the message queues to the System V table"
keys main Escape
expect main "$POSIX_RE" "Esc returns to the POSIX table"
expect main "^[ +!]$N1 +0B +$OWNER " "$N1's row now says 0B"
check_eq "after Esc shmtop no longer maps $N1" "" "$(maps_of "$PID" "$N1")"
check_eq "after Esc shmtop holds no descriptor of $N1" "" "$(fds_of "$PID" "$N1")"
keys main Tab
expect main '^ KEY +SEMID +OWNER' "Tab goes on to the semaphore arrays"
keys main Tab
expect main '^ KEY +MSQID +OWNER' "... then to the message queues"
keys main Tab
expect main "$LIST_RE" "... then back to the System V table"
capture main
check_screen "... and the POSIX titles are gone" eval '! grep -Eq "$POSIX_RE" <<<"$SCREEN"'

# ================================================================== e. unlink while mapped
note "step e: F9 then y unlinks $N2 while $H2 maps it"
keys main Tab
expect main "$POSIX_RE" "Tab shows the POSIX table again"
if select_obj main "$N2"; then
	keys main F9
	if expect main "Unlink $N2\? \(shm_unlink\)" "F9 asks: Unlink $N2? (shm_unlink)"; then
		expect main "size 8\.0K  owner $OWNER  mapped by 1 process( |$)" \
			"the question gives its size, owner and one mapping process"
		expect main "the processes that map it keep their mappings," \
			"it explains that mappings stay valid"
		expect main "Unlink\? y = yes, anything else = No" "it says that only y unlinks"
		keys main y
		expect main "^$N2 unlinked *$" "y: the status line says $N2 unlinked"
		gone=0
		for _ in $(seq 1 $((TIMEOUT * 10))); do
			[[ -e $SHM$N2 ]] || { gone=1; break; }
			sleep 0.1
		done
		check_eq "$SHM$N2 is gone from the directory" 1 "$gone"
		expect main "^-$N2 \(deleted\) .* $H2 pe2e-holder *$" \
			"the next refresh shows '-$N2 (deleted)', mapped by $H2 pe2e-holder"
		check_eq "$H2 still maps it, now as deleted" "r--s $SHM$N2 (deleted)" \
			"$(maps_of "$H2" "$N2")"
		check "$H2 is alive" kill -0 "$H2"
	else
		keys main n # never y to a question that does not name our object
	fi
fi

# ================================================================== f. F9 then n
note "step f: F9 then n leaves $N3"
if select_obj main "$N3"; then
	keys main F9
	if expect main "Unlink $N3\? \(shm_unlink\)" "F9 on $N3 asks to unlink it"; then
		expect main "as nothing maps it, so does its memory\." \
			"it says that, unmapped, its memory goes with its name"
		keys main n
		expect_not main "Unlink $N3\?" "n closes the question"
		expect main "^nothing unlinked *$" "the status line says nothing unlinked"
	else
		keys main n
	fi
	check_eq "after F9 n, $SHM$N3 is still there, the same inode" "$N3_INO" "$(ino_of "$N3")"
	expect main "^[ +!]$N3 +100B " "... and so is its row"
fi

# ================================================================== g. quit
note "step g: q in the POSIX table exits 0"
keys main q
expect main '^EXIT=0$' "q in the POSIX table exits with status 0"
check "the shmtop process (pid $PID) is gone" eval '! kill -0 "$PID" 2>/dev/null'

# ================================================================== h. --read-only
note "step h: with -R, F9 refuses and asks nothing"
CUR=ro
start ro -R -d 0.5
expect ro "$LIST_RE" "shmtop -R starts"
keys ro Tab
expect ro "$POSIX_RE" "Tab shows the POSIX table under -R"
capture ro
check_screen "the function bar greys out Unlink: F9------" \
	eval 'grep -q "F9------" <<<"$SCREEN" && ! grep -q "F9Unlink" <<<"$SCREEN"'
if select_obj ro "$N3"; then
	keys ro F9
	expect ro "unlinking is disabled: shmtop was started with --read-only \(-R\)" \
		"F9 says unlinking is disabled by --read-only (-R)"
	check_screen "no question is asked" eval '! grep -q "Unlink $N3?" <<<"$SCREEN"'
	keys ro d
	keys ro y
	sleep 0.3
	check_eq "$SHM$N3 is untouched" "$N3_INO" "$(ino_of "$N3")"
fi
keys ro q
expect ro '^EXIT=0$' "shmtop -R exits 0 on q"

# ================================================================== i. --shm-dir not a tmpfs
if [[ $(stat -f -c %T "$TEST_TMP") != tmpfs ]]; then
	note "step i: a --shm-dir that is not a tmpfs is warned about on the status line"
	CUR=nt
	mkdir "$TEST_TMP/plain" || fail "mkdir $TEST_TMP/plain"
	start nt -d 0.5 --shm-dir="$TEST_TMP/plain"
	expect nt "^--shm-dir $TEST_TMP/plain is not a tmpfs \(where shm_open keeps objects\); listing" \
		"the status line warns that --shm-dir $TEST_TMP/plain is not a tmpfs"
	keys nt q
	expect nt '^EXIT=0$' "... and shmtop runs on, q exits 0"
else
	note "step i skipped: $TEST_TMP is a tmpfs"
fi

# ================================================================== sanitizers
check_sanitizers

note "took ${SECONDS}s"
finish
