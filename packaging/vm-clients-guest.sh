#!/bin/bash
# Runs inside the clients guest (Debian 12, systemd as init, Debian's
# keepalived and ldirectord installed) as proof.service; see
# scripts/clients.sh. Each step prints "@@PROOF ok|FAIL - what"
# (vm-guest-lib.sh); the host keeps those lines.
#
# 1. keepalived builds a table with its own netlink code; every view of it is
#    listed by our ipvsadm and by Debian's ipvsadm 1.31 and must be
#    byte-identical (stdout, stderr, exit status);
# 2. ldirectord drives /sbin/ipvsadm (ours) as a command while its HTTP
#    checks fail and recover; the table is asserted after each transition;
#    then the same run with 1.31 as /sbin/ipvsadm must give the same tables.
# shellcheck source=packaging/vm-guest-lib.sh
. /proof/vm-guest-lib.sh
T0=$(cut -d' ' -f1 /proc/uptime)
REF=/opt/ipvsadm-1.31/sbin/ipvsadm
OURS=/sbin/ipvsadm
W=/tmp/views
mkdir -p $W
say "kernel $(uname -r); $(systemctl --version | head -1); $(dpkg-query -W -f '${Package} ${Version}' keepalived); $(dpkg-query -W -f '${Package} ${Version}' ldirectord)"
boot_finished

out=$(dpkg -i /proof/ipvsadm-rs_*.deb </dev/null 2>&1)
check "dpkg -i ipvsadm-rs over Debian's ipvsadm" test $? = 0 || printf '%s\n' "$out" | sed 's/^/@@PROOF   | /'
if [ -e /proof/ipvsadm-ours ]; then
    install -m 0755 /proof/ipvsadm-ours "$OURS"
    say "note - /sbin/ipvsadm replaced by the build given with --ours"
fi
check "/sbin/ipvsadm is ours" sh -c "$OURS -v | grep -q ipvsadm-rs"
check "keepalived and ldirectord still installed (ipvsadm-rs provides ipvsadm)" \
    sh -c "dpkg-query -W -f '\${Status}\n' keepalived ldirectord | grep -c '^install ok installed' | grep -qx 2"
same "reference: Debian's ipvsadm 1.31 beside it" "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)" "$($REF -v 2>&1)"

# A director's addresses: the real servers are reached through dummy0
# (unreachable: no checker touches them, or a check that keeps them as they
# are); 127.0.0.1:8080 answers keepalived's TCP_CHECK.
modprobe dummy
ip link add dummy0 type dummy && ip link set dummy0 multicast on up
ip addr add 10.1.0.254/16 dev dummy0
ip addr add fd00::254/16 dev dummy0 nodad
# A tiny HTTP server: answers "OK" to any request.
serve() { # serve ADDR PORT
    perl -MIO::Socket::INET -e '
        my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], LocalPort => $ARGV[1], Listen => 64, ReuseAddr => 1) or die "$!\n";
        $SIG{CHLD} = "IGNORE";
        while (my $c = $s->accept) {
            while (defined(my $l = <$c>)) { last if $l =~ /^\r?\n$/ }
            print $c "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nOK\n";
            close $c;
        }' "$1" "$2" </dev/null >/dev/null 2>&1 &
    echo $!
}
listening() { # listening ADDR PORT: a listener accepts

    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
tcpcheck_pid=$(serve 127.0.0.1 8080)
check "listener 127.0.0.1:8080 for keepalived's TCP_CHECK" listening 127.0.0.1 8080

# Names for -L (and netbase's /etc/services for the ports).
cat >> /etc/hosts <<'HOSTS'
10.1.1.1 web-vip
10.1.1.2 dns-vip
10.1.2.1 rs-web1
10.1.2.2 rs-web2
10.1.2.5 rs-dns1
fd00:1::1 web6-vip
fd00:2::1 rs-web6a
HOSTS

# ================================================================ keepalived ==
mkdir -p /etc/keepalived
cat > /etc/keepalived/keepalived.conf <<'CONF'
global_defs {
    router_id clients-proof
    lvs_sync_daemon dummy0 VI_1 id 5 maxlen 1400 port 8848 ttl 2
    lvs_timeouts tcp 900 tcpfin 60 udp 200
}
vrrp_instance VI_1 {
    state MASTER
    interface dummy0
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
        10.1.0.100/32
    }
}
# Direct routing, weighted round robin, weights and thresholds; the first real
# server's TCP_CHECK (to a listener of this host) keeps it up.
virtual_server 10.1.1.1 80 {
    delay_loop 2
    lb_algo wrr
    lb_kind DR
    protocol TCP
    real_server 10.1.2.1 80 {
        weight 3
        uthreshold 100
        lthreshold 10
        TCP_CHECK {
            connect_ip 127.0.0.1
            connect_port 8080
            connect_timeout 2
        }
    }
    real_server 10.1.2.2 80 {
        weight 1
        uthreshold 2000
    }
}
# NAT with persistence and a netmask; the second real server is checked
# against a port nothing listens on, starts down (alpha) and is kept in the
# table at weight 0 (inhibit_on_failure).
virtual_server 10.1.1.1 443 {
    delay_loop 2
    lb_algo lc
    lb_kind NAT
    persistence_timeout 600
    persistence_granularity 255.255.255.0
    protocol TCP
    real_server 10.1.2.3 8443 {
        weight 2
    }
    real_server 10.1.2.4 8443 {
        weight 5
        alpha
        inhibit_on_failure
        TCP_CHECK {
            connect_ip 127.0.0.1
            connect_port 9
            connect_timeout 1
        }
    }
}
# Tunnelling, UDP, persistence: the service the datagrams go to.
virtual_server 10.1.1.2 53 {
    lb_algo rr
    lb_kind TUN
    persistence_timeout 300
    protocol UDP
    real_server 10.1.2.5 53 {
        weight 2
    }
    real_server 10.1.2.6 53 {
        weight 1
    }
}
# Tunnel types (keepalived sets them per virtual server): GUE with a port
# and checksums, GRE with checksums; source hashing with its port flag,
# locality-based schedulers.
virtual_server 10.1.1.4 8000 {
    lb_algo sh
    sh-port
    lb_kind TUN type gue port 6080 csum
    protocol TCP
    real_server 10.1.2.10 8000 {
        weight 1
    }
    real_server 10.1.2.11 8000 {
        weight 2
    }
}
virtual_server 10.1.1.4 8001 {
    lb_algo lblc
    lb_kind TUN type gre csum
    protocol TCP
    real_server 10.1.2.12 8001 {
        weight 3
    }
}
virtual_server 10.1.1.4 8002 {
    lb_algo lblcr
    lb_kind TUN type gue port 6081 remcsum
    protocol TCP
    real_server 10.1.2.14 8002 {
        weight 4
    }
}
# SIP persistence engine.
virtual_server 10.1.1.5 5060 {
    lb_algo sed
    lb_kind DR
    protocol UDP
    persistence_timeout 120
    persistence_engine sip
    real_server 10.1.2.13 5060 {
        weight 1
    }
}
# Firewall marks, IPv4 and IPv6 (keepalived gives their real servers port 0).
virtual_server fwmark 7 {
    lb_algo dh
    lb_kind DR
    real_server 10.1.2.7 80 {
        weight 4
    }
    real_server 10.1.2.8 80 {
        weight 0
    }
}
virtual_server fwmark 8 {
    ip_family inet6
    lb_algo nq
    lb_kind DR
    persistence_timeout 60
    persistence_granularity 64
    real_server fd00:2::3 80 {
        weight 1
    }
}
# IPv6, maglev hashing with its port flag (direct routing: keepalived gives
# the second real server the service's port).
virtual_server fd00:1::1 80 {
    lb_algo mh
    mh-port
    lb_kind DR
    protocol TCP
    real_server fd00:2::1 80 {
        weight 2
        lthreshold 5
        uthreshold 50
    }
    real_server fd00:2::2 8080 {
        weight 7
    }
}
virtual_server fd00:1::1 443 {
    lb_algo wlc
    lb_kind NAT
    protocol TCP
    persistence_timeout 1800
    persistence_granularity 96
    real_server fd00:2::4 443 {
        weight 10
    }
}
CONF
# The table keepalived.conf declares, as 1.31's -S -n prints its lines
# (sorted; the kernel's dump order is not the file's): keepalived must have
# built exactly this before any view is compared.
expected_keepalived=$(sort <<'TABLE'
-A -t 10.1.1.1:80 -s wrr
-a -t 10.1.1.1:80 -r 10.1.2.1:80 -g -w 3
-a -t 10.1.1.1:80 -r 10.1.2.2:80 -g -w 1
-A -t 10.1.1.1:443 -s lc -p 600 -M 255.255.255.0
-a -t 10.1.1.1:443 -r 10.1.2.3:8443 -m -w 2
-a -t 10.1.1.1:443 -r 10.1.2.4:8443 -m -w 0
-A -u 10.1.1.2:53 -s rr -p 300
-a -u 10.1.1.2:53 -r 10.1.2.5:53 -i -w 2 --tun-type ipip
-a -u 10.1.1.2:53 -r 10.1.2.6:53 -i -w 1 --tun-type ipip
-A -t 10.1.1.4:8000 -s sh -b sh-port
-a -t 10.1.1.4:8000 -r 10.1.2.10:8000 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
-a -t 10.1.1.4:8000 -r 10.1.2.11:8000 -i -w 2 --tun-type gue --tun-port 6080 --tun-csum
-A -t 10.1.1.4:8001 -s lblc
-a -t 10.1.1.4:8001 -r 10.1.2.12:8001 -i -w 3 --tun-type gre --tun-csum
-A -t 10.1.1.4:8002 -s lblcr
-a -t 10.1.1.4:8002 -r 10.1.2.14:8002 -i -w 4 --tun-type gue --tun-port 6081 --tun-remcsum
-A -u 10.1.1.5:5060 -s sed -p 120 --pe sip
-a -u 10.1.1.5:5060 -r 10.1.2.13:5060 -g -w 1
-A -f 7 -s dh
-a -f 7 -r 10.1.2.7:0 -g -w 4
-a -f 7 -r 10.1.2.8:0 -g -w 0
-A -f 8 -6 -s nq -p 60 -M 64
-a -f 8 -6 -r [fd00:2::3]:0 -g -w 1
-A -t [fd00:1::1]:80 -s mh -b mh-port
-a -t [fd00:1::1]:80 -r [fd00:2::1]:80 -g -w 2
-a -t [fd00:1::1]:80 -r [fd00:2::2]:80 -g -w 7
-A -t [fd00:1::1]:443 -s wlc -p 1800 -M 96
-a -t [fd00:1::1]:443 -r [fd00:2::4]:443 -m -w 10
TABLE
)
check "systemctl start keepalived" systemctl start keepalived
# keepalived's checker adds the services, then the real servers; the VRRP
# instance becomes master (and starts the master sync daemon) after about 3 s.
built=""
for _ in $(seq 150); do
    built=$($REF -S -n 2>&1 | sort)
    [ "$built" = "$expected_keepalived" ] && $REF -L --daemon 2>/dev/null | grep -q master && break
    sleep 0.2
done
same "keepalived built the declared table ($(wc -l <<< "$expected_keepalived") lines, read by 1.31's -S -n)" "$expected_keepalived" "$built"
check "keepalived started the master sync daemon (1.31's -L --daemon)" sh -c "$REF -L --daemon | grep -q 'master sync daemon (mcast=dummy0, syncid=5'"
say "  1.31 -L --daemon: $($REF -L --daemon | tr '\n' ';')"
check "keepalived set the timeouts (1.31's -L --timeout)" sh -c "$REF -L --timeout | grep -qx 'Timeout (tcp tcpfin udp): 900 60 200'"
check "keepalived.service active" systemctl is-active keepalived

# Traffic: datagrams from this host to the UDP service go through IPVS's
# LOCAL_OUT hook (scheduled, counted, tunnelled into dummy0): non-zero
# counters and rates, connections and a persistence template for -c.
udp_conns() { $REF -L -n --stats -u 10.1.1.2:53 | awk '$1 == "UDP" { print $3 }'; }
for port in 40001 40002 40003 40004 40005; do
    perl -MIO::Socket::INET -e '
        my $s = IO::Socket::INET->new(PeerAddr => "10.1.1.2", PeerPort => 53, LocalPort => $ARGV[0], Proto => "udp") or die "$!\n";
        $s->send("query $_") for 1 .. 3;' $port
done
for _ in $(seq 50); do [ "$(udp_conns)" -ge 5 ] 2>/dev/null && break; sleep 0.2; done
check "datagrams counted on the UDP service (Conns $(udp_conns))" test "$(udp_conns)" -ge 5 2>/dev/null
check "connections and a persistence template in 1.31's -L -n -c" \
    sh -c "$REF -L -n -c | grep -c '10.1.1.2:53' | awk '\$1 < 2 { exit 1 }'"

# view ARGS...: ours and 1.31 back to back; stdout, stderr and exit status
# must be byte-identical. Counters, rates and expiry times move (the kernel's
# estimator runs every 2 s, a connection's timer every second), so a
# differing pair is taken again, up to 5 times; never masked.
nview=0
view() {
    local try d
    nview=$((nview + 1)); d=$W/$nview
    mkdir -p "$d"
    for try in 1 2 3 4 5; do
        "$OURS" "$@" > "$d/ours.out" 2> "$d/ours.err"; echo $? > "$d/ours.rc"
        "$REF" "$@" > "$d/ref.out" 2> "$d/ref.err"; echo $? > "$d/ref.rc"
        if cmp -s "$d/ours.out" "$d/ref.out" && cmp -s "$d/ours.err" "$d/ref.err" && cmp -s "$d/ours.rc" "$d/ref.rc"; then
            ok "ipvsadm $* : byte-identical ($(wc -l < "$d/ref.out") lines, exit $(cat "$d/ref.rc")$([ "$try" = 1 ] || echo ", pair $try"))"
            return 0
        fi
        sleep 0.3
    done
    bad "ipvsadm $* : ours differs from 1.31 (5 pairs)" "$(diff "$d/ref.out" "$d/ours.out"; diff "$d/ref.err" "$d/ours.err"; diff "$d/ref.rc" "$d/ours.rc")"
}
views() {
    view -L -n
    view -L
    view -S -n
    view -S
    view -L -n --stats
    view -L --stats
    view -L -n --stats --exact
    view -L -n --rate
    view -L --rate
    view -L -n --rate --exact
    view -L -n --thresholds
    view -L --thresholds
    view -L -n --persistent-conn
    view -L -n --tun-info
    view -L --tun-info
    view -L -n -c
    view -L -c
    view -L -n -c --persistent-conn
    view -L -n -c --exact
    view -L --timeout
    view -L --daemon
    view -L -n -t 10.1.1.1:80
    view -L -t 10.1.1.1:443 --persistent-conn
    view -L -n -u 10.1.1.2:53 --stats --exact
    view -L -n -u 10.1.1.2:53 --rate
    view -L -n -t 10.1.1.4:8000 --tun-info
    view -L -n -u 10.1.1.5:5060
    view -L -n -f 7
    view -L -f 7 --thresholds
    view -L -n -f 8 -6
    view -L -n -t '[fd00:1::1]:80' --thresholds
    view -L -t '[fd00:1::1]:443'
    view -S -n -t 10.1.1.1:443
    view -S -n -f 8 -6
    view -L -n -t 10.9.9.9:80
    view -L -n -f 99
}
views
if [ -e /proof/verbose ]; then
    for args in "-L -n" "-L -n --tun-info" "-L --daemon"; do
        say "--- ipvsadm $args (ours):"
        # shellcheck disable=SC2086
        $OURS $args | sed 's/^/@@PROOF   | /'
    done
fi
# The views must have shown what keepalived built: not an empty table.
check "the views listed the table (1.31's -L -n: 11 services, 17 real servers)" \
    test "$(grep -c -E '^(TCP|UDP|FWM) ' $W/1/ref.out) $(grep -c -E '^  -> [0-9[]' $W/1/ref.out)" = "11 17"
check "the connection view listed connections" test "$(grep -c 10.1.1.2:53 $W/16/ref.out)" -ge 2
check "the stats view shows traffic" sh -c "awk '\$1 == \"UDP\" && \$3 > 0 { found = 1 } END { exit !found }' $W/5/ref.out"
check "keepalived: no netlink or IPVS errors in its journal" \
    sh -c "! journalctl -u keepalived -o cat --no-pager | grep -iE 'ipvs.*(fail|error|errno)|netlink.*(fail|error)|unknown keyword'"
check "systemctl stop keepalived" systemctl stop keepalived
kill "$tcpcheck_pid" 2>/dev/null
ipvsadm -C
ipvsadm --stop-daemon master 2>/dev/null
T1=$(cut -d' ' -f1 /proc/uptime)

# ================================================================ ldirectord ==
# Two real servers answer HTTP on addresses of this host; stopping one fails
# its check. Three virtual services: quiescent=yes (weight 0 when down),
# quiescent=no (removed when down), and a firewall mark with a connect check.
ip addr add 10.2.1.1/32 dev dummy0
ip addr add 10.2.1.2/32 dev dummy0
mkdir -p /etc/ha.d
cat > /etc/ha.d/ldirectord.cf <<'CF'
checktimeout=2
negotiatetimeout=2
checkinterval=1
autoreload=no
logfile="/var/log/ldirectord.log"
quiescent=yes
virtual=10.3.0.1:80
	real=10.2.1.1:80 gate 2
	real=10.2.1.2:80 masq 5
	service=http
	request="index.html"
	receive="OK"
	scheduler=wrr
	persistent=300
	netmask=255.255.255.0
	protocol=tcp
	checktype=negotiate
virtual=10.3.0.2:80
	real=10.2.1.1:80 gate 1
	real=10.2.1.2:80 gate 3
	service=http
	request="index.html"
	receive="OK"
	scheduler=lc
	protocol=tcp
	checktype=negotiate
	quiescent=no
virtual=9
	real=10.2.1.1:80 gate 4
	real=10.2.1.2:80 ipip 2
	service=http
	scheduler=rr
	protocol=fwm
	checktype=connect
CF
up_table=$(sort <<'TABLE'
-A -t 10.3.0.1:80 -s wrr -p 300 -M 255.255.255.0
-a -t 10.3.0.1:80 -r 10.2.1.1:80 -g -w 2
-a -t 10.3.0.1:80 -r 10.2.1.2:80 -m -w 5
-A -t 10.3.0.2:80 -s lc
-a -t 10.3.0.2:80 -r 10.2.1.1:80 -g -w 1
-a -t 10.3.0.2:80 -r 10.2.1.2:80 -g -w 3
-A -f 9 -s rr
-a -f 9 -r 10.2.1.1:80 -g -w 4
-a -f 9 -r 10.2.1.2:80 -i -w 2 --tun-type ipip
TABLE
)
# 10.2.1.2 down: quiescent (weight 0) in the first and the fwmark service,
# removed from the second.
down_table=$(sort <<'TABLE'
-A -t 10.3.0.1:80 -s wrr -p 300 -M 255.255.255.0
-a -t 10.3.0.1:80 -r 10.2.1.1:80 -g -w 2
-a -t 10.3.0.1:80 -r 10.2.1.2:80 -m -w 0
-A -t 10.3.0.2:80 -s lc
-a -t 10.3.0.2:80 -r 10.2.1.1:80 -g -w 1
-A -f 9 -s rr
-a -f 9 -r 10.2.1.1:80 -g -w 4
-a -f 9 -r 10.2.1.2:80 -i -w 0 --tun-type ipip
TABLE
)
wait_table() { # wait_table WANT: up to 30 s for the table (-S -n, sorted)
    local t
    for _ in $(seq 150); do
        t=$($REF -S -n 2>&1 | sort)
        [ "$t" = "$1" ] && break
        sleep 0.2
    done
    printf '%s\n' "$t"
}
# ldirectord_run NAME: one run of ldirectord under systemd, with whatever
# /sbin/ipvsadm is; the tables after each transition go to $W/ld-NAME-*.
ldirectord_run() {
    local name=$1 rs1 rs2 t
    rm -f /var/log/ldirectord.log
    ipvsadm -C
    rs1=$(serve 10.2.1.1 80)
    rs2=$(serve 10.2.1.2 80)
    check "$name: listeners 10.2.1.1:80 and 10.2.1.2:80" bash -c "$(declare -f listening); listening 10.2.1.1 80 && listening 10.2.1.2 80"
    check "$name: systemctl start ldirectord" systemctl start ldirectord ||
        journalctl -u ldirectord -o cat --no-pager | tail -20 | sed 's/^/@@PROOF   | /'
    t=$(wait_table "$up_table"); printf '%s\n' "$t" > "$W/ld-$name-up"
    same "$name: both real servers up: every one at its weight" "$up_table" "$t"
    kill "$rs2"; wait "$rs2" 2>/dev/null
    t=$(wait_table "$down_table"); printf '%s\n' "$t" > "$W/ld-$name-down"
    same "$name: 10.2.1.2 down: weight 0 (quiescent=yes), removed (quiescent=no)" "$down_table" "$t"
    rs2=$(serve 10.2.1.2 80)
    t=$(wait_table "$up_table"); printf '%s\n' "$t" > "$W/ld-$name-again"
    same "$name: 10.2.1.2 up again: weights restored, real server added back" "$up_table" "$t"
    check "$name: systemctl stop ldirectord" systemctl stop ldirectord
    t=$(wait_table ""); printf '%s\n' "$t" > "$W/ld-$name-stopped"
    same "$name: ldirectord stop removed its services" "" "$t"
    kill "$rs1" "$rs2"; wait "$rs1" "$rs2" 2>/dev/null
    # Its log: the changes it made, and no ipvsadm command that failed.
    check "$name: ldirectord's log shows the transitions (quiesced, removed, restored)" sh -c \
        "grep -q 'Quiescent real server: 10.2.1.2:80' /var/log/ldirectord.log && grep -q 'Deleted real server: 10.2.1.2:80' /var/log/ldirectord.log && grep -q 'Restored real server: 10.2.1.2:80' /var/log/ldirectord.log"
    check "$name: ldirectord's log has no failed ipvsadm command" sh -c \
        "! grep -iE 'failed|could not|error' /var/log/ldirectord.log"
    check "$name: the journal has no ipvsadm error" sh -c \
        "! journalctl -u ldirectord -o cat --no-pager | grep -iE 'ipvsadm|failed|error|illegal|invalid'"
    cp /var/log/ldirectord.log "$W/ld-$name.log"
}
ldirectord_run ours
# The same with Debian's ipvsadm 1.31 as /sbin/ipvsadm: the same tables.
cp -a "$OURS" /tmp/ipvsadm-ours
cp "$REF" "$OURS"
check "/sbin/ipvsadm is now 1.31" sh -c "$OURS -v | grep -q 'v1.31 '"
ldirectord_run 1.31
cp -a /tmp/ipvsadm-ours "$OURS"
for s in up down again stopped; do
    same "ldirectord: the $s table with ours = with 1.31" "$(cat "$W/ld-1.31-$s")" "$(cat "$W/ld-ours-$s")"
done
if [ -e /proof/verbose ] || [ "$fail" -gt 0 ]; then
    say "--- ldirectord's log (ours):"
    sed 's/^/@@PROOF   | /' "$W/ld-ours.log" | head -40
fi
T2=$(cut -d' ' -f1 /proc/uptime)
say "times (guest clock): keepalived part $(awk -v a="$T0" -v b="$T1" 'BEGIN { printf "%.1f", b - a }') s, ldirectord part $(awk -v a="$T1" -v b="$T2" 'BEGIN { printf "%.1f", b - a }') s"
