# desc: view precedence when several are given: stats > rate > thresholds > persistent-conn > tun-info > default, in either argv order
. /payload/lib/views.sh
views_table
ipvsadm -Ln --rate --stats
ipvsadm -Ln --thresholds --rate
ipvsadm -Ln --persistent-conn --thresholds
ipvsadm -Ln --tun-info --persistent-conn
ipvsadm -Ln --tun-info --stats
ipvsadm -Ln --tun-info --thresholds --persistent-conn --rate --stats --exact --nosort -t 10.0.0.100:443
echo "rc=$?"
