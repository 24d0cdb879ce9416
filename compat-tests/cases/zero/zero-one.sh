# desc: -Z of one service: TCP, UDP, SCTP, fwmark, fwmark IPv6, IPv6 TCP, each rc 0, table unchanged
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -g
ipvsadm -A -u 10.0.0.100:53
ipvsadm -A --sctp-service 10.0.0.100:80
ipvsadm -A -f 1
ipvsadm -A -f 2 -6
ipvsadm -A -t [fd00::100]:443
ipvsadm -Z -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -Z -u 10.0.0.100:53
echo "rc=$?"
ipvsadm -Z --sctp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm -Z -f 1
echo "rc=$?"
ipvsadm -Z -f 2 -6
echo "rc=$?"
ipvsadm -Z -t [fd00::100]:443
echo "rc=$?"
ipvsadm -Z --tcp-service=10.0.0.100:80
echo "rc=$?"
ipvsadm -Ln --stats
