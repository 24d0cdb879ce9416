# desc: -o on UDP services (IPv4, IPv6, with -p, with -s and -b): listed as ops last, saved as -o
ipvsadm -A -u 10.0.0.100:53 -o
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:54 --ops -p 30 -M 255.255.0.0
echo "rc=$?"
ipvsadm -A -u [fd00::100]:53 -o -s rr -b flag-1
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:55 -o -s sh -b sh-port -p
echo "rc=$?"
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2 -m
ipvsadm -L
ipvsadm -Ln
ipvsadm -S
ipvsadm -Sn
