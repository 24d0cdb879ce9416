# desc: SCTP services with masq/route/tunnel dests: -L with names, -Ln, -S, -Sn, -L --sctp-service single service
ipvsadm -A --sctp-service 10.0.0.100:80 -s rr
echo "rc=$?"
ipvsadm -a --sctp-service 10.0.0.100:80 -r 10.0.0.2:8080 -m -w 2
echo "rc=$?"
ipvsadm -a --sctp-service 10.0.0.100:80 -r 10.0.0.3 -g
echo "rc=$?"
ipvsadm -a --sctp-service 10.0.0.100:80 -r 10.0.0.4 -i
echo "rc=$?"
ipvsadm -A --sctp-service 10.0.0.100:2905 -p 60
ipvsadm -a --sctp-service 10.0.0.100:2905 -r 10.0.0.2:2905 -m
ipvsadm -L
ipvsadm -Ln
ipvsadm -S
ipvsadm -Sn
ipvsadm -L --sctp-service 10.0.0.100:80
echo "rc=$?"
