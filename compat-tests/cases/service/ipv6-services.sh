# desc: IPv6 TCP/UDP/SCTP services, any-address and loopback, persistent IPv6 service without port
ipvsadm -A -t [fd00::100]:443 -s wrr
echo "rc=$?"
ipvsadm -A -u [fd00::100]:53
echo "rc=$?"
ipvsadm -A --sctp-service [fd00::108]:80
echo "rc=$?"
ipvsadm -A -t [::1]:80
echo "rc=$?"
ipvsadm -A -t [::]:8080
echo "rc=$?"
ipvsadm -A -t fd00::200 -p 60
echo "rc=$?"
ipvsadm -Ln
