# desc: --mcast-group: non-multicast IPv4/IPv6, garbage and names rejected (invalid IPv4/IPv6 mcast-group), edge multicast addresses accepted
ipvsadm --start-daemon master --mcast-group 10.0.0.1
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group 240.0.0.1
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group 223.255.255.255
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group fd00::1
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group ff02::zz
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group abc
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group vip.example
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group [ff02::1]
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group ""
echo "rc=$?"
ipvsadm --start-daemon master --mcast-group 224.0.0.0
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon master
ipvsadm --start-daemon backup --mcast-group 239.255.255.255
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon backup
ipvsadm --start-daemon backup --mcast-group ff02::
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon backup
echo "rc=$?"
