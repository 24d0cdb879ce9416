# desc: dests on local addresses with -g/-i (kernel may convert forwarding to Local) and how they list and save
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.1 -g
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 127.0.0.1 -i
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.1 -m
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
