# desc: IPv4 -M goes through inet_aton/hostname: 24 becomes 0.0.0.24, hex, short forms, a host name; -M before -t
ipvsadm -A -t 10.0.0.103:80 -p 10 -M 24
echo "rc=$?"
ipvsadm -A -t 10.0.0.103:81 -p 10 -M 255.255.255.0
echo "rc=$?"
ipvsadm -A -t 10.0.0.103:82 -p 10 -M 0xffff0000
echo "rc=$?"
ipvsadm -A -t 10.0.0.103:83 -p 10 -M vip.example
echo "rc=$?"
ipvsadm -A -M 255.0.0.0 -t 10.0.0.103:84 -p 10
echo "rc=$?"
ipvsadm -A -t 10.0.0.103:85 -p 10 -M 255.255
echo "rc=$?"
ipvsadm -A -t 10.0.0.103:86 -M 255.255.255.0
echo "rc=$?"
ipvsadm -Ln
