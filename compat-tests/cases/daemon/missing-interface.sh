# desc: --mcast-interface naming a missing interface: No such device (rc 255) for master and backup; nothing left running
ipvsadm --start-daemon master --mcast-interface nosuch0
echo "rc=$?"
ipvsadm --start-daemon backup --mcast-interface nosuch0
echo "rc=$?"
ipvsadm --start-daemon master --mcast-interface eth1 --syncid 3
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
