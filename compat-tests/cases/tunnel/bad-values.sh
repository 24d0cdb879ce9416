# desc: bad --tun-type (unknown, upper case, empty) and --tun-port (0, 65536, -1, words, trailing garbage, service names) values; missing arguments
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type foo
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type GUE
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type ""
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port 0
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port 65536
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port -1
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port abc
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port 6080x
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port http
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port ""
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-port 0 --tun-type foo
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-csum=1
echo "rc=$?"
ipvsadm -Ln --tun-info
