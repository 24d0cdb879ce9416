# desc: bad IPv4 -M values give illegal virtual server persistent mask specified, rc 2
ipvsadm -A -t 10.0.0.103:80 -p 10 -M 256.0.0.0
echo "rc=$?"
ipvsadm -A -t 10.0.0.103:80 -p 10 -M 1.2.3.4.5
echo "rc=$?"
ipvsadm -A -f 5 -p -M 255.255.255.256
echo "rc=$?"
ipvsadm -Ln
