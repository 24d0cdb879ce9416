#!/usr/bin/env bash
# scripts/apply.sh — `ipvsadm apply` proved on a real IPVS kernel, end to end.
#
#   scripts/apply.sh [--check] [--ipvsadm PATH]
#
# Installs what it needs (vm/fetch.sh), builds our release binary if it is
# missing, boots the VM and runs vm/apply-guest.sh: four clients, a director
# and six real servers (busybox httpd) in network namespaces on a bridge,
# direct routing; our ipvsadm runs the director. In one boot:
#  1. a 2,000-service table (4 real servers each; TCP/UDP, IPv6, fwmark,
#     persistent, thresholds) restored with `ipvsadm -R`; `-S -n` and
#     `-L -n --thresholds` must show exactly the file;
#  2. `ipvsadm apply --drain 8 FILE2` (a tenth of the services changed, seven
#     of the eight traffic VIPs among them: weights, schedulers, persistence,
#     real servers added and drained) while the clients request the traffic
#     VIPs without pause: no request may fail, and the table must then be
#     FILE2;
#  5. `diff` exits 0 / 1 / 2, `apply --dry-run` changes nothing and prints
#     what `diff` prints, a second `apply` prints nothing;
#  4. files whose last operation the kernel rejects (`-s nosuch`, a new
#     service or an edited one, after a --set, a --start-daemon, new services
#     and real servers): apply exits 1 and -S -n, --list --timeout and
#     -L --daemon are unchanged;
#  3. the same change the distribution's way (`ipvsadm -C; ipvsadm -R`,
#     ours) under the same traffic: its failed requests are reported beside
#     apply's (no assertion on them).
# About 3 minutes on 2 CPUs.
#
#   scripts/apply.sh --timing [--check] [--ipvsadm PATH]
#
# The longer proof (about 15 minutes): 20,000 services, 1 % changed. Three
# rounds of diff, -S -n, apply (both ways) and `ipvsadm -C; ipvsadm -R` of the
# same file on the live table; the medians must show apply at least 10x
# faster than -C + -R, and diff at most 2x -S -n. (-C + -R on a live table
# is slow in the kernel itself: the real servers -C deletes wait in the
# kernel's trash for about two minutes, and every real server -R adds is
# first looked up in that list; the -R into an empty table is printed too.)
#
# Exit status 0 when every check passes; the figures are printed at the end.
#
#   --check          for CI: no live console; transcript and verdict at the end
#   --ipvsadm PATH   run the director with another build of ours
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)

NAME=apply GUEST=$ROOT/vm/apply-guest.sh TIMEOUT=600 WITH_IPVSADM=1
PARAMS=(timing)
# shellcheck source=../vm/scenario.sh
. "$ROOT/vm/scenario.sh"
scenario_args "$@"
# The guest reads /payload/timing to choose its sections.
if [ "${PARAM[timing]}" = 1 ]; then NAME=apply-timing TIMEOUT=1800; fi
[ "$BIN" != ref ] || scenario_usage "the reference ipvsadm 1.31 has no apply: --ipvsadm takes a build of ours"
start=$(date +%s)
scenario_run

echo
echo "=== checks (director run by $(cat "$R/ipvsadm"))"
cat "$R/checks"
echo
echo "=== figures (guest clock, TCG)"
cat "$R/figures"
echo "whole run (host wall clock, boot included): $(( $(date +%s) - start )) s"
nfail=$(grep -c '^FAIL' "$R/checks" || true)
npass=$(grep -c '^PASS' "$R/checks" || true)
[ "$npass" -gt 0 ] || fail "no check ran"
[ "$nfail" = 0 ] || fail "$nfail of $((nfail + npass)) checks failed (see above)"
echo "apply: OK ($npass checks passed)"
