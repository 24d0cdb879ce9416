# desc: -S -n on a varied table: tcp/udp/sctp, IPv6, fwmark and fwmark -6, persistence, masks, -o, -b, all forwarding methods, tunnel dests
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -i
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.1:80 -m
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -g
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:8080 -m -w 5 -x 10 -y 2
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13:80 -i --tun-type gue --tun-port 6080 --tun-nocsum
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.15:80 -i --tun-type gre --tun-csum
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.16:80 -i --tun-type gue --tun-port 6080 --tun-remcsum
ipvsadm -A -t 10.0.0.100:443 -s wlc -p 600 -M 255.255.255.0
ipvsadm -a -t 10.0.0.100:443 -r 10.0.0.2:443 -g
ipvsadm -A -u 10.0.0.100:53 -s wlc
ipvsadm -A -t [fd00::100]:443 -s wrr
ipvsadm -a -t [fd00::100]:443 -r 10.0.0.40:443 -i
ipvsadm -A -f 1
ipvsadm -a -f 1 -r 10.0.0.30 -g
ipvsadm -A -f 2 -6
ipvsadm -a -f 2 -6 -r [fd00::3]:80 -m
ipvsadm -A -t 10.0.0.130:80 -s sh -p 50 -M 255.255.0.0 -b sh-port
ipvsadm -A -u 10.0.0.130:53 -s wlc -p 360 -o
ipvsadm -A -f 9 -6 -s wlc -p 20 -M 96
ipvsadm -A --sctp-service 10.0.0.108:80 -s wlc
ipvsadm -a --sctp-service 10.0.0.108:80 -r 192.168.1.2:80 -m
ipvsadm -A -t [fd00::102]:80 -s wlc -p 10 -M 64
ipvsadm -A -t 10.0.0.106:82 -b flag-1,flag-2,flag-3
ipvsadm -A -t 10.0.0.106:83 -s mh -b mh-fallback,flag-3
ipvsadm -S -n
echo "rc=$?"
ipvsadm --save --numeric
echo "rc=$?"
