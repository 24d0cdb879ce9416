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
# RealServer1 and RealServer2; `ipvsadm -Lnc` must list the four
# connections, each through the real server that answered it, as 1.31
# lists them; `ipvsadm -S -n` must print those three lines (as -A/-a lines).
# Exit status 0 on success.
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
# 3. ipvsadm -Lnc lists the client's four connections to the VIP: TCP from
# 10.10.10.22, four ports of its own, to 10.10.10.213:80, in FIN_WAIT (the
# client closed; with direct routing the director sees only its half), in
# 1.31's columns; masked: the expiry timer (it counts down) and the client's
# port (the kernel picks it; 5 digits in Linux's ephemeral range). Entries
# come in the kernel's hash order, so they are compared sorted. Each
# request made one new entry (the guest listed the table after each), and
# that connection went through the real server that answered it: .216 for
# RealServer1, .217 for RealServer2. The reference's listing of the same
# table, read just after, must be the same bytes in the same order (expiry
# masked).
mask_expiry() { sed -E 's/^(TCP|UDP) [0-9]{2}:[0-9]{2}  /\1 MM:SS  /'; }
rs_addr() { case "$1" in RealServer1) echo 10.10.10.216 ;; RealServer2) echo 10.10.10.217 ;; *) echo "(no real server)" ;; esac; }
conn_line() { echo "TCP MM:SS  FIN_WAIT    10.10.10.22:NNNNN  10.10.10.213:80    $1:80"; }
# entries FILE: "CLIENT-PORT REAL-SERVER" per connection of a -Lnc listing, sorted
entries() {
    sed -nE 's/^TCP [0-9]{2}:[0-9]{2}  [A-Z_]+ +10\.10\.10\.22:([0-9]+) +10\.10\.10\.213:80 +([0-9.]+):80$/\1 \2/p' "$1" |
        LC_ALL=C sort
}
expected=$(
    echo 'IPVS connection entries'
    echo 'pro expire state       source             virtual            destination'
    for a in ${answers[@]+"${answers[@]}"}; do conn_line "$(rs_addr "$a")"; done | LC_ALL=C sort)
masked=$(mask_expiry < "$R/conns" | sed -E 's/ 10\.10\.10\.22:[0-9]{5}  / 10.10.10.22:NNNNN  /')
got=$(printf '%s\n' "$masked" | head -n 2; printf '%s\n' "$masked" | tail -n +3 | LC_ALL=C sort)
ports=$(entries "$R/conns" | cut -d' ' -f1 | sort -u | wc -l)
if [ "$got" = "$expected" ] && [ "$ports" = 4 ]; then
    echo "PASS: ipvsadm -Lnc lists the four connections, in FIN_WAIT, two through each real server"
else
    echo "FAIL: ipvsadm -Lnc printed (expiry and client port masked, entries sorted; $ports client ports):"
    echo "$got"; echo "expected:"; echo "$expected"; ok=0
fi
made=""
prev=/dev/null
for i in 1 2 3 4; do
    [ -f "$R/conns.$i" ] || { echo "FAIL: no ipvsadm -Lnc listing after request $i"; ok=0; break; }
    new=$(LC_ALL=C comm -13 <(entries "$prev") <(entries "$R/conns.$i"))
    want=$(rs_addr "${answers[$((i - 1))]:-}")
    if [ "$(printf '%s\n' "$new" | grep -c .)" = 1 ] && [ "${new#* }" = "$want" ]; then
        made+="$new"$'\n'
    else
        echo "FAIL: request $i (answered by ${answers[$((i - 1))]:-nobody}) made the connections [${new//$'\n'/, }], not one through $want"; ok=0
    fi
    prev=$R/conns.$i
done
if [ "$(entries "$R/conns")" = "$(printf '%s' "$made" | LC_ALL=C sort)" ]; then
    echo "PASS: each request's connection went through the real server that answered it"
else
    echo "FAIL: the final ipvsadm -Lnc's connections are not the four the requests made:"
    entries "$R/conns"; echo "expected:"; printf '%s' "$made"; ok=0
fi
if [ "$(mask_expiry < "$R/conns")" = "$(mask_expiry < "$R/conns-ref")" ]; then
    echo "PASS: ipvsadm -Lnc prints what ipvsadm 1.31 prints (expiry masked)"
else
    echo "FAIL: ipvsadm -Lnc differs from ipvsadm 1.31's (expiry masked):"
    diff <(mask_expiry < "$R/conns-ref") <(mask_expiry < "$R/conns") || true; ok=0
fi
[ $ok = 1 ] || fail "checks failed"
echo "demo: OK"
