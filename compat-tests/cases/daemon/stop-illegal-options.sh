# desc: --stop-daemon accepts only --syncid: every daemon option and others are Illegal with the 'stop-daemon' command (daemon left running)
ipvsadm --start-daemon master
echo "rc=$?"
ipvsadm --stop-daemon master --mcast-interface eth0
echo "rc=$?"
ipvsadm --stop-daemon master --mcast-group 239.1.2.3
echo "rc=$?"
ipvsadm --stop-daemon master --mcast-port 9000
echo "rc=$?"
ipvsadm --stop-daemon master --mcast-ttl 2
echo "rc=$?"
ipvsadm --stop-daemon master --sync-maxlen 1000
echo "rc=$?"
ipvsadm --stop-daemon master -n
echo "rc=$?"
ipvsadm --stop-daemon master --daemon
echo "rc=$?"
ipvsadm --stop-daemon master -f 1
echo "rc=$?"
ipvsadm --stop-daemon master foo
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon master
echo "rc=$?"
ipvsadm -L --daemon
