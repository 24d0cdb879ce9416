# desc: fwmark IPv6 services with IPv4 dests (only with -i, incl. gue/gre) and IPv4 fwmark services with IPv6 dests; af errors
ipvsadm -A -f 3 -6
ipvsadm -A -f 4
ipvsadm -a -f 3 -6 -r 10.0.0.2 -m
echo "rc=$?"
ipvsadm -a -f 3 -6 -r 10.0.0.2 -g
echo "rc=$?"
ipvsadm -a -f 3 -6 -r 10.0.0.2 -i
echo "rc=$?"
ipvsadm -a -f 3 -6 -r 10.0.0.3 -i --tun-type gue --tun-port 6080
echo "rc=$?"
ipvsadm -a -f 4 -r fd00::2 -m
echo "rc=$?"
ipvsadm -a -f 4 -r fd00::2 -i --tun-type gre --tun-csum
echo "rc=$?"
ipvsadm -Ln --tun-info
ipvsadm -Sn
