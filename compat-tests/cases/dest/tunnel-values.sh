# desc: --tun-type must be ipip/gue/gre and --tun-port 1..65535 (value errors before other checks)
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type foo
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type GUE --tun-port 1
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type gue --tun-port 0
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type gue --tun-port 65536
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -i --tun-type gue --tun-port abc
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -m --tun-type foo
echo "rc=$?"
ipvsadm -Ln
