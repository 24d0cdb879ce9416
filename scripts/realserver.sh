#!/usr/bin/env bash
# scripts/realserver.sh — lvs-realserver on a real kernel, end to end.
#
#   scripts/realserver.sh [--check]
#
# Boots the VM (vm/fetch.sh, vm/build-initramfs.sh, vm/boot.sh) and runs
# vm/realserver-guest.sh: the LVS-DR topology of scripts/demo.sh, where the
# two real servers are configured only by `lvs-realserver setup --vip
# 10.10.10.213` and the director only by our ipvsadm. Verifies that
#   1. client requests alternate between RealServer1 and RealServer2;
#   2. `lvs-realserver check --port 80` is healthy (exit 0) on both;
#   3. with rs2's httpd listening on its own address only, its requests get
#      no answer, the director's connection table shows SYN_RECV, and
#      `check --port 80` on rs2 exits 1 naming the problem;
#   4. `lvs-realserver remove` returns rs1 to its exact prior state
#      (addresses, routes, ARP/rp_filter sysctls, files);
#   5. tunnelling: a director service with -i (ipip) to rs1, set up only by
#      `lvs-realserver setup --vip 10.10.10.214 --mode tun` on a host with a
#      strict rp_filter, answers the client; check passes (and, with
#      all.rp_filter put back to 1 by hand, the client gets no answer and
#      check exits 1 naming rp_filter); remove restores the exact prior
#      state (rp_filter 1 included);
#   6. the same for IPv6 direct routing: `setup --vip fd00:10::213`, a -g
#      service on [fd00:10::213]:80, the client over IPv6.
# Exit status 0 on success. Set VM_CACHE to share vm/.cache between worktrees.
#
#   --check   for CI: no live console; transcript and verdict at the end
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)

NAME=realserver GUEST=$ROOT/vm/realserver-guest.sh TIMEOUT=400
# shellcheck source=../vm/scenario.sh
. "$ROOT/vm/scenario.sh"
scenario_args "$@"
scenario_run

echo
echo "=== checks"
ok=1
pass() { echo "PASS: $*"; }
bad() { echo "FAIL: $*"; ok=0; }

mapfile -t a < "$R/responses"
echo "answers: ${a[*]}"
if [ ${#a[@]} = 4 ] && [ "${a[0]}" != "${a[1]}" ] && [ "${a[0]}" = "${a[2]}" ] &&
   [ "${a[1]}" = "${a[3]}" ] && [[ "${a[0]}${a[1]}" =~ ^(RealServer1RealServer2|RealServer2RealServer1)$ ]]; then
    pass "requests alternate between RealServer1 and RealServer2"
else
    bad "answers do not alternate between the two real servers"
fi
for r in rs1 rs2; do
    if [ "$(cat "$R/check_$r.rc")" = 0 ]; then pass "check --port 80 on $r: healthy (exit 0)"
    else bad "check on $r exited $(cat "$R/check_$r.rc")"; fi
done

mapfile -t t < "$R/responses_trap"
echo "answers with rs2 on its own address only: ${t[*]}"
if printf '%s\n' "${t[@]}" | grep -qx '(no answer)' && printf '%s\n' "${t[@]}" | grep -qx RealServer1 &&
   ! printf '%s\n' "${t[@]}" | grep -qx RealServer2; then
    pass "requests sent to rs2 get no answer; rs1 still answers"
else
    bad "unexpected answers in the trap phase"
fi
if grep -q 'SYN_RECV.*10\.10\.10\.217:80' "$R/lnc_trap"; then
    pass "the director's connection table shows SYN_RECV entries for rs2"
else
    bad "no SYN_RECV entry for rs2 in ipvsadm -Lnc"
fi
if [ "$(cat "$R/check_trap.rc")" = 1 ] && grep -q 'listens only on 10.10.10.217:80' "$R/check_trap.out"; then
    pass "check --port 80 on rs2 exits 1 and names the listener on 10.10.10.217:80"
else
    bad "check on rs2 did not report the listener problem (exit $(cat "$R/check_trap.rc"))"
fi

if diff -u "$R/rs1.before" "$R/rs1.after"; then
    pass "remove: rs1's addresses, routes, sysctls and files are exactly as before setup"
else
    bad "rs1 differs after remove (diff above)"
fi

for m in tun v6; do
    case $m in tun) what="tunnelling (-i, --mode tun)" ;; v6) what="IPv6 direct routing" ;; esac
    mapfile -t a < "$R/responses_$m"
    echo "$what answers: ${a[*]}"
    if [ ${#a[@]} = 4 ] && [ "$(printf '%s\n' "${a[@]}" | sort -u)" = RealServer1 ]; then
        pass "$what: rs1 answers all four requests"
    else
        bad "$what: not every request answered by rs1"
    fi
    case $m in
        tun) rip='10\.10\.10\.214:80 *10\.10\.10\.216:80' ;;
        v6) rip='\[fd00:10::213\]:80 *\[fd00:10::216\]:80' ;;
    esac
    n=$(grep -c "$rip" "$R/lnc_$m" || true)
    if [ "$n" = 4 ]; then pass "$what: the director's connection table has the four requests, to rs1"
    else bad "$what: $n connections to rs1 in ipvsadm -Lnc, not 4"; fi
    if [ "$(cat "$R/check_$m.rc")" = 0 ]; then pass "$what: check --port 80 on rs1 healthy (exit 0)"
    else bad "$what: check on rs1 exited $(cat "$R/check_$m.rc")"; fi
    if [ $m = tun ]; then
        if [ "$(cat "$R/strict_tun")" = "(no answer)" ] && [ "$(cat "$R/check_strict.rc")" = 1 ] &&
           grep -q rp_filter "$R/check_strict.out"; then
            pass "$what: with all.rp_filter back to 1 by hand, no answer, and check exits 1 naming rp_filter"
        else
            bad "$what: strict rp_filter by hand: $(cat "$R/strict_tun"), check exit $(cat "$R/check_strict.rc")"
        fi
    fi
    if diff -u "$R/rs1-$m.before" "$R/rs1-$m.after"; then
        pass "$what: remove restores rs1's addresses, links, routes, sysctls and files exactly"
    else
        bad "$what: rs1 differs after remove (diff above)"
    fi
done
[ $ok = 1 ] || fail "checks failed"
echo "realserver: OK"
