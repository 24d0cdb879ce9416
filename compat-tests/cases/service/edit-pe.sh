# desc: -E with and without --pe: the pe is replaced/dropped like every other service attribute
ipvsadm -A -t 10.0.0.100:80 -p 60 --pe sip
ipvsadm -E -t 10.0.0.100:80 -p 60
echo "rc=$?"
ipvsadm -Ln
ipvsadm -E -t 10.0.0.100:80 -p 90 --pe sip
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
