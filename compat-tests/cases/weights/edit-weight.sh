# desc: -e changes the weight (to 0, 2147483647, back to 1 when -w is omitted); -e with bad weights; -e on a missing dest
ipvsadm -A -t 10.0.0.100:80 -s wrr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -g -w 5
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -w 0
echo "rc=$?"
ipvsadm -Ln
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -w 2147483647
echo "rc=$?"
ipvsadm -Ln
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -Ln
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -w 2147483648
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -w -5
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.3 -w 3
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 --weight 65536
echo "rc=$?"
ipvsadm -Sn
