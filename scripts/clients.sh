#!/usr/bin/env bash
# scripts/clients.sh: ipvsadm's real clients on a real kernel, on a real Debian.
#
#   scripts/clients.sh [--check] [--no-build] [--show] [--ours PATH]
#
# Boots Debian 12 with systemd as init on the VM kernel (the root of
# packaging/vm-proof plus Debian's keepalived and ldirectord, see
# packaging/vm-root.sh), installs our .deb over Debian's ipvsadm and keeps
# Debian's ipvsadm 1.31 beside it (/opt/ipvsadm-1.31) as the reference. The
# guest (packaging/vm-clients-guest.sh):
#
# 1. keepalived, under systemd, builds a table with its own netlink code (DR,
#    NAT, TUN with GUE/GRE, persistence and netmasks, the SIP persistence
#    engine, firewall marks, IPv6, thresholds, schedulers and their flags,
#    weights, timeouts, the master sync daemon); the table must be the one
#    its configuration declares; datagrams give it counters, rates and
#    connections; then 36 views (-L, -S, --stats, --rate, --exact,
#    --thresholds, --persistent-conn, --tun-info, -c, --timeout, --daemon,
#    single services, names and numbers) by ours and by 1.31, byte-identical
#    (stdout, stderr, exit status; a pair that differs is taken again, up to
#    5 times, as counters and timers move);
# 2. ldirectord, under systemd, drives /sbin/ipvsadm (ours) as a command
#    while its HTTP checks of two real servers pass, fail (quiescent=yes:
#    weight 0; quiescent=no: removed) and pass again; the table after each
#    transition, its log (the transitions, no failed command) and journal are
#    asserted; then the same with 1.31 as /sbin/ipvsadm must give the same
#    tables.
#
# Each step prints "ok|FAIL - what", then "N passed, M failed". --check: the
# steps only (and ldirectord's log when a step failed); otherwise also ours'
# -L -n, --tun-info and --daemon of keepalived's table and ldirectord's log.
# --no-build: the packages already in dist/. --show: the console as it runs.
# --ours PATH: after the .deb, PATH replaces its /sbin/ipvsadm (another build,
# e.g. a deliberately broken one, to see which checks catch it).
# Exit status: the guest's (0 = every step passed). VM_CACHE as in vm/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
build=1 show=() verbose=1 ours=""
while [ $# -gt 0 ]; do
    a=$1
    shift
    case $a in
        --ours) ours=$(realpath "${1:?--ours PATH}"); shift ;;
        --check) verbose=0 ;;
        --no-build) build=0 ;;
        --show) show=(--show) ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "clients: unknown argument $a" >&2; exit 2 ;;
    esac
done
start=$(date +%s)
[ "$build" = 1 ] && packaging/build >&2
VERSION=$(sed -n 's/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -1)
DEB=dist/ipvsadm-rs_${VERSION}-1_amd64.deb
if [ ! -f "$DEB" ]; then echo "clients: run packaging/build first" >&2; exit 1; fi
IMG=$ROOT/packaging/.cache/clients
# shellcheck source=packaging/vm-root.sh
. packaging/vm-root.sh
vm_root_init
CROOT=$CACHE/bookworm-clients-root
vm_root_extend "$CROOT" keepalived ldirectord netbase libpopt0 libnl-3-200 libnl-genl-3-200
vm_root_image "$CROOT" packaging/vm-clients-guest.sh "$DEB"
R=$IMG/root
# The reference: Debian's ipvsadm 1.31, unpacked beside ours (its libraries
# are installed in the root).
ref_deb=$(ls "${VM_CACHE:-$ROOT/vm/.cache}"/debs/ipvsadm_*.deb)
dpkg-deb -x "$ref_deb" "$R/opt/ipvsadm-1.31"
rm -rf "$R/opt/ipvsadm-1.31/etc" "$R/opt/ipvsadm-1.31/usr/share"
# keepalived and ldirectord are started by the guest once it is configured.
rm -f "$R/etc/systemd/system/multi-user.target.wants/keepalived.service" \
    "$R/etc/systemd/system/multi-user.target.wants/ldirectord.service"
[ "$verbose" = 1 ] && touch "$R/proof/verbose"
[ -z "$ours" ] || install -m 0755 "$ours" "$R/proof/ipvsadm-ours"
rc=0
vm_root_boot --mem 2048 --timeout 900 "${show[@]}" || rc=$?
echo "clients: $(( $(date +%s) - start )) s in all" >&2
exit "$rc"
