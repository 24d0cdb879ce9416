# mode: same-state
# desc: connections survive their real server: after traffic a dest is deleted and another set to weight 0; counters, ActiveConn and -c entries of the remaining state

setup() {
    topo || exit 1
    ipvsadm -A -t 10.0.0.100:80 -s rr
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -m
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:80 -m
    ipvsadm -A -t 10.0.0.100:7 -s rr
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.2:7 -m
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.3:7 -m
    http_get http://10.0.0.100/ 4
    tcp_hold 10.0.0.100 7
    tcp_hold 10.0.0.100 7
    settle
    ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2:80
    ipvsadm -e -t 10.0.0.100:7 -r 10.0.0.3:7 -m -w 0
}

views() {
    standard_views "-t 10.0.0.100:80"
}
