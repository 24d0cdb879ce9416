# desc: fwmark dests keep their port with any forwarding; without a port they get port 0
ipvsadm -A -f 1
ipvsadm -a -f 1 -r 10.0.0.32:99 -g
echo "rc=$?"
ipvsadm -a -f 1 -r 10.0.0.33 -g
echo "rc=$?"
ipvsadm -a -f 1 -r 10.0.0.34:22 -i
echo "rc=$?"
ipvsadm -a -f 1 -r 10.0.0.35:http -m
echo "rc=$?"
ipvsadm -A -f 2 -6
ipvsadm -a -f 2 -6 -r [fd00::3]:80 -m
echo "rc=$?"
ipvsadm -a -f 2 -6 -r fd00::4
echo "rc=$?"
ipvsadm -Ln
