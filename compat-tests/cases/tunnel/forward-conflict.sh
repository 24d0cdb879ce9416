# desc: tunnel options without -i (with -m, -g, or default) give Tunnel options conflict with forward method, for -a and -e; tunnel matrix checked after
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m --tun-type gue --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -g --tun-type gre
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 --tun-type ipip
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m --tun-type gue
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -m --tun-type gre
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -m --tun-type gre
echo "rc=$?"
ipvsadm -Ln --tun-info
