# mode: same-state
# desc: persistent TCP service (templates with client port 0 in -c, PersistConn) next to a non-persistent one, after HTTP requests and a held connection

setup() {
    topo || exit 1
    ipvsadm -A -t 10.0.0.100:8080 -s wlc -p 600
    ipvsadm -a -t 10.0.0.100:8080 -r 10.0.0.2:80 -m
    ipvsadm -a -t 10.0.0.100:8080 -r 10.0.0.3:80 -m
    ipvsadm -A -t 10.0.0.100:7 -s rr -p 900 -M 255.255.255.0
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.2:7 -m
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.3:7 -m
    ipvsadm -A -t 10.0.0.100:80 -s rr
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:80 -m
    http_get http://10.0.0.100:8080/ 4
    http_get http://10.0.0.100/ 2
    tcp_hold 10.0.0.100 7
    tcp_hold 10.0.0.100 7
    settle
}

views() {
    standard_views "-t 10.0.0.100:8080"
    show -L --persistent-conn
}
