# desc: service host and port names resolve via /etc/hosts and /etc/services (vip.example:http, localhost:https, -u :domain)
ipvsadm -A -t vip.example:http
echo "rc=$?"
ipvsadm -A -t localhost:https -s rr
echo "rc=$?"
ipvsadm -A -u vip.example:domain
echo "rc=$?"
ipvsadm -A -t rs2.example:www
echo "rc=$?"
ipvsadm -A -t vip.example
echo "rc=$?"
ipvsadm -Ln
