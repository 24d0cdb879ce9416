# desc: -Z with services given by host and port names (vip.example:http, domain), and port 0 services
ipvsadm -A -t 10.0.0.100:80
ipvsadm -A -u 10.0.0.100:53
ipvsadm -A -t 10.0.0.100:0 -p
ipvsadm -Z -t vip.example:http
echo "rc=$?"
ipvsadm -Z -u vip.example:domain
echo "rc=$?"
ipvsadm -Z -t vip.example:0
echo "rc=$?"
ipvsadm -Z -t vip.example
echo "rc=$?"
ipvsadm -Z -u vip.example:http
echo "rc=$?"
ipvsadm -Z -t nosuch.example:80
echo "rc=$?"
ipvsadm -L --stats
