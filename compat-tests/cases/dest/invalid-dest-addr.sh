# desc: 0.0.0.0 and multicast dests are rejected by the kernel with EINVAL (long Invalid operation text); loopback and local ok
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 0.0.0.0 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 224.0.0.5 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 255.255.255.255 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 127.0.0.1 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.1
echo "rc=$?"
ipvsadm -Ln
