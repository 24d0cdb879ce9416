# vm/guest-lib.sh — helpers shared by the guest scripts (lvs-dr-guest.sh,
# ha-guest.sh, realserver-guest.sh), sourced as /payload/guest-lib.sh
# (busybox sh); vm/scenario.sh ships it next to main.sh.
#
# Sourcing starts an empty /results/transcript ($T). The script sets FAILED
# (die's prefix) and BIN (the directory with our ipvsadm, first in PATH in
# the namespaces; use_ipvsadm sets it).
IP=/usr/sbin/ip-full
VIP=10.10.10.213
T=/results/transcript
mkdir -p /results
: > "$T"

say() { echo "$*"; echo "$*" >> "$T"; }
# show FILE...: print FILEs on the console and into the transcript.
show() { cat "$@"; cat "$@" >> "$T"; }
die() { say "$FAILED: $*"; echo "fail: $*" > /results/verdict; exit 1; }
finish() { echo "done" > /results/verdict; exit 0; }

# install_ours FILE: our binary from the payload as the executable FILE.
install_ours() { cp /payload/ipvsadm "$1"; chmod 755 "$1"; }
# use_ipvsadm DIR: DIR/bin/ipvsadm is ours if the host shipped it (else the
# reference, for --ipvsadm ref); WHO and /results/ipvsadm say which.
use_ipvsadm() {
    BIN=$1/bin
    mkdir -p "$BIN"
    if [ -f /payload/ipvsadm ]; then
        install_ours "$1/ipvsadm"
        ln -s "$1/ipvsadm" "$BIN/ipvsadm"
        WHO="ours (ipvsadm-rs)"
    else
        ln -s /sbin/ipvsadm "$BIN/ipvsadm"
        WHO="the reference ipvsadm 1.31 (--ipvsadm ref)"
    fi
    echo "$WHO" > /results/ipvsadm
}

# plain WHERE CMD...: run CMD in namespace WHERE ("vm": the VM itself).
plain() {
    where=$1; shift
    if [ "$where" = vm ]; then "$@"; else $IP netns exec "$where" "$@"; fi
}
# with_ours WHERE CMD...: the same with $BIN first in PATH.
with_ours() {
    where=$1; shift
    if [ "$where" = vm ]; then "$@"
    else $IP netns exec "$where" env PATH="$BIN:/bin:/sbin:/usr/bin:/usr/sbin" "$@"; fi
}
# on_host WHERE CMD...: how run runs CMD on host WHERE. Scripts whose hosts
# differ redefine it after sourcing.
on_host() { with_ours "$@"; }
# run WHERE CMD...: show "[WHERE]# CMD", run it with on_host, show its
# output and a non-zero status; the status is also in $rc. Output in
# /tmp/out, stderr included unless SPLIT_ERR=1 keeps it apart in /tmp/err.
run() {
    say "[$1]# $(shift; echo "$*")"
    if [ "$SPLIT_ERR" = 1 ]; then
        on_host "$@" > /tmp/out 2> /tmp/err
    else
        on_host "$@" > /tmp/out 2>&1
    fi
    rc=$?
    show /tmp/out
    [ "$SPLIT_ERR" != 1 ] || show /tmp/err
    [ $rc = 0 ] || say "(exit status $rc)"
    return $rc
}

# add_hosts MODE HOST:ADDR...: per HOST a namespace whose eth0 (ADDR/24) is
# a veth port of br0. MODE is run (show every command) or plain (one line
# per host).
add_hosts() {
    mode=$1; shift
    for h in "$@"; do
        ns=${h%%:*}; addr=${h#*:}
        $mode vm $IP netns add "$ns" || die "netns $ns"
        $mode vm $IP link add "v-$ns" type veth peer name eth0 netns "$ns" || die "veth $ns"
        $mode vm $IP link set "v-$ns" master br0 up || die "bridge port $ns"
        $mode "$ns" $IP link set lo up
        $mode "$ns" $IP addr add "$addr/24" dev eth0 || die "address $ns"
        $mode "$ns" $IP link set eth0 up || die "eth0 up $ns"
        [ "$mode" = run ] || say "$ns: $addr/24 on eth0"
    done
}
# dr_by_hand RS N: real server RS set up by hand for direct routing: the VIP
# on lo, ARP sysctls so only the director answers for it, httpd on :80
# serving "RealServerN".
dr_by_hand() {
    run "$1" $IP addr add "$VIP/32" dev lo || die "VIP on $1 lo"
    for k in all.arp_ignore=1 all.arp_announce=2 eth0.arp_ignore=1 eth0.arp_announce=2 lo.arp_ignore=1 lo.arp_announce=2; do
        run "$1" sysctl -w "net.ipv4.conf.$k" || die "sysctl on $1"
    done
    mkdir -p "/srv/$1"
    echo "RealServer$2" > "/srv/$1/index.html"
    run "$1" httpd -p 80 -h "/srv/$1" || die "httpd on $1"
}
# requests FILE SECS [HOST]: four client requests to HOST (default: the
# VIP; an IPv6 address in brackets), each given SECS seconds; FILE gets one
# answer (or "(no answer)") per request. After request N, the function
# named by AFTER_REQUEST (if set) runs with N.
requests() {
    : > "$1"
    i=0
    while [ $i -lt 4 ]; do
        i=$((i + 1))
        # (busybox 1.35 wget crashes with -T; bound the request with timeout)
        if run client timeout "$2" wget -q -O - "http://${3:-$VIP}/"; then
            cat /tmp/out >> "$1"
        else
            echo "(no answer)" >> "$1"
        fi
        [ -z "${AFTER_REQUEST:-}" ] || "$AFTER_REQUEST" "$i"
    done
}
