# desc: dest weights 0, 65535, 65536 and INT_MAX are stored and listed (wide values push columns)
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m -w 0
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.3 -m -w 65535
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.4 -m -w 65536
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.5 -m -w 2147483647
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.6 -g -w 2147483647
ipvsadm -Ln
echo "rc=$?"
ipvsadm -Sn
