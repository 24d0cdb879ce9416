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
# server (busybox nc -ll -e cat) on port 7. busybox 1.35's nc has no -u:
# UDP datagrams to a real server are answered with ICMP port unreachable,
# which IPVS translates back to the client (OutPkts), unless the case starts
# a UDP echo server there (udp_echo). Linux 5.10's IPVS drops the ICMPv6
# errors of a masqueraded connection (neither forwarded nor counted), so an
# IPv6 UDP service needs udp_echo for its answers to arrive on every kernel.
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
sip_send() {   # sip_send ADDR PORT CALL-ID [COUNT]: SIP requests carrying that Call-ID, each from a new port
    # (a service with --pe sip schedules only datagrams whose Call-ID it can read)
    n=${4:-1}
    while [ "$n" -gt 0 ]; do
        # one write, one datagram (bash's printf writes line by line)
        printf 'OPTIONS sip:rs@%s SIP/2.0\r\nCall-ID: %s\r\nCSeq: %s OPTIONS\r\nContent-Length: 0\r\n\r\n' "$1" "$3" "$n" > "/tmp/$TNS.sip"
        on c /bin/bash -c "cat /tmp/$TNS.sip > /dev/udp/$1/$2" 2>/dev/null
        n=$((n - 1))
    done
}
tcp_hold() {   # tcp_hold ADDR PORT: an idle ESTABLISHED connection that stays open
    on c sh -c "sleep 100000 | nc $1 $2 > /dev/null 2>&1" < /dev/null > /dev/null 2>&1 &
}
udp_echo() {   # udp_echo r1|r2 PORT: that real server sends every datagram to PORT back (IPv4 and IPv6)
    # socat (shipped by the runner): one child per datagram, gone after 2 s idle.
    on "$1" env LD_LIBRARY_PATH=/payload/tools/lib /payload/tools/socat -T 2 \
        "UDP6-RECVFROM:$2,ipv6only=0,fork" PIPE < /dev/null > /dev/null 2>&1 &
    i=0
    until on "$1" netstat -lnu 2>/dev/null | grep -q ":$2 "; do
        i=$((i + 1)); [ $i -lt 50 ] || { echo "udp_echo: nothing listens on UDP port $2 in $1" >&2; return 1; }
        sleep 0.1
    done
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
# Views whose figures move with time are the exception: `--rate` (the
# estimator recomputes the rates every 2 s, and they keep decaying after the
# traffic) and `-c` (the expiry timers count down). Two runs seconds apart
# cannot agree on them, and no figure is masked: in the run with ours (the
# runner sets PAIRS), back_to_back runs ours, then 1.31, then ours again ...,
# until two runs in a row print the same bytes (stdout, stderr, status), at
# most PAIR_TRIES runs; lib/compare.py requires such a pair for each of these
# views (for a -c view without one: each run of ours between 1.31's before
# and after it, timers within their count-down). Both runs' stdout get the
# same line in its place.
show() {
    echo "\$ ipvsadm $*"
    if timed_view "$@"; then
        [ -z "$PAIRS" ] || back_to_back "$@"
        echo "(moves with time: compared back to back with the other implementation)"
        return 0
    fi
    ipvsadm "$@"
    echo "rc=$?"
}

timed_view() {   # status 0 if the listing ARGS shows rates or the connection table
    for a in "$@"; do
        case "$a" in
            --rate|--connection) return 0 ;;
            --*) ;;
            -*c*) return 0 ;;
        esac
    done
    return 1
}

PAIR_TRIES=10
back_to_back() {   # in $PAIRS/N: args, run K.{who,out,err,rc}, and "match" (K-1 K) if found
    n=$(( $(ls "$PAIRS" | wc -l) + 1 ))
    d="$PAIRS/$n"
    mkdir -p "$d"
    echo "$*" > "$d/args"
    k=1 who=ours
    while [ $k -le $PAIR_TRIES ]; do
        echo $who > "$d/$k.who"
        (PATH="/impl/$who/bin:/bin:/sbin:/usr/bin:/usr/sbin"; exec ipvsadm "$@") > "$d/$k.out" 2> "$d/$k.err"
        echo $? > "$d/$k.rc"
        if [ $k -gt 1 ]; then
            j=$((k - 1))
            if cmp -s "$d/$j.out" "$d/$k.out" && cmp -s "$d/$j.err" "$d/$k.err" && cmp -s "$d/$j.rc" "$d/$k.rc"; then
                echo "$j $k" > "$d/match"
                return 0
            fi
        fi
        if [ $who = ours ]; then who=ref; else who=ours; fi
        k=$((k + 1))
    done
    return 1
}

# arrived (run by the runner after setup, in the director namespace, with
# 1.31): the traffic the setup sent must have reached IPVS, so that the views
# compare real counters, not zeros on both sides. Every service needs
# connections and incoming packets, and a service with a masquerading real
# server outgoing packets too (replies, ICMP errors for UDP: answers that went
# back through the director; not for a one-packet (ops) service, whose
# connection is gone before an answer comes). A case lists services it sends nothing to in
# NO_TRAFFIC (words like TCP:10.0.0.100:443 or FWM:9, as -Ln prints them).
NO_TRAFFIC=""
arrived() {
    ipvsadm -Ln > "/tmp/$TNS.arrived.l" || { echo "arrived: ipvsadm -Ln failed" >&2; return 1; }
    ipvsadm -Ln --stats --exact > "/tmp/$TNS.arrived.s" || { echo "arrived: ipvsadm -Ln --stats --exact failed" >&2; return 1; }
    awk -v quiet=" $NO_TRAFFIC " '
        FNR == 1 { file++ }
        $1 ~ /^(TCP|UDP|SCTP|FWM)$/ {
            key = $1 ":" $2; c = ($3 == "IPv6") ? 4 : 3   # FWM  6 IPv6
            if (file == 1) order[++n] = key; else { conns[key] = $c; inp[key] = $(c + 1); outp[key] = $(c + 2) }
        }
        file == 1 && $1 ~ /^(TCP|UDP|SCTP|FWM)$/ && / ops( |$)/ { ops[key] = 1 }
        file == 1 && $1 == "->" && $3 == "Masq" { masq[key] = 1 }
        END {
            if (n == 0) { print "arrived: no service in the table"; bad = 1 }
            for (i = 1; i <= n; i++) {
                k = order[i]
                if (index(quiet, " " k " ")) continue
                if (!(k in conns)) { print "arrived: " k " missing from --stats"; bad = 1; continue }
                if (conns[k] == 0 || inp[k] == 0) { print "arrived: no traffic reached " k " (Conns " conns[k] ", InPkts " inp[k] ")"; bad = 1 }
                else if ((k in masq) && !(k in ops) && outp[k] == 0) { print "arrived: " k " sent no answer back (OutPkts 0)"; bad = 1 }
            }
            exit bad
        }' "/tmp/$TNS.arrived.l" "/tmp/$TNS.arrived.s" >&2
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
