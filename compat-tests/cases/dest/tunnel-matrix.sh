# desc: tunnel type/option matrix for -a: gue needs tun-port, gre/ipip forbid it, checksum options conflict, ipip forbids all
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type gue
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type gre --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type gue --tun-port 6080 --tun-nocsum --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type gue --tun-port 6080 --tun-remcsum --tun-nocsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type gre --tun-remcsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type gre --tun-csum --tun-nocsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type ipip --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type ipip --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-nocsum
echo "rc=$?"
ipvsadm -Ln
