# desc: backup with every daemon option, long options in --opt=value form; listing after start and after stop
ipvsadm --start-daemon=backup --mcast-interface=eth0 --syncid=200 --sync-maxlen=1400 --mcast-group=239.255.0.1 --mcast-port=1 --mcast-ttl=255
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
ipvsadm --stop-daemon=backup
echo "rc=$?"
ipvsadm -L --daemon
