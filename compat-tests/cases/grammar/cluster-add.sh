# desc: clusters with commands that take values: -At VIP -srr, -at VIP -r RS -mw3 (value attached after a flag)
ipvsadm -At 10.0.0.100:80 -srr
echo "rc=$?"
ipvsadm -at 10.0.0.100:80 -r192.168.1.2 -mw3
echo "rc=$?"
ipvsadm -at 10.0.0.100:80 -r192.168.1.3 -mx10
echo "rc=$?"
ipvsadm -Ln
echo "rc=$?"
