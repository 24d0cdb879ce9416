# desc: long options with =value and with a separate value are equivalent
ipvsadm --add-service --tcp-service=10.0.0.109:80 --scheduler=lc --persistent=100
echo "rc=$?"
ipvsadm --add-service --udp-service 10.0.0.109:53 --scheduler wrr --persistent 100 --netmask 255.255.0.0
echo "rc=$?"
ipvsadm --add-server --tcp-service=10.0.0.109:80 --real-server=192.168.1.2:80 --masquerading --weight=3 --u-threshold=9 --l-threshold=4
echo "rc=$?"
ipvsadm --add-server --udp-service 10.0.0.109:53 --real-server 192.168.1.2 --ipip --weight 4
echo "rc=$?"
ipvsadm --list --numeric
echo "rc=$?"
