# desc: --sctp-service value forms and errors: --opt=value, missing port, bad port, digits only, duplicated with -t/-u, missing argument, zero port
ipvsadm -A --sctp-service=10.0.0.100:81
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:0 -p
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:65536
echo "rc=$?"
ipvsadm -A --sctp-service 12345
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:82 -t 10.0.0.100:82
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:82 --sctp-service 10.0.0.100:82
echo "rc=$?"
ipvsadm -A --sctp-service
echo "rc=$?"
ipvsadm -A --sctp-service [fd00::100]
echo "rc=$?"
ipvsadm -A --sctp-service nosuch.example:80
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
