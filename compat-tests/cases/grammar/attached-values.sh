# desc: values attached to short options (-t10.0.0.100:80 -srr -p360 -w5 -x10 -y2) equal separate values
ipvsadm -A -t10.0.0.100:80 -srr -p360
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:53 -s wrr -p 120
echo "rc=$?"
ipvsadm -a -t10.0.0.100:80 -r192.168.1.2:8080 -m -w5 -x10 -y2
echo "rc=$?"
ipvsadm -a -u 10.0.0.100:53 -r 192.168.1.2:5353 -m -w 5 -x 10 -y 2
echo "rc=$?"
ipvsadm -Ln
