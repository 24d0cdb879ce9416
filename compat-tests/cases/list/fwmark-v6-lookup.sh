# desc: -Ln -f 2 does not find the IPv6 fwmark service 2 (No such service, rc 1); -Ln -f 2 -6 does
ipvsadm -A -f 2 -6
ipvsadm -a -f 2 -6 -r [fd00::3]:80 -m
ipvsadm -A -f 3
ipvsadm -Ln -f 2
echo "rc=$?"
ipvsadm -Ln -f 2 -6
echo "rc=$?"
ipvsadm -Ln -f 3 -6
echo "rc=$?"
ipvsadm -Ln -f 3
echo "rc=$?"
