# desc: adding an existing service (TCP, UDP, fwmark, fwmark v6) fails in the kernel: Service already exists, rc 255
ipvsadm -A -t 10.0.0.100:80
ipvsadm -A -t 10.0.0.100:80 -s rr
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:80
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:80
echo "rc=$?"
ipvsadm -A -f 1
ipvsadm -A -f 1 -p
echo "rc=$?"
ipvsadm -A -f 1 -6
echo "rc=$?"
ipvsadm -A -f 1 -6
echo "rc=$?"
ipvsadm -Ln
