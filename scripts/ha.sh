#!/usr/bin/env bash
# scripts/ha.sh — the IPVS connection-sync (master/backup) HA test on a real
# IPVS kernel, end to end.
#
#   scripts/ha.sh [--check] [--ipvsadm PATH|ref]
#
# Installs what it needs (vm/fetch.sh), builds our release binary if it is
# missing, boots the VM and runs vm/ha-guest.sh: a client, two directors
# (master 10.10.10.215, backup 10.10.10.214) and two real servers (.216,
# .217) in network namespaces on a bridge. OUR ipvsadm configures the same
# DR services for VIP 10.10.10.213 (:80 httpd, :7000 echo) on both directors
# and starts the sync daemons
#     ipvsadm --start-daemon master --mcast-interface eth0 --syncid 7
#     ipvsadm --start-daemon backup --mcast-interface eth0 --syncid 7
# Connections opened through the master must show up on the backup
# (ipvsadm -Lnc) with the same real servers; after the VIP moves to the
# backup (gratuitous ARP) the old connections keep working and a new request
# is served through the backup. `ipvsadm -L --daemon` and the error paths
# (second start, stop when not running, missing interface) are compared with
# the reference ipvsadm 1.31 on the spot. Exit status 0 when every check
# passes; sync and failover timings are printed at the end.
#
#   --check          for CI: no live console; transcript and verdict at the end
#   --ipvsadm PATH   run the directors with another binary
#   --ipvsadm ref    ... with the reference ipvsadm 1.31 (harness check)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)

NAME=ha GUEST=$ROOT/vm/ha-guest.sh TIMEOUT=420 WITH_IPVSADM=1
# shellcheck source=../vm/scenario.sh
. "$ROOT/vm/scenario.sh"
scenario_args "$@"
scenario_run

echo
echo "=== checks (directors run by $(cat "$R/ipvsadm"))"
cat "$R/checks"
echo
echo "=== timings (guest clock, TCG)"
cat "$R/timings"
nfail=$(grep -c '^FAIL' "$R/checks" || true)
npass=$(grep -c '^PASS' "$R/checks" || true)
[ "$npass" -gt 0 ] || fail "no check ran"
[ "$nfail" = 0 ] || fail "$nfail of $((nfail + npass)) checks failed (see above)"
echo "ha: OK ($npass checks passed)"
