# desc: drain sets only the weight (forwarding, thresholds and tunnel kept) as 1.31's -e with every other setting repeated does, and drain --delete of an idle real server removes it as -d does; TCP, UDP over IPv6, fwmark, SCTP
# divergence: new-verbs
ipvsadm -A -t 10.0.0.10:80 -s wrr
ipvsadm -a -t 10.0.0.10:80 -r 192.168.1.2:8080 -m -w 5 -x 100 -y 50
ipvsadm -a -t 10.0.0.10:80 -r 192.168.1.3:80 -i -w 3 --tun-type gue --tun-port 6080 --tun-nocsum
ipvsadm -a -t 10.0.0.10:80 -r 192.168.1.4:80 -g -w 1
ipvsadm -A -u [fd00::10]:53 -s sh -b sh-port
ipvsadm -a -u [fd00::10]:53 -r [fd00::20]:5353 -m -w 2
ipvsadm -A -f 9 -s lc
ipvsadm -a -f 9 -r 192.168.1.5 -g -w 4
ipvsadm -A --sctp-service 10.0.0.10:3868 -s rr
ipvsadm -a --sctp-service 10.0.0.10:3868 -r 192.168.1.6:3868 -m -w 2
ipvsadm drain -t 10.0.0.10:80 -r 192.168.1.2:8080; echo "rc=$?"
ipvsadm drain -t 10.0.0.10:80 -r 192.168.1.3 --wait 0; echo "rc=$?"
ipvsadm drain -u [fd00::10]:53 -r [fd00::20]:5353; echo "rc=$?"
ipvsadm drain -f 9 -r 192.168.1.5; echo "rc=$?"
ipvsadm drain --sctp-service 10.0.0.10:3868 -r 192.168.1.6:3868 --wait 0; echo "rc=$?"
ipvsadm -Ln
ipvsadm -Ln --thresholds
ipvsadm drain -t 10.0.0.10:80 -r 192.168.1.4 --delete; echo "rc=$?"
ipvsadm drain -f 9 -r 192.168.1.5 --delete --wait 5; echo "rc=$?"
ipvsadm -Ln
