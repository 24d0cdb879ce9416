# desc: master daemon with IPv6 mcast-group ff02::1 and the maximum --sync-maxlen 65507 (kernel clamps to the MTU)
ipvsadm --start-daemon master --mcast-interface eth0 --mcast-group ff02::1 --sync-maxlen 65507
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
ipvsadm --stop-daemon master
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group ff05::1:3 --sync-maxlen 1
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
ipvsadm --stop-daemon master
echo "rc=$?"
ipvsadm -L --daemon
