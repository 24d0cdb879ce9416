# vm/torn-guest.sh — listings while the table changes, on a real IPVS
# kernel, run inside the VM as /payload/main.sh (busybox sh). Driven by
# scripts/torn.sh.
#
# The table: 2,000 services (TCP, IPv4, rr) with 2 real servers each, and
# 5 services with 60 real servers each (their dest dumps span several
# datagrams). A writer changes it without pause: in each round one
# `ipvsadm -R` batch adds 50 services (1 real server each) and 10 real
# servers to each of the 5 large services, and the next one deletes them
# again. Meanwhile READERS processes list it in loops, alternately `-L -n`
# and `-S -n`, for SECS seconds. A listing is torn when it shows a service
# twice, or a real server twice under one service; it failed when its exit
# status is not 0.
#
# Two phases, the same scenario each: first with /payload/ipvsadm-before
# (the build without dump retries) as the readers' binary, then with
# /payload/ipvsadm (ours). The writer is ours in both. The "before" torn
# count is how often a dump would have needed a retry.
#
# Results in /results: transcript, figures ("PHASE listings=N torn=N
# failed=N torn_services=N torn_dests=N"), checks (PASS/FAIL), verdict.
# shellcheck source=guest-lib.sh
. /payload/guest-lib.sh
FAILED="TORN SCENARIO FAILED"
C=/results/checks
FIG=/results/figures
: > "$C"; : > "$FIG"
SECS=$(cat /payload/seconds 2>/dev/null || echo 60)
READERS=$(cat /payload/readers 2>/dev/null || echo 20)
[ -f /payload/ipvsadm ] || die "needs our binary"
mkdir -p /opt/ours /opt/before
install_ours /opt/ours/ipvsadm
if [ -f /payload/ipvsadm-before ]; then
    cp /payload/ipvsadm-before /opt/before/ipvsadm
    chmod 755 /opt/before/ipvsadm
fi
OURS=/opt/ours/ipvsadm
echo "ours (ipvsadm-rs)" > /results/ipvsadm

# The base table.
gen_base() {
    i=0
    while [ $i -lt 2000 ]; do
        a=$((i / 250)); b=$((i % 250 + 1))
        echo "-A -t 10.1.$a.$b:80 -s rr"
        echo "-a -t 10.1.$a.$b:80 -r 192.168.$a.$b:80 -m -w 1"
        echo "-a -t 10.1.$a.$b:80 -r 192.168.$a.$b:8080 -m -w 1"
        i=$((i + 1))
    done
    for s in 1 2 3 4 5; do
        echo "-A -t 10.2.0.$s:80 -s wrr"
        r=1
        while [ $r -le 60 ]; do
            echo "-a -t 10.2.0.$s:80 -r 172.16.$s.$r:80 -m -w 1"
            r=$((r + 1))
        done
    done
}
# The writer's two batches: ADD and DEL.
gen_churn() {
    : > /tmp/add; : > /tmp/del
    i=0
    while [ $i -lt 50 ]; do
        echo "-A -t 10.3.$i.1:80 -s rr" >> /tmp/add
        echo "-a -t 10.3.$i.1:80 -r 192.168.200.$((i + 1)):80 -m -w 1" >> /tmp/add
        echo "-D -t 10.3.$i.1:80" >> /tmp/del
        i=$((i + 1))
    done
    for s in 1 2 3 4 5; do
        r=1
        while [ $r -le 10 ]; do
            echo "-a -t 10.2.0.$s:80 -r 172.17.$s.$r:80 -m -w 1" >> /tmp/add
            echo "-d -t 10.2.0.$s:80 -r 172.17.$s.$r:80" >> /tmp/del
            r=$((r + 1))
        done
    done
}
gen_base > /tmp/base
gen_churn

# torn_l / torn_s: exit 1 for a torn -L -n / -S -n listing on stdin (2 when
# a service is there twice, 3 for a real server twice under one service).
torn_l() {
    awk '/^(TCP|UDP|SCTP|FWM) / { k = $1 " " $2; if (k in s) t = 2; s[k] = 1; split("", r); next }
         /^  -> / && $2 != "RemoteAddress:Port" { if ($2 in r && t == 0) t = 3; r[$2] = 1 }
         END { exit t }'
}
torn_s() {
    awk '/^-A / { k = $2 " " $3; if (k in s) t = 2; s[k] = 1; next }
         /^-a / { k = $3 " " $5; if (k in r && t == 0) t = 3; r[k] = 1 }
         END { exit t }'
}

# reader N BIN: list until /tmp/stop exists; one line per listing in
# /tmp/reader.N: "ok", "torn_services", "torn_dests" or "failed RC".
reader() {
    n=$1 bin=$2 k=0
    : > "/tmp/reader.$n"
    while [ ! -f /tmp/stop ]; do
        k=$((k + 1))
        if [ $((k % 2)) = 0 ]; then opt=-Ln; check=torn_l; else opt=-Sn; check=torn_s; fi
        "$bin" $opt > "/tmp/out.$n" 2> "/tmp/err.$n"
        rc=$?
        if [ $rc != 0 ]; then
            echo "failed $rc $opt $(head -c 200 "/tmp/err.$n" | tr '\n' ' ')" >> "/tmp/reader.$n"
            continue
        fi
        $check < "/tmp/out.$n"
        case $? in
            0) echo ok ;;
            2) echo torn_services ;;
            *) echo torn_dests ;;
        esac >> "/tmp/reader.$n"
    done
}

writer() {
    : > /tmp/writer
    while [ ! -f /tmp/stop ]; do
        $OURS -R < /tmp/add 2>> /tmp/writer.err || echo "add failed" >> /tmp/writer
        $OURS -R < /tmp/del 2>> /tmp/writer.err || echo "del failed" >> /tmp/writer
        echo round >> /tmp/writer
    done
}

# phase NAME BIN
phase() {
    name=$1 bin=$2
    say "=== phase $name: readers run $bin"
    $OURS -C || die "-C"
    $OURS -R < /tmp/base || die "restoring the base table"
    rm -f /tmp/stop
    writer &
    wpid=$!
    pids=""
    n=1
    while [ $n -le "$READERS" ]; do
        reader $n "$bin" &
        pids="$pids $!"
        n=$((n + 1))
    done
    sleep "$SECS"
    touch /tmp/stop
    wait $wpid
    for p in $pids; do wait "$p"; done
    cat /tmp/reader.* > "/results/readers.$name"
    cp /tmp/writer "/results/writer.$name"
    total=$(wc -l < "/results/readers.$name")
    torn_svc=$(grep -c '^torn_services' "/results/readers.$name")
    torn_rs=$(grep -c '^torn_dests' "/results/readers.$name")
    failed=$(grep -c '^failed' "/results/readers.$name")
    rounds=$(grep -c '^round' /tmp/writer)
    wfail=$(grep -c 'failed' /tmp/writer)
    line="$name listings=$total torn=$((torn_svc + torn_rs)) failed=$failed torn_services=$torn_svc torn_dests=$torn_rs writer_rounds=$rounds writer_failures=$wfail"
    say "FIGURE: $line"
    echo "$line" >> "$FIG"
    grep '^failed' "/results/readers.$name" | sort | uniq -c | sort -rn | head -5 >> "$T"
    # The table is whole again once the writer stopped.
    $OURS -Sn > /tmp/final || die "final -Sn"
    grep -c '^-A' /tmp/final | while read -r c; do say "services after the phase: $c"; done
}

say "torn listings: $READERS readers for $SECS s per phase, 2,005 services"
# The comparison phase only when a build to compare with was given.
[ -x /opt/before/ipvsadm ] && phase before /opt/before/ipvsadm
phase ours "$OURS"

ours=$(grep '^ours ' "$FIG")
case "$ours" in
    *" torn=0 failed=0 "*) say "PASS: no torn listing and no failed reader with ours"
                           echo "PASS: ours: no torn listing, no failed reader" >> "$C" ;;
    *) say "FAIL: ours: $ours"; echo "FAIL: ours: $ours" >> "$C" ;;
esac
finish
