# desc: port 0 on a non-fwmark service needs -p for -A and -E (Zero port specified for non-persistent service)
ipvsadm -A -t 10.0.0.100
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:0
echo "rc=$?"
ipvsadm -A -u [fd00::100]:0
echo "rc=$?"
ipvsadm -A -t 10.0.0.100 -p
echo "rc=$?"
ipvsadm -E -t 10.0.0.100 -s rr
echo "rc=$?"
ipvsadm -E -t 10.0.0.100:0 -s rr -p 20
echo "rc=$?"
ipvsadm -A -f 1
echo "rc=$?"
ipvsadm -D -t 10.0.0.101
echo "rc=$?"
ipvsadm -Ln
