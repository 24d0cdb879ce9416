# desc: --rate layout on a zero-traffic table (dest lines use plain %8llu for the first three columns)
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.3 -g
ipvsadm -A --sctp-service 10.0.0.108:80
ipvsadm -A -f 4294967295
ipvsadm -Ln --rate
echo "rc=$?"
ipvsadm -Ln --rate --exact --sctp-service 10.0.0.108:80
echo "rc=$?"
ipvsadm -Ln --rate -X -f 4294967295
echo "rc=$?"
