# desc: --stop-daemon of a state that is not running: No daemon is running (rc 255), also while the other state runs and after a stop
ipvsadm --stop-daemon backup
echo "rc=$?"
ipvsadm --start-daemon master
echo "rc=$?"
ipvsadm --stop-daemon backup
echo "rc=$?"
ipvsadm --stop-daemon master
echo "rc=$?"
ipvsadm --stop-daemon master
echo "rc=$?"
ipvsadm --stop-daemon backup --syncid 0
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
