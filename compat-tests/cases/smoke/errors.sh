# desc: diagnostics and exit codes for a few bad invocations; sync daemon start/stop (runner smoke test)
ipvsadm -A -t 10.0.0.100:80 -s nosuch
echo "rc=$?"
ipvsadm -A -t 10.0.0.100
echo "rc=$?"
ipvsadm --bogus
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80
ipvsadm -A -t 10.0.0.100:80
echo "rc=$?"
ipvsadm --start-daemon master --mcast-interface eth0
echo "rc=$?"
ipvsadm -L --daemon
exit 3
