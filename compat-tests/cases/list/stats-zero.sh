# desc: --stats layout on a zero-traffic table (all services and single service), with and without --exact
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -i
ipvsadm -A -u 10.0.0.100:53 -p 10
ipvsadm -A -f 2 -6
ipvsadm -a -f 2 -6 -r [fd00::3]:80 -m
ipvsadm -Ln --stats
echo "rc=$?"
ipvsadm -Ln --stats --exact
echo "rc=$?"
ipvsadm -Ln --stats -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -L --stats
echo "rc=$?"
