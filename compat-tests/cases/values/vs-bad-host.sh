# desc: numeric-looking hosts that inet_aton rejects (256.1.1.1, 1.2.3.4.5, 10.0.0.256) are illegal service addresses
ipvsadm -A -t 256.1.1.1:80
echo "rc=$?"
ipvsadm -A -t 1.2.3.4.5:80
echo "rc=$?"
ipvsadm -A -u 10.0.0.256:53
echo "rc=$?"
