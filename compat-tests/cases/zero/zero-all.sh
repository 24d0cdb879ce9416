# desc: -Z with no service zeroes all services (TCP, UDP, SCTP, fwmark, fwmark IPv6, IPv6) with rc 0; --zero long form; stats listing after
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -g
ipvsadm -A -u 10.0.0.100:53
ipvsadm -A --sctp-service 10.0.0.100:80
ipvsadm -A -f 1
ipvsadm -A -f 2 -6
ipvsadm -A -t [fd00::100]:443
ipvsadm -a -t [fd00::100]:443 -r fd00::2 -m
ipvsadm -Z
echo "rc=$?"
ipvsadm --zero
echo "rc=$?"
ipvsadm -Ln --stats
