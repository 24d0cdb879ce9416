# desc: port names are looked up for the service's own protocol (tcp/udp/sctp)
ipvsadm -A -u 10.0.0.100:http
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:domain
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:http
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:domain
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:ssh
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:ntp
echo "rc=$?"
ipvsadm -Ln
