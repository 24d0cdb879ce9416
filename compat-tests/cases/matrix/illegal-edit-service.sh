# desc: options illegal with -E report the edit-service command name
ipvsadm -A -t 10.0.0.100:80
ipvsadm -E -t 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -E -t 10.0.0.100:80 -i
echo "rc=$?"
ipvsadm -E -t 10.0.0.100:80 --nosort
echo "rc=$?"
ipvsadm -E -t 10.0.0.100:80 --tun-csum
echo "rc=$?"
ipvsadm -E
echo "rc=$?"
ipvsadm -Ln
