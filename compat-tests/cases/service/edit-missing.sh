# desc: -E on a missing service (TCP, wrong protocol, fwmark, v6 fwmark vs v4) gives No such service, rc 255
ipvsadm -A -t 10.0.0.100:80
ipvsadm -A -f 2 -6
ipvsadm -E -t 10.0.0.100:81 -s rr
echo "rc=$?"
ipvsadm -E -u 10.0.0.100:80 -s rr
echo "rc=$?"
ipvsadm -E -f 2 -s rr
echo "rc=$?"
ipvsadm -E -f 2 -6 -s rr
echo "rc=$?"
ipvsadm -Ln
