# desc: -D -f N does not match an IPv6 fwmark service; -D -f N -6 does
ipvsadm -A -f 2 -6
ipvsadm -A -f 3
ipvsadm -D -f 2
echo "rc=$?"
ipvsadm -D -f 3 -6
echo "rc=$?"
ipvsadm -D -f 2 -6
echo "rc=$?"
ipvsadm -D -f 3
echo "rc=$?"
ipvsadm -Ln
