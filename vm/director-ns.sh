# vm/director-ns.sh — the director network namespace of the compat suite and
# the benchmark, sourced by their guest scripts as /payload/director-ns.sh
# (busybox sh; compat-tests/run and bench/run ship it).
#
# director_ns NAME: a new namespace NAME with lo up and a dummy eth0 holding
# the addresses the compat cases use (10.0.0.1/24, 192.168.1.1/24,
# 192.168.2.1/24, fd00::1/64) and default routes, so that real servers on
# those networks (and anywhere, through the routes) can be added. Status 0
# on success; on failure the namespace is gone again.
director_ns() {
    /usr/sbin/ip-full netns add "$1" 2>/dev/null || return 1
    /usr/sbin/ip-full -n "$1" -batch - <<EOT || { /usr/sbin/ip-full netns del "$1"; return 1; }
link set lo up
link add eth0 type dummy
link set eth0 up
addr add 10.0.0.1/24 dev eth0
addr add 192.168.1.1/24 dev eth0
addr add 192.168.2.1/24 dev eth0
addr add fd00::1/64 dev eth0 nodad
route add default via 10.0.0.254
route add default via inet6 fd00::254
EOT
}
