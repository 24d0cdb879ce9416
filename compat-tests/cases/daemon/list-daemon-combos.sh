# desc: -L --daemon with a running daemon combined with other list options: --syncid ignored, -n, --exact, --nosort ok; conflicts with --timeout, -c, -t, --stats, --persistent-conn
ipvsadm --start-daemon backup --syncid 12
ipvsadm -L --daemon --syncid 3
echo "rc=$?"
ipvsadm -Ln --daemon --exact --nosort
echo "rc=$?"
ipvsadm -L --daemon --tun-info
echo "rc=$?"
ipvsadm -L --daemon --timeout
echo "rc=$?"
ipvsadm -L --daemon -c
echo "rc=$?"
ipvsadm -L --daemon -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -L --daemon --stats
echo "rc=$?"
ipvsadm -L --daemon --rate
echo "rc=$?"
ipvsadm -L --daemon --persistent-conn
echo "rc=$?"
ipvsadm -L --daemon --mcast-interface eth0
echo "rc=$?"
ipvsadm -L --daemon --daemon
echo "rc=$?"
ipvsadm --stop-daemon backup
echo "rc=$?"
