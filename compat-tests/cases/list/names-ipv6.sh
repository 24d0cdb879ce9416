# desc: non-numeric listing of IPv6 services and dests keeps brackets around host names ([rs6.example]:http)
ipvsadm -A -t [fd00::2]:443 -s wrr
ipvsadm -a -t [fd00::2]:443 -r [fd00::2]:443 -m
ipvsadm -a -t [fd00::2]:443 -r [fd00::2]:22 -m
ipvsadm -A -u [fd00::2]:53
ipvsadm -a -u [fd00::2]:53 -r 10.0.0.2 -i
ipvsadm -A -f 4 -6
ipvsadm -a -f 4 -6 -r [fd00::2]:80 -m
ipvsadm -L
echo "rc=$?"
