# desc: ipip matrix (explicit and default type): tun-port, tun-nocsum, tun-csum, tun-remcsum all illegal with the 'ipip' tunnel type
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type ipip --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type ipip --tun-nocsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type ipip --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type ipip --tun-remcsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-port 6080
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-remcsum --tun-nocsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type ipip
echo "rc=$?"
ipvsadm -Ln --tun-info
