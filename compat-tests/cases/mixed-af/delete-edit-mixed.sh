# desc: -d of a mixed-af dest (no forwarding check on delete), -e tunnel type changes on mixed dests, duplicate mixed dest, -L single service
ipvsadm -A -t [fd00::100]:443 -s rr
ipvsadm -a -t [fd00::100]:443 -r 10.0.0.2 -i
ipvsadm -a -t [fd00::100]:443 -r 10.0.0.3 -i
ipvsadm -a -t [fd00::100]:443 -r 10.0.0.2 -i
echo "rc=$?"
ipvsadm -e -t [fd00::100]:443 -r 10.0.0.3 -i --tun-type gre --tun-csum -w 0
echo "rc=$?"
ipvsadm -L -t [fd00::100]:443 --tun-info
ipvsadm -d -t [fd00::100]:443 -r 10.0.0.2
echo "rc=$?"
ipvsadm -d -t [fd00::100]:443 -r 10.0.0.2:443
echo "rc=$?"
ipvsadm -d -t [fd00::100]:443 -r [fd00::3]:443
echo "rc=$?"
ipvsadm -Ln -t [fd00::100]:443
ipvsadm -Sn
