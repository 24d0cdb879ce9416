# desc: -L layout conflicts: (c|timeout|daemon) with (stats|rate|thresholds), (timeout|daemon) with persistent-conn; allowed combinations
ipvsadm -L -c --stats
echo "rc=$?"
ipvsadm -L --timeout --rate
echo "rc=$?"
ipvsadm -L --daemon --thresholds
echo "rc=$?"
ipvsadm -L --timeout --persistent-conn
echo "rc=$?"
ipvsadm -L --daemon --persistent-conn
echo "rc=$?"
ipvsadm -Ln -c --persistent-conn
echo "rc=$?"
ipvsadm -Ln --stats --rate
echo "rc=$?"
ipvsadm -L --timeout --tun-info
echo "rc=$?"
ipvsadm -L -c --nosort --exact -n
echo "rc=$?"
