# desc: --start-daemon backup with --mcast-interface eth0; listed; stopped with --stop-daemon backup
ipvsadm --start-daemon backup --mcast-interface eth0
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
ipvsadm --stop-daemon backup
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
