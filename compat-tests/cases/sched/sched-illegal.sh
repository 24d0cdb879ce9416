# desc: -s and -b with commands that do not take them: Illegal 'scheduler'/'sched-flags' option with -a, -e, -d, -D, -L, -Z, -S, -C
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -s rr
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -s rr
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2 -s rr
echo "rc=$?"
ipvsadm -D -t 10.0.0.100:80 -s rr
echo "rc=$?"
ipvsadm -L -s rr
echo "rc=$?"
ipvsadm -Z -s rr
echo "rc=$?"
ipvsadm -S -s rr
echo "rc=$?"
ipvsadm -C -s rr
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -b flag-1
echo "rc=$?"
ipvsadm -D -t 10.0.0.100:80 -b flag-1
echo "rc=$?"
ipvsadm -L -b flag-1
echo "rc=$?"
ipvsadm -L -b bogus
echo "rc=$?"
ipvsadm -D -t 10.0.0.100:80 -b sh-port
echo "rc=$?"
ipvsadm -Ln
