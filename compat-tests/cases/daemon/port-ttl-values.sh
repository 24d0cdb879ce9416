# desc: --mcast-port 1..65535 and --mcast-ttl 1..255: out-of-range and non-numeric values rejected; 65535/255 accepted and listed
ipvsadm --start-daemon master --mcast-port 0
echo "rc=$?"
ipvsadm --start-daemon master --mcast-port 65536
echo "rc=$?"
ipvsadm --start-daemon master --mcast-port http
echo "rc=$?"
ipvsadm --start-daemon master --mcast-ttl 0
echo "rc=$?"
ipvsadm --start-daemon master --mcast-ttl 256
echo "rc=$?"
ipvsadm --start-daemon master --mcast-ttl -1
echo "rc=$?"
ipvsadm --start-daemon master --mcast-ttl 2a
echo "rc=$?"
ipvsadm --start-daemon master --mcast-port 65535 --mcast-ttl 255
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon master
echo "rc=$?"
