#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# private.sh - run one program, a unit test, in IPC and mount namespaces of its own with a private
# /dev/shm, as tests/lib.sh does for the shell tests (it is automake's LOG_COMPILER for the cmocka
# tests, several of which make real segments and POSIX objects). Usage: private.sh PROGRAM [ARG...]

set -u
TEST_NAME=$(basename "${1:-private}")
SHMTOP_TEST_NS_ONLY=1
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
exec "$@"
