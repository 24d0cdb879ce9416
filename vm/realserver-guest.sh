# vm/realserver-guest.sh — the lvs-realserver proof, run inside the VM as
# /payload/main.sh (busybox sh). Driven by scripts/realserver.sh.
#
# Topology as in vm/lvs-dr-guest.sh (client, director, rs1, rs2 in network
# namespaces on a bridge), but the real servers get nothing by hand except
# their own address and an httpd: the VIP, route and ARP settings come only
# from `lvs-realserver setup --vip 10.10.10.213`. The director is configured
# only by our ipvsadm.
#
# Each real server has its own /etc and /var (bind-mounted copies, see rs()),
# as separate machines would, so their persisted files and state records do
# not mix.
#
# Phases and results (/results):
#   1. setup on rs1 and rs2; a second setup on rs1 (idempotence)
#   2. four client requests            -> responses (one line each)
#   3. check --port 80 on both          -> check_rs1.rc, check_rs2.rc
#   4. rs2's httpd listens on 10.10.10.217 only; four requests
#                                        -> responses_trap, lnc_trap,
#                                           check_trap.rc, check_trap.out
#   5. remove on rs1; before/after dumps of addresses, routes, sysctls and
#      files                             -> rs1.before, rs1.after
#   6. tunnelling: the director forwards $TVIP by ipip (-i) to rs1, which
#      starts with a strict rp_filter (1 on all and eth0, as some
#      distributions ship); tunl0 up, the VIP on it and the relaxed
#      rp_filter come only from `lvs-realserver setup --vip $TVIP --mode tun`;
#      four requests, check; all.rp_filter back to 1 by hand: one request
#      (no answer expected) and check; then remove
#                                        -> responses_tun, lnc_tun, check_tun.rc,
#                                           strict_tun, check_strict.rc,
#                                           check_strict.out,
#                                           rs1-tun.before, rs1-tun.after
#   7. IPv6 direct routing: the director forwards [$VIP6]:80 by -g to rs1,
#      set up by `lvs-realserver setup --vip $VIP6`; four requests over
#      IPv6, check, remove              -> responses_v6, lnc_v6, check_v6.rc,
#                                           rs1-v6.before, rs1-v6.after
# shellcheck source=guest-lib.sh
. /payload/guest-lib.sh
FAILED="PROOF FAILED"
TVIP=10.10.10.214    # the tunnelled service's VIP
VIP6=fd00:10::213    # the IPv6 service's VIP
# Always ours (realserver.sh has no --ipvsadm ref), also as lvs-realserver.
BIN=/opt/lvs/bin
mkdir -p "$BIN"
install_ours "$BIN/ipvsadm"
ln -s ipvsadm "$BIN/lvs-realserver"

# The real servers run everything with their own /etc and /var (see rs).
on_host() {
    case "$1" in
        rs1|rs2) rs "$@" ;;
        *) with_ours "$@" ;;
    esac
}
# rs NS CMD...: run CMD in real server NS with that server's own /etc and /var.
rs() {
    ns=$1; shift
    with_ours "$ns" sh -c 'mount --bind "/srv/$0/etc" /etc && mount --bind "/srv/$0/var" /var && exec "$@"' "$ns" "$@"
}

# Addresses (with the links' flags and state), routes, ARP/rp_filter
# sysctls and files of a real server. The queueing discipline is left out:
# the kernel attaches a device's default one when it first comes up and
# keeps it when it goes down again, so tunl0 raised by `setup --mode tun`
# and taken down by `remove` shows "noqueue" where it showed "noop", as it
# would after `ip link set tunl0 up; ip link set tunl0 down`.
dump() {
    ns=$1
    {
        echo "## addresses"; $IP netns exec "$ns" $IP -d addr show | sed 's/ qdisc [^ ]*//'
        echo "## routes"; $IP netns exec "$ns" $IP route show table all
        $IP netns exec "$ns" $IP -6 route show table all
        echo "## sysctls"
        $IP netns exec "$ns" sh -c 'for f in /proc/sys/net/ipv4/conf/*/arp_ignore /proc/sys/net/ipv4/conf/*/arp_announce /proc/sys/net/ipv4/conf/*/rp_filter; do echo "$f=$(cat $f)"; done'
        echo "## files"; (cd "/srv/$ns" && find . | sort | while read -r f; do
            if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"
            elif [ -f "$f" ]; then echo "$f $(stat -c %a "$f") $(md5sum < "$f" | cut -c1-32)"
            else echo "$f/ $(stat -c %a "$f")"; fi
        done)
    }
}

say "=== lvs-realserver proof: real servers configured only by lvs-realserver, director by our ipvsadm"
say ""
say "--- network: bridge br0 in the VM, one namespace per host"
$IP link add br0 type bridge || die "bridge"
$IP link set br0 up || die "bridge up"
add_hosts plain client:10.10.10.22 director:10.10.10.215 rs1:10.10.10.216 rs2:10.10.10.217
$IP netns exec director $IP addr add "$VIP/24" dev eth0 || die "VIP on director"
say "director: VIP $VIP/24 on eth0"
# IPv6 for phase 7, without duplicate address detection (nothing to wait for).
for h in client:22 director:215 rs1:216; do
    $IP netns exec "${h%%:*}" $IP addr add "fd00:10::${h#*:}/64" dev eth0 nodad || die "IPv6 on ${h%%:*}"
    say "${h%%:*}: fd00:10::${h#*:}/64 on eth0"
done
n=0
for r in rs1 rs2; do
    n=$((n + 1))
    mkdir -p "/srv/$r/var" "/srv/www$n"
    cp -a /etc "/srv/$r/etc"
    echo "RealServer$n" > "/srv/www$n/index.html"
    $IP netns exec "$r" httpd -f -p 80 -h "/srv/www$n" &
    echo $! > "/tmp/httpd.$r"
    say "$r: httpd on port 80 (all addresses), serving RealServer$n"
done
sleep 1
# IPv6 duplicate address detection on eth0 must be over before the "before"
# dump: otherwise the link-local address goes from tentative to ready (and
# gains its local route) between the dumps, whatever lvs-realserver does.
i=0
while [ $i -lt 100 ] && $IP netns exec rs1 $IP -6 addr show tentative | grep -q .; do
    sleep 0.1; i=$((i + 1))
done
dump rs1 > /results/rs1.before

say ""
say "--- real servers: lvs-realserver setup (nothing else configures the VIP or ARP)"
for r in rs1 rs2; do
    run "$r" lvs-realserver setup --vip "$VIP" || die "setup on $r"
done
run rs1 cat /etc/sysctl.d/90-lvs-realserver.conf
run rs1 cat /etc/lvs-realserver/$VIP.conf
say ""
say "--- idempotence: a second setup on rs1"
run rs1 lvs-realserver setup --vip "$VIP" || die "second setup"
grep -q "nothing to do" /tmp/out || die "second setup changed something"
run rs1 $IP addr show dev lo
run rs1 $IP route show dev lo
run rs1 lvs-realserver status

say ""
say "--- director: IPVS virtual service, direct routing (-g) to both real servers"
run director ipvsadm -A -t "$VIP:80" -s rr || die "ipvsadm -A"
run director ipvsadm -a -t "$VIP:80" -r 10.10.10.216:80 -g -w 1 || die "ipvsadm -a .216"
run director ipvsadm -a -t "$VIP:80" -r 10.10.10.217:80 -g -w 1 || die "ipvsadm -a .217"
run director ipvsadm -Ln

say ""
say "--- client: four requests to the VIP"
requests /results/responses 5

say ""
say "--- check on both real servers"
run rs1 lvs-realserver check --vip "$VIP" --port 80
echo $rc > /results/check_rs1.rc
run rs2 ipvsadm lvs-realserver check --vip "$VIP" --port 80
echo $rc > /results/check_rs2.rc

say ""
say "--- the SYN_RECV trap: rs2's httpd now listens on its own address only"
kill "$(cat /tmp/httpd.rs2)"
sleep 1
$IP netns exec rs2 httpd -f -p 10.10.10.217:80 -h /srv/www2 &
echo $! > /tmp/httpd.rs2
sleep 1
say "[rs2]# httpd -f -p 10.10.10.217:80 -h /srv/www2 &"
run director ipvsadm -Z
requests /results/responses_trap 5
run director ipvsadm -Lnc
cp /tmp/out /results/lnc_trap
run rs2 lvs-realserver check --vip "$VIP" --port 80
echo $rc > /results/check_trap.rc
cp /tmp/out /results/check_trap.out

say ""
say "--- remove on rs1: back to the exact prior state"
run rs1 lvs-realserver remove --vip "$VIP" || die "remove"
dump rs1 > /results/rs1.after
if diff -u /results/rs1.before /results/rs1.after > /tmp/out 2>&1; then
    say "rs1 before/after dumps (addresses, routes, sysctls, files): identical"
else
    say "rs1 before/after dumps differ:"; show /tmp/out
fi
run rs1 lvs-realserver status

# compare NAME: rs1's before/after dumps for phase NAME, into the transcript.
compare() {
    if diff -u "/results/$1.before" "/results/$1.after" > /tmp/out 2>&1; then
        say "$1 before/after dumps (addresses, links, routes, sysctls, files): identical"
    else
        say "$1 before/after dumps differ:"; show /tmp/out
    fi
}

say ""
say "--- tunnelling (-i): rs1 with a strict rp_filter, set up by lvs-realserver --mode tun"
run rs1 sysctl -w net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.eth0.rp_filter=1 || die "rp_filter on rs1"
run rs1 $IP -d link show tunl0 || die "no tunl0 on rs1 (ipip module)"
dump rs1 > /results/rs1-tun.before
run director $IP addr add "$TVIP/24" dev eth0 || die "tunnel VIP on director"
run director ipvsadm -A -t "$TVIP:80" -s rr || die "ipvsadm -A tun"
run director ipvsadm -a -t "$TVIP:80" -r 10.10.10.216:80 -i || die "ipvsadm -a -i"
run rs1 lvs-realserver setup --vip "$TVIP" --mode tun || die "setup --mode tun"
run rs1 $IP addr show dev tunl0
run rs1 sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.tunl0.rp_filter
requests /results/responses_tun 5 "$TVIP"
run director ipvsadm -Ln -t "$TVIP:80"
run director ipvsadm -Lnc
cp /tmp/out /results/lnc_tun
run rs1 lvs-realserver check --vip "$TVIP" --port 80
echo $rc > /results/check_tun.rc
say "strict rp_filter again, by hand: decapsulated packets are dropped, check says why"
run rs1 sysctl -w net.ipv4.conf.all.rp_filter=1
if run client timeout 3 wget -q -O - "http://$TVIP/"; then echo answer > /results/strict_tun; else echo "(no answer)" > /results/strict_tun; fi
run rs1 lvs-realserver check --vip "$TVIP" --port 80
echo $rc > /results/check_strict.rc
cp /tmp/out /results/check_strict.out
run rs1 sysctl -w net.ipv4.conf.all.rp_filter=2
run rs1 lvs-realserver remove --vip "$TVIP" || die "remove tun"
dump rs1 > /results/rs1-tun.after
compare rs1-tun

say ""
say "--- IPv6 direct routing (-g): rs1 set up by lvs-realserver --vip $VIP6"
dump rs1 > /results/rs1-v6.before
run director $IP addr add "$VIP6/64" dev eth0 nodad || die "IPv6 VIP on director"
run director ipvsadm -A -t "[$VIP6]:80" -s rr || die "ipvsadm -A v6"
run director ipvsadm -a -t "[$VIP6]:80" -r "[fd00:10::216]:80" -g || die "ipvsadm -a v6"
run rs1 lvs-realserver setup --vip "$VIP6" || die "setup v6"
run rs1 $IP -6 addr show dev lo
run rs1 $IP -6 route show table local
requests /results/responses_v6 5 "[$VIP6]"
run director ipvsadm -Ln -t "[$VIP6]:80"
run director ipvsadm -Lnc
cp /tmp/out /results/lnc_v6
run rs1 lvs-realserver check --vip "$VIP6" --port 80
echo $rc > /results/check_v6.rc
run rs1 lvs-realserver remove --vip "$VIP6" || die "remove v6"
dump rs1 > /results/rs1-v6.after
compare rs1-v6
run rs1 lvs-realserver status
finish
