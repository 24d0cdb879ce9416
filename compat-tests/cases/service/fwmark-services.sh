# desc: fwmark services: v4, v6 (-f N -6), same mark in both families, max mark 4294967295 shown as -1
ipvsadm -A -f 1
echo "rc=$?"
ipvsadm -A -f 2 -6
echo "rc=$?"
ipvsadm -A -f 1 -6 -s rr
echo "rc=$?"
ipvsadm -A -f 4294967295
echo "rc=$?"
ipvsadm -A --fwmark-service 7 -s lc
echo "rc=$?"
ipvsadm -Ln
