#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# licence.sh - the licence is stated where a packager or a reader looks for it: every source,
# script and build file of the tree (or of the release tarball) has the SPDX line naming
# GPL-2.0-or-later and the copyright line among its first four lines; COPYING holds the GNU GPL
# version 2; --version and the man page name the licence.

# shellcheck disable=SC2016 # the single-quoted commands are for eval
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TOP=${top_srcdir:-$(dirname "$0")/..}
SPDX='SPDX-License-Identifier: GPL-2.0-or-later'
COPYR='Copyright (C) 2026 The shmtop developers'
missing=() checked=0
for f in "$TOP"/src/*.[ch] "$TOP"/tests/*.[ch] "$TOP"/tests/*.sh "$TOP"/bench/* \
	"$TOP"/configure.ac "$TOP"/Makefile.am "$TOP"/bootstrap "$TOP"/.ci/run "$TOP"/doc/shmtop.1 \
	"$TOP"/doc/ansi2svg.py "$TOP"/contrib/bash-completion/shmtop "$TOP"/contrib/zsh/_shmtop \
	"$TOP"/contrib/systemd/shmtop-exporter.service.in "$TOP"/contrib/systemd/shmtop-exporter.timer \
	"$TOP"/contrib/prometheus/shmtop.rules.yml "$TOP"/contrib/prometheus/shmtop.rules.test.yml "$TOP"/contrib/cron/shmtop; do
	[[ -f $f ]] || continue
	case $f in *.md) continue ;; esac
	checked=$((checked + 1))
	head -n 4 "$f" | grep -qF "$SPDX" && head -n 4 "$f" | grep -qF "$COPYR" ||
		missing+=("${f#"$TOP"/}")
done
note "$checked files checked"
check "at least the program's sources and the tests were found" test "$checked" -ge 150
check_eq "every source, script and build file has the SPDX and copyright lines" "" "${missing[*]}"
check "COPYING is the GNU General Public License, version 2" \
	eval 'grep -q "GNU GENERAL PUBLIC LICENSE" "$TOP/COPYING" && grep -q "Version 2, June 1991" "$TOP/COPYING"'
check "the man page has a COPYRIGHT section naming the GPL version 2 or later" \
	eval 'sed -n "/^\.SH COPYRIGHT/,/^\.SH/p" "$TOP/doc/shmtop.1" | grep -q "either version 2 of the License, or (at your option) any later version"'
if [[ -x ${SHMTOP:-} ]]; then
	check "shmtop --version names the licence" eval '"$SHMTOP" --version | grep -q "GNU GPL version 2 or later"'
fi
finish
