# desc: -L --timeout with other list options: -n, --exact, --nosort, --syncid, --tun-info ok; --stats/--rate/--thresholds/--persistent-conn conflict; -t/-c/--daemon matrix conflicts
ipvsadm --set 61 62 63
ipvsadm -L --timeout -n --exact --nosort
echo "rc=$?"
ipvsadm -L --timeout --syncid 5
echo "rc=$?"
ipvsadm -L --timeout --tun-info
echo "rc=$?"
ipvsadm -L --timeout --stats
echo "rc=$?"
ipvsadm -L --timeout --rate
echo "rc=$?"
ipvsadm -L --timeout --thresholds
echo "rc=$?"
ipvsadm -L --timeout --persistent-conn
echo "rc=$?"
ipvsadm -L --timeout -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -L --timeout -c
echo "rc=$?"
ipvsadm -L --daemon --timeout
echo "rc=$?"
ipvsadm -L --timeout --timeout
echo "rc=$?"
