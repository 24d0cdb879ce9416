# desc: -x/-y range 0..2147483647 with their own messages; values listed with --thresholds
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m -x -5
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m -x 2147483648
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m -y abc
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m -y -1
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m -x 100 -y 50
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.3 -m -x 2147483647 -y 2147483647
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.4 -m -x 0 -y 7
echo "rc=$?"
ipvsadm -Ln --thresholds
