# desc: -D accepts only a service, -d only a service and -r (forwarding, weight, scheduler illegal)
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2
ipvsadm -D -t 10.0.0.100:80 -s rr
echo "rc=$?"
ipvsadm -D -t 10.0.0.100:80 -p 10
echo "rc=$?"
ipvsadm -D -t 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2 -g
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2 -w 1
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2 -x 1
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2 --tun-type ipip
echo "rc=$?"
ipvsadm -Ln
