# desc: valid tunnel dests (ipip, gue with each checksum mode, gre with nocsum/csum) listed with --tun-info and saved
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.1:80 -m
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.5 -i --tun-type ipip -w 5
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type gue --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.14 -i --tun-type gue --tun-port 6081 --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.16 -i --tun-type gue --tun-port 6080 --tun-remcsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.17 -i --tun-type gue --tun-port=65535 --tun-nocsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.15 -i --tun-type gre --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.18 -i --tun-type gre
echo "rc=$?"
ipvsadm -Ln --tun-info
ipvsadm -Sn
