# desc: -Z on all services and on one service succeeds silently; -Z on a missing service gives No such service, rc 255
ipvsadm -Z
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m
ipvsadm -A -f 2 -6
ipvsadm -Z
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:81
echo "rc=$?"
ipvsadm -Z -f 2
echo "rc=$?"
ipvsadm -Z -f 2 -6
echo "rc=$?"
ipvsadm -Z -u 10.0.0.100:80
echo "rc=$?"
ipvsadm -Ln --stats
