# desc: IPv4 services (TCP, UDP, fwmark) with IPv6 tunnel dests of each tunnel type; listing with names, --tun-info, save
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -i
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r fd00::3 -i --tun-type gue --tun-port 6080 --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r fd00::4 -i --tun-type gre
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m
ipvsadm -A -u 10.0.0.100:53
ipvsadm -a -u 10.0.0.100:53 -r [fd00::2]:53 -i -w 3
echo "rc=$?"
ipvsadm -A -f 5
ipvsadm -a -f 5 -r [fd00::5]:0 -i
echo "rc=$?"
ipvsadm -L
ipvsadm -Ln --tun-info
ipvsadm -S
ipvsadm -Sn
