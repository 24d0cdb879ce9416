# desc: IPv6 SCTP services with IPv6 dests and an IPv4 tunnel dest; persistence with IPv6 mask; listing, save, single service
ipvsadm -A --sctp-service [fd00::100]:80 -s wrr -p 10 -M 64
echo "rc=$?"
ipvsadm -a --sctp-service [fd00::100]:80 -r [fd00::2]:80 -m -w 3
echo "rc=$?"
ipvsadm -a --sctp-service [fd00::100]:80 -r 10.0.0.2 -i
echo "rc=$?"
ipvsadm -a --sctp-service [fd00::100]:80 -r 10.0.0.3 -m
echo "rc=$?"
ipvsadm -L
ipvsadm -Ln
ipvsadm -Sn
ipvsadm -Ln --sctp-service [fd00::100]:80
