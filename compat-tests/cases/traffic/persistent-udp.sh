# mode: same-state
# desc: persistent UDP service (templates, PersistConn) and a port-0 persistent TCP service, after datagrams and HTTP requests

setup() {
    topo || exit 1
    ipvsadm -A -u 10.0.0.100:53 -s rr -p 300
    ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2:53 -m
    ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.3:53 -m
    ipvsadm -A -t 10.0.0.100:0 -s wlc -p 360
    ipvsadm -a -t 10.0.0.100:0 -r 10.0.0.3 -m
    udp_send 10.0.0.100 53 4
    http_get http://10.0.0.100/ 2

    tcp_hold 10.0.0.100 7
    settle
}

views() {
    standard_views "-u 10.0.0.100:53"
    show -L -n --persistent-conn -t 10.0.0.100:0
}
