# desc: options illegal with -L (scheduler, real-server, forwarding, weight, mcast, ops, pe, tunnel); --syncid is accepted and ignored
ipvsadm -L -s rr
echo "rc=$?"
ipvsadm -L -r 10.0.0.2
echo "rc=$?"
ipvsadm -L -m
echo "rc=$?"
ipvsadm -L -w 1
echo "rc=$?"
ipvsadm -L --mcast-group 224.0.0.1
echo "rc=$?"
ipvsadm -L -o
echo "rc=$?"
ipvsadm -L --pe sip
echo "rc=$?"
ipvsadm -L --tun-type ipip
echo "rc=$?"
ipvsadm -L -b flag-1
echo "rc=$?"
ipvsadm -Ln --syncid 5
echo "rc=$?"
