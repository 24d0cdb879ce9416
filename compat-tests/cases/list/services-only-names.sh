# desc: non-numeric listing of services whose ports have names for tcp but not udp (8080/udp), and port 0 persistent services
ipvsadm -A -t 10.0.0.100:8080
ipvsadm -A -u 10.0.0.100:8080
ipvsadm -A -t 10.0.0.100 -p
ipvsadm -A -u 10.0.0.100:123
ipvsadm -A -t 127.0.0.1:22
ipvsadm -A -t 10.0.0.50:65000
ipvsadm -L
echo "rc=$?"
