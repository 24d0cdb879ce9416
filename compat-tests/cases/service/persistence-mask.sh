# desc: persistence with masks for IPv4, IPv6 and fwmark services; mask without -p is invisible
ipvsadm -A -t 10.0.0.103:80 -p 100 -M 255.255.255.0
ipvsadm -A -t 10.0.0.103:81 -p 10 -M 0.0.0.0
ipvsadm -A -t 10.0.0.103:82 -M 255.255.0.0
ipvsadm -A -t 10.0.0.103:83 -p 10 -M 255.255.255.255
ipvsadm -A -t [fd00::102]:80 -p 10 -M 64
ipvsadm -A -t [fd00::102]:81 -M 64
ipvsadm -A -f 5 -p -M 255.255.255.0
ipvsadm -A -f 4 -6 -p -M 64
ipvsadm -A -u 10.0.0.104:81 -p 30 -o
ipvsadm -Ln
echo "rc=$?"
