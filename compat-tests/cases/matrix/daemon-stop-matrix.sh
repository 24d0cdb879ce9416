# desc: --stop-daemon: bad state word, illegal options, and "No daemon is running" when none runs (no daemon is started)
ipvsadm --stop-daemon foo
echo "rc=$?"
ipvsadm --stop-daemon master --mcast-interface eth0
echo "rc=$?"
ipvsadm --stop-daemon master -n
echo "rc=$?"
ipvsadm --stop-daemon master --mcast-port 9000
echo "rc=$?"
ipvsadm --stop-daemon master
echo "rc=$?"
ipvsadm --stop-daemon backup --syncid 3
echo "rc=$?"
ipvsadm --stop-daemon master --syncid 300
echo "rc=$?"
