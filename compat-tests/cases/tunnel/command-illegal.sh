# desc: tunnel options with commands that do not take them (-A, -E, -d, -L, -S, -Z) and duplicated tunnel options
ipvsadm -A -t 10.0.0.100:80 --tun-type gue
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80
ipvsadm -E -t 10.0.0.100:80 --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gre
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2 --tun-type gre
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2 --tun-csum
echo "rc=$?"
ipvsadm -L --tun-type gre
echo "rc=$?"
ipvsadm -L --tun-remcsum
echo "rc=$?"
ipvsadm -S --tun-nocsum
echo "rc=$?"
ipvsadm -Z --tun-port 1
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3 -i --tun-type gre --tun-type gre
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3 -i --tun-type gue --tun-port 1 --tun-port 2
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3 -i --tun-type gre --tun-csum --tun-csum
echo "rc=$?"
ipvsadm -S --tun-info
echo "rc=$?"
ipvsadm -Ln --tun-info
