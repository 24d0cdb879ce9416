#!/bin/bash
# Runs inside the vm-proof guest (Debian 12, systemd as init) as proof.service.
# Each step prints "@@PROOF ok|FAIL - what" (vm-guest-lib.sh); the host keeps
# those lines.
# shellcheck source=packaging/vm-guest-lib.sh
. /proof/vm-guest-lib.sh
say "kernel $(uname -r); $(systemctl --version | head -1); init $(readlink /proc/1/exe)"
boot_finished

seed_table() {
    ipvsadm -C
    ipvsadm -A -t 10.1.1.1:80 -s rr &&
    ipvsadm -a -t 10.1.1.1:80 -r 10.1.2.1:80 -g -w 1 &&
    ipvsadm -a -t 10.1.1.1:80 -r 10.1.2.2:8080 -m -w 3 &&
    ipvsadm -A -u 10.1.1.1:53 -s wlc -p 300 &&
    ipvsadm -a -u 10.1.1.1:53 -r 10.1.2.3:53 -i -w 2 &&
    ipvsadm -A -f 7 -s sh -b sh-port
}
ip link add dummy0 type dummy && ip link set dummy0 multicast on up
# A route to the virtual services, for the reload proofs' datagrams.
ip addr add 10.1.0.254/16 dev dummy0

# ------------------------------------------------------ reload proofs --------
# A reload applies the rules file (ipvsadm apply): only the differences, never
# a flush. To see that nothing was flushed without a client or a real server:
# datagrams sent from this host to the UDP service go through IPVS's LOCAL_OUT
# hook, which counts them on the service and its real server (then sends
# them into dummy0); a service deleted and added again, by a flush and restore
# or otherwise, starts again at zero. The changed rules leave the UDP service
# as it is, edit the TCP one (scheduler, a weight), remove one of its real
# servers and add another, remove the fwmark service and add a new service.
udp_stats() { ipvsadm -Ln --stats -u 10.1.1.1:53; }
udp_conns() { udp_stats | awk '$1 == "UDP" { print $3 }'; }
# Three datagrams, each from a new port (a new connection). This kernel (6.1)
# sums the per-CPU counters that listings show in its rate estimator, every
# 2 s: wait until the three are in.
udp_traffic() {
    local i c0
    c0=$(udp_conns)
    for i in 1 2 3; do echo "datagram $i" > /dev/udp/10.1.1.1/53; done
    for i in $(seq 50); do
        [ "$(udp_conns)" -ge $((${c0:-0} + 3)) ] 2>/dev/null && return 0
        sleep 0.2
    done
    return 1
}
rules_file() { # rules_file FILE HEADER TABLE: the rules file a service reads
    { [ -z "$2" ] || printf '%s\n' "$2"; printf '%s\n' "$3"; } > "$1"
}
# reload_proof NAME FILE HEADER BASE RELOAD-COMMAND...: BASE is the live table
# and FILE declares it; change FILE to $target, reload, compare; then back to
# BASE. $target is set once the seed table is known (below).
reload_proof() {
    local name=$1 file=$2 header=$3 base=$4 before conns
    shift 4
    same "$name: live table before" "$base" "$(ipvsadm -S -n)"
    udp_traffic
    before=$(udp_stats)
    conns=$(awk '$1 == "UDP" { print $3 }' <<< "$before")
    check "$name: datagrams counted on the UDP service (Conns ${conns:-none})" test "${conns:-0}" -ge 3
    rules_file "$file" "$header" "$target"
    check "$name: reload the changed rules" "$@"
    same "$name: live table (-S -n) = the file" "$target" "$(ipvsadm -S -n)"
    same "$name: nothing flushed: the unchanged UDP service kept its counters" "$before" "$(udp_stats)"
    rules_file "$file" "$header" "$base"
    check "$name: reload the previous rules" "$@"
    same "$name: live table = the previous rules again" "$base" "$(ipvsadm -S -n)"
    same "$name: UDP service's counters still kept" "$before" "$(udp_stats)"
}
# reload_fails NAME FILE HEADER CONTENT BASE RELOAD-COMMAND...: a reload of a
# file apply refuses (or the kernel rejects) fails and changes nothing.
reload_fails() {
    local name=$1 file=$2 header=$3 content=$4 base=$5 before
    shift 5
    before=$(udp_stats)
    rules_file "$file" "$header" "$content"
    check "$name: the reload fails" sh -c '! "$@"' sh "$@"
    same "$name: live table unchanged" "$base" "$(ipvsadm -S -n)"
    same "$name: UDP service's counters kept" "$before" "$(udp_stats)"
    rules_file "$file" "$header" "$base"
}

# ------------------------------------------------ Debian: the distro first ----
same "distro ipvsadm installed" "install ok installed 1:1.31-1+b1" "$(dpkg-query -W -f '${Status} ${Version}' ipvsadm)"
check "seed table with Debian's ipvsadm" seed_table
sed -i 's/^AUTO=.*/AUTO="true"/' /etc/default/ipvsadm
check "distro: service ipvsadm save" service ipvsadm save
seed=$(ipvsadm -S -n)
say "seed table: $(echo "$seed" | wc -l) lines"
# The reload proofs' target, in -S -n's own form and order: the changed rules
# restored into an empty table by Debian's ipvsadm 1.31, in a scratch network
# namespace, then saved. (Its loopback up: without an address, the namespace
# has no local routing table, and the kernel refuses real servers as "not
# unicast".)
target=$({
    grep -e ' -u 10.1.1.1:53 ' <<< "$seed"
    printf '%s\n' '-A -t 10.1.1.1:80 -s wlc' '-a -t 10.1.1.1:80 -r 10.1.2.1:80 -g -w 5' \
        '-a -t 10.1.1.1:80 -r 10.1.2.4:80 -g -w 1' '-A -t 10.1.1.2:443 -s rr' \
        '-a -t 10.1.1.2:443 -r 10.1.2.5:443 -g -w 1'
} | unshare -n sh -c 'ip link set lo up && ipvsadm -R && ipvsadm -S -n')
same "reload proofs' target table (7 lines, UDP service as seeded)" "7 $(grep -c -e ' -u 10.1.1.1:53 ' <<< "$seed")" \
    "$(wc -l <<< "$target") $(grep -c -e ' -u 10.1.1.1:53 ' <<< "$target")"
# The same, except for a scheduler the kernel does not have: apply's edit of
# the TCP service fails after the new service and real servers were added.
# shellcheck disable=SC2001
rejected=$(sed 's/^-A -t 10.1.1.1:80 -s wlc$/-A -t 10.1.1.1:80 -s nosuch/' <<< "$target")
check "reload proofs' rejected table differs from the target only by its scheduler" \
    test "$(diff <(echo "$target") <(echo "$rejected") | grep -c '^[<>]')" = 2

# ------------------------------------------- dpkg -i our .deb over it -----------
out=$(dpkg -i /proof/ipvsadm-rs_*.deb </dev/null 2>&1); rc=$?
say "dpkg -i output:"; printf '%s\n' "$out" | sed 's/^/@@PROOF   | /'
if [ $rc = 0 ]; then ok "dpkg -i ipvsadm-rs over Debian's ipvsadm"
else
    say "note - plain dpkg -i stops at the conffile prompt for the edited /etc/default/ipvsadm (stdin closed)"
    check "dpkg -i --force-confold (retry)" dpkg -i --force-confdef --force-confold /proof/ipvsadm-rs_*.deb
fi
same "ipvsadm-rs installed" "install ok installed" "$(dpkg-query -W -f '${Status}' ipvsadm-rs)"
check "distro ipvsadm removed" sh -c "! dpkg-query -W -f '\${Status}' ipvsadm 2>/dev/null | grep -q 'ok installed'"
check "/sbin/ipvsadm is ours" sh -c "ipvsadm -v | grep -q ipvsadm-rs"
check "/sbin/ipvsadm is static" sh -c "ldd /sbin/ipvsadm 2>&1 | grep -qE 'statically linked|not a dynamic'"
check "operator's /etc/default/ipvsadm kept (AUTO=true)" grep -q '^AUTO="true"' /etc/default/ipvsadm
check "ipvsadm.service active after install" systemctl is-active ipvsadm.service
same "table after install = saved rules (postinst start, AUTO=true)" "$seed" "$(ipvsadm -S -n)"
check "service ipvsadm save" service ipvsadm save
check "service ipvsadm stop" service ipvsadm stop
same "stop clears the table (AUTO=true)" "" "$(ipvsadm -S -n)"
check "systemctl is-active says inactive" sh -c "! systemctl is-active ipvsadm.service"
check "service ipvsadm start" service ipvsadm start
same "start: table back, byte-identical -Sn" "$seed" "$(ipvsadm -S -n)"
check "service ipvsadm status (systemd)" sh -c "service ipvsadm status | grep -q 'active (exited)'"
# As Debian's own script, ours sources /lib/lsb/init-functions, whose
# 40-systemd hook hands start/stop/restart/reload/status to systemctl unless
# SYSTEMCTL_SKIP_REDIRECT is set (bookworm's name; no leading underscore).
check "/etc/init.d/ipvsadm status goes to systemctl (as Debian's)" sh -c "/etc/init.d/ipvsadm status | grep -q 'active (exited)'"
check "/etc/init.d/ipvsadm status lists the table (SYSTEMCTL_SKIP_REDIRECT=1)" sh -c "SYSTEMCTL_SKIP_REDIRECT=1 /etc/init.d/ipvsadm status | grep -q 'TCP  10.1.1.1:80 rr'"
check "service ipvsadm rate" sh -c "service ipvsadm rate | grep -q CPS"
ipvsadm -C
check "service ipvsadm reload (AUTO=true applies the rules)" service ipvsadm reload
same "reload: table back" "$seed" "$(ipvsadm -S -n)"
ipvsadm -C
check "service ipvsadm load" service ipvsadm load
same "load: table back" "$seed" "$(ipvsadm -S -n)"
check "systemctl restart ipvsadm" systemctl restart ipvsadm
same "restart: table back" "$seed" "$(ipvsadm -S -n)"
reload_proof "deb reload" /etc/ipvsadm.rules "# ipvsadm.rules" "$seed" service ipvsadm reload
reload_fails "deb reload, kernel rejects a change" /etc/ipvsadm.rules "# ipvsadm.rules" "$rejected" "$seed" service ipvsadm reload
mv /etc/ipvsadm.rules /etc/ipvsadm.rules.away
check "deb reload without /etc/ipvsadm.rules fails" sh -c '! service ipvsadm reload'
same "  ... table unchanged" "$seed" "$(ipvsadm -S -n)"
check "  ... file not created" test ! -e /etc/ipvsadm.rules
check "  ... unit still active" systemctl is-active ipvsadm.service
mv /etc/ipvsadm.rules.away /etc/ipvsadm.rules
sed -i -e 's/^DAEMON=.*/DAEMON="master"/' -e 's/^IFACE=.*/IFACE="dummy0"/' /etc/default/ipvsadm
check "DAEMON=master: systemctl restart ipvsadm" systemctl restart ipvsadm
check "sync daemon running (ipvsadm -L --daemon)" sh -c "ipvsadm -L --daemon | grep -q 'master sync daemon (mcast=dummy0, syncid=0,'"
say "  $(ipvsadm -L --daemon)"
check "service ipvsadm stop" service ipvsadm stop
same "stop: sync daemon stopped" "" "$(ipvsadm -L --daemon)"
sed -i -e 's/^DAEMON=.*/DAEMON="none"/' /etc/default/ipvsadm
check "dpkg --purge ipvsadm-rs" dpkg --purge ipvsadm-rs
check "purge removed /etc/init.d/ipvsadm and /etc/ipvsadm.rules" sh -c "[ ! -e /etc/init.d/ipvsadm ] && [ ! -e /etc/ipvsadm.rules ]"

# ------------------------------------------- RPM payload in the same root -------
check "rpm -i --nodeps ipvsadm-rs.rpm (Debian's rpm, its own db)" rpm -i --nodeps /proof/ipvsadm-rs-*.rpm
check "rpm -V --nodeps ipvsadm-rs" rpm -V --nodeps ipvsadm-rs
same "ipvsadm-config mode" "600" "$(stat -c %a /etc/sysconfig/ipvsadm-config)"
systemctl daemon-reload
ipvsadm -C
rm -f /etc/sysconfig/ipvsadm
check "systemctl start ipvsadm without /etc/sysconfig/ipvsadm succeeds" systemctl start ipvsadm
same "  ... with an empty table" "" "$(ipvsadm -S -n)"
check "seed table" seed_table
seed_full=$(ipvsadm -S -n --full)
check "systemctl stop ipvsadm" systemctl stop ipvsadm
same "stop saved /etc/sysconfig/ipvsadm (-S -n --full)" "$seed_full" "$(cat /etc/sysconfig/ipvsadm)"
same "saved file mode" "600" "$(stat -c %a /etc/sysconfig/ipvsadm)"
same "stop cleared the table" "" "$(ipvsadm -S -n)"
check "systemctl start ipvsadm" systemctl start ipvsadm
same "start: table back, byte-identical -Sn" "$seed" "$(ipvsadm -S -n)"
reload_proof "rpm unit reload" /etc/sysconfig/ipvsadm "" "$seed" systemctl reload ipvsadm
reload_fails "rpm unit reload, kernel rejects a change" /etc/sysconfig/ipvsadm "" "$rejected" "$seed" systemctl reload ipvsadm
reload_fails "rpm unit reload, file with a -C line" /etc/sysconfig/ipvsadm "" "$(printf '%s\n-C' "$target")" "$seed" systemctl reload ipvsadm
mv /etc/sysconfig/ipvsadm /etc/sysconfig/ipvsadm.away
check "rpm unit reload without /etc/sysconfig/ipvsadm fails" sh -c '! systemctl reload ipvsadm'
same "  ... table unchanged" "$seed" "$(ipvsadm -S -n)"
mv /etc/sysconfig/ipvsadm.away /etc/sysconfig/ipvsadm
check "systemctl status ipvsadm: active (exited)" sh -c "systemctl status ipvsadm | grep -q 'active (exited)'"
systemctl stop ipvsadm
I=/etc/rc.d/init.d/ipvsadm
check "SysV: $I start" $I start
same "SysV start: table back" "$seed" "$(ipvsadm -S -n)"
check "SysV: status lists the table numerically" sh -c "$I status | grep -q 'TCP  10.1.1.1:80 rr'"
ipvsadm -D -f 7
check "SysV: save" $I save
same "SysV save wrote the changed table (-S -n --full)" "$(ipvsadm -S -n --full)" "$(cat /etc/sysconfig/ipvsadm)"
check "SysV: stop" $I stop
# Look at /proc/modules before running ipvsadm again: ipvsadm (Debian's and
# ours, as 1.31) runs "modprobe -- ip_vs" when IPVS is absent, so any ipvsadm
# call after the unload loads the module again.
check "SysV stop unloaded ip_vs and ip_vs_* (IPVS_MODULES_UNLOAD=yes)" sh -c "! grep '^ip_vs' /proc/modules"
same "SysV stop cleared the table" "" "$(ipvsadm -S -n 2>/dev/null)"
check "SysV: status when stopped exits 3" sh -c "$I status; [ \$? = 3 ]"
check "SysV: restore" $I restore
same "SysV restore: table back" "$(cat /etc/sysconfig/ipvsadm)" "$(ipvsadm -S -n --full)"
sed -i 's/^IPVS_SAVE_ON_STOP=.*/IPVS_SAVE_ON_STOP="yes"/' /etc/sysconfig/ipvsadm-config
check "SysV: start" $I start
ipvsadm -A -t 10.9.9.9:443 -s rr
now=$(ipvsadm -S -n)
now_full=$(ipvsadm -S -n --full)
check "SysV: stop with IPVS_SAVE_ON_STOP=yes" $I stop
same "  ... saved the table first" "$now_full" "$(cat /etc/sysconfig/ipvsadm)"
check "SysV: restart" $I restart
same "SysV restart: table back" "$now" "$(ipvsadm -S -n)"
check "SysV: reload" $I reload
same "SysV reload: table" "$now" "$(ipvsadm -S -n)"
reload_proof "SysV reload" /etc/sysconfig/ipvsadm "" "$now" $I reload
mv /etc/sysconfig/ipvsadm /etc/sysconfig/ipvsadm.away
check "SysV: reload without /etc/sysconfig/ipvsadm exits 6" sh -c "$I reload; [ \$? = 6 ]"
same "  ... table unchanged" "$now" "$(ipvsadm -S -n)"
mv /etc/sysconfig/ipvsadm.away /etc/sysconfig/ipvsadm
check "SysV: stop" $I stop
check "SysV: reload when stopped exits 7" sh -c "$I reload; [ \$? = 7 ]"
