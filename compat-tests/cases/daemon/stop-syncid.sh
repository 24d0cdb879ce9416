# desc: --stop-daemon accepts --syncid (sent to the kernel); a syncid other than the running one still stops it; bad syncid on stop
ipvsadm --start-daemon master --syncid 4
echo "rc=$?"
ipvsadm --stop-daemon master --syncid 9
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --start-daemon backup --syncid 4
echo "rc=$?"
ipvsadm --stop-daemon backup --syncid 256
echo "rc=$?"
ipvsadm --stop-daemon backup --syncid x
echo "rc=$?"
ipvsadm -L --daemon
ipvsadm --stop-daemon backup --syncid 4
echo "rc=$?"
ipvsadm -L --daemon
