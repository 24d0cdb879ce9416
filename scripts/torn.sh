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

BEFORE=""
SECS=60 READERS=20
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --before) BEFORE=$2; shift 2 ;;
        --seconds) SECS=$2; shift 2 ;;
        --readers) READERS=$2; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done

NAME=torn GUEST=$ROOT/vm/torn-guest.sh WITH_IPVSADM=1
TIMEOUT=$((2 * SECS + 900))
# shellcheck source=../vm/scenario.sh
. "$ROOT/vm/scenario.sh"
scenario_args ${args[@]+"${args[@]}"}
[ "$BIN" != ref ] || scenario_usage "the reference has no retries to compare: pass our binary"
PARAMS=$(mktemp -d /tmp/torn-params.XXXXXX)
echo "$SECS" > "$PARAMS/secs"
echo "$READERS" > "$PARAMS/readers"
EXTRA_PAYLOAD=("$PARAMS/secs:secs" "$PARAMS/readers:readers")
if [ -n "$BEFORE" ]; then
    [ -x "$BEFORE" ] || fail "no such binary: $BEFORE (--before PATH)"
    EXTRA_PAYLOAD+=("$BEFORE:ipvsadm-before")
fi
scenario_run
rm -rf "$PARAMS"

echo
echo "=== figures"
cat "$R/figures"
echo "=== checks"
cat "$R/checks"
grep -q '^FAIL' "$R/checks" && fail "torn listings or failed readers with ours"
echo "torn: OK"
