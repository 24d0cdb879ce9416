# desc: options illegal with -A (real-server, weight, numeric, forwarding, thresholds, tunnel, list options, exact)
ipvsadm -A -t 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -w 2
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -n
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -m
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -x 5
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 --tun-type gue
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 --stats
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -X
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -c
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 --mcast-interface eth0
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 --syncid 3
echo "rc=$?"
ipvsadm -Ln
