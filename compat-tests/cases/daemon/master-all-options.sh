# desc: master with every daemon option (syncid, sync-maxlen, IPv4 mcast-group, mcast-port, mcast-ttl); listing shows the effective maxlen
ipvsadm --start-daemon master --mcast-interface eth0 --syncid 5 --sync-maxlen 1000 --mcast-group 239.1.2.3 --mcast-port 9000 --mcast-ttl 5
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
ipvsadm --stop-daemon master
echo "rc=$?"
ipvsadm -L --daemon
