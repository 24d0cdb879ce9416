# vm/crash-guest.sh — kill -9 at random points, and writers started
# together, on a real IPVS kernel; run inside the VM as /payload/main.sh
# (busybox sh). Driven by scripts/crash.sh.
#
# Crash trials (TRIALS of each kind; each kill lands at a random time up to
# a little past the measured duration of an unkilled run, so some land
# before the first change and some after the last):
#   restore  `ipvsadm -R` of table RA (4,000 lines) into an empty table,
#            killed. The table left is the file's first N lines (-R is
#            ordered); the lock is free; `diff RA` then names what is
#            missing, `apply RA` does exactly that (it reports what it
#            fixed) and `diff RA` is clean.
#   apply    `ipvsadm apply B` over table A (every third with --drain 1),
#            killed. Every line of the table left is one of A's or B's; the
#            lock is free; the next `apply B` does exactly what `diff B`
#            said and converges.
#   save     the packages' save (Debian's init script and the EL SysV
#            script, alternately, each as its own process group, killed
#            whole) over a rules file of table A (mode 640, owner 123:45)
#            while the kernel holds table B. The file is A's save or B's,
#            byte for byte, never anything else; mode and owner are kept;
#            the next save writes B's and leaves no other file in the
#            directory (a kill between naming the new file and the rename
#            leaves it until then: counted).
# Writers: ROUNDS rounds of `apply WA`, `apply WB` and `-R < WR` started
# together on an empty table. Each round's outcome (both applies' output
# and status, -R's status, the final table) must be that of one of the six
# orders run one after another (recorded first, on the same kernel): the
# three never interleave.
#
# Results in /results: transcript, figures, checks (PASS/FAIL), verdict.
# shellcheck source=guest-lib.sh
. /payload/guest-lib.sh
FAILED="CRASH SCENARIO FAILED"
C=/results/checks
FIG=/results/figures
: > "$C"; : > "$FIG"
TRIALS=$(cat /payload/trials 2>/dev/null || echo 70)
ROUNDS=$(cat /payload/rounds 2>/dev/null || echo 20)
SEED=$(cat /payload/seed 2>/dev/null || echo 1)
[ -f /payload/ipvsadm ] || die "needs our binary"
mkdir -p /opt/ours
install_ours /opt/ours/ipvsadm
OURS=/opt/ours/ipvsadm
echo "ours (ipvsadm-rs)" > /results/ipvsadm
LOCK=/run/ipvsadm.lock

pass() { say "PASS: $*"; echo "PASS: $*" >> "$C"; }
fail() { say "FAIL: $*"; echo "FAIL: $*" >> "$C"; }
figure() { say "FIGURE: $*"; echo "$*" >> "$FIG"; }

# --- tables ------------------------------------------------------------------
# A: 150 services with 3 real servers each (in -S -n's words, so a listing's
# lines can be looked up in the file). B: a third of A's services gone, 50
# new ones, a scheduler changed on every fifth, a weight on every fourth
# real server, a real server gone from every sixth service.
awk 'BEGIN {
    for (i = 0; i < 150; i++) {
        s = "10.1." int(i / 100) "." (i % 100 + 1) ":80"
        print "-A -t " s " -s rr"
        for (r = 1; r <= 3; r++)
            print "-a -t " s " -r 192.168." (i % 200) "." r ":80 -m -w 1"
    }
}' > /tmp/A
awk 'BEGIN {
    for (i = 50; i < 200; i++) {
        s = "10.1." int(i / 100) "." (i % 100 + 1) ":80"
        print "-A -t " s " -s " (i % 5 == 0 ? "wlc" : "rr")
        for (r = 1; r <= 3; r++) {
            if (i % 6 == 0 && r == 3) continue
            print "-a -t " s " -r 192.168." (i % 200) "." r ":80 -m -w " ((i + r) % 4 == 0 ? 3 : 1)
        }
    }
}' > /tmp/B
sort /tmp/A > /tmp/A.sorted
sort /tmp/A /tmp/B | uniq > /tmp/AB.sorted

# now_cs: centiseconds since boot.
now_cs() { read -r up _ < /proc/uptime; echo "${up%.*}${up#*.}" | sed 's/^0*//;s/^$/0/'; }
# delays N MAX_CS SALT: N random kill delays in microseconds, 0..MAX_CS*10ms.
delays() {
    awk -v n="$1" -v max="$2" -v seed="$SEED$3" 'BEGIN {
        srand(seed); for (i = 0; i < n; i++) print int(rand() * max * 10000) }'
}
# lock_free: a writer takes the writers' lock at once (its holder is
# dead): an empty -R neither waits nor says it waits.
lock_free() {
    timeout 20 $OURS -R < /dev/null > /tmp/lock.out 2>&1 && [ ! -s /tmp/lock.out ]
}
# killed_after US CMD...: run CMD as its own process group, kill -9 the
# whole group after US microseconds; "done" in /tmp/killed if CMD had
# ended by then.
killed_after() {
    us=$1; shift
    setsid "$@" &
    pid=$!
    usleep "$us"
    if kill -0 $pid 2>/dev/null; then
        kill -9 -- -$pid 2>/dev/null || kill -9 $pid
        echo killed > /tmp/killed
    else
        echo "done" > /tmp/killed
    fi
    wait $pid 2>/dev/null
    # The whole group went (a save's ipvsadm with its script).
    ! kill -0 -- -$pid 2>/dev/null || die "process group $pid survived kill -9"
}
# timed_cs CMD...: centiseconds CMD takes (median of 3 runs).
timed_cs() {
    for _ in 1 2 3; do
        t0=$(now_cs); "$@" > /dev/null 2>&1; t1=$(now_cs)
        echo $((t1 - t0))
    done | sort -n | sed -n 2p
}
# converge FILE KIND: after a kill, diff names what is left, apply does
# exactly that, diff is then clean. Returns 1 (and says why) otherwise.
converge() {
    $OURS diff "$1" > /tmp/plan 2> /tmp/plan.err
    drc=$?
    [ $drc = 0 ] || [ $drc = 1 ] || { say "$2: diff exit $drc: $(cat /tmp/plan.err)"; return 1; }
    $OURS apply "$1" > /tmp/applied 2> /tmp/applied.err || { say "$2: apply failed: $(cat /tmp/applied.err)"; return 1; }
    cmp -s /tmp/plan /tmp/applied || { say "$2: apply did not do what diff said"; diff /tmp/plan /tmp/applied >> "$T"; return 1; }
    [ -s /tmp/applied.err ] && { say "$2: apply said: $(cat /tmp/applied.err)"; return 1; }
    $OURS diff "$1" > /tmp/after || { say "$2: not converged"; cat /tmp/after >> "$T"; return 1; }
    fixed=$((fixed + $(wc -l < /tmp/applied)))
    return 0
}

# --- restore killed ------------------------------------------------------------
# RA: 1,000 services with 3 real servers each, so that sending takes longer
# than starting the process and most kills land while -R sends.
awk 'BEGIN {
    for (i = 0; i < 1000; i++) {
        s = "10.2." int(i / 250) "." (i % 250 + 1) ":80"
        print "-A -t " s " -s rr"
        for (r = 1; r <= 3; r++)
            print "-a -t " s " -r 192.168." int(i / 250) "." (i % 250 + 1) ":" (8000 + r) " -m -w 1"
    }
}' > /tmp/RA
# restore_cs: centiseconds a -R of RA into an empty table takes (median of 3).
restore_cs() {
    for _ in 1 2 3; do
        $OURS -C || die "-C"
        t0=$(now_cs); $OURS -R < /tmp/RA; t1=$(now_cs)
        echo $((t1 - t0))
    done | sort -n | sed -n 2p
}
T_R=$(restore_cs)
say "restore: $(wc -l < /tmp/RA) lines take ${T_R}0 ms; $TRIALS trials"
bad=0 fixed=0 before=0 middle=0 after=0 i=0
delays "$TRIALS" $((T_R * 12 / 10 + 1)) 1 > /tmp/delays
while read -r us; do
    i=$((i + 1))
    $OURS -C || die "-C"
    killed_after "$us" sh -c "exec $OURS -R < /tmp/RA"
    lock_free || { say "restore $i: the lock is still held"; bad=$((bad + 1)); continue; }
    $OURS -Sn | sort > /tmp/left
    n=$(wc -l < /tmp/left)
    head -n "$n" /tmp/RA | sort > /tmp/prefix
    if ! cmp -s /tmp/left /tmp/prefix; then
        say "restore $i: the table left is not the file's first $n lines"; bad=$((bad + 1)); continue
    fi
    total=$(wc -l < /tmp/RA)
    if [ "$n" = 0 ]; then before=$((before + 1)); elif [ "$n" = "$total" ]; then after=$((after + 1)); else middle=$((middle + 1)); fi
    converge /tmp/RA "restore $i" || bad=$((bad + 1))
done < /tmp/delays
figure "restore trials=$i bad=$bad killed_before_any_change=$before killed_midway=$middle killed_after_all=$after lines_fixed_by_next_apply=$fixed"
[ $bad = 0 ] && [ $middle -gt 0 ] && pass "restore: $i kills, every table a prefix of the file, lock free, next apply converges" \
    || fail "restore: $bad bad of $i ($middle midway)"

# --- apply killed --------------------------------------------------------------
$OURS -C && $OURS -R < /tmp/A || die "table A"
T_A=$(timed_cs sh -c "$OURS apply /tmp/B && $OURS apply /tmp/A")
T_A=$((T_A / 2))
say "apply: A to B takes about ${T_A}0 ms; $TRIALS trials"
bad=0 fixed=0 none=0 middle=0 all=0 i=0
delays "$TRIALS" $((T_A * 12 / 10 + 1)) 2 > /tmp/delays
while read -r us; do
    i=$((i + 1))
    if [ $((i % 3)) = 0 ]; then drain="--drain 1"; else drain=""; fi
    # shellcheck disable=SC2086
    killed_after "$us" $OURS apply $drain /tmp/B > /dev/null
    lock_free || { say "apply $i: the lock is still held"; bad=$((bad + 1)); $OURS apply /tmp/A > /dev/null; continue; }
    $OURS -Sn | sort > /tmp/left
    if [ -n "$(comm -23 /tmp/left /tmp/AB.sorted)" ]; then
        say "apply $i: a line neither A nor B has:"; comm -23 /tmp/left /tmp/AB.sorted | head -5 >> "$T"; bad=$((bad + 1))
    fi
    if cmp -s /tmp/left /tmp/A.sorted; then none=$((none + 1))
    elif $OURS diff /tmp/B > /dev/null; then all=$((all + 1))
    else middle=$((middle + 1)); fi
    converge /tmp/B "apply $i" || bad=$((bad + 1))
    $OURS apply /tmp/A > /dev/null || die "apply A"
done < /tmp/delays
figure "apply trials=$i bad=$bad killed_before_any_change=$none killed_midway=$middle killed_after_all=$all lines_fixed_by_next_apply=$fixed"
[ $bad = 0 ] && [ $middle -gt 0 ] && pass "apply: $i kills, lock free, only A's or B's lines, next apply does what diff says and converges" \
    || fail "apply: $bad bad of $i ($middle midway)"

# --- the packages' save killed ---------------------------------------------------
D=/srv/rules
mkdir -p $D
mount -t tmpfs -o mode=755 tmpfs $D || die "tmpfs for the rules"
# Debian's script and the EL one, pointed at our binary and at $D.
sed -e "s|^IPVSADM=/sbin/ipvsadm|IPVSADM=$OURS|" -e "s|^IPVSADM_RULES=.*|IPVSADM_RULES=$D/ipvsadm.rules|" \
    -e "s|^IPVSADM_DEFAULT=.*|IPVSADM_DEFAULT=/tmp/deb-default|" /payload/deb-init > /tmp/deb-init
sed -e "s|^IPVSADM=/usr/sbin/ipvsadm|IPVSADM=$OURS|" -e "s|^IPVSADM_DATA=.*|IPVSADM_DATA=$D/ipvsadm.rules|" \
    -e "s|^IPVSADM_CONFIG=.*|IPVSADM_CONFIG=/tmp/el-config|" -e "s|^LOCKFILE=.*|LOCKFILE=/tmp/el-lock|" /payload/el-init > /tmp/el-init
: > /tmp/deb-default; : > /tmp/el-config
grep -q "IPVSADM=$OURS" /tmp/deb-init && grep -q "IPVSADM=$OURS" /tmp/el-init || die "init scripts not pointed at ours"
$OURS apply /tmp/A > /dev/null || die "apply A"
sh /tmp/deb-init save > /dev/null && cp $D/ipvsadm.rules /tmp/saved.A || die "save of A"
$OURS apply /tmp/B > /dev/null || die "apply B"
sh /tmp/deb-init save > /dev/null && cp $D/ipvsadm.rules /tmp/saved.B || die "save of B"
cmp -s /tmp/saved.A /tmp/saved.B && die "the saves of A and B are the same"
reset_rules() { cp /tmp/saved.A $D/ipvsadm.rules && chown 123:45 $D/ipvsadm.rules && chmod 640 $D/ipvsadm.rules; }
T_S=$(timed_cs sh /tmp/deb-init save)
say "save: $(wc -l < /tmp/saved.B) lines take ${T_S}0 ms; $TRIALS trials"
bad=0 old=0 new=0 left=0 i=0
delays "$TRIALS" $((T_S * 15 / 10 + 1)) 3 > /tmp/delays
while read -r us; do
    i=$((i + 1))
    if [ $((i % 2)) = 0 ]; then script=/tmp/el-init; else script=/tmp/deb-init; fi
    reset_rules || die "rules file"
    killed_after "$us" sh "$script" save > /dev/null
    if cmp -s $D/ipvsadm.rules /tmp/saved.A; then old=$((old + 1))
    elif cmp -s $D/ipvsadm.rules /tmp/saved.B; then new=$((new + 1))
    else say "save $i (${script#/tmp/}): the file is neither the old save nor the new one"; bad=$((bad + 1)); fi
    [ "$(stat -c '%a %u:%g' $D/ipvsadm.rules)" = "640 123:45" ] \
        || { say "save $i: mode and owner now $(stat -c '%a %u:%g' $D/ipvsadm.rules)"; bad=$((bad + 1)); }
    # A kill between naming the new file and the rename leaves it; the
    # next save removes it.
    [ "$(ls -A $D)" = ipvsadm.rules ] || { say "save $i: left beside the file: $(ls -A $D | grep -v '^ipvsadm.rules$' | tr '\n' ' ')"; left=$((left + 1)); }
    lock_free || { say "save $i: the lock is still held"; bad=$((bad + 1)); }
    sh "$script" save > /dev/null && cmp -s $D/ipvsadm.rules /tmp/saved.B || { say "save $i: the next save did not write B's"; bad=$((bad + 1)); }
    [ "$(ls -A $D)" = ipvsadm.rules ] || { say "save $i: still beside the file after the next save: $(ls -A $D | tr '\n' ' ')"; bad=$((bad + 1)); }
done < /tmp/delays
figure "save trials=$i bad=$bad file_still_old=$old file_new=$new new_file_left_until_the_next_save=$left"
[ $bad = 0 ] && [ $old -gt 0 ] && [ $new -gt 0 ] && pass "save: $i kills, the file always the old or the new save whole, mode and owner kept, nothing left beside it" \
    || fail "save: $bad bad of $i (old $old, new $new)"
umount $D

# --- writers started together ---------------------------------------------------
# WA and WB declare 100 services each, 50 of them shared with different
# schedulers and weights; WR adds 60 services neither declares.
awk 'BEGIN { for (i = 0; i < 100; i++) { s = "10.5.0." (i + 1) ":80"
    print "-A -t " s " -s rr"; print "-a -t " s " -r 192.168.5." (i + 1) ":80 -m -w 1" } }' > /tmp/WA
awk 'BEGIN { for (i = 50; i < 150; i++) { s = "10.5." int(i / 100) "." (i % 100 + 1) ":80"
    print "-A -t " s " -s wlc"; print "-a -t " s " -r 192.168.5." (i % 100 + 1) ":80 -m -w 2" } }' > /tmp/WB
awk 'BEGIN { for (i = 0; i < 60; i++) { s = "10.6.0." (i + 1) ":80"
    print "-A -t " s " -s rr"; print "-a -t " s " -r 192.168.6." (i + 1) ":80 -m -w 1" } }' > /tmp/WR
# outcome DIR: one text for what a round did (each writer's output and
# status, the final table sorted).
outcome() {
    for w in A B R; do echo "== $w rc=$(cat "$1/rc.$w")"; cat "$1/out.$w"; done
    echo "== table"; $OURS -Sn | sort
}
writer() { # writer W DIR
    case $1 in
        A) $OURS apply /tmp/WA > "$2/out.A" 2> "$2/err.A"; echo $? > "$2/rc.A" ;;
        B) $OURS apply /tmp/WB > "$2/out.B" 2> "$2/err.B"; echo $? > "$2/rc.B" ;;
        R) $OURS -R < /tmp/WR > "$2/out.R" 2> "$2/err.R"; echo $? > "$2/rc.R" ;;
    esac
}
for order in ABR ARB BAR BRA RAB RBA; do
    $OURS -C || die "-C"
    mkdir -p "/tmp/serial.$order"
    for w in $(echo $order | sed 's/./& /g'); do writer "$w" "/tmp/serial.$order"; done
    outcome "/tmp/serial.$order" > "/tmp/serial.$order.txt"
done
say "writers: $ROUNDS rounds of apply WA, apply WB and -R < WR started together"
bad=0 waited=0 i=0 seen=""
while [ $i -lt "$ROUNDS" ]; do
    i=$((i + 1))
    $OURS -C || die "-C"
    R=/tmp/round.$i
    mkdir -p $R
    # Started in a different order each round.
    case $((i % 3)) in
        0) writer A $R & p1=$!; writer B $R & p2=$!; writer R $R & p3=$! ;;
        1) writer B $R & p1=$!; writer R $R & p2=$!; writer A $R & p3=$! ;;
        *) writer R $R & p1=$!; writer A $R & p2=$!; writer B $R & p3=$! ;;
    esac
    wait $p1 $p2 $p3
    outcome $R > $R.txt
    match=""
    for order in ABR ARB BAR BRA RAB RBA; do
        cmp -s $R.txt "/tmp/serial.$order.txt" && match=$order
    done
    cat $R/err.A $R/err.B $R/err.R > $R/err
    grep -q "waiting for $LOCK" $R/err && waited=$((waited + 1))
    if grep -v -e "^ipvsadm: waiting for $LOCK (held by PID [0-9]*: ipvsadm " \
        -e "^ipvsadm: waiting for $LOCK (held by another process)$" $R/err | grep -q .; then
        say "round $i: unexpected stderr:"; show $R/err; bad=$((bad + 1))
    elif [ -z "$match" ]; then
        say "round $i: no serial order gives this outcome"; head -c 2000 $R.txt >> "$T"; bad=$((bad + 1))
    else
        seen="$seen $match"
    fi
done
orders=$(for o in $seen; do echo $o; done | sort | uniq -c | awk '{ printf "%s%s:%s", sep, $2, $1; sep = "," }')
figure "writers rounds=$i interleaved=$bad rounds_where_one_waited=$waited orders=$orders"
[ $bad = 0 ] && [ $waited -gt 0 ] && pass "writers: $i rounds, each the outcome of one serial order ($waited with a writer waiting for another)" \
    || fail "writers: $bad of $i rounds not serial ($waited waited)"
finish
