# desc: tunnel options without -i (with -m, -g, or default) give Tunnel options conflict with forward method
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -m --tun-type gue --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -g --tun-type ipip
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13 -m --tun-port 1
echo "rc=$?"
ipvsadm -Ln
