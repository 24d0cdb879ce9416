# compat-tests/lib/views.sh — the table the views/ cases list, sourced by
# each of them inside the guest as /payload/lib/views.sh (compat-tests/run
# ships it). busybox sh.
#
# views_table: TCP, UDP, SCTP, IPv6 and fwmark -6 services; masquerading,
# direct-routing, ipip, gre and gue (mixed-af) dests; weights 0 and 65536,
# thresholds, persistence with masks, one-packet scheduling, sh flags and
# the sip persistence engine. Each command runs as written in the case, so
# its output and status are compared like the case's own lines.
views_table() {
    ipvsadm -A -t 10.0.0.100:80 -s rr
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -m -w 3 -x 100 -y 50
    ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -i --tun-type gre --tun-csum
    ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:8080 -m
    ipvsadm -A -t 10.0.0.100:443 -p 600 -M 255.255.255.0
    ipvsadm -a -t 10.0.0.100:443 -r 10.0.0.2 -g -w 0
    ipvsadm -A -u 10.0.0.100:53 -o
    ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.3:5353 -m -w 65536
    ipvsadm -A --sctp-service 10.0.0.2:80 -s sh -b sh-port
    ipvsadm -A -t [fd00::100]:443 -s wrr -p 30 -M 64
    ipvsadm -a -t [fd00::100]:443 -r 10.0.0.4 -i --tun-type gue --tun-port 6080 --tun-remcsum
    ipvsadm -a -t [fd00::100]:443 -r fd00::5 -m -x 5
    ipvsadm -A -f 7 -6 --pe sip -p 20
    ipvsadm -a -f 7 -6 -r fd00::3 -g
    ipvsadm -A -f 8
    ipvsadm -a -f 8 -r 10.0.0.5:22 -g
}
