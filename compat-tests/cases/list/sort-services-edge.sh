# desc: service sort of edge IPv4 addresses (224.0.0.1, 255.255.255.255, 0.0.0.0, 0.0.0.1, 1.2.0.3) with mixed protocols and fwmark af
# The set avoids comparison cycles: the kernel dump order varies per netns, so a cyclic set would list nondeterministically.
for a in 10.0.0.100 80.0.0.1 1.2.0.3 0.0.0.1 0.0.0.0 255.255.255.255 224.0.0.1 10.0.0.1; do
  ipvsadm -A -t $a:80
done
ipvsadm -A --sctp-service 10.0.0.1:80
ipvsadm -A -u 255.255.255.255:80
ipvsadm -A -f 2 -6
ipvsadm -A -f 2
ipvsadm -Ln
echo "rc=$?"
