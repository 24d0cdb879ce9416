# mode: same-state
# desc: -L --json against 1.31's own views on one director carrying traffic: TCP, UDP, IPv6, fwmark (marked traffic, IP templates), persistent services with templates, tunnel dests with tunnel options, thresholds, sync daemons
# normalize: /^=== json-proof begin$/,/^=== json-proof end$/d
#
# Both runs print 1.31's text views (compared by the runner as usual). The
# run with ours then prints, between "=== json-proof" lines (removed by the
# normalizer, read raw by compat-tests/json-proof), the reference's
# views, our JSON documents and the reference's views again, all on the
# same state; lib/json_proof.py compares every number.

# Services the setup sends nothing to (see arrived in lib/traffic.sh).
NO_TRAFFIC="SCTP:10.0.0.100:3868 TCP:10.0.0.100:443 FWM:9"

setup() {
    topo || exit 1
    fwmark 5 ip match ip protocol 6 0xff match ip dport 8000 0xfffe || exit 1
    fwmark 6 ipv6 match ip6 protocol 6 0xff match ip6 dport 8000 0xffff || exit 1
    fwmark 7 ip match ip protocol 17 0xff match ip dport 5353 0xffff || exit 1
    ipvsadm --set 900 120 300
    ipvsadm -A -t 10.0.0.100:80 -s wrr
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -m -w 3 -x 100 -y 10
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:80 -m -w 1 -x 50
    ipvsadm -A -t 10.0.0.100:8080 -s lc -p 120 -M 255.255.255.0
    ipvsadm -a -t 10.0.0.100:8080 -r 10.0.0.3:80 -m
    ipvsadm -a -t 10.0.0.100:8080 -r 10.0.0.2:80 -m -w 0
    ipvsadm -A -t 10.0.0.100:7 -s wlc
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.2:7 -m -x 2 -y 1
    ipvsadm -a -t 10.0.0.100:7 -r 10.0.0.3:7 -m -w 2
    ipvsadm -A -u 10.0.0.100:53 -s sh -b sh-port
    ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2:53 -m
    ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.3:53 -m -w 4
    ipvsadm -A -u 10.0.0.100:5060 -p 60 --pe sip -o
    ipvsadm -a -u 10.0.0.100:5060 -r 10.0.0.2:5060 -m
    ipvsadm -A -t [fd00::100]:80 -s sh -p 30 -M 64
    ipvsadm -a -t [fd00::100]:80 -r [fd00::3]:80 -m
    ipvsadm -a -t [fd00::100]:80 -r [fd00::2]:80 -m -w 5 -x 9 -y 3
    ipvsadm -A -u [fd00::100]:53 -s rr
    ipvsadm -a -u [fd00::100]:53 -r [fd00::2]:53 -m
    ipvsadm -A --sctp-service 10.0.0.100:3868 -s mh -b mh-fallback,mh-port
    ipvsadm -a --sctp-service 10.0.0.100:3868 -r 10.0.0.2 -i --tun-type gue --tun-port 6080 --tun-remcsum
    ipvsadm -a --sctp-service 10.0.0.100:3868 -r 10.0.0.3 -i --tun-type gre --tun-csum
    ipvsadm -A -t 10.0.0.100:443 -s rr
    ipvsadm -a -t 10.0.0.100:443 -r 10.0.0.2 -i --tun-type gue --tun-port 7777 --tun-nocsum -w 2
    ipvsadm -a -t 10.0.0.100:443 -r 10.0.0.3 -i
    ipvsadm -a -t 10.0.0.100:443 -r 10.0.0.1 -m
    ipvsadm -A -f 5 -s rr
    ipvsadm -a -f 5 -r 10.0.0.2:80 -m
    ipvsadm -a -f 5 -r 10.0.0.3:80 -m -x 7 -y 2
    ipvsadm -A -f 6 -6 -s wlc
    ipvsadm -a -f 6 -6 -r [fd00::3]:80 -m
    ipvsadm -A -f 7 -s rr -p 200
    ipvsadm -a -f 7 -r 10.0.0.2:53 -m
    ipvsadm -a -f 7 -r 10.0.0.3:53 -m
    ipvsadm -A -f 9 -6 -s rr
    ipvsadm -a -f 9 -6 -r fd00::2 -g
    http_get http://10.0.0.100/ 5
    http_get http://10.0.0.100:8080/ 3
    http_get 'http://[fd00::100]/' 3
    http_get http://10.0.0.100:8000/ 2
    http_get http://10.0.0.100:8001/ 1
    http_get 'http://[fd00::100]:8000/' 2
    udp_send 10.0.0.100 53 4
    udp_send fd00::100 53 2
    sip_send 10.0.0.100 5060 proof-call-1 2
    udp_send 10.0.0.100 5353 3
    i=0
    while [ $i -lt 3 ]; do tcp_hold 10.0.0.100 7; sleep 0.3; i=$((i + 1)); done
    tcp_hold 10.0.0.100 80
    settle
}

# 1.31's views whose numbers the JSON document carries (rates apart).
VIEWS="-Ln|-Sn|-Ln --stats --exact|-Ln --thresholds|-Ln --persistent-conn|-Ln --tun-info|-L --timeout|-L --daemon|-Lnc|-Lnc --persistent-conn"
# Our documents: the whole table, with and without names, one service, the
# connection table, and the view options that change nothing.
DOCS="-Ln --json|-L --json|-Lnc --json|-Lc --json|-Ln --json -t 10.0.0.100:80|-Ln --json -u [fd00::100]:53|-Ln --json --sctp-service 10.0.0.100:3868|-Ln --json -f 7|-L --json --timeout|-L --json --daemon|-Ln --json --stats --rate --exact --thresholds --persistent-conn --tun-info"

ref_views() {   # every view in $VIEWS, with the reference binary
    IFS='|'
    for v in $VIEWS; do
        IFS=' '
        echo "\$ ipvsadm $v"
        /sbin/ipvsadm $v 2>&1
        echo "rc=$?"
        IFS='|'
    done
    IFS=' '
}

# -c timers count down: blank them to decide whether two dumps are the same state.
untimed() { awk '$1 ~ /^(TCP|UDP|SCTP|IP)$/ && $2 ~ /^[0-9]+:[0-9][0-9]$/ { $2 = "T" } { print }'; }

json_proof() {
    echo "=== json-proof begin"
    attempt=1
    while [ $attempt -le 5 ]; do
        echo "--- attempt $attempt"
        before=$(ref_views)
        docs=""
        IFS='|'
        for d in $DOCS; do
            IFS=' '
            # Rates decay every 2 s after the traffic: our document is read
            # between two reference --rate dumps; equal dumps mean it saw the
            # same estimator state.
            try=1
            while :; do
                r1=$(/sbin/ipvsadm -Ln --rate --exact 2>&1; echo "rc=$?")
                doc=$(ipvsadm $d 2>&1; echo "rc=$?")
                r2=$(/sbin/ipvsadm -Ln --rate --exact 2>&1; echo "rc=$?")
                [ "$r1" = "$r2" ] && break
                try=$((try + 1))
                [ $try -le 10 ] || break
            done
            docs="$docs>>> doc $d
>>> rate tries $try
\$ ipvsadm -Ln --rate --exact
$r1
\$ ipvsadm $d
$doc
\$ ipvsadm -Ln --rate --exact
$r2
"
            IFS='|'
        done
        IFS=' '
        after=$(ref_views)
        echo ">>> before"
        echo "$before"
        printf '%s' "$docs"
        echo ">>> after"
        echo "$after"
        [ "$(echo "$before" | untimed)" = "$(echo "$after" | untimed)" ] && break
        attempt=$((attempt + 1))
    done
    echo "=== json-proof end"
}

views() {
    set -f   # -u [fd00::100]:53 is a word, not a pattern
    ipvsadm --start-daemon master --mcast-interface eth0 --syncid 5 --sync-maxlen 1400 --mcast-group 224.0.0.81 --mcast-port 8848 --mcast-ttl 2
    ipvsadm --start-daemon backup --mcast-interface eth0 --syncid 6
    IFS='|'
    for v in $VIEWS; do
        IFS=' '
        show $v
        IFS='|'
    done
    IFS=' '
    show -Ln --rate --exact
    # Only with ours (not with --ref-as-ours): the proof block.
    if [ "$(command -v ipvsadm)" = /impl/ours/bin/ipvsadm ] && [ -f /impl/ours/ipvsadm ]; then
        json_proof
    fi
}
