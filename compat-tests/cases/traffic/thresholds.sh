# mode: same-state
# desc: upper/lower connection thresholds with held connections (overloaded real server), --thresholds and --persistent-conn views

setup() {
    topo || exit 1
    ipvsadm -A -t 10.0.0.100:7 -s wlc
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.2:7 -m -x 2 -y 1
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.3:7 -m -x 10 -y 5 -w 0
    ipvsadm -A -t 10.0.0.100:80 -s rr
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -m -x 100 -y 0
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:80 -m -x 50 -y 10
    i=0
    while [ $i -lt 3 ]; do tcp_hold 10.0.0.100 7; sleep 0.3; i=$((i + 1)); done
    http_get http://10.0.0.100/ 3
    settle
}

views() {
    standard_views "-t 10.0.0.100:7"
    show -L --thresholds
    show -L -n --thresholds -t 10.0.0.100:7
}
