# desc: -e changes forwarding method, weight and tunnel type; an edited gue dest without tunnel options goes back to ipip
ipvsadm -A -f 1
ipvsadm -a -f 1 -r 10.0.0.20:80 -m -w 2
ipvsadm -a -f 1 -r 10.0.0.21:80 -i --tun-type gue --tun-port 6080 --tun-csum
ipvsadm -e -f 1 -r 10.0.0.20:80 -i -w 4
echo "rc=$?"
ipvsadm -e -f 1 -r 10.0.0.21:80 -i
echo "rc=$?"
ipvsadm -Ln --tun-info
ipvsadm -e -f 1 -r 10.0.0.21:80 -g --tun-type gre
echo "rc=$?"
ipvsadm -Ln
