# desc: starting a daemon of a state that already runs fails with Daemon has already run (rc 255), whatever the options; the other state still starts
ipvsadm --start-daemon master
echo "rc=$?"
ipvsadm --start-daemon master
echo "rc=$?"
ipvsadm --start-daemon master --syncid 7 --mcast-group 239.9.9.9
echo "rc=$?"
ipvsadm --start-daemon backup
echo "rc=$?"
ipvsadm --start-daemon backup --syncid 3
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon master
echo "rc=$?"
ipvsadm --stop-daemon backup
echo "rc=$?"
ipvsadm -L --daemon
