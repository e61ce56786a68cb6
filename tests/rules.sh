#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# rules.sh - the Prometheus rules in contrib/prometheus: promtool accepts them, and their unit
# tests (shmtop.rules.test.yml: a suspect that lasts an hour and one that does not, a namespace
# near kernel.shmmni, an export that stopped) pass; every metric they use is one shmtop writes.

set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TOP=${top_srcdir:-$(dirname "$0")/..}
RULES=$TOP/contrib/prometheus/shmtop.rules.yml
TESTS=$TOP/contrib/prometheus/shmtop.rules.test.yml
need_shmtop
command -v promtool >/dev/null 2>&1 ||
	skip "promtool is not installed (apt-get install prometheus, or ./bootstrap --tests)"

check "promtool check rules accepts them" promtool check rules "$RULES"
# promtool resolves rule_files relative to the test file's directory
check "promtool test rules: their unit tests pass" promtool test rules "$TESTS"

# The metrics they read, each written by shmtop -o prometheus (not a name from an older version).
"$SHMTOP" -b -o prometheus --kinds=all >"$TEST_TMP/export.prom" 2>/dev/null ||
	fail "shmtop -o prometheus failed"
used=$(grep -oE '\bshmtop_[a-z_]+' "$RULES" | sort -u)
for m in $used; do
	check "the rules read $m, which shmtop writes" grep -q "^# TYPE $m gauge$" "$TEST_TMP/export.prom"
done
finish
