# desc: a service address made only of digits is rejected (illegal virtual server address), for -t -u --sctp-service -L -t
ipvsadm -A -t 12345
echo "rc=$?"
ipvsadm -A -u 80
echo "rc=$?"
ipvsadm -A --sctp-service 167772260
echo "rc=$?"
ipvsadm -L -t 0
echo "rc=$?"
