# desc: matrix problems are reported in option-table order, not argv order; compulsory and illegal interleave
ipvsadm -a -s rr -n -t 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -A -r 10.0.0.2 -n -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -a -s rr
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -s rr
echo "rc=$?"
ipvsadm -A -w 3 -r 10.0.0.2
echo "rc=$?"
ipvsadm -L --tun-type gre -o --pe sip -s rr
echo "rc=$?"
ipvsadm -D --stats -c
echo "rc=$?"
