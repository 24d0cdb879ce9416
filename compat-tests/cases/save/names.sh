# desc: -S without -n uses host and service names (not truncated); fwmark dest ports stay numeric; sctp/udp ports without names stay numeric
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -i
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:8080 -m -w 5
ipvsadm -a -t 10.0.0.100:80 -r 127.0.0.1:80 -m
ipvsadm -A -u 10.0.0.100:53 -p
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2 -m
ipvsadm -A -t 127.0.0.1:80
ipvsadm -A -u 10.0.0.2:8080
ipvsadm -A --sctp-service 10.0.0.2:80
ipvsadm -A -f 3
ipvsadm -a -f 3 -r 10.0.0.2:22 -g
ipvsadm -A -t [fd00::2]:443
ipvsadm -S
echo "rc=$?"
