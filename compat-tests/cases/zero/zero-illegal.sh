# desc: -Z accepts only a service: every other option gives Illegal '<opt>' option with the 'zero' command; leftover positional; bad service value
ipvsadm -A -t 10.0.0.100:80
ipvsadm -Z -n
echo "rc=$?"
ipvsadm -Z -c
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 -s rr
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 -p
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 -M 255.0.0.0
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 -m
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 -w 2
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 -x 2
echo "rc=$?"
ipvsadm -Z --stats
echo "rc=$?"
ipvsadm -Z --timeout
echo "rc=$?"
ipvsadm -Z --syncid 1
echo "rc=$?"
ipvsadm -Z --exact
echo "rc=$?"
ipvsadm -Z --nosort
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 -o
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 --pe sip
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 -b flag-1
echo "rc=$?"
ipvsadm -Z --mcast-group 239.1.1.1
echo "rc=$?"
ipvsadm -Z --tun-type gue
echo "rc=$?"
ipvsadm -Z --tun-info
echo "rc=$?"
ipvsadm -Z foo
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 -u 10.0.0.100:80
echo "rc=$?"
ipvsadm -Z -t 10.0.0.100:80 --sort
echo "rc=$?"
