# desc: IPv6 services (TCP, UDP, fwmark -6) with IPv4 tunnel dests of each tunnel type; names, --tun-info, save
ipvsadm -A -t [fd00::100]:80
ipvsadm -a -t [fd00::100]:80 -r 10.0.0.2 -i
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r 10.0.0.3:80 -i --tun-type gue --tun-port 6080 --tun-remcsum
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r 10.0.0.4 -i --tun-type gre --tun-nocsum
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r [fd00::2]:80 -m
ipvsadm -A -u [fd00::100]:53
ipvsadm -a -u [fd00::100]:53 -r 10.0.0.2 -i
echo "rc=$?"
ipvsadm -L
ipvsadm -Ln --tun-info
ipvsadm -S
ipvsadm -Sn
