# desc: SCTP services: v4/v6, persistence, dests, listed numerically and by name
ipvsadm -A --sctp-service 10.0.0.108:80
echo "rc=$?"
ipvsadm -A --sctp-service [fd00::108]:3868 -p 30
echo "rc=$?"
ipvsadm -A --sctp-service=10.0.0.2:80 -s rr
echo "rc=$?"
ipvsadm -a --sctp-service 10.0.0.108:80 -r 192.168.1.2 -m
echo "rc=$?"
ipvsadm -a --sctp-service 10.0.0.2:80 -r 10.0.0.2:9000 -m
echo "rc=$?"
ipvsadm -Ln
ipvsadm -L --sctp-service 10.0.0.2:80
echo "rc=$?"
