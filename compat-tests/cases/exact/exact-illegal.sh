# desc: --exact with commands other than -L (-A, -a, -S, -Z, -C, --set, --start-daemon) is Illegal; -L --exact with --timeout, --daemon, -c
ipvsadm -A -t 10.0.0.100:80 --exact
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -X
echo "rc=$?"
ipvsadm -S --exact
echo "rc=$?"
ipvsadm -Sn -X
echo "rc=$?"
ipvsadm -Z --exact
echo "rc=$?"
ipvsadm -C --exact
echo "rc=$?"
ipvsadm --set 1 2 3 --exact
echo "rc=$?"
ipvsadm --start-daemon master --exact
echo "rc=$?"
ipvsadm -L --exact --timeout
echo "rc=$?"
ipvsadm -L --exact --daemon
echo "rc=$?"
ipvsadm -Lc --exact
echo "rc=$?"
ipvsadm -Ln
