# desc: --syncid range 0..255 on start: 255 and 0 accepted (listed); 256, -1, abc, 1x, empty rejected with illegal syncid specified
ipvsadm --start-daemon master --syncid 255
echo "rc=$?"
ipvsadm --start-daemon backup --syncid 0
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon master
ipvsadm --stop-daemon backup
ipvsadm --start-daemon master --syncid 256
echo "rc=$?"
ipvsadm --start-daemon master --syncid -1
echo "rc=$?"
ipvsadm --start-daemon master --syncid abc
echo "rc=$?"
ipvsadm --start-daemon master --syncid 1x
echo "rc=$?"
ipvsadm --start-daemon master --syncid ""
echo "rc=$?"
ipvsadm --start-daemon master --syncid
echo "rc=$?"
ipvsadm -L --daemon
