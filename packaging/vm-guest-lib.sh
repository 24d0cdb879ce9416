#!/bin/bash
# packaging/vm-guest-lib.sh — sourced first by the guests of packaging/vm-root.sh
# (vm-proof-guest.sh, vm-clients-guest.sh), which ships it as
# /proof/vm-guest-lib.sh. Each step prints "@@PROOF ok|FAIL - what"; the host
# keeps those lines. At exit the guest prints the count and its verdict
# (@@VM-EXIT, read by vm/boot.sh) and powers off.
exec 2>&1
echo "@@VM-READY uptime=$(cut -d' ' -f1 /proc/uptime)@@"
pass=0 fail=0
say() { echo "@@PROOF $*"; }
ok() { pass=$((pass + 1)); say "ok   - $1"; }
# bad WHAT [DETAIL]: DETAIL (a diff, a command's output) indented, at most 60 lines.
bad() { fail=$((fail + 1)); say "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -60 | sed 's/^/@@PROOF        /'; }
# check WHAT CMD...: ok when CMD succeeds, else FAIL with its output (status 1).
check() { local n=$1 out; shift; if out=$("$@" 2>&1); then ok "$n"; else bad "$n" "$out"; return 1; fi; }
# same WHAT WANT GOT
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3"))"; fi; }
finish() {
    say "$pass passed, $fail failed"
    echo "@@VM-EXIT rc=$(( fail > 0 ? 1 : 0 ))@@"
    sync
    systemctl poweroff -f -f
}
trap finish EXIT
export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin
cd /proof || exit 1

# Drive the system as an operator does: once it has booted. While systemd is
# "starting" (or "degraded"), Debian's service and /lib/lsb/init-functions
# queue a reload with --no-block and return before it has run.
boot_finished() {
    local state
    state=$(timeout 120 systemctl is-system-running --wait 2>&1)
    if [ "$state" = running ]; then ok "boot finished: systemctl is-system-running = running"
    else bad "boot finished: systemctl is-system-running = running" "$state; failed units: $(systemctl --failed --plain --no-legend | awk '{ print $1 }' | tr '\n' ' ')"; fi
}
