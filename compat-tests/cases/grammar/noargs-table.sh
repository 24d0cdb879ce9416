# desc: ipvsadm with no arguments on a non-empty table lists non-numerically (names from /etc/hosts and services)
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -m -w 2
ipvsadm -a -t 10.0.0.100:80 -r 127.0.0.1:8080 -m
ipvsadm -A -u 10.0.0.100:53 -p 100
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2 -g
ipvsadm
echo "rc=$?"
