# desc: bad state words for --start-daemon (illegal start-daemon parameter) and --stop-daemon (illegal start_daemon), missing state argument
ipvsadm --start-daemon foo
echo "rc=$?"
ipvsadm --start-daemon Master
echo "rc=$?"
ipvsadm --start-daemon masterx
echo "rc=$?"
ipvsadm --start-daemon ""
echo "rc=$?"
ipvsadm --start-daemon
echo "rc=$?"
ipvsadm --stop-daemon BACKUP
echo "rc=$?"
ipvsadm --stop-daemon both
echo "rc=$?"
ipvsadm --stop-daemon
echo "rc=$?"
ipvsadm --start-daemon foo --syncid 999
echo "rc=$?"
ipvsadm --start-daemon master extra
echo "rc=$?"
ipvsadm -L --daemon
echo "rc=$?"
