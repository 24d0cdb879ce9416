# desc: -D removes a service with its dests; -D on a missing service gives No such service, rc 255
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m
ipvsadm -A -u 10.0.0.100:53
ipvsadm -D -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -D -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -D -t 10.0.0.100:53
echo "rc=$?"
ipvsadm -D -u vip.example:domain
echo "rc=$?"
ipvsadm -Ln
