# mode: same-state
# desc: UDP NAT services (wlc, and an ops service) after datagrams from several client ports; replies are ICMP port unreachable from the real servers

setup() {
    topo || exit 1
    ipvsadm -A -u 10.0.0.100:53 -s wlc
    ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2:53 -m
    ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.3:53 -m -w 3
    ipvsadm -A -u 10.0.0.100:54 -s rr -o
    ipvsadm -a -u 10.0.0.100:54 -r 10.0.0.2:54 -m
    udp_send 10.0.0.100 53 5
    udp_send 10.0.0.100 54 3
    settle
}

views() {
    standard_views "-u 10.0.0.100:53"
}
