#!/usr/bin/env bash
# scripts/crash.sh — kill -9 at random points, and writers started together,
# on a real IPVS kernel.
#
#   scripts/crash.sh [--check] [--ipvsadm PATH] [--trials N] [--rounds N] [--seed S]
#
# Installs what it needs (vm/fetch.sh), builds our release binary if it is
# missing, boots the VM and runs vm/crash-guest.sh:
#   * TRIALS (default 70) kills each of `ipvsadm -R`, `ipvsadm apply` and
#     the packages' save (Debian's init script and the EL SysV script, as
#     packaged), at random times over a run's duration: the table left by a
#     killed -R is a prefix of its file; the writers' lock is free once its
#     holder is dead; the next `apply` does exactly what `diff` says and
#     converges; the rules file is always the old save or the new one, byte
#     for byte, with its mode and owner, and nothing is left beside it;
#   * ROUNDS (default 20) rounds of two `apply`s and a `-R` started
#     together: each round ends as one of the six serial orders does.
# Per kind it prints trials, kills that landed midway, lines the next apply
# fixed; for the writers, rounds where one waited and the orders seen.
#
# Exit status 0 when every check passes.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)

NAME=crash GUEST=$ROOT/vm/crash-guest.sh WITH_IPVSADM=1
PARAMS=(trials=70 rounds=20 seed=1)
# shellcheck source=../vm/scenario.sh
. "$ROOT/vm/scenario.sh"
scenario_args "$@"
[ "$BIN" != ref ] || scenario_usage "1.31 has no apply, save or writers' lock: pass our binary"
TIMEOUT=$((${PARAM[trials]} * 12 + ${PARAM[rounds]} * 15 + 600))
EXTRA_PAYLOAD=("$ROOT/packaging/deb/ipvsadm.init:deb-init" "$ROOT/packaging/rpm/ipvsadm.init:el-init")
scenario_run

echo
echo "=== figures"
cat "$R/figures"
echo "=== checks"
cat "$R/checks"
grep -q '^FAIL' "$R/checks" && fail "a crash or concurrency check failed"
[ "$(grep -c '^PASS' "$R/checks")" = 4 ] || fail "not every check ran"
echo "crash: OK"
