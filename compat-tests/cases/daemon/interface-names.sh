# desc: --mcast-interface edge values: empty, 15 and 16+ characters, lo
ipvsadm --start-daemon master --mcast-interface ""
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --start-daemon master --mcast-interface abcdefghijklmno
echo "rc=$?"
ipvsadm --start-daemon master --mcast-interface abcdefghijklmnopqrstuvwxyz
echo "rc=$?"
ipvsadm --start-daemon backup --mcast-interface lo
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon master
ipvsadm --stop-daemon backup
ipvsadm -L --daemon
