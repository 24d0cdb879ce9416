# desc: long names: IPv4 service names cut to 33 columns and dest names to 28 in -L (also --stats), IPv6 not cut, -S not cut
ipvsadm -A -t 10.0.0.50:8990 -s rr
ipvsadm -a -t 10.0.0.50:8990 -r 10.0.0.50:8990 -m
ipvsadm -a -t 10.0.0.50:8990 -r 10.0.0.2:8990 -m
ipvsadm -a -t 10.0.0.50:8990 -r 10.0.0.100:8990 -m
ipvsadm -A -t 10.0.0.100:8990
ipvsadm -A -t [fd00::2]:751
ipvsadm -a -t [fd00::2]:751 -r [fd00::2]:751 -m
ipvsadm -L
echo "rc=$?"
ipvsadm -L --stats
echo "rc=$?"
ipvsadm -L --thresholds
echo "rc=$?"
ipvsadm -S
echo "rc=$?"
