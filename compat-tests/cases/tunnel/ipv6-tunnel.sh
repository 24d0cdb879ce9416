# desc: IPv6 services with IPv6 tunnel dests of every type; UDP and fwmark services with gue/gre dests; --tun-info and save
ipvsadm -A -t [fd00::100]:80
ipvsadm -a -t [fd00::100]:80 -r [fd00::2]:80 -i
ipvsadm -a -t [fd00::100]:80 -r [fd00::3]:80 -i --tun-type gue --tun-port 6080 --tun-remcsum
ipvsadm -a -t [fd00::100]:80 -r fd00::4 -i --tun-type gre --tun-csum
ipvsadm -A -u 10.0.0.100:53
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2 -i --tun-type gue --tun-port 5555
ipvsadm -A -f 3
ipvsadm -a -f 3 -r 10.0.0.3:0 -i --tun-type gre
ipvsadm -L --tun-info
ipvsadm -Ln --tun-info
ipvsadm -Sn
ipvsadm -L --tun-info -f 3
