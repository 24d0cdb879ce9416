# desc: SCTP service names: host names resolve, port names are looked up for sctp (most fail); dest port names follow the service protocol; listing names
ipvsadm -A --sctp-service vip.example:80
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:http
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:diameter
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:3868
echo "rc=$?"
ipvsadm -a --sctp-service vip.example:80 -r rs2.example:80 -m
echo "rc=$?"
ipvsadm -a --sctp-service vip.example:80 -r rs2.example:http -m
echo "rc=$?"
ipvsadm -a --sctp-service vip.example:80 -r 10.0.0.3:5060 -m
echo "rc=$?"
ipvsadm -a --sctp-service 10.0.0.100:3868 -r 10.0.0.3:3868 -m
echo "rc=$?"
ipvsadm -L
ipvsadm -S
