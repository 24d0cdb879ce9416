# desc: list view conflicts: -c/--timeout/--daemon with --stats/--rate/--thresholds (options conflicts), --timeout/--daemon with --persistent-conn, matrix conflicts of -c with -t/--timeout/--daemon; allowed -c combinations
ipvsadm -A -t 10.0.0.100:80
ipvsadm -Lc --stats
echo "rc=$?"
ipvsadm -Lc --rate
echo "rc=$?"
ipvsadm -Lc --thresholds
echo "rc=$?"
ipvsadm -L --timeout --persistent-conn
echo "rc=$?"
ipvsadm -L --daemon --thresholds
echo "rc=$?"
ipvsadm -Lc -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -L -t 10.0.0.100:80 -c
echo "rc=$?"
ipvsadm -Lc --timeout
echo "rc=$?"
ipvsadm -Lc --daemon
echo "rc=$?"
ipvsadm -L -t 10.0.0.100:80 --timeout --stats
echo "rc=$?"
ipvsadm -Lc -c
echo "rc=$?"
ipvsadm -L --stats --stats
echo "rc=$?"
ipvsadm -Lc --tun-info
echo "rc=$?"
ipvsadm -Lc --nosort -n
echo "rc=$?"
