# desc: -a with masquerading, gatewaying (default) and tunnelling dests, default weight 1
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2:80 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.3
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.4 -i -w 3
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.5 -g -w 2
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.1 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 127.0.0.1 -m
echo "rc=$?"
ipvsadm -Ln
