# desc: --start-daemon with options outside its matrix column: Illegal '<opt>' option with the 'start-daemon' command; duplicates; nothing started
ipvsadm --start-daemon master -n
echo "rc=$?"
ipvsadm --start-daemon master -t 10.0.0.100:80
echo "rc=$?"
ipvsadm --start-daemon master -s rr
echo "rc=$?"
ipvsadm --start-daemon master -c
echo "rc=$?"
ipvsadm --start-daemon master --timeout
echo "rc=$?"
ipvsadm --start-daemon master --daemon
echo "rc=$?"
ipvsadm --start-daemon backup -w 3
echo "rc=$?"
ipvsadm --start-daemon backup --stats
echo "rc=$?"
ipvsadm --start-daemon backup --exact
echo "rc=$?"
ipvsadm --start-daemon backup --tun-type gre
echo "rc=$?"
ipvsadm --start-daemon backup -r 10.0.0.2
echo "rc=$?"
ipvsadm --start-daemon backup --pe sip
echo "rc=$?"
ipvsadm --start-daemon master --syncid 1 --syncid 2
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group 239.1.1.1 --mcast-group 239.1.1.2
echo "rc=$?"
ipvsadm --start-daemon master --mcast-interface eth0 --mcast-interface eth0
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
