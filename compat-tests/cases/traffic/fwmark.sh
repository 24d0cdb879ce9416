# mode: same-state
# desc: fwmark services (IPv4 TCP over two marked ports, IPv6, persistent UDP) after traffic marked on the director's ingress (tc skbedit): FWM lines in stats/rate/thresholds, -c entries show the real ports

setup() {
    topo || exit 1
    fwmark 5 ip match ip protocol 6 0xff match ip dport 8000 0xfffe || exit 1
    fwmark 6 ipv6 match ip6 protocol 6 0xff match ip6 dport 8000 0xffff || exit 1
    fwmark 7 ip match ip protocol 17 0xff match ip dport 5353 0xffff || exit 1
    ipvsadm -A -f 5 -s rr
    ipvsadm -a -f 5 -r 10.0.0.2:80 -m
    ipvsadm -a -f 5 -r 10.0.0.3:80 -m
    ipvsadm -A -f 6 -6 -s wlc
    ipvsadm -a -f 6 -6 -r [fd00::3]:80 -m
    ipvsadm -A -f 7 -s rr -p 200
    ipvsadm -a -f 7 -r 10.0.0.2:53 -m
    ipvsadm -a -f 7 -r 10.0.0.3:53 -m
    http_get http://10.0.0.100:8000/ 2
    http_get http://10.0.0.100:8001/ 1
    http_get 'http://[fd00::100]:8000/' 2
    udp_send 10.0.0.100 5353 3
    settle
}

views() {
    standard_views "-f 5"
    show -L -n --stats -f 6 -6
    show -L --stats
}
