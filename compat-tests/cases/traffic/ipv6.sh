# mode: same-state
# desc: IPv6 NAT services (TCP rr, persistent TCP with mask 64, UDP answered by an echo server) after traffic; numeric and name views of IPv6 connections

setup() {
    topo || exit 1
    ipvsadm -A -t [fd00::100]:80 -s rr
    ipvsadm -a -t [fd00::100]:80 -r [fd00::2]:80 -m
    ipvsadm -a -t [fd00::100]:80 -r [fd00::3]:80 -m
    ipvsadm -A -t [fd00::100]:7 -s wlc -p 600 -M 64
    ipvsadm -a -t [fd00::100]:7 -r [fd00::2]:7 -m
    ipvsadm -A -u [fd00::100]:53 -s wlc
    ipvsadm -a -u [fd00::100]:53 -r [fd00::3]:53 -m
    udp_echo r2 53 || exit 1
    http_get 'http://[fd00::100]/' 3
    udp_send fd00::100 53 2
    tcp_hold fd00::100 7
    settle
}

views() {
    standard_views "-t [fd00::100]:80"
    show -L
    show -L --stats
}
