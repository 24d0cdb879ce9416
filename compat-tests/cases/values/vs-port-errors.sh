# desc: service port parsing: -1, 65536, empty, unknown name, 0x50 fail; 65535, 080 and 0 with -p are accepted
ipvsadm -A -t 10.0.0.100:-1
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:65536
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:nosuchsvc
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:0x50
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:65535
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:080
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:0 -p
echo "rc=$?"
ipvsadm -Ln
