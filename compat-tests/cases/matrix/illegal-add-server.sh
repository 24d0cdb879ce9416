# desc: service-level options are illegal with -a and -e (scheduler, persistent, netmask, ops, pe, sched-flags, numeric)
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -s rr
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -p
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -M 255.255.255.0
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -o
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 --pe sip
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -b flag-1
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -n
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -s rr
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 --tun-info
echo "rc=$?"
ipvsadm -Ln
