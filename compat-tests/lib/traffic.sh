# compat-tests/lib/traffic.sh — helpers for same-state (traffic) cases; busybox sh.
# In the guest: /payload/lib/traffic.sh, sourced before the case file by the
# runner (see "Traffic cases" in compat-tests/README.md). Everything runs in
# the director namespace; $TNS is the prefix of the case's namespaces:
#   ${TNS}d director (the current namespace)  ${TNS}c client
#   ${TNS}r1 ${TNS}r2 real servers
# (all four are created, with lo up, by the runner before setup).
#
# Topology built by `topo` (NAT: the real servers route back via the director):
#
#   client eth0 10.0.0.50/24 fd00::50/64 ---- eth0 director 10.0.0.1/24 fd00::1/64
#     (client.example)                              VIP 10.0.0.100/24 (vip.example), fd00::100/64
#                                              br0  10.0.0.254/32 fe80::1/64
#                                                   routes 10.0.0.2/32 10.0.0.3/32 fd00::2/128 fd00::3/128
#   rs1 eth0 10.0.0.2/32 fd00::2/128 (rs2.example, rs6.example) --+-- br0
#   rs2 eth0 10.0.0.3/32 fd00::3/128 ------------------------------+
#
# Real servers: busybox httpd on port 80 (index.html "rsN"), a TCP echo
# server (busybox nc -ll -e cat) on port 7. There is no UDP server (busybox
# 1.35's nc has no -u): UDP datagrams to a real server are answered with ICMP
# port unreachable, which IPVS translates back to the client (OutPkts).
IP=/usr/sbin/ip-full

on() {   # on c|r1|r2 CMD... : run CMD in that namespace
    w=$1; shift
    $IP netns exec "$TNS$w" "$@"
}

topo() {
    set -e
    $IP link set lo up
    $IP link add eth0 type veth peer name eth0 netns "${TNS}c"
    $IP link add br0 type bridge
    $IP link set br0 up
    for r in 1 2; do
        $IP link add "vr$r" type veth peer name eth0 netns "${TNS}r$r"
        $IP link set "vr$r" master br0 up
    done
    $IP -batch - <<EOF
link set eth0 up
addr add 10.0.0.1/24 dev eth0
addr add 10.0.0.100/24 dev eth0
addr add fd00::1/64 dev eth0 nodad
addr add fd00::100/64 dev eth0 nodad
addr add 10.0.0.254/32 dev br0
addr add fe80::1/64 dev br0 nodad
route add 10.0.0.2/32 dev br0
route add 10.0.0.3/32 dev br0
route add fd00::2/128 dev br0
route add fd00::3/128 dev br0
EOF
    sysctl -q -w net.ipv4.ip_forward=1
    sysctl -q -w net.ipv6.conf.all.forwarding=1
    $IP -n "${TNS}c" -batch - <<EOF
link set lo up
link set eth0 up
addr add 10.0.0.50/24 dev eth0
addr add fd00::50/64 dev eth0 nodad
route add default via 10.0.0.1
route add default via fd00::1
EOF
    for r in 1 2; do
        $IP -n "${TNS}r$r" -batch - <<EOF
link set lo up
link set eth0 up
addr add 10.0.0.$((r + 1))/32 dev eth0
addr add fd00::$((r + 1))/128 dev eth0 nodad
route add 10.0.0.254/32 dev eth0
route add default via 10.0.0.254
route add default via fe80::1 dev eth0
EOF
        mkdir -p "/tmp/$TNS.www$r"
        echo "rs$r" > "/tmp/$TNS.www$r/index.html"
        on "r$r" httpd -p 80 -h "/tmp/$TNS.www$r"
        on "r$r" nc -ll -p 7 -e cat < /dev/null > /dev/null 2>&1 &
    done
    set +e
    # Wait until both real servers answer directly from the director.
    for r in 2 3; do
        i=0
        until timeout 5 wget -q -O /dev/null "http://10.0.0.$r/" 2>/dev/null; do
            i=$((i + 1)); [ $i -lt 20 ] || { echo "topo: 10.0.0.$r does not answer" >&2; return 1; }
            sleep 0.2
        done
    done
    return 0
}

# fwmark MARK ip|ipv6 TC-U32-MATCHES...: packets arriving at the director
# from the client that match get firewall mark MARK (tc ingress filter with
# skbedit; busybox has no iptables), e.g.
#   fwmark 5 ip match ip protocol 6 0xff match ip dport 8000 0xffff
# Uses iproute2's tc shipped in the payload by the runner.
fwmark() {
    m=$1 p=$2; shift 2
    tc="env LD_LIBRARY_PATH=/payload/tools/lib /payload/tools/tc"
    $tc qdisc show dev eth0 | grep -q ingress || $tc qdisc add dev eth0 ingress || return 1
    $tc filter add dev eth0 parent ffff: protocol "$p" u32 "$@" action skbedit mark "$m"
}

# Flows from the client. Each wget/nc/bash is a new connection (new port).
http_get() {   # http_get URL [COUNT]: COUNT (default 1) complete requests
    n=${2:-1}
    while [ "$n" -gt 0 ]; do
        on c timeout 10 wget -q -O /dev/null "$1" || echo "http_get $1: failed" >&2
        n=$((n - 1))
    done
}
udp_send() {   # udp_send ADDR PORT [COUNT]: COUNT datagrams, each from a new port
    n=${3:-1}
    while [ "$n" -gt 0 ]; do
        on c /bin/bash -c "echo datagram$n > /dev/udp/$1/$2" 2>/dev/null
        n=$((n - 1))
    done
}
tcp_hold() {   # tcp_hold ADDR PORT: an idle ESTABLISHED connection that stays open
    on c sh -c "sleep 100000 | nc $1 $2 > /dev/null 2>&1" < /dev/null > /dev/null 2>&1 &
}

# settle [SECS]: wait (at most SECS, default 20) until every TCP connection
# in the director's table is in a state it keeps until it expires (one of
# $SETTLED: by default ESTABLISHED (held open, 900 s) and TIME_WAIT (120 s);
# a case may add e.g. FIN_WAIT (120 s)), and until the table stops changing; then until the
# counters are published (see below). Prints the reason on stderr if it
# gives up.
SETTLED="ESTABLISHED TIME_WAIT"
settle() {
    lim=$(( ${1:-20} * 5 ))
    i=0 prev=""
    while :; do
        cur=$(awk 'NR > 1 { print $1, $8 }' /proc/net/ip_vs_conn | sort | uniq -c | tr -s ' \n' '  ')
        busy=$(awk -v ok="$SETTLED NONE ASSURED" 'BEGIN { n = split(ok, a, " "); for (i = 1; i <= n; i++) good[a[i]] = 1 }
            NR > 1 && $1 == "TCP" && !($8 in good)' /proc/net/ip_vs_conn)
        [ -z "$busy" ] && [ "$cur" = "$prev" ] && break
        i=$((i + 1))
        if [ $i -ge $lim ]; then
            echo "settle: connections still changing: $busy" >&2
            return 1
        fi
        prev=$cur
        sleep 0.2
    done
    # The counters a dump reports are copied from the per-CPU counters by the
    # kernel's estimator every 2 s: wait until two dumps more than 2 s apart
    # agree, so that both views runs see the final counters.
    a=$(ipvsadm -Ln --stats --exact 2>&1)
    i=0
    while :; do
        sleep 2.1
        b=$(ipvsadm -Ln --stats --exact 2>&1)
        [ "$a" = "$b" ] && return 0
        i=$((i + 1))
        if [ $i -ge 5 ]; then
            echo "settle: counters still changing" >&2
            return 1
        fi
        a=$b
    done
}

# For the views part: print the command, its output, its exit status.
show() {
    echo "\$ ipvsadm $*"
    ipvsadm "$@"
    echo "rc=$?"
}

# The standard list of traffic views; $1 = a service for the single-service
# view, e.g. "-t 10.0.0.100:80".
standard_views() {
    show -Ln
    show -Ln --stats
    show -Ln --stats --exact
    show -Ln --rate
    show -L --rate -n --exact
    show -Ln --thresholds
    show -Ln --persistent-conn
    show -Lnc
    show -Lc
    show -Lnc --persistent-conn
    show -L -n --stats $1
    show -Sn
    show -L --timeout
}
