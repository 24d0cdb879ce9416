# desc: repeated options, including across aliases (-t/-u/-f, -m/-g, -w/--weight), give multiple '<optname>' options specified
ipvsadm -A -t 10.0.0.100:80 -u 10.0.0.100:53
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -f 1
echo "rc=$?"
ipvsadm -A -f 1 --sctp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m -g
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --masquerading
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -w 1 --weight 2
echo "rc=$?"
ipvsadm -L -n -n
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -s rr -s wlc
echo "rc=$?"
ipvsadm -L --stats --stats
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -r 10.0.0.3
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-csum --tun-csum
echo "rc=$?"
