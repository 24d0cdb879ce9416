# desc: daemon-only options (mcast-group/port/ttl, sync-maxlen, mcast-interface) are illegal with the list command
ipvsadm -L --mcast-interface eth0
echo "rc=$?"
ipvsadm -L --mcast-port 9000
echo "rc=$?"
ipvsadm -L --mcast-ttl 2
echo "rc=$?"
ipvsadm -L --sync-maxlen 1000
echo "rc=$?"
ipvsadm -L --syncid 256
echo "rc=$?"
ipvsadm -L --mcast-group 1.2.3.4
echo "rc=$?"
ipvsadm -L --mcast-group fd00::1
echo "rc=$?"
