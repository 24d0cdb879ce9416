# desc: --start-daemon master with defaults (eth0, syncid 0); -L/-Ln --daemon show it; --stop-daemon master removes it
ipvsadm --start-daemon master
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
ipvsadm -Ln --daemon
echo "rc=$?"
ipvsadm --stop-daemon master
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
