# desc: -f N -6 services next to -f N IPv4 services with the same mark; IPv6 dests; listing names/numeric and save
ipvsadm -A -f 1 -6
echo "rc=$?"
ipvsadm -A -f 1
echo "rc=$?"
ipvsadm -A -f 1 -6
echo "rc=$?"
ipvsadm -A --fwmark-service 2 --ipv6 -s rr
echo "rc=$?"
ipvsadm -a -f 1 -6 -r fd00::2 -m
echo "rc=$?"
ipvsadm -a -f 1 -6 -r [fd00::3]:8080 -m -w 2
echo "rc=$?"
ipvsadm -a -f 1 -6 -r [fd00::4]:80 -g
echo "rc=$?"
ipvsadm -a -f 2 -6 -r rs6.example -g
echo "rc=$?"
ipvsadm -a -f 1 -r 10.0.0.2 -m
echo "rc=$?"
ipvsadm -L
ipvsadm -Ln
ipvsadm -S
ipvsadm -Sn
