#!/usr/bin/env bash
# scripts/torn.sh — no torn listings while the table changes, on a real IPVS
# kernel.
#
#   scripts/torn.sh [--check] [--ipvsadm PATH] [--before PATH] [--seconds N] [--readers N]
#
# Installs what it needs (vm/fetch.sh), builds our release binary if it is
# missing, boots the VM and runs vm/torn-guest.sh: 2,005 services, a writer
# adding and deleting 50 services and 50 real servers per round with
# `ipvsadm -R` without pause, and READERS (default 20) processes listing
# with `-L -n` and `-S -n` in loops for N seconds (default 60). IPVS dumps
# resume by position across datagrams, so a listing taken while the table
# changes can show a service, or a real server, twice. The scenario runs
# twice in one boot when --before names another build (one without dump
# retries): first with it as the readers', then with ours; without
# --before, only ours runs. Per phase it prints listings, torn listings (a service twice, a
# real server twice under one service) and failed readers; the before
# phase's torn count is how often a dump needs to be run again.
#
# Exit status 0 when ours shows no torn listing and no failed reader.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)

NAME=torn GUEST=$ROOT/vm/torn-guest.sh WITH_IPVSADM=1
PARAMS=(seconds=60 readers=20 before=)
# shellcheck source=../vm/scenario.sh
. "$ROOT/vm/scenario.sh"
scenario_args "$@"
[ "$BIN" != ref ] || scenario_usage "the reference has no retries to compare: pass our binary"
TIMEOUT=$((2 * ${PARAM[seconds]} + 900))
if [ -n "${PARAM[before]}" ]; then
    [ -x "${PARAM[before]}" ] || fail "no such binary: ${PARAM[before]} (--before PATH)"
    EXTRA_PAYLOAD=("${PARAM[before]}:ipvsadm-before")
fi
scenario_run

echo
echo "=== figures"
cat "$R/figures"
echo "=== checks"
cat "$R/checks"
grep -q '^FAIL' "$R/checks" && fail "torn listings or failed readers with ours"
echo "torn: OK"
