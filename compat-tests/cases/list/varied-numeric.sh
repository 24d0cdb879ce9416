# desc: -Ln on a varied table (tcp/udp/sctp, v4/v6, fwmark v4/v6, persistence, masks, flags, ops, all forwarding methods)
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2:80 -m
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.3:80 -m -w 2
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -i
ipvsadm -A -t 10.0.0.100:8080 -p 120
ipvsadm -a -t 10.0.0.100:8080 -r 192.168.1.2:80 -m
ipvsadm -A -u 10.0.0.100:53
ipvsadm -a -u 10.0.0.100:53 -r 192.168.1.2:53 -m
ipvsadm -A -t 10.0.0.103:80 -p 100 -M 255.255.255.0
ipvsadm -A -t 10.0.0.106:80 -s sh -b sh-fallback,sh-port
ipvsadm -A -u 10.0.0.104:81 -p 30 -o
ipvsadm -A --sctp-service 10.0.0.108:80
ipvsadm -A -t [fd00::102]:80 -p 10 -M 64
ipvsadm -a -t [fd00::102]:80 -r [fd00::3]:80 -g
ipvsadm -A -f 2 -6
ipvsadm -A -f 5 -p -M 255.255.255.0
ipvsadm -a -f 5 -r 10.0.0.30 -g
ipvsadm -Ln
echo "rc=$?"
ipvsadm -L -n
echo "rc=$?"
