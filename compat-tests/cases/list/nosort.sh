# desc: --nosort shows dests in kernel order (newest first) while the default sorts them
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.9 -m
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.5 -m
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.3 -m
ipvsadm -Ln
echo "rc=$?"
ipvsadm -Ln --nosort
echo "rc=$?"
ipvsadm -Ln --nosort -t 10.0.0.100:80
echo "rc=$?"
