# desc: listings of an empty table: -Ln, -L, --stats, --rate, --thresholds, --persistent-conn, --tun-info headers only
ipvsadm -Ln
echo "rc=$?"
ipvsadm -L
echo "rc=$?"
ipvsadm -Ln --stats
echo "rc=$?"
ipvsadm -Ln --rate
echo "rc=$?"
ipvsadm -Ln --thresholds
echo "rc=$?"
ipvsadm -Ln --persistent-conn
echo "rc=$?"
ipvsadm -Ln --tun-info
echo "rc=$?"
