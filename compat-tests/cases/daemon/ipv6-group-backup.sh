# desc: backup daemon with IPv6 mcast-group ff02::1 on eth0 (default maxlen for IPv6), then with ff02::1234 and port/ttl
ipvsadm --start-daemon backup --mcast-interface eth0 --mcast-group ff02::1
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
ipvsadm --stop-daemon backup
echo "rc=$?"
ipvsadm --start-daemon backup --mcast-group ff02::1234 --mcast-port 8850 --mcast-ttl 3 --syncid 9
echo "rc=$?"
ipvsadm -Ln --daemon
echo "rc=$?"
ipvsadm --stop-daemon backup
echo "rc=$?"
ipvsadm -L --daemon
