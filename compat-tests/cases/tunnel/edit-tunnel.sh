# desc: -e changes tunnel type/port/flags (ipip -> gue -> gre -> gue port change -> ipip), -e -m drops the tunnel; listing and save after each
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port 6080 --tun-csum
echo "rc=$?"
ipvsadm -Ln --tun-info
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gre --tun-csum -w 5
echo "rc=$?"
ipvsadm -Ln --tun-info
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port 7000 --tun-remcsum
echo "rc=$?"
ipvsadm -Sn
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type ipip
echo "rc=$?"
ipvsadm -Ln --tun-info
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -m
echo "rc=$?"
ipvsadm -Ln --tun-info
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.9 -i --tun-type gre
echo "rc=$?"
ipvsadm -Sn
