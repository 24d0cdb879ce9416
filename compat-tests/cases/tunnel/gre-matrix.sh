# desc: gre matrix: tun-port and tun-remcsum illegal, tun-nocsum/tun-csum at most one; ordering of the messages
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gre --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gre --tun-remcsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gre --tun-csum --tun-nocsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gre --tun-remcsum --tun-port 1
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gre --tun-csum --tun-remcsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gre --tun-csum
echo "rc=$?"
ipvsadm -Ln --tun-info
