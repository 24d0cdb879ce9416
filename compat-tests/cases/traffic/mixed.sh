# mode: same-state
# desc: IPv4 and IPv6, TCP and UDP, persistent and not, all with traffic in one table; also the non-numeric and --nosort listings

setup() {
    topo || exit 1
    ipvsadm -A -t 10.0.0.100:80 -s wrr
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -m -w 3
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:80 -m -w 1
    ipvsadm -A -t 10.0.0.100:8080 -s lc -p 120
    ipvsadm -a -t 10.0.0.100:8080 -r 10.0.0.3:80 -m
    ipvsadm -A -u 10.0.0.100:53 -s rr
    ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2:53 -m
    ipvsadm -A -t [fd00::100]:80 -s sh
    ipvsadm -a -t [fd00::100]:80 -r [fd00::3]:80 -m
    ipvsadm -A -t 10.0.0.100:7 -s rr
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.2:7 -m
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.3:7 -m
    http_get http://10.0.0.100/ 4
    http_get http://10.0.0.100:8080/ 2
    http_get 'http://[fd00::100]/' 2
    udp_send 10.0.0.100 53 3
    tcp_hold 10.0.0.100 7
    tcp_hold 10.0.0.100 7
    tcp_hold 10.0.0.100 7
    settle
}

views() {
    standard_views "-t 10.0.0.100:8080"
    show -L
    show -L --stats
    show -Ln --nosort --stats
    show -L -n --rate -u 10.0.0.100:53
    show -L -n --thresholds -t 10.0.0.100:7
}
