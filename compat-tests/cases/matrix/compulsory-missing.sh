# desc: missing compulsory options: service-address for -A/-E/-D/-a/-e/-d, real-server for -a/-e/-d
ipvsadm -A
echo "rc=$?"
ipvsadm -E
echo "rc=$?"
ipvsadm -D
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -a -r 10.0.0.2
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -d
echo "rc=$?"
ipvsadm -A -s rr -p
echo "rc=$?"
