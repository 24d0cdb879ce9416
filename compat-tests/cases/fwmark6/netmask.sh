# desc: -M with -f N -6: prefix lengths 1, 64, 128 accepted; 0, 129, abc, dotted rejected (illegal ipv6 netmask); -M before -6 is parsed as IPv4
ipvsadm -A -f 10 -6 -p -M 64
echo "rc=$?"
ipvsadm -A -f 11 -6 -p 30 -M 1
echo "rc=$?"
ipvsadm -A -f 12 -6 -p -M 128
echo "rc=$?"
ipvsadm -A -f 13 -6 -p -M 0
echo "rc=$?"
ipvsadm -A -f 13 -6 -p -M 129
echo "rc=$?"
ipvsadm -A -f 13 -6 -p -M abc
echo "rc=$?"
ipvsadm -A -f 13 -6 -p -M 255.255.255.0
echo "rc=$?"
ipvsadm -A -f 14 -M 64 -6 -p
echo "rc=$?"
ipvsadm -A -f 15 -M 255.255.0.0 -6 -p
echo "rc=$?"
ipvsadm -A -f 16 -M nosuch -6 -p
echo "rc=$?"
ipvsadm -A -f 17 -6 -M 48
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
