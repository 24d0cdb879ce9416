# desc: -o accepted on fwmark services (IPv4 and IPv6), -E without -o clears it, -E adds it; listing and save
ipvsadm -A -f 1 -o
echo "rc=$?"
ipvsadm -A -f 2 -6 -o -p 10
echo "rc=$?"
ipvsadm -A -f 3
ipvsadm -Ln
ipvsadm -E -f 1
echo "rc=$?"
ipvsadm -E -f 3 -o -s rr
echo "rc=$?"
ipvsadm -E -f 2 -6 -o
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
