# desc: IPv6 service with IPv6 dests: port forcing for -g/-i, -m keeps port, v6 fwmark dests
ipvsadm -A -t [fd00::100]:443 -s wrr
ipvsadm -a -t [fd00::100]:443 -r [fd00::2]:8443 -m -w 3
echo "rc=$?"
ipvsadm -a -t [fd00::100]:443 -r [fd00::3]:8443 -g
echo "rc=$?"
ipvsadm -a -t [fd00::100]:443 -r [fd00::4]:8443 -i
echo "rc=$?"
ipvsadm -a -t [fd00::100]:443 -r ::1 -m
echo "rc=$?"
ipvsadm -Ln
