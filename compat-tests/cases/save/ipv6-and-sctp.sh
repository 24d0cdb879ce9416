# desc: -S of IPv6 services with IPv6/IPv4 dests and SCTP services, numeric and with names
ipvsadm -A -t [fd00::2]:80 -s rr
ipvsadm -a -t [fd00::2]:80 -r [fd00::2]:80 -m
ipvsadm -a -t [fd00::2]:80 -r 10.0.0.2 -i --tun-type gre --tun-nocsum
ipvsadm -A -u [fd00::100]:53 -p 100 -M 48 -o
ipvsadm -A --sctp-service [fd00::108]:3868
ipvsadm -a --sctp-service [fd00::108]:3868 -r [fd00::5]:3868 -m -w 3
ipvsadm -A --sctp-service 10.0.0.100:80
ipvsadm -Sn
echo "rc=$?"
ipvsadm -S
echo "rc=$?"
