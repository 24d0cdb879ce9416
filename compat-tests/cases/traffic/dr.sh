# mode: same-state
# desc: direct routing (-g) services (Route, persistent) after traffic; the real servers answer from the VIP on their lo, via their default route through the director (accept_local), so IPVS also sees the replies

setup() {
    topo || exit 1
    for r in r1 r2; do
        on $r /usr/sbin/ip-full addr add 10.0.0.100/32 dev lo || exit 1
        for k in all.arp_ignore=1 all.arp_announce=2; do on $r sysctl -q -w net.ipv4.conf.$k; done
    done
    sysctl -q -w net.ipv4.conf.br0.accept_local=1   # replies come back from the VIP
    ipvsadm -A -t 10.0.0.100:80 -s rr
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -g
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:80 -g -w 4
    ipvsadm -A -t 10.0.0.100:7 -s wlc -p 300
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.2:7 -g
    http_get http://10.0.0.100/ 4
    tcp_hold 10.0.0.100 7
    settle
}

views() {
    standard_views "-t 10.0.0.100:80"
    show -L --stats
}
