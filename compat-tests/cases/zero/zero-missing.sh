# desc: -Z of a missing service: No such service rc 255 (TCP/UDP proto mismatch, fwmark, fwmark without -6, IPv6); -Z all on an empty table rc 0
ipvsadm -Z
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80
ipvsadm -A -f 2 -6
ipvsadm -Z -u 10.0.0.100:80
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:81
echo "rc=$?"
ipvsadm -Z -f 9
echo "rc=$?"
ipvsadm -Z -f 2
echo "rc=$?"
ipvsadm -Z -t [fd00::100]:80
echo "rc=$?"
ipvsadm -Z --sctp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80
echo "rc=$?"
