# desc: SCTP alongside TCP/UDP on the same address:port; -E, -e, -d, -Z, -D on the SCTP one; missing SCTP service errors
ipvsadm -A -t 10.0.0.100:80
ipvsadm -A -u 10.0.0.100:80
ipvsadm -A --sctp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm -a --sctp-service 10.0.0.100:80 -r 10.0.0.2 -g
ipvsadm -E --sctp-service 10.0.0.100:80 -s lc -p
echo "rc=$?"
ipvsadm -e --sctp-service 10.0.0.100:80 -r 10.0.0.2 -g -w 9
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Z --sctp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm -d --sctp-service 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -d --sctp-service 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -D --sctp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm -D --sctp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm -E --sctp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm -a --sctp-service 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -L --sctp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm -Ln
