# desc: a mandatory argument consumes the next word even if it starts with a dash (-s -p, -w -1, -x -5)
ipvsadm -A -t 10.0.0.100:80 -s -p
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -w -1
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -x -5
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -y -m
echo "rc=$?"
ipvsadm -Ln
