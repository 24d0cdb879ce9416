# desc: -L with one service (-t, -u, -f, --sctp-service, by name) prints no version line, just headers, service and its dests
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.3 -m
ipvsadm -A -u 10.0.0.100:53
ipvsadm -A -f 1
ipvsadm -a -f 1 -r 10.0.0.30:99
ipvsadm -A --sctp-service 10.0.0.108:80
ipvsadm -Ln -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -Ln -u 10.0.0.100:53
echo "rc=$?"
ipvsadm -Ln -f 1
echo "rc=$?"
ipvsadm -Ln --sctp-service 10.0.0.108:80
echo "rc=$?"
ipvsadm -Ln -t vip.example:http
echo "rc=$?"
ipvsadm -L -t vip.example:http
echo "rc=$?"
