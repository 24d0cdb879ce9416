# desc: -o is only for UDP (and fwmark) services: TCP and SCTP rejected on -A and -E
ipvsadm -A -t 10.0.0.100:80 -o
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:80 -o
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:53 -o
echo "rc=$?"
ipvsadm -A -f 6 -o
echo "rc=$?"
ipvsadm -A -u [fd00::100]:53 --ops -p
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:81
ipvsadm -E -t 10.0.0.100:81 -o
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:82 -o -p 10
echo "rc=$?"
ipvsadm -Ln
