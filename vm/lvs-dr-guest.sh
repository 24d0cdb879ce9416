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
# /results/save (ipvsadm -S -n), /results/ipvsadm (which binary was used).
IP=/usr/sbin/ip-full
VIP=10.10.10.213
mkdir -p /results /opt/director/bin
T=/results/transcript
: > "$T"

if [ -f /payload/ipvsadm ]; then
    cp /payload/ipvsadm /opt/director/ipvsadm
    chmod 755 /opt/director/ipvsadm
    ln -s /opt/director/ipvsadm /opt/director/bin/ipvsadm
    WHO="ours (ipvsadm-rs)"
else
    ln -s /sbin/ipvsadm /opt/director/bin/ipvsadm
    WHO="the reference ipvsadm 1.31 (--ipvsadm ref)"
fi
echo "$WHO" > /results/ipvsadm

say() { echo "$*"; echo "$*" >> "$T"; }
# run WHERE CMD...: show "[WHERE]# CMD", run it (in namespace WHERE unless
# WHERE is "vm"), show its output and status.
run() {
    where=$1; shift
    say "[$where]# $*"
    if [ "$where" = vm ]; then
        "$@" > /tmp/out 2>&1
    elif [ "$where" = director ]; then
        $IP netns exec director env PATH=/opt/director/bin:/bin:/sbin:/usr/bin:/usr/sbin "$@" > /tmp/out 2>&1
    else
        $IP netns exec "$where" "$@" > /tmp/out 2>&1
    fi
    rc=$?
    cat /tmp/out; cat /tmp/out >> "$T"
    [ $rc = 0 ] || say "(exit status $rc)"
    return $rc
}
die() { say "DEMO FAILED: $*"; echo "fail: $*" > /results/verdict; exit 1; }

say "=== LVS-DR demo: director configured by $WHO"
say ""
say "--- network: bridge br0 in the VM, one namespace per host"
run vm $IP link add br0 type bridge || die "bridge"
run vm $IP link set br0 up || die "bridge up"
for h in client:10.10.10.22 director:10.10.10.215 rs1:10.10.10.216 rs2:10.10.10.217; do
    ns=${h%%:*}; addr=${h#*:}
    run vm $IP netns add "$ns" || die "netns $ns"
    run vm $IP link add "v-$ns" type veth peer name eth0 netns "$ns" || die "veth $ns"
    run vm $IP link set "v-$ns" master br0 up || die "bridge port $ns"
    run "$ns" $IP link set lo up
    run "$ns" $IP addr add "$addr/24" dev eth0 || die "address $ns"
    run "$ns" $IP link set eth0 up || die "eth0 up $ns"
done
run director $IP addr add "$VIP/24" dev eth0 || die "VIP on director"
n=0
for rs in rs1 rs2; do
    n=$((n + 1))
    run "$rs" $IP addr add "$VIP/32" dev lo || die "VIP on $rs lo"
    for k in all.arp_ignore=1 all.arp_announce=2 eth0.arp_ignore=1 eth0.arp_announce=2 lo.arp_ignore=1 lo.arp_announce=2; do
        run "$rs" sysctl -w "net.ipv4.conf.$k" || die "sysctl on $rs"
    done
    mkdir -p "/srv/$rs"
    echo "RealServer$n" > "/srv/$rs/index.html"
    run "$rs" httpd -p 80 -h "/srv/$rs" || die "httpd on $rs"
done

say ""
say "--- director: IPVS virtual service, direct routing (-g) to both real servers"
run director ipvsadm -A -t "$VIP:80" -s rr || die "ipvsadm -A failed"
run director ipvsadm -a -t "$VIP:80" -r 10.10.10.216:80 -g -w 1 || die "ipvsadm -a .216 failed"
run director ipvsadm -a -t "$VIP:80" -r 10.10.10.217:80 -g -w 1 || die "ipvsadm -a .217 failed"
run director ipvsadm -Ln

say ""
say "--- client: four requests to the VIP"
: > /results/responses
i=0
while [ $i -lt 4 ]; do
    i=$((i + 1))
    # (busybox 1.35 wget crashes with -T; bound the request with timeout)
    if run client timeout 20 wget -q -O - "http://$VIP/"; then
        cat /tmp/out >> /results/responses
    else
        echo "(no answer)" >> /results/responses
    fi
done

say ""
say "--- director: connection table and saved rules"
run director ipvsadm -Lnc
if [ "$(grep -c . /tmp/out)" -le 2 ] && [ -f /payload/ipvsadm ]; then
    say "(ours printed no connection entries; the same with the reference ipvsadm 1.31:)"
    say "[director]# /sbin/ipvsadm -Lnc"
    $IP netns exec director /sbin/ipvsadm -Lnc > /tmp/out 2>&1
    cat /tmp/out; cat /tmp/out >> "$T"
fi
run director ipvsadm -S -n
cp /tmp/out /results/save
sleep 2   # let the rate estimator (2 s period) publish the counters
run director ipvsadm -Ln --stats
echo done > /results/verdict
exit 0
