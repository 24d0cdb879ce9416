#!/usr/bin/env bash
# scripts/demo.sh — the LVS-DR demo on a real IPVS kernel, end to end.
#
#   scripts/demo.sh [--check] [--ipvsadm PATH|ref]
#
# Installs what it needs (vm/fetch.sh: qemu, busybox, Debian's kernel and
# ipvsadm packages), builds our release binary if it is missing, boots the
# VM and runs vm/lvs-dr-guest.sh: a client, a director and two real servers
# in network namespaces on a bridge; OUR ipvsadm configures the director
#     ipvsadm -A -t 10.10.10.213:80 -s rr
#     ipvsadm -a -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 1
#     ipvsadm -a -t 10.10.10.213:80 -r 10.10.10.217:80 -g -w 1
# and four client requests to the VIP must be answered alternately by
# RealServer1 and RealServer2; `ipvsadm -S -n` must print those three lines
# (as -A/-a lines). Exit status 0 on success.
#
#   --check          for CI: no live console; transcript and verdict at the end
#   --ipvsadm PATH   configure the director with another binary
#   --ipvsadm ref    ... with the reference ipvsadm 1.31 (harness check)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)

NAME=demo GUEST=$ROOT/vm/lvs-dr-guest.sh TIMEOUT=300 WITH_IPVSADM=1
# shellcheck source=../vm/scenario.sh
. "$ROOT/vm/scenario.sh"
scenario_args "$@"
scenario_run

echo
echo "=== checks (director configured by $(cat "$R/ipvsadm"))"
ok=1
# 1. four answers, alternating between the two real servers.
mapfile -t answers < "$R/responses"
echo "answers: ${answers[*]}"
if [ ${#answers[@]} != 4 ]; then
    echo "FAIL: expected 4 answers, got ${#answers[@]}"; ok=0
else
    for i in 0 1 2 3; do
        case "${answers[$i]}" in
            RealServer1|RealServer2) ;;
            *) echo "FAIL: answer $((i + 1)) is '${answers[$i]}', not RealServer1/RealServer2"; ok=0 ;;
        esac
    done
    if [ $ok = 1 ]; then
        if [ "${answers[0]}" != "${answers[1]}" ] && [ "${answers[0]}" = "${answers[2]}" ] &&
           [ "${answers[1]}" = "${answers[3]}" ]; then
            echo "PASS: round robin alternates between RealServer1 and RealServer2"
        else
            echo "FAIL: answers do not alternate"; ok=0
        fi
    fi
fi
# 2. ipvsadm -S -n prints exactly the three configured lines.
expected=$(printf '%s\n' \
    '-A -t 10.10.10.213:80 -s rr' \
    '-a -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 1' \
    '-a -t 10.10.10.213:80 -r 10.10.10.217:80 -g -w 1')
if [ "$(cat "$R/save")" = "$expected" ] && [ "$(tail -c 1 "$R/save" | od -An -c | tr -d ' ')" = '\n' ]; then
    echo "PASS: ipvsadm -S -n prints the three configured lines"
else
    echo "FAIL: ipvsadm -S -n printed:"; cat "$R/save"; echo "expected:"; echo "$expected"; ok=0
fi
[ $ok = 1 ] || fail "checks failed"
echo "demo: OK"
