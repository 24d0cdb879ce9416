# desc: -L resolves hosts via /etc/hosts and ports via /etc/services by the service protocol; fwmark dest ports stay numeric; unknown hosts stay numeric
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -i
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:9 -m
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -g
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:8080 -m -w 5
ipvsadm -a -t 10.0.0.100:80 -r 127.0.0.1:80 -m
ipvsadm -A -t 10.0.0.100:443 -p 600 -M 255.255.255.0
ipvsadm -A -u 10.0.0.100:53
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.3:5353 -m
ipvsadm -A -f 7
ipvsadm -a -f 7 -r 10.0.0.2:0 -g
ipvsadm -a -f 7 -r 10.0.0.3:22 -g
ipvsadm -A --sctp-service 10.0.0.2:80
ipvsadm -A -t 10.0.0.2:65000
ipvsadm -A -u 10.0.0.2:8080
ipvsadm -L
echo "rc=$?"
