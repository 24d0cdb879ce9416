# desc: -Z on fwmark services: -f N vs -f N -6 select different services; --fwmark-service long form with --ipv6; bad fwmark values
ipvsadm -A -f 5
ipvsadm -A -f 6 -6
ipvsadm -Z -f 5
echo "rc=$?"
ipvsadm -Z -f 5 -6
echo "rc=$?"
ipvsadm -Z --fwmark-service 6 --ipv6
echo "rc=$?"
ipvsadm -Z -f 6
echo "rc=$?"
ipvsadm -Z -f 0
echo "rc=$?"
ipvsadm -Z -f 4294967296
echo "rc=$?"
ipvsadm -Z -6 -f 6
echo "rc=$?"
ipvsadm -Ln --stats
