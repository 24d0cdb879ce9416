# desc: add TCP/UDP/fwmark/IPv6 services and real servers, list them, names from /etc/hosts (runner smoke test)
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -g -w 1
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2:8080 -m -w 3
ipvsadm -A -u vip.example:domain -s wlc -p 600
ipvsadm -a -u 10.0.0.100:53 -r rs2.example -i
ipvsadm -A -f 7 -s sh
ipvsadm -a -f 7 -r 192.168.2.5 -w 0
ipvsadm -A -t [fd00::100]:443 -s mh
ipvsadm -a -t [fd00::100]:443 -r [fd00::2]:443 -m
ipvsadm -Ln
ipvsadm -L
ipvsadm -Ln --stats
ipvsadm -L -t vip.example:http
ipvsadm -S
echo "rc=$?"
