# compat-tests/lib/guest.sh — runs inside the VM as /payload/main.sh (busybox sh).
#
# Payload layout (prepared by compat-tests/run):
#   /payload/cases/<area>/<name>.sh   the cases
#   /payload/cases/<area>/<name>.ref  a divergence case's twin, run by the reference
#   /payload/lib/{traffic,views}.sh   shell functions the cases source
#   /payload/jobs                     one case id (<area>/<name>) per line
#   /payload/ours/ipvsadm             our binary (absent with --ref-as-ours)
#   /payload/config                   shell variables: JOBS, CASE_TIMEOUT
# Results (shipped back by /init): /results/cases/<id>/<ref|ours>/
#   stdout stderr rc time  state.<key>.{out,err,rc}  [setup.log]  started
#   [envfail]  [pairs/N/...] (same-state cases, the run with ours)
# and /results/env/: kernel (uname -r), ref-version, ours-version, modules
# (what failed to load; empty when all did), envfail (anything that breaks
# every case).
#
# Determinism: the kernel mixes the address of the namespace's IPVS state
# into its service hash, so the kernel's dump order of services (which
# ipvsadm's listing sort and -S/--nosort output depend on) differs between
# namespaces. To make the two runs of a case see the same order, phase 1
# creates a pool of namespaces, fingerprints each one's hash (a throw-away
# -R of nine fwmark services, listed --nosort, then -C) and pairs namespaces
# with equal fingerprints; the ref and ours runs of a case get the two
# namespaces of one pair.
# Also, the kernel's service table is global: a service dump is resumed by
# an index that counts the services of ALL namespaces, so a service added or
# removed in another namespace while a dump is in progress shows up as a
# duplicated or missing entry. Hence the runs are strictly serial, the state
# dump ends with -C (so that the asynchronous namespace cleanup never touches
# the table), and fingerprints are validated. Parallelism comes from running
# several VMs (compat-tests/run --shards).
IP=/usr/sbin/ip-full
REF=/sbin/ipvsadm
JOBS=1
CASE_TIMEOUT=60
SUITE_DEADLINE=0     # guest uptime (s) after which remaining runs are skipped; 0 = none
[ -f /payload/config ] && . /payload/config

# --- implementations -------------------------------------------------------
mkdir -p /impl/ref/bin /impl/ours/bin
for t in ipvsadm ipvsadm-save ipvsadm-restore; do
    ln -s "/sbin/$t" "/impl/ref/bin/$t"
done
if [ -f /payload/ours/ipvsadm ]; then
    cp /payload/ours/ipvsadm /impl/ours/ipvsadm
    chmod 755 /impl/ours/ipvsadm
    for t in ipvsadm ipvsadm-save ipvsadm-restore; do
        ln -s /impl/ours/ipvsadm "/impl/ours/bin/$t"
    done
    echo "guest: ours = payload binary"
else
    for t in ipvsadm ipvsadm-save ipvsadm-restore; do
        ln -s "/sbin/$t" "/impl/ours/bin/$t"
    done
    echo "guest: ours = reference (--ref-as-ours)"
fi

# Extra modules for traffic cases (fwmark via tc), shipped by the runner.
for m in sch_ingress cls_u32 act_skbedit; do
    [ -f "/payload/modules/$m.ko" ] && insmod "/payload/modules/$m.ko"
done

# --- the environment, as the cases will see it ------------------------------
# What the results are about is read here, not assumed: the kernel, both
# version lines. A module that /init or the lines above failed to load, or an
# IPVS that does not answer, fails every case (lib/compare.py reads
# env/envfail): two runs of the same broken environment would agree.
mkdir -p /results/env
uname -r > /results/env/kernel
$REF -v > /results/env/ref-version 2>&1
/impl/ours/bin/ipvsadm -v > /results/env/ours-version 2>&1
: > /results/env/modules
for m in $(cat /lib/modules/load.list 2>/dev/null) sch_ingress cls_u32 act_skbedit; do
    case "$m" in sch_ingress|cls_u32|act_skbedit) [ -f "/payload/modules/$m.ko" ] || continue ;; esac
    name=$(basename "$m" | tr - _)
    grep -q "^$name " /proc/modules || [ -d "/sys/module/$name" ] || echo "$name" >> /results/env/modules
done
: > /results/env/envfail
[ -s /lib/modules/load.list ] || echo "no module list (/lib/modules/load.list)" >> /results/env/envfail
[ -s /results/env/modules ] && echo "modules not loaded: $(tr '\n' ' ' < /results/env/modules)" >> /results/env/envfail
grep -q '^ipvsadm v1\.31 ' /results/env/ref-version || echo "the reference does not run: $(cat /results/env/ref-version)" >> /results/env/envfail
[ -r /proc/net/ip_vs ] || echo "no /proc/net/ip_vs: IPVS is not there" >> /results/env/envfail

uptime_cs() { read -r u _ < /proc/uptime; echo "${u%.*}${u#*.}"; }
elapsed() { c=$(( $(uptime_cs) - $1 )); echo "$((c / 100)).$((c / 10 % 10))s"; }

# --- phase 1: namespace pool ------------------------------------------------
# shellcheck source=../../vm/director-ns.sh
. /payload/director-ns.sh

make_ns() {   # $1 = name; prints "FINGERPRINT NAME" on success
    director_ns "$1" || return 1
    fp=$(printf -- '-A -f 1\n-A -f 2\n-A -f 4\n-A -f 8\n-A -f 16\n-A -f 32\n-A -f 64\n-A -f 128\n-A -f 256\n-L -n --nosort\n-C\n' \
        | nsenter --net="/run/netns/$1" $REF -R 2>/dev/null | sed -n 's/^FWM  \([0-9]*\) .*/\1/p' | tr '\n' .)
    # A valid fingerprint lists each of the nine marks exactly once.
    if [ "$(echo "$fp" | tr . '\n' | grep -c .)" != 9 ] ||
       [ "$(echo "$fp" | tr . '\n' | sort -u | grep -c .)" != 9 ]; then
        fp=invalid-$1
    fi
    echo "$fp $1"
}

mkdir -p /results/cases /tmp/pool
# Same-state (traffic) cases need no namespace pair: split them off.
: > /tmp/jobs.normal
: > /tmp/jobs.traffic
while read -r id; do
    [ -n "$id" ] || continue
    if grep -q '^#[[:space:]]*mode:[[:space:]]*same-state[[:space:]]*$' "/payload/cases/$id.sh"; then
        echo "$id" >> /tmp/jobs.traffic
    else
        echo "$id" >> /tmp/jobs.normal
    fi
done < /payload/jobs
ncases=$(grep -c . /tmp/jobs.normal)
echo "guest: $ncases cases + $(grep -c . /tmp/jobs.traffic) same-state cases, $JOBS pool worker(s), runs serial"
suite_t0=$(uptime_cs)
: > /tmp/pool/unpaired
: > /tmp/pairs
round=0
while :; do
    have=$(grep -c . /tmp/pairs)
    missing=$((ncases - have))
    [ $missing -le 0 ] && break
    round=$((round + 1))
    if [ $round -gt 6 ]; then
        # Give up on matching: pair whatever is left (runs may then differ
        # in service order, as on two independent machines).
        echo "guest: WARNING: could not pair all namespaces; $missing case(s) get unmatched ones"
        while [ $missing -gt 0 ]; do
            a=p${round}x$missing.a; b=p${round}x$missing.b
            make_ns "$a" > /dev/null && make_ns "$b" > /dev/null && echo "$a $b" >> /tmp/pairs
            missing=$((missing - 1))
        done
        break
    fi
    want=$((2 * missing + (round == 1 ? 8 : 4)))
    w=1
    while [ $w -le "$JOBS" ]; do
        (
            i=$w
            while [ $i -le $want ]; do
                make_ns "p${round}n$i"
                i=$((i + JOBS))
            done > "/tmp/pool/r$round.w$w"
        ) &
        w=$((w + 1))
    done
    wait
    cat /tmp/pool/unpaired /tmp/pool/r$round.w* | sort > /tmp/pool/all
    # Pair namespaces with equal fingerprints; the odd ones wait for the next round.
    awk -v need=$missing '
        { if ($1 in pend) { if (made < need) { print pend[$1], $2 > "/tmp/pool/newpairs"; made++; delete pend[$1] } else print $0 > "/tmp/pool/spare" }
          else pend[$1] = $2 }
        END { for (f in pend) print f, pend[f] > "/tmp/pool/unpaired.new" }' /tmp/pool/all
    touch /tmp/pool/newpairs /tmp/pool/unpaired.new /tmp/pool/spare
    cat /tmp/pool/newpairs >> /tmp/pairs
    cat /tmp/pool/spare >> /tmp/pool/unpaired.new
    mv /tmp/pool/unpaired.new /tmp/pool/unpaired
    rm -f /tmp/pool/newpairs /tmp/pool/spare
done
echo "guest: namespace pool ready in $(elapsed "$suite_t0") ($round round(s), $(grep -c . /tmp/pool/unpaired) spare)"
( while read -r _ ns; do $IP netns del "$ns"; done < /tmp/pool/unpaired ) &

# --- phase 2: the runs ------------------------------------------------------
dump_state() {   # $1 = namespace, $2 = output dir [, $3 = keep: no -C]. Reference binary only.
    ns=$1 o=$2 keep=${3:-}
    clear='-C\n'
    [ "$keep" = keep ] && clear=''
    # Fast path: one -R doing all four dumps, split at the known headers.
    printf -- "-S -n\\n-L -n --thresholds\\n-L --timeout\\n-L --daemon\\n$clear" \
        | nsenter --net="/run/netns/$ns" $REF -R > "$o/state.all" 2> "$o/state.err"
    rc=$?
    if [ $rc = 0 ] && [ ! -s "$o/state.err" ] &&
       [ "$(grep -c '^IP Virtual Server version' "$o/state.all")" = 1 ] &&
       [ "$(grep -c '^Timeout (tcp tcpfin udp): ' "$o/state.all")" = 1 ] &&
       awk -v o="$o" '
            /^IP Virtual Server version/ { part = "thresholds" }
            /^Timeout \(tcp tcpfin udp\): / {
                print > (o "/state.timeout.out"); part = "daemon"
                printf "" > (o "/state.daemon.out"); next }
            { if (part == "") part = "Sn"; print > (o "/state." part ".out") }
        ' "$o/state.all"
    then
        for k in Sn thresholds timeout daemon; do
            [ -f "$o/state.$k.out" ] || : > "$o/state.$k.out"
            : > "$o/state.$k.err"
            echo 0 > "$o/state.$k.rc"
        done
    else
        d() { k=$1; shift; nsenter --net="/run/netns/$ns" $REF "$@" > "$o/state.$k.out" 2> "$o/state.$k.err"; echo $? > "$o/state.$k.rc"; }
        d Sn -Sn
        d thresholds -Ln --thresholds
        d timeout -L --timeout
        d daemon -L --daemon
        [ "$keep" = keep ] || nsenter --net="/run/netns/$ns" $REF -C
    fi
    rm -f "$o/state.all" "$o/state.err"
    if grep -q '^master' "$o/state.daemon.out"; then nsenter --net="/run/netns/$ns" $REF --stop-daemon master; fi
    if grep -q '^backup' "$o/state.daemon.out"; then nsenter --net="/run/netns/$ns" $REF --stop-daemon backup; fi
}

run_one() {   # $1 = job number, $2 = case id, $3 = ref|ours, $4 = namespace
    n=$1 id=$2 impl=$3 ns=$4
    out="/results/cases/$id/$impl"
    # The reference runs a divergence case's twin, when it has one: the same
    # steps in 1.31's own grammar (README.md, "Divergences"). With
    # --ref-as-ours both runs are the reference's: both run the twin.
    script="/payload/cases/$id.sh"
    if [ -f "/payload/cases/$id.ref" ] && { [ "$impl" = ref ] || [ ! -f /payload/ours/ipvsadm ]; }; then
        script="/payload/cases/$id.ref"
    fi
    work="/tmp/work/$n"
    mkdir -p "$out" "$work"
    t0=$(uptime_cs)
    # The case must start inside its namespace: the wrapper leaves "started"
    # once `ip netns exec` has entered it (a run that never started must not
    # compare equal to another that never started).
    [ -e "/run/netns/$ns" ] || echo "namespace $ns does not exist" >> "$out/envfail"
    (
        cd "$work" &&
        exec timeout -s KILL "$CASE_TIMEOUT" $IP netns exec "$ns" \
            env -i PATH="/impl/$impl/bin:/bin:/sbin:/usr/bin:/usr/sbin" HOME=/tmp \
            sh -c ': > "$0" && exec sh "$1"' "$out/started" "$script"
    ) < /dev/null > "$out/stdout" 2> "$out/stderr"
    echo $? > "$out/rc"
    dump_state "$ns" "$out" < /dev/null >> "$out/setup.log" 2>&1
    # Deleting the namespace is asynchronous and touches no IPVS table any
    # more (flushed above): let it run in the background.
    $IP netns del "$ns" > /dev/null 2>&1 &
    rm -rf "$work"
    echo $(( $(uptime_cs) - t0 )) > "$out/time"
    [ -s "$out/setup.log" ] || rm -f "$out/setup.log"
}

# --- same-state (traffic) cases ----------------------------------------------
# One setup run (reference binary on PATH) in a fresh director namespace
# ${TNS}d, with client and real-server namespaces ${TNS}c ${TNS}r1 ${TNS}r2
# created beforehand; then the views part twice in the same director
# namespace, reference then ours, each followed by the state dump (the first
# one without the final -C). See "Traffic cases" in compat-tests/README.md.
traffic_part() {   # $1 = setup|arrived|views, $2 = ref|ours, $3 = job number, $4 = case id [, $5 = pairs dir]
    w="/tmp/work/$3.$1.$2"
    mkdir -p "$w"
    (
        cd "$w" &&
        exec timeout -s KILL "$CASE_TIMEOUT" $IP netns exec "t$3d" \
            env -i PATH="/impl/$2/bin:/bin:/sbin:/usr/bin:/usr/sbin" HOME=/tmp TNS="t$3" PAIRS="${5:-}" \
            sh -c ': > "$3" && . /payload/lib/traffic.sh && . "$1" && "$2"' traffic "/payload/cases/$4.sh" "$1" "$w.started"
    ) < /dev/null
    rc=$?
    rm -rf "$w"
    return $rc
}
started() {   # $1 = setup|arrived|views, $2 = ref|ours, $3 = job number, $4 = file
    if [ -f "/tmp/work/$3.$1.$2.started" ]; then
        rm -f "/tmp/work/$3.$1.$2.started"
        : > "$4"
    else
        echo "$1 ($2) did not start in namespace t$3d" >> "$(dirname "$4")/envfail"
    fi
}

run_traffic() {   # $1 = job number, $2 = case id
    n=$1 id=$2
    base="/results/cases/$id"
    mkdir -p "$base/setup" "$base/ref" "$base/ours"
    for s in d c r1 r2; do
        $IP netns add "t$n$s" && $IP -n "t$n$s" link set lo up ||
            echo "namespace t$n$s not created" >> "$base/setup/envfail"
    done
    t0=$(uptime_cs)
    traffic_part setup ref "$n" "$id" > "$base/setup/stdout" 2> "$base/setup/stderr"
    rc=$?
    started setup ref "$n" "$base/setup/started"
    # The traffic must have arrived (lib/traffic.sh, arrived): what it says
    # goes to the setup's stderr, which fails the case.
    if [ $rc = 0 ]; then
        traffic_part arrived ref "$n" "$id" >> "$base/setup/stdout" 2>> "$base/setup/stderr"
        rc=$?
        started arrived ref "$n" "$base/setup/arrived"
    fi
    echo $rc > "$base/setup/rc"
    echo $(( $(uptime_cs) - t0 )) > "$base/setup/time"
    for impl in ref ours; do
        t0=$(uptime_cs)
        out="$base/$impl"
        # Views whose figures move with time (rates, -c timers) are compared
        # back to back with the reference during the run with ours (PAIRS).
        pairs=""
        [ "$impl" = ours ] && pairs="$out/pairs" && mkdir -p "$pairs"
        traffic_part views "$impl" "$n" "$id" "$pairs" > "$out/stdout" 2> "$out/stderr"
        echo $? > "$out/rc"
        started views "$impl" "$n" "$out/started"
        keep=keep
        [ "$impl" = ours ] && keep=""
        dump_state "t${n}d" "$out" $keep < /dev/null >> "$out/setup.log" 2>&1
        echo $(( $(uptime_cs) - t0 )) > "$out/time"
        [ -s "$out/setup.log" ] || rm -f "$out/setup.log"
    done
    # Stop whatever setup left running (servers, held connections), then
    # delete the namespaces (the director's IPVS table is already flushed).
    for s in d c r1 r2; do
        for p in $($IP netns pids "t$n$s" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    done
    for s in d c r1 r2; do $IP netns del "t$n$s" > /dev/null 2>&1 & done
    rm -rf "/tmp/t$n".*
}

# Two runs (ref, ours) per case, strictly one after the other (see above).
paste -d' ' /tmp/jobs.normal /tmp/pairs | awk '{ print 2*NR-1, $1, "ref", $2; print 2*NR, $1, "ours", $3 }' > /tmp/joblist
nn=$((2 * ncases))
while read -r id; do
    nn=$((nn + 1))
    echo "$nn $id traffic -" >> /tmp/joblist
done < /tmp/jobs.traffic
runs_t0=$(uptime_cs)
while read -r n id impl ns; do
    read -r up _ < /proc/uptime
    if [ "$SUITE_DEADLINE" -gt 0 ] && [ "${up%.*}" -ge "$SUITE_DEADLINE" ]; then
        # Out of time: skip the rest but still ship the results we have.
        for i in $impl; do
            [ "$i" = traffic ] && i="ref ours"
            for j in $i; do
                mkdir -p "/results/cases/$id/$j"
                echo "suite deadline (${SUITE_DEADLINE}s of guest uptime) reached" > "/results/cases/$id/$j/skipped"
            done
        done
        continue
    fi
    if [ "$impl" = traffic ]; then
        run_traffic "$n" "$id" < /dev/null
    else
        run_one "$n" "$id" "$impl" "$ns"
    fi
done < /tmp/joblist
wait
echo "guest: runs done in $(elapsed "$runs_t0"), suite $(elapsed "$suite_t0")"
echo $(( $(uptime_cs) - suite_t0 )) > /results/suite-time
exit 0
