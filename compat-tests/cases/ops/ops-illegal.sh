# desc: -o with commands that do not take it (-a, -e, -d, -D, -L, -S, -Z, --set, --start-daemon) and duplicated -o
ipvsadm -A -u 10.0.0.100:53 -o
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2 -o
echo "rc=$?"
ipvsadm -e -u 10.0.0.100:53 -r 10.0.0.2 -o
echo "rc=$?"
ipvsadm -d -u 10.0.0.100:53 -r 10.0.0.2 -o
echo "rc=$?"
ipvsadm -D -u 10.0.0.100:53 -o
echo "rc=$?"
ipvsadm -L -o
echo "rc=$?"
ipvsadm -Ln --ops
echo "rc=$?"
ipvsadm -S -o
echo "rc=$?"
ipvsadm -Z -o
echo "rc=$?"
ipvsadm --set 1 2 3 -o
echo "rc=$?"
ipvsadm --start-daemon master -o
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:54 -o -o
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:55 -o --ops
echo "rc=$?"
ipvsadm -Ln
