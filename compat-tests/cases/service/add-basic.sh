# desc: -A for TCP, UDP and SCTP services with explicit and default schedulers
ipvsadm -A -t 10.0.0.100:80 -s rr
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:53
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.108:80 -s wrr
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:443 -s lc
echo "rc=$?"
ipvsadm -Ln
