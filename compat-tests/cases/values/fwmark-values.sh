# desc: -f range 1..4294967295, strtol whole string: 0, -1, abc, 4294967296, 1x rejected; 4294967295, +7, " 8" accepted
ipvsadm -A -f 0
echo "rc=$?"
ipvsadm -A -f -1
echo "rc=$?"
ipvsadm -A -f abc
echo "rc=$?"
ipvsadm -A -f 4294967296
echo "rc=$?"
ipvsadm -A -f 1x
echo "rc=$?"
ipvsadm -A -f 4294967295
echo "rc=$?"
ipvsadm -A -f +7
echo "rc=$?"
ipvsadm -A -f " 8"
echo "rc=$?"
ipvsadm -A -f 0x10
echo "rc=$?"
ipvsadm -Ln
