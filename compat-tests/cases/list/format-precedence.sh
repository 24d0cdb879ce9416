# desc: only one layout is used: stats > rate > thresholds > persistent-conn > tun-info > default; --exact alone changes nothing
ipvsadm -A -t 10.0.0.100:80 -p 60
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.5 -i -x 9 -y 3
ipvsadm -Ln --rate --stats
echo "rc=$?"
ipvsadm -Ln --thresholds --rate
echo "rc=$?"
ipvsadm -Ln --persistent-conn --thresholds
echo "rc=$?"
ipvsadm -Ln --tun-info --persistent-conn
echo "rc=$?"
ipvsadm -Ln --exact
echo "rc=$?"
