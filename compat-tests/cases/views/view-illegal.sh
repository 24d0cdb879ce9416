# desc: view options (--stats, --rate, --thresholds, --persistent-conn, --tun-info, --nosort) with non-list commands are Illegal; -S accepts none of them
ipvsadm -A -t 10.0.0.100:80 --stats
echo "rc=$?"
ipvsadm -S --rate
echo "rc=$?"
ipvsadm -S --thresholds
echo "rc=$?"
ipvsadm -Z --persistent-conn
echo "rc=$?"
ipvsadm -C --tun-info
echo "rc=$?"
ipvsadm -D -t 10.0.0.100:80 --nosort
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 --thresholds
echo "rc=$?"
ipvsadm --stop-daemon master --stats
echo "rc=$?"
ipvsadm -L --stats=yes
echo "rc=$?"
ipvsadm -L --stat
echo "rc=$?"
