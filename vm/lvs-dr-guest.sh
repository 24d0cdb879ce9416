# vm/lvs-dr-guest.sh — the LVS-DR demo, run inside the VM as /payload/main.sh
# (busybox sh). Driven by scripts/demo.sh.
#
# Topology: four network namespaces, each with a veth "eth0" whose peer is
# a port of the bridge br0 in the VM's root namespace.
#   client    10.10.10.22/24
#   director  10.10.10.215/24, VIP 10.10.10.213/24 on eth0 (answers ARP for it)
#   rs1       10.10.10.216/24, VIP 10.10.10.213/32 on lo, httpd "RealServer1"
#   rs2       10.10.10.217/24, VIP 10.10.10.213/32 on lo, httpd "RealServer2"
# The real servers have arp_ignore=1 / arp_announce=2, so only the director
# answers ARP for the VIP; they answer the client directly (direct routing).
#
# The director is configured with /payload/ipvsadm (our binary) if present,
# else with the reference /sbin/ipvsadm.
# Results: /results/transcript, /results/responses (one body per request),
# /results/conns.N (ipvsadm -Lnc after request N), /results/conns
# (ipvsadm -Lnc), /results/conns-ref (the reference's -Lnc just after), /results/save (ipvsadm -S -n), /results/ipvsadm (which
# binary was used).
# shellcheck source=guest-lib.sh
. /payload/guest-lib.sh
FAILED="DEMO FAILED"
use_ipvsadm /opt/director

# Only the director needs our ipvsadm in PATH.
on_host() {
    case "$1" in
        director) with_ours "$@" ;;
        *) plain "$@" ;;
    esac
}

say "=== LVS-DR demo: director configured by $WHO"
say ""
say "--- network: bridge br0 in the VM, one namespace per host"
run vm $IP link add br0 type bridge || die "bridge"
run vm $IP link set br0 up || die "bridge up"
add_hosts run client:10.10.10.22 director:10.10.10.215 rs1:10.10.10.216 rs2:10.10.10.217
run director $IP addr add "$VIP/24" dev eth0 || die "VIP on director"
dr_by_hand rs1 1
dr_by_hand rs2 2

say ""
say "--- director: IPVS virtual service, direct routing (-g) to both real servers"
run director ipvsadm -A -t "$VIP:80" -s rr || die "ipvsadm -A failed"
run director ipvsadm -a -t "$VIP:80" -r 10.10.10.216:80 -g -w 1 || die "ipvsadm -a .216 failed"
run director ipvsadm -a -t "$VIP:80" -r 10.10.10.217:80 -g -w 1 || die "ipvsadm -a .217 failed"
run director ipvsadm -Ln

say ""
say "--- client: four requests to the VIP"
# After each request, quietly, ours lists the connection table: the host
# tells from it which connection each request made.
conns_after() { with_ours director ipvsadm -Lnc > "/results/conns.$1" 2>&1; }
AFTER_REQUEST=conns_after
requests /results/responses 20

say ""
say "--- director: connection table and saved rules"
run director ipvsadm -Lnc
cp /tmp/out /results/conns
# The reference's listing of the same table, right after, for the host to
# compare (expiry timers masked).
$IP netns exec director /sbin/ipvsadm -Lnc > /results/conns-ref 2>&1
if [ "$(grep -c . /results/conns)" -le 2 ] && [ -f /payload/ipvsadm ]; then
    say "(ours printed no connection entries; the reference ipvsadm 1.31 printed:)"
    show /results/conns-ref
fi
run director ipvsadm -S -n
cp /tmp/out /results/save
sleep 2   # let the rate estimator (2 s period) publish the counters
run director ipvsadm -Ln --stats
finish
