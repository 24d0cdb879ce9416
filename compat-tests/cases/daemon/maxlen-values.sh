# desc: --sync-maxlen range 1..65507: 0, 65508, -5, x rejected (illegal sync-maxlen specified); valid edge values accepted and listed
ipvsadm --start-daemon master --sync-maxlen 0
echo "rc=$?"
ipvsadm --start-daemon master --sync-maxlen 65508
echo "rc=$?"
ipvsadm --start-daemon master --sync-maxlen -5
echo "rc=$?"
ipvsadm --start-daemon master --sync-maxlen x
echo "rc=$?"
ipvsadm --start-daemon backup --sync-maxlen 100000
echo "rc=$?"
ipvsadm --start-daemon backup --sync-maxlen 1472
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon backup
ipvsadm --start-daemon backup --sync-maxlen 600
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon backup
echo "rc=$?"
