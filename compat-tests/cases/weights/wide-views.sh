# desc: wide weights on IPv6 and fwmark dests in every list view (names, numeric, --thresholds, --stats, --rate, single service)
ipvsadm -A -t [fd00::100]:80
ipvsadm -a -t [fd00::100]:80 -r [fd00::2]:80 -m -w 2147483647
ipvsadm -a -t [fd00::100]:80 -r [fd00::3]:80 -m -w 100000 -x 9 -y 2
ipvsadm -A -f 8
ipvsadm -a -f 8 -r 10.0.0.2:0 -g -w 1234567
ipvsadm -L
ipvsadm -Ln --thresholds
ipvsadm -Ln --stats
ipvsadm -Ln --rate
ipvsadm -L -f 8 --persistent-conn
