# desc: master and backup together (master listed first), stopped one at a time, listing after each step
ipvsadm --start-daemon backup --syncid 2 --mcast-group 239.1.2.3
echo "rc=$?"
ipvsadm --start-daemon master --syncid 1 --mcast-port 9001
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
ipvsadm --stop-daemon backup
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
ipvsadm --stop-daemon backup
echo "rc=$?"
ipvsadm --stop-daemon master
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
