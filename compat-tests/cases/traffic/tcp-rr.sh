# mode: same-state
# desc: TCP NAT service (rr, two real servers) after complete HTTP requests and one idle held connection: counters, ActiveConn/InActConn, connection table

setup() {
    topo || exit 1
    ipvsadm -A -t 10.0.0.100:80 -s rr
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -m
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:80 -m -w 2
    ipvsadm -A -t 10.0.0.100:7 -s rr
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.2:7 -m
    http_get http://10.0.0.100/ 5
    tcp_hold 10.0.0.100 7
    settle
}

views() {
    standard_views "-t 10.0.0.100:80"
}
