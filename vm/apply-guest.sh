# vm/apply-guest.sh — `ipvsadm apply` on a real IPVS kernel, run inside the
# VM as /payload/main.sh (busybox sh). Driven by scripts/apply.sh.
#
# Topology: namespaces with a veth "eth0" whose peer is a port of the bridge
# br0 in the VM's root namespace.
#   c1..c4    10.10.10.11-14/24   clients (busybox wget in a loop)
#   director  10.10.10.2/24, the traffic VIPs 10.10.10.101-108/32 on eth0
#   rs1..rs6  10.10.10.31-36/24, every traffic VIP on lo (arp_ignore=1,
#             arp_announce=2), busybox httpd on :80 answering "rsN"
# Direct routing: the director forwards, the real servers answer the clients.
#
# The table (vm/apply-guest.sh's gen): 2,000 services, 4 real servers each,
# TCP/UDP over IPv4, TCP over IPv6, fwmark (IPv4 and -6), a tenth persistent
# (some with -M), all schedulers but mh, forwarding -g/-m/-i (ipip), some real
# servers with thresholds (-x/-y). Eight of the services are the traffic
# VIPs; the others point at addresses nobody uses. FILE2 changes a tenth of
# the services (removed, scheduler, persistence, a real server replaced,
# weights and thresholds, forwarding that moves the port), adds 1 % new ones,
# and changes seven of the eight traffic VIPs (weights, scheduler,
# persistence on and off, real servers added and removed: drained).
#
# /payload/timing chooses the sections: 0 (or absent) runs 1 to 5 (see
# scripts/apply.sh), 1 (scripts/apply.sh --timing) runs 6.
#
# Every ipvsadm command runs with /payload/ipvsadm (ours). The sysctl
# net.ipv4.vs.expire_quiescent_template=1 is set on the director: a client
# whose persistence template names a real server of weight 0 is scheduled
# anew (without it, drained persistent clients stick to the server until it
# is deleted, whatever the tool).
#
# Results in /results: transcript, checks (PASS/FAIL/NOTE lines), figures,
# ipvsadm (which binary), verdict ("done" or "fail: why" for a fatal error).
# shellcheck source=guest-lib.sh
. /payload/guest-lib.sh
MODE=check
[ "$(cat /payload/timing 2>/dev/null)" = 1 ] && MODE=timing
FAILED="APPLY SCENARIO FAILED"
C=/results/checks
FIG=/results/figures
: > "$C"; : > "$FIG"
use_ipvsadm /opt/ours
[ -f /payload/ipvsadm ] || die "the reference ipvsadm 1.31 has no apply: run with our binary"

on_host() {
    case "$1" in
        director) with_ours "$@" ;;
        *) plain "$@" ;;
    esac
}

pass() { say "PASS: $*"; echo "PASS: $*" >> "$C"; }
failc() { say "FAIL: $*"; echo "FAIL: $*" >> "$C"; }
note() { say "NOTE: $*"; echo "NOTE: $*" >> "$C"; }
figure() { say "FIGURE: $*"; echo "$*" >> "$FIG"; }
# check COND-STATUS TEXT: PASS TEXT if the status is 0, else FAIL TEXT.
check() { if [ "$1" = 0 ]; then pass "$2"; else failc "$2"; fi; }

# d CMD...: run CMD on the director quietly: stdout in /tmp/out, stderr in
# /tmp/err, the status in $rc.
d() {
    with_ours director "$@" > /tmp/out 2> /tmp/err
    rc=$?
    return $rc
}
# dsh 'SHELL TEXT': the same for a shell command line.
dsh() { d sh -c "$1"; }
# show_head FILE N: the first N lines of FILE (and how many there are).
show_head() {
    n=$(grep -c '' "$1")
    head -n "$2" "$1" | sed 's/^/    /' > /tmp/head
    show /tmp/head
    [ "$n" -le "$2" ] || say "    ... ($n lines)"
}

# timed 'SHELL TEXT': run it on the director (bash, for $EPOCHREALTIME):
# stdout in /tmp/out, stderr in /tmp/err, the status in $rc, the
# milliseconds it took in $MS.
timed() {
    # shellcheck disable=SC2016
    with_ours director bash -c 's=$EPOCHREALTIME; eval "$1" > /tmp/out 2> /tmp/err; r=$?; e=$EPOCHREALTIME
        echo $(( (${e/./} - ${s/./}) / 1000 )) > /tmp/ms; exit $r' timed "$1"
    rc=$?
    MS=$(cat /tmp/ms)
    return $rc
}
uptime_s() { read -r up _ < /proc/uptime; echo "$up"; }
section() { say ""; say "=== $* (uptime $(uptime_s) s)"; }
# median A B C...: the median of integers.
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# gen N VER PCT TRAFFIC: a rules file on stdout, in the form `ipvsadm -S -n`
# prints (plus -x/-y, which -S does not print). VER 1 is the base table,
# VER 2 changes PCT % of its services and adds PCT/2 % new ones; TRAFFIC=1
# puts the eight traffic VIPs at positions 100, 350, ... of the table.
gen() {
    awk -v n="$1" -v ver="$2" -v pct="$3" -v traffic="$4" '
    function hex(x) { return sprintf("%x", x) }
    function v4(base, k) { return "10." (base + int(k / 62500)) "." (int(k / 250) % 250) "." (k % 250 + 1) }
    # the change class of service i in VER 2, -1: unchanged
    function cls(i) {
        if (ver != 2 || i >= n || (i * 37 + 11) % 100 >= pct) return -1
        return int(i / 100) % 6
    }
    function generic(i,    c, six, fw, udp, svc, port, sched, pers, opts, j, last, f, p, w, th, rs) {
        c = cls(i)
        if (c == 0) return                       # removed
        six = (i % 17 == 5); fw = (i % 13 == 7); udp = (!fw && i % 11 == 3)
        if (fw) {
            svc = "-f " (i + 1) (six ? " -6" : ""); port = 80
        } else {
            port = udp ? 53 : (i % 3 == 0 ? 443 : 80)
            svc = (udp ? "-u " : "-t ") (six ? "[2001:db8:10::" hex(i + 1) "]" : v4(20, i)) ":" port
        }
        sched = S[i % 12]
        if (c == 1) sched = S[(i + 5) % 12]     # scheduler changed
        pers = (i % 10 == 1)
        if (c == 2) pers = !pers                 # persistence on/off
        opts = "-s " sched
        if (pers) {
            opts = opts " -p 300"
            if (i % 30 == 1) opts = opts (six ? " -M 64" : " -M 255.255.255.0")
        }
        print "-A " svc " " opts
        last = (c == 3) ? 4 : 3                  # class 3: real server 3 out, 4 in
        for (j = 0; j <= last; j++) {
            if (c == 3 && j == 3) continue
            f = (i + j) % 3                      # 0 -g, 1 -m, 2 -i
            if (c == 5 && f < 2) f = 1 - f       # -g <-> -m: the port moves
            p = (f == 1) ? 8080 : port
            w = (i * 7 + j) % 5 + 1
            th = ((i + j) % 9 == 0) ? " -x 1000 -y 500" : ""
            if (c == 4) {                        # weights and thresholds
                w = w % 5 + 2
                th = (th != "") ? " -x 2000 -y 100" : (j == 1 ? " -x 300 -y 30" : "")
            }
            rs = six ? "[2001:db8:20::" hex(i + 1) ":" (j + 1) "]" : v4(64, 5 * i + j)
            print "-a " svc " -r " rs ":" p " " (f == 0 ? "-g" : f == 1 ? "-m" : "-i") " -w " w \
                (f == 2 ? " --tun-type ipip" : "") th
        }
    }
    # traffic VIP k: "sched|persistence|rs:weight[:x:y] ..."
    function tsvc(k,    spec, a, svc, opts, m, r, j, q, line) {
        spec = (ver == 2) ? T2[k] : T1[k]
        split(spec, a, "|")
        svc = "-t 10.10.10." (100 + k) ":80"
        opts = "-s " a[1] (a[2] != "" ? " -p " a[2] : "")
        print "-A " svc " " opts
        m = split(a[3], r, " ")
        for (j = 1; j <= m; j++) {
            split(r[j], q, ":")
            line = "-a " svc " -r 10.10.10." (30 + q[1]) ":80 -g -w " q[2]
            if (q[3] != "") line = line " -x " q[3] " -y " q[4]
            print line
        }
    }
    BEGIN {
        split("rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf", s0, " ")
        for (k = 1; k <= 12; k++) S[k - 1] = s0[k]
        T1[1] = "wrr||1:1 2:2 3:3 4:4";           T2[1] = "wrr||1:4 2:3 3:2 4:1"
        T1[2] = "rr||1:1 2:1 3:1 4:1";            T2[2] = "wlc||1:1 2:1 3:1 4:1"
        T1[3] = "wlc||1:1 2:1 3:1 4:1";           T2[3] = "wlc||1:1 2:1 3:1 5:1"
        T1[4] = "wlc||2:1 3:1 4:1 5:1";           T2[4] = "wlc|60|2:1 3:1 4:1 5:1"
        T1[5] = "sh|300|1:1 3:1 5:1 6:1";         T2[5] = "wlc||1:1 3:1 5:1"
        T1[6] = "rr|300|2:1 3:1 4:1 6:1";         T2[6] = "rr|300|1:1 3:1 4:1 6:1"
        T1[7] = "lc||1:1:10000:5000 2:1 5:1 6:1"; T2[7] = T1[7]
        T1[8] = "wrr||3:5 4:5 5:5 6:5";           T2[8] = "wrr||1:5 2:5 5:5:20000:100 6:5"
        for (i = 0; i < n; i++) {
            if (traffic && i % 250 == 100 && int(i / 250) < 8) tsvc(int(i / 250) + 1)
            else generic(i)
        }
        if (ver == 2) for (i = n; i < n + int(n * pct / 200); i++) generic(i)
    }'
}
# only_in A B: how many lines of file A are not in file B.
only_in() { awk -v b="$2" 'FILENAME == b { have[$0] = 1; next } !($0 in have) { n++ } END { print n + 0 }' "$2" "$1"; }
# lines_only_in A B PREFIX: those lines, each after PREFIX.
lines_only_in() { awk -v b="$2" -v p="$3" 'FILENAME == b { have[$0] = 1; next } !($0 in have) { print p $0 }' "$2" "$1"; }
# norm FILE: FILE as `ipvsadm -S -n` would print it, sorted: without -x/-y.
norm() { sed 's/ -x [0-9]* -y [0-9]*$//' "$1" | sort; }
# thresholds_of_file FILE / thresholds_live (reads /tmp/out of -Ln
# --thresholds): "SERVICE REAL-SERVER X Y" for every real server whose
# thresholds are not 0 0, sorted.
thresholds_of_file() {
    awk '$1 == "-a" {
        if ($2 == "-f") { svc = "FWM " $3; k = 4; if ($4 == "-6") { svc = svc " IPv6"; k = 5 } }
        else { svc = ($2 == "-t" ? "TCP" : $2 == "-u" ? "UDP" : "SCTP") " " $3; k = 4 }
        x = 0; y = 0
        for (i = k; i <= NF; i++) { if ($i == "-r") rs = $(i + 1); if ($i == "-x") x = $(i + 1); if ($i == "-y") y = $(i + 1) }
        if (x != 0 || y != 0) print svc, rs, x, y
    }' "$1" | sort
}
thresholds_live() {
    awk 'NR <= 3 { next }
        $1 != "->" { svc = $1 " " $2; if ($1 == "FWM" && $3 == "IPv6") svc = svc " IPv6"; next }
        ($3 != 0 || $4 != 0) { print svc, $2, $3, $4 }' /tmp/out | sort
}
# same_table FILE WHAT: PASS if the live table (-S -n, and the thresholds
# of -L -n --thresholds) is FILE's.
same_table() {
    d ipvsadm -Sn || failc "ipvsadm -Sn failed: $(cat /tmp/err)"
    sort /tmp/out > /tmp/live.sorted
    norm "$1" > /tmp/want.sorted
    if cmp -s /tmp/live.sorted /tmp/want.sorted; then
        pass "$2: ipvsadm -Sn (sorted) equals the file's lines ($(grep -c '' /tmp/want.sorted) lines)"
    else
        failc "$2: ipvsadm -Sn (sorted) differs from the file's lines (diff -u live file):"
        diff /tmp/live.sorted /tmp/want.sorted | head -n 20 > /tmp/dd; show /tmp/dd
    fi
    d ipvsadm -Ln --thresholds
    thresholds_live > /tmp/live.th
    thresholds_of_file "$1" > /tmp/want.th
    if cmp -s /tmp/live.th /tmp/want.th; then
        pass "$2: thresholds (-L -n --thresholds) equal the file's -x/-y ($(grep -c '' /tmp/want.th) real servers)"
    else
        failc "$2: thresholds differ (diff -u live file):"
        diff /tmp/live.th /tmp/want.th | head -n 20 > /tmp/dd; show /tmp/dd
    fi
}
# snapshot NAME: -S -n, --list --timeout and -L --daemon into /tmp/snap.NAME.
snapshot() {
    d ipvsadm -Sn; sort /tmp/out > "/tmp/snap.$1"
    d ipvsadm --list --timeout; { echo "== timeout"; cat /tmp/out; } >> "/tmp/snap.$1"
    d ipvsadm -L --daemon; { echo "== daemon"; cat /tmp/out; } >> "/tmp/snap.$1"
}

# ---- clients ----------------------------------------------------------------
VIPS="10.10.10.101 10.10.10.102 10.10.10.103 10.10.10.104 10.10.10.105 10.10.10.106 10.10.10.107 10.10.10.108"
CLIENTS="c1 c2 c3 c4"
MAXREQ=4000      # requests per client per phase
MAXSECS=150      # seconds per client per phase
cat > /tmp/client.sh <<'EOF'
# client.sh DIR NAME MAX SECS VIP...: requests to the VIPs in turn until
# DIR/stop exists, MAX requests or SECS seconds; per request a line
# "UPTIME VIP ANSWER" in DIR/log.NAME (ANSWER "FAIL" for none); at the end
# "OK FAILED" in DIR/result.NAME.
dir=$1 name=$2 max=$3 secs=$4; shift 4
read -r up _ < /proc/uptime; end=$((${up%.*} + secs))
ok=0 bad=0 n=0
while [ ! -e "$dir/stop" ] && [ $n -lt "$max" ]; do
    read -r up _ < /proc/uptime
    [ "${up%.*}" -lt $end ] || break
    for v in "$@"; do
        n=$((n + 1))
        # (busybox 1.35 wget crashes with -T; bound the request with timeout)
        if body=$(timeout 3 wget -q -O - "http://$v/" 2>/dev/null) && [ -n "$body" ]; then
            ok=$((ok + 1))
        else
            bad=$((bad + 1)); body=FAIL
        fi
        read -r up _ < /proc/uptime
        echo "$up $v $body" >> "$dir/log.$name"
    done
done
echo "$ok $bad" > "$dir/result.$name"
EOF
# clients_start DIR: the four clients, in the background.
clients_start() {
    rm -rf "$1"; mkdir -p "$1"
    for c in $CLIENTS; do
        # shellcheck disable=SC2086
        $IP netns exec "$c" sh /tmp/client.sh "$1" "$c" $MAXREQ $MAXSECS $VIPS < /dev/null > /dev/null 2>&1 &
    done
    say "(clients $CLIENTS started: each requests http://VIP/ of the 8 traffic VIPs in turn, 3 s per request)"
}
# clients_stop DIR: stop them, wait for their results; OK and BAD are the
# totals.
clients_stop() {
    touch "$1/stop"
    n=0
    while [ $n -lt 100 ]; do
        k=0
        for c in $CLIENTS; do [ -f "$1/result.$c" ] && k=$((k + 1)); done
        [ $k = 4 ] && break
        sleep 0.2; n=$((n + 1))
    done
    OK=0 BAD=0
    for c in $CLIENTS; do
        [ -f "$1/result.$c" ] || { failc "client $c did not finish"; continue; }
        read -r o b < "$1/result.$c"
        OK=$((OK + o)) BAD=$((BAD + b))
    done
}
# answered DIR FROM TO: per VIP, which real servers answered between uptime
# FROM and TO (and the failures), one line per VIP.
answered() {
    cat "$1"/log.* | awk -v a="$2" -v b="$3" '$1 >= a && $1 <= b { n[$2 " " $3]++ }
        END { for (k in n) { split(k, p, " "); s[p[1]] = s[p[1]] " " p[2] "x" n[k] } for (v in s) print "    " v ":" s[v] }' |
        sort > /tmp/answered
    show /tmp/answered
}
# wait_requests DIR N: wait until the clients made N more requests.
requests_so_far() { cat "$1"/log.* 2>/dev/null | grep -c ''; }
wait_requests() {
    target=$(($(requests_so_far "$1") + $2)); n=0
    while [ "$(requests_so_far "$1")" -lt $target ] && [ $n -lt 300 ]; do sleep 0.2; n=$((n + 1)); done
}

# =============================================================================
say "=== ipvsadm apply on a real IPVS kernel: $WHO"

say ""; say "--- network: bridge br0, clients c1-c4, director, real servers rs1-rs6 (direct routing)"
run vm $IP link add br0 type bridge || die "bridge"
run vm $IP link set br0 up || die "bridge up"
add_hosts plain c1:10.10.10.11 c2:10.10.10.12 c3:10.10.10.13 c4:10.10.10.14 director:10.10.10.2 \
    rs1:10.10.10.31 rs2:10.10.10.32 rs3:10.10.10.33 rs4:10.10.10.34 rs5:10.10.10.35 rs6:10.10.10.36
for v in $VIPS; do
    plain director $IP addr add "$v/32" dev eth0 || die "VIP $v on the director"
done
for k in 1 2 3 4 5 6; do
    rs=rs$k
    for v in $VIPS; do plain $rs $IP addr add "$v/32" dev lo || die "VIP $v on $rs"; done
    for s in all.arp_ignore=1 all.arp_announce=2 eth0.arp_ignore=1 eth0.arp_announce=2 lo.arp_ignore=1 lo.arp_announce=2; do
        plain $rs sysctl -q -w "net.ipv4.conf.$s" > /dev/null || die "sysctl on $rs"
    done
    mkdir -p "/srv/$rs"; echo "$rs" > "/srv/$rs/index.html"
    plain $rs httpd -p 80 -h "/srv/$rs" || die "httpd on $rs"
done
say "(VIPs $VIPS on the director's eth0 and on every real server's lo; httpd on rs1-rs6 answers rsN)"
run director sysctl -w net.ipv4.vs.expire_quiescent_template=1 || die "sysctl expire_quiescent_template"

say ""; say "--- the rules files (gen: see vm/apply-guest.sh)"
gen 2000 1 10 1 > /tmp/file1
gen 2000 2 10 1 > /tmp/file2
for f in file1 file2; do
    say "$f: $(grep -c '^-A' /tmp/$f) services, $(grep -c '^-a' /tmp/$f) real servers ($(grep -c -- '^-A -t \[' /tmp/$f) IPv6 TCP, $(grep -c -- '^-A -f' /tmp/$f) fwmark, $(grep -c -- '^-A -u' /tmp/$f) UDP, $(grep -c -- ' -p ' /tmp/$f) persistent; $(grep -c -- ' -x ' /tmp/$f) real servers with thresholds)"
done
say "lines only in file1: $(only_in /tmp/file1 /tmp/file2), only in file2: $(only_in /tmp/file2 /tmp/file1)"
say "traffic VIPs, file1 -> file2:"
grep -- '-t 10\.10\.10\.10[1-8]:80' /tmp/file1 > /tmp/t1; grep -- '-t 10\.10\.10\.10[1-8]:80' /tmp/file2 > /tmp/t2
{ lines_only_in /tmp/t1 /tmp/t2 "    file1 only: "; lines_only_in /tmp/t2 /tmp/t1 "    file2 only: "; } > /tmp/dd; show /tmp/dd

d ipvsadm apply --help || die "this ipvsadm has no apply verb (ipvsadm apply --help: status $rc)"
if [ "$MODE" = check ]; then

section "1. restore the 2,000-service table with ipvsadm -R"
timed "ipvsadm -R < /tmp/file1"; r=$rc
check $r "ipvsadm -R < file1: status $r ($MS ms)$( [ $r = 0 ] || echo ": $(head -c 300 /tmp/err)")"
figure "-R of file1 (2000 services): $MS ms"
same_table /tmp/file1 "after -R file1"

section "2. ipvsadm apply --drain 8 file2, under traffic"
P=/tmp/cl.apply
clients_start $P
wait_requests $P 200
a0=$(uptime_s)
say "[director]# ipvsadm apply --drain 8 /tmp/file2    (at uptime $a0)"
timed "ipvsadm apply --drain 8 /tmp/file2"; r=$rc
a1=$(uptime_s)
say "(exit status $r, $MS ms; $(grep -c '' /tmp/out) operations printed; done at uptime $a1)"
cp /tmp/out /results/apply.out
show_head /tmp/out 12
[ -s /tmp/err ] && { say "stderr:"; show_head /tmp/err 10; }
check $r "apply --drain 8 file2 under traffic: status $r"
figure "apply --drain 8 of file2 (2000 services, 10 % changed), under traffic: $MS ms"
wait_requests $P 200
clients_stop $P
say "client requests: $((OK + BAD)), failed: $BAD"
say "answers per VIP before apply (real server x count):"; answered $P 0 "$a0"
say "answers per VIP after apply:"; answered $P "$a1" 999999
APPLY_BAD=$BAD APPLY_ALL=$((OK + BAD))
if [ "$BAD" = 0 ] && [ $((OK + BAD)) -gt 400 ]; then
    pass "no failed request during apply --drain: 0 of $((OK + BAD))"
else
    failc "$BAD of $((OK + BAD)) client requests failed during apply --drain (expected 0, and more than 400 requests):"
    grep -h FAIL $P/log.* | head -n 20 > /tmp/dd; show /tmp/dd
fi
figure "failed requests, apply --drain: $APPLY_BAD of $APPLY_ALL"
same_table /tmp/file2 "after apply file2"

section "5. diff, dry run, idempotence"
d ipvsadm diff /tmp/file2; r=$rc
[ $r = 0 ] && [ ! -s /tmp/out ]; check $? "diff file2 after apply: status $r (expected 0), $(grep -c '' /tmp/out) lines (expected none)"
d ipvsadm diff /tmp/file1; r=$rc; cp /tmp/out /tmp/diff1
[ $r = 1 ] && [ -s /tmp/out ]; check $? "diff file1: status $r (expected 1), $(grep -c '' /tmp/out) lines"
printf '%s\n' '-A -t 10.0.0.1:80 -s rr' '-D -t 10.0.0.1:80' > /tmp/bad.rules
d ipvsadm diff /tmp/bad.rules; r=$rc
[ $r = 2 ]; check $? "diff of a file with -D: status $r (expected 2): $(cat /tmp/err)"
printf '%s\n' '-A -t 10.0.0.1:80 -s rr' '-a -t 10.0.0.1:80 -r 10.0.0.2 -w x' > /tmp/bad2.rules
d ipvsadm diff /tmp/bad2.rules; r=$rc
[ $r = 2 ]; check $? "diff of a file with a bad weight: status $r (expected 2): $(cat /tmp/err)"
snapshot dry0
d ipvsadm apply /tmp/bad.rules; r=$rc; snapshot bad
[ $r = 2 ] && cmp -s /tmp/snap.dry0 /tmp/snap.bad; check $? "apply of a file with -D: status $r (expected 2), table unchanged: $(cat /tmp/err)"
d ipvsadm apply --dry-run /tmp/file1; r=$rc; cp /tmp/out /tmp/dry1
snapshot dry1
[ $r = 0 ]; check $? "apply --dry-run file1: status $r (expected 0)"
cmp -s /tmp/snap.dry0 /tmp/snap.dry1; check $? "apply --dry-run file1 changes nothing (-Sn, --timeout, --daemon identical)"
if cmp -s /tmp/dry1 /tmp/diff1; then
    pass "apply --dry-run file1 prints the same lines as diff file1 ($(grep -c '' /tmp/dry1) lines)"
else
    failc "apply --dry-run file1 and diff file1 print different lines (diff -u dry-run diff):"
    diff /tmp/dry1 /tmp/diff1 | head -n 20 > /tmp/dd; show /tmp/dd
fi
d ipvsadm apply /tmp/file2; r=$rc
[ $r = 0 ] && [ ! -s /tmp/out ]; check $? "a second apply of file2: status $r, $(grep -c '' /tmp/out) lines printed (expected none)"

section "4. all or nothing: the kernel rejects the last operation"
run director ipvsadm --start-daemon master --mcast-interface eth0 --syncid 3
run director ipvsadm --set 900 120 300
run director ipvsadm -L --daemon
run director ipvsadm --list --timeout
say "the reference ipvsadm 1.31 on a scheduler that does not exist (in a scratch namespace):"
plain vm $IP netns add scratch
SPLIT_ERR=1 run scratch /sbin/ipvsadm -A -t 10.99.9.9:80 -s nosuch; refrc=$rc; cp /tmp/err /tmp/referr
SPLIT_ERR=1 run scratch /opt/ours/ipvsadm -A -t 10.99.9.9:80 -s nosuch; ourrc=$rc
[ $refrc != 0 ] && [ $ourrc = $refrc ] && cmp -s /tmp/err /tmp/referr
check $? "-A -s nosuch: ours and the reference fail alike (status $ourrc / $refrc, \"$(cat /tmp/referr)\")"
# (a) new service with -s nosuch as the file's last line, after a --set, a
#     --start-daemon and three new services with real servers.
{
    cat /tmp/file2
    echo "--set 1000 100 200"
    echo "--start-daemon backup --mcast-interface eth0 --syncid 4"
    for k in 1 2 3; do
        echo "-A -t 10.99.0.$k:80 -s rr"
        echo "-a -t 10.99.0.$k:80 -r 10.99.1.$k:80 -g -w 1"
        echo "-a -t 10.99.0.$k:80 -r 10.99.2.$k:8080 -m -w 2 -x 10 -y 5"
    done
    echo "-A -t 10.99.0.9:80 -s nosuch"
} > /tmp/rollback-a
# (b) an existing service edited to -s nosuch: the edit comes after the new
#     services and real servers, and nothing else follows it.
svcline=$(grep -n -- '^-A -t 10\.20\.0\.5:80 ' /tmp/file2 | head -n 1)
lineno=${svcline%%:*}
{
    head -n $((lineno - 1)) /tmp/file2
    echo "${svcline#*:}" | sed 's/ -s [a-z]*/ -s nosuch/'
    tail -n +$((lineno + 1)) /tmp/file2
    echo "--set 1000 100 200"
    for k in 1 2 3; do
        echo "-A -t 10.99.0.$k:80 -s rr"
        echo "-a -t 10.99.0.$k:80 -r 10.99.1.$k:80 -g -w 1"
    done
    echo "-a -t 10.20.0.5:80 -r 10.99.3.1:80 -g -w 1"
} > /tmp/rollback-b
for x in a b; do
    f=/tmp/rollback-$x
    if [ $x = a ]; then badline=$(grep -n nosuch $f | cut -d: -f1); else badline=$lineno; fi
    snapshot rb0
    d ipvsadm diff $f; say "(diff: the plan has $(grep -c '' /tmp/out) operations; the last: $(tail -n 1 /tmp/out))"
    say "[director]# ipvsadm apply $f    (the kernel rejects line $badline)"
    d ipvsadm apply $f; r=$rc
    cp /tmp/err /tmp/apply.err
    show /tmp/out; show /tmp/err; say "(exit status $r)"
    snapshot rb1
    [ $r = 1 ]; check $? "rollback ($x): apply exits 1 (status $r)"
    head -n 1 /tmp/apply.err | grep -qxF "ipvsadm apply: $f:$badline: $(cat /tmp/referr)" && grep -q "nothing was changed" /tmp/apply.err
    check $? "rollback ($x): stderr names $f:$badline with the reference's message and says nothing was changed"
    grep -qxF "ipvsadm apply: $f:$badline: $(cat /tmp/referr); nothing was changed" /tmp/apply.err ||
        note "rollback ($x): stderr is not the contract's one line \"ipvsadm apply: FILE:LINE: MESSAGE; nothing was changed\" (it says the same on two lines)"
    if cmp -s /tmp/snap.rb0 /tmp/snap.rb1; then
        pass "rollback ($x): -Sn, --list --timeout and -L --daemon identical before and after"
    else
        failc "rollback ($x): the kernel changed (diff -u before after):"
        diff /tmp/snap.rb0 /tmp/snap.rb1 | head -n 20 > /tmp/dd; show /tmp/dd
    fi
done
run director ipvsadm --stop-daemon master

section "3. the distribution's way: ipvsadm -C; ipvsadm -R < file2 (ours), under the same traffic"
dsh "ipvsadm -C && ipvsadm -R < /tmp/file1"
check $rc "back to file1 (-C; -R < file1): status $rc"
same_table /tmp/file1 "after -C; -R file1"
P=/tmp/cl.flush
clients_start $P
wait_requests $P 200
a0=$(uptime_s)
say "[director]# ipvsadm -C; ipvsadm -R < /tmp/file2    (at uptime $a0)"
timed "ipvsadm -C; ipvsadm -R < /tmp/file2"; r=$rc
a1=$(uptime_s)
say "(exit status $r, $MS ms; done at uptime $a1)"
wait_requests $P 200
clients_stop $P
say "client requests: $((OK + BAD)), failed: $BAD"
grep -h FAIL $P/log.* | head -n 10 > /tmp/dd; show /tmp/dd
FLUSH_BAD=$BAD FLUSH_ALL=$((OK + BAD))
figure "failed requests, -C; -R: $FLUSH_BAD of $FLUSH_ALL"
note "failed requests: apply --drain $APPLY_BAD of $APPLY_ALL; -C then -R $FLUSH_BAD of $FLUSH_ALL"
same_table /tmp/file2 "after -C; -R file2"

fi

if [ "$MODE" = timing ]; then
section "6. timing: 20,000 services, 1 % changed"
run director ipvsadm -C
gen 20000 1 1 0 > /tmp/big1
gen 20000 2 1 0 > /tmp/big2
say "big1: $(grep -c '^-A' /tmp/big1) services, $(grep -c '^-a' /tmp/big1) real servers; big2: $(grep -c '^-A' /tmp/big2) services; lines only in big1: $(only_in /tmp/big1 /tmp/big2), only in big2: $(only_in /tmp/big2 /tmp/big1)"
timed "ipvsadm -R < /tmp/big1"; r=$rc
check $r "-R < big1: status $r ($MS ms)"
figure "20000 services: -R of big1 into an empty table (no deleted real servers in the kernel's trash): $MS ms"
# step WHAT EXPECTED-STATUS 'SHELL TEXT': timed, shown, its time appended
# to the variable WHAT.
step() {
    timed "$3"
    say "  $3: status $rc, $MS ms$( [ -s /tmp/err ] && echo "; stderr: $(head -c 200 /tmp/err)")"
    [ "$rc" = "$2" ] || failc "round $round: $3: status $rc, expected $2"
    eval "$1=\"\$$1 $MS\""
}
A="" B="" CR="" DF="" SN="" BACK=""
for round in 1 2 3; do
    say "round $round (live table: big1; uptime $(uptime_s) s)"
    step DF 1 "ipvsadm diff /tmp/big2 > /dev/null"
    step SN 0 "ipvsadm -Sn > /dev/null"
    step A 0 "ipvsadm apply /tmp/big2"
    say "  (apply printed $(grep -c '' /tmp/out) operations)"
    [ $round = 1 ] && same_table /tmp/big2 "after apply big2 (20,000 services)"
    step B 0 "ipvsadm apply /tmp/big1 > /dev/null"
    step CR 0 "ipvsadm -C; ipvsadm -R < /tmp/big2"
    step BACK 0 "ipvsadm apply /tmp/big1 > /dev/null"
done
mA=$(median $A) mB=$(median $B) mCR=$(median $CR) mDF=$(median $DF) mSN=$(median $SN)
figure "20000 services: apply big1->big2 ms:$A (median $mA); apply big2->big1 ms:$B (median $mB)"
figure "20000 services: -C; -R big2 on the live table ms:$CR (median $mCR)"
figure "20000 services: apply big1 after that -R ms:$BACK"
figure "20000 services: diff ms:$DF (median $mDF); -Sn ms:$SN (median $mSN)"
[ $((mA * 10)) -le "$mCR" ]
check $? "apply (1 % of 20,000 services changed) at least 10x faster than -C; -R: $mA ms vs $mCR ms (ratio $(awk -v a="$mA" -v b="$mCR" 'BEGIN { printf "%.2f", b / a }'))"
[ "$mDF" -le $((mSN * 2)) ]
check $? "diff of 20,000 services at most 2x -Sn: $mDF ms vs $mSN ms (ratio $(awk -v a="$mDF" -v b="$mSN" 'BEGIN { printf "%.2f", a / b }'))"
fi
finish
