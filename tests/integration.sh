#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# integration.sh - shmtop against real segments: every field of every segment this test creates
# is checked against the kernel's own IPC_STAT (through tests/segtool), for both sources, and
# the sources must agree field by field (rss/swap: numbers from /proc, null from shmctl).
#
# The segments: keyed, IPC_PRIVATE, removed while attached (key 0, dest), locked (if
# permitted), owned by another user (root only), owned by a user and a group whose names hold an
# ESC sequence and a BEL (root in the test's own namespaces), and held by processes whose names
# contain control characters, a comma and a quote; every output that prints those names must
# show them escaped. Other segments on the system are ignored.

# shellcheck disable=SC2016 # $names in single quotes are jq's, not the shell's
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_shmtop
need_segtool
need_jq
[[ -r /proc/sysvipc/shm ]] || skip "/proc/sysvipc/shm is not readable (no SysV IPC in this kernel?)"

HOLD_SECS=600   # holders are killed by the cleanup long before this
declare -A SEG  # role -> shmid
declare -A KEY  # role -> key as 0x%08x

mk_keyed() { # ROLE SIZE MODE
	seg_create_keyed "$2" "$3" || fail "cannot create a keyed segment of $2 bytes"
	SEG[$1]=$SEG_ID
	KEY[$1]=$(printf '0x%08x' "$SEG_KEY")
}
mk_private() { # ROLE SIZE MODE
	seg_create 0 "$2" "$3" || fail "cannot create an IPC_PRIVATE segment of $2 bytes"
	SEG[$1]=$SEG_ID
	KEY[$1]=0x00000000
}

# ------------------------------------------------------------------ the segments
mk_keyed keyed 1024 640
"$SEGTOOL" write "${SEG[keyed]}" "hello from integration.sh" || fail "cannot write into a segment"
mk_private private 3000 600 # not a multiple of the page size: size is bytes, not pages
mk_keyed dest 65536 666
hold_start "${SEG[dest]}" "$HOLD_SECS" ro || fail "cannot attach to shmid ${SEG[dest]}"
DEST_HOLDER=$HOLD_PID
"$SEGTOOL" rm "${SEG[dest]}" || fail "cannot IPC_RMID shmid ${SEG[dest]}"
KEY[dest]=0x00000000 # IPC_RMID on an attached segment makes it private until the last detach

mk_keyed locked 4096 600
if "$SEGTOOL" lock "${SEG[locked]}" 2>"$TEST_TMP/lock.err"; then
	HAVE_LOCK=1
else
	HAVE_LOCK=0
	note "SHM_LOCK not permitted here, the locked-segment checks are skipped: $(cat "$TEST_TMP/lock.err")"
fi

OTHER_UID=
if is_root; then
	OTHER_UID=$(id -u nobody 2>/dev/null || echo 65534)
	OTHER_GID=$(getent group nogroup | cut -d: -f3)
	OTHER_GID=${OTHER_GID:-$OTHER_UID}
	mk_private other 8192 644
	"$SEGTOOL" chown "${SEG[other]}" "$OTHER_UID" "$OTHER_GID" || fail "cannot IPC_SET the owner"
else
	note "not root: the segment owned by another user (-u filter, names) is skipped"
fi

# An owner and a group whose names carry an ESC sequence and a BEL: the names that the tables
# print (OWNER), besides JSON, CSV and Prometheus. Only as root in a mount namespace of the test's
# own, where copies of /etc/passwd and /etc/group with them added are bind-mounted over the real
# files; that namespace, and they, go when the test ends.
declare -A OWNER_SHOWN GROUP_SHOWN # role -> the names as shmtop must print them, where not plain
EVIL_OWNER=$'shmtop\e[7mown\a'
EVIL_GROUP=$'shmtop\e]0;grp\a'
EVIL_OWNER_SHOWN='shmtop\x1b[7mown\x07'
EVIL_GROUP_SHOWN='shmtop\x1b]0;grp\x07'
if [[ $SHMTOP_TEST_NS == private ]]; then
	for _ in $(seq 1 20); do
		EVIL_ID=$((2000000 + RANDOM))
		getent passwd "$EVIL_ID" >/dev/null || getent group "$EVIL_ID" >/dev/null || break
	done
	{ cp /etc/passwd "$TEST_TMP/passwd" && cp /etc/group "$TEST_TMP/group"; } ||
		fail "cannot copy /etc/passwd and /etc/group"
	printf '%s:x:%d:%d::/nonexistent:/usr/sbin/nologin\n' "$EVIL_OWNER" "$EVIL_ID" "$EVIL_ID" \
		>>"$TEST_TMP/passwd"
	printf '%s:x:%d:\n' "$EVIL_GROUP" "$EVIL_ID" >>"$TEST_TMP/group"
	{ mount --bind "$TEST_TMP/passwd" /etc/passwd && mount --bind "$TEST_TMP/group" /etc/group; } ||
		fail "cannot bind-mount /etc/passwd and /etc/group in the test's mount namespace"
	check_eq "uid $EVIL_ID is named with control bytes (getent)" "$EVIL_OWNER" \
		"$(getent passwd "$EVIL_ID" | cut -d: -f1)"
	check_eq "gid $EVIL_ID is named with control bytes (getent)" "$EVIL_GROUP" \
		"$(getent group "$EVIL_ID" | cut -d: -f1)"
	mk_private named 2048 600
	"$SEGTOOL" chown "${SEG[named]}" "$EVIL_ID" "$EVIL_ID" || fail "cannot IPC_SET the owner to $EVIL_ID"
	OWNER_SHOWN[named]=$EVIL_OWNER_SHOWN
	GROUP_SHOWN[named]=$EVIL_GROUP_SHOWN
else
	note "not root in a mount namespace of the test's own ($SHMTOP_TEST_NS): the owner named with control bytes, and the tables' control byte checks, are skipped"
fi

# Holders whose command names (the executable's basename, truncated to 15 bytes) carry an ESC
# sequence and a BEL, and a comma, a quote and a right-to-left override (U+202E).
SEGTOOL_ABS=$(cd "$(dirname "$SEGTOOL")" && pwd)/$(basename "$SEGTOOL")
EVIL_NAME=$'\x1b[31mseg\x07tool-long-name'
EVIL_COMM='\x1b[31mseg\x07tool-l' # as shmtop must print it: escaped, 15 bytes before escaping
QUOTE_NAME=$'seg,"\xe2\x80\xaetool' # U+202E as bytes: \u needs a UTF-8 locale
QUOTE_SHOWN='seg,"\xe2\x80\xaetool' # the override is escaped, byte by byte
mkdir "$TEST_TMP/bin"
ln -s "$SEGTOOL_ABS" "$TEST_TMP/bin/$EVIL_NAME"
ln -s "$SEGTOOL_ABS" "$TEST_TMP/bin/$QUOTE_NAME"
mk_private evil 1024 600
hold_start "${SEG[evil]}" "$HOLD_SECS" rw "$TEST_TMP/bin/$EVIL_NAME" || fail "control-char holder did not attach"
EVIL_HOLDER=$HOLD_PID
mk_private quote 1024 600
hold_start "${SEG[quote]}" "$HOLD_SECS" ro "$TEST_TMP/bin/$QUOTE_NAME" || fail "quote holder did not attach"
QUOTE_HOLDER=$HOLD_PID
check_eq "the kernel took the control-char name as comm" "$(printf %s "$EVIL_NAME" | head -c 15)" \
	"$(tr -d '\n' <"/proc/$EVIL_HOLDER/comm")"

ROLES=(keyed private dest evil quote)
((HAVE_LOCK)) && ROLES+=(locked)
[[ -n $OTHER_UID ]] && ROLES+=(other)
[[ -n ${SEG[named]:-} ]] && ROLES+=(named)
note "segments: $(for r in "${ROLES[@]}"; do printf '%s=%s ' "$r" "${SEG[$r]}"; done)"

# What the kernel says, after all set-up is done; nothing changes them while shmtop runs.
declare -A STAT
for r in "${ROLES[@]}"; do
	STAT[$r]=$("$SEGTOOL" stat "${SEG[$r]}") || fail "segtool stat ${SEG[$r]} ($r)"
done
check_eq "IPC_STAT of the removed-but-attached segment: key 0, dest" "0x00000000 true 1" \
	"$(jq -r '"\(.key) \(.dest) \(.nattch)"' <<<"${STAT[dest]}")"
((HAVE_LOCK)) && check_eq "IPC_STAT of the locked segment: locked" true "$(jq .locked <<<"${STAT[locked]}")"

# ------------------------------------------------------------------ snapshots
J=$TEST_TMP
for src in proc shmctl; do
	rc=0
	"$SHMTOP" -b -o json --source=$src >"$J/$src.json" 2>"$J/$src.err" || rc=$?
	check_eq "shmtop -b -o json --source=$src exits 0" 0 "$rc"
	check "shmtop -b -o json --source=$src: nothing on stderr" test ! -s "$J/$src.err"
	check_eq "--source=$src: one JSON line" 1 "$(wc -l <"$J/$src.json")"
	jq -e . "$J/$src.json" >/dev/null 2>"$J/jq.err" ||
		fail "--source=$src: not valid JSON ($(cat "$J/jq.err")): $(head -c 300 "$J/$src.json" | cat -v)"
	good "--source=$src: valid JSON (jq -e .)"
done

now=$(date +%s)
SEG_FIELDS='["key","shmid","perms","size","nattch","dest","locked","uid","gid","cuid","cgid","owner","group","cpid","cpid_comm","cpid_alive","lpid","lpid_comm","lpid_alive","atime","dtime","ctime","rss","swap","huge_page_size","leak"]'
for src in proc shmctl; do
	f=$J/$src.json
	check_eq "--source=$src: version and source" "1 $src" "$(jq -r '"\(.version) \(.source)"' "$f")"
	check "--source=$src: time is now" jq -e --argjson now "$now" '(.time - $now) | fabs <= 5' "$f" >/dev/null
	check "--source=$src: every segment has exactly the documented fields, in order" \
		jq -e --argjson k "$SEG_FIELDS" 'all(.segments[]; keys_unsorted == $k)' "$f" >/dev/null
	check "--source=$src: usage.segments counts the list" \
		jq -e '.usage.segments == (.segments | length)' "$f" >/dev/null
	check "--source=$src: usage.bytes is the sum of sizes" \
		jq -e '.usage.bytes == ([.segments[].size] | add // 0)' "$f" >/dev/null
	check "--source=$src: usage.dest and usage.locked count the flags" \
		jq -e '.usage.dest == ([.segments[] | select(.dest)] | length) and
		       .usage.locked == ([.segments[] | select(.locked)] | length)' "$f" >/dev/null
	check_eq "--source=$src: limits.shmmni is /proc/sys/kernel/shmmni" \
		"$(cat /proc/sys/kernel/shmmni)" "$(jq .limits.shmmni "$f")"
	check_eq "--source=$src: limits.page_size" "$(getconf PAGESIZE)" "$(jq .limits.page_size "$f")"
done

# seg_json FILE SHMID : the one segment with that shmid (fails unless exactly one).
seg_json() {
	jq -ce --argjson id "$2" '[.segments[] | select(.shmid == $id)] | if length == 1 then .[0] else error("shmid \($id) listed \(length) times") end' "$1"
}

name_of() { # passwd|group ID
	local n
	n=$(getent "$1" "$2" | cut -d: -f1)
	printf '%s' "${n:-$2}"
}

for src in proc shmctl; do
	for r in "${ROLES[@]}"; do
		id=${SEG[$r]}
		what="--source=$src $r (shmid $id)"
		got=$(seg_json "$J/$src.json" "$id") || {
			bad "$what: not listed exactly once"
			continue
		}
		# Every IPC_STAT field, by name.
		diffs=$(jq -rn --argjson got "$got" --argjson exp "${STAT[$r]}" \
			'[$exp | to_entries[] | select($got[.key] != .value) |
			  "\(.key): shmtop \($got[.key] | tojson), IPC_STAT \(.value | tojson)"] | join("; ")')
		if [[ -z $diffs ]]; then
			good "$what: every field equals IPC_STAT ($(jq -r 'keys | join(",")' <<<"${STAT[$r]}"))"
		else
			bad "$what: differs from IPC_STAT: $diffs"
		fi
		check_eq "$what: key" "${KEY[$r]}" "$(jq -r .key <<<"$got")"
		uid=$(jq .uid <<<"$got")
		gid=$(jq .gid <<<"$got")
		check_eq "$what: owner is the name of uid $uid" "${OWNER_SHOWN[$r]:-$(name_of passwd "$uid")}" \
			"$(jq -r .owner <<<"$got")"
		check_eq "$what: group is the name of gid $gid" "${GROUP_SHOWN[$r]:-$(name_of group "$gid")}" \
			"$(jq -r .group <<<"$got")"
		# The creator (segtool create) has exited; its pid may have been reused since.
		check "$what: creator gone (or, if its pid is alive, named segtool)" \
			jq -e '.cpid_alive == false or .cpid_comm == "segtool"' <<<"$got" >/dev/null
		check "$what: cpid_comm is null or a string" \
			jq -e '.cpid_comm == null or (.cpid_comm | type) == "string"' <<<"$got" >/dev/null
		if [[ $src == proc ]]; then
			check "$what: rss and swap are numbers" \
				jq -e '(.rss | type) == "number" and (.swap | type) == "number"' <<<"$got" >/dev/null
		else
			check "$what: rss and swap are null" jq -e '.rss == null and .swap == null' <<<"$got" >/dev/null
		fi
	done
done

# Sources agree on everything but rss/swap.
for r in "${ROLES[@]}"; do
	id=${SEG[$r]}
	a=$(seg_json "$J/proc.json" "$id") || continue
	b=$(seg_json "$J/shmctl.json" "$id") || continue
	diffs=$(jq -rn --argjson a "$a" --argjson b "$b" \
		'[$a | keys_unsorted[] | select(. != "rss" and . != "swap" and $a[.] != $b[.]) |
		  "\(.): proc \($a[.] | tojson), shmctl \($b[.] | tojson)"] | join("; ")')
	if [[ -z $diffs ]]; then good "proc and shmctl agree on $r (shmid $id)"; else bad "sources differ on $r: $diffs"; fi
done

P=$J/proc.json
seg_field() { seg_json "$P" "${SEG[$1]}" | jq -r ".$2"; }
check_eq "keyed: lpid is the writer, now gone" "$(jq .lpid <<<"${STAT[keyed]}") false" \
	"$(seg_field keyed lpid) $(seg_field keyed lpid_alive)"
check "keyed: attached and detached once" test "$(seg_field keyed atime)" -gt 0 -a "$(seg_field keyed dtime)" -gt 0
check "keyed: its written page is resident or swapped" test $(($(seg_field keyed rss) + $(seg_field keyed swap))) -gt 0
check_eq "private: never attached" "0 0 0 0" \
	"$(seg_field private nattch) $(seg_field private atime) $(seg_field private lpid) $(seg_field private rss)"
check_eq "private: lpid 0 is not alive" "false null" \
	"$(seg_field private lpid_alive) $(seg_field private lpid_comm)"
check_eq "dest: key 0, dest, attached once" "0x00000000 true 1" \
	"$(seg_field dest key) $(seg_field dest dest) $(seg_field dest nattch)"
check_eq "dest: lpid is the live holder" "$DEST_HOLDER true segtool" \
	"$(seg_field dest lpid) $(seg_field dest lpid_alive) $(seg_field dest lpid_comm)"
if ((HAVE_LOCK)); then
	check_eq "locked: locked, not dest" "true false" "$(seg_field locked locked) $(seg_field locked dest)"
fi
if [[ -n $OTHER_UID ]]; then
	check_eq "other: owner changed, creator still root" "$OTHER_UID 0" \
		"$(seg_field other uid) $(seg_field other cuid)"
fi
check_eq "evil: lpid is its holder, alive" "$EVIL_HOLDER true" "$(seg_field evil lpid) $(seg_field evil lpid_alive)"
check_eq "evil: lpid_comm is escaped, not raw" "$EVIL_COMM" "$(seg_field evil lpid_comm)"
check_eq "quote: lpid_comm keeps the comma and quote, escapes the override" "$QUOTE_SHOWN" \
	"$(seg_field quote lpid_comm)"
check_eq "quote: lpid is its holder" "$QUOTE_HOLDER" "$(seg_field quote lpid)"

# ------------------------------------------------------------------ filters and sorting
me=$(id -un)
"$SHMTOP" -b -o json -u "$me" >"$J/mine.json" || bad "shmtop -u $me failed"
check "-u $me: only uid $(id -u)" jq -e --argjson u "$(id -u)" 'all(.segments[]; .uid == $u)' "$J/mine.json" >/dev/null
for r in keyed private dest evil; do
	check "-u $me lists $r" seg_json "$J/mine.json" "${SEG[$r]}" >/dev/null
done
if [[ -n $OTHER_UID ]]; then
	for u in "$(name_of passwd "$OTHER_UID")" "$OTHER_UID"; do
		"$SHMTOP" -b -o json -u "$u" >"$J/other.json" || bad "shmtop -u $u failed"
		check "-u $u: only uid $OTHER_UID" jq -e --argjson u "$OTHER_UID" 'all(.segments[]; .uid == $u)' \
			"$J/other.json" >/dev/null
		check "-u $u lists the segment given to it" seg_json "$J/other.json" "${SEG[other]}" >/dev/null
		check "-u $u leaves out root's segments" test -z "$(jq --argjson id "${SEG[keyed]}" \
			'.segments[] | select(.shmid == $id)' "$J/other.json")"
	done
fi

ours=$(for r in "${ROLES[@]}"; do echo "${SEG[$r]}"; done | jq -sc .)
for args in "-s size" "-s size -r" "--sort=shmid" "-s shmid -r" "-s nattch -r" "-s ctime"; do
	read -ra argv <<<"$args"
	"$SHMTOP" -b -o json "${argv[@]}" >"$J/sorted.json" || bad "shmtop $args failed"
	key=$(sed -E 's/.*(-s |--sort=)([a-z]+).*/\2/' <<<"$args")
	order=asc
	[[ $args == *-r* ]] && order=desc
	check "$args: all rows ordered by $key ($order)" jq -e --arg k "$key" --arg o "$order" \
		'[.segments[][$k]] as $v | if $o == "asc" then $v == ($v | sort) else $v == ($v | sort | reverse) end' \
		"$J/sorted.json" >/dev/null
	check "$args: our segments are all there" jq -e --argjson ours "$ours" \
		'[.segments[].shmid] as $ids | all($ours[]; . as $o | $ids | index($o) != null)' "$J/sorted.json" >/dev/null
done
check_eq "-s size -r: the sizes of ours, largest first" \
	"$(for r in "${ROLES[@]}"; do jq .size <<<"${STAT[$r]}"; done | sort -nr | tr '\n' ' ')" \
	"$("$SHMTOP" -b -o json -s size -r | jq -r --argjson ours "$ours" \
		'.segments[] | select(.shmid as $i | $ours | index($i) != null) | .size' | tr '\n' ' ')"

# ------------------------------------------------------------------ CSV
"$SHMTOP" -b -o csv >"$J/proc.csv" 2>"$J/csv.err" || bad "shmtop -b -o csv failed: $(cat "$J/csv.err")"
check_eq "csv: the header" \
	"time,key,shmid,perms,size,nattch,dest,locked,uid,gid,cuid,cgid,owner,group,cpid,cpid_comm,cpid_alive,lpid,lpid_comm,lpid_alive,atime,dtime,ctime,rss,swap,leak_suspect,leak_reasons,huge_page_size" \
	"$(head -n 1 "$J/proc.csv" | tr -d '\r')"
check "csv: RFC 4180 CRLF line ends" test "$(grep -c $'\r$' "$J/proc.csv")" -eq "$(wc -l <"$J/proc.csv")"
if command -v python3 >/dev/null 2>&1; then
	# Every field of every row of ours equals the JSON record (booleans as true/false, null as
	# an empty field); time is the snapshot's time.
	csv_out=$(python3 - "$J/proc.csv" "$J/proc.json" "$ours" <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
snap = json.load(open(sys.argv[2]))
ours = json.loads(sys.argv[3])
def text(v):
    return "" if v is None else ("true" if v is True else "false" if v is False else str(v))
bad = []
times = {r["time"] for r in rows}
if len(times) > 1:
    bad.append("rows with different times %s" % sorted(times))
for sid in ours:
    mine = [r for r in rows if r["shmid"] == str(sid)]
    segs = [s for s in snap["segments"] if s["shmid"] == sid]
    if len(mine) != 1 or len(segs) != 1:
        bad.append("shmid %d: %d csv rows, %d json records" % (sid, len(mine), len(segs)))
        continue
    for k, v in segs[0].items():
        if k in ("rss", "swap", "huge_page_size"):
            continue  # may move between the two runs (huge pages reserved meanwhile by
                      # another program decide whether the mappings are scanned)
        if k == "leak":  # two CSV columns: the flag, and the reasons joined by ';'
            got = (mine[0].get("leak_suspect"), mine[0].get("leak_reasons"))
            if got != (text(v["suspect"]), ";".join(v["reasons"])):
                bad.append("shmid %d leak: csv %r json %r" % (sid, got, v))
            continue
        if mine[0].get(k) != text(v):
            bad.append("shmid %d %s: csv %r json %r" % (sid, k, mine[0].get(k), v))
print("; ".join(bad))
EOF
	)
	if [[ -z $csv_out ]]; then good "csv: a row per segment of ours, every field equal to the JSON"; else bad "csv: $csv_out"; fi
else
	note "python3 not installed: CSV rows are not parsed"
fi
for r in "${ROLES[@]}"; do
	check "csv: a row for $r" grep -qE "^[0-9]+,${KEY[$r]},${SEG[$r]}," "$J/proc.csv"
done

# ------------------------------------------------------------------ table
"$SHMTOP" -b >"$J/table.txt" 2>"$J/table.err" || bad "shmtop -b failed: $(cat "$J/table.err")"
"$SHMTOP" -b --bytes >"$J/table-bytes.txt" || bad "shmtop -b --bytes failed"
for r in "${ROLES[@]}"; do
	check "table: ${KEY[$r]} with shmid ${SEG[$r]}" grep -qE "^${KEY[$r]} +${SEG[$r]} " "$J/table.txt"
	size=$(jq .size <<<"${STAT[$r]}")
	check "table --bytes: shmid ${SEG[$r]} shows $size bytes" \
		grep -qE "^${KEY[$r]} +${SEG[$r]} +[^ ]+ +0[0-7]{3} +$size " "$J/table-bytes.txt"
done
check "table: the keyed segment as 1.0K" grep -qE "^${KEY[keyed]} +${SEG[keyed]} .* 1\.0K " "$J/table.txt"
check "table: the removed one shows dest" grep -qE "^0x00000000 +${SEG[dest]} .* dest " "$J/table.txt"
((HAVE_LOCK)) && check "table: the locked one shows locked" grep -qE "^${KEY[locked]} +${SEG[locked]} .* locked " "$J/table.txt"

# The default table (--source=auto) reads shmctl; with --source=proc the same table gains RSS and
# SWAP. Taken together, the two must agree on every other cell of every segment; a segment
# being attached by someone else between the two runs would show, but nothing here is.
check_eq "table: the default source is shmctl" shmctl "$(head -n 1 "$J/table.txt" | sed 's/.*, source //')"
"$SHMTOP" -b --source=proc >"$J/table-proc.txt" 2>"$J/table.err" || bad "shmtop -b --source=proc failed"
check_eq "table --source=proc: source proc" proc "$(head -n 1 "$J/table-proc.txt" | sed 's/.*, source //')"
check "table --source=proc: RSS and SWAP close the header" grep -qE ' CHANGED +RSS +SWAP$' <(sed -n 2p "$J/table-proc.txt")
check "table: no RSS or SWAP from shmctl" grep -qE ' CHANGED$' <(sed -n 2p "$J/table.txt")
if diff <(tail -n +3 "$J/table.txt") <(tail -n +3 "$J/table-proc.txt" | sed -E 's/ +[^ ]+ +[^ ]+$//') \
	>"$J/table.diff"; then
	good "table: shmctl and proc give the same rows, but for RSS and SWAP"
else
	bad "table: the sources' rows differ: $(head -c 400 "$J/table.diff")"
fi

# ------------------------------------------------------------------ control bytes
# Every output, where it prints names with control bytes: the holders' commands (JSON and CSV)
# and the owner and group of "named" (those and the tables' OWNER column, and Prometheus' owner
# label). The tables print no commands: without "named" they have no such name to show.
"$SHMTOP" -b -o json --source=shmctl >"$J/shmctl2.json"
"$SHMTOP" -b -o prometheus >"$J/prom.txt" 2>"$J/prom.err" ||
	bad "shmtop -b -o prometheus failed: $(cat "$J/prom.err")"
OUTPUTS=(proc.json shmctl.json shmctl2.json proc.csv)
[[ -n ${SEG[named]:-} ]] && OUTPUTS+=(table.txt table-bytes.txt prom.txt)
for f in "${OUTPUTS[@]}"; do
	if grep -qP '\x1b' "$J/$f"; then bad "$f: a raw ESC"; else good "$f: no raw ESC"; fi
	if grep -qP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]' "$J/$f"; then
		bad "$f: raw control bytes: $(grep -P '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]' "$J/$f" | cat -v | head -c 300)"
	else
		good "$f: no raw control bytes"
	fi
done
for f in proc.json shmctl.json; do
	check "$f: the escaped form \\\\x1b is there" grep -qF '"lpid_comm":"\\x1b[31mseg\\x07tool-l"' "$J/$f"
done
check "csv: the escaped name is there" grep -qF ',\x1b[31mseg\x07tool-l,' "$J/proc.csv"
check "csv: the comma and quote name is quoted" grep -qF ',"seg,""\xe2\x80\xaetool",' "$J/proc.csv"
if [[ -n ${SEG[named]:-} ]]; then
	for f in table.txt table-bytes.txt; do
		check "$f: the owner named with ESC and BEL is shown escaped" \
			grep -qF -- " ${SEG[named]} $EVIL_OWNER_SHOWN " "$J/$f"
	done
	check "csv: the owner and group named with ESC and BEL are escaped" \
		grep -qF -- ",$EVIL_OWNER_SHOWN,$EVIL_GROUP_SHOWN," "$J/proc.csv"
	check "prometheus: the owner named with ESC and BEL is escaped in its label" \
		grep -qF -- "shmid=\"${SEG[named]}\",owner=\"${EVIL_OWNER_SHOWN//\\/\\\\}\"" "$J/prom.txt"
fi
check "no raw U+202E anywhere" test -z "$(cat "$J"/*.json "$J/proc.csv" "$J"/table*.txt "$J/prom.txt" | grep -F $'\xe2\x80\xae')"

# ------------------------------------------------------------------ after the holder leaves
# Once the last holder detaches, the removed segment is gone from both sources.
hold_stop "$DEST_HOLDER"
for src in proc shmctl; do
	"$SHMTOP" -b -o json --source=$src >"$J/after.json"
	check "--source=$src: the removed segment is gone after the last detach" \
		test -z "$(jq --argjson id "${SEG[dest]}" --arg key 0x00000000 \
			'.segments[] | select(.shmid == $id and .key == $key)' "$J/after.json")"
done

finish
