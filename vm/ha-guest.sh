# vm/ha-guest.sh — the sync-daemon HA test, run inside the VM as
# /payload/main.sh (busybox sh). Driven by scripts/ha.sh.
#
# Topology: five network namespaces, each with a veth "eth0" whose peer is a
# port of the bridge br0 in the VM's root namespace.
#   client  10.10.10.22/24
#   master  10.10.10.215/24, holds the VIP 10.10.10.213/32 on eth0 at first
#   backup  10.10.10.214/24, takes the VIP over on failover
#   rs1     10.10.10.216/24, VIP on lo, httpd "RealServer1" on :80, echo on :7000
#   rs2     10.10.10.217/24, VIP on lo, httpd "RealServer2" on :80, echo on :7000
# The real servers have arp_ignore=1 / arp_announce=2, so only the director
# that holds the VIP answers ARP for it; they answer the client directly (DR).
#
# Both directors get the same services (VIP:80 -> httpd, VIP:7000 -> an echo
# server, for long-lived idle connections), round robin, direct routing, and
# run sync daemons (master / backup, mcast-interface eth0, syncid 7). Every
# ipvsadm command is run with /payload/ipvsadm (ours) if present, else with
# the reference /sbin/ipvsadm; daemon listings and error paths are also run
# with the reference on the spot and must match byte for byte.
#
# Results in /results: transcript, checks (PASS/FAIL/NOTE lines), timings,
# ipvsadm (which binary), verdict ("done" or "fail: why" for a fatal error).
# shellcheck source=guest-lib.sh
. /payload/guest-lib.sh
FAILED="HA TEST FAILED"
SPLIT_ERR=1   # cmp_ref compares stdout and stderr apart
REF=/sbin/ipvsadm
C=/results/checks
TM=/results/timings
: > "$C"; : > "$TM"
# A write to a fifo whose reader (a client nc) died must fail, not kill us.
trap '' PIPE

use_ipvsadm /opt/ours

pass() { say "PASS: $*"; echo "PASS: $*" >> "$C"; }
failc() { say "FAIL: $*"; echo "FAIL: $*" >> "$C"; }
note() { say "NOTE: $*"; echo "NOTE: $*" >> "$C"; }
timing() { say "TIMING: $*"; echo "$*" >> "$TM"; }
now() { read -r up _ < /proc/uptime; echo "$up"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# over T0 SECS: status 0 once SECS seconds have passed since T0.
over() { awk -v a="$1" -v b="$(now)" -v s="$2" 'BEGIN { exit !(b - a >= s) }'; }

# nsx WHERE CMD...: run's on_host without the show: stdout in /tmp/out,
# stderr in /tmp/err, the status in $rc.
nsx() {
    on_host "$@" > /tmp/out 2> /tmp/err
    rc=$?
    return $rc
}
# bg WHERE CMD...: start CMD in the background in namespace WHERE.
bg() {
    say "[$1]# $(shift; echo "$*") &"
    where=$1; shift
    $IP netns exec "$where" "$@" < /dev/null > /dev/null 2>&1 &
}

# cmp_ref WHAT WHERE EXPECT_RC EXPECT_STDOUT EXPECT_STDERR ARGS...: run
# `ipvsadm ARGS` (ours) then `/sbin/ipvsadm ARGS` in WHERE; stdout, stderr
# and status must be identical, and equal to the expectations.
cmp_ref() {
    what=$1 where=$2 erc=$3 eout=$4 eerr=$5; shift 5
    run "$where" ipvsadm "$@"
    orc=$rc; cp /tmp/out /tmp/o.out; cp /tmp/err /tmp/o.err
    run "$where" $REF "$@"
    if [ "$orc" = "$rc" ] && cmp -s /tmp/o.out /tmp/out && cmp -s /tmp/o.err /tmp/err; then
        pass "$what: ours and the reference agree (stdout, stderr, status $rc)"
    else
        failc "$what: ours differs from the reference (status ours $orc, reference $rc)"
        say "  stdout diff (ours vs reference):"; diff /tmp/o.out /tmp/out | tee -a "$T"
        say "  stderr diff (ours vs reference):"; diff /tmp/o.err /tmp/err | tee -a "$T"
    fi
    if [ "$orc" = "$erc" ] && [ "$(cat /tmp/o.out)" = "$eout" ] && [ "$(cat /tmp/o.err)" = "$eerr" ]; then
        pass "$what: as expected (status $erc${eerr:+, stderr \"$eerr\"})"
    else
        failc "$what: expected status $erc, stdout \"$eout\", stderr \"$eerr\"; ours gave status $orc, stdout \"$(cat /tmp/o.out)\", stderr \"$(cat /tmp/o.err)\""
    fi
}

# conns WHERE [BIN]: the connection table of WHERE as "source virtual
# destination" lines (sorted) in /tmp/conns; the raw listing in /tmp/out.
conns() {
    nsx "$1" ${2:-ipvsadm} -Lnc
    awk 'NR > 2 { print $4, $5, $6 }' /tmp/out | sort > /tmp/conns
}
# missing A B: the lines of file A that are not in file B.
# Status 0 if there is at least one (like grep).
missing() {
    awk -v b="$2" 'FILENAME == b { have[$0] = 1; next }
        !($0 in have) { print; found = 1 } END { exit !found }' "$2" "$1"
}

# waitfile FILE TEXT SECONDS: wait until FILE contains the line TEXT.
waitfile() {
    n=0
    while [ $n -lt $(($3 * 5)) ]; do
        grep -qxF "$2" "$1" 2>/dev/null && return 0
        sleep 0.2; n=$((n + 1))
    done
    return 1
}

say "=== LVS sync-daemon HA test: directors configured by $WHO"
say ""
say "--- network: bridge br0 in the VM, one namespace per host"
# Multicast snooping off: the sync messages (224.0.0.81, link-local, always
# flooded anyway) must reach every port.
run vm $IP link add br0 type bridge mcast_snooping 0 || die "bridge"
run vm $IP link set br0 up || die "bridge up"
add_hosts run client:10.10.10.22 master:10.10.10.215 backup:10.10.10.214 rs1:10.10.10.216 rs2:10.10.10.217
n=0
for rs in rs1 rs2; do
    n=$((n + 1))
    dr_by_hand "$rs" $n
    bg "$rs" nc -ll -p 7000 -e cat
done
nsx master cat /sys/class/net/eth0/address; MASTER_MAC=$(cat /tmp/out)
nsx backup cat /sys/class/net/eth0/address; BACKUP_MAC=$(cat /tmp/out)
say "(master eth0 $MASTER_MAC, backup eth0 $BACKUP_MAC)"
run master $IP addr add "$VIP/32" dev eth0 || die "VIP on master"

say ""
say "--- both directors: the same virtual services (ipvsadm: the binary under test), direct routing"
for d in master backup; do
    for port in 80 7000; do
        run $d ipvsadm -A -t "$VIP:$port" -s rr || die "ipvsadm -A $VIP:$port on $d"
        run $d ipvsadm -a -t "$VIP:$port" -r "10.10.10.216:$port" -g -w 1 || die "ipvsadm -a .216:$port on $d"
        run $d ipvsadm -a -t "$VIP:$port" -r "10.10.10.217:$port" -g -w 1 || die "ipvsadm -a .217:$port on $d"
    done
done
run master ipvsadm -Ln
run master ipvsadm -S -n; cp /tmp/out /tmp/save.master
run backup ipvsadm -S -n; cp /tmp/out /tmp/save.backup
if cmp -s /tmp/save.master /tmp/save.backup && [ "$(grep -c . /tmp/save.master)" = 6 ]; then
    pass "both directors hold the same 6 rules (ipvsadm -S -n)"
else
    failc "the directors' rules differ or are not 6 lines"
fi

say ""
say "--- sync daemons (ipvsadm: the binary under test; /sbin/ipvsadm: the reference 1.31)"
cmp_ref "stop a daemon that is not running (master, before start)" master 255 "" "No daemon is running" \
    --stop-daemon master
t0=$(now)
run master ipvsadm --start-daemon master --mcast-interface eth0 --syncid 7 || failc "--start-daemon master failed"
timing "start-daemon master: $(since "$t0") s"
t0=$(now)
run backup ipvsadm --start-daemon backup --mcast-interface eth0 --syncid 7 || failc "--start-daemon backup failed"
timing "start-daemon backup: $(since "$t0") s"
EXP_M="master sync daemon (mcast=eth0, syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)"
EXP_B="backup sync daemon (mcast=eth0, syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)"
cmp_ref "-L --daemon on the master" master 0 "$EXP_M" "" -L --daemon
cmp_ref "-L --daemon on the backup" backup 0 "$EXP_B" "" -L --daemon

say ""
say "--- error paths, ours vs the reference on the spot"
cmp_ref "start a second master" master 255 "" "Daemon has already run" \
    --start-daemon master --mcast-interface eth0 --syncid 7
cmp_ref "start a second backup" backup 255 "" "Daemon has already run" \
    --start-daemon backup --mcast-interface eth0 --syncid 7
cmp_ref "stop a daemon that is not running (backup on the master)" master 255 "" "No daemon is running" \
    --stop-daemon backup
cmp_ref "--mcast-interface of a missing device" client 255 "" "No such device" \
    --start-daemon master --mcast-interface nosuch0 --syncid 7
cmp_ref "-L --daemon on the client (nothing started there)" client 0 "" "" -L --daemon
cmp_ref "-L --daemon on the master (unchanged by the errors)" master 0 "$EXP_M" "" -L --daemon

say ""
say "--- client: connections through the master (VIP on the master's eth0)"
# Two long-lived idle connections to the echo service: the client's nc reads
# from a fifo that this shell keeps open (fds 3 and 4). Each sends one line
# (the third packet of the connection, which is what makes IPVS sync it).
mkfifo /tmp/c1.in /tmp/c2.in /tmp/c3.in
say "[client]# nc $VIP 7000 < fifo &   (connection c1, kept open)"
$IP netns exec client nc "$VIP" 7000 < /tmp/c1.in > /tmp/c1.out 2>&1 &
C1=$!
exec 3> /tmp/c1.in
say "[client]# nc $VIP 7000 < fifo &   (connection c2, kept open)"
$IP netns exec client nc "$VIP" 7000 < /tmp/c2.in > /tmp/c2.out 2>&1 &
C2=$!
exec 4> /tmp/c2.in
echo "hello-c1" >&3
echo "hello-c2" >&4
ok=1
waitfile /tmp/c1.out hello-c1 15 || ok=0
waitfile /tmp/c2.out hello-c2 15 || ok=0
say "c1 got back: $(cat /tmp/c1.out | tr '\n' ' ')"
say "c2 got back: $(cat /tmp/c2.out | tr '\n' ' ')"
[ $ok = 1 ] && pass "two idle connections through the master are open and echo" ||
    failc "the idle connections through the master do not echo"
requests /tmp/answers 20
t_last=$(now)
if [ "$(grep -c '^RealServer[12]$' /tmp/answers)" = 4 ]; then
    pass "4 requests through the master answered: $(tr '\n' ' ' < /tmp/answers)"
else
    failc "requests through the master: $(tr '\n' ' ' < /tmp/answers)"
fi
run master ipvsadm -Lnc
awk 'NR > 2 { print $4, $5, $6 }' /tmp/out | sort > /tmp/conns.master
say "(master: $(grep -c . /tmp/conns.master) entries)"
[ "$(grep -c . /tmp/conns.master)" -ge 6 ] || failc "the master has fewer than 6 connection entries"

say ""
say "--- backup: waiting for the synced entries (polling ipvsadm -Lnc)"
t_first=""
while :; do
    conns backup
    [ -z "$t_first" ] && [ -s /tmp/conns ] && t_first=$(since "$t_last")
    missing /tmp/conns.master /tmp/conns > /tmp/miss || break
    over "$t_last" 20 && break
    sleep 0.2
done
t_sync=$(since "$t_last")
run backup ipvsadm -Lnc
cp /tmp/out /tmp/lnc.ours
if [ ! -s /tmp/miss ]; then
    pass "every master entry (source, virtual, destination) is on the backup: $(grep -c . /tmp/conns.master) entries"
    timing "backup table complete ${t_sync} s after the last request finished (first entry after ${t_first:-?} s)"
else
    failc "after ${t_sync} s the backup still lacks $(grep -c . /tmp/miss) master entries:"
    show /tmp/miss
fi
# Destination check, entry by entry: same source and virtual => same real server.
bad=$(awk -v m=/tmp/conns.master 'FILENAME == m { d[$1 " " $2] = $3; next } ($1 " " $2) in d && d[$1 " " $2] != $3 { print }' \
    /tmp/conns.master /tmp/conns)
[ -z "$bad" ] && pass "the backup's entries have the master's real servers (destination column)" ||
    failc "destination mismatch on the backup: $bad"
# The same table listed by the reference (timers may tick between the two).
run backup $REF -Lnc
cut -c1-3,11- /tmp/lnc.ours > /tmp/a; cut -c1-3,11- /tmp/out > /tmp/b
if cmp -s /tmp/a /tmp/b; then
    pass "backup -Lnc: ours and the reference agree (expire column aside)"
else
    failc "backup -Lnc: ours and the reference differ beyond the expire column:"
    diff /tmp/a /tmp/b | tee -a "$T"
fi

say ""
say "--- sync latency of one new connection (c3)"
conns master; cp /tmp/conns /tmp/before
say "[client]# nc $VIP 7000 < fifo &   (connection c3, kept open)"
$IP netns exec client nc "$VIP" 7000 < /tmp/c3.in > /tmp/c3.out 2>&1 &
C3=$!
exec 5> /tmp/c3.in
echo "hello-c3" >&5
t3=$(now)
waitfile /tmp/c3.out hello-c3 15 || failc "c3 does not echo"
n=0; key=""
while [ $n -lt 50 ]; do
    conns master
    key=$(missing /tmp/conns /tmp/before | grep ":7000 " | head -n1)
    [ -n "$key" ] && break
    sleep 0.2; n=$((n + 1))
done
say "(c3 on the master: $key)"
lat=""
if [ -n "$key" ]; then
    while ! over "$t3" 20; do
        conns backup
        grep -qxF "$key" /tmp/conns && { lat=$(since "$t3"); break; }
        sleep 0.2
    done
fi
if [ -n "$lat" ]; then
    pass "c3 synced to the backup"
    timing "one connection: on the backup ${lat} s after its third packet was sent"
else
    failc "c3 never appeared on the backup"
fi
run backup ipvsadm -Lnc

say ""
say "--- failover: move the VIP from the master to the backup"
run client $IP neigh show "$VIP"
t_fo=$(now)
run master $IP addr del "$VIP/32" dev eth0 || failc "VIP removal on the master"
run backup $IP addr add "$VIP/32" dev eth0 || failc "VIP on the backup"
run backup arping -U -c 2 -I eth0 -s "$VIP" "$VIP"
sleep 1
run client $IP neigh show "$VIP"
if grep -qi "lladdr $BACKUP_MAC" /tmp/out; then
    pass "the gratuitous ARP moved the client's neighbour entry to the backup ($BACKUP_MAC)"
else
    note "the gratuitous ARP did not update the client's neighbour entry; flushing it"
    run client $IP neigh flush dev eth0
fi
echo "after-failover-c1" >&3
echo "after-failover-c2" >&4
echo "after-failover-c3" >&5
ok=1
for c in c1 c2 c3; do
    waitfile /tmp/$c.out "after-failover-$c" 15 || ok=0
    say "$c got back: $(cat /tmp/$c.out | tr '\n' ' ')"
done
[ $ok = 1 ] && pass "the three connections opened through the master still echo through the backup (same real servers)" ||
    failc "connections opened through the master broke after failover"
timing "failover (VIP moved, gratuitous ARP, old connections answered): $(since "$t_fo") s"
conns backup; cp /tmp/conns /tmp/before.backup
conns master; cp /tmp/conns /tmp/before.master
ans=""
if run client timeout 20 wget -q -O - "http://$VIP/"; then ans=$(cat /tmp/out); fi
case "$ans" in
    RealServer1|RealServer2) pass "a new request after failover is answered: $ans" ;;
    *) failc "a new request after failover got no answer from a real server ('$ans')" ;;
esac
run backup ipvsadm -Lnc
awk 'NR > 2 { print $4, $5, $6 }' /tmp/out | sort > /tmp/conns
new=$(missing /tmp/conns /tmp/before.backup | grep " $VIP:80 ")
conns master
newm=$(missing /tmp/conns /tmp/before.master)
if [ -n "$new" ] && [ -z "$newm" ]; then
    pass "the new connection went through the backup: $new"
else
    failc "new connection not seen on the backup only (backup: '$new', master: '$newm')"
fi

say ""
say "--- stop the sync daemons"
t0=$(now)
run master ipvsadm --stop-daemon master || failc "--stop-daemon master failed"
timing "stop-daemon master: $(since "$t0") s"
t0=$(now)
run backup ipvsadm --stop-daemon backup || failc "--stop-daemon backup failed"
timing "stop-daemon backup: $(since "$t0") s"
cmp_ref "-L --daemon on the master after stop" master 0 "" "" -L --daemon
cmp_ref "-L --daemon on the backup after stop" backup 0 "" "" -L --daemon
cmp_ref "stop the master again" master 255 "" "No daemon is running" --stop-daemon master
cmp_ref "stop the backup again" backup 255 "" "No daemon is running" --stop-daemon backup

exec 3>&- 4>&- 5>&-
kill $C1 $C2 $C3 2>/dev/null
say ""
if grep -q '^FAIL' "$C"; then
    say "=== $(grep -c '^FAIL' "$C") check(s) FAILED, $(grep -c '^PASS' "$C") passed"
else
    say "=== all $(grep -c '^PASS' "$C") checks passed"
fi
finish
