# desc: -o with TCP and SCTP services is rejected locally (One-Packet Scheduling is only for UDP virtual services) even when the service is missing, and after other checks
ipvsadm -A -t 10.0.0.100:80 -o
echo "rc=$?"
ipvsadm -A -o -t [fd00::100]:80
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:80 --ops
echo "rc=$?"
ipvsadm -E -t 10.0.0.100:80 -o
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:0 -o
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:0 -o -p
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -o -s nosuch
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -o -b bogus
echo "rc=$?"
ipvsadm -Ln
