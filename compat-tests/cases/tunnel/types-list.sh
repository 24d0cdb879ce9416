# desc: every tunnel type/flag combination (default -i, ipip, gue nocsum/csum/remcsum, gue port only, gre, gre nocsum/csum) listed with --tun-info names and numeric, and saved
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3 -i --tun-type ipip -w 2
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.4 -i --tun-type gue --tun-port 6080 --tun-nocsum
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.5 -i --tun-type gue --tun-port 6081 --tun-csum
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.6 -i --tun-type gue --tun-port 65535 --tun-remcsum
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.7 -i --tun-type gue --tun-port 1
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.8 -i --tun-type gre
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.9 -i --tun-type gre --tun-nocsum
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.10 -i --tun-type gre --tun-csum
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.11 -m
ipvsadm -L --tun-info
ipvsadm -Ln --tun-info
ipvsadm -Ln
ipvsadm -S
ipvsadm -Sn
