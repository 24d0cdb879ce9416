# bench/lib/guest.sh — the benchmark, run inside the VM as /payload/main.sh
# (busybox sh). Prepared and driven by bench/run.
#
# Payload: /payload/config (SIZES RUNS RUNS_BIG BIG LIMIT FLOWS LOOP NORAND),
# /payload/ipvsadm (ours), /payload/benchtool (timer + UDP flow generator,
# bench/lib/benchtool.c), /payload/work/{rules,hosts,udp}.SIZE (bench/lib/gen.py).
#
# Two director namespaces, d-ref and d-ours (dummy eth0 with the compat-tests
# addresses and default routes, plus "local 10.100.0.0/16" so that the IPv4
# VIPs receive traffic), each with a client namespace (c-ref, c-ours) on a
# veth pair. Every ipvsadm process runs alone (strictly serial): the IPVS
# service table is shared by all namespaces and a dump resumes by a global
# index. Reference and ours alternate run by run. Each timed -R (and the -C
# after it) runs in a namespace pair of its own, r-ref and r-ours (director
# part only), deleted after the run: the kernel keeps deleted real servers in
# a per-namespace trash list for up to 2 minutes and every new real server
# walks it, so a reused namespace would make a run pay for the previous one.
#
# After the sizes in SIZES, the sizes in NORAND (if any) run once more, the
# same way, with guest ASLR off (/proc/sys/kernel/randomize_va_space = 0,
# restored afterwards); their records use the label SIZEnorand (e.g.
# 100norand) where the normal pass has SIZE.
#
# Results (/results, shipped back by /init):
#   meta                  key=value: kernel, cpus, memory, busybox,
#                         aslr_default (randomize_va_space at boot),
#                         aslr_off_pass (the NORAND sizes, if that pass ran)
#   times                 LABEL OP IMPL RUN WALL_NS MAXRSS_KB RC UTIME_US STIME_US
#                         (user and system CPU time from wait4, "-" if unknown)
#   cmp                   LABEL OP IDENTICAL(yes|no) NOTE...
#   diff/LABEL.OP         unified diff (reference vs ours) when not identical
#   counts                LABEL IMPL conns=N (entries in /proc/net/ip_vs_conn)
#   log                   progress
#   out/LABEL/OP.IMPL.*   outputs of sizes <= 100 (for inspection)
# LABEL is the size (e.g. 100), or SIZEnorand for the ASLR-off pass.
IP=/usr/sbin/ip-full
BT=/payload/benchtool
REF=/sbin/ipvsadm
SIZES=100 RUNS=3 RUNS_BIG=1 BIG=20000 LIMIT=600 FLOWS=10000 LOOP=1000 NORAND=
. /payload/config
R=/results
W=/payload/work
mkdir -p $R/diff $R/out /tmp/o /opt/ours/bin /opt/ref/bin
: > $R/times; : > $R/cmp; : > $R/counts

cp /payload/ipvsadm /opt/ours/ipvsadm
chmod 755 /opt/ours/ipvsadm $BT
ln -s /opt/ours/ipvsadm /opt/ours/bin/ipvsadm
ln -s $REF /opt/ref/bin/ipvsadm

log() { echo "bench: $*"; echo "$*" >> $R/log; }
up() { read -r u _ < /proc/uptime; echo "$u"; }

{
    echo "kernel=$(uname -r)"
    echo "kernel_version=$(uname -v)"
    echo "cpus=$(grep -c '^processor' /proc/cpuinfo)"
    echo "cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
    echo "mem_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
    echo "ipvs=$(head -n1 /proc/net/ip_vs 2>/dev/null)"
    echo "busybox=$(busybox | head -n1)"
    echo "aslr_default=$(cat /proc/sys/kernel/randomize_va_space)"
} > $R/meta

# --- namespaces ---------------------------------------------------------------
# shellcheck source=../../vm/director-ns.sh
. /payload/director-ns.sh
# mkdirector NS: a new director namespace NS as the compat suite's (lo, a
# dummy eth0 with its addresses and default routes, so real servers can be
# added), with the IPv4 VIPs local.
mkdirector() {
    director_ns "$1" && $IP -n "$1" route add local 10.100.0.0/16 dev lo
}
# mkns: fresh namespaces d-ref, d-ours, c-ref, c-ours for one size (rmns
# deletes the previous size's ones, whose connection entries would otherwise
# linger for the UDP timeout and be reused by the next size's flows).
mkns() {
    for impl in ref ours; do
        d=d-$impl c=c-$impl
        mkdirector $d || return 1
        $IP netns add $c || return 1
        $IP -n $d -batch - <<EOF || return 1
link add cl0 type veth peer name eth0 netns $c
addr add 172.16.0.1/24 dev cl0
link set cl0 up
EOF
        $IP -n $c -batch - <<EOF || return 1
link set lo up
addr add 172.16.0.2/24 dev eth0
link set eth0 up
route add 10.100.0.0/16 via 172.16.0.1
EOF
    done
}
rmns() {
    for n in d-ref d-ours c-ref c-ours; do $IP netns del $n; done
    sleep 3   # let the asynchronous namespace cleanup finish before the next dump
}

# nsx IMPL CMD...: run CMD in the director namespace of IMPL ($DIR-IMPL:
# d-IMPL, or r-IMPL during the -R runs), with that implementation first in
# PATH (so `ipvsadm` is it, argv[0] the same).
DIR=d
nsx() {
    impl=$1; shift
    PATH=/opt/$impl/bin:/bin:/sbin:/usr/bin:/usr/sbin nsenter --net=/run/netns/$DIR-$impl "$@"
}
bin() { [ "$1" = ref ] && echo $REF || echo /opt/ours/ipvsadm; }

# tm SIZE OP IMPL RUN CMD...: timed run in IMPL's director namespace;
# stdout/stderr to /tmp/o/SIZE.OP.IMPL.{out,err} on run 1, else scratch
# (stdout to $sink instead if set). Stdin is whatever the caller redirects.
# Returns the command's status.
sink=
tm() {
    s=$1 op=$2 impl=$3 run=$4; shift 4
    if [ "$run" = 1 ]; then o=/tmp/o/$s.$op.$impl; else o=/tmp/o/scratch; fi
    rm -f /tmp/t.one
    nsx "$impl" $BT time /tmp/t.one "$LIMIT" "$@" > "${sink:-$o.out}" 2> "$o.err"
    rc=$?
    ut='' st=''
    if [ -s /tmp/t.one ]; then
        read -r wall rss trc ut st < /tmp/t.one
    else
        wall=0 rss=0 trc=$rc
    fi
    echo "$s $op $impl $run $wall $rss $trc ${ut:--} ${st:--}" >> $R/times
    echo "$trc" > "$o.rc"
    [ "$trc" = 0 ] || log "  $s $op $impl run $run: exit status $trc ($(head -c 300 "$o.err" | tr '\n' ' '))"
    return "$trc"
}
# timedout SIZE OP IMPL [RUN]: did a run (that run) hit the time limit?
timedout() {
    awk -v s="$1" -v o="$2" -v i="$3" -v r="${4:-}" \
        '$1 == s && $2 == o && $3 == i && (r == "" || $4 == r) && $7 == 124 { f = 1 } END { exit !f }' $R/times
}

# verdict SIZE OP A B NOTE: compare files A (reference) and B (ours).
verdict() {
    if cmp -s "$3" "$4"; then
        echo "$1 $2 yes $5" >> $R/cmp
    else
        echo "$1 $2 no $5" >> $R/cmp
        diff -u "$3" "$4" | head -n 200 > "$R/diff/$1.$2"
        log "  $1 $2: outputs differ ($5)"
    fi
}
# plain SIZE OP: the two run-1 outputs (stdout, stderr) must be identical.
plain() {
    a=/tmp/o/$1.$2.ref b=/tmp/o/$1.$2.ours
    if timedout "$1" "$2" ref 1 || timedout "$1" "$2" ours 1; then
        echo "$1 $2 n/a timed-out" >> $R/cmp; return
    fi
    { cat "$a.out"; echo "--- stderr"; cat "$a.err"; echo "--- exit status $(cat "$a.rc")"; } > /tmp/a.cmp
    { cat "$b.out"; echo "--- stderr"; cat "$b.err"; echo "--- exit status $(cat "$b.rc")"; } > /tmp/b.cmp
    verdict "$1" "$2" /tmp/a.cmp /tmp/b.cmp "${3:-own-namespace stdout+stderr+exit status, byte for byte}"
}
# state IMPL FILE: the table of IMPL's namespace, dumped by the reference.
state() { nsx "$1" $REF -S -n > "$2" 2>&1; }
normconn() {   # -Lnc output: expire column replaced, entries sorted
    sed -n '1,2p' "$1"
    sed '1,2d' "$1" | sed -E 's/^([A-Za-z]+ +)[0-9]+:[0-9]+/\1MM:SS/' | LC_ALL=C sort
}

# --- sizes --------------------------------------------------------------------
# runsize SIZE LABEL: the whole benchmark of one size on the workload files
# $W/{rules,hosts,udp}.SIZE; everything recorded (times, cmp, counts, diff/,
# out/, log, /tmp/o) is under LABEL: SIZE for the normal pass, SIZEnorand for
# the pass with guest ASLR off.
runsize() {
    wsz=$1 s=$2
    runs=$RUNS
    [ "$wsz" -ge "$BIG" ] && runs=$RUNS_BIG
    t0=$(up)
    log "size $s: $runs run(s); $(grep -c . $W/rules.$wsz) rule lines, $(grep -c . $W/hosts.$wsz) hosts lines"
    cp $W/hosts.$wsz /etc/hosts
    mkns || { log "namespace setup failed"; exit 1; }

    # -R into an empty table, then -C of the full table, each run in fresh
    # namespaces r-ref and r-ours: -C leaves every real server in the
    # namespace's dest trash (kernel 6.1: up to ~2 minutes), which each later
    # NEW_DEST walks, so a reused namespace would slow the next -R (and -C)
    # down by a cost that depends on the previous run.
    k=1
    DIR=r
    while [ $k -le $runs ]; do
        for impl in ref ours; do
            mkdirector r-$impl || { log "namespace setup failed"; exit 1; }
        done
        for impl in ref ours; do
            tm $s R $impl $k ipvsadm -R < $W/rules.$wsz
            [ $k = 1 ] && state $impl /tmp/o/$s.state.$impl
            tm $s C $impl $k ipvsadm -C < /dev/null
        done
        for impl in ref ours; do $IP netns del r-$impl; done
        sleep 3   # let the asynchronous namespace cleanup finish before the next timed command
        log "  -R/-C run $k done ($(up)s)"
        k=$((k + 1))
    done
    DIR=d
    # -R: same rc/output, and the same resulting table (dumped by the reference).
    plain $s R
    verdict $s R.state /tmp/o/$s.state.ref /tmp/o/$s.state.ours "table after -R, dumped by the reference (-S -n)"
    # Does the reference's -S -n give back the rules file (same lines; the
    # listing is sorted, the rules file is in generation order)?
    LC_ALL=C sort $W/rules.$wsz > /tmp/a.rules
    LC_ALL=C sort /tmp/o/$s.state.ref > /tmp/b.rules
    if cmp -s /tmp/a.rules /tmp/b.rules; then
        echo "$s rules-roundtrip yes reference -S -n after -R has the lines of the rules file" >> $R/cmp
    else
        echo "$s rules-roundtrip no reference -S -n after -R does not have the lines of the rules file" >> $R/cmp
        diff -u /tmp/a.rules /tmp/b.rules | head -n 40 > $R/diff/$s.rules-roundtrip
    fi
    plain $s C

    # Load both tables (each with its own binary), long UDP timeout, traffic.
    # The generator sends faster than the one vCPU forwards: at 20,000
    # services one namespace once got 400 fewer flows than the other, most
    # likely dropped from the default backlog of 1,000 packets, so the two
    # listed different connections. backlog_drops in counts tells.
    echo 100000 > /proc/sys/net/core/netdev_max_backlog
    for impl in ref ours; do
        nsx $impl "$(bin $impl)" -R < $W/rules.$wsz || log "  load $impl failed"
        nsx $impl $REF --set 0 0 3600
        nsenter --net=/run/netns/c-$impl $BT udp 20000 "$FLOWS" $(cat $W/udp.$wsz) > /tmp/sent 2>&1 \
            || log "  traffic $impl: $(cat /tmp/sent)"
        n=$(nsenter --net=/run/netns/d-$impl cat /proc/net/ip_vs_conn | sed 1d | grep -c .)
        # Packets the backlog has dropped since boot (softnet_stat, 2nd column).
        drops=$(awk '{print $2}' /proc/net/softnet_stat | while read -r h; do echo $((0x$h)); done | awk '{d += $1} END {print d + 0}')
        echo "$s $impl sent=$(head -n1 /tmp/sent) conns=$n backlog_drops=$drops" >> $R/counts
    done
    log "  loaded, traffic sent: $(grep "^$s " $R/counts | tr '\n' ' ')"
    # The kernel (6.1) folds its per-CPU counters into the totals that
    # --stats shows only in the rate estimator's 2-second tick: wait for it,
    # or the two namespaces' counters may be caught at different points.
    sleep 5

    # Listings; after -Lnc, catconn: `cat /proc/net/ip_vs_conn > /dev/null`,
    # the file both tools read for -Lnc (the kernel restarts its hash walk
    # for every 4 KiB read), i.e. the floor neither can go below.
    k=1
    while [ $k -le $runs ]; do
        for op in Ln Sn L Lstats Lnc catconn; do
            case $op in
                Ln) set -- ipvsadm -L -n ;;
                Sn) set -- ipvsadm -S -n ;;
                L) set -- ipvsadm -L ;;
                Lstats) set -- ipvsadm -L --stats ;;
                Lnc) set -- ipvsadm -L -n -c ;;
                catconn) set -- cat /proc/net/ip_vs_conn ;;
            esac
            [ $op = catconn ] && sink=/dev/null
            for impl in ref ours; do
                if [ $k -gt 1 ] && timedout $s $op $impl; then continue; fi
                tm $s $op $impl $k "$@" < /dev/null
            done
            sink=
        done
        log "  listings run $k done ($(up)s)"
        k=$((k + 1))
    done
    for op in Ln Sn L Lstats; do plain $s $op; done
    # Same namespace: ours lists the reference's table too (untimed).
    for op in Ln Sn L Lstats; do
        case $op in
            Ln) set -- -L -n ;;
            Sn) set -- -S -n ;;
            L) set -- -L ;;
            Lstats) set -- -L --stats ;;
        esac
        timedout $s $op ref && continue
        nsx ref /opt/ours/ipvsadm "$@" > /tmp/x.out 2>&1 < /dev/null
        verdict $s $op.samens /tmp/o/$s.$op.ref.out /tmp/x.out "ours on the reference's namespace vs the reference there"
    done
    normconn /tmp/o/$s.Lnc.ref.out > /tmp/a.conn
    normconn /tmp/o/$s.Lnc.ours.out > /tmp/b.conn
    cat /tmp/o/$s.Lnc.ref.err /tmp/o/$s.Lnc.ref.rc >> /tmp/a.conn
    cat /tmp/o/$s.Lnc.ours.err /tmp/o/$s.Lnc.ours.rc >> /tmp/b.conn
    verdict $s Lnc /tmp/a.conn /tmp/b.conn "own namespaces; expire column masked, entries sorted (hash order is per namespace)"
    # Same namespace, unsorted: ours right after the reference, expire masked.
    nsx ref $REF -L -n -c > /tmp/a.raw 2>&1 < /dev/null
    nsx ref /opt/ours/ipvsadm -L -n -c > /tmp/b.raw 2>&1 < /dev/null
    sed -E 's/^([A-Za-z]+ +)[0-9]+:[0-9]+/\1MM:SS/' /tmp/a.raw > /tmp/a.conn
    sed -E 's/^([A-Za-z]+ +)[0-9]+:[0-9]+/\1MM:SS/' /tmp/b.raw > /tmp/b.conn
    verdict $s Lnc.samens /tmp/a.conn /tmp/b.conn "same namespace, kernel order, expire column masked"

    # 1,000 single -a invocations in a shell loop (process start-up cost),
    # then one -a alone (its own RSS, without the shell).
    loop='i=0; while [ $i -lt '$LOOP' ]; do ipvsadm -a -t 10.200.0.1:80 -r 10.201.$((i / 250)).$((i % 250 + 1)):80 -m || exit 1; i=$((i + 1)); done'
    k=1
    while [ $k -le $runs ]; do
        for impl in ref ours; do
            nsx $impl $REF -A -t 10.200.0.1:80 -s rr
            tm $s loop $impl $k sh -c "$loop" < /dev/null
            tm $s a1 $impl $k ipvsadm -a -t 10.200.0.1:80 -r 10.202.0.1:80 -m < /dev/null
            [ $k = 1 ] && nsx $impl $REF -L -n -t 10.200.0.1:80 > /tmp/o/$s.loopstate.$impl 2>&1
            nsx $impl $REF -D -t 10.200.0.1:80
        done
        log "  -a loop run $k done ($(up)s)"
        k=$((k + 1))
    done
    plain $s loop
    plain $s a1
    verdict $s loop.state /tmp/o/$s.loopstate.ref /tmp/o/$s.loopstate.ours "the service after the loop and one -a, listed by the reference"

    # Keep the smallest size's outputs for inspection.
    if [ "$wsz" -le 100 ]; then
        mkdir -p $R/out/$s
        cp /tmp/o/$s.* $R/out/$s/
    fi
    for impl in ref ours; do nsx $impl $REF -C; done
    rmns
    rm -f /tmp/o/$s.*
    log "size $s done in $(awk -v a="$(up)" -v b="$t0" 'BEGIN { printf "%.0f", a - b }')s"
}
for s in $SIZES; do
    runsize $s $s
done

# The same again for the sizes in NORAND with guest ASLR off: under qemu TCG
# every exec of a position-independent program (both tools, the reference's
# shared libraries too) is translated again from scratch when ASLR moves its
# code; with randomize_va_space=0 the translations are reused, as there is
# no such cost on hardware. The previous value is restored afterwards.
if [ -n "$NORAND" ]; then
    aslr=$(cat /proc/sys/kernel/randomize_va_space)
    if echo 0 > /proc/sys/kernel/randomize_va_space &&
            [ "$(cat /proc/sys/kernel/randomize_va_space)" = 0 ]; then
        log "guest ASLR off (randomize_va_space $aslr -> 0) for size(s) $NORAND"
        for s in $NORAND; do
            runsize $s ${s}norand
        done
        echo "$aslr" > /proc/sys/kernel/randomize_va_space
        log "guest ASLR restored (randomize_va_space $(cat /proc/sys/kernel/randomize_va_space))"
        echo "aslr_off_pass=$NORAND" >> $R/meta
    else
        log "cannot set randomize_va_space to 0: no ASLR-off pass"
        echo "$aslr" > /proc/sys/kernel/randomize_va_space
    fi
fi
echo done > $R/verdict
exit 0
