# desc: -w range 0..2147483647 (Debian): 65536 and 2147483647 ok; 2147483648, -1, 0x10, 5x rejected; " 5" and -0 accepted
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2:80 -m -w 65536
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.3:80 -m -w 2147483647
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.4:80 -m -w 2147483648
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.4:80 -m -w -1
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.4:80 -m -w 0x10
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.4:80 -m -w 5x
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.5:80 -m -w " 5"
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.6:80 -m -w -0
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.7:80 -m -w 0
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.8:80 -m -w ""
echo "rc=$?"
ipvsadm -Ln
